//! The statement's filters, as Stone's clients send them: a created_at
//! range, repeated `type[]`, `operation`; unknown values refused.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::Env;
use serde_json::{json, Value};
use stone_sandbox::domain::seed::DEMO_CLIENT_ID;

fn rfc3339(unix: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(unix)
        .unwrap()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}

#[tokio::test]
async fn statement_filters_by_time_type_and_operation() {
    let env = Env::new().await;
    let token = env.access_token(DEMO_CLIENT_ID).await;
    let (_, accounts) = env.read("/api/v1/accounts", &token).await;
    let account = accounts["data"][0]["id"].as_str().unwrap().to_owned();
    let ted = |amount: i64| json!({"account_id": account, "amount": amount});

    let first = env.now();
    let (status, _) = env
        .admin("/admin/cash_in/external_transfers", &ted(1_001))
        .await;
    assert_eq!(status, 201);
    let (status, t) = env
        .post(
            "/api/v1/internal_transfers",
            &token,
            &json!({"account_id": account, "amount": 1_002, "target": {"account": {"account_code": "400002"}}}),
        )
        .await;
    assert!(status < 300, "{t}");
    env.admin("/admin/clock/advance", &json!({"seconds": 600}))
        .await;
    let later = env.now();
    let (status, _) = env
        .admin("/admin/cash_in/external_transfers", &ted(1_003))
        .await;
    assert_eq!(status, 201);
    let token = env.access_token(DEMO_CLIENT_ID).await;

    let amounts = |query: String| {
        let (env, token, account) = (&env, &token, &account);
        async move {
            let (status, page) = env
                .read(
                    &format!("/api/v1/accounts/{account}/statement?{query}"),
                    token,
                )
                .await;
            assert_eq!(status, 200, "{query}: {page}");
            page["data"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["amount"].as_i64().unwrap())
                .filter(|a| (1_001..=1_003).contains(&a.abs()))
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(amounts(String::new()).await, vec![1_003, -1_002, 1_001]);
    assert_eq!(amounts("type[]=external".into()).await, vec![1_003, 1_001]);
    assert_eq!(
        amounts("type[]=external&type[]=internal".into()).await,
        vec![1_003, -1_002, 1_001]
    );
    assert_eq!(amounts("operation=debit".into()).await, vec![-1_002]);
    assert_eq!(
        amounts("operation=credit&type[]=internal".into()).await,
        Vec::<i64>::new()
    );
    let since = format!("start_datetime={}", rfc3339(later));
    assert_eq!(amounts(since).await, vec![1_003]);
    let until = format!(
        "start_datetime={}&end_datetime={}",
        rfc3339(first),
        rfc3339(later - 1)
    );
    assert_eq!(amounts(until).await, vec![-1_002, 1_001]);

    // What the API does not know is refused, naming the parameter.
    for (query, path) in [
        ("type[]=nope", "type"),
        ("operation=both", "operation"),
        ("start_datetime=yesterday", "start_datetime"),
        ("end_datetime=2026-13-01T00:00:00Z", "end_datetime"),
        (
            "start_datetime=2026-12-02T00:00:00Z&end_datetime=2026-12-01T00:00:00Z",
            "start_datetime",
        ),
    ] {
        let (status, body): (u16, Value) = env
            .read(
                &format!("/api/v1/accounts/{account}/statement?{query}"),
                &token,
            )
            .await;
        assert_eq!(status, 400, "{query}: {body}");
        assert_eq!(body["reason"][0]["path"][0], path, "{query}: {body}");
    }
}
