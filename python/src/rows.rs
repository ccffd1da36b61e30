//! Verdicts as a table for data frames: one row per diagnostic, and one for each message with
//! none, as equal-length Python lists (the columns of a `pyarrow.RecordBatch`).

use crate::report::severity;
use crate::validator::Verdict;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};

/// The column names, in order.
pub const COLUMNS: [&str; 17] = [
    "file",
    "valid",
    "version",
    "category",
    "truncated",
    "code",
    "rule",
    "severity",
    "message",
    "path",
    "line",
    "column",
    "wco_id",
    "wco_pointer",
    "national_code",
    "location",
    "wco_names",
];

/// The table of `verdicts`, the i-th named `files[i]`.
pub fn columns<'py>(
    py: Python<'py>,
    files: &[Bound<'py, PyString>],
    verdicts: Vec<Verdict>,
) -> PyResult<Bound<'py, PyDict>> {
    let rows: usize = verdicts.iter().map(|(_, r)| r.diagnostics.len().max(1)).sum();
    let mut file = Vec::with_capacity(rows);
    let mut valid = Vec::with_capacity(rows);
    let mut version = Vec::with_capacity(rows);
    let mut category = Vec::with_capacity(rows);
    let mut truncated = Vec::with_capacity(rows);
    let mut code = Vec::with_capacity(rows);
    let mut rule = Vec::with_capacity(rows);
    let mut sev = Vec::with_capacity(rows);
    let mut message = Vec::with_capacity(rows);
    let mut path = Vec::with_capacity(rows);
    let mut line = Vec::with_capacity(rows);
    let mut column = Vec::with_capacity(rows);
    let mut wco_id = Vec::with_capacity(rows);
    let mut wco_pointer = Vec::with_capacity(rows);
    let mut national_code = Vec::with_capacity(rows);
    let mut location = Vec::with_capacity(rows);
    let mut wco_names = Vec::with_capacity(rows);
    for (name, (v, report)) in files.iter().zip(verdicts) {
        let is_valid = report.is_valid();
        let n = report.diagnostics.len().max(1);
        for _ in 0..n {
            file.push(name.clone());
            valid.push(is_valid);
            version.push(v.clone());
            category.push(report.category.clone());
            truncated.push(report.truncated);
        }
        if report.diagnostics.is_empty() {
            code.push(None);
            rule.push(None);
            sev.push(None);
            message.push(None);
            path.push(None);
            line.push(None);
            column.push(None);
            wco_id.push(None);
            wco_pointer.push(None);
            national_code.push(None);
            location.push(None);
            wco_names.push(None);
        }
        for d in report.diagnostics {
            code.push(Some(d.code.as_str()));
            rule.push(d.rule);
            sev.push(Some(severity(d.severity)));
            message.push(Some(d.message));
            path.push(Some(d.path));
            // No position (an input that could not be read) is a null, as in the CLI's NDJSON.
            line.push((d.line != 0).then_some(d.line));
            column.push((d.column != 0).then_some(d.column));
            wco_id.push(d.wco_id);
            wco_pointer.push(d.wco_pointer);
            national_code.push(d.national_code);
            location.push(d.location);
            wco_names.push(d.wco_names);
        }
    }
    let table = PyDict::new(py);
    table.set_item(COLUMNS[0], file)?;
    table.set_item(COLUMNS[1], valid)?;
    table.set_item(COLUMNS[2], version)?;
    table.set_item(COLUMNS[3], category)?;
    table.set_item(COLUMNS[4], truncated)?;
    table.set_item(COLUMNS[5], code)?;
    table.set_item(COLUMNS[6], rule)?;
    table.set_item(COLUMNS[7], sev)?;
    table.set_item(COLUMNS[8], message)?;
    table.set_item(COLUMNS[9], path)?;
    table.set_item(COLUMNS[10], line)?;
    table.set_item(COLUMNS[11], column)?;
    table.set_item(COLUMNS[12], wco_id)?;
    table.set_item(COLUMNS[13], wco_pointer)?;
    table.set_item(COLUMNS[14], national_code)?;
    table.set_item(COLUMNS[15], location)?;
    table.set_item(COLUMNS[16], wco_names)?;
    Ok(table)
}
