//! Reading a BR Code: structure, CRC, then the field rules of the BCB
//! manual, in that order, so the reported class is the first fault's.

use super::crc::crc16;
use super::key::KeyType;
use super::tlv::{self, Element, Template, TlvFault};
use super::{PixError, PointOfInitiation};

/// Whether the payer's bank finds the charge in the code or at a URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChargeKind {
    /// The code carries a Pix key (and maybe an amount and a description).
    Static,
    /// The code carries the URL of a charge (`cob`/`cobv`) to fetch.
    Dynamic,
}

/// A valid BR Code, every field decoded. Absent optional fields are `None`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct BrCode {
    pub kind: ChargeKind,
    /// Field `01`: `11` reusable, `12` single use (serialised as the code).
    pub point_of_initiation: Option<PointOfInitiation>,
    /// The Pix key of a static code, as written.
    pub key: Option<String>,
    /// The key's type, by its shape (see [`KeyType::of_brcode_key`]).
    pub key_type: Option<KeyType>,
    /// Field `26.02`: the payer sees it (static codes).
    pub description: Option<String>,
    /// Field `26.25`: the charge's location, without a scheme (dynamic codes).
    pub url: Option<String>,
    /// Field `52`: the merchant category code (`0000` when unused).
    pub mcc: String,
    /// Field `54` in centavos; `None` lets the payer choose.
    pub amount_cents: Option<i64>,
    pub merchant_name: String,
    pub merchant_city: String,
    /// Field `61`: a CEP, 8 digits.
    pub postal_code: Option<String>,
    /// Field `62.05`: `***` when the receiver has none.
    pub txid: String,
    /// Field `63`: 4 uppercase hex digits.
    pub crc: String,
    /// The payload as read (surrounding whitespace dropped) or written.
    pub payload: String,
    /// Elements the rules do not interpret (ids 80–99, other arrangements'
    /// accounts 27–51, ...), kept in order so the code re-encodes whole.
    pub templates: Vec<Template>,
}

/// The fields of a valid payload, borrowed from it (validation allocates
/// nothing; [`parse`] copies them into a [`BrCode`]).
struct Fields<'a> {
    point_of_initiation: Option<PointOfInitiation>,
    key: Option<(&'a str, KeyType)>,
    description: Option<&'a str>,
    url: Option<&'a str>,
    mcc: &'a str,
    amount_cents: Option<i64>,
    merchant_name: &'a str,
    merchant_city: &'a str,
    postal_code: Option<&'a str>,
    txid: &'a str,
    crc: &'a str,
    payload: &'a str,
    templates: Vec<Element<'a>>,
}

/// Parses a "copia e cola" payload.
pub fn parse(input: &str) -> Result<BrCode, PixError> {
    let f = read(input, true)?;
    Ok(BrCode {
        kind: if f.key.is_some() {
            ChargeKind::Static
        } else {
            ChargeKind::Dynamic
        },
        point_of_initiation: f.point_of_initiation,
        key: f.key.map(|(k, _)| k.to_owned()),
        key_type: f.key.map(|(_, t)| t),
        description: f.description.map(str::to_owned),
        url: f.url.map(str::to_owned),
        mcc: f.mcc.to_owned(),
        amount_cents: f.amount_cents,
        merchant_name: f.merchant_name.to_owned(),
        merchant_city: f.merchant_city.to_owned(),
        postal_code: f.postal_code.map(str::to_owned),
        txid: f.txid.to_owned(),
        crc: f.crc.to_owned(),
        payload: f.payload.to_owned(),
        templates: f
            .templates
            .iter()
            .map(|e| Template {
                id: format!("{:02}", e.id),
                value: e.value.to_owned(),
            })
            .collect(),
    })
}

/// Checks a payload without building the result.
pub fn validate(input: &str) -> Result<(), PixError> {
    read(input, false).map(|_| ())
}

