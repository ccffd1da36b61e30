//! The WCO Data Model as a table: read a version's table (`schemas/wco-3.6/declaration.tsv`) and
//! the change lists of later versions (`schemas/wco-3.7/changes.tsv`, ...), and turn the result
//! into an XSD schema set that the engine, or any XSD 1.0 tool such as xmllint, compiles.
//!
//! The table is the form a customs data analyst reviews (see `schemas/README.md`): one row per
//! class or data element, in document order, with its path, WCO ID, WCO name, format in WCO
//! notation (`an..35`, `a2`, `n..16,3`), cardinality (`0..1`, `0..999`, `0..n`) and
//! representation (the UN/CEFACT type a leaf uses, which decides its attributes).
//!
//! This module is self-contained (std and `thiserror` only).

use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;

/// Namespace of the MetaData envelope.
pub const METADATA_NS: &str = "urn:wco:datamodel:WCO:DocumentMetaData-DMS:2";
/// Namespace of the Declaration.
pub const DECLARATION_NS: &str = "urn:wco:datamodel:WCO:DEC-DMS:2";
/// Namespace of the data types, where the `DateTimeString` child of a date-time lives (as in
/// real DMS messages, whose data-type schema qualifies its local elements).
pub const DATATYPES_NS: &str = "urn:wco:datamodel:WCO:Declaration_DS:DMS:2";

/// The root element name of the envelope; every other root is a payload held by the envelope's
/// wildcard.
const ENVELOPE: &str = "MetaData";

/// The pattern of a UN/CEFACT date-time string in the DMS encoding (formatCode 102 or 304).
pub const DATETIME_PATTERN: &str = r"(20\d{6})(\d{6}(Z|[-+]\d\d))?";
/// "Not blank": at least one character that is not white space, and no line break.
const NOT_BLANK: &str = r".*[^\s].*";

/// A table or change list that cannot be read. Every variant carries the 1-based line number in
/// the text it was read from.
#[derive(thiserror::Error, Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TableError {
    /// No header line, or a header with missing, unknown or repeated columns.
    #[error("line {line}: bad header: {message}")]
    Header {
        /// Line of the header (or of the end of the text when it has none).
        line: usize,
        /// What is wrong with it.
        message: String,
    },
    /// A line with more cells than the header has columns.
    #[error("line {line}: {found} tab-separated cells, the header has {expected} columns")]
    Columns {
        /// Line.
        line: usize,
        /// Number of columns in the header.
        expected: usize,
        /// Number of cells on the line.
        found: usize,
    },
    /// One cell holds a value its column does not accept.
    #[error("line {line}: column `{column}`: {message} (found `{value}`)")]
    Value {
        /// Line.
        line: usize,
        /// Column name.
        column: String,
        /// The cell as written.
        value: String,
        /// What the column accepts.
        message: String,
    },
    /// A row that does not fit the tree: parent missing or not a class, duplicate path, a class
    /// with a format, rows out of document order.
    #[error("line {line}: {path}: {message}")]
    Structure {
        /// Line.
        line: usize,
        /// The row's path.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// A change that cannot be applied to the model it is applied to.
    #[error("line {line}: {op} {path}: {message}")]
    Change {
        /// Line in the change list.
        line: usize,
        /// The change's operation.
        op: String,
        /// The change's path.
        path: String,
        /// Why it cannot be applied.
        message: String,
    },
    /// A table with a header but no rows.
    #[error("line {line}: the table has no rows")]
    Empty {
        /// The last line of the text.
        line: usize,
    },
}

impl TableError {
    /// The 1-based line the error is about.
    pub fn line(&self) -> usize {
        match self {
            TableError::Header { line, .. }
            | TableError::Columns { line, .. }
            | TableError::Value { line, .. }
            | TableError::Structure { line, .. }
            | TableError::Change { line, .. }
            | TableError::Empty { line } => *line,
        }
    }
}

/// The UN/CEFACT representation of a leaf (or `Class` for a class).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Repr {
    /// A class: its children follow it in the table.
    Class,
    /// A code: `listID`, `listAgencyID`, ... attributes; white space collapsed (`xs:token`).
    Code,
    /// An identifier: `schemeID`, `schemeAgencyID`, ... attributes.
    Id,
    /// Free text: `languageID`.
    Text,
    /// An amount: a decimal with `currencyID` (three capital letters).
    Amount,
    /// A measure: a decimal with `unitCode` (1 to 5 characters).
    Measure,
    /// A quantity: a decimal with `unitCode` (1 to 5 characters).
    Quantity,
    /// A plain number, no attributes.
    Numeric,
    /// `true` or `false`.
    Indicator,
    /// A date/time: a `DateTimeString` child with a required `formatCode` 102 or 304.
    DateTime,
}

impl Repr {
    /// Every representation, in the order the README lists them.
    pub const ALL: [Repr; 10] = [
        Repr::Class,
        Repr::Code,
        Repr::Id,
        Repr::Text,
        Repr::Amount,
        Repr::Measure,
        Repr::Quantity,
        Repr::Numeric,
        Repr::Indicator,
        Repr::DateTime,
    ];

    /// The word used in the table's `repr` column.
    pub fn as_str(self) -> &'static str {
        match self {
            Repr::Class => "class",
            Repr::Code => "code",
            Repr::Id => "id",
            Repr::Text => "text",
            Repr::Amount => "amount",
            Repr::Measure => "measure",
            Repr::Quantity => "quantity",
            Repr::Numeric => "numeric",
            Repr::Indicator => "indicator",
            Repr::DateTime => "datetime",
        }
    }

    /// Read the `repr` column (case-insensitive).
    pub fn parse(s: &str) -> Option<Repr> {
        let s = s.trim();
        Repr::ALL.into_iter().find(|r| r.as_str().eq_ignore_ascii_case(s))
    }

    /// Whether the value is a decimal number (formats give totalDigits / fractionDigits).
    pub fn is_decimal(self) -> bool {
        matches!(self, Repr::Amount | Repr::Measure | Repr::Quantity | Repr::Numeric)
    }

    fn type_stem(self) -> &'static str {
        match self {
            Repr::Class => "Class",
            Repr::Code => "Code",
            Repr::Id => "ID",
            Repr::Text => "Text",
            Repr::Amount => "Amount",
            Repr::Measure => "Measure",
            Repr::Quantity => "Quantity",
            Repr::Numeric => "Numeric",
            Repr::Indicator => "Indicator",
            Repr::DateTime => "DateTime",
        }
    }
}

/// One class or data element of the model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Element names from the root, `/`-separated: `Declaration/GoodsShipment/...`, or
    /// `MetaData/...` for the envelope.
    pub path: String,
    /// The WCO ID (`D026`, `006`; class IDs end in a letter: `42A`); may be empty.
    pub wco_id: String,
    /// The WCO name (`Functional reference number`).
    pub name: String,
    /// The format in WCO notation (`an..35`); empty for classes (and for a leaf the WCO gives
    /// no format for).
    pub format: String,
    /// minOccurs.
    pub min: u32,
    /// maxOccurs, `None` = unbounded.
    pub max: Option<u32>,
    /// The representation.
    pub repr: Repr,
    /// The code list the values come from, when the WCO names one; may be empty.
    pub codelist: String,
    /// A remark for the reader (e.g. where the WCO's generic cardinality is wider); may be empty.
    pub note: String,
}

impl Row {
    /// The element name (last path segment).
    pub fn tag(&self) -> &str {
        leaf(&self.path)
    }

    /// The path of the parent class, empty for a root.
    pub fn parent(&self) -> &str {
        parent(&self.path)
    }

    /// Nesting depth: 0 for a root.
    pub fn depth(&self) -> usize {
        self.path.matches('/').count()
    }

    /// The cardinality as written in the table: `0..1`, `1..999`, `0..n`.
    pub fn card(&self) -> String {
        match self.max {
            Some(m) => format!("{}..{m}", self.min),
            None => format!("{}..n", self.min),
        }
    }
}

/// A WCO format parsed into its parts: `an..35` is alphanumeric, 1 to 35 characters; `a2` two
/// letters; `n..16,3` at most 16 digits, 3 of them after the decimal point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Format {
    /// Letters allowed (`a`, `an`).
    pub alpha: bool,
    /// Digits allowed (`n`, `an`).
    pub numeric: bool,
    /// Least number of characters (digits for decimals): N for a fixed format, 1 for `..N`.
    pub min_len: usize,
    /// Most characters (digits for decimals).
    pub max_len: usize,
    /// Digits after the decimal point, for `n..N,D`.
    pub fraction: Option<usize>,
}

