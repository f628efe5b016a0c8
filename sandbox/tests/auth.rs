//! The sandbox's auth rules and account reads, driven over real HTTP as a
//! client would: every refusal of §2 of the SPEC, token expiry, scopes,
//! access to accounts, the conventions every response follows.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{b64, sign, Env, ASSERTION_TYPE, OTHER_KEY};
use serde_json::{json, Value};
use stone_sandbox::domain::seed::{DEMO_CLIENT_ID, DEMO_OPENBANK_CLIENT_ID, DEMO_PRIVATE_KEY_PEM};

#[tokio::test]
async fn a_valid_assertion_gets_a_15_minute_token() {
    let env = Env::new().await;
    let (status, body) = env.token_for_claims(&env.claims(DEMO_CLIENT_ID)).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["expires_in"], 900);
    assert_eq!(body["token_type"], "bearer");
    assert!(body["scope"]
        .as_str()
        .unwrap()
        .contains("paymentaccount:read"));
    // A JWT signed by the key Stone publishes, whose claims say its
    // lifetime, like Stone's (auth.token.response.json has every field).
    let fixtures = std::env::var_os("STONE_FIXTURES").map_or_else(
        || std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/stone-api/fixtures"),
        std::path::PathBuf::from,
    );
    let fixture: Value = serde_json::from_str(
        &std::fs::read_to_string(fixtures.join("auth.token.response.json")).unwrap(),
    )
    .unwrap();
    for field in fixture.as_object().unwrap().keys() {
        assert!(body.get(field).is_some(), "the token answer lacks {field}");
    }
    let token = body["access_token"].as_str().unwrap();
    let keys = stone_openbank::client::Jwks::from_json(&env.sandbox.app.keys.jwks()).unwrap();
    let claims =
        stone_openbank::client::webhooks::verify(token, &keys, env.sandbox.app.clock.now())
            .unwrap();
    assert_eq!(
        claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
        900
    );
    assert_eq!(claims["azp"], DEMO_CLIENT_ID);
    assert_eq!(claims["session_state"], body["session_state"]);
    assert_eq!(claims["scope"], body["scope"]);
    assert!(claims["iss"]
        .as_str()
        .unwrap()
        .ends_with("/auth/realms/stone_bank"));
    // And it is what the API takes.
    let (status, _) = env.read("/api/v1/accounts", token).await;
    assert_eq!(status, 200);
    env.sandbox.shutdown().await.unwrap();
}

#[tokio::test]
async fn lenient_as_stone_is_in_practice() {
    let env = Env::new().await;
    // The Go SDK's spelling of the client-id claim.
    let mut claims = env.claims(DEMO_CLIENT_ID);
    let id = claims.as_object_mut().unwrap().remove("clientId").unwrap();
    claims["client_id"] = id;
    assert_eq!(env.token_for_claims(&claims).await.0, 200);
    // 1 h (Python samples) and 2 h (Go SDK) lifetimes; no iss (old guide).
    for lifetime in [3600, 7200] {
        let mut claims = env.claims(DEMO_CLIENT_ID);
        claims["exp"] = json!(env.now() + lifetime);
        claims.as_object_mut().unwrap().remove("iss");
        assert_eq!(
            env.token_for_claims(&claims).await.0,
            200,
            "lifetime {lifetime}"
        );
    }
    // The audience of Stone's own sandbox realm.
    let mut claims = env.claims(DEMO_CLIENT_ID);
    claims["aud"] = json!("https://sandbox-accounts.openbank.stone.com.br/auth/realms/stone_bank");
    assert_eq!(env.token_for_claims(&claims).await.0, 200);
    env.sandbox.shutdown().await.unwrap();
}

/// One change to valid claims that must make them refused.
type Alteration = Box<dyn Fn(&mut Value)>;

