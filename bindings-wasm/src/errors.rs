//! Core errors → JSON text thrown to JavaScript: a stable `name`, the error
//! class as `code`, the message and the fields a caller acts on. `js/api.ts`
//! turns it into an instance of the package's `StoneError` subclasses.

use serde_json::{json, Map, Value};
use stone_openbank::barcode::BarcodeError;
use stone_openbank::documents::DocumentError;
use wasm_bindgen::JsValue;

fn error(name: &str, code: &str, message: &str, fields: Map<String, Value>) -> JsValue {
    let mut map = fields;
    map.insert("name".into(), name.into());
    map.insert("code".into(), code.into());
    map.insert("message".into(), message.into());
    JsValue::from_str(&Value::Object(map).to_string())
}

pub fn barcode_error(e: &BarcodeError) -> JsValue {
    let mut f = Map::new();
    f.insert("position".into(), json!(e.position()));
    match e {
        BarcodeError::InvalidCharacter { found, .. } => {
            f.insert("found".into(), json!(found.to_string()));
        }
        BarcodeError::InvalidLength { digits } => {
            f.insert("digits".into(), json!(digits));
        }
        BarcodeError::UnknownCurrency { found, .. }
        | BarcodeError::UnknownValueType { found, .. }
        | BarcodeError::UnknownSegment { found, .. } => {
            f.insert("found".into(), json!(found));
        }
        BarcodeError::CheckDigit {
            digit,
            found,
            expected,
            ..
        } => {
            f.insert("digit".into(), json!(digit.name()));
            f.insert("found".into(), json!(found));
            f.insert("expected".into(), json!(expected));
        }
        BarcodeError::InvalidField { field, .. } => {
            f.insert("field".into(), json!(camel_case(field)));
        }
        _ => {}
    }
    error("InvalidBarcodeError", e.class(), &e.to_string(), f)
}

pub fn document_error(e: &DocumentError) -> JsValue {
    let mut f = Map::new();
    match e {
        DocumentError::InvalidCharacter { position, found } => {
            f.insert("position".into(), json!(position));
            f.insert("found".into(), json!(found.to_string()));
        }
        DocumentError::CheckDigit {
            index,
            position,
            found,
            expected,
        } => {
            f.insert("digit".into(), json!(format!("dv{index}")));
            f.insert("position".into(), json!(position));
            f.insert("found".into(), json!(found.to_string()));
            f.insert("expected".into(), json!(expected.to_string()));
        }
        _ => {}
    }
    error("InvalidDocumentError", e.class(), &e.to_string(), f)
}

/// The core names builder fields in snake_case; JavaScript callers passed
/// them in camelCase (`freeField`), so `error.field` uses their names.
fn camel_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// An argument JavaScript allowed but the SDK cannot take (a fractional or
/// negative amount, a malformed date): the same shape as a builder's
/// `field` error.
pub fn invalid_argument(field: &str, reason: &str) -> JsValue {
    let mut f = Map::new();
    f.insert("field".into(), json!(field));
    f.insert("position".into(), Value::Null);
    error(
        "InvalidBarcodeError",
        "field",
        &format!("invalid {field}: {reason}"),
        f,
    )
}

/// A failure that is a bug of ours (serialising a record cannot fail).
pub fn internal(reason: &str) -> String {
    json!({"name": "StoneError", "code": "internal", "message": reason}).to_string()
}

/// A Pix fault as it crosses to JavaScript: `PIX_FAULT`, then the class,
/// position, field, id, found, expected, key type and, last (it may quote
/// the input, separator included), the message, joined by U+001F (empty
/// when absent). Plain text rather than a JSON object built
/// field by field: an invalid BR Code is an everyday input (a typo in a
/// pasted "copia e cola"), and `safeParsePix` answers it in about the time
/// a valid one takes. `js/api.ts` (`pixFault`) unpacks it.
pub const PIX_FAULT: &str = "InvalidPixError\u{1f}";

pub fn pix_fault(e: &stone_openbank::pix::PixError) -> String {
    use stone_openbank::pix::PixError;
    const SEP: char = '\u{1f}';
    let mut out = String::with_capacity(128);
    out.push_str(PIX_FAULT);
    out.push_str(e.class());
    out.push(SEP);
    if let Some(p) = e.position() {
        crate::push_int(&mut out, p as u64);
    }
    let (field, id, found, expected, key_type) = match e {
        PixError::Field { field, id, .. } => (*field, *id, "", "", ""),
        PixError::Crc {
            found, expected, ..
        } => ("", "", found.as_str(), expected.as_str(), ""),
        PixError::Key { key_type, .. } => ("", "", "", "", key_type.map_or("", |t| t.as_str())),
        _ => ("", "", "", "", ""),
    };
    for v in [field, id, found, expected, key_type] {
        out.push(SEP);
        out.push_str(v);
    }
    out.push(SEP);
    out.push_str(&e.to_string());
    out
}

/// A Pix fault thrown to JavaScript (`convert` in `js/api.ts` makes it an
/// `InvalidPixError`).
pub fn pix_error(e: &stone_openbank::pix::PixError) -> JsValue {
    JsValue::from_str(&pix_fault(e))
}
