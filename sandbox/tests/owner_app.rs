//! The owner's app (`/app`) as a browser without JavaScript uses it: pages
//! and form posts. A platform's pending cash-outs approved one by one and in
//! a batch, money arriving, a consent revoked; names escaped; the same guard
//! as `/admin` beyond loopback. (`bindings-wasm/test/owner-app.test.mjs`
//! clicks through it in Chromium.)
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::Env;
use serde_json::{json, Value};
use stone_sandbox::domain::seed::{DEMO_CLIENT_ID, DEMO_OPENBANK_CLIENT_ID};
use stone_sandbox::{start, Config};

/// A browser that does not follow redirects (to see the 303s).
fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

async fn page(env: &Env, path: &str) -> String {
    let res = env
        .http
        .get(format!("{}{path}", env.sandbox.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{path}");
    res.text().await.unwrap()
}

/// Posts a form; the page it redirects to (with its message).
async fn submit(env: &Env, path: &str, form: &[(&str, &str)]) -> String {
    let res = browser()
        .post(format!("{}{path}", env.sandbox.base_url()))
        .form(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303, "{path}");
    let to = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(to.starts_with("/app/accounts/"), "{to}");
    page(env, &to).await
}

async fn pending_transfer(
    env: &Env,
    platform: &str,
    from: &str,
    to_code: &str,
    description: &str,
) -> String {
    let (status, t) = env
        .post(
            "/api/v1/internal_transfers",
            platform,
            &json!({"account_id": from, "amount": 250, "description": description,
                    "target": {"account": {"account_code": to_code}}}),
        )
        .await;
    assert_eq!(status, 202, "{t}");
    t["id"].as_str().unwrap().to_owned()
}

async fn status_of(env: &Env, token: &str, id: &str) -> Value {
    let (_, t) = env
        .read(&format!("/api/v1/internal_transfers/{id}"), token)
        .await;
    t["status"].clone()
}

#[tokio::test]
async fn the_owner_approves_rejects_receives_and_revokes() {
    let env = Env::new().await;
    let own = env.access_token(DEMO_CLIENT_ID).await;
    let platform = env.access_token(DEMO_OPENBANK_CLIENT_ID).await;
    let (_, mine) = env.read("/api/v1/accounts", &own).await;
    let (_, users) = env.read("/api/v1/accounts", &platform).await;
    let company_code = mine["data"][0]["account_code"].as_str().unwrap().to_owned();
    let company = mine["data"][0]["id"].as_str().unwrap().to_owned();
    let maria = users["data"][0]["id"].as_str().unwrap().to_owned();
    let home = format!("/app/accounts/{maria}");

    let index = page(&env, "/app").await;
    assert!(index.contains(&home), "the index links every account");

    // A platform's cash-out waits for Maria; its text is escaped.
    let one = pending_transfer(
        &env,
        &platform,
        &maria,
        &company_code,
        "<script>alert(1)</script>",
    )
    .await;
    let html = page(&env, &home).await;
    assert!(html.contains(&format!("data-operation=\"{one}\"")));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!html.contains("<script>alert"));

    // Approved one by one: it runs.
    let html = submit(
        &env,
        &format!("{home}/decisions"),
        &[("single", &format!("approve:{one}"))],
    )
    .await;
    assert!(html.contains("1 operação(ões) aprovada(s)"), "{html}");
    assert!(!html.contains(&format!("data-operation=\"{one}\"")));
    assert_eq!(status_of(&env, &platform, &one).await, "FINISHED");

    // A batch: the checked ones are rejected, the unchecked one still waits.
    let a = pending_transfer(&env, &platform, &maria, &company_code, "a").await;
    let b = pending_transfer(&env, &platform, &maria, &company_code, "b").await;
    let c = pending_transfer(&env, &platform, &maria, &company_code, "c").await;
    let html = submit(
        &env,
        &format!("{home}/decisions"),
        &[("op", &a), ("op", &b), ("batch", "reject")],
    )
    .await;
    assert!(html.contains("2 operação(ões) recusada(s)"), "{html}");
    assert_eq!(status_of(&env, &platform, &a).await, "REJECTED");
    assert_eq!(status_of(&env, &platform, &b).await, "REJECTED");
    assert!(html.contains(&format!("data-operation=\"{c}\"")));

    // Nothing selected, or another account's operation: refused, said so.
    let html = submit(&env, &format!("{home}/decisions"), &[("batch", "approve")]).await;
    assert!(html.contains("nenhuma operação selecionada"));
    let theirs = format!("/app/accounts/{company}/decisions");
    let html = submit(&env, &theirs, &[("single", &format!("approve:{c}"))]).await;
    assert!(html.contains("não é desta conta"), "{html}");
    assert_eq!(status_of(&env, &platform, &c).await, "CREATED");

    // Money arriving: a TED of R$ 150,00.
    let (_, before) = env
        .read(&format!("/api/v1/accounts/{maria}/balance"), &platform)
        .await;
    let html = submit(
        &env,
        &format!("{home}/simulate/ted"),
        &[
            ("amount", "150,00"),
            ("name", "Loja X"),
            ("document", "11444777000161"),
        ],
    )
    .await;
    assert!(html.contains("TED de R$ 150,00 recebida"), "{html}");
    let html = submit(&env, &format!("{home}/simulate/ted"), &[("amount", "-5")]).await;
    assert!(html.contains("valor inválido"));
    let (_, after) = env
        .read(&format!("/api/v1/accounts/{maria}/balance"), &platform)
        .await;
    assert_eq!(
        after["balance"].as_i64().unwrap(),
        before["balance"].as_i64().unwrap() + 15_000
    );

    // Maria revokes the platform's access: it is a stranger from now on.
    let html = submit(
        &env,
        &format!("{home}/consents/{DEMO_OPENBANK_CLIENT_ID}/revoke"),
        &[],
    )
    .await;
    assert!(html.contains("revogado"), "{html}");
    let (status, _) = env
        .read(&format!("/api/v1/accounts/{maria}/balance"), &platform)
        .await;
    assert_eq!(status, 403);
    env.assert_conserved().await;
}

#[tokio::test]
async fn the_app_is_closed_beyond_loopback_like_admin() {
    let env = Env {
        sandbox: start(Config {
            host: std::net::Ipv4Addr::UNSPECIFIED.into(),
            ..Config::default()
        })
        .await
        .unwrap(),
        http: reqwest::Client::new(),
    };
    for path in ["/app", "/app/accounts/x"] {
        let res = env
            .http
            .get(format!("{}{path}", env.sandbox.base_url()))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403, "{path}");
    }
}
