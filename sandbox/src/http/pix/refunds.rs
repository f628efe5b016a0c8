//! The endpoints of [`crate::domain::pix::refunds`]: reading the request
//! (the caller, its scopes, the body's fields), the idempotency key, and
//! Stone's JSON answers. The records, life cycles and rules they apply are
//! in the domain module.

use crate::domain::clock::Now;
use crate::domain::ledger::EntryType;
use crate::domain::ledger::Posting;
use crate::domain::operations::lifecycle;
use crate::domain::operations::Kind;
use crate::domain::operations::Status;
use crate::domain::pix::refunds::*;
use crate::domain::refusal::Class;
use crate::domain::refusal::Refusal;
use crate::domain::store::Model;
use crate::http::server::App;
use axum::http::StatusCode;
use serde_json::{json, Value};
use std::sync::Arc;

/// `POST /api/v1/refunds_for_inbound_pix_payments` → 202, `PENDING`
/// (the idempotency key is mandatory).
pub async fn create(
    axum::extract::State(app): axum::extract::State<Arc<App>>,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
) -> Result<(StatusCode, axum::Json<Value>), Refusal> {
    crate::http::pix::keyed_create(&app, &headers, &body, SCOPES, create_inner)
}

fn create_inner(app: &App, client_id: &str, body: &Value) -> Result<(StatusCode, Value), Refusal> {
    create_for(app, client_id, body, None)
}

/// A refund, also asked through the BCB API (its `devolucao` id kept as
/// `bcb_id`, by which that API finds it again).
pub fn create_for(
    app: &App,
    client_id: &str,
    body: &Value,
    bcb_id: Option<&str>,
) -> Result<(StatusCode, Value), Refusal> {
    let now = Now::of(&app.clock);
    let mut store = app.store.lock();
    // A received Pix of an account the caller cannot see is not found,
    // before any rule says anything about it.
    let id = body.get("inbound_pix_payment_id").and_then(Value::as_str);
    if let Some(p) = store.pix_inbound.iter().find(|p| Some(p.id.as_str()) == id) {
        if !store.may_access(client_id, &p.account_id) {
            return Err(Refusal::not_found());
        }
    }
    let mut d = draft(&store, &now, body)?;
    if let Some(id) = bcb_id {
        d.extra.insert("bcb_id".into(), json!(id));
    }
    let by = format!("application:{client_id}");
    let index = lifecycle::open(&mut store, &now, Kind::PixRefund, d, &by, false);
    let answer = serde_json::to_value(&store.operations[index])
        .map_err(|_| Refusal::new(Class::Internal, "internal"))?;
    let own = store
        .applications
        .get(client_id)
        .is_some_and(|a| a.model == Model::OwnAccount);
    if own {
        lifecycle::approve(&mut store, &now, index, &by);
    }
    Ok((StatusCode::ACCEPTED, answer))
}

/// `POST /admin/refunds_for_inbound_pix_payments/{id}/reverse`: the payer's
/// institution, outside the sandbox, rejects a settled refund and sends the
/// money back (204): REVERSED, the refunding account credited
/// (`refund_reversal_for_pix_payment`), the received Pix's
/// `refunded_amount` back down.
pub async fn reverse(
    axum::extract::State(app): axum::extract::State<Arc<App>>,
    axum::extract::Path(id): axum::extract::Path<String>,
    axum::Json(r): axum::Json<Reversal>,
) -> Result<StatusCode, Refusal> {
    let now = Now::of(&app.clock);
    let mut store = app.store.lock();
    let index = store
        .operation_index
        .get(&id)
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
    if op.status != Status::Settled || sent_by_sandbox(&store, &inbound_id).is_some() {
        // Only a refund that left the sandbox can come back from outside.
        return Err(lifecycle::wrong_status(op.status));
    }
    let reason = r
        .reason
        .unwrap_or_else(|| "rejected by the payer's institution".into());
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
    crate::domain::ledger::credit(&mut store, &posting).map_err(|_| Refusal::not_found())?;
    store.flows.sent_out -= op.amount;
    if let Some(p) = store.pix_inbound.iter_mut().find(|p| p.id == inbound_id) {
        p.refunded_amount -= op.amount;
    }
    let o = &mut store.operations[index];
    o.status = Status::Reversed;
    o.extra.insert("reversed_at".into(), json!(now.iso));
    o.extra.insert("reversal_reason".into(), json!(reason));
    lifecycle::announce(&mut store, &now, index, "reversed");
    Ok(StatusCode::NO_CONTENT)
}
