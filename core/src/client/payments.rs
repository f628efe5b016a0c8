//! Barcode payments: boletos and arrecadação documents (SPEC §6.5). The
//! barcode is checked by the core's engine before anything is sent; the
//! dry-run and the payment share `NewPayment::body`.

use serde_json::{json, Value};

use super::validate::{invalid, path_id, positive, tax_id};
use super::{Client, Error, Pages};
use crate::barcode::iso_date;
use crate::documents::TaxId;
use crate::models::{NewPayment, Payment, PaymentDryRun};

impl NewPayment {
    /// Checked with the barcode engine before anything is sent: a typing
    /// mistake never reaches Stone.
    fn body(&self) -> Result<Value, Error> {
        path_id("account_id", &self.account_id)?;
        let code =
            crate::barcode::parse(&self.barcode).map_err(|e| invalid("barcode", e.to_string()))?;
        let mut body = json!({"account_id": self.account_id, "barcode": code.digitable_line()});
        if let Some(amount) = self.amount {
            positive("amount", amount)?;
            body["amount"] = json!(amount);
        }
        if let Some(day) = self.scheduled_to {
            body["scheduled_to"] = json!(iso_date(day));
        }
        if let Some(payer) = &self.effective_payer {
            let doc = tax_id("effective_payer.document", &payer.document)?;
            if payer.legal_name.trim().is_empty() || payer.legal_name.chars().count() > 80 {
                return Err(invalid("effective_payer.legal_name", "1 to 80 characters"));
            }
            let kind = match doc {
                TaxId::Cpf(_) => "CPF",
                TaxId::Cnpj(_) => "CNPJ",
            };
            body["effective_payer"] = json!({"legal_name": payer.legal_name, "document": doc.as_str(), "document_type": kind});
        }
        Ok(body)
    }
}

impl Client {
    /// Enriches a barcode without paying it: issuer, due date, the amount
    /// due today and its limits, and whether a payment is already under
    /// way (`payment_being_processed`).
    pub async fn dry_run_payment(&self, p: &NewPayment) -> Result<PaymentDryRun, Error> {
        self.dry_run("/api/v1/dry_run/payments", &p.body()?).await
    }

    /// Pays a boleto or an arrecadação document (or schedules it).
    pub async fn create_payment(
        &self,
        p: &NewPayment,
        idempotency_key: Option<&str>,
    ) -> Result<Payment, Error> {
        self.keyed("/api/v1/payments", &p.body()?, idempotency_key)
            .await
    }

    pub async fn payment(&self, id: &str) -> Result<Payment, Error> {
        path_id("payment_id", id)?;
        self.get(&format!("/api/v1/payments/{id}")).await
    }

    pub fn payments(&self, account_id: &str) -> Pages<Payment> {
        self.by_account("payments", account_id)
    }

    pub async fn cancel_payment(&self, id: &str) -> Result<(), Error> {
        self.act("payments", "payment_id", id, "cancel").await
    }

    pub async fn approve_payment(&self, id: &str) -> Result<(), Error> {
        self.act("payments", "payment_id", id, "approve").await
    }

    pub async fn reject_payment(&self, id: &str) -> Result<(), Error> {
        self.act("payments", "payment_id", id, "reject").await
    }
}
