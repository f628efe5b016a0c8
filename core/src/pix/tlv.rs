//! The EMV TLV layer: a 2-digit id, a 2-digit length (01–99), the value.

use super::PixError;

/// An element kept as read: templates the rules do not interpret (ids
/// 80–99 and any other id), so a decoded code can be re-encoded whole.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Template {
    /// The 2-digit id.
    pub id: String,
    /// The value as written.
    pub value: String,
}

/// One element: its id, its value and where the value starts in the input.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Element<'a> {
    pub id: u8,
    pub value: &'a str,
    pub position: usize,
}

pub(crate) fn two_digits(bytes: &[u8]) -> Option<u8> {
    match bytes {
        [a @ b'0'..=b'9', b @ b'0'..=b'9'] => Some((a - b'0') * 10 + (b - b'0')),
        _ => None,
    }
}

/// Reads `text` (which starts at `offset` in the caller's input) as TLV
/// elements, calling `each` for every one. The text must be consumed
/// exactly. `what` names the level for errors.
pub(crate) fn read<'a>(
    text: &'a str,
    offset: usize,
    mut each: impl FnMut(Element<'a>) -> Result<(), PixError>,
) -> Result<(), TlvFault> {
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let Some(header) = bytes.get(at..at + 4) else {
            return Err(TlvFault::Structure(
                offset + at,
                "an element needs a 2-digit id and a 2-digit length".into(),
            ));
        };
        let Some(id) = two_digits(&header[..2]) else {
            return Err(TlvFault::Structure(
                offset + at,
                "an id must be 2 digits".into(),
            ));
        };
        let len = match two_digits(&header[2..]) {
            Some(0) => {
                return Err(TlvFault::Structure(
                    offset + at + 2,
                    format!("element {id:02} has length 00 (lengths are 01 to 99)"),
                ))
            }
            Some(n) => usize::from(n),
            None => {
                return Err(TlvFault::Structure(
                    offset + at + 2,
                    format!("the length of element {id:02} must be 2 digits"),
                ))
            }
        };
        let start = at + 4;
        let Some(value) = text.get(start..start + len) else {
            return Err(TlvFault::Structure(
                offset + at,
                format!(
                    "element {id:02} says {len} characters but only {} remain",
                    bytes.len() - start
                ),
            ));
        };
        each(Element {
            id,
            value,
            position: offset + start,
        })
        .map_err(TlvFault::Inner)?;
        at = start + len;
    }
    Ok(())
}

/// A TLV fault: the structure itself, or an error raised by the callback.
pub(crate) enum TlvFault {
    Structure(usize, String),
    Inner(PixError),
}

/// Appends one element (the caller checked `value` is 1–99 ASCII characters).
pub(crate) fn write(out: &mut String, id: u8, value: &str) {
    let len = value.len();
    out.push(char::from(b'0' + id / 10));
    out.push(char::from(b'0' + id % 10));
    // Lengths above 99 are refused before writing.
    out.push(char::from(b'0' + (len / 10 % 10) as u8));
    out.push(char::from(b'0' + (len % 10) as u8));
    out.push_str(value);
}
