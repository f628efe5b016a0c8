//! The API client against the local sandbox over real HTTP.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rsa::pkcs1::EncodeRsaPrivateKey;
use rsa::pkcs8::DecodePrivateKey;
use stone_openbank::client::{Client, Credentials, Environment, Error, PrivateKey};
use stone_openbank::models::{NewInternalTransfer, TransferStatus};
use stone_sandbox::domain::seed::{DEMO_CLIENT_ID, DEMO_OPENBANK_CLIENT_ID, DEMO_PRIVATE_KEY_PEM};
use stone_sandbox::{start, Config, Sandbox};

async fn sandbox() -> Sandbox {
    start(Config::default()).await.unwrap()
}

fn client_for(sandbox: &Sandbox, client_id: &str, pem: &str) -> Client {
    Client::builder(
        "stone-openbank-tests",
        Credentials::ClientKey {
            client_id: client_id.into(),
            key: PrivateKey::from_pem(pem).unwrap(),
        },
    )
    .environment(Environment::local(&sandbox.base_url()))
    .build()
    .unwrap()
}

fn tokens_issued(sandbox: &Sandbox) -> usize {
    sandbox.app.store.lock().tokens.len()
}

#[tokio::test]
async fn reads_accounts_and_moves_money() {
    let sbx = sandbox().await;
    let own = client_for(&sbx, DEMO_CLIENT_ID, DEMO_PRIVATE_KEY_PEM);
    let platform = client_for(&sbx, DEMO_OPENBANK_CLIENT_ID, DEMO_PRIVATE_KEY_PEM);
    let accounts = own.accounts().await.unwrap();
    assert_eq!(accounts.len(), 1);
    let from = &accounts[0];
    assert!(from.created_at.is_some(), "dates are typed");
    assert_eq!(own.account(&from.id).await.unwrap(), *from);
    let to = platform.accounts().await.unwrap().remove(0);
    assert_eq!(own.balance(&from.id).await.unwrap().balance, 10_000_000);

    let transfer = own
        .create_internal_transfer(
            &NewInternalTransfer {
                account_id: from.id.clone(),
                amount: 2_500,
                target_account_code: to.account_code.clone(),
                description: Some("aluguel".into()),
                scheduled_to: None,
            },
            None,
        )
        .await
        .unwrap();
    assert_eq!(transfer.status, TransferStatus::Approved);
    assert_eq!(transfer.amount, 2_500);
    let done = own.internal_transfer(&transfer.id).await.unwrap();
    assert_eq!(done.status, TransferStatus::Finished);
    assert_eq!(
        own.balance(&from.id).await.unwrap().balance,
        10_000_000 - 2_500
    );
    assert_eq!(
        platform.balance(&to.id).await.unwrap().balance,
        250_000 + 2_500
    );
    sbx.shutdown().await.unwrap();
}

#[tokio::test]
async fn errors_are_typed() {
    let sbx = sandbox().await;
    let own = client_for(&sbx, DEMO_CLIENT_ID, DEMO_PRIVATE_KEY_PEM);
    let from = own.accounts().await.unwrap().remove(0);
    let new = |amount: i64, code: &str| NewInternalTransfer {
        account_id: from.id.clone(),
        amount,
        target_account_code: code.into(),
        description: None,
        scheduled_to: None,
    };
    match own
        .create_internal_transfer(&new(100, "999999"), None)
        .await
    {
        Err(Error::Api(e)) => {
            assert_eq!(e.status, 422);
            assert_eq!(e.kind, "srn:error:target_account_not_found");
            assert!(e.request_id.is_some(), "x-request-id is kept for support");
        }
        other => panic!("{other:?}"),
    }
    // Refused before any request.
    let before = sbx.app.store.lock().operations.len();
    for bad in [new(0, "400002"), new(-5, "400002"), new(5, "40-0002")] {
        assert!(matches!(
            own.create_internal_transfer(&bad, None).await,
            Err(Error::InvalidInput { .. })
        ));
    }
    let long = "k".repeat(73);
    assert!(matches!(
        own.create_internal_transfer(&new(5, "400002"), Some(&long))
            .await,
        Err(Error::InvalidInput {
            field: "idempotency_key",
            ..
        })
    ));
    assert!(matches!(
        own.balance("../admin").await,
        Err(Error::InvalidInput { .. })
    ));
    assert_eq!(sbx.app.store.lock().operations.len(), before);
    match own.balance("00000000-0000-0000-0000-000000000000").await {
        Err(Error::Api(e)) if e.status == 404 => {}
        other => panic!("{other:?}"),
    }
    sbx.shutdown().await.unwrap();
}

