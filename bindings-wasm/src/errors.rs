//! Core errors → JavaScript `Error`s carrying a stable `name`, the error
//! class as `code` and the fields a caller acts on. `js/api.ts` turns them
//! into instances of the package's `StoneError` subclasses.

use js_sys::{Error, Reflect};
use stone_openbank::barcode::BarcodeError;
use stone_openbank::documents::DocumentError;
use wasm_bindgen::JsValue;

fn error(name: &str, code: &str, message: &str, fields: &[(&str, JsValue)]) -> JsValue {
    let e = Error::new(message);
    e.set_name(name);
    // Reflect::set only fails on frozen or proxied objects; a fresh Error is
    // neither, so a failure could at most drop a field, never the error.
    let _ = Reflect::set(&e, &"code".into(), &code.into());
    for (key, value) in fields {
        let _ = Reflect::set(&e, &(*key).into(), value);
    }
    e.into()
}

pub fn barcode_error(e: &BarcodeError) -> JsValue {
    let mut fields: Vec<(&str, JsValue)> = vec![(
        "position",
        e.position()
            .map_or(JsValue::NULL, |p| JsValue::from(p as u32)),
    )];
    match e {
        BarcodeError::InvalidCharacter { found, .. } => {
            fields.push(("found", found.to_string().into()));
        }
        BarcodeError::InvalidLength { digits } => {
            fields.push(("digits", JsValue::from(*digits as u32)));
        }
        BarcodeError::UnknownCurrency { found, .. }
        | BarcodeError::UnknownValueType { found, .. }
        | BarcodeError::UnknownSegment { found, .. } => {
            fields.push(("found", JsValue::from(*found)));
        }
        BarcodeError::CheckDigit {
            digit,
            found,
            expected,
            ..
        } => {
            fields.push(("digit", digit.name().into()));
            fields.push(("found", JsValue::from(*found)));
            fields.push(("expected", JsValue::from(*expected)));
        }
        BarcodeError::InvalidField { field, .. } => {
            fields.push(("field", camel_case(field).into()));
        }
        _ => {}
    }
    error("InvalidBarcodeError", e.class(), &e.to_string(), &fields)
}

pub fn document_error(e: &DocumentError) -> JsValue {
    let mut fields: Vec<(&str, JsValue)> = Vec::new();
    match e {
        DocumentError::InvalidCharacter { position, found } => {
            fields.push(("position", JsValue::from(*position as u32)));
            fields.push(("found", found.to_string().into()));
        }
        DocumentError::CheckDigit {
            index,
            position,
            found,
            expected,
        } => {
            fields.push(("digit", format!("dv{index}").into()));
            fields.push(("position", JsValue::from(*position as u32)));
            fields.push(("found", found.to_string().into()));
            fields.push(("expected", expected.to_string().into()));
        }
        _ => {}
    }
    error("InvalidDocumentError", e.class(), &e.to_string(), &fields)
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
    error(
        "InvalidBarcodeError",
        "field",
        &format!("invalid {field}: {reason}"),
        &[("field", field.into()), ("position", JsValue::NULL)],
    )
}
