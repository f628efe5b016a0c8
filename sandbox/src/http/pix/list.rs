//! The unified list of an account's Pix (SPEC §6.13.3 #79):
//! `GET /api/v1/pix/{account_id}/pix_payments`, sent and received Pix and
//! refunds of received ones, newest first, in a cursor page, filtered by
//! `end_to_end_ids`, `transaction_ids` and `keys` (repeated or
//! comma-separated).
//!
//! Stone serves it to indirect participants only (other PSPs settling
//! through Stone). Here that is an application operating its own account
//! (Conta de Liquidação, as sub-acquirers and wallets are); a platform
//! (OpenBank) gets 422 `not_indirect_participant`.

use crate::domain::cursor::Page;
use crate::domain::operations::Kind;
use crate::domain::pix;
use crate::domain::refusal::Class;
use crate::domain::refusal::Refusal;
use crate::domain::store::Model;
use crate::http::auth::caller;
use crate::http::server::App;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Uri};
use axum::Json;
use serde_json::{json, Value};
use std::sync::Arc;

pub async fn list(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(account_id): Path<String>,
    uri: Uri,
    axum::extract::Query(page): axum::extract::Query<Page>,
) -> Result<Json<Value>, Refusal> {
    let token = caller(&app, &headers, pix::READ)?;
    let store = app.store.lock();
    store.accessible_account(&token.client_id, &account_id)?;
    let indirect = store
        .applications
        .get(&token.client_id)
        .is_some_and(|a| a.model == Model::OwnAccount);
    if !indirect {
        return Err(Refusal::new(
            Class::Unprocessable,
            "not_indirect_participant",
        ));
    }
    let (e2es, txids, keys) = (
        filter_of(&uri, "end_to_end_ids"),
        filter_of(&uri, "transaction_ids"),
        filter_of(&uri, "keys"),
    );
    let text = |v: &Value, field: &str| v.get(field).and_then(Value::as_str).map(str::to_owned);
    let wanted = |v: &Value| {
        (e2es.is_empty() || text(v, "end_to_end_id").is_some_and(|e| e2es.contains(&e)))
            && (txids.is_empty() || text(v, "transaction_id").is_some_and(|t| txids.contains(&t)))
            && (keys.is_empty() || text(v, "key").is_some_and(|k| keys.contains(&k)))
    };
    // One shape for every item, as `pix_payment.list.response.json` has
    // it: the fields of the other kinds present, null.
    let typed = |mut v: Value, kind: &str| {
        v["type"] = json!(kind);
        for field in [
            "outbound_pix_payment_id",
            "refund_reason",
            "refund_reason_code",
            "refund_reason_description",
            "rejection_reason",
        ] {
            if v.get(field).is_none() {
                v[field] = Value::Null;
            }
        }
        v
    };
    // Timestamps have seconds: within one, sent come before received, and
    // refunds (which follow what they refund) last.
    let mut items: Vec<(String, u8, Value)> = Vec::new();
    for op in store
        .operations
        .iter()
        .filter(|o| o.account_id == account_id)
    {
        let (kind, rank) = match op.kind {
            Kind::Pix => ("outbound_pix_payment", 0),
            Kind::PixRefund => ("refund_for_inbound_pix_payment", 2),
            _ => continue,
        };
        let v = serde_json::to_value(op).unwrap_or(Value::Null);
        items.push((op.created_at.iso(), rank, typed(v, kind)));
    }
    for p in store
        .pix_inbound
        .iter()
        .filter(|p| p.account_id == account_id)
    {
        let mut v = serde_json::to_value(p).unwrap_or(Value::Null);
        // A received Pix names its key through the charge or transfer.
        if v.get("key").is_none() {
            v["key"] = Value::Null;
        }
        items.push((p.created_at.clone(), 1, typed(v, "inbound_pix_payment")));
    }
    items.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
    let kept: Vec<(usize, Value)> = items
        .into_iter()
        .map(|(_, _, v)| v)
        .enumerate()
        .filter(|(_, v)| wanted(v))
        .collect();
    crate::domain::cursor::page(&kept, &page).map(Json)
}

/// The values of one filter, repeated (`keys=a&keys=b`, `keys[]=a`) or
/// comma-separated.
fn filter_of(uri: &Uri, name: &str) -> Vec<String> {
    let bracketed = format!("{name}[]");
    uri.query()
        .unwrap_or("")
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .filter(|(k, _)| *k == name || *k == bracketed)
        .flat_map(|(_, v)| {
            v.split(',')
                .map(|s| s.replace("%2B", "+").replace("%40", "@"))
        })
        .filter(|s| !s.is_empty())
        .collect()
}
