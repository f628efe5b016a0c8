//! Key claims (SPEC §6.13.2, §8.8): a key whose registration failed
//! because it is held at another institution (`failed`) can be claimed —
//! *portability* when the holder is the same person or company, moving
//! the key to Stone; *ownership* when a phone or e-mail key is held by
//! someone else. Random keys cannot be claimed.
//!
//! ```text
//! open → waiting_resolution --(donor confirms, or ownership unanswered for 7 + 7 days)--> confirmed --complete--> completed
//! open | waiting_resolution --(cancel, donor refuses, or portability unanswered 7 days)--> cancelled
//! confirmed --(not completed within 30 days of the claim)--> cancelled
//! ```
//!
//! The donor is another bank; `POST /admin/pix/entry_claims/{id}/confirm|
//! cancel` plays it. Completion makes the key the account's (`active`),
//! ahead of the rest of the DICT.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::{dict, STONE_ISPB};
use crate::auth::caller;
use crate::clock::{Now, Ts};
use crate::domain::refusal::{Class, Refusal};
use crate::http::error::{body_of, json_of};
use crate::idempotency;
use crate::server::App;
use crate::store::Store;
use crate::webhooks;

const WRITE: &[&str] = &["pix:entry_claim", "pix:entry", "pix:write"];
const READ: &[&str] = &["pix:entry_claim", "pix:entry", "pix:read"];
/// Days the donor has to answer (BCB).
const RESOLUTION_DAYS: i64 = 7;
/// Days after the donor's silence in which it may still prove ownership.
const CLOSING_DAYS: i64 = 7;
/// Days the claimer has to complete a confirmed claim.
const COMPLETION_DAYS: i64 = 30;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claim {
    pub id: String,
    pub claim_type: String,
    pub account_id: String,
    pub status: String,
    pub direction: String,
    pub donor_participant_ispb: String,
    pub claimer_participant_ispb: String,
    pub created_at: String,
    pub updated_at: String,
    pub resolution_period_ends_at: String,
    pub completion_period_ends_at: String,
    pub expires_at: String,
    pub beneficiary_account: Value,
    pub beneficiary_entity: Value,
    pub key_type: String,
    pub key: String,
    pub pix_entry_id: String,
    pub origin: String,
    pub origin_ispb: String,
    pub events: Vec<Value>,
    /// Unix seconds of the deadlines (not in Stone's view).
    #[serde(skip_serializing_if = "crate::stored::hidden")]
    pub resolution_ends: i64,
    #[serde(skip_serializing_if = "crate::stored::hidden")]
    pub completion_ends: i64,
    /// An ownership claim in its closing period (announced once).
    #[serde(default)]
    pub closing: bool,
}

fn refuse(kind: &str) -> Refusal {
    Refusal::new(Class::Unprocessable, kind)
}

/// Moves a claim to `to`, recording the event and announcing it with
/// `event` when there is one.
fn change(store: &mut Store, now: &Now, index: usize, to: &str, event: Option<&str>) {
    let c = &mut store.pix_claims[index];
    c.events.push(
        json!({"id": uuid::Uuid::new_v4(), "created_at": now.iso, "type": to,
        "from_status": c.status, "to_status": to}),
    );
    c.status = to.into();
    c.updated_at = now.iso.clone();
    let (account, uri) = (
        c.account_id.clone(),
        format!("/api/v1/pix/{}/entry_claims/{}", c.account_id, c.id),
    );
    if let Some(event) = event {
        webhooks::emit(store, now, event, "pix_entry_claim", &account, &uri, |s| {
            serde_json::to_value(&s.pix_claims[index]).unwrap_or(Value::Null)
        });
    }
}

/// Whether a claim of `key` is running: the key can then be neither
/// registered nor claimed again (BCB).
pub fn under_claim(store: &Store, key: &str) -> bool {
    store.pix_claims.iter().any(|c| {
        c.key == key
            && matches!(
                c.status.as_str(),
                "open" | "waiting_resolution" | "confirmed"
            )
    })
}

