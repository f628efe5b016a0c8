//! Receipts (comprovantes) of transfers and payments, as PDF (SPEC §6.9).

use serde_json::json;

use super::transport::{check_pdf, Method};
use super::validate::path_id;
use super::{Client, Error};

/// Resource kinds that have a receipt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReceiptOf {
    InternalTransfer,
    ExternalTransfer,
    Payment,
}

impl ReceiptOf {
    fn as_str(self) -> &'static str {
        match self {
            Self::InternalTransfer => "internal_transfer",
            Self::ExternalTransfer => "external_transfer",
            Self::Payment => "payment",
        }
    }
}

impl Client {
    /// The receipt (comprovante) PDF of a transfer or payment.
    pub async fn receipt_pdf(&self, of: ReceiptOf, id: &str) -> Result<Vec<u8>, Error> {
        path_id("resource_id", id)?;
        let body = json!({"resource_type": of.as_str(), "resource_id": id});
        check_pdf(
            self.send_bytes(Method::Post, "/api/v1/receipts", Some(&body), None)
                .await?,
        )
    }
}
