//! Every client operation against the local sandbox over real HTTP: TEDs,
//! payments with dry-run, scheduling and cancellation, approvals single and
//! in batch, boleto issuance and PDFs, receipts, contacts, reference data,
//! input refused before any request, and webhook verification (valid,
//! tampered, re-signed, expired, wrong algorithm, unknown key).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{json, Value};
use stone_openbank::barcode::BankBoleto;
use stone_openbank::client::{
    BatchScope, Client, Credentials, Environment, Error, EventType, PendingStatus, PrivateKey,
    ReceiptOf, WebhookError, WebhookTarget,
};
use stone_openbank::models::{
    AccountType, BankAccountFields, ContactFields, DatedRate, InvoiceCustomer, InvoiceStatus,
    InvoiceType, NewBoletoInvoice, NewExternalTransfer, NewInternalTransfer, NewPayment,
    OperationType, TransferStatus,
};
use stone_sandbox::domain::clock::Now;
use stone_sandbox::domain::seed::{
    DEMO_CLIENT_ID, DEMO_OPENBANK_CLIENT_ID, DEMO_PRIVATE_KEY_PEM, DEMO_PUBLIC_KEY_PEM,
};
use stone_sandbox::{start, Config, Sandbox};
use time::Duration as Days;

const OTHER_KEY: &str = include_str!("../../sandbox/seed/other-app.key.pem");

fn client_for(sandbox: &Sandbox, client_id: &str) -> Client {
    Client::builder(
        "stone-openbank-tests",
        Credentials::ClientKey {
            client_id: client_id.into(),
            key: PrivateKey::from_pem(DEMO_PRIVATE_KEY_PEM).unwrap(),
        },
    )
    .environment(Environment::local(&sandbox.base_url()))
    .build()
    .unwrap()
}

/// Moves the sandbox's clock to 10:00 (Brasília) of the next business day.
fn to_business_morning(sbx: &Sandbox) -> time::Date {
    let now = Now::of(&sbx.app.clock);
    let day = stone_openbank::calendar::next_business_day(now.today);
    let target = day
        .midnight()
        .assume_offset(stone_openbank::calendar::BRASILIA)
        .unix_timestamp()
        + 10 * 3600;
    sbx.app.clock.advance(target - now.unix);
    stone_sandbox::http::scheduler::tick(&sbx.app);
    day
}

fn advance(sbx: &Sandbox, secs: i64) {
    sbx.app.clock.advance(secs);
    stone_sandbox::http::scheduler::tick(&sbx.app);
}

fn api_status(e: &Error) -> Option<u16> {
    match e {
        Error::Api(api) => Some(api.status),
        _ => None,
    }
}