impl Format {
    /// Whether the length is fixed (`a2`, `an3`, `n1`).
    pub fn is_fixed(&self) -> bool {
        self.min_len == self.max_len
    }
}

/// Parse WCO format notation: `a2`, `an3`, `n1`, `an..35`, `n..5`, `n..16,3` (and the `an..17,3`
/// written on one 3.6 numeric). `None` when the text is not WCO notation.
pub fn parse_format(s: &str) -> Option<Format> {
    let s = s.trim();
    let (alpha, numeric, rest) = if let Some(r) = s.strip_prefix("an") {
        (true, true, r)
    } else if let Some(r) = s.strip_prefix('a') {
        (true, false, r)
    } else if let Some(r) = s.strip_prefix('n') {
        (false, true, r)
    } else {
        return None;
    };
    let (variable, rest) = match rest.strip_prefix("..") {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let (len, fraction) = match rest.split_once(',') {
        Some((l, f)) => (l, Some(f)),
        None => (rest, None),
    };
    let number = |t: &str| -> Option<usize> {
        if t.is_empty() || t.len() > 6 || !t.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        t.parse().ok()
    };
    let max_len = number(len)?;
    if max_len == 0 {
        return None;
    }
    let fraction = match fraction {
        Some(f) => {
            let f = number(f)?;
            // Decimals need digits, need room for one digit before the point, and a fixed
            // length makes no sense for them.
            if !numeric || f >= max_len || !variable {
                return None;
            }
            Some(f)
        }
        None => None,
    };
    Some(Format { alpha, numeric, min_len: if variable { 1 } else { max_len }, max_len, fraction })
}

/// Parse a cardinality: `0..1`, `1..1`, `0..999`, `0..n` (`*` and `unbounded` accepted for n).
fn parse_card(s: &str) -> Option<(u32, Option<u32>)> {
    let (lo, hi) = s.trim().split_once("..")?;
    let num = |t: &str| -> Option<u32> {
        if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        t.parse().ok()
    };
    let min = num(lo)?;
    let max = match hi {
        "n" | "*" | "unbounded" => None,
        h => Some(num(h)?),
    };
    match max {
        Some(m) if m == 0 || m < min => None,
        _ => Some((min, max)),
    }
}

fn parent(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..i])
}

fn leaf(path: &str) -> &str {
    path.rfind('/').map_or(path, |i| &path[i + 1..])
}

/// An XML name without a prefix, ASCII only (what WCO tags are).
fn is_ncname(s: &str) -> bool {
    let mut b = s.bytes();
    matches!(b.next(), Some(c) if c.is_ascii_alphabetic() || c == b'_')
        && b.all(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.'))
}

fn valid_path(p: &str) -> bool {
    !p.is_empty() && p.split('/').all(is_ncname)
}

// ---------------------------------------------------------------------------------------------
// Reading tab-separated text
// ---------------------------------------------------------------------------------------------

/// A cell as written in a spreadsheet's TSV export: surrounding blanks dropped, and a cell in
/// double quotes unquoted (`""` is a quote).
fn cell(s: &str) -> Cow<'_, str> {
    let s = s.trim_matches(|c| c == ' ' || c == '\r');
    if s.len() >= 2 && s.starts_with('"') && s.ends_with('"') {
        Cow::Owned(s[1..s.len() - 1].replace("\"\"", "\""))
    } else {
        Cow::Borrowed(s)
    }
}

/// A TSV text with `#` comment lines and blank lines, and a header naming its columns.
/// Cells borrow from the text unless unquoting changed them.
struct Sheet<'t> {
    /// Column name -> index.
    columns: Vec<Cow<'t, str>>,
    /// (line number, cells), cells padded to the header's width.
    rows: Vec<(usize, Vec<Cow<'t, str>>)>,
    last_line: usize,
}

