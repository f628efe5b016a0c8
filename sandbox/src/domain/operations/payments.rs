//! Barcode payments of boletos and arrecadação documents (SPEC §6.7, §7.2),
//! with the dry-run's enrichment (§5.9). Barcodes are checked with the
//! core's engine. A boleto issued in this sandbox is looked up in its
//! registry (value with discounts/fines/interest, limit date, status) and
//! its payment credits the issuer; any other valid barcode is a document of
//! the outside world, payable for its face value.

use crate::domain::clock::Now;
use crate::domain::fees;
use crate::domain::institutions;
use crate::domain::invoices::Quote;
use crate::domain::operations::rules::Reasons;
use crate::domain::operations::Draft;
use crate::domain::operations::Kind;
use crate::domain::operations::Operation;
use crate::domain::operations::Status;
use crate::domain::refusal::Class;
use crate::domain::refusal::Refusal;
use crate::domain::store::Store;
use serde_json::{json, Map, Value};
use stone_openbank::barcode::{self, iso_date, Barcode};
use stone_openbank::documents::TaxId;

/// The payee of an arrecadação document by segment (SPEC's barcode layout).
pub(crate) fn segment_name(segment: u8) -> &'static str {
    match segment {
        1 => "Prefeitura",
        2 => "Saneamento",
        3 => "Energia elétrica e gás",
        4 => "Telecomunicações",
        5 => "Órgão governamental",
        6 => "Empresa (CNPJ)",
        7 => "Multas de trânsito",
        _ => "Uso exclusivo do banco",
    }
}

pub(crate) fn nested(map: &Map<String, Value>, outer: &str, inner: &str) -> Value {
    map.get(outer)
        .and_then(|v| v.get(inner))
        .cloned()
        .unwrap_or(Value::Null)
}

