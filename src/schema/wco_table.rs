//! The WCO Data Model as a table: parse a version's table (and later versions' change lists)
//! and turn it into an XSD schema set that the engine, or any XSD tool, compiles.
//!
//! The table is the form a customs data analyst reviews (`schemas/README.md`): one row per class
//! or data element with its path, WCO ID, WCO name, format in WCO notation (`an..35`, `a2`,
//! `n..16,3`), cardinality (`0..1`, `0..999`, `0..n`) and representation (the UN/CEFACT type a
//! leaf uses, which decides its attributes).

use std::fmt::Write as _;

/// Namespace of the MetaData envelope.
pub const METADATA_NS: &str = "urn:wco:datamodel:WCO:DocumentMetaData-DMS:2";
/// Namespace of the Declaration.
pub const DECLARATION_NS: &str = "urn:wco:datamodel:WCO:DEC-DMS:2";
/// Namespace of the Declaration's data types: where `DateTimeString` lives (DMS encodes the
/// date-time child in the data-type schema, whose elements are qualified).
pub const DATATYPES_NS: &str = "urn:wco:datamodel:WCO:Declaration_DS:DMS:2";

/// A table or change list that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct TableError {
    /// 1-based line in the table or change list.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

fn err(line: usize, message: impl Into<String>) -> TableError {
    TableError { line, message: message.into() }
}

/// The UN/CEFACT representation of a leaf (or `Class` for a class).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Repr {
    /// A class: its children follow it in the table.
    Class,
    /// A code (`listID`, `listAgencyID`, ... attributes); whitespace collapsed.
    Code,
    /// An identifier (`schemeID`, ... attributes).
    Id,
    /// Free text (`languageID`).
    Text,
    /// An amount (`currencyID`).
    Amount,
    /// A measure (`unitCode`).
    Measure,
    /// A quantity (`unitCode`).
    Quantity,
    /// A plain number.
    Numeric,
    /// `true` or `false`.
    Indicator,
    /// A date/time: a `DateTimeString` child with `formatCode` 102 or 304.
    DateTime,
}

impl Repr {
    fn parse(s: &str) -> Option<Repr> {
        Some(match s {
            "class" => Repr::Class,
            "code" => Repr::Code,
            "id" => Repr::Id,
            "text" => Repr::Text,
            "amount" => Repr::Amount,
            "measure" => Repr::Measure,
            "quantity" => Repr::Quantity,
            "numeric" => Repr::Numeric,
            "indicator" => Repr::Indicator,
            "datetime" => Repr::DateTime,
            _ => return None,
        })
    }

    /// The table's spelling.
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

    fn is_number(self) -> bool {
        matches!(self, Repr::Amount | Repr::Measure | Repr::Quantity | Repr::Numeric)
    }
}

/// One class or data element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Slash-separated element names from `MetaData`.
    pub path: String,
    /// The WCO ID (`42A`, `D013`), empty when none.
    pub wco_id: String,
    /// The WCO name.
    pub name: String,
    /// The format in WCO notation, empty for classes.
    pub format: String,
    /// Minimum occurrences.
    pub min: u32,
    /// Maximum occurrences; None is unbounded.
    pub max: Option<u32>,
    /// The representation.
    pub repr: Repr,
    /// A code list the element's values come from (checked by rule packs), may be empty.
    pub codelist: String,
}

impl Row {
    fn card(&self) -> String {
        format!("{}..{}", self.min, self.max.map_or("n".to_string(), |m| m.to_string()))
    }
}

/// A WCO format in notation: `a2`, `an..35`, `n..16,3`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Format {
    /// Letters allowed.
    pub alpha: bool,
    /// Digits allowed.
    pub numeric: bool,
    /// Fixed length (`a2`) rather than a maximum (`an..35`).
    pub fixed: bool,
    /// The length or maximum length (total digits for numbers).
    pub len: usize,
    /// Decimal places (`n..16,3`).
    pub fraction: Option<usize>,
}