/// Opens a claim of `entry`'s key (`direction` from this account's side,
/// `(donor, claimer)` institutions), handed to the donor at once
/// (`waiting_resolution`). Returns its index.
fn open(
    store: &mut Store,
    now: &Now,
    entry: &super::keys::KeyEntry,
    claim_type: &str,
    direction: &str,
    (donor, claimer): (&str, &str),
) -> usize {
    let resolution_ends = now.unix + RESOLUTION_DAYS * 86_400;
    let completion_ends = now.unix + COMPLETION_DAYS * 86_400;
    // The other side's institution is where the claim comes from.
    let origin = if direction == "outbound" {
        donor
    } else {
        claimer
    };
    store.pix_claims.push(Claim {
        id: uuid::Uuid::new_v4().to_string(),
        claim_type: claim_type.into(),
        account_id: entry.account_id.clone(),
        status: "open".into(),
        direction: direction.into(),
        donor_participant_ispb: donor.into(),
        claimer_participant_ispb: claimer.into(),
        created_at: now.iso.clone(),
        updated_at: now.iso.clone(),
        resolution_period_ends_at: Ts(resolution_ends).iso(),
        completion_period_ends_at: Ts(completion_ends).iso(),
        expires_at: Ts(completion_ends).iso(),
        beneficiary_account: entry.beneficiary_account.clone(),
        beneficiary_entity: entry.beneficiary_entity.clone(),
        key_type: entry.key_type.clone(),
        key: entry.key.clone(),
        pix_entry_id: entry.id.clone(),
        origin: "external".into(),
        origin_ispb: origin.into(),
        events: vec![
            json!({"id": uuid::Uuid::new_v4(), "created_at": now.iso, "type": "open",
            "from_status": null, "to_status": "open"}),
        ],
        resolution_ends,
        completion_ends,
        closing: false,
    });
    let index = store.pix_claims.len() - 1;
    change(
        store,
        now,
        index,
        "waiting_resolution",
        Some("pix_entries_claims_waiting_resolution"),
    );
    index
}

fn create_inner(
    app: &App,
    client_id: &str,
    account_id: &str,
    body: &Value,
) -> Result<(StatusCode, Value), Refusal> {
    let now = Now::of(&app.clock);
    let mut store = app.store.lock();
    let account = store.accessible_account(client_id, account_id)?.clone();
    let mut reasons = Vec::new();
    let entry_id = body.get("pix_entry_id").and_then(Value::as_str);
    if entry_id.is_none() {
        reasons.push(("pix_entry_id", "is required"));
    }
    if body
        .get("participant_ispb")
        .and_then(Value::as_str)
        .is_none()
    {
        reasons.push(("participant_ispb", "is required"));
    }
    if !reasons.is_empty() {
        return Err(Refusal::validation(&reasons));
    }
    // The failed registration of this account's.
    let entry = store
        .pix_keys
        .iter()
        .find(|k| {
            Some(k.id.as_str()) == entry_id
                && k.account_id == account.id
                && k.key_status == "failed"
        })
        .cloned()
        .ok_or_else(|| refuse("entry_not_found"))?;
    let holder = dict::outside(&entry.key).ok_or_else(|| refuse("entry_not_found"))?;
    let claim_type = if holder.document == account.owner_document {
        "portability"
    } else if matches!(entry.key_type.as_str(), "phone" | "email") {
        "ownership"
    } else {
        return Err(refuse("claim_type_not_available"));
    };
    if under_claim(&store, &entry.key) {
        // During a claim the key can be claimed by no one else.
        return Err(refuse("claim_type_not_available"));
    }
    let index = open(
        &mut store,
        &now,
        &entry,
        claim_type,
        "outbound",
        (holder.ispb, STONE_ISPB),
    );
    let c = &store.pix_claims[index];
    let answer = json!({"id": c.id, "claim_type": c.claim_type});
    Ok((StatusCode::ACCEPTED, answer))
}

/// `POST /api/v1/pix/{account_id}/entry_claims` → 202 `{id, claim_type}`.
pub async fn create(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(account_id): Path<String>,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), Refusal> {
    let token = caller(&app, &headers, WRITE)?;
    let value = body_of(&body)?;
    let (status, value) = idempotency::run(&app, &token.client_id, &headers, &body, || {
        create_inner(&app, &token.client_id, &account_id, &value)
    })?;
    Ok((status, Json(value)))
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
    let wanted = super::keys::statuses_of(&uri);
    let data: Vec<&Claim> = store
        .pix_claims
        .iter()
        .filter(|c| c.account_id == account_id)
        .filter(|c| wanted.is_empty() || wanted.contains(&c.status))
        .collect();
    let mut page = json!({"cursor": {"after": null, "before": null, "limit": data.len()}});
    page["data"] = serde_json::to_value(&data).unwrap_or(Value::Null);
    Ok(Json(page))
}

