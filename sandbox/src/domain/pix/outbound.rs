//! Outbound Pix (SPEC §6.13.3, §8.5): `POST /api/v1/pix/outbound_pix_payments`
//! creates a Pix to a key, to account data, or to a BR Code's charge
//! (`transaction_id` + `key`); `POST .../{id}/actions/confirm` sends it.
//!
//! It is one more cash-out (`operations::Kind::Pix`): the same record,
//! persistence, pending-operations list, batch approval (`pix_payment`),
//! scheduling and cancellation as transfers and payments. What differs is
//! written here: the two steps, and the statuses
//!
//! ```text
//! CREATED --confirm--> CONFIRMED --(approved)--> MONEY_RESERVED --> SETTLED
//!                      CONFIRMED --(approved, future scheduled_to)--> SCHEDULED --(its day)--> MONEY_RESERVED ...
//!                      CONFIRMED --(not enough money)--> FAILED;  CONFIRMED --(owner rejects)--> REJECTED
//! ```
//!
//! The SPEC does not say what a platform's (OpenBank) confirmed Pix shows
//! while its owner has not approved it. Here it stays `CONFIRMED` with
//! `approved_at` null, is listed as `PENDING_APPROVAL`, and the owner
//! approves it like the other cash-outs (batch approval, or the admin API
//! playing Stone's app). An application operating its own account
//! confirms and approves in one step, as in Stone's webhook example.
//! A created Pix never expires.

use crate::domain::clock::Now;
use crate::domain::institutions;
use crate::domain::ledger::Denied;
use crate::domain::ledger::Posting;
use crate::domain::operations::lifecycle;
use crate::domain::operations::rules::Reasons;
use crate::domain::operations::Draft;
use crate::domain::operations::Kind;
use crate::domain::operations::Operation;
use crate::domain::operations::Status;
use crate::domain::pix::dict;
use crate::domain::pix::inbound::Arrival;
use crate::domain::pix::inbound::Landing;
use crate::domain::pix::party;
use crate::domain::pix::STONE_ISPB;
use crate::domain::refusal::Class;
use crate::domain::refusal::Refusal;
use crate::domain::store::Store;
use serde_json::{json, Map, Value};
use std::sync::Arc;
use stone_openbank::documents::TaxId;
use stone_openbank::pix::{txid, PixKey};

/// The most a description may say (SPEC §6.13.3).
pub(crate) const DESCRIPTION_MAX: usize = 140;
/// Amounts are below 1_000_000_000_000 centavos.
pub(crate) const AMOUNT_LIMIT: i64 = 1_000_000_000_000;

pub(crate) fn refuse(kind: &str) -> Refusal {
    Refusal::new(Class::Unprocessable, kind)
}

/// A person's CPF as a key payment shows it before settlement
/// (`***369163**`); companies' CNPJs are public.
pub(crate) fn masked(document: &str) -> String {
    if document.len() == 11 {
        format!("***{}**", &document[3..9])
    } else {
        document.to_owned()
    }
}

/// Who receives: a sandbox account (and the charge it pays), or a party
/// at another bank.
pub(crate) enum Payee {
    Inside(Landing),
    Outside(Value),
}

/// The payee of a key: its holder in the sandbox, or at another bank.
pub(crate) fn by_key(store: &Store, key: &str) -> Result<Payee, Refusal> {
    if let Some(entry) = crate::domain::pix::key_owner(store, key) {
        return Ok(Payee::Inside(Landing {
            account_id: entry.account_id.clone(),
            ..Landing::default()
        }));
    }
    dict::outside(key)
        .map(|k| Payee::Outside(dict::party(k)))
        .ok_or_else(|| refuse("key_not_found"))
}

/// The full view of a payee, as the settled Pix shows it.
pub(crate) fn payee_view(store: &Store, payee: &Payee) -> Value {
    match payee {
        Payee::Inside(l) => store.account(&l.account_id).map_or(Value::Null, party),
        Payee::Outside(v) => v.clone(),
    }
}