/// Whether a payload is a valid BR Code.
pub fn is_valid(input: &str) -> bool {
    read(input, false).is_ok()
}

/// One verdict per `separator`-separated payload (for bindings that pay per
/// crossing: the whole batch crosses once).
pub fn validate_joined(joined: &str, separator: char) -> Vec<bool> {
    joined.split(separator).map(is_valid).collect()
}

const GUI: &str = "br.gov.bcb.pix";

fn structure(position: usize, reason: impl Into<String>) -> PixError {
    PixError::Structure {
        position,
        reason: reason.into(),
    }
}

/// The whole check. `keep` collects the uninterpreted templates (parse);
/// validation skips that allocation.
fn read(input: &str, keep: bool) -> Result<Fields<'_>, PixError> {
    let trimmed = input.trim_start();
    let offset = input.len() - trimmed.len();
    let payload = trimmed.trim_end();
    // Offsets count characters; leading whitespace may be multi-byte.
    let offset = input[..offset].chars().count();
    if payload.is_empty() {
        return Err(structure(offset, "the payload is empty"));
    }
    if let Some(i) = payload.bytes().position(|b| !(b' '..=b'~').contains(&b)) {
        return Err(structure(
            offset + payload[..i].chars().count(),
            "only printable ASCII is allowed (names without accents)",
        ));
    }

    // Structure: TLV all the way, last element 63 with 4 characters.
    let mut elements: [Option<Element<'_>>; 100] = [None; 100];
    let mut last: Option<Element<'_>> = None;
    let mut repeated: Option<Element<'_>> = None;
    let mut templates = Vec::new();
    let mut count = 0usize;
    tlv::read(payload, offset, |e| {
        count += 1;
        if let Some(slot) = elements.get_mut(usize::from(e.id)) {
            if slot.is_some() && repeated.is_none() {
                repeated = Some(e);
            }
            *slot = Some(e);
        }
        if keep && !is_interpreted(e.id) && repeated.is_none() {
            templates.push(e);
        }
        last = Some(e);
        Ok(())
    })
    .map_err(|f| match f {
        TlvFault::Structure(p, r) => structure(p, r),
        TlvFault::Inner(e) => e,
    })?;
    let crc = match last {
        Some(e) if e.id == 63 && e.value.len() == 4 => e,
        Some(e) if e.id == 63 => {
            return Err(structure(
                e.position - 4,
                "the CRC element (63) must have 4 characters",
            ))
        }
        _ => {
            return Err(structure(
                offset + payload.len(),
                "the last element must be the CRC (id 63)",
            ))
        }
    };

    // CRC: over everything before its value, `6304` included.
    let covered = crc.position - offset;
    let expected = crc16(&payload.as_bytes()[..covered]);
    if crc.value.as_bytes() != expected {
        return Err(PixError::Crc {
            position: crc.position,
            found: crc.value.to_owned(),
            expected: String::from_utf8_lossy(&expected).into_owned(),
        });
    }

    // Fields.
    if let Some(e) = repeated {
        return Err(PixError::field(
            "element",
            "--",
            Some(e.position - 4),
            format!("id {:02} appears twice", e.id),
        ));
    }
    let get = |id: usize| elements.get(id).copied().flatten();
    let first = payload.get(..2);
    match get(0) {
        Some(e) if first == Some("00") && e.value == "01" => {}
        Some(e) if first == Some("00") => {
            return Err(PixError::field(
                "payload_format",
                "00",
                Some(e.position),
                format!("must be 01, found {:?}", e.value),
            ))
        }
        _ => {
            return Err(PixError::field(
                "payload_format",
                "00",
                Some(offset),
                "the payload must start with element 00 (01)",
            ))
        }
    }
    let point_of_initiation = get(1)
        .map(|e| PointOfInitiation::parse(e.value, Some(e.position)))
        .transpose()?;
    let account = merchant_account(get(26), offset)?;
    let mcc = required(get(52), "mcc", "52", offset)?;
    if mcc.value.len() != 4 || !mcc.value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(PixError::field(
            "mcc",
            "52",
            Some(mcc.position),
            "must be 4 digits",
        ));
    }
    let currency = required(get(53), "currency", "53", offset)?;
    if currency.value != "986" {
        return Err(PixError::field(
            "currency",
            "53",
            Some(currency.position),
            format!("must be 986 (real), found {:?}", currency.value),
        ));
    }
    let amount_cents = get(54).map(amount).transpose()?;
    let country = required(get(58), "country", "58", offset)?;
    if country.value != "BR" {
        return Err(PixError::field(
            "country",
            "58",
            Some(country.position),
            format!("must be BR, found {:?}", country.value),
        ));
    }
    let name = required(get(59), "merchant_name", "59", offset)?;
    if name.value.len() > 25 {
        return Err(PixError::field(
            "merchant_name",
            "59",
            Some(name.position),
            format!("at most 25 characters, found {}", name.value.len()),
        ));
    }
    let city = required(get(60), "merchant_city", "60", offset)?;
    if city.value.len() > 15 {
        return Err(PixError::field(
            "merchant_city",
            "60",
            Some(city.position),
            format!("at most 15 characters, found {}", city.value.len()),
        ));
    }
    let postal_code = match get(61) {
        Some(e) if e.value.len() == 8 && e.value.bytes().all(|b| b.is_ascii_digit()) => {
            Some(e.value)
        }
        Some(e) => {
            return Err(PixError::field(
                "postal_code",
                "61",
                Some(e.position),
                "must be 8 digits",
            ))
        }
        None => None,
    };
    let txid = additional_data(get(62), offset)?;

    Ok(Fields {
        point_of_initiation,
        key: account.key,
        description: account.description,
        url: account.url,
        mcc: mcc.value,
        amount_cents,
        merchant_name: name.value,
        merchant_city: city.value,
        postal_code,
        txid,
        crc: crc.value,
        payload,
        templates,
    })
}

