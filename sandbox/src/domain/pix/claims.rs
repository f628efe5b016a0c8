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

use crate::domain::clock::Now;
use crate::domain::clock::Ts;
use crate::domain::pix::dict;
use crate::domain::pix::keys;
use crate::domain::pix::STONE_ISPB;
use crate::domain::refusal::Class;
use crate::domain::refusal::Refusal;
use crate::domain::store::Store;
use crate::domain::stored;
use crate::domain::webhooks;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

pub(crate) const WRITE: &[&str] = &["pix:entry_claim", "pix:entry", "pix:write"];
pub(crate) const READ: &[&str] = &["pix:entry_claim", "pix:entry", "pix:read"];
/// Days the donor has to answer (BCB).
pub(crate) const RESOLUTION_DAYS: i64 = 7;
/// Days after the donor's silence in which it may still prove ownership.
pub(crate) const CLOSING_DAYS: i64 = 7;
/// Days the claimer has to complete a confirmed claim.
pub(crate) const COMPLETION_DAYS: i64 = 30;

/// A claim's life (SPEC §8.9), in Stone's words: `open`, handed to the
/// donor (`waiting_resolution`), then `confirmed` (by the donor or the
/// deadlines) and `completed` by the claimer, or `cancelled`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimStatus {
    Open,
    WaitingResolution,
    Confirmed,
    Cancelled,
    Completed,
}

impl ClaimStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ClaimStatus::Open => "open",
            ClaimStatus::WaitingResolution => "waiting_resolution",
            ClaimStatus::Confirmed => "confirmed",
            ClaimStatus::Cancelled => "cancelled",
            ClaimStatus::Completed => "completed",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claim {
    pub id: String,
    pub claim_type: String,
    pub account_id: String,
    pub status: ClaimStatus,
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
    #[serde(skip_serializing_if = "stored::hidden")]
    pub resolution_ends: i64,
    #[serde(skip_serializing_if = "stored::hidden")]
    pub completion_ends: i64,
    /// An ownership claim in its closing period (announced once).
    #[serde(default)]
    pub closing: bool,
}

pub(crate) fn refuse(kind: &str) -> Refusal {
    Refusal::new(Class::Unprocessable, kind)
}

/// Moves a claim to `to`, recording the event and announcing it with
/// `event` when there is one.
pub(crate) fn change(
    store: &mut Store,
    now: &Now,
    index: usize,
    to: ClaimStatus,
    event: Option<&str>,
) {
    let c = &mut store.pix_claims[index];
    c.events.push(
        json!({"id": uuid::Uuid::new_v4(), "created_at": now.iso, "type": to,
        "from_status": c.status, "to_status": to}),
    );
    c.status = to;
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
                c.status,
                ClaimStatus::Open | ClaimStatus::WaitingResolution | ClaimStatus::Confirmed
            )
    })
}

/// Opens a claim of `entry`'s key (`direction` from this account's side,
/// `(donor, claimer)` institutions), handed to the donor at once
/// (`waiting_resolution`). Returns its index.
pub(crate) fn open(
    store: &mut Store,
    now: &Now,
    entry: &keys::KeyEntry,
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
        status: ClaimStatus::Open,
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
        ClaimStatus::WaitingResolution,
        Some("pix_entries_claims_waiting_resolution"),
    );
    index
}

pub(crate) fn find(store: &Store, account_id: &str, id: &str) -> Result<usize, Refusal> {
    store
        .pix_claims
        .iter()
        .position(|c| c.id == id && c.account_id == account_id)
        .ok_or_else(Refusal::not_found)
}

/// The BCB's deadlines: a donor's silence confirms an ownership claim and
/// cancels a portability one; a confirmed claim not completed in time is
/// cancelled.
pub fn tick(store: &mut Store, now: &Now) {
    for index in 0..store.pix_claims.len() {
        let c = &store.pix_claims[index];
        match c.status {
            ClaimStatus::WaitingResolution
                if c.claim_type != "ownership" && now.unix >= c.resolution_ends =>
            {
                change(
                    store,
                    now,
                    index,
                    ClaimStatus::Cancelled,
                    Some("pix_entries_claims_automatically_cancelled"),
                );
            }
            // Ownership: the donor's silence for 7 days confirms it pending
            // a 7-day closing period (the donor may still prove the key is
            // theirs); after it, the claim is confirmed for good.
            ClaimStatus::WaitingResolution
                if now.unix >= c.resolution_ends + CLOSING_DAYS * 86_400 =>
            {
                let inbound = c.direction == "inbound";
                change(
                    store,
                    now,
                    index,
                    ClaimStatus::Confirmed,
                    Some("pix_entries_claims_automatically_confirmed"),
                );
                if inbound {
                    give_away(store, now, index);
                }
            }
            ClaimStatus::WaitingResolution if now.unix >= c.resolution_ends && !c.closing => {
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
            ClaimStatus::Confirmed if now.unix >= c.completion_ends => {
                change(
                    store,
                    now,
                    index,
                    ClaimStatus::Cancelled,
                    Some("pix_entries_claims_automatically_cancelled"),
                );
            }
            _ => {}
        }
    }
}

/// The donor side: a key of this account leaves when its claim is
/// confirmed (`deleted`, with the claim's event).
pub(crate) fn give_away(store: &mut Store, now: &Now, index: usize) {
    let entry_id = store.pix_claims[index].pix_entry_id.clone();
    if let Some(e) = store.pix_keys.iter().position(|k| k.id == entry_id) {
        let k = &mut store.pix_keys[e];
        k.events
            .push(json!({"id": uuid::Uuid::new_v4(), "created_at": now.iso,
            "type": "claimed_away", "from_status": k.key_status, "to_status": "deleted"}));
        k.key_status = crate::domain::pix::keys::KeyStatus::Deleted;
        keys::announce(store, now, e, "pix_entries_status_deleted");
    }
}

#[derive(Debug, Deserialize)]
pub struct InboundClaim {
    pub(crate) key: String,
    /// The claiming institution (default: another bank's).
    #[serde(default)]
    pub(crate) claimer_ispb: Option<String>,
}

/// Opens a claim of a key held elsewhere (portability or ownership).
pub fn claim_key(
    store: &mut crate::domain::store::Store,
    now: &crate::domain::clock::Now,
    client_id: &str,
    account_id: &str,
    body: &Value,
) -> Result<serde_json::Value, Refusal> {
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
                && k.key_status == crate::domain::pix::keys::KeyStatus::Failed
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
    if under_claim(store, &entry.key) {
        // During a claim the key can be claimed by no one else.
        return Err(refuse("claim_type_not_available"));
    }
    let index = open(
        store,
        now,
        &entry,
        claim_type,
        "outbound",
        (holder.ispb, STONE_ISPB),
    );
    let c = &store.pix_claims[index];
    let answer = json!({"id": c.id, "claim_type": c.claim_type});
    Ok(answer)
}
