//! Received Pix: `GET /api/v1/inbound_pix_payments/{id}/`, and the admin
//! payer (`POST /admin/pix/inbound`) that pays a BR Code or a key from a
//! bank outside the sandbox: the money enters the world of the sandbox
//! (`flows.received`), the charge is PAID, webhooks go out.

use crate::domain::clock::Now;
use crate::domain::ledger::EntryType;
use crate::domain::ledger::Posting;
use crate::domain::pix::charges;
use crate::domain::pix::due;
use crate::domain::pix::party;
use crate::domain::refusal::Class;
use crate::domain::refusal::Refusal;
use crate::domain::store::Store;
use crate::domain::webhooks;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::sync::Arc;
use stone_openbank::pix::{self, ChargeKind};

/// A received Pix's status. The SPI settles a Pix before the receiving
/// bank learns of it: every Pix the sandbox receives is SETTLED (refunds
/// of it are operations of their own).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum InboundStatus {
    Settled,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct InboundPix {
    pub id: String,
    pub account_id: String,
    pub amount: i64,
    pub change_amount: i64,
    pub refunded_amount: i64,
    pub description: Option<String>,
    pub end_to_end_id: String,
    pub transaction_id: Option<String>,
    pub purpose: String,
    pub status: InboundStatus,
    pub fee: i64,
    pub source: Value,
    pub target: Value,
    pub created_at: String,
    pub created_by: String,
    pub settled_at: Option<String>,
    pub failed_at: Option<String>,
    pub pix_payment_invoice: Option<Value>,
    pub pix_payment_invoice_with_due_date: Option<Value>,
    pub pix_payment_static_invoice: Option<Value>,
    /// What the account paid to receive it (`fixed`, 0 here), as Stone's
    /// received Pix carry it.
    #[serde(default)]
    pub fee_metadata: Value,
}

/// A payer outside Stone, as the admin request names it.
#[derive(Debug, Deserialize)]
pub struct Payer {
    pub(crate) name: String,
    pub(crate) document: String,
    #[serde(default = "default_ispb")]
    pub(crate) ispb: String,
}

pub(crate) fn default_ispb() -> String {
    "00000000".into()
}

#[derive(Debug, Deserialize)]
pub struct PayRequest {
    /// A "copia e cola" to pay, or
    pub(crate) brcode: Option<String>,
    /// a key to send to.
    pub(crate) key: Option<String>,
    pub(crate) amount: Option<i64>,
    pub(crate) description: Option<String>,
    pub(crate) payer: Option<Payer>,
}

pub(crate) fn refuse(kind: &str) -> Refusal {
    Refusal::new(Class::Unprocessable, kind)
}

/// An end-to-end id as the SPI writes them: `E`, the payer's ISPB, the
/// minute, 11 characters.
pub fn end_to_end_id(ispb: &str, now: &Now) -> String {
    let minute: String = now
        .iso
        .chars()
        .filter(char::is_ascii_digit)
        .take(12)
        .collect();
    let tail: String = uuid::Uuid::new_v4()
        .simple()
        .to_string()
        .chars()
        .take(11)
        .collect();
    format!("E{ispb:0>8.8}{minute}{tail}")
}

/// Where a Pix lands in the sandbox: the account credited and, when it
/// pays one, the charge.
#[derive(Debug, Clone, Default)]
pub struct Landing {
    pub account_id: String,
    /// A dynamic charge (index in `pix_charges`).
    pub charge: Option<usize>,
    /// A static charge (index in `pix_static_charges`).
    pub static_charge: Option<usize>,
    pub txid: Option<String>,
}

/// A dynamic charge can take `amount` (or its own, when none is given)
/// now: the amount it will take, or Stone's refusal.
pub fn payable(c: &charges::DynamicCharge, now: &Now, amount: Option<i64>) -> Result<i64, Refusal> {
    if charges::expired(c, now) {
        return Err(refuse("invoice_expired"));
    }
    match c.status {
        crate::domain::pix::charges::ChargeStatus::Active => {}
        crate::domain::pix::charges::ChargeStatus::Paid => return Err(refuse("invoice_paid")),
        _ => return Err(refuse("invoice_expired")),
    }
    // A due-date charge asks what its terms say for today.
    let asked = match &c.due {
        Some(t) => Some(due::due_today(c, t, now)?),
        None => c.amount,
    };
    settle_amount(asked, amount)
}

