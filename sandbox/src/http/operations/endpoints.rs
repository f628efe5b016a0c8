//! The HTTP surface of cash-outs, the same for the three kinds: create,
//! dry-run, get, list, cancel, approve and reject (`/api/v1/<kind>/...`),
//! and the owner's decision through the admin API.

use crate::domain::clock::Now;
use crate::domain::cursor::Page;
use crate::domain::operations::lifecycle;
use crate::domain::operations::payments;
use crate::domain::operations::requests;
use crate::domain::operations::Kind;
use crate::domain::refusal::Class;
use crate::domain::refusal::Refusal;
use crate::http::auth::caller;
use crate::http::error::body_of;
use crate::http::error::json_of;
use crate::http::idempotency;
use crate::http::server::App;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};
use std::sync::Arc;

const READ: &[&str] = &["paymentaccount:read", "expend:read"];

/// `POST /api/v1/{kind}`.
pub async fn create(
    kind: Kind,
    app: Arc<App>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), Refusal> {
    let token = caller(&app, &headers, kind.create_scopes())?;
    let value = body_of(&body)?;
    let (status, mut value) =
        idempotency::run_keeping(&app, &token.client_id, &headers, &body, || {
            let now = Now::of(&app.clock);
            let mut store = app.store.lock();
            let (accepted, kept) =
                requests::submit(&mut store, &now, kind, &token.client_id, &value)?;
            let answer = serde_json::to_value(&accepted)
                .map_err(|_| Refusal::new(Class::Internal, "internal"))?;
            Ok((StatusCode::ACCEPTED, answer, kept))
        })?;
    if kind == Kind::Payment {
        if let Some(key) = idempotency::key_of(&headers) {
            value["idempotency_key"] = json!(key);
        }
    }
    Ok((status, Json(value)))
}

/// `POST /api/v1/dry_run/{kind}`: the operation as it would be created,
/// nothing stored. Internal transfers answer 200, TEDs 202 (as documented).
pub async fn dry_run(
    kind: Kind,
    app: Arc<App>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), Refusal> {
    let token = caller(&app, &headers, kind.create_scopes())?;
    let body = body_of(&body)?;
    let now = Now::of(&app.clock);
    let store = app.store.lock();
    let (d, enrichment) = match kind {
        Kind::Payment => {
            let (d, e) = payments::draft(&store, &now, &body)?;
            (d, Some(e))
        }
        _ => (requests::draft(&store, &now, kind, &body)?, None),
    };
    store.check_access(&token.client_id, &d.account_id)?;
    let own = requests::owns(&store, &token.client_id);
    let by = format!("application:{}", token.client_id);
    let mut view = json!({
        // Stone's transfer dry-runs carry an id (of nothing stored); the
        // payment dry-run's is null.
        "id": if kind == Kind::Payment { Value::Null } else { json!(uuid::Uuid::new_v4().to_string()) },
        "account_id": d.account_id,
        "amount": d.amount,
        "fee": d.fee,
        "status": if !own { "CREATED" } else if d.scheduled_to.is_some() { "SCHEDULED" } else { "APPROVED" },
        "scheduled_to": d.scheduled_to.map(stone_openbank::barcode::iso_date),
        "created_at": now.iso,
        "created_by": by,
        "approved_at": own.then(|| now.iso.clone()),
        "approved_by": own.then(|| by.clone()),
        "rejected_at": Value::Null, "rejected_by": Value::Null,
        "approval_expired_at": Value::Null, "cancelled_at": Value::Null,
        "cancelled_by": Value::Null,
        "failed_at": Value::Null, "failure_reason_code": Value::Null,
        "failure_reason_description": Value::Null, "finished_at": Value::Null,
        // Echoed as given (Stone's dry-runs do).
        "description": d.description.as_deref(),
    });
    if let Some(target) = &d.target {
        view["target"] = (**target).clone();
    }
    for (k, v) in &d.extra {
        view[k.as_str()] = v.clone();
    }
    if let Some(e) = enrichment {
        view["barcode_details"] = e.barcode_details;
        view["payment_being_processed?"] = json!(payments::being_processed(&store, &e.barcode));
        view["request_id"] = json!(uuid::Uuid::new_v4().to_string());
        view["idempotency_key"] = Value::Null;
    }
    let status = if kind == Kind::External {
        StatusCode::ACCEPTED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(view)))
}

/// `GET /api/v1/{kind}/{id}`.
pub async fn get(
    kind: Kind,
    app: Arc<App>,
    headers: HeaderMap,
    id: String,
) -> Result<Json<Value>, Refusal> {
    let token = caller(&app, &headers, READ)?;
    let store = app.store.lock();
    let (_, op) = requests::find(&store, kind, &id)?;
    store.check_access(&token.client_id, &op.account_id)?;
    json_of(op)
}

#[derive(Debug, Deserialize)]
pub struct ListQuery {
    account_id: Option<String>,
    status: Option<String>,
    #[serde(flatten)]
    page: Page,
}

