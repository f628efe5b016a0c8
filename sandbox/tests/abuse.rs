//! The sandbox under abuse: what a careless or hostile client sends gets a
//! clear answer, not a dropped connection or a stuck server.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::Env;
use serde_json::Value;
use stone_sandbox::seed::DEMO_CLIENT_ID;

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
