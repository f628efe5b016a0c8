//! Input normalisation: from whatever the user typed or pasted to the bare
//! ASCII digits, without allocating (the hot path of `is_valid`).

use super::checksum::{load8, low_lanes};
use super::BarcodeError;

/// The most digits any accepted form has (the arrecadação line).
pub(crate) const MAX_DIGITS: usize = 48;

/// The digits of an input: the input itself when it is bare digits (most
/// calls: nothing is copied), else the digits gathered from between its
/// separators.
pub(crate) enum Digits<'a> {
    Bare(&'a [u8]),
    Gathered([u8; MAX_DIGITS], usize),
}

impl Digits<'_> {
    /// The ASCII digits, separators removed.
    pub(crate) fn as_slice(&self) -> &[u8] {
        match self {
            Digits::Bare(d) => d,
            Digits::Gathered(buf, len) => buf.get(..*len).unwrap_or_default(),
        }
    }
}

/// Separators people use when they print or type a line: any whitespace
/// (a pasted line often carries non-breaking spaces from PDFs), `.` and `-`.
fn is_separator(c: char) -> bool {
    c == '.' || c == '-' || c.is_whitespace()
}

/// Strips separators; anything else that is not an ASCII digit is an error,
/// never silently dropped (a letter in a line means a misread, not noise).
/// More than 48 digits is a length error, after every character was checked.
pub(crate) fn extract(input: &str) -> Result<Digits<'_>, BarcodeError> {
    let bytes = input.as_bytes();
    if matches!(bytes.len(), 44 | 47 | 48) && all_digits(bytes) {
        return Ok(Digits::Bare(bytes));
    }
    let mut buf = [0u8; MAX_DIGITS];
    let mut len = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_digit() {
            if let Some(slot) = buf.get_mut(len) {
                *slot = b;
            }
            len += 1;
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
    if len > MAX_DIGITS {
        return Err(BarcodeError::InvalidLength { digits: len });
    }
    Ok(Digits::Gathered(buf, len))
}

/// Whether 44–48 bytes are all ASCII digits, eight at a time: after
/// subtracting '0' a lane is a digit iff it is below 10, i.e. adding 0x76
/// leaves its top bit clear (and it had none). A borrow or carry between
/// lanes only starts at a lane that is already out of range and only moves
/// up, so the verdict stays exact.
fn all_digits(bytes: &[u8]) -> bool {
    const LANES: u64 = 0x0101_0101_0101_0101;
    let mut bad = 0u64;
    let mut s = 0;
    while s < bytes.len() {
        let v = load8(bytes, s).wrapping_sub(0x30 * LANES);
        bad |= (v.wrapping_add(0x76 * LANES) | v) & (0x80 * LANES) & low_lanes(bytes.len() - s);
        s += 8;
    }
    bad == 0
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
