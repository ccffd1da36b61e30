//! wcodm from Python: the native module `wcodm._wcodm` behind the `wcodm` package.
//!
//! `validator`: a `Validator` wraps a compiled rule set (a schema set, or the built-in WCO
//! versions) and validates bytes, files and batches with the interpreter's lock released.
//! `report`: a `Report` and its `Diagnostic`s, read-only Python objects; `rows`: the same as
//! table columns for data frames. `pool`: batches on a scoped pool of OS threads. `errors`: the
//! exception classes of `wcodm/_errors.py`, raised when a rule set cannot be built.

mod errors;
mod pool;
mod report;
mod rows;
mod validator;

use pyo3::prelude::*;

/// The native part of the `wcodm` package (import `wcodm`, not this module).
#[pymodule]
fn _wcodm(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<validator::Validator>()?;
    m.add_class::<report::Report>()?;
    m.add_class::<report::Diagnostic>()?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("SUPPORTED_VERSIONS", wcodm::Version::ALL.map(|v| v.as_str()).to_vec())?;
    Ok(())
}
