//! CPF (Cadastro de Pessoas Físicas): the 11-digit taxpayer id of a person.

use std::fmt;
use std::str::FromStr;

use super::{
    all_same, ascii_str, check_digit, significant, verify_check_digit, DocumentError, ParseVisitor,
    Significant,
};

/// Weights of the first check digit, over the 9 base digits.
const WEIGHTS_1: [u32; 9] = [10, 9, 8, 7, 6, 5, 4, 3, 2];
/// Weights of the second check digit, over the base and the first check digit.
const WEIGHTS_2: [u32; 10] = [11, 10, 9, 8, 7, 6, 5, 4, 3, 2];

/// A valid CPF. Holding one proves the number passed every check, so APIs can
/// take a `Cpf` instead of re-validating strings.
///
/// Stored as its 11 ASCII digits: `Copy`, no allocation. `Debug` shows the
/// number: a CPF identifies a person but is not a secret.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Cpf([u8; 11]);

impl Cpf {
    /// Parses a CPF, with or without punctuation (`123.456.789-09`,
    /// `12345678909`, ` 123 456 789 09 `).
    ///
    /// Checks, in order: every character is a digit, separator (`.`, `-`,
    /// `/`) or whitespace; there are 11 digits; they are not all the same;
    /// first check digit; second check digit.
    pub fn parse(input: &str) -> Result<Cpf, DocumentError> {
        let Significant { bytes, positions } = significant::<11>(input, 0)?;
        if all_same(&bytes) {
            return Err(DocumentError::RepeatedDigits);
        }
        verify_check_digit(&bytes, &positions, &WEIGHTS_1, 1)?;
        verify_check_digit(&bytes, &positions, &WEIGHTS_2, 2)?;
        Ok(Cpf(bytes))
    }

    /// Builds the CPF whose first 9 digits are `base`, computing the two check
    /// digits (for test data and for systems that store the base alone).
    ///
    /// `base` follows the same input rules as [`Cpf::parse`]; the result is
    /// refused with [`DocumentError::RepeatedDigits`] if all 11 digits come out
    /// the same (`000000000` gives `00000000000`).
    pub fn from_base(base: &str) -> Result<Cpf, DocumentError> {
        let Significant { bytes: base, .. } = significant::<9>(base, 0)?;
        let mut bytes = [0; 11];
        bytes[..9].copy_from_slice(&base);
        bytes[9] = check_digit(&bytes[..9], &WEIGHTS_1);
        bytes[10] = check_digit(&bytes[..10], &WEIGHTS_2);
        if all_same(&bytes) {
            return Err(DocumentError::RepeatedDigits);
        }
        Ok(Cpf(bytes))
    }

    /// The 11 bare digits, e.g. `12345678909`.
    pub fn as_str(&self) -> &str {
        ascii_str(&self.0)
    }

    /// The usual punctuated form, e.g. `123.456.789-09`.
    pub fn formatted(&self) -> String {
        ascii_str(&self.formatted_bytes()).to_owned()
    }

    /// `DDD.DDD.DDD-DD` on the stack, shared by `formatted` and `Display`.
    fn formatted_bytes(&self) -> [u8; 14] {
        let d = &self.0;
        [
            d[0], d[1], d[2], b'.', d[3], d[4], d[5], b'.', d[6], d[7], d[8], b'-', d[9], d[10],
        ]
    }
}

/// True when `input` is a valid CPF, by the rules of [`Cpf::parse`]. Allocates
/// nothing.
pub fn is_valid_cpf(input: &str) -> bool {
    Cpf::parse(input).is_ok()
}

/// The formatted form (`123.456.789-09`); honours width and alignment flags.
impl fmt::Display for Cpf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(ascii_str(&self.formatted_bytes()))
    }
}

impl FromStr for Cpf {
    type Err = DocumentError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        Cpf::parse(input)
    }
}

/// Serializes as the bare digits, the form APIs exchange.
impl serde::Serialize for Cpf {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Deserializes from a string through [`Cpf::parse`] (punctuation accepted).
impl<'de> serde::Deserialize<'de> for Cpf {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(ParseVisitor::new("a CPF string"))
    }
}
