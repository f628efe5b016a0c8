//! The status machine of cash-outs (SPEC §8.1–8.3):
//!
//! ```text
//! CREATED --approve--> APPROVED --> FINISHED | FAILED
//!                      APPROVED --(future date / outside the TED window)--> SCHEDULED | DELAYED_TO_NEXT_BUSINESS_DAY
//! SCHEDULED|DELAYED --(its day)--> FINISHED | FAILED;  --cancel--> CANCELLED
//! CREATED --reject--> REJECTED;  CREATED --(scheduled day passed unapproved)--> EXPIRED
//! ```
//!
//! Every change is a webhook event. Functions take the locked store.

use crate::domain::clock::Now;
use crate::domain::invoices;
use crate::domain::ledger::Denied;
use crate::domain::ledger::EntryType;
use crate::domain::ledger::Posting;
use crate::domain::operations::payments;
use crate::domain::operations::Draft;
use crate::domain::operations::Kind;
use crate::domain::operations::Operation;
use crate::domain::operations::Status;
use crate::domain::pix;
use crate::domain::refusal::Class;
use crate::domain::refusal::Refusal;
use crate::domain::store::Store;
use crate::domain::webhooks;
use serde_json::{json, Value};
use std::sync::Arc;
use time::Date;

/// TED window on business days, Brasília time (SPEC §5.11).
pub const TED_OPENS: u16 = 6 * 60 + 30;
pub const TED_CLOSES: u16 = 17 * 60 + 23;
/// Barcode payments after this minute run on the next business day.
pub const PAYMENT_CUTOFF: u16 = 23 * 60 + 50;

pub fn wrong_status(status: impl std::fmt::Display) -> Refusal {
    let mut e = Refusal::new(Class::Unprocessable, "invalid_operation_status");
    e.body["status"] = json!(status.to_string());
    e
}

pub(crate) fn iso_date(d: Date) -> String {
    stone_openbank::barcode::iso_date(d)
}

/// The webhook snapshot of an operation.
pub fn announce(store: &mut Store, now: &Now, index: usize, suffix: &str) {
    let op = &store.operations[index];
    let event = match op.kind {
        // Pix has events for some changes only, named its own way.
        Kind::Pix | Kind::PixRefund => match pix::event(op.kind, suffix) {
            Some(e) => e.to_owned(),
            None => return,
        },
        _ if suffix.is_empty() => op.kind.event_prefix().to_owned(),
        _ => format!("{}_{suffix}", op.kind.event_prefix()),
    };
    let (kind, id, account) = (op.kind, op.id.clone(), op.account_id.clone());
    // Stone's own Pix webhooks point at `/api/v1/outbound_pix_payments/`
    // (SPEC §10 #33).
    let uri = match kind {
        Kind::Pix => format!("/api/v1/outbound_pix_payments/{id}"),
        _ => format!("/api/v1/{}/{id}", kind.path()),
    };
    webhooks::emit(
        store,
        now,
        &event,
        kind.resource_type(),
        &account,
        &uri,
        |s| serde_json::to_value(&s.operations[index]).unwrap_or(Value::Null),
    );
}

/// Stores a new operation (CREATED, or approved at once when the creator
/// owns the account) and returns its index.
pub fn open(store: &mut Store, now: &Now, kind: Kind, draft: Draft, by: &str, own: bool) -> usize {
    let op = Operation {
        id: uuid::Uuid::new_v4().to_string(),
        kind,
        account_id: draft.account_id,
        amount: draft.amount,
        fee: draft.fee,
        // A Pix refund is born PENDING (SPEC §8.6).
        status: if kind == Kind::PixRefund {
            Status::Pending
        } else {
            Status::Created
        },
        scheduled_to: draft.scheduled_to.map(iso_date),
        created_at: now.ts(),
        created_by: by.into(),
        approved_at: None,
        approved_by: None,
        rejected_at: None,
        rejected_by: None,
        approval_expired_at: None,
        cancelled_at: None,
        cancelled_by: None,
        failed_at: None,
        failure_reason_code: None,
        failure_reason_description: None,
        finished_at: None,
        settled_at: None,
        target: draft.target,
        description: draft.description,
        names: draft.names,
        extra: draft.extra,
        target_account_id: draft.target_account_id,
        invoice_id: draft.invoice_id,
        effective_date: draft.scheduled_to,
    };
    store
        .operation_index
        .insert(op.id.clone(), store.operations.len());
    store.operations.push(op);
    let index = store.operations.len() - 1;
    announce(store, now, index, "");
    if own {
        // The creator may approve: Stone starts it APPROVED (or SCHEDULED).
        approve(store, now, index, by);
    }
    index
}

