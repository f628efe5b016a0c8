//! The Pix operations of the Rust client against the local sandbox over
//! real HTTP, both partnership models: keys, a dynamic charge paid from
//! outside (the sandbox's admin payer) and its received Pix, a static
//! charge, the BR Code lookup, and input refused before any request.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::json;
use stone_openbank::client::{Client, Credentials, Environment, Error};
use stone_openbank::models::{
    NewPixCharge, NewPixKey, NewPixPayment, NewPixRefund, NewStaticPixCharge, PixConfirmation,
    PixCustomer,
};
use stone_openbank::pix;
use stone_sandbox::domain::seed::{DEMO_CLIENT_ID, DEMO_OPENBANK_CLIENT_ID, DEMO_PRIVATE_KEY_PEM};
use stone_sandbox::{start, Config, Sandbox};

fn client_for(sandbox: &Sandbox, client_id: &str) -> Client {
    Client::builder(
        "stone-openbank-tests",
        Credentials::ClientKey {
            client_id: client_id.into(),
            key: stone_openbank::client::PrivateKey::from_pem(DEMO_PRIVATE_KEY_PEM).unwrap(),
        },
    )
    .environment(Environment::local(&sandbox.base_url()))
    .build()
    .unwrap()
}

/// Registers a random key for the account; the key.
async fn random_key(client: &Client, account_id: &str) -> String {
    client
        .create_pix_key(
            account_id,
            &NewPixKey {
                key_type: "random_key".into(),
                key: String::new(),
            },
            None,
        )
        .await
        .unwrap();
    client.pix_keys(account_id).await.unwrap().remove(0).key
}

async fn admin(sandbox: &Sandbox, path: &str, body: serde_json::Value) -> (u16, serde_json::Value) {
    let res = reqwest::Client::new()
        .post(format!("{}{path}", sandbox.base_url()))
        .json(&body)
        .send()
        .await
        .unwrap();
    // A 204 has no body.
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(serde_json::Value::Null))
}

const TXID: &str = "pedido42abcdefghijklmnopqrstu";

#[tokio::test]
async fn pix_story_in_both_models() {
    let sandbox = start(Config::default()).await.unwrap();
    for client_id in [DEMO_CLIENT_ID, DEMO_OPENBANK_CLIENT_ID] {
        let client = client_for(&sandbox, client_id);
        let account = client.accounts().await.unwrap().remove(0);
        let before = client.balance(&account.id).await.unwrap().balance;
        // A random key.
        let request = client
            .create_pix_key(
                &account.id,
                &NewPixKey {
                    key_type: "random_key".into(),
                    key: String::new(),
                },
                Some(&format!("key-{client_id}")),
            )
            .await
            .unwrap();
        // A retry with the same idempotency key is the same registration.
        let again = client
            .create_pix_key(
                &account.id,
                &NewPixKey {
                    key_type: "random_key".into(),
                    key: String::new(),
                },
                Some(&format!("key-{client_id}")),
            )
            .await
            .unwrap();
        assert_eq!(again.id, request.id);
        assert!(!request.id.is_empty());
        let keys = client.pix_keys(&account.id).await.unwrap();
        let key = keys
            .iter()
            .find(|k| k.key_type == "random_key")
            .unwrap()
            .clone();
        assert_eq!(
            client
                .pix_key(&account.id, &key.id)
                .await
                .unwrap()
                .events
                .len(),
            1
        );
        // The holder's name on the key changes (Beta); the same again is
        // refused as already updated.
        let update = stone_openbank::models::PixKeyUpdate {
            reason: "user_requested".into(),
            name: Some("Nome Social".into()),
            legal_name: None,
            branch_code: None,
            account_type: None,
        };
        client
            .update_pix_key(&account.id, &key.id, &update, None)
            .await
            .unwrap();
        let updated = client.pix_key(&account.id, &key.id).await.unwrap();
        assert_eq!(
            updated.beneficiary_entity.unwrap().name.as_deref(),
            Some("Nome Social")
        );
        match client
            .update_pix_key(&account.id, &key.id, &update, None)
            .await
        {
            Err(Error::Api(e)) => assert_eq!(e.kind, "srn:error:already_updated"),
            other => panic!("{other:?}"),
        }
        // A dynamic charge; a retry with the same key is the same charge.
        let new = NewPixCharge {
            account_id: account.id.clone(),
            key: key.key.clone(),
            transaction_id: TXID.into(),
            amount: Some(4_990),
            expiration: Some(3_600),
            request_for_payer: Some("Pedido 42".into()),
            customer: Some(PixCustomer {
                name: "Cliente".into(),
                document: "12345678909".into(),
            }),
            additional_data: vec![],
        };
        let charge = client
            .create_pix_charge(&new, Some("charge-42"))
            .await
            .unwrap();
        let again = client
            .create_pix_charge(&new, Some("charge-42"))
            .await
            .unwrap();
        assert_eq!(charge.id, again.id);
        assert_eq!(charge.status, "ACTIVE");
        let code = pix::parse(&charge.qr_code_content).unwrap();
        assert_eq!(code.amount_cents, Some(4_990));
        let lookup = client.lookup_brcode(&charge.qr_code_content).await.unwrap();
        assert_eq!(lookup.kind, "dynamic");
        assert_eq!(lookup.dynamic.as_ref().unwrap().amount, Some(4_990));
        // The payer pays from another bank.
        let (status, paid) = admin(
            &sandbox,
            "/admin/pix/inbound",
            json!({"brcode": charge.qr_code_content}),
        )
        .await;
        assert_eq!(status, 201, "{paid}");
        let inbound = client
            .inbound_pix(paid["id"].as_str().unwrap())
            .await
            .unwrap();
        assert_eq!(inbound.amount, 4_990);
        assert_eq!(inbound.pix_payment_invoice.as_ref().unwrap().id, charge.id);
        let charge = client.pix_charge(&charge.id).await.unwrap();
        assert_eq!(
            (charge.status.as_str(), charge.inbound_pix_payments.len()),
            ("PAID", 1)
        );
        assert_eq!(
            client.balance(&account.id).await.unwrap().balance,
            before + 4_990
        );
        // Cancelling a paid charge is refused by the API, typed.
        match client.cancel_pix_charge(&account.id, &charge.id).await {
            Err(Error::Api(e)) => {
                assert_eq!((e.status, e.kind.as_str()), (422, "srn:error:already_paid"))
            }
            other => panic!("{other:?}"),
        }
        // A second, unpaid charge is cancelled.
        let other = client
            .create_pix_charge(
                &NewPixCharge {
                    transaction_id: "outro42abcdefghijklmnopqrstu".into(),
                    ..new.clone()
                },
                None,
            )
            .await
            .unwrap();
        client
            .cancel_pix_charge(&account.id, &other.id)
            .await
            .unwrap();
        assert_eq!(
            client.pix_charge(&other.id).await.unwrap().status,
            "CANCELLED"
        );
        // A static charge reads back as static.
        let st = client
            .create_static_pix_charge(
                &NewStaticPixCharge {
                    account_id: account.id.clone(),
                    key: key.key.clone(),
                    transaction_id: "estatico42abcdefghijklmnopq".into(),
                    amount: Some(1_000),
                    additional_information: None,
                },
                None,
            )
            .await
            .unwrap();
        assert_eq!(
            client
                .static_pix_charge(&st.id)
                .await
                .unwrap()
                .qr_code_content,
            st.qr_code_content
        );
        let lookup = client.lookup_brcode(&st.qr_code_content).await.unwrap();
        assert_eq!(lookup.static_code.unwrap().amount, Some(1_000));
        // The key goes away.
        client.delete_pix_key(&account.id, &key.id).await.unwrap();
        assert!(client
            .pix_keys(&account.id)
            .await
            .unwrap()
            .iter()
            .all(|k| k.id != key.id));
    }
}

