//! Arrecadação documents (utility bills, taxes, fines, carnês): FEBRABAN's
//! "código de barras de arrecadação". Barcode (44 digits):
//!
//! | 0 | 1       | 2          | 3             | 4–14            | 15–18 (15–22)     | 19–43 (23–43) |
//! |---|---------|------------|---------------|-----------------|-------------------|---------------|
//! | 8 | segment | value type | general digit | amount/reference | company (CNPJ root) | free field  |
//!
//! The value type chooses both what the 11-digit value means (6, 8: money;
//! 7, 9: a reference quantity) and the check-digit algorithm (6, 7: modulo
//! 10; 8, 9: modulo 11). The 48-digit line is the barcode cut in four blocks of
//! 11 digits, each followed by its own digit.

use serde::ser::{Serialize, SerializeStruct, Serializer};

use super::checksum::{mod10, mod11_collection};
use super::fields::{amount_field, ascii, ascii_number, digit_field, text};
use super::{BarcodeError, CheckDigit};

const SEGMENT: usize = 1;
const VALUE_TYPE: usize = 2;
const GENERAL: usize = 3;
/// Segment 6 ("empresas/órgãos identificados pelo CNPJ") carries the 8-digit
/// CNPJ root instead of a 4-digit company code.
const CNPJ_SEGMENT: u8 = 6;

/// How the check digits of a document are computed, chosen by its value type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CheckDigitMethod {
    Mod10,
    Mod11,
}

impl CheckDigitMethod {
    /// `mod10` or `mod11`.
    pub fn as_str(self) -> &'static str {
        match self {
            CheckDigitMethod::Mod10 => "mod10",
            CheckDigitMethod::Mod11 => "mod11",
        }
    }

    fn of(value_type: u8) -> Self {
        if value_type <= 7 {
            CheckDigitMethod::Mod10
        } else {
            CheckDigitMethod::Mod11
        }
    }

    fn digit(self, head: &[u8], tail: &[u8]) -> u8 {
        match self {
            CheckDigitMethod::Mod10 => {
                // Modulo 10 needs one contiguous run: at most 43 digits.
                let mut buf = [0u8; 44];
                buf[..head.len()].copy_from_slice(head);
                buf[head.len()..head.len() + tail.len()].copy_from_slice(tail);
                mod10(&buf[..head.len() + tail.len()])
            }
            CheckDigitMethod::Mod11 => mod11_collection(head, tail),
        }
    }
}

/// Value type and segment, checked in that order (the value type decides
/// how everything else is read). Positions are the same in barcode and line.
fn check_structure(digits: &[u8]) -> Result<CheckDigitMethod, BarcodeError> {
    let value_type = digits[VALUE_TYPE];
    if !(6..=9).contains(&value_type) {
        return Err(BarcodeError::UnknownValueType {
            position: VALUE_TYPE,
            found: value_type,
        });
    }
    let segment = digits[SEGMENT];
    if segment == 0 || segment == 8 {
        return Err(BarcodeError::UnknownSegment {
            position: SEGMENT,
            found: segment,
        });
    }
    Ok(CheckDigitMethod::of(value_type))
}

fn check_general(
    bc: &[u8; 44],
    method: CheckDigitMethod,
    position: usize,
) -> Result<(), BarcodeError> {
    let expected = method.digit(&bc[..GENERAL], &bc[GENERAL + 1..]);
    if bc[GENERAL] != expected {
        return Err(BarcodeError::CheckDigit {
            digit: CheckDigit::General,
            position,
            found: bc[GENERAL],
            expected,
        });
    }
    Ok(())
}

/// Checks a 44-digit arrecadação barcode (digit values).
pub(crate) fn check_barcode(bc: &[u8; 44]) -> Result<(), BarcodeError> {
    let method = check_structure(bc)?;
    check_general(bc, method, GENERAL)
}

/// Checks a 48-digit line (digit values) and returns its barcode: the four
/// block digits first, then the general digit.
pub(crate) fn check_line(line: &[u8]) -> Result<[u8; 44], BarcodeError> {
    let method = check_structure(line)?;
    let mut bc = [0u8; 44];
    for block in 0..4 {
        let data = &line[block * 12..block * 12 + 11];
        let position = block * 12 + 11;
        let expected = method.digit(data, &[]);
        if line[position] != expected {
            return Err(BarcodeError::CheckDigit {
                digit: CheckDigit::Block(block as u8 + 1),
                position,
                found: line[position],
                expected,
            });
        }
        bc[block * 11..block * 11 + 11].copy_from_slice(data);
    }
    // The general digit sits inside block 1, at the same index as in the barcode.
    check_general(&bc, method, GENERAL)?;
    Ok(bc)
}

fn barcode_to_line(bc: &[u8; 44], method: CheckDigitMethod) -> [u8; 48] {
    let mut line = [0u8; 48];
    for block in 0..4 {
        let data = &bc[block * 11..block * 11 + 11];
        line[block * 12..block * 12 + 11].copy_from_slice(data);
        line[block * 12 + 11] = method.digit(data, &[]);
    }
    line
}

/// A decoded arrecadação document. Like [`super::BankBoleto`], it keeps its
/// barcode and line as text and borrows fields from them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CollectionDocument {
    barcode: [u8; 44],
    line: [u8; 48],
}

