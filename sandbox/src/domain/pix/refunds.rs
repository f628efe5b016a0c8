//! Refunds (devoluções) of received Pix (SPEC §6.13.4, §8.6):
//! `POST /api/v1/refunds_for_inbound_pix_payments`, total or in parts up to
//! what is left of the received amount, within 90 days of its settlement.
//!
//! A refund is a cash-out (`operations::Kind::PixRefund`, batch type
//! `refund_for_pix_payment`), so it shares the record, approvals and
//! pending list of the others:
//!
//! ```text
//! PENDING --(approved: at once for an own account, by the owner for a platform)--> MONEY_RESERVED --> SETTLED
//! PENDING --(not enough money)--> FAILED;  PENDING --(owner rejects)--> REJECTED
//! ```
//!
//! The money goes back to the payer: a sandbox account that sent the Pix
//! is credited (`refund_for_outbound_pix_payment`, and its outbound Pix's
//! `refunded_amount` grows); a payer at another bank is outside the sandbox
//! (`flows.sent_out`).

use crate::domain::clock::Now;
use crate::domain::clock::Ts;
use crate::domain::ledger::Denied;
use crate::domain::ledger::EntryType;
use crate::domain::ledger::Posting;
use crate::domain::operations::lifecycle;
use crate::domain::operations::rules::Reasons;
use crate::domain::operations::Draft;
use crate::domain::operations::Kind;
use crate::domain::operations::Status;
use crate::domain::pix::inbound;
use crate::domain::pix::STONE_ISPB;
use crate::domain::refusal::Class;
use crate::domain::refusal::Refusal;
use crate::domain::store::Store;
use serde_json::{json, Map, Value};
use std::sync::Arc;

/// The reasons the API accepts (SPEC §6.13.4).
pub(crate) const REASONS: &[&str] = &[
    "beneficiary_request",
    "fraud",
    "institution_error",
    "specific_service_offered_by_creditor_agent",
];
/// A received Pix may be refunded for this long after it settled.
pub(crate) const REFUND_DAYS: i64 = 90;

pub(crate) fn refuse(kind: &str) -> Refusal {
    Refusal::new(Class::Unprocessable, kind)
}

/// A devolução id as the SPI writes them: `D`, the ISPB, the minute, 11.
pub(crate) fn return_id(now: &Now) -> String {
    let e2e = inbound::end_to_end_id(STONE_ISPB, now);
    format!("D{}", &e2e[1..])
}

/// A valid refund request, as a cash-out draft of the received Pix's
/// account.
pub fn draft(store: &Store, now: &Now, body: &Value) -> Result<Draft, Refusal> {
    let mut reasons = Reasons::default();
    let reason = body.get("reason").and_then(Value::as_str);
    if !reason.is_some_and(|r| REASONS.contains(&r)) {
        reasons.add(
            "reason",
            "is required: beneficiary_request, fraud, institution_error or specific_service_offered_by_creditor_agent",
        );
    }
    let amount = crate::domain::operations::rules::amount(body.get("amount"), &mut reasons);
    if amount.is_some_and(|a| a > stone_openbank::pix::MAX_CENTS) {
        reasons.add("amount", "must be less than 1_000_000_000_000");
    }
    let inbound_id = crate::domain::operations::rules::required_text(
        body.get("inbound_pix_payment_id"),
        "inbound_pix_payment_id",
        &mut reasons,
    );
    let (Some(reason), Some(amount), Some(inbound_id), true) =
        (reason, amount, inbound_id, reasons.is_empty())
    else {
        return Err(reasons.into_error());
    };
    let received = store
        .pix_inbound
        .iter()
        .find(|p| p.id == inbound_id)
        .ok_or_else(Refusal::not_found)?;
    if received.status != crate::domain::pix::inbound::InboundStatus::Settled {
        return Err(refuse("inbound_pix_payment_not_settled"));
    }
    // Timestamps are the sandbox's own ISO form: they compare as text.
    let limit = Ts(now.unix - REFUND_DAYS * 86_400).iso();
    if received
        .settled_at
        .as_deref()
        .is_some_and(|t| t < limit.as_str())
    {
        return Err(refuse("refund_period_exceeded"));
    }
    // What is left: the amount less every refund asked for and not failed
    // (pending ones included, so two at once cannot exceed it).
    let asked: i64 = store
        .operations
        .iter()
        .filter(|o| {
            o.kind == Kind::PixRefund
                && o.extra
                    .get("inbound_pix_payment_id")
                    .and_then(Value::as_str)
                    == Some(inbound_id.as_str())
                && !matches!(
                    o.status,
                    Status::Failed | Status::Rejected | Status::Reversed
                )
        })
        .map(|o| o.amount)
        .sum();
    if amount > received.amount - asked {
        return Err(refuse("exceeded_avaiable_amount"));
    }
    let mut extra = Map::new();
    extra.insert("reason".into(), json!(reason));
    extra.insert("return_id".into(), json!(return_id(now)));
    extra.insert(
        "request_id".into(),
        json!(uuid::Uuid::new_v4().simple().to_string()),
    );
    extra.insert("source_ispb".into(), json!(STONE_ISPB));
    let payer_ispb = received
        .source
        .pointer("/institution/ispb")
        .cloned()
        .unwrap_or(Value::Null);
    extra.insert("target_ispb".into(), payer_ispb);
    extra.insert("inbound_pix_payment_id".into(), json!(inbound_id));
    for field in ["money_reserved_at", "reversed_at", "reversal_reason"] {
        extra.insert(field.into(), Value::Null);
    }
    Ok(Draft {
        account_id: received.account_id.clone(),
        amount,
        fee: 0,
        scheduled_to: None,
        target: Some(Arc::new(received.source.clone())),
        description: None,
        names: None,
        extra,
        target_account_id: None,
        invoice_id: None,
    })
}

