//! Boletos and arrecadação barcodes for Python: result classes with
//! attribute access, `to_dict()`, `repr`, equality and hashing, and the
//! module functions (single, batch, conversions, builders).

use pyo3::prelude::*;
use pyo3::types::PyDict;
use stone_openbank::barcode::{self, BankBoleto, Barcode, CollectionDocument};

use crate::{args, dates, errors};

/// A decoded bank boleto ("boleto de cobrança").
#[pyclass(frozen, eq, hash, module = "stone_openbank", name = "BankBoleto")]
#[derive(PartialEq, Eq, Hash)]
pub struct PyBankBoleto(BankBoleto);

#[pymethods]
impl PyBankBoleto {
    #[getter]
    fn kind(&self) -> &'static str {
        "bank"
    }
    #[getter]
    fn bank_code(&self) -> &str {
        self.0.bank_code()
    }
    #[getter]
    fn currency_code(&self) -> &str {
        self.0.currency_code()
    }
    #[getter]
    fn due_factor(&self) -> u16 {
        self.0.due_factor()
    }
    #[getter]
    fn due_date<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.0.due_date().map(|d| dates::to_py(py, d)).transpose()
    }
    #[getter]
    fn amount_cents(&self) -> i64 {
        self.0.amount_cents()
    }
    #[getter]
    fn free_field(&self) -> &str {
        self.0.free_field()
    }
    #[getter]
    fn barcode(&self) -> &str {
        self.0.barcode()
    }
    #[getter]
    fn digitable_line(&self) -> &str {
        self.0.digitable_line()
    }
    #[getter]
    fn formatted_line(&self) -> String {
        self.0.formatted_line()
    }
    /// The fields as a JSON-ready dict (the due date as an ISO string), named
    /// as in the shared test vectors.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("kind", "bank")?;
        d.set_item("bank_code", self.0.bank_code())?;
        d.set_item("currency_code", self.0.currency_code())?;
        d.set_item("due_factor", self.0.due_factor())?;
        d.set_item("due_date", self.0.due_date().map(|d| d.to_string()))?;
        d.set_item("amount_cents", self.0.amount_cents())?;
        d.set_item("free_field", self.0.free_field())?;
        d.set_item("barcode", self.0.barcode())?;
        d.set_item("digitable_line", self.0.digitable_line())?;
        Ok(d)
    }
    /// Pickles (and copies) as the barcode re-read relative to its own due
    /// date, which names exactly that date again.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Reduced<'py, (String, Option<String>)>> {
        Ok((
            native(py, "parse_barcode")?,
            (
                self.0.barcode().to_owned(),
                self.0.due_date().map(|d| d.to_string()),
            ),
        ))
    }
    fn __repr__(&self) -> String {
        let due = self.0.due_date().map_or("None".to_owned(), |d| {
            format!(
                "datetime.date({}, {}, {})",
                d.year(),
                u8::from(d.month()),
                d.day()
            )
        });
        format!(
            "BankBoleto(bank_code='{}', amount_cents={}, due_date={due}, barcode='{}')",
            self.0.bank_code(),
            self.0.amount_cents(),
            self.0.barcode()
        )
    }
}

/// A decoded arrecadação document (utilities, taxes, fines, carnês).
#[pyclass(
    frozen,
    eq,
    hash,
    module = "stone_openbank",
    name = "CollectionDocument"
)]
#[derive(PartialEq, Eq, Hash)]
pub struct PyCollectionDocument(CollectionDocument);

#[pymethods]
impl PyCollectionDocument {
    #[getter]
    fn kind(&self) -> &'static str {
        "collection"
    }
    #[getter]
    fn segment(&self) -> u8 {
        self.0.segment()
    }
    #[getter]
    fn value_type(&self) -> u8 {
        self.0.value_type()
    }
    #[getter]
    fn check_digit_method(&self) -> &'static str {
        self.0.check_digit_method().as_str()
    }
    #[getter]
    fn amount_cents(&self) -> Option<i64> {
        self.0.amount_cents()
    }
    #[getter]
    fn reference_value(&self) -> Option<i64> {
        self.0.reference_value()
    }
    #[getter]
    fn company_id(&self) -> &str {
        self.0.company_id()
    }
    #[getter]
    fn free_field(&self) -> &str {
        self.0.free_field()
    }
    #[getter]
    fn barcode(&self) -> &str {
        self.0.barcode()
    }
    #[getter]
    fn digitable_line(&self) -> &str {
        self.0.digitable_line()
    }
    #[getter]
    fn formatted_line(&self) -> String {
        self.0.formatted_line()
    }
    /// The fields as a JSON-ready dict, named as in the shared test vectors.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("kind", "collection")?;
        d.set_item("segment", self.0.segment())?;
        d.set_item("value_type", self.0.value_type())?;
        d.set_item("check_digit_method", self.0.check_digit_method().as_str())?;
        d.set_item("amount_cents", self.0.amount_cents())?;
        d.set_item("reference_value", self.0.reference_value())?;
        d.set_item("company_id", self.0.company_id())?;
        d.set_item("free_field", self.0.free_field())?;
        d.set_item("barcode", self.0.barcode())?;
        d.set_item("digitable_line", self.0.digitable_line())?;
        Ok(d)
    }
    /// Pickles (and copies) as its barcode.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Reduced<'py, (String,)>> {
        Ok((native(py, "parse_barcode")?, (self.0.barcode().to_owned(),)))
    }
    fn __repr__(&self) -> String {
        format!(
            "CollectionDocument(segment={}, value_type={}, amount_cents={}, barcode='{}')",
            self.0.segment(),
            self.0.value_type(),
            self.0
                .amount_cents()
                .map_or("None".to_owned(), |a| a.to_string()),
            self.0.barcode()
        )
    }
}

