//! Errors of the barcode engine: one variant per class of fault, so callers
//! (and every language binding) can tell a typo from a tampered amount.

use std::fmt;

/// Which check digit of a barcode or typeable line did not match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CheckDigit {
    /// The general digit that covers the whole barcode (bank: barcode
    /// position 5; arrecadação: position 4).
    General,
    /// A field digit of a bank boleto's typeable line (fields 1 to 3).
    Field(u8),
    /// A block digit of an arrecadação typeable line (blocks 1 to 4).
    Block(u8),
}

impl CheckDigit {
    /// A stable machine name: `general`, `field1`..`field3`, `block1`..`block4`.
    pub fn name(self) -> &'static str {
        match self {
            CheckDigit::General => "general",
            CheckDigit::Field(1) => "field1",
            CheckDigit::Field(2) => "field2",
            CheckDigit::Field(_) => "field3",
            CheckDigit::Block(1) => "block1",
            CheckDigit::Block(2) => "block2",
            CheckDigit::Block(3) => "block3",
            CheckDigit::Block(_) => "block4",
        }
    }
}

impl fmt::Display for CheckDigit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CheckDigit::General => f.write_str("general check digit"),
            CheckDigit::Field(n) => write!(f, "check digit of field {n}"),
            CheckDigit::Block(n) => write!(f, "check digit of block {n}"),
        }
    }
}

/// Why an input is not a valid boleto or arrecadação barcode/line.
///
/// Positions are 0-based indexes of Unicode characters in the caller's input
/// (separators included), so a UI can highlight the offending character.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BarcodeError {
    /// A character that is neither an ASCII digit nor a separator
    /// (whitespace, `.`, `-`).
    #[error("invalid character {found:?} at position {position}: only digits, spaces, '.' and '-' are allowed")]
    InvalidCharacter { position: usize, found: char },
    /// Not 44 digits (barcode), 47 digits not starting with 8 (bank line) nor
    /// 48 digits starting with 8 (arrecadação line).
    #[error("{}", length_message(*digits))]
    InvalidLength { digits: usize },
    /// A bank boleto whose currency code is not 9 (real).
    #[error("unknown currency code {found} at position {position}: boletos in reais use 9")]
    UnknownCurrency { position: usize, found: u8 },
    /// An arrecadação value-type digit other than 6, 7, 8 or 9.
    #[error("unknown value type {found} at position {position}: arrecadação value types are 6, 7, 8 and 9")]
    UnknownValueType { position: usize, found: u8 },
    /// An arrecadação segment 0 or 8.
    #[error(
        "unknown segment {found} at position {position}: arrecadação segments are 1 to 7 and 9"
    )]
    UnknownSegment { position: usize, found: u8 },
    /// A check digit that does not match the digits it protects.
    #[error("wrong {digit} at position {position}: found {found}, expected {expected}")]
    CheckDigit {
        digit: CheckDigit,
        position: usize,
        found: u8,
        expected: u8,
    },
    /// A field given to a builder is out of range or malformed.
    #[error("invalid {field}: {reason}")]
    InvalidField { field: &'static str, reason: String },
}

fn length_message(digits: usize) -> String {
    match digits {
        47 => "47 digits starting with 8: an arrecadação line has 48 digits".to_owned(),
        48 => "48 digits not starting with 8: a bank boleto line has 47 digits".to_owned(),
        1 => "1 digit: expected a 44-digit barcode, a 47-digit boleto line or a 48-digit arrecadação line".to_owned(),
        n => format!(
            "{n} digits: expected a 44-digit barcode, a 47-digit boleto line or a 48-digit arrecadação line"
        ),
    }
}

impl BarcodeError {
    /// The stable class name shared by every binding and by the test vectors:
    /// `character`, `length`, `currency`, `value_type`, `segment`,
    /// `check_digit` or `field`.
    pub fn class(&self) -> &'static str {
        match self {
            BarcodeError::InvalidCharacter { .. } => "character",
            BarcodeError::InvalidLength { .. } => "length",
            BarcodeError::UnknownCurrency { .. } => "currency",
            BarcodeError::UnknownValueType { .. } => "value_type",
            BarcodeError::UnknownSegment { .. } => "segment",
            BarcodeError::CheckDigit { .. } => "check_digit",
            BarcodeError::InvalidField { .. } => "field",
        }
    }

    /// The 0-based character position the error points at, when it has one.
    pub fn position(&self) -> Option<usize> {
        match self {
            BarcodeError::InvalidCharacter { position, .. }
            | BarcodeError::UnknownCurrency { position, .. }
            | BarcodeError::UnknownValueType { position, .. }
            | BarcodeError::UnknownSegment { position, .. }
            | BarcodeError::CheckDigit { position, .. } => Some(*position),
            _ => None,
        }
    }

    /// The checks run on digit indexes (separators already stripped); this
    /// turns such an index into the character position in the caller's
    /// input. Only ever called on the error path, so it may rescan.
    pub(crate) fn at_input_position(mut self, input: &str) -> Self {
        let digit_index = match &mut self {
            BarcodeError::UnknownCurrency { position, .. }
            | BarcodeError::UnknownValueType { position, .. }
            | BarcodeError::UnknownSegment { position, .. }
            | BarcodeError::CheckDigit { position, .. } => position,
            _ => return self,
        };
        if let Some(pos) = input
            .chars()
            .enumerate()
            .filter(|(_, c)| c.is_ascii_digit())
            .nth(*digit_index)
            .map(|(i, _)| i)
        {
            *digit_index = pos;
        }
        self
    }
}
