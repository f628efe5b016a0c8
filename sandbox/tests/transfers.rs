//! Internal transfers over HTTP: both partnership models and their status
//! machines, the ledger and statement pages, idempotency's four cases (also
//! under concurrency), and money conservation under concurrent load.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::HashSet;
use std::sync::Arc;

use common::Env;
use reqwest::Method;
use serde_json::{json, Value};
use stone_sandbox::domain::seed::{DEMO_CLIENT_ID, DEMO_OPENBANK_CLIENT_ID};

async fn first_account(env: &Env, token: &str) -> Value {
    let (status, list) = env
        .send(Method::GET, "/api/v1/accounts", token, None, None)
        .await;
    assert_eq!(status, 200);
    list["data"][0].clone()
}

async fn balance(env: &Env, token: &str, id: &str) -> i64 {
    let (status, b) = env
        .send(
            Method::GET,
            &format!("/api/v1/accounts/{id}/balance"),
            token,
            None,
            None,
        )
        .await;
    assert_eq!(status, 200, "{b}");
    b["balance"].as_i64().unwrap()
}

fn transfer_body(from: &str, to_code: &str, amount: i64) -> Value {
    json!({"account_id": from, "amount": amount, "description": "test",
           "target": {"account": {"account_code": to_code}}})
}

/// Both seeded accounts: (own token, own account, platform token, user account).
async fn setup(env: &Env) -> (String, Value, String, Value) {
    let own = env.access_token(DEMO_CLIENT_ID).await;
    let platform = env.access_token(DEMO_OPENBANK_CLIENT_ID).await;
    let own_account = first_account(env, &own).await;
    let user_account = first_account(env, &platform).await;
    (own, own_account, platform, user_account)
}

#[tokio::test]
async fn own_account_transfers_are_approved_and_execute() {
    let env = Env::new().await;
    let (own, from, platform, to) = setup(&env).await;
    let (from_id, to_id) = (from["id"].as_str().unwrap(), to["id"].as_str().unwrap());
    let body = transfer_body(from_id, to["account_code"].as_str().unwrap(), 12_345);
    let (status, t) = env
        .send(
            Method::POST,
            "/api/v1/internal_transfers",
            &own,
            None,
            Some(&body),
        )
        .await;
    assert_eq!(status, 202, "{t}");
    assert_eq!(t["status"], "APPROVED");
    assert_eq!(t["target_account_owner_name"], "Maria da Silva");
    let id = t["id"].as_str().unwrap();
    let (_, got) = env
        .send(
            Method::GET,
            &format!("/api/v1/internal_transfers/{id}"),
            &own,
            None,
            None,
        )
        .await;
    assert_eq!(got["status"], "FINISHED");
    assert_eq!(balance(&env, &own, from_id).await, 10_000_000 - 12_345);
    assert_eq!(balance(&env, &platform, to_id).await, 250_000 + 12_345);

    let (_, page) = env
        .send(
            Method::GET,
            &format!("/api/v1/accounts/{from_id}/statement"),
            &own,
            None,
            None,
        )
        .await;
    let entry = &page["data"][0];
    assert_eq!(
        (entry["type"].as_str(), entry["operation"].as_str()),
        (Some("internal"), Some("debit"))
    );
    assert_eq!(entry["amount"], -12_345);
    assert_eq!(
        (
            entry["balance_before"].as_i64(),
            entry["balance_after"].as_i64()
        ),
        (Some(10_000_000), Some(10_000_000 - 12_345))
    );
    assert_eq!(entry["operation_id"], id);
    let entry_id = entry["id"].as_str().unwrap();
    let (status, one) = env
        .send(
            Method::GET,
            &format!("/api/v1/statement/entries/{entry_id}"),
            &own,
            None,
            None,
        )
        .await;
    assert_eq!((status, &one["id"]), (200, &entry["id"]));
    // The receiver's statement has the credit; the payer cannot read it.
    let (_, theirs) = env
        .send(
            Method::GET,
            &format!("/api/v1/accounts/{to_id}/statement"),
            &platform,
            None,
            None,
        )
        .await;
    assert_eq!(theirs["data"][0]["operation"], "credit");
    let (status, _) = env
        .send(
            Method::GET,
            &format!("/api/v1/accounts/{to_id}/statement"),
            &own,
            None,
            None,
        )
        .await;
    assert_eq!(status, 403);
    env.sandbox.shutdown().await.unwrap();
}

