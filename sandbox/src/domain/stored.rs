//! One serialization per record. A record derives `Serialize` and
//! `Deserialize` once: the API shows it as Stone does, and the `--db` file
//! keeps it whole. The fields Stone does not show (an operation's kind, an
//! invoice's terms as dates, a charge's expiry instant) carry
//! `#[serde(skip_serializing_if = "stored::hidden")]`: left out of API
//! answers, written when [`row`] saves the record. Fields computed from
//! others (an account's views as counterparty) carry
//! `skip_serializing_if = "stored::derived"` and are rebuilt at load.
//!
//! Why a flag rather than two derives: a second struct per record, field
//! by field, is the hand-written mirror this replaces, and it drifted from
//! the record each time a field was added.

use serde::de::DeserializeOwned;
use serde::Serialize;
use std::cell::Cell;

thread_local! {
    static STORING: Cell<bool> = const { Cell::new(false) };
}

/// `skip_serializing_if` of a field the API does not show but the file
/// keeps.
pub fn hidden<T: ?Sized>(_: &T) -> bool {
    !STORING.with(Cell::get)
}

/// `skip_serializing_if` of a field the API shows but the file does not
/// keep (it is rebuilt from the others when the record is loaded).
pub fn derived<T: ?Sized>(_: &T) -> bool {
    STORING.with(Cell::get)
}

/// Resets the flag even if a serializer panics.
pub(crate) struct Storing;

impl Drop for Storing {
    fn drop(&mut self) {
        STORING.with(|s| s.set(false));
    }
}

/// The record as the file keeps it: every field, one JSON text.
pub fn row<T: Serialize + ?Sized>(record: &T) -> String {
    STORING.with(|s| s.set(true));
    let _reset = Storing;
    // Our own types always serialise; an empty row would fail at load,
    // loudly, rather than pass for a record.
    serde_json::to_string(record).unwrap_or_default()
}

/// A record back from its row.
pub fn parse<T: DeserializeOwned>(row: &str) -> Result<T, String> {
    serde_json::from_str(row).map_err(|e| format!("stored row: {e}"))
}

/// `time::Date` as `yyyy-mm-dd`, as the rest of the API writes days.
pub mod date {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(d: &time::Date, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&stone_openbank::barcode::iso_date(*d))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<time::Date, D::Error> {
        let text = String::deserialize(d)?;
        stone_openbank::barcode::parse_iso_date(&text).map_err(serde::de::Error::custom)
    }

    /// The same for `Option<time::Date>`.
    pub mod option {
        use serde::{Deserialize, Deserializer, Serializer};

        pub fn serialize<S: Serializer>(d: &Option<time::Date>, s: S) -> Result<S::Ok, S::Error> {
            match d {
                Some(d) => super::serialize(d, s),
                None => s.serialize_none(),
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(
            d: D,
        ) -> Result<Option<time::Date>, D::Error> {
            Option::<String>::deserialize(d)?
                .map(|text| {
                    stone_openbank::barcode::parse_iso_date(&text).map_err(serde::de::Error::custom)
                })
                .transpose()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Serialize, serde::Deserialize)]
    struct Record {
        shown: i64,
        #[serde(skip_serializing_if = "hidden")]
        kept: i64,
        #[serde(skip_serializing_if = "derived", default)]
        computed: i64,
    }

    #[test]
    fn the_api_and_the_file_see_different_fields_of_one_derive() {
        let r = Record {
            shown: 1,
            kept: 2,
            computed: 3,
        };
        assert_eq!(
            serde_json::to_string(&r).unwrap(),
            r#"{"shown":1,"computed":3}"#
        );
        let saved = row(&r);
        assert_eq!(saved, r#"{"shown":1,"kept":2}"#);
        // The flag is off again: the next API answer hides `kept`.
        assert_eq!(
            serde_json::to_string(&r).unwrap(),
            r#"{"shown":1,"computed":3}"#
        );
        let back: Record = parse(&saved).unwrap();
        assert_eq!((back.shown, back.kept, back.computed), (1, 2, 0));
    }

    #[test]
    fn a_row_missing_a_kept_field_is_refused_not_defaulted() {
        assert!(parse::<Record>(r#"{"shown":1}"#).is_err());
    }
}
