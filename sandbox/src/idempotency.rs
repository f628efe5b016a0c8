//! `x-stone-idempotency-key` with Stone's semantics (SPEC §5.8), per
//! application: a new key runs the operation; the same key with the same
//! body returns the original response; while the first request still runs,
//! 423; the same key with another body, 409; a key over 72 characters, 431.

use std::collections::HashMap;

use axum::http::{HeaderMap, StatusCode};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::domain::refusal::{Class, Refusal};
use crate::server::App;

pub const MAX_KEY_LEN: usize = 72;

/// Removes an in-flight key when dropped (only on unwinding: the normal
/// path forgets it and records the outcome).
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

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub enum Entry {
    InFlight {
        body: [u8; 32],
    },
    Done {
        body: [u8; 32],
        #[serde(with = "status_code")]
        status: StatusCode,
        response: Response,
    },
}

/// A kept answer's status as its number.
mod status_code {
    use axum::http::StatusCode;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(status: &StatusCode, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u16(status.as_u16())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<StatusCode, D::Error> {
        StatusCode::from_u16(u16::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

/// A response as kept for replays: a cash-out's as a pointer to its record
/// and the status it was accepted with (rebuilt by
/// `operations::http::as_accepted`), anything else as JSON text (a
/// fraction of a `Value` tree's memory; replays are rare).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub enum Response {
    Json(Box<str>),
    Operation {
        index: usize,
        status: crate::operations::Status,
        approved: bool,
    },
}

impl Response {
    fn to_value(&self, store: &crate::store::Store) -> Value {
        match self {
            Response::Json(text) => serde_json::from_str(text).unwrap_or(Value::Null),
            Response::Operation {
                index,
                status,
                approved,
            } => store
                .operations
                .get(*index)
                .map(|op| crate::operations::http::as_accepted(op, *status, *approved))
                .and_then(|op| serde_json::to_value(op).ok())
                .unwrap_or(Value::Null),
        }
    }
}

/// Keys by (client id, key).
pub type Keys = HashMap<(String, String), Entry>;

fn digest(body: &[u8]) -> [u8; 32] {
    Sha256::digest(body).into()
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
    if key.len() > MAX_KEY_LEN {
        return Err(Refusal::new(Class::KeyTooLong, "idempotency_key_too_long"));
    }
    let id = (client_id.to_owned(), key.to_owned());
    let hash = digest(body);
    {
        let mut store = app.store.lock();
        match store.idempotency.get(&id) {
            Some(Entry::Done {
                body,
                status,
                response,
            }) if *body == hash => {
                crate::server::mark_replayed();
                return Ok((*status, response.to_value(&store)));
            }
            Some(Entry::InFlight { body }) if *body == hash => {
                return Err(Refusal::new(Class::Locked, "request_in_progress"));
            }
            Some(_) => {
                return Err(Refusal::new(Class::Conflict, "idempotency_conflict"));
            }
            None => {
                store
                    .idempotency
                    .insert(id.clone(), Entry::InFlight { body: hash });
            }
        }
    }
    // The lock is released while the operation runs, so a concurrent
    // retry sees InFlight (423) instead of waiting. Should the operation
    // panic, the guard frees the key: retries must not get 423 forever.
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
            store.idempotency.insert(
                id,
                Entry::Done {
                    body: hash,
                    status,
                    response: kept,
                },
            );
            Ok((status, value))
        }
        // A refused request did nothing: the key may be used again.
        Err(e) => {
            store.idempotency.remove(&id);
            Err(e)
        }
    }
}