#[tokio::test]
async fn openbank_transfers_wait_for_the_owner() {
    let env = Env::new().await;
    let (own, own_account, platform, user) = setup(&env).await;
    let user_id = user["id"].as_str().unwrap();
    let body = transfer_body(
        user_id,
        own_account["account_code"].as_str().unwrap(),
        1_000,
    );
    let (status, t) = env
        .send(
            Method::POST,
            "/api/v1/internal_transfers",
            &platform,
            None,
            Some(&body),
        )
        .await;
    assert_eq!((status, t["status"].as_str()), (202, Some("CREATED")));
    let id = t["id"].as_str().unwrap().to_owned();
    assert_eq!(
        balance(&env, &platform, user_id).await,
        250_000,
        "nothing moves before approval"
    );

    // The platform cannot approve its users' cash-outs.
    let (status, _) = env
        .send(
            Method::POST,
            &format!("/api/v1/internal_transfers/{id}/approve"),
            &platform,
            None,
            None,
        )
        .await;
    assert_eq!(status, 403);
    // The owner approves (in Stone's app; here the admin API plays them).
    let (status, _) = env
        .admin(
            &format!("/admin/internal_transfers/{id}/approve"),
            &json!({}),
        )
        .await;
    assert_eq!(status, 204);
    let (_, got) = env
        .send(
            Method::GET,
            &format!("/api/v1/internal_transfers/{id}"),
            &platform,
            None,
            None,
        )
        .await;
    assert_eq!(got["status"], "FINISHED");
    assert!(got["approved_by"].as_str().unwrap().starts_with("user:"));
    assert_eq!(balance(&env, &platform, user_id).await, 249_000);
    // A decided transfer cannot be decided again.
    let (status, body) = env
        .admin(
            &format!("/admin/internal_transfers/{id}/reject"),
            &json!({}),
        )
        .await;
    assert_eq!(
        (status, body["type"].as_str()),
        (422, Some("srn:error:invalid_operation_status"))
    );

    // A rejected one never moves money.
    let (_, t2) = env
        .send(
            Method::POST,
            "/api/v1/internal_transfers",
            &platform,
            None,
            Some(&body_for(&user, &own_account, 500)),
        )
        .await;
    let id2 = t2["id"].as_str().unwrap();
    assert_eq!(
        env.admin(
            &format!("/admin/internal_transfers/{id2}/reject"),
            &json!({})
        )
        .await
        .0,
        204
    );
    let (_, got) = env
        .send(
            Method::GET,
            &format!("/api/v1/internal_transfers/{id2}"),
            &platform,
            None,
            None,
        )
        .await;
    assert_eq!(got["status"], "REJECTED");
    assert_eq!(balance(&env, &platform, user_id).await, 249_000);
    let _ = own;
    env.sandbox.shutdown().await.unwrap();
}

fn body_for(from: &Value, to: &Value, amount: i64) -> Value {
    transfer_body(
        from["id"].as_str().unwrap(),
        to["account_code"].as_str().unwrap(),
        amount,
    )
}

#[tokio::test]
async fn failures_and_refusals() {
    let env = Env::new().await;
    let (own, from, platform, to) = setup(&env).await;
    // More than the balance: accepted, then FAILED with code 1 (as Stone's).
    let (status, t) = env
        .send(
            Method::POST,
            "/api/v1/internal_transfers",
            &platform,
            None,
            Some(&body_for(&to, &from, 10_000_000)),
        )
        .await;
    assert_eq!(status, 202);
    let id = t["id"].as_str().unwrap();
    env.admin(
        &format!("/admin/internal_transfers/{id}/approve"),
        &json!({}),
    )
    .await;
    let (_, got) = env
        .send(
            Method::GET,
            &format!("/api/v1/internal_transfers/{id}"),
            &platform,
            None,
            None,
        )
        .await;
    assert_eq!(
        (got["status"].as_str(), got["failure_reason_code"].as_i64()),
        (Some("FAILED"), Some(1))
    );

    let cases = [
        (
            json!({"account_id": from["id"], "amount": 10.5, "target": {"account": {"account_code": to["account_code"]}}}),
            400,
            "srn:error:validation",
        ),
        (
            json!({"account_id": from["id"], "amount": -1, "target": {"account": {"account_code": to["account_code"]}}}),
            400,
            "srn:error:validation",
        ),
        (
            json!({"account_id": from["id"], "target": {}}),
            400,
            "srn:error:validation",
        ),
        (
            body_for(&from, &json!({"account_code": "999999"}), 100),
            422,
            "srn:error:target_account_not_found",
        ),
        (
            body_for(&from, &from, 100),
            422,
            "srn:error:cannot_transfer_to_source_account",
        ),
        (body_for(&to, &from, 100), 403, "srn:error:unauthorized"),
    ];
    for (body, status, kind) in cases {
        let (got, err) = env
            .send(
                Method::POST,
                "/api/v1/internal_transfers",
                &own,
                None,
                Some(&body),
            )
            .await;
        assert_eq!((got, err["type"].as_str()), (status, Some(kind)), "{body}");
    }
    let (_, err) = env
        .send(
            Method::POST,
            "/api/v1/internal_transfers",
            &own,
            None,
            Some(&json!({"account_id": from["id"], "amount": "1"})),
        )
        .await;
    assert_eq!(
        err["reason"].as_array().unwrap().len(),
        2,
        "errors are cumulative: {err}"
    );
    env.sandbox.shutdown().await.unwrap();
}

