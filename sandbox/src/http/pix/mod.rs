//! The endpoints of [`crate::domain::pix`]: reading the request
//! (the caller, its scopes, the body's fields), the idempotency key, and
//! Stone's JSON answers. The records, life cycles and rules they apply are
//! in the domain module.

use crate::domain::refusal::Refusal;
use crate::http::auth::caller;
use crate::http::error::body_of;
use crate::http::idempotency;
use crate::http::server::App;
use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde_json::Value;

pub mod bcb;
pub mod bcb_cobv;
pub mod bcb_loc;
pub mod charges;
pub mod claims;
pub mod inbound;
pub mod infractions;
pub mod keys;
pub mod list;
pub mod lookup;
pub mod outbound;
pub mod refunds;
/// An idempotency key is mandatory on Pix money movements and charges
/// (SPEC §6.13, "I!").
fn require_idempotency_key(headers: &HeaderMap) -> Result<(), Refusal> {
    if idempotency::key_of(headers).is_some() {
        Ok(())
    } else {
        Err(Refusal::validation(&[("idempotency_key", "is required")]))
    }
}

type Create = fn(&App, &str, &Value) -> Result<(StatusCode, Value), Refusal>;

/// A Pix creation (charge or payment): authorised, keyed (an idempotency
/// key is mandatory), a JSON object, then the resource's own rules.
fn keyed_create(
    app: &App,
    headers: &HeaderMap,
    body: &Bytes,
    scopes: &[&str],
    inner: Create,
) -> Result<(StatusCode, Json<Value>), Refusal> {
    let token = caller(app, headers, scopes)?;
    require_idempotency_key(headers)?;
    let value = body_of(body)?;
    let (status, value) = idempotency::run(app, &token.client_id, headers, body, || {
        inner(app, &token.client_id, &value)
    })?;
    Ok((status, Json(value)))
}
