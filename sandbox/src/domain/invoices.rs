//! Boleto issuance, "barcode payment invoices" (SPEC §6.8, §7.3, §8.4):
//! deposit, proposal and billing (`bill_of_exchange`) boletos, with a real
//! Stone (bank 197) barcode built by the core's engine, the registration
//! life cycle on the sandbox's clock, write-off, and a PDF.
//!
//! ```text
//! CREATED --(3 s)--> REGISTERED --paid--> SETTLED
//! REGISTERED --(7 days after limit_date)--> EXPIRED
//! CREATED|REGISTERED --cancel--> CANCELLATION_REQUESTED --(next tick)--> CANCELLED
//! ```

use crate::domain::clock::Now;
use crate::domain::cursor::Page;
use crate::domain::ledger::Denied;
use crate::domain::ledger::Posting;
use crate::domain::operations::rules::Reasons;
use crate::domain::refusal::Refusal;
use crate::domain::store::Store;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use std::sync::Arc;
use stone_openbank::barcode::parse_iso_date;
use stone_openbank::documents::TaxId;
use time::{Date, Duration};

pub(crate) const CREATE: &[&str] = &["paymentaccount:boletoissuance", "expend:boletoissuance"];
pub(crate) const READ: &[&str] = &["paymentaccount:read", "expend:read"];
/// `GET /api/v1/barcode_payment_invoices/limits/{account_id}`.
pub const MIN_AMOUNT: i64 = 2_000;
pub const MAX_AMOUNT: i64 = 2_000_000;
/// Seconds from CREATED to REGISTERED (Stone: 3 s to 15 min).
pub const REGISTRATION_SECS: i64 = 3;

/// Percentages in hundredths (basis points), parsed from Stone's decimal
/// strings without floating point: money stays exact.
pub(crate) fn basis_points(text: &str) -> Option<i64> {
    let (int, frac) = text.split_once('.').unwrap_or((text, ""));
    if int.is_empty()
        || !crate::domain::operations::rules::digits(int)
        || frac.len() > 2
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let frac = format!("{frac:0<2}");
    // At most 3 integer digits: percentages here never exceed 90.
    if int.len() > 3 {
        return None;
    }
    Some(int.parse::<i64>().ok()? * 100 + frac.parse::<i64>().ok()?)
}

pub fn percent_of(amount: i64, bp: i64) -> i64 {
    amount * bp / 10_000
}

/// A dated percentage (discount, fine, interest).
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct Term {
    #[serde(with = "crate::domain::stored::date")]
    pub date: Date,
    pub bp: i64,
}

/// An issued boleto's life: CREATED → REGISTERED (a few seconds later) →
/// SETTLED when paid, EXPIRED a week after its limit date;
/// CANCELLATION_REQUESTED → CANCELLED.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum InvoiceStatus {
    Created,
    Registered,
    Settled,
    Expired,
    CancellationRequested,
    Cancelled,
}

impl InvoiceStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            InvoiceStatus::Created => "CREATED",
            InvoiceStatus::Registered => "REGISTERED",
            InvoiceStatus::Settled => "SETTLED",
            InvoiceStatus::Expired => "EXPIRED",
            InvoiceStatus::CancellationRequested => "CANCELLATION_REQUESTED",
            InvoiceStatus::Cancelled => "CANCELLED",
        }
    }
}

impl std::fmt::Display for InvoiceStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An issued boleto as Stone shows it; the dates and terms it is priced by
/// are kept beside it (`crate::domain::stored`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Invoice {
    pub id: String,
    pub account_id: String,
    pub amount: i64,
    pub status: InvoiceStatus,
    pub barcode: String,
    pub writable_line: String,
    pub our_number: String,
    pub invoice_type: String,
    pub issuance_date: String,
    pub expiration_date: String,
    pub limit_date: String,
    pub fee: i64,
    pub created_at: String,
    pub created_by: String,
    pub registered_at: Option<String>,
    pub settled_at: Option<String>,
    pub paid_at: Option<String>,
    pub expired_at: Option<String>,
    pub cancelled_at: Option<String>,
    /// beneficiary, customer, discounts, fine, interest, receiver,
    /// description, metadata, fee_metadata: as requested and completed.
    #[serde(skip_serializing_if = "crate::domain::stored::hidden")]
    pub created_unix: i64,
    #[serde(
        skip_serializing_if = "crate::domain::stored::hidden",
        with = "crate::domain::stored::date"
    )]
    pub expiration: Date,
    #[serde(
        skip_serializing_if = "crate::domain::stored::hidden",
        with = "crate::domain::stored::date"
    )]
    pub limit: Date,
    #[serde(
        skip_serializing_if = "crate::domain::stored::hidden",
        rename = "discount_terms"
    )]
    pub discounts: Vec<Term>,
    #[serde(
        skip_serializing_if = "crate::domain::stored::hidden",
        rename = "fine_term"
    )]
    pub fine: Option<Term>,
    #[serde(
        skip_serializing_if = "crate::domain::stored::hidden",
        rename = "interest_term"
    )]
    pub interest: Option<Term>,
    /// Last: read back, it takes every key the fields above did not.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// What a boleto costs on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quote {
    pub face: i64,
    pub value: i64,
    pub min: i64,
    pub max: i64,
    pub discount: i64,
    pub fine: i64,
    pub interest: i64,
}