/// The amount paid: the code's, the payer's (equal when both are given).
pub fn settle_amount(code: Option<i64>, given: Option<i64>) -> Result<i64, Refusal> {
    let amount = match (code, given) {
        (Some(a), Some(b)) if a != b => return Err(refuse("invoice_amount_differs")),
        (Some(a), _) | (None, Some(a)) => a,
        (None, None) => return Err(Refusal::validation(&[("amount", "is required")])),
    };
    if !(1..=stone_openbank::pix::MAX_CENTS).contains(&amount) {
        return Err(Refusal::validation(&[(
            "amount",
            "must be 1 to 999999999999 centavos",
        )]));
    }
    Ok(amount)
}

/// What a payer (outside, or a Stone account paying out) sends.
pub struct Arrival<'a> {
    pub amount: i64,
    pub description: Option<String>,
    pub source: Value,
    pub payer_ispb: &'a str,
    /// An outbound Pix of the sandbox keeps its end-to-end id.
    pub end_to_end_id: Option<String>,
}

/// Money arriving at `landing`: the account is credited (the caller took
/// the amount from somewhere: the world outside, or the payer's account),
/// the charge is PAID, the received Pix is recorded and announced. Returns
/// its index in `pix_inbound`.
pub fn receive(
    store: &mut Store,
    now: &Now,
    landing: &Landing,
    arrival: Arrival<'_>,
) -> Result<usize, Refusal> {
    let account = store
        .account(&landing.account_id)
        .ok_or_else(Refusal::not_found)?
        .clone();
    let id = uuid::Uuid::new_v4().to_string();
    let posting = Posting {
        kind: EntryType::PixPayment,
        account_id: &landing.account_id,
        amount: arrival.amount,
        fee: 0,
        operation_id: &id,
        description: arrival.description.as_deref().unwrap_or("Pix recebido"),
        counter_party: Arc::new(arrival.source.clone()),
        at: now.ts(),
        barcode: None,
        scheduled_to: None,
    };
    crate::domain::ledger::credit(store, &posting).map_err(|_| Refusal::not_found())?;
    let invoice_view = landing.charge.map(|index| {
        let c = &mut store.pix_charges[index];
        c.status = crate::domain::pix::charges::ChargeStatus::Paid;
        c.paid_at = Some(now.iso.clone());
        c.updated_at = now.iso.clone();
        c.inbound_pix_payments.push(id.clone());
        let view = json!({"id": c.id, "additional_data": c.additional_data, "paid_at": c.paid_at});
        (c.due.is_some(), view)
    });
    let (due_view, invoice_view) = match invoice_view {
        Some((true, v)) => (Some(v), None),
        Some((false, v)) => (None, Some(v)),
        None => (None, None),
    };
    let static_view = landing.static_charge.map(|index| {
        let c = &store.pix_static_charges[index];
        json!({"id": c.id, "additional_information": c.additional_information})
    });
    let inbound = InboundPix {
        id,
        account_id: landing.account_id.clone(),
        amount: arrival.amount,
        change_amount: 0,
        refunded_amount: 0,
        description: arrival.description,
        end_to_end_id: arrival
            .end_to_end_id
            .unwrap_or_else(|| end_to_end_id(arrival.payer_ispb, now)),
        transaction_id: landing.txid.clone().filter(|t| t != "***"),
        purpose: "payment".into(),
        status: InboundStatus::Settled,
        fee: 0,
        source: arrival.source,
        target: party(&account),
        created_at: now.iso.clone(),
        created_by: "application:spi".into(),
        settled_at: Some(now.iso.clone()),
        failed_at: None,
        pix_payment_invoice: invoice_view,
        pix_payment_invoice_with_due_date: due_view,
        pix_payment_static_invoice: static_view,
        fee_metadata: json!({"fee_type": "fixed", "updated_at": now.iso, "charge_type": null,
                             "fixed_value": 0, "inserted_at": null, "proportional_value": null}),
    };
    store.pix_inbound.push(inbound);
    let index = store.pix_inbound.len() - 1;
    if let Some(c) = landing.charge {
        charges::announce(store, now, c, "pix_invoice_payment_paid");
    }
    announce(store, now, index, "pix_inbound_payment_received");
    Ok(index)
}