/// What `__reduce__` returns: a callable and its arguments.
pub type Reduced<'py, A> = (Bound<'py, PyAny>, A);

/// A function of this module, for `__reduce__`.
pub fn native<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
    PyModule::import(py, "stone_openbank._native")?.getattr(name)
}

fn to_py(py: Python<'_>, doc: Barcode) -> PyResult<Py<PyAny>> {
    Ok(match doc {
        Barcode::Bank(b) => Py::new(py, PyBankBoleto(b))?.into_any(),
        Barcode::Collection(c) => Py::new(py, PyCollectionDocument(c))?.into_any(),
    })
}

/// Decodes a barcode or typeable line of either kind.
#[pyfunction]
#[pyo3(signature = (input, reference_date = None))]
fn parse_barcode(
    py: Python<'_>,
    input: &Bound<'_, PyAny>,
    reference_date: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    let input = args::text(input, "input")?;
    let reference = match reference_date {
        Some(d) => dates::from_py(d)?,
        None => barcode::today(),
    };
    match barcode::parse_at(&input, reference) {
        Ok(doc) => to_py(py, doc),
        Err(e) => Err(errors::barcode_error(py, &e)),
    }
}

#[pyfunction]
fn is_valid_barcode(input: &Bound<'_, PyAny>) -> PyResult<bool> {
    args::with_text(input, "input", barcode::is_valid)
}

#[pyfunction]
fn validate_barcode(py: Python<'_>, input: &Bound<'_, PyAny>) -> PyResult<()> {
    barcode::validate(&args::text(input, "input")?).map_err(|e| errors::barcode_error(py, &e))
}

/// One verdict per input, in one crossing. The GIL stays held: each check
/// takes tens of nanoseconds, less than releasing it would cost.
#[pyfunction]
fn validate_barcodes(inputs: &Bound<'_, PyAny>) -> PyResult<Vec<bool>> {
    args::verdicts(inputs, "validate_barcodes", barcode::is_valid)
}

#[pyfunction]
fn to_barcode(py: Python<'_>, input: &Bound<'_, PyAny>) -> PyResult<String> {
    barcode::to_barcode(&args::text(input, "input")?).map_err(|e| errors::barcode_error(py, &e))
}

#[pyfunction]
fn to_digitable_line(py: Python<'_>, input: &Bound<'_, PyAny>) -> PyResult<String> {
    barcode::to_digitable_line(&args::text(input, "input")?)
        .map_err(|e| errors::barcode_error(py, &e))
}

#[pyfunction]
fn format_line(py: Python<'_>, input: &Bound<'_, PyAny>) -> PyResult<String> {
    barcode::format_line(&args::text(input, "input")?).map_err(|e| errors::barcode_error(py, &e))
}

#[pyfunction]
#[pyo3(signature = (bank_code, amount_cents, free_field, due_date = None))]
fn build_bank_boleto(
    py: Python<'_>,
    bank_code: &Bound<'_, PyAny>,
    amount_cents: &Bound<'_, PyAny>,
    free_field: &Bound<'_, PyAny>,
    due_date: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyBankBoleto> {
    // Text as `args::text` reads it: a lone surrogate is an invalid
    // character for the builder to name, not a UnicodeEncodeError.
    let bank_code = args::text(bank_code, "bank_code")?;
    let free_field = args::text(free_field, "free_field")?;
    let amount_cents = args::whole(amount_cents, "amount_cents", 9_999_999_999)?;
    let due = due_date.map(dates::from_py).transpose()?;
    BankBoleto::build(&bank_code, due, amount_cents, &free_field)
        .map(PyBankBoleto)
        .map_err(|e| errors::barcode_error(py, &e))
}

#[pyfunction]
fn build_collection_document(
    py: Python<'_>,
    segment: &Bound<'_, PyAny>,
    value_type: &Bound<'_, PyAny>,
    value: &Bound<'_, PyAny>,
    company_id: &Bound<'_, PyAny>,
    free_field: &Bound<'_, PyAny>,
) -> PyResult<PyCollectionDocument> {
    let company_id = args::text(company_id, "company_id")?;
    let free_field = args::text(free_field, "free_field")?;
    let segment = args::whole(segment, "segment", 255)? as u8;
    let value_type = args::whole(value_type, "value_type", 255)? as u8;
    let value = args::whole(value, "value", 99_999_999_999)?;
    CollectionDocument::build(segment, value_type, value, &company_id, &free_field)
        .map(PyCollectionDocument)
        .map_err(|e| errors::barcode_error(py, &e))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyBankBoleto>()?;
    m.add_class::<PyCollectionDocument>()?;
    m.add_function(wrap_pyfunction!(parse_barcode, m)?)?;
    m.add_function(wrap_pyfunction!(is_valid_barcode, m)?)?;
    m.add_function(wrap_pyfunction!(validate_barcode, m)?)?;
    m.add_function(wrap_pyfunction!(validate_barcodes, m)?)?;
    m.add_function(wrap_pyfunction!(to_barcode, m)?)?;
    m.add_function(wrap_pyfunction!(to_digitable_line, m)?)?;
    m.add_function(wrap_pyfunction!(format_line, m)?)?;
    m.add_function(wrap_pyfunction!(build_bank_boleto, m)?)?;
    m.add_function(wrap_pyfunction!(build_collection_document, m)?)?;
    Ok(())
}
