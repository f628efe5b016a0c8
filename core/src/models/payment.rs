//! Barcode payments of boletos and arrecadação documents, and the dry-run's
//! enrichment of a barcode.

use serde::{Deserialize, Serialize};

use super::{DateTime, TransferStatus};

/// What the issuer's registry says about a document (`details`); `None`
/// where Stone does not know (yet).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PaymentDetails {
    #[serde(default)]
    pub bank_code: Option<String>,
    #[serde(default)]
    pub bank_name: Option<String>,
    #[serde(default)]
    pub barcode: Option<String>,
    #[serde(default)]
    pub writable_line: Option<String>,
    /// `boleto` or `concessionaria`.
    #[serde(default)]
    pub document_type: Option<String>,
    #[serde(default, with = "super::date")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<super::date::IsoDate>"))]
    pub expiration_date: Option<time::Date>,
    #[serde(default, with = "super::date")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<super::date::IsoDate>"))]
    pub payment_limit_date: Option<time::Date>,
    #[serde(default)]
    pub face_value: Option<i64>,
    /// Due today, with discounts, fines and interest.
    #[serde(default)]
    pub value: Option<i64>,
    #[serde(default)]
    pub min_value: Option<i64>,
    #[serde(default)]
    pub max_value: Option<i64>,
    #[serde(default)]
    pub discount_value: Option<i64>,
    #[serde(default)]
    pub fine_value: Option<i64>,
    #[serde(default)]
    pub interest_value: Option<i64>,
    #[serde(default)]
    pub recipient_name: Option<String>,
    #[serde(default)]
    pub recipient_cpf_cnpj: Option<String>,
    /// `payable`, `paid` or `unpayable`.
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub unpayable_reason_code: Option<i64>,
    #[serde(default)]
    pub unpayable_reason_description: Option<String>,
}

impl PaymentDetails {
    pub fn is_payable(&self) -> bool {
        self.status.as_deref() == Some("payable")
    }
}

/// A barcode payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Payment {
    pub id: String,
    #[serde(default)]
    pub account_id: Option<String>,
    pub amount: i64,
    #[serde(default)]
    pub fee: i64,
    pub status: TransferStatus,
    #[serde(default)]
    pub barcode: Option<String>,
    #[serde(default)]
    pub writable_line: Option<String>,
    #[serde(default, with = "super::date")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<super::date::IsoDate>"))]
    pub scheduled_to: Option<time::Date>,
    #[serde(default)]
    pub details: Option<PaymentDetails>,
    #[serde(default)]
    pub created_at: Option<DateTime>,
    #[serde(default)]
    pub approved_at: Option<DateTime>,
    #[serde(default)]
    pub rejected_at: Option<DateTime>,
    #[serde(default)]
    pub cancelled_at: Option<DateTime>,
    #[serde(default)]
    pub failed_at: Option<DateTime>,
    #[serde(default)]
    pub failure_reason_code: Option<i64>,
    #[serde(default)]
    pub failure_reason_description: Option<String>,
    #[serde(default)]
    pub finished_at: Option<DateTime>,
    #[serde(default)]
    pub refunded_at: Option<DateTime>,
    #[serde(default)]
    pub refund_reason_code: Option<i64>,
    #[serde(default)]
    pub idempotency_key: Option<String>,
}

/// The dry-run's answer: the payment as it would be, and the document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PaymentDryRun {
    pub amount: i64,
    #[serde(default)]
    pub fee: i64,
    pub status: TransferStatus,
    #[serde(default)]
    pub details: Option<PaymentDetails>,
    #[serde(default)]
    pub barcode_details: Option<PaymentDetails>,
    /// `true`: a payment of this document is already under way or done —
    /// do not pay it again.
    #[serde(default, rename = "payment_being_processed?")]
    pub payment_being_processed: bool,
}

/// Who really pays, when not the account holder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct EffectivePayer {
    pub legal_name: String,
    pub document: String,
}

/// What a payment needs. `amount` only when the document accepts a
/// divergent amount (see the dry-run's `min_value`/`max_value`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct NewPayment {
    pub account_id: String,
    /// Barcode or typeable line, in any printed form.
    pub barcode: String,
    #[serde(default)]
    pub amount: Option<i64>,
    #[serde(default, with = "super::date")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<super::date::IsoDate>"))]
    pub scheduled_to: Option<time::Date>,
    #[serde(default)]
    pub effective_payer: Option<EffectivePayer>,
}