#[tokio::test]
async fn every_bad_assertion_is_refused() {
    let env = Env::new().await;
    let now = env.now();
    let cases: Vec<(&str, Alteration)> = vec![
        (
            "lifetime over 2 h",
            Box::new(move |c| c["exp"] = json!(now + 7201)),
        ),
        ("expired", Box::new(move |c| c["exp"] = json!(now - 1))),
        (
            "nbf in the future",
            Box::new(move |c| c["nbf"] = json!(now + 600)),
        ),
        (
            "iat in the future",
            Box::new(move |c| c["iat"] = json!(now + 600)),
        ),
        (
            "wrong aud",
            Box::new(|c| {
                c["aud"] = json!("https://accounts.openbank.stone.com.br/auth/realms/stone_bank")
            }),
        ),
        ("wrong realm", Box::new(|c| c["realm"] = json!("master"))),
        ("wrong sub", Box::new(|c| c["sub"] = json!("someone-else"))),
        ("wrong iss", Box::new(|c| c["iss"] = json!("someone-else"))),
        (
            "no client id claim",
            Box::new(|c| {
                c.as_object_mut().unwrap().remove("clientId");
            }),
        ),
        (
            "wrong client id claim",
            Box::new(|c| c["clientId"] = json!("someone-else")),
        ),
        (
            "no jti",
            Box::new(|c| {
                c.as_object_mut().unwrap().remove("jti");
            }),
        ),
        (
            "no exp",
            Box::new(|c| {
                c.as_object_mut().unwrap().remove("exp");
            }),
        ),
    ];
    for (name, alter) in cases {
        let mut claims = env.claims(DEMO_CLIENT_ID);
        alter(&mut claims);
        let (status, body) = env.token_for_claims(&claims).await;
        assert_eq!(status, 401, "{name}: {body}");
        assert_eq!(body["error"], "invalid_client", "{name}");
    }
    env.sandbox.shutdown().await.unwrap();
}

#[tokio::test]
async fn replays_other_keys_and_other_algorithms_are_refused() {
    let env = Env::new().await;
    let claims = env.claims(DEMO_CLIENT_ID);
    let assertion = sign(&json!({"alg": "RS256"}), &claims, DEMO_PRIVATE_KEY_PEM);
    assert_eq!(
        env.token_with(DEMO_CLIENT_ID, &assertion, Some("t"))
            .await
            .0,
        200
    );
    let (status, body) = env.token_with(DEMO_CLIENT_ID, &assertion, Some("t")).await;
    assert_eq!(status, 401, "a replayed jti: {body}");

    let forged = sign(
        &json!({"alg": "RS256"}),
        &env.claims(DEMO_CLIENT_ID),
        OTHER_KEY,
    );
    assert_eq!(
        env.token_with(DEMO_CLIENT_ID, &forged, Some("t")).await.0,
        401
    );

    let unsigned = format!(
        "{}.{}.",
        b64(&json!({"alg": "none"})),
        b64(&env.claims(DEMO_CLIENT_ID))
    );
    assert_eq!(
        env.token_with(DEMO_CLIENT_ID, &unsigned, Some("t")).await.0,
        401
    );
    // A valid RS256 signature under a header that claims HS256.
    let hs = sign(
        &json!({"alg": "HS256"}),
        &env.claims(DEMO_CLIENT_ID),
        DEMO_PRIVATE_KEY_PEM,
    );
    assert_eq!(env.token_with(DEMO_CLIENT_ID, &hs, Some("t")).await.0, 401);
    assert_eq!(
        env.token_with(DEMO_CLIENT_ID, "not-a-jwt", Some("t"))
            .await
            .0,
        401
    );
    env.sandbox.shutdown().await.unwrap();
}

