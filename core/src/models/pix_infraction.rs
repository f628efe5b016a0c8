//! Pix infraction reports (MED, SPEC §6.13.6): another participant reports
//! a Pix (by `end_to_end_id`) or a refund (`refund_id`) as fraud or asks for
//! its refund; the account's institution analyses it within 7 days. The
//! sandbox stores these records as they are, so the model is the one
//! definition of a report on both sides.

use serde::{Deserialize, Serialize};

/// One report. `status`: `pending` until analysed, then `closed`
/// (`analysis_result` `accepted` or `rejected`), or `cancelled` by its
/// author. `direction`: `inbound` (received by this account's institution,
/// which must answer) or `outbound`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PixInfractionReport {
    pub id: String,
    pub infraction_id: String,
    pub account_id: String,
    #[serde(default)]
    pub end_to_end_id: Option<String>,
    #[serde(default)]
    pub refund_id: Option<String>,
    #[serde(default)]
    pub request_id: Option<String>,
    pub direction: String,
    /// `fraud`, `request_refund` or `refund_cancelled`.
    #[serde(rename = "type")]
    pub report_type: String,
    #[serde(default)]
    pub report_details: Option<String>,
    /// `debited_participant` or `credited_participant`.
    pub reported_by: String,
    pub status: String,
    /// ISPBs of the payer's and the payee's institutions.
    pub debited_participant: String,
    pub credited_participant: String,
    pub created_at: String,
    pub expires_at: String,
    #[serde(default)]
    pub analysis_result: Option<String>,
    #[serde(default)]
    pub analysis_details: Option<String>,
    #[serde(default)]
    pub accepted_at: Option<String>,
    #[serde(default)]
    pub rejected_at: Option<String>,
    #[serde(default)]
    pub cancelled_at: Option<String>,
    /// `spi` or `internal`.
    #[serde(default)]
    pub transaction_type: Option<String>,
    /// `settled`, `rejected_payee` or `rejected_payer`.
    #[serde(default)]
    pub transaction_result: Option<String>,
}

/// Which reports to list (every field optional), and the window:
/// `offset` (default 0) and `limit` (1–1000, default 100) of the reports in
/// the order asked, `created_at` (or `expires_at`) newest first unless
/// `ascending`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PixInfractionFilter {
    #[serde(default, rename = "type")]
    pub report_type: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub direction: Option<String>,
    #[serde(default)]
    pub reported_by: Option<String>,
    #[serde(default)]
    pub analysis_result: Option<String>,
    #[serde(default)]
    pub end_to_end_id: Option<String>,
    #[serde(default)]
    pub refund_id: Option<String>,
    /// `created_at` (default) or `expires_at`.
    #[serde(default)]
    pub sort_by: Option<String>,
    #[serde(default)]
    pub ascending: bool,
    #[serde(default)]
    pub offset: Option<u32>,
    #[serde(default)]
    pub limit: Option<u32>,
}
