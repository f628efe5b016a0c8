//! The optional SQLite file: a sandbox restarted on the same file has the
//! same accounts, balances, ledger, operations, boletos, contacts, keys and
//! tokens, and replays an idempotent create exactly as before.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::Env;
use serde_json::{json, Value};
use stone_sandbox::domain::seed::{DEMO_CLIENT_ID, DEMO_OPENBANK_CLIENT_ID};
use stone_sandbox::{start, Config};

async fn env_on(path: &std::path::Path) -> Env {
    Env {
        sandbox: start(Config {
            db: Some(path.to_owned()),
            ..Config::default()
        })
        .await
        .unwrap(),
        http: reqwest::Client::new(),
    }
}

#[tokio::test]
async fn a_restarted_sandbox_has_everything_back() {
    let dir = std::env::temp_dir().join(format!("stone-sandbox-db-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("sandbox.sqlite");

    let env = env_on(&path).await;
    let own = env.access_token(DEMO_CLIENT_ID).await;
    let platform = env.access_token(DEMO_OPENBANK_CLIENT_ID).await;
    let (_, a) = env.read("/api/v1/accounts", &own).await;
    let account = a["data"][0]["id"].as_str().unwrap().to_owned();
    let (_, b) = env.read("/api/v1/accounts", &platform).await;
    let code = b["data"][0]["account_code"].as_str().unwrap().to_owned();
    let body = json!({"account_id": account, "amount": 1234, "description": "antes", "target": {"account": {"account_code": code}}});
    let (status, t) = env
        .send(
            reqwest::Method::POST,
            "/api/v1/internal_transfers",
            &own,
            Some("k-persist"),
            Some(&body),
        )
        .await;
    assert_eq!(status, 202);
    let due = stone_openbank::barcode::iso_date(
        stone_openbank::barcode::today() + time::Duration::days(5),
    );
    let (_, inv) = env.post("/api/v1/barcode_payment_invoices", &own, &json!({"account_id": account, "amount": 5000, "invoice_type": "deposit", "expiration_date": due})).await;
    let (_, c) = env
        .post(
            &format!("/api/v1/accounts/{account}/contacts"),
            &own,
            &json!({"name": "Loja", "tax_id": "11222333000181"}),
        )
        .await;
    env.admin("/admin/clock/advance", &json!({"seconds": 3600}))
        .await;
    // Tokens live 900 s of the sandbox's clock: one issued now.
    let own = env.access_token(DEMO_CLIENT_ID).await;
    let (_, balance_before) = env
        .read(&format!("/api/v1/accounts/{account}/balance"), &own)
        .await;
    let (_, statement_before) = env
        .read(&format!("/api/v1/accounts/{account}/statement"), &own)
        .await;
    let (_, transfer_before) = env
        .read(
            &format!("/api/v1/internal_transfers/{}", t["id"].as_str().unwrap()),
            &own,
        )
        .await;
    let clock_before = env.now();
    env.sandbox.shutdown().await.unwrap();

    let env = env_on(&path).await;
    // The token issued before the restart still works.
    let (status, balance_after) = env
        .read(&format!("/api/v1/accounts/{account}/balance"), &own)
        .await;
    assert_eq!(status, 200);
    assert_eq!(balance_after, balance_before);
    assert_eq!(
        env.read(&format!("/api/v1/accounts/{account}/statement"), &own)
            .await
            .1,
        statement_before
    );
    assert_eq!(
        env.read(
            &format!("/api/v1/internal_transfers/{}", t["id"].as_str().unwrap()),
            &own
        )
        .await
        .1,
        transfer_before
    );
    let (status, again) = env
        .send(
            reqwest::Method::POST,
            "/api/v1/internal_transfers",
            &own,
            Some("k-persist"),
            Some(&body),
        )
        .await;
    assert_eq!(
        (status, &again),
        (202, &t),
        "the replay answers the original response"
    );
    let (_, inv_after) = env
        .read(
            &format!(
                "/api/v1/barcode_payment_invoices/{}",
                inv["id"].as_str().unwrap()
            ),
            &own,
        )
        .await;
    assert_eq!(inv_after["barcode"], inv["barcode"]);
    assert_eq!(
        inv_after["status"], "REGISTERED",
        "registered while the clock moved"
    );
    let (_, c_after) = env
        .read(
            &format!(
                "/api/v1/accounts/{account}/contacts/{}",
                c["id"].as_str().unwrap()
            ),
            &own,
        )
        .await;
    assert_eq!(c_after["tax_id"], "11222333000181");
    assert!(env.now() >= clock_before, "the clock does not go back");
    env.assert_conserved().await;
    // New work continues on the restored state.
    let (status, t2) = env.post("/api/v1/internal_transfers", &own, &json!({"account_id": account, "amount": 1, "target": {"account": {"account_code": code}}})).await;
    assert_eq!(status, 202, "{t2}");
    let (_, st): (u16, Value) = env
        .read(&format!("/api/v1/accounts/{account}/statement"), &own)
        .await;
    assert_eq!(
        st["data"].as_array().unwrap().len(),
        statement_before["data"].as_array().unwrap().len() + 1
    );
    env.sandbox.shutdown().await.unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}
