//! The endpoints of [`crate::domain::invoices`]: reading the request
//! (the caller, its scopes, the body's fields), the idempotency key, and
//! Stone's JSON answers. The records, life cycles and rules they apply are
//! in the domain module.

use crate::domain::clock::Now;
use crate::domain::invoices::*;
use crate::domain::operations::rules::Reasons;
use crate::domain::refusal::Refusal;
use crate::http::auth::caller;
use crate::http::error::json_of;
use crate::http::server::App;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Map, Value};
use std::sync::Arc;
use stone_openbank::barcode::{iso_date, parse_iso_date, BankBoleto};
use time::Duration;
fn create_inner(app: &App, client_id: &str, body: &Value) -> Result<(StatusCode, Value), Refusal> {
    let now = Now::of(&app.clock);
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
    let mut store = app.store.lock();
    let account = store.accessible_account(client_id, &account_id)?.clone();
    let beneficiary = json!({
        "account_code": account.account_code,
        "branch_code": account.branch_code,
        "document": account.owner_document,
        "document_type": crate::domain::pix::document_type(&account.owner_document),
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
        json!({"billing_exemption_participant": false, "fee": crate::domain::fees::BARCODE_PAYMENT_INVOICE,
               "original_fee": crate::domain::fees::BARCODE_PAYMENT_INVOICE, "max_free": 0, "remaining_free": 0}),
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
        fee: crate::domain::fees::BARCODE_PAYMENT_INVOICE,
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
    announce(&mut store, &now, index, "barcode_payment_invoice_created");
    Ok((StatusCode::CREATED, response))
}

/// `POST /api/v1/barcode_payment_invoices`.
pub async fn create(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), Refusal> {
    let token = caller(&app, &headers, CREATE)?;
    let value: Value = serde_json::from_slice(&body)
        .map_err(|_| Refusal::validation(&[("body", "must be a JSON object")]))?;
    let (status, value) =
        crate::http::idempotency::run(&app, &token.client_id, &headers, &body, || {
            create_inner(&app, &token.client_id, &value)
        })?;
    Ok((status, Json(value)))
}

/// `GET /api/v1/barcode_payment_invoices/{id}`.
pub async fn get(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<Value>, Refusal> {
    let token = caller(&app, &headers, READ)?;
    let store = app.store.lock();
    json_of(visible(&store, &token.client_id, &id)?.1)
}

/// `GET /api/v1/barcode_payment_invoices?account_id=...` with the filters.
pub async fn list(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Query(q): Query<ListQuery>,
) -> Result<Json<Value>, Refusal> {
    let token = caller(&app, &headers, READ)?;
    let store = app.store.lock();
    let account_id = store.listed_account(&token.client_id, q.account_id)?;
    crate::domain::cursor::page_where(
        &store.invoices,
        |i| {
            i.account_id == account_id
                && q.status.as_deref().is_none_or(|s| i.status.as_str() == s)
                && q.invoice_type
                    .as_deref()
                    .is_none_or(|t| i.invoice_type == t)
                && q.barcode.as_deref().is_none_or(|b| i.barcode == b)
                && q.writable_line
                    .as_deref()
                    .is_none_or(|l| i.writable_line == l)
        },
        &q.page,
    )
    .map(Json)
}

/// `POST /api/v1/barcode_payment_invoices/{id}/cancel` (and Postman's
/// singular path): a write-off request, `{}`.
pub async fn cancel(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<Value>, Refusal> {
    let token = caller(&app, &headers, CREATE)?;
    let now = Now::of(&app.clock);
    let mut store = app.store.lock();
    let (index, inv) = visible(&store, &token.client_id, &id)?;
    let paying = store.operations.iter().any(|op| {
        op.invoice_id.as_deref() == Some(inv.id.as_str())
            && matches!(
                op.status,
                crate::domain::operations::Status::Created
                    | crate::domain::operations::Status::Approved
                    | crate::domain::operations::Status::Scheduled
            )
    });
    if !matches!(
        inv.status,
        InvoiceStatus::Created | InvoiceStatus::Registered
    ) || paying
    {
        return Err(crate::domain::operations::lifecycle::wrong_status(
            inv.status,
        ));
    }
    store.invoices[index].status = InvoiceStatus::CancellationRequested;
    drop(store);
    let _ = now;
    Ok(Json(json!({})))
}

/// `GET /api/v1/barcode_payment_invoices/limits/{account_id}`.
pub async fn limits(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(account_id): Path<String>,
) -> Result<Json<Value>, Refusal> {
    let token = caller(&app, &headers, READ)?;
    app.store
        .lock()
        .accessible_account(&token.client_id, &account_id)?;
    Ok(Json(json!({
        "account_id": account_id,
        "minimum_amount": MIN_AMOUNT,
        "maximum_amount": MAX_AMOUNT,
    })))
}

/// `GET /api/v1/exports/barcode_payment_invoices/{id}`: the boleto as PDF.
pub async fn pdf(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, Refusal> {
    let token = caller(&app, &headers, READ)?;
    let invoice = {
        let store = app.store.lock();
        visible(&store, &token.client_id, &id)?.1.clone()
    };
    let bytes = crate::domain::pdf::boleto(&invoice);
    Ok(([(header::CONTENT_TYPE, "application/pdf")], bytes).into_response())
}