/// `GET /api/v1/{kind}?account_id=...`: cursor pages, newest first.
pub async fn list(
    kind: Kind,
    app: Arc<App>,
    headers: HeaderMap,
    Query(query): Query<ListQuery>,
) -> Result<Json<Value>, Refusal> {
    let token = caller(&app, &headers, READ)?;
    let store = app.store.lock();
    let account_id = store.listed_account(&token.client_id, query.account_id)?;
    let items = requests::listed(&store, kind, &account_id, query.status.as_deref());
    let mut page = crate::domain::cursor::page(&items, &query.page)?;
    if kind == Kind::Payment {
        // In the cursor, as `payment.list.response.json` has them.
        page["cursor"]["total_count"] = json!(items.len());
        page["cursor"]["total_count_cap_exceeded"] = json!(false);
    }
    Ok(Json(page))
}

/// `POST /api/v1/{kind}/{id}/cancel`: a scheduled operation not yet run.
pub async fn cancel(
    kind: Kind,
    app: Arc<App>,
    headers: HeaderMap,
    id: String,
) -> Result<StatusCode, Refusal> {
    let token = caller(&app, &headers, kind.create_scopes())?;
    let now = Now::of(&app.clock);
    let mut store = app.store.lock();
    requests::cancel(&mut store, &now, kind, &id, &token.client_id)?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/v1/{kind}/{id}/approve|reject`.
pub async fn decide_as_app(
    kind: Kind,
    app: Arc<App>,
    headers: HeaderMap,
    id: String,
    approve: bool,
) -> Result<StatusCode, Refusal> {
    let token = caller(&app, &headers, kind.create_scopes())?;
    let by = format!("application:{}", token.client_id);
    let now = Now::of(&app.clock);
    let mut store = app.store.lock();
    requests::decide(
        &mut store,
        &now,
        kind,
        &id,
        approve,
        Some(&by),
        Some(&token.client_id),
    )?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /admin/{kind}/{id}/approve|reject`: the account owner deciding in
/// Stone's app.
pub async fn decide_as_owner(
    kind: Kind,
    app: Arc<App>,
    id: String,
    approve: bool,
) -> Result<StatusCode, Refusal> {
    let now = Now::of(&app.clock);
    let mut store = app.store.lock();
    requests::decide(&mut store, &now, kind, &id, approve, None, None)?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize)]
pub struct Refund {
    reason_code: i64,
}

/// `POST /admin/{external_transfers|payments}/{id}/refund`: the
/// destination bank (or biller) returns the money.
pub async fn refund(
    kind: Kind,
    app: Arc<App>,
    id: String,
    r: Refund,
) -> Result<StatusCode, Refusal> {
    let now = Now::of(&app.clock);
    let mut store = app.store.lock();
    let (index, _) = requests::find(&store, kind, &id)?;
    lifecycle::refund(&mut store, &now, index, r.reason_code)?;
    Ok(StatusCode::NO_CONTENT)
}

/// Routes of one kind.
pub fn routes(kind: Kind) -> axum::Router<Arc<App>> {
    use axum::routing::{get as g, post as p};
    let base = format!("/api/v1/{}", kind.path());
    axum::Router::new()
        .route(
            &base,
            p(move |State(app): State<Arc<App>>, h: HeaderMap, b: Bytes| create(kind, app, h, b))
                .get(
                    move |State(app): State<Arc<App>>, h: HeaderMap, q: Query<ListQuery>| {
                        list(kind, app, h, q)
                    },
                ),
        )
        .route(
            &format!("/api/v1/dry_run/{}", kind.path()),
            p(move |State(app): State<Arc<App>>, h: HeaderMap, b: Bytes| dry_run(kind, app, h, b)),
        )
        .route(
            &format!("{base}/{{id}}"),
            g(
                move |State(app): State<Arc<App>>, h: HeaderMap, Path(id): Path<String>| {
                    get(kind, app, h, id)
                },
            ),
        )
        .route(
            &format!("{base}/{{id}}/cancel"),
            p(
                move |State(app): State<Arc<App>>, h: HeaderMap, Path(id): Path<String>| {
                    cancel(kind, app, h, id)
                },
            ),
        )
        .route(
            &format!("{base}/{{id}}/approve"),
            p(
                move |State(app): State<Arc<App>>, h: HeaderMap, Path(id): Path<String>| {
                    decide_as_app(kind, app, h, id, true)
                },
            ),
        )
        .route(
            &format!("{base}/{{id}}/reject"),
            p(
                move |State(app): State<Arc<App>>, h: HeaderMap, Path(id): Path<String>| {
                    decide_as_app(kind, app, h, id, false)
                },
            ),
        )
        .route(
            &format!("/admin/{}/{{id}}/approve", kind.path()),
            p(move |State(app): State<Arc<App>>, Path(id): Path<String>| {
                decide_as_owner(kind, app, id, true)
            }),
        )
        .route(
            &format!("/admin/{}/{{id}}/reject", kind.path()),
            p(move |State(app): State<Arc<App>>, Path(id): Path<String>| {
                decide_as_owner(kind, app, id, false)
            }),
        )
        .route(
            &format!("/admin/{}/{{id}}/refund", kind.path()),
            p(
                move |State(app): State<Arc<App>>,
                      Path(id): Path<String>,
                      Json(r): Json<Refund>| { refund(kind, app, id, r) },
            ),
        )
}
