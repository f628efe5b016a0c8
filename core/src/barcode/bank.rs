//! Bank boletos ("boletos de cobrança"): the FEBRABAN layout shared by every
//! bank. Barcode (44 digits):
//!
//! | 0–2  | 3        | 4             | 5–8        | 9–18   | 19–43      |
//! |------|----------|---------------|------------|--------|------------|
//! | bank | currency | general digit | due factor | amount | free field |
//!
//! The typeable line (47 digits) reorders it into five fields so that a
//! person can type it: three fields with their own modulo-10 digit carrying
//! bank, currency and the free field; the general digit; then factor and
//! amount, protected only by the general digit.

use serde::ser::{Serialize, SerializeStruct, Serializer};
use time::Date;

use super::checksum::{mod10, mod11_bank};
use super::due_date::{due_date_from_factor, factor_from_due_date};
use super::fields::{amount_field, ascii, ascii_number, digit_field, number, text};
use super::{BarcodeError, CheckDigit};

/// Field-digit positions in the line, and the ranges they protect.
const FIELDS: [(std::ops::Range<usize>, usize); 3] = [(0..9, 9), (10..20, 20), (21..31, 31)];
const LINE_GENERAL: usize = 32;
const BARCODE_GENERAL: usize = 4;
const CURRENCY: usize = 3;
/// The only currency code in use: 9, the real.
const REAL: u8 = 9;

/// Checks a 44-digit bank barcode (digit values).
pub(crate) fn check_barcode(bc: &[u8; 44]) -> Result<(), BarcodeError> {
    if bc[CURRENCY] != REAL {
        return Err(BarcodeError::UnknownCurrency {
            position: CURRENCY,
            found: bc[CURRENCY],
        });
    }
    check_general(bc, BARCODE_GENERAL)
}

fn check_general(bc: &[u8; 44], position: usize) -> Result<(), BarcodeError> {
    let expected = mod11_bank(&bc[..BARCODE_GENERAL], &bc[BARCODE_GENERAL + 1..]);
    if bc[BARCODE_GENERAL] != expected {
        return Err(BarcodeError::CheckDigit {
            digit: CheckDigit::General,
            position,
            found: bc[BARCODE_GENERAL],
            expected,
        });
    }
    Ok(())
}

/// Checks a 47-digit line (digit values) and returns its barcode: field
/// digits first (they catch typing mistakes), then the general digit.
pub(crate) fn check_line(line: &[u8]) -> Result<[u8; 44], BarcodeError> {
    if line[CURRENCY] != REAL {
        return Err(BarcodeError::UnknownCurrency {
            position: CURRENCY,
            found: line[CURRENCY],
        });
    }
    for (n, (range, position)) in FIELDS.iter().enumerate() {
        let expected = mod10(&line[range.clone()]);
        if line[*position] != expected {
            return Err(BarcodeError::CheckDigit {
                digit: CheckDigit::Field(n as u8 + 1),
                position: *position,
                found: line[*position],
                expected,
            });
        }
    }
    let bc = line_to_barcode(line);
    check_general(&bc, LINE_GENERAL)?;
    Ok(bc)
}

fn line_to_barcode(line: &[u8]) -> [u8; 44] {
    let mut bc = [0u8; 44];
    bc[..4].copy_from_slice(&line[..4]);
    bc[4] = line[LINE_GENERAL];
    bc[5..19].copy_from_slice(&line[33..47]);
    bc[19..24].copy_from_slice(&line[4..9]);
    bc[24..34].copy_from_slice(&line[10..20]);
    bc[34..44].copy_from_slice(&line[21..31]);
    bc
}

fn barcode_to_line(bc: &[u8; 44]) -> [u8; 47] {
    let mut line = [0u8; 47];
    line[..4].copy_from_slice(&bc[..4]);
    line[4..9].copy_from_slice(&bc[19..24]);
    line[10..20].copy_from_slice(&bc[24..34]);
    line[21..31].copy_from_slice(&bc[34..44]);
    line[LINE_GENERAL] = bc[4];
    line[33..47].copy_from_slice(&bc[5..19]);
    for (range, position) in FIELDS.iter() {
        line[*position] = mod10(&line[range.clone()]);
    }
    line
}

/// A decoded bank boleto. Holds its barcode and line as text, so reading a
/// field borrows instead of allocating.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BankBoleto {
    barcode: [u8; 44],
    line: [u8; 47],
    due_date: Option<Date>,
}

