#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The operation surface the bindings call by name: every listed operation
//! is dispatched (none falls through to "not an operation"), arguments are
//! checked as the caller's input (named, unknown ones refused), and errors
//! come back as the one JSON shape every language maps.

use stone_openbank::client::surface::{self, ClientConfig};
use stone_openbank::client::{Client, Error};

/// A client whose requests cannot reach anything: dispatch is what is tested.
fn offline() -> Client {
    ClientConfig::from_json(
        r#"{"user_agent": "tests", "access_token": "t", "base_url": "http://127.0.0.1:9", "timeout_ms": 200, "max_attempts": 1}"#,
    )
    .and_then(|c| c.build())
    .expect("client")
}

fn field(e: &Error) -> Option<&str> {
    match e {
        Error::InvalidInput { field, .. } => Some(field),
        _ => None,
    }
}

#[tokio::test]
async fn arguments_are_the_callers_input() {
    let c = offline();
    let e = surface::call(&c, "balance", "{}").await.unwrap_err();
    assert_eq!(field(&e), Some("balance"));
    assert!(e.to_string().contains("account_id"), "{e}");
    let e = surface::call(&c, "balance", r#"{"account_id": "a", "acount": 1}"#)
        .await
        .unwrap_err();
    assert!(e.to_string().contains("acount"), "{e}");
    let e = surface::call(&c, "balance", r#"{"account_id": 7}"#)
        .await
        .unwrap_err();
    assert_eq!(field(&e), Some("balance"));
    let e = surface::call(&c, "balance", "not json").await.unwrap_err();
    assert_eq!(field(&e), Some("balance"));
    let t = r#"{"transfer": {"account_id": "a", "amount": 10.5, "target_account_code": "1"}}"#;
    let e = surface::call(&c, "create_internal_transfer", t)
        .await
        .unwrap_err();
    assert_eq!(field(&e), Some("create_internal_transfer"));
    // The core's own checks run after decoding, before any request.
    let t = r#"{"transfer": {"account_id": "a", "amount": -1, "target_account_code": "1"}}"#;
    let e = surface::call(&c, "create_internal_transfer", t)
        .await
        .unwrap_err();
    assert_eq!(field(&e), Some("amount"));
}

#[tokio::test]
async fn unknown_operations_and_wrong_kinds_are_refused() {
    let c = offline();
    let e = surface::call(&c, "transfer_everything", "{}")
        .await
        .unwrap_err();
    assert_eq!(field(&e), Some("operation"));
    let e = surface::call(&c, "statement", r#"{"account_id": "a"}"#)
        .await
        .unwrap_err();
    assert_eq!(field(&e), Some("operation"));
    let e = surface::page(&c, "balance", r#"{"account_id": "a"}"#, None, None)
        .await
        .unwrap_err();
    assert_eq!(field(&e), Some("operation"));
}

#[test]
fn errors_have_one_json_shape() {
    let e = Error::InvalidInput {
        field: "amount",
        reason: "must be positive".into(),
    };
    let v: serde_json::Value = serde_json::from_str(&surface::error_json(&e)).unwrap();
    assert_eq!(v["kind"], "invalid_input");
    assert_eq!(v["field"], "amount");
    assert!(v["message"].as_str().unwrap().contains("must be positive"));
    let e = Error::Timeout(std::time::Duration::from_millis(1500));
    let v: serde_json::Value = serde_json::from_str(&surface::error_json(&e)).unwrap();
    assert_eq!(
        (v["kind"].as_str(), v["timeout_ms"].as_u64()),
        (Some("timeout"), Some(1500))
    );
}

#[test]
fn the_config_is_checked_and_never_printed() {
    let bad = |json: &str| {
        ClientConfig::from_json(json)
            .and_then(|c| c.build())
            .unwrap_err()
    };
    assert_eq!(field(&bad(r#"{"user_agent": "x"}"#)), Some("credentials"));
    assert_eq!(
        field(&bad(
            r#"{"user_agent": "x", "access_token": "t", "environment": "staging"}"#
        )),
        Some("environment")
    );
    assert_eq!(
        field(&bad(
            r#"{"user_agent": "x", "access_token": "t", "environment": "sandbox", "base_url": "http://x"}"#
        )),
        Some("base_url")
    );
    assert_eq!(
        field(&bad(
            r#"{"user_agent": "x", "client_id": "c", "private_key": "-----BEGIN secret"}"#
        )),
        Some("private_key")
    );
    assert!(
        !bad(r#"{"user_agent": "x", "client_id": "c", "private_key": "-----BEGIN secret"}"#)
            .to_string()
            .contains("secret")
    );
    assert_eq!(
        field(&bad(r#"{"user_agent": " ", "access_token": "t"}"#)),
        Some("user_agent")
    );
    assert_eq!(
        field(&bad(r#"{"user_agent": "x", "acces_token": "t"}"#)),
        Some("config")
    );
    let c =
        ClientConfig::from_json(r#"{"user_agent": "x", "access_token": "sekret-token"}"#).unwrap();
    assert!(!format!("{c:?}").contains("sekret"));
}

/// Every operation of the list reaches its arm of the dispatcher: called
/// with no arguments it is refused for its arguments (or, without any,
/// fails on the network), never as an unknown operation.
#[cfg(feature = "schema")]
#[tokio::test]
async fn every_listed_operation_is_dispatched() {
    let c = offline();
    let described = surface::describe();
    let ops = described["operations"].as_array().unwrap();
    assert!(ops.len() >= 50, "{} operations", ops.len());
    for op in ops {
        let name = op["name"].as_str().unwrap();
        let result = if op["kind"] == "pages" {
            surface::page(&c, name, "{}", None, None).await.map(|_| ())
        } else {
            surface::call(&c, name, "{}").await.map(|_| ())
        };
        match result {
            Err(Error::InvalidInput { field, .. }) => assert_ne!(field, "operation", "{name}"),
            Err(_) => assert!(
                op["params"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .all(|p| p["schema"]["type"].is_array() || p["schema"].get("anyOf").is_some()),
                "{name} accepted no arguments"
            ),
            Ok(()) => assert!(
                op["kind"] == "local" || op["params"].as_array().unwrap().is_empty(),
                "{name} succeeded offline"
            ),
        }
    }
}