impl<'t> Sheet<'t> {
    fn read(tsv: &'t str, required: &[&str], optional: &[&str]) -> Result<Sheet<'t>, TableError> {
        let mut columns: Option<Vec<Cow<'t, str>>> = None;
        let mut rows = Vec::new();
        let mut last_line = 0;
        for (i, raw) in tsv.lines().enumerate() {
            let line = i + 1;
            last_line = line;
            let raw = raw.strip_prefix('\u{feff}').unwrap_or(raw);
            if raw.trim().is_empty() || raw.trim_start().starts_with('#') {
                continue;
            }
            let cells: Vec<Cow<'t, str>> = raw.split('\t').map(cell).collect();
            match &columns {
                None => {
                    let mut seen = HashSet::new();
                    for c in &cells {
                        if !required.contains(&c.as_ref()) && !optional.contains(&c.as_ref()) {
                            return Err(TableError::Header {
                                line,
                                message: format!(
                                    "unknown column `{c}`; the columns are {}",
                                    required.iter().chain(optional).copied().collect::<Vec<_>>().join(", ")
                                ),
                            });
                        }
                        if !seen.insert(c.as_ref()) {
                            return Err(TableError::Header { line, message: format!("column `{c}` appears twice") });
                        }
                    }
                    if let Some(missing) = required.iter().find(|r| !seen.contains(**r)) {
                        return Err(TableError::Header { line, message: format!("column `{missing}` is missing") });
                    }
                    columns = Some(cells);
                }
                Some(cols) => {
                    if cells.len() > cols.len() {
                        return Err(TableError::Columns { line, expected: cols.len(), found: cells.len() });
                    }
                    let mut cells = cells;
                    cells.resize(cols.len(), Cow::Borrowed(""));
                    rows.push((line, cells));
                }
            }
        }
        let Some(columns) = columns else {
            return Err(TableError::Header {
                line: last_line.max(1),
                message: format!("no header line (expected the columns {})", required.join(", ")),
            });
        };
        Ok(Sheet { columns, rows, last_line })
    }

    fn get<'a>(&self, cells: &'a [Cow<'t, str>], column: &str) -> &'a str {
        self.columns.iter().position(|c| c == column).map_or("", |i| cells[i].as_ref())
    }
}

const TABLE_COLUMNS: [&str; 7] = ["path", "wco_id", "name", "format", "card", "repr", "codelist"];
const TABLE_OPTIONAL: [&str; 1] = ["note"];
const CHANGE_COLUMNS: [&str; 6] = ["op", "path", "field", "value", "rationale", "source"];

fn value_err(line: usize, column: &str, value: &str, message: impl Into<String>) -> TableError {
    TableError::Value { line, column: column.into(), value: value.into(), message: message.into() }
}

/// Check the cells of one row (not its place in the tree) and build it.
#[allow(clippy::too_many_arguments)]
fn make_row(
    line: usize,
    path: &str,
    wco_id: &str,
    name: &str,
    format: &str,
    card: &str,
    repr: &str,
    codelist: &str,
    note: &str,
) -> Result<Row, TableError> {
    if !valid_path(path) {
        return Err(value_err(line, "path", path, "element names separated by `/` (letters, digits, `_`, `-`, `.`)"));
    }
    if !wco_id.bytes().all(|b| b.is_ascii_alphanumeric()) || wco_id.len() > 8 {
        return Err(value_err(line, "wco_id", wco_id, "a WCO ID such as `D026`, `006` or `42A` (letters and digits)"));
    }
    let repr_v = Repr::parse(repr).ok_or_else(|| {
        value_err(
            line,
            "repr",
            repr,
            format!("one of {}", Repr::ALL.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(", ")),
        )
    })?;
    let (min, max) = parse_card(card).ok_or_else(|| {
        value_err(
            line,
            "card",
            card,
            "`min..max` with max ≥ 1 and ≥ min, `n` for unbounded (`0..1`, `1..1`, `0..999`, `0..n`)",
        )
    })?;
    check_format(line, format, repr_v, path)?;
    Ok(Row {
        path: path.to_string(),
        wco_id: wco_id.to_string(),
        name: name.to_string(),
        format: format.to_string(),
        min,
        max,
        repr: repr_v,
        codelist: codelist.to_string(),
        note: note.to_string(),
    })
}

/// Whether a format fits a representation.
fn check_format(line: usize, format: &str, repr: Repr, path: &str) -> Result<(), TableError> {
    if repr == Repr::Class {
        if !format.is_empty() {
            return Err(TableError::Structure {
                line,
                path: path.into(),
                message: format!("a class has no format (found `{format}`); leave the column empty"),
            });
        }
        return Ok(());
    }
    if format.is_empty() {
        return Ok(());
    }
    let f = parse_format(format).ok_or_else(|| {
        value_err(line, "format", format, "WCO notation: `a2`, `an3`, `n1`, `an..35`, `n..5`, `n..16,3`")
    })?;
    if repr.is_decimal() && !f.numeric {
        return Err(value_err(
            line,
            "format",
            format,
            format!("a {} is a number; its format must allow digits", repr.as_str()),
        ));
    }
    if !repr.is_decimal() && f.fraction.is_some() && repr != Repr::Text && repr != Repr::Code && repr != Repr::Id {
        return Err(value_err(line, "format", format, format!("decimals make no sense on a {}", repr.as_str())));
    }
    if repr == Repr::DateTime && f.max_len < 8 {
        return Err(value_err(line, "format", format, "a date-time needs at least 8 characters (YYYYMMDD)"));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The model
// ---------------------------------------------------------------------------------------------

/// A version of the data model: its label and its rows in document order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Model {
    version: String,
    rows: Vec<Row>,
}

/// One change of a version to the one before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// `add`, `remove` or `change`.
    pub op: String,
    /// The row the change is about.
    pub path: String,
    /// For `change`: the column changed (`wco_id`, `name`, `format`, `card`, `repr`, `codelist`,
    /// `note`, or `tag` to rename the element). For `add`: where the row goes among its
    /// siblings (`first`, `after=NAME`, `before=NAME`; empty = last).
    pub field: String,
    /// For `change`: the new value. For `add`: `wco_id;name;format;card;repr[;codelist]`.
    pub value: String,
    /// Why: the redundancy, inconsistency or published decision the change follows.
    pub rationale: String,
    /// Where that is published.
    pub source: String,
    /// Line in the change list (for messages).
    pub line: usize,
}

/// Read a change list: `#` comments, a header `op path field value rationale source`, one
/// change a line. Every change needs a rationale and a source.
pub fn parse_changes(tsv: &str) -> Result<Vec<Change>, TableError> {
    let sheet = Sheet::read(tsv, &CHANGE_COLUMNS, &[])?;
    let mut out = Vec::new();
    for (line, cells) in &sheet.rows {
        let line = *line;
        let g = |c: &str| sheet.get(cells, c).to_string();
        let c = Change {
            op: g("op"),
            path: g("path"),
            field: g("field"),
            value: g("value"),
            rationale: g("rationale"),
            source: g("source"),
            line,
        };
        if !matches!(c.op.as_str(), "add" | "remove" | "change") {
            return Err(value_err(line, "op", &c.op, "`add`, `remove` or `change`"));
        }
        if !valid_path(&c.path) {
            return Err(value_err(line, "path", &c.path, "element names separated by `/`"));
        }
        if c.op == "change" && !CHANGE_FIELDS.contains(&c.field.as_str()) {
            return Err(value_err(line, "field", &c.field, format!("one of {}", CHANGE_FIELDS.join(", "))));
        }
        if c.op == "remove" && !(c.field.is_empty() && c.value.is_empty()) {
            return Err(value_err(line, "field", &c.field, "`remove` takes no field and no value"));
        }
        if c.rationale.is_empty() {
            return Err(value_err(line, "rationale", "", "every change needs a rationale"));
        }
        if c.source.is_empty() {
            return Err(value_err(line, "source", "", "every change needs a source"));
        }
        out.push(c);
    }
    Ok(out)
}

const CHANGE_FIELDS: [&str; 8] = ["wco_id", "name", "format", "card", "repr", "codelist", "note", "tag"];

impl Model {
    /// Read a version's table: `#` comment lines, a header naming the columns `path wco_id name
    /// format card repr codelist` (and optionally `note`), then one row per class or data
    /// element in document order (a class before its children, siblings in sequence order).
    pub fn parse(version: &str, tsv: &str) -> Result<Model, TableError> {
        let sheet = Sheet::read(tsv, &TABLE_COLUMNS, &TABLE_OPTIONAL)?;
        let mut rows: Vec<Row> = Vec::with_capacity(sheet.rows.len());
        // The ancestors of the next row: the classes still open.
        let mut open: Vec<usize> = Vec::new();
        // Paths so far (a row's path is its cell's text).
        let mut seen: HashSet<&str> = HashSet::new();
        for (line, cells) in &sheet.rows {
            let line = *line;
            let g = |c: &str| sheet.get(cells, c);
            let row = make_row(
                line,
                g("path"),
                g("wco_id"),
                g("name"),
                g("format"),
                g("card"),
                g("repr"),
                g("codelist"),
                g("note"),
            )?;
            if !seen.insert(sheet.get(cells, "path")) {
                return Err(TableError::Structure { line, path: row.path, message: "this path appears twice".into() });
            }
            let p = row.parent();
            while let Some(&top) = open.last() {
                if rows[top].path == p {
                    break;
                }
                open.pop();
            }
            if !p.is_empty() && open.is_empty() {
                let message = if seen.contains(p) {
                    match rows.iter().find(|r| r.path == p) {
                        Some(r) if r.repr != Repr::Class => {
                            format!("its parent `{p}` is a {}, not a class", r.repr.as_str())
                        }
                        _ => format!(
                            "out of document order: its class `{p}` was closed by an earlier row; rows of a class must follow it together"
                        ),
                    }
                } else {
                    format!("its parent class `{p}` has no row before it")
                };
                return Err(TableError::Structure { line, path: row.path, message });
            }
            if p.is_empty() && row.repr != Repr::Class {
                return Err(TableError::Structure {
                    line,
                    path: row.path,
                    message: "a root row (no `/`) must be a class (`MetaData`, `Declaration`)".into(),
                });
            }
            if row.repr == Repr::Class {
                open.push(rows.len());
            }
            rows.push(row);
        }
        if rows.is_empty() {
            return Err(TableError::Empty { line: sheet.last_line });
        }
        Ok(Model { version: version.to_string(), rows })
    }

    /// The version label (`3.6`, `3.7`, `4.0-draft`).
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The rows in document order.
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// The row at a path.
    pub fn row(&self, path: &str) -> Option<&Row> {
        self.rows.iter().find(|r| r.path == path)
    }

    /// Index range of a row and its descendants.
    fn subtree(&self, i: usize) -> std::ops::Range<usize> {
        let p = self.rows[i].path.as_str();
        let below = |r: &Row| r.path.len() > p.len() && r.path.starts_with(p) && r.path.as_bytes()[p.len()] == b'/';
        let end = self.rows[i + 1..].iter().position(|r| !below(r)).map_or(self.rows.len(), |n| i + 1 + n);
        i..end
    }

    /// A new version: this one with a change list applied in order. Line numbers in errors are
    /// those of the change list.
    pub fn apply_changes(&self, version: &str, changes_tsv: &str) -> Result<Model, TableError> {
        let changes = parse_changes(changes_tsv)?;
        let mut m = Model { version: version.to_string(), rows: self.rows.clone() };
        for c in &changes {
            m.apply(c)?;
        }
        Ok(m)
    }

    fn apply(&mut self, c: &Change) -> Result<(), TableError> {
        let fail =
            |message: String| TableError::Change { line: c.line, op: c.op.clone(), path: c.path.clone(), message };
        let line = c.line;
        let index = self.rows.iter().position(|r| r.path == c.path);
        match c.op.as_str() {
            "remove" => {
                let i = index.ok_or_else(|| fail("no such path in the model".into()))?;
                let range = self.subtree(i);
                self.rows.drain(range);
            }
            "change" => {
                let i = index.ok_or_else(|| fail("no such path in the model".into()))?;
                let v = c.value.as_str();
                let has_children = self.subtree(i).len() > 1;
                match c.field.as_str() {
                    "tag" => {
                        if !is_ncname(v) {
                            return Err(value_err(line, "value", v, "an element name"));
                        }
                        let old = c.path.clone();
                        let new = match parent(&old) {
                            "" => v.to_string(),
                            p => format!("{p}/{v}"),
                        };
                        if self.row(&new).is_some() {
                            return Err(fail(format!("`{new}` already exists")));
                        }
                        let range = self.subtree(i);
                        for r in &mut self.rows[range] {
                            r.path = format!("{new}{}", &r.path[old.len()..]);
                        }
                    }
                    "card" => {
                        let (min, max) = parse_card(v).ok_or_else(|| {
                            value_err(line, "value", v, "a cardinality: `0..1`, `1..1`, `0..999`, `0..n`")
                        })?;
                        self.rows[i].min = min;
                        self.rows[i].max = max;
                    }
                    "repr" => {
                        let r = Repr::parse(v).ok_or_else(|| value_err(line, "value", v, "a representation"))?;
                        if r != Repr::Class && has_children {
                            return Err(fail(
                                "a class with children cannot become a leaf; remove its children first".into(),
                            ));
                        }
                        check_format(line, &self.rows[i].format, r, &c.path)?;
                        self.rows[i].repr = r;
                    }
                    "format" => {
                        check_format(line, v, self.rows[i].repr, &c.path)?;
                        self.rows[i].format = v.to_string();
                    }
                    "wco_id" => {
                        if !v.bytes().all(|b| b.is_ascii_alphanumeric()) {
                            return Err(value_err(line, "value", v, "a WCO ID (letters and digits)"));
                        }
                        self.rows[i].wco_id = v.to_string();
                    }
                    "name" => self.rows[i].name = v.to_string(),
                    "codelist" => self.rows[i].codelist = v.to_string(),
                    "note" => self.rows[i].note = v.to_string(),
                    other => {
                        return Err(value_err(line, "field", other, format!("one of {}", CHANGE_FIELDS.join(", "))));
                    }
                }
            }
            "add" => {
                if index.is_some() {
                    return Err(fail("the path already exists".into()));
                }
                let parts: Vec<&str> = c.value.split(';').map(str::trim).collect();
                if !(5..=6).contains(&parts.len()) {
                    return Err(value_err(
                        line,
                        "value",
                        &c.value,
                        "`wco_id;name;format;card;repr` (and optionally `;codelist`)",
                    ));
                }
                let row = make_row(
                    line,
                    &c.path,
                    parts[0],
                    parts[1],
                    parts[2],
                    parts[3],
                    parts[4],
                    parts.get(5).copied().unwrap_or(""),
                    "",
                )?;
                let p = parent(&c.path);
                let at = if p.is_empty() {
                    if row.repr != Repr::Class {
                        return Err(fail("a root row must be a class".into()));
                    }
                    self.rows.len()
                } else {
                    let pi = self
                        .rows
                        .iter()
                        .position(|r| r.path == p)
                        .ok_or_else(|| fail(format!("no parent `{p}` in the model")))?;
                    if self.rows[pi].repr != Repr::Class {
                        return Err(fail(format!("the parent `{p}` is not a class")));
                    }
                    let sibling = |name: &str| -> Result<usize, TableError> {
                        self.rows
                            .iter()
                            .position(|r| r.path == format!("{p}/{name}"))
                            .ok_or_else(|| fail(format!("no sibling `{name}` under `{p}`")))
                    };
                    let f = c.field.as_str();
                    if f.is_empty() || f == "last" {
                        self.subtree(pi).end
                    } else if f == "first" {
                        pi + 1
                    } else if let Some(name) = f.strip_prefix("after=") {
                        self.subtree(sibling(name.trim())?).end
                    } else if let Some(name) = f.strip_prefix("before=") {
                        sibling(name.trim())?
                    } else {
                        return Err(value_err(
                            line,
                            "field",
                            f,
                            "where the row goes: `first`, `last`, `after=NAME`, `before=NAME` or empty",
                        ));
                    }
                };
                self.rows.insert(at, row);
            }
            other => return Err(value_err(line, "op", other, "`add`, `remove` or `change`")),
        }
        Ok(())
    }

    /// The model as a table in the project's format (what [`Model::parse`] reads).
    pub fn to_tsv(&self) -> String {
        let mut out = String::from("path\twco_id\tname\tformat\tcard\trepr\tcodelist\tnote\n");
        for r in &self.rows {
            let _ = writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                r.path,
                r.wco_id,
                r.name,
                r.format,
                r.card(),
                r.repr.as_str(),
                r.codelist,
                r.note
            );
        }
        out
    }

    /// The file names of the schema set for this version: (root, declaration, data types).
    fn file_names(&self) -> (String, String, String) {
        let v: String = self
            .version
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() || c == '.' || c == '-' { c } else { '_' })
            .collect();
        (format!("wco-{v}-metadata.xsd"), format!("wco-{v}-declaration.xsd"), format!("wco-{v}-datatypes.xsd"))
    }

