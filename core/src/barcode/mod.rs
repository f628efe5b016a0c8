//! Brazilian payment barcodes: bank boletos and arrecadação documents.
//!
//! ```
//! use stone_openbank::barcode::{self, Barcode};
//!
//! let doc = barcode::parse("34191.09008 00012.345674 89012.345677 9 99990000012345")?;
//! assert_eq!(doc.amount_cents(), Some(12345));
//! assert_eq!(doc.barcode(), "34199999900000123451090000012345678901234567");
//! assert!(matches!(doc, Barcode::Bank(_)));
//!
//! // A tampered amount is caught by the general check digit.
//! let err = barcode::parse("34191.09008 00012.345674 89012.345677 9 99990000012346").unwrap_err();
//! assert_eq!(err.class(), "check_digit");
//! # Ok::<(), stone_openbank::barcode::BarcodeError>(())
//! ```
//!
//! Accepted input: the 44-digit barcode, the 47-digit bank line or the
//! 48-digit arrecadação line, with any whitespace, `.` and `-` between the
//! digits. Anything else is refused with a typed [`BarcodeError`].

mod bank;
mod checksum;
mod collection;
mod digits;
mod due_date;
mod error;
mod fields;
mod record;

use serde::ser::{Serialize, Serializer};
use time::Date;

pub use bank::BankBoleto;
pub use collection::{CheckDigitMethod, CollectionDocument};
pub use due_date::{due_date_from_factor, factor_from_due_date, iso_date, parse_iso_date, today};
pub use error::{BarcodeError, CheckDigit};
pub use record::{BankBoletoRecord, BarcodeRecord, CollectionDocumentRecord};

/// The kind of a document: a bank boleto or an arrecadação document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Boleto de cobrança, issued by a bank (47-digit line).
    Bank,
    /// Arrecadação: utilities, taxes, fines, carnês (48-digit line, starts with 8).
    Collection,
}

impl Kind {
    /// `bank` or `collection`, as in the test vectors.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Bank => "bank",
            Kind::Collection => "collection",
        }
    }
}

/// A decoded, valid barcode of either kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Barcode {
    Bank(BankBoleto),
    Collection(CollectionDocument),
}

impl Barcode {
    /// Which kind of document this is.
    pub fn kind(&self) -> Kind {
        match self {
            Barcode::Bank(_) => Kind::Bank,
            Barcode::Collection(_) => Kind::Collection,
        }
    }
    /// The 44-digit barcode.
    pub fn barcode(&self) -> &str {
        match self {
            Barcode::Bank(b) => b.barcode(),
            Barcode::Collection(c) => c.barcode(),
        }
    }
    /// The typeable line without separators (47 or 48 digits).
    pub fn digitable_line(&self) -> &str {
        match self {
            Barcode::Bank(b) => b.digitable_line(),
            Barcode::Collection(c) => c.digitable_line(),
        }
    }
    /// The typeable line as printed on paper.
    pub fn formatted_line(&self) -> String {
        match self {
            Barcode::Bank(b) => b.formatted_line(),
            Barcode::Collection(c) => c.formatted_line(),
        }
    }
    /// The amount in centavos; `None` for arrecadação documents whose value
    /// is a reference quantity (value types 7 and 9).
    pub fn amount_cents(&self) -> Option<i64> {
        match self {
            Barcode::Bank(b) => Some(b.amount_cents()),
            Barcode::Collection(c) => c.amount_cents(),
        }
    }
    /// The due date of a bank boleto; arrecadação barcodes carry none.
    pub fn due_date(&self) -> Option<Date> {
        match self {
            Barcode::Bank(b) => b.due_date(),
            Barcode::Collection(_) => None,
        }
    }
}

impl Serialize for Barcode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Barcode::Bank(b) => b.serialize(serializer),
            Barcode::Collection(c) => c.serialize(serializer),
        }
    }
}

/// What the digits of an input are, decided by count and first digit.
enum Form {
    Barcode,
    BankLine,
    CollectionLine,
}

