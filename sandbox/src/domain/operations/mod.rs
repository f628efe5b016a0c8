//! Cash-out operations that wait for approval (SPEC §4): internal
//! transfers, external transfers (TED), barcode payments and outbound Pix
//! (whose own rules and two steps live in `crate::pix::outbound`). They share one
//! record and one life cycle (`lifecycle`); each kind has its own request
//! rules (`internal`, `external`, `payments`). The HTTP surface is generic
//! over the kind (`http`), as are the pending-operations views (`pending`).

use crate::domain::clock::Ts;
use crate::domain::ledger::EntryType;
use crate::domain::stored;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::sync::Arc;

pub mod external;
pub mod internal;
pub mod lifecycle;
pub mod payments;
pub mod pending;
pub mod requests;
pub mod rules;

/// Where a cash-out is in its life cycle (SPEC §8), in Stone's words.
/// Transfers and payments: CREATED → APPROVED → (SCHEDULED |
/// DELAYED_TO_NEXT_BUSINESS_DAY) → FINISHED | FAILED, or REJECTED,
/// CANCELLED, EXPIRED; a finished TED or payment may be REFUNDED. Pix:
/// CREATED → CONFIRMED → MONEY_RESERVED → SETTLED | FAILED, REFUNDED by
/// the other bank. Refunds of received Pix: PENDING → MONEY_RESERVED →
/// SETTLED | FAILED, REVERSED by the payer's bank.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Status {
    Created,
    Approved,
    Scheduled,
    DelayedToNextBusinessDay,
    Finished,
    Failed,
    Rejected,
    Cancelled,
    Expired,
    Refunded,
    Confirmed,
    Pending,
    MoneyReserved,
    Settled,
    Reversed,
}

impl Status {
    pub const ALL: [Status; 15] = [
        Status::Created,
        Status::Approved,
        Status::Scheduled,
        Status::DelayedToNextBusinessDay,
        Status::Finished,
        Status::Failed,
        Status::Rejected,
        Status::Cancelled,
        Status::Expired,
        Status::Refunded,
        Status::Confirmed,
        Status::Pending,
        Status::MoneyReserved,
        Status::Settled,
        Status::Reversed,
    ];

    /// As Stone writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Created => "CREATED",
            Status::Approved => "APPROVED",
            Status::Scheduled => "SCHEDULED",
            Status::DelayedToNextBusinessDay => "DELAYED_TO_NEXT_BUSINESS_DAY",
            Status::Finished => "FINISHED",
            Status::Failed => "FAILED",
            Status::Rejected => "REJECTED",
            Status::Cancelled => "CANCELLED",
            Status::Expired => "EXPIRED",
            Status::Refunded => "REFUNDED",
            Status::Confirmed => "CONFIRMED",
            Status::Pending => "PENDING",
            Status::MoneyReserved => "MONEY_RESERVED",
            Status::Settled => "SETTLED",
            Status::Reversed => "REVERSED",
        }
    }

    /// A status filter of a list request, as Stone writes it.
    pub fn parse(text: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which cash-out an operation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Internal,
    External,
    Payment,
    Pix,
    PixRefund,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Internal,
        Kind::External,
        Kind::Payment,
        Kind::Pix,
        Kind::PixRefund,
    ];

    /// The collection in the API path (`/api/v1/<path>`).
    pub fn path(self) -> &'static str {
        match self {
            Kind::Internal => "internal_transfers",
            Kind::External => "external_transfers",
            Kind::Payment => "payments",
            Kind::Pix => "pix/outbound_pix_payments",
            Kind::PixRefund => "refunds_for_inbound_pix_payments",
        }
    }

    /// The `type` of the pending-operations API and batch approval.
    pub fn operation_type(self) -> &'static str {
        match self {
            Kind::Internal => "internal_transfer",
            Kind::External => "external_transfer",
            Kind::Payment => "barcode_payment",
            Kind::Pix => "pix_payment",
            Kind::PixRefund => "refund_for_pix_payment",
        }
    }

    pub fn from_operation_type(text: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.operation_type() == text)
    }

    /// The statement entry `type` and the receipt `resource_type`.
    pub fn statement_type(self) -> EntryType {
        match self {
            Kind::Internal => EntryType::Internal,
            Kind::External => EntryType::External,
            Kind::Payment => EntryType::Payment,
            Kind::Pix => EntryType::OutboundPixPayment,
            Kind::PixRefund => EntryType::RefundForPixPayment,
        }
    }

    pub fn resource_type(self) -> &'static str {
        match self {
            Kind::Internal => "internal_transfer",
            Kind::External => "external_transfer",
            Kind::Payment => "payment",
            Kind::Pix => "outbound_pix_payment",
            Kind::PixRefund => "refund_for_pix_payment",
        }
    }

    /// The webhook event of creation; state changes append `_<state>`.
    pub fn event_prefix(self) -> &'static str {
        match self {
            Kind::Internal => "cash_out_internal_transfer",
            Kind::External => "cash_out_external_transfer",
            Kind::Payment => "cash_out_payment",
            Kind::Pix => "pix_outbound_payment",
            Kind::PixRefund => "pix_inbound_payment_refund",
        }
    }

    /// Scopes that may create (and, for own accounts, approve) it.
    pub fn create_scopes(self) -> &'static [&'static str] {
        match self {
            Kind::Internal => &[
                "paymentaccount:transfers:internal",
                "expend:transfers:internal",
            ],
            Kind::External => &[
                "paymentaccount:transfers:external",
                "expend:transfers:external",
            ],
            Kind::Payment => &["paymentaccount:payments", "expend:payments"],
            Kind::Pix | Kind::PixRefund => &["pix:payment", "expend:pix_payment"],
        }
    }
}

