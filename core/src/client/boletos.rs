//! Boleto issuance (SPEC §6.8): deposit, proposal and billing kinds, their
//! list, write-off and PDF. One body builder, `NewBoletoInvoice::body`.

use serde_json::{json, Value};

use super::validate::{invalid, path_id, positive, tax_id};
use super::{Client, Error, Pages};
use crate::barcode::iso_date;
use crate::documents::TaxId;
use crate::models::{BoletoInvoice, NewBoletoInvoice};

fn rate(r: &crate::models::DatedRate) -> Value {
    json!({"date": iso_date(r.date), "value": format!("{}.{:02}", r.basis_points / 100, r.basis_points % 100)})
}

impl NewBoletoInvoice {
    fn body(&self) -> Result<Value, Error> {
        path_id("account_id", &self.account_id)?;
        positive("amount", self.amount)?;
        let mut body = json!({
            "account_id": self.account_id,
            "amount": self.amount,
            "invoice_type": self.invoice_type,
            "expiration_date": iso_date(self.expiration_date),
        });
        if let Some(limit) = self.limit_date {
            if limit < self.expiration_date {
                return Err(invalid("limit_date", "may not precede expiration_date"));
            }
            body["limit_date"] = json!(iso_date(limit));
        }
        if let Some(c) = &self.customer {
            let doc = tax_id("customer.document", &c.document)?;
            if c.legal_name.trim().is_empty() {
                return Err(invalid("customer.legal_name", "is required"));
            }
            if matches!(doc, TaxId::Cnpj(_))
                && c.trade_name.as_deref().is_none_or(|t| t.trim().is_empty())
            {
                return Err(invalid(
                    "customer.trade_name",
                    "is required for a company (CNPJ)",
                ));
            }
            body["customer"] = json!({"document": doc.as_str(), "legal_name": c.legal_name, "trade_name": c.trade_name});
        }
        if !self.discounts.is_empty() {
            body["discounts"] = Value::Array(self.discounts.iter().map(rate).collect());
        }
        if let Some(f) = &self.fine {
            body["fine"] = rate(f);
        }
        if let Some(i) = &self.interest {
            body["interest"] = rate(i);
        }
        if let Some(d) = &self.description {
            body["description"] = json!(d);
        }
        Ok(body)
    }
}

impl Client {
    pub async fn create_boleto(
        &self,
        b: &NewBoletoInvoice,
        idempotency_key: Option<&str>,
    ) -> Result<BoletoInvoice, Error> {
        self.keyed(
            "/api/v1/barcode_payment_invoices",
            &b.body()?,
            idempotency_key,
        )
        .await
    }

    pub async fn boleto(&self, id: &str) -> Result<BoletoInvoice, Error> {
        path_id("invoice_id", id)?;
        self.get(&format!("/api/v1/barcode_payment_invoices/{id}"))
            .await
    }

    pub fn boletos(&self, account_id: &str) -> Pages<BoletoInvoice> {
        self.by_account("barcode_payment_invoices", account_id)
    }

    /// Requests the write-off ("baixa"): CANCELLATION_REQUESTED, then
    /// CANCELLED.
    pub async fn cancel_boleto(&self, id: &str) -> Result<(), Error> {
        self.act("barcode_payment_invoices", "invoice_id", id, "cancel")
            .await
    }

    /// The boleto's PDF, bytes.
    pub async fn boleto_pdf(&self, id: &str) -> Result<Vec<u8>, Error> {
        path_id("invoice_id", id)?;
        self.pdf(&format!("/api/v1/exports/barcode_payment_invoices/{id}"))
            .await
    }
}