/// The outbound Pix of the sandbox that a received Pix is (same
/// end-to-end id), if the payer was a sandbox account.
pub(crate) fn sent_by_sandbox(store: &Store, inbound_id: &str) -> Option<usize> {
    let e2e = &store
        .pix_inbound
        .iter()
        .find(|p| p.id == inbound_id)?
        .end_to_end_id;
    store.operations.iter().position(|o| {
        o.kind == Kind::Pix && o.extra.get("end_to_end_id").and_then(Value::as_str) == Some(e2e)
    })
}

/// Returns the money: debit the refunding account, credit the payer (a
/// sandbox account) or let it leave the sandbox.
pub fn execute(store: &mut Store, now: &Now, index: usize) {
    let op = store.operations[index].clone();
    let inbound_id = op
        .extra
        .get("inbound_pix_payment_id")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let posting = Posting {
        kind: Kind::PixRefund.statement_type(),
        account_id: &op.account_id,
        amount: op.amount,
        fee: 0,
        operation_id: &op.id,
        description: "Devolução de Pix",
        counter_party: op.target.clone().unwrap_or_else(|| Arc::new(Value::Null)),
        at: now.ts(),
        barcode: None,
        scheduled_to: None,
    };
    match crate::domain::ledger::debit(store, &posting) {
        Ok(()) => {}
        Err(Denied::NotEnoughFunds) => {
            return lifecycle::fail(store, now, index, 1, "insufficient balance", false)
        }
        Err(Denied::NoSuchAccount) => {
            return lifecycle::fail(store, now, index, 0, "generic error", false)
        }
    }
    let o = &mut store.operations[index];
    o.status = Status::MoneyReserved;
    o.extra.insert("money_reserved_at".into(), json!(now.iso));
    lifecycle::announce(store, now, index, "money_reserved");
    if let Some(p) = store.pix_inbound.iter_mut().find(|p| p.id == inbound_id) {
        p.refunded_amount += op.amount;
    }
    match sent_by_sandbox(store, &inbound_id) {
        Some(out) => {
            let payer = store.operations[out].clone();
            let back = Posting {
                kind: EntryType::RefundForOutboundPixPayment,
                account_id: &payer.account_id,
                operation_id: &payer.id,
                counter_party: payer
                    .target
                    .clone()
                    .unwrap_or_else(|| Arc::new(Value::Null)),
                ..posting
            };
            if crate::domain::ledger::credit(store, &back).is_ok() {
                let refunded = payer
                    .extra
                    .get("refunded_amount")
                    .and_then(Value::as_i64)
                    .unwrap_or(0);
                store.operations[out]
                    .extra
                    .insert("refunded_amount".into(), json!(refunded + op.amount));
            } else {
                store.flows.sent_out += op.amount;
            }
        }
        None => store.flows.sent_out += op.amount,
    }
    let o = &mut store.operations[index];
    o.status = Status::Settled;
    o.settled_at = Some(now.ts());
    lifecycle::announce(store, now, index, "settled");
}

