//! The endpoints of [`crate::domain::accounts`]: reading the request
//! (the caller, its scopes, the body's fields), the idempotency key, and
//! Stone's JSON answers. The records, life cycles and rules they apply are
//! in the domain module.

use crate::domain::accounts::*;
use crate::domain::cursor::Page;
use crate::domain::refusal::Refusal;
use crate::http::auth::caller;
use crate::http::error::json_of;
use crate::http::server::App;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::Json;
use serde_json::{json, Value};
use std::sync::Arc;
/// `GET /api/v1/accounts`: the accounts the application may operate.
pub async fn list(State(app): State<Arc<App>>, headers: HeaderMap) -> Result<Json<Value>, Refusal> {
    let token = caller(&app, &headers, READ)?;
    let store = app.store.lock();
    let data: Vec<_> = store
        .accounts
        .iter()
        .filter(|a| store.may_access(&token.client_id, &a.id))
        .collect();
    let limit = data.len().max(50);
    Ok(Json(json!({
        "cursor": {"after": null, "before": null, "limit": limit},
        "data": data,
    })))
}

/// `GET /api/v1/accounts/{id}`.
pub async fn get(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<Value>, Refusal> {
    let token = caller(&app, &headers, READ)?;
    let store = app.store.lock();
    json_of(store.accessible_account(&token.client_id, &id)?)
}

/// `GET /api/v1/accounts/{id}/balance`: centavos.
pub async fn balance(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<Value>, Refusal> {
    let token = caller(&app, &headers, READ)?;
    let store = app.store.lock();
    let account = store.accessible_account(&token.client_id, &id)?;
    Ok(Json(json!({
        "balance": account.balance,
        "blocked_balance": account.blocked_balance,
        "scheduled_balance": account.scheduled_balance,
    })))
}

/// `GET /api/v1/accounts/{id}/statement`: the account's ledger entries,
/// newest first, in cursor pages, filtered (`statement::Filter`).
pub async fn statement(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(page): Query<Page>,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
) -> Result<Json<Value>, Refusal> {
    let token = caller(&app, &headers, READ)?;
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(query.as_deref().unwrap_or(""))
            .map_err(|_| Refusal::validation(&[("query", "is not a valid query string")]))?;
    let filter = crate::domain::statement::Filter::from_pairs(&pairs)?;
    let store = app.store.lock();
    store.accessible_account(&token.client_id, &id)?;
    crate::domain::cursor::page_where(
        &store.entries,
        |e| *e.account_id == *id && filter.keeps(e),
        &page,
    )
    .map(Json)
}

/// `GET /api/v1/statement/entries/{entry_id}` (and the Postman form under
/// the account).
pub async fn entry(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(entry_id): Path<String>,
) -> Result<Json<Value>, Refusal> {
    let token = caller(&app, &headers, READ)?;
    let store = app.store.lock();
    let entry = store.entry(&entry_id)?;
    store.check_access(&token.client_id, &entry.account_id)?;
    json_of(entry)
}

/// The account-scoped path of one entry.
pub async fn account_entry(
    state: State<Arc<App>>,
    headers: HeaderMap,
    Path((_account, entry_id)): Path<(String, String)>,
) -> Result<Json<Value>, Refusal> {
    entry(state, headers, Path(entry_id)).await
}