/// What a payment by key shows before it settles: no account, a masked
/// CPF (SPEC §6.13.3).
pub(crate) fn key_view(full: &Value) -> Value {
    let mut v = full.clone();
    if let Some(o) = v.as_object_mut() {
        o.remove("account");
    }
    if let Some(doc) = v.pointer("/entity/document").and_then(Value::as_str) {
        let m = masked(doc);
        v["entity"]["document"] = json!(m);
    }
    v
}

/// A charge of the sandbox a BR Code names by `transaction_id` + `key`:
/// the payee, and the amount it asks for (checked against `amount`).
pub(crate) fn by_charge(
    store: &Store,
    now: &Now,
    key: &str,
    txid: &str,
    amount: Option<i64>,
) -> Result<Option<(Landing, Option<i64>)>, Refusal> {
    if let Some(index) = store
        .pix_charges
        .iter()
        .position(|c| c.key == key && c.transaction_id == txid)
    {
        let c = &store.pix_charges[index];
        // The amount may come at confirmation; check what is known now (a
        // due-date charge always knows: its terms for today).
        let due = if amount.is_none() && c.amount.is_none() && c.due.is_none() {
            None
        } else {
            Some(crate::domain::pix::inbound::payable(c, now, amount)?)
        };
        return Ok(Some((
            Landing {
                account_id: c.account_id.clone(),
                charge: Some(index),
                static_charge: None,
                txid: Some(txid.to_owned()),
            },
            due,
        )));
    }
    if let Some(index) = store
        .pix_static_charges
        .iter()
        .position(|c| c.key == key && c.transaction_id == txid)
    {
        let c = &store.pix_static_charges[index];
        let due = match (c.amount, amount) {
            (Some(a), Some(b)) if a != b => return Err(refuse("invoice_amount_differs")),
            (code, given) => code.or(given),
        };
        return Ok(Some((
            Landing {
                account_id: c.account_id.clone(),
                charge: None,
                static_charge: Some(index),
                txid: Some(txid.to_owned()),
            },
            due,
        )));
    }
    Ok(None)
}

/// The payee of account data (`target`): `Ok(None)` with the body's
/// reasons added, or Stone's refusal of a well-formed target.
pub(crate) fn by_account(
    store: &Store,
    target: &Value,
    reasons: &mut Reasons,
) -> Result<Option<Payee>, Refusal> {
    let text = |pointer: &str| target.pointer(pointer).and_then(Value::as_str);
    let code = text("/account/account_code").filter(|c| {
        crate::domain::operations::rules::digits(c)
            && (2..=20).contains(&c.len())
            && !c.starts_with('0')
    });
    if code.is_none() {
        reasons.add(
            "target.account.account_code",
            "is required: 2 to 20 digits, not starting with 0",
        );
    }
    let branch = text("/account/branch_code").unwrap_or("0001");
    if branch.len() != 4 || !crate::domain::operations::rules::digits(branch) {
        reasons.add("target.account.branch_code", "must have 4 digits");
    }
    let account_type = text("/account/account_type").unwrap_or("CC");
    if !["CC", "PG", "PP"].contains(&account_type) {
        reasons.add("target.account.account_type", "must be CC, PG or PP");
    }
    let ispb = text("/institution/ispb")
        .filter(|i| i.len() == 8 && crate::domain::operations::rules::digits(i));
    if ispb.is_none() {
        reasons.add("target.institution.ispb", "is required: 8 digits");
    }
    let name = text("/entity/name").filter(|n| !n.trim().is_empty());
    if name.is_none() {
        reasons.add("target.entity.name", "is required");
    }
    let document = match text("/entity/document").map(TaxId::parse) {
        Some(Ok(id)) => Some(id),
        _ => {
            reasons.add("target.entity.document", "is required: a valid CPF or CNPJ");
            None
        }
    };
    let (Some(code), Some(ispb), Some(name), Some(document)) = (code, ispb, name, document) else {
        return Ok(None);
    };
    if ispb == STONE_ISPB {
        return store
            .accounts
            .iter()
            .find(|a| a.account_code == code)
            .map(|a| {
                Some(Payee::Inside(Landing {
                    account_id: a.id.clone(),
                    ..Landing::default()
                }))
            })
            .ok_or_else(|| refuse("target_account_not_found"));
    }
    let bank = institutions::find(ispb).ok_or_else(|| refuse("target_institution_not_found"))?;
    Ok(Some(Payee::Outside(json!({
        "account": {"account_code": code, "account_type": account_type, "branch_code": branch},
        "entity": {"document": document.as_str(), "document_type": crate::domain::pix::document_type(document.as_str()), "name": name},
        "institution": {"ispb": ispb, "name": bank.name},
    }))))
}

