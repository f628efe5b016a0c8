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
