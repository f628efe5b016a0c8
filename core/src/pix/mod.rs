//! Pix: BR Codes ("Pix copia e cola", the EMV QRCPS-MPM payload of a Pix QR
//! code as the Banco Central profiles it), Pix keys and transaction ids.
//!
//! - [`parse`] reads a payload into a [`BrCode`] (static: a key; dynamic: a
//!   URL the payer's bank fetches the charge from) after checking its TLV
//!   structure, its CRC16 and every field rule; [`validate`] and
//!   [`is_valid`] are the same checks without building the result.
//! - [`Charge::encode`] writes a valid payload from fields (CRC included),
//!   refusing anything [`parse`] would refuse: what we build we can read.
//! - [`PixKey::parse`] classifies and validates a key a person typed
//!   (CPF, CNPJ, phone, e-mail, random key) and normalises it.
//! - [`txid`]: the transaction-id patterns of static, dynamic and due-date
//!   charges.
//! - With the `qr` feature, [`qr`] draws a payload as an SVG or PNG QR code.
//!
//! Errors are one [`PixError`] whose class (`structure`, `crc`, `field`,
//! `key`) matches the shared vectors, with the field and position at fault.
//!
//! Decisions where the BCB manual leaves room (tested in `tests/pix.rs`):
//! - surrounding whitespace is ignored (pasted text); inside, only printable
//!   ASCII is accepted — a name with accents is a `structure` error, never
//!   transliterated, because the lengths would no longer count characters
//!   the same way in every reader;
//! - a length of `00` is a `structure` error (the manual's lengths are 01–99);
//! - the CRC must be 4 *uppercase* hex digits as the manual writes it; a
//!   lowercase CRC is a `crc` error even when its value is right, because
//!   other readers compare the text;
//! - the GUI `br.gov.bcb.pix` is read case-insensitively (some issuers
//!   write it in capitals), and always written in lowercase.

mod brcode;
mod charge;
mod crc;
pub mod due;
mod error;
mod key;
#[cfg(feature = "qr")]
pub mod qr;
mod tlv;
pub mod txid;

pub use brcode::{is_valid, parse, validate, validate_joined, BrCode, ChargeKind};
pub use charge::{Charge, MAX_CENTS};
pub use error::PixError;
pub use key::{KeyType, PixKey};
pub use tlv::Template;

/// Whether the code may be paid many times or once (field `01`; in JSON,
/// its code: `"11"` or `"12"`, as the vectors and the manual write it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum PointOfInitiation {
    /// `11`: a reusable code (typically static).
    #[serde(rename = "11")]
    Reusable,
    /// `12`: a single-use code (typically dynamic).
    #[serde(rename = "12")]
    SingleUse,
}

impl PointOfInitiation {
    /// Field `01`'s value read back: `11` or `12`, or a `field` error (at
    /// `position` in the input, when there is one).
    pub fn parse(code: &str, position: Option<usize>) -> Result<Self, PixError> {
        match code {
            "11" => Ok(PointOfInitiation::Reusable),
            "12" => Ok(PointOfInitiation::SingleUse),
            other => Err(PixError::field(
                "point_of_initiation",
                "01",
                position,
                format!("must be 11 (reusable) or 12 (single use), found {other:?}"),
            )),
        }
    }

    /// The two-digit value of field `01`.
    pub fn code(self) -> &'static str {
        match self {
            PointOfInitiation::Reusable => "11",
            PointOfInitiation::SingleUse => "12",
        }
    }
}
