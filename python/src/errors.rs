//! The exceptions raised to Python. They are defined in Python (`wcodm/_errors.py`, where
//! `OptionError` can also be a `ValueError`) and imported here by name.

use pyo3::PyErr;

pyo3::import_exception!(wcodm._errors, SchemaError);
pyo3::import_exception!(wcodm._errors, RulePackError);
pyo3::import_exception!(wcodm._errors, OptionError);
pyo3::import_exception!(wcodm._errors, ProfileError);

/// A schema set that cannot be read or compiled.
pub fn schema(e: wcodm::Error) -> PyErr {
    SchemaError::new_err(e.to_string())
}

/// A rule pack that cannot be read or compiled.
pub fn rule_pack(e: wcodm::Error) -> PyErr {
    RulePackError::new_err(e.to_string())
}

/// A national profile that cannot be found, read or compiled.
pub fn profile(e: wcodm::Error) -> PyErr {
    ProfileError::new_err(e.to_string())
}

/// An option or argument with a value wcodm cannot take.
pub fn option(message: impl Into<String>) -> PyErr {
    OptionError::new_err(message.into())
}
