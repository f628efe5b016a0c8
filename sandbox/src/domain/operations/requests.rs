//! What the API asks of cash-outs, as functions of the store: submit one
//! (drafted by its kind's rules, opened, approved at once when the caller
//! owns the account), find, list, cancel, decide (the owner approving or
//! rejecting), and the view of one as its create call answered it.

use serde_json::{json, Value};

use crate::domain::clock::Now;
use crate::domain::idempotency::Response;
use crate::domain::operations::{
    external, internal, lifecycle, payments, Draft, Kind, Operation, Status,
};
use crate::domain::pix::{outbound, refunds};
use crate::domain::refusal::Refusal;
use crate::domain::store::{Model, Store};

pub fn draft(store: &Store, now: &Now, kind: Kind, body: &Value) -> Result<Draft, Refusal> {
    match kind {
        Kind::Internal => internal::draft(store, now, body),
        Kind::External => external::draft(now, body),
        Kind::Payment => payments::draft(store, now, body).map(|(d, _)| d),
        Kind::Pix => outbound::draft(store, now, body),
        Kind::PixRefund => refunds::draft(store, now, body),
    }
}

pub fn owns(store: &Store, client_id: &str) -> bool {
    store
        .applications
        .get(client_id)
        .is_some_and(|a| a.model == Model::OwnAccount)
}

/// The operation as its create call answered it: the record as it is now,
/// rewound to the moment it was accepted (`status` then, approved then or
/// not). Replays of the create rebuild it from the record rather than keep
/// a copy of every answer: the same JSON, at a fraction of the memory.
pub fn as_accepted(op: &Operation, status: Status, approved: bool) -> Operation {
    let mut a = op.clone();
    a.status = status;
    for t in [
        &mut a.rejected_at,
        &mut a.approval_expired_at,
        &mut a.cancelled_at,
        &mut a.failed_at,
        &mut a.finished_at,
        &mut a.settled_at,
    ] {
        *t = None;
    }
    a.rejected_by = None;
    a.cancelled_by = None;
    a.failure_reason_code = None;
    a.failure_reason_description = None;
    for refund in [
        "refunded_at",
        "refund_reason_code",
        "refund_reason_description",
    ] {
        if a.extra.contains_key(refund) {
            a.extra.insert(refund.into(), Value::Null);
        }
    }
    if !approved {
        a.approved_at = None;
        a.approved_by = None;
        if a.kind == Kind::External {
            // Set by a later approval outside the TED window.
            a.extra
                .insert("delayed_to_next_business_day".into(), json!(false));
            a.extra
                .insert("scheduled_to_effective".into(), json!(a.scheduled_to));
        }
    }
    if a.kind == Kind::Payment {
        a.extra.insert("idempotency_key".into(), Value::Null);
    }
    a
}

/// Opens a cash-out of `kind` for `client_id` from a request's fields:
/// the operation as accepted (created, or approved at once for an owner's
/// own account) and what its idempotency key keeps to answer a retry.
pub fn submit(
    store: &mut Store,
    now: &Now,
    kind: Kind,
    client_id: &str,
    body: &Value,
) -> Result<(Operation, Response), Refusal> {
    let d = draft(store, now, kind, body)?;
    store.check_access(client_id, &d.account_id)?;
    let own = owns(store, client_id);
    let by = format!("application:{client_id}");
    let index = lifecycle::open(store, now, kind, d, &by, false);
    // 202 answers with the operation as accepted (accepted ≠ executed, as
    // Stone's): an owner's is born approved, and runs right after.
    let status = if own {
        lifecycle::approve(store, now, index, &by);
        match store.operations[index].status {
            s if lifecycle::is_held(s) => s,
            _ => Status::Approved,
        }
    } else {
        Status::Created
    };
    let accepted = as_accepted(&store.operations[index], status, own);
    Ok((
        accepted,
        Response::Operation {
            index,
            status,
            approved: own,
        },
    ))
}

/// An operation of `kind` by id, with its index.
pub fn find<'s>(store: &'s Store, kind: Kind, id: &str) -> Result<(usize, &'s Operation), Refusal> {
    store
        .operation_index
        .get(id)
        .map(|&i| (i, &store.operations[i]))
        .filter(|(_, op)| op.kind == kind)
        .ok_or_else(Refusal::not_found)
}

/// The decision on a CREATED operation, by `by`.
pub fn decide(
    store: &mut Store,
    now: &Now,
    kind: Kind,
    id: &str,
    approve: bool,
    by: Option<&str>,
    client: Option<&str>,
) -> Result<(), Refusal> {
    let (index, op) = find(store, kind, id)?;
    if let Some(client_id) = client {
        // Only the owner decides; among applications that is one operating
        // its own account. A platform (OpenBank) is refused: its users
        // decide in Stone's app (here: the admin API plays them).
        if !(store.may_access(client_id, &op.account_id) && owns(store, client_id)) {
            return Err(Refusal::unauthorized());
        }
    }
    if !lifecycle::awaits_approval(op) {
        return Err(lifecycle::wrong_status(op.status));
    }
    let by = match by {
        Some(b) => b.to_owned(),
        None => store
            .account(&op.account_id)
            .map(|a| a.owner_id.clone())
            .unwrap_or_default(),
    };
    if approve {
        lifecycle::approve(store, now, index, &by);
    } else {
        lifecycle::reject(store, now, index, &by);
    }
    Ok(())
}

/// Cancels a scheduled operation not yet run, for an application that may
/// operate its account.
pub fn cancel(
    store: &mut Store,
    now: &Now,
    kind: Kind,
    id: &str,
    client_id: &str,
) -> Result<(), Refusal> {
    let (index, op) = find(store, kind, id)?;
    store.check_access(client_id, &op.account_id)?;
    if !lifecycle::cancellable(op) {
        return Err(lifecycle::wrong_status(op.status));
    }
    lifecycle::cancel(store, now, index, &format!("application:{client_id}"));
    Ok(())
}

/// The account's operations of `kind`, oldest first, with their indices;
/// `status` as Stone spells the filter (`SCHEDULE` included). An unknown
/// status matches nothing.
pub fn listed<'s>(
    store: &'s Store,
    kind: Kind,
    account_id: &str,
    status: Option<&str>,
) -> Vec<(usize, &'s Operation)> {
    let status = status.map(|s| Status::parse(if s == "SCHEDULE" { "SCHEDULED" } else { s }));
    store
        .operations
        .iter()
        .enumerate()
        .filter(|(_, op)| op.kind == kind && op.account_id == account_id)
        .filter(|(_, op)| status.is_none_or(|s| s == Some(op.status)))
        .collect()
}
