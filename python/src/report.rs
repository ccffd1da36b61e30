//! What Python sees of a validation: a [`Report`] and its [`Diagnostic`]s, read-only objects
//! with the fields of the CLI's NDJSON records.

use pyo3::prelude::*;
use pyo3::types::PyDict;

/// One problem found in a message.
///
/// ``code`` is stable (``"length"``, ``"business-rule"``, ...; the README lists them),
/// ``rule`` the business rule's id when a rule pack found it, ``severity`` ``"error"`` or
/// ``"warning"``, ``path`` the element path with 1-based indices, ``line`` and ``column``
/// 1-based (column in bytes), ``wco_id`` and ``wco_pointer`` the WCO Data Model reference when
/// the schema annotates the element and ``wco_names`` that pointer in the WCO names of its
/// classes and data element, ``national_code`` the national system's code for the rule
/// (e.g. ``"CDS11006"``) when its pack maps one, ``location`` the element as XPath-based rule
/// engines report it when asked for.
#[pyclass(module = "wcodm", frozen)]
pub struct Diagnostic(pub wcodm::Diagnostic);

#[pymethods]
impl Diagnostic {
    /// What kind of problem (stable, e.g. ``"length"``).
    #[getter]
    fn code(&self) -> &'static str {
        self.0.code.as_str()
    }

    /// The business rule's id (e.g. ``"WCO-R004"``), or ``None``.
    #[getter]
    fn rule(&self) -> Option<&str> {
        self.0.rule.as_deref()
    }

    /// ``"error"`` (the message is invalid) or ``"warning"``.
    #[getter]
    fn severity(&self) -> &'static str {
        severity(self.0.severity)
    }

    /// What was found and what was expected.
    #[getter]
    fn message(&self) -> &str {
        &self.0.message
    }

    /// The element path, e.g. ``/MetaData/Declaration/GoodsShipment/GovernmentAgencyGoodsItem[3]``
    /// (empty when the problem is not inside an element).
    #[getter]
    fn path(&self) -> &str {
        &self.0.path
    }

    /// 1-based line (``None`` when the problem has no place in the input, as for one that
    /// could not be read; the CLI writes ``null``).
    #[getter]
    fn line(&self) -> Option<u32> {
        (self.0.line != 0).then_some(self.0.line)
    }

    /// 1-based column in bytes (``None`` when the line is).
    #[getter]
    fn column(&self) -> Option<u32> {
        (self.0.column != 0).then_some(self.0.column)
    }

    /// The WCO ID of the data element or class at fault, or ``None``.
    #[getter]
    fn wco_id(&self) -> Option<&str> {
        self.0.wco_id.as_deref()
    }

    /// The CDS-style WCO pointer, e.g. ``42A/67A[1]/68A[3]#145``, or ``None``.
    #[getter]
    fn wco_pointer(&self) -> Option<&str> {
        self.0.wco_pointer.as_deref()
    }

    /// The WCO pointer in words, e.g. ``Declaration / GoodsShipment[1] /
    /// GovernmentAgencyGoodsItem[3] / Commodity / Description of goods`` (each class and the data
    /// element by the WCO name the schema gives it, the WCO ID where it gives none), or ``None``
    /// exactly when ``wco_pointer`` is.
    #[getter]
    fn wco_names(&self) -> Option<&str> {
        self.0.wco_names.as_deref()
    }

    /// The national system's code for the rule (e.g. ``"CDS11006"``), or ``None``.
    #[getter]
    fn national_code(&self) -> Option<&str> {
        self.0.national_code.as_deref()
    }

    /// The element as XPath-based rule engines report it (every step indexed, names as
    /// written: ``/ie:CC315A[1]/GOOITEGDS[2]``), or ``None`` unless asked for (``locations=True``,
    /// or a profile such as ``uk-ics1``).
    #[getter]
    fn location(&self) -> Option<&str> {
        self.0.location.as_deref()
    }

    /// The diagnostic as a dict with the keys of the CLI's NDJSON (``wco_names``,
    /// ``national_code`` and ``location`` always present, ``None`` when the diagnostic has none).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("code", self.code())?;
        d.set_item("rule", self.rule())?;
        d.set_item("severity", self.severity())?;
        d.set_item("message", self.message())?;
        d.set_item("path", self.path())?;
        d.set_item("line", self.line())?;
        d.set_item("column", self.column())?;
        d.set_item("wco_id", self.wco_id())?;
        d.set_item("wco_pointer", self.wco_pointer())?;
        d.set_item("wco_names", self.wco_names())?;
        d.set_item("national_code", self.national_code())?;
        d.set_item("location", self.location())?;
        Ok(d)
    }

    fn __repr__(&self) -> String {
        let label = self.0.rule.as_deref().unwrap_or(self.0.code.as_str());
        format!("<Diagnostic {}[{label}] {}:{} {}>", self.severity(), self.0.line, self.0.column, self.0.path)
    }

    /// ``line:column: severity[code or rule]: message``, as the CLI prints it (with the national
    /// code beside the rule, and no position when there is none).
    fn __str__(&self) -> String {
        let label = self.0.label();
        match self.0.line {
            0 => format!("{}[{label}]: {}", self.severity(), self.0.message),
            line => format!("{line}:{}: {}[{label}]: {}", self.0.column, self.severity(), self.0.message),
        }
    }
}

