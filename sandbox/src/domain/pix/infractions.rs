//! Pix infraction reports (MED, SPEC §6.13.6). Another participant files a
//! report about a Pix this account received (the admin endpoint plays that
//! participant); the account's institution lists the reports it received
//! (`range`, `sort` and `filter` as JSON in the query, a bare array back)
//! and closes each pending one within 7 days, `accepted` or `rejected`.
//! Reports may be filed up to 80 days after the Pix. The records are the
//! client's own model (`PixInfractionReport`).

use crate::domain::clock::{Now, Ts};
use crate::domain::operations::lifecycle;
use crate::domain::pix::STONE_ISPB;
use crate::domain::refusal::Class;
use crate::domain::refusal::Refusal;
use crate::domain::store::Store;
use serde_json::Value;
use std::collections::HashMap;
use stone_openbank::models::PixInfractionReport;

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

/// The payer's institution reports a Pix this sandbox received (within 80
/// days of it): a pending report, 7 days to answer.
pub fn file_report<'s>(
    store: &'s mut Store,
    now: &Now,
    e2e: &str,
    kind: &str,
    details: Option<&str>,
) -> Result<&'s PixInfractionReport, Refusal> {
    let pix = store
        .pix_inbound
        .iter()
        .find(|p| p.end_to_end_id == e2e)
        .ok_or_else(Refusal::not_found)?;
    if parse_ts(&pix.created_at).is_some_and(|at| now.unix - at > 80 * DAY) {
        return Err(Refusal::new(
            Class::Unprocessable,
            "infraction_period_exceeded",
        ));
    }
    let payer = pix.source["institution"]["ispb"]
        .as_str()
        .unwrap_or("00000000")
        .to_owned();
    let report = PixInfractionReport {
        id: uuid::Uuid::new_v4().to_string(),
        infraction_id: uuid::Uuid::new_v4().to_string(),
        account_id: pix.account_id.clone(),
        end_to_end_id: Some(e2e.to_owned()),
        refund_id: None,
        request_id: Some(uuid::Uuid::new_v4().to_string()),
        direction: "inbound".into(),
        report_type: kind.into(),
        report_details: details.map(str::to_owned),
        reported_by: "debited_participant".into(),
        status: "pending".into(),
        debited_participant: payer,
        credited_participant: STONE_ISPB.into(),
        created_at: now.iso.clone(),
        expires_at: Ts(now.unix + 7 * DAY).iso(),
        analysis_result: None,
        analysis_details: None,
        accepted_at: None,
        rejected_at: None,
        cancelled_at: None,
        transaction_type: Some("spi".into()),
        transaction_result: Some("settled".into()),
    };
    store.pix_infractions.push(report);
    Ok(&store.pix_infractions[store.pix_infractions.len() - 1])
}

/// Closes a pending report the account received, within its 7 days, as
/// `accepted` or `rejected`.
pub fn close_report(
    store: &mut Store,
    now: &Now,
    account_id: &str,
    id: &str,
    result: &str,
    details: Option<&str>,
) -> Result<(), Refusal> {
    let report = store
        .pix_infractions
        .iter_mut()
        .find(|r| r.id == id && r.account_id == account_id)
        .ok_or_else(Refusal::not_found)?;
    let expired = parse_ts(&report.expires_at).is_some_and(|at| now.unix > at);
    if report.direction != "inbound" || report.status != "pending" || expired {
        return Err(lifecycle::wrong_status(if expired {
            "EXPIRED"
        } else {
            "CLOSED"
        }));
    }
    report.status = "closed".into();
    report.analysis_result = Some(result.to_owned());
    report.analysis_details = details.map(str::to_owned);
    if result == "accepted" {
        report.accepted_at = Some(now.iso.clone());
    } else {
        report.rejected_at = Some(now.iso.clone());
    }
    Ok(())
}
