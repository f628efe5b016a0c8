//! Reference data and cross-cutting views: institutions, fees, the
//! scheduling calendar, operations waiting for approval or their day.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::DateTime;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Institution {
    pub ispb_code: String,
    pub name: String,
    #[serde(default)]
    pub number_code: Option<String>,
    #[serde(default)]
    pub short_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Fee {
    pub fee_type: String,
    /// The current fee, centavos.
    pub amount: i64,
    #[serde(default)]
    pub original_fee: Option<i64>,
    #[serde(default)]
    pub remaining_free_transfers: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NonBusinessDay {
    #[serde(with = "super::date")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<super::date::IsoDate>"))]
    pub date: Option<time::Date>,
    #[serde(default)]
    pub is_weekend: bool,
    #[serde(default)]
    pub is_holiday: bool,
    #[serde(default)]
    pub holiday_description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SchedulingCalendar {
    #[serde(with = "super::date")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<super::date::IsoDate>"))]
    pub next_available_execution_date: Option<time::Date>,
    #[serde(with = "super::date")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<super::date::IsoDate>"))]
    pub execution_limit_date: Option<time::Date>,
    #[serde(default)]
    pub non_business_days: Vec<NonBusinessDay>,
}

/// Which operations the calendar is asked about, and the `type` of batch
/// decisions (`PixPayment` for the latter only: Pix runs every day).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum OperationType {
    InternalTransfer,
    ExternalTransfer,
    BarcodePayment,
    PixPayment,
}

impl OperationType {
    /// The `type` of the operations API and batch approval.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::InternalTransfer => "internal_transfer",
            Self::ExternalTransfer => "external_transfer",
            Self::BarcodePayment => "barcode_payment",
            Self::PixPayment => "pix_payment",
        }
    }

    /// The calendar's `operation_type`.
    pub fn calendar_name(self) -> &'static str {
        match self {
            Self::BarcodePayment => "payment",
            other => other.as_str(),
        }
    }
}

/// An operation waiting for approval or for its day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PendingOperation {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    /// `PENDING_APPROVAL` or `SCHEDULED`.
    pub status: String,
    pub amount: i64,
    /// Negative, as Stone shows it; `None` where Stone sends `null` (not
    /// known yet).
    #[serde(default)]
    pub fee: Option<i64>,
    #[serde(default, with = "super::date")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<super::date::IsoDate>"))]
    pub scheduled_to: Option<time::Date>,
    #[serde(default)]
    pub created_at: Option<DateTime>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub subtitle: Option<String>,
    #[serde(default)]
    pub counterparty_agent: Option<Value>,
}