/// Whether the operation waits for its owner's decision: CREATED, or for
/// Pix CONFIRMED by a platform and not yet approved.
pub fn awaits_approval(op: &Operation) -> bool {
    match op.kind {
        Kind::Pix => op.status == Status::Confirmed && op.approved_at.is_none(),
        Kind::PixRefund => op.status == Status::Pending && op.approved_at.is_none(),
        _ => op.status == Status::Created,
    }
}

/// CREATED → APPROVED (a Pix stays CONFIRMED), then on to execution or
/// the schedule.
pub fn approve(store: &mut Store, now: &Now, index: usize, by: &str) {
    let op = &mut store.operations[index];
    // Pix keeps its own words: CONFIRMED, PENDING until the money moves.
    if !matches!(op.kind, Kind::Pix | Kind::PixRefund) {
        op.status = Status::Approved;
    }
    op.approved_at = Some(now.ts());
    op.approved_by = Some(by.into());
    announce(store, now, index, "approved");
    proceed(store, now, index);
}

/// Approved, and waiting for its day: its amount is held in the account's
/// `scheduled_balance`.
pub fn is_held(status: Status) -> bool {
    matches!(status, Status::Scheduled | Status::DelayedToNextBusinessDay)
}

/// Adds the operation's debit (amount + fee) to its account's
/// `scheduled_balance`, or takes it back off.
pub fn hold(store: &mut Store, index: usize, held: bool) {
    let op = &store.operations[index];
    let amount = op.amount + op.fee;
    if let Some(a) = store.accounts.iter_mut().find(|a| a.id == op.account_id) {
        a.scheduled_balance = if held {
            a.scheduled_balance.saturating_add(amount)
        } else {
            a.scheduled_balance - amount
        };
    }
}

pub(crate) fn schedule(store: &mut Store, now: &Now, index: usize, status: Status, day: Date) {
    let op = &mut store.operations[index];
    op.status = status;
    op.effective_date = Some(day);
    if op.kind == Kind::External {
        op.extra
            .insert("scheduled_to_effective".into(), json!(iso_date(day)));
        if status == Status::DelayedToNextBusinessDay {
            op.extra
                .insert("delayed_to_next_business_day".into(), json!(true));
        }
    }
    hold(store, index, true);
    announce(store, now, index, "scheduled");
}

/// An approved operation runs now, or waits for its day.
pub(crate) fn proceed(store: &mut Store, now: &Now, index: usize) {
    let op = &store.operations[index];
    let kind = op.kind;
    if let Some(day) = op.effective_date.filter(|d| *d > now.today) {
        schedule(store, now, index, Status::Scheduled, day);
        return;
    }
    let business = stone_openbank::calendar::is_business_day(now.today);
    match kind {
        Kind::External if !business || now.minutes < TED_OPENS || now.minutes >= TED_CLOSES => {
            let day = if business && now.minutes < TED_OPENS {
                now.today
            } else {
                stone_openbank::calendar::next_business_day(now.today)
            };
            schedule(store, now, index, Status::DelayedToNextBusinessDay, day);
        }
        Kind::Payment if now.minutes >= PAYMENT_CUTOFF => {
            let day = stone_openbank::calendar::next_business_day(now.today);
            schedule(store, now, index, Status::Scheduled, day);
        }
        _ => execute(store, now, index),
    }
}

pub fn fail(
    store: &mut Store,
    now: &Now,
    index: usize,
    code: i64,
    text: &'static str,
    scheduled: bool,
) {
    let op = &mut store.operations[index];
    op.status = Status::Failed;
    op.failed_at = Some(now.ts());
    op.failure_reason_code = Some(code);
    op.failure_reason_description = Some(text.into());
    announce(
        store,
        now,
        index,
        if scheduled {
            "scheduled_failed"
        } else {
            "failed"
        },
    );
}

