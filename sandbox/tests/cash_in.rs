//! Money arriving from other banks, played by the admin API: an incoming
//! TED, a boleto issued here paid at another bank, and one paid after its
//! limit date (returned).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::Env;
use serde_json::{json, Value};
use stone_sandbox::domain::seed::DEMO_CLIENT_ID;
use time::Duration;

fn iso_date(d: time::Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

async fn own_account(env: &Env, token: &str) -> String {
    let (_, accounts) = env.read("/api/v1/accounts", token).await;
    accounts["data"][0]["id"].as_str().unwrap().to_owned()
}

async fn balance(env: &Env, token: &str, account: &str) -> i64 {
    let (_, b) = env
        .read(&format!("/api/v1/accounts/{account}/balance"), token)
        .await;
    b["balance"].as_i64().unwrap()
}

#[tokio::test]
async fn an_incoming_ted_lands_in_the_statement_as_an_external_credit() {
    let env = Env::new().await;
    let token = env.access_token(DEMO_CLIENT_ID).await;
    let account = own_account(&env, &token).await;
    let before = balance(&env, &token, &account).await;

    let ted = json!({
        "account_id": account, "amount": 12_345, "description": "NF 1234",
        "sender": {"name": "Cliente Externo Ltda", "document": "11444777000161",
                   "institution_code": "341", "branch_code": "0001", "account_code": "99887"},
    });
    let (status, entry) = env.admin("/admin/cash_in/external_transfers", &ted).await;
    assert_eq!(status, 201, "{entry}");
    assert_eq!(entry["type"], "external");
    assert_eq!(entry["operation"], "credit");
    assert_eq!(entry["amount"], 12_345);
    assert_eq!(entry["counter_party"]["entity"]["document_type"], "cnpj");
    assert_eq!(entry["counter_party"]["account"]["account_code"], "99887");
    assert!(entry["counter_party"]["account"]["institution_name"]
        .as_str()
        .unwrap()
        .contains("Ita"));
    assert_eq!(balance(&env, &token, &account).await, before + 12_345);

    // The entry is the account's, by id and in its statement.
    let id = entry["id"].as_str().unwrap();
    let (status, got) = env
        .read(&format!("/api/v1/statement/entries/{id}"), &token)
        .await;
    assert_eq!(status, 200);
    assert_eq!(got["counter_party"], entry["counter_party"]);
    let (_, statement) = env
        .read(&format!("/api/v1/accounts/{account}/statement"), &token)
        .await;
    assert!(statement["data"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["id"] == entry["id"]));
    env.assert_conserved().await;

    // Refused clearly: nothing to credit, no such account, a bad sender.
    for (body, expected) in [
        (json!({"account_id": account, "amount": 0}), 400),
        (json!({"account_id": account, "amount": -5}), 400),
        (json!({"account_id": "no-such-account", "amount": 100}), 404),
        (
            json!({"account_id": account, "amount": 100, "sender": {"name": "X", "document": "123"}}),
            400,
        ),
        (
            json!({"account_id": account, "amount": 100,
                   "sender": {"name": "X", "document": "12345678909", "institution_code": "999"}}),
            400,
        ),
    ] {
        let (status, answer) = env.admin("/admin/cash_in/external_transfers", &body).await;
        assert_eq!(status, expected, "{body} -> {answer}");
    }
    assert_eq!(balance(&env, &token, &account).await, before + 12_345);
}

/// On the next business day (a token of that day's), issues a boleto of
/// `amount` due in 10 days and lets it register.
async fn registered_boleto(env: &Env, account: &str, amount: i64) -> (Value, String) {
    let day = env.to_business_day_at(10 * 60).await;
    let token = env.access_token(DEMO_CLIENT_ID).await;
    let token = token.as_str();
    let invoice = json!({
        "account_id": account, "amount": amount, "invoice_type": "bill_of_exchange",
        "expiration_date": iso_date(day + Duration::days(10)),
        "customer": {"document": "52998224725", "legal_name": "Maria da Silva"},
    });
    let (status, inv) = env
        .post("/api/v1/barcode_payment_invoices", token, &invoice)
        .await;
    assert_eq!(status, 201, "{inv}");
    let (status, _) = env
        .admin("/admin/clock/advance", &json!({"seconds": 5}))
        .await;
    assert_eq!(status, 200);
    (inv, token.to_owned())
}

#[tokio::test]
async fn a_boleto_paid_at_another_bank_settles_once() {
    let env = Env::new().await;
    let token = env.access_token(DEMO_CLIENT_ID).await;
    let account = own_account(&env, &token).await;
    let (inv, token) = registered_boleto(&env, &account, 5_000).await;
    let id = inv["id"].as_str().unwrap();
    let before = balance(&env, &token, &account).await;
    let pay = format!("/admin/barcode_payment_invoices/{id}/pay");

    // Another amount than the boleto's is refused by the payer's bank.
    let (status, answer) = env.admin(&pay, &json!({"amount": 4_999})).await;
    assert_eq!(status, 422, "{answer}");
    assert_eq!(answer["type"], "srn:error:invoice_amount_differs");

    let (status, paid) = env
        .admin(
            &pay,
            &json!({"payer": {"name": "João Pagador", "document": "52998224725"}}),
        )
        .await;
    assert_eq!(status, 200, "{paid}");
    assert_eq!(paid["status"], "SETTLED");
    assert!(paid["paid_at"].is_string());
    // Credited less the issuance fee, as when a Stone account pays it.
    assert_eq!(balance(&env, &token, &account).await, before + 5_000 - 200);
    let (_, got) = env
        .read(&format!("/api/v1/barcode_payment_invoices/{id}"), &token)
        .await;
    assert_eq!(got["status"], "SETTLED");

    // A second payment of the same boleto: refused, nothing moves.
    let (status, answer) = env.admin(&pay, &json!({})).await;
    assert_eq!(status, 422, "{answer}");
    assert_eq!(answer["type"], "srn:error:invoice_not_payable");
    assert_eq!(balance(&env, &token, &account).await, before + 5_000 - 200);
    env.assert_conserved().await;

    let (status, _) = env
        .admin(
            "/admin/barcode_payment_invoices/no-such-boleto/pay",
            &json!({}),
        )
        .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn a_boleto_paid_after_its_limit_date_is_returned() {
    let env = Env::new().await;
    let token = env.access_token(DEMO_CLIENT_ID).await;
    let account = own_account(&env, &token).await;
    let (inv, _) = registered_boleto(&env, &account, 7_500).await;
    let id = inv["id"].as_str().unwrap();
    let limit = time::Date::parse(
        inv["limit_date"].as_str().unwrap(),
        &time::format_description::well_known::Iso8601::DATE,
    )
    .unwrap();
    env.to_day_at(limit + Duration::days(1), 10 * 60).await;
    let token = env.access_token(DEMO_CLIENT_ID).await;
    let before = balance(&env, &token, &account).await;

    let (status, answer) = env
        .admin(
            &format!("/admin/barcode_payment_invoices/{id}/pay"),
            &json!({}),
        )
        .await;
    assert_eq!(status, 200, "{answer}");
    // The payment went back to the payer: still registered, no money.
    assert_eq!(answer["status"], "REGISTERED");
    assert!(answer["paid_at"].is_null());
    assert_eq!(balance(&env, &token, &account).await, before);
    env.assert_conserved().await;
}
