//! Views across the three kinds (SPEC §6.6): operations waiting for
//! approval or for their day, batch approval and cancellation, the
//! account's schedulings, and the scheduling calendar.

use crate::domain::clock::Now;
use crate::domain::cursor::Page;
use crate::domain::operations::lifecycle;
use crate::domain::operations::Kind;
use crate::domain::operations::Operation;
use crate::domain::refusal::Refusal;
use crate::domain::store::{Model, Store};
use serde::Deserialize;
use serde_json::{json, Value};
use stone_openbank::barcode::iso_date;

pub(crate) const READ: &[&str] = &["paymentaccount:read", "expend:read"];
pub(crate) const APPROVE: &[&str] = &[
    "paymentaccount:transfers:internal",
    "paymentaccount:transfers:external",
    "paymentaccount:payments",
    "pix:payment",
];
/// The most operations one batch may name.
pub const MAX_BATCH: usize = 1000;

pub(crate) fn waiting(op: &Operation) -> Option<&'static str> {
    if lifecycle::awaits_approval(op) {
        Some("PENDING_APPROVAL")
    } else if lifecycle::is_held(op.status) {
        Some("SCHEDULED")
    } else {
        None
    }
}

/// An operation as the unified list shows it.
pub(crate) fn view(op: &Operation) -> Value {
    let title = match op.kind {
        Kind::Internal => "Transferência",
        Kind::External => "TED",
        Kind::Payment => "Pagamento",
        Kind::Pix => "Pix",
        Kind::PixRefund => "Devolução de Pix",
    };
    let subtitle = op
        .target
        .as_ref()
        .and_then(|t| t.pointer("/entity/name").cloned())
        .or_else(|| op.extra.get("writable_line").cloned())
        .unwrap_or(Value::Null);
    json!({
        "id": op.id,
        "account_id": op.account_id,
        "created_by": &*op.created_by,
        "type": op.kind.operation_type(),
        "status": waiting(op).unwrap_or(op.status.as_str()),
        "amount": op.amount,
        "fee": -op.fee,
        "scheduled_to": op.effective_date.map(iso_date),
        "created_at": op.created_at,
        "title": title,
        "subtitle": subtitle,
        "counterparty_agent": op.target.as_deref().cloned().unwrap_or(Value::Null),
    })
}

#[derive(Debug, Deserialize)]
pub struct OperationsQuery {
    pub(crate) status: Option<String>,
    #[serde(flatten)]
    pub(crate) page: Page,
}

#[derive(Debug, Deserialize)]
pub struct TypeQuery {
    #[serde(rename = "type")]
    pub(crate) kind: Option<String>,
}

#[derive(Debug, Deserialize)]
/// One operation a batch names.
pub struct BatchItem {
    pub id: String,
    #[serde(rename = "type")]
    pub(crate) kind: String,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Batch {
    pub(crate) action: String,
    pub(crate) operations: Vec<BatchItem>,
}

/// Indices of the account's waiting operations the batch selects.
pub(crate) fn select(
    store: &Store,
    account_id: &str,
    except: bool,
    items: &[BatchItem],
    status: fn(&Operation) -> bool,
) -> Vec<usize> {
    let named = |op: &Operation| {
        items
            .iter()
            .any(|i| i.id.trim_end_matches('/') == op.id && i.kind == op.kind.operation_type())
    };
    store
        .operations
        .iter()
        .enumerate()
        .filter(|(_, op)| op.account_id == account_id && status(op) && named(op) != except)
        .map(|(i, _)| i)
        .collect()
}

#[derive(Debug, Deserialize)]
pub struct CalendarQuery {
    pub(crate) operation_type: Option<String>,
    pub(crate) start: Option<String>,
    pub(crate) end: Option<String>,
}

/// Approves a batch of an account's operations waiting for approval (the
/// ones named, or all but them): by `client_id` when an application asks
/// (only one operating its own account may: a platform's users decide in
/// Stone's app), else by the account's owner. How many were approved.
pub fn approve_batch(
    store: &mut Store,
    now: &Now,
    account_id: &str,
    client_id: Option<&str>,
    except: bool,
    items: &[BatchItem],
) -> Result<usize, Refusal> {
    let by = match client_id {
        Some(client_id) => {
            store.accessible_account(client_id, account_id)?;
            let own = store
                .applications
                .get(client_id)
                .is_some_and(|a| a.model == Model::OwnAccount);
            if !own {
                return Err(Refusal::unauthorized());
            }
            format!("application:{client_id}")
        }
        None => store
            .account(account_id)
            .map(|a| a.owner_id.clone())
            .ok_or_else(Refusal::not_found)?,
    };
    let chosen = select(store, account_id, except, items, lifecycle::awaits_approval);
    for &i in &chosen {
        lifecycle::approve(store, now, i, &by);
    }
    Ok(chosen.len())
}

/// Cancels a batch of an account's scheduled operations not yet run. How
/// many were cancelled.
pub fn cancel_batch(
    store: &mut Store,
    now: &Now,
    account_id: &str,
    client_id: &str,
    except: bool,
    items: &[BatchItem],
) -> Result<usize, Refusal> {
    store.accessible_account(client_id, account_id)?;
    let chosen = select(store, account_id, except, items, lifecycle::cancellable);
    let by = format!("application:{client_id}");
    for &i in &chosen {
        lifecycle::cancel(store, now, i, &by);
    }
    Ok(chosen.len())
}
