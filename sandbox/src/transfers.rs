//! Internal transfers (between Stone accounts; SPEC §6.5, §7.1, §8.1) and
//! their approval (§4): an application operating its own account (Conta de
//! Liquidação) creates them APPROVED and they execute at once; a platform
//! operating a user's account (OpenBank) creates them CREATED, and they wait
//! for the owner to approve or reject them.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::auth::caller;
use crate::cursor::{self, Page};
use crate::error::{json_of, ApiError};
use crate::idempotency;
use crate::ledger::{self, Movement, Refusal};
use crate::server::{iso_now, App};
use crate::store::{Model, Store};

const CREATE: &[&str] = &[
    "paymentaccount:transfers:internal",
    "expend:transfers:internal",
];
const READ: &[&str] = &["paymentaccount:read", "expend:read"];
/// The documented cap on a transfer's amount.
const MAX_AMOUNT: i64 = 999_999_999_999_999_999;

#[derive(Debug, Clone, Serialize)]
pub struct InternalTransfer {
    pub id: String,
    pub account_id: String,
    pub amount: i64,
    pub fee: i64,
    pub status: &'static str,
    pub description: String,
    pub scheduled_to: Option<String>,
    pub created_at: String,
    pub created_by: String,
    pub approved_at: Option<String>,
    pub approved_by: Option<String>,
    pub rejected_at: Option<String>,
    pub rejected_by: Option<String>,
    pub approval_expired_at: Option<String>,
    pub cancelled_at: Option<String>,
    pub failed_at: Option<String>,
    pub failure_reason_code: Option<i64>,
    pub failure_reason_description: Option<String>,
    pub finished_at: Option<String>,
    pub settled_at: Option<String>,
    /// The target as Stone shows it, shared with the account's other uses.
    pub target: std::sync::Arc<Value>,
    pub target_account_code: String,
    pub target_account_owner_name: String,
    #[serde(skip)]
    pub target_account_id: String,
}

#[derive(Debug, Deserialize)]
struct TargetAccount {
    account_code: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Target {
    account: Option<TargetAccount>,
}

#[derive(Debug, Deserialize)]
struct CreateRequest {
    amount: Option<Value>,
    account_id: Option<String>,
    target: Option<Target>,
    description: Option<String>,
    scheduled_to: Option<String>,
}

fn unprocessable(kind: &str) -> ApiError {
    ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, kind)
}

/// Executes an approved transfer: FINISHED, or FAILED (code 1) when the
/// balance does not cover it. Called with the store locked.
fn execute(store: &mut Store, index: usize, now: &str) {
    let t = store.transfers[index].clone();
    let result = ledger::transfer(
        store,
        &Movement {
            kind: "internal",
            from: &t.account_id,
            to: &t.target_account_id,
            amount: t.amount,
            fee: t.fee,
            operation_id: &t.id,
            description: &t.description,
            at: now,
        },
    );
    let t = &mut store.transfers[index];
    match result {
        Ok(()) => {
            t.status = "FINISHED";
            t.finished_at = Some(now.to_owned());
            t.settled_at = Some(now.to_owned());
        }
        Err(refusal) => {
            t.status = "FAILED";
            t.failed_at = Some(now.to_owned());
            let (code, text) = match refusal {
                Refusal::NotEnoughFunds => (1, "insufficient balance"),
                Refusal::NoSuchAccount => (0, "generic error"),
            };
            t.failure_reason_code = Some(code);
            t.failure_reason_description = Some(text.to_owned());
        }
    }
}

