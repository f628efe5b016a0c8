//! Webhooks over real HTTP: a receiver on a local port gets every state
//! change, encrypted to the application's key and signed by the sandbox's;
//! the cryptography is checked with an independent implementation (Node's
//! OpenSSL-backed crypto, `jose_check.mjs`); failures and slow receivers
//! are retried; deliveries are logged.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::{Json, Router};
use common::Env;
use serde_json::{json, Value};
use stone_sandbox::domain::seed::{DEMO_CLIENT_ID, DEMO_OPENBANK_CLIENT_ID, DEMO_PRIVATE_KEY_PEM};

#[derive(Default)]
struct Receiver {
    /// (event id, event type, body)
    got: Mutex<Vec<(String, String, Value)>>,
    /// Answer 500 to this many requests first.
    fail_first: Mutex<u32>,
    /// Sleep this long on the first request.
    slow_first: Mutex<Option<Duration>>,
}

async fn receive(
    State(r): State<Arc<Receiver>>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> StatusCode {
    let slow = r.slow_first.lock().unwrap().take();
    if let Some(d) = slow {
        tokio::time::sleep(d).await;
        return StatusCode::OK;
    }
    {
        let mut fail = r.fail_first.lock().unwrap();
        if *fail > 0 {
            *fail -= 1;
            return StatusCode::INTERNAL_SERVER_ERROR;
        }
    }
    let h = |k: &str| {
        headers
            .get(k)
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default()
    };
    r.got.lock().unwrap().push((
        h("x-stone-webhook-event-id"),
        h("x-stone-webhook-event-type"),
        body,
    ));
    StatusCode::OK
}

async fn receiver() -> (Arc<Receiver>, String) {
    let r = Arc::new(Receiver::default());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hooks", listener.local_addr().unwrap());
    let app = Router::new()
        .route("/hooks", post(receive))
        .with_state(r.clone());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (r, url)
}

async fn register(env: &Env, client_id: &str, url: &str) {
    let res = env
        .http
        .put(format!(
            "{}/admin/applications/{client_id}/webhook",
            env.sandbox.base_url()
        ))
        .json(&json!({ "url": url }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 204);
}

async fn wait_for(r: &Receiver, n: usize) -> Vec<(String, String, Value)> {
    for _ in 0..200 {
        if r.got.lock().unwrap().len() >= n {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    r.got.lock().unwrap().clone()
}

/// Decrypts and verifies with Node; Err(stderr) when it refuses.
fn node_check(jwe: &str, jwks: &Value) -> Result<Value, String> {
    use std::io::Write;
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/jose_check.mjs");
    let mut child = std::process::Command::new("node")
        .arg(script)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("node is needed for the independent JOSE check (installed by scripts/test.sh)");
    let input = json!({"jwe": jwe, "private_key_pem": DEMO_PRIVATE_KEY_PEM, "jwks": jwks});
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    if out.status.success() {
        Ok(serde_json::from_slice(&out.stdout).unwrap())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

#[tokio::test]
async fn every_state_change_is_signed_encrypted_and_logged() {
    let env = Env::new().await;
    let (r, url) = receiver().await;
    register(&env, DEMO_CLIENT_ID, &url).await;
    let own = env.access_token(DEMO_CLIENT_ID).await;
    let platform = env.access_token(DEMO_OPENBANK_CLIENT_ID).await;
    let (_, accounts) = env.read("/api/v1/accounts", &own).await;
    let account = accounts["data"][0]["id"].as_str().unwrap();
    let (_, users) = env.read("/api/v1/accounts", &platform).await;
    let code = users["data"][0]["account_code"].as_str().unwrap();
    let (_, t) = env
        .post("/api/v1/internal_transfers", &own, &json!({"account_id": account, "amount": 777, "target": {"account": {"account_code": code}}}))
        .await;
    let id = t["id"].as_str().unwrap();

    let got = wait_for(&r, 3).await;
    let types: Vec<&str> = got.iter().map(|(_, t, _)| t.as_str()).collect();
    for want in [
        "cash_out_internal_transfer",
        "cash_out_internal_transfer_approved",
        "cash_out_internal_transfer_finished",
    ] {
        assert!(types.contains(&want), "{want} not in {types:?}");
    }
    let jwks: Value = env
        .http
        .get(format!("{}/api/v1/discovery/keys", env.sandbox.base_url()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for (event_id, event_type, body) in &got {
        let jwe = body["encrypted_body"].as_str().unwrap();
        let claims = node_check(jwe, &jwks).unwrap();
        assert_eq!(claims["event_type"], event_type.as_str());
        assert_eq!(claims["id"], event_id.as_str());
        assert_eq!(claims["env"], "sandbox");
        assert_eq!(claims["target_id"], id);
        assert_eq!(claims["target_data"]["account_id"], account);
        assert!(claims["iat"].is_i64() && claims["jti"].is_string());
    }
    // The checker does refuse: a flipped ciphertext byte, a foreign JWKS.
    let jwe = got[0].2["encrypted_body"].as_str().unwrap();
    let mut parts: Vec<String> = jwe.split('.').map(str::to_owned).collect();
    let flipped = if parts[3].starts_with('A') { "B" } else { "A" };
    parts[3].replace_range(0..1, flipped);
    assert!(node_check(&parts.join("."), &jwks).is_err());
    let mut wrong = jwks.clone();
    wrong["keys"][0]["kid"] = json!("someone-else");
    assert!(node_check(jwe, &wrong)
        .unwrap_err()
        .contains("no signing key"));

    // The application's log lists what was delivered.
    let (status, log) = env
        .read(
            &format!("/api/v1/applications/application:{DEMO_CLIENT_ID}/webhooks"),
            &own,
        )
        .await;
    assert_eq!(status, 200);
    assert!(log["data"].as_array().unwrap().len() >= 3, "{log}");
    assert_eq!(
        log["data"][0]["client_id"],
        format!("application:{DEMO_CLIENT_ID}")
    );
    let (status, _) = env
        .read(
            &format!("/api/v1/applications/application:{DEMO_CLIENT_ID}/webhooks"),
            &platform,
        )
        .await;
    assert_eq!(status, 403, "another application's log");
}

#[tokio::test]
async fn failures_and_slow_receivers_are_retried() {
    let env = Env::new().await;
    env.admin(
        "/admin/webhooks/settings",
        &json!({"retry_base_ms": 20, "timeout_ms": 300}),
    )
    .await;
    let (r, url) = receiver().await;
    *r.fail_first.lock().unwrap() = 2;
    register(&env, DEMO_CLIENT_ID, &url).await;
    let own = env.access_token(DEMO_CLIENT_ID).await;
    let (_, accounts) = env.read("/api/v1/accounts", &own).await;
    let account = accounts["data"][0]["id"].as_str().unwrap();
    let invoice = json!({"account_id": account, "amount": 5_000, "invoice_type": "deposit",
                         "expiration_date": stone_openbank::barcode::iso_date(stone_openbank::barcode::today() + time::Duration::days(5))});
    env.post("/api/v1/barcode_payment_invoices", &own, &invoice)
        .await;
    let got = wait_for(&r, 1).await;
    assert_eq!(got[0].1, "barcode_payment_invoice_created");
    let attempts: Value = env
        .http
        .get(format!("{}/admin/webhooks", env.sandbox.base_url()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let statuses: Vec<Value> = attempts["attempts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["status"].clone())
        .collect();
    assert_eq!(
        statuses,
        vec![json!(500), json!(500), json!(200)],
        "{attempts}"
    );

    // A receiver slower than the timeout: logged as such, then retried.
    *r.slow_first.lock().unwrap() = Some(Duration::from_millis(1_000));
    env.admin("/admin/clock/advance", &json!({"seconds": 5}))
        .await; // registration
    let got = wait_for(&r, 2).await;
    assert_eq!(got[1].1, "barcode_payment_invoice_registered");
    let attempts: Value = env
        .http
        .get(format!("{}/admin/webhooks", env.sandbox.base_url()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let list = attempts["attempts"].as_array().unwrap();
    assert!(
        list.iter().any(|a| a["error"] == "receiver timed out"),
        "{attempts}"
    );
    assert_eq!(list.last().unwrap()["delivered"], true);
}
