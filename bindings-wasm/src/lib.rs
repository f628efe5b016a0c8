//! The npm package's WebAssembly module. Thin by design (ARCHITECTURE.md,
//! rule 2): argument checks that JavaScript's loose numbers need, conversion
//! of results to plain objects, and one error mapping. Every rule lives in
//! the core crate. `js/api.ts` wraps these exports into the typed public API.

mod errors;

use serde::Serialize;
use stone_openbank::barcode::{self, BankBoleto, BarcodeRecord, CollectionDocument};
use stone_openbank::documents::{self, Cnpj, Cpf};
use time::Date;
use wasm_bindgen::prelude::*;

use errors::{barcode_error, document_error, invalid_argument};

/// A panic is a bug, but if one happens its message reaches the console
/// instead of a bare "RuntimeError: unreachable".
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

/// Plain objects: `null` for absent values, objects not `Map`s, numbers
/// (every amount here is far below 2^53).
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsValue::from(js_sys::Error::new(&e.to_string())))
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

#[wasm_bindgen(js_name = parseBarcode)]
pub fn parse_barcode(input: &str, reference_date: Option<String>) -> Result<JsValue, JsValue> {
    let reference = match reference_date {
        Some(text) => parse_date("referenceDate", &text)?,
        None => barcode::today(),
    };
    let doc = barcode::parse_at(input, reference).map_err(|e| barcode_error(&e))?;
    to_js(&BarcodeRecord::from(&doc))
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
/// into wasm as one string.
#[wasm_bindgen(js_name = validateJoined)]
pub fn validate_joined(joined: &str) -> Vec<u8> {
    barcode::validate_joined(joined, '\0')
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
) -> Result<JsValue, JsValue> {
    let amount = whole("amountCents", amount_cents, 9_999_999_999)?;
    let due = due_date.map(|d| parse_date("dueDate", &d)).transpose()?;
    let boleto =
        BankBoleto::build(bank_code, due, amount, free_field).map_err(|e| barcode_error(&e))?;
    to_js(&BarcodeRecord::Bank((&boleto).into()))
}

#[wasm_bindgen(js_name = buildCollectionDocument)]
pub fn build_collection_document(
    segment: f64,
    value_type: f64,
    value: f64,
    company_id: &str,
    free_field: &str,
) -> Result<JsValue, JsValue> {
    let segment = whole("segment", segment, 255)? as u8;
    let value_type = whole("valueType", value_type, 255)? as u8;
    let value = whole("value", value, 99_999_999_999)?;
    let doc = CollectionDocument::build(segment, value_type, value, company_id, free_field)
        .map_err(|e| barcode_error(&e))?;
    to_js(&BarcodeRecord::Collection((&doc).into()))
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
pub fn parse_cpf(input: &str) -> Result<JsValue, JsValue> {
    let cpf = Cpf::parse(input).map_err(|e| document_error(&e))?;
    to_js(&CpfInfo {
        digits: cpf.as_str().to_owned(),
        formatted: cpf.formatted(),
    })
}

#[wasm_bindgen(js_name = parseCnpj)]
pub fn parse_cnpj(input: &str) -> Result<JsValue, JsValue> {
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