fn find(store: &Store, account_id: &str, id: &str) -> Result<usize, Refusal> {
    store
        .pix_claims
        .iter()
        .position(|c| c.id == id && c.account_id == account_id)
        .ok_or_else(Refusal::not_found)
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
    match (complete, c.status.as_str()) {
        (true, "confirmed") => {
            let entry_id = c.pix_entry_id.clone();
            change(&mut store, &now, index, "completed", None);
            if let Some(e) = store.pix_keys.iter().position(|k| k.id == entry_id) {
                let k = &mut store.pix_keys[e];
                k.events.push(json!({"id": uuid::Uuid::new_v4(), "created_at": now.iso,
                    "type": "claim_completed", "from_status": k.key_status, "to_status": "active"}));
                k.key_status = "active".into();
                super::keys::announce(&mut store, &now, e, "pix_entries_status_key_created");
            }
            Ok((StatusCode::ACCEPTED, answer))
        }
        (true, "completed") => Err(refuse("already_completed")),
        (true, _) => Err(refuse("wrong_status")),
        (false, "open" | "waiting_resolution") => {
            change(
                &mut store,
                &now,
                index,
                "cancelled",
                Some("pix_entries_claims_cancelled"),
            );
            Ok((StatusCode::ACCEPTED, answer))
        }
        (false, "cancelled") => Err(refuse("already_cancelled")),
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
    if store.pix_claims[index].status != "waiting_resolution" {
        return Err(refuse("wrong_status"));
    }
    match answer.as_str() {
        "confirm" => change(
            &mut store,
            &now,
            index,
            "confirmed",
            Some("pix_entries_claims_confirmed"),
        ),
        "cancel" => change(
            &mut store,
            &now,
            index,
            "cancelled",
            Some("pix_entries_claims_cancelled"),
        ),
        _ => return Err(Refusal::not_found()),
    }
    Ok(StatusCode::NO_CONTENT)
}

/// The BCB's deadlines: a donor's silence confirms an ownership claim and
/// cancels a portability one; a confirmed claim not completed in time is
/// cancelled.
pub fn tick(store: &mut Store, now: &Now) {
    for index in 0..store.pix_claims.len() {
        let c = &store.pix_claims[index];
        match c.status.as_str() {
            "waiting_resolution"
                if c.claim_type != "ownership" && now.unix >= c.resolution_ends =>
            {
                change(
                    store,
                    now,
                    index,
                    "cancelled",
                    Some("pix_entries_claims_automatically_cancelled"),
                );
            }
            // Ownership: the donor's silence for 7 days confirms it pending
            // a 7-day closing period (the donor may still prove the key is
            // theirs); after it, the claim is confirmed for good.
            "waiting_resolution" if now.unix >= c.resolution_ends + CLOSING_DAYS * 86_400 => {
                let inbound = c.direction == "inbound";
                change(
                    store,
                    now,
                    index,
                    "confirmed",
                    Some("pix_entries_claims_automatically_confirmed"),
                );
                if inbound {
                    give_away(store, now, index);
                }
            }
            "waiting_resolution" if now.unix >= c.resolution_ends && !c.closing => {
                let c = &mut store.pix_claims[index];
                c.closing = true;
                c.events
                    .push(json!({"id": uuid::Uuid::new_v4(), "created_at": now.iso,
                    "type": "automatically_confirmed_waiting_resolution",
                    "from_status": c.status, "to_status": c.status}));
                let (account, uri) = (
                    c.account_id.clone(),
                    format!("/api/v1/pix/{}/entry_claims/{}", c.account_id, c.id),
                );
                webhooks::emit(
                    store,
                    now,
                    "pix_entries_claims_automatically_confirmed_waiting_resolution",
                    "pix_entry_claim",
                    &account,
                    &uri,
                    |s| serde_json::to_value(&s.pix_claims[index]).unwrap_or(Value::Null),
                );
            }
            "confirmed" if now.unix >= c.completion_ends => {
                change(
                    store,
                    now,
                    index,
                    "cancelled",
                    Some("pix_entries_claims_automatically_cancelled"),
                );
            }
            _ => {}
        }
    }
}

/// The donor side: a key of this account leaves when its claim is
/// confirmed (`deleted`, with the claim's event).
fn give_away(store: &mut Store, now: &Now, index: usize) {
    let entry_id = store.pix_claims[index].pix_entry_id.clone();
    if let Some(e) = store.pix_keys.iter().position(|k| k.id == entry_id) {
        let k = &mut store.pix_keys[e];
        k.events
            .push(json!({"id": uuid::Uuid::new_v4(), "created_at": now.iso,
            "type": "claimed_away", "from_status": k.key_status, "to_status": "deleted"}));
        k.key_status = "deleted".into();
        super::keys::announce(store, now, e, "pix_entries_status_deleted");
    }
}

#[derive(Debug, Deserialize)]
pub struct InboundClaim {
    key: String,
    /// The claiming institution (default: another bank's).
    #[serde(default)]
    claimer_ispb: Option<String>,
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
    let entry = super::key_owner(&store, &req.key)
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
    if c.direction != "inbound" || c.status != "waiting_resolution" {
        return Err(refuse("wrong_status"));
    }
    let answer = json!({"claim_id": c.id, "claim_type": c.claim_type});
    match action.as_str() {
        "approve" => {
            change(
                &mut store,
                &now,
                index,
                "confirmed",
                Some("pix_entries_claims_confirmed"),
            );
            give_away(&mut store, &now, index);
        }
        "reject" => change(
            &mut store,
            &now,
            index,
            "cancelled",
            Some("pix_entries_claims_cancelled"),
        ),
        _ => return Err(Refusal::not_found()),
    }
    Ok((StatusCode::ACCEPTED, Json(answer)))
}