/// The ids the rules interpret; every other element is kept as a template.
pub(crate) fn is_interpreted(id: u8) -> bool {
    matches!(id, 0 | 1 | 26 | 52 | 53 | 54 | 58 | 59 | 60 | 61 | 62 | 63)
}

fn required<'a>(
    e: Option<Element<'a>>,
    field: &'static str,
    id: &'static str,
    offset: usize,
) -> Result<Element<'a>, PixError> {
    e.ok_or_else(|| PixError::field(field, id, Some(offset), format!("element {id} is required")))
}

/// `\d{1,10}\.\d{2}` in centavos.
fn amount(e: Element<'_>) -> Result<i64, PixError> {
    let bad = || {
        PixError::field(
            "amount",
            "54",
            Some(e.position),
            format!(
                "must be 1 to 10 digits, a point and 2 decimals, found {:?}",
                e.value
            ),
        )
    };
    let (whole, cents) = e.value.split_once('.').ok_or_else(bad)?;
    if whole.is_empty()
        || whole.len() > 10
        || cents.len() != 2
        || !whole
            .bytes()
            .chain(cents.bytes())
            .all(|b| b.is_ascii_digit())
    {
        return Err(bad());
    }
    let mut n: i64 = 0;
    for b in whole.bytes().chain(cents.bytes()) {
        n = n * 10 + i64::from(b - b'0');
    }
    Ok(n)
}

struct Account<'a> {
    key: Option<(&'a str, KeyType)>,
    description: Option<&'a str>,
    url: Option<&'a str>,
}

