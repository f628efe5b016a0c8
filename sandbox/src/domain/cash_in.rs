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

use crate::domain::institutions;
use crate::domain::refusal::Refusal;
use serde::Deserialize;
use serde_json::{json, Value};

/// Who sent the money (defaults: a person at Banco do Brasil).
#[derive(Debug, Deserialize)]
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

#[derive(Debug, Default, Deserialize)]
pub struct OutsidePayment {
    /// What the payer pays: the boleto's value today when absent; an
    /// amount outside what the boleto accepts is refused, as the payer's
    /// bank would.
    #[serde(default)]
    pub(crate) amount: Option<i64>,
    #[serde(default)]
    pub(crate) payer: Option<Sender>,
}
