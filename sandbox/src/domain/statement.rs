//! The statement's filters (SPEC §6.3 #14), as Stone's clients send them:
//! `start_datetime` and `end_datetime` (a `created_at` range, RFC 3339 such
//! as `2026-11-30T00:00:00Z`, both ends included), `type[]` (repeatable:
//! `type[]=external&type[]=internal`) and `operation=credit|debit`. A value
//! the API does not know is a 400 naming the parameter, never ignored: a
//! filter silently dropped would hand an ERP the wrong entries.

use crate::domain::ledger::Entry;
use crate::domain::refusal::Refusal;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// Statement `type` values: the filter's documented list, the entry types
/// of §7.4 and the spellings SPEC §10 #22 records.
pub(crate) const TYPES: &[&str] = &[
    "internal",
    "external",
    "external_refund",
    "payment",
    "payment_refund",
    "balance_block",
    "balance_blocked",
    "balance_unblocked",
    "card_payment",
    "salary",
    "salary_portability",
    "salary_portability_refund",
    "salary_portability_employer_refund",
    "instant_payment",
    "outbound_pix_payment",
    "pix_payment",
    "refund_for_pix_payment",
    "refund_reversal_for_pix_payment",
    "refund_for_outbound_pix_payment",
    "payroll",
    "loan_payments",
    "loan_payment",
];

#[derive(Debug, Default)]
pub struct Filter {
    pub(crate) from: Option<i64>,
    pub(crate) to: Option<i64>,
    pub(crate) types: Vec<String>,
    pub(crate) operation: Option<String>,
}

pub(crate) fn instant(name: &'static str, value: &str) -> Result<i64, Refusal> {
    OffsetDateTime::parse(value, &Rfc3339)
        .map(OffsetDateTime::unix_timestamp)
        .map_err(|_| {
            Refusal::validation(&[(name, "must be a date-time like 2026-11-30T00:00:00Z")])
        })
}

impl Filter {
    /// Reads the filters from the query's pairs (other keys, such as the
    /// cursor's, are not its business).
    pub fn from_pairs(pairs: &[(String, String)]) -> Result<Filter, Refusal> {
        let mut f = Filter::default();
        for (key, value) in pairs {
            match key.as_str() {
                "start_datetime" => f.from = Some(instant("start_datetime", value)?),
                "end_datetime" => f.to = Some(instant("end_datetime", value)?),
                "type[]" | "type" => {
                    if !TYPES.contains(&value.as_str()) {
                        return Err(Refusal::validation(&[("type", "is not a statement type")]));
                    }
                    f.types.push(value.clone());
                }
                "operation" => {
                    if value != "credit" && value != "debit" {
                        return Err(Refusal::validation(&[(
                            "operation",
                            "must be credit or debit",
                        )]));
                    }
                    f.operation = Some(value.clone());
                }
                _ => {}
            }
        }
        if let (Some(from), Some(to)) = (f.from, f.to) {
            if from > to {
                return Err(Refusal::validation(&[(
                    "start_datetime",
                    "must not be after end_datetime",
                )]));
            }
        }
        Ok(f)
    }

    pub fn keeps(&self, e: &Entry) -> bool {
        let at = e.created_at.0;
        self.from.is_none_or(|from| at >= from)
            && self.to.is_none_or(|to| at <= to)
            && (self.types.is_empty() || self.types.iter().any(|t| t == e.kind.as_str()))
            && self
                .operation
                .as_deref()
                .is_none_or(|op| op == e.operation.as_str())
    }
}
