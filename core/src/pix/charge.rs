//! Writing a BR Code from fields.
//!
//! Every rule is checked once, by the reader: `encode` refuses what cannot
//! be written as TLV (empty, too long, not printable ASCII), writes the
//! payload, then reads it back with [`super::parse`]'s checks. A code this
//! SDK builds is a code it (and the payer's bank) can read.

use super::brcode::{self, BrCode};
use super::crc::crc16;
use super::tlv::{self, Template};
use super::{PixError, PointOfInitiation};

/// The fields of a charge to encode. Exactly one of `key` (a static code)
/// and `url` (a dynamic one, without `https://`) must be set.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Charge {
    pub key: Option<String>,
    pub url: Option<String>,
    /// Shown to the payer; static codes only.
    pub description: Option<String>,
    pub point_of_initiation: Option<PointOfInitiation>,
    /// The merchant category code; `0000` when `None`.
    pub mcc: Option<String>,
    /// In centavos; `None` lets the payer choose.
    pub amount_cents: Option<i64>,
    /// 1–25 characters (printable ASCII: write names without accents).
    pub merchant_name: String,
    /// 1–15 characters.
    pub merchant_city: String,
    pub postal_code: Option<String>,
    /// `***` when `None`.
    pub txid: Option<String>,
    /// Extra elements (ids 80–99 and others the rules leave alone).
    pub templates: Vec<Template>,
}

/// The largest amount field `54` holds (`\d{10}\.\d{2}`), in centavos.
pub const MAX_CENTS: i64 = 999_999_999_999;

/// A value that TLV can carry: 1–99 printable ASCII characters.
fn writable(field: &'static str, id: &'static str, value: &str) -> Result<(), PixError> {
    let reason = if value.is_empty() {
        "must not be empty"
    } else if value.len() > 99 {
        "at most 99 characters"
    } else if !value.bytes().all(|b| (b' '..=b'~').contains(&b)) {
        "only printable ASCII (write names without accents)"
    } else {
        return Ok(());
    };
    Err(PixError::field(field, id, None, reason))
}

impl Charge {
    /// A charge from its JSON (the bindings' crossing): snake_case fields,
    /// unknown ones refused (a typo must not drop a field silently).
    pub fn from_json(text: &str) -> Result<Charge, PixError> {
        serde_json::from_str(text).map_err(|e| PixError::field("charge", "--", None, e.to_string()))
    }

    /// The "copia e cola" payload, CRC included.
    pub fn encode(&self) -> Result<String, PixError> {
        let mut out = String::with_capacity(160);
        tlv::write(&mut out, 0, "01");
        if let Some(p) = self.point_of_initiation {
            tlv::write(&mut out, 1, p.code());
        }
        let mut account = String::with_capacity(99);
        tlv::write(&mut account, 0, "br.gov.bcb.pix");
        match (&self.key, &self.url) {
            (Some(key), None) => {
                writable("key", "26.01", key)?;
                tlv::write(&mut account, 1, key);
                if let Some(d) = &self.description {
                    writable("description", "26.02", d)?;
                    tlv::write(&mut account, 2, d);
                }
            }
            (None, Some(url)) => {
                writable("url", "26.25", url)?;
                tlv::write(&mut account, 25, url);
                if self.description.is_some() {
                    return Err(PixError::field(
                        "description",
                        "26.02",
                        None,
                        "a description goes with a key, not with a URL",
                    ));
                }
            }
            _ => {
                return Err(PixError::field(
                    "merchant_account",
                    "26",
                    None,
                    "give exactly one of a key (static) or a URL (dynamic)",
                ))
            }
        }
        writable("merchant_account", "26", &account)?;
        tlv::write(&mut out, 26, &account);
        let mcc = self.mcc.as_deref().unwrap_or("0000");
        writable("mcc", "52", mcc)?;
        tlv::write(&mut out, 52, mcc);
        tlv::write(&mut out, 53, "986");
        if let Some(cents) = self.amount_cents {
            if !(0..=MAX_CENTS).contains(&cents) {
                return Err(PixError::field(
                    "amount",
                    "54",
                    None,
                    format!("must be 0 to 999,999,999,999 centavos, got {cents}"),
                ));
            }
            tlv::write(&mut out, 54, &format!("{}.{:02}", cents / 100, cents % 100));
        }
        tlv::write(&mut out, 58, "BR");
        writable("merchant_name", "59", &self.merchant_name)?;
        tlv::write(&mut out, 59, &self.merchant_name);
        writable("merchant_city", "60", &self.merchant_city)?;
        tlv::write(&mut out, 60, &self.merchant_city);
        if let Some(cep) = &self.postal_code {
            writable("postal_code", "61", cep)?;
            tlv::write(&mut out, 61, cep);
        }
        let txid = self.txid.as_deref().unwrap_or("***");
        if !super::txid::is_brcode_txid(txid) {
            return Err(PixError::field(
                "txid",
                "62.05",
                None,
                "must be *** or 1 to 25 letters and digits",
            ));
        }
        let mut additional = String::with_capacity(40);
        tlv::write(&mut additional, 5, txid);
        tlv::write(&mut out, 62, &additional);
        for t in &self.templates {
            let Some(n) = tlv::two_digits(t.id.as_bytes()) else {
                return Err(PixError::field(
                    "templates",
                    "--",
                    None,
                    format!("a template id is 2 digits, got {:?}", t.id),
                ));
            };
            if brcode::is_interpreted(n) {
                return Err(PixError::field(
                    "templates",
                    "--",
                    None,
                    format!("id {} is a field of the charge, not a free template", t.id),
                ));
            }
            writable("templates", "--", &t.value)?;
            tlv::write(&mut out, n, &t.value);
        }
        out.push_str("6304");
        let crc = crc16(out.as_bytes());
        out.extend(crc.iter().map(|&b| char::from(b)));
        // The reader's rules, once: positions in our own output mean nothing
        // to the caller, so they are dropped.
        brcode::validate(&out).map_err(|e| match e {
            PixError::Field {
                field, id, reason, ..
            } => PixError::Field {
                field,
                id,
                position: None,
                reason,
            },
            other => other,
        })?;
        Ok(out)
    }

    /// Encodes and reads back: the decoded code with its CRC.
    pub fn build(&self) -> Result<BrCode, PixError> {
        brcode::parse(&self.encode()?)
    }
}

impl BrCode {
    /// The fields to encode this code again (templates included).
    pub fn to_charge(&self) -> Charge {
        Charge {
            key: self.key.clone(),
            url: self.url.clone(),
            description: self.description.clone(),
            point_of_initiation: self.point_of_initiation,
            mcc: Some(self.mcc.clone()),
            amount_cents: self.amount_cents,
            merchant_name: self.merchant_name.clone(),
            merchant_city: self.merchant_city.clone(),
            postal_code: self.postal_code.clone(),
            txid: Some(self.txid.clone()),
            templates: self.templates.clone(),
        }
    }
}
