//! The endpoints of [`crate::domain::pix::refunds`]: reading the request
//! (the caller, its scopes, the body's fields), the idempotency key, and
//! Stone's JSON answers. The records, life cycles and rules they apply are
//! in the domain module.

use crate::domain::clock::Now;
use crate::domain::pix::refunds::*;
use crate::domain::refusal::Refusal;
use crate::http::server::App;
use axum::http::StatusCode;
use serde_json::Value;
use std::sync::Arc;

/// `POST /api/v1/refunds_for_inbound_pix_payments` → 202, `PENDING`
/// (the idempotency key is mandatory).
pub async fn create(
    axum::extract::State(app): axum::extract::State<Arc<App>>,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
) -> Result<(StatusCode, axum::Json<Value>), Refusal> {
    crate::http::pix::keyed_create(&app, &headers, &body, SCOPES, create_inner)
}

fn create_inner(app: &App, client_id: &str, body: &Value) -> Result<(StatusCode, Value), Refusal> {
    create_for(app, client_id, body, None)
}

/// A refund, also asked through the BCB API (its `devolucao` id kept as
/// `bcb_id`, by which that API finds it again).
pub fn create_for(
    app: &App,
    client_id: &str,
    body: &Value,
    bcb_id: Option<&str>,
) -> Result<(StatusCode, Value), Refusal> {
    let now = Now::of(&app.clock);
    let mut store = app.store.lock();
    request_refund(&mut store, &now, client_id, body, bcb_id).map(|v| (StatusCode::ACCEPTED, v))
}

/// `POST /admin/refunds_for_inbound_pix_payments/{id}/reverse`: the payer's
/// institution, outside the sandbox, rejects a settled refund and sends the
/// money back (204): REVERSED, the refunding account credited
/// (`refund_reversal_for_pix_payment`), the received Pix's
/// `refunded_amount` back down.
pub async fn reverse(
    axum::extract::State(app): axum::extract::State<Arc<App>>,
    axum::extract::Path(id): axum::extract::Path<String>,
    axum::Json(r): axum::Json<Reversal>,
) -> Result<StatusCode, Refusal> {
    let now = Now::of(&app.clock);
    let mut store = app.store.lock();
    reverse_refund(&mut store, &now, &id, r.reason)?;
    Ok(StatusCode::NO_CONTENT)
}