/// Parse WCO format notation.
pub fn parse_format(s: &str) -> Option<Format> {
    let (kind, rest) = if let Some(r) = s.strip_prefix("an") {
        ("an", r)
    } else if let Some(r) = s.strip_prefix('a') {
        ("a", r)
    } else {
        ("n", s.strip_prefix('n')?)
    };
    let (fixed, rest) = match rest.strip_prefix("..") {
        Some(r) => (false, r),
        None => (true, rest),
    };
    let (len, fraction) = match rest.split_once(',') {
        Some((l, f)) => (l.parse().ok()?, Some(f.parse().ok()?)),
        None => (rest.parse().ok()?, None),
    };
    Some(Format { alpha: kind.contains('a'), numeric: kind.contains('n'), fixed, len, fraction })
}

fn parse_card(s: &str) -> Option<(u32, Option<u32>)> {
    let (a, b) = s.split_once("..")?;
    let max = if b == "n" { None } else { Some(b.parse().ok()?) };
    Some((a.parse().ok()?, max))
}

/// A data model version: its rows in document order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Model {
    version: String,
    rows: Vec<Row>,
}

/// One change from a version to the next, with why and on what authority.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// `add`, `remove` or `change`.
    pub op: String,
    /// The path changed (for `add`: the new path).
    pub path: String,
    /// For `change`: the column changed (`format`, `card`, `name`, `wco_id`, `repr`); for `add`:
    /// `after=NAME` (the sibling it follows) or `first`.
    pub field: String,
    /// For `change`: the new value; for `add`: `wco_id;name;format;card;repr`.
    pub value: String,
    /// Why.
    pub rationale: String,
    /// The public source the change follows.
    pub source: String,
}

fn data_lines(tsv: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    tsv.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l))
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .skip(1) // the header row
        .map(|(i, l)| (i, l.split('\t').collect()))
}

/// Read a change list (columns `op path field value rationale source`).
pub fn parse_changes(tsv: &str) -> Result<Vec<Change>, TableError> {
    let mut out = Vec::new();
    for (line, cols) in data_lines(tsv) {
        if cols.len() < 6 {
            return Err(err(line, format!("expected 6 columns, found {}", cols.len())));
        }
        if !matches!(cols[0], "add" | "remove" | "change") {
            return Err(err(line, format!("unknown op '{}' (add, remove, change)", cols[0])));
        }
        if cols[4].trim().is_empty() || cols[5].trim().is_empty() {
            return Err(err(line, "every change needs a rationale and a source"));
        }
        let s = |i: usize| cols[i].to_string();
        out.push(Change { op: s(0), path: s(1), field: s(2), value: s(3), rationale: s(4), source: s(5) });
    }
    Ok(out)
}

fn parse_row(line: usize, cols: &[&str]) -> Result<Row, TableError> {
    if cols.len() < 6 {
        return Err(err(line, format!("expected 7 columns, found {}", cols.len())));
    }
    let repr = Repr::parse(cols[5]).ok_or_else(|| err(line, format!("unknown repr '{}'", cols[5])))?;
    let (min, max) = parse_card(cols[4])
        .ok_or_else(|| err(line, format!("bad cardinality '{}' (e.g. 0..1, 1..999, 0..n)", cols[4])))?;
    if repr != Repr::Class && repr != Repr::Indicator && parse_format(cols[3]).is_none() {
        return Err(err(line, format!("bad WCO format '{}' (e.g. an..35, a2, n..16,3)", cols[3])));
    }
    if cols[0].is_empty() || cols[0].split('/').any(|seg| seg.is_empty()) {
        return Err(err(line, format!("bad path '{}'", cols[0])));
    }
    Ok(Row {
        path: cols[0].to_string(),
        wco_id: cols[1].to_string(),
        name: cols[2].to_string(),
        format: cols[3].to_string(),
        min,
        max,
        repr,
        codelist: cols.get(6).unwrap_or(&"").to_string(),
    })
}

fn parent(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |p| p.0)
}

fn leaf(path: &str) -> &str {
    path.rsplit_once('/').map_or(path, |p| p.1)
}

