//! The endpoints of [`crate::domain::institutions`]: reading the request
//! (the caller, its scopes, the body's fields), the idempotency key, and
//! Stone's JSON answers. The records, life cycles and rules they apply are
//! in the domain module.

use crate::domain::institutions::*;
use crate::domain::refusal::Refusal;
use crate::http::auth::caller;
use crate::http::error::json_of;
use crate::http::server::App;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::Json;
use serde_json::Value;
use std::sync::Arc;
/// `GET /api/v1/institutions`: a bare array, as Stone answers.
pub async fn list(State(app): State<Arc<App>>, headers: HeaderMap) -> Result<Json<Value>, Refusal> {
    caller(&app, &headers, &[])?;
    json_of(&ALL)
}

/// `GET /api/v1/institutions/{code}`.
pub async fn get(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> Result<Json<Value>, Refusal> {
    caller(&app, &headers, &[])?;
    json_of(find(&code).ok_or_else(Refusal::not_found)?)
}
