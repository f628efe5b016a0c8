//! The endpoints of [`crate::domain::portability`]: reading the request
//! (the caller, its scopes, the body's fields), the idempotency key, and
//! Stone's JSON answers. The records, life cycles and rules they apply are
//! in the domain module.

use crate::domain::clock::Now;
use crate::domain::cursor;
use crate::domain::portability::*;
use crate::domain::refusal::Refusal;
use crate::http::auth::caller;
use crate::http::idempotency;
use crate::http::server::App;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde_json::{json, Value};
use std::sync::Arc;

/// `POST /api/v1/salary_portabilities`: 201.
pub async fn create(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), Refusal> {
    idempotency::create_once(&app, &headers, &body, WRITE, StatusCode::CREATED, request)
}

/// `GET /api/v1/salary_portabilities?account_id=` (mandatory), `status`.
pub async fn list(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Query(q): Query<ListQuery>,
) -> Result<Json<Value>, Refusal> {
    let token = caller(&app, &headers, READ)?;
    let store = app.store.lock();
    let account_id = store.listed_account(&token.client_id, q.account_id)?;
    cursor::page_where(
        &store.portabilities,
        |p| {
            p.account_id == account_id && q.status.as_deref().is_none_or(|s| p.status.as_str() == s)
        },
        &q.page,
    )
    .map(Json)
}

/// `POST /admin/salary_portabilities/{id}/disable`: the employer moved its
/// payroll elsewhere (the request is lost, as Stone warns).
pub async fn disable(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
) -> Result<Json<Value>, Refusal> {
    let now = Now::of(&app.clock);
    let mut store = app.store.lock();
    let status = disable_portability(&mut store, &now, &id)?;
    Ok(Json(json!({ "status": status })))
}