impl Quote {
    pub fn fixed(value: i64) -> Quote {
        Quote {
            face: value,
            value,
            min: value,
            max: value,
            discount: 0,
            fine: 0,
            interest: 0,
        }
    }
}

/// `document_payment_type` of Stone's table: 32 proposal, 33 deposit,
/// 2 duplicata mercantil (billing).
pub fn payment_type(invoice_type: &str) -> i64 {
    match invoice_type {
        "proposal" => 32,
        "deposit" => 33,
        _ => 2,
    }
}

pub fn find_by_barcode<'s>(store: &'s Store, barcode: &str) -> Option<&'s Invoice> {
    store.invoices.iter().find(|i| i.barcode == barcode)
}

/// The amount due on `day`, or why the boleto cannot be paid (refund
/// reason codes of SPEC §7.2).
pub fn quote(inv: &Invoice, day: Date) -> Result<Quote, (i64, &'static str)> {
    match inv.status {
        InvoiceStatus::Registered => {}
        InvoiceStatus::Settled => {
            return Err((68, "duplicate payment: the boleto is already paid"))
        }
        InvoiceStatus::Created => {
            return Err((
                73,
                "beneficiary not registered at issuer yet: try again in a few seconds",
            ))
        }
        _ => return Err((63, "the boleto was written off")),
    }
    if day > inv.limit {
        return Err((52, "overdue past its limit date"));
    }
    let discount = inv
        .discounts
        .iter()
        .filter(|d| day <= d.date)
        .map(|d| percent_of(inv.amount, d.bp))
        .max()
        .unwrap_or(0);
    let late = day > inv.expiration;
    let fine = match inv.fine {
        Some(f) if late && day >= f.date => percent_of(inv.amount, f.bp),
        _ => 0,
    };
    let interest = match inv.interest {
        // Monthly percentage, applied per day late.
        Some(i) if late && day >= i.date => {
            let days = (day - inv.expiration).whole_days();
            inv.amount * i.bp * days / (10_000 * 30)
        }
        _ => 0,
    };
    let value = inv.amount - discount + fine + interest;
    let (min, max) = if inv.invoice_type == "deposit" {
        // A deposit boleto takes any amount within the product's limits.
        (MIN_AMOUNT, MAX_AMOUNT)
    } else {
        (value, value)
    };
    Ok(Quote {
        face: inv.amount,
        value,
        min,
        max,
        discount,
        fine,
        interest,
    })
}

pub fn announce(store: &mut Store, now: &Now, index: usize, event: &str) {
    let inv = &store.invoices[index];
    let (account, uri) = (
        inv.account_id.clone(),
        format!("/api/v1/barcode_payment_invoices/{}", inv.id),
    );
    crate::domain::webhooks::emit(
        store,
        now,
        event,
        "barcode_payment_invoice",
        &account,
        &uri,
        |s| serde_json::to_value(&s.invoices[index]).unwrap_or(Value::Null),
    );
}

/// A payment of an issued boleto: the payer is debited, the issuer
/// credited (less the issuance fee), the boleto settled. Both sides are in
/// the sandbox, so no money leaves it.
pub fn pay(
    store: &mut Store,
    now: &Now,
    invoice_id: &str,
    payer: &Posting<'_>,
) -> Result<(), Denied> {
    let index = store
        .invoices
        .iter()
        .position(|i| i.id == invoice_id)
        .ok_or(Denied::NoSuchAccount)?;
    let issuer = store.invoices[index].account_id.clone();
    let payer_party = store
        .account(payer.account_id)
        .map_or_else(|| Arc::new(Value::Null), |a| a.as_party.clone());
    let issuer_party = store
        .account(&issuer)
        .map_or_else(|| Arc::new(Value::Null), |a| a.as_party.clone());
    let out = Posting {
        counter_party: issuer_party,
        ..payer.clone()
    };
    crate::domain::ledger::debit(store, &out)?;
    let inn = Posting {
        account_id: &issuer,
        fee: crate::domain::fees::BARCODE_PAYMENT_INVOICE,
        counter_party: payer_party,
        ..out
    };
    settle(store, now, index, &inn)?;
    // The legacy `payer` twin gains the paying account.
    let extra = &mut store.invoices[index].extra;
    match extra.get_mut("payer") {
        Some(Value::Object(p)) => {
            p.insert("account_id".into(), json!(payer.account_id));
        }
        _ => {
            extra.insert("payer".into(), json!({"account_id": payer.account_id}));
        }
    }
    Ok(())
}

