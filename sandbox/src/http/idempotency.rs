//! `x-stone-idempotency-key` over HTTP: the key from the header, the
//! operation run at most once under it, its answer kept and replayed with
//! the status it first had (the rules are `crate::domain::idempotency`'s).

use axum::http::{HeaderMap, StatusCode};
use serde_json::Value;

use crate::domain::idempotency::{claim, digest, settle, Claim, Response};
use crate::domain::operations::requests;
use crate::domain::refusal::{Class, Refusal};
use crate::domain::store::Store;
use crate::http::server::App;

/// Frees an in-flight key when dropped (only on unwinding: the normal path
/// forgets it and records the outcome).
struct InFlightGuard<'a> {
    app: &'a App,
    id: Option<(String, String)>,
}

impl Drop for InFlightGuard<'_> {
    fn drop(&mut self) {
        if let Some(id) = self.id.take() {
            self.app.store.lock().idempotency.remove(&id);
        }
    }
}

/// A kept answer as it is sent again.
fn replay(response: &Response, store: &Store) -> Value {
    match response {
        Response::Json(text) => serde_json::from_str(text).unwrap_or(Value::Null),
        Response::Operation {
            index,
            status,
            approved,
        } => store
            .operations
            .get(*index)
            .map(|op| requests::as_accepted(op, *status, *approved))
            .and_then(|op| serde_json::to_value(op).ok())
            .unwrap_or(Value::Null),
    }
}

/// Runs `operation` once per key: its response is stored and replayed.
/// Without a key the operation simply runs (Stone recommends, not requires,
/// the header).
pub fn run(
    app: &App,
    client_id: &str,
    headers: &HeaderMap,
    body: &[u8],
    operation: impl FnOnce() -> Result<(StatusCode, Value), Refusal>,
) -> Result<(StatusCode, Value), Refusal> {
    run_keeping(app, client_id, headers, body, || {
        operation().map(|(status, value)| {
            let kept = Response::Json(value.to_string().into_boxed_str());
            (status, value, kept)
        })
    })
}

/// The request's idempotency key: `x-stone-idempotency-key`, unless absent
/// or empty. An empty header is no key (as Stone reads it), not one key
/// shared by every request that sends it empty.
pub fn key_of(headers: &HeaderMap) -> Option<&str> {
    headers
        .get("x-stone-idempotency-key")
        .and_then(|v| v.to_str().ok())
        .filter(|k| !k.trim().is_empty())
}

/// As [`run`], for an operation that gives the response to keep itself.
pub fn run_keeping(
    app: &App,
    client_id: &str,
    headers: &HeaderMap,
    body: &[u8],
    operation: impl FnOnce() -> Result<(StatusCode, Value, Response), Refusal>,
) -> Result<(StatusCode, Value), Refusal> {
    let Some(key) = key_of(headers) else {
        return operation().map(|(status, value, _)| (status, value));
    };
    let id = (client_id.to_owned(), key.to_owned());
    let hash = digest(body);
    {
        let mut store = app.store.lock();
        if let Claim::Replay(status, response) = claim(&mut store.idempotency, &id, hash)? {
            crate::http::server::mark_replayed();
            let status = StatusCode::from_u16(status)
                .map_err(|_| Refusal::new(Class::Internal, "internal"))?;
            return Ok((status, replay(&response, &store)));
        }
    }
    // The lock is released while the operation runs, so a concurrent
    // retry sees the key in flight (423) instead of waiting. Should the
    // operation panic, the guard frees the key: retries must not get 423
    // forever.
    let _commit = app.commits.read().unwrap_or_else(|p| p.into_inner());
    let guard = InFlightGuard {
        app,
        id: Some(id.clone()),
    };
    let outcome = operation();
    std::mem::forget(guard);
    let mut store = app.store.lock();
    match outcome {
        Ok((status, value, kept)) => {
            settle(
                &mut store.idempotency,
                id,
                hash,
                Some((status.as_u16(), kept)),
            );
            Ok((status, value))
        }
        // A refused request did nothing: the key may be used again.
        Err(e) => {
            settle(&mut store.idempotency, id, hash, None);
            Err(e)
        }
    }
}

/// A create endpoint's one path: the caller with one of `scopes`, the body
/// as a JSON object, the domain's `create` run once per idempotency key
/// under the store's lock, answered with `status` (replays with the first).
pub fn create_once(
    app: &App,
    headers: &HeaderMap,
    body: &[u8],
    scopes: &[&str],
    status: StatusCode,
    create: impl FnOnce(&mut Store, &crate::domain::clock::Now, &str, &Value) -> Result<Value, Refusal>,
) -> Result<(StatusCode, axum::Json<Value>), Refusal> {
    let token = crate::http::auth::caller(app, headers, scopes)?;
    let value = crate::http::error::body_of(body)?;
    let (status, value) = run(app, &token.client_id, headers, body, || {
        let now = crate::domain::clock::Now::of(&app.clock);
        let mut store = app.store.lock();
        create(&mut store, &now, &token.client_id, &value).map(|v| (status, v))
    })?;
    Ok((status, axum::Json(value)))
}
