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

/// A rule pack that cannot be read or compiled, with its pack, file, rule and position as the
/// exception's attributes (see `wcodm/_errors.py`).
pub fn rule_pack(e: wcodm::Error) -> PyErr {
    let message = e.to_string();
    let file = |f: &Option<std::path::PathBuf>| f.as_ref().map(|f| f.display().to_string());
    match e {
        wcodm::Error::RulePack { pack, file: f, rule, line, column, .. } => {
            RulePackError::new_err((message, Some(pack), file(&f), rule, line, column))
        }
        wcodm::Error::RulePackIo { path, .. } => {
            let p = path.display().to_string();
            RulePackError::new_err((message, Some(p.clone()), Some(p), None::<String>, None::<u32>, None::<u32>))
        }
        wcodm::Error::UnknownPath { pack, rule, .. } => {
            let rule = rule.strip_prefix("rule ").map(str::to_string);
            RulePackError::new_err((message, pack, None::<String>, rule, None::<u32>, None::<u32>))
        }
        _ => RulePackError::new_err(message),
    }
}

/// A national profile that cannot be found, read or compiled.
pub fn profile(e: wcodm::Error) -> PyErr {
    ProfileError::new_err(e.to_string())
}

/// An option or argument with a value wcodm cannot take.
pub fn option(message: impl Into<String>) -> PyErr {
    OptionError::new_err(message.into())
}