/// The amount field: absent (given at confirmation), or 1 to 10^12 − 1.
pub(crate) fn amount_of(value: Option<&Value>, reasons: &mut Reasons) -> Option<i64> {
    let v = value.filter(|v| !v.is_null())?;
    match v.as_i64() {
        Some(a) if (1..AMOUNT_LIMIT).contains(&a) => Some(a),
        _ => {
            reasons.add(
                "amount",
                "must be an integer of centavos, 1 to 999999999999",
            );
            None
        }
    }
}

pub(crate) fn description_of(value: Option<&Value>, reasons: &mut Reasons) -> Option<String> {
    let text = crate::domain::operations::rules::optional_text(value)?;
    if text.chars().count() > DESCRIPTION_MAX {
        reasons.add("description", "must have at most 140 characters");
    }
    Some(text)
}

/// A valid create request, as a cash-out draft.
pub fn draft(store: &Store, now: &Now, body: &Value) -> Result<Draft, Refusal> {
    let mut reasons = Reasons::default();
    let account_id = crate::domain::operations::rules::required_text(
        body.get("account_id"),
        "account_id",
        &mut reasons,
    );
    let amount = amount_of(body.get("amount"), &mut reasons);
    let description = description_of(body.get("description"), &mut reasons);
    let key_text = body.get("key").and_then(Value::as_str);
    let txid = body.get("transaction_id").and_then(Value::as_str);
    if txid.is_some_and(|t| !txid::is_payment_txid(t)) {
        reasons.add(
            "transaction_id",
            "must be 1 to 25 or 26 to 35 letters and digits",
        );
    }
    if txid.is_some() && key_text.is_none() {
        reasons.add("key", "is required with transaction_id");
    }
    let scheduled = crate::domain::operations::rules::scheduled_to(
        body.get("scheduled_to"),
        now,
        false,
        &mut reasons,
    );
    // The key is read by the core's rules: a malformed one is Stone's
    // `invalid_key`, after the body's own reasons.
    let key = key_text.map(PixKey::parse);
    let target = body.get("target").filter(|t| !t.is_null());
    let payee = match (&key, target) {
        (Some(_), _) => None,
        (None, Some(t)) => by_account(store, t, &mut reasons)?,
        (None, None) => {
            reasons.add("target", "is required when no key is given");
            None
        }
    };
    if !reasons.is_empty() {
        return Err(reasons.into_error());
    }
    let account_id = account_id.unwrap_or_default();
    let source = store
        .account(&account_id)
        .ok_or_else(Refusal::not_found)?
        .clone();
    let (payee, amount, shown) = match key {
        Some(Err(_)) => return Err(refuse("invalid_key")),
        Some(Ok(k)) => {
            let key = k.value;
            let charge = match txid {
                Some(t) => by_charge(store, now, &key, t, amount)?,
                None => None,
            };
            let (payee, amount) = match charge {
                Some((landing, due)) => (Payee::Inside(landing), due),
                None => (by_key(store, &key)?, amount),
            };
            let shown = key_view(&payee_view(store, &payee));
            (payee, amount, shown)
        }
        None => {
            let payee = payee.ok_or_else(|| refuse("target_account_not_found"))?;
            let shown = payee_view(store, &payee);
            (payee, amount, shown)
        }
    };
    let target_account_id = match &payee {
        Payee::Inside(l) if l.account_id == account_id => {
            return Err(refuse("cannot_transfer_to_source_account"))
        }
        Payee::Inside(l) => Some(l.account_id.clone()),
        Payee::Outside(_) => None,
    };
    let invoice_id = match &payee {
        Payee::Inside(l) => l
            .charge
            .map(|i| store.pix_charges[i].id.clone())
            .or_else(|| {
                l.static_charge
                    .map(|i| store.pix_static_charges[i].id.clone())
            }),
        Payee::Outside(_) => None,
    };
    let mut extra = Map::new();
    extra.insert("key".into(), json!(key_text.map(|_| shown_key(body))));
    extra.insert("transaction_id".into(), json!(txid));
    extra.insert(
        "end_to_end_id".into(),
        json!(crate::domain::pix::inbound::end_to_end_id(STONE_ISPB, now)),
    );
    extra.insert(
        "request_id".into(),
        json!(uuid::Uuid::new_v4().simple().to_string()),
    );
    extra.insert("refunded_amount".into(), json!(0));
    extra.insert("source".into(), party(&source));
    for field in ["confirmed_at", "confirmed_by", "money_reserved_at"] {
        extra.insert(field.into(), Value::Null);
    }
    Ok(Draft {
        account_id,
        amount: amount.unwrap_or(0),
        fee: 0,
        scheduled_to: scheduled.map(|(_, day)| day),
        target: Some(Arc::new(shown)),
        description: Some(description.unwrap_or_default().into()),
        names: None,
        extra,
        target_account_id,
        invoice_id,
    })
}

