//! Views across the three kinds (SPEC §6.6): operations waiting for
//! approval or for their day, batch approval and cancellation, the
//! account's schedulings, and the scheduling calendar.

use crate::domain::cursor::Page;
use crate::domain::operations::lifecycle;
use crate::domain::operations::Kind;
use crate::domain::operations::Operation;
use crate::domain::store::Store;
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
pub(crate) struct BatchItem {
    pub(crate) id: String,
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