#[tokio::test]
async fn idempotency_keys_follow_stones_rules() {
    let env = Env::new().await;
    let (own, from, _, to) = setup(&env).await;
    let from_id = from["id"].as_str().unwrap();
    let body = body_for(&from, &to, 700);
    let first = env
        .send(
            Method::POST,
            "/api/v1/internal_transfers",
            &own,
            Some("key-1"),
            Some(&body),
        )
        .await;
    let again = env
        .send(
            Method::POST,
            "/api/v1/internal_transfers",
            &own,
            Some("key-1"),
            Some(&body),
        )
        .await;
    assert_eq!(first.0, 202);
    assert_eq!(first, again, "same key, same body: the original response");
    assert_eq!(
        balance(&env, &own, from_id).await,
        10_000_000 - 700,
        "executed once"
    );

    let other = body_for(&from, &to, 701);
    let (status, err) = env
        .send(
            Method::POST,
            "/api/v1/internal_transfers",
            &own,
            Some("key-1"),
            Some(&other),
        )
        .await;
    assert_eq!(
        (status, err["type"].as_str()),
        (409, Some("srn:error:idempotency_conflict"))
    );
    let long = "k".repeat(73);
    assert_eq!(
        env.send(
            Method::POST,
            "/api/v1/internal_transfers",
            &own,
            Some(&long),
            Some(&body)
        )
        .await
        .0,
        431
    );
    let max = "k".repeat(72);
    assert_eq!(
        env.send(
            Method::POST,
            "/api/v1/internal_transfers",
            &own,
            Some(&max),
            Some(&body)
        )
        .await
        .0,
        202
    );
    // An empty key is no key: two transfers, not one answer shared by
    // every request that sends the header empty.
    let before = balance(&env, &own, from_id).await;
    for amount in [11, 12] {
        let (status, _) = env
            .send(
                Method::POST,
                "/api/v1/internal_transfers",
                &own,
                Some(""),
                Some(&body_for(&from, &to, amount)),
            )
            .await;
        assert_eq!(status, 202);
    }
    assert_eq!(balance(&env, &own, from_id).await, before - 23);
    // A refused request leaves its key free.
    let bad = body_for(&from, &json!({"account_code": "999999"}), 1);
    assert_eq!(
        env.send(
            Method::POST,
            "/api/v1/internal_transfers",
            &own,
            Some("key-2"),
            Some(&bad)
        )
        .await
        .0,
        422
    );
    assert_eq!(
        env.send(
            Method::POST,
            "/api/v1/internal_transfers",
            &own,
            Some("key-2"),
            Some(&body)
        )
        .await
        .0,
        202
    );
    env.sandbox.shutdown().await.unwrap();
}

#[tokio::test]
async fn concurrent_retries_of_one_key_move_money_once() {
    let env = Arc::new(Env::new().await);
    let (own, from, _, to) = setup(&env).await;
    let body = body_for(&from, &to, 1_000);
    let mut tasks = Vec::new();
    for _ in 0..50 {
        let (env, own, body) = (env.clone(), own.clone(), body.clone());
        tasks.push(tokio::spawn(async move {
            env.send(
                Method::POST,
                "/api/v1/internal_transfers",
                &own,
                Some("same-key"),
                Some(&body),
            )
            .await
        }));
    }
    let mut ids = HashSet::new();
    for task in tasks {
        let (status, value) = task.await.unwrap();
        match status {
            202 => {
                ids.insert(value["id"].as_str().unwrap().to_owned());
            }
            423 => assert_eq!(value["type"], "srn:error:request_in_progress"),
            other => panic!("unexpected {other}: {value}"),
        }
    }
    assert_eq!(ids.len(), 1, "every 202 is the same transfer");
    assert_eq!(
        balance(&env, &own, from["id"].as_str().unwrap()).await,
        10_000_000 - 1_000
    );
}

