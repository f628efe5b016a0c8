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

use crate::domain::clock::Now;
use crate::domain::fees;
use crate::domain::institutions;
use crate::domain::invoices;
use crate::domain::ledger;
use crate::domain::ledger::{EntryType, Posting};
use crate::domain::refusal::Class;
use crate::domain::refusal::Refusal;
use crate::domain::store::Store;
use crate::domain::webhooks;
use serde::Deserialize;
use serde_json::{json, Value};

/// Who sent the money (defaults: a person at Banco do Brasil).
#[derive(Debug, Clone, Deserialize)]
pub struct Sender {
    pub(crate) name: String,
    pub(crate) document: String,
    #[serde(default = "default_institution")]
    pub(crate) institution_code: String,
    #[serde(default = "default_branch")]
    pub(crate) branch_code: String,
    #[serde(default = "default_account")]
    pub(crate) account_code: String,
}

pub(crate) fn default_institution() -> String {
    "001".into()
}
pub(crate) fn default_branch() -> String {
    "1234".into()
}
pub(crate) fn default_account() -> String {
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
    pub(crate) account_id: String,
    pub(crate) amount: i64,
    #[serde(default)]
    pub(crate) description: Option<String>,
    #[serde(default)]
    pub(crate) sender: Option<Sender>,
}

/// The sender as a statement entry's `counter_party` of an external entry
/// (`statement_entry.example.external.json`).
pub(crate) fn counter_party(s: &Sender) -> Result<Value, Refusal> {
    let institution = institutions::find(&s.institution_code).ok_or_else(|| {
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

#[derive(Debug, Clone, Default, Deserialize)]
pub struct OutsidePayment {
    /// What the payer pays: the boleto's value today when absent; an
    /// amount outside what the boleto accepts is refused, as the payer's
    /// bank would.
    #[serde(default)]
    pub(crate) amount: Option<i64>,
    #[serde(default)]
    pub(crate) payer: Option<Sender>,
}

/// An incoming TED from another bank: the account is credited (money from
/// outside the sandbox) and `cash_in_external_transfer` goes out. The
/// index of the statement entry made.
pub fn receive_ted(store: &mut Store, now: &Now, ted: &IncomingTed) -> Result<usize, Refusal> {
    if ted.amount <= 0 {
        return Err(Refusal::validation(&[("amount", "must be positive")]));
    }
    let party = counter_party(&ted.sender.clone().unwrap_or_default())?;
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
    ledger::credit(store, &posting).map_err(|_| Refusal::not_found())?;
    store.flows.received += ted.amount;
    let index = store.entries.len() - 1;
    let uri = format!("/api/v1/statement/entries/{}", store.entries[index].id);
    webhooks::emit(
        store,
        now,
        "cash_in_external_transfer",
        "statement_entry",
        &ted.account_id,
        &uri,
        |s| serde_json::to_value(&s.entries[index]).unwrap_or(Value::Null),
    );
    Ok(index)
}

/// A boleto issued here, paid at another bank: the issuer is credited less
/// the fee and the boleto settles; paid after its limit date, the payment
/// goes back to the payer and the boleto stays registered.
pub fn boleto_paid_elsewhere(
    store: &mut Store,
    now: &Now,
    index: usize,
    payment: &OutsidePayment,
) -> Result<(), Refusal> {
    let payer = counter_party(&payment.payer.clone().unwrap_or_default())?;
    let refuse = |kind: &str| Refusal::new(Class::Unprocessable, kind);
    if store.invoices[index].status != invoices::InvoiceStatus::Registered {
        return Err(refuse("invoice_not_payable"));
    }
    invoices::announce(
        store,
        now,
        index,
        "barcode_payment_invoice_payment_promissed",
    );
    if now.today > store.invoices[index].limit {
        // Paid after its limit date: the payment goes back to the payer.
        invoices::announce(store, now, index, "inbound_barcode_payment_refunded");
        return Ok(());
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
    invoices::settle(store, now, index, &inn).map_err(|_| Refusal::not_found())?;
    store.flows.received += amount;
    Ok(())
}