    /// The schema set as in-memory XSD files: (file name, content); the first is the root to
    /// compile. Three files: the root (the `MetaData` envelope, holding the payload through a
    /// strict wildcard, and importing the others), the `Declaration`, and the data types (where
    /// `DateTimeString` lives). Plain XSD 1.0, every element annotated with its WCO ID, name and
    /// format.
    pub fn to_xsd(&self) -> Vec<(String, String)> {
        self.write_xsd(Text::default).into_iter().map(|(name, t)| (name, t.0)).collect()
    }

    /// The schema set of [`Model::to_xsd`], each document made by `out` from the calls that
    /// write its text: the engine builds its schema trees from them without writing the text
    /// and reading it back.
    pub(crate) fn write_xsd<O: XsdOut>(&self, out: impl Fn() -> O) -> Vec<(String, O)> {
        let (root_name, dec_name, dt_name) = self.file_names();
        let mut types = TypeSet::default();

        // The declaration (every root except the envelope) in the DEC namespace.
        let mut dec = out();
        dec.schema(DECLARATION_NS, &format!("WCO Data Model {}: the Declaration.", self.version));
        dec.leaf("import", &[("namespace", DATATYPES_NS), ("schemaLocation", &dt_name)]);
        let mut env = None;
        let mut i = 0;
        while i < self.rows.len() {
            let r = &self.rows[i];
            let end = self.subtree(i).end;
            if r.path == ENVELOPE {
                let mut o = out();
                self.envelope(&mut o, i, end, &dec_name, &mut types);
                env = Some(o);
            } else {
                self.element(&mut dec, i, true, &mut types);
            }
            i = end;
        }
        dec.close("schema");

        let mut dt = out();
        types.render(&mut dt, &self.version);
        // Without an envelope row, the declaration is the root.
        let mut set: Vec<(String, O)> = env.map(|env| (root_name, env)).into_iter().collect();
        set.extend([(dec_name, dec), (dt_name, dt)]);
        set
    }

    /// The envelope schema: `MetaData` with its leaves, then a strict wildcard for the payload.
    fn envelope<O: XsdOut>(&self, s: &mut O, i: usize, end: usize, dec_name: &str, types: &mut TypeSet) {
        let (_, _, dt_name) = self.file_names();
        let r = &self.rows[i];
        s.schema(
            METADATA_NS,
            &format!(
                "WCO Data Model {}: the MetaData envelope; the Declaration it holds is checked by {dec_name}.",
                self.version
            ),
        );
        s.leaf("import", &[("namespace", DECLARATION_NS), ("schemaLocation", dec_name)]);
        s.leaf("import", &[("namespace", DATATYPES_NS), ("schemaLocation", &dt_name)]);
        s.open("element", &[("name", r.tag())]);
        s.annotation(r);
        s.open("complexType", &[]);
        s.open("sequence", &[]);
        let mut j = i + 1;
        while j < end {
            self.element(s, j, false, types);
            j = self.subtree(j).end;
        }
        s.leaf("any", &[("namespace", DECLARATION_NS), ("processContents", "strict")]);
        s.close("sequence");
        s.close("complexType");
        s.close("element");
        s.close("schema");
    }

    /// One element declaration (and, for a class, its children).
    fn element<O: XsdOut>(&self, s: &mut O, i: usize, global: bool, types: &mut TypeSet) {
        let r = &self.rows[i];
        let ty = (r.repr != Repr::Class).then(|| format!("dt:{}", types.type_for(r)));
        let min = r.min.to_string();
        let max = r.max.map_or("unbounded".to_string(), |m| m.to_string());
        let mut attrs = vec![("name", r.tag())];
        if let Some(ty) = &ty {
            attrs.push(("type", ty));
        }
        if !global && r.min != 1 {
            attrs.push(("minOccurs", &min));
        }
        if !global && r.max != Some(1) {
            attrs.push(("maxOccurs", &max));
        }
        s.open("element", &attrs);
        s.annotation(r);
        if r.repr == Repr::Class {
            s.open("complexType", &[]);
            s.open("sequence", &[]);
            let end = self.subtree(i).end;
            let mut j = i + 1;
            while j < end {
                self.element(s, j, false, types);
                j = self.subtree(j).end;
            }
            s.close("sequence");
            s.close("complexType");
        }
        s.close("element");
    }
}