#[tokio::test]
async fn statement_pages_walk_every_entry_once() {
    let env = Env::new().await;
    let (own, from, _, to) = setup(&env).await;
    let from_id = from["id"].as_str().unwrap();
    for amount in 1..=60 {
        let (status, _) = env
            .send(
                Method::POST,
                "/api/v1/internal_transfers",
                &own,
                None,
                Some(&body_for(&from, &to, amount)),
            )
            .await;
        assert_eq!(status, 202);
    }
    let mut seen = Vec::new();
    let mut after: Option<String> = None;
    let mut pages = 0;
    loop {
        let path = match &after {
            Some(c) => format!("/api/v1/accounts/{from_id}/statement?limit=25&after={c}"),
            None => format!("/api/v1/accounts/{from_id}/statement?limit=25"),
        };
        let (status, page) = env.send(Method::GET, &path, &own, None, None).await;
        assert_eq!(status, 200, "{page}");
        pages += 1;
        for e in page["data"].as_array().unwrap() {
            seen.push(e["operation_amount"].as_i64().unwrap());
        }
        match page["cursor"]["after"].as_str() {
            Some(c) => after = Some(c.to_owned()),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(
        seen,
        (1..=60).rev().collect::<Vec<_>>(),
        "newest first, each once"
    );
    // Going back from the last page with `before`.
    let (_, last) = env
        .send(
            Method::GET,
            &format!(
                "/api/v1/accounts/{from_id}/statement?limit=25&after={}",
                after.unwrap()
            ),
            &own,
            None,
            None,
        )
        .await;
    let before = last["cursor"]["before"].as_str().unwrap();
    let (_, previous) = env
        .send(
            Method::GET,
            &format!("/api/v1/accounts/{from_id}/statement?limit=25&before={before}"),
            &own,
            None,
            None,
        )
        .await;
    assert_eq!(previous["data"][0]["operation_amount"], 35);
    let (status, err) = env
        .send(
            Method::GET,
            &format!("/api/v1/accounts/{from_id}/statement?after=garbage!"),
            &own,
            None,
            None,
        )
        .await;
    assert_eq!(
        (status, err["type"].as_str()),
        (400, Some("srn:error:invalid_cursor"))
    );
    env.sandbox.shutdown().await.unwrap();
}

#[tokio::test]
async fn money_is_conserved_under_concurrent_transfers() {
    let env = Arc::new(Env::new().await);
    let own = env.access_token(DEMO_CLIENT_ID).await;
    // Four more accounts operated by the same application.
    for n in 0..4 {
        let (status, _) = env
            .admin(
                "/admin/accounts",
                &json!({"owner_name": format!("Conta {n}"), "owner_document": "11222333000181",
                                              "balance": 50_000, "operators": [DEMO_CLIENT_ID]}),
            )
            .await;
        assert_eq!(status, 201);
    }
    let (_, list) = env
        .send(Method::GET, "/api/v1/accounts", &own, None, None)
        .await;
    let accounts: Vec<Value> = list["data"].as_array().unwrap().clone();
    assert_eq!(accounts.len(), 5);
    let total = |env: Arc<Env>, own: String, accounts: Vec<Value>| async move {
        let mut sum = 0;
        for a in &accounts {
            sum += balance(&env, &own, a["id"].as_str().unwrap()).await;
        }
        sum
    };
    let before = total(env.clone(), own.clone(), accounts.clone()).await;
    let mut tasks = Vec::new();
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    for i in 0..400 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let from = &accounts[(seed % 5) as usize];
        let to = &accounts[((seed >> 8) % 5) as usize];
        if from["id"] == to["id"] {
            continue;
        }
        let body = body_for(from, to, ((seed >> 16) % 40_000) as i64 + 1);
        let (env, own) = (env.clone(), own.clone());
        let key = format!("load-{i}");
        tasks.push(tokio::spawn(async move {
            env.send(
                Method::POST,
                "/api/v1/internal_transfers",
                &own,
                Some(&key),
                Some(&body),
            )
            .await
            .0
        }));
    }
    for task in tasks {
        assert_eq!(task.await.unwrap(), 202);
    }
    let after = total(env.clone(), own.clone(), accounts.clone()).await;
    assert_eq!(before, after, "money only moves between accounts");
    // Every balance equals its last statement entry's balance_after, and no
    // balance went negative.
    for a in &accounts {
        let id = a["id"].as_str().unwrap();
        let b = balance(&env, &own, id).await;
        assert!(b >= 0);
        let (_, page) = env
            .send(
                Method::GET,
                &format!("/api/v1/accounts/{id}/statement?limit=1"),
                &own,
                None,
                None,
            )
            .await;
        if let Some(last) = page["data"].as_array().unwrap().first() {
            assert_eq!(last["balance_after"].as_i64(), Some(b));
        }
    }
}
