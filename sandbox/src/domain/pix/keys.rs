//! Pix keys (DICT entries): `POST|GET /api/v1/pix/{account_id}/entries`,
//! `GET|DELETE .../entries/{id}`. Registration and deletion answer 202 with
//! a request id and complete at once here (a webhook tells), as they do
//! within seconds at Stone.

use crate::domain::clock::Now;
use crate::domain::refusal::Refusal;
use crate::domain::store::Store;
use serde::{Deserialize, Serialize};
use serde_json::Value;

pub(crate) const WRITE: &[&str] = &["pix:entry", "pix:write"];

/// The BCB's limits: keys per account of a person and of a company.
pub const PERSON_LIMIT: usize = 5;
pub const COMPANY_LIMIT: usize = 20;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct KeyEntry {
    pub id: String,
    pub key: String,
    pub key_type: String,
    pub key_status: String,
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
    crate::domain::webhooks::emit(store, now, event, "pix_entry", &account, &uri, |s| {
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
