//! Why a payload is not a valid BR Code, or a key not a valid Pix key.

use super::KeyType;

/// A fault in a BR Code, a charge to encode, or a Pix key.
///
/// Positions are 0-based indexes of characters in the caller's input
/// (leading whitespace included), so a UI can point at the fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PixError {
    /// Not a TLV payload ending in a CRC element: a bad id or length, a
    /// value running past the end, a character that is not printable ASCII.
    #[error("not a BR Code: {reason} (position {position})")]
    Structure { position: usize, reason: String },
    /// The CRC element does not match the payload before it.
    #[error("wrong CRC at position {position}: found {found}, expected {expected}")]
    Crc {
        position: usize,
        found: String,
        expected: String,
    },
    /// A field breaks a rule of the BCB manual (or, for [`super::Charge`],
    /// would). `id` is the EMV id path (`59`, `26.01`); `position` is where
    /// its value starts in the input (none when encoding).
    #[error("{}", field_message(field, id, *position, reason))]
    Field {
        field: &'static str,
        id: &'static str,
        position: Option<usize>,
        reason: String,
    },
    /// Not a valid Pix key; `key_type` is the type the input looked like,
    /// when it looked like one.
    #[error("invalid Pix key: {reason}")]
    Key {
        key_type: Option<KeyType>,
        reason: String,
    },
}

fn field_message(field: &str, id: &str, position: Option<usize>, reason: &str) -> String {
    match position {
        Some(p) => format!("invalid {field} (id {id}) at position {p}: {reason}"),
        None => format!("invalid {field} (id {id}): {reason}"),
    }
}

impl PixError {
    /// The class the shared vectors use: `structure`, `crc`, `field` or `key`.
    pub fn class(&self) -> &'static str {
        match self {
            PixError::Structure { .. } => "structure",
            PixError::Crc { .. } => "crc",
            PixError::Field { .. } => "field",
            PixError::Key { .. } => "key",
        }
    }

    /// Where in the input the fault is, when it is in an input.
    pub fn position(&self) -> Option<usize> {
        match self {
            PixError::Structure { position, .. } | PixError::Crc { position, .. } => {
                Some(*position)
            }
            PixError::Field { position, .. } => *position,
            PixError::Key { .. } => None,
        }
    }

    pub(crate) fn field(
        field: &'static str,
        id: &'static str,
        position: Option<usize>,
        reason: impl Into<String>,
    ) -> PixError {
        PixError::Field {
            field,
            id,
            position,
            reason: reason.into(),
        }
    }
}

/// The one JSON shape of a Pix error, used by the CLI and the bindings:
/// `{"class", "message", ...}` plus `position`, `field`, `id`, `found`,
/// `expected`, `key_type` when they apply.
impl serde::Serialize for PixError {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("class", self.class())?;
        map.serialize_entry("message", &self.to_string())?;
        if let Some(p) = self.position() {
            map.serialize_entry("position", &p)?;
        }
        match self {
            PixError::Crc {
                found, expected, ..
            } => {
                map.serialize_entry("found", found)?;
                map.serialize_entry("expected", expected)?;
            }
            PixError::Field { field, id, .. } => {
                map.serialize_entry("field", field)?;
                map.serialize_entry("id", id)?;
            }
            PixError::Key { key_type, .. } => map.serialize_entry("key_type", key_type)?,
            PixError::Structure { .. } => {}
        }
        map.end()
    }
}
