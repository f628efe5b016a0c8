//! The endpoints of [`crate::domain::operations::pending`]: reading the request
//! (the caller, its scopes, the body's fields), the idempotency key, and
//! Stone's JSON answers. The records, life cycles and rules they apply are
//! in the domain module.

use crate::domain::clock::Now;
use crate::domain::cursor::Page;
use crate::domain::operations::pending::*;
use crate::domain::operations::rules;
use crate::domain::operations::Kind;
use crate::domain::pix;
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
use stone_openbank::barcode::{iso_date, parse_iso_date};
use stone_openbank::calendar;

/// `GET /api/v1/accounts/{id}/operations?status=PENDING_APPROVAL|SCHEDULED`.
pub async fn list(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(account_id): Path<String>,
    Query(q): Query<OperationsQuery>,
) -> Result<Json<Value>, Refusal> {
    let token = caller(&app, &headers, READ)?;
    let wanted = match q.status.as_deref() {
        Some(s @ ("PENDING_APPROVAL" | "SCHEDULED")) => s.to_owned(),
        _ => {
            return Err(Refusal::validation(&[(
                "status",
                "is required: PENDING_APPROVAL or SCHEDULED",
            )]))
        }
    };
    let store = app.store.lock();
    store.accessible_account(&token.client_id, &account_id)?;
    let items: Vec<(usize, Value)> = store
        .operations
        .iter()
        .enumerate()
        .filter(|(_, op)| op.account_id == account_id && waiting(op) == Some(wanted.as_str()))
        .map(|(i, op)| (i, view(op)))
        .collect();
    crate::domain::cursor::page(&items, &q.page).map(Json)
}

/// `GET /api/v1/accounts/{id}/operations/{operation_id}?type=...`.
pub async fn get(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path((account_id, id)): Path<(String, String)>,
    Query(q): Query<TypeQuery>,
) -> Result<Json<Value>, Refusal> {
    let token = caller(&app, &headers, READ)?;
    let kind = q
        .kind
        .as_deref()
        .and_then(Kind::from_operation_type)
        .ok_or_else(|| Refusal::validation(&[("type", "is required: the operation's type")]))?;
    let store = app.store.lock();
    store.accessible_account(&token.client_id, &account_id)?;
    let op = store
        .operation_index
        .get(&id)
        .map(|&i| &store.operations[i])
        .filter(|op| op.kind == kind && op.account_id == account_id)
        .ok_or_else(Refusal::not_found)?;
    let mut v = view(op);
    // The paying account as `operation.get.response.json` shows an agent.
    v["agent"] = store.account(&op.account_id).map_or(Value::Null, |a| {
        json!({
            "entity": {"name": a.owner_name, "document": a.owner_document,
                       "document_type": pix::document_type(&a.owner_document)},
            "institution": {"name": "Stone Instituição de Pagamento S.A.", "compe": "197", "ispb": "16501555"},
            "account": {"account_type": "PG", "branch_code": a.branch_code, "account_code": a.account_code},
        })
    });
    v["operations_details"] = serde_json::to_value(op).unwrap_or(Value::Null);
    Ok(Json(v))
}

fn parse_batch(
    body: &Bytes,
    only: &str,
    all_except: &str,
) -> Result<(bool, Vec<BatchItem>), Refusal> {
    let batch: Batch = serde_json::from_slice(body)
        .map_err(|_| Refusal::validation(&[("body", "needs action and operations[{id, type}]")]))?;
    let mut reasons = rules::Reasons::default();
    let except = if batch.action == all_except {
        true
    } else {
        if batch.action != only {
            reasons.add("action", "is not one of the documented actions");
        }
        false
    };
    if batch.operations.len() > MAX_BATCH {
        reasons.add("operations", "at most 1000 operations per batch");
    }
    if !reasons.is_empty() {
        return Err(reasons.into_error());
    }
    Ok((except, batch.operations))
}

/// `POST /api/v1/accounts/{id}/operations/actions/approve`: 202 with
/// `number_of_approvals`. Only the owner may: an application operating its
/// own account (platforms are refused, their users decide in Stone's app).
pub async fn batch_approve(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(account_id): Path<String>,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), Refusal> {
    let token = caller(&app, &headers, APPROVE)?;
    let (except, items) = parse_batch(&body, "approve_only", "approve_all_except")?;
    let (status, value) = idempotency::run(&app, &token.client_id, &headers, &body, || {
        let now = Now::of(&app.clock);
        let mut store = app.store.lock();
        let count = approve_batch(
            &mut store,
            &now,
            &account_id,
            Some(&token.client_id),
            except,
            &items,
        )?;
        Ok((StatusCode::ACCEPTED, json!({"number_of_approvals": count})))
    })?;
    Ok((status, Json(value)))
}

/// `POST /admin/accounts/{id}/operations/actions/approve`: the owner
/// approving a batch in Stone's app (the OpenBank model's path).
pub async fn owner_batch_approve(
    State(app): State<Arc<App>>,
    Path(account_id): Path<String>,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), Refusal> {
    let (except, items) = parse_batch(&body, "approve_only", "approve_all_except")?;
    let now = Now::of(&app.clock);
    let mut store = app.store.lock();
    let count = approve_batch(&mut store, &now, &account_id, None, except, &items)?;
    Ok((
        StatusCode::ACCEPTED,
        Json(json!({"number_of_approvals": count})),
    ))
}

