//! The endpoints of [`crate::domain::pix::inbound`]: reading the request
//! (the caller, its scopes, the body's fields), the idempotency key, and
//! Stone's JSON answers. The records, life cycles and rules they apply are
//! in the domain module.

use crate::domain::clock::Now;
use crate::domain::pix::inbound::*;
use crate::domain::refusal::Refusal;
use crate::http::auth::caller;
use crate::http::error::json_of;
use crate::http::server::App;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde_json::Value;
use std::sync::Arc;

/// `POST /admin/pix/inbound`: `{"brcode"|"key", "amount"?, "description"?,
/// "payer"?: {"name", "document", "ispb"?}}` → the received Pix (201).
pub async fn pay(
    State(app): State<Arc<App>>,
    Json(req): Json<PayRequest>,
) -> Result<(StatusCode, Json<Value>), Refusal> {
    let now = Now::of(&app.clock);
    let mut store = app.store.lock();
    let index = pay_from_outside(&mut store, &now, req)?;
    json_of(&store.pix_inbound[index]).map(|j| (StatusCode::CREATED, j))
}

/// `GET /api/v1/inbound_pix_payments/{id}/`.
pub async fn get(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<Value>, Refusal> {
    let token = caller(&app, &headers, crate::domain::pix::READ)?;
    let store = app.store.lock();
    let p = store
        .pix_inbound
        .iter()
        .find(|p| p.id == id)
        .ok_or_else(Refusal::not_found)?;
    store.check_access(&token.client_id, &p.account_id)?;
    json_of(p)
}
