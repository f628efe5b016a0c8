//! The endpoints of [`crate::domain::pix::outbound`]: reading the request
//! (the caller, its scopes, the body's fields), the idempotency key, and
//! Stone's JSON answers. The records, life cycles and rules they apply are
//! in the domain module.

use crate::domain::clock::Now;
use crate::domain::operations::Kind;
use crate::domain::pix::due;
use crate::domain::pix::outbound::*;
use crate::domain::refusal::Class;
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

/// `POST /api/v1/pix/outbound_pix_payments` → 201, status `CREATED`. The
/// idempotency key is mandatory (SPEC §6.13.3).
pub async fn create(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), Refusal> {
    crate::http::pix::keyed_create(
        &app,
        &headers,
        &body,
        Kind::Pix.create_scopes(),
        create_inner,
    )
}

fn create_inner(app: &App, client_id: &str, body: &Value) -> Result<(StatusCode, Value), Refusal> {
    let now = Now::of(&app.clock);
    let mut store = app.store.lock();
    open_pix(&mut store, &now, client_id, body).map(|v| (StatusCode::CREATED, v))
}

/// `POST /api/v1/pix/outbound_pix_payments/{id}/actions/confirm`, body
/// `{amount?, description?, add_target_to_contacts?}` → 204.
pub async fn confirm(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<StatusCode, Refusal> {
    let token = caller(&app, &headers, Kind::Pix.create_scopes())?;
    crate::http::pix::require_idempotency_key(&headers)?;
    if uuid::Uuid::parse_str(&id).is_err() {
        return Err(Refusal::new(Class::Invalid, "validation"));
    }
    let value = if body.is_empty() {
        json!({})
    } else {
        body_of(&body)?
    };
    let (status, _) = idempotency::run(&app, &token.client_id, &headers, &body, || {
        let now = Now::of(&app.clock);
        let mut store = app.store.lock();
        confirm_pix(&mut store, &now, &token.client_id, &id, &value)?;
        Ok((StatusCode::NO_CONTENT, Value::Null))
    })?;
    Ok(status)
}

/// `GET /api/v1/pix/outbound_pix_payments/{id}/`.
pub async fn get(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<Value>, Refusal> {
    let token = caller(&app, &headers, crate::domain::pix::READ)?;
    let store = app.store.lock();
    let op = &store.operations[find(&store, &id)?];
    store.check_access(&token.client_id, &op.account_id)?;
    json_of(op)
}

/// `GET /api/v1/pix/{id}/`, documented for three things (SPEC §10 #33): a
/// received Pix by end-to-end id (BCB API), a sent Pix by id, or a
/// due-date charge's BCB payload (`?dpp=`).
pub async fn get_any(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    axum::extract::Query(q): axum::extract::Query<PixQuery>,
) -> Result<Json<Value>, Refusal> {
    let id = id.trim_end_matches('/');
    if crate::domain::pix::bcb::is_end_to_end_id(id) {
        return crate::http::pix::bcb::get_pix(&app, &headers, id).map(Json);
    }
    let token = caller(&app, &headers, crate::domain::pix::READ)?;
    let store = app.store.lock();
    if let Ok(index) = find(&store, id) {
        let op = &store.operations[index];
        store.check_access(&token.client_id, &op.account_id)?;
        return json_of(op);
    }
    let not_found = || {
        due::bcb_error(
            404,
            "PixNaoEncontrado",
            "Pix Não Encontrado",
            "no charge with this id",
        )
    };
    let c = store
        .pix_charges
        .iter()
        .find(|c| c.id == id && c.due.is_some())
        .ok_or_else(not_found)?;
    if !store.may_access(&token.client_id, &c.account_id) {
        return Err(not_found());
    }
    let terms = c.due.as_ref().ok_or_else(not_found)?;
    due::payload(c, terms, q.dpp.as_deref(), &Now::of(&app.clock)).map(Json)
}