/// The account holding a key in the sandbox's DICT.
pub(crate) fn key_account(store: &Store, key: &str) -> Result<String, Refusal> {
    crate::domain::pix::key_owner(store, key)
        .map(|k| k.account_id.clone())
        .ok_or_else(|| refuse("key_not_found"))
}

pub(crate) fn announce(store: &mut Store, now: &Now, index: usize, event: &str) {
    let p = &store.pix_inbound[index];
    let (account, uri) = (
        p.account_id.clone(),
        format!("/api/v1/inbound_pix_payments/{}", p.id),
    );
    webhooks::emit(
        store,
        now,
        event,
        "inbound_pix_payment",
        &account,
        &uri,
        |s| serde_json::to_value(&s.pix_inbound[index]).unwrap_or(Value::Null),
    );
}

/// A payer at another bank pays a BR Code or a key: the money enters the
/// sandbox and lands as a received Pix (the index of its record).
pub fn pay_from_outside(store: &mut Store, now: &Now, req: PayRequest) -> Result<usize, Refusal> {
    let (landing, amount) = match (&req.brcode, &req.key) {
        (Some(text), None) => {
            let code = pix::parse(text).map_err(|_| Refusal::new(Class::Invalid, "bad_request"))?;
            match code.kind {
                ChargeKind::Static => {
                    // A static charge is found by its own payload.
                    let static_charge = store
                        .pix_static_charges
                        .iter()
                        .position(|c| c.qr_code_content == code.payload);
                    let key = code.key.unwrap_or_default();
                    let landing = Landing {
                        account_id: key_account(store, &key)?,
                        charge: None,
                        static_charge,
                        txid: Some(code.txid),
                    };
                    (landing, settle_amount(code.amount_cents, req.amount)?)
                }
                ChargeKind::Dynamic => {
                    let index = charges::at_location(store, code.url.as_deref().unwrap_or(""))
                        .ok_or_else(Refusal::not_found)?;
                    let c = &store.pix_charges[index];
                    let amount = payable(c, now, req.amount)?;
                    // A charge is paid to the account that issued it (its
                    // key may have moved since).
                    let landing = Landing {
                        account_id: c.account_id.clone(),
                        charge: Some(index),
                        static_charge: None,
                        txid: Some(c.transaction_id.clone()),
                    };
                    (landing, amount)
                }
            }
        }
        (None, Some(key)) => {
            let landing = Landing {
                account_id: key_account(store, key)?,
                ..Landing::default()
            };
            (landing, settle_amount(None, req.amount)?)
        }
        _ => return Err(Refusal::validation(&[("brcode", "give a brcode or a key")])),
    };
    let payer = req.payer.unwrap_or(Payer {
        name: "Pagador Externo".into(),
        document: "12345678909".into(),
        ispb: default_ispb(),
    });
    let source = json!({
        "account": {"account_code": "123456", "account_type": "CC", "branch_code": "0001"},
        "entity": {"document": payer.document, "document_type": crate::domain::pix::document_type(&payer.document), "name": payer.name},
        "institution": {"ispb": payer.ispb, "name": "Banco Externo"},
    });
    let arrival = Arrival {
        amount,
        description: req.description,
        source,
        payer_ispb: &payer.ispb,
        end_to_end_id: None,
    };
    let index = receive(store, now, &landing, arrival)?;
    // The money comes from outside the sandbox.
    store.flows.received += amount;
    Ok(index)
}
