//! The append-only ledger. Balances change only here, one statement entry
//! per change, and every centavo that leaves an account lands in another,
//! in the fees collected, or in `Flows` (the world outside the sandbox):
//! money is conserved by construction and checkable by the tests.

use crate::domain::clock::Ts;
use crate::domain::store::Store;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::sync::Arc;

/// A statement entry's `type`: the ones the sandbox writes (the filter
/// accepts every type Stone documents, `crate::domain::statement`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryType {
    Internal,
    External,
    ExternalRefund,
    Payment,
    PaymentRefund,
    OutboundPixPayment,
    PixPayment,
    RefundForPixPayment,
    RefundForOutboundPixPayment,
    RefundReversalForPixPayment,
    Payroll,
    Salary,
}

impl EntryType {
    pub fn as_str(self) -> &'static str {
        match self {
            EntryType::Internal => "internal",
            EntryType::External => "external",
            EntryType::ExternalRefund => "external_refund",
            EntryType::Payment => "payment",
            EntryType::PaymentRefund => "payment_refund",
            EntryType::OutboundPixPayment => "outbound_pix_payment",
            EntryType::PixPayment => "pix_payment",
            EntryType::RefundForPixPayment => "refund_for_pix_payment",
            EntryType::RefundForOutboundPixPayment => "refund_for_outbound_pix_payment",
            EntryType::RefundReversalForPixPayment => "refund_reversal_for_pix_payment",
            EntryType::Payroll => "payroll",
            EntryType::Salary => "salary",
        }
    }
}

/// Money in or out of the account (`operation`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Credit,
    Debit,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Credit => "credit",
            Direction::Debit => "debit",
        }
    }
}

/// One statement entry. Compact on purpose (ids as UUIDs, the account id
/// shared with the account, timestamps as seconds): the ledger is the
/// sandbox's largest structure. Its JSON is written by hand (below) to add
/// the keys Stone's entries carry that the sandbox computes rather than
/// stores; that JSON holds every field, so the derived `Deserialize` reads
/// a saved entry back from it (the computed keys are ignored).
#[derive(Debug, Clone, Deserialize)]
pub struct Entry {
    pub id: uuid::Uuid,
    pub account_id: Arc<str>,
    #[serde(rename = "type")]
    pub kind: EntryType,
    pub operation: Direction,
    /// Signed: negative for debits (operation + fee).
    pub amount: i64,
    pub operation_amount: i64,
    pub fee_amount: i64,
    pub balance_before: i64,
    pub balance_after: i64,
    pub operation_id: uuid::Uuid,
    pub description: Box<str>,
    /// Shared by every entry with the same counterparty.
    pub counter_party: Arc<Value>,
    pub created_at: Ts,
    pub scheduled_at: Option<Ts>,
    pub scheduled_to: Option<Box<str>>,
    /// Payments: the document paid.
    #[serde(default)]
    pub barcode: Option<Box<str>>,
    #[serde(default)]
    pub writable_line: Option<Box<str>>,
}

impl Serialize for Entry {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = serializer.serialize_map(None)?;
        m.serialize_entry("id", &self.id)?;
        m.serialize_entry("account_id", &*self.account_id)?;
        m.serialize_entry("type", &self.kind)?;
        m.serialize_entry("operation", &self.operation)?;
        m.serialize_entry("amount", &self.amount)?;
        m.serialize_entry("operation_amount", &self.operation_amount)?;
        m.serialize_entry("fee_amount", &self.fee_amount)?;
        m.serialize_entry("balance_before", &self.balance_before)?;
        m.serialize_entry("balance_after", &self.balance_after)?;
        m.serialize_entry("operation_id", &self.operation_id)?;
        m.serialize_entry("description", &*self.description)?;
        m.serialize_entry("counter_party", &*self.counter_party)?;
        m.serialize_entry("created_at", &self.created_at)?;
        m.serialize_entry("scheduled_at", &self.scheduled_at)?;
        m.serialize_entry("scheduled_to", &self.scheduled_to)?;
        // The external-entry shape (`statement_entry.get.response.json`):
        // the day asked and the day it ran (the same here: a scheduled
        // operation runs on its day), and the refund fields of a TED
        // returned (its refund is an entry of its own here).
        m.serialize_entry("scheduled_to_requested", &self.scheduled_to)?;
        m.serialize_entry("scheduled_to_effective", &self.scheduled_to)?;
        m.serialize_entry("delayed_to_next_business_day", &false)?;
        m.serialize_entry("refund_reason_code", &Option::<i64>::None)?;
        m.serialize_entry("refund_reason_description", &Option::<&str>::None)?;
        // An entry is written when its money moved: always finished.
        m.serialize_entry("status", "FINISHED")?;
        if let Some(b) = &self.barcode {
            m.serialize_entry("barcode", &**b)?;
        }
        if let Some(w) = &self.writable_line {
            m.serialize_entry("writable_line", &**w)?;
        }
        m.end()
    }
}

