//! The one error type shared by CPF, CNPJ and [`TaxId`](super::TaxId) parsing.

/// Why a CPF or CNPJ was refused.
///
/// Positions count `char`s of the original input (separators and whitespace
/// included), so a UI can highlight the offending character in exactly what the
/// user typed or pasted.
///
/// The enum is `#[non_exhaustive]`: callers that branch on the kind of failure
/// should prefer [`DocumentError::class`], which stays stable when variants are
/// added.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DocumentError {
    /// A character that is neither a separator, whitespace, nor allowed at this
    /// place of the document (letters only fit the first 12 positions of a CNPJ,
    /// and only in uppercase).
    #[error("invalid character {found:?} at position {position}: {}", character_hint(.found))]
    InvalidCharacter {
        /// Index, in `char`s of the input, of the refused character.
        position: usize,
        /// The refused character.
        found: char,
    },

    /// The number of significant characters (separators and whitespace are not
    /// counted) is wrong.
    #[error(
        "expected {expected} digits or letters (separators and whitespace not counted), found {found}"
    )]
    InvalidLength {
        /// How many significant characters the document has.
        expected: usize,
        /// How many significant characters the input had.
        found: usize,
    },

    /// Every digit is the same (e.g. `111.111.111-11`). Such numbers satisfy the
    /// checksum arithmetic but are never issued, and they are the classic
    /// placeholder typed to get past a form, so they are refused.
    #[error("all digits are the same; such numbers are never issued")]
    RepeatedDigits,

    /// A check digit does not match the digits before it: usually a typo.
    #[error(
        "wrong check digit {index} at position {position}: found {found:?}, expected {expected:?}"
    )]
    CheckDigit {
        /// Which check digit failed: 1 (the first) or 2 (the last).
        index: u8,
        /// Index, in `char`s of the input, where that check digit stands.
        position: usize,
        /// The check digit found in the input.
        found: char,
        /// The check digit the preceding characters require.
        expected: char,
    },
}

impl DocumentError {
    /// A stable, machine-friendly name of the failure kind: `"character"`,
    /// `"length"`, `"repeated"` or `"check_digit"` (for logs, metrics, or a
    /// foreign-language binding that cannot match on a Rust enum).
    pub fn class(&self) -> &'static str {
        match self {
            Self::InvalidCharacter { .. } => "character",
            Self::InvalidLength { .. } => "length",
            Self::RepeatedDigits => "repeated",
            Self::CheckDigit { .. } => "check_digit",
        }
    }
}

/// Tells the user what to do about a refused character. Lowercase letters get
/// their own hint because we deliberately refuse them instead of silently
/// uppercasing: a document number is copied, never guessed.
fn character_hint(found: &char) -> &'static str {
    if found.is_ascii_lowercase() {
        "letters must be uppercase (A-Z), and only the first 12 characters of a CNPJ may be letters"
    } else if found.is_ascii_uppercase() {
        "letters are only allowed in the first 12 characters of a CNPJ (never in a CPF or in check digits)"
    } else {
        "only digits, uppercase letters (CNPJ), '.', '-', '/' and whitespace are accepted"
    }
}
