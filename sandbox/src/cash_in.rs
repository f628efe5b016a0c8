//! Money arriving from other banks, played by admin calls: nothing a
//! client of Stone's API can cause, yet what an ERP reconciles every day.
//! - `POST /admin/cash_in/external_transfers`: a TED from another bank
//!   lands in an account (statement entry `external`, credit, with the
//!   sender in the external-entry shape; webhook `cash_in_external_transfer`).
//! - `POST /admin/barcode_payment_invoices/{id}/pay`: a payer at another
//!   bank pays a boleto issued here (`payment_promissed`, then the boleto
//!   settles as when a sandbox account pays it), or, after its limit date,
//!   the payment is returned (`inbound_barcode_payment_refunded`, SPEC §6.8:
//!   "paying after limit_date is refunded").
//!
//! Both bring money from outside (`flows.received`): the ledger stays
//! conserved.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::clock::Now;
use crate::domain::refusal::{Class, Refusal};
use crate::ledger::{self, EntryType, Posting};
use crate::server::App;
use crate::webhooks;

/// Who sent the money (defaults: a person at Banco do Brasil).
#[derive(Debug, Deserialize)]
pub struct Sender {
    name: String,
    document: String,
    #[serde(default = "default_institution")]
    institution_code: String,
    #[serde(default = "default_branch")]
    branch_code: String,
    #[serde(default = "default_account")]
    account_code: String,
}

fn default_institution() -> String {
    "001".into()
}
fn default_branch() -> String {
    "1234".into()
}
fn default_account() -> String {
    "4567864".into()
}

impl Default for Sender {
    fn default() -> Self {
        Sender {
            name: "Remetente Externo".into(),
            document: "12345678909".into(),
            institution_code: default_institution(),
            branch_code: default_branch(),
            account_code: default_account(),
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct IncomingTed {
    account_id: String,
    amount: i64,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    sender: Option<Sender>,
}

/// The sender as a statement entry's `counter_party` of an external entry
/// (`statement_entry.example.external.json`).
fn counter_party(s: &Sender) -> Result<Value, Refusal> {
    let institution = crate::institutions::find(&s.institution_code).ok_or_else(|| {
        Refusal::validation(&[("sender.institution_code", "unknown institution")])
    })?;
    let document_type = match s.document.len() {
        11 => "cpf",
        14 => "cnpj",
        _ => {
            return Err(Refusal::validation(&[(
                "sender.document",
                "a CPF (11 digits) or a CNPJ (14)",
            )]))
        }
    };
    Ok(json!({
        "account": {
            "account_code": s.account_code,
            "account_type": "CC",
            "branch_code": s.branch_code,
            "institution": institution.ispb_code,
            "institution_name": institution.name,
        },
        "entity": {"document": s.document, "document_type": document_type, "name": s.name},
    }))
}

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
    ledger::credit(&mut store, &posting).map_err(|_| Refusal::not_found())?;
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

#[derive(Debug, Default, Deserialize)]
pub struct OutsidePayment {
    /// What the payer pays: the boleto's value today when absent; an
    /// amount outside what the boleto accepts is refused, as the payer's
    /// bank would.
    #[serde(default)]
    amount: Option<i64>,
    #[serde(default)]
    payer: Option<Sender>,
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
    if store.invoices[index].status != crate::invoices::InvoiceStatus::Registered {
        return Err(refuse("invoice_not_payable"));
    }
    crate::invoices::announce(
        &mut store,
        &now,
        index,
        "barcode_payment_invoice_payment_promissed",
    );
    if now.today > store.invoices[index].limit {
        // Paid after its limit date: the payment goes back to the payer.
        crate::invoices::announce(&mut store, &now, index, "inbound_barcode_payment_refunded");
        return serde_json::to_value(&store.invoices[index])
            .map(Json)
            .map_err(|_| Refusal::new(Class::Internal, "internal"));
    }
    let due = crate::invoices::quote(&store.invoices[index], now.today)
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
        fee: crate::fees::BARCODE_PAYMENT_INVOICE,
        operation_id: &operation_id,
        description: "",
        counter_party: Arc::new(payer),
        at: now.ts(),
        barcode: None,
        scheduled_to: None,
    };
    crate::invoices::settle(&mut store, &now, index, &inn).map_err(|_| Refusal::not_found())?;
    store.flows.received += amount;
    serde_json::to_value(&store.invoices[index])
        .map(Json)
        .map_err(|_| Refusal::new(Class::Internal, "internal"))
}
