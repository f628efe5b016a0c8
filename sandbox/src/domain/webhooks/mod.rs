//! Webhooks (SPEC §9): every state change is queued here (`emit`, under the
//! store lock), then delivered by a background task to the application's
//! URL as Stone does: `POST {"encrypted_body": <JWE>}` with the event id
//! and type headers; non-2xx answers and timeouts are retried with
//! exponential backoff, up to 50 attempts; every attempt is logged.

pub mod jose;

use crate::domain::clock::Now;
use crate::domain::store::Store;
use serde::Serialize;
use serde_json::{json, Value};

/// The most attempts per event (Stone: up to 50 "throughout the day").
pub const MAX_ATTEMPTS: u32 = 50;

/// One event for one application.
#[derive(Debug, Clone, Serialize)]
pub struct Event {
    pub event_id: String,
    pub event_type: String,
    pub client_id: String,
    /// The decrypted envelope (SPEC §9.4), without the JWT claims added at
    /// sending.
    pub payload: Value,
    pub created_at: String,
}

/// One delivery attempt, for the log.
#[derive(Debug, Clone, Serialize)]
pub struct Attempt {
    pub event_id: String,
    pub event_type: String,
    pub client_id: String,
    pub attempt: u32,
    pub at: String,
    /// HTTP status, or `None` when the receiver could not be reached or
    /// timed out.
    pub status: Option<u16>,
    pub error: Option<String>,
    pub delivered: bool,
}

/// Queues `event_type` about a resource of `account_id` for every
/// application with a webhook URL that may see the account. `data` builds
/// the snapshot only when someone listens.
pub fn emit(
    store: &mut Store,
    now: &Now,
    event_type: &str,
    target_type: &str,
    account_id: &str,
    detail_uri: &str,
    data: impl Fn(&Store) -> Value,
) {
    let listeners: Vec<String> = store
        .applications
        .values()
        .filter(|a| a.webhook_url.is_some() && store.may_access(&a.client_id, account_id))
        .map(|a| a.client_id.clone())
        .collect();
    if listeners.is_empty() {
        return;
    }
    let target_data = data(store);
    for client_id in listeners {
        queue(
            store,
            now,
            client_id,
            event_type,
            target_type,
            detail_uri,
            target_data.clone(),
            None,
        );
    }
}

/// One event for one application: the envelope of SPEC §9.4 (plus any
/// extra top-level field), queued for the delivery task.
#[allow(clippy::too_many_arguments)]
pub(crate) fn queue(
    store: &mut Store,
    now: &Now,
    client_id: String,
    event_type: &str,
    target_type: &str,
    detail_uri: &str,
    target_data: Value,
    extra: Option<(&str, Value)>,
) {
    let event_id = uuid::Uuid::new_v4().to_string();
    let mut payload = json!({
        "env": "sandbox",
        "id": event_id,
        "event_type": event_type,
        "event_happened_at": now.iso,
        "event_notified_at": now.iso,
        "target_type": target_type,
        "target_id": target_data.get("id").cloned().unwrap_or(Value::Null),
        "target_data": target_data,
        "target_detail_uri": detail_uri,
        "target_statement_uri": Value::Null,
    });
    if let Some((key, value)) = extra {
        payload[key] = value;
    }
    store.outbox.push_back(Event {
        event_id,
        event_type: event_type.to_owned(),
        client_id,
        payload,
        created_at: now.iso.clone(),
    });
}

/// Queues an event for one application only (consent: the platform that
/// was granted it), with an extra top-level envelope field (SPEC §3.6:
/// `session_metadata`).
#[allow(clippy::too_many_arguments)]
pub fn emit_to(
    store: &mut Store,
    now: &Now,
    client_id: &str,
    event_type: &str,
    target_type: &str,
    detail_uri: &str,
    target_data: Value,
    extra: Option<(&str, Value)>,
) {
    if store
        .applications
        .get(client_id)
        .is_none_or(|a| a.webhook_url.is_none())
    {
        return;
    }
    queue(
        store,
        now,
        client_id.to_owned(),
        event_type,
        target_type,
        detail_uri,
        target_data,
        extra,
    );
}
