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

use super::checksum::{mod10, mod11_bank, mod11_sum, Plan};
use super::due_date::{due_date_from_factor, factor_from_due_date};
use super::fields::{amount_field, ascii_digit, digit, digit_field, number, text};
use super::{BarcodeError, CheckDigit};

const LINE_GENERAL: usize = 32;
const BARCODE_GENERAL: usize = 4;
const CURRENCY: usize = 3;
/// The only currency code in use: 9, the real.
const REAL: u8 = b'9';

/// The general digit covers every other digit of the barcode…
const BARCODE_RUN: &Plan = &Plan::new(&[(0, 4), (5, 44)]);
/// …which on the line stand here, read in barcode order.
const LINE_RUN: &Plan = &Plan::new(&[(0, 4), (33, 47), (4, 9), (10, 20), (21, 31)]);
/// The line's three fields, and where each one's digit stands.
const FIELDS: [(&Plan, usize); 3] = [
    (&Plan::new(&[(0, 9)]), 9),
    (&Plan::new(&[(10, 20)]), 20),
    (&Plan::new(&[(21, 31)]), 31),
];

#[inline(always)]
fn currency(d: &[u8]) -> Result<(), BarcodeError> {
    if d.get(CURRENCY) != Some(&REAL) {
        return Err(BarcodeError::UnknownCurrency {
            position: CURRENCY,
            found: digit(d, CURRENCY),
        });
    }
    Ok(())
}

#[inline(always)]
fn general(d: &[u8], run: &Plan, position: usize) -> Result<(), BarcodeError> {
    let expected = mod11_bank(mod11_sum(d, run));
    let found = digit(d, position);
    if found != expected {
        return Err(BarcodeError::CheckDigit {
            digit: CheckDigit::General,
            position,
            found,
            expected,
        });
    }
    Ok(())
}

/// Checks a 44-digit bank barcode (ASCII digits).
#[inline(always)]
pub(crate) fn check_barcode(bc: &[u8]) -> Result<(), BarcodeError> {
    currency(bc)?;
    general(bc, BARCODE_RUN, BARCODE_GENERAL)
}

/// Checks a 47-digit line (ASCII digits): field digits first (they catch
/// typing mistakes), then the general digit, computed on the line itself.
#[inline(always)]
pub(crate) fn check_line(line: &[u8]) -> Result<(), BarcodeError> {
    currency(line)?;
    for (n, (run, position)) in FIELDS.iter().enumerate() {
        let expected = mod10(line, run);
        let found = digit(line, *position);
        if found != expected {
            return Err(BarcodeError::CheckDigit {
                digit: CheckDigit::Field(n as u8 + 1),
                position: *position,
                found,
                expected,
            });
        }
    }
    general(line, LINE_RUN, LINE_GENERAL)
}

/// Copies `from[a..b]` to `to[at..]`; lengths are fixed by the layouts and
/// checked by the callers' forms, so a short slice is simply left as is.
fn put(to: &mut [u8], at: usize, from: &[u8], a: usize, b: usize) {
    if let (Some(dst), Some(src)) = (to.get_mut(at..at + (b - a)), from.get(a..b)) {
        dst.copy_from_slice(src);
    }
}

/// The barcode of a checked line.
pub(crate) fn line_to_barcode(line: &[u8]) -> [u8; 44] {
    let mut bc = [b'0'; 44];
    put(&mut bc, 0, line, 0, 4);
    put(&mut bc, 4, line, LINE_GENERAL, LINE_GENERAL + 1);
    put(&mut bc, 5, line, 33, 47);
    put(&mut bc, 19, line, 4, 9);
    put(&mut bc, 24, line, 10, 20);
    put(&mut bc, 34, line, 21, 31);
    bc
}

fn barcode_to_line(bc: &[u8; 44]) -> [u8; 47] {
    let mut line = [b'0'; 47];
    put(&mut line, 0, bc, 0, 4);
    put(&mut line, 4, bc, 19, 24);
    put(&mut line, 10, bc, 24, 34);
    put(&mut line, 21, bc, 34, 44);
    line[LINE_GENERAL] = bc[BARCODE_GENERAL];
    put(&mut line, 33, bc, 5, 19);
    for (run, position) in FIELDS {
        line[position] = ascii_digit(mod10(&line, run));
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
    /// From a checked barcode.
    pub(crate) fn from_checked(barcode: [u8; 44], reference: Date) -> Self {
        let factor = number(&barcode[5..9]) as u16;
        BankBoleto {
            barcode,
            line: barcode_to_line(&barcode),
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
        if bank[0] == b'8' {
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
        let mut bc = [b'0'; 44];
        bc[..3].copy_from_slice(bank);
        bc[CURRENCY] = REAL;
        bc[5..9].copy_from_slice(format!("{factor:04}").as_bytes());
        bc[9..19].copy_from_slice(amount.as_bytes());
        bc[19..44].copy_from_slice(free);
        bc[BARCODE_GENERAL] = ascii_digit(mod11_bank(mod11_sum(&bc, BARCODE_RUN)));
        Ok(BankBoleto {
            barcode: bc,
            line: barcode_to_line(&bc),
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
        number(&self.barcode[5..9]) as u16
    }
    /// The due date, read relative to the reference date of decoding.
    pub fn due_date(&self) -> Option<Date> {
        self.due_date
    }
    /// The amount in centavos (0 when the payer fills it in).
    pub fn amount_cents(&self) -> i64 {
        number(&self.barcode[9..19])
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
        // Pieces and separators pushed directly: no formatting machinery on
        // a path the bindings take for every decode.
        let l = self.digitable_line();
        let mut out = String::with_capacity(54);
        for (piece, sep) in [
            (0..5, "."),
            (5..10, " "),
            (10..15, "."),
            (15..21, " "),
            (21..26, "."),
            (26..32, " "),
            (32..33, " "),
            (33..47, ""),
        ] {
            out.push_str(l.get(piece).unwrap_or_default());
            out.push_str(sep);
        }
        out
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
        s.serialize_field("due_date", &self.due_date.map(super::iso_date))?;
        s.serialize_field("amount_cents", &self.amount_cents())?;
        s.serialize_field("free_field", self.free_field())?;
        s.serialize_field("barcode", self.barcode())?;
        s.serialize_field("digitable_line", self.digitable_line())?;
        s.end()
    }
}