async fn admin(sbx: &Sandbox, path: &str, body: &Value) -> u16 {
    reqwest::Client::new()
        .post(format!("{}{path}", sbx.base_url()))
        .json(body)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn teds_scheduling_and_internal_transfers() {
    let sbx = start(Config::default()).await.unwrap();
    let day = to_business_morning(&sbx);
    let own = client_for(&sbx, DEMO_CLIENT_ID);
    let account = own.accounts().await.unwrap().remove(0);
    let ted = NewExternalTransfer {
        account_id: account.id.clone(),
        amount: 25_000,
        account_code: "98765".into(),
        branch_code: Some("1".into()),
        institution_code: "237".into(),
        account_type: Some(AccountType::Checking),
        name: "Fornecedor".into(),
        document: "529.982.247-25".into(),
        scheduled_to: None,
    };
    let preview = own.dry_run_external_transfer(&ted).await.unwrap();
    assert_eq!((preview.fee, preview.amount), (367, 25_000));
    let sent = own
        .create_external_transfer(&ted, Some("ted-1"))
        .await
        .unwrap();
    assert_eq!(sent.status, TransferStatus::Approved);
    let again = own
        .create_external_transfer(&ted, Some("ted-1"))
        .await
        .unwrap();
    assert_eq!(again.id, sent.id, "same key, same TED");
    assert_eq!(
        own.external_transfer(&sent.id).await.unwrap().status,
        TransferStatus::Finished
    );
    let listed = own
        .external_transfers(&account.id)
        .collect_all()
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);

    // Scheduled, listed as scheduled, cancelled.
    let later = NewExternalTransfer {
        scheduled_to: Some(day + Days::days(2)),
        ..ted.clone()
    };
    let s = own.create_external_transfer(&later, None).await.unwrap();
    assert_eq!(s.status, TransferStatus::Scheduled);
    assert!(s.scheduled_to_effective.is_some());
    let scheduled = own
        .pending_operations(&account.id, PendingStatus::Scheduled)
        .collect_all()
        .await
        .unwrap();
    assert_eq!(scheduled.len(), 1);
    assert_eq!(scheduled[0].kind, "external_transfer");
    own.cancel_external_transfer(&s.id).await.unwrap();
    assert_eq!(
        own.external_transfer(&s.id).await.unwrap().status,
        TransferStatus::Cancelled
    );
    let e = own.cancel_external_transfer(&s.id).await.unwrap_err();
    assert_eq!(api_status(&e), Some(422));

    // Internal: dry-run, scheduled, cancelled; list.
    let platform = client_for(&sbx, DEMO_OPENBANK_CLIENT_ID);
    let user = platform.accounts().await.unwrap().remove(0);
    let internal = NewInternalTransfer {
        account_id: account.id.clone(),
        amount: 1_000,
        target_account_code: user.account_code.clone(),
        description: Some("teste".into()),
        scheduled_to: Some(day + Days::days(1)),
    };
    assert_eq!(
        own.dry_run_internal_transfer(&internal)
            .await
            .unwrap()
            .status,
        TransferStatus::Scheduled
    );
    let t = own.create_internal_transfer(&internal, None).await.unwrap();
    assert_eq!(t.status, TransferStatus::Scheduled);
    assert_eq!(t.scheduled_to, Some(day + Days::days(1)));
    own.cancel_internal_transfer(&t.id).await.unwrap();
    assert_eq!(
        own.internal_transfers(&account.id)
            .collect_all()
            .await
            .unwrap()
            .len(),
        1
    );

    // The platform's transfers wait; the platform may not approve them.
    let to_own = NewInternalTransfer {
        account_id: user.id.clone(),
        amount: 10,
        target_account_code: account.account_code.clone(),
        description: None,
        scheduled_to: None,
    };
    let mut ids = Vec::new();
    for _ in 0..3 {
        ids.push(
            platform
                .create_internal_transfer(&to_own, None)
                .await
                .unwrap()
                .id,
        );
    }
    let e = platform
        .approve_internal_transfer(&ids[0])
        .await
        .unwrap_err();
    assert_eq!(api_status(&e), Some(403));
    let pending = platform
        .pending_operations(&user.id, PendingStatus::PendingApproval)
        .collect_all()
        .await
        .unwrap();
    assert_eq!(pending.len(), 3);
    let e = platform
        .approve_operations(
            &user.id,
            BatchScope::Only,
            &[(OperationType::InternalTransfer, ids[0].as_str())],
            None,
        )
        .await
        .unwrap_err();
    assert_eq!(api_status(&e), Some(403));
    let n = platform
        .cancel_operations(
            &user.id,
            BatchScope::AllExcept,
            &[(OperationType::InternalTransfer, ids[0].as_str())],
            None,
        )
        .await
        .unwrap();
    assert_eq!(n, 2);
    platform
        .reject_internal_transfer(&ids[0])
        .await
        .unwrap_err();
    assert_eq!(
        admin(
            &sbx,
            &format!("/admin/internal_transfers/{}/reject", ids[0]),
            &json!({})
        )
        .await,
        204
    );
    assert_eq!(
        platform.internal_transfer(&ids[0]).await.unwrap().status,
        TransferStatus::Rejected
    );
}

