//! The append-only ledger. Every movement of money is a pair of entries (or
//! one, with the outside world), and the statement is read from it; balances
//! change only here, so money is conserved by construction.

use std::sync::Arc;

use serde::Serialize;
use serde_json::Value;

use crate::store::Store;

#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    pub id: String,
    pub account_id: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub operation: &'static str,
    /// Signed: negative for debits (operation + fee).
    pub amount: i64,
    pub operation_amount: i64,
    pub fee_amount: i64,
    pub balance_before: i64,
    pub balance_after: i64,
    pub operation_id: String,
    pub description: String,
    /// Shared by every entry with the same counterparty.
    pub counter_party: Arc<Value>,
    pub created_at: String,
    pub scheduled_at: Option<String>,
    pub scheduled_to: Option<String>,
    pub status: &'static str,
}

/// Why a movement could not happen.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    NoSuchAccount,
    NotEnoughFunds,
}

pub struct Movement<'a> {
    pub kind: &'static str,
    pub from: &'a str,
    pub to: &'a str,
    pub amount: i64,
    pub fee: i64,
    pub operation_id: &'a str,
    pub description: &'a str,
    pub at: &'a str,
}

fn party(store: &Store, account_id: &str) -> Arc<Value> {
    store
        .account(account_id)
        .map_or_else(|| Arc::new(Value::Null), |a| a.as_party.clone())
}

/// Moves `amount` (+ `fee`, kept by the sandbox's fee account: nowhere, for
/// now fees are 0) from one account to another, atomically under the store
/// lock the caller holds.
pub fn transfer(store: &mut Store, m: &Movement<'_>) -> Result<(), Refusal> {
    let debit = m.amount + m.fee;
    let from_balance = store.account(m.from).ok_or(Refusal::NoSuchAccount)?.balance;
    let to_balance = store.account(m.to).ok_or(Refusal::NoSuchAccount)?.balance;
    if from_balance < debit {
        return Err(Refusal::NotEnoughFunds);
    }
    let debit_entry = Entry {
        id: uuid::Uuid::new_v4().to_string(),
        account_id: m.from.to_owned(),
        kind: m.kind,
        operation: "debit",
        amount: -debit,
        operation_amount: m.amount,
        fee_amount: m.fee,
        balance_before: from_balance,
        balance_after: from_balance - debit,
        operation_id: m.operation_id.to_owned(),
        description: m.description.to_owned(),
        counter_party: party(store, m.to),
        created_at: m.at.to_owned(),
        scheduled_at: None,
        scheduled_to: None,
        status: "FINISHED",
    };
    let credit_entry = Entry {
        id: uuid::Uuid::new_v4().to_string(),
        account_id: m.to.to_owned(),
        operation: "credit",
        amount: m.amount,
        fee_amount: 0,
        balance_before: to_balance,
        balance_after: to_balance + m.amount,
        counter_party: party(store, m.from),
        ..debit_entry.clone()
    };
    for account in store.accounts.iter_mut() {
        if account.id == m.from {
            account.balance -= debit;
        }
        if account.id == m.to {
            account.balance += m.amount;
        }
    }
    store.entries.push(debit_entry);
    store.entries.push(credit_entry);
    Ok(())
}
