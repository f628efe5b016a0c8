//! The endpoints of [`crate::domain::payroll`]: reading the request
//! (the caller, its scopes, the body's fields), the idempotency key, and
//! Stone's JSON answers. The records, life cycles and rules they apply are
//! in the domain module.

use crate::domain::cursor::Page;
use crate::domain::operations::rules;
use crate::domain::payroll::*;
use crate::domain::refusal::Refusal;
use crate::http::auth::caller;
use crate::http::error::json_of;
use crate::http::idempotency;
use crate::http::server::App;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde_json::{json, Value};
use std::sync::Arc;
use stone_openbank::documents::Cpf;

/// `POST /admin/payroll/salaries`: stands for Stone's spreadsheet upload.
pub async fn upload(
    State(app): State<Arc<App>>,
    Json(u): Json<Upload>,
) -> Result<Json<Value>, Refusal> {
    if u.salaries.is_empty() {
        return Err(Refusal::validation(&[("salaries", "at least one salary")]));
    }
    for s in &u.salaries {
        if Cpf::parse(&s.cpf).is_err() {
            return Err(Refusal::validation(&[(
                "salaries.cpf",
                "every CPF must be valid",
            )]));
        }
        if !(1..=rules::MAX_AMOUNT).contains(&s.amount) {
            return Err(Refusal::validation(&[(
                "salaries.amount",
                "positive centavos",
            )]));
        }
    }
    let id = uuid::Uuid::new_v4().to_string();
    app.store
        .lock()
        .salary_uploads
        .insert(id.clone(), u.salaries);
    Ok(Json(json!({ "salaries_id": id })))
}

/// `POST /api/v1/payrolls`.
pub async fn create(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), Refusal> {
    idempotency::create_once(&app, &headers, &body, CREATE, StatusCode::ACCEPTED, submit)
}

/// `GET /api/v1/payrolls/{id}`.
pub async fn get(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<Value>, Refusal> {
    let token = caller(&app, &headers, READ)?;
    let store = app.store.lock();
    json_of(visible(&store, &token.client_id, &id)?)
}

/// `GET /api/v1/payrolls?account_id=`.
pub async fn list(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Query(q): Query<ListQuery>,
) -> Result<Json<Value>, Refusal> {
    let token = caller(&app, &headers, READ)?;
    let store = app.store.lock();
    let account_id = store.listed_account(&token.client_id, q.account_id)?;
    crate::domain::cursor::page_where(&store.payrolls, |p| p.account_id == account_id, &q.page)
        .map(Json)
}

/// `GET /api/v1/payrolls/{id}/salaries`.
pub async fn salaries(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(page): Query<Page>,
) -> Result<Json<Value>, Refusal> {
    let token = caller(&app, &headers, READ)?;
    let store = app.store.lock();
    let p = visible(&store, &token.client_id, &id)?;
    crate::domain::cursor::page_where(&p.salaries, |_| true, &page).map(Json)
}