/// Element 26: GUI, then exactly one of a key (01, maybe with a description
/// 02) or a URL (25).
fn merchant_account(e: Option<Element<'_>>, offset: usize) -> Result<Account<'_>, PixError> {
    let e = required(e, "merchant_account", "26", offset)?;
    let mut gui = None;
    let mut key = None;
    let mut description = None;
    let mut url = None;
    tlv::read(e.value, e.position, |sub| {
        let slot = match sub.id {
            0 => &mut gui,
            1 => &mut key,
            2 => &mut description,
            25 => &mut url,
            other => {
                return Err(PixError::field(
                    "merchant_account",
                    "26",
                    Some(sub.position - 4),
                    format!("unknown element {other:02} in the Pix merchant account"),
                ))
            }
        };
        if slot.is_some() {
            return Err(PixError::field(
                "merchant_account",
                "26",
                Some(sub.position - 4),
                format!("element 26.{:02} appears twice", sub.id),
            ));
        }
        *slot = Some(sub);
        Ok(())
    })
    .map_err(|f| match f {
        TlvFault::Structure(p, r) => PixError::field("merchant_account", "26", Some(p), r),
        TlvFault::Inner(e) => e,
    })?;
    match gui {
        Some(g) if g.value.eq_ignore_ascii_case(GUI) => {}
        Some(g) => {
            return Err(PixError::field(
                "gui",
                "26.00",
                Some(g.position),
                format!("must be {GUI}, found {:?}", g.value),
            ))
        }
        None => {
            return Err(PixError::field(
                "gui",
                "26.00",
                Some(e.position),
                "the merchant account has no GUI (26.00)",
            ))
        }
    }
    match (key, url) {
        (Some(k), None) => {
            let key_type = KeyType::of_brcode_key(k.value).ok_or_else(|| {
                PixError::field(
                    "key",
                    "26.01",
                    Some(k.position),
                    "not a CPF, CNPJ, +phone, e-mail or lowercase random key",
                )
            })?;
            Ok(Account {
                key: Some((k.value, key_type)),
                description: description.map(|d| d.value),
                url: None,
            })
        }
        (None, Some(u)) => {
            if let Some(d) = description {
                return Err(PixError::field(
                    "description",
                    "26.02",
                    Some(d.position),
                    "a description goes with a key, not with a URL",
                ));
            }
            if u.value.contains("://") {
                return Err(PixError::field(
                    "url",
                    "26.25",
                    Some(u.position),
                    "the URL is written without its scheme",
                ));
            }
            Ok(Account {
                key: None,
                description: None,
                url: Some(u.value),
            })
        }
        (Some(_), Some(u)) => Err(PixError::field(
            "merchant_account",
            "26",
            Some(u.position - 4),
            "a key (26.01) and a URL (26.25): exactly one is allowed",
        )),
        (None, None) => Err(PixError::field(
            "merchant_account",
            "26",
            Some(e.position),
            "neither a key (26.01) nor a URL (26.25)",
        )),
    }
}

/// Element 62: the txid (05), `***` or 1–25 letters and digits.
fn additional_data(e: Option<Element<'_>>, offset: usize) -> Result<&str, PixError> {
    let e = required(e, "additional_data", "62", offset)?;
    let mut txid = None;
    tlv::read(e.value, e.position, |sub| {
        if sub.id == 5 {
            if txid.is_some() {
                return Err(PixError::field(
                    "txid",
                    "62.05",
                    Some(sub.position - 4),
                    "element 62.05 appears twice",
                ));
            }
            txid = Some(sub);
        }
        Ok(())
    })
    .map_err(|f| match f {
        TlvFault::Structure(p, r) => PixError::field("additional_data", "62", Some(p), r),
        TlvFault::Inner(e) => e,
    })?;
    let t = txid.ok_or_else(|| {
        PixError::field(
            "txid",
            "62.05",
            Some(e.position),
            "the additional data has no txid (62.05); use *** for none",
        )
    })?;
    if !super::txid::is_brcode_txid(t.value) {
        return Err(PixError::field(
            "txid",
            "62.05",
            Some(t.position),
            format!(
                "must be *** or 1 to 25 letters and digits, found {:?}",
                t.value
            ),
        ));
    }
    Ok(t.value)
}
