//! Pix for Python: BR Codes (decode, validate, build, QR images) and keys.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyInt};
use stone_openbank::pix::{self, BrCode, Charge, PixKey, PointOfInitiation, Template};

use crate::barcode::{native, Reduced};
use crate::{args, errors};

/// A decoded BR Code ("Pix copia e cola").
#[pyclass(frozen, eq, module = "stone_openbank", name = "PixCode")]
#[derive(PartialEq)]
pub struct PyPixCode(BrCode);

#[pymethods]
impl PyPixCode {
    /// `static` (a key in the code) or `dynamic` (a URL to fetch the charge).
    #[getter]
    fn kind(&self) -> &'static str {
        match self.0.kind {
            pix::ChargeKind::Static => "static",
            pix::ChargeKind::Dynamic => "dynamic",
        }
    }
    /// `"11"` reusable, `"12"` single use, or None.
    #[getter]
    fn point_of_initiation(&self) -> Option<&'static str> {
        self.0.point_of_initiation.map(PointOfInitiation::code)
    }
    #[getter]
    fn key(&self) -> Option<&str> {
        self.0.key.as_deref()
    }
    /// `cpf`, `cnpj`, `phone`, `email` or `evp`.
    #[getter]
    fn key_type(&self) -> Option<&'static str> {
        self.0.key_type.map(pix::KeyType::as_str)
    }
    #[getter]
    fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }
    #[getter]
    fn url(&self) -> Option<&str> {
        self.0.url.as_deref()
    }
    #[getter]
    fn mcc(&self) -> &str {
        &self.0.mcc
    }
    /// Integer centavos, or None when the payer chooses.
    #[getter]
    fn amount_cents(&self) -> Option<i64> {
        self.0.amount_cents
    }
    #[getter]
    fn merchant_name(&self) -> &str {
        &self.0.merchant_name
    }
    #[getter]
    fn merchant_city(&self) -> &str {
        &self.0.merchant_city
    }
    #[getter]
    fn postal_code(&self) -> Option<&str> {
        self.0.postal_code.as_deref()
    }
    #[getter]
    fn txid(&self) -> &str {
        &self.0.txid
    }
    #[getter]
    fn crc(&self) -> &str {
        &self.0.crc
    }
    /// The payload as read (surrounding whitespace dropped).
    #[getter]
    fn payload(&self) -> &str {
        &self.0.payload
    }
    /// Elements the rules leave alone, as `(id, value)` pairs in order.
    #[getter]
    fn templates(&self) -> Vec<(String, String)> {
        self.0
            .templates
            .iter()
            .map(|t| (t.id.clone(), t.value.clone()))
            .collect()
    }
    /// The fields as a JSON-ready dict, named as in the shared vectors.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("kind", self.kind())?;
        d.set_item("point_of_initiation", self.point_of_initiation())?;
        d.set_item("key", self.key())?;
        d.set_item("key_type", self.key_type())?;
        d.set_item("description", self.description())?;
        d.set_item("url", self.url())?;
        d.set_item("mcc", self.mcc())?;
        d.set_item("amount_cents", self.amount_cents())?;
        d.set_item("merchant_name", self.merchant_name())?;
        d.set_item("merchant_city", self.merchant_city())?;
        d.set_item("postal_code", self.postal_code())?;
        d.set_item("txid", self.txid())?;
        d.set_item("crc", self.crc())?;
        d.set_item("payload", self.payload())?;
        d.set_item("templates", self.templates())?;
        Ok(d)
    }
    fn __hash__(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.0.payload.hash(&mut h);
        h.finish()
    }
    fn __str__(&self) -> &str {
        &self.0.payload
    }
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Reduced<'py, (String,)>> {
        Ok((native(py, "parse_pix")?, (self.0.payload.clone(),)))
    }
    fn __repr__(&self) -> String {
        format!(
            "PixCode(kind='{}', key={}, url={}, amount_cents={}, merchant_name='{}', txid='{}')",
            self.kind(),
            self.0
                .key
                .as_deref()
                .map_or("None".into(), |k| format!("'{k}'")),
            self.0
                .url
                .as_deref()
                .map_or("None".into(), |u| format!("'{u}'")),
            self.0.amount_cents.map_or("None".into(), |a| a.to_string()),
            self.0.merchant_name,
            self.0.txid,
        )
    }
}