/// The issuer's side of a payment, whoever paid (an account here, or a
/// payer at another bank: `cash_in`): `inn` credits the issuer (the amount
/// less the issuance fee), then the boleto settles and its webhooks go out.
pub fn settle(store: &mut Store, now: &Now, index: usize, inn: &Posting<'_>) -> Result<(), Denied> {
    crate::domain::ledger::credit(store, inn)?;
    let inv = &mut store.invoices[index];
    inv.status = InvoiceStatus::Settled;
    inv.paid_at = Some(now.iso.clone());
    inv.settled_at = Some(now.iso.clone());
    announce(store, now, index, "inbound_barcode_payment_validated");
    announce(store, now, index, "barcode_payment_invoice_settled");
    announce(store, now, index, "cash_in_barcode_payment");
    Ok(())
}

/// Registration, write-off and expiry as time passes.
pub fn tick(store: &mut Store, now: &Now) {
    for index in 0..store.invoices.len() {
        let inv = &mut store.invoices[index];
        let event = match inv.status {
            InvoiceStatus::Created if now.unix >= inv.created_unix + REGISTRATION_SECS => {
                inv.status = InvoiceStatus::Registered;
                inv.registered_at = Some(now.iso.clone());
                "barcode_payment_invoice_registered"
            }
            InvoiceStatus::CancellationRequested => {
                inv.status = InvoiceStatus::Cancelled;
                inv.cancelled_at = Some(now.iso.clone());
                "barcode_payment_invoice_cancelled"
            }
            InvoiceStatus::Registered if now.today > inv.limit + Duration::days(7) => {
                inv.status = InvoiceStatus::Expired;
                inv.expired_at = Some(now.iso.clone());
                "barcode_payment_invoice_expired"
            }
            _ => continue,
        };
        announce(store, now, index, event);
    }
}

pub(crate) fn term(
    value: Option<&Value>,
    path: &'static str,
    max_bp: i64,
    reasons: &mut Reasons,
) -> Option<Term> {
    let v = value.filter(|v| !v.is_null())?;
    let date = v.get("date").and_then(Value::as_str).map(parse_iso_date);
    let bp = v.get("value").and_then(|x| match x {
        Value::String(s) => basis_points(s),
        Value::Number(n) => basis_points(&n.to_string()),
        _ => None,
    });
    match (date, bp) {
        (Some(Ok(date)), Some(bp)) if bp > 0 && bp <= max_bp => Some(Term { date, bp }),
        _ => {
            reasons.add(
                path,
                "needs a date (yyyy-mm-dd) and a percentage value within the product's limit",
            );
            None
        }
    }
}

pub(crate) fn party(
    value: Option<&Value>,
    path: &'static str,
    pj_needs_trade: bool,
    reasons: &mut Reasons,
) -> Option<Value> {
    let v = value.filter(|v| v.is_object())?;
    let name = v
        .get("legal_name")
        .and_then(Value::as_str)
        .filter(|n| !n.trim().is_empty());
    let doc = v.get("document").and_then(Value::as_str).map(TaxId::parse);
    let Some(Ok(doc)) = doc else {
        reasons.add(path, "needs a valid CPF or CNPJ as document");
        return None;
    };
    if name.is_none() {
        reasons.add(path, "needs legal_name");
    }
    let (kind, is_pj) = match doc {
        TaxId::Cpf(_) => ("cpf", false),
        TaxId::Cnpj(_) => ("cnpj", true),
    };
    let trade = v.get("trade_name").and_then(Value::as_str);
    if pj_needs_trade && is_pj && trade.is_none_or(|t| t.trim().is_empty()) {
        reasons.add(path, "needs trade_name for a company (CNPJ)");
    }
    let mut out = v.clone();
    out["document"] = json!(doc.as_str());
    out["document_type"] = json!(kind);
    if out.get("trade_name").is_none() {
        out["trade_name"] = Value::Null;
    }
    Some(out)
}

pub(crate) fn visible<'s>(
    store: &'s Store,
    client_id: &str,
    id: &str,
) -> Result<(usize, &'s Invoice), Refusal> {
    let (index, inv) = store
        .invoices
        .iter()
        .enumerate()
        .find(|(_, i)| i.id == id)
        .ok_or_else(Refusal::not_found)?;
    store.check_access(client_id, &inv.account_id)?;
    Ok((index, inv))
}

#[derive(Debug, Deserialize)]
pub struct ListQuery {
    pub(crate) account_id: Option<String>,
    pub(crate) status: Option<String>,
    pub(crate) invoice_type: Option<String>,
    pub(crate) barcode: Option<String>,
    pub(crate) writable_line: Option<String>,
    #[serde(flatten)]
    pub(crate) page: Page,
}