impl BankBoleto {
    /// From a checked barcode (digit values).
    pub(crate) fn from_checked(bc: &[u8; 44], reference: Date) -> Self {
        let factor = number(&bc[5..9]) as u16;
        BankBoleto {
            barcode: ascii(bc),
            line: ascii(&barcode_to_line(bc)),
            due_date: due_date_from_factor(factor, reference),
        }
    }

    /// Builds a valid boleto from its fields, computing every check digit.
    ///
    /// `bank_code` is the 3-digit COMPE code, `free_field` the 25 digits the
    /// issuing bank defines, `amount_cents` at most 10 digits; `due_date`
    /// `None` writes factor 0 (no due date).
    pub fn build(
        bank_code: &str,
        due_date: Option<Date>,
        amount_cents: i64,
        free_field: &str,
    ) -> Result<Self, BarcodeError> {
        let bank = digit_field("bank_code", bank_code, 3)?;
        if bank[0] == 8 {
            // A barcode starting with 8 is an arrecadação document by
            // definition; no bank boleto can carry such a code.
            return Err(BarcodeError::InvalidField {
                field: "bank_code",
                reason: format!("{bank_code:?} starts with 8, which marks arrecadação documents"),
            });
        }
        let free = digit_field("free_field", free_field, 25)?;
        let amount = amount_field("amount_cents", amount_cents, 10)?;
        let factor = match due_date {
            Some(date) => factor_from_due_date(date)?,
            None => 0,
        };
        let mut bc = [0u8; 44];
        bc[..3].copy_from_slice(&bank);
        bc[CURRENCY] = REAL;
        for (i, d) in format!("{factor:04}").bytes().enumerate() {
            bc[5 + i] = d - b'0';
        }
        bc[9..19].copy_from_slice(&amount);
        bc[19..44].copy_from_slice(&free);
        bc[BARCODE_GENERAL] = mod11_bank(&bc[..BARCODE_GENERAL], &bc[BARCODE_GENERAL + 1..]);
        Ok(BankBoleto {
            barcode: ascii(&bc),
            line: ascii(&barcode_to_line(&bc)),
            due_date,
        })
    }

    /// The issuing bank's 3-digit COMPE code (e.g. "341", "197" for Stone).
    pub fn bank_code(&self) -> &str {
        text(&self.barcode[..3])
    }
    /// The currency code; always "9" (real) for a valid boleto.
    pub fn currency_code(&self) -> &str {
        text(&self.barcode[3..4])
    }
    /// The due-date factor (0 = no due date).
    pub fn due_factor(&self) -> u16 {
        ascii_number(&self.barcode[5..9]) as u16
    }
    /// The due date, read relative to the reference date of decoding.
    pub fn due_date(&self) -> Option<Date> {
        self.due_date
    }
    /// The amount in centavos (0 when the payer fills it in).
    pub fn amount_cents(&self) -> i64 {
        ascii_number(&self.barcode[9..19])
    }
    /// The 25 digits whose layout each bank defines.
    pub fn free_field(&self) -> &str {
        text(&self.barcode[19..])
    }
    /// The 44-digit barcode.
    pub fn barcode(&self) -> &str {
        text(&self.barcode)
    }
    /// The 47-digit typeable line, without separators.
    pub fn digitable_line(&self) -> &str {
        text(&self.line)
    }
    /// The line as printed on a boleto:
    /// `34191.09008 00012.345674 89012.345677 9 99990000012345`.
    pub fn formatted_line(&self) -> String {
        let l = self.digitable_line();
        format!(
            "{}.{} {}.{} {}.{} {} {}",
            &l[..5],
            &l[5..10],
            &l[10..15],
            &l[15..21],
            &l[21..26],
            &l[26..32],
            &l[32..33],
            &l[33..]
        )
    }
}

impl Serialize for BankBoleto {
    /// The field names and order of the shared test vectors' `expected`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("BankBoleto", 9)?;
        s.serialize_field("kind", "bank")?;
        s.serialize_field("bank_code", self.bank_code())?;
        s.serialize_field("currency_code", self.currency_code())?;
        s.serialize_field("due_factor", &self.due_factor())?;
        s.serialize_field("due_date", &self.due_date.map(|d| d.to_string()))?;
        s.serialize_field("amount_cents", &self.amount_cents())?;
        s.serialize_field("free_field", self.free_field())?;
        s.serialize_field("barcode", self.barcode())?;
        s.serialize_field("digitable_line", self.digitable_line())?;
        s.end()
    }
}