impl Model {
    /// Read a version's table.
    pub fn parse(version: &str, tsv: &str) -> Result<Model, TableError> {
        let mut rows: Vec<Row> = Vec::new();
        for (line, cols) in data_lines(tsv) {
            let row = parse_row(line, &cols)?;
            let p = parent(&row.path);
            if !p.is_empty() && !rows.iter().any(|r| r.path == p && r.repr == Repr::Class) {
                return Err(err(line, format!("'{}' comes before its class '{p}' (or that is not a class)", row.path)));
            }
            if rows.iter().any(|r| r.path == row.path) {
                return Err(err(line, format!("'{}' appears twice", row.path)));
            }
            rows.push(row);
        }
        if rows.first().is_none_or(|r| r.path != "MetaData") {
            return Err(err(1, "the table must start with the MetaData envelope"));
        }
        Ok(Model { version: version.to_string(), rows })
    }

    /// The version label.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The rows in document order.
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// A new version: this one with a change list applied.
    pub fn apply_changes(&self, version: &str, changes_tsv: &str) -> Result<Model, TableError> {
        let mut rows = self.rows.clone();
        for (n, c) in parse_changes(changes_tsv)?.into_iter().enumerate() {
            let line = n + 1;
            let at = |rows: &[Row], path: &str| rows.iter().position(|r| r.path == path);
            match c.op.as_str() {
                "remove" => {
                    let i = at(&rows, &c.path).ok_or_else(|| err(line, format!("remove: no path '{}'", c.path)))?;
                    let prefix = format!("{}/", c.path);
                    rows.remove(i);
                    rows.retain(|r| !r.path.starts_with(&prefix));
                }
                "change" => {
                    let i = at(&rows, &c.path).ok_or_else(|| err(line, format!("change: no path '{}'", c.path)))?;
                    let r = &rows[i];
                    let mut cols: Vec<String> = vec![
                        r.path.clone(),
                        r.wco_id.clone(),
                        r.name.clone(),
                        r.format.clone(),
                        r.card(),
                        r.repr.as_str().into(),
                        r.codelist.clone(),
                    ];
                    let k = ["path", "wco_id", "name", "format", "card", "repr", "codelist"]
                        .iter()
                        .position(|f| *f == c.field)
                        .ok_or_else(|| err(line, format!("change: unknown field '{}'", c.field)))?;
                    cols[k] = c.value.clone();
                    let refs: Vec<&str> = cols.iter().map(String::as_str).collect();
                    rows[i] = parse_row(line, &refs)?;
                }
                _ => {
                    let spec: Vec<&str> = c.value.split(';').collect();
                    if spec.len() != 5 {
                        return Err(err(line, "add: value must be wco_id;name;format;card;repr"));
                    }
                    let mut cols = vec![c.path.as_str()];
                    cols.extend(spec);
                    let row = parse_row(line, &cols)?;
                    let p = parent(&row.path).to_string();
                    let pi = at(&rows, &p).ok_or_else(|| err(line, format!("add: no class '{p}'")))?;
                    // Insert after the named sibling's subtree, or first under the class.
                    let pos = match c.field.strip_prefix("after=") {
                        Some(sib) => {
                            let sp = format!("{p}/{sib}");
                            let si = at(&rows, &sp).ok_or_else(|| err(line, format!("add: no sibling '{sp}'")))?;
                            let sub = format!("{sp}/");
                            si + 1 + rows[si + 1..].iter().take_while(|r| r.path.starts_with(&sub)).count()
                        }
                        None if c.field == "first" => pi + 1,
                        None => return Err(err(line, "add: field must be after=NAME or first")),
                    };
                    rows.insert(pos, row);
                }
            }
        }
        Ok(Model { version: version.to_string(), rows })
    }

