//! Calendar dates as Stone writes them (`yyyy-mm-dd`), for `scheduled_to`,
//! due dates and the calendar. Serde helpers for `Option<time::Date>`.

use serde::{Deserialize, Deserializer, Serializer};
use time::Date;

use crate::barcode::{iso_date, parse_iso_date};

pub fn serialize<S: Serializer>(date: &Option<Date>, serializer: S) -> Result<S::Ok, S::Error> {
    match date {
        Some(d) => serializer.serialize_str(&iso_date(*d)),
        None => serializer.serialize_none(),
    }
}

/// Absent, `null` and `""` are no date; a date-time keeps its date part.
pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Date>, D::Error> {
    let text = Option::<String>::deserialize(deserializer)?;
    match text.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(t) => parse_iso_date(t.get(..10).unwrap_or(t))
            .map(Some)
            .map_err(serde::de::Error::custom),
    }
}

/// Serde helpers for a required `time::Date` (`yyyy-mm-dd`).
pub mod required {
    use serde::{Deserialize, Deserializer, Serializer};
    use time::Date;

    use crate::barcode::{iso_date, parse_iso_date};

    pub fn serialize<S: Serializer>(date: &Date, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&iso_date(*date))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        let text = String::deserialize(deserializer)?;
        parse_iso_date(text.trim()).map_err(serde::de::Error::custom)
    }
}

/// The schema of a date as it crosses to other languages: an ISO
/// `yyyy-mm-dd` string (`datetime.date` in Python).
#[cfg(feature = "schema")]
pub struct IsoDate;

#[cfg(feature = "schema")]
impl schemars::JsonSchema for IsoDate {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "IsoDate".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({"type": "string", "format": "date"})
    }
}
