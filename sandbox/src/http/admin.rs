//! The admin API: what Stone's onboarding and the account owner do by hand
//! (register an application and its key, open and fund accounts, grant
//! access), and test controls (the clock). Served on the same port under
//! `/admin`; who may call it is `admin_access.rs`'s rule (loopback, or an
//! admin token).

use crate::domain::jwt;
use crate::domain::refusal::Class;
use crate::domain::refusal::Refusal;
use crate::domain::store::Account;
use crate::domain::store::Application;
use crate::domain::store::Model;
use crate::http::scheduler;
use crate::http::server::App;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};
use std::sync::Arc;

/// Scopes a new sandbox application is born with (as Stone's old docs list
/// for sandbox applications), unless the registration names others.
pub const DEFAULT_SCOPES: &[&str] = &[
    "paymentaccount:read",
    "paymentaccount:fees:read",
    "paymentaccount:contact:read",
    "paymentaccount:contact:write",
    "paymentaccount:transfers:internal",
    "paymentaccount:transfers:external",
    "paymentaccount:payments",
    "paymentaccount:boletoissuance",
    "paymentaccount:payrolls:read",
    "paymentaccount:payrolls:write",
    "salary:portability",
    "expend:read",
    "pix:entry",
    "pix:payment",
    "pix:payment_invoice",
    "stone_subject_id",
];

#[derive(Debug, Deserialize)]
pub struct NewApplication {
    pub client_id: Option<String>,
    pub name: String,
    pub public_key_pem: String,
    pub scopes: Option<Vec<String>>,
    pub model: Model,
    /// Where its webhooks go (Stone: given at onboarding).
    #[serde(default)]
    pub webhook_url: Option<String>,
    /// The consent redirect registered at onboarding (OpenBank).
    #[serde(default)]
    pub redirect_uri: Option<String>,
}

pub fn register(app: &App, req: NewApplication) -> Result<String, Refusal> {
    let public_key = jwt::public_key(&req.public_key_pem).map_err(|_| {
        Refusal::validation(&[("public_key_pem", "is not an RSA public key in PEM")])
    })?;
    let client_id = req
        .client_id
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    let scopes = req
        .scopes
        .unwrap_or_else(|| DEFAULT_SCOPES.iter().map(|s| (*s).to_owned()).collect());
    let mut store = app.store.lock();
    if store.applications.contains_key(&client_id) {
        return Err(Refusal::new(Class::Conflict, "conflict"));
    }
    store.applications.insert(
        client_id.clone(),
        Application {
            client_id: client_id.clone(),
            name: req.name,
            public_key,
            scopes,
            model: req.model,
            webhook_url: req.webhook_url,
            redirect_uri: req.redirect_uri,
        },
    );
    Ok(client_id)
}

/// `POST /admin/applications`.
pub async fn create_application(
    State(app): State<Arc<App>>,
    Json(req): Json<NewApplication>,
) -> Result<(StatusCode, Json<Value>), Refusal> {
    let client_id = register(&app, req)?;
    Ok((StatusCode::CREATED, Json(json!({ "client_id": client_id }))))
}

#[derive(Debug, Deserialize)]
pub struct NewAccount {
    pub owner_name: String,
    pub owner_document: String,
    /// Initial balance in centavos: money that enters from the outside world.
    #[serde(default)]
    pub balance: i64,
    /// Applications that may operate the account (its own app, or apps the
    /// owner consented to).
    #[serde(default)]
    pub operators: Vec<String>,
}

pub fn open_account(app: &App, req: NewAccount) -> Result<Account, Refusal> {
    if req.balance < 0 {
        return Err(Refusal::validation(&[(
            "balance",
            "must be zero or more centavos",
        )]));
    }
    let mut store = app.store.lock();
    if req
        .operators
        .iter()
        .any(|c| !store.applications.contains_key(c))
    {
        return Err(Refusal::validation(&[(
            "operators",
            "names an unknown client_id",
        )]));
    }
    let number = store.accounts.len() + 1;
    let mut account = Account::new(
        uuid::Uuid::new_v4().to_string(),
        format!("{:06}", 400_000 + number),
        req.owner_document,
        req.owner_name,
        crate::domain::clock::Now::of(&app.clock).iso,
    );
    account.balance = req.balance;
    for client_id in &req.operators {
        store
            .access
            .entry(client_id.clone())
            .or_default()
            .insert(account.id.clone());
    }
    // Opening funds come from outside the sandbox.
    store.flows.received += account.balance;
    store.accounts.push(account.clone());
    Ok(account)
}

/// `POST /admin/accounts`.
pub async fn create_account(
    State(app): State<Arc<App>>,
    Json(req): Json<NewAccount>,
) -> Result<(StatusCode, Json<Account>), Refusal> {
    Ok((StatusCode::CREATED, Json(open_account(&app, req)?)))
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
