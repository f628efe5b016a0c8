//! Pix infraction reports (MED, SPEC §6.13.6). Another participant files a
//! report about a Pix this account received (the admin endpoint plays that
//! participant); the account's institution lists the reports it received
//! (`range`, `sort` and `filter` as JSON in the query, a bare array back)
//! and closes each pending one within 7 days, `accepted` or `rejected`.
//! Reports may be filed up to 80 days after the Pix. The records are the
//! client's own model (`PixInfractionReport`).

use crate::domain::refusal::Refusal;
use serde_json::Value;
use std::collections::HashMap;

pub(crate) const WRITE: &[&str] = &["pix:write", "pix:payment"];
pub(crate) const DAY: i64 = 86_400;

/// A report's or an analysis's text: at most 2,000 characters.
pub(crate) fn details_of<'v>(
    value: &'v Value,
    field: &'static str,
) -> Result<Option<&'v str>, Refusal> {
    let details = value.get(field).and_then(Value::as_str);
    if details.is_some_and(|d| d.chars().count() > 2000) {
        return Err(Refusal::validation(&[(field, "is too long")]));
    }
    Ok(details)
}

pub(crate) fn parse_ts(text: &str) -> Option<i64> {
    time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
        .ok()
        .map(|t| t.unix_timestamp())
}

/// A query parameter's JSON (`range=[0, 5]`), when present and well formed.
pub(crate) fn json_param(
    query: &HashMap<String, String>,
    name: &'static str,
) -> Result<Option<Value>, Refusal> {
    query
        .get(name)
        .map(|text| {
            serde_json::from_str(text).map_err(|_| Refusal::validation(&[(name, "is invalid")]))
        })
        .transpose()
}
