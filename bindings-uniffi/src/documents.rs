//! CPF and CNPJ.

use crate::to_i32;
use stone_openbank::documents::{
    self as core, Cnpj as CoreCnpj, Cpf as CoreCpf, DocumentError as CoreError,
};

/// A valid CPF.
#[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Record)]
pub struct Cpf {
    /// The 11 digits.
    pub digits: String,
    /// `123.456.789-09`.
    pub formatted: String,
}

/// A valid CNPJ, numeric or alphanumeric.
#[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Record)]
pub struct Cnpj {
    /// The 14 characters.
    pub digits: String,
    /// `12.ABC.345/01DE-35`.
    pub formatted: String,
    /// The first 8 characters: the company root.
    pub root: String,
    pub is_alphanumeric: bool,
}

/// Why a CPF or CNPJ is not valid (Kotlin: `DocumentException`, Swift:
/// `DocumentError`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum DocumentError {
    #[error("{detail}")]
    InvalidCharacter {
        position: i32,
        found: String,
        detail: String,
    },
    #[error("{detail}")]
    InvalidLength {
        expected: i32,
        found: i32,
        detail: String,
    },
    #[error("{detail}")]
    RepeatedDigits { detail: String },
    /// `digit` is dv1 or dv2.
    #[error("{detail}")]
    CheckDigit {
        digit: String,
        position: i32,
        found: String,
        expected: String,
        detail: String,
    },
}

impl From<CoreError> for DocumentError {
    fn from(e: CoreError) -> Self {
        let detail = e.to_string();
        match e {
            CoreError::InvalidCharacter { position, found } => DocumentError::InvalidCharacter {
                position: to_i32(position),
                found: found.to_string(),
                detail,
            },
            CoreError::InvalidLength { expected, found } => DocumentError::InvalidLength {
                expected: to_i32(expected),
                found: to_i32(found),
                detail,
            },
            CoreError::CheckDigit {
                index,
                position,
                found,
                expected,
            } => DocumentError::CheckDigit {
                digit: format!("dv{index}"),
                position: to_i32(position),
                found: found.to_string(),
                expected: expected.to_string(),
                detail,
            },
            // RepeatedDigits, and any class a later core adds.
            _ => DocumentError::RepeatedDigits { detail },
        }
    }
}

#[uniffi::export]
pub fn parse_cpf(input: String) -> Result<Cpf, DocumentError> {
    let cpf = CoreCpf::parse(&input)?;
    Ok(Cpf {
        digits: cpf.as_str().to_owned(),
        formatted: cpf.formatted(),
    })
}

#[uniffi::export]
pub fn parse_cnpj(input: String) -> Result<Cnpj, DocumentError> {
    let cnpj = CoreCnpj::parse(&input)?;
    Ok(Cnpj {
        digits: cnpj.as_str().to_owned(),
        formatted: cnpj.formatted(),
        root: cnpj.root().to_owned(),
        is_alphanumeric: cnpj.is_alphanumeric(),
    })
}

#[uniffi::export]
pub fn is_valid_cpf(input: String) -> bool {
    core::is_valid_cpf(&input)
}

#[uniffi::export]
pub fn is_valid_cnpj(input: String) -> bool {
    core::is_valid_cnpj(&input)
}
