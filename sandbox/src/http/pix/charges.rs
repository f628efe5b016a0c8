//! The endpoints of [`crate::domain::pix::charges`]: reading the request
//! (the caller, its scopes, the body's fields), the idempotency key, and
//! Stone's JSON answers. The records, life cycles and rules they apply are
//! in the domain module.

use crate::domain::clock::Now;
use crate::domain::pix::charges::*;
use crate::domain::refusal::Refusal;
use crate::http::auth::caller;
use crate::http::error::json_of;
use crate::http::idempotency;
use crate::http::server::App;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde_json::Value;
use std::sync::Arc;

fn create_dynamic_inner(
    app: &App,
    client_id: &str,
    body: &Value,
) -> Result<(StatusCode, Value), Refusal> {
    create_charge(app, client_id, body, false, None)
}

/// A charge from a Stone-shaped body, for the BCB API (`cob`, `cobv`): at
/// a location made before (`loc`), or a new one.
pub fn create_for_bcb(
    app: &App,
    client_id: &str,
    body: &Value,
    with_due_date: bool,
    location: Option<String>,
) -> Result<(StatusCode, Value), Refusal> {
    create_charge(app, client_id, body, with_due_date, location)
}

fn create_due_inner(
    app: &App,
    client_id: &str,
    body: &Value,
) -> Result<(StatusCode, Value), Refusal> {
    create_charge(app, client_id, body, true, None)
}

/// `POST /api/v1/pix_payment_invoices_with_due_date` (200, as documented).
pub async fn create_due(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), Refusal> {
    crate::http::pix::keyed_create(&app, &headers, &body, WRITE, create_due_inner)
}

/// A dynamic charge, immediate or (`with_due_date`) with a due date.
fn create_charge(
    app: &App,
    client_id: &str,
    body: &Value,
    with_due_date: bool,
    location: Option<String>,
) -> Result<(StatusCode, Value), Refusal> {
    let now = Now::of(&app.clock);
    let mut store = app.store.lock();
    // A due-date charge answers 200, as documented; an immediate one 201.
    let status = if with_due_date {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    open_charge(&mut store, &now, client_id, body, with_due_date, location).map(|v| (status, v))
}

/// `POST /api/v1/pix_payment_invoices`.
pub async fn create_dynamic(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), Refusal> {
    crate::http::pix::keyed_create(&app, &headers, &body, WRITE, create_dynamic_inner)
}

/// `GET /api/v1/pix_payment_invoices/{id}`.
pub async fn get_dynamic(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<Value>, Refusal> {
    let token = caller(&app, &headers, crate::domain::pix::READ)?;
    let store = app.store.lock();
    let index = visible(&store, &token.client_id, &id)?;
    json_of(&store.pix_charges[index])
}

/// `DELETE /api/v1/pix_payment_invoices/{id}` with `x-stone-account-id`:
/// 204; a paid charge cannot be cancelled (422 `already_paid`).
pub async fn cancel_dynamic(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<StatusCode, Refusal> {
    let token = caller(&app, &headers, WRITE)?;
    let Some(account_id) = headers
        .get("x-stone-account-id")
        .and_then(|v| v.to_str().ok())
    else {
        return Err(Refusal::validation(&[(
            "x-stone-account-id",
            "is required",
        )]));
    };
    let now = Now::of(&app.clock);
    let mut store = app.store.lock();
    cancel_charge(&mut store, &now, &token.client_id, account_id, &id)?;
    Ok(StatusCode::NO_CONTENT)
}

fn create_static_inner(
    app: &App,
    client_id: &str,
    body: &Value,
) -> Result<(StatusCode, Value), Refusal> {
    let now = Now::of(&app.clock);
    let mut store = app.store.lock();
    open_static(&mut store, &now, client_id, body).map(|v| (StatusCode::CREATED, v))
}

/// `POST /api/v1/pix_payment_static_invoices`.
pub async fn create_static(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), Refusal> {
    crate::http::pix::keyed_create(&app, &headers, &body, WRITE, create_static_inner)
}

/// `GET /api/v1/pix_payment_static_invoices/{id}`.
pub async fn get_static(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<Value>, Refusal> {
    let token = caller(&app, &headers, crate::domain::pix::READ)?;
    let store = app.store.lock();
    let c = store
        .pix_static_charges
        .iter()
        .find(|c| c.id == id)
        .ok_or_else(Refusal::not_found)?;
    store.check_access(&token.client_id, &c.account_id)?;
    json_of(c)
}

/// `PATCH /api/v1/pix_payment_static_invoices/{id}` `{additional_information}`
/// (SPEC #83, idempotency key required): the text shown to the payer
/// changes, and with it the BR Code and its image, made as at creation.
pub async fn update_static(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<Value>, Refusal> {
    let token = caller(&app, &headers, WRITE)?;
    crate::http::pix::require_idempotency_key(&headers)?;
    let value = crate::http::error::body_of(&body)?;
    let (_, answer) = idempotency::run(&app, &token.client_id, &headers, &body, || {
        let now = Now::of(&app.clock);
        let mut store = app.store.lock();
        let view = retext_static(&mut store, &now, &token.client_id, &id, &value)?;
        Ok((StatusCode::OK, view))
    })?;
    Ok(Json(answer))
}
