//! Small helpers shared by the bank and arrecadação layouts: reading numbers
//! out of digit values, turning digit values into text, and checking the
//! digit strings that builders receive.

use super::BarcodeError;

/// The decimal number written by `digits` (at most 11 here, so no overflow).
pub(crate) fn number(digits: &[u8]) -> i64 {
    digits.iter().fold(0i64, |n, &d| n * 10 + i64::from(d))
}

/// The decimal number written by stored ASCII digits.
pub(crate) fn ascii_number(ascii: &[u8]) -> i64 {
    ascii
        .iter()
        .fold(0i64, |n, &d| n * 10 + i64::from(d.wrapping_sub(b'0')))
}

/// Digit values to ASCII, for storage as text.
pub(crate) fn ascii<const N: usize>(values: &[u8; N]) -> [u8; N] {
    values.map(|d| d + b'0')
}

/// Stored ASCII digits as `&str`. They are always ASCII digits, so the
/// fallback is unreachable in practice; it only avoids a panic path.
pub(crate) fn text(ascii: &[u8]) -> &str {
    std::str::from_utf8(ascii).unwrap_or_default()
}

/// A builder field that must be exactly `len` ASCII digits; returns values.
pub(crate) fn digit_field(
    field: &'static str,
    value: &str,
    len: usize,
) -> Result<Vec<u8>, BarcodeError> {
    if value.len() != len || !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(BarcodeError::InvalidField {
            field,
            reason: format!("expected exactly {len} digits, got {value:?}"),
        });
    }
    Ok(value.bytes().map(|b| b - b'0').collect())
}

/// A non-negative amount written with `len` digits, as digit values.
pub(crate) fn amount_field(
    field: &'static str,
    value: i64,
    len: usize,
) -> Result<Vec<u8>, BarcodeError> {
    let max = 10i64.pow(len as u32) - 1;
    if !(0..=max).contains(&value) {
        return Err(BarcodeError::InvalidField {
            field,
            reason: format!("must be between 0 and {max} centavos, got {value}"),
        });
    }
    Ok(format!("{value:0len$}").bytes().map(|b| b - b'0').collect())
}
