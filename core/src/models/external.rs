//! External transfers (TED) to accounts at other banks.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{DateTime, TransferStatus};

/// A TED as Stone returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ExternalTransfer {
    pub id: String,
    #[serde(default)]
    pub account_id: Option<String>,
    /// Centavos, without the fee.
    pub amount: i64,
    #[serde(default)]
    pub fee: i64,
    pub status: TransferStatus,
    #[serde(default)]
    pub target: Option<TedTargetView>,
    #[serde(default)]
    pub created_at: Option<DateTime>,
    #[serde(default)]
    pub created_by: Option<String>,
    #[serde(default)]
    pub approved_at: Option<DateTime>,
    #[serde(default)]
    pub approved_by: Option<String>,
    #[serde(default)]
    pub rejected_at: Option<DateTime>,
    #[serde(default)]
    pub approval_expired_at: Option<DateTime>,
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
    pub refund_reason_description: Option<String>,
    /// Created outside the TED window: it runs on the next business day.
    #[serde(default)]
    pub delayed_to_next_business_day: Option<bool>,
    #[serde(default, with = "super::date")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<super::date::IsoDate>"))]
    pub scheduled_to_requested: Option<time::Date>,
    /// The day it runs (a weekend or holiday moves to the next business day).
    #[serde(default, with = "super::date")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<super::date::IsoDate>"))]
    pub scheduled_to_effective: Option<time::Date>,
}

/// Where a TED went, as Stone shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TedTargetView {
    #[serde(default)]
    pub account: Value,
    #[serde(default)]
    pub entity: Value,
}

/// The kinds of account a TED may reach (SPEC §5.12).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum AccountType {
    /// Conta corrente (checking).
    #[serde(rename = "CC")]
    Checking,
    /// Conta de depósito.
    #[serde(rename = "CD")]
    Deposit,
    /// Conta garantida.
    #[serde(rename = "CG")]
    Guaranteed,
    /// Conta investimento.
    #[serde(rename = "CI")]
    Investment,
    /// Conta de pagamento (payment account; no branch).
    #[serde(rename = "PG")]
    Payment,
    /// Poupança (savings).
    #[serde(rename = "PP")]
    Savings,
}

/// What a TED needs. The document is a CPF or CNPJ (checked before sending).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct NewExternalTransfer {
    pub account_id: String,
    pub amount: i64,
    pub account_code: String,
    #[serde(default)]
    pub branch_code: Option<String>,
    /// ISPB (8 digits) or COMPE bank number (3 digits).
    pub institution_code: String,
    #[serde(default)]
    pub account_type: Option<AccountType>,
    pub name: String,
    pub document: String,
    #[serde(default, with = "super::date")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<super::date::IsoDate>"))]
    pub scheduled_to: Option<time::Date>,
}
