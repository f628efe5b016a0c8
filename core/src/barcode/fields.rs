//! Small helpers shared by the bank and arrecadação layouts: numbers out of
//! ASCII digits, digits as text, and checking what builders receive.

use super::BarcodeError;

/// The decimal number written by ASCII digits (at most 11 here).
pub(crate) fn number(ascii: &[u8]) -> i64 {
    ascii
        .iter()
        .fold(0i64, |n, &d| n * 10 + i64::from(d.wrapping_sub(b'0')))
}

/// The value of the ASCII digit at `i` (0 past the end: the callers' forms
/// have already fixed the length).
#[inline(always)]
pub(crate) fn digit(d: &[u8], i: usize) -> u8 {
    d.get(i).map_or(0, |b| b.wrapping_sub(b'0'))
}

/// Stored ASCII digits as `&str`. They are always ASCII digits, so the
/// fallback is unreachable in practice; it only avoids a panic path.
pub(crate) fn text(ascii: &[u8]) -> &str {
    std::str::from_utf8(ascii).unwrap_or_default()
}

/// The ASCII digit of a digit value.
pub(crate) fn ascii_digit(value: u8) -> u8 {
    b'0' + value
}

/// A builder field that must be exactly `len` ASCII digits.
pub(crate) fn digit_field<'a>(
    field: &'static str,
    value: &'a str,
    len: usize,
) -> Result<&'a [u8], BarcodeError> {
    if value.len() != len || !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(BarcodeError::InvalidField {
            field,
            reason: format!("expected exactly {len} digits, got {value:?}"),
        });
    }
    Ok(value.as_bytes())
}

/// A non-negative amount written with `len` ASCII digits.
pub(crate) fn amount_field(
    field: &'static str,
    value: i64,
    len: usize,
) -> Result<String, BarcodeError> {
    let max = 10i64.pow(len as u32) - 1;
    if !(0..=max).contains(&value) {
        return Err(BarcodeError::InvalidField {
            field,
            reason: format!("must be between 0 and {max}, got {value}"),
        });
    }
    Ok(format!("{value:0len$}"))
}
