//! The npm package's WebAssembly module. Thin by design (ARCHITECTURE.md,
//! rule 2): argument checks that JavaScript's loose numbers need, conversion
//! of results, and one error mapping. Every rule lives in the core crate.
//! `js/api.ts` wraps these exports into the typed public API.
//!
//! Results cross as text: a decoded barcode as its fields joined by `|` (in
//! the order of `js/api.ts`'s decoder; no field can hold a `|`), other
//! results and errors as JSON. Building objects property by property through
//! the boundary, or serialising barcodes to JSON, was several times slower
//! (measured: BENCHMARKS.md). An error thrown as a string costs no stack
//! capture; api.ts raises the one typed `Error`.

#[cfg(feature = "client")]
mod client;
mod errors;

use serde::Serialize;
use stone_openbank::barcode::{self, BankBoleto, Barcode, CollectionDocument};
use stone_openbank::documents::{self, Cnpj, Cpf};
use time::Date;
use wasm_bindgen::prelude::*;

use errors::{barcode_error, document_error, invalid_argument, pix_error, pix_fault};
use stone_openbank::pix::{self, Charge, PixKey};

/// A panic is a bug, but if one happens its message reaches the console
/// instead of a bare "RuntimeError: unreachable".
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

/// JSON text of a result: `null` for absent values, numbers for amounts
/// (every amount here is far below 2^53).
fn to_js<T: Serialize>(value: &T) -> Result<String, JsValue> {
    serde_json::to_string(value).map_err(|e| JsValue::from_str(&errors::internal(&e.to_string())))
}

fn parse_date(field: &'static str, text: &str) -> Result<Date, JsValue> {
    barcode::parse_iso_date(text).map_err(|e| invalid_argument(field, &e))
}

/// A JavaScript number that must be a whole number in `0..=max`: refused
/// otherwise, never truncated or wrapped.
fn whole(field: &'static str, value: f64, max: i64) -> Result<i64, JsValue> {
    if value.fract() != 0.0 || !(0.0..=max as f64).contains(&value) {
        return Err(invalid_argument(
            field,
            &format!("must be a whole number from 0 to {max}, got {value}"),
        ));
    }
    Ok(value as i64)
}

/// Appends a non-negative integer (std's formatting machinery is built for
/// size here, and this is the decode hot path).
pub(crate) fn push_int(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[i..] {
        out.push(char::from(d));
    }
}

/// A decoded document as `|`-joined fields, read straight from the core's
/// borrowed view: `bank|bankCode|currencyCode|dueFactor|dueDate|amountCents|
/// freeField|barcode|digitableLine|formattedLine` or `collection|segment|
/// valueType|checkDigitMethod|amountCents|referenceValue|companyId|
/// freeField|barcode|digitableLine|formattedLine`; an empty field is null.
fn fields(doc: &Barcode) -> String {
    let mut out = String::with_capacity(224);
    let int = |out: &mut String, n: Option<i64>| {
        if let Some(n) = n {
            push_int(out, n.unsigned_abs());
        }
        out.push('|');
    };
    match doc {
        Barcode::Bank(b) => {
            for f in ["bank", b.bank_code(), b.currency_code()] {
                out.push_str(f);
                out.push('|');
            }
            int(&mut out, Some(i64::from(b.due_factor())));
            if let Some(d) = b.due_date() {
                out.push_str(&barcode::iso_date(d));
            }
            out.push('|');
            int(&mut out, Some(b.amount_cents()));
            for f in [b.free_field(), b.barcode(), b.digitable_line()] {
                out.push_str(f);
                out.push('|');
            }
            out.push_str(&b.formatted_line());
        }
        Barcode::Collection(c) => {
            out.push_str("collection|");
            int(&mut out, Some(i64::from(c.segment())));
            int(&mut out, Some(i64::from(c.value_type())));
            out.push_str(c.check_digit_method().as_str());
            out.push('|');
            int(&mut out, c.amount_cents());
            int(&mut out, c.reference_value());
            for f in [
                c.company_id(),
                c.free_field(),
                c.barcode(),
                c.digitable_line(),
            ] {
                out.push_str(f);
                out.push('|');
            }
            out.push_str(&c.formatted_line());
        }
    }
    out
}

#[wasm_bindgen(js_name = parseBarcode)]
pub fn parse_barcode(input: &str, reference_date: Option<String>) -> Result<String, JsValue> {
    let reference = match reference_date {
        Some(text) => parse_date("referenceDate", &text)?,
        None => barcode::today(),
    };
    let doc = barcode::parse_at(input, reference).map_err(|e| barcode_error(&e))?;
    Ok(fields(&doc))
}

#[wasm_bindgen(js_name = isValidBarcode)]
pub fn is_valid_barcode(input: &str) -> bool {
    barcode::is_valid(input)
}