impl CollectionDocument {
    /// From a checked barcode (digit values).
    pub(crate) fn from_checked(bc: &[u8; 44]) -> Self {
        let method = CheckDigitMethod::of(bc[VALUE_TYPE]);
        CollectionDocument {
            barcode: ascii(bc),
            line: ascii(&barcode_to_line(bc, method)),
        }
    }

    /// Builds a valid document from its fields, computing every check digit.
    ///
    /// `value` is the amount in centavos for value types 6 and 8, or the
    /// reference quantity for 7 and 9 (at most 11 digits). `company_id` is 4
    /// digits, or the 8-digit CNPJ root in segment 6; `free_field` is 25
    /// digits, or 21 in segment 6.
    pub fn build(
        segment: u8,
        value_type: u8,
        value: i64,
        company_id: &str,
        free_field: &str,
    ) -> Result<Self, BarcodeError> {
        if !(6..=9).contains(&value_type) {
            return Err(BarcodeError::InvalidField {
                field: "value_type",
                reason: format!("must be 6, 7, 8 or 9, got {value_type}"),
            });
        }
        if !(1..=9).contains(&segment) || segment == 8 {
            return Err(BarcodeError::InvalidField {
                field: "segment",
                reason: format!("must be 1 to 7 or 9, got {segment}"),
            });
        }
        let company_len = if segment == CNPJ_SEGMENT { 8 } else { 4 };
        let company = digit_field("company_id", company_id, company_len)?;
        let free = digit_field("free_field", free_field, 44 - 15 - company_len)?;
        let amount = amount_field("value", value, 11)?;
        let mut bc = [0u8; 44];
        bc[0] = 8;
        bc[SEGMENT] = segment;
        bc[VALUE_TYPE] = value_type;
        bc[4..15].copy_from_slice(&amount);
        bc[15..15 + company_len].copy_from_slice(&company);
        bc[15 + company_len..].copy_from_slice(&free);
        let method = CheckDigitMethod::of(value_type);
        bc[GENERAL] = method.digit(&bc[..GENERAL], &bc[GENERAL + 1..]);
        Ok(Self::from_checked(&bc))
    }

    /// Segment: 1 city halls, 2 water and sanitation, 3 power and gas,
    /// 4 telecom, 5 government, 6 companies identified by CNPJ, 7 traffic
    /// fines, 9 bank's own use.
    pub fn segment(&self) -> u8 {
        self.barcode[SEGMENT] - b'0'
    }
    /// Value type: 6 or 8 (amount in centavos), 7 or 9 (reference quantity).
    pub fn value_type(&self) -> u8 {
        self.barcode[VALUE_TYPE] - b'0'
    }
    /// Modulo 10 for value types 6 and 7, modulo 11 for 8 and 9.
    pub fn check_digit_method(&self) -> CheckDigitMethod {
        CheckDigitMethod::of(self.value_type())
    }
    fn is_amount(&self) -> bool {
        matches!(self.value_type(), 6 | 8)
    }
    /// The amount in centavos, for value types 6 and 8.
    pub fn amount_cents(&self) -> Option<i64> {
        self.is_amount().then(|| ascii_number(&self.barcode[4..15]))
    }
    /// The reference quantity (not money), for value types 7 and 9.
    pub fn reference_value(&self) -> Option<i64> {
        (!self.is_amount()).then(|| ascii_number(&self.barcode[4..15]))
    }
    fn company_len(&self) -> usize {
        if self.segment() == CNPJ_SEGMENT {
            8
        } else {
            4
        }
    }
    /// The payee: a 4-digit company/agency code, or in segment 6 the first 8
    /// digits of its CNPJ.
    pub fn company_id(&self) -> &str {
        text(&self.barcode[15..15 + self.company_len()])
    }
    /// The payee's own digits (25, or 21 in segment 6).
    pub fn free_field(&self) -> &str {
        text(&self.barcode[15 + self.company_len()..])
    }
    /// The 44-digit barcode.
    pub fn barcode(&self) -> &str {
        text(&self.barcode)
    }
    /// The 48-digit typeable line, without separators.
    pub fn digitable_line(&self) -> &str {
        text(&self.line)
    }
    /// The line as printed: `83860000005-0 09600019000-9 00080178230-9 00034306271-2`.
    pub fn formatted_line(&self) -> String {
        let l = self.digitable_line();
        format!(
            "{}-{} {}-{} {}-{} {}-{}",
            &l[..11],
            &l[11..12],
            &l[12..23],
            &l[23..24],
            &l[24..35],
            &l[35..36],
            &l[36..47],
            &l[47..]
        )
    }
}

impl Serialize for CollectionDocument {
    /// The field names and order of the shared test vectors' `expected`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("CollectionDocument", 10)?;
        s.serialize_field("kind", "collection")?;
        s.serialize_field("segment", &self.segment())?;
        s.serialize_field("value_type", &self.value_type())?;
        s.serialize_field("check_digit_method", self.check_digit_method().as_str())?;
        s.serialize_field("amount_cents", &self.amount_cents())?;
        s.serialize_field("reference_value", &self.reference_value())?;
        s.serialize_field("company_id", self.company_id())?;
        s.serialize_field("free_field", self.free_field())?;
        s.serialize_field("barcode", self.barcode())?;
        s.serialize_field("digitable_line", self.digitable_line())?;
        s.end()
    }
}
