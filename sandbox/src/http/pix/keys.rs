//! The endpoints of [`crate::domain::pix::keys`]: reading the request
//! (the caller, its scopes, the body's fields), the idempotency key, and
//! Stone's JSON answers. The records, life cycles and rules they apply are
//! in the domain module.

use crate::domain::clock::Now;
use crate::domain::pix::keys::*;
use crate::domain::refusal::Refusal;
use crate::http::auth::caller;
use crate::http::error::body_of;
use crate::http::error::json_of;
use crate::http::idempotency;
use crate::http::server::App;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde_json::{json, Value};
use std::sync::Arc;

/// `POST /api/v1/pix/{account_id}/entries`.
pub async fn create(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(account_id): Path<String>,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), Refusal> {
    idempotency::create_once(
        &app,
        &headers,
        &body,
        WRITE,
        StatusCode::ACCEPTED,
        |store, now, client_id, value| register(store, now, client_id, &account_id, value),
    )
}

/// `GET /api/v1/pix/{account_id}/entries`: the account's keys (`cursor` is
/// `{}`: Stone does not page this list).
pub async fn list(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(account_id): Path<String>,
    uri: axum::http::Uri,
) -> Result<Json<Value>, Refusal> {
    let token = caller(&app, &headers, crate::domain::pix::READ)?;
    let store = app.store.lock();
    store.accessible_account(&token.client_id, &account_id)?;
    // The filter's vocabulary (SPEC §8.8): `key_created` is `active`.
    let wanted: Vec<String> = statuses_of(&uri)
        .into_iter()
        .map(|s| {
            if s == "key_created" {
                "active".into()
            } else {
                s
            }
        })
        .collect();
    let listed = |status: &str| {
        if wanted.is_empty() {
            status == "active"
        } else {
            wanted.iter().any(|w| w == status)
        }
    };
    let data: Vec<Value> = store
        .pix_keys
        .iter()
        .filter(|k| k.account_id == account_id && listed(k.key_status.as_str()))
        .map(|k| {
            let mut v = serde_json::to_value(k).unwrap_or(Value::Null);
            if let Some(m) = v.as_object_mut() {
                m.remove("events");
            }
            v
        })
        .collect();
    Ok(Json(json!({"cursor": {}, "data": data})))
}

/// `GET /api/v1/pix/{account_id}/entries/{id}`.
pub async fn get(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path((account_id, id)): Path<(String, String)>,
) -> Result<Json<Value>, Refusal> {
    let token = caller(&app, &headers, crate::domain::pix::READ)?;
    let store = app.store.lock();
    store.accessible_account(&token.client_id, &account_id)?;
    let index = find(&store, &account_id, &id)?;
    json_of(&store.pix_keys[index])
}

/// `DELETE /api/v1/pix/{account_id}/entries/{id}` (a JSON body with the
/// reason): 202 with the request id; the key is gone at once, unless
/// another institution is claiming it: the DICT keeps a key under claim
/// until the claim ends, so the deletion fails (`pix_entries_deletion_failed`)
/// and the key stays active.
pub async fn delete(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path((account_id, id)): Path<(String, String)>,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), Refusal> {
    let token = caller(&app, &headers, WRITE)?;
    const REASONS: [&str; 5] = [
        "user_requested",
        "account_closured",
        "entry_inactivity",
        "reconciliation",
        "fraud",
    ];
    let value = if body.is_empty() {
        json!({})
    } else {
        body_of(&body)?
    };
    if let Some(r) = value.get("reason") {
        if !r.as_str().is_some_and(|r| REASONS.contains(&r)) {
            return Err(Refusal::validation(&[(
                "reason",
                "must be one of user_requested, account_closured, entry_inactivity, reconciliation, fraud",
            )]));
        }
    }
    let now = Now::of(&app.clock);
    let mut store = app.store.lock();
    delete_key(&mut store, &now, &token.client_id, &account_id, &id)?;
    Ok((
        StatusCode::ACCEPTED,
        Json(json!({"id": uuid::Uuid::new_v4()})),
    ))
}

/// The `status[]` (or `status`) values of a list's query string.
pub fn statuses_of(uri: &axum::http::Uri) -> Vec<String> {
    uri.query()
        .unwrap_or("")
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .filter(|(k, _)| matches!(*k, "status[]" | "status%5B%5D" | "status"))
        .map(|(_, v)| v.to_owned())
        .collect()
}

/// `POST /api/v1/pix/{account_id}/entries/{id}` (Beta, SPEC §6.13.1 #66):
/// updates an active key's holder data — the name (`beneficiary_entity`)
/// or the account's branch and type (`beneficiary_account`), never the
/// document. 202 with the request id; 422 `already_updated` when nothing
/// would change.
pub async fn update(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path((account_id, id)): Path<(String, String)>,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), Refusal> {
    let token = caller(&app, &headers, WRITE)?;
    let value = body_of(&body)?;
    let (status, value) = idempotency::run(&app, &token.client_id, &headers, &body, || {
        let now = Now::of(&app.clock);
        let mut store = app.store.lock();
        update_key(&mut store, &now, &token.client_id, &account_id, &id, &value)?;
        Ok((StatusCode::ACCEPTED, json!({"id": uuid::Uuid::new_v4()})))
    })?;
    Ok((status, Json(value)))
}
