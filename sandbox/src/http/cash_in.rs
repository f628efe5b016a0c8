//! The endpoints of [`crate::domain::cash_in`]: reading the request
//! (the caller, its scopes, the body's fields), the idempotency key, and
//! Stone's JSON answers. The records, life cycles and rules they apply are
//! in the domain module.

use crate::domain::cash_in::*;
use crate::domain::clock::Now;
use crate::domain::refusal::Refusal;
use crate::http::error::json_of;
use crate::http::server::App;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde_json::Value;
use std::sync::Arc;

/// `POST /admin/cash_in/external_transfers`: the statement entry created.
pub async fn external_transfer(
    State(app): State<Arc<App>>,
    Json(ted): Json<IncomingTed>,
) -> Result<(StatusCode, Json<Value>), Refusal> {
    let now = Now::of(&app.clock);
    let mut store = app.store.lock();
    let index = receive_ted(&mut store, &now, &ted)?;
    Ok((StatusCode::CREATED, json_of(&store.entries[index])?))
}

/// `POST /admin/barcode_payment_invoices/{id}/pay`: the boleto as it is
/// after the payment (settled, or still registered when the payment was
/// returned for coming after the limit date).
pub async fn boleto_paid(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    body: Option<Json<OutsidePayment>>,
) -> Result<Json<Value>, Refusal> {
    let payment = body.map(|Json(p)| p).unwrap_or_default();
    let now = Now::of(&app.clock);
    let mut store = app.store.lock();
    let index = store
        .invoices
        .iter()
        .position(|i| i.id == id)
        .ok_or_else(Refusal::not_found)?;
    boleto_paid_elsewhere(&mut store, &now, index, &payment)?;
    json_of(&store.invoices[index])
}