/// Moves the money: FINISHED, or FAILED with the documented reason code.
pub fn execute(store: &mut Store, now: &Now, index: usize) {
    match store.operations[index].kind {
        Kind::Pix => return pix::outbound::execute(store, now, index),
        Kind::PixRefund => return pix::refunds::execute(store, now, index),
        _ => {}
    }
    let op = store.operations[index].clone();
    let scheduled = is_held(op.status);
    if scheduled {
        hold(store, index, false);
    }
    if op.kind != Kind::Internal {
        announce(store, now, index, "execution_started");
    }
    if op.kind == Kind::Payment {
        if let Some((code, text)) = payments::unpayable_now(store, now, &op) {
            fail(store, now, index, code, text, scheduled);
            return;
        }
    }
    let description = op.description.as_deref().unwrap_or_default().to_owned();
    let barcode = op.extra.get("barcode").and_then(Value::as_str);
    let line = op.extra.get("writable_line").and_then(Value::as_str);
    let posting = Posting {
        kind: op.kind.statement_type(),
        account_id: &op.account_id,
        amount: op.amount,
        fee: op.fee,
        operation_id: &op.id,
        description: &description,
        counter_party: op.target.clone().unwrap_or_else(|| Arc::new(Value::Null)),
        at: now.ts(),
        barcode: barcode.zip(line),
        scheduled_to: op.scheduled_to.as_deref(),
    };
    let result = match (&op.target_account_id, &op.invoice_id) {
        (Some(to), _) => crate::domain::ledger::transfer(store, &posting, to),
        (None, Some(invoice)) => invoices::pay(store, now, invoice, &posting),
        (None, None) => crate::domain::ledger::debit(store, &posting).map(|()| {
            store.flows.sent_out += posting.amount;
        }),
    };
    match result {
        Ok(()) => {
            let o = &mut store.operations[index];
            o.status = Status::Finished;
            o.finished_at = Some(now.ts());
            o.settled_at = Some(now.ts());
            announce(store, now, index, "finished");
            if let (Kind::Internal, Some(to)) = (op.kind, &op.target_account_id) {
                let uri = format!("/api/v1/internal_transfers/{}", op.id);
                webhooks::emit(
                    store,
                    now,
                    "cash_in_internal_transfer",
                    "internal_transfer",
                    to,
                    &uri,
                    |s| serde_json::to_value(&s.operations[index]).unwrap_or(Value::Null),
                );
            }
        }
        Err(Denied::NotEnoughFunds) => {
            fail(store, now, index, 1, "insufficient balance", scheduled)
        }
        Err(Denied::NoSuchAccount) => fail(store, now, index, 0, "generic error", scheduled),
    }
}

pub fn reject(store: &mut Store, now: &Now, index: usize, by: &str) {
    let op = &mut store.operations[index];
    op.status = Status::Rejected;
    op.rejected_at = Some(now.ts());
    op.rejected_by = Some(by.into());
    announce(store, now, index, "rejected");
}

/// Whether a cancel may apply: scheduled and not yet run, or still waiting
/// for approval.
pub fn cancellable(op: &Operation) -> bool {
    op.status == Status::Created || is_held(op.status)
}

pub fn cancel(store: &mut Store, now: &Now, index: usize, by: &str) {
    if is_held(store.operations[index].status) {
        hold(store, index, false);
    }
    let op = &mut store.operations[index];
    op.status = Status::Cancelled;
    op.cancelled_at = Some(now.ts());
    op.cancelled_by = Some(by.into());
    announce(store, now, index, "cancelled");
}

/// What the passing of time does: scheduled operations whose day came run
/// (TEDs once the window opens), unapproved ones whose day passed expire.
pub fn tick(store: &mut Store, now: &Now) {
    for index in 0..store.operations.len() {
        let op = &store.operations[index];
        let Some(day) = op.effective_date else {
            continue;
        };
        match op.status {
            Status::Scheduled | Status::DelayedToNextBusinessDay if day <= now.today => {
                // A TED runs only inside a window; one whose day passed
                // while the clock jumped waits for the next one.
                let window_open = op.kind != Kind::External
                    || (stone_openbank::calendar::is_business_day(now.today)
                        && (TED_OPENS..TED_CLOSES).contains(&now.minutes));
                if window_open {
                    execute(store, now, index);
                }
            }
            // A created Pix never expires (SPEC §8.5).
            Status::Created if day < now.today && op.kind != Kind::Pix => {
                let op = &mut store.operations[index];
                op.status = Status::Expired;
                op.approval_expired_at = Some(now.ts());
                announce(store, now, index, "expired");
            }
            _ => {}
        }
    }
}