/// What the XSD generation writes into: the calls that make one schema document, in document
/// order (`xs:` elements, and the WCO annotation of a row). [`Model::to_xsd`] writes them as
/// text; the engine builds its schema trees from them.
pub(crate) trait XsdOut {
    /// The `xs:schema` start tag, in `ns` (also the default namespace; `dt:` is the data types'),
    /// elements qualified, after the XML declaration and two comments: what made the document, and
    /// `comment`.
    fn schema(&mut self, ns: &str, comment: &str);
    /// A start tag `xs:<local>` with these attributes.
    fn open(&mut self, local: &str, attrs: &[(&str, &str)]);
    /// An empty-element tag `xs:<local>`.
    fn leaf(&mut self, local: &str, attrs: &[(&str, &str)]);
    /// The end tag of `xs:<local>`, the element opened last.
    fn close(&mut self, local: &str);
    /// The `xs:annotation` of a row: its WCO ID, name, format and code list.
    fn annotation(&mut self, r: &Row);
}

/// The first comment of every generated document.
const GENERATED: &str = "Generated by wcodm from its WCO Data Model tables (schemas/); do not edit.";

/// A schema document as text, indented two spaces a level, one tag (or annotation) a line.
#[derive(Default)]
struct Text(String, usize);

impl Text {
    fn tag(&mut self, local: &str, attrs: &[(&str, &str)], end: &str) {
        self.0.push_str(&pad(self.1));
        self.0.push_str("<xs:");
        self.0.push_str(local);
        for (k, v) in attrs {
            let _ = write!(self.0, " {k}=\"");
            esc_into(&mut self.0, v);
            self.0.push('"');
        }
        self.0.push_str(end);
    }
}

impl XsdOut for Text {
    fn schema(&mut self, ns: &str, comment: &str) {
        let _ = write!(
            self.0,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- {GENERATED} -->\n<!-- {} -->\n<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" xmlns=\"{ns}\" xmlns:dt=\"{DATATYPES_NS}\" targetNamespace=\"{ns}\" elementFormDefault=\"qualified\">\n",
            esc(comment).replace("--", "- -")
        );
        self.1 = 1;
    }

    fn open(&mut self, local: &str, attrs: &[(&str, &str)]) {
        self.tag(local, attrs, ">\n");
        self.1 += 1;
    }

    fn leaf(&mut self, local: &str, attrs: &[(&str, &str)]) {
        self.tag(local, attrs, "/>\n");
    }

    fn close(&mut self, local: &str) {
        self.1 = self.1.saturating_sub(1);
        let _ = writeln!(self.0, "{}</xs:{local}>", pad(self.1));
    }

    fn annotation(&mut self, r: &Row) {
        let s = &mut self.0;
        s.push_str(&pad(self.1));
        s.push_str("<xs:annotation><xs:documentation><WCOID>");
        esc_into(s, &r.wco_id);
        s.push_str("</WCOID><WCOName>");
        esc_into(s, &r.name);
        s.push_str("</WCOName><WCOFormat>");
        esc_into(s, &r.format);
        s.push_str("</WCOFormat>");
        if !r.codelist.is_empty() {
            s.push_str("<WCOCodeList>");
            esc_into(s, &r.codelist);
            s.push_str("</WCOCodeList>");
        }
        s.push_str("</xs:documentation></xs:annotation>\n");
    }
}

/// Indentation for a nesting level (two spaces a level).
fn pad(level: usize) -> Cow<'static, str> {
    const SPACES: &str = "                                                                ";
    match SPACES.get(..2 * level) {
        Some(p) => Cow::Borrowed(p),
        None => Cow::Owned("  ".repeat(level)),
    }
}

fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    esc_into(&mut o, s);
    o
}

/// Append `s` to `o` with `&`, `<`, `>` and `"` escaped.
fn esc_into(o: &mut String, s: &str) {
    let mut rest = s;
    while let Some(i) = rest.find(['&', '<', '>', '"']) {
        o.push_str(&rest[..i]);
        o.push_str(match rest.as_bytes()[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            _ => "&quot;",
        });
        rest = &rest[i + 1..];
    }
    o.push_str(rest);
}

/// The leaf types of a schema set, one per (representation, format), named after both:
/// `Code_an..3`, `Amount_n..16-3`, `DateTime_an..35`.
#[derive(Default)]
struct TypeSet {
    /// name -> (repr, format)
    used: BTreeMap<String, (Repr, String)>,
}

impl TypeSet {
    fn type_for(&mut self, r: &Row) -> String {
        let name = if r.format.is_empty() {
            r.repr.type_stem().to_string()
        } else {
            format!("{}_{}", r.repr.type_stem(), r.format.replace(',', "-"))
        };
        self.used.entry(name.clone()).or_insert_with(|| (r.repr, r.format.clone()));
        name
    }

    fn render<O: XsdOut>(&self, s: &mut O, version: &str) {
        s.schema(
            DATATYPES_NS,
            &format!(
                "WCO Data Model {version}: data types, one per representation and WCO format (UN/CEFACT unqualified data types 6 with the format's facets)."
            ),
        );
        let mut shared = HashSet::new();
        for (name, (repr, format)) in &self.used {
            let f = parse_format(format);
            let value = format!("{name}.Value");
            let base = format!("dt:{value}");
            match repr {
                Repr::Numeric | Repr::Indicator => {
                    simple_type(s, name, *repr, f.as_ref());
                }
                Repr::DateTime => {
                    shared.insert(Repr::DateTime);
                    simple_type(s, &value, *repr, f.as_ref());
                    s.open("complexType", &[("name", name)]);
                    s.open("sequence", &[]);
                    s.open("element", &[("name", "DateTimeString")]);
                    s.open("complexType", &[]);
                    s.open("simpleContent", &[]);
                    s.open("extension", &[("base", &base)]);
                    s.leaf(
                        "attribute",
                        &[("name", "formatCode"), ("type", "dt:DateTimeFormatCode"), ("use", "required")],
                    );
                    for local in ["extension", "simpleContent", "complexType", "element", "sequence", "complexType"] {
                        s.close(local);
                    }
                }
                _ => {
                    shared.insert(*repr);
                    simple_type(s, &value, *repr, f.as_ref());
                    s.open("complexType", &[("name", name)]);
                    s.open("simpleContent", &[]);
                    s.open("extension", &[("base", &base)]);
                    for (attr, ty) in attributes(*repr) {
                        s.leaf("attribute", &[("name", attr), ("type", ty)]);
                    }
                    for local in ["extension", "simpleContent", "complexType"] {
                        s.close(local);
                    }
                }
            }
        }
        let token = |s: &mut O, name: &str, facets: &[(&str, &str)]| {
            s.open("simpleType", &[("name", name)]);
            s.open("restriction", &[("base", "xs:token")]);
            for (facet, value) in facets {
                s.leaf(facet, &[("value", value)]);
            }
            s.close("restriction");
            s.close("simpleType");
        };
        if shared.contains(&Repr::Amount) {
            token(s, "CurrencyCode", &[("pattern", "[A-Z]{3}")]);
        }
        if shared.contains(&Repr::Measure) || shared.contains(&Repr::Quantity) {
            token(s, "UnitCode", &[("minLength", "1"), ("maxLength", "5")]);
        }
        if shared.contains(&Repr::DateTime) {
            token(s, "DateTimeFormatCode", &[("enumeration", "102"), ("enumeration", "304")]);
        }
        s.close("schema");
    }
}

/// The attributes a representation carries (UN/CEFACT unqualified data types 6), all optional.
fn attributes(repr: Repr) -> &'static [(&'static str, &'static str)] {
    match repr {
        Repr::Code => &[
            ("listID", "xs:token"),
            ("listAgencyID", "xs:token"),
            ("listAgencyName", "xs:string"),
            ("listName", "xs:string"),
            ("listVersionID", "xs:token"),
            ("name", "xs:string"),
            ("languageID", "xs:language"),
            ("listURI", "xs:anyURI"),
            ("listSchemeURI", "xs:anyURI"),
        ],
        Repr::Id => &[
            ("schemeID", "xs:token"),
            ("schemeName", "xs:string"),
            ("schemeAgencyID", "xs:token"),
            ("schemeAgencyName", "xs:string"),
            ("schemeVersionID", "xs:token"),
            ("schemeDataURI", "xs:anyURI"),
            ("schemeURI", "xs:anyURI"),
        ],
        Repr::Text => &[("languageID", "xs:language")],
        Repr::Amount => &[("currencyID", "dt:CurrencyCode")],
        Repr::Measure | Repr::Quantity => &[("unitCode", "dt:UnitCode")],
        _ => &[],
    }
}

