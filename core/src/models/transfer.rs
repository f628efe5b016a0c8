//! Internal transfers (between Stone accounts).

use serde::{Deserialize, Deserializer, Serialize};

use super::DateTime;

/// Where a transfer stands (SPEC §8.1). `Unknown` keeps any status Stone
/// adds later instead of failing to decode.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TransferStatus {
    Created,
    Approved,
    Scheduled,
    Finished,
    Failed,
    Rejected,
    Expired,
    Cancelled,
    /// A TED created outside its window, waiting for the next business day.
    DelayedToNextBusinessDay,
    /// Payments: the money is held while the payment runs.
    MoneyReserved,
    /// Sent, then returned by the destination (TEDs, payments).
    Refunded,
    Unknown(String),
}

impl TransferStatus {
    /// Still waiting: for approval, or for its day.
    pub fn is_pending(&self) -> bool {
        matches!(
            self,
            Self::Created
                | Self::Approved
                | Self::Scheduled
                | Self::DelayedToNextBusinessDay
                | Self::MoneyReserved
        )
    }

    /// Stone's spelling (`APPROVED`, …; an unknown status as received).
    pub fn as_str(&self) -> &str {
        match self {
            Self::Created => "CREATED",
            Self::Approved => "APPROVED",
            Self::Scheduled => "SCHEDULED",
            Self::Finished => "FINISHED",
            Self::Failed => "FAILED",
            Self::Rejected => "REJECTED",
            Self::Expired => "EXPIRED",
            Self::Cancelled => "CANCELLED",
            Self::DelayedToNextBusinessDay => "DELAYED_TO_NEXT_BUSINESS_DAY",
            Self::MoneyReserved => "MONEY_RESERVED",
            Self::Refunded => "REFUNDED",
            Self::Unknown(text) => text,
        }
    }
}

impl Serialize for TransferStatus {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for TransferStatus {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Ok(match text.as_str() {
            "CREATED" => Self::Created,
            "APPROVED" => Self::Approved,
            "SCHEDULED" => Self::Scheduled,
            "FINISHED" => Self::Finished,
            "FAILED" => Self::Failed,
            "REJECTED" => Self::Rejected,
            "EXPIRED" => Self::Expired,
            "CANCELLED" => Self::Cancelled,
            "DELAYED_TO_NEXT_BUSINESS_DAY" => Self::DelayedToNextBusinessDay,
            "MONEY_RESERVED" => Self::MoneyReserved,
            "REFUNDED" => Self::Refunded,
            _ => Self::Unknown(text),
        })
    }
}

/// An internal transfer as Stone returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct InternalTransfer {
    pub id: String,
    /// Centavos.
    pub amount: i64,
    #[serde(default)]
    pub fee: i64,
    pub status: TransferStatus,
    #[serde(default)]
    pub description: String,
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
    pub rejected_by: Option<String>,
    #[serde(default)]
    pub approval_expired_at: Option<DateTime>,
    #[serde(default)]
    pub cancelled_at: Option<DateTime>,
    #[serde(default, with = "super::date")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<super::date::IsoDate>"))]
    pub scheduled_to: Option<time::Date>,
    #[serde(default)]
    pub failed_at: Option<DateTime>,
    #[serde(default)]
    pub failure_reason_code: Option<i64>,
    #[serde(default)]
    pub failure_reason_description: Option<String>,
    #[serde(default)]
    pub finished_at: Option<DateTime>,
    #[serde(default)]
    pub target_account_code: Option<String>,
    #[serde(default)]
    pub target_account_owner_name: Option<String>,
}

/// What an internal transfer needs. `amount` in centavos.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct NewInternalTransfer {
    pub account_id: String,
    pub amount: i64,
    pub target_account_code: String,
    #[serde(default)]
    pub description: Option<String>,
    /// A future date schedules it (`None`: now).
    #[serde(default, with = "super::date")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<super::date::IsoDate>"))]
    pub scheduled_to: Option<time::Date>,
}