fn form_of(d: &[u8]) -> Result<Form, BarcodeError> {
    match (d.len(), d.first()) {
        (44, _) => Ok(Form::Barcode),
        (47, Some(&first)) if first != b'8' => Ok(Form::BankLine),
        (48, Some(b'8')) => Ok(Form::CollectionLine),
        (digits, _) => Err(BarcodeError::InvalidLength { digits }),
    }
}

/// Checks the digits of an input (separators removed); positions in the
/// error are still digit indexes. The shared core of every entry point.
fn check(d: &[u8]) -> Result<Form, BarcodeError> {
    let form = form_of(d)?;
    match form {
        Form::Barcode if d.first() == Some(&b'8') => collection::check_barcode(d)?,
        Form::Barcode => bank::check_barcode(d)?,
        Form::BankLine => bank::check_line(d)?,
        Form::CollectionLine => collection::check_line(d)?,
    }
    Ok(form)
}

fn check_input(input: &str) -> Result<(), BarcodeError> {
    check(digits::extract(input)?.as_slice()).map(|_| ())
}

/// Decodes any accepted form, reading the due date relative to today
/// (Brasília time).
pub fn parse(input: &str) -> Result<Barcode, BarcodeError> {
    parse_at(input, today())
}

/// Decodes any accepted form; a bank boleto's due-date factor is read as the
/// date closest to `reference` (the factor restarted at 1000 on 2025-02-22).
pub fn parse_at(input: &str, reference: Date) -> Result<Barcode, BarcodeError> {
    let decode = || {
        let digits = digits::extract(input)?;
        let d = digits.as_slice();
        let mut barcode = [0u8; 44];
        let form = check(d)?;
        match form {
            Form::Barcode => barcode.copy_from_slice(d),
            Form::BankLine => barcode = bank::line_to_barcode(d),
            Form::CollectionLine => barcode = collection::line_to_barcode(d),
        }
        Ok(if barcode[0] == b'8' {
            Barcode::Collection(CollectionDocument::from_checked(barcode))
        } else {
            Barcode::Bank(BankBoleto::from_checked(barcode, reference))
        })
    };
    decode().map_err(|e: BarcodeError| e.at_input_position(input))
}

/// Checks an input without decoding it: no allocation on success.
pub fn validate(input: &str) -> Result<(), BarcodeError> {
    check_input(input).map_err(|e| e.at_input_position(input))
}

/// `true` when the input is a valid barcode or line of either kind.
/// Allocates nothing.
#[inline]
pub fn is_valid(input: &str) -> bool {
    check_input(input).is_ok()
}

/// Validates many inputs in one call (one FFI crossing from the bindings).
pub fn validate_batch<S: AsRef<str>>(inputs: &[S]) -> Vec<bool> {
    inputs.iter().map(|s| is_valid(s.as_ref())).collect()
}

/// Validates each `\n`-separated piece of `text` (a `\r` before it is
/// whitespace, hence ignored): lets a binding pass `inputs.join("\n")` as one
/// string instead of an array. One verdict per piece, so a trailing empty
/// piece is an (invalid) input too and results stay aligned with the array.
pub fn validate_lines(text: &str) -> Vec<bool> {
    validate_joined(text, '\n')
}

/// Validates each `separator`-separated piece of `text`: one verdict per
/// piece. Bindings join their arrays with a character no valid input holds
/// (`\0`) to cross the FFI once with one string.
pub fn validate_joined(text: &str, separator: char) -> Vec<bool> {
    text.split(separator).map(is_valid).collect()
}

/// Conversions do not read the due date, so they need no clock: any
/// reference day gives the same digits.
fn convert(input: &str) -> Result<Barcode, BarcodeError> {
    parse_at(input, Date::MIN)
}

/// The 44-digit barcode of any accepted form.
pub fn to_barcode(input: &str) -> Result<String, BarcodeError> {
    convert(input).map(|b| b.barcode().to_owned())
}

/// The typeable line (47 or 48 digits, no separators) of any accepted form.
pub fn to_digitable_line(input: &str) -> Result<String, BarcodeError> {
    convert(input).map(|b| b.digitable_line().to_owned())
}

/// The typeable line as printed, of any accepted form.
pub fn format_line(input: &str) -> Result<String, BarcodeError> {
    convert(input).map(|b| b.formatted_line())
}
