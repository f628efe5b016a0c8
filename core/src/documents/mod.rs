//! Brazilian taxpayer ids: CPF (people) and CNPJ (companies, including the
//! alphanumeric CNPJ issued from July 2026).
//!
//! Parsing is strict on content and lenient on presentation: the separators
//! `.`, `-`, `/` and any Unicode whitespace are ignored, because users paste
//! numbers formatted in every way; anything else is an error, never silently
//! dropped or corrected, because a wrong document number sent to a bank is
//! worse than a form that asks again.
//!
//! Checks run in a fixed order (character, length, repeated digits, first check
//! digit, second check digit) so the reported error is predictable.

mod cnpj;
mod cpf;
mod error;

use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

pub use cnpj::{is_valid_cnpj, Cnpj};
pub use cpf::{is_valid_cpf, Cpf};
pub use error::DocumentError;

/// Either kind of Brazilian taxpayer id, for fields that accept both (payer or
/// beneficiary documents, account holders).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum TaxId {
    /// A person's CPF.
    Cpf(Cpf),
    /// A company's CNPJ.
    Cnpj(Cnpj),
}

impl TaxId {
    /// Parses a CPF or a CNPJ, chosen by the number of significant characters
    /// (everything but separators and whitespace): 11 is a CPF, 14 a CNPJ.
    ///
    /// For any other count the input is still scanned for characters no
    /// document accepts (so a stray `#` is reported before the length), then
    /// [`DocumentError::InvalidLength`] names the closest document: 14 when
    /// more than 11 characters were given, 11 otherwise.
    pub fn parse(input: &str) -> Result<TaxId, DocumentError> {
        let count = input.chars().filter(|&c| !is_separator(c)).count();
        match count {
            11 => Cpf::parse(input).map(TaxId::Cpf),
            14 => Cnpj::parse(input).map(TaxId::Cnpj),
            _ => {
                // We cannot know which document was meant, so refuse only what
                // neither would accept.
                for (position, found) in input.chars().enumerate() {
                    let accepted =
                        is_separator(found) || found.is_ascii_digit() || found.is_ascii_uppercase();
                    if !accepted {
                        return Err(DocumentError::InvalidCharacter { position, found });
                    }
                }
                let expected = if count > 11 { 14 } else { 11 };
                Err(DocumentError::InvalidLength {
                    expected,
                    found: count,
                })
            }
        }
    }

    /// The bare characters, without separators.
    pub fn as_str(&self) -> &str {
        match self {
            TaxId::Cpf(cpf) => cpf.as_str(),
            TaxId::Cnpj(cnpj) => cnpj.as_str(),
        }
    }

    /// The usual punctuated form (`123.456.789-09` or `12.ABC.345/01DE-35`).
    pub fn formatted(&self) -> String {
        match self {
            TaxId::Cpf(cpf) => cpf.formatted(),
            TaxId::Cnpj(cnpj) => cnpj.formatted(),
        }
    }

    /// `"cpf"` or `"cnpj"`: the document type as APIs usually name it.
    pub fn kind(&self) -> &'static str {
        match self {
            TaxId::Cpf(_) => "cpf",
            TaxId::Cnpj(_) => "cnpj",
        }
    }
}

impl From<Cpf> for TaxId {
    fn from(cpf: Cpf) -> Self {
        TaxId::Cpf(cpf)
    }
}

impl From<Cnpj> for TaxId {
    fn from(cnpj: Cnpj) -> Self {
        TaxId::Cnpj(cnpj)
    }
}

impl FromStr for TaxId {
    type Err = DocumentError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        TaxId::parse(input)
    }
}

/// Same as [`TaxId::formatted`], without allocating.
impl fmt::Display for TaxId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TaxId::Cpf(cpf) => fmt::Display::fmt(cpf, f),
            TaxId::Cnpj(cnpj) => fmt::Display::fmt(cnpj, f),
        }
    }
}

impl serde::Serialize for TaxId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for TaxId {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(ParseVisitor::new("a CPF or CNPJ string"))
    }
}

// ---------------------------------------------------------------------------
// Helpers shared by `cpf` and `cnpj`.
// ---------------------------------------------------------------------------

/// Characters users type or paste around the significant ones.
fn is_separator(c: char) -> bool {
    matches!(c, '.' | '-' | '/') || c.is_whitespace()
}

