//! Pix: BR Codes (decode, validate, build, QR images) and keys. Owned
//! carriers of the core's `pix` types for Kotlin and Swift, converted one to
//! one; every rule is the core's.

use stone_openbank::pix::{
    self as core, BrCode, Charge, ChargeKind, KeyType, PixError as CoreError, PointOfInitiation,
    Template,
};

use crate::to_i32;

/// Static (a key in the code) or dynamic (a URL to fetch the charge from).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum PixKind {
    Static,
    Dynamic,
}

/// Field `01`: may the code be paid many times (`11`) or once (`12`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum PixPointOfInitiation {
    Reusable,
    SingleUse,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum PixKeyType {
    Cpf,
    Cnpj,
    Phone,
    Email,
    /// A random key (UUID).
    Evp,
}

/// An element the rules leave alone (ids 80–99, ...), kept in order.
#[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Record)]
pub struct PixTemplate {
    pub id: String,
    pub value: String,
}

/// A decoded BR Code ("Pix copia e cola"). Money in centavos.
#[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Record)]
pub struct PixCode {
    pub kind: PixKind,
    pub point_of_initiation: Option<PixPointOfInitiation>,
    pub key: Option<String>,
    pub key_type: Option<PixKeyType>,
    pub description: Option<String>,
    /// Without `https://`.
    pub url: Option<String>,
    pub mcc: String,
    /// None: the payer chooses.
    pub amount_cents: Option<i64>,
    pub merchant_name: String,
    pub merchant_city: String,
    pub postal_code: Option<String>,
    /// `***` when the receiver gave none.
    pub txid: String,
    pub crc: String,
    /// The payload as read (surrounding whitespace dropped).
    pub payload: String,
    pub templates: Vec<PixTemplate>,
}

/// The fields of a charge to encode: exactly one of `key` and `url`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Record)]
pub struct PixChargeFields {
    /// 1–25 characters, without accents.
    pub merchant_name: String,
    /// 1–15 characters, without accents.
    pub merchant_city: String,
    #[uniffi(default = None)]
    pub key: Option<String>,
    #[uniffi(default = None)]
    pub url: Option<String>,
    #[uniffi(default = None)]
    pub description: Option<String>,
    #[uniffi(default = None)]
    pub amount_cents: Option<i64>,
    /// `***` when None.
    #[uniffi(default = None)]
    pub txid: Option<String>,
    #[uniffi(default = None)]
    pub point_of_initiation: Option<PixPointOfInitiation>,
    /// `0000` when None.
    #[uniffi(default = None)]
    pub mcc: Option<String>,
    #[uniffi(default = None)]
    pub postal_code: Option<String>,
    #[uniffi(default = [])]
    pub templates: Vec<PixTemplate>,
}

/// A valid Pix key in the form the DICT stores.
#[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Record)]
pub struct PixKey {
    pub key_type: PixKeyType,
    pub value: String,
}

/// Why a BR Code, a charge or a key is not valid (Kotlin: `PixException`,
/// Swift: `PixError`). Positions are 0-based characters of the input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum PixError {
    #[error("{detail}")]
    Structure { position: i32, detail: String },
    #[error("{detail}")]
    Crc {
        position: i32,
        found: String,
        expected: String,
        detail: String,
    },
    /// `id` is the EMV id path (`60`, `26.01`); no position when encoding.
    #[error("{detail}")]
    Field {
        field: String,
        id: String,
        position: Option<i32>,
        detail: String,
    },
    #[error("{detail}")]
    Key {
        key_type: Option<PixKeyType>,
        detail: String,
    },
}

impl From<CoreError> for PixError {
    fn from(e: CoreError) -> Self {
        let detail = e.to_string();
        match e {
            CoreError::Structure { position, .. } => PixError::Structure {
                position: to_i32(position),
                detail,
            },
            CoreError::Crc {
                position,
                found,
                expected,
            } => PixError::Crc {
                position: to_i32(position),
                found,
                expected,
                detail,
            },
            CoreError::Key { key_type, .. } => PixError::Key {
                key_type: key_type.map(PixKeyType::from),
                detail,
            },
            // Field, and any class a later core adds.
            other => PixError::Field {
                field: match &other {
                    CoreError::Field { field, .. } => (*field).to_owned(),
                    _ => other.class().to_owned(),
                },
                id: match &other {
                    CoreError::Field { id, .. } => (*id).to_owned(),
                    _ => "--".to_owned(),
                },
                position: other.position().map(to_i32),
                detail,
            },
        }
    }
}

