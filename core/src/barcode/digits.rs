//! Input normalisation: from whatever the user typed or pasted to the bare
//! digit values, without allocating (the hot path of `is_valid`).

use super::BarcodeError;

/// The most digits any accepted form has (the arrecadação line).
pub(crate) const MAX_DIGITS: usize = 48;

/// Digit values (0–9, not ASCII) of an input, and how many digits it had.
/// `len` may exceed [`MAX_DIGITS`]: extra digits are counted, not stored,
/// so an over-long input still reports its true length.
pub(crate) struct Digits {
    buf: [u8; MAX_DIGITS],
    len: usize,
}

impl Digits {
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// The stored digits; only meaningful once the length was checked.
    pub(crate) fn values(&self) -> &[u8] {
        &self.buf[..self.len.min(MAX_DIGITS)]
    }
}

/// Separators people use when they print or type a line: any whitespace
/// (a pasted line often carries non-breaking spaces from PDFs), `.` and `-`.
fn is_separator(c: char) -> bool {
    c == '.' || c == '-' || c.is_whitespace()
}

/// Strips separators; anything else that is not an ASCII digit is an error,
/// never silently dropped (a letter in a line means a misread, not noise).
pub(crate) fn extract(input: &str) -> Result<Digits, BarcodeError> {
    let mut digits = Digits {
        buf: [0; MAX_DIGITS],
        len: 0,
    };
    let bytes = input.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_digit() {
            if digits.len < MAX_DIGITS {
                digits.buf[digits.len] = b - b'0';
            }
            digits.len += 1;
            i += 1;
        } else if b.is_ascii() {
            if !is_separator(b as char) {
                return Err(invalid_character(input, i));
            }
            i += 1;
        } else {
            // Multi-byte UTF-8: only Unicode whitespace is a separator.
            match input.get(i..).and_then(|rest| rest.chars().next()) {
                Some(c) if c.is_whitespace() => i += c.len_utf8(),
                _ => return Err(invalid_character(input, i)),
            }
        }
    }
    Ok(digits)
}

#[cold]
fn invalid_character(input: &str, byte_index: usize) -> BarcodeError {
    let position = input
        .get(..byte_index)
        .map_or(byte_index, |head| head.chars().count());
    let found = input
        .get(byte_index..)
        .and_then(|rest| rest.chars().next())
        .unwrap_or('\u{FFFD}');
    BarcodeError::InvalidCharacter { position, found }
}