fn to_key(account_id: &str, key: &str, amount: Option<i64>) -> NewPixPayment {
    NewPixPayment {
        account_id: account_id.into(),
        amount,
        description: Some("Pix do teste".into()),
        key: Some(key.into()),
        transaction_id: None,
        scheduled_to: None,
        target: None,
    }
}

/// Sending Pix: an own account's confirmation sends at once (and a retry
/// of it sends nothing more); a platform's waits for the owner, who
/// approves it in a batch as `pix_payment`.
#[tokio::test]
async fn pix_payments_in_both_models() {
    let sandbox = start(Config::default()).await.unwrap();
    let own = client_for(&sandbox, DEMO_CLIENT_ID);
    let platform = client_for(&sandbox, DEMO_OPENBANK_CLIENT_ID);
    let account = own.accounts().await.unwrap().remove(0);
    let before = own.balance(&account.id).await.unwrap().balance;
    // A key at another bank, written as a person would (spaces, no +55).
    let created = own
        .create_pix_payment(
            &to_key(&account.id, "+55 21 98804-0465", None),
            Some("send-1"),
        )
        .await
        .unwrap();
    assert_eq!(
        (created.status.as_str(), created.key.as_deref()),
        ("CREATED", Some("+5521988040465"))
    );
    assert!(created.target.as_ref().unwrap().account.is_none());
    let confirmation = PixConfirmation {
        amount: Some(1_250),
        ..PixConfirmation::default()
    };
    own.confirm_pix_payment(&created.id, &confirmation, Some("confirm-1"))
        .await
        .unwrap();
    // The same confirmation retried (same key): answered again, not resent.
    own.confirm_pix_payment(&created.id, &confirmation, Some("confirm-1"))
        .await
        .unwrap();
    let sent = own.pix_payment(&created.id).await.unwrap();
    assert_eq!((sent.status.as_str(), sent.amount), ("SETTLED", 1_250));
    assert!(sent.settled_at.is_some() && sent.approved_at.is_some());
    assert_eq!(
        own.balance(&account.id).await.unwrap().balance,
        before - 1_250
    );
    // A platform's Pix waits for the owner.
    let user_account = platform
        .accounts()
        .await
        .unwrap()
        .into_iter()
        .find(|a| a.id != account.id)
        .unwrap();
    let user_before = platform.balance(&user_account.id).await.unwrap().balance;
    let waiting = platform
        .create_pix_payment(
            &to_key(&user_account.id, "gabriela.abreu@example.com", Some(300)),
            None,
        )
        .await
        .unwrap();
    platform
        .confirm_pix_payment(&waiting.id, &PixConfirmation::default(), None)
        .await
        .unwrap();
    let shown = platform.pix_payment(&waiting.id).await.unwrap();
    assert_eq!(shown.status, "CONFIRMED");
    assert!(shown.approved_at.is_none());
    let (status, body) = admin(
        &sandbox,
        &format!("/admin/accounts/{}/operations/actions/approve", user_account.id),
        json!({"action": "approve_only", "operations": [{"id": waiting.id, "type": "pix_payment"}]}),
    )
    .await;
    assert_eq!(
        (status, body["number_of_approvals"].as_i64()),
        (202, Some(1))
    );
    assert_eq!(
        platform.pix_payment(&waiting.id).await.unwrap().status,
        "SETTLED"
    );
    assert_eq!(
        platform.balance(&user_account.id).await.unwrap().balance,
        user_before - 300
    );
    // The payee refunds part of it; the platform's refund waits for the
    // owner, and the money returns to the paying account.
    let inbound = sandbox
        .app
        .store
        .lock()
        .pix_inbound
        .iter()
        .find(|p| p.end_to_end_id == sent.end_to_end_id.clone().unwrap_or_default())
        .map(|p| p.id.clone());
    assert!(inbound.is_none(), "a Pix to another bank lands outside");
    let key = platform
        .pix_keys(&user_account.id)
        .await
        .unwrap()
        .into_iter()
        .find(|k| k.key_status == "active");
    let key = match key {
        Some(k) => k.key,
        None => {
            platform
                .create_pix_key(
                    &user_account.id,
                    &NewPixKey {
                        key_type: "random_key".into(),
                        key: String::new(),
                    },
                    None,
                )
                .await
                .unwrap();
            platform.pix_keys(&user_account.id).await.unwrap()[0]
                .key
                .clone()
        }
    };
    let to_user = own
        .create_pix_payment(&to_key(&account.id, &key, Some(800)), None)
        .await
        .unwrap();
    own.confirm_pix_payment(&to_user.id, &PixConfirmation::default(), None)
        .await
        .unwrap();
    let landed = sandbox
        .app
        .store
        .lock()
        .pix_inbound
        .iter()
        .find(|p| Some(&p.end_to_end_id) == to_user.end_to_end_id.as_ref())
        .map(|p| p.id.clone())
        .unwrap();
    let payer_before = own.balance(&account.id).await.unwrap().balance;
    let refund = platform
        .refund_inbound_pix(
            &NewPixRefund {
                inbound_pix_payment_id: landed.clone(),
                amount: 300,
                reason: "beneficiary_request".into(),
            },
            Some("refund-1"),
        )
        .await
        .unwrap();
    assert_eq!(refund.status, "PENDING");
    let (status, _) = admin(
        &sandbox,
        &format!(
            "/admin/refunds_for_inbound_pix_payments/{}/approve",
            refund.id
        ),
        json!({}),
    )
    .await;
    assert_eq!(status, 204);
    assert_eq!(
        own.balance(&account.id).await.unwrap().balance,
        payer_before + 300
    );
    assert_eq!(
        platform.inbound_pix(&landed).await.unwrap().refunded_amount,
        300
    );
    assert_eq!(
        own.pix_payment(&to_user.id).await.unwrap().refunded_amount,
        300
    );
    // The unified list: what the own account sent, received and refunded.
    let activity = own
        .pix_activity(&account.id)
        .page_size(2)
        .collect_all()
        .await
        .unwrap();
    assert!(activity
        .iter()
        .any(|a| a.kind == "outbound_pix_payment" && a.id == created.id));
    match platform.pix_activity(&user_account.id).collect_all().await {
        Err(Error::Api(e)) => assert_eq!(e.kind, "srn:error:not_indirect_participant"),
        other => panic!("{other:?}"),
    }
    // Stone's refusals arrive typed.
    match own
        .create_pix_payment(&to_key(&account.id, "ninguem@example.com", Some(1)), None)
        .await
    {
        Err(Error::Api(e)) => assert_eq!(
            (e.status, e.kind.as_str()),
            (422, "srn:error:key_not_found")
        ),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn bad_input_is_refused_before_any_request() {
    let sandbox = start(Config::default()).await.unwrap();
    let client = client_for(&sandbox, DEMO_CLIENT_ID);
    let invalid = |r: Result<_, Error>| match r {
        Err(Error::InvalidInput { field, .. }) => field,
        other => panic!("{other:?}"),
    };
    let key = |t: &str, k: &str| NewPixKey {
        key_type: t.into(),
        key: k.into(),
    };
    assert_eq!(
        invalid(
            client
                .create_pix_key("acc", &key("cpf", "123"), None)
                .await
                .map(|_| ())
        ),
        "key"
    );
    assert_eq!(
        invalid(
            client
                .create_pix_key("acc", &key("phone", "12345678909"), None)
                .await
                .map(|_| ())
        ),
        "key"
    );
    assert_eq!(
        invalid(
            client
                .create_pix_key("acc", &key("iban", "x"), None)
                .await
                .map(|_| ())
        ),
        "key_type"
    );
    let charge = NewPixCharge {
        account_id: "acc".into(),
        key: "k".into(),
        transaction_id: "short".into(),
        amount: None,
        expiration: None,
        request_for_payer: None,
        customer: None,
        additional_data: vec![],
    };
    assert_eq!(
        invalid(client.create_pix_charge(&charge, None).await.map(|_| ())),
        "transaction_id"
    );
    let charge = NewPixCharge {
        transaction_id: TXID.into(),
        amount: Some(-1),
        ..charge
    };
    assert_eq!(
        invalid(client.create_pix_charge(&charge, None).await.map(|_| ())),
        "amount"
    );
    assert_eq!(
        invalid(client.lookup_brcode("000201").await.map(|_| ())),
        "brcode"
    );
    assert_eq!(invalid(client.pix_charge("../x").await.map(|_| ())), "id");
    let pay = to_key("acc", "not a key", Some(1));
    assert_eq!(
        invalid(client.create_pix_payment(&pay, None).await.map(|_| ())),
        "key"
    );
    let pay = to_key("acc", "+5521988040465", Some(1_000_000_000_000));
    assert_eq!(
        invalid(client.create_pix_payment(&pay, None).await.map(|_| ())),
        "amount"
    );
    let refund = NewPixRefund {
        inbound_pix_payment_id: "p".into(),
        amount: 1,
        reason: "mudei de ideia".into(),
    };
    assert_eq!(
        invalid(client.refund_inbound_pix(&refund, None).await.map(|_| ())),
        "reason"
    );
    let pay = NewPixPayment {
        key: None,
        ..to_key("acc", "x", Some(1))
    };
    assert_eq!(
        invalid(client.create_pix_payment(&pay, None).await.map(|_| ())),
        "key"
    );
}

/// A charge with a due date: the terms checked locally, the amounts Stone
/// computes for a date equal to the core's own, paid, cancelled.
#[tokio::test]
async fn due_date_charges_agree_with_the_core() {
    use stone_openbank::models::{
        AdjustmentType, InterestPeriod, NewDuePixCharge, PixAdjustment, PixInterest, PixRate,
    };
    let sandbox = start(Config::default()).await.unwrap();
    let client = client_for(&sandbox, DEMO_CLIENT_ID);
    let account = client.accounts().await.unwrap().remove(0);
    let key = random_key(&client, &account.id).await;
    let today = stone_sandbox::domain::clock::Now::of(&sandbox.app.clock).today;
    let new = |txid: &str| NewDuePixCharge {
        account_id: account.id.clone(),
        key: key.clone(),
        transaction_id: txid.into(),
        amount: 25_000,
        expiration_date: today + time::Duration::days(5),
        customer: PixCustomer {
            name: "Cliente".into(),
            document: "12345678909".into(),
        },
        payment_limit_period_days: Some(10),
        only_business_days: false,
        discount: None,
        fine: Some(PixAdjustment {
            kind: AdjustmentType::Proportional,
            fixed_value: None,
            proportional_value: Some(PixRate {
                coefficient: 2,
                exponent: -2,
            }),
        }),
        interest: Some(PixInterest {
            kind: AdjustmentType::Fixed,
            period: InterestPeriod::Day,
            fixed_value: Some(15),
            proportional_value: None,
        }),
        reduction: None,
        request_for_payer: Some("Aluguel".into()),
        additional_data: vec![],
    };
    let charge = client
        .create_due_pix_charge(&new("aluguel42abcdefghijklmnopqrstu"), None)
        .await
        .unwrap();
    assert_eq!(charge.status, "ACTIVE");
    for days in [0, 5, 8, 15] {
        let date = today + time::Duration::days(days);
        let stone = client
            .due_pix_amounts(&charge.id, &stone_openbank::barcode::iso_date(date))
            .await
            .unwrap();
        assert_eq!(stone, charge.amounts_on(date).unwrap(), "day +{days}");
    }
    assert_eq!(
        charge
            .amounts_on(today + time::Duration::days(8))
            .unwrap()
            .final_amount,
        25_000 + 500 + 45
    );
    let (status, paid) = admin(
        &sandbox,
        "/admin/pix/inbound",
        json!({"brcode": charge.qr_code_content}),
    )
    .await;
    assert_eq!((status, paid["amount"].as_i64()), (201, Some(25_000)));
    let other = client
        .create_due_pix_charge(&new("aluguel43abcdefghijklmnopqrstu"), None)
        .await
        .unwrap();
    client
        .cancel_due_pix_charge(&account.id, &other.id)
        .await
        .unwrap();
    // Terms that cannot be computed never leave the machine.
    let mut bad = new("aluguel44abcdefghijklmnopqrstu");
    bad.fine = Some(PixAdjustment {
        kind: AdjustmentType::Proportional,
        fixed_value: Some(100),
        proportional_value: None,
    });
    match client.create_due_pix_charge(&bad, None).await {
        Err(Error::InvalidInput { field, .. }) => assert_eq!(field, "fine"),
        other => panic!("{other:?}"),
    }
    match client.due_pix_amounts(&charge.id, "amanhã").await {
        Err(Error::InvalidInput { field, .. }) => assert_eq!(field, "payment_date"),
        other => panic!("{other:?}"),
    }
}

/// A key held at another bank: the registration fails, the claim moves it.
#[tokio::test]
async fn a_key_held_elsewhere_is_claimed() {
    let sandbox = start(Config::default()).await.unwrap();
    let client = client_for(&sandbox, DEMO_CLIENT_ID);
    let (_, bakery) = admin(
        &sandbox,
        "/admin/accounts",
        json!({"owner_name": "Padaria Pão Quente", "owner_document": "11444777000161",
            "balance": 0, "operators": [DEMO_CLIENT_ID]}),
    )
    .await;
    let bakery = bakery["id"].as_str().unwrap();
    let request = client
        .create_pix_key(
            bakery,
            &NewPixKey {
                key_type: "cnpj".into(),
                key: "11.444.777/0001-61".into(),
            },
            None,
        )
        .await
        .unwrap();
    assert_eq!(
        client
            .pix_key(bakery, &request.id)
            .await
            .unwrap()
            .key_status,
        "failed"
    );
    let claim = client
        .create_pix_claim(bakery, &request.id, Some("claim-1"))
        .await
        .unwrap();
    assert_eq!(claim.claim_type, "portability");
    let again = client
        .create_pix_claim(bakery, &request.id, Some("claim-1"))
        .await
        .unwrap();
    assert_eq!(again.id, claim.id, "a retry is the same claim");
    assert_eq!(
        client.pix_claim(bakery, &claim.id).await.unwrap().status,
        "waiting_resolution"
    );
    match client.complete_pix_claim(bakery, &claim.id).await {
        Err(Error::Api(e)) => assert_eq!(e.kind, "srn:error:wrong_status"),
        other => panic!("{other:?}"),
    }
    let (status, _) = admin(
        &sandbox,
        &format!("/admin/pix/entry_claims/{}/confirm", claim.id),
        json!({}),
    )
    .await;
    assert_eq!(status, 204);
    client.complete_pix_claim(bakery, &claim.id).await.unwrap();
    let keys = client.pix_keys(bakery).await.unwrap();
    assert_eq!(keys[0].key, "11444777000161");
    // Someone else's phone key: an ownership claim, given up.
    let account = client.accounts().await.unwrap().remove(0);
    let phone = client
        .create_pix_key(
            &account.id,
            &NewPixKey {
                key_type: "phone".into(),
                key: "+5521988040465".into(),
            },
            None,
        )
        .await
        .unwrap();
    let claim = client
        .create_pix_claim(&account.id, &phone.id, None)
        .await
        .unwrap();
    assert_eq!(claim.claim_type, "ownership");
    client
        .cancel_pix_claim(&account.id, &claim.id)
        .await
        .unwrap();
    let claims = client.pix_claims(&account.id).await.unwrap();
    assert_eq!((claims.len(), claims[0].status.as_str()), (1, "cancelled"));
}

/// The BCB's standard API through the client: a cob, paid, its Pix by
/// end-to-end id, a devolução once per id; amounts in centavos.
#[tokio::test]
async fn the_bcb_api_in_centavos() {
    use stone_openbank::models::NewCob;
    let sandbox = start(Config::default()).await.unwrap();
    let client = client_for(&sandbox, DEMO_CLIENT_ID);
    let account = client.accounts().await.unwrap().remove(0);
    let key = random_key(&client, &account.id).await;
    let new = NewCob {
        chave: key,
        original: 3_700,
        expiracao: Some(3_600),
        devedor_nome: Some("Empresa SA".into()),
        devedor_documento: Some("11.444.777/0001-61".into()),
        solicitacao_pagador: Some("Serviço realizado.".into()),
    };
    let txid = "clientcob42abcdefghijklmnopqrs";
    let cob = client
        .create_cob(&account.id, Some(txid), &new)
        .await
        .unwrap();
    assert_eq!(
        (cob.status.as_str(), cob.valor.original),
        ("ATIVA", Some(3_700))
    );
    let (status, paid) = admin(
        &sandbox,
        "/admin/pix/inbound",
        json!({"brcode": cob.qr_code_copia_cola}),
    )
    .await;
    assert_eq!(status, 201);
    let e2e = paid["end_to_end_id"].as_str().unwrap();
    let cob = client.cob(&account.id, txid).await.unwrap();
    assert_eq!((cob.status.as_str(), cob.pix.len()), ("CONCLUIDA", 1));
    let pix = client.received_pix(&account.id, e2e).await.unwrap();
    assert_eq!((pix.valor, pix.txid.as_deref()), (3_700, Some(txid)));
    let dev = client
        .create_devolucao(&account.id, e2e, "dev1", 700)
        .await
        .unwrap();
    assert_eq!((dev.status.as_str(), dev.valor), ("DEVOLVIDO", 700));
    let again = client
        .create_devolucao(&account.id, e2e, "dev1", 700)
        .await
        .unwrap();
    assert_eq!(again.rtr_id, dev.rtr_id, "the same id is the same refund");
    assert_eq!(
        client
            .devolucao(&account.id, e2e, "dev1")
            .await
            .unwrap()
            .valor,
        700
    );
    let other = client.create_cob(&account.id, None, &new).await.unwrap();
    let removed = client.remove_cob(&account.id, &other.txid).await.unwrap();
    assert_eq!(removed.status, "REMOVIDA_PELO_USUARIO_RECEBEDOR");
    // Refused before any request.
    match client.create_cob(&account.id, Some("curto"), &new).await {
        Err(Error::InvalidInput { field, .. }) => assert_eq!(field, "txid"),
        other => panic!("{other:?}"),
    }
    match client.received_pix(&account.id, "E123").await {
        Err(Error::InvalidInput { field, .. }) => assert_eq!(field, "end_to_end_id"),
        other => panic!("{other:?}"),
    }
    // Stone's refusal arrives typed, in the BCB's words.
    match client
        .cob(&account.id, "naoexiste42abcdefghijklmnopqr")
        .await
    {
        Err(Error::Api(e)) => {
            assert_eq!(e.status, 404);
            assert_eq!(e.kind, "https://pix.bcb.gov.br/api/v2/error/NaoEncontrado");
        }
        other => panic!("{other:?}"),
    }
}

/// The BCB's cobv, loc and lotecobv through the client: terms in
/// hundredths, the same charge Stone's due-date amounts are computed for.
#[tokio::test]
async fn bcb_cobv_loc_and_lots_through_the_client() {
    use stone_openbank::models::{
        CobvDateDiscount, CobvDiscount, CobvTerm, CobvValor, NewCobv, NewCobvInLot,
    };
    let sandbox = start(Config::default()).await.unwrap();
    let client = client_for(&sandbox, DEMO_CLIENT_ID);
    let account = client.accounts().await.unwrap().remove(0);
    let key = random_key(&client, &account.id).await;
    let today = stone_sandbox::domain::clock::Now::of(&sandbox.app.clock).today;
    let day = |n: i64| stone_openbank::barcode::iso_date(today + time::Duration::days(n));
    let loc = client
        .create_pix_location(&account.id, "cobv")
        .await
        .unwrap();
    let new = NewCobv {
        chave: key,
        valor: CobvValor {
            original: 12_345,
            multa: Some(CobvTerm {
                modalidade: 2,
                valor_perc: Some(1_500),
            }),
            juros: Some(CobvTerm {
                modalidade: 2,
                valor_perc: Some(200),
            }),
            abatimento: None,
            desconto: Some(CobvDiscount {
                modalidade: 1,
                valor_perc: None,
                desconto_data_fixa: vec![CobvDateDiscount {
                    data: day(5),
                    valor_perc: 3_000,
                }],
            }),
        },
        data_de_vencimento: day(10),
        validade_apos_vencimento: Some(30),
        devedor_nome: "Francisco da Silva".into(),
        devedor_documento: "123.456.789-09".into(),
        solicitacao_pagador: None,
        loc_id: Some(loc.id),
    };
    let txid = "clientcobv42abcdefghijklmnopqr";
    let cobv = client.create_cobv(&account.id, txid, &new).await.unwrap();
    assert_eq!(cobv.valor.multa, new.valor.multa);
    assert_eq!(cobv.valor.juros, new.valor.juros);
    assert_eq!(
        cobv.valor.desconto.as_ref().unwrap().desconto_data_fixa[0].valor_perc,
        3_000
    );
    assert_eq!(cobv.location.as_deref(), Some(loc.location.as_str()));
    assert_eq!(
        client
            .pix_location(&account.id, loc.id)
            .await
            .unwrap()
            .txid
            .as_deref(),
        Some(txid)
    );
    // Stone's due-date amounts of the same charge: 15 % fine, 2 %/day for 3 days.
    let charge_id = {
        let store = sandbox.app.store.lock();
        store
            .pix_charges
            .iter()
            .find(|c| c.transaction_id == txid)
            .unwrap()
            .id
            .clone()
    };
    let late = client.due_pix_amounts(&charge_id, &day(13)).await.unwrap();
    assert_eq!(
        (late.fine, late.interest, late.final_amount),
        (1_852, 741, 14_938)
    );
    assert_eq!(
        client.cobv(&account.id, txid).await.unwrap().status,
        "ATIVA"
    );
    // A batch: one created, one refused by the sandbox; then a removal.
    let mut refused = new.clone();
    refused.loc_id = Some(loc.id);
    let mut created = new.clone();
    created.loc_id = None;
    client
        .create_cobv_lot(
            &account.id,
            "lote1",
            "Alunos",
            &[
                NewCobvInLot {
                    txid: "clientlote42abcdefghijklmnopqr".into(),
                    cobv: created,
                },
                NewCobvInLot {
                    txid: "clientlote43abcdefghijklmnopqr".into(),
                    cobv: refused,
                },
            ],
        )
        .await
        .unwrap();
    let lot = client.cobv_lot(&account.id, "lote1").await.unwrap();
    let statuses: Vec<&str> = lot.cobsv.iter().map(|c| c.status.as_str()).collect();
    assert_eq!(
        statuses,
        ["CRIADA", "NEGADA"],
        "the location already serves a charge"
    );
    let removed = client
        .remove_cobv(&account.id, "clientlote42abcdefghijklmnopqr")
        .await
        .unwrap();
    assert_eq!(removed.status, "REMOVIDA_PELO_USUARIO_RECEBEDOR");
    assert_eq!(
        client
            .unlink_pix_location(&account.id, loc.id)
            .await
            .unwrap()
            .txid,
        None
    );
    // Refused before any request.
    let mut bad = new.clone();
    bad.valor.juros = Some(CobvTerm {
        modalidade: 9,
        valor_perc: Some(1),
    });
    match client
        .create_cobv(&account.id, "clientcobv43abcdefghijklmnopqr", &bad)
        .await
    {
        Err(Error::InvalidInput { field, .. }) => assert_eq!(field, "juros"),
        other => panic!("{other:?}"),
    }
}

/// Claims of this account's keys by other institutions: the donor answers.
#[tokio::test]
async fn claims_of_our_keys_are_answered() {
    let sandbox = start(Config::default()).await.unwrap();
    let client = client_for(&sandbox, DEMO_CLIENT_ID);
    let account = client.accounts().await.unwrap().remove(0);
    for (key, answer) in [
        ("financeiro@demo.com.br", "approve"),
        ("+5511912345678", "reject"),
    ] {
        let key_type = if key.contains('@') { "email" } else { "phone" };
        client
            .create_pix_key(
                &account.id,
                &NewPixKey {
                    key_type: key_type.into(),
                    key: key.into(),
                },
                None,
            )
            .await
            .unwrap();
        let (status, claim) = admin(&sandbox, "/admin/pix/entry_claims", json!({"key": key})).await;
        assert_eq!(status, 201, "{claim}");
        let id = claim["id"].as_str().unwrap();
        let listed = client.pix_claims(&account.id).await.unwrap();
        let mine = listed.iter().find(|c| c.id == id).unwrap();
        assert_eq!(
            (mine.direction.as_deref(), mine.status.as_str()),
            (Some("inbound"), "waiting_resolution")
        );
        match client.complete_pix_claim(&account.id, id).await {
            Err(Error::Api(e)) => assert_eq!(e.kind, "srn:error:wrong_status"),
            other => panic!("{other:?}"),
        }
        if answer == "approve" {
            client.approve_pix_claim(&account.id, id).await.unwrap();
        } else {
            client.reject_pix_claim(&account.id, id).await.unwrap();
        }
        let still_ours = client
            .pix_keys(&account.id)
            .await
            .unwrap()
            .iter()
            .any(|k| k.key == key);
        assert_eq!(still_ours, answer == "reject", "{key}");
    }
}

/// The BCB's lists walk their numbered pages like Stone's cursors; charges
/// are revised one by one or in a batch; a static charge's text changes
/// and its BR Code with it.
#[tokio::test]
async fn bcb_lists_revisions_and_static_updates() {
    use stone_openbank::models::{
        BcbListFilter, CobRevision, CobvLotRevision, CobvTerm, CobvValor, NewCob, NewCobv,
        NewCobvInLot, NewStaticPixCharge,
    };
    let sandbox = start(Config::default()).await.unwrap();
    let client = client_for(&sandbox, DEMO_CLIENT_ID);
    let account = client.accounts().await.unwrap().remove(0);
    let key = random_key(&client, &account.id).await;
    let period = |status: Option<&str>, txid: Option<&str>| BcbListFilter {
        inicio: "2000-01-01T00:00:00Z".into(),
        fim: "2100-01-01T00:00:00-03:00".into(),
        status: status.map(str::to_owned),
        txid: txid.map(str::to_owned),
    };
    // Five cobs, walked two per page: three requests, every one seen once.
    let mut made = Vec::new();
    for n in 0..5 {
        let cob = NewCob {
            chave: key.clone(),
            original: 100 + n,
            expiracao: None,
            devedor_nome: None,
            devedor_documento: None,
            solicitacao_pagador: None,
        };
        made.push(client.create_cob(&account.id, None, &cob).await.unwrap());
    }
    let mut pages = client.cobs(&account.id, &period(None, None)).page_size(2);
    let mut seen = Vec::new();
    let mut requests = 0;
    while let Some(page) = pages.next_page().await {
        let page = page.unwrap();
        assert!(page.len() <= 2);
        seen.extend(page.into_iter().map(|c| c.txid));
        requests += 1;
    }
    assert_eq!(requests, 3);
    seen.sort();
    let mut expected: Vec<String> = made.iter().map(|c| c.txid.clone()).collect();
    expected.sort();
    assert_eq!(seen, expected);
    // One is paid: the status filter tells them apart; the received Pix
    // list finds its Pix by txid.
    let (status, paid) = admin(
        &sandbox,
        "/admin/pix/inbound",
        json!({"brcode": made[0].qr_code_copia_cola}),
    )
    .await;
    assert_eq!(status, 201);
    let done = client
        .cobs(&account.id, &period(Some("CONCLUIDA"), None))
        .collect_all()
        .await
        .unwrap();
    assert_eq!(done.len(), 1);
    assert_eq!(done[0].txid, made[0].txid);
    let active = client
        .cobs(&account.id, &period(Some("ATIVA"), None))
        .collect_all()
        .await
        .unwrap();
    assert_eq!(active.len(), 4);
    let received = client
        .received_pix_list(&account.id, &period(None, Some(&made[0].txid)))
        .collect_all()
        .await
        .unwrap();
    assert_eq!(received.len(), 1);
    assert_eq!(
        received[0].end_to_end_id,
        paid["end_to_end_id"].as_str().unwrap()
    );
    // Revisions: the text for the payer, then the removal.
    let revised = client
        .revise_cob(
            &account.id,
            &made[1].txid,
            &CobRevision {
                solicitacao_pagador: Some("Pedido 42".into()),
                remove: false,
            },
        )
        .await
        .unwrap();
    assert_eq!(
        (revised.solicitacao_pagador.as_deref(), revised.revisao),
        (Some("Pedido 42"), made[1].revisao + 1)
    );
    match client
        .revise_cob(&account.id, &made[1].txid, &CobRevision::default())
        .await
    {
        Err(Error::InvalidInput { field, .. }) => assert_eq!(field, "revision"),
        other => panic!("{other:?}"),
    }
    // cobv, a location and a batch, listed; the batch revised.
    let today = stone_sandbox::domain::clock::Now::of(&sandbox.app.clock).today;
    let due = stone_openbank::barcode::iso_date(today + time::Duration::days(10));
    let cobv = NewCobv {
        chave: key.clone(),
        valor: CobvValor {
            original: 5_000,
            multa: Some(CobvTerm {
                modalidade: 2,
                valor_perc: Some(200),
            }),
            juros: None,
            abatimento: None,
            desconto: None,
        },
        data_de_vencimento: due,
        validade_apos_vencimento: Some(30),
        devedor_nome: "Francisco da Silva".into(),
        devedor_documento: "12345678909".into(),
        solicitacao_pagador: None,
        loc_id: None,
    };
    let loc = client
        .create_pix_location(&account.id, "cobv")
        .await
        .unwrap();
    let txids = [
        "listlote42abcdefghijklmnopqrs",
        "listlote43abcdefghijklmnopqrs",
    ];
    let items: Vec<NewCobvInLot> = txids
        .iter()
        .map(|t| NewCobvInLot {
            txid: (*t).into(),
            cobv: cobv.clone(),
        })
        .collect();
    client
        .create_cobv_lot(&account.id, "listlote1", "Turma B", &items)
        .await
        .unwrap();
    let cobvs = client
        .cobvs(&account.id, &period(Some("ATIVA"), None))
        .collect_all()
        .await
        .unwrap();
    assert_eq!(cobvs.len(), 2);
    let locs = client
        .pix_locations(&account.id, &period(None, None))
        .collect_all()
        .await
        .unwrap();
    assert!(locs.iter().any(|l| l.id == loc.id));
    let lots = client
        .cobv_lots(&account.id, &period(None, None))
        .collect_all()
        .await
        .unwrap();
    assert_eq!(lots.len(), 1);
    assert_eq!(lots[0].descricao, "Turma B");
    client
        .revise_cobv_lot(
            &account.id,
            "listlote1",
            &[
                CobvLotRevision {
                    txid: txids[0].into(),
                    revision: CobRevision {
                        solicitacao_pagador: None,
                        remove: true,
                    },
                },
                CobvLotRevision {
                    txid: txids[1].into(),
                    revision: CobRevision {
                        solicitacao_pagador: Some("Mensalidade".into()),
                        remove: false,
                    },
                },
            ],
        )
        .await
        .unwrap();
    let first = client.cobv(&account.id, txids[0]).await.unwrap();
    let second = client.cobv(&account.id, txids[1]).await.unwrap();
    assert_eq!(first.status, "REMOVIDA_PELO_USUARIO_RECEBEDOR");
    assert_eq!(
        (
            second.status.as_str(),
            second.solicitacao_pagador.as_deref()
        ),
        ("ATIVA", Some("Mensalidade"))
    );
    let revised = client
        .revise_cobv(
            &account.id,
            txids[1],
            &CobRevision {
                solicitacao_pagador: Some("Mensalidade de dezembro".into()),
                remove: false,
            },
        )
        .await
        .unwrap();
    assert_eq!(revised.revisao, second.revisao + 1);
    // Filters a list does not take, and bad periods, are refused here.
    for (filter, field) in [
        (period(Some("ATIVA"), None), "status"),
        (period(None, Some("abc")), "txid"),
        (
            BcbListFilter {
                inicio: "ontem".into(),
                ..period(None, None)
            },
            "inicio",
        ),
        (
            BcbListFilter {
                inicio: "2100-01-02T00:00:00Z".into(),
                ..period(None, None)
            },
            "fim",
        ),
    ] {
        match client
            .pix_locations(&account.id, &filter)
            .collect_all()
            .await
        {
            Err(Error::InvalidInput { field: f, .. }) => assert_eq!(f, field),
            other => panic!("{other:?}"),
        }
    }
    // A static charge's text changes, and the BR Code says it.
    let st = client
        .create_static_pix_charge(
            &NewStaticPixCharge {
                account_id: account.id.clone(),
                key: key.clone(),
                transaction_id: "estatico43abcdefghijklmnopq".into(),
                amount: Some(1_500),
                additional_information: Some("Loja".into()),
            },
            None,
        )
        .await
        .unwrap();
    let updated = client
        .update_static_pix_charge(&st.id, "Loja do centro", Some("static-update-1"))
        .await
        .unwrap();
    assert_eq!(
        updated.additional_information.as_deref(),
        Some("Loja do centro")
    );
    assert_ne!(updated.qr_code_content, st.qr_code_content);
    let code = stone_openbank::pix::parse(&updated.qr_code_content).unwrap();
    assert_eq!(
        (code.description.as_deref(), code.amount_cents),
        (Some("Loja do centro"), Some(1_500))
    );
    // The key went with it: the same key for another text is a conflict.
    match client
        .update_static_pix_charge(&st.id, "Outra loja", Some("static-update-1"))
        .await
    {
        Err(Error::Api(e)) => assert_eq!(e.status, 409),
        other => panic!("{other:?}"),
    }
    match client.update_static_pix_charge(&st.id, " ", None).await {
        Err(Error::InvalidInput { field, .. }) => assert_eq!(field, "additional_information"),
        other => panic!("{other:?}"),
    }
}

/// Infraction reports (MED): the payer's bank reports a Pix the account
/// received; the account lists the reports by filter and closes one within
/// its 7 days, once; a report of a Pix older than 80 days is refused.
#[tokio::test]
async fn infraction_reports_are_listed_and_closed_once() {
    use stone_openbank::models::PixInfractionFilter;
    let sandbox = start(Config::default()).await.unwrap();
    let client = client_for(&sandbox, DEMO_CLIENT_ID);
    let account = client.accounts().await.unwrap().remove(0);
    let key = random_key(&client, &account.id).await;
    let mut e2e = Vec::new();
    for amount in [500, 700] {
        let (status, paid) = admin(
            &sandbox,
            "/admin/pix/inbound",
            json!({"key": key, "amount": amount, "payer": {"name": "Ana", "document": "12345678909", "ispb": "60701190"}}),
        )
        .await;
        assert_eq!(status, 201, "{paid}");
        e2e.push(paid["end_to_end_id"].as_str().unwrap().to_owned());
    }
    for (id, kind) in [(&e2e[0], "fraud"), (&e2e[1], "request_refund")] {
        let (status, report) = admin(
            &sandbox,
            "/admin/pix/infraction_reports",
            json!({"end_to_end_id": id, "type": kind, "report_details": "Foi uma fraude"}),
        )
        .await;
        assert_eq!(status, 201, "{report}");
    }
    let all = client
        .pix_infraction_reports(&account.id, &PixInfractionFilter::default())
        .await
        .unwrap();
    assert_eq!(all.len(), 2);
    assert!(all.iter().all(|r| r.status == "pending"
        && r.direction == "inbound"
        && r.debited_participant == "60701190"));
    let fraud = client
        .pix_infraction_reports(
            &account.id,
            &PixInfractionFilter {
                report_type: Some("fraud".into()),
                ..PixInfractionFilter::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(fraud.len(), 1);
    assert_eq!(fraud[0].end_to_end_id.as_deref(), Some(e2e[0].as_str()));
    let first = client
        .pix_infraction_reports(
            &account.id,
            &PixInfractionFilter {
                ascending: true,
                limit: Some(1),
                ..PixInfractionFilter::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(first.len(), 1);
    // Closed once, accepted; the second answer is a typed refusal.
    client
        .close_pix_infraction_report(&account.id, &fraud[0].id, "accepted", Some("Confirmada"))
        .await
        .unwrap();
    match client
        .close_pix_infraction_report(&account.id, &fraud[0].id, "rejected", None)
        .await
    {
        Err(Error::Api(e)) => assert_eq!(e.status, 422),
        other => panic!("{other:?}"),
    }
    let closed = client
        .pix_infraction_reports(
            &account.id,
            &PixInfractionFilter {
                analysis_result: Some("accepted".into()),
                ..PixInfractionFilter::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        (
            closed.len(),
            closed[0].status.as_str(),
            closed[0].analysis_details.as_deref()
        ),
        (1, "closed", Some("Confirmada"))
    );
    assert!(closed[0].accepted_at.is_some());
    // Refused before any request.
    match client
        .close_pix_infraction_report(&account.id, &fraud[0].id, "maybe", None)
        .await
    {
        Err(Error::InvalidInput { field, .. }) => assert_eq!(field, "analysis_result"),
        other => panic!("{other:?}"),
    }
    match client
        .pix_infraction_reports(
            &account.id,
            &PixInfractionFilter {
                report_type: Some("spam".into()),
                ..PixInfractionFilter::default()
            },
        )
        .await
    {
        Err(Error::InvalidInput { field, .. }) => assert_eq!(field, "type"),
        other => panic!("{other:?}"),
    }
    // Seven days later the other one can no longer be answered; a Pix 81
    // days old can no longer be reported.
    sandbox.app.clock.advance(8 * 86_400);
    let pending = client
        .pix_infraction_reports(
            &account.id,
            &PixInfractionFilter {
                status: Some("pending".into()),
                ..PixInfractionFilter::default()
            },
        )
        .await
        .unwrap();
    match client
        .close_pix_infraction_report(&account.id, &pending[0].id, "rejected", None)
        .await
    {
        Err(Error::Api(e)) => assert_eq!(e.status, 422),
        other => panic!("{other:?}"),
    }
    sandbox.app.clock.advance(73 * 86_400);
    let (status, _) = admin(
        &sandbox,
        "/admin/pix/infraction_reports",
        json!({"end_to_end_id": e2e[1]}),
    )
    .await;
    assert_eq!(status, 422);
}