#[wasm_bindgen(js_name = validateBarcode)]
pub fn validate_barcode(input: &str) -> Result<(), JsValue> {
    barcode::validate(input).map_err(|e| barcode_error(&e))
}

/// One verdict (1 or 0) per `\0`-separated input: the whole batch crosses
/// into wasm as the UTF-8 bytes of one string, made by the runtime's
/// `TextEncoder` (a native copy). Taking a `&str` instead costs more than
/// the checks: wasm-bindgen copies a string into wasm memory one JavaScript
/// character at a time.
#[wasm_bindgen(js_name = validateJoined)]
pub fn validate_joined(joined: &[u8]) -> Vec<u8> {
    barcode::validate_joined(&String::from_utf8_lossy(joined), '\0')
        .into_iter()
        .map(u8::from)
        .collect()
}

#[wasm_bindgen(js_name = toBarcode)]
pub fn to_barcode(input: &str) -> Result<String, JsValue> {
    barcode::to_barcode(input).map_err(|e| barcode_error(&e))
}

#[wasm_bindgen(js_name = toDigitableLine)]
pub fn to_digitable_line(input: &str) -> Result<String, JsValue> {
    barcode::to_digitable_line(input).map_err(|e| barcode_error(&e))
}

#[wasm_bindgen(js_name = formatLine)]
pub fn format_line(input: &str) -> Result<String, JsValue> {
    barcode::format_line(input).map_err(|e| barcode_error(&e))
}

#[wasm_bindgen(js_name = buildBankBoleto)]
pub fn build_bank_boleto(
    bank_code: &str,
    amount_cents: f64,
    free_field: &str,
    due_date: Option<String>,
) -> Result<String, JsValue> {
    let amount = whole("amountCents", amount_cents, 9_999_999_999)?;
    let due = due_date.map(|d| parse_date("dueDate", &d)).transpose()?;
    let boleto =
        BankBoleto::build(bank_code, due, amount, free_field).map_err(|e| barcode_error(&e))?;
    Ok(fields(&Barcode::Bank(boleto)))
}

#[wasm_bindgen(js_name = buildCollectionDocument)]
pub fn build_collection_document(
    segment: f64,
    value_type: f64,
    value: f64,
    company_id: &str,
    free_field: &str,
) -> Result<String, JsValue> {
    let segment = whole("segment", segment, 255)? as u8;
    let value_type = whole("valueType", value_type, 255)? as u8;
    let value = whole("value", value, 99_999_999_999)?;
    let doc = CollectionDocument::build(segment, value_type, value, company_id, free_field)
        .map_err(|e| barcode_error(&e))?;
    Ok(fields(&Barcode::Collection(doc)))
}

/// A valid CPF as a plain object.
#[derive(Serialize, tsify::Tsify)]
#[serde(rename_all = "camelCase")]
pub struct CpfInfo {
    /// The 11 digits.
    pub digits: String,
    /// `123.456.789-09`.
    pub formatted: String,
}

/// A valid CNPJ (numeric or alphanumeric) as a plain object.
#[derive(Serialize, tsify::Tsify)]
#[serde(rename_all = "camelCase")]
pub struct CnpjInfo {
    /// The 14 characters.
    pub digits: String,
    /// `12.ABC.345/01DE-35`.
    pub formatted: String,
    /// The first 8 characters: the company root.
    pub root: String,
    /// Whether it has letters (issued from July 2026).
    pub is_alphanumeric: bool,
}

#[wasm_bindgen(js_name = parseCpf)]
pub fn parse_cpf(input: &str) -> Result<String, JsValue> {
    let cpf = Cpf::parse(input).map_err(|e| document_error(&e))?;
    to_js(&CpfInfo {
        digits: cpf.as_str().to_owned(),
        formatted: cpf.formatted(),
    })
}

#[wasm_bindgen(js_name = parseCnpj)]
pub fn parse_cnpj(input: &str) -> Result<String, JsValue> {
    let cnpj = Cnpj::parse(input).map_err(|e| document_error(&e))?;
    to_js(&CnpjInfo {
        digits: cnpj.as_str().to_owned(),
        formatted: cnpj.formatted(),
        root: cnpj.root().to_owned(),
        is_alphanumeric: cnpj.is_alphanumeric(),
    })
}

#[wasm_bindgen(js_name = isValidCpf)]
pub fn is_valid_cpf(input: &str) -> bool {
    documents::is_valid_cpf(input)
}

#[wasm_bindgen(js_name = isValidCnpj)]
pub fn is_valid_cnpj(input: &str) -> bool {
    documents::is_valid_cnpj(input)
}

