//! Boletos and arrecadação barcodes.

use time::Date;

use crate::to_i32;

use stone_openbank::barcode::{
    self as core, BankBoletoRecord, BarcodeError as CoreError, BarcodeRecord,
    CollectionDocumentRecord,
};

/// A decoded bank boleto. Money in centavos; the due date as `YYYY-MM-DD`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Record)]
pub struct BankBoleto {
    pub bank_code: String,
    pub currency_code: String,
    pub due_factor: i32,
    pub due_date: Option<String>,
    pub amount_cents: i64,
    pub free_field: String,
    pub barcode: String,
    pub digitable_line: String,
    pub formatted_line: String,
}

/// A decoded arrecadação document (utilities, taxes, fines, carnês).
#[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Record)]
pub struct CollectionDocument {
    pub segment: i32,
    pub value_type: i32,
    /// "mod10" or "mod11".
    pub check_digit_method: String,
    pub amount_cents: Option<i64>,
    pub reference_value: Option<i64>,
    pub company_id: String,
    pub free_field: String,
    pub barcode: String,
    pub digitable_line: String,
    pub formatted_line: String,
}

/// Either kind of document.
#[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum Barcode {
    Bank { boleto: BankBoleto },
    Collection { document: CollectionDocument },
}

impl From<BankBoletoRecord> for BankBoleto {
    fn from(r: BankBoletoRecord) -> Self {
        BankBoleto {
            bank_code: r.bank_code,
            currency_code: r.currency_code,
            due_factor: i32::from(r.due_factor),
            due_date: r.due_date,
            amount_cents: r.amount_cents,
            free_field: r.free_field,
            barcode: r.barcode,
            digitable_line: r.digitable_line,
            formatted_line: r.formatted_line,
        }
    }
}

impl From<CollectionDocumentRecord> for CollectionDocument {
    fn from(r: CollectionDocumentRecord) -> Self {
        CollectionDocument {
            segment: i32::from(r.segment),
            value_type: i32::from(r.value_type),
            check_digit_method: r.check_digit_method,
            amount_cents: r.amount_cents,
            reference_value: r.reference_value,
            company_id: r.company_id,
            free_field: r.free_field,
            barcode: r.barcode,
            digitable_line: r.digitable_line,
            formatted_line: r.formatted_line,
        }
    }
}

impl From<BarcodeRecord> for Barcode {
    fn from(r: BarcodeRecord) -> Self {
        match r {
            BarcodeRecord::Bank(b) => Barcode::Bank { boleto: b.into() },
            BarcodeRecord::Collection(c) => Barcode::Collection { document: c.into() },
        }
    }
}

/// Why an input is not a valid barcode or line; one case per error class
/// (Kotlin: `BarcodeException`, Swift: `BarcodeError`). Positions are
/// 0-based indexes of characters in the input, separators included;
/// `detail` is the human message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum BarcodeError {
    #[error("{detail}")]
    InvalidCharacter {
        position: i32,
        found: String,
        detail: String,
    },
    #[error("{detail}")]
    InvalidLength { digits: i32, detail: String },
    #[error("{detail}")]
    UnknownCurrency {
        position: i32,
        found: i32,
        detail: String,
    },
    #[error("{detail}")]
    UnknownValueType {
        position: i32,
        found: i32,
        detail: String,
    },
    #[error("{detail}")]
    UnknownSegment {
        position: i32,
        found: i32,
        detail: String,
    },
    /// `digit` names it: general, field1..field3, block1..block4.
    #[error("{detail}")]
    CheckDigit {
        digit: String,
        position: i32,
        found: i32,
        expected: i32,
        detail: String,
    },
    /// A builder argument out of range or malformed.
    #[error("{detail}")]
    InvalidField { field: String, detail: String },
}

