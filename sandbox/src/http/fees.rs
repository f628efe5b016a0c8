//! The endpoints of [`crate::domain::fees`]: reading the request
//! (the caller, its scopes, the body's fields), the idempotency key, and
//! Stone's JSON answers. The records, life cycles and rules they apply are
//! in the domain module.

use crate::domain::fees::*;
use crate::domain::refusal::Refusal;
use crate::http::auth::caller;
use crate::http::server::App;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::Json;
use serde_json::{json, Value};
use std::sync::Arc;
/// `GET /api/v1/accounts/{id}/fees`: one cursor page.
pub async fn list(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(account_id): Path<String>,
) -> Result<Json<Value>, Refusal> {
    let token = caller(&app, &headers, READ)?;
    app.store
        .lock()
        .accessible_account(&token.client_id, &account_id)?;
    let data = all();
    Ok(Json(json!({
        "cursor": {"after": null, "before": null, "limit": data.len()},
        "data": data,
    })))
}

/// `GET /api/v1/accounts/{id}/fees/{fee_type}`.
pub async fn get(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path((account_id, fee_type)): Path<(String, String)>,
) -> Result<Json<Value>, Refusal> {
    let token = caller(&app, &headers, READ)?;
    app.store
        .lock()
        .accessible_account(&token.client_id, &account_id)?;
    all()
        .into_iter()
        .find(|f| f["fee_type"] == fee_type.as_str())
        .map(Json)
        .ok_or_else(Refusal::not_found)
}