#[tokio::test]
async fn boletos_payments_receipts() {
    let sbx = start(Config::default()).await.unwrap();
    let day = to_business_morning(&sbx);
    let own = client_for(&sbx, DEMO_CLIENT_ID);
    let platform = client_for(&sbx, DEMO_OPENBANK_CLIENT_ID);
    let account = own.accounts().await.unwrap().remove(0);
    let user = platform.accounts().await.unwrap().remove(0);
    let new = NewBoletoInvoice {
        account_id: account.id.clone(),
        amount: 40_000,
        invoice_type: InvoiceType::BillOfExchange,
        expiration_date: day + Days::days(7),
        limit_date: None,
        customer: Some(InvoiceCustomer {
            document: "52998224725".into(),
            legal_name: "Maria da Silva".into(),
            trade_name: None,
        }),
        discounts: vec![DatedRate {
            date: day + Days::days(3),
            basis_points: 500,
        }],
        fine: Some(DatedRate {
            date: day + Days::days(8),
            basis_points: 200,
        }),
        interest: Some(DatedRate {
            date: day + Days::days(8),
            basis_points: 100,
        }),
        description: Some("Mensalidade".into()),
    };
    let boleto = own.create_boleto(&new, None).await.unwrap();
    assert_eq!(
        (boleto.status.clone(), boleto.invoice_type.clone()),
        (InvoiceStatus::Created, InvoiceType::BillOfExchange)
    );
    advance(&sbx, 5);
    assert_eq!(
        own.boleto(&boleto.id).await.unwrap().status,
        InvoiceStatus::Registered
    );
    assert!(own
        .boleto_pdf(&boleto.id)
        .await
        .unwrap()
        .starts_with(b"%PDF-"));
    assert_eq!(
        own.boletos(&account.id).collect_all().await.unwrap().len(),
        1
    );

    let line = boleto.writable_line.clone().unwrap();
    let pay = NewPayment {
        account_id: user.id.clone(),
        barcode: line.clone(),
        ..Default::default()
    };
    let dry = platform.dry_run_payment(&pay).await.unwrap();
    let details = dry.details.clone().unwrap();
    assert!(details.is_payable());
    assert_eq!(
        (details.value, details.discount_value),
        (Some(38_000), Some(2_000))
    );
    assert!(!dry.payment_being_processed);
    let p = platform
        .create_payment(&pay, Some("pay-boleto-1"))
        .await
        .unwrap();
    assert_eq!(
        (p.status.clone(), p.amount),
        (TransferStatus::Created, 38_000)
    );
    assert_eq!(p.idempotency_key.as_deref(), Some("pay-boleto-1"));
    assert!(
        platform
            .dry_run_payment(&pay)
            .await
            .unwrap()
            .payment_being_processed
    );
    assert_eq!(
        admin(
            &sbx,
            &format!("/admin/payments/{}/approve", p.id),
            &json!({})
        )
        .await,
        204
    );
    assert_eq!(
        platform.payment(&p.id).await.unwrap().status,
        TransferStatus::Finished
    );
    assert_eq!(
        own.boleto(&boleto.id).await.unwrap().status,
        InvoiceStatus::Settled
    );
    let receipt = platform
        .receipt_pdf(ReceiptOf::Payment, &p.id)
        .await
        .unwrap();
    assert!(receipt.starts_with(b"%PDF-"));
    assert_eq!(
        platform
            .payments(&user.id)
            .collect_all()
            .await
            .unwrap()
            .len(),
        1
    );

    // An outside boleto, scheduled then cancelled; a deposit boleto written off.
    let outside = BankBoleto::build(
        "001",
        Some(day + Days::days(20)),
        9_900,
        "0000000000000000000000042",
    )
    .unwrap();
    let later = NewPayment {
        account_id: account.id.clone(),
        barcode: outside.formatted_line(),
        scheduled_to: Some(day + Days::days(2)),
        ..Default::default()
    };
    let s = own.create_payment(&later, None).await.unwrap();
    assert_eq!(s.status, TransferStatus::Scheduled);
    own.cancel_payment(&s.id).await.unwrap();
    let deposit = NewBoletoInvoice {
        invoice_type: InvoiceType::Deposit,
        customer: None,
        discounts: vec![],
        fine: None,
        interest: None,
        amount: 3_000,
        ..new
    };
    let d = own.create_boleto(&deposit, None).await.unwrap();
    own.cancel_boleto(&d.id).await.unwrap();
    advance(&sbx, 1);
    assert_eq!(
        own.boleto(&d.id).await.unwrap().status,
        InvoiceStatus::Cancelled
    );

    // Refused by the API, typed: a payment approval by a platform.
    let p2 = platform
        .create_payment(
            &NewPayment {
                account_id: user.id.clone(),
                barcode: outside.barcode().into(),
                ..Default::default()
            },
            None,
        )
        .await
        .unwrap();
    assert_eq!(
        api_status(&platform.approve_payment(&p2.id).await.unwrap_err()),
        Some(403)
    );
    assert_eq!(
        admin(
            &sbx,
            &format!("/admin/payments/{}/reject", p2.id),
            &json!({})
        )
        .await,
        204
    );
    assert_eq!(
        platform.payment(&p2.id).await.unwrap().status,
        TransferStatus::Rejected
    );
}

