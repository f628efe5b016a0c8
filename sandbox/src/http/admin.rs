//! The admin API: what Stone's onboarding and the account owner do by hand
//! (register an application and its key, open and fund accounts, grant
//! access), and test controls (the clock). Served on the same port under
//! `/admin`; who may call it is `admin_access.rs`'s rule (loopback, or an
//! admin token).

use crate::domain::clock::Now;
use crate::domain::onboarding::{open_account, register, NewAccount, NewApplication};
use crate::domain::refusal::Refusal;
use crate::domain::store::Account;
use crate::http::scheduler;
use crate::http::server::App;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};
use std::sync::Arc;

/// `POST /admin/applications`.
pub async fn create_application(
    State(app): State<Arc<App>>,
    Json(req): Json<NewApplication>,
) -> Result<(StatusCode, Json<Value>), Refusal> {
    let client_id = register(&mut app.store.lock(), req)?;
    Ok((StatusCode::CREATED, Json(json!({ "client_id": client_id }))))
}

/// `POST /admin/accounts`.
pub async fn create_account(
    State(app): State<Arc<App>>,
    Json(req): Json<NewAccount>,
) -> Result<(StatusCode, Json<Account>), Refusal> {
    Ok((
        StatusCode::CREATED,
        Json(open_account(
            &mut app.store.lock(),
            &Now::of(&app.clock),
            req,
        )?),
    ))
}

#[derive(Debug, Deserialize)]
pub struct Advance {
    pub seconds: i64,
}

/// `POST /admin/clock/advance`: moves the sandbox's clock forward.
pub async fn advance_clock(State(app): State<Arc<App>>, Json(req): Json<Advance>) -> Json<Value> {
    app.clock.advance(req.seconds);
    // Scheduled operations, expiries and registrations happen at once.
    scheduler::tick(&app);
    Json(json!({ "now": app.clock.now() }))
}

/// `GET /admin/clock`.
pub async fn clock(State(app): State<Arc<App>>) -> Json<Value> {
    Json(json!({ "now": app.clock.now() }))
}

/// `GET /admin/ledger`: the sum of balances and the border flows, which
/// must always satisfy `balances + sent_out + fees = received`.
/// `GET /admin/operations?description_prefix=P`: the operations whose
/// description starts with `P` (required, so a typo is not the whole
/// store), ids by description.
pub async fn operations_described(
    State(app): State<Arc<App>>,
    axum::extract::Query(query): axum::extract::Query<std::collections::HashMap<String, String>>,
) -> Result<Json<Value>, crate::domain::refusal::Refusal> {
    let prefix = query
        .get("description_prefix")
        .filter(|p| !p.is_empty())
        .ok_or_else(|| {
            crate::domain::refusal::Refusal::validation(&[("description_prefix", "is required")])
        })?;
    let held = app.store.lock().operations_described(prefix);
    Ok(Json(json!({ "operations": held })))
}

pub async fn ledger(State(app): State<Arc<App>>) -> Json<Value> {
    let store = app.store.lock();
    let balances: i64 = store.accounts.iter().map(|a| a.balance).sum();
    Json(json!({
        "balances": balances,
        "flows": store.flows,
        "entries": store.entries.len(),
        "conserved": balances + store.flows.sent_out + store.flows.fees == store.flows.received,
    }))
}
