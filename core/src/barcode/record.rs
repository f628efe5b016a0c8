//! Owned, flat copies of decoded documents for the language bindings.
//!
//! [`BankBoleto`] and [`CollectionDocument`] borrow their fields from fixed
//! arrays so that decoding allocates nothing; a binding, which must hand
//! the foreign language owned values anyway, converts them into these records
//! once. Field names follow each language's convention (camelCase in
//! JavaScript through serde; uniffi renames for Kotlin and Swift); dates are
//! ISO `YYYY-MM-DD` strings, money integer centavos.

use serde::Serialize;

use super::{iso_date, BankBoleto, Barcode, CollectionDocument};

/// A bank boleto, owned.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct BankBoletoRecord {
    /// The issuing bank's 3-digit COMPE code.
    pub bank_code: String,
    /// Always "9" (real).
    pub currency_code: String,
    /// The due-date factor (0 = no due date).
    pub due_factor: u16,
    /// ISO date, or null when the boleto has no due date.
    #[cfg_attr(feature = "wasm", tsify(type = "string | null"))]
    pub due_date: Option<String>,
    /// Amount in centavos.
    pub amount_cents: i64,
    /// The 25 digits the bank defines.
    pub free_field: String,
    /// The 44-digit barcode.
    pub barcode: String,
    /// The 47-digit typeable line, without separators.
    pub digitable_line: String,
    /// The line as printed on paper.
    pub formatted_line: String,
}

/// An arrecadação document, owned.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct CollectionDocumentRecord {
    /// 1–7 or 9.
    pub segment: u8,
    /// 6 or 8 (amount), 7 or 9 (reference quantity).
    pub value_type: u8,
    /// "mod10" or "mod11".
    #[cfg_attr(feature = "wasm", tsify(type = "\"mod10\" | \"mod11\""))]
    pub check_digit_method: String,
    /// Amount in centavos (value types 6 and 8), else null.
    #[cfg_attr(feature = "wasm", tsify(type = "number | null"))]
    pub amount_cents: Option<i64>,
    /// Reference quantity (value types 7 and 9), else null.
    #[cfg_attr(feature = "wasm", tsify(type = "number | null"))]
    pub reference_value: Option<i64>,
    /// 4-digit company code, or the 8-digit CNPJ root in segment 6.
    pub company_id: String,
    /// The payee's own digits (25, or 21 in segment 6).
    pub free_field: String,
    /// The 44-digit barcode.
    pub barcode: String,
    /// The 48-digit typeable line, without separators.
    pub digitable_line: String,
    /// The line as printed on paper.
    pub formatted_line: String,
}

/// Either kind, tagged by `kind` (`"bank"` or `"collection"`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum BarcodeRecord {
    Bank(BankBoletoRecord),
    Collection(CollectionDocumentRecord),
}

impl From<&BankBoleto> for BankBoletoRecord {
    fn from(b: &BankBoleto) -> Self {
        BankBoletoRecord {
            bank_code: b.bank_code().to_owned(),
            currency_code: b.currency_code().to_owned(),
            due_factor: b.due_factor(),
            due_date: b.due_date().map(iso_date),
            amount_cents: b.amount_cents(),
            free_field: b.free_field().to_owned(),
            barcode: b.barcode().to_owned(),
            digitable_line: b.digitable_line().to_owned(),
            formatted_line: b.formatted_line(),
        }
    }
}

impl From<&CollectionDocument> for CollectionDocumentRecord {
    fn from(c: &CollectionDocument) -> Self {
        CollectionDocumentRecord {
            segment: c.segment(),
            value_type: c.value_type(),
            check_digit_method: c.check_digit_method().as_str().to_owned(),
            amount_cents: c.amount_cents(),
            reference_value: c.reference_value(),
            company_id: c.company_id().to_owned(),
            free_field: c.free_field().to_owned(),
            barcode: c.barcode().to_owned(),
            digitable_line: c.digitable_line().to_owned(),
            formatted_line: c.formatted_line(),
        }
    }
}

impl From<&Barcode> for BarcodeRecord {
    fn from(doc: &Barcode) -> Self {
        match doc {
            Barcode::Bank(b) => BarcodeRecord::Bank(b.into()),
            Barcode::Collection(c) => BarcodeRecord::Collection(c.into()),
        }
    }
}