/// The key as the payer wrote it, normalised by the core.
pub(crate) fn shown_key(body: &Value) -> Value {
    body.get("key")
        .and_then(Value::as_str)
        .and_then(|k| PixKey::parse(k).ok())
        .map_or(Value::Null, |k| json!(k.value))
}

/// The payee of a stored Pix, found again when it runs: a key is resolved
/// at execution, as the SPI does.
pub(crate) fn payee_of(
    store: &Store,
    now: &Now,
    op: &Operation,
) -> Result<Payee, (i64, &'static str)> {
    let key = op.extra.get("key").and_then(Value::as_str);
    let txid = op.extra.get("transaction_id").and_then(Value::as_str);
    if let (Some(key), Some(txid)) = (key, txid) {
        match by_charge(store, now, key, txid, Some(op.amount)) {
            Ok(Some((landing, _))) => return Ok(Payee::Inside(landing)),
            Ok(None) => {}
            Err(_) => return Err((4, "charge no longer payable")),
        }
    }
    match (&op.target_account_id, key) {
        (Some(to), _) => Ok(Payee::Inside(Landing {
            account_id: to.clone(),
            ..Landing::default()
        })),
        (None, Some(key)) => by_key(store, key).map_err(|_| (3, "key not found")),
        (None, None) => Ok(Payee::Outside(
            op.target.as_deref().cloned().unwrap_or(Value::Null),
        )),
    }
}

/// Sends an approved Pix now: the money is reserved (debited), then
/// settled at the payee (credited in the sandbox, or gone to another bank).
pub fn execute(store: &mut Store, now: &Now, index: usize) {
    let op = store.operations[index].clone();
    let scheduled = lifecycle::is_held(op.status);
    if scheduled {
        lifecycle::hold(store, index, false);
    }
    let payee = match payee_of(store, now, &op) {
        Ok(p) => p,
        Err((code, text)) => return lifecycle::fail(store, now, index, code, text, scheduled),
    };
    let full = payee_view(store, &payee);
    let description = op.description.as_deref().unwrap_or_default().to_owned();
    let posting = Posting {
        kind: Kind::Pix.statement_type(),
        account_id: &op.account_id,
        amount: op.amount,
        fee: op.fee,
        operation_id: &op.id,
        description: &description,
        counter_party: Arc::new(full.clone()),
        at: now.ts(),
        barcode: None,
        scheduled_to: op.scheduled_to.as_deref(),
    };
    match crate::domain::ledger::debit(store, &posting) {
        Ok(()) => {}
        Err(Denied::NotEnoughFunds) => {
            return lifecycle::fail(store, now, index, 1, "insufficient balance", scheduled)
        }
        Err(Denied::NoSuchAccount) => {
            return lifecycle::fail(store, now, index, 0, "generic error", scheduled)
        }
    }
    let o = &mut store.operations[index];
    o.status = Status::MoneyReserved;
    o.extra.insert("money_reserved_at".into(), json!(now.iso));
    lifecycle::announce(store, now, index, "money_reserved");
    match &payee {
        Payee::Inside(landing) => {
            let arrival = Arrival {
                amount: op.amount,
                description: Some(description),
                source: op.extra.get("source").cloned().unwrap_or(Value::Null),
                payer_ispb: STONE_ISPB,
                end_to_end_id: op
                    .extra
                    .get("end_to_end_id")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
            };
            if crate::domain::pix::inbound::receive(store, now, landing, arrival).is_err() {
                // The payee vanished between the two steps: the SPI would
                // return the money.
                store.flows.sent_out += op.amount;
            }
        }
        Payee::Outside(_) => store.flows.sent_out += op.amount,
    }
    let o = &mut store.operations[index];
    o.status = Status::Settled;
    o.settled_at = Some(now.ts());
    o.target = Some(Arc::new(full));
    lifecycle::announce(store, now, index, "settled");
}

