//! The endpoints of [`crate::domain::portability`]: reading the request
//! (the caller, its scopes, the body's fields), the idempotency key, and
//! Stone's JSON answers. The records, life cycles and rules they apply are
//! in the domain module.

use crate::domain::clock::Now;
use crate::domain::operations::rules::Reasons;
use crate::domain::portability::*;
use crate::domain::refusal::Refusal;
use crate::http::auth::caller;
use crate::http::server::App;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde_json::{json, Value};
use std::sync::Arc;
use stone_openbank::documents::Cnpj;
fn create_inner(app: &App, client_id: &str, body: &Value) -> Result<(StatusCode, Value), Refusal> {
    let mut reasons = Reasons::default();
    let text = |k: &str| {
        body.get(k)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
    };
    let account_id = text("account_id");
    if account_id.is_none() {
        reasons.add("account_id", "can't be blank");
    }
    let employer = match text("employer_document").map(Cnpj::parse) {
        Some(Ok(c)) => Some(c),
        Some(Err(_)) => {
            reasons.add("employer_document", "is not a valid CNPJ");
            None
        }
        None => {
            reasons.add("employer_document", "can't be blank");
            None
        }
    };
    let institution = match text("payroll_institution_code") {
        Some(code) => {
            let found = crate::domain::institutions::find(code);
            if found.is_none() {
                reasons.add("payroll_institution_code", "is not a known institution");
            }
            found
        }
        None => {
            reasons.add("payroll_institution_code", "can't be blank");
            None
        }
    };
    let (Some(account_id), Some(employer), Some(institution), true) =
        (account_id, employer, institution, reasons.is_empty())
    else {
        return Err(reasons.into_error());
    };
    let now = Now::of(&app.clock);
    let mut store = app.store.lock();
    store.accessible_account(client_id, account_id)?;
    let p = Portability {
        id: uuid::Uuid::new_v4().to_string(),
        account_id: account_id.to_owned(),
        status: PortabilityStatus::Created,
        employer_document: employer.as_str().to_owned(),
        employer_name: text("employer_name").map(str::to_owned),
        payroll_institution_ispb: institution.ispb_code.into(),
        payroll_institution_number_code: institution.number_code.into(),
        payroll_institution_name: institution.name.into(),
        created_at: now.ts(),
        created_by: format!("application:{client_id}"),
        enabled_at: None,
        disabled_at: None,
    };
    let view = serde_json::to_value(&p).unwrap_or(Value::Null);
    store.portabilities.push(p);
    Ok((StatusCode::CREATED, view))
}

/// `POST /api/v1/salary_portabilities`: 201.
pub async fn create(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), Refusal> {
    let token = caller(&app, &headers, WRITE)?;
    let value: Value = serde_json::from_slice(&body)
        .map_err(|_| Refusal::validation(&[("body", "must be a JSON object")]))?;
    let (status, value) =
        crate::http::idempotency::run(&app, &token.client_id, &headers, &body, || {
            create_inner(&app, &token.client_id, &value)
        })?;
    Ok((status, Json(value)))
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
    crate::domain::cursor::page_where(
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
    let p = store
        .portabilities
        .iter_mut()
        .find(|p| p.id == id)
        .ok_or_else(Refusal::not_found)?;
    p.status = PortabilityStatus::Disabled;
    p.disabled_at = Some(now.ts());
    Ok(Json(json!({"status": p.status})))
}
