//! Payroll: salaries paid from the company's account (Conta de Liquidação).

use serde::{Deserialize, Serialize};

use super::DateTime;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PayrollSummary {
    #[serde(default)]
    pub number_of_salaries: u64,
    #[serde(default)]
    pub number_of_finished_salaries: u64,
    #[serde(default)]
    pub number_of_failed_salaries: u64,
    #[serde(default)]
    pub number_of_refunded_salaries: u64,
    #[serde(default)]
    pub number_of_scheduled_salaries: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Payroll {
    pub id: String,
    #[serde(default)]
    pub account_id: Option<String>,
    /// The sum of the salaries, centavos.
    pub amount: i64,
    #[serde(default)]
    pub fee: i64,
    /// `CREATED`, `SCHEDULED`, `FINISHED`, … as Stone sends it.
    pub status: String,
    /// Created on a non-business day: it runs on the next one.
    #[serde(default)]
    pub outside_operating_hours: Option<bool>,
    #[serde(default)]
    pub created_at: Option<DateTime>,
    #[serde(default)]
    pub summary: PayrollSummary,
}

/// One salary of a payroll.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Salary {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub document: Option<String>,
    #[serde(default)]
    pub account_code: Option<String>,
    pub amount: i64,
    pub status: String,
    #[serde(default)]
    pub failure_reason: Option<String>,
}

/// A salary portability request: the employer's payroll bank forwards the
/// salary to this account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SalaryPortability {
    pub id: String,
    #[serde(default)]
    pub account_id: Option<String>,
    /// `CREATED` (being processed by the origin), `ENABLED`, `DISABLED`.
    pub status: String,
    pub employer_document: String,
    #[serde(default)]
    pub employer_name: Option<String>,
    #[serde(default)]
    pub payroll_institution_ispb: Option<String>,
    #[serde(default)]
    pub payroll_institution_number_code: Option<String>,
    #[serde(default)]
    pub payroll_institution_name: Option<String>,
    #[serde(default)]
    pub created_at: Option<DateTime>,
    #[serde(default)]
    pub enabled_at: Option<DateTime>,
    #[serde(default)]
    pub disabled_at: Option<DateTime>,
}

/// What a portability request needs: the employer's CNPJ and the bank
/// where it pays salaries (ISPB or bank number).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct NewSalaryPortability {
    pub account_id: String,
    pub employer_document: String,
    #[serde(default)]
    pub employer_name: Option<String>,
    pub payroll_institution_code: String,
}