/// TED refund reasons (SPEC §7.1) and payment refund reasons (§7.2).
pub fn refund_reason(kind: Kind, code: i64) -> Option<&'static str> {
    match (kind, code) {
        (Kind::External, 0) => Some("processing error at origin"),
        (Kind::External, 1) => Some("destination account does not exist"),
        (Kind::External, 2) => Some("account or branch does not exist"),
        (Kind::External, 3) => Some("wrong destination document"),
        (Kind::External, 4) => Some("destination account invalid for this transaction"),
        (Kind::External, 5) => Some("processing error"),
        (Kind::External, 6) => Some("exceeds the limit of the destination account type"),
        (Kind::External, 7) => Some("payment non-conformity"),
        (Kind::External, 8) => Some("invalid data"),
        (Kind::External, 9) => Some("CPF/CNPJ irregular at Receita Federal"),
        (Kind::External, 10) => Some("destination institution invalid"),
        (Kind::External, 11) => Some("destination account longer than 13 digits for its type"),
        (Kind::External, 12) => Some("requested by the receiving institution's customer"),
        (Kind::External, 13) => Some("bank order returned by the financial agent"),
        (Kind::External, 14) => Some("beneficiary not identified"),
        (Kind::Payment, 40) => Some("invalid currency code"),
        (Kind::Payment, 51) => Some("paid above or below the allowed amount"),
        (Kind::Payment, 52) => Some("overdue without fine or interest"),
        (Kind::Payment, 53) => Some("barcode not from the issuer bank"),
        (Kind::Payment, 63) => Some("invalid barcode"),
        (Kind::Payment, 68 | 69) => Some("duplicate payment"),
        (Kind::Payment, 70) => Some("requested by the receiving bank's customer"),
        (Kind::Payment, 71) => Some("invalid amount"),
        (Kind::Payment, 73) => Some("beneficiary not registered at the issuer"),
        (Kind::Payment, 74) => Some("beneficiary document divergent"),
        (Kind::Payment, 75) => Some("payer document divergent"),
        (Kind::Payment, 76) => Some("copy not forwarded in time"),
        // Pix returns (SPI reasons): the receiving institution gives it back.
        (Kind::Pix, 1) => Some("AC03: the receiving account is invalid"),
        (Kind::Pix, 2) => Some("AM09: the amount is wrong"),
        (Kind::Pix, 3) => Some("BE08: error of the receiving institution"),
        (Kind::Pix, 4) => Some("FR01: fraud"),
        (Kind::Pix, 5) => Some("MD06: requested by the payee"),
        _ => None,
    }
}