/// One cash-out as Stone shows it. Kind-specific fields live in `extra` and
/// `target`, so every kind serialises with the fields the SPEC lists for it.
/// The same derive saves it (`crate::domain::stored`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Operation {
    pub id: String,
    #[serde(skip_serializing_if = "stored::hidden")]
    pub kind: Kind,
    pub account_id: String,
    pub amount: i64,
    pub fee: i64,
    pub status: Status,
    pub scheduled_to: Option<String>,
    pub created_at: Ts,
    /// `application:<id>` or `user:<id>`, shared by the fields naming it.
    pub created_by: Arc<str>,
    pub approved_at: Option<Ts>,
    pub approved_by: Option<Arc<str>>,
    pub rejected_at: Option<Ts>,
    pub rejected_by: Option<Arc<str>>,
    pub approval_expired_at: Option<Ts>,
    pub cancelled_at: Option<Ts>,
    pub cancelled_by: Option<Arc<str>>,
    pub failed_at: Option<Ts>,
    pub failure_reason_code: Option<i64>,
    pub failure_reason_description: Option<std::borrow::Cow<'static, str>>,
    pub finished_at: Option<Ts>,
    pub settled_at: Option<Ts>,
    /// Transfers' target (shared with the account's other uses for
    /// internal ones); absent for payments.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub target: Option<Arc<Value>>,
    /// Internal transfers: `""` when none was given.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub description: Option<Box<str>>,
    /// Internal transfers: the target's code and owner, shared with the
    /// account (rebuilt from `target_account_id` when loaded).
    #[serde(flatten, skip_serializing_if = "stored::derived", skip_deserializing)]
    pub names: Option<Arc<TargetNames>>,
    /// Internal transfers: the credited account.
    #[serde(skip_serializing_if = "stored::hidden")]
    pub target_account_id: Option<String>,
    /// Payments of a boleto issued in this sandbox: the invoice paid.
    #[serde(skip_serializing_if = "stored::hidden")]
    pub invoice_id: Option<String>,
    /// The date it runs on (`scheduled_to`, moved to a business day, or
    /// the next TED window), when it waits for one.
    #[serde(skip_serializing_if = "stored::hidden", with = "stored::date::option")]
    pub effective_date: Option<time::Date>,
    /// Other kind-specific fields (TEDs, payments); empty, and allocation
    /// free, for internal transfers. Last: when read back it takes every
    /// key the fields above did not.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// What a kind's rules make of a valid request, before it is stored.
#[derive(Debug, Clone)]
pub struct Draft {
    pub account_id: String,
    pub amount: i64,
    pub fee: i64,
    pub scheduled_to: Option<time::Date>,
    pub target: Option<Arc<Value>>,
    pub description: Option<Box<str>>,
    pub names: Option<Arc<TargetNames>>,
    pub extra: Map<String, Value>,
    pub target_account_id: Option<String>,
    pub invoice_id: Option<String>,
}

/// How an internal transfer names its target account.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TargetNames {
    pub target_account_code: String,
    pub target_account_owner_name: String,
}