pub(crate) fn find(store: &Store, id: &str) -> Result<usize, Refusal> {
    let id = id.trim_end_matches('/');
    store
        .operation_index
        .get(id)
        .copied()
        .filter(|&i| store.operations[i].kind == Kind::Pix)
        .ok_or_else(Refusal::not_found)
}

#[derive(Debug, serde::Deserialize)]
pub struct PixQuery {
    /// The intended payment date of a due-date charge.
    pub(crate) dpp: Option<String>,
}

/// Creates an outbound Pix (nothing moves until it is confirmed).
pub fn open_pix(
    store: &mut crate::domain::store::Store,
    now: &crate::domain::clock::Now,
    client_id: &str,
    body: &Value,
) -> Result<serde_json::Value, Refusal> {
    let d = draft(store, now, body)?;
    store.check_access(client_id, &d.account_id)?;
    let by = format!("application:{client_id}");
    let index = lifecycle::open(store, now, Kind::Pix, d, &by, false);
    let view = serde_json::to_value(&store.operations[index])
        .map_err(|_| Refusal::new(Class::Internal, "internal"))?;
    Ok(view)
}

/// Confirms a created Pix (`amount` and `description` may be given or
/// changed here; a charge it pays is checked again): an own account's is
/// approved at once, a platform's waits for its owner.
pub fn confirm_pix(
    store: &mut Store,
    now: &Now,
    client_id: &str,
    id: &str,
    value: &Value,
) -> Result<(), Refusal> {
    let index = find(store, id)?;
    let op = &store.operations[index];
    store.check_access(client_id, &op.account_id)?;
    if op.status != Status::Created {
        return Err(lifecycle::wrong_status(op.status));
    }
    let mut reasons = Reasons::default();
    let amount = amount_of(value.get("amount"), &mut reasons);
    let description = description_of(value.get("description"), &mut reasons);
    let amount = amount.or((op.amount > 0).then_some(op.amount));
    if amount.is_none() && reasons.is_empty() {
        reasons.add("amount", "is required: it was not given at creation");
    }
    if !reasons.is_empty() {
        return Err(reasons.into_error());
    }
    let amount = amount.unwrap_or_default();
    // A charge is checked again: it may have been paid, cancelled or
    // expired since, and its amount is the one to pay.
    if let (Some(key), Some(txid)) = (
        op.extra.get("key").and_then(Value::as_str),
        op.extra.get("transaction_id").and_then(Value::as_str),
    ) {
        by_charge(store, now, key, txid, Some(amount))?;
    }
    let by = format!("application:{client_id}");
    let o = &mut store.operations[index];
    o.amount = amount;
    if let Some(d) = description {
        o.description = Some(d.into());
    }
    o.status = Status::Confirmed;
    o.extra.insert("confirmed_at".into(), json!(now.iso));
    o.extra.insert("confirmed_by".into(), json!(by));
    lifecycle::announce(store, now, index, "confirmed");
    let own = store
        .applications
        .get(client_id)
        .is_some_and(|a| a.model == crate::domain::store::Model::OwnAccount);
    if own {
        lifecycle::approve(store, now, index, &by);
    }
    Ok(())
}
