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
use crate::domain::fees;
use crate::domain::ledger::Denied;
use crate::domain::ledger::Posting;
use crate::domain::operations::lifecycle;
use crate::domain::operations::rules::Reasons;
use crate::domain::pix;
use crate::domain::refusal::Refusal;
use crate::domain::store::Store;
use crate::domain::stored;
use crate::domain::webhooks;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use std::sync::Arc;
use stone_openbank::barcode::parse_iso_date;
use stone_openbank::barcode::{iso_date, BankBoleto};
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
    #[serde(with = "stored::date")]
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
    #[serde(skip_serializing_if = "stored::hidden")]
    pub created_unix: i64,
    #[serde(skip_serializing_if = "stored::hidden", with = "stored::date")]
    pub expiration: Date,
    #[serde(skip_serializing_if = "stored::hidden", with = "stored::date")]
    pub limit: Date,
    #[serde(skip_serializing_if = "stored::hidden", rename = "discount_terms")]
    pub discounts: Vec<Term>,
    #[serde(skip_serializing_if = "stored::hidden", rename = "fine_term")]
    pub fine: Option<Term>,
    #[serde(skip_serializing_if = "stored::hidden", rename = "interest_term")]
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
    webhooks::emit(
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
        fee: fees::BARCODE_PAYMENT_INVOICE,
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

/// Issues a boleto from a request's fields for `client_id` (any refusal
/// names the fields at fault): the record, as the API answers it.
pub fn issue(
    store: &mut crate::domain::store::Store,
    now: &crate::domain::clock::Now,
    client_id: &str,
    body: &Value,
) -> Result<serde_json::Value, Refusal> {
    let mut reasons = Reasons::default();
    let account_id = crate::domain::operations::rules::required_text(
        body.get("account_id"),
        "account_id",
        &mut reasons,
    );
    let amount = crate::domain::operations::rules::amount(body.get("amount"), &mut reasons);
    if amount.is_some_and(|a| !(MIN_AMOUNT..=MAX_AMOUNT).contains(&a)) {
        reasons.add("amount", "must be from 2000 to 2000000 centavos");
    }
    let kind = body
        .get("invoice_type")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if !matches!(kind, "deposit" | "proposal" | "bill_of_exchange") {
        reasons.add(
            "invoice_type",
            "must be deposit, proposal or bill_of_exchange",
        );
    }
    let expiration = match body
        .get("expiration_date")
        .and_then(Value::as_str)
        .map(parse_iso_date)
    {
        // Within the 365 days a limit date may reach.
        Some(Ok(d)) if d >= now.today && d <= now.today + Duration::days(365) => Some(d),
        _ => {
            reasons.add(
                "expiration_date",
                "is required: today or later, as yyyy-mm-dd",
            );
            None
        }
    };
    let limit = match body
        .get("limit_date")
        .and_then(Value::as_str)
        .map(parse_iso_date)
    {
        None => expiration.and_then(|e| {
            if kind == "bill_of_exchange" {
                e.checked_add(Duration::days(30))
            } else {
                Some(e)
            }
        }),
        Some(Ok(d)) => Some(d),
        Some(Err(_)) => {
            reasons.add("limit_date", "must be a date as yyyy-mm-dd");
            None
        }
    };
    if let (Some(e), Some(l)) = (expiration, limit) {
        let ok = match kind {
            "bill_of_exchange" => l > e,
            _ => l == e,
        };
        if !ok {
            reasons.add(
                "limit_date",
                "must equal expiration_date (deposit, proposal) or follow it (bill_of_exchange)",
            );
        }
        if l > now.today + Duration::days(365) {
            reasons.add("limit_date", "must be at most 365 days after issuance");
        }
    }
    // Postman sends one `discount`, the reference a `discounts[]`.
    let raw_discounts: Vec<Value> = match (body.get("discounts"), body.get("discount")) {
        (Some(Value::Array(list)), _) => list.clone(),
        (_, Some(one)) if one.is_object() => vec![one.clone()],
        _ => Vec::new(),
    };
    let max_discounts = match kind {
        "bill_of_exchange" => 3,
        "proposal" => 1,
        _ => 0,
    };
    if raw_discounts.len() > max_discounts {
        reasons.add(
            "discounts",
            "at most 3 (bill_of_exchange), 1 (proposal), none (deposit)",
        );
    }
    let discounts: Vec<Term> = raw_discounts
        .iter()
        .filter_map(|d| term(Some(d), "discounts", 9_000, &mut reasons))
        .collect();
    let billing = kind == "bill_of_exchange";
    let fine = term(body.get("fine"), "fine", 200, &mut reasons);
    let interest = term(body.get("interest"), "interest", 100, &mut reasons);
    if !billing && (fine.is_some() || interest.is_some()) {
        reasons.add("fine", "fine and interest apply to bill_of_exchange only");
    }
    // The legacy name of `customer` is `payer`.
    let customer_in = body.get("customer").or(body.get("payer"));
    let customer = party(customer_in, "customer", true, &mut reasons);
    if kind != "deposit" && customer.is_none() && customer_in.is_none() {
        reasons.add("customer", "is required for proposal and bill_of_exchange");
    }
    let receiver = party(body.get("receiver"), "receiver", false, &mut reasons);
    let (Some(account_id), Some(amount), Some(expiration), Some(limit), true) =
        (account_id, amount, expiration, limit, reasons.is_empty())
    else {
        return Err(reasons.into_error());
    };
    let account = store.accessible_account(client_id, &account_id)?.clone();
    let beneficiary = json!({
        "account_code": account.account_code,
        "branch_code": account.branch_code,
        "document": account.owner_document,
        "document_type": pix::document_type(&account.owner_document),
        "legal_name": account.owner_name,
        "trade_name": Value::Null,
        // Stone's example has the beneficiary's address; the sandbox's
        // accounts have none to give.
        "address": Value::Null,
    });
    store.our_number += 1;
    let our_number = format!("{}{:012}", now.today.year(), store.our_number);
    // Stone's free field: our number, zero-padded to 25 digits.
    let free_field = format!("{our_number:0>25}");
    let boleto = BankBoleto::build("197", Some(expiration), amount, &free_field).map_err(|e| {
        let mut err = Refusal::validation(&[("expiration_date", "cannot be written in a barcode")]);
        err.body["reason"][0]["detail"] = json!(e.to_string());
        err
    })?;
    let mut extra = Map::new();
    extra.insert("beneficiary".into(), beneficiary.clone());
    // A deposit boleto is paid by its own beneficiary (SPEC §6.8).
    extra.insert(
        "customer".into(),
        if kind == "deposit" {
            beneficiary
        } else {
            customer.unwrap_or(Value::Null)
        },
    );
    let dated = |t: &Term| json!({"date": iso_date(t.date), "value": format!("{}.{:02}", t.bp / 100, t.bp % 100), "face_value": percent_of(amount, t.bp)});
    extra.insert(
        "discounts".into(),
        Value::Array(discounts.iter().map(dated).collect()),
    );
    extra.insert("fine".into(), fine.as_ref().map_or(Value::Null, dated));
    extra.insert(
        "interest".into(),
        interest.as_ref().map_or(Value::Null, dated),
    );
    extra.insert("receiver".into(), receiver.unwrap_or(Value::Null));
    extra.insert(
        "description".into(),
        body.get("description").cloned().unwrap_or(Value::Null),
    );
    // Legacy twins Stone's answers still carry (SPEC §6.8): `payer` beside
    // `customer`, and the description inside a `payment_invoice` object.
    let payer = extra.get("customer").cloned().unwrap_or(Value::Null);
    extra.insert("payer".into(), payer);
    extra.insert(
        "payment_invoice".into(),
        json!({"description": body.get("description").cloned().unwrap_or(Value::Null)}),
    );
    extra.insert(
        "metadata".into(),
        body.get("metadata").cloned().unwrap_or(json!({})),
    );
    extra.insert(
        "fee_metadata".into(),
        json!({"billing_exemption_participant": false, "fee": fees::BARCODE_PAYMENT_INVOICE,
               "original_fee": fees::BARCODE_PAYMENT_INVOICE, "max_free": 0, "remaining_free": 0}),
    );
    let invoice = Invoice {
        id: uuid::Uuid::new_v4().to_string(),
        account_id,
        amount,
        status: InvoiceStatus::Created,
        barcode: boleto.barcode().to_owned(),
        writable_line: boleto.digitable_line().to_owned(),
        our_number,
        invoice_type: kind.to_owned(),
        issuance_date: iso_date(now.today),
        expiration_date: iso_date(expiration),
        limit_date: iso_date(limit),
        fee: fees::BARCODE_PAYMENT_INVOICE,
        created_at: now.iso.clone(),
        created_by: format!("application:{client_id}"),
        registered_at: None,
        settled_at: None,
        paid_at: None,
        expired_at: None,
        cancelled_at: None,
        extra,
        created_unix: now.unix,
        expiration,
        limit,
        discounts,
        fine,
        interest,
    };
    let response = serde_json::to_value(&invoice).unwrap_or(Value::Null);
    store.invoices.push(invoice);
    let index = store.invoices.len() - 1;
    announce(store, now, index, "barcode_payment_invoice_created");
    Ok(response)
}

/// Asks for a boleto's write-off: only one created or registered, and not
/// while a payment of it is on its way; it is cancelled at the next tick.
pub fn request_cancellation(store: &mut Store, index: usize) -> Result<(), Refusal> {
    use crate::domain::operations::Status;
    let inv = &store.invoices[index];
    let paying = store.operations.iter().any(|op| {
        op.invoice_id.as_deref() == Some(inv.id.as_str())
            && matches!(
                op.status,
                Status::Created | Status::Approved | Status::Scheduled
            )
    });
    if !matches!(
        inv.status,
        InvoiceStatus::Created | InvoiceStatus::Registered
    ) || paying
    {
        return Err(lifecycle::wrong_status(inv.status));
    }
    store.invoices[index].status = InvoiceStatus::CancellationRequested;
    Ok(())
}

#[cfg(test)]
mod tests {
    //! Issuance and registration called directly: a store, a day, a body.
    use super::*;
    use crate::domain::refusal::Class;
    use crate::domain::store::Account;

    fn store() -> Store {
        let mut store = Store::default();
        store.accounts.push(Account::new(
            "acc".into(),
            "1001".into(),
            "11222333000181".into(),
            "Padaria Ltda".into(),
            "2026-01-01T00:00:00Z".into(),
        ));
        store
            .access
            .entry("app".into())
            .or_default()
            .insert("acc".into());
        store
    }

    #[test]
    fn a_deposit_boleto_is_issued_with_a_stone_barcode_and_registers_later() {
        let mut store = store();
        let now = Now::at(1_780_000_000);
        let day = iso_date(now.today);
        let body = serde_json::json!({
            "account_id": "acc", "amount": 15_000, "invoice_type": "deposit",
            "expiration_date": day,
        });
        let view = issue(&mut store, &now, "app", &body).unwrap();
        assert_eq!(view["status"], "CREATED");
        let barcode = view["barcode"].as_str().unwrap();
        assert!(
            barcode.starts_with("197"),
            "a Stone (bank 197) barcode: {barcode}"
        );
        tick(&mut store, &Now::at(now.unix + REGISTRATION_SECS));
        assert_eq!(store.invoices[0].status, InvoiceStatus::Registered);
    }

    #[test]
    fn issuance_refuses_what_the_rules_forbid_naming_the_fields() {
        let mut store = store();
        let now = Now::at(1_780_000_000);
        let body = serde_json::json!({
            "account_id": "acc", "amount": 10, "invoice_type": "gift",
            "expiration_date": "2001-01-01",
        });
        let err = issue(&mut store, &now, "app", &body).unwrap_err();
        assert_eq!(err.class, Class::Invalid);
        let text = err.body.to_string();
        for field in ["amount", "invoice_type", "expiration_date"] {
            assert!(text.contains(field), "{field} missing from {text}");
        }
        assert!(store.invoices.is_empty());
        // Someone else's account: forbidden, nothing issued.
        let body = serde_json::json!({
            "account_id": "acc", "amount": 15_000, "invoice_type": "deposit",
            "expiration_date": iso_date(now.today),
        });
        let err = issue(&mut store, &now, "stranger", &body).unwrap_err();
        assert_eq!(err.class, Class::Forbidden);
        assert!(store.invoices.is_empty());
    }
}