#[tokio::test]
async fn contacts_reference_data_and_refusals_before_sending() {
    let sbx = start(Config::default()).await.unwrap();
    let own = client_for(&sbx, DEMO_CLIENT_ID);
    let account = own.accounts().await.unwrap().remove(0);
    let c = own
        .create_contact(
            &account.id,
            &ContactFields {
                name: Some("Loja".into()),
                tax_id: Some("11222333000181".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let bank = own
        .add_contact_bank_account(
            &account.id,
            &c.id,
            &BankAccountFields {
                account_code: Some("123".into()),
                institution_code: Some("260".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let moved = own
        .update_contact_bank_account(
            &account.id,
            &c.id,
            &bank.id,
            &BankAccountFields {
                account_code: Some("456".into()),
                institution_code: Some("260".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(moved.account_code.as_deref(), Some("456"));
    let updated = own
        .update_contact(
            &account.id,
            &c.id,
            &ContactFields {
                email: Some("loja@example.com".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        (updated.name.as_str(), updated.email.as_deref()),
        ("Loja", Some("loja@example.com"))
    );
    assert_eq!(own.contacts(&account.id).await.unwrap().len(), 1);
    assert_eq!(
        own.contact(&account.id, &c.id)
            .await
            .unwrap()
            .bank_accounts
            .len(),
        1
    );
    own.delete_contact_bank_account(&account.id, &c.id, &bank.id)
        .await
        .unwrap();
    own.delete_contact(&account.id, &c.id).await.unwrap();
    assert_eq!(
        api_status(&own.contact(&account.id, &c.id).await.unwrap_err()),
        Some(404)
    );

    assert_eq!(own.institution("197").await.unwrap().ispb_code, "16501555");
    assert!(own.institutions().await.unwrap().len() > 5);
    assert_eq!(
        own.fee(&account.id, "external_transfer")
            .await
            .unwrap()
            .amount,
        367
    );
    assert!(own.fees(&account.id).await.unwrap().len() >= 4);
    let cal = own
        .scheduling_calendar(OperationType::ExternalTransfer)
        .await
        .unwrap();
    assert!(cal.next_available_execution_date.is_some() && cal.non_business_days.len() > 100);

    // Refused before any request: no token is even asked for.
    let before = sbx.app.store.lock().tokens.len();
    let bad_line = NewPayment {
        account_id: account.id.clone(),
        barcode: "23790.12345 6".into(),
        ..Default::default()
    };
    assert!(matches!(
        own.dry_run_payment(&bad_line).await,
        Err(Error::InvalidInput {
            field: "barcode",
            ..
        })
    ));
    let bad_ted = NewExternalTransfer {
        account_id: account.id.clone(),
        amount: 1,
        account_code: "12".into(),
        institution_code: "341".into(),
        name: "X".into(),
        document: "111.111.111-11".into(),
        ..Default::default()
    };
    assert!(matches!(
        own.create_external_transfer(&bad_ted, None).await,
        Err(Error::InvalidInput {
            field: "document",
            ..
        })
    ));
    let zero = NewExternalTransfer {
        amount: 0,
        document: "52998224725".into(),
        ..bad_ted.clone()
    };
    assert!(matches!(
        own.create_external_transfer(&zero, None).await,
        Err(Error::InvalidInput {
            field: "amount",
            ..
        })
    ));
    assert!(matches!(
        own.create_external_transfer(&bad_ted, Some(&"k".repeat(73)))
            .await,
        Err(Error::InvalidInput { .. })
    ));
    let many: Vec<(OperationType, &str)> = (0..1001)
        .map(|_| (OperationType::BarcodePayment, "id"))
        .collect();
    assert!(matches!(
        own.approve_operations(&account.id, BatchScope::Only, &many, None)
            .await,
        Err(Error::InvalidInput {
            field: "operations",
            ..
        })
    ));
    assert!(matches!(
        own.create_contact(&account.id, &ContactFields::default())
            .await,
        Err(Error::InvalidInput { field: "name", .. })
    ));
    assert!(matches!(
        own.payment("../accounts").await,
        Err(Error::InvalidInput { .. })
    ));
    assert_eq!(sbx.app.store.lock().tokens.len(), before);
}

// Webhooks.

#[derive(Default)]
struct Inbox(Mutex<Vec<(String, Vec<u8>)>>);

async fn receiver() -> (Arc<Inbox>, String) {
    use axum::extract::State;
    use axum::http::HeaderMap;
    let inbox = Arc::new(Inbox::default());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/stone", listener.local_addr().unwrap());
    let app =
        axum::Router::new()
            .route(
                "/stone",
                axum::routing::post(
                    |State(inbox): State<Arc<Inbox>>,
                     headers: HeaderMap,
                     body: axum::body::Bytes| async move {
                        let id = headers["x-stone-webhook-event-id"]
                            .to_str()
                            .unwrap()
                            .to_owned();
                        inbox.0.lock().unwrap().push((id, body.to_vec()));
                    },
                ),
            )
            .with_state(inbox.clone());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (inbox, url)
}

/// A webhook body as Stone would send it, with chosen header and claims,
/// signed by `signing_pem` and encrypted to the demo application.
fn forge(header: &Value, claims: &Value, signing_pem: &str) -> Vec<u8> {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine;
    use rsa::pkcs8::DecodePrivateKey;
    use rsa::signature::{SignatureEncoding, Signer};
    let key = rsa::pkcs1v15::SigningKey::<sha2::Sha256>::new(
        rsa::RsaPrivateKey::from_pkcs8_pem(signing_pem).unwrap(),
    );
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    );
    let jws = format!(
        "{input}.{}",
        URL_SAFE_NO_PAD.encode(key.sign(input.as_bytes()).to_bytes())
    );
    let app_key = stone_sandbox::domain::jwt::public_key(DEMO_PUBLIC_KEY_PEM).unwrap();
    let jwe = stone_sandbox::domain::webhooks::jose::encrypt(&app_key, jws.as_bytes()).unwrap();
    json!({ "encrypted_body": jwe }).to_string().into_bytes()
}

#[tokio::test]
async fn webhooks_are_verified_and_forgeries_refused() {
    let sbx = start(Config::default()).await.unwrap();
    let (inbox, url) = receiver().await;
    let res = reqwest::Client::new()
        .put(format!(
            "{}/admin/applications/{DEMO_CLIENT_ID}/webhook",
            sbx.base_url()
        ))
        .json(&json!({ "url": url }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 204);
    let own = client_for(&sbx, DEMO_CLIENT_ID);
    let platform = client_for(&sbx, DEMO_OPENBANK_CLIENT_ID);
    let account = own.accounts().await.unwrap().remove(0);
    let user = platform.accounts().await.unwrap().remove(0);
    let t = own
        .create_internal_transfer(
            &NewInternalTransfer {
                account_id: account.id.clone(),
                amount: 4_000,
                target_account_code: user.account_code.clone(),
                description: None,
                scheduled_to: None,
            },
            None,
        )
        .await
        .unwrap();
    let mut got = Vec::new();
    for _ in 0..200 {
        got = inbox.0.lock().unwrap().clone();
        if got.len() >= 3 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    assert!(got.len() >= 3, "three events: created, approved, finished");
    let mut types = Vec::new();
    for (id, body) in &got {
        let event = own.verify_webhook(body, Some(id)).await.unwrap();
        assert_eq!(&event.event_id, id);
        assert_eq!(event.target_id.as_deref(), Some(t.id.as_str()));
        match &event.target {
            WebhookTarget::InternalTransfer(tr) => assert_eq!(tr.id, t.id),
            other => panic!("typed target expected, got {other:?}"),
        }
        types.push(event.event_type.clone());
    }
    assert!(types.contains(&EventType::CashOutInternalTransferFinished));

    // Forgeries.
    let now = stone_sandbox::domain::clock::Clock::real_now();
    let signing = include_str!("../../sandbox/seed/stone-signing.pem");
    let kid = stone_sandbox::domain::webhooks::jose::SIGNING_KID;
    let claims = json!({"event_type": "cash_out_payment_finished", "id": "evt-1", "iat": now, "nbf": now, "exp": now + 600,
                        "target_data": {"id": "p1", "amount": 1, "status": "FINISHED"}});
    let good = forge(&json!({"alg": "RS256", "kid": kid}), &claims, signing);
    let event = own.verify_webhook(&good, None).await.unwrap();
    assert_eq!(
        (event.event_type, event.event_id.as_str()),
        (EventType::CashOutPaymentFinished, "evt-1")
    );
    assert!(matches!(event.target, WebhookTarget::Payment(_)));
    // Pix sent and Pix refunds verify into their own types.
    for (event_type, data) in [
        (
            "pix_outbound_payment_settled",
            json!({"id": "x1", "account_id": "a", "amount": 5, "status": "SETTLED"}),
        ),
        (
            "pix_inbound_payment_refund_settled",
            json!({"id": "r1", "account_id": "a", "amount": 5, "status": "SETTLED", "return_id": "D1"}),
        ),
    ] {
        let claims = json!({"event_type": event_type, "id": event_type, "iat": now, "nbf": now, "exp": now + 600, "target_data": data});
        let body = forge(&json!({"alg": "RS256", "kid": kid}), &claims, signing);
        let event = own.verify_webhook(&body, None).await.unwrap();
        match (event_type, &event.target) {
            ("pix_outbound_payment_settled", WebhookTarget::PixPayment(p)) => {
                assert_eq!(p.amount, 5)
            }
            ("pix_inbound_payment_refund_settled", WebhookTarget::PixRefund(r)) => {
                assert_eq!(r.return_id.as_deref(), Some("D1"))
            }
            other => panic!("{other:?}"),
        }
    }

    let refused = |body: Vec<u8>| {
        let own = own.clone();
        async move {
            match own.verify_webhook(&body, None).await {
                Err(Error::Webhook(e)) => e,
                other => panic!("expected a refusal, got {other:?}"),
            }
        }
    };
    // Tampered ciphertext.
    let mut envelope: Value = serde_json::from_slice(&good).unwrap();
    let jwe = envelope["encrypted_body"].as_str().unwrap().to_owned();
    let mut parts: Vec<String> = jwe.split('.').map(str::to_owned).collect();
    let flip = if parts[3].starts_with('A') { "B" } else { "A" };
    parts[3].replace_range(0..1, flip);
    envelope["encrypted_body"] = json!(parts.join("."));
    assert_eq!(
        refused(envelope.to_string().into_bytes()).await,
        WebhookError::Decryption
    );
    // Re-signed by someone else's key under Stone's kid.
    assert_eq!(
        refused(forge(
            &json!({"alg": "RS256", "kid": kid}),
            &claims,
            OTHER_KEY
        ))
        .await,
        WebhookError::Signature
    );
    // Expired.
    let mut old = claims.clone();
    old["exp"] = json!(now - 3600);
    assert_eq!(
        refused(forge(&json!({"alg": "RS256", "kid": kid}), &old, signing)).await,
        WebhookError::Expired
    );
    // Another algorithm (the signature is never looked at).
    assert_eq!(
        refused(forge(
            &json!({"alg": "HS256", "kid": kid}),
            &claims,
            signing
        ))
        .await,
        WebhookError::Algorithm("HS256".into())
    );
    // An unknown key: refetched once, still unknown.
    assert_eq!(
        refused(forge(
            &json!({"alg": "RS256", "kid": "rotated-away"}),
            &claims,
            signing
        ))
        .await,
        WebhookError::UnknownKey("rotated-away".into())
    );
    // Not a webhook at all.
    assert!(matches!(
        refused(b"{}".to_vec()).await,
        WebhookError::Malformed(_)
    ));
}

#[tokio::test]
async fn consent_grants_a_platform_access_to_a_users_account() {
    let sbx = start(Config::default()).await.unwrap();
    let platform = client_for(&sbx, DEMO_OPENBANK_CLIENT_ID);
    let http = reqwest::Client::new();
    // A Stone user whose account the platform cannot see yet.
    let account: Value = http
        .post(format!("{}/admin/accounts", sbx.base_url()))
        .json(
            &json!({"owner_name": "João Souza", "owner_document": "52998224725", "balance": 1000}),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let account_id = account["id"].as_str().unwrap();
    assert_eq!(platform.accounts().await.unwrap().len(), 1);

    let mut metadata = std::collections::BTreeMap::new();
    metadata.insert("erp_user".to_owned(), "42".to_owned());
    let link = platform
        .consent_link("https://erp.example/stone/back", &metadata)
        .unwrap();
    assert!(
        link.starts_with(&format!("{}/consentimento?", sbx.base_url())),
        "{link}"
    );
    // The page opens (the JWT checks out).
    let page = http.get(&link).send().await.unwrap();
    assert_eq!(page.status().as_u16(), 200);
    let jwt = link.split("jwt=").nth(1).unwrap();
    let decide = |decision: &str| {
        let body = json!({"client_id": DEMO_OPENBANK_CLIENT_ID, "jwt": jwt, "account_id": account_id, "decision": decision});
        let http = http.clone();
        let url = format!("{}/admin/consents", sbx.base_url());
        async move { http.post(url).json(&body).send().await.unwrap() }
    };
    let answer: Value = decide("approve").await.json().await.unwrap();
    let back =
        stone_openbank::client::parse_consent_redirect(answer["redirect_to"].as_str().unwrap())
            .unwrap();
    assert_eq!(
        back.session_metadata.get("erp_user").map(String::as_str),
        Some("42")
    );
    assert!(
        matches!(back.result, stone_openbank::client::ConsentResult::Approved { ref resource_id } if resource_id == account_id),
        "{back:?}"
    );
    assert_eq!(platform.accounts().await.unwrap().len(), 2);
    let again: Value = decide("approve").await.json().await.unwrap();
    assert_eq!(again["consent_result"], "already_granted");

    // A tampered JWT opens nothing.
    let mut bad = jwt.to_owned();
    bad.pop();
    let res = http
        .get(format!(
            "{}/consentimento?client_id={DEMO_OPENBANK_CLIENT_ID}&jwt={bad}",
            sbx.base_url()
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 400);
}

#[tokio::test]
async fn payroll_pays_salaries_into_stone_accounts() {
    let sbx = start(Config::default()).await.unwrap();
    to_business_morning(&sbx);
    let own = client_for(&sbx, DEMO_CLIENT_ID);
    let platform = client_for(&sbx, DEMO_OPENBANK_CLIENT_ID);
    let employer = own.accounts().await.unwrap().remove(0);
    let employee = platform.accounts().await.unwrap().remove(0);
    let employee_cpf = sbx.app.store.lock().accounts[1].owner_document.clone();
    let before = own.balance(&employer.id).await.unwrap().balance;
    let upload: Value = reqwest::Client::new()
        .post(format!("{}/admin/payroll/salaries", sbx.base_url()))
        .json(&json!({"salaries": [
            {"name": "Maria da Silva", "cpf": employee_cpf, "account_code": employee.account_code, "amount": 250_000},
            {"name": "Sem Conta", "cpf": "52998224725", "account_code": "999999", "amount": 100_000},
        ]}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let salaries_id = upload["salaries_id"].as_str().unwrap();
    let payroll = own
        .create_payroll(&employer.id, salaries_id, None)
        .await
        .unwrap();
    assert_eq!(payroll.amount, 350_000);
    let done = own.payroll(&payroll.id).await.unwrap();
    assert_eq!(done.status, "FINISHED");
    assert_eq!(
        (
            done.summary.number_of_finished_salaries,
            done.summary.number_of_failed_salaries
        ),
        (1, 1)
    );
    let salaries = own
        .payroll_salaries(&payroll.id)
        .collect_all()
        .await
        .unwrap();
    assert!(salaries
        .iter()
        .any(|s| s.status == "FAILED" && s.failure_reason.as_deref() == Some("account not found")));
    assert_eq!(
        before - own.balance(&employer.id).await.unwrap().balance,
        250_000
    );
    assert_eq!(
        own.payrolls(&employer.id)
            .collect_all()
            .await
            .unwrap()
            .len(),
        1
    );
    // A platform may not run payroll on its users' accounts.
    let e = platform
        .create_payroll(&employee.id, salaries_id, None)
        .await
        .unwrap_err();
    assert_eq!(api_status(&e), Some(403));
    // Salary portability: created, enabled once the origin bank processed it.
    let req = stone_openbank::models::NewSalaryPortability {
        account_id: employee.id.clone(),
        employer_document: "11.222.333/0001-81".into(),
        employer_name: Some("Demo Pagamentos".into()),
        payroll_institution_code: "341".into(),
    };
    let p = platform
        .create_salary_portability(&req, None)
        .await
        .unwrap();
    assert_eq!(
        (p.status.as_str(), p.payroll_institution_ispb.as_deref()),
        ("CREATED", Some("60701190"))
    );
    advance(&sbx, 3601);
    let listed = platform
        .salary_portabilities(&employee.id)
        .collect_all()
        .await
        .unwrap();
    assert_eq!(listed[0].status, "ENABLED");
    let bad = stone_openbank::models::NewSalaryPortability {
        employer_document: "123".into(),
        ..req
    };
    assert!(matches!(
        platform.create_salary_portability(&bad, None).await,
        Err(Error::InvalidInput {
            field: "employer_document",
            ..
        })
    ));
}

/// An owner approving operations a consented platform created on its
/// account: singly (TED approve and reject) and in a batch.
#[tokio::test]
async fn the_owner_approves_what_a_platform_created() {
    let sbx = start(Config::default()).await.unwrap();
    to_business_morning(&sbx);
    let own = client_for(&sbx, DEMO_CLIENT_ID);
    let platform = client_for(&sbx, DEMO_OPENBANK_CLIENT_ID);
    let account = own.accounts().await.unwrap().remove(0);
    // The company's owner consents to the platform (the admin API plays the user).
    let link = platform
        .consent_link(
            "https://erp.example/back",
            &[("s".to_owned(), "1".to_owned())].into(),
        )
        .unwrap();
    let jwt = link.split("jwt=").nth(1).unwrap();
    let res = reqwest::Client::new()
        .post(format!("{}/admin/consents", sbx.base_url()))
        .json(&json!({"client_id": DEMO_OPENBANK_CLIENT_ID, "jwt": jwt, "account_id": account.id, "decision": "approve"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    let ted = NewExternalTransfer {
        account_id: account.id.clone(),
        amount: 5_000,
        account_code: "0054321".into(),
        branch_code: Some("10".into()),
        institution_code: "104".into(),
        account_type: None,
        name: "Prestador".into(),
        document: "52998224725".into(),
        scheduled_to: None,
    };
    let a = platform.create_external_transfer(&ted, None).await.unwrap();
    let b = platform.create_external_transfer(&ted, None).await.unwrap();
    let c = platform.create_external_transfer(&ted, None).await.unwrap();
    assert_eq!(a.status, TransferStatus::Created);
    own.approve_external_transfer(&a.id).await.unwrap();
    own.reject_external_transfer(&b.id).await.unwrap();
    assert_eq!(
        own.external_transfer(&a.id).await.unwrap().status,
        TransferStatus::Finished
    );
    assert_eq!(
        own.external_transfer(&b.id).await.unwrap().status,
        TransferStatus::Rejected
    );
    let n = own
        .approve_operations(
            &account.id,
            BatchScope::Only,
            &[(OperationType::ExternalTransfer, c.id.as_str())],
            Some("batch-1"),
        )
        .await
        .unwrap();
    assert_eq!(n, 1);
    assert_eq!(
        own.external_transfer(&c.id).await.unwrap().status,
        TransferStatus::Finished
    );
    // The statement's entries can be read one by one.
    let mut pages = own.statement(&account.id).page_size(10);
    let first = pages.next_page().await.unwrap().unwrap().remove(0);
    assert_eq!(own.statement_entry(&first.id).await.unwrap(), first);
    assert!(matches!(
        own.statement_entry("../x").await,
        Err(Error::InvalidInput { .. })
    ));
}
