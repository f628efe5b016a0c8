//! The sandbox under abuse: what a careless or hostile client sends gets a
//! clear answer, not a dropped connection or a stuck server.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::time::Duration;

use common::Env;
use serde_json::Value;
use stone_sandbox::domain::seed::DEMO_CLIENT_ID;
use stone_sandbox::{start, Config};

#[tokio::test]
async fn a_body_over_the_limit_is_a_413_in_stones_shape() {
    let env = Env::new().await;
    let token = env.access_token(DEMO_CLIENT_ID).await;
    let huge = format!("{{\"description\": \"{}\"}}", "x".repeat(3 << 20));
    for path in [
        "/api/v1/internal_transfers",
        "/api/v1/pix_payment_invoices",
        "/api/v1/cob/",
    ] {
        let res = env
            .http
            .post(format!("{}{path}", env.sandbox.base_url()))
            .header("user-agent", "sdk-tests")
            .header("content-type", "application/json")
            .bearer_auth(&token)
            .body(huge.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 413, "{path}");
        let body: Value = res.json().await.unwrap();
        assert_eq!(
            body["type"], "srn:error:payload_too_large",
            "{path}: {body}"
        );
    }
    // A method a route does not have: JSON too.
    let res = env
        .http
        .patch(format!("{}/api/v1/accounts", env.sandbox.base_url()))
        .header("user-agent", "sdk-tests")
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 405);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["type"], "srn:error:method_not_allowed");
    // The server is still there for the next caller.
    let (status, _) = env.read("/api/v1/accounts", &token).await;
    assert_eq!(status, 200);
}

async fn env_with(config: Config) -> Env {
    Env {
        sandbox: start(config).await.unwrap(),
        http: reqwest::Client::new(),
    }
}

/// Reads what the server sends until it closes the connection (or 10 s).
async fn read_until_closed(stream: &mut tokio::net::TcpStream) -> Option<String> {
    use tokio::io::AsyncReadExt;
    let mut got = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut got)).await;
    read.ok()
        .map(|_| String::from_utf8_lossy(&got).into_owned())
}

#[tokio::test]
async fn slow_clients_are_cut_off_and_others_still_served() {
    use tokio::io::AsyncWriteExt;
    let env = env_with(Config {
        slow_client_timeout: Duration::from_secs(1),
        ..Config::default()
    })
    .await;
    let token = env.access_token(DEMO_CLIENT_ID).await;
    let addr = env.sandbox.addr;

    // A request head that never ends: the connection is closed.
    let mut head = tokio::net::TcpStream::connect(addr).await.unwrap();
    head.write_all(b"GET /api/v1/accounts HTTP/1.1\r\nHost: sandbox\r\n")
        .await
        .unwrap();
    // A connection that sends nothing at all: closed too.
    let mut idle = tokio::net::TcpStream::connect(addr).await.unwrap();
    // A body that stops halfway: a 408 in Stone's shape.
    let mut body = tokio::net::TcpStream::connect(addr).await.unwrap();
    body.write_all(
        format!(
            "POST /api/v1/internal_transfers HTTP/1.1\r\nHost: sandbox\r\nUser-Agent: sdk-tests\r\n\
             Authorization: Bearer {token}\r\nContent-Type: application/json\r\n\
             Content-Length: 100\r\nConnection: close\r\n\r\n{{\"amount\": 1"
        )
        .as_bytes(),
    )
    .await
    .unwrap();

    // Meanwhile the sandbox serves everyone else.
    let (status, _) = env.read("/api/v1/accounts", &token).await;
    assert_eq!(status, 200);

    let started = std::time::Instant::now();
    assert_eq!(read_until_closed(&mut head).await.as_deref(), Some(""));
    assert_eq!(read_until_closed(&mut idle).await.as_deref(), Some(""));
    let answer = read_until_closed(&mut body).await.expect("closed in time");
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("srn:error:request_timeout"), "{answer}");
    assert!(started.elapsed() < Duration::from_secs(8));
}

#[tokio::test]
async fn admin_is_local_on_loopback_and_closed_beyond_it_without_a_token() {
    // Loopback, no token: the machine's own callers.
    let env = Env::new().await;
    let clock = format!("{}/admin/clock", env.sandbox.base_url());
    assert_eq!(env.http.get(&clock).send().await.unwrap().status(), 200);

    // Every interface, no token: /admin refuses everyone, the API still works.
    let env = env_with(Config {
        host: std::net::Ipv4Addr::UNSPECIFIED.into(),
        ..Config::default()
    })
    .await;
    let clock = format!("{}/admin/clock", env.sandbox.base_url());
    let res = env.http.get(&clock).send().await.unwrap();
    assert_eq!(res.status(), 403);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["type"], "srn:error:admin_disabled", "{body}");
    let res = env
        .http
        .post(format!("{}/admin/clock/advance", env.sandbox.base_url()))
        .json(&serde_json::json!({"seconds": 3600}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let token = env.access_token(DEMO_CLIENT_ID).await;
    let (status, _) = env.read("/api/v1/accounts", &token).await;
    assert_eq!(status, 200);

    // Others reach it by other names: the realm they address is their aud.
    let port = env.sandbox.addr.port();
    let mut claims = env.claims(DEMO_CLIENT_ID);
    claims["aud"] = format!("http://localhost:{port}/auth/realms/stone_bank").into();
    let assertion = common::sign(
        &serde_json::json!({"alg": "RS256", "typ": "JWT"}),
        &claims,
        stone_sandbox::domain::seed::DEMO_PRIVATE_KEY_PEM,
    );
    let form = [
        ("client_id", DEMO_CLIENT_ID),
        ("grant_type", "client_credentials"),
        ("client_assertion", assertion.as_str()),
        ("client_assertion_type", common::ASSERTION_TYPE),
    ];
    let token_path = "auth/realms/stone_bank/protocol/openid-connect/token";
    let by_name = env
        .http
        .post(format!("http://localhost:{port}/{token_path}"))
        .header("user-agent", "sdk-tests")
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(by_name.status(), 200);
    // ...but only the realm they addressed: the same assertion sent to
    // another name is refused.
    let mut claims = env.claims(DEMO_CLIENT_ID);
    claims["aud"] = "http://elsewhere.example/auth/realms/stone_bank".into();
    let (status, _) = env.token_for_claims(&claims).await;
    assert_eq!(status, 401);
}

#[tokio::test]
async fn an_admin_token_is_required_when_configured() {
    for host in [
        std::net::IpAddr::from(std::net::Ipv4Addr::UNSPECIFIED),
        std::net::Ipv4Addr::LOCALHOST.into(),
    ] {
        let env = env_with(Config {
            host,
            admin_token: Some("s3cret-admin".into()),
            ..Config::default()
        })
        .await;
        assert!(!format!("{:?}", env.sandbox.app.admin_access).contains("s3cret"));
        let clock = format!("{}/admin/clock", env.sandbox.base_url());
        let refused = [
            env.http.get(&clock),
            env.http.get(&clock).bearer_auth("wrong"),
            env.http.get(&clock).bearer_auth(""),
            env.http.get(&clock).header("authorization", "s3cret-admin"),
            env.http.get(&clock).bearer_auth("s3cret-admin-and-more"),
        ];
        for request in refused {
            let res = request.send().await.unwrap();
            assert_eq!(res.status(), 401, "{host}");
            let body: Value = res.json().await.unwrap();
            assert_eq!(body["type"], "srn:error:unauthorized");
            assert!(!body.to_string().contains("s3cret"));
        }
        let res = env
            .http
            .get(&clock)
            .bearer_auth("s3cret-admin")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{host}");
    }
}
