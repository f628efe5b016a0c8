//! The endpoints of [`crate::domain::pix::claims`]: reading the request
//! (the caller, its scopes, the body's fields), the idempotency key, and
//! Stone's JSON answers. The records, life cycles and rules they apply are
//! in the domain module.

use crate::domain::clock::Now;
use crate::domain::pix::claims::*;
use crate::domain::pix::STONE_ISPB;
use crate::domain::refusal::Refusal;
use crate::http::auth::caller;
use crate::http::error::body_of;
use crate::http::error::json_of;
use crate::http::idempotency;
use crate::http::server::App;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde_json::{json, Value};
use std::sync::Arc;

/// `POST /api/v1/pix/{account_id}/entry_claims` → 202 `{id, claim_type}`.
pub async fn create(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(account_id): Path<String>,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), Refusal> {
    idempotency::create_once(
        &app,
        &headers,
        &body,
        WRITE,
        StatusCode::ACCEPTED,
        |store, now, client_id, value| claim_key(store, now, client_id, &account_id, value),
    )
}

/// `GET /api/v1/pix/{account_id}/entry_claims?status[]=`: a cursor page.
pub async fn list(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(account_id): Path<String>,
    uri: axum::http::Uri,
) -> Result<Json<Value>, Refusal> {
    let token = caller(&app, &headers, READ)?;
    let store = app.store.lock();
    store.accessible_account(&token.client_id, &account_id)?;
    let wanted = crate::http::pix::keys::statuses_of(&uri);
    let data: Vec<&Claim> = store
        .pix_claims
        .iter()
        .filter(|c| c.account_id == account_id)
        .filter(|c| wanted.is_empty() || wanted.iter().any(|w| w == c.status.as_str()))
        .collect();
    let mut page = json!({"cursor": {"after": null, "before": null, "limit": data.len()}});
    page["data"] = serde_json::to_value(&data).unwrap_or(Value::Null);
    Ok(Json(page))
}

/// `GET /api/v1/pix/{account_id}/entry_claims/{id}`.
pub async fn get(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path((account_id, id)): Path<(String, String)>,
) -> Result<Json<Value>, Refusal> {
    let token = caller(&app, &headers, READ)?;
    let store = app.store.lock();
    store.accessible_account(&token.client_id, &account_id)?;
    json_of(&store.pix_claims[find(&store, &account_id, &id)?])
}

/// The claimer's two actions, `cancel` and `complete`: body `{claim_id}`.
fn act_inner(
    app: &App,
    client_id: &str,
    account_id: &str,
    body: &Value,
    complete: bool,
) -> Result<(StatusCode, Value), Refusal> {
    let now = Now::of(&app.clock);
    let mut store = app.store.lock();
    store.accessible_account(client_id, account_id)?;
    let Some(id) = body.get("claim_id").and_then(Value::as_str) else {
        return Err(Refusal::validation(&[("claim_id", "is required")]));
    };
    if !complete && body.get("reason").and_then(Value::as_str).is_none() {
        return Err(Refusal::validation(&[("reason", "is required")]));
    }
    let index = find(&store, account_id, id)?;
    let c = &store.pix_claims[index];
    let answer = json!({"pix_entry_claim": c.id, "claim_type": c.claim_type});
    if complete && c.direction != "outbound" {
        // The claimer completes, and an inbound claim's claimer is elsewhere.
        return Err(refuse("wrong_status"));
    }
    match (complete, c.status) {
        (true, ClaimStatus::Confirmed) => {
            let entry_id = c.pix_entry_id.clone();
            change(&mut store, &now, index, ClaimStatus::Completed, None);
            if let Some(e) = store.pix_keys.iter().position(|k| k.id == entry_id) {
                let k = &mut store.pix_keys[e];
                k.events.push(json!({"id": uuid::Uuid::new_v4(), "created_at": now.iso,
                    "type": "claim_completed", "from_status": k.key_status, "to_status": "active"}));
                k.key_status = crate::domain::pix::keys::KeyStatus::Active;
                crate::domain::pix::keys::announce(
                    &mut store,
                    &now,
                    e,
                    "pix_entries_status_key_created",
                );
            }
            Ok((StatusCode::ACCEPTED, answer))
        }
        (true, ClaimStatus::Completed) => Err(refuse("already_completed")),
        (true, _) => Err(refuse("wrong_status")),
        (false, ClaimStatus::Open | ClaimStatus::WaitingResolution) => {
            change(
                &mut store,
                &now,
                index,
                ClaimStatus::Cancelled,
                Some("pix_entries_claims_cancelled"),
            );
            Ok((StatusCode::ACCEPTED, answer))
        }
        (false, ClaimStatus::Cancelled) => Err(refuse("already_cancelled")),
        (false, _) => Err(refuse("already_confirmed")),
    }
}