/// Who may refund: the scopes of sending Pix.
pub const SCOPES: &[&str] = &["pix:payment", "expend:pix_payment"];

#[derive(Debug, serde::Deserialize)]
pub struct Reversal {
    #[serde(default)]
    pub(crate) reason: Option<String>,
}

/// Asks for a refund of a received Pix (born PENDING; an own account's runs
/// at once), also through the BCB API (its `devolucao` id kept as
/// `bcb_id`, by which that API finds it again).
pub fn request_refund(
    store: &mut crate::domain::store::Store,
    now: &crate::domain::clock::Now,
    client_id: &str,
    body: &Value,
    bcb_id: Option<&str>,
) -> Result<serde_json::Value, Refusal> {
    // A received Pix of an account the caller cannot see is not found,
    // before any rule says anything about it.
    let id = body.get("inbound_pix_payment_id").and_then(Value::as_str);
    if let Some(p) = store.pix_inbound.iter().find(|p| Some(p.id.as_str()) == id) {
        if !store.may_access(client_id, &p.account_id) {
            return Err(Refusal::not_found());
        }
    }
    let mut d = draft(store, now, body)?;
    if let Some(id) = bcb_id {
        d.extra.insert("bcb_id".into(), json!(id));
    }
    let by = format!("application:{client_id}");
    let index = lifecycle::open(store, now, Kind::PixRefund, d, &by, false);
    let answer = serde_json::to_value(&store.operations[index])
        .map_err(|_| Refusal::new(Class::Internal, "internal"))?;
    let own = store
        .applications
        .get(client_id)
        .is_some_and(|a| a.model == crate::domain::store::Model::OwnAccount);
    if own {
        lifecycle::approve(store, now, index, &by);
    }
    Ok(answer)
}

/// The payer's institution, outside the sandbox, rejects a settled refund
/// and sends the money back: REVERSED, the refunding account credited
/// (`refund_reversal_for_pix_payment`), the received Pix's
/// `refunded_amount` back down.
pub fn reverse_refund(
    store: &mut Store,
    now: &Now,
    id: &str,
    reason: Option<String>,
) -> Result<(), Refusal> {
    let index = store
        .operation_index
        .get(id)
        .copied()
        .filter(|&i| store.operations[i].kind == Kind::PixRefund)
        .ok_or_else(Refusal::not_found)?;
    let op = store.operations[index].clone();
    let inbound_id = op
        .extra
        .get("inbound_pix_payment_id")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    if op.status != Status::Settled || sent_by_sandbox(store, &inbound_id).is_some() {
        // Only a refund that left the sandbox can come back from outside.
        return Err(lifecycle::wrong_status(op.status));
    }
    let reason = reason.unwrap_or_else(|| "rejected by the payer's institution".into());
    let posting = Posting {
        kind: EntryType::RefundReversalForPixPayment,
        account_id: &op.account_id,
        amount: op.amount,
        fee: 0,
        operation_id: &op.id,
        description: &reason,
        counter_party: op.target.clone().unwrap_or_else(|| Arc::new(Value::Null)),
        at: now.ts(),
        barcode: None,
        scheduled_to: None,
    };
    crate::domain::ledger::credit(store, &posting).map_err(|_| Refusal::not_found())?;
    store.flows.sent_out -= op.amount;
    if let Some(p) = store.pix_inbound.iter_mut().find(|p| p.id == inbound_id) {
        p.refunded_amount -= op.amount;
    }
    let o = &mut store.operations[index];
    o.status = Status::Reversed;
    o.extra.insert("reversed_at".into(), json!(now.iso));
    o.extra.insert("reversal_reason".into(), json!(reason));
    lifecycle::announce(store, now, index, "reversed");
    Ok(())
}
