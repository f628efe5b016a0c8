//! Accounts and balances (SPEC §6.2, §6.3).

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::Json;
use serde_json::{json, Value};

use crate::auth::caller;
use crate::error::ApiError;
use crate::server::App;

const READ: &[&str] = &["paymentaccount:read", "expend:read"];

/// `GET /api/v1/accounts`: the accounts the application may operate.
pub async fn list(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
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
) -> Result<Json<Value>, ApiError> {
    let token = caller(&app, &headers, READ)?;
    let store = app.store.lock();
    let account = store.account(&id).ok_or_else(ApiError::not_found)?;
    if !store.may_access(&token.client_id, &id) {
        return Err(ApiError::unauthorized());
    }
    serde_json::to_value(account)
        .map(Json)
        .map_err(|_| ApiError::new(axum::http::StatusCode::INTERNAL_SERVER_ERROR, "internal"))
}

/// `GET /api/v1/accounts/{id}/balance`: centavos.
pub async fn balance(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let token = caller(&app, &headers, READ)?;
    let store = app.store.lock();
    let account = store.account(&id).ok_or_else(ApiError::not_found)?;
    if !store.may_access(&token.client_id, &id) {
        return Err(ApiError::unauthorized());
    }
    Ok(Json(json!({
        "balance": account.balance,
        "blocked_balance": account.blocked_balance,
        "scheduled_balance": account.scheduled_balance,
    })))
}