async fn act(
    app: Arc<App>,
    headers: HeaderMap,
    account_id: String,
    body: Bytes,
    complete: bool,
) -> Result<(StatusCode, Json<Value>), Refusal> {
    let token = caller(&app, &headers, WRITE)?;
    let value = body_of(&body)?;
    let (status, value) = idempotency::run(&app, &token.client_id, &headers, &body, || {
        act_inner(&app, &token.client_id, &account_id, &value, complete)
    })?;
    Ok((status, Json(value)))
}

/// `POST /api/v1/pix/{account_id}/entry_claims/cancel`.
pub async fn cancel(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(account_id): Path<String>,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), Refusal> {
    act(app, headers, account_id, body, false).await
}

/// `POST /api/v1/pix/{account_id}/entry_claims/complete`.
pub async fn complete(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(account_id): Path<String>,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), Refusal> {
    act(app, headers, account_id, body, true).await
}

/// `POST /admin/pix/entry_claims/{id}/confirm|cancel`: the donor bank's
/// answer (204).
pub async fn donor(
    State(app): State<Arc<App>>,
    Path((id, answer)): Path<(String, String)>,
) -> Result<StatusCode, Refusal> {
    let now = Now::of(&app.clock);
    let mut store = app.store.lock();
    let index = store
        .pix_claims
        .iter()
        .position(|c| c.id == id)
        .ok_or_else(Refusal::not_found)?;
    if store.pix_claims[index].status != ClaimStatus::WaitingResolution {
        return Err(refuse("wrong_status"));
    }
    match answer.as_str() {
        "confirm" => change(
            &mut store,
            &now,
            index,
            ClaimStatus::Confirmed,
            Some("pix_entries_claims_confirmed"),
        ),
        "cancel" => change(
            &mut store,
            &now,
            index,
            ClaimStatus::Cancelled,
            Some("pix_entries_claims_cancelled"),
        ),
        _ => return Err(Refusal::not_found()),
    }
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /admin/pix/entry_claims` `{key, claimer_ispb?}`: another bank
/// claims a key held in the sandbox (201 with the claim) — ownership of a
/// phone or e-mail key, portability of a document key; random keys cannot
/// be claimed (422 `claim_type_not_available`).
pub async fn inbound(
    State(app): State<Arc<App>>,
    Json(req): Json<InboundClaim>,
) -> Result<(StatusCode, Json<Value>), Refusal> {
    let now = Now::of(&app.clock);
    let mut store = app.store.lock();
    let entry = crate::domain::pix::key_owner(&store, &req.key)
        .cloned()
        .ok_or_else(|| refuse("entry_not_found"))?;
    let claim_type = match entry.key_type.as_str() {
        "phone" | "email" => "ownership",
        "cpf" | "cnpj" => "portability",
        _ => return Err(refuse("claim_type_not_available")),
    };
    if under_claim(&store, &entry.key) {
        return Err(refuse("claim_type_not_available"));
    }
    let claimer = req.claimer_ispb.unwrap_or_else(|| "00000000".into());
    let index = open(
        &mut store,
        &now,
        &entry,
        claim_type,
        "inbound",
        (STONE_ISPB, &claimer),
    );
    json_of(&store.pix_claims[index]).map(|j| (StatusCode::CREATED, j))
}

/// `POST /api/v1/pix/{account_id}/entry_claims/{id}/actions/approve|reject`
/// (SPEC §6.13.2 #73): the donor's answer to a claim of its key — approve
/// gives the key away, reject keeps it (202 `{claim_id, claim_type}`;
/// 422 `wrong_status` unless the claim waits for this account's answer).
pub async fn answer(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path((account_id, id, action)): Path<(String, String, String)>,
) -> Result<(StatusCode, Json<Value>), Refusal> {
    let token = caller(&app, &headers, WRITE)?;
    let now = Now::of(&app.clock);
    let mut store = app.store.lock();
    store.accessible_account(&token.client_id, &account_id)?;
    let index = find(&store, &account_id, &id)?;
    let c = &store.pix_claims[index];
    if c.direction != "inbound" || c.status != ClaimStatus::WaitingResolution {
        return Err(refuse("wrong_status"));
    }
    let answer = json!({"claim_id": c.id, "claim_type": c.claim_type});
    match action.as_str() {
        "approve" => {
            change(
                &mut store,
                &now,
                index,
                ClaimStatus::Confirmed,
                Some("pix_entries_claims_confirmed"),
            );
            give_away(&mut store, &now, index);
        }
        "reject" => change(
            &mut store,
            &now,
            index,
            ClaimStatus::Cancelled,
            Some("pix_entries_claims_cancelled"),
        ),
        _ => return Err(Refusal::not_found()),
    }
    Ok((StatusCode::ACCEPTED, Json(answer)))
}