/// A valid Pix key in the form the DICT stores.
#[pyclass(frozen, eq, hash, module = "stone_openbank", name = "PixKey")]
#[derive(PartialEq, Eq, Hash)]
pub struct PyPixKey(PixKey);

#[pymethods]
impl PyPixKey {
    /// `cpf`, `cnpj`, `phone`, `email` or `evp`.
    #[getter]
    fn key_type(&self) -> &'static str {
        self.0.key_type.as_str()
    }
    /// The normalised key: what to send to the API.
    #[getter]
    fn value(&self) -> &str {
        &self.0.value
    }
    fn __str__(&self) -> &str {
        &self.0.value
    }
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Reduced<'py, (String,)>> {
        Ok((native(py, "parse_pix_key")?, (self.0.value.clone(),)))
    }
    fn __repr__(&self) -> String {
        format!(
            "PixKey(key_type='{}', value='{}')",
            self.key_type(),
            self.0.value
        )
    }
}

#[pyfunction]
fn parse_pix(py: Python<'_>, input: &Bound<'_, PyAny>) -> PyResult<PyPixCode> {
    pix::parse(&args::text(input, "input")?)
        .map(PyPixCode)
        .map_err(|e| errors::pix_error(py, &e))
}

#[pyfunction]
fn is_valid_pix(input: &Bound<'_, PyAny>) -> PyResult<bool> {
    args::with_text(input, "input", pix::is_valid)
}

#[pyfunction]
fn validate_pix(py: Python<'_>, input: &Bound<'_, PyAny>) -> PyResult<()> {
    pix::validate(&args::text(input, "input")?).map_err(|e| errors::pix_error(py, &e))
}

#[pyfunction]
fn validate_pixes(inputs: &Bound<'_, PyAny>) -> PyResult<Vec<bool>> {
    args::verdicts(inputs, "validate_pixes", pix::is_valid)
}

fn opt_text(value: Option<&Bound<'_, PyAny>>, name: &str) -> PyResult<Option<String>> {
    match value {
        None => Ok(None),
        Some(v) if v.is_none() => Ok(None),
        Some(v) => Ok(Some(args::text(v, name)?.into_owned())),
    }
}

/// The payload of a charge (keyword arguments; exactly one of `key` and `url`).
#[pyfunction]
#[pyo3(signature = (*, merchant_name, merchant_city, key=None, url=None, description=None,
    amount_cents=None, txid=None, point_of_initiation=None, mcc=None, postal_code=None,
    templates=None))]
#[allow(clippy::too_many_arguments)]
fn build_pix(
    py: Python<'_>,
    merchant_name: &Bound<'_, PyAny>,
    merchant_city: &Bound<'_, PyAny>,
    key: Option<&Bound<'_, PyAny>>,
    url: Option<&Bound<'_, PyAny>>,
    description: Option<&Bound<'_, PyAny>>,
    amount_cents: Option<&Bound<'_, PyAny>>,
    txid: Option<&Bound<'_, PyAny>>,
    point_of_initiation: Option<&Bound<'_, PyAny>>,
    mcc: Option<&Bound<'_, PyAny>>,
    postal_code: Option<&Bound<'_, PyAny>>,
    templates: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    let bad = |field: &'static str, id: &'static str, reason: String| {
        errors::pix_error(
            py,
            &pix::PixError::Field {
                field,
                id,
                position: None,
                reason,
            },
        )
    };
    let point_of_initiation = opt_text(point_of_initiation, "point_of_initiation")?
        .map(|p| PointOfInitiation::parse(&p, None))
        .transpose()
        .map_err(|e| errors::pix_error(py, &e))?;
    // An int (never a bool or a float: money is integer centavos); its
    // range is the core's rule.
    let amount_cents = match amount_cents {
        Some(v) if !v.is_none() => {
            if v.is_instance_of::<PyBool>() || !v.is_instance_of::<PyInt>() {
                return Err(PyTypeError::new_err(
                    "amount_cents must be an int (centavos)",
                ));
            }
            Some(v.extract::<i64>().map_err(|_| {
                bad(
                    "amount",
                    "54",
                    "must be 0 to 999,999,999,999 centavos".into(),
                )
            })?)
        }
        _ => None,
    };
    let mut extra = Vec::new();
    if let Some(t) = templates.filter(|t| !t.is_none()) {
        for item in t.try_iter()? {
            let (id, value): (String, String) = item?
                .extract()
                .map_err(|_| PyTypeError::new_err("templates must be (id, value) pairs of str"))?;
            extra.push(Template { id, value });
        }
    }
    Charge {
        key: opt_text(key, "key")?,
        url: opt_text(url, "url")?,
        description: opt_text(description, "description")?,
        point_of_initiation,
        mcc: opt_text(mcc, "mcc")?,
        amount_cents,
        merchant_name: args::text(merchant_name, "merchant_name")?.into_owned(),
        merchant_city: args::text(merchant_city, "merchant_city")?.into_owned(),
        postal_code: opt_text(postal_code, "postal_code")?,
        txid: opt_text(txid, "txid")?,
        templates: extra,
    }
    .encode()
    .map_err(|e| errors::pix_error(py, &e))
}

