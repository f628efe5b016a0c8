//! The endpoints of [`crate::domain::pix::infractions`]: reading the request
//! (the caller, its scopes, the body's fields), the idempotency key, and
//! Stone's JSON answers. The records, life cycles and rules they apply are
//! in the domain module.

use crate::domain::clock::Now;
use crate::domain::pix::infractions::*;
use crate::domain::pix::READ;
use crate::domain::refusal::Refusal;
use crate::http::auth::caller;
use crate::http::error::body_of;
use crate::http::server::App;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::Arc;

/// The account named in the path, which `x-stone-account-id` must repeat
/// and the caller must operate.
fn account_of(
    app: &App,
    headers: &HeaderMap,
    account_id: &str,
    scopes: &[&str],
) -> Result<(), Refusal> {
    let token = caller(app, headers, scopes)?;
    let header = headers
        .get("x-stone-account-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if header != account_id {
        return Err(Refusal::validation(&[("account_id", "is invalid")]));
    }
    app.store
        .lock()
        .accessible_account(&token.client_id, account_id)
        .map(|_| ())
}

/// `POST /admin/pix/infraction_reports` `{end_to_end_id, type?,
/// report_details?}`: the payer's institution reports a Pix this sandbox
/// received (201 with the report).
pub async fn file(
    State(app): State<Arc<App>>,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), Refusal> {
    let value = body_of(&body)?;
    let e2e = value
        .get("end_to_end_id")
        .and_then(Value::as_str)
        .unwrap_or("");
    let kind = value.get("type").and_then(Value::as_str).unwrap_or("fraud");
    if !["fraud", "request_refund", "refund_cancelled"].contains(&kind) {
        return Err(Refusal::validation(&[("type", "is invalid")]));
    }
    let details = details_of(&value, "report_details")?;
    let now = Now::of(&app.clock);
    let mut store = app.store.lock();
    let report = file_report(&mut store, &now, e2e, kind, details)?;
    Ok((StatusCode::CREATED, crate::http::error::json_of(report)?))
}

/// `GET /api/v1/pix/{account_id}/infractions_reports?range&sort&filter`.
pub async fn list(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(account_id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Json<Value>, Refusal> {
    account_of(&app, &headers, &account_id, READ)?;
    let range = json_param(&query, "range")?.unwrap_or(json!([0, 99]));
    let (start, end) = match range.as_array().map(Vec::as_slice) {
        Some([a, b]) => match (a.as_u64(), b.as_u64()) {
            (Some(a), Some(b)) if a <= b => (a as usize, b as usize),
            _ => return Err(Refusal::validation(&[("range", "is invalid")])),
        },
        _ => return Err(Refusal::validation(&[("range", "is invalid")])),
    };
    let sort = json_param(&query, "sort")?.unwrap_or(json!(["created_at", "DESC"]));
    let (field, descending) = match sort.as_array().map(Vec::as_slice) {
        Some([f, d])
            if matches!(f.as_str(), Some("created_at" | "expires_at"))
                && matches!(d.as_str(), Some("ASC" | "DESC")) =>
        {
            (f.as_str().unwrap_or_default().to_owned(), d == "DESC")
        }
        _ => return Err(Refusal::validation(&[("sort", "is invalid")])),
    };
    let filter = json_param(&query, "filter")?.unwrap_or(json!({}));
    let Some(filter) = filter.as_object() else {
        return Err(Refusal::validation(&[("filter", "is invalid")]));
    };
    let store = app.store.lock();
    let mut found: Vec<Value> = store
        .pix_infractions
        .iter()
        .filter(|r| r.account_id == account_id)
        .map(|r| serde_json::to_value(r).unwrap_or(Value::Null))
        .filter(|r| filter.iter().all(|(k, v)| r.get(k) == Some(v)))
        .collect();
    found.sort_by(|a, b| {
        let key = |r: &Value| r[field.as_str()].as_str().unwrap_or_default().to_owned();
        let order = key(a).cmp(&key(b));
        if descending {
            order.reverse()
        } else {
            order
        }
    });
    let page: Vec<Value> = found
        .into_iter()
        .skip(start)
        .take(end - start + 1)
        .collect();
    Ok(Json(Value::Array(page)))
}

/// `POST /api/v1/pix/{account_id}/infractions_reports/{id}/actions/{result}`
/// `{analysis_details}` → 204: a pending report received by the account,
/// within its 7 days, is closed `accepted` or `rejected`.
pub async fn close(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path((account_id, id, result)): Path<(String, String, String)>,
    body: Bytes,
) -> Result<StatusCode, Refusal> {
    account_of(&app, &headers, &account_id, WRITE)?;
    if !matches!(result.as_str(), "accepted" | "rejected") {
        return Err(Refusal::validation(&[("analysis_result", "is invalid")]));
    }
    let value = if body.is_empty() {
        json!({})
    } else {
        body_of(&body)?
    };
    let details = details_of(&value, "analysis_details")?;
    let now = Now::of(&app.clock);
    let mut store = app.store.lock();
    close_report(&mut store, &now, &account_id, &id, &result, details)?;
    Ok(StatusCode::NO_CONTENT)
}
