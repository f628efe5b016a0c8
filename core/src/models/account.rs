//! Payment accounts and their balance.

use serde::{Deserialize, Serialize};

use super::DateTime;

/// A payment account ("conta de pagamento") the application may operate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Account {
    pub id: String,
    pub account_code: String,
    pub branch_code: String,
    pub owner_document: String,
    pub owner_id: String,
    pub owner_name: String,
    #[serde(default)]
    pub created_at: Option<DateTime>,
}

/// Balances in centavos. `blocked_balance` adds to `balance` for the total;
/// `scheduled_balance` is the sum of scheduled debits (not part of it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Balance {
    pub balance: i64,
    #[serde(default)]
    pub blocked_balance: i64,
    #[serde(default)]
    pub scheduled_balance: i64,
}