fn create_inner(
    app: &App,
    client_id: &str,
    req: CreateRequest,
) -> Result<(StatusCode, Value), ApiError> {
    let mut reasons: Vec<(&str, &str)> = Vec::new();
    let amount = req.amount.as_ref().and_then(Value::as_i64);
    match amount {
        Some(a) if (1..=MAX_AMOUNT).contains(&a) => {}
        Some(_) => reasons.push((
            "amount",
            "must be a whole number of centavos greater than 0",
        )),
        None => reasons.push(("amount", "is required (integer centavos)")),
    }
    if req.account_id.is_none() {
        reasons.push(("account_id", "is required"));
    }
    let code = req
        .target
        .and_then(|t| t.account)
        .and_then(|a| a.account_code)
        .filter(|c| !c.is_empty() && c.bytes().all(|b| b.is_ascii_digit()));
    if code.is_none() {
        reasons.push(("target.account.account_code", "is required, digits only"));
    }
    let description = req.description.unwrap_or_default();
    if description.chars().count() > 200 {
        reasons.push(("description", "must have at most 200 characters"));
    }
    if req.scheduled_to.is_some() {
        reasons.push((
            "scheduled_to",
            "scheduling is not emulated by this sandbox version yet",
        ));
    }
    let (Some(amount), Some(account_id), Some(code), true) =
        (amount, req.account_id, code, reasons.is_empty())
    else {
        return Err(ApiError::validation(&reasons));
    };

    let now = iso_now(&app.clock);
    let mut store = app.store.lock();
    store.check_access(client_id, &account_id)?;
    let target = store
        .accounts
        .iter()
        .find(|a| a.account_code == code)
        .cloned()
        .ok_or_else(|| unprocessable("target_account_not_found"))?;
    if target.id == account_id {
        return Err(unprocessable("cannot_transfer_to_source_account"));
    }
    let model = store
        .applications
        .get(client_id)
        .map_or(Model::Openbank, |a| a.model);
    let created_by = format!("application:{client_id}");
    let own = model == Model::OwnAccount;
    let transfer = InternalTransfer {
        id: uuid::Uuid::new_v4().to_string(),
        account_id,
        amount,
        fee: 0,
        status: if own { "APPROVED" } else { "CREATED" },
        description,
        scheduled_to: None,
        created_at: now.clone(),
        created_by: created_by.clone(),
        approved_at: own.then(|| now.clone()),
        approved_by: own.then(|| created_by.clone()),
        rejected_at: None,
        rejected_by: None,
        approval_expired_at: None,
        cancelled_at: None,
        failed_at: None,
        failure_reason_code: None,
        failure_reason_description: None,
        finished_at: None,
        settled_at: None,
        target: target.as_party.clone(),
        target_account_code: target.account_code.clone(),
        target_account_owner_name: target.owner_name.clone(),
        target_account_id: target.id.clone(),
    };
    // 202 answers with the transfer as created (accepted ≠ executed, as
    // Stone's): an approved one executes right after.
    let response = serde_json::to_value(&transfer)
        .map_err(|_| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal"))?;
    store.transfers.push(transfer);
    if own {
        let index = store.transfers.len() - 1;
        execute(&mut store, index, &now);
    }
    Ok((StatusCode::ACCEPTED, response))
}

/// `POST /api/v1/internal_transfers`.
pub async fn create(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let token = caller(&app, &headers, CREATE)?;
    let req: CreateRequest = serde_json::from_slice(&body)
        .map_err(|_| ApiError::validation(&[("body", "must be a JSON object")]))?;
    let (status, value) = idempotency::run(&app, &token.client_id, &headers, &body, || {
        create_inner(&app, &token.client_id, req)
    })?;
    Ok((status, Json(value)))
}

/// `GET /api/v1/internal_transfers/{id}`.
pub async fn get(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let token = caller(&app, &headers, READ)?;
    let store = app.store.lock();
    let t = store.transfer(&id)?;
    store.check_access(&token.client_id, &t.account_id)?;
    json_of(t)
}

#[derive(Debug, Deserialize)]
pub struct ListQuery {
    account_id: Option<String>,
    #[serde(flatten)]
    page: Page,
}

/// `GET /api/v1/internal_transfers?account_id=...`: cursor pages.
pub async fn list(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Query(query): Query<ListQuery>,
) -> Result<Json<Value>, ApiError> {
    let token = caller(&app, &headers, READ)?;
    let account_id = query
        .account_id
        .ok_or_else(|| ApiError::validation(&[("account_id", "is required")]))?;
    let store = app.store.lock();
    store.accessible_account(&token.client_id, &account_id)?;
    let items: Vec<(usize, &InternalTransfer)> = store
        .transfers
        .iter()
        .enumerate()
        .filter(|(_, t)| t.account_id == account_id)
        .collect();
    cursor::page(&items, &query.page).map(Json)
}

/// The owner's decision on a CREATED transfer.
fn decide(app: &App, id: &str, approve: bool, by: &str) -> Result<(), ApiError> {
    let now = iso_now(&app.clock);
    let mut store = app.store.lock();
    let index = store
        .transfers
        .iter()
        .position(|t| t.id == id)
        .ok_or_else(ApiError::not_found)?;
    if store.transfers[index].status != "CREATED" {
        return Err(unprocessable("wrong_status"));
    }
    let t = &mut store.transfers[index];
    if approve {
        t.status = "APPROVED";
        t.approved_at = Some(now.clone());
        t.approved_by = Some(by.to_owned());
        execute(&mut store, index, &now);
    } else {
        t.status = "REJECTED";
        t.rejected_at = Some(now);
        t.rejected_by = Some(by.to_owned());
    }
    Ok(())
}

/// `POST /api/v1/internal_transfers/{id}/approve|reject`: only the owner may
/// decide. Among applications that is one operating its own account; a
/// platform (OpenBank) is refused, its users decide in Stone's app (here:
/// the admin API plays them).
async fn decide_as_app(
    app: Arc<App>,
    headers: HeaderMap,
    id: String,
    approve: bool,
) -> Result<StatusCode, ApiError> {
    let token = caller(&app, &headers, CREATE)?;
    {
        let store = app.store.lock();
        let t = store.transfer(&id)?;
        let owner = store.may_access(&token.client_id, &t.account_id)
            && store
                .applications
                .get(&token.client_id)
                .is_some_and(|a| a.model == Model::OwnAccount);
        if !owner {
            return Err(ApiError::unauthorized());
        }
    }
    decide(
        &app,
        &id,
        approve,
        &format!("application:{}", token.client_id),
    )?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn approve(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    decide_as_app(app, headers, id, true).await
}

pub async fn reject(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    decide_as_app(app, headers, id, false).await
}

/// `POST /admin/internal_transfers/{id}/approve|reject`: the account owner
/// deciding in Stone's app.
async fn decide_as_owner(app: Arc<App>, id: String, approve: bool) -> Result<StatusCode, ApiError> {
    let owner = owner_of(&app, &id)?;
    decide(&app, &id, approve, &owner)?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn owner_approve(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    decide_as_owner(app, id, true).await
}

pub async fn owner_reject(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    decide_as_owner(app, id, false).await
}

fn owner_of(app: &App, id: &str) -> Result<String, ApiError> {
    let store = app.store.lock();
    let t = store.transfer(id)?;
    Ok(store
        .account(&t.account_id)
        .map(|a| a.owner_id.clone())
        .unwrap_or_default())
}
