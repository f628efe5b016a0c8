//! Statement entries (SPEC §7.4): every movement of an account, signed.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use super::DateTime;

/// Credit or debit; `Unknown` keeps anything Stone adds later.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Operation {
    Credit,
    Debit,
    Unknown(String),
}

impl Operation {
    /// Stone's spelling (`credit`, `debit`; an unknown one as received).
    pub fn as_str(&self) -> &str {
        match self {
            Operation::Credit => "credit",
            Operation::Debit => "debit",
            Operation::Unknown(text) => text,
        }
    }
}

impl Serialize for Operation {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Operation {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Ok(match text.as_str() {
            "credit" => Operation::Credit,
            "debit" => Operation::Debit,
            _ => Operation::Unknown(text),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct StatementEntry {
    pub id: String,
    /// `internal`, `external`, `payment`, `pix_payment`, … (kept as text:
    /// Stone lists two dozen and adds more).
    #[serde(rename = "type")]
    pub kind: String,
    pub operation: Operation,
    /// Centavos, signed: negative for debits (operation + fee).
    pub amount: i64,
    #[serde(default)]
    pub operation_amount: Option<i64>,
    #[serde(default)]
    pub fee_amount: Option<i64>,
    /// `None` where Stone sends `null` (the copy of an entry in some
    /// cash-in webhooks).
    #[serde(default)]
    pub balance_before: Option<i64>,
    #[serde(default)]
    pub balance_after: Option<i64>,
    #[serde(default)]
    pub operation_id: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub created_at: Option<DateTime>,
    #[serde(default)]
    pub status: Option<String>,
    /// The counterparty as Stone describes it (its shape varies by type).
    #[serde(default)]
    pub counter_party: Option<Value>,
}
