//! CNPJ (Cadastro Nacional da Pessoa Jurídica): the 14-character taxpayer id
//! of a company, numeric or, from July 2026, alphanumeric.

use std::fmt;
use std::str::FromStr;

use super::{
    all_same, ascii_str, check_digit, significant, verify_check_digit, DocumentError, ParseVisitor,
    Significant,
};

/// Letters are allowed in the 12 base positions (8 of root, 4 of branch);
/// the two check digits are always digits.
const BASE_LEN: usize = 12;

/// Weights of the first check digit, over the 12 base characters.
const WEIGHTS_1: [u32; 12] = [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
/// Weights of the second check digit, over the base and the first check digit.
const WEIGHTS_2: [u32; 13] = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];

/// A valid CNPJ, numeric (`11.222.333/0001-81`) or alphanumeric
/// (`12.ABC.345/01DE-35`).
///
/// Stored as its 14 ASCII characters (digits and uppercase letters): `Copy`,
/// no allocation. `Debug` shows the number: CNPJs are public records.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Cnpj([u8; 14]);

impl Cnpj {
    /// Parses a CNPJ, with or without punctuation (`12.ABC.345/01DE-35`,
    /// `12ABC34501DE35`, ` 11 222 333 0001 81 `).
    ///
    /// Checks, in order: every character is a separator (`.`, `-`, `/`),
    /// whitespace, a digit, or an uppercase letter within the first 12
    /// significant characters (lowercase is refused, not uppercased); there are
    /// 14 significant characters; they are not all the same digit; first check
    /// digit; second check digit.
    pub fn parse(input: &str) -> Result<Cnpj, DocumentError> {
        let Significant { bytes, positions } = significant::<14>(input, BASE_LEN)?;
        // The check digits are digits, so "all the same" can only be a digit.
        if all_same(&bytes) {
            return Err(DocumentError::RepeatedDigits);
        }
        verify_check_digit(&bytes, &positions, &WEIGHTS_1, 1)?;
        verify_check_digit(&bytes, &positions, &WEIGHTS_2, 2)?;
        Ok(Cnpj(bytes))
    }

    /// Builds the CNPJ whose first 12 characters are `base` (digits or
    /// uppercase letters), computing the two check digits.
    ///
    /// `base` follows the same input rules as [`Cnpj::parse`]; the result is
    /// refused with [`DocumentError::RepeatedDigits`] if all 14 digits come out
    /// the same (`000000000000` gives `00000000000000`).
    pub fn from_base(base: &str) -> Result<Cnpj, DocumentError> {
        let Significant { bytes: base, .. } = significant::<BASE_LEN>(base, BASE_LEN)?;
        let mut bytes = [0; 14];
        bytes[..12].copy_from_slice(&base);
        bytes[12] = check_digit(&bytes[..12], &WEIGHTS_1);
        bytes[13] = check_digit(&bytes[..13], &WEIGHTS_2);
        if all_same(&bytes) {
            return Err(DocumentError::RepeatedDigits);
        }
        Ok(Cnpj(bytes))
    }

    /// The 14 bare characters, e.g. `12ABC34501DE35`.
    pub fn as_str(&self) -> &str {
        ascii_str(&self.0)
    }

    /// The usual punctuated form, e.g. `12.ABC.345/01DE-35`.
    pub fn formatted(&self) -> String {
        ascii_str(&self.formatted_bytes()).to_owned()
    }

    /// The root: the first 8 characters, shared by every branch (matriz and
    /// filiais) of the same company.
    pub fn root(&self) -> &str {
        ascii_str(&self.0[..8])
    }

    /// True for the alphanumeric CNPJ (at least one letter), which older
    /// systems that store CNPJs as integers cannot hold.
    pub fn is_alphanumeric(&self) -> bool {
        self.0[..BASE_LEN].iter().any(u8::is_ascii_uppercase)
    }

    /// `XX.XXX.XXX/XXXX-XX` on the stack, shared by `formatted` and `Display`.
    fn formatted_bytes(&self) -> [u8; 18] {
        let c = &self.0;
        [
            c[0], c[1], b'.', c[2], c[3], c[4], b'.', c[5], c[6], c[7], b'/', c[8], c[9], c[10],
            c[11], b'-', c[12], c[13],
        ]
    }
}

/// True when `input` is a valid CNPJ (numeric or alphanumeric), by the rules of
/// [`Cnpj::parse`]. Allocates nothing.
pub fn is_valid_cnpj(input: &str) -> bool {
    Cnpj::parse(input).is_ok()
}

/// The formatted form (`12.ABC.345/01DE-35`); honours width and alignment flags.
impl fmt::Display for Cnpj {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(ascii_str(&self.formatted_bytes()))
    }
}

impl FromStr for Cnpj {
    type Err = DocumentError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        Cnpj::parse(input)
    }
}

/// Serializes as the bare characters, the form APIs exchange.
impl serde::Serialize for Cnpj {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Deserializes from a string through [`Cnpj::parse`] (punctuation accepted).
impl<'de> serde::Deserialize<'de> for Cnpj {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(ParseVisitor::new("a CNPJ string"))
    }
}