#[tokio::test]
async fn wrong_keys_fail_authentication_and_pkcs1_keys_work() {
    let sbx = sandbox().await;
    let other = client_for(
        &sbx,
        DEMO_CLIENT_ID,
        include_str!("../../sandbox/seed/other-app.key.pem"),
    );
    match other.accounts().await {
        Err(Error::Authentication {
            status: Some(401),
            error,
            ..
        }) => assert_eq!(error, "invalid_client"),
        other => panic!("{other:?}"),
    }
    let pkcs1 = rsa::RsaPrivateKey::from_pkcs8_pem(DEMO_PRIVATE_KEY_PEM)
        .unwrap()
        .to_pkcs1_pem(rsa::pkcs8::LineEnding::LF)
        .unwrap();
    assert!(pkcs1.starts_with("-----BEGIN RSA PRIVATE KEY-----"));
    let client = client_for(&sbx, DEMO_CLIENT_ID, &pkcs1);
    assert_eq!(client.accounts().await.unwrap().len(), 1);
    assert!(matches!(
        PrivateKey::from_pem("not a key"),
        Err(Error::InvalidInput { .. })
    ));
    sbx.shutdown().await.unwrap();
}

#[tokio::test]
async fn one_token_is_shared_and_renewed_once_after_a_401() {
    let sbx = sandbox().await;
    let client = client_for(&sbx, DEMO_CLIENT_ID, DEMO_PRIVATE_KEY_PEM);
    let account = client.accounts().await.unwrap().remove(0);
    // 30 concurrent calls on a client whose token is cached: no new token.
    let calls: Vec<_> = (0..30)
        .map(|_| {
            let (client, id) = (client.clone(), account.id.clone());
            tokio::spawn(async move { client.balance(&id).await })
        })
        .collect();
    for call in calls {
        call.await.unwrap().unwrap();
    }
    assert_eq!(tokens_issued(&sbx), 1);
    // A fresh client under 30 concurrent first calls: one renewal shared.
    let fresh = client_for(&sbx, DEMO_CLIENT_ID, DEMO_PRIVATE_KEY_PEM);
    let calls: Vec<_> = (0..30)
        .map(|_| {
            let (client, id) = (fresh.clone(), account.id.clone());
            tokio::spawn(async move { client.balance(&id).await })
        })
        .collect();
    for call in calls {
        call.await.unwrap().unwrap();
    }
    assert_eq!(tokens_issued(&sbx), 2);
    // The server's clock passes the token's life: the 401 renews it once.
    sbx.app.clock.advance(901);
    assert_eq!(
        client.balance(&account.id).await.unwrap().balance,
        10_000_000
    );
    let live = {
        let store = sbx.app.store.lock();
        let now = sbx.app.clock.now();
        store.tokens.values().filter(|t| t.expires_at > now).count()
    };
    assert_eq!(live, 1, "exactly one renewal after the 401");
    sbx.shutdown().await.unwrap();
}