/// The value space of a leaf: the UN/CEFACT base type restricted by the WCO format.
fn simple_type<O: XsdOut>(s: &mut O, name: &str, repr: Repr, f: Option<&Format>) {
    let base = match repr {
        Repr::Code => "xs:token",
        Repr::Amount | Repr::Measure | Repr::Quantity | Repr::Numeric => "xs:decimal",
        Repr::Indicator => "xs:boolean",
        _ => "xs:string",
    };
    s.open("simpleType", &[("name", name)]);
    s.open("restriction", &[("base", base)]);
    for (facet, value) in facets(repr, f) {
        s.leaf(facet, &[("value", &value)]);
    }
    s.close("restriction");
    s.close("simpleType");
}

/// The facets a WCO format gives a representation: (XSD facet, value).
fn facets(repr: Repr, f: Option<&Format>) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    match repr {
        Repr::Class => {}
        Repr::Indicator => out.push(("pattern", "true|false".to_string())),
        Repr::DateTime => {
            if let Some(f) = f {
                out.push(("maxLength", f.max_len.to_string()));
            }
            out.push(("pattern", DATETIME_PATTERN.to_string()));
        }
        Repr::Amount | Repr::Measure | Repr::Quantity | Repr::Numeric => {
            if let Some(f) = f {
                out.push(("totalDigits", f.max_len.to_string()));
                out.push(("fractionDigits", f.fraction.unwrap_or(0).to_string()));
            }
        }
        Repr::Code | Repr::Id | Repr::Text => {
            let Some(f) = f else { return out };
            if let Some(d) = f.fraction {
                // A decimal written as a string (no 3.6 row does this): digits, one point.
                let int = f.max_len - d;
                out.push(("pattern", format!("[0-9]{{1,{int}}}(\\.[0-9]{{1,{d}}})?")));
                return out;
            }
            if f.is_fixed() {
                out.push(("length", f.max_len.to_string()));
            } else {
                out.push(("maxLength", f.max_len.to_string()));
            }
            out.push(match (f.alpha, f.numeric) {
                (true, true) => ("pattern", NOT_BLANK.to_string()),
                (true, false) => ("pattern", "[a-zA-Z]+".to_string()),
                _ => ("pattern", "[0-9]+".to_string()),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &str = "# a tiny model\n\
path\twco_id\tname\tformat\tcard\trepr\tcodelist\n\
MetaData\t\tDocument Meta Data\t\t1..1\tclass\t\n\
MetaData/WCODataModelVersionCode\t\tWCO Data Model Version\tan..6\t0..1\tcode\t\n\
Declaration\t42A\tDeclaration\t\t1..1\tclass\t\n\
Declaration/FunctionCode\t017\tMessage function, coded\tn..2\t1..1\tcode\t\n\
Declaration/FunctionalReferenceID\tD026\tFunctional reference number\tan..35\t0..1\tid\t\n\
Declaration/IssueDateTime\tD011\tDocument issuing date\tan..35\t0..1\tdatetime\t\n\
Declaration/TypeCode\tD013\tDocument name, coded\tan..3\t0..1\tcode\t\n\
Declaration/InvoiceAmount\t109\tTotal invoice amount\tn..16,3\t0..1\tamount\tISO 4217\n\
Declaration/GoodsShipment\t67A\tGoods shipment\t\t0..1\tclass\t\n\
Declaration/GoodsShipment/GovernmentAgencyGoodsItem\t68A\tGovernment agency goods item\t\t0..999\tclass\t\n\
Declaration/GoodsShipment/GovernmentAgencyGoodsItem/SequenceNumeric\t006\tSequence number\tn..5\t1..1\tnumeric\t\n\
Declaration/GoodsShipment/GovernmentAgencyGoodsItem/Origin\t92A\tOrigin\t\t0..n\tclass\t\n\
Declaration/GoodsShipment/GovernmentAgencyGoodsItem/Origin/CountryCode\t063\tCountry of origin, coded\ta2\t0..1\tcode\t\n\
Declaration/GoodsShipment/TransactionNatureCode\t103\tNature of transaction, coded\tn..2\t0..1\tcode\t\n";

    fn model() -> Model {
        Model::parse("test", TABLE).unwrap()
    }

    fn changes(body: &str) -> String {
        format!("# c\nop\tpath\tfield\tvalue\trationale\tsource\n{body}")
    }

    #[test]
    fn parses_rows_in_order() {
        let m = model();
        assert_eq!(m.version(), "test");
        assert_eq!(m.rows().len(), 14);
        let r = m.row("Declaration/GoodsShipment/GovernmentAgencyGoodsItem").unwrap();
        assert_eq!((r.min, r.max, r.repr, r.wco_id.as_str()), (0, Some(999), Repr::Class, "68A"));
        let r = m.row("Declaration/GoodsShipment/GovernmentAgencyGoodsItem/Origin").unwrap();
        assert_eq!((r.max, r.card()), (None, "0..n".to_string()));
        let r = m.row("Declaration/InvoiceAmount").unwrap();
        assert_eq!((r.repr, r.codelist.as_str(), r.format.as_str()), (Repr::Amount, "ISO 4217", "n..16,3"));
        assert_eq!(m.rows()[3].name, "Message function, coded");
        // Round trip through the project's format.
        let again = Model::parse("test", &m.to_tsv()).unwrap();
        assert_eq!(again, m);
    }

    #[test]
    fn spreadsheet_exports_are_read() {
        // Quoted cells, CRLF, a byte-order mark, a reordered header, dropped trailing cells, note column.
        let t = "\u{feff}name\tpath\tcard\trepr\tformat\twco_id\tcodelist\tnote\r\n\
\"Declaration\"\tDeclaration\t1..1\tclass\t\t42A\r\n\
\"Message function, coded\"\tDeclaration/FunctionCode\t1..1\tCODE\tn..2\t017\t\tUK: 1..1\r\n";
        let m = Model::parse("x", t).unwrap();
        assert_eq!(m.rows()[1].repr, Repr::Code);
        assert_eq!(m.rows()[1].name, "Message function, coded");
        assert_eq!(m.rows()[1].note, "UK: 1..1");
    }

    #[test]
    fn format_notation() {
        let f = parse_format("an..35").unwrap();
        assert_eq!(f, Format { alpha: true, numeric: true, min_len: 1, max_len: 35, fraction: None });
        assert_eq!(
            parse_format("a2").unwrap(),
            Format { alpha: true, numeric: false, min_len: 2, max_len: 2, fraction: None }
        );
        assert_eq!(
            parse_format("an3").unwrap(),
            Format { alpha: true, numeric: true, min_len: 3, max_len: 3, fraction: None }
        );
        assert_eq!(
            parse_format("n1").unwrap(),
            Format { alpha: false, numeric: true, min_len: 1, max_len: 1, fraction: None }
        );
        assert_eq!(
            parse_format("n..16,3").unwrap(),
            Format { alpha: false, numeric: true, min_len: 1, max_len: 16, fraction: Some(3) }
        );
        assert_eq!(parse_format("n..5").unwrap().max_len, 5);
        assert!(parse_format("a..3").is_some());
        // The 3.6 anomaly on TaxRateNumeric is still notation.
        assert_eq!(parse_format("an..17,3").unwrap().fraction, Some(3));
        for bad in ["", "x3", "an", "an..", "n..0", "n..5,5", "n5,2", "a..3,1", "an35x", "n..-1", "N..5", "an..1234567"]
        {
            assert_eq!(parse_format(bad), None, "{bad}");
        }
        assert!(parse_format("n1").unwrap().is_fixed());
        assert!(!parse_format("n..2").unwrap().is_fixed());
    }

    #[test]
    fn facets_follow_the_notation() {
        let fs = |r, f: &str| {
            let mut t = Text(String::new(), 0);
            for (facet, value) in facets(r, parse_format(f).as_ref()) {
                t.leaf(facet, &[("value", &value)]);
            }
            t.0.replace('\n', "")
        };
        assert_eq!(fs(Repr::Id, "an..35"), r#"<xs:maxLength value="35"/><xs:pattern value=".*[^\s].*"/>"#);
        assert_eq!(fs(Repr::Code, "a2"), r#"<xs:length value="2"/><xs:pattern value="[a-zA-Z]+"/>"#);
        assert_eq!(fs(Repr::Code, "n..2"), r#"<xs:maxLength value="2"/><xs:pattern value="[0-9]+"/>"#);
        assert_eq!(fs(Repr::Amount, "n..16,3"), r#"<xs:totalDigits value="16"/><xs:fractionDigits value="3"/>"#);
        assert_eq!(fs(Repr::Quantity, "n..5"), r#"<xs:totalDigits value="5"/><xs:fractionDigits value="0"/>"#);
        assert!(fs(Repr::DateTime, "an..35").contains(r"(20\d{6})(\d{6}(Z|[-+]\d\d))?"));
    }

    #[test]
    fn cardinalities() {
        assert_eq!(parse_card("0..1"), Some((0, Some(1))));
        assert_eq!(parse_card("1..999"), Some((1, Some(999))));
        assert_eq!(parse_card("0..n"), Some((0, None)));
        assert_eq!(parse_card("0..unbounded"), Some((0, None)));
        for bad in ["", "1", "0..0", "2..1", "a..1", "0...1", "-1..1"] {
            assert_eq!(parse_card(bad), None, "{bad}");
        }
    }

    fn err_of(tsv: &str) -> TableError {
        Model::parse("x", tsv).unwrap_err()
    }

    #[test]
    fn errors_carry_line_numbers() {
        let h = "path\twco_id\tname\tformat\tcard\trepr\tcodelist\n";
        let e = err_of(&format!(
            "# c\n{h}Declaration\t42A\tD\t\t1..1\tclass\t\nDeclaration/X\t1\tX\tan..3\t0..2x\tcode\t\n"
        ));
        assert!(matches!(&e, TableError::Value { line: 4, column, .. } if column == "card"), "{e}");
        assert!(e.to_string().starts_with("line 4: column `card`"), "{e}");
        let e = err_of(&format!("{h}Declaration\t42A\tD\t\t1..1\tclass\t\nDeclaration/X\t1\tX\tan.3\t0..1\tcode\t\n"));
        assert!(matches!(&e, TableError::Value { line: 3, column, .. } if column == "format"), "{e}");
        let e =
            err_of(&format!("{h}Declaration\t42A\tD\t\t1..1\tclass\t\nDeclaration/X\t1\tX\tan..3\t0..1\tcodes\t\n"));
        assert!(matches!(&e, TableError::Value { line: 3, column, .. } if column == "repr"), "{e}");
        // Tree errors.
        let e =
            err_of(&format!("{h}Declaration\t42A\tD\t\t1..1\tclass\t\nDeclaration/A/B\t1\tX\tan..3\t0..1\tcode\t\n"));
        assert!(matches!(e, TableError::Structure { line: 3, .. }), "{e}");
        let e = err_of(&format!(
            "{h}Declaration\t42A\tD\t\t1..1\tclass\t\nDeclaration/A\t1\tA\tan..3\t0..1\tcode\t\nDeclaration/A/B\t1\tX\tan..3\t0..1\tcode\t\n"
        ));
        assert!(e.to_string().contains("not a class"), "{e}");
        let e = err_of(&format!(
            "{h}Declaration\t42A\tD\t\t1..1\tclass\t\nDeclaration/A\t1\tA\tan..3\t0..1\tcode\t\nDeclaration/A\t1\tA\tan..3\t0..1\tcode\t\n"
        ));
        assert!(matches!(e, TableError::Structure { line: 4, .. }) && e.to_string().contains("twice"), "{e}");
        let e = err_of(&format!(
            "{h}Declaration\t42A\tD\t\t1..1\tclass\t\nDeclaration/C\t1\tC\t\t0..1\tclass\t\nDeclaration/X\t1\tX\tan..3\t0..1\tcode\t\nDeclaration/C/Y\t1\tY\tan..3\t0..1\tcode\t\n"
        ));
        assert!(matches!(e, TableError::Structure { line: 5, .. }) && e.to_string().contains("document order"), "{e}");
        let e = err_of(&format!("{h}Declaration\t42A\tD\tan..3\t1..1\tclass\t\n"));
        assert!(matches!(e, TableError::Structure { line: 2, .. }), "{e}");
        let e = err_of(&format!("{h}Declaration\t42A\tD\t\t1..1\tcode\t\n"));
        assert!(matches!(e, TableError::Structure { line: 2, .. }), "{e}");
        let e =
            err_of(&format!("{h}Declaration\t42A\tD\t\t1..1\tclass\t\nDeclaration/A\t1\tA\ta..3\t0..1\tamount\t\n"));
        assert!(matches!(e, TableError::Value { line: 3, .. }), "{e}");
        // Header and width errors.
        assert!(matches!(err_of("# only comments\n\n"), TableError::Header { line: 2, .. }));
        let e = err_of("path\twco_id\tname\tformat\tcard\trepr\n");
        assert!(matches!(e, TableError::Header { line: 1, .. }) && e.to_string().contains("codelist"), "{e}");
        let e = err_of("path\twco_id\tname\tformat\tcard\trepr\tcodelist\tcolour\n");
        assert!(e.to_string().contains("colour"), "{e}");
        let e = err_of(&format!("{h}Declaration\t42A\tD\t\t1..1\tclass\t\textra\n"));
        assert!(matches!(e, TableError::Columns { line: 2, expected: 7, found: 8 }), "{e}");
        assert!(matches!(err_of(&format!("#\n{h}")), TableError::Empty { line: 2 }));
        assert_eq!(
            err_of(&format!("{h}Declaration\t42A\tD\t\t1..1\tclass\t\nDeclaration/9x\t1\tA\tan..3\t0..1\tcode\t\n"))
                .line(),
            3
        );
    }

    #[test]
    fn change_lists() {
        let m = model();
        let c = changes(
            "change\tDeclaration/FunctionalReferenceID\tcard\t1..1\tLRN always given\tsource A\n\
remove\tDeclaration/GoodsShipment/GovernmentAgencyGoodsItem/Origin\t\t\tredundant\tsource B\n\
change\tDeclaration/TypeCode\tformat\tan..5\twider\tsource C\n\
change\tDeclaration/GoodsShipment/GovernmentAgencyGoodsItem\ttag\tGoodsItem\tshorter\tsource D\n\
add\tDeclaration/GoodsShipment/GoodsItem/Manufacturer\tfirst\t86A;Manufacturer;;0..1;class\tnew class\tsource E\n\
add\tDeclaration/GoodsShipment/GoodsItem/Manufacturer/ID\t\tR042;Manufacturer, coded;an..17;0..1;id\tits ID\tsource E\n\
add\tDeclaration/LoadingListQuantity\tafter=TypeCode\t013;Number of loading lists;n..5;0..1;quantity\tadded\tsource F\n\
add\tDeclaration/Early\tbefore=FunctionCode\t;Early;an..1;0..1;text;LIST\tadded\tsource F\n",
        );
        let n = m.apply_changes("next", &c).unwrap();
        assert_eq!(n.version(), "next");
        assert_eq!(n.row("Declaration/FunctionalReferenceID").unwrap().min, 1);
        assert_eq!(n.row("Declaration/TypeCode").unwrap().format, "an..5");
        assert!(n.rows().iter().all(|r| !r.path.contains("Origin") && !r.path.contains("GovernmentAgencyGoodsItem")));
        let paths: Vec<&str> = n.rows().iter().map(|r| r.path.as_str()).collect();
        let pos = |p: &str| paths.iter().position(|x| *x == p).unwrap_or_else(|| panic!("{p} missing: {paths:?}"));
        assert_eq!(
            pos("Declaration/GoodsShipment/GoodsItem/Manufacturer"),
            pos("Declaration/GoodsShipment/GoodsItem") + 1
        );
        assert_eq!(
            pos("Declaration/GoodsShipment/GoodsItem/Manufacturer/ID"),
            pos("Declaration/GoodsShipment/GoodsItem/Manufacturer") + 1
        );
        assert_eq!(
            pos("Declaration/GoodsShipment/GoodsItem/SequenceNumeric"),
            pos("Declaration/GoodsShipment/GoodsItem/Manufacturer/ID") + 1
        );
        assert_eq!(pos("Declaration/LoadingListQuantity"), pos("Declaration/TypeCode") + 1);
        assert_eq!(pos("Declaration/Early") + 1, pos("Declaration/FunctionCode"));
        assert_eq!(n.row("Declaration/Early").unwrap().codelist, "LIST");
        // The result is a valid table again, and the base is untouched.
        assert_eq!(Model::parse("next", &n.to_tsv()).unwrap(), n);
        assert_eq!(m, model());
        // An empty change list is the same model under a new label.
        let same = m.apply_changes("same", &changes("")).unwrap();
        assert_eq!(same.rows(), m.rows());
    }

    #[test]
    fn change_errors_carry_line_numbers() {
        let m = model();
        let e = |body: &str| m.apply_changes("x", &changes(body)).unwrap_err();
        let x = e("remove\tDeclaration/Nope\t\t\twhy\twhere\n");
        assert!(matches!(&x, TableError::Change { line: 3, .. }) && x.to_string().contains("no such path"), "{x}");
        let x = e(
            "change\tDeclaration/TypeCode\tcard\t1..1\twhy\twhere\nchange\tDeclaration/TypeCode\tcolour\tred\twhy\twhere\n",
        );
        assert!(matches!(&x, TableError::Value { line: 4, column, .. } if column == "field"), "{x}");
        let x = e("change\tDeclaration/TypeCode\tcard\t1..1\t\twhere\n");
        assert!(matches!(&x, TableError::Value { line: 3, column, .. } if column == "rationale"), "{x}");
        let x = e("change\tDeclaration/TypeCode\tcard\t1..1\twhy\t\n");
        assert!(matches!(&x, TableError::Value { line: 3, column, .. } if column == "source"), "{x}");
        let x = e("rename\tDeclaration/TypeCode\t\t\twhy\twhere\n");
        assert!(matches!(&x, TableError::Value { line: 3, column, .. } if column == "op"), "{x}");
        let x = e("change\tDeclaration/TypeCode\tcard\tmany\twhy\twhere\n");
        assert!(matches!(&x, TableError::Value { line: 3, .. }), "{x}");
        let x = e("change\tDeclaration/GoodsShipment\tformat\tan..3\twhy\twhere\n");
        assert!(matches!(&x, TableError::Structure { line: 3, .. }), "{x}");
        let x = e("change\tDeclaration/GoodsShipment\trepr\tcode\twhy\twhere\n");
        assert!(x.to_string().contains("children"), "{x}");
        let x = e("add\tDeclaration/TypeCode\t\t1;a;an..1;0..1;code\twhy\twhere\n");
        assert!(x.to_string().contains("already exists"), "{x}");
        let x = e("add\tDeclaration/Nope/X\t\t1;a;an..1;0..1;code\twhy\twhere\n");
        assert!(x.to_string().contains("no parent"), "{x}");
        let x = e("add\tDeclaration/TypeCode/X\t\t1;a;an..1;0..1;code\twhy\twhere\n");
        assert!(x.to_string().contains("not a class"), "{x}");
        let x = e("add\tDeclaration/X\tafter=Nope\t1;a;an..1;0..1;code\twhy\twhere\n");
        assert!(x.to_string().contains("no sibling"), "{x}");
        let x = e("add\tDeclaration/X\t\t1;a;an..1\twhy\twhere\n");
        assert!(matches!(&x, TableError::Value { line: 3, column, .. } if column == "value"), "{x}");
        let x = e("change\tDeclaration/TypeCode\ttag\tFunctionCode\twhy\twhere\n");
        assert!(x.to_string().contains("already exists"), "{x}");
        assert_eq!(parse_changes("op\tpath\n").unwrap_err().line(), 1);
    }

    #[test]
    fn xsd_set_shape() {
        let files = model().to_xsd();
        let names: Vec<&str> = files.iter().map(|f| f.0.as_str()).collect();
        assert_eq!(names, ["wco-test-metadata.xsd", "wco-test-declaration.xsd", "wco-test-datatypes.xsd"]);
        let (root, dec, dt) = (&files[0].1, &files[1].1, &files[2].1);
        assert!(root.contains(&format!("targetNamespace=\"{METADATA_NS}\"")));
        assert!(root.contains(&format!("<xs:any namespace=\"{DECLARATION_NS}\" processContents=\"strict\"/>")));
        assert!(root.contains("schemaLocation=\"wco-test-declaration.xsd\""));
        assert!(dec.contains(&format!("targetNamespace=\"{DECLARATION_NS}\"")));
        assert!(dec.contains("elementFormDefault=\"qualified\""));
        assert!(dec.contains("<WCOID>68A</WCOID><WCOName>Government agency goods item</WCOName>"));
        assert!(dec.contains("name=\"GovernmentAgencyGoodsItem\" minOccurs=\"0\" maxOccurs=\"999\""));
        assert!(dec.contains("name=\"Origin\" minOccurs=\"0\" maxOccurs=\"unbounded\""));
        assert!(dec.contains("<xs:element name=\"FunctionCode\" type=\"dt:Code_n..2\">"));
        assert!(dec.contains("<WCOCodeList>ISO 4217</WCOCodeList>"));
        assert!(dt.contains("<xs:element name=\"DateTimeString\">"));
        assert!(dt.contains("<xs:attribute name=\"formatCode\" type=\"dt:DateTimeFormatCode\" use=\"required\"/>"));
        assert!(dt.contains("<xs:attribute name=\"currencyID\" type=\"dt:CurrencyCode\"/>"));
        assert!(dt.contains("name=\"Amount_n..16-3\""));
        // Every element declaration carries the WCO annotation.
        for f in [root, dec] {
            assert_eq!(f.matches("<xs:element ").count(), f.matches("<WCOID>").count());
        }
        // Only the plain XSD 1.0 constructs the engine supports.
        for f in &files {
            for bad in
                ["xs:choice", "xs:group", "xs:attributeGroup", "xs:union", "xs:list", "substitutionGroup", "xs:assert"]
            {
                assert!(!f.1.contains(bad), "{} uses {bad}", f.0);
            }
        }
        // Without an envelope row the declaration is the root.
        let no_env = Model::parse(
            "d",
            &TABLE
                .replace("MetaData\t\tDocument Meta Data\t\t1..1\tclass\t\n", "")
                .replace("MetaData/WCODataModelVersionCode\t\tWCO Data Model Version\tan..6\t0..1\tcode\t\n", ""),
        )
        .unwrap();
        assert_eq!(no_env.to_xsd()[0].0, "wco-d-declaration.xsd");
    }

    #[test]
    fn the_project_tables_load() {
        let v36 = Model::parse("3.6", include_str!("../../schemas/wco-3.6/declaration.tsv")).unwrap();
        assert_eq!(v36.rows().len(), 467);
        assert_eq!(v36.rows().iter().filter(|r| r.path.starts_with("Declaration")).count(), 460);
        let items = v36.row("Declaration/GoodsShipment/GovernmentAgencyGoodsItem").unwrap();
        assert_eq!((items.wco_id.as_str(), items.min, items.max), ("68A", 0, Some(999)));
        // Every leaf format is WCO notation.
        for r in v36.rows().iter().filter(|r| r.repr != Repr::Class && !r.format.is_empty()) {
            assert!(parse_format(&r.format).is_some(), "{}: {}", r.path, r.format);
        }
        let v37 = v36.apply_changes("3.7", include_str!("../../schemas/wco-3.7/changes.tsv")).unwrap();
        assert_eq!(v37.rows(), v36.rows(), "3.7 keeps the 3.6 structure");
        let changes = include_str!("../../schemas/wco-4.0-draft/changes.tsv");
        assert!((4..=16).contains(&parse_changes(changes).unwrap().len()));
        let v40 = v37.apply_changes("4.0-draft", changes).unwrap();
        assert_eq!(v40.row("Declaration/FunctionalReferenceID").unwrap().min, 1);
        assert_eq!(v40.row("Declaration/TypeCode").unwrap().min, 1);
        assert!(v40.row("Declaration/SpecificCircumstancesCode").is_some());
        assert!(v40.row("Declaration/GoodsShipment/Consignor").is_none());
        for m in [&v36, &v40] {
            let files = m.to_xsd();
            assert_eq!(files.len(), 3);
            assert_eq!(files[1].1.matches("<xs:element ").count(), 460 - (467 - m.rows().len()));
        }
    }

    #[test]
    fn names_are_escaped() {
        let t = "path\twco_id\tname\tformat\tcard\trepr\tcodelist\nDeclaration\t42A\tA & <B>\t\t1..1\tclass\t\n";
        let xsd = Model::parse("x", t).unwrap().to_xsd();
        assert!(xsd[0].1.contains("<WCOName>A &amp; &lt;B&gt;</WCOName>"));
    }
}
