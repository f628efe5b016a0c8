//! TEDs: transfers to accounts at other banks (SPEC §6.4). Outside the TED
//! window Stone delays them to the next business day. The create and its
//! dry-run share `NewExternalTransfer::body`.

use serde_json::{json, Value};

use super::validate::{digits, invalid, path_id, positive, tax_id};
use super::{Client, Error, Pages};
use crate::barcode::iso_date;
use crate::documents::TaxId;
use crate::models::{ExternalTransfer, NewExternalTransfer};

impl NewExternalTransfer {
    fn body(&self) -> Result<Value, Error> {
        path_id("account_id", &self.account_id)?;
        positive("amount", self.amount)?;
        digits(
            "account_code",
            self.account_code.trim_start_matches('0'),
            2..=20,
        )?;
        if let Some(branch) = &self.branch_code {
            digits("branch_code", branch, 1..=4)?;
        }
        if !matches!(self.institution_code.len(), 3 | 8) {
            return Err(invalid(
                "institution_code",
                "an ISPB (8 digits) or bank number (3 digits)",
            ));
        }
        digits("institution_code", &self.institution_code, 3..=8)?;
        if self.name.trim().is_empty() {
            return Err(invalid("name", "the account holder's name is required"));
        }
        let document = tax_id("document", &self.document)?;
        let document_type = match document {
            TaxId::Cpf(_) => "cpf",
            TaxId::Cnpj(_) => "cnpj",
        };
        let mut body = json!({
            "account_id": self.account_id,
            "amount": self.amount,
            "target": {
                "account": {
                    // Stone's pattern `^[1-9]\d{1,19}$`: no leading zeros.
                    "account_code": self.account_code.trim_start_matches('0'),
                    "branch_code": self.branch_code,
                    "institution_code": self.institution_code,
                    "account_type": self.account_type,
                },
                "entity": {"name": self.name, "document": document.as_str(), "document_type": document_type},
            },
        });
        if let Some(day) = self.scheduled_to {
            body["scheduled_to"] = json!(iso_date(day));
        }
        Ok(body)
    }
}

impl Client {
    /// Sends a TED (or schedules it). Outside the TED window Stone delays
    /// it to the next business day. The key is reused on every retry.
    pub async fn create_external_transfer(
        &self,
        t: &NewExternalTransfer,
        idempotency_key: Option<&str>,
    ) -> Result<ExternalTransfer, Error> {
        self.keyed("/api/v1/external_transfers", &t.body()?, idempotency_key)
            .await
    }

    pub async fn dry_run_external_transfer(
        &self,
        t: &NewExternalTransfer,
    ) -> Result<ExternalTransfer, Error> {
        self.dry_run("/api/v1/dry_run/external_transfers", &t.body()?)
            .await
    }

    pub async fn external_transfer(&self, id: &str) -> Result<ExternalTransfer, Error> {
        path_id("transfer_id", id)?;
        self.get(&format!("/api/v1/external_transfers/{id}")).await
    }

    pub fn external_transfers(&self, account_id: &str) -> Pages<ExternalTransfer> {
        self.by_account("external_transfers", account_id)
    }

    pub async fn cancel_external_transfer(&self, id: &str) -> Result<(), Error> {
        self.act("external_transfers", "transfer_id", id, "cancel")
            .await
    }

    pub async fn approve_external_transfer(&self, id: &str) -> Result<(), Error> {
        self.act("external_transfers", "transfer_id", id, "approve")
            .await
    }

    pub async fn reject_external_transfer(&self, id: &str) -> Result<(), Error> {
        self.act("external_transfers", "transfer_id", id, "reject")
            .await
    }
}