    /// The schema set as in-memory XSD files, (file name, text); the first is the root.
    pub fn to_xsd(&self) -> Vec<(String, String)> {
        let v = &self.version;
        let root = format!("wco-{v}-metadata.xsd");
        let decl = format!("wco-{v}-declaration.xsd");
        let mut env = String::new();
        let _ = writeln!(
            env,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- WCO Data Model {v}: the MetaData envelope. Generated by wcodm from schemas/ (do not edit). -->\n<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" xmlns=\"{METADATA_NS}\" xmlns:dec=\"{DECLARATION_NS}\" targetNamespace=\"{METADATA_NS}\" elementFormDefault=\"qualified\">\n  <xs:import namespace=\"{DECLARATION_NS}\" schemaLocation=\"{decl}\"/>"
        );
        let ds_file = format!("wco-{v}-datatypes.xsd");
        let mut dec = String::new();
        let _ = writeln!(
            dec,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- WCO Data Model {v}: the Declaration. Generated by wcodm from schemas/ (do not edit). -->\n<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" xmlns=\"{DECLARATION_NS}\" xmlns:ds=\"{DATATYPES_NS}\" targetNamespace=\"{DECLARATION_NS}\" elementFormDefault=\"qualified\">\n  <xs:import namespace=\"{DATATYPES_NS}\" schemaLocation=\"{ds_file}\"/>"
        );
        dec.push_str(BASE_TYPES);
        let mut ds = String::new();
        let _ = writeln!(
            ds,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- WCO Data Model {v}: data types of the Declaration. Generated by wcodm from schemas/ (do not edit). -->\n<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" xmlns=\"{DATATYPES_NS}\" targetNamespace=\"{DATATYPES_NS}\" elementFormDefault=\"qualified\">"
        );
        ds.push_str(DATETIME_TYPES);
        let mut lengths: Vec<usize> = self
            .rows
            .iter()
            .filter(|r| r.repr == Repr::DateTime)
            .map(|r| parse_format(&r.format).map_or(35, |f| f.len))
            .collect();
        lengths.sort_unstable();
        lengths.dedup();
        for n in lengths {
            let _ = writeln!(
                ds,
                "  <xs:complexType name=\"DateTime{n}\"><xs:sequence><xs:element name=\"DateTimeString\"><xs:complexType><xs:simpleContent><xs:restriction base=\"DateTimeType\"><xs:maxLength value=\"{n}\"/></xs:restriction></xs:simpleContent></xs:complexType></xs:element></xs:sequence></xs:complexType>"
            );
        }
        ds.push_str("</xs:schema>\n");
        // The envelope: MetaData's own rows, with the Declaration by reference.
        self.class(&mut env, 0, 1, true);
        if let Some(i) = self.rows.iter().position(|r| r.path == "MetaData/Declaration") {
            self.element(&mut dec, i, 1, true, "");
        }
        env.push_str("</xs:schema>\n");
        dec.push_str("</xs:schema>\n");
        vec![(root, env), (decl, dec), (ds_file, ds)]
    }

    fn children(&self, i: usize) -> Vec<usize> {
        let p = &self.rows[i].path;
        (i + 1..self.rows.len()).filter(|&j| parent(&self.rows[j].path) == p).collect()
    }

