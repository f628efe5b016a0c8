//! The endpoints of [`crate::domain::cash_in`]: reading the request
//! (the caller, its scopes, the body's fields), the idempotency key, and
//! Stone's JSON answers. The records, life cycles and rules they apply are
//! in the domain module.

use crate::domain::cash_in::*;
use crate::domain::clock::Now;
use crate::domain::fees;
use crate::domain::invoices;
use crate::domain::ledger::EntryType;
use crate::domain::ledger::Posting;
use crate::domain::refusal::Class;
use crate::domain::refusal::Refusal;
use crate::domain::webhooks;
use crate::http::server::App;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde_json::Value;
use std::sync::Arc;

/// `POST /admin/cash_in/external_transfers`: the statement entry created.
pub async fn external_transfer(
    State(app): State<Arc<App>>,
    Json(ted): Json<IncomingTed>,
) -> Result<(StatusCode, Json<Value>), Refusal> {
    if ted.amount <= 0 {
        return Err(Refusal::validation(&[("amount", "must be positive")]));
    }
    let party = counter_party(&ted.sender.unwrap_or_default())?;
    let now = Now::of(&app.clock);
    let mut store = app.store.lock();
    store
        .account(&ted.account_id)
        .ok_or_else(Refusal::not_found)?;
    let operation_id = uuid::Uuid::new_v4().to_string();
    let posting = Posting {
        kind: EntryType::External,
        account_id: &ted.account_id,
        amount: ted.amount,
        fee: 0,
        operation_id: &operation_id,
        description: ted.description.as_deref().unwrap_or_default(),
        counter_party: Arc::new(party),
        at: now.ts(),
        barcode: None,
        scheduled_to: None,
    };
    crate::domain::ledger::credit(&mut store, &posting).map_err(|_| Refusal::not_found())?;
    store.flows.received += ted.amount;
    let index = store.entries.len() - 1;
    let uri = format!("/api/v1/statement/entries/{}", store.entries[index].id);
    webhooks::emit(
        &mut store,
        &now,
        "cash_in_external_transfer",
        "statement_entry",
        &ted.account_id,
        &uri,
        |s| serde_json::to_value(&s.entries[index]).unwrap_or(Value::Null),
    );
    let entry = serde_json::to_value(&store.entries[index]).unwrap_or(Value::Null);
    Ok((StatusCode::CREATED, Json(entry)))
}

/// `POST /admin/barcode_payment_invoices/{id}/pay`: the boleto as it is
/// after the payment (settled, or still registered when the payment was
/// returned for coming after the limit date).
pub async fn boleto_paid(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    body: Option<Json<OutsidePayment>>,
) -> Result<Json<Value>, Refusal> {
    let payment = body.map(|Json(p)| p).unwrap_or_default();
    let payer = counter_party(&payment.payer.unwrap_or_default())?;
    let now = Now::of(&app.clock);
    let mut store = app.store.lock();
    let index = store
        .invoices
        .iter()
        .position(|i| i.id == id)
        .ok_or_else(Refusal::not_found)?;
    let refuse = |kind: &str| Refusal::new(Class::Unprocessable, kind);
    if store.invoices[index].status != invoices::InvoiceStatus::Registered {
        return Err(refuse("invoice_not_payable"));
    }
    invoices::announce(
        &mut store,
        &now,
        index,
        "barcode_payment_invoice_payment_promissed",
    );
    if now.today > store.invoices[index].limit {
        // Paid after its limit date: the payment goes back to the payer.
        invoices::announce(&mut store, &now, index, "inbound_barcode_payment_refunded");
        return serde_json::to_value(&store.invoices[index])
            .map(Json)
            .map_err(|_| Refusal::new(Class::Internal, "internal"));
    }
    let due = invoices::quote(&store.invoices[index], now.today)
        .map_err(|_| refuse("invoice_not_payable"))?;
    // A deposit boleto takes any amount within its limits; the others
    // exactly their value of the day.
    let amount = payment.amount.unwrap_or(due.value);
    if !(due.min..=due.max).contains(&amount) {
        return Err(refuse("invoice_amount_differs"));
    }
    let operation_id = uuid::Uuid::new_v4().to_string();
    let issuer = store.invoices[index].account_id.clone();
    let inn = Posting {
        kind: EntryType::Payment,
        account_id: &issuer,
        amount,
        fee: fees::BARCODE_PAYMENT_INVOICE,
        operation_id: &operation_id,
        description: "",
        counter_party: Arc::new(payer),
        at: now.ts(),
        barcode: None,
        scheduled_to: None,
    };
    invoices::settle(&mut store, &now, index, &inn).map_err(|_| Refusal::not_found())?;
    store.flows.received += amount;
    serde_json::to_value(&store.invoices[index])
        .map(Json)
        .map_err(|_| Refusal::new(Class::Internal, "internal"))
}
