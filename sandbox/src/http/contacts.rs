//! The endpoints of [`crate::domain::contacts`]: reading the request
//! (the caller, its scopes, the body's fields), the idempotency key, and
//! Stone's JSON answers. The records, life cycles and rules they apply are
//! in the domain module.

use crate::domain::contacts::{self, Filters, READ, WRITE};
use crate::domain::refusal::Refusal;
use crate::http::auth::caller;
use crate::http::error::body_of;
use crate::http::error::json_of;
use crate::http::server::App;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::Json;
use serde_json::{json, Value};
use std::sync::Arc;
/// `POST /api/v1/accounts/{id}/contacts`.
pub async fn create(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(account_id): Path<String>,
    body: Bytes,
) -> Result<Json<Value>, Refusal> {
    let token = caller(&app, &headers, WRITE)?;
    let body = body_of(&body)?;
    let mut store = app.store.lock();
    json_of(&contacts::create(
        &mut store,
        &token.client_id,
        &account_id,
        &body,
    )?)
}

/// `GET /api/v1/accounts/{id}/contacts`: a bare array.
pub async fn list(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(account_id): Path<String>,
    Query(f): Query<Filters>,
) -> Result<Json<Value>, Refusal> {
    let token = caller(&app, &headers, READ)?;
    let store = app.store.lock();
    json_of(&contacts::matching(
        &store,
        &token.client_id,
        &account_id,
        &f,
    )?)
}

/// `GET /api/v1/accounts/{id}/contacts/{contact_id}`.
pub async fn get(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path((account_id, contact_id)): Path<(String, String)>,
) -> Result<Json<Value>, Refusal> {
    let token = caller(&app, &headers, READ)?;
    let mut store = app.store.lock();
    json_of(contacts::visible_mut(
        &mut store,
        &token.client_id,
        &account_id,
        &contact_id,
    )?)
}

/// `POST /api/v1/accounts/{id}/contacts/{contact_id}`: update.
pub async fn update(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path((account_id, contact_id)): Path<(String, String)>,
    body: Bytes,
) -> Result<Json<Value>, Refusal> {
    let token = caller(&app, &headers, WRITE)?;
    let body = body_of(&body)?;
    let mut store = app.store.lock();
    json_of(contacts::update(
        &mut store,
        &token.client_id,
        &account_id,
        &contact_id,
        &body,
    )?)
}

/// `DELETE /api/v1/accounts/{id}/contacts/{contact_id}`.
pub async fn delete(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path((account_id, contact_id)): Path<(String, String)>,
) -> Result<Json<Value>, Refusal> {
    let token = caller(&app, &headers, WRITE)?;
    let mut store = app.store.lock();
    contacts::delete(&mut store, &token.client_id, &account_id, &contact_id)?;
    Ok(Json(json!({})))
}

/// `POST .../contacts/{contact_id}/bank_accounts`.
pub async fn add_bank_account(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path((account_id, contact_id)): Path<(String, String)>,
    body: Bytes,
) -> Result<Json<Value>, Refusal> {
    let token = caller(&app, &headers, WRITE)?;
    let body = body_of(&body)?;
    let mut store = app.store.lock();
    let ids = (account_id.as_str(), contact_id.as_str());
    json_of(contacts::put_bank_account(
        &mut store,
        &token.client_id,
        ids,
        None,
        &body,
    )?)
}

/// `POST .../bank_accounts/{bank_account_id}`: update.
pub async fn update_bank_account(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path((account_id, contact_id, bank_id)): Path<(String, String, String)>,
    body: Bytes,
) -> Result<Json<Value>, Refusal> {
    let token = caller(&app, &headers, WRITE)?;
    let body = body_of(&body)?;
    let mut store = app.store.lock();
    let ids = (account_id.as_str(), contact_id.as_str());
    json_of(contacts::put_bank_account(
        &mut store,
        &token.client_id,
        ids,
        Some(&bank_id),
        &body,
    )?)
}

/// `DELETE .../bank_accounts/{bank_account_id}`.
pub async fn delete_bank_account(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path((account_id, contact_id, bank_id)): Path<(String, String, String)>,
) -> Result<Json<Value>, Refusal> {
    let token = caller(&app, &headers, WRITE)?;
    let mut store = app.store.lock();
    let ids = (account_id.as_str(), contact_id.as_str());
    contacts::delete_bank_account(&mut store, &token.client_id, ids, &bank_id)?;
    Ok(Json(json!({})))
}
