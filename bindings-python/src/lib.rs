//! The Python extension module `stone_openbank._native`. Thin by design
//! (ARCHITECTURE.md, rule 2): conversions and error mapping only; every rule
//! lives in the core crate. The public Python API is re-exported by
//! `python/stone_openbank/__init__.py`.

mod args;
mod barcode;
mod client;
mod dates;
mod documents;
mod errors;
mod pix;

use pyo3::prelude::*;

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    barcode::register(m)?;
    documents::register(m)?;
    pix::register(m)?;
    client::register(m)?;
    Ok(())
}
