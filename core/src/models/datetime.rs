//! Date-times as Stone sends them. The docs promise ISO 8601 in UTC with
//! `Z`; real payloads also carry fractional seconds, offsets and naive
//! timestamps (SPEC §5.3). Naive ones are read as UTC, as Stone always
//! sends UTC.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{OffsetDateTime, PrimitiveDateTime};

/// A UTC instant from Stone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateTime(pub OffsetDateTime);

impl DateTime {
    pub fn parse(text: &str) -> Option<Self> {
        if let Ok(t) = OffsetDateTime::parse(text, &Rfc3339) {
            return Some(DateTime(t));
        }
        let naive = format_description!(
            "[year]-[month]-[day]T[hour]:[minute]:[second][optional [.[subsecond]]]"
        );
        PrimitiveDateTime::parse(text, naive)
            .ok()
            .map(|t| DateTime(t.assume_utc()))
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.format(&Rfc3339) {
            Ok(text) => f.write_str(&text),
            Err(_) => write!(f, "{:?}", self.0),
        }
    }
}

impl<'de> Deserialize<'de> for DateTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        DateTime::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("not a date-time: {text:?}")))
    }
}

impl Serialize for DateTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_string())
    }
}

/// A date-time crosses to other languages as RFC 3339 text
/// (`datetime.datetime` in Python).
#[cfg(feature = "schema")]
impl schemars::JsonSchema for DateTime {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "DateTime".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({"type": "string", "format": "date-time"})
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_stone_sends() {
        for text in [
            "2018-11-06T22:10:00Z",
            "2022-02-10T23:59:11.984877Z",
            "2020-09-09T20:15:00.358Z",
            "2020-08-11T12:39:53.659803",
            "2021-06-04T13:02:27",
            "2021-06-04T10:02:27-03:00",
        ] {
            assert!(DateTime::parse(text).is_some(), "{text}");
        }
        assert!(DateTime::parse("20200-09-18T03:00:00Z").is_none());
        assert_eq!(
            DateTime::parse("2021-06-04T10:02:27-03:00"),
            DateTime::parse("2021-06-04T13:02:27Z")
        );
    }
}
