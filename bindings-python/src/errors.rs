//! Core errors → the exception classes of `stone_openbank.errors` (defined
//! in Python so they are ordinary, picklable, typed classes), each carrying
//! the fields a caller acts on.

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyModule};
use stone_openbank::barcode::BarcodeError;
use stone_openbank::documents::DocumentError;

static ERRORS: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

/// Instantiates `stone_openbank.errors.<class>(message, **fields)`.
fn raise(py: Python<'_>, class: &str, message: String, fields: &Bound<'_, PyDict>) -> PyErr {
    let build = || -> PyResult<PyErr> {
        let module = ERRORS.get_or_try_init(py, || {
            PyModule::import(py, "stone_openbank.errors").map(Bound::unbind)
        })?;
        let exception = module
            .bind(py)
            .getattr(class)?
            .call((message,), Some(fields))?;
        Ok(PyErr::from_value(exception))
    };
    // Only a broken install (errors.py missing) lands here.
    build().unwrap_or_else(|e| PyRuntimeError::new_err(format!("stone_openbank.errors: {e}")))
}

pub fn barcode_error(py: Python<'_>, e: &BarcodeError) -> PyErr {
    let fields = PyDict::new(py);
    // Setting items on a fresh dict cannot fail in practice; a failure would
    // only drop a field, never the exception itself.
    let _ = fields.set_item("error_class", e.class());
    let _ = fields.set_item("position", e.position());
    let class = match e {
        BarcodeError::InvalidCharacter { found, .. } => {
            let _ = fields.set_item("found", found.to_string());
            "InvalidCharacter"
        }
        BarcodeError::InvalidLength { digits } => {
            let _ = fields.set_item("digits", *digits);
            "InvalidLength"
        }
        BarcodeError::UnknownCurrency { found, .. } => {
            let _ = fields.set_item("found", *found);
            "UnknownCurrency"
        }
        BarcodeError::UnknownValueType { found, .. } => {
            let _ = fields.set_item("found", *found);
            "UnknownValueType"
        }
        BarcodeError::UnknownSegment { found, .. } => {
            let _ = fields.set_item("found", *found);
            "UnknownSegment"
        }
        BarcodeError::CheckDigit {
            digit,
            found,
            expected,
            ..
        } => {
            let _ = fields.set_item("digit", digit.name());
            let _ = fields.set_item("found", *found);
            let _ = fields.set_item("expected", *expected);
            "CheckDigitMismatch"
        }
        BarcodeError::InvalidField { field, .. } => {
            let _ = fields.set_item("field", *field);
            "InvalidField"
        }
        _ => "InvalidBarcode",
    };
    raise(py, class, e.to_string(), &fields)
}

pub fn document_error(py: Python<'_>, e: &DocumentError) -> PyErr {
    let fields = PyDict::new(py);
    let _ = fields.set_item("error_class", e.class());
    match e {
        DocumentError::InvalidCharacter { position, found } => {
            let _ = fields.set_item("position", *position);
            let _ = fields.set_item("found", found.to_string());
        }
        DocumentError::InvalidLength { expected, found } => {
            let _ = fields.set_item("expected", expected.to_string());
            let _ = fields.set_item("found", found.to_string());
        }
        DocumentError::CheckDigit {
            index,
            position,
            found,
            expected,
        } => {
            let _ = fields.set_item("digit", format!("dv{index}"));
            let _ = fields.set_item("position", *position);
            let _ = fields.set_item("found", found.to_string());
            let _ = fields.set_item("expected", expected.to_string());
        }
        _ => {}
    }
    raise(py, "InvalidDocument", e.to_string(), &fields)
}

pub fn pix_error(py: Python<'_>, e: &stone_openbank::pix::PixError) -> PyErr {
    use stone_openbank::pix::PixError;
    let fields = PyDict::new(py);
    let _ = fields.set_item("error_class", e.class());
    let _ = fields.set_item("position", e.position());
    match e {
        PixError::Crc {
            found, expected, ..
        } => {
            let _ = fields.set_item("found", found);
            let _ = fields.set_item("expected", expected);
        }
        PixError::Field { field, id, .. } => {
            let _ = fields.set_item("field", *field);
            let _ = fields.set_item("id", *id);
        }
        PixError::Key { key_type, .. } => {
            let _ = fields.set_item("key_type", key_type.map(|t| t.as_str()));
        }
        _ => {}
    }
    raise(py, "InvalidPix", e.to_string(), &fields)
}
