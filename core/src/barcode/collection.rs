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

use super::checksum::{mod10, mod11_collection, mod11_sum, Plan};
use super::fields::{amount_field, ascii_digit, digit, digit_field, number, text};
use super::{BarcodeError, CheckDigit};

const SEGMENT: usize = 1;
const VALUE_TYPE: usize = 2;
const GENERAL: usize = 3;
/// Segment 6 ("empresas/órgãos identificados pelo CNPJ") carries the 8-digit
/// CNPJ root instead of a 4-digit company code.
const CNPJ_SEGMENT: u8 = 6;

/// The general digit covers every other digit of the barcode…
const BARCODE_RUN: &Plan = &Plan::new(&[(0, 3), (4, 44)]);
/// …which on the line are the blocks' data, in order.
const LINE_RUN: &Plan = &Plan::new(&[(0, 3), (4, 11), (12, 23), (24, 35), (36, 47)]);
/// The line's four blocks; each one's digit follows it.
const BLOCKS: [&Plan; 4] = [
    &Plan::new(&[(0, 11)]),
    &Plan::new(&[(12, 23)]),
    &Plan::new(&[(24, 35)]),
    &Plan::new(&[(36, 47)]),
];

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

    /// The check digit of `run` over the ASCII digits `d`.
    #[inline(always)]
    fn digit(self, d: &[u8], run: &Plan) -> u8 {
        match self {
            CheckDigitMethod::Mod10 => mod10(d, run),
            CheckDigitMethod::Mod11 => mod11_collection(mod11_sum(d, run)),
        }
    }
}

/// Value type and segment, checked in that order (the value type decides
/// how everything else is read). Positions are the same in barcode and line.
#[inline(always)]
fn check_structure(d: &[u8]) -> Result<CheckDigitMethod, BarcodeError> {
    let value_type = digit(d, VALUE_TYPE);
    if !(6..=9).contains(&value_type) {
        return Err(BarcodeError::UnknownValueType {
            position: VALUE_TYPE,
            found: value_type,
        });
    }
    let segment = digit(d, SEGMENT);
    if segment == 0 || segment == 8 {
        return Err(BarcodeError::UnknownSegment {
            position: SEGMENT,
            found: segment,
        });
    }
    Ok(CheckDigitMethod::of(value_type))
}

/// Checks the general digit (barcode position 3, which is position 3 of the
/// line too: it sits inside block 1) over the run of the form being read.
#[inline(always)]
fn check_general(d: &[u8], method: CheckDigitMethod, run: &Plan) -> Result<(), BarcodeError> {
    let expected = method.digit(d, run);
    let found = digit(d, GENERAL);
    if found != expected {
        return Err(BarcodeError::CheckDigit {
            digit: CheckDigit::General,
            position: GENERAL,
            found,
            expected,
        });
    }
    Ok(())
}

/// Checks a 44-digit arrecadação barcode (ASCII digits).
#[inline(always)]
pub(crate) fn check_barcode(bc: &[u8]) -> Result<(), BarcodeError> {
    let method = check_structure(bc)?;
    check_general(bc, method, BARCODE_RUN)
}

/// Checks a 48-digit line (ASCII digits): the four block digits first, then
/// the general digit, computed on the line itself.
#[inline(always)]
pub(crate) fn check_line(line: &[u8]) -> Result<(), BarcodeError> {
    let method = check_structure(line)?;
    for (block, run) in BLOCKS.iter().enumerate() {
        let position = block * 12 + 11;
        let expected = method.digit(line, run);
        let found = digit(line, position);
        if found != expected {
            return Err(BarcodeError::CheckDigit {
                digit: CheckDigit::Block(block as u8 + 1),
                position,
                found,
                expected,
            });
        }
    }
    check_general(line, method, LINE_RUN)
}

/// The barcode of a checked line: the blocks without their digits.
pub(crate) fn line_to_barcode(line: &[u8]) -> [u8; 44] {
    let mut bc = [b'0'; 44];
    for (dst, src) in bc.chunks_exact_mut(11).zip(line.chunks(12)) {
        if let Some(data) = src.get(..11) {
            dst.copy_from_slice(data);
        }
    }
    bc
}

fn barcode_to_line(bc: &[u8; 44], method: CheckDigitMethod) -> [u8; 48] {
    let mut line = [b'0'; 48];
    for (dst, src) in line.chunks_exact_mut(12).zip(bc.chunks_exact(11)) {
        dst[..11].copy_from_slice(src);
    }
    for (block, run) in BLOCKS.iter().enumerate() {
        line[block * 12 + 11] = ascii_digit(method.digit(&line, run));
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
    /// From a checked barcode.
    pub(crate) fn from_checked(barcode: [u8; 44]) -> Self {
        let method = CheckDigitMethod::of(digit(&barcode, VALUE_TYPE));
        CollectionDocument {
            barcode,
            line: barcode_to_line(&barcode, method),
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
        let mut bc = [b'0'; 44];
        bc[0] = b'8';
        bc[SEGMENT] = ascii_digit(segment);
        bc[VALUE_TYPE] = ascii_digit(value_type);
        bc[4..15].copy_from_slice(amount.as_bytes());
        bc[15..15 + company_len].copy_from_slice(company);
        bc[15 + company_len..].copy_from_slice(free);
        let method = CheckDigitMethod::of(value_type);
        bc[GENERAL] = ascii_digit(method.digit(&bc, BARCODE_RUN));
        Ok(Self::from_checked(bc))
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
        self.is_amount().then(|| number(&self.barcode[4..15]))
    }
    /// The reference quantity (not money), for value types 7 and 9.
    pub fn reference_value(&self) -> Option<i64> {
        (!self.is_amount()).then(|| number(&self.barcode[4..15]))
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
        let mut out = String::with_capacity(55);
        for block in 0..4 {
            if block > 0 {
                out.push(' ');
            }
            out.push_str(l.get(block * 12..block * 12 + 11).unwrap_or_default());
            out.push('-');
            out.push_str(l.get(block * 12 + 11..block * 12 + 12).unwrap_or_default());
        }
        out
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