#[tokio::test]
async fn the_request_itself_must_be_well_formed() {
    let env = Env::new().await;
    let assertion = sign(
        &json!({"alg": "RS256"}),
        &env.claims(DEMO_CLIENT_ID),
        DEMO_PRIVATE_KEY_PEM,
    );
    let (status, body) = env.token_with(DEMO_CLIENT_ID, &assertion, None).await;
    assert_eq!(status, 400, "User-Agent is mandatory: {body}");
    let (status, body) = env.token_with(DEMO_CLIENT_ID, &assertion, Some("  ")).await;
    assert_eq!(status, 400, "a blank User-Agent is none: {body}");
    // Any non-empty UTF-8 name is an application's name.
    let (status, body) = env
        .token_with(DEMO_CLIENT_ID, &assertion, Some("Integração ERP Açaí"))
        .await;
    assert_eq!(status, 200, "a UTF-8 User-Agent: {body}");
    let (status, _) = env
        .token_with("unknown-client", &assertion, Some("t"))
        .await;
    assert_eq!(status, 401);
    let res = env
        .http
        .post(format!(
            "{}/auth/realms/stone_bank/protocol/openid-connect/token",
            env.sandbox.base_url()
        ))
        .header("user-agent", "t")
        .form(&[
            ("client_id", DEMO_CLIENT_ID),
            ("grant_type", "password"),
            ("client_assertion", &assertion),
            ("client_assertion_type", ASSERTION_TYPE),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 400);
    env.sandbox.shutdown().await.unwrap();
}

#[tokio::test]
async fn tokens_expire_after_900_seconds() {
    let env = Env::new().await;
    let token = env.access_token(DEMO_CLIENT_ID).await;
    assert_eq!(env.get("/api/v1/accounts", Some(&token)).await.0, 200);
    // Its lifetime as the token says it (exp − iat), and the time left by
    // the sandbox's clock: a second of real time may pass while signing,
    // so the test moves the clock relative to the token, not to its start.
    let claims = token.split('.').nth(1).unwrap();
    let claims: Value = serde_json::from_slice(
        &base64::Engine::decode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, claims).unwrap(),
    )
    .unwrap();
    let exp = claims["exp"].as_i64().unwrap();
    assert_eq!(exp - claims["iat"].as_i64().unwrap(), 900);
    env.sandbox.app.clock.advance(exp - env.now() - 1);
    assert_eq!(env.get("/api/v1/accounts", Some(&token)).await.0, 200);
    env.sandbox.app.clock.advance(2);
    let (status, _, body) = env.get("/api/v1/accounts", Some(&token)).await;
    assert_eq!(status, 401);
    assert_eq!(body["type"], "srn:error:unauthenticated");
    env.sandbox.shutdown().await.unwrap();
}

#[tokio::test]
async fn each_application_sees_only_its_accounts() {
    let env = Env::new().await;
    let own = env.access_token(DEMO_CLIENT_ID).await;
    let platform = env.access_token(DEMO_OPENBANK_CLIENT_ID).await;
    let (status, request_id, list) = env.get("/api/v1/accounts", Some(&own)).await;
    assert_eq!(status, 200);
    assert!(
        request_id.is_some_and(|id| id.len() >= 32),
        "x-request-id on every response"
    );
    let accounts = list["data"].as_array().unwrap();
    assert_eq!(accounts.len(), 1);
    let id = accounts[0]["id"].as_str().unwrap();
    assert_eq!(accounts[0]["owner_name"], "Demo Pagamentos Ltda");

    let (status, _, balance) = env
        .get(&format!("/api/v1/accounts/{id}/balance"), Some(&own))
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        balance,
        json!({"balance": 10_000_000, "blocked_balance": 0, "scheduled_balance": 0})
    );
    let (status, _, account) = env.get(&format!("/api/v1/accounts/{id}"), Some(&own)).await;
    assert_eq!((status, account["id"].as_str()), (200, Some(id)));

    // The other application may not read this account.
    let (status, _, body) = env
        .get(&format!("/api/v1/accounts/{id}/balance"), Some(&platform))
        .await;
    assert_eq!(status, 403);
    assert_eq!(body["type"], "srn:error:unauthorized");
    let (status, _, _) = env
        .get("/api/v1/accounts/no-such-account", Some(&own))
        .await;
    assert_eq!(status, 404);
    // No token at all, and errors carry x-request-id too.
    let (status, request_id, body) = env.get("/api/v1/accounts", None).await;
    assert_eq!(
        (status, body["type"].as_str()),
        (401, Some("srn:error:unauthenticated"))
    );
    assert!(request_id.is_some());
    env.sandbox.shutdown().await.unwrap();
}

#[tokio::test]
async fn scopes_are_checked() {
    let env = Env::new().await;
    let res = env
        .http
        .post(format!("{}/admin/applications", env.sandbox.base_url()))
        .json(&json!({
            "client_id": "no-scopes", "name": "No scopes", "model": "own_account",
            "public_key_pem": stone_sandbox::domain::seed::DEMO_PUBLIC_KEY_PEM, "scopes": ["profile"],
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 201);
    let token = env.access_token("no-scopes").await;
    let (status, _, body) = env.get("/api/v1/accounts", Some(&token)).await;
    assert_eq!(
        (status, body["type"].as_str()),
        (403, Some("srn:error:unauthorized"))
    );
    env.sandbox.shutdown().await.unwrap();
}