/// `POST /api/v1/accounts/{id}/operations/actions/cancel`: 202 with
/// `number_of_cancellations`.
pub async fn batch_cancel(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(account_id): Path<String>,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), Refusal> {
    let token = caller(&app, &headers, APPROVE)?;
    let (except, items) = parse_batch(&body, "cancel_only", "cancel_all_except")?;
    let (status, value) = idempotency::run(&app, &token.client_id, &headers, &body, || {
        let now = Now::of(&app.clock);
        let mut store = app.store.lock();
        let count = cancel_batch(
            &mut store,
            &now,
            &account_id,
            &token.client_id,
            except,
            &items,
        )?;
        Ok((
            StatusCode::ACCEPTED,
            json!({"number_of_cancellations": count}),
        ))
    })?;
    Ok((status, Json(value)))
}

/// `GET /api/v1/accounts/{id}/schedulings`: scheduled debits as
/// statement-like entries.
pub async fn schedulings(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(account_id): Path<String>,
    Query(page): Query<Page>,
) -> Result<Json<Value>, Refusal> {
    let token = caller(&app, &headers, READ)?;
    let store = app.store.lock();
    store.accessible_account(&token.client_id, &account_id)?;
    let items: Vec<(usize, Value)> = store
        .operations
        .iter()
        .enumerate()
        .filter(|(_, op)| op.account_id == account_id && waiting(op) == Some("SCHEDULED"))
        .map(|(i, op)| {
            let mut entry = json!({
                    "amount": -(op.amount + op.fee),
                    "operation_amount": op.amount,
                    "fee_amount": op.fee,
                    "operation": "debit",
                    "operation_id": op.id,
                    "type": op.kind.statement_type(),
                    "status": "SCHEDULED",
                    "scheduled_to": op.effective_date.map(iso_date),
                    "scheduled_to_requested": op.extra.get("scheduled_to_requested").filter(|v| !v.is_null()).cloned().unwrap_or(json!(op.scheduled_to)),
                    "scheduled_to_effective": op.effective_date.map(iso_date),
                    "created_at": op.created_at,
                    "description": op.description.as_deref().unwrap_or_default(),
                    "counter_party": op.target.as_deref().cloned().unwrap_or(Value::Null),
                    "delayed_to_next_business_day": op.extra.get("delayed_to_next_business_day").cloned().unwrap_or(json!(false)),
            });
            // A payment's entry names the document it pays, as the
            // statement's do.
            for field in ["barcode", "writable_line", "details"] {
                if let Some(v) = op.extra.get(field) {
                    entry[field] = v.clone();
                }
            }
            (i, entry)
        })
        .collect();
    crate::domain::cursor::page(&items, &page).map(Json)
}

/// `GET /api/v1/schedulings/calendar?operation_type=...`, with an ETag
/// (304 on `If-None-Match`).
pub async fn calendar(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Query(q): Query<CalendarQuery>,
) -> Result<axum::response::Response, Refusal> {
    use axum::response::IntoResponse;
    caller(&app, &headers, READ)?;
    let kind = match q.operation_type.as_deref() {
        Some("payment") => Kind::Payment,
        Some("external_transfer") => Kind::External,
        Some("internal_transfer") => Kind::Internal,
        _ => {
            return Err(Refusal::validation(&[(
                "operation_type",
                "is required: payment, external_transfer or internal_transfer",
            )]))
        }
    };
    let now = Now::of(&app.clock);
    let date = |text: &Option<String>, default| match text {
        None => Ok(default),
        Some(t) => {
            parse_iso_date(t).map_err(|_| Refusal::validation(&[("start", "dates are yyyy-mm-dd")]))
        }
    };
    let limit = rules::execution_limit(now.today);
    let start = date(&q.start, now.today)?;
    let end = date(&q.end, limit)?;
    if end < start || (end - start).whole_days() > 730 {
        return Err(Refusal::validation(&[(
            "end",
            "must follow start, at most two years later",
        )]));
    }
    // The first day a scheduled operation may take: tomorrow, or for
    // business-day products the first business day after today.
    let tomorrow = now.today.next_day().unwrap_or(now.today);
    let next = match kind {
        Kind::Internal => tomorrow,
        _ => calendar::business_day_on_or_after(tomorrow),
    };
    let days: Vec<Value> = calendar::non_business_days(start, end)
        .into_iter()
        .map(|d| {
            json!({
                "date": iso_date(d.date),
                "is_weekend": d.is_weekend,
                "is_holiday": d.holiday.is_some(),
                "holiday_description": d.holiday,
            })
        })
        .collect();
    let body = json!({
        "execution_limit_date": iso_date(limit),
        "next_available_execution_date": iso_date(next),
        "non_business_days": days,
    });
    let etag = format!(
        "\"{}-{}-{}\"",
        iso_date(now.today),
        iso_date(start),
        iso_date(end)
    );
    let matches = headers
        .get("if-none-match")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == etag);
    let etag_header = [(axum::http::header::ETAG, etag)];
    if matches {
        return Ok((StatusCode::NOT_MODIFIED, etag_header).into_response());
    }
    Ok((etag_header, Json(body)).into_response())
}