impl From<KeyType> for PixKeyType {
    fn from(t: KeyType) -> Self {
        match t {
            KeyType::Cpf => PixKeyType::Cpf,
            KeyType::Cnpj => PixKeyType::Cnpj,
            KeyType::Phone => PixKeyType::Phone,
            KeyType::Email => PixKeyType::Email,
            KeyType::Evp => PixKeyType::Evp,
        }
    }
}

fn point_of_initiation(p: PointOfInitiation) -> PixPointOfInitiation {
    match p {
        PointOfInitiation::Reusable => PixPointOfInitiation::Reusable,
        PointOfInitiation::SingleUse => PixPointOfInitiation::SingleUse,
    }
}

impl From<BrCode> for PixCode {
    fn from(c: BrCode) -> Self {
        PixCode {
            kind: match c.kind {
                ChargeKind::Static => PixKind::Static,
                ChargeKind::Dynamic => PixKind::Dynamic,
            },
            point_of_initiation: c.point_of_initiation.map(point_of_initiation),
            key: c.key,
            key_type: c.key_type.map(PixKeyType::from),
            description: c.description,
            url: c.url,
            mcc: c.mcc,
            amount_cents: c.amount_cents,
            merchant_name: c.merchant_name,
            merchant_city: c.merchant_city,
            postal_code: c.postal_code,
            txid: c.txid,
            crc: c.crc,
            payload: c.payload,
            templates: c
                .templates
                .into_iter()
                .map(|t| PixTemplate {
                    id: t.id,
                    value: t.value,
                })
                .collect(),
        }
    }
}

impl From<PixChargeFields> for Charge {
    fn from(c: PixChargeFields) -> Self {
        Charge {
            key: c.key,
            url: c.url,
            description: c.description,
            point_of_initiation: c.point_of_initiation.map(|p| match p {
                PixPointOfInitiation::Reusable => PointOfInitiation::Reusable,
                PixPointOfInitiation::SingleUse => PointOfInitiation::SingleUse,
            }),
            mcc: c.mcc,
            amount_cents: c.amount_cents,
            merchant_name: c.merchant_name,
            merchant_city: c.merchant_city,
            postal_code: c.postal_code,
            txid: c.txid,
            templates: c
                .templates
                .into_iter()
                .map(|t| Template {
                    id: t.id,
                    value: t.value,
                })
                .collect(),
        }
    }
}

/// Decodes a BR Code, checking its structure, CRC and field rules.
#[uniffi::export]
pub fn parse_pix(input: String) -> Result<PixCode, PixError> {
    Ok(core::parse(&input)?.into())
}

#[uniffi::export]
pub fn is_valid_pix(input: String) -> bool {
    core::is_valid(&input)
}

#[uniffi::export]
pub fn validate_pix(input: String) -> Result<(), PixError> {
    Ok(core::validate(&input)?)
}

/// One verdict per payload, in one call.
#[uniffi::export]
pub fn validate_pixes(inputs: Vec<String>) -> Vec<bool> {
    inputs.iter().map(|s| core::is_valid(s)).collect()
}

/// The payload of a charge, CRC included.
#[uniffi::export]
pub fn build_pix(charge: PixChargeFields) -> Result<String, PixError> {
    Ok(Charge::from(charge).encode()?)
}

/// Classifies, validates and normalises a Pix key.
#[uniffi::export]
pub fn parse_pix_key(input: String) -> Result<PixKey, PixError> {
    let k = core::PixKey::parse(&input)?;
    Ok(PixKey {
        key_type: k.key_type.into(),
        value: k.value,
    })
}

#[uniffi::export]
pub fn is_valid_pix_key(input: String) -> bool {
    core::PixKey::is_valid(&input)
}

/// The QR code of a valid payload as an SVG document, at least `size` px wide.
#[uniffi::export]
pub fn pix_qr_svg(payload: String, size: u32) -> Result<String, PixError> {
    Ok(core::qr::svg(&payload, size)?)
}

/// The QR code of a valid payload as PNG bytes, `scale` pixels per module.
#[uniffi::export]
pub fn pix_qr_png(payload: String, scale: u32) -> Result<Vec<u8>, PixError> {
    Ok(core::qr::png(&payload, scale)?)
}