/// What validating one message found.
///
/// ``valid`` is true when no diagnostic is an error; ``version`` is the rule set used (a
/// built-in version such as ``"3.6"``, the schema's root path, or ``None`` when no version
/// could be chosen); ``profile`` and ``category`` the national profile applied and the
/// declaration category it derives; ``diagnostics`` lists the problems in document order; ``truncated`` says
/// the error cap was reached.
#[pyclass(module = "wcodm", frozen)]
pub struct Report {
    valid: bool,
    truncated: bool,
    version: Option<String>,
    profile: Option<String>,
    category: Option<String>,
    diagnostics: Vec<Py<Diagnostic>>,
}

impl Report {
    /// The Python report of a validation run by rule set `version`.
    pub fn new(py: Python<'_>, version: Option<String>, report: wcodm::Report) -> PyResult<Report> {
        let valid = report.is_valid();
        let truncated = report.truncated;
        let (profile, category) = (report.profile, report.category);
        let diagnostics =
            report.diagnostics.into_iter().map(|d| Py::new(py, Diagnostic(d))).collect::<PyResult<_>>()?;
        Ok(Report { valid, truncated, version, profile, category, diagnostics })
    }
}

#[pymethods]
impl Report {
    /// True when no diagnostic has severity ``"error"``.
    #[getter]
    fn valid(&self) -> bool {
        self.valid
    }

    /// The rule set used: ``"3.6"``, ``"3.7"``, ``"4.0-draft"``, the schema's root path, or
    /// ``None`` when no version could be chosen (the message claims none wcodm knows).
    #[getter]
    fn version(&self) -> Option<&str> {
        self.version.as_deref()
    }

    /// The national profile applied (``"uk-cds"``), or ``None``.
    #[getter]
    fn profile(&self) -> Option<&str> {
        self.profile.as_deref()
    }

    /// The declaration category the profile derives for the message (``"H1"``, ``"B1"``, ...),
    /// or ``None`` (no profile, or none of its categories matched).
    #[getter]
    fn category(&self) -> Option<&str> {
        self.category.as_deref()
    }

    /// True when the error cap (``max_errors``) was reached and later problems were not reported.
    #[getter]
    fn truncated(&self) -> bool {
        self.truncated
    }

    /// The problems, in document order (a new list each time; the diagnostics are shared).
    #[getter]
    fn diagnostics(&self, py: Python<'_>) -> Vec<Py<Diagnostic>> {
        self.diagnostics.iter().map(|d| d.clone_ref(py)).collect()
    }

    /// The number of error-severity diagnostics.
    #[getter]
    fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.get().0.severity == wcodm::Severity::Error).count()
    }

    /// The report as a dict: ``valid``, ``version``, ``profile``, ``category``, ``truncated``
    /// and ``diagnostics`` (dicts), the CLI's NDJSON record without its ``file`` (where the
    /// record leaves out a ``None``, the dict has it).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("valid", self.valid)?;
        d.set_item("version", self.version())?;
        d.set_item("profile", self.profile())?;
        d.set_item("category", self.category())?;
        d.set_item("truncated", self.truncated)?;
        let diagnostics = self.diagnostics.iter().map(|x| x.get().to_dict(py)).collect::<PyResult<Vec<_>>>()?;
        d.set_item("diagnostics", diagnostics)?;
        Ok(d)
    }

    fn __repr__(&self) -> String {
        format!(
            "<Report {} version={} diagnostics={}{}>",
            if self.valid { "valid" } else { "invalid" },
            self.version.as_deref().unwrap_or("None"),
            self.diagnostics.len(),
            if self.truncated { " truncated" } else { "" }
        )
    }
}

/// A severity as the NDJSON writes it.
pub fn severity(s: wcodm::Severity) -> &'static str {
    match s {
        wcodm::Severity::Warning => "warning",
        _ => "error",
    }
}