impl From<CoreError> for BarcodeError {
    fn from(e: CoreError) -> Self {
        let detail = e.to_string();
        match e {
            CoreError::InvalidCharacter { position, found } => BarcodeError::InvalidCharacter {
                position: to_i32(position),
                found: found.to_string(),
                detail,
            },
            CoreError::InvalidLength { digits } => BarcodeError::InvalidLength {
                digits: to_i32(digits),
                detail,
            },
            CoreError::UnknownCurrency { position, found } => BarcodeError::UnknownCurrency {
                position: to_i32(position),
                found: i32::from(found),
                detail,
            },
            CoreError::UnknownValueType { position, found } => BarcodeError::UnknownValueType {
                position: to_i32(position),
                found: i32::from(found),
                detail,
            },
            CoreError::UnknownSegment { position, found } => BarcodeError::UnknownSegment {
                position: to_i32(position),
                found: i32::from(found),
                detail,
            },
            CoreError::CheckDigit {
                digit,
                position,
                found,
                expected,
            } => BarcodeError::CheckDigit {
                digit: digit.name().to_owned(),
                position: to_i32(position),
                found: i32::from(found),
                expected: i32::from(expected),
                detail,
            },
            CoreError::InvalidField { field, .. } => BarcodeError::InvalidField {
                field: field.to_owned(),
                detail,
            },
            // The core's enum is non-exhaustive: a future class still
            // arrives typed, as a field error naming it.
            other => BarcodeError::InvalidField {
                field: other.class().to_owned(),
                detail,
            },
        }
    }
}

fn invalid_field(field: &str, detail: String) -> BarcodeError {
    BarcodeError::InvalidField {
        field: field.to_owned(),
        detail,
    }
}

/// A date argument: exactly `YYYY-MM-DD`.
fn date(field: &str, text: Option<String>) -> Result<Option<Date>, BarcodeError> {
    text.map(|t| core::parse_iso_date(&t).map_err(|e| invalid_field(field, e)))
        .transpose()
}

/// Kotlin and Swift integers are wider than the core's fields: out of
/// range is an error, never a wrapped value.
fn ranged(field: &str, value: i64, max: i64) -> Result<i64, BarcodeError> {
    if (0..=max).contains(&value) {
        Ok(value)
    } else {
        Err(invalid_field(
            field,
            format!("invalid {field}: must be from 0 to {max}, got {value}"),
        ))
    }
}

/// Decodes a barcode or typeable line of either kind; a bank boleto's
/// due-date factor is read as the date closest to `reference_date`
/// (`YYYY-MM-DD`; default today in Brasília).
#[uniffi::export]
pub fn parse_barcode(
    input: String,
    reference_date: Option<String>,
) -> Result<Barcode, BarcodeError> {
    let reference = date("reference_date", reference_date)?.unwrap_or_else(core::today);
    let doc = core::parse_at(&input, reference)?;
    Ok(BarcodeRecord::from(&doc).into())
}

/// Whether the input is a valid barcode or line of either kind.
#[uniffi::export]
pub fn is_valid_barcode(input: String) -> bool {
    core::is_valid(&input)
}

/// Checks an input without decoding it.
#[uniffi::export]
pub fn validate_barcode(input: String) -> Result<(), BarcodeError> {
    Ok(core::validate(&input)?)
}

/// One verdict per input, in one call.
#[uniffi::export]
pub fn validate_barcodes(inputs: Vec<String>) -> Vec<bool> {
    core::validate_batch(&inputs)
}

#[uniffi::export]
pub fn to_barcode(input: String) -> Result<String, BarcodeError> {
    Ok(core::to_barcode(&input)?)
}

#[uniffi::export]
pub fn to_digitable_line(input: String) -> Result<String, BarcodeError> {
    Ok(core::to_digitable_line(&input)?)
}

#[uniffi::export]
pub fn format_line(input: String) -> Result<String, BarcodeError> {
    Ok(core::format_line(&input)?)
}

/// Builds a valid bank boleto; `due_date` `YYYY-MM-DD` or none.
#[uniffi::export]
pub fn build_bank_boleto(
    bank_code: String,
    amount_cents: i64,
    free_field: String,
    due_date: Option<String>,
) -> Result<BankBoleto, BarcodeError> {
    let due = date("due_date", due_date)?;
    let boleto = core::BankBoleto::build(&bank_code, due, amount_cents, &free_field)?;
    Ok(BankBoletoRecord::from(&boleto).into())
}

/// Builds a valid arrecadação document.
#[uniffi::export]
pub fn build_collection_document(
    segment: i32,
    value_type: i32,
    value: i64,
    company_id: String,
    free_field: String,
) -> Result<CollectionDocument, BarcodeError> {
    let segment = ranged("segment", i64::from(segment), 255)? as u8;
    let value_type = ranged("value_type", i64::from(value_type), 255)? as u8;
    let doc =
        core::CollectionDocument::build(segment, value_type, value, &company_id, &free_field)?;
    Ok(CollectionDocumentRecord::from(&doc).into())
}
