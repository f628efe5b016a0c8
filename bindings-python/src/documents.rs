//! CPF and CNPJ for Python.

use pyo3::prelude::*;
use stone_openbank::documents::{self, Cnpj, Cpf};

use crate::barcode::{native, Reduced};
use crate::{args, errors};

/// A valid CPF.
#[pyclass(frozen, eq, hash, module = "stone_openbank", name = "Cpf")]
#[derive(PartialEq, Eq, Hash)]
pub struct PyCpf(Cpf);

#[pymethods]
impl PyCpf {
    /// The 11 digits, without punctuation.
    #[getter]
    fn digits(&self) -> &str {
        self.0.as_str()
    }
    /// `123.456.789-09`.
    #[getter]
    fn formatted(&self) -> String {
        self.0.formatted()
    }
    fn __str__(&self) -> String {
        self.0.formatted()
    }
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Reduced<'py, (String,)>> {
        Ok((native(py, "parse_cpf")?, (self.0.as_str().to_owned(),)))
    }
    fn __repr__(&self) -> String {
        format!("Cpf('{}')", self.0.formatted())
    }
}

/// A valid CNPJ, numeric or alphanumeric.
#[pyclass(frozen, eq, hash, module = "stone_openbank", name = "Cnpj")]
#[derive(PartialEq, Eq, Hash)]
pub struct PyCnpj(Cnpj);

#[pymethods]
impl PyCnpj {
    /// The 14 characters, without punctuation.
    #[getter]
    fn digits(&self) -> &str {
        self.0.as_str()
    }
    /// `12.ABC.345/01DE-35`.
    #[getter]
    fn formatted(&self) -> String {
        self.0.formatted()
    }
    /// The company root: the first 8 characters.
    #[getter]
    fn root(&self) -> &str {
        self.0.root()
    }
    #[getter]
    fn is_alphanumeric(&self) -> bool {
        self.0.is_alphanumeric()
    }
    fn __str__(&self) -> String {
        self.0.formatted()
    }
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Reduced<'py, (String,)>> {
        Ok((native(py, "parse_cnpj")?, (self.0.as_str().to_owned(),)))
    }
    fn __repr__(&self) -> String {
        format!("Cnpj('{}')", self.0.formatted())
    }
}

#[pyfunction]
fn parse_cpf(py: Python<'_>, input: &Bound<'_, PyAny>) -> PyResult<PyCpf> {
    Cpf::parse(&args::text(input, "input")?)
        .map(PyCpf)
        .map_err(|e| errors::document_error(py, &e))
}

#[pyfunction]
fn parse_cnpj(py: Python<'_>, input: &Bound<'_, PyAny>) -> PyResult<PyCnpj> {
    Cnpj::parse(&args::text(input, "input")?)
        .map(PyCnpj)
        .map_err(|e| errors::document_error(py, &e))
}

#[pyfunction]
fn is_valid_cpf(input: &Bound<'_, PyAny>) -> PyResult<bool> {
    Ok(documents::is_valid_cpf(&args::text(input, "input")?))
}

#[pyfunction]
fn is_valid_cnpj(input: &Bound<'_, PyAny>) -> PyResult<bool> {
    Ok(documents::is_valid_cnpj(&args::text(input, "input")?))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyCpf>()?;
    m.add_class::<PyCnpj>()?;
    m.add_function(wrap_pyfunction!(parse_cpf, m)?)?;
    m.add_function(wrap_pyfunction!(parse_cnpj, m)?)?;
    m.add_function(wrap_pyfunction!(is_valid_cpf, m)?)?;
    m.add_function(wrap_pyfunction!(is_valid_cnpj, m)?)?;
    Ok(())
}
