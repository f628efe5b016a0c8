//! `datetime.date` ⇄ `time::Date`. The limited API (abi3) has no date C API,
//! so dates go through the `datetime` module, whose class is cached.

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyString, PyType};
use time::{Date, Month};

static DATE: PyOnceLock<Py<PyType>> = PyOnceLock::new();

pub fn to_py<'py>(py: Python<'py>, date: Date) -> PyResult<Bound<'py, PyAny>> {
    let class = DATE.import(py, "datetime", "date")?;
    class.call1((date.year(), u8::from(date.month()), date.day()))
}

/// A `datetime.date` (or `datetime.datetime`, whose date is used), or an ISO
/// `YYYY-MM-DD` string.
pub fn from_py(value: &Bound<'_, PyAny>) -> PyResult<Date> {
    if let Ok(text) = value.cast::<PyString>() {
        // Lone surrogates become U+FFFD, which no date has: a ValueError
        // like any other text that is not a date.
        let text = text.to_string_lossy();
        return stone_openbank::barcode::parse_iso_date(&text).map_err(PyValueError::new_err);
    }
    let part = |name: &str| -> PyResult<i32> {
        value
            .getattr(name)
            .and_then(|v| v.extract::<i32>())
            .map_err(|_| PyTypeError::new_err("expected a datetime.date or a YYYY-MM-DD string"))
    };
    let (year, month, day) = (part("year")?, part("month")?, part("day")?);
    let month = u8::try_from(month)
        .ok()
        .and_then(|m| Month::try_from(m).ok())
        .ok_or_else(|| PyValueError::new_err("month out of range"))?;
    let day = u8::try_from(day).map_err(|_| PyValueError::new_err("day out of range"))?;
    Date::from_calendar_date(year, month, day).map_err(|e| PyValueError::new_err(e.to_string()))
}
