//! Pix keys (DICT entries): `POST|GET /api/v1/pix/{account_id}/entries`,
//! `GET|DELETE .../entries/{id}`. Registration and deletion answer 202 with
//! a request id and complete at once here (a webhook tells), as they do
//! within seconds at Stone.

use crate::domain::clock::Now;
use crate::domain::pix::claims;
use crate::domain::pix::dict;
use crate::domain::pix::STONE_ISPB;
use crate::domain::refusal::Class;
use crate::domain::refusal::Refusal;
use crate::domain::store::Store;
use crate::domain::webhooks;
use serde::{Deserialize, Serialize};
use serde_json::json;
use serde_json::Value;
use stone_openbank::pix::PixKey;

pub(crate) const WRITE: &[&str] = &["pix:entry", "pix:write"];

/// The BCB's limits: keys per account of a person and of a company.
pub const PERSON_LIMIT: usize = 5;
pub const COMPANY_LIMIT: usize = 20;

/// A key's state at Stone, in its API's words: `active`; `failed` when the
/// DICT refused the registration (held elsewhere or under a claim), which a
/// claim can follow; `deleted`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyStatus {
    Active,
    Failed,
    Deleted,
}

impl KeyStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            KeyStatus::Active => "active",
            KeyStatus::Failed => "failed",
            KeyStatus::Deleted => "deleted",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct KeyEntry {
    pub id: String,
    pub key: String,
    pub key_type: String,
    pub key_status: KeyStatus,
    pub account_id: String,
    pub participant_ispb: String,
    pub beneficiary_account: Value,
    pub beneficiary_entity: Value,
    pub created_at: String,
    pub events: Vec<Value>,
}

pub fn announce(store: &mut Store, now: &Now, index: usize, event: &str) {
    let k = &store.pix_keys[index];
    let (account, uri) = (
        k.account_id.clone(),
        format!("/api/v1/pix/{}/entries/{}", k.account_id, k.id),
    );
    webhooks::emit(store, now, event, "pix_entry", &account, &uri, |s| {
        serde_json::to_value(&s.pix_keys[index]).unwrap_or(Value::Null)
    });
}

pub(crate) fn find(store: &Store, account_id: &str, id: &str) -> Result<usize, Refusal> {
    store
        .pix_keys
        .iter()
        .position(|k| k.id == id && k.account_id == account_id)
        .ok_or_else(Refusal::not_found)
}

/// A text field of an optional object.
pub(crate) fn field_text<'v>(v: Option<&'v Value>, f: &str) -> Option<&'v str> {
    v.and_then(|v| v.get(f)).and_then(Value::as_str)
}

/// Registers a Pix key for an account (202: it completes at once here).
pub fn register(
    store: &mut crate::domain::store::Store,
    now: &crate::domain::clock::Now,
    client_id: &str,
    account_id: &str,
    body: &Value,
) -> Result<serde_json::Value, Refusal> {
    let account = store.accessible_account(client_id, account_id)?.clone();
    let key_type = body.get("key_type").and_then(Value::as_str).unwrap_or("");
    let given = body.get("key").and_then(Value::as_str).unwrap_or("");
    let mut reasons = Vec::new();
    if body
        .get("participant_ispb")
        .and_then(Value::as_str)
        .is_none()
    {
        reasons.push(("participant_ispb", "is required"));
    }
    let key = match key_type {
        "random_key" => {
            if !given.is_empty() {
                reasons.push(("key", "must be empty for a random key"));
            }
            uuid::Uuid::new_v4().to_string()
        }
        "cpf" | "cnpj" | "phone" | "email" => match PixKey::parse(given) {
            Ok(k) if k.key_type.as_str() == key_type => k.value,
            Ok(_) => {
                reasons.push(("key", "does not match key_type"));
                String::new()
            }
            Err(_) => {
                reasons.push(("key", "is not a valid key of its type"));
                String::new()
            }
        },
        _ => {
            reasons.push((
                "key_type",
                "must be one of cpf, cnpj, phone, email, random_key",
            ));
            String::new()
        }
    };
    if !reasons.is_empty() {
        return Err(Refusal::validation(&reasons));
    }
    // A document key must be the holder's own document.
    if matches!(key_type, "cpf" | "cnpj") && key != account.owner_document {
        return Err(Refusal::new(Class::Unprocessable, "invalid_key"));
    }
    if crate::domain::pix::key_owner(store, &key).is_some() {
        return Err(Refusal::new(Class::Unprocessable, "already_exists"));
    }
    let held = store
        .pix_keys
        .iter()
        .filter(|k| k.account_id == account.id && k.key_status == KeyStatus::Active)
        .count();
    let limit = if account.owner_document.len() == 11 {
        PERSON_LIMIT
    } else {
        COMPANY_LIMIT
    };
    if held >= limit {
        return Err(Refusal::new(Class::Unprocessable, "entries_limit_reached"));
    }
    // Held at another institution, or under a claim: the DICT refuses the
    // registration (`failed`, by webhook), which a claim can then follow.
    let held_elsewhere = dict::outside(&key).is_some() || claims::under_claim(store, &key);
    let status = if held_elsewhere {
        KeyStatus::Failed
    } else {
        KeyStatus::Active
    };
    let entry = KeyEntry {
        id: uuid::Uuid::new_v4().to_string(),
        key,
        key_type: key_type.to_owned(),
        key_status: status,
        account_id: account.id.clone(),
        participant_ispb: STONE_ISPB.into(),
        beneficiary_account: json!({"branch_code": "0001", "account_code": account.account_code,
            "account_type": "PG", "created_at": account.created_at,
            // A claim's example names the same instant `opened_at`.
            "opened_at": account.created_at}),
        beneficiary_entity: json!({"name": account.owner_name,
            "document_type": crate::domain::pix::document_type(&account.owner_document), "document": account.owner_document}),
        created_at: now.iso.clone(),
        events: vec![
            json!({"id": uuid::Uuid::new_v4(), "created_at": now.iso, "type": "created",
            "from_status": null, "to_status": status}),
        ],
    };
    let id = entry.id.clone();
    store.pix_keys.push(entry);
    let index = store.pix_keys.len() - 1;
    let event = if held_elsewhere {
        "pix_entries_status_failed"
    } else {
        "pix_entries_status_key_created"
    };
    announce(store, now, index, event);
    Ok(json!({ "id": id }))
}