    /// A global element for row `i` (root of its file), or a local one; `tp` prefixes the base
    /// type names (they live in the declaration's namespace).
    fn element(&self, out: &mut String, i: usize, depth: usize, global: bool, tp: &str) {
        let r = &self.rows[i];
        let pad = "  ".repeat(depth);
        let occurs = if global {
            String::new()
        } else {
            let max = r.max.map_or("unbounded".to_string(), |m| m.to_string());
            format!(" minOccurs=\"{}\" maxOccurs=\"{max}\"", r.min)
        };
        let typed = if r.repr == Repr::DateTime {
            format!(" type=\"ds:DateTime{}\"", parse_format(&r.format).map_or(35, |f| f.len))
        } else {
            String::new()
        };
        let _ = writeln!(out, "{pad}<xs:element name=\"{}\"{occurs}{typed}>", leaf(&r.path));
        let _ = writeln!(
            out,
            "{pad}  <xs:annotation><xs:documentation><WCOID>{}</WCOID><WCOName>{}</WCOName><WCOFormat>{}</WCOFormat></xs:documentation></xs:annotation>",
            esc(&r.wco_id),
            esc(&r.name),
            esc(&r.format)
        );
        match r.repr {
            Repr::Class => self.class(out, i, depth + 1, false),
            Repr::DateTime => {} // typed by reference to the data-type schema
            Repr::Numeric => {
                let _ = writeln!(
                    out,
                    "{pad}  <xs:simpleType><xs:restriction base=\"xs:decimal\">{}</xs:restriction></xs:simpleType>",
                    facets(r)
                );
            }
            Repr::Indicator => {
                let _ =
                    writeln!(out, "{pad}  <xs:simpleType><xs:restriction base=\"{tp}IndicatorType\"/></xs:simpleType>");
            }
            _ => {
                let base = match r.repr {
                    Repr::Code => "CodeType",
                    Repr::Id => "IDType",
                    Repr::Amount => "AmountType",
                    Repr::Measure => "MeasureType",
                    Repr::Quantity => "QuantityType",
                    _ => "TextType",
                };
                let _ = writeln!(
                    out,
                    "{pad}  <xs:complexType><xs:simpleContent><xs:restriction base=\"{tp}{base}\">{}</xs:restriction></xs:simpleContent></xs:complexType>",
                    facets(r)
                );
            }
        }
        let _ = writeln!(out, "{pad}</xs:element>");
    }

    /// The complex type of a class: its children in order. For `MetaData` (the envelope) the
    /// Declaration is a reference into the declaration schema.
    fn class(&self, out: &mut String, i: usize, depth: usize, envelope: bool) {
        let pad = "  ".repeat(depth);
        if envelope {
            let _ = writeln!(out, "{pad}<xs:element name=\"MetaData\">");
        }
        let _ = writeln!(out, "{pad}  <xs:complexType><xs:sequence>");
        for c in self.children(i) {
            let r = &self.rows[c];
            if envelope && r.path == "MetaData/Declaration" {
                let max = r.max.map_or("unbounded".to_string(), |m| m.to_string());
                let _ = writeln!(
                    out,
                    "{pad}    <xs:element ref=\"dec:Declaration\" minOccurs=\"{}\" maxOccurs=\"{max}\"/>",
                    r.min
                );
            } else {
                self.element(out, c, depth + 2, false, if envelope { "dec:" } else { "" });
            }
        }
        let _ = writeln!(out, "{pad}  </xs:sequence></xs:complexType>");
        if envelope {
            let _ = writeln!(out, "{pad}</xs:element>");
        }
    }
}