/// The significant characters of an input, as ASCII bytes, and where each one
/// stood in the input (in `char`s), so errors can point back at it.
struct Significant<const N: usize> {
    bytes: [u8; N],
    positions: [usize; N],
}

/// Extracts exactly `N` significant characters from `input`.
///
/// Digits are always accepted; uppercase ASCII letters only among the first
/// `letters_before` significant characters (0 for a CPF, 12 for a CNPJ). The
/// whole input is scanned for a bad character before the length is judged,
/// because "you typed a letter" is more useful than "wrong length" when both
/// hold. Nothing is allocated.
fn significant<const N: usize>(
    input: &str,
    letters_before: usize,
) -> Result<Significant<N>, DocumentError> {
    let mut out = Significant {
        bytes: [b'0'; N],
        positions: [0; N],
    };
    let mut count = 0;
    for (position, found) in input.chars().enumerate() {
        if is_separator(found) {
            continue;
        }
        let allowed =
            found.is_ascii_digit() || (found.is_ascii_uppercase() && count < letters_before);
        if !allowed {
            return Err(DocumentError::InvalidCharacter { position, found });
        }
        // Past N we keep counting (for the length error) but have nowhere to
        // store, which is fine: the input is refused below.
        if let (Some(byte), Some(pos)) = (out.bytes.get_mut(count), out.positions.get_mut(count)) {
            // `found` is ASCII, checked just above, so the cast is lossless.
            *byte = found as u8;
            *pos = position;
        }
        count += 1;
    }
    if count != N {
        return Err(DocumentError::InvalidLength {
            expected: N,
            found: count,
        });
    }
    Ok(out)
}

/// True when all characters are the same; such numbers pass the checksum but
/// are placeholders, never issued.
fn all_same(bytes: &[u8]) -> bool {
    bytes.windows(2).all(|pair| pair[0] == pair[1])
}

/// The mod-11 check digit (as an ASCII digit) of `chars` under `weights`.
///
/// A character's value is its ASCII code minus 48, the rule the Receita
/// Federal chose for the alphanumeric CNPJ: digits keep their value and
/// letters get 17 ('A') to 42 ('Z'), so numeric documents are unaffected.
/// Remainders 0 and 1 both give check digit 0, because 11 - r must stay a
/// single digit (a known blind spot of the scheme, not ours to fix).
fn check_digit(chars: &[u8], weights: &[u32]) -> u8 {
    debug_assert_eq!(chars.len(), weights.len());
    let sum: u32 = chars
        .iter()
        .zip(weights)
        .map(|(&c, &w)| u32::from(c - b'0') * w)
        .sum();
    match sum % 11 {
        0 | 1 => b'0',
        // 11 - r is 2..=9 here, so it is one digit.
        r => b'0' + (11 - r) as u8,
    }
}

/// Compares the check digit at `bytes[weights.len()]` with the one computed
/// from the characters before it.
fn verify_check_digit(
    bytes: &[u8],
    positions: &[usize],
    weights: &[u32],
    index: u8,
) -> Result<(), DocumentError> {
    let at = weights.len();
    let expected = check_digit(&bytes[..at], weights);
    if bytes[at] == expected {
        Ok(())
    } else {
        Err(DocumentError::CheckDigit {
            index,
            position: positions[at],
            found: char::from(bytes[at]),
            expected: char::from(expected),
        })
    }
}

/// The stored bytes as text. They are validated ASCII by construction, so the
/// conversion cannot fail; the empty fallback only exists because this crate
/// forbids both `unsafe` and panicking paths.
fn ascii_str(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).unwrap_or_default()
}

/// Deserializes any of the document types from a string through its strict
/// `FromStr`, so a JSON payload cannot smuggle in an unchecked document. The
/// serde error carries the [`DocumentError`] message.
struct ParseVisitor<T> {
    expecting: &'static str,
    target: PhantomData<T>,
}

impl<T> ParseVisitor<T> {
    fn new(expecting: &'static str) -> Self {
        ParseVisitor {
            expecting,
            target: PhantomData,
        }
    }
}

impl<T> serde::de::Visitor<'_> for ParseVisitor<T>
where
    T: FromStr<Err = DocumentError>,
{
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<T, E> {
        value.parse().map_err(E::custom)
    }
}