/// Deletes an active key at once, unless another institution is claiming
/// it: the DICT keeps a key under claim until the claim ends, so the
/// deletion fails (`pix_entries_deletion_failed`) and the key stays active.
pub fn delete_key(
    store: &mut Store,
    now: &Now,
    client_id: &str,
    account_id: &str,
    id: &str,
) -> Result<(), Refusal> {
    store.accessible_account(client_id, account_id)?;
    let index = find(store, account_id, id)?;
    if store.pix_keys[index].key_status != KeyStatus::Active {
        return Err(Refusal::not_found());
    }
    // Stone's key-deletion page announces the request, then the outcome.
    announce(store, now, index, "pix_entries_delete_requested");
    let claimed = claims::under_claim(store, &store.pix_keys[index].key);
    let k = &mut store.pix_keys[index];
    if claimed {
        k.events.push(
            json!({"id": uuid::Uuid::new_v4(), "created_at": now.iso, "type": "deletion_failed",
            "from_status": "active", "to_status": "active", "reason": "the key is being claimed"}),
        );
        announce(store, now, index, "pix_entries_deletion_failed");
    } else {
        k.key_status = KeyStatus::Deleted;
        k.events.push(
            json!({"id": uuid::Uuid::new_v4(), "created_at": now.iso, "type": "deleted",
            "from_status": "active", "to_status": "deleted"}),
        );
        announce(store, now, index, "pix_entries_status_deleted");
    }
    Ok(())
}

/// Updates an active key's holder data: the name (`beneficiary_entity`)
/// or the account's branch and type (`beneficiary_account`), never the
/// document; 422 `already_updated` when nothing would change.
pub fn update_key(
    store: &mut Store,
    now: &Now,
    client_id: &str,
    account_id: &str,
    id: &str,
    value: &Value,
) -> Result<(), Refusal> {
    store.accessible_account(client_id, account_id)?;
    let index = find(store, account_id, id)?;
    let mut reasons = Vec::new();
    if !matches!(
        value.get("reason").and_then(Value::as_str),
        Some("branch_transfer" | "user_requested")
    ) {
        reasons.push(("reason", "must be branch_transfer or user_requested"));
    }
    let entity = value.get("beneficiary_entity");
    let account = value.get("beneficiary_account");
    let text = field_text;
    if text(account, "branch_code")
        .is_some_and(|b| b.len() != 4 || !b.bytes().all(|c| c.is_ascii_digit()))
    {
        reasons.push(("beneficiary_account.branch_code", "must have 4 digits"));
    }
    if text(account, "account_type").is_some_and(|t| !["CC", "CS", "PP", "PG"].contains(&t)) {
        reasons.push((
            "beneficiary_account.account_type",
            "must be CC, CS, PP or PG",
        ));
    }
    if !reasons.is_empty() {
        return Err(Refusal::validation(&reasons));
    }
    let k = &store.pix_keys[index];
    if k.key_status != KeyStatus::Active {
        return Err(Refusal::new(Class::Unprocessable, "wrong_status"));
    }
    if text(entity, "document")
        .is_some_and(|d| Some(d) != k.beneficiary_entity["document"].as_str())
    {
        return Err(Refusal::new(Class::Unprocessable, "invalid_key"));
    }
    let mut updated = k.clone();
    for field in ["name", "legal_name"] {
        if let Some(v) = text(entity, field) {
            updated.beneficiary_entity[field] = json!(v);
        }
    }
    for field in ["branch_code", "account_type"] {
        if let Some(v) = text(account, field) {
            updated.beneficiary_account[field] = json!(v);
        }
    }
    if updated.beneficiary_entity == k.beneficiary_entity
        && updated.beneficiary_account == k.beneficiary_account
    {
        return Err(Refusal::new(Class::Unprocessable, "already_updated"));
    }
    updated.events.push(
        json!({"id": uuid::Uuid::new_v4(), "created_at": now.iso, "type": "updated",
        "from_status": "active", "to_status": "active"}),
    );
    store.pix_keys[index] = updated;
    Ok(())
}