/// Facets of a leaf from its WCO format and representation.
fn facets(r: &Row) -> String {
    let Some(f) = parse_format(&r.format) else { return String::new() };
    if r.repr.is_number() {
        // Numbers: n..16,3 -> at most 16 digits, 3 of them decimals. Other notations on numbers
        // (e.g. `an..17,3` in some customisations) carry no reliable digit rule.
        if !f.numeric || f.alpha {
            return String::new();
        }
        return format!(
            "<xs:totalDigits value=\"{}\"/><xs:fractionDigits value=\"{}\"/>",
            f.len,
            f.fraction.unwrap_or(0)
        );
    }
    let len = if f.fixed {
        format!("<xs:length value=\"{}\"/>", f.len)
    } else {
        format!("<xs:maxLength value=\"{}\"/>", f.len)
    };
    let pattern = match (f.alpha, f.numeric) {
        (true, false) => "([a-zA-Z])*",
        (false, true) => "([0-9])*",
        _ => ".*[^\\s].*",
    };
    format!("{len}<xs:pattern value=\"{pattern}\"/>")
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// The date-time representation: a `DateTimeString` with its format code (102 or 304).
const DATETIME_TYPES: &str = r#"  <xs:complexType name="DateTimeType"><xs:simpleContent><xs:extension base="DateTimePatternType">
    <xs:attribute name="formatCode" use="required"><xs:simpleType><xs:restriction base="xs:string"><xs:enumeration value="102"/><xs:enumeration value="304"/></xs:restriction></xs:simpleType></xs:attribute>
  </xs:extension></xs:simpleContent></xs:complexType>
  <xs:simpleType name="DateTimePatternType"><xs:restriction base="xs:string"><xs:pattern value="(20\d{6})(\d{6}(Z|[-+]\d\d))?"/></xs:restriction></xs:simpleType>
"#;

/// The UN/CEFACT unqualified data types the leaves restrict (as in UDT 6, which WCO DM
/// customisations use): the value type and the attributes each representation carries.
const BASE_TYPES: &str = r#"  <xs:complexType name="CodeType"><xs:simpleContent><xs:extension base="xs:token">
    <xs:attribute name="listID" type="xs:token"/><xs:attribute name="listAgencyID" type="AgencyType"/>
    <xs:attribute name="listAgencyName" type="xs:string"/><xs:attribute name="listName" type="xs:string"/>
    <xs:attribute name="listVersionID" type="xs:token"/><xs:attribute name="name" type="xs:string"/>
    <xs:attribute name="languageID" type="xs:language"/><xs:attribute name="listURI" type="xs:anyURI"/>
    <xs:attribute name="listSchemeURI" type="xs:anyURI"/>
  </xs:extension></xs:simpleContent></xs:complexType>
  <xs:complexType name="IDType"><xs:simpleContent><xs:extension base="xs:string">
    <xs:attribute name="schemeID" type="xs:token"/><xs:attribute name="schemeName" type="xs:string"/>
    <xs:attribute name="schemeAgencyID" type="AgencyType"/><xs:attribute name="schemeAgencyName" type="xs:string"/>
    <xs:attribute name="schemeVersionID" type="xs:token"/><xs:attribute name="schemeDataURI" type="xs:anyURI"/>
    <xs:attribute name="schemeURI" type="xs:anyURI"/>
  </xs:extension></xs:simpleContent></xs:complexType>
  <xs:complexType name="TextType"><xs:simpleContent><xs:extension base="xs:string">
    <xs:attribute name="languageID" type="xs:language"/>
  </xs:extension></xs:simpleContent></xs:complexType>
  <xs:complexType name="AmountType"><xs:simpleContent><xs:extension base="xs:decimal">
    <xs:attribute name="currencyID"><xs:simpleType><xs:restriction base="xs:string"><xs:maxLength value="3"/><xs:pattern value="[A-Z]{3}"/></xs:restriction></xs:simpleType></xs:attribute>
  </xs:extension></xs:simpleContent></xs:complexType>
  <xs:complexType name="MeasureType"><xs:simpleContent><xs:extension base="xs:decimal">
    <xs:attribute name="unitCode" type="UnitCodeType"/>
  </xs:extension></xs:simpleContent></xs:complexType>
  <xs:complexType name="QuantityType"><xs:simpleContent><xs:extension base="xs:decimal">
    <xs:attribute name="unitCode" type="UnitCodeType"/>
  </xs:extension></xs:simpleContent></xs:complexType>
  <xs:simpleType name="UnitCodeType"><xs:restriction base="xs:string"><xs:minLength value="1"/><xs:maxLength value="5"/></xs:restriction></xs:simpleType>
  <xs:simpleType name="AgencyType"><xs:restriction base="xs:token"><xs:maxLength value="3"/></xs:restriction></xs:simpleType>
  <xs:simpleType name="IndicatorType"><xs:restriction base="xs:boolean"><xs:pattern value="false"/><xs:pattern value="true"/></xs:restriction></xs:simpleType>
"#;

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &str = "# a comment\npath\twco_id\tname\tformat\tcard\trepr\tcodelist\nMetaData\t\tMeta\t\t1..1\tclass\t\nMetaData/Declaration\t42A\tDeclaration\t\t1..1\tclass\t\nMetaData/Declaration/TypeCode\tD013\tType\tan..3\t0..1\tcode\t\nMetaData/Declaration/GoodsItemQuantity\t228\tItems\tn..5\t0..1\tquantity\t\n";

    #[test]
    fn formats() {
        assert_eq!(
            parse_format("an..35"),
            Some(Format { alpha: true, numeric: true, fixed: false, len: 35, fraction: None })
        );
        assert_eq!(
            parse_format("a2"),
            Some(Format { alpha: true, numeric: false, fixed: true, len: 2, fraction: None })
        );
        assert_eq!(
            parse_format("n..16,3"),
            Some(Format { alpha: false, numeric: true, fixed: false, len: 16, fraction: Some(3) })
        );
        assert_eq!(parse_format("n1").map(|f| (f.fixed, f.len)), Some((true, 1)));
        assert_eq!(parse_format("x..3"), None);
        assert_eq!(parse_format("an.."), None);
    }

    #[test]
    fn table_errors_name_their_line() {
        assert!(Model::parse("t", TABLE).is_ok());
        let bad = TABLE.replace("0..1\tcode", "zero\tcode");
        assert_eq!(Model::parse("t", &bad).unwrap_err().line, 5);
        let orphan = TABLE.replace("MetaData/Declaration/TypeCode", "MetaData/Nope/TypeCode");
        assert!(Model::parse("t", &orphan).unwrap_err().message.contains("before its class"));
    }

    #[test]
    fn changes_apply_in_order() {
        let m = Model::parse("t", TABLE).unwrap();
        let changes = "op\tpath\tfield\tvalue\trationale\tsource\n\
            change\tMetaData/Declaration/TypeCode\tcard\t1..1\tmandatory\tsrc\n\
            add\tMetaData/Declaration/FunctionCode\tfirst\t017;Function;n..2;1..1;code\tnew\tsrc\n\
            remove\tMetaData/Declaration/GoodsItemQuantity\t\t\tredundant\tsrc\n";
        let n = m.apply_changes("t2", changes).unwrap();
        let paths: Vec<&str> = n.rows().iter().map(|r| r.path.as_str()).collect();
        assert_eq!(
            paths,
            ["MetaData", "MetaData/Declaration", "MetaData/Declaration/FunctionCode", "MetaData/Declaration/TypeCode"]
        );
        assert_eq!(n.rows()[3].min, 1);
        assert!(
            m.apply_changes("x", "op\tpath\tfield\tvalue\trationale\tsource\nremove\tMetaData/X\t\t\twhy\tsrc\n")
                .is_err()
        );
        assert!(parse_changes("op\tpath\tfield\tvalue\trationale\tsource\nremove\tMetaData/X\t\t\t\t\n").is_err());
    }

    #[test]
    fn the_generated_xsd_compiles_and_validates() {
        let files = Model::parse("t", TABLE).unwrap().to_xsd();
        let v = crate::Validator::from_xsd_files(&files[0].0.clone(), files).unwrap();
        let ok = br#"<md:MetaData xmlns:md="urn:wco:datamodel:WCO:DocumentMetaData-DMS:2"><Declaration xmlns="urn:wco:datamodel:WCO:DEC-DMS:2"><TypeCode listID="x">IM</TypeCode><GoodsItemQuantity>12</GoodsItemQuantity></Declaration></md:MetaData>"#;
        assert!(v.validate(ok).is_valid(), "{:?}", v.validate(ok).diagnostics);
        let bad = br#"<md:MetaData xmlns:md="urn:wco:datamodel:WCO:DocumentMetaData-DMS:2"><Declaration xmlns="urn:wco:datamodel:WCO:DEC-DMS:2"><TypeCode>IMAX</TypeCode><GoodsItemQuantity>1.5</GoodsItemQuantity></Declaration></md:MetaData>"#;
        let r = v.validate(bad);
        let got: Vec<(&str, Option<&str>)> =
            r.diagnostics.iter().map(|d| (d.code.as_str(), d.wco_pointer.as_deref())).collect();
        assert_eq!(got, [("length", Some("42A#D013")), ("fraction-digits", Some("42A#228"))]);
    }
}
