//! Pix infraction reports (MED, SPEC §6.13.6): what other participants
//! reported about this account's Pix, and the account's analysis of each
//! (within 7 days). Stone's list takes `range`, `sort` and `filter` as JSON
//! in the query and answers a bare array.

use serde_json::{json, Map, Value};

use super::transport::{decode, Method};
use super::validate::{at_most, invalid, one_of, path_id};
use super::{url, Client, Error};
use crate::models::{PixInfractionFilter, PixInfractionReport};

impl PixInfractionFilter {
    fn query(&self) -> Result<String, Error> {
        one_of(
            "type",
            self.report_type.as_deref(),
            &["fraud", "request_refund", "refund_cancelled"],
        )?;
        one_of(
            "direction",
            self.direction.as_deref(),
            &["inbound", "outbound"],
        )?;
        one_of(
            "reported_by",
            self.reported_by.as_deref(),
            &["debited_participant", "credited_participant"],
        )?;
        one_of(
            "analysis_result",
            self.analysis_result.as_deref(),
            &["accepted", "rejected"],
        )?;
        one_of(
            "sort_by",
            self.sort_by.as_deref(),
            &["created_at", "expires_at"],
        )?;
        let limit = self.limit.unwrap_or(100);
        if !(1..=1000).contains(&limit) {
            return Err(invalid("limit", "must be 1 to 1000"));
        }
        let start = u64::from(self.offset.unwrap_or(0));
        let mut filter = Map::new();
        for (name, value) in [
            ("type", &self.report_type),
            ("status", &self.status),
            ("direction", &self.direction),
            ("reported_by", &self.reported_by),
            ("analysis_result", &self.analysis_result),
            ("end_to_end_id", &self.end_to_end_id),
            ("refund_id", &self.refund_id),
        ] {
            if let Some(v) = value {
                filter.insert(name.into(), json!(v));
            }
        }
        let sort = json!([
            self.sort_by.as_deref().unwrap_or("created_at"),
            if self.ascending { "ASC" } else { "DESC" }
        ]);
        Ok(format!(
            "?range={}&sort={}&filter={}",
            url::encode(&format!("[{start},{}]", start + u64::from(limit) - 1)),
            url::encode(&sort.to_string()),
            url::encode(&Value::Object(filter).to_string()),
        ))
    }
}

impl Client {
    /// The infraction reports about the account's Pix, as the filter asks.
    pub async fn pix_infraction_reports(
        &self,
        account_id: &str,
        filter: &PixInfractionFilter,
    ) -> Result<Vec<PixInfractionReport>, Error> {
        path_id("account_id", account_id)?;
        let query = filter.query()?;
        decode(
            &self
                .send_bytes_as(
                    Method::Get,
                    &format!("/api/v1/pix/{account_id}/infractions_reports{query}"),
                    None,
                    None,
                    Some(account_id),
                )
                .await?,
        )
    }

    /// Closes a pending report the account received (`direction:
    /// inbound`), within its 7 days: `accepted` or `rejected`, with the
    /// analysis (at most 2,000 characters).
    pub async fn close_pix_infraction_report(
        &self,
        account_id: &str,
        report_id: &str,
        analysis_result: &str,
        analysis_details: Option<&str>,
    ) -> Result<(), Error> {
        path_id("account_id", account_id)?;
        path_id("report_id", report_id)?;
        one_of(
            "analysis_result",
            Some(analysis_result),
            &["accepted", "rejected"],
        )?;
        let mut body = json!({});
        if let Some(d) = analysis_details {
            at_most("analysis_details", d, 2000)?;
            body["analysis_details"] = json!(d);
        }
        self.send_bytes_as(
            Method::Post,
            &format!(
                "/api/v1/pix/{account_id}/infractions_reports/{report_id}/actions/{analysis_result}"
            ),
            Some(&body),
            None,
            Some(account_id),
        )
        .await
        .map(|_| ())
    }
}
