//! The endpoints of [`crate::domain::invoices`]: reading the request
//! (the caller, its scopes, the body's fields), the idempotency key, and
//! Stone's JSON answers. The records, life cycles and rules they apply are
//! in the domain module.

use crate::domain::cursor;
use crate::domain::invoices::*;
use crate::domain::refusal::Refusal;
use crate::http::auth::caller;
use crate::http::error::json_of;
use crate::http::idempotency;
use crate::http::server::App;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};
use std::sync::Arc;

/// `POST /api/v1/barcode_payment_invoices`.
pub async fn create(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), Refusal> {
    idempotency::create_once(&app, &headers, &body, CREATE, StatusCode::CREATED, issue)
}

/// `GET /api/v1/barcode_payment_invoices/{id}`.
pub async fn get(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<Value>, Refusal> {
    let token = caller(&app, &headers, READ)?;
    let store = app.store.lock();
    json_of(visible(&store, &token.client_id, &id)?.1)
}

/// `GET /api/v1/barcode_payment_invoices?account_id=...` with the filters.
pub async fn list(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Query(q): Query<ListQuery>,
) -> Result<Json<Value>, Refusal> {
    let token = caller(&app, &headers, READ)?;
    let store = app.store.lock();
    let account_id = store.listed_account(&token.client_id, q.account_id)?;
    cursor::page_where(
        &store.invoices,
        |i| {
            i.account_id == account_id
                && q.status.as_deref().is_none_or(|s| i.status.as_str() == s)
                && q.invoice_type
                    .as_deref()
                    .is_none_or(|t| i.invoice_type == t)
                && q.barcode.as_deref().is_none_or(|b| i.barcode == b)
                && q.writable_line
                    .as_deref()
                    .is_none_or(|l| i.writable_line == l)
        },
        &q.page,
    )
    .map(Json)
}

/// `POST /api/v1/barcode_payment_invoices/{id}/cancel` (and Postman's
/// singular path): a write-off request, `{}`.
pub async fn cancel(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<Value>, Refusal> {
    let token = caller(&app, &headers, CREATE)?;
    let mut store = app.store.lock();
    let (index, _) = visible(&store, &token.client_id, &id)?;
    request_cancellation(&mut store, index)?;
    Ok(Json(json!({})))
}

/// `GET /api/v1/barcode_payment_invoices/limits/{account_id}`.
pub async fn limits(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(account_id): Path<String>,
) -> Result<Json<Value>, Refusal> {
    let token = caller(&app, &headers, READ)?;
    app.store
        .lock()
        .accessible_account(&token.client_id, &account_id)?;
    Ok(Json(json!({
        "account_id": account_id,
        "minimum_amount": MIN_AMOUNT,
        "maximum_amount": MAX_AMOUNT,
    })))
}

/// `GET /api/v1/exports/barcode_payment_invoices/{id}`: the boleto as PDF.
pub async fn pdf(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, Refusal> {
    let token = caller(&app, &headers, READ)?;
    let invoice = {
        let store = app.store.lock();
        visible(&store, &token.client_id, &id)?.1.clone()
    };
    let bytes = crate::domain::pdf::boleto(&invoice);
    Ok(([(header::CONTENT_TYPE, "application/pdf")], bytes).into_response())
}
