//! Pix over HTTP, both partnership models: keys and their limits, QR
//! charges (dynamic and static) whose BR Codes the core reads back, the
//! BR Code lookup, a payer from outside Stone (admin), received Pix,
//! expiry and cancellation, money conserved.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::Env;
use reqwest::Method;
use serde_json::{json, Value};
use stone_openbank::pix;
use stone_sandbox::domain::seed::{DEMO_CLIENT_ID, DEMO_OPENBANK_CLIENT_ID};

const TXID: &str = "pedido42abcdefghijklmnopqrstu";

async fn setup(env: &Env) -> (String, String, String, String) {
    let own = env.access_token(DEMO_CLIENT_ID).await;
    let platform = env.access_token(DEMO_OPENBANK_CLIENT_ID).await;
    let (_, a) = env.read("/api/v1/accounts", &own).await;
    let (_, b) = env.read("/api/v1/accounts", &platform).await;
    let s = |v: &Value| v.as_str().unwrap().to_owned();
    (
        own,
        s(&a["data"][0]["id"]),
        platform,
        s(&b["data"][0]["id"]),
    )
}

async fn random_key(env: &Env, token: &str, account: &str) -> String {
    let (status, body) = env
        .post(
            &format!("/api/v1/pix/{account}/entries"),
            token,
            &json!({"key": "", "key_type": "random_key", "participant_ispb": "16501555"}),
        )
        .await;
    assert_eq!(status, 202, "{body}");
    let id = body["id"].as_str().unwrap();
    let (_, list) = env
        .read(&format!("/api/v1/pix/{account}/entries"), token)
        .await;
    let entry = list["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["key_type"] == "random_key")
        .unwrap()
        .clone();
    assert!(!id.is_empty());
    entry["key"].as_str().unwrap().to_owned()
}

async fn balance(env: &Env, token: &str, account: &str) -> i64 {
    env.read(&format!("/api/v1/accounts/{account}/balance"), token)
        .await
        .1["balance"]
        .as_i64()
        .unwrap()
}

#[tokio::test]
async fn keys_lifecycle_and_limits() {
    let env = Env::new().await;
    let (own, account, _, user_account) = setup(&env).await;
    let path = format!("/api/v1/pix/{account}/entries");
    // The holder's own CNPJ, then an e-mail as typed (normalised).
    let (status, _) = env.post(&path, &own, &json!({"key": "11.222.333/0001-81", "key_type": "cnpj", "participant_ispb": "16501555"})).await;
    assert_eq!(status, 202);
    let (status, _) = env.post(&path, &own, &json!({"key": "Financeiro@Demo.com.br", "key_type": "email", "participant_ispb": "16501555"})).await;
    assert_eq!(status, 202);
    // Someone else's CPF, a taken key, a malformed one.
    let (status, body) = env
        .post(
            &path,
            &own,
            &json!({"key": "12345678909", "key_type": "cpf", "participant_ispb": "16501555"}),
        )
        .await;
    assert_eq!(
        (status, body["type"].as_str()),
        (422, Some("srn:error:invalid_key"))
    );
    let (status, body) = env.post(&path, &own, &json!({"key": "financeiro@demo.com.br", "key_type": "email", "participant_ispb": "16501555"})).await;
    assert_eq!(
        (status, body["type"].as_str()),
        (422, Some("srn:error:already_exists"))
    );
    let (status, body) = env
        .post(
            &path,
            &own,
            &json!({"key": "+5511", "key_type": "phone", "participant_ispb": "16501555"}),
        )
        .await;
    assert_eq!(status, 400, "{body}");
    let (_, list) = env.read(&path, &own).await;
    let keys: Vec<&str> = list["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["11222333000181", "financeiro@demo.com.br"]);
    // A person's account holds at most 5 keys.
    let user = env.access_token(DEMO_OPENBANK_CLIENT_ID).await;
    for _ in 0..5 {
        random_key(&env, &user, &user_account).await;
    }
    let (status, body) = env
        .post(
            &format!("/api/v1/pix/{user_account}/entries"),
            &user,
            &json!({"key": "", "key_type": "random_key", "participant_ispb": "16501555"}),
        )
        .await;
    assert_eq!(
        (status, body["type"].as_str()),
        (422, Some("srn:error:entries_limit_reached"))
    );
    // Another application's account is not reachable.
    let (status, _) = env
        .read(&format!("/api/v1/pix/{user_account}/entries"), &own)
        .await;
    assert_eq!(status, 403);
    // Deleting frees the key.
    let id = list["data"][1]["id"].as_str().unwrap();
    let (status, _) = env
        .send(Method::DELETE, &format!("{path}/{id}"), &own, None, Some(&json!({"reason": "user_requested", "key_type": "email", "participant_ispb": "16501555"})))
        .await;
    assert_eq!(status, 202);
    let (_, list) = env.read(&path, &own).await;
    assert_eq!(list["data"].as_array().unwrap().len(), 1);
    let (_, detail) = env.read(&format!("{path}/{id}"), &own).await;
    assert_eq!(detail["key_status"], "deleted");
    assert_eq!(detail["events"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn a_dynamic_charge_is_paid_from_outside_once() {
    let env = Env::new().await;
    let (own, account, _, _) = setup(&env).await;
    let key = random_key(&env, &own, &account).await;
    let before = balance(&env, &own, &account).await;
    let body = json!({"account_id": account, "key": key, "transaction_id": TXID, "amount": 12_345,
        "expiration": 600, "request_for_payer": "Pedido 42",
        "customer": {"name": "Cliente", "document": "12345678909"}});
    // The idempotency key is mandatory; with it, a retry is one charge.
    let (status, _) = env
        .send(
            Method::POST,
            "/api/v1/pix_payment_invoices",
            &own,
            None,
            Some(&body),
        )
        .await;
    assert_eq!(status, 400);
    let (status, charge) = env
        .send(
            Method::POST,
            "/api/v1/pix_payment_invoices",
            &own,
            Some("charge-1"),
            Some(&body),
        )
        .await;
    assert_eq!(status, 201, "{charge}");
    let (_, again) = env
        .send(
            Method::POST,
            "/api/v1/pix_payment_invoices",
            &own,
            Some("charge-1"),
            Some(&body),
        )
        .await;
    assert_eq!(again["id"], charge["id"]);
    assert_eq!(charge["status"], "ACTIVE");
    assert!(charge["qr_code_image"]
        .as_str()
        .unwrap()
        .starts_with("data:image/png;base64,"));
    // The BR Code is valid for the core, single use, with the location.
    let content = charge["qr_code_content"].as_str().unwrap();
    let code = pix::parse(content).unwrap();
    assert_eq!(code.kind, pix::ChargeKind::Dynamic);
    assert_eq!(code.amount_cents, Some(12_345));
    assert_eq!(code.url.as_deref(), charge["location"].as_str());
    assert_eq!(code.merchant_name, "Demo Pagamentos Ltda");
    // The payer's bank looks it up.
    let (status, looked) = env
        .post(
            "/api/v1/pix/outbound_pix_payments/brcodes",
            &own,
            &json!({"brcode": content}),
        )
        .await;
    assert_eq!(status, 200, "{looked}");
    assert_eq!(looked["type"], "dynamic");
    assert_eq!(looked["dynamic"]["amount"], 12_345);
    assert_eq!(looked["dynamic"]["transaction_id"], TXID);
    // Paid from outside: a different amount is refused, then it is paid once.
    let (status, body) = env
        .admin(
            "/admin/pix/inbound",
            &json!({"brcode": content, "amount": 1}),
        )
        .await;
    assert_eq!(
        (status, body["type"].as_str()),
        (422, Some("srn:error:invoice_amount_differs"))
    );
    let (status, received) = env
        .admin(
            "/admin/pix/inbound",
            &json!({"brcode": content,
        "payer": {"name": "Joana Pagadora", "document": "98765432100", "ispb": "00000000"}}),
        )
        .await;
    assert_eq!(status, 201, "{received}");
    assert_eq!(received["amount"], 12_345);
    assert_eq!(received["status"], "SETTLED");
    assert_eq!(received["pix_payment_invoice"]["id"], charge["id"]);
    assert_eq!(received["end_to_end_id"].as_str().unwrap().len(), 32);
    let (status, body) = env
        .admin("/admin/pix/inbound", &json!({"brcode": content}))
        .await;
    assert_eq!(
        (status, body["type"].as_str()),
        (422, Some("srn:error:invoice_paid"))
    );
    assert_eq!(balance(&env, &own, &account).await, before + 12_345);
    let (_, paid) = env
        .read(
            &format!(
                "/api/v1/pix_payment_invoices/{}",
                charge["id"].as_str().unwrap()
            ),
            &own,
        )
        .await;
    assert_eq!(paid["status"], "PAID");
    let (status, detail) = env
        .read(
            &format!(
                "/api/v1/inbound_pix_payments/{}/",
                received["id"].as_str().unwrap()
            ),
            &own,
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(detail["source"]["entity"]["name"], "Joana Pagadora");
    // A paid charge cannot be cancelled.
    let id = charge["id"].as_str().unwrap();
    let res = reqwest::Client::new()
        .delete(format!(
            "{}/api/v1/pix_payment_invoices/{id}",
            env.sandbox.base_url()
        ))
        .header("user-agent", "sdk-tests")
        .bearer_auth(&own)
        .header("x-stone-account-id", &account)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 422);
    env.assert_conserved().await;
}

#[tokio::test]
async fn charges_expire_and_cancel_and_static_codes_pay_a_key() {
    let env = Env::new().await;
    let (_, _, platform, account) = setup(&env).await;
    let key = random_key(&env, &platform, &account).await;
    // An open-amount static charge: the payer chooses the amount.
    let (status, st) = env.send(Method::POST, "/api/v1/pix_payment_static_invoices", &platform, Some("s-1"),
        Some(&json!({"account_id": account, "key": key, "transaction_id": TXID, "additional_information": "Doação"}))).await;
    assert_eq!(status, 201, "{st}");
    let content = st["qr_code_content"].as_str().unwrap();
    let code = pix::parse(content).unwrap();
    assert_eq!(
        (code.key.as_deref(), code.amount_cents),
        (Some(key.as_str()), None)
    );
    assert_eq!(code.description.as_deref(), Some("Doacao"));
    let (_, looked) = env
        .post(
            "/api/v1/pix/outbound_pix_payments/brcodes",
            &platform,
            &json!({"brcode": content}),
        )
        .await;
    assert_eq!(
        (
            looked["type"].as_str(),
            looked["static"]["key_type"].as_str()
        ),
        (Some("static"), Some("random_key"))
    );
    let (status, _) = env
        .admin("/admin/pix/inbound", &json!({"brcode": content}))
        .await;
    assert_eq!(status, 400, "an open amount needs one from the payer");
    let (status, received) = env
        .admin(
            "/admin/pix/inbound",
            &json!({"brcode": content, "amount": 700}),
        )
        .await;
    assert_eq!(status, 201);
    assert_eq!(received["pix_payment_static_invoice"]["id"], st["id"]);
    // A key paid directly; an unknown key is refused.
    let (status, _) = env
        .admin("/admin/pix/inbound", &json!({"key": key, "amount": 300}))
        .await;
    assert_eq!(status, 201);
    let (status, body) = env
        .admin(
            "/admin/pix/inbound",
            &json!({"key": "ninguem@example.com", "amount": 300}),
        )
        .await;
    assert_eq!(
        (status, body["type"].as_str()),
        (422, Some("srn:error:key_not_found"))
    );
    // A dynamic charge expires; another is cancelled.
    let charge = |txid: &str| json!({"account_id": account, "key": key, "transaction_id": txid, "amount": 500, "expiration": 60});
    let (_, a) = env
        .send(
            Method::POST,
            "/api/v1/pix_payment_invoices",
            &platform,
            Some("d-1"),
            Some(&charge("expira42abcdefghijklmnopqrstu")),
        )
        .await;
    let (_, b) = env
        .send(
            Method::POST,
            "/api/v1/pix_payment_invoices",
            &platform,
            Some("d-2"),
            Some(&charge("cancela42abcdefghijklmnopqrstu")),
        )
        .await;
    let (status, _) = env
        .admin("/admin/clock/advance", &json!({"seconds": 61}))
        .await;
    assert_eq!(status, 200);
    let res = reqwest::Client::new()
        .delete(format!(
            "{}/api/v1/pix_payment_invoices/{}",
            env.sandbox.base_url(),
            b["id"].as_str().unwrap()
        ))
        .header("user-agent", "sdk-tests")
        .bearer_auth(&platform)
        .header("x-stone-account-id", &account)
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status().as_u16(),
        422,
        "expired before it was cancelled"
    );
    let (_, a) = env
        .read(
            &format!("/api/v1/pix_payment_invoices/{}", a["id"].as_str().unwrap()),
            &platform,
        )
        .await;
    assert_eq!(a["status"], "EXPIRED");
    let (status, body) = env
        .admin(
            "/admin/pix/inbound",
            &json!({"brcode": a["qr_code_content"]}),
        )
        .await;
    assert_eq!(
        (status, body["type"].as_str()),
        (422, Some("srn:error:invoice_expired"))
    );
    // A txid is unique per account across both kinds, on the 25 characters
    // a BR Code carries; amounts and expirations have their bounds.
    let (status, body) = env
        .send(
            Method::POST,
            "/api/v1/pix_payment_invoices",
            &platform,
            Some("d-3"),
            Some(
                &json!({"account_id": account, "key": key, "transaction_id": format!("{TXID}zz")}),
            ),
        )
        .await;
    assert_eq!(
        (status, body["type"].as_str()),
        (422, Some("srn:error:unprocessable_entity"))
    );
    let (status, _) = env.send(Method::POST, "/api/v1/pix_payment_invoices", &platform, Some("d-4"),
        Some(&json!({"account_id": account, "key": key, "transaction_id": "outro42abcdefghijklmnopqrstu", "expiration": 9_223_372_036_854_775_807_i64}))).await;
    assert_eq!(status, 400);
    let (status, _) = env
        .admin(
            "/admin/pix/inbound",
            &json!({"key": key, "amount": 9_223_372_036_854_775_807_i64}),
        )
        .await;
    assert_eq!(status, 400);
    // A code that is not a BR Code.
    let (status, body) = env
        .post(
            "/api/v1/pix/outbound_pix_payments/brcodes",
            &platform,
            &json!({"brcode": "000201x"}),
        )
        .await;
    assert_eq!(
        (status, body["type"].as_str()),
        (400, Some("srn:error:bad_request"))
    );
    env.assert_conserved().await;
}

/// Creates an outbound Pix (201) and answers it.
async fn create_pix(env: &Env, token: &str, key: &str, body: &Value) -> (u16, Value) {
    env.send(
        Method::POST,
        "/api/v1/pix/outbound_pix_payments",
        token,
        Some(key),
        Some(body),
    )
    .await
}

async fn confirm_pix(env: &Env, token: &str, id: &Value, key: &str, body: &Value) -> (u16, Value) {
    let id = id.as_str().unwrap();
    env.send(
        Method::POST,
        &format!("/api/v1/pix/outbound_pix_payments/{id}/actions/confirm"),
        token,
        Some(key),
        Some(body),
    )
    .await
}

async fn pix_of(env: &Env, token: &str, id: &Value) -> Value {
    let id = id.as_str().unwrap();
    let (status, body) = env
        .read(&format!("/api/v1/pix/outbound_pix_payments/{id}/"), token)
        .await;
    assert_eq!(status, 200, "{body}");
    body
}

#[tokio::test]
async fn an_own_account_pays_keys_accounts_and_charges_in_two_steps() {
    let env = Env::new().await;
    let (own, account, platform, user_account) = setup(&env).await;
    let user_key = random_key(&env, &platform, &user_account).await;
    let own_key = random_key(&env, &own, &account).await;
    let (mine, theirs) = (
        balance(&env, &own, &account).await,
        balance(&env, &platform, &user_account).await,
    );
    // By key, to another Stone account: created, then confirmed.
    let body =
        json!({"account_id": account, "key": user_key, "amount": 1_500, "description": "Almoço"});
    let (status, _) = env
        .send(
            Method::POST,
            "/api/v1/pix/outbound_pix_payments",
            &own,
            None,
            Some(&body),
        )
        .await;
    assert_eq!(status, 400, "the idempotency key is mandatory");
    let (status, created) = create_pix(&env, &own, "p-1", &body).await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["status"], "CREATED");
    assert!(created["target"].get("account").is_none(), "{created}");
    assert!(created["end_to_end_id"]
        .as_str()
        .unwrap()
        .starts_with("E16501555"));
    let (_, again) = create_pix(&env, &own, "p-1", &body).await;
    assert_eq!(again["id"], created["id"], "a retry is the same Pix");
    assert_eq!(
        balance(&env, &own, &account).await,
        mine,
        "creating moves nothing"
    );
    let (status, _) = confirm_pix(&env, &own, &created["id"], "c-1", &json!({})).await;
    assert_eq!(status, 204);
    let sent = pix_of(&env, &own, &created["id"]).await;
    assert_eq!(sent["status"], "SETTLED", "{sent}");
    assert!(sent["confirmed_at"].is_string() && sent["approved_at"].is_string());
    assert!(sent["money_reserved_at"].is_string() && sent["settled_at"].is_string());
    assert!(
        sent["target"]["account"]["account_code"].is_string(),
        "{sent}"
    );
    let (status, same) = env
        .read(
            &format!("/api/v1/pix/{}/", created["id"].as_str().unwrap()),
            &own,
        )
        .await;
    assert_eq!((status, &same["id"]), (200, &created["id"]));
    let (status, body) = confirm_pix(&env, &own, &created["id"], "c-2", &json!({})).await;
    assert_eq!(
        (status, body["type"].as_str()),
        (422, Some("srn:error:invalid_operation_status"))
    );
    assert_eq!(balance(&env, &own, &account).await, mine - 1_500);
    assert_eq!(
        balance(&env, &platform, &user_account).await,
        theirs + 1_500
    );
    let (_, statement) = env
        .read(&format!("/api/v1/accounts/{account}/statement"), &own)
        .await;
    assert_eq!(
        statement["data"][0]["type"], "outbound_pix_payment",
        "{statement}"
    );
    // To a key at another bank, the amount given at confirmation.
    let (_, out) = create_pix(
        &env,
        &own,
        "p-2",
        &json!({"account_id": account, "key": "gabriela.abreu@example.com"}),
    )
    .await;
    assert_eq!(out["target"]["entity"]["document"], "***092657**", "{out}");
    let (status, body) = confirm_pix(&env, &own, &out["id"], "c-3", &json!({})).await;
    assert_eq!(
        (status, body["type"].as_str()),
        (400, Some("srn:error:validation"))
    );
    let (status, _) = confirm_pix(&env, &own, &out["id"], "c-4", &json!({"amount": 700})).await;
    assert_eq!(status, 204);
    let out = pix_of(&env, &own, &out["id"]).await;
    assert_eq!(
        (out["status"].as_str(), out["amount"].as_i64()),
        (Some("SETTLED"), Some(700))
    );
    assert_eq!(out["target"]["institution"]["ispb"], "90400888");
    // By account data at another bank; refusals in Stone's words.
    let target = |ispb: &str, code: &str| {
        json!({"account_id": account, "amount": 100, "target": {
        "entity": {"name": "Maria", "document": "12345678909"},
        "account": {"account_type": "CC", "account_code": code, "branch_code": "0001"},
        "institution": {"ispb": ispb}}})
    };
    let (status, by_account) = create_pix(&env, &own, "p-3", &target("60746948", "123456")).await;
    assert_eq!(status, 201, "{by_account}");
    for (key, body, status, kind) in [
        (
            "p-4",
            target("12345678", "123456"),
            422,
            "target_institution_not_found",
        ),
        (
            "p-5",
            target("16501555", "999999999"),
            422,
            "target_account_not_found",
        ),
        (
            "p-6",
            json!({"account_id": account, "key": "ninguem@example.com", "amount": 1}),
            422,
            "key_not_found",
        ),
        (
            "p-7",
            json!({"account_id": account, "key": "not a key", "amount": 1}),
            422,
            "invalid_key",
        ),
        (
            "p-8",
            json!({"account_id": account, "key": own_key, "amount": 1}),
            422,
            "cannot_transfer_to_source_account",
        ),
        (
            "p-9",
            json!({"account_id": account, "amount": 1}),
            400,
            "validation",
        ),
        (
            "p-10",
            json!({"account_id": account, "key": user_key, "amount": 1_000_000_000_000_i64}),
            400,
            "validation",
        ),
    ] {
        let (got, answer) = create_pix(&env, &own, key, &body).await;
        assert_eq!(
            (got, answer["type"].as_str()),
            (status, Some(format!("srn:error:{kind}").as_str())),
            "{body}"
        );
    }
    // A dynamic charge of the other account, paid by its txid and key.
    let (status, charge) = env.send(Method::POST, "/api/v1/pix_payment_invoices", &platform, Some("ch-1"),
        Some(&json!({"account_id": user_account, "key": user_key, "transaction_id": TXID, "amount": 4_200}))).await;
    assert_eq!(status, 201, "{charge}");
    let pay = |amount: i64| json!({"account_id": account, "key": user_key, "transaction_id": TXID, "amount": amount});
    let (status, body) = create_pix(&env, &own, "p-11", &pay(4_000)).await;
    assert_eq!(
        (status, body["type"].as_str()),
        (422, Some("srn:error:invoice_amount_differs"))
    );
    let (status, paying) = create_pix(&env, &own, "p-12", &pay(4_200)).await;
    assert_eq!(status, 201, "{paying}");
    confirm_pix(&env, &own, &paying["id"], "c-5", &json!({})).await;
    assert_eq!(pix_of(&env, &own, &paying["id"]).await["status"], "SETTLED");
    let (_, charge) = env
        .read(
            &format!(
                "/api/v1/pix_payment_invoices/{}",
                charge["id"].as_str().unwrap()
            ),
            &platform,
        )
        .await;
    assert_eq!(charge["status"], "PAID");
    let received = charge["inbound_pix_payments"][0].as_str().unwrap();
    let (_, inbound) = env
        .read(
            &format!("/api/v1/inbound_pix_payments/{received}/"),
            &platform,
        )
        .await;
    assert_eq!(
        inbound["end_to_end_id"], paying["end_to_end_id"],
        "one Pix, one end-to-end id"
    );
    assert_eq!(inbound["pix_payment_invoice"]["id"], charge["id"]);
    let (status, body) = create_pix(&env, &own, "p-13", &pay(4_200)).await;
    assert_eq!(
        (status, body["type"].as_str()),
        (422, Some("srn:error:invoice_paid"))
    );
    // More than the balance: confirmed, then FAILED, nothing moved.
    let before = balance(&env, &own, &account).await;
    let (_, big) = create_pix(
        &env,
        &own,
        "p-14",
        &json!({"account_id": account, "key": user_key, "amount": before + 1}),
    )
    .await;
    confirm_pix(&env, &own, &big["id"], "c-6", &json!({})).await;
    let big = pix_of(&env, &own, &big["id"]).await;
    assert_eq!(
        (big["status"].as_str(), big["failure_reason_code"].as_i64()),
        (Some("FAILED"), Some(1))
    );
    assert_eq!(balance(&env, &own, &account).await, before);
    env.assert_conserved().await;
}

#[tokio::test]
async fn a_platforms_pix_waits_for_the_owner() {
    let env = Env::new().await;
    let (_, _, platform, account) = setup(&env).await;
    let before = balance(&env, &platform, &account).await;
    let create = |key: &'static str, extra: Value| {
        let mut body = json!({"account_id": account, "key": "+5521988040465", "amount": 250});
        body.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        let env = &env;
        let platform = platform.clone();
        async move { create_pix(env, &platform, key, &body).await.1 }
    };
    let first = create("o-1", json!({})).await;
    confirm_pix(&env, &platform, &first["id"], "oc-1", &json!({})).await;
    let waiting = pix_of(&env, &platform, &first["id"]).await;
    assert_eq!(waiting["status"], "CONFIRMED");
    assert!(waiting["confirmed_at"].is_string() && waiting["approved_at"].is_null());
    let (_, pending) = env
        .read(
            &format!("/api/v1/accounts/{account}/operations?status=PENDING_APPROVAL"),
            &platform,
        )
        .await;
    assert!(
        pending["data"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o["id"] == first["id"] && o["type"] == "pix_payment"),
        "{pending}"
    );
    // The platform cannot approve; the owner does, in a batch.
    let batch = json!({"action": "approve_only", "operations": [{"id": first["id"], "type": "pix_payment"}]});
    let (status, _) = env
        .send(
            Method::POST,
            &format!("/api/v1/accounts/{account}/operations/actions/approve"),
            &platform,
            Some("b-1"),
            Some(&batch),
        )
        .await;
    assert_eq!(status, 403);
    let (status, approved) = env
        .admin(
            &format!("/admin/accounts/{account}/operations/actions/approve"),
            &batch,
        )
        .await;
    assert_eq!(
        (status, approved["number_of_approvals"].as_i64()),
        (202, Some(1))
    );
    let done = pix_of(&env, &platform, &first["id"]).await;
    assert_eq!(done["status"], "SETTLED");
    assert!(
        done["approved_by"].as_str().unwrap().starts_with("user:"),
        "{done}"
    );
    // Rejected by the owner: nothing moves.
    let second = create("o-2", json!({})).await;
    confirm_pix(&env, &platform, &second["id"], "oc-2", &json!({})).await;
    let id = second["id"].as_str().unwrap();
    let (status, _) = env
        .admin(
            &format!("/admin/pix/outbound_pix_payments/{id}/reject"),
            &json!({}),
        )
        .await;
    assert_eq!(status, 204);
    assert_eq!(
        pix_of(&env, &platform, &second["id"]).await["status"],
        "REJECTED"
    );
    // Scheduled: approved, it waits for its day, then runs.
    let now = stone_sandbox::domain::clock::Now::of(&env.sandbox.app.clock);
    let tomorrow = now.today.next_day().unwrap();
    let third = create(
        "o-3",
        json!({"scheduled_to": stone_openbank::barcode::iso_date(tomorrow)}),
    )
    .await;
    confirm_pix(&env, &platform, &third["id"], "oc-3", &json!({})).await;
    let id = third["id"].as_str().unwrap();
    let (status, _) = env
        .admin(
            &format!("/admin/pix/outbound_pix_payments/{id}/approve"),
            &json!({}),
        )
        .await;
    assert_eq!(status, 204);
    assert_eq!(
        pix_of(&env, &platform, &third["id"]).await["status"],
        "SCHEDULED"
    );
    assert_eq!(balance(&env, &platform, &account).await, before - 250);
    env.to_day_at(tomorrow, 9 * 60).await;
    // A day later the token has expired: a new one.
    let platform = env.access_token(DEMO_OPENBANK_CLIENT_ID).await;
    assert_eq!(
        pix_of(&env, &platform, &third["id"]).await["status"],
        "SETTLED"
    );
    assert_eq!(balance(&env, &platform, &account).await, before - 500);
    env.assert_conserved().await;
}

async fn refund(env: &Env, token: &str, key: &str, inbound: &Value, amount: i64) -> (u16, Value) {
    env.send(
        Method::POST,
        "/api/v1/refunds_for_inbound_pix_payments",
        token,
        Some(key),
        Some(&json!({"reason": "beneficiary_request", "amount": amount, "inbound_pix_payment_id": inbound})),
    )
    .await
}

#[tokio::test]
async fn received_pix_are_refunded_in_parts_within_limits() {
    let env = Env::new().await;
    let (own, account, platform, user_account) = setup(&env).await;
    let own_key = random_key(&env, &own, &account).await;
    let user_key = random_key(&env, &platform, &user_account).await;
    // From another bank, refunded by the own account in two parts.
    let (_, received) = env
        .admin(
            "/admin/pix/inbound",
            &json!({"key": own_key, "amount": 1_000}),
        )
        .await;
    let before = balance(&env, &own, &account).await;
    let (status, first) = refund(&env, &own, "r-1", &received["id"], 400).await;
    assert_eq!(status, 202, "{first}");
    assert_eq!(first["status"], "PENDING");
    assert!(first["return_id"]
        .as_str()
        .unwrap()
        .starts_with("D16501555"));
    let (_, again) = refund(&env, &own, "r-1", &received["id"], 400).await;
    assert_eq!(again["id"], first["id"], "a retry is the same refund");
    assert_eq!(balance(&env, &own, &account).await, before - 400);
    let (status, body) = refund(&env, &own, "r-2", &received["id"], 700).await;
    assert_eq!(
        (status, body["type"].as_str()),
        (422, Some("srn:error:exceeded_avaiable_amount"))
    );
    let (status, _) = refund(&env, &own, "r-3", &received["id"], 600).await;
    assert_eq!(status, 202);
    let (_, detail) = env
        .read(
            &format!(
                "/api/v1/inbound_pix_payments/{}/",
                received["id"].as_str().unwrap()
            ),
            &own,
        )
        .await;
    assert_eq!(detail["refunded_amount"], 1_000);
    let (status, _) = refund(&env, &own, "r-4", &received["id"], 1).await;
    assert_eq!(status, 422);
    // Refusals: unknown, someone else's, a bad reason, no key.
    let (status, _) = refund(&env, &own, "r-5", &json!("nada"), 1).await;
    assert_eq!(status, 404);
    let (status, _) = refund(&env, &platform, "r-6", &received["id"], 1).await;
    assert_eq!(
        status, 404,
        "another application's received Pix is not found"
    );
    let (status, body) = env
        .send(
            Method::POST,
            "/api/v1/refunds_for_inbound_pix_payments",
            &own,
            Some("r-7"),
            Some(
                &json!({"reason": "troco", "amount": 1, "inbound_pix_payment_id": received["id"]}),
            ),
        )
        .await;
    assert_eq!(
        (status, body["type"].as_str()),
        (400, Some("srn:error:validation"))
    );
    let (status, _) = env
        .send(
            Method::POST,
            "/api/v1/refunds_for_inbound_pix_payments",
            &own,
            None,
            Some(
                &json!({"reason": "fraud", "amount": 1, "inbound_pix_payment_id": received["id"]}),
            ),
        )
        .await;
    assert_eq!(status, 400, "the idempotency key is mandatory");
    // A Pix between two sandbox accounts, refunded by a platform: it waits
    // for the owner, then the money returns to the payer's account.
    let (_, sent) = create_pix(
        &env,
        &own,
        "s-1",
        &json!({"account_id": account, "key": user_key, "amount": 900}),
    )
    .await;
    confirm_pix(&env, &own, &sent["id"], "sc-1", &json!({})).await;
    let (_, charges) = env
        .read(
            &format!("/api/v1/accounts/{user_account}/statement"),
            &platform,
        )
        .await;
    assert_eq!(charges["data"][0]["type"], "pix_payment", "{charges}");
    let landed = store_inbound_id(&env, &sent["end_to_end_id"]);
    let payer_before = balance(&env, &own, &account).await;
    let (status, pending) = refund(&env, &platform, "r-8", &json!(landed), 200).await;
    assert_eq!((status, pending["status"].as_str()), (202, Some("PENDING")));
    let (_, waiting) = env
        .read(
            &format!("/api/v1/accounts/{user_account}/operations?status=PENDING_APPROVAL"),
            &platform,
        )
        .await;
    assert!(
        waiting["data"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o["id"] == pending["id"] && o["type"] == "refund_for_pix_payment"),
        "{waiting}"
    );
    let (status, n) = env
        .admin(&format!("/admin/accounts/{user_account}/operations/actions/approve"),
            &json!({"action": "approve_only", "operations": [{"id": pending["id"], "type": "refund_for_pix_payment"}]}))
        .await;
    assert_eq!((status, n["number_of_approvals"].as_i64()), (202, Some(1)));
    assert_eq!(balance(&env, &own, &account).await, payer_before + 200);
    assert_eq!(
        pix_of(&env, &own, &sent["id"]).await["refunded_amount"],
        200
    );
    // After 90 days a received Pix can no longer be refunded.
    let (_, late) = env
        .admin("/admin/pix/inbound", &json!({"key": own_key, "amount": 50}))
        .await;
    env.admin("/admin/clock/advance", &json!({"seconds": 91 * 86_400}))
        .await;
    let own = env.access_token(DEMO_CLIENT_ID).await;
    let (status, body) = refund(&env, &own, "r-9", &late["id"], 50).await;
    assert_eq!(
        (status, body["type"].as_str()),
        (422, Some("srn:error:refund_period_exceeded"))
    );
    env.assert_conserved().await;
}

/// The received Pix a sandbox outbound Pix became (same end-to-end id).
fn store_inbound_id(env: &Env, e2e: &Value) -> String {
    let store = env.sandbox.app.store.lock();
    store
        .pix_inbound
        .iter()
        .find(|p| Some(p.end_to_end_id.as_str()) == e2e.as_str())
        .unwrap()
        .id
        .clone()
}

#[tokio::test]
async fn due_date_charges_ask_what_their_terms_say_for_the_day() {
    let env = Env::new().await;
    let (own, account, platform, user_account) = setup(&env).await;
    let key = random_key(&env, &platform, &user_account).await;
    let now = stone_sandbox::domain::clock::Now::of(&env.sandbox.app.clock);
    let day = |n: i64| stone_openbank::barcode::iso_date(now.today + time::Duration::days(n));
    let body = |txid: &str| {
        json!({
            "account_id": user_account, "key": key, "transaction_id": txid, "amount": 10_000,
            "expiration_date": day(10), "payment_limit_period_days": 5,
            "customer": {"name": "Fulano da Silva", "document": "12345678909"},
            "reduction": {"type": "fixed", "fixed_value": 1_000},
            "discount": {"type": "fixed", "calculation_mode": "date", "date_discounts": [{"date": day(3), "fixed_value": 500}]},
            "fine": {"type": "proportional", "proportional_value": {"coefficient": 2, "exponent": -2}},
            "interest": {"type": "proportional", "period": "month", "proportional_value": {"coefficient": 3, "exponent": -2}},
            "request_for_payer": "Mensalidade",
        })
    };
    let path = "/api/v1/pix_payment_invoices_with_due_date";
    let (status, charge) = env
        .send(
            Method::POST,
            path,
            &platform,
            Some("due-1"),
            Some(&body("mensalidade42abcdefghijklmnopq")),
        )
        .await;
    assert_eq!(status, 200, "{charge}");
    assert_eq!(charge["status"], "ACTIVE");
    assert_eq!(charge["fine"]["type"], "proportional");
    assert!(charge["location"].as_str().unwrap().contains("/cobv/"));
    let code = pix::parse(charge["qr_code_content"].as_str().unwrap()).unwrap();
    assert_eq!(code.kind, pix::ChargeKind::Dynamic);
    // The BCB payload for three payment dates: with the discount, on the
    // due date, and three days late (2 % fine, 3 %/month for 3 days).
    let id = charge["id"].as_str().unwrap();
    let payload = |dpp: String| {
        let env = &env;
        let platform = platform.clone();
        async move {
            env.read(&format!("/api/v1/pix/{id}?dpp={dpp}"), &platform)
                .await
        }
    };
    let (status, early) = payload(day(0)).await;
    assert_eq!(status, 200, "{early}");
    assert_eq!(
        early["valor"],
        json!({"original": "100.00", "abatimento": "10.00", "desconto": "5.00", "multa": null, "juros": null, "final": "85.00"})
    );
    assert_eq!(
        (early["status"].as_str(), early["devedor"]["cpf"].as_str()),
        (Some("ATIVA"), Some("12345678909"))
    );
    assert_eq!(payload(day(10)).await.1["valor"]["final"], "90.00");
    assert_eq!(
        payload(day(13)).await.1["valor"],
        json!({"original": "100.00", "abatimento": "10.00", "desconto": null, "multa": "1.80", "juros": "0.27", "final": "92.07"})
    );
    let (status, after) = payload(day(16)).await;
    assert_eq!(
        (status, after["type"].as_str()),
        (
            400,
            Some("https://pix.bcb.gov.br/api/v2/error/PixConsultaInvalida")
        )
    );
    let (status, _) = payload("ontem".into()).await;
    assert_eq!(status, 400);
    let (status, missing) = env.read("/api/v1/pix/nada?dpp=2030-01-01", &platform).await;
    assert_eq!(
        (status, missing["type"].as_str()),
        (
            404,
            Some("https://pix.bcb.gov.br/api/v2/error/PixNaoEncontrado")
        )
    );
    // The lookup shows today's amount; a payer from outside pays it.
    let content = charge["qr_code_content"].as_str().unwrap();
    let (_, looked) = env
        .post(
            "/api/v1/pix/outbound_pix_payments/brcodes",
            &own,
            &json!({"brcode": content}),
        )
        .await;
    assert_eq!(looked["dynamic"]["amount"], 8_500);
    let (status, body_) = env
        .admin(
            "/admin/pix/inbound",
            &json!({"brcode": content, "amount": 10_000}),
        )
        .await;
    assert_eq!(
        (status, body_["type"].as_str()),
        (422, Some("srn:error:invoice_amount_differs"))
    );
    let (status, received) = env
        .admin("/admin/pix/inbound", &json!({"brcode": content}))
        .await;
    assert_eq!(
        (status, received["amount"].as_i64()),
        (201, Some(8_500)),
        "{received}"
    );
    assert_eq!(
        received["pix_payment_invoice_with_due_date"]["id"],
        charge["id"]
    );
    assert_eq!(payload(day(0)).await.1["status"], "CONCLUIDA");
    // A third is cancelled; bad terms are refused with the term named.
    let (_, third) = env
        .send(
            Method::POST,
            path,
            &platform,
            Some("due-3"),
            Some(&body("mensalidade44abcdefghijklmnopq")),
        )
        .await;
    let res = reqwest::Client::new()
        .delete(format!(
            "{}{path}/{}",
            env.sandbox.base_url(),
            third["id"].as_str().unwrap()
        ))
        .header("user-agent", "sdk-tests")
        .bearer_auth(&platform)
        .header("x-stone-account-id", &user_account)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 204);
    let mut bad = body("mensalidade45abcdefghijklmnopq");
    bad["fine"] = json!({"type": "proportional", "fixed_value": 100});
    let (status, refused) = env
        .send(Method::POST, path, &platform, Some("due-4"), Some(&bad))
        .await;
    assert_eq!(
        (status, refused["reason"][0]["path"][0].as_str()),
        (400, Some("fine")),
        "{refused}"
    );
    let mut past = body("mensalidade46abcdefghijklmnopq");
    past["expiration_date"] = json!(day(-1));
    let (status, _) = env
        .send(Method::POST, path, &platform, Some("due-5"), Some(&past))
        .await;
    assert_eq!(status, 400, "the due date has passed");
    // Another, paid late by a Stone account sending a Pix to its key+txid.
    let (_, late) = env
        .send(
            Method::POST,
            path,
            &platform,
            Some("due-2"),
            Some(&body("mensalidade43abcdefghijklmnopq")),
        )
        .await;
    env.to_day_at(now.today + time::Duration::days(13), 10 * 60)
        .await;
    let own = env.access_token(DEMO_CLIENT_ID).await;
    let platform = env.access_token(DEMO_OPENBANK_CLIENT_ID).await;
    let pay = json!({"account_id": account, "key": key, "transaction_id": "mensalidade43abcdefghijklmnopq"});
    let (status, sending) = create_pix(&env, &own, "due-pay", &pay).await;
    assert_eq!(
        (status, sending["amount"].as_i64()),
        (201, Some(9_207)),
        "{sending}"
    );
    confirm_pix(&env, &own, &sending["id"], "due-pay-c", &json!({})).await;
    assert_eq!(
        pix_of(&env, &own, &sending["id"]).await["status"],
        "SETTLED"
    );
    let (_, late) = env
        .read(
            &format!(
                "/api/v1/pix_payment_invoices/{}",
                late["id"].as_str().unwrap()
            ),
            &platform,
        )
        .await;
    assert_eq!(late["status"], "PAID");
    // The record survives persistence's round trip with its terms.
    let c = {
        let store = env.sandbox.app.store.lock();
        store
            .pix_charges
            .iter()
            .find(|c| c.due.is_some())
            .unwrap()
            .clone()
    };
    let back: stone_sandbox::domain::pix::charges::DynamicCharge =
        stone_sandbox::domain::stored::parse(&stone_sandbox::domain::stored::row(&c)).unwrap();
    assert_eq!(back.expires_unix, c.expires_unix);
    assert_eq!(back.due.unwrap().terms, c.due.unwrap().terms);
    env.assert_conserved().await;
}

/// Registers a key on `account` and answers the entry's id and status.
async fn register(
    env: &Env,
    token: &str,
    account: &str,
    key_type: &str,
    key: &str,
) -> (String, String) {
    let (status, body) = env
        .post(
            &format!("/api/v1/pix/{account}/entries"),
            token,
            &json!({"key": key, "key_type": key_type, "participant_ispb": "16501555"}),
        )
        .await;
    assert_eq!(status, 202, "{body}");
    let id = body["id"].as_str().unwrap().to_owned();
    let (_, entry) = env
        .read(&format!("/api/v1/pix/{account}/entries/{id}"), token)
        .await;
    (id, entry["key_status"].as_str().unwrap().to_owned())
}

async fn claim_of(env: &Env, token: &str, account: &str, id: &Value) -> Value {
    let id = id.as_str().unwrap();
    env.read(&format!("/api/v1/pix/{account}/entry_claims/{id}"), token)
        .await
        .1
}

#[tokio::test]
async fn keys_held_elsewhere_are_claimed() {
    let env = Env::new().await;
    let (own, account, _, _) = setup(&env).await;
    // The bakery's CNPJ key is at another bank; the bakery opens a Stone
    // account operated by the own-account application.
    let (_, bakery) = env
        .admin(
            "/admin/accounts",
            &json!({"owner_name": "Padaria Pão Quente", "owner_document": "11444777000161",
            "balance": 0, "operators": [DEMO_CLIENT_ID]}),
        )
        .await;
    let bakery = bakery["id"].as_str().unwrap().to_owned();
    let (entry, status) = register(&env, &own, &bakery, "cnpj", "11444777000161").await;
    assert_eq!(
        status, "failed",
        "held at another bank: the registration fails"
    );
    let (_, failed) = env
        .read(
            &format!("/api/v1/pix/{bakery}/entries?status[]=failed"),
            &own,
        )
        .await;
    assert_eq!(failed["data"][0]["id"], entry.as_str());
    // Portability: same holder. The donor confirms; the claimer completes.
    let claims = format!("/api/v1/pix/{bakery}/entry_claims");
    let (status, claim) = env
        .post(
            &claims,
            &own,
            &json!({"pix_entry_id": entry, "participant_ispb": "16501555"}),
        )
        .await;
    assert_eq!(
        (status, claim["claim_type"].as_str()),
        (202, Some("portability")),
        "{claim}"
    );
    assert_eq!(
        claim_of(&env, &own, &bakery, &claim["id"]).await["status"],
        "waiting_resolution"
    );
    let (status, body) = env
        .post(
            &format!("{claims}/complete"),
            &own,
            &json!({"claim_id": claim["id"]}),
        )
        .await;
    assert_eq!(
        (status, body["type"].as_str()),
        (422, Some("srn:error:wrong_status"))
    );
    let id = claim["id"].as_str().unwrap();
    let (status, _) = env
        .admin(&format!("/admin/pix/entry_claims/{id}/confirm"), &json!({}))
        .await;
    assert_eq!(status, 204);
    let (status, _) = env
        .post(
            &format!("{claims}/complete"),
            &own,
            &json!({"claim_id": id}),
        )
        .await;
    assert_eq!(status, 202);
    assert_eq!(
        claim_of(&env, &own, &bakery, &claim["id"]).await["status"],
        "completed"
    );
    let (_, keys) = env
        .read(&format!("/api/v1/pix/{bakery}/entries"), &own)
        .await;
    assert_eq!(
        keys["data"][0]["key"], "11444777000161",
        "the key is the bakery's at Stone now"
    );
    // A Pix to that key now lands at Stone.
    let (_, sent) = create_pix(
        &env,
        &own,
        "claim-pix",
        &json!({"account_id": account, "key": "11444777000161", "amount": 100}),
    )
    .await;
    confirm_pix(&env, &own, &sent["id"], "claim-pix-c", &json!({})).await;
    assert_eq!(balance(&env, &own, &bakery).await, 100);
    // Ownership: someone else's phone key; unanswered for 7 days it is
    // confirmed; the claimer may also cancel a claim that waits.
    let (phone_entry, status) = register(&env, &own, &account, "phone", "+5521988040465").await;
    assert_eq!(status, "failed");
    let (_, own_claim) = env
        .post(
            &format!("/api/v1/pix/{account}/entry_claims"),
            &own,
            &json!({"pix_entry_id": phone_entry, "participant_ispb": "16501555"}),
        )
        .await;
    assert_eq!(own_claim["claim_type"], "ownership");
    let (status, body) = env
        .post(
            &format!("/api/v1/pix/{account}/entry_claims"),
            &own,
            &json!({"pix_entry_id": phone_entry, "participant_ispb": "16501555"}),
        )
        .await;
    assert_eq!(
        (status, body["type"].as_str()),
        (422, Some("srn:error:claim_type_not_available")),
        "one claim at a time"
    );
    // 7 days of silence: confirmed pending the closing period; 7 more: confirmed.
    env.admin("/admin/clock/advance", &json!({"seconds": 7 * 86_400 + 60}))
        .await;
    let own = env.access_token(DEMO_CLIENT_ID).await;
    let closing = claim_of(&env, &own, &account, &own_claim["id"]).await;
    assert_eq!(closing["status"], "waiting_resolution");
    assert_eq!(
        closing["events"].as_array().unwrap().last().unwrap()["type"],
        "automatically_confirmed_waiting_resolution"
    );
    env.admin("/admin/clock/advance", &json!({"seconds": 7 * 86_400}))
        .await;
    let own = env.access_token(DEMO_CLIENT_ID).await;
    assert_eq!(
        claim_of(&env, &own, &account, &own_claim["id"]).await["status"],
        "confirmed"
    );
    let (status, body) = env
        .post(&format!("/api/v1/pix/{account}/entry_claims/cancel"), &own,
            &json!({"claim_id": own_claim["id"], "reason": "user_requested", "participant_ispb": "16501555"}))
        .await;
    assert_eq!(
        (status, body["type"].as_str()),
        (422, Some("srn:error:already_confirmed"))
    );
    // Not completed within 30 days of the claim: cancelled.
    env.admin("/admin/clock/advance", &json!({"seconds": 17 * 86_400}))
        .await;
    let own = env.access_token(DEMO_CLIENT_ID).await;
    assert_eq!(
        claim_of(&env, &own, &account, &own_claim["id"]).await["status"],
        "cancelled"
    );
    // Refusals: an entry that did not fail, a random key elsewhere.
    let (active, _) = register(&env, &own, &account, "random_key", "").await;
    let (status, body) = env
        .post(
            &format!("/api/v1/pix/{account}/entry_claims"),
            &own,
            &json!({"pix_entry_id": active, "participant_ispb": "16501555"}),
        )
        .await;
    assert_eq!(
        (status, body["type"].as_str()),
        (422, Some("srn:error:entry_not_found"))
    );
    let (_, list) = env
        .read(
            &format!("/api/v1/pix/{account}/entry_claims?status[]=cancelled"),
            &own,
        )
        .await;
    assert_eq!(list["data"].as_array().unwrap().len(), 1);
    env.assert_conserved().await;
}

#[tokio::test]
async fn the_bcb_api_is_another_view_of_the_same_charges_and_pix() {
    let env = Env::new().await;
    let (own, account, platform, user_account) = setup(&env).await;
    let key = random_key(&env, &own, &account).await;
    let txid = "bcbcob42abcdefghijklmnopqrstuv";
    let cob = json!({"calendario": {"expiracao": 3600}, "devedor": {"cnpj": "11444777000161", "nome": "Empresa SA"},
        "valor": {"original": "37.00"}, "chave": key, "solicitacaoPagador": "Serviço realizado.",
        "infoAdicionais": [{"nome": "Campo 1", "valor": "Informação"}]});
    let (status, created) = env
        .bcb(
            Method::PUT,
            &format!("/api/v1/cob/{txid}"),
            &own,
            &account,
            Some(&cob),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(
        (
            created["status"].as_str(),
            created["valor"]["original"].as_str()
        ),
        (Some("ATIVA"), Some("37.00"))
    );
    assert_eq!(created["txid"], txid);
    let code = pix::parse(created["qr_code_copia_cola"].as_str().unwrap()).unwrap();
    assert_eq!(code.amount_cents, Some(3_700));
    // The same charge in Stone's own API.
    let (_, stone) = env
        .read(
            &format!(
                "/api/v1/pix_payment_invoices/{}",
                created["loc"]["id"].as_str().unwrap()
            ),
            &own,
        )
        .await;
    assert_eq!(
        (stone["transaction_id"].as_str(), stone["amount"].as_i64()),
        (Some(txid), Some(3_700))
    );
    // Refusals in the BCB shape: a bad amount, no account header, someone
    // else's account, an unknown txid.
    let mut bad = cob.clone();
    bad["valor"]["original"] = json!("37");
    let (status, body) = env
        .bcb(
            Method::PUT,
            "/api/v1/cob/bcbcob43abcdefghijklmnopqrstuv",
            &own,
            &account,
            Some(&bad),
        )
        .await;
    assert_eq!(
        (status, body["type"].as_str()),
        (
            400,
            Some("https://pix.bcb.gov.br/api/v2/error/CobOperacaoInvalida")
        )
    );
    let (status, body) = env
        .bcb(
            Method::GET,
            &format!("/api/v1/cob/{txid}"),
            &own,
            &user_account,
            None,
        )
        .await;
    assert_eq!(
        (status, body["type"].as_str()),
        (
            403,
            Some("https://pix.bcb.gov.br/api/v2/error/AcessoNegado")
        )
    );
    let (status, _) = env
        .bcb(
            Method::GET,
            "/api/v1/cob/naoexiste42abcdefghijklmnopqr",
            &own,
            &account,
            None,
        )
        .await;
    assert_eq!(status, 404);
    let (status, server_txid) = env
        .bcb(Method::POST, "/api/v1/cob/", &own, &account, Some(&cob))
        .await;
    assert_eq!(status, 201);
    assert_eq!(server_txid["txid"].as_str().unwrap().len(), 32);
    // Paid from outside: the cob is CONCLUIDA with its pix; the received
    // Pix is found by its end-to-end id and listed for the period.
    let (_, paid) = env
        .admin(
            "/admin/pix/inbound",
            &json!({"brcode": created["qr_code_copia_cola"], "description": "Reforma"}),
        )
        .await;
    let e2e = paid["end_to_end_id"].as_str().unwrap();
    let (_, got) = env
        .bcb(
            Method::GET,
            &format!("/api/v1/cob/{txid}"),
            &own,
            &account,
            None,
        )
        .await;
    assert_eq!(
        (got["status"].as_str(), got["pix"][0]["endToEndId"].as_str()),
        (Some("CONCLUIDA"), Some(e2e))
    );
    let (status, received) = env
        .bcb(
            Method::GET,
            &format!("/api/v1/pix/{e2e}"),
            &own,
            &account,
            None,
        )
        .await;
    assert_eq!(
        (
            status,
            received["valor"].as_str(),
            received["txid"].as_str()
        ),
        (200, Some("37.00"), Some(txid)),
        "{received}"
    );
    let now = stone_sandbox::domain::clock::Now::of(&env.sandbox.app.clock);
    let period = format!("inicio=2020-01-01T00:00:00Z&fim={}", now.iso);
    let (status, list) = env
        .bcb(
            Method::GET,
            &format!("/api/v1/pix?{period}"),
            &own,
            &account,
            None,
        )
        .await;
    assert_eq!(
        (status, list["pix"].as_array().map(Vec::len)),
        (200, Some(1)),
        "{list}"
    );
    let (status, _) = env
        .bcb(Method::GET, "/api/v1/pix", &own, &account, None)
        .await;
    assert_eq!(status, 400, "inicio and fim are required");
    let (_, cobs) = env
        .bcb(
            Method::GET,
            &format!("/api/v1/cob/?{period}&status=ATIVA"),
            &own,
            &account,
            None,
        )
        .await;
    assert_eq!(
        cobs["cobs"].as_array().map(Vec::len),
        Some(1),
        "the server-txid one is still ATIVA"
    );
    assert_eq!(cobs["parametros"]["paginacao"]["quantidadeTotalDeItens"], 1);
    // A devolução: the same refund as Stone's API, by its own id, once.
    let before = balance(&env, &own, &account).await;
    let path = format!("/api/v1/pix/{e2e}/devolucao/dev1");
    let (status, dev) = env
        .bcb(
            Method::PUT,
            &path,
            &own,
            &account,
            Some(&json!({"valor": "7.00"})),
        )
        .await;
    assert_eq!(
        (status, dev["status"].as_str(), dev["valor"].as_str()),
        (201, Some("DEVOLVIDO"), Some("7.00")),
        "{dev}"
    );
    assert!(dev["rtrId"].as_str().unwrap().starts_with('D'));
    let (_, again) = env
        .bcb(
            Method::PUT,
            &path,
            &own,
            &account,
            Some(&json!({"valor": "7.00"})),
        )
        .await;
    assert_eq!(again["rtrId"], dev["rtrId"]);
    assert_eq!(
        balance(&env, &own, &account).await,
        before - 700,
        "refunded once"
    );
    let (_, got) = env.bcb(Method::GET, &path, &own, &account, None).await;
    assert_eq!(got["status"], "DEVOLVIDO");
    let (status, body) = env
        .bcb(
            Method::PUT,
            &format!("/api/v1/pix/{e2e}/devolucao/dev2"),
            &own,
            &account,
            Some(&json!({"valor": "31.00"})),
        )
        .await;
    assert_eq!(
        (status, body["type"].as_str()),
        (
            400,
            Some("https://pix.bcb.gov.br/api/v2/error/PixConsultaInvalida")
        ),
        "more than is left"
    );
    // Revision: the payer's message changes; removal cancels.
    let (status, revised) = env.bcb(Method::PATCH, &format!("/api/v1/cob/{}", server_txid["txid"].as_str().unwrap()), &own, &account,
        Some(&json!({"solicitacaoPagador": "Outra mensagem", "status": "REMOVIDA_PELO_USUARIO_RECEBEDOR"}))).await;
    assert_eq!(
        (
            status,
            revised["status"].as_str(),
            revised["revisao"].as_i64()
        ),
        (200, Some("REMOVIDA_PELO_USUARIO_RECEBEDOR"), Some(1))
    );
    let _ = platform;
    env.assert_conserved().await;
}

#[tokio::test]
async fn the_unified_list_has_sent_received_and_refunded_pix() {
    let env = Env::new().await;
    let (own, account, platform, user_account) = setup(&env).await;
    let key = random_key(&env, &own, &account).await;
    let (_, sent) = create_pix(
        &env,
        &own,
        "u-1",
        &json!({"account_id": account, "key": "gabriela.abreu@example.com", "amount": 300}),
    )
    .await;
    confirm_pix(&env, &own, &sent["id"], "u-1c", &json!({})).await;
    let (_, received) = env
        .admin("/admin/pix/inbound", &json!({"key": key, "amount": 900}))
        .await;
    let (_, refund) = refund(&env, &own, "u-2", &received["id"], 100).await;
    let path = format!("/api/v1/pix/{account}/pix_payments");
    let (status, list) = env.read(&path, &own).await;
    assert_eq!(status, 200, "{list}");
    let kinds: Vec<&str> = list["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["type"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "refund_for_inbound_pix_payment",
            "inbound_pix_payment",
            "outbound_pix_payment"
        ]
    );
    assert_eq!(list["data"][0]["id"], refund["id"]);
    let e2e = received["end_to_end_id"].as_str().unwrap();
    let (_, one) = env
        .read(&format!("{path}?end_to_end_ids={e2e}"), &own)
        .await;
    assert_eq!(one["data"].as_array().unwrap().len(), 1);
    let (_, paged) = env.read(&format!("{path}?limit=2"), &own).await;
    assert_eq!(paged["data"].as_array().unwrap().len(), 2);
    let after = paged["cursor"]["after"].as_str().unwrap();
    let (_, rest) = env
        .read(&format!("{path}?limit=2&after={after}"), &own)
        .await;
    assert_eq!(rest["data"][0]["type"], "outbound_pix_payment");
    let (status, body) = env
        .read(
            &format!("/api/v1/pix/{user_account}/pix_payments"),
            &platform,
        )
        .await;
    assert_eq!(
        (status, body["type"].as_str()),
        (422, Some("srn:error:not_indirect_participant"))
    );
}

#[tokio::test]
async fn bcb_cobv_loc_and_lotecobv_share_stones_due_date_charges() {
    let env = Env::new().await;
    let (own, account, _, _) = setup(&env).await;
    let key = random_key(&env, &own, &account).await;
    let now = stone_sandbox::domain::clock::Now::of(&env.sandbox.app.clock);
    let day = |n: i64| stone_openbank::barcode::iso_date(now.today + time::Duration::days(n));
    // A location first, then the cobv at it.
    let (status, loc) = env
        .bcb(
            Method::POST,
            "/api/v1/loc",
            &own,
            &account,
            Some(&json!({"tipoCob": "cobv"})),
        )
        .await;
    assert_eq!(
        (status, loc["tipoCob"].as_str()),
        (201, Some("cobv")),
        "{loc}"
    );
    let cobv = |loc_id: Value| {
        json!({
        "calendario": {"dataDeVencimento": day(10), "validadeAposVencimento": 30},
        "loc": {"id": loc_id},
        "devedor": {"cpf": "12345678909", "nome": "Francisco da Silva", "cidade": "Recife", "uf": "PE"},
        "valor": {"original": "123.45",
            "multa": {"modalidade": "2", "valorPerc": "15.00"},
            "juros": {"modalidade": "2", "valorPerc": "2.00"},
            "desconto": {"modalidade": "1", "descontoDataFixa": [{"data": day(5), "valorPerc": "30.00"}]}},
        "chave": key, "solicitacaoPagador": "Cobrança dos serviços prestados."})
    };
    let txid = "bcbcobv42abcdefghijklmnopqrstu";
    let (status, created) = env
        .bcb(
            Method::PUT,
            &format!("/api/v1/cobv/{txid}"),
            &own,
            &account,
            Some(&cobv(loc["id"].clone())),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["location"], loc["location"]);
    assert_eq!(created["loc"]["id"], loc["id"]);
    // The modalities read back as given.
    assert_eq!(
        created["valor"]["multa"],
        json!({"modalidade": 2, "valorPerc": "15.00"})
    );
    assert_eq!(
        created["valor"]["juros"],
        json!({"modalidade": 2, "valorPerc": "2.00"})
    );
    assert_eq!(
        created["valor"]["desconto"]["descontoDataFixa"][0]["valorPerc"],
        "30.00"
    );
    let (_, linked) = env
        .bcb(
            Method::GET,
            &format!("/api/v1/loc/{}", loc["id"]),
            &own,
            &account,
            None,
        )
        .await;
    assert_eq!(linked["txid"], txid);
    let (status, body) = env
        .bcb(
            Method::PUT,
            "/api/v1/cobv/bcbcobv43abcdefghijklmnopqrstu",
            &own,
            &account,
            Some(&cobv(loc["id"].clone())),
        )
        .await;
    assert_eq!(
        (status, body["type"].as_str()),
        (
            400,
            Some("https://pix.bcb.gov.br/api/v2/error/CobVOperacaoInvalida")
        ),
        "a location serves one charge"
    );
    // The same charge in Stone's terms, and its payload for a late day:
    // 15 % fine and 2 % per day for 3 days on 123.45.
    let id = {
        let store = env.sandbox.app.store.lock();
        store
            .pix_charges
            .iter()
            .find(|c| c.transaction_id == txid)
            .unwrap()
            .id
            .clone()
    };
    let (_, payload) = env
        .read(&format!("/api/v1/pix/{id}?dpp={}", day(13)), &own)
        .await;
    assert_eq!(payload["valor"]["multa"], "18.52");
    assert_eq!(payload["valor"]["juros"], "7.41");
    assert_eq!(payload["valor"]["final"], "149.38");
    let (_, early) = env
        .read(&format!("/api/v1/pix/{id}?dpp={}", day(1)), &own)
        .await;
    assert_eq!(
        early["valor"]["desconto"], "30.00",
        "modalidade 1 is an amount"
    );
    // A batch: one created, one refused with its problem; then a revision.
    let mut bad = cobv(Value::Null);
    bad["valor"]["juros"]["modalidade"] = json!("9");
    let mut good = cobv(Value::Null);
    good["txid"] = json!("bcblote42abcdefghijklmnopqrstu");
    bad["txid"] = json!("bcblote43abcdefghijklmnopqrstu");
    let (status, _) = env
        .bcb(
            Method::PUT,
            "/api/v1/lotecobv/77",
            &own,
            &account,
            Some(&json!({"descricao": "Alunos", "cobsv": [good, bad]})),
        )
        .await;
    assert_eq!(status, 202);
    let (_, lot) = env
        .bcb(Method::GET, "/api/v1/lotecobv/77", &own, &account, None)
        .await;
    assert_eq!(lot["cobsv"][0]["status"], "CRIADA");
    assert_eq!(
        (
            lot["cobsv"][1]["status"].as_str(),
            lot["cobsv"][1]["problema"]["type"].as_str()
        ),
        (
            Some("NEGADA"),
            Some("https://pix.bcb.gov.br/api/v2/error/CobVOperacaoInvalida")
        )
    );
    let (status, _) = env.bcb(Method::PATCH, "/api/v1/lotecobv/77", &own, &account,
        Some(&json!({"cobsv": [{"txid": "bcblote42abcdefghijklmnopqrstu", "status": "REMOVIDA_PELO_USUARIO_RECEBEDOR"}]}))).await;
    assert_eq!(status, 202);
    let (_, removed) = env
        .bcb(
            Method::GET,
            "/api/v1/cobv/bcblote42abcdefghijklmnopqrstu",
            &own,
            &account,
            None,
        )
        .await;
    assert_eq!(removed["status"], "REMOVIDA_PELO_USUARIO_RECEBEDOR");
    // Lists for a period; unlinking a location.
    let period = format!(
        "inicio=2020-01-01T00:00:00Z&fim={}",
        stone_sandbox::domain::clock::Now::of(&env.sandbox.app.clock).iso
    );
    let (_, cobs) = env
        .bcb(
            Method::GET,
            &format!("/api/v1/cobv?{period}"),
            &own,
            &account,
            None,
        )
        .await;
    assert_eq!(cobs["cobs"].as_array().map(Vec::len), Some(2));
    let (_, lots) = env
        .bcb(
            Method::GET,
            &format!("/api/v1/lotecobv?{period}"),
            &own,
            &account,
            None,
        )
        .await;
    assert_eq!(lots["lotes"].as_array().map(Vec::len), Some(1));
    let (_, locs) = env
        .bcb(
            Method::GET,
            &format!("/api/v1/loc?{period}"),
            &own,
            &account,
            None,
        )
        .await;
    assert_eq!(locs["loc"].as_array().map(Vec::len), Some(1));
    let (status, unlinked) = env
        .bcb(
            Method::DELETE,
            &format!("/api/v1/loc/{}/txid", loc["id"]),
            &own,
            &account,
            None,
        )
        .await;
    assert_eq!((status, &unlinked["txid"]), (200, &Value::Null));
    env.assert_conserved().await;
}

#[tokio::test]
async fn other_banks_return_pix_and_reject_refunds() {
    let env = Env::new().await;
    let (own, account, _, _) = setup(&env).await;
    let key = random_key(&env, &own, &account).await;
    let before = balance(&env, &own, &account).await;
    let (_, sent) = create_pix(
        &env,
        &own,
        "ret-1",
        &json!({"account_id": account, "key": "gabriela.abreu@example.com", "amount": 640}),
    )
    .await;
    confirm_pix(&env, &own, &sent["id"], "ret-1c", &json!({})).await;
    let id = sent["id"].as_str().unwrap();
    let (status, _) = env
        .admin(
            &format!("/admin/pix/outbound_pix_payments/{id}/refund"),
            &json!({"reason_code": 99}),
        )
        .await;
    assert_eq!(status, 400, "not a return reason");
    let (status, _) = env
        .admin(
            &format!("/admin/pix/outbound_pix_payments/{id}/refund"),
            &json!({"reason_code": 5}),
        )
        .await;
    assert_eq!(status, 204);
    let back = pix_of(&env, &own, &sent["id"]).await;
    assert_eq!(
        (back["status"].as_str(), back["refunded_amount"].as_i64()),
        (Some("REFUNDED"), Some(640))
    );
    assert_eq!(balance(&env, &own, &account).await, before);
    // A refund to a payer outside, rejected by the payer's bank.
    let (_, received) = env
        .admin("/admin/pix/inbound", &json!({"key": key, "amount": 500}))
        .await;
    let (_, devolved) = refund(&env, &own, "rev-1", &received["id"], 200).await;
    let rid = devolved["id"].as_str().unwrap();
    let (status, _) = env
        .admin(
            &format!("/admin/refunds_for_inbound_pix_payments/{rid}/reverse"),
            &json!({"reason": "conta encerrada"}),
        )
        .await;
    assert_eq!(status, 204);
    let (_, detail) = env
        .read(
            &format!(
                "/api/v1/inbound_pix_payments/{}/",
                received["id"].as_str().unwrap()
            ),
            &own,
        )
        .await;
    assert_eq!(detail["refunded_amount"], 0);
    assert_eq!(balance(&env, &own, &account).await, before + 500);
    let (status, _) = env
        .admin(
            &format!("/admin/refunds_for_inbound_pix_payments/{rid}/reverse"),
            &json!({}),
        )
        .await;
    assert_eq!(status, 422, "once");
    env.assert_conserved().await;
}

#[tokio::test]
async fn claims_of_sandbox_keys_by_other_banks() {
    let env = Env::new().await;
    let (own, account, _, _) = setup(&env).await;
    let (_, status) = register(&env, &own, &account, "email", "financeiro@demo.com.br").await;
    assert_eq!(status, "active");
    let (status, claim) = env
        .admin(
            "/admin/pix/entry_claims",
            &json!({"key": "financeiro@demo.com.br"}),
        )
        .await;
    assert_eq!(
        (
            status,
            claim["direction"].as_str(),
            claim["claim_type"].as_str()
        ),
        (201, Some("inbound"), Some("ownership"))
    );
    let (status, _) = env
        .admin(
            "/admin/pix/entry_claims",
            &json!({"key": "financeiro@demo.com.br"}),
        )
        .await;
    assert_eq!(status, 422, "one claim at a time");
    let (status, _) = env
        .admin(
            "/admin/pix/entry_claims",
            &json!({"key": "ninguem@example.com"}),
        )
        .await;
    assert_eq!(status, 422);
    // Unanswered: 7 days, then the closing period, then the key leaves.
    env.admin(
        "/admin/clock/advance",
        &json!({"seconds": 14 * 86_400 + 120}),
    )
    .await;
    let own = env.access_token(DEMO_CLIENT_ID).await;
    assert_eq!(
        claim_of(&env, &own, &account, &claim["id"]).await["status"],
        "confirmed"
    );
    let (_, keys) = env
        .read(&format!("/api/v1/pix/{account}/entries"), &own)
        .await;
    assert!(keys["data"]
        .as_array()
        .unwrap()
        .iter()
        .all(|k| k["key"] != "financeiro@demo.com.br"));
    // Answered: rejected, the key stays; the answer is the donor's only.
    let (entry, _) = register(&env, &own, &account, "phone", "+5511912345678").await;
    let (_, claim) = env
        .admin("/admin/pix/entry_claims", &json!({"key": "+5511912345678"}))
        .await;
    let id = claim["id"].as_str().unwrap();
    // A key under claim cannot be deleted: the request is taken, then fails.
    let registered = env
        .http
        .put(format!(
            "{}/admin/applications/{DEMO_CLIENT_ID}/webhook",
            env.sandbox.base_url()
        ))
        .json(&json!({"url": "http://127.0.0.1:9/"}))
        .send()
        .await
        .unwrap();
    assert!(registered.status().is_success());
    let (status, _) = env
        .send(
            reqwest::Method::DELETE,
            &format!("/api/v1/pix/{account}/entries/{entry}"),
            &own,
            None,
            Some(&json!({"reason": "user_requested"})),
        )
        .await;
    assert_eq!(status, 202);
    let (_, key) = env
        .read(&format!("/api/v1/pix/{account}/entries/{entry}"), &own)
        .await;
    assert_eq!(key["key_status"], "active");
    assert!(key["events"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["type"] == "deletion_failed"));
    let emitted = {
        let store = env.sandbox.app.store.lock();
        store
            .outbox
            .iter()
            .map(|e| e.event_type.clone())
            .chain(store.webhook_attempts.iter().map(|a| a.event_type.clone()))
            .collect::<Vec<_>>()
    };
    assert!(
        emitted.iter().any(|t| t == "pix_entries_deletion_failed"),
        "{emitted:?}"
    );
    assert!(!emitted.iter().any(|t| t == "pix_entries_status_deleted"));
    let (status, _) = env
        .post(
            &format!("/api/v1/pix/{account}/entry_claims/{id}/actions/reject"),
            &own,
            &json!({}),
        )
        .await;
    assert_eq!(status, 202);
    let (status, body) = env
        .post(
            &format!("/api/v1/pix/{account}/entry_claims/{id}/actions/approve"),
            &own,
            &json!({}),
        )
        .await;
    assert_eq!(
        (status, body["type"].as_str()),
        (422, Some("srn:error:wrong_status"))
    );
    let (_, keys) = env
        .read(&format!("/api/v1/pix/{account}/entries"), &own)
        .await;
    assert!(keys["data"]
        .as_array()
        .unwrap()
        .iter()
        .any(|k| k["key"] == "+5511912345678"));
}