#[pyfunction]
fn parse_pix_key(py: Python<'_>, input: &Bound<'_, PyAny>) -> PyResult<PyPixKey> {
    PixKey::parse(&args::text(input, "input")?)
        .map(PyPixKey)
        .map_err(|e| errors::pix_error(py, &e))
}

#[pyfunction]
fn is_valid_pix_key(input: &Bound<'_, PyAny>) -> PyResult<bool> {
    args::with_text(input, "input", PixKey::is_valid)
}

/// The QR code of a valid payload as an SVG document.
#[pyfunction]
#[pyo3(signature = (payload, size=None))]
fn pix_qr_svg(
    py: Python<'_>,
    payload: &Bound<'_, PyAny>,
    size: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    let text = args::text(payload, "payload")?;
    let size = size
        .map(|s| args::positive(s, "size", QR_MAX_SIZE))
        .transpose()?
        .unwrap_or(256);
    pix::qr::svg(&text, size).map_err(|e| errors::pix_error(py, &e))
}

/// Any `u32` crosses; the core says which sizes and scales it draws.
const QR_MAX_SIZE: u32 = u32::MAX;
const QR_MAX_SCALE: u32 = u32::MAX;

/// The QR code of a valid payload as PNG bytes, `scale` pixels per module.
#[pyfunction]
#[pyo3(signature = (payload, scale=None))]
fn pix_qr_png<'py>(
    py: Python<'py>,
    payload: &Bound<'_, PyAny>,
    scale: Option<&Bound<'_, PyAny>>,
) -> PyResult<Bound<'py, PyBytes>> {
    let text = args::text(payload, "payload")?;
    let scale = scale
        .map(|s| args::positive(s, "scale", QR_MAX_SCALE))
        .transpose()?
        .unwrap_or(8);
    let png = pix::qr::png(&text, scale).map_err(|e| errors::pix_error(py, &e))?;
    Ok(PyBytes::new(py, &png))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyPixCode>()?;
    m.add_class::<PyPixKey>()?;
    m.add_function(wrap_pyfunction!(parse_pix, m)?)?;
    m.add_function(wrap_pyfunction!(is_valid_pix, m)?)?;
    m.add_function(wrap_pyfunction!(validate_pix, m)?)?;
    m.add_function(wrap_pyfunction!(validate_pixes, m)?)?;
    m.add_function(wrap_pyfunction!(build_pix, m)?)?;
    m.add_function(wrap_pyfunction!(parse_pix_key, m)?)?;
    m.add_function(wrap_pyfunction!(is_valid_pix_key, m)?)?;
    m.add_function(wrap_pyfunction!(pix_qr_svg, m)?)?;
    m.add_function(wrap_pyfunction!(pix_qr_png, m)?)?;
    Ok(())
}