/// A decoded BR Code as its fields joined by U+001F (a payload is printable
/// ASCII, so no field holds one), in the order of `js/api.ts`'s `pixFrom`:
/// `kind, pointOfInitiation, key, keyType, description, url, mcc,
/// amountCents, merchantName, merchantCity, postalCode, txid, crc,
/// payload`, then
/// each template as `id=value`; an empty field is null.
fn pix_fields(code: &pix::BrCode) -> String {
    const SEP: char = '\u{1f}';
    let mut out = String::with_capacity(256);
    let opt = |out: &mut String, v: Option<&str>| {
        out.push_str(v.unwrap_or(""));
        out.push(SEP);
    };
    opt(
        &mut out,
        Some(match code.kind {
            pix::ChargeKind::Static => "static",
            pix::ChargeKind::Dynamic => "dynamic",
        }),
    );
    opt(&mut out, code.point_of_initiation.map(|p| p.code()));
    opt(&mut out, code.key.as_deref());
    opt(&mut out, code.key_type.map(|t| t.as_str()));
    opt(&mut out, code.description.as_deref());
    opt(&mut out, code.url.as_deref());
    opt(&mut out, Some(&code.mcc));
    if let Some(n) = code.amount_cents {
        push_int(&mut out, n.unsigned_abs());
    }
    out.push(SEP);
    opt(&mut out, Some(&code.merchant_name));
    opt(&mut out, Some(&code.merchant_city));
    opt(&mut out, code.postal_code.as_deref());
    opt(&mut out, Some(&code.txid));
    opt(&mut out, Some(&code.crc));
    out.push_str(&code.payload);
    for t in &code.templates {
        out.push(SEP);
        out.push_str(&t.id);
        out.push('=');
        out.push_str(&t.value);
    }
    out
}

#[wasm_bindgen(js_name = parsePix)]
pub fn parse_pix(input: &str) -> String {
    // Never throws: a fault comes back as text (`errors::pix_fault`), which
    // `parsePix` throws and `safeParsePix` returns, without an exception
    // crossing the boundary.
    match pix::parse(input) {
        Ok(code) => pix_fields(&code),
        Err(e) => pix_fault(&e),
    }
}

#[wasm_bindgen(js_name = isValidPix)]
pub fn is_valid_pix(input: &str) -> bool {
    pix::is_valid(input)
}

#[wasm_bindgen(js_name = validatePix)]
pub fn validate_pix(input: &str) -> Result<(), JsValue> {
    pix::validate(input).map_err(|e| pix_error(&e))
}

/// One verdict (1 or 0) per `\0`-separated payload, as UTF-8 bytes (see
/// `validateJoined`).
#[wasm_bindgen(js_name = validatePixJoined)]
pub fn validate_pix_joined(joined: &[u8]) -> Vec<u8> {
    pix::validate_joined(&String::from_utf8_lossy(joined), '\0')
        .into_iter()
        .map(u8::from)
        .collect()
}

/// The payload of a charge. Its fields cross as arguments, not JSON: a
/// JSON deserializer would add tens of KB to this module. `templates` is
/// `id=value` pairs joined by U+001F.
#[wasm_bindgen(js_name = buildPix)]
#[allow(clippy::too_many_arguments)]
pub fn build_pix(
    key: Option<String>,
    url: Option<String>,
    description: Option<String>,
    point_of_initiation: Option<String>,
    mcc: Option<String>,
    amount_cents: Option<f64>,
    merchant_name: String,
    merchant_city: String,
    postal_code: Option<String>,
    txid: Option<String>,
    templates: Option<String>,
) -> Result<String, JsValue> {
    let bad = |field: &'static str, id: &'static str, reason: String| {
        pix_error(&pix::PixError::Field {
            field,
            id,
            position: None,
            reason,
        })
    };
    let point_of_initiation = point_of_initiation
        .map(|p| pix::PointOfInitiation::parse(&p, None))
        .transpose()
        .map_err(|e| pix_error(&e))?;
    let amount_cents = match amount_cents {
        None => None,
        Some(v) if v.fract() == 0.0 && (0.0..=pix::MAX_CENTS as f64).contains(&v) => Some(v as i64),
        Some(v) => {
            return Err(bad(
                "amount",
                "54",
                format!("must be a whole number of centavos from 0 to 999,999,999,999, got {v}"),
            ))
        }
    };
    let templates = templates
        .as_deref()
        .filter(|t| !t.is_empty())
        .map(|t| {
            t.split('\u{1f}')
                .map(|pair| {
                    let (id, value) = pair.split_once('=').unwrap_or((pair, ""));
                    pix::Template {
                        id: id.to_owned(),
                        value: value.to_owned(),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    Charge {
        key,
        url,
        description,
        point_of_initiation,
        mcc,
        amount_cents,
        merchant_name,
        merchant_city,
        postal_code,
        txid,
        templates,
    }
    .encode()
    .map_err(|e| pix_error(&e))
}

/// A key as `{"key_type", "value"}` JSON.
#[wasm_bindgen(js_name = parsePixKey)]
pub fn parse_pix_key(input: &str) -> Result<String, JsValue> {
    let key = PixKey::parse(input).map_err(|e| pix_error(&e))?;
    to_js(&key)
}