#[tokio::test]
async fn an_access_token_from_elsewhere_works_and_secrets_stay_out_of_debug() {
    let sbx = sandbox().await;
    let keyed = client_for(&sbx, DEMO_CLIENT_ID, DEMO_PRIVATE_KEY_PEM);
    keyed.accounts().await.unwrap();
    let token = sbx.app.store.lock().tokens.keys().next().unwrap().clone();
    let creds = Credentials::AccessToken(token.clone());
    let debug = format!("{creds:?} {keyed:?}");
    assert!(!debug.contains(&token), "{debug}");
    assert!(
        !debug.contains("PRIVATE KEY") && !debug.contains("MII"),
        "{debug}"
    );
    let browser = Client::builder("front-end", creds)
        .environment(Environment::local(&sbx.base_url()))
        .build()
        .unwrap();
    assert_eq!(browser.accounts().await.unwrap().len(), 1);
    // Without a key there is no renewal: an expired token is an
    // authentication error, not a silent retry loop.
    sbx.app.clock.advance(901);
    assert!(matches!(
        browser.accounts().await,
        Err(Error::Authentication {
            status: Some(401),
            ..
        })
    ));
    assert!(Client::builder(" ", Credentials::AccessToken("x".into()))
        .build()
        .is_err());
    sbx.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_caller_key_makes_retries_safe() {
    let sbx = sandbox().await;
    let own = client_for(&sbx, DEMO_CLIENT_ID, DEMO_PRIVATE_KEY_PEM);
    let from = own.accounts().await.unwrap().remove(0);
    let new = NewInternalTransfer {
        account_id: from.id.clone(),
        amount: 999,
        target_account_code: "400002".into(),
        description: None,
        scheduled_to: None,
    };
    let a = own
        .create_internal_transfer(&new, Some("invoice-42"))
        .await
        .unwrap();
    let b = own
        .create_internal_transfer(&new, Some("invoice-42"))
        .await
        .unwrap();
    assert_eq!(a.id, b.id, "the same key is the same cash-out");
    assert_eq!(
        own.balance(&from.id).await.unwrap().balance,
        10_000_000 - 999
    );
    let changed = NewInternalTransfer {
        amount: 1_000,
        ..new
    };
    match own
        .create_internal_transfer(&changed, Some("invoice-42"))
        .await
    {
        Err(Error::Api(e)) if e.status == 409 => {
            assert_eq!(e.kind, "srn:error:idempotency_conflict")
        }
        other => panic!("409 is reported, never retried: {other:?}"),
    }
    sbx.shutdown().await.unwrap();
}

#[tokio::test]
async fn the_statement_is_walked_page_by_page() {
    let sbx = sandbox().await;
    let own = client_for(&sbx, DEMO_CLIENT_ID, DEMO_PRIVATE_KEY_PEM);
    let from = own.accounts().await.unwrap().remove(0);
    for amount in 1..=45 {
        own.create_internal_transfer(
            &NewInternalTransfer {
                account_id: from.id.clone(),
                amount,
                target_account_code: "400002".into(),
                description: None,
                scheduled_to: None,
            },
            None,
        )
        .await
        .unwrap();
    }
    let mut pages = own.statement(&from.id).page_size(20);
    let mut amounts = Vec::new();
    let mut count = 0;
    while let Some(page) = pages.next_page().await {
        let page = page.unwrap();
        count += 1;
        for entry in page {
            assert_eq!(entry.operation, stone_openbank::models::Operation::Debit);
            assert_eq!(
                entry.balance_before.unwrap() - entry.balance_after.unwrap(),
                -entry.amount
            );
            amounts.push(entry.operation_amount.unwrap());
        }
    }
    assert_eq!(count, 3);
    assert_eq!(amounts, (1..=45).rev().collect::<Vec<_>>());
    assert!(pages.next_page().await.is_none());
    sbx.shutdown().await.unwrap();
}

/// Thousands of attempts through dropped connections (before and after the
/// server commits), 500/503 and 429: every cash-out happens at most once,
/// and every one the client reports as done happened exactly once.
#[tokio::test]
async fn no_cash_out_is_ever_duplicated_under_faults() {
    use std::time::Duration;
    use stone_openbank::client::RetryPolicy;

    let sbx = sandbox().await;
    let client = Client::builder(
        "stone-openbank-tests",
        Credentials::ClientKey {
            client_id: DEMO_CLIENT_ID.into(),
            key: PrivateKey::from_pem(DEMO_PRIVATE_KEY_PEM).unwrap(),
        },
    )
    .environment(Environment::local(&sbx.base_url()))
    .retry(RetryPolicy {
        max_attempts: 12,
        base_delay: Duration::from_millis(1),
        max_delay: Duration::from_millis(5),
    })
    .build()
    .unwrap();
    let from = client.accounts().await.unwrap().remove(0);
    let start_balance = client.balance(&from.id).await.unwrap().balance;
    let http = reqwest::Client::new();
    let set = |body: serde_json::Value| {
        let (http, url) = (http.clone(), format!("{}/admin/faults", sbx.base_url()));
        async move { http.post(url).json(&body).send().await.unwrap() }
    };
    set(
        serde_json::json!({"error_rate": 0.1, "rate_limit_rate": 0.05, "drop_before_rate": 0.15,
                           "drop_after_rate": 0.3, "seed": 20261126u64}),
    )
    .await;

    let calls = 600;
    let mut tasks = Vec::new();
    for i in 0..calls {
        let (client, from_id) = (client.clone(), from.id.clone());
        tasks.push(tokio::spawn(async move {
            let key = format!("cash-out-{i}");
            let result = client
                .create_internal_transfer(
                    &NewInternalTransfer {
                        account_id: from_id,
                        amount: 1,
                        target_account_code: "400002".into(),
                        description: Some(key.clone()),
                        scheduled_to: None,
                    },
                    Some(&key),
                )
                .await;
            (key, result.map(|t| t.id))
        }));
    }
    let mut reported = Vec::new();
    let mut gave_up = 0;
    for task in tasks {
        match task.await.unwrap() {
            (key, Ok(id)) => reported.push((key, id)),
            (_, Err(_)) => gave_up += 1,
        }
    }
    set(serde_json::json!({})).await;

    {
        let store = sbx.app.store.lock();
        let mut seen = std::collections::HashMap::new();
        for t in &store.operations {
            *seen
                .entry(t.description.as_deref().unwrap().to_owned())
                .or_insert(0) += 1;
        }
        assert!(
            seen.values().all(|&n| n == 1),
            "a key produced two transfers"
        );
        for (key, id) in &reported {
            assert_eq!(seen.get(key), Some(&1), "{key} reported done");
            assert!(store
                .operations
                .iter()
                .any(|t| &t.id == id && t.description.as_deref() == Some(key.as_str())));
        }
        let moved = store.operations.len() as i64;
        let balance = store.account(&from.id).unwrap().balance;
        assert_eq!(
            balance,
            start_balance - moved,
            "money moved once per transfer"
        );
        assert!(
            reported.len() > calls * 9 / 10,
            "retries carried most calls through: {} of {calls}, {gave_up} gave up",
            reported.len()
        );
    }
    sbx.shutdown().await.unwrap();
}

/// The consent link's JWT verifies with the application's public key under
/// RS256 (checked by the sandbox's verifier) and carries every claim of the
/// SPEC; the redirect is read back.
#[tokio::test]
async fn consent_links_carry_a_verifiable_jwt() {
    use std::collections::BTreeMap;
    use stone_openbank::client::{parse_consent_redirect, ConsentResult, CONSENT_AUDIENCE};

    let sbx = sandbox().await;
    let platform = client_for(&sbx, DEMO_OPENBANK_CLIENT_ID, DEMO_PRIVATE_KEY_PEM);
    let metadata = BTreeMap::from([("user".to_owned(), "42".to_owned())]);
    let link = platform
        .consent_link("https://erp.example/stone/back", &metadata)
        .unwrap();
    assert!(link.starts_with(&format!("{}/consentimento?client_id=", sbx.base_url())));
    let jwt = link.split("jwt=").nth(1).unwrap();
    let key =
        stone_sandbox::domain::jwt::public_key(stone_sandbox::domain::seed::DEMO_PUBLIC_KEY_PEM)
            .unwrap();
    let claims = stone_sandbox::domain::jwt::verify_rs256(jwt, &key).unwrap();
    assert_eq!(claims["type"], "consent");
    assert_eq!(claims["client_id"], DEMO_OPENBANK_CLIENT_ID);
    assert_eq!(claims["iss"], DEMO_OPENBANK_CLIENT_ID);
    assert_eq!(claims["aud"], CONSENT_AUDIENCE);
    assert_eq!(claims["redirect_uri"], "https://erp.example/stone/back");
    assert_eq!(claims["session_metadata"]["user"], "42");
    let (iat, exp) = (
        claims["iat"].as_i64().unwrap(),
        claims["exp"].as_i64().unwrap(),
    );
    assert!(exp - iat <= 7200 && exp > iat);
    assert!(claims["jti"].as_str().is_some_and(|j| j.len() == 36));
    // A forged signature does not verify.
    let mut forged = jwt.to_owned();
    forged.push('A');
    assert!(stone_sandbox::domain::jwt::verify_rs256(&forged, &key).is_err());

    assert!(platform
        .consent_link("https://erp.example/back", &BTreeMap::new())
        .is_err());
    let token_only = Client::builder("t", Credentials::AccessToken("x".into()))
        .build()
        .unwrap();
    assert!(token_only
        .consent_link("https://erp.example/back", &metadata)
        .is_err());

    let back = parse_consent_redirect(
        "https://erp.example/stone/back?user=42&consent_result=approved&resource_id=acc-9",
    )
    .unwrap();
    assert_eq!(
        back.result,
        ConsentResult::Approved {
            resource_id: "acc-9".into()
        }
    );
    assert_eq!(back.session_metadata, metadata);
    sbx.shutdown().await.unwrap();
}

#[tokio::test]
async fn every_request_has_a_timeout() {
    let sbx = sandbox().await;
    let client = Client::builder(
        "stone-openbank-tests",
        Credentials::ClientKey {
            client_id: DEMO_CLIENT_ID.into(),
            key: PrivateKey::from_pem(DEMO_PRIVATE_KEY_PEM).unwrap(),
        },
    )
    .environment(Environment::local(&sbx.base_url()))
    .timeout(std::time::Duration::from_millis(150))
    .retry(stone_openbank::client::RetryPolicy {
        max_attempts: 2,
        base_delay: std::time::Duration::from_millis(1),
        max_delay: std::time::Duration::from_millis(1),
    })
    .build()
    .unwrap();
    let accounts = client.accounts().await.unwrap();
    let res = reqwest::Client::new()
        .post(format!("{}/admin/faults", sbx.base_url()))
        .json(&serde_json::json!({"latency_ms": 600}))
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success());
    let started = std::time::Instant::now();
    let e = client.balance(&accounts[0].id).await.unwrap_err();
    assert!(
        matches!(e, Error::Timeout(d) if d.as_millis() == 150),
        "{e:?}"
    );
    assert!(
        started.elapsed() < std::time::Duration::from_millis(600),
        "gave up before the slow answer"
    );
}