/// What the dry-run tells about a document.
#[derive(Debug, Clone)]
pub struct Enrichment {
    pub barcode: String,
    pub writable_line: String,
    pub details: Value,
    pub barcode_details: Value,
    /// The amount due today, or why it cannot be paid.
    pub payable: Result<Quote, (i64, &'static str)>,
    pub invoice_id: Option<String>,
}

pub(crate) fn parse(input: &str) -> Result<Barcode, Refusal> {
    barcode::parse(input).map_err(|e| {
        let mut err =
            Refusal::validation(&[("barcode", "is not a valid barcode or typeable line")]);
        err.body["reason"][0]["detail"] = json!(e.to_string());
        err
    })
}

/// Looks a barcode up: the sandbox's registry first, the barcode itself
/// otherwise.
pub fn enrich(store: &Store, now: &Now, input: &str) -> Result<Enrichment, Refusal> {
    let code = parse(input)?;
    let bc = code.barcode().to_owned();
    let line = code.digitable_line().to_owned();
    let (bank_code, bank) = match &code {
        Barcode::Bank(b) => (
            Some(b.bank_code().to_owned()),
            institutions::find(b.bank_code()),
        ),
        Barcode::Collection(_) => (None, None),
    };
    let invoice = crate::domain::invoices::find_by_barcode(store, &bc);
    let payable = match (invoice, &code) {
        (Some(inv), _) => crate::domain::invoices::quote(inv, now.today),
        (None, Barcode::Collection(c)) => match c.amount_cents() {
            Some(v) if v > 0 => Ok(Quote::fixed(v)),
            _ => Err((2, "payment without registered amount unsupported")),
        },
        // Overdue collection boletos cannot be paid; overdue utility and
        // tax bills can (SPEC §1, sandbox specifics).
        (None, Barcode::Bank(b)) if b.due_date().is_some_and(|d| d < now.today) => {
            Err((52, "overdue without fine or interest"))
        }
        (None, Barcode::Bank(b)) if b.amount_cents() > 0 => Ok(Quote::fixed(b.amount_cents())),
        (None, Barcode::Bank(_)) => Err((4, "payment without registered amount unsupported")),
    };
    let face_value = invoice.map(|i| i.amount).or(code.amount_cents());
    let expiration = invoice
        .map(|i| i.expiration_date.clone())
        .or(code.due_date().map(iso_date));
    let q = payable.as_ref().ok();
    let document_type = match code {
        Barcode::Bank(_) => "boleto",
        Barcode::Collection(_) => "concessionaria",
    };
    let recipient = match (&code, invoice) {
        (_, Some(inv)) => nested(&inv.extra, "beneficiary", "legal_name"),
        (Barcode::Collection(c), None) => json!(segment_name(c.segment())),
        _ => Value::Null,
    };
    let details = json!({
        "barcode": bc,
        "writable_line": line,
        "bank_code": bank_code,
        "bank_ispb": bank.map(|b| b.ispb_code),
        "bank_name": bank.map(|b| b.short_name),
        "document_type": document_type,
        "document_payment_type": invoice.map(|i| crate::domain::invoices::payment_type(&i.invoice_type)),
        "expiration_date": expiration,
        "payment_limit_date": invoice.map(|i| i.limit_date.clone()),
        "payment_start_time": "00:00:00",
        "payment_end_time": "23:50:00",
        "face_value": face_value,
        "value": q.map(|q| q.value),
        "min_value": q.map(|q| q.min),
        "max_value": q.map(|q| q.max),
        "discount_value": q.map(|q| q.discount),
        "fine_value": q.map(|q| q.fine),
        "interest_value": q.map(|q| q.interest),
        "total_added_value": q.map(|q| q.fine + q.interest),
        "total_discounted_value": q.map(|q| q.discount),
        "updatable_value": q.map(|q| q.value != q.face),
        "accepts_partial_payment": false,
        "number_of_partials": 0,
        "divergent_amount_auth_type": q.map(|q| if q.min == q.max { "not_allowed" } else { "min_max" }),
        "recipient_name": recipient,
        "recipient_cpf_cnpj": invoice.map(|i| nested(&i.extra, "beneficiary", "document")),
        "payer_cpf_cnpj": invoice.map(|i| nested(&i.extra, "customer", "document")),
        "payer_legal_name": invoice.map(|i| nested(&i.extra, "customer", "legal_name")),
        "payer_trade_name": invoice.map(|i| nested(&i.extra, "customer", "trade_name")),
        "settlement_date": Value::Null,
        "status": if payable.is_ok() { "payable" } else { "unpayable" },
        "unpayable_reason_code": payable.as_ref().err().map(|e| e.0),
        "unpayable_reason_description": payable.as_ref().err().map(|e| e.1),
        "unpayable_reason_details": payable.as_ref().err().map(|e| e.1),
        // The boleto's terms, as issued (dates; discounts in centavos).
        "discounts": invoice.map(|i| {
            i.discounts
                .iter()
                .map(|d| json!({"date": stone_openbank::barcode::iso_date(d.date), "value": crate::domain::invoices::percent_of(i.amount, d.bp)}))
                .collect::<Vec<_>>()
        }),
        "fine_date": invoice.and_then(|i| i.fine.map(|t| stone_openbank::barcode::iso_date(t.date))),
        "interest_date": invoice.and_then(|i| i.interest.map(|t| stone_openbank::barcode::iso_date(t.date))),
    });
    let barcode_details = json!({
        "bank_code": bank_code,
        "bank_name": bank.map(|b| b.short_name),
        "barcode": bc,
        "writable_line": line,
        "expiration_date": expiration,
        "face_value": face_value,
    });
    Ok(Enrichment {
        barcode: bc,
        writable_line: line,
        details,
        barcode_details,
        payable,
        invoice_id: invoice.map(|i| i.id.clone()),
    })
}

/// Whether a payment of this barcode is already under way or done
/// (`payment_being_processed?`: do not pay it again).
pub fn being_processed(store: &Store, barcode: &str) -> bool {
    store.operations.iter().any(|op| {
        op.kind == Kind::Payment
            && op.extra.get("barcode").and_then(Value::as_str) == Some(barcode)
            && matches!(
                op.status,
                Status::Created | Status::Approved | Status::Scheduled | Status::Finished
            )
    })
}

pub(crate) fn effective_payer(value: Option<&Value>, reasons: &mut Reasons) -> Option<Value> {
    let payer = value?;
    let name = payer
        .get("legal_name")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if name.trim().is_empty() || name.chars().count() > 80 {
        reasons.add(
            "effective_payer.legal_name",
            "is required, at most 80 characters",
        );
    }
    match payer
        .get("document")
        .and_then(Value::as_str)
        .map(TaxId::parse)
    {
        Some(Ok(_)) => {}
        _ => reasons.add("effective_payer.document", "must be a valid CPF or CNPJ"),
    }
    let kind = payer
        .get("document_type")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if !matches!(kind.to_ascii_lowercase().as_str(), "cpf" | "cnpj") {
        reasons.add("effective_payer.document_type", "must be CPF or CNPJ");
    }
    Some(payer.clone())
}

/// The payment a request describes, with the amount checked against the
/// document's (an amount is accepted only where divergence is allowed).
pub fn draft(store: &Store, now: &Now, body: &Value) -> Result<(Draft, Enrichment), Refusal> {
    let mut reasons = Reasons::default();
    let account_id = crate::domain::operations::rules::required_text(
        body.get("account_id"),
        "account_id",
        &mut reasons,
    );
    let input = crate::domain::operations::rules::required_text(
        body.get("barcode"),
        "barcode",
        &mut reasons,
    );
    let amount = match body.get("amount") {
        None | Some(Value::Null) => None,
        some => crate::domain::operations::rules::amount(some, &mut reasons),
    };
    let payer = effective_payer(body.get("effective_payer"), &mut reasons);
    let scheduled = crate::domain::operations::rules::scheduled_to(
        body.get("scheduled_to"),
        now,
        true,
        &mut reasons,
    );
    let (Some(account_id), Some(input), true) = (account_id, input, reasons.is_empty()) else {
        return Err(reasons.into_error());
    };
    let e = enrich(store, now, &input)?;
    let amount = match (&e.payable, amount) {
        (Ok(q), Some(a)) if a < q.min || a > q.max => {
            let mut err = Refusal::new(Class::Unprocessable, "invalid_amount");
            err.body["min_value"] = json!(q.min);
            err.body["max_value"] = json!(q.max);
            return Err(err);
        }
        // Within the limits; or, for an unpayable document, accepted and
        // failed at execution with its reason (`unpayable_now`), as Stone
        // does: the caller's amount changes nothing.
        (_, Some(a)) => a,
        (Ok(q), None) => q.value,
        // Accepted, and failed at execution with the reason, as Stone does.
        (Err(_), None) => 0,
    };
    let mut extra = Map::new();
    extra.insert("barcode".into(), json!(e.barcode));
    extra.insert("writable_line".into(), json!(e.writable_line));
    extra.insert("details".into(), e.details.clone());
    extra.insert("effective_payer".into(), payer.unwrap_or(Value::Null));
    for field in [
        "refund_reason_code",
        "refund_reason_description",
        "refunded_at",
    ] {
        extra.insert(field.into(), Value::Null);
    }
    let draft = Draft {
        description: None,
        names: None,
        account_id,
        amount,
        fee: fees::BARCODE_PAYMENT,
        scheduled_to: scheduled.map(|(_, effective)| effective),
        target: None,
        extra,
        target_account_id: None,
        invoice_id: e.invoice_id.clone(),
    };
    Ok((draft, e))
}

/// Checked again when the money moves: the document may have been paid,
/// cancelled or expired since.
pub fn unpayable_now(store: &Store, now: &Now, op: &Operation) -> Option<(i64, &'static str)> {
    if op.amount <= 0 {
        return Some((2, "payment without registered amount unsupported"));
    }
    let Some(invoice) = store
        .invoices
        .iter()
        .find(|i| Some(&i.id) == op.invoice_id.as_ref())
    else {
        return outside_unpayable(store, now, op);
    };
    match crate::domain::invoices::quote(invoice, now.today) {
        Err(reason) => Some(reason),
        // The value due may have changed since the payment was created
        // (a discount ended, a fine started).
        Ok(q) if op.amount < q.min || op.amount > q.max => {
            Some((51, "paid above or below the allowed amount"))
        }
        Ok(_) => None,
    }
}

/// A document of the outside world: re-read from its barcode today, and
/// paid at most once every two hours (the sandbox rule of SPEC §1).
pub(crate) fn outside_unpayable(
    store: &Store,
    now: &Now,
    op: &Operation,
) -> Option<(i64, &'static str)> {
    let barcode = op.extra.get("barcode").and_then(Value::as_str)?;
    if let Ok(e) = enrich(store, now, barcode) {
        if let Err(reason) = e.payable {
            return Some(reason);
        }
    }
    let recent = store.operations.iter().any(|other| {
        other.kind == Kind::Payment
            && other.id != op.id
            && other.status == Status::Finished
            && other.extra.get("barcode").and_then(Value::as_str) == Some(barcode)
            && other.finished_at.is_some_and(|t| now.unix - t.0 < 2 * 3600)
    });
    recent.then_some((68, "duplicate payment: paid less than 2 hours ago"))
}
