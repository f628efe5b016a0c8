//! Arguments as Python hands them over, checked without surprises: strings
//! that may hold lone surrogates (from `surrogateescape` decoding) and ints
//! that may be bools, negative or huge.

use std::borrow::Cow;

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytesMethods, PyString};
use stone_openbank::barcode::BarcodeError;

use crate::errors;

/// The text of a `str`. A lone surrogate cannot be UTF-8: it becomes U+FFFD,
/// which the parsers refuse as an invalid character at that very position
/// (one code point for one), so the caller gets a typed error, not a
/// `UnicodeEncodeError`.
pub fn text<'a>(value: &'a Bound<'_, PyAny>, name: &str) -> PyResult<Cow<'a, str>> {
    let s = value
        .cast::<PyString>()
        .map_err(|_| PyTypeError::new_err(format!("{name} must be a str")))?;
    Ok(s.to_string_lossy())
}

/// Runs `f` on the text of a `str` with one allocation (the UTF-8 `bytes`
/// CPython makes) instead of two: the batch path. Lone surrogates fall back
/// to [`text`]'s replacement.
pub fn with_text<R>(
    value: &Bound<'_, PyAny>,
    name: &str,
    f: impl FnOnce(&str) -> R,
) -> PyResult<R> {
    let s = value
        .cast::<PyString>()
        .map_err(|_| PyTypeError::new_err(format!("{name} must be a str")))?;
    match s.encode_utf8() {
        Ok(bytes) => match std::str::from_utf8(bytes.as_bytes()) {
            Ok(text) => Ok(f(text)),
            Err(_) => Ok(f(&s.to_string_lossy())),
        },
        Err(_) => Ok(f(&s.to_string_lossy())),
    }
}

/// A whole number in `0..=max` for a builder field; anything else is
/// `InvalidField` (bools and non-ints are a `TypeError`), never an
/// `OverflowError` or a wrapped value.
pub fn whole(value: &Bound<'_, PyAny>, field: &'static str, max: i64) -> PyResult<i64> {
    if value.is_instance_of::<PyBool>() {
        return Err(PyTypeError::new_err(format!(
            "{field} must be an int, not bool"
        )));
    }
    let out_of_range = || {
        errors::barcode_error(
            value.py(),
            &BarcodeError::InvalidField {
                field,
                reason: format!("must be a whole number from 0 to {max}"),
            },
        )
    };
    match value.extract::<i64>() {
        Ok(n) if (0..=max).contains(&n) => Ok(n),
        Ok(_) => Err(out_of_range()),
        Err(e) if e.is_instance_of::<pyo3::exceptions::PyOverflowError>(value.py()) => {
            Err(out_of_range())
        }
        Err(_) => Err(PyTypeError::new_err(format!("{field} must be an int"))),
    }
}

/// A whole number in `1..=max` for a size: a `TypeError` for a non-int
/// (bools included), `InvalidInput` out of range, never an `OverflowError`.
pub fn positive(value: &Bound<'_, PyAny>, name: &'static str, max: u32) -> PyResult<u32> {
    if value.is_instance_of::<PyBool>() {
        return Err(PyTypeError::new_err(format!(
            "{name} must be an int, not bool"
        )));
    }
    let range = || {
        crate::client::raise(
            value.py(),
            &stone_openbank::client::Error::InvalidInput {
                field: name,
                reason: format!("must be from 1 to {max}"),
            },
        )
    };
    match value.extract::<i64>() {
        Ok(n) if (1..=i64::from(max)).contains(&n) => Ok(n as u32),
        Ok(_) => Err(range()),
        Err(e) if e.is_instance_of::<pyo3::exceptions::PyOverflowError>(value.py()) => Err(range()),
        Err(_) => Err(PyTypeError::new_err(format!("{name} must be an int"))),
    }
}

/// One verdict per `str` of an iterable (`function` names the caller in the
/// errors): the batch functions' shared loop.
pub fn verdicts(
    inputs: &Bound<'_, PyAny>,
    function: &str,
    check: impl Fn(&str) -> bool,
) -> PyResult<Vec<bool>> {
    // A str is iterable too, but a batch of its characters is never meant.
    if inputs.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(format!(
            "{function} takes an iterable of str, not a str"
        )));
    }
    let mut verdicts = Vec::with_capacity(inputs.len().unwrap_or(0));
    for item in inputs.try_iter()? {
        verdicts.push(with_text(&item?, "each input", &check)?);
    }
    Ok(verdicts)
}