/// Money that crossed the sandbox's border, and the fees it kept.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flows {
    /// Sent to other banks and billers (TEDs, payments of outside boletos).
    pub sent_out: i64,
    /// Received from outside (seeded funds, deposits by the admin API).
    pub received: i64,
    /// Fees charged.
    pub fees: i64,
}

/// Why a movement could not happen.
#[derive(Debug, PartialEq, Eq)]
pub enum Denied {
    NoSuchAccount,
    NotEnoughFunds,
}

/// One side of a movement.
#[derive(Debug, Clone)]
pub struct Posting<'a> {
    pub kind: EntryType,
    pub account_id: &'a str,
    /// What the operation moves, without the fee (always positive).
    pub amount: i64,
    pub fee: i64,
    pub operation_id: &'a str,
    pub description: &'a str,
    pub counter_party: Arc<Value>,
    pub at: Ts,
    pub barcode: Option<(&'a str, &'a str)>,
    pub scheduled_to: Option<&'a str>,
}

pub(crate) fn entry(
    p: &Posting<'_>,
    account_id: Arc<str>,
    operation: Direction,
    signed: i64,
    before: i64,
) -> Entry {
    Entry {
        id: uuid::Uuid::new_v4(),
        account_id,
        kind: p.kind,
        operation,
        amount: signed,
        operation_amount: p.amount,
        fee_amount: p.fee,
        balance_before: before,
        balance_after: before + signed,
        // Operation ids are the sandbox's own v4 UUIDs.
        operation_id: uuid::Uuid::parse_str(p.operation_id).unwrap_or_default(),
        description: p.description.into(),
        counter_party: p.counter_party.clone(),
        created_at: p.at,
        scheduled_at: None,
        scheduled_to: p.scheduled_to.map(Into::into),
        barcode: p.barcode.map(|(b, _)| b.into()),
        writable_line: p.barcode.map(|(_, l)| l.into()),
    }
}

pub(crate) fn account_mut<'s>(
    store: &'s mut Store,
    account_id: &str,
) -> Result<&'s mut crate::domain::store::Account, Denied> {
    store
        .accounts
        .iter_mut()
        .find(|a| a.id == account_id)
        .ok_or(Denied::NoSuchAccount)
}

/// Takes `amount + fee` from an account; the fee is collected. The caller
/// credits the amount somewhere (another account, or `Flows::sent_out`).
pub fn debit(store: &mut Store, p: &Posting<'_>) -> Result<(), Denied> {
    let total = p.amount + p.fee;
    let account = account_mut(store, p.account_id)?;
    let before = account.balance;
    if before < total {
        return Err(Denied::NotEnoughFunds);
    }
    account.balance -= total;
    let shared = account.shared_id.clone();
    store.flows.fees += p.fee;
    let e = entry(p, shared, Direction::Debit, -total, before);
    store.entries.push(e);
    Ok(())
}

/// Gives `amount - fee` to an account; the fee is collected. The caller
/// took the amount from somewhere.
pub fn credit(store: &mut Store, p: &Posting<'_>) -> Result<(), Denied> {
    let net = p.amount - p.fee;
    let account = account_mut(store, p.account_id)?;
    let before = account.balance;
    account.balance += net;
    let shared = account.shared_id.clone();
    store.flows.fees += p.fee;
    let e = entry(p, shared, Direction::Credit, net, before);
    store.entries.push(e);
    Ok(())
}

pub(crate) fn party(store: &Store, account_id: &str) -> Arc<Value> {
    store
        .account(account_id)
        .map_or_else(|| Arc::new(Value::Null), |a| a.as_party.clone())
}

/// An internal movement: debit `out.account_id` (amount + fee), credit
/// `to` (amount), atomically under the store lock the caller holds. The
/// counterparties are filled in from the accounts.
pub fn transfer(store: &mut Store, out: &Posting<'_>, to: &str) -> Result<(), Denied> {
    if store.account(to).is_none() {
        return Err(Denied::NoSuchAccount);
    }
    let out = Posting {
        counter_party: party(store, to),
        ..out.clone()
    };
    debit(store, &out)?;
    let inn = Posting {
        account_id: to,
        fee: 0,
        counter_party: party(store, out.account_id),
        ..out
    };
    credit(store, &inn)
}