/// FINISHED (a Pix: SETTLED) → REFUNDED: the destination returned the
/// money (a TED, a payment of an outside document, a Pix to another
/// bank). The amount comes back, and the fee with it (SPEC §7.1 FAQ), as
/// one credit entry.
pub fn refund(store: &mut Store, now: &Now, index: usize, code: i64) -> Result<(), Refusal> {
    let op = store.operations[index].clone();
    let Some(text) = refund_reason(op.kind, code) else {
        return Err(Refusal::validation(&[(
            "reason_code",
            "is not a documented refund code of this operation",
        )]));
    };
    let done = if op.kind == Kind::Pix {
        Status::Settled
    } else {
        Status::Finished
    };
    if op.status != done || op.target_account_id.is_some() || op.invoice_id.is_some() {
        // Internal transfers and payments inside the sandbox are not refunded.
        return Err(wrong_status(op.status));
    }
    let kind = match op.kind {
        Kind::External => EntryType::ExternalRefund,
        Kind::Pix => EntryType::RefundForOutboundPixPayment,
        _ => EntryType::PaymentRefund,
    };
    let posting = Posting {
        kind,
        account_id: &op.account_id,
        amount: op.amount + op.fee,
        fee: 0,
        operation_id: &op.id,
        description: text,
        counter_party: op.target.clone().unwrap_or_else(|| Arc::new(Value::Null)),
        at: now.ts(),
        barcode: None,
        scheduled_to: None,
    };
    crate::domain::ledger::credit(store, &posting).map_err(|_| Refusal::not_found())?;
    store.flows.sent_out -= op.amount;
    store.flows.fees -= op.fee;
    let o = &mut store.operations[index];
    o.status = Status::Refunded;
    o.extra.insert("refunded_at".into(), json!(now.iso));
    o.extra.insert("refund_reason_code".into(), json!(code));
    o.extra
        .insert("refund_reason_description".into(), json!(text));
    if op.kind == Kind::Pix {
        o.extra.insert("refunded_amount".into(), json!(op.amount));
        announce(store, now, index, "refunded");
        return Ok(());
    }
    let (event, target_type) = match op.kind {
        Kind::External => ("cash_in_external_transfer_refund", "external_transfer"),
        _ => ("cash_in_payment_refund", "payment"),
    };
    let uri = format!("/api/v1/{}/{}", op.kind.path(), op.id);
    webhooks::emit(store, now, event, target_type, &op.account_id, &uri, |s| {
        serde_json::to_value(&s.operations[index]).unwrap_or(Value::Null)
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    //! The life cycle called directly, without HTTP: a store, a clock
    //! reading, typed drafts.
    use super::*;
    use crate::domain::operations::internal;
    use crate::domain::store::{Account, Store};

    fn store_with_two_accounts() -> Store {
        let mut store = Store::default();
        for (id, code, balance) in [("a", "1001", 10_000), ("b", "1002", 0)] {
            let mut account = Account::new(
                id.into(),
                code.into(),
                "39053344705".into(),
                format!("Owner {id}"),
                "2026-01-01T00:00:00Z".into(),
            );
            account.balance = balance;
            store.accounts.push(account);
        }
        store.flows.received = 10_000;
        store
    }

    fn transfer_draft(store: &Store, now: &Now, amount: i64) -> Draft {
        let body = serde_json::json!({
            "account_id": "a", "amount": amount,
            "target": {"account": {"account_code": "1002"}},
        });
        internal::draft(store, now, &body).unwrap()
    }

    #[test]
    fn a_platforms_transfer_waits_for_approval_then_moves_the_money_once() {
        let mut store = store_with_two_accounts();
        let now = Now::at(1_780_000_000);
        let draft = transfer_draft(&store, &now, 2_500);
        let index = open(
            &mut store,
            &now,
            Kind::Internal,
            draft,
            "application:p",
            false,
        );
        assert_eq!(store.operations[index].status, Status::Created);
        assert!(awaits_approval(&store.operations[index]));
        assert_eq!(
            store.accounts[0].balance, 10_000,
            "nothing moves before approval"
        );
        approve(&mut store, &now, index, "user:owner");
        assert_eq!(store.operations[index].status, Status::Finished);
        assert_eq!(
            (store.accounts[0].balance, store.accounts[1].balance),
            (7_500, 2_500)
        );
        assert_eq!(store.entries.len(), 2, "one debit, one credit");
        assert!(!awaits_approval(&store.operations[index]));
    }

    #[test]
    fn a_transfer_without_the_money_fails_and_moves_nothing() {
        let mut store = store_with_two_accounts();
        let now = Now::at(1_780_000_000);
        let draft = transfer_draft(&store, &now, 20_000);
        let index = open(
            &mut store,
            &now,
            Kind::Internal,
            draft,
            "application:own",
            true,
        );
        assert_eq!(store.operations[index].status, Status::Failed);
        assert_eq!(
            (store.accounts[0].balance, store.accounts[1].balance),
            (10_000, 0)
        );
        assert!(store.entries.is_empty());
    }

    #[test]
    fn a_draft_names_every_field_at_fault() {
        let store = store_with_two_accounts();
        let err =
            internal::draft(&store, &Now::at(1_780_000_000), &serde_json::json!({})).unwrap_err();
        assert_eq!(err.class, crate::domain::refusal::Class::Invalid);
        let text = err.body.to_string();
        for field in ["amount", "account_id", "account_code"] {
            assert!(text.contains(field), "{field} missing from {text}");
        }
    }
}
