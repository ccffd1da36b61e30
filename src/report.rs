//! What a validation run found: [`Diagnostic`]s collected in a [`Report`], and their renderings.
//!
//! A diagnostic is data (code, severity, message, position, element path, WCO ID and pointer);
//! renderers turn it into compiler-style text or JSON. The JSON shape is a public contract,
//! documented in README.md ("Output formats").

use serde::{Deserialize, Serialize};
use std::fmt::{self, Write as _};

/// The stable identifier of a kind of problem. Its string form (`code.as_str()`) never changes
/// once released; new codes may be added.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(into = "&'static str", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Code {
    /// The input is not well-formed XML.
    XmlSyntax,
    /// The input contains a document type declaration (refused: no DTDs, no entity expansion).
    XmlDoctype,
    /// The input is not UTF-8 (or declares an encoding wcodm does not read).
    XmlEncoding,
    /// The input could not be read.
    Io,
    /// Elements nest deeper than the configured limit.
    LimitDepth,
    /// An element has more attributes than the configured limit.
    LimitAttributes,
    /// A name is longer than the configured limit.
    LimitName,
    /// A single tag, text run or comment is larger than the configured limit.
    LimitToken,
    /// The document is larger than the configured limit.
    LimitSize,
    /// The root element has no global declaration in the rule set.
    UnknownRoot,
    /// A child element is not allowed at this place of its parent's content model.
    UnexpectedElement,
    /// A required child element is missing.
    MissingElement,
    /// Character data where the content model allows only elements.
    UnexpectedText,
    /// A child element inside an element whose content is a simple value.
    ElementInSimpleContent,
    /// An attribute that the element's type does not declare.
    UnexpectedAttribute,
    /// A required attribute is missing.
    MissingAttribute,
    /// A value is not in the lexical space of its type (not a decimal, not a date, ...).
    InvalidValue,
    /// A value breaks a `length`, `minLength` or `maxLength` facet.
    Length,
    /// A value does not match the type's `pattern` facet.
    Pattern,
    /// A value is not one of the enumerated values.
    Enumeration,
    /// A value has more digits than `totalDigits` allows.
    TotalDigits,
    /// A value has more decimals than `fractionDigits` allows.
    FractionDigits,
    /// A value is outside a `minInclusive`/`maxInclusive`/`minExclusive`/`maxExclusive` bound.
    Bounds,
    /// A value differs from the declaration's `fixed` value.
    Fixed,
    /// `xsi:nil` used where not allowed, or a nil element with content.
    Nil,
    /// The message uses an XML Schema feature wcodm does not honour (e.g. `xsi:type`).
    Unsupported,
    /// The message claims no WCO Data Model version, or one without a built-in rule set.
    UnknownVersion,
    /// A business rule from a rule pack does not hold (see the diagnostic's `rule`).
    BusinessRule,
}

impl Code {
    /// The stable string form, e.g. `"unexpected-element"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::XmlSyntax => "xml-syntax",
            Code::XmlDoctype => "xml-doctype",
            Code::XmlEncoding => "xml-encoding",
            Code::Io => "io",
            Code::LimitDepth => "limit-depth",
            Code::LimitAttributes => "limit-attributes",
            Code::LimitName => "limit-name",
            Code::LimitToken => "limit-token",
            Code::LimitSize => "limit-size",
            Code::UnknownRoot => "unknown-root",
            Code::UnexpectedElement => "unexpected-element",
            Code::MissingElement => "missing-element",
            Code::UnexpectedText => "unexpected-text",
            Code::ElementInSimpleContent => "element-in-simple-content",
            Code::UnexpectedAttribute => "unexpected-attribute",
            Code::MissingAttribute => "missing-attribute",
            Code::InvalidValue => "invalid-value",
            Code::Length => "length",
            Code::Pattern => "pattern",
            Code::Enumeration => "enumeration",
            Code::TotalDigits => "total-digits",
            Code::FractionDigits => "fraction-digits",
            Code::Bounds => "bounds",
            Code::Fixed => "fixed",
            Code::Nil => "nil",
            Code::Unsupported => "unsupported",
            Code::UnknownVersion => "unknown-version",
            Code::BusinessRule => "business-rule",
        }
    }

    /// Whether the code means the input is not well-formed or could not be read at all
    /// (validation stopped there).
    pub fn is_fatal(self) -> bool {
        matches!(
            self,
            Code::XmlSyntax
                | Code::XmlDoctype
                | Code::XmlEncoding
                | Code::Io
                | Code::LimitDepth
                | Code::LimitAttributes
                | Code::LimitName
                | Code::LimitToken
                | Code::LimitSize
                | Code::UnknownVersion
        )
    }
}

impl From<Code> for &'static str {
    fn from(c: Code) -> Self {
        c.as_str()
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How serious a diagnostic is. Only errors make a message invalid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Severity {
    /// The message is invalid.
    Error,
    /// Worth a look; the message stays valid.
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// One problem found in a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Diagnostic {
    /// What kind of problem (stable).
    pub code: Code,
    /// The business rule's id, when the problem comes from a rule pack.
    pub rule: Option<String>,
    /// Error or warning.
    pub severity: Severity,
    /// A sentence naming what was found and what was expected.
    pub message: String,
    /// The element path with 1-based indices on repeatable elements,
    /// e.g. `/MetaData/Declaration/GoodsShipment/GovernmentAgencyGoodsItem[3]/Commodity`;
    /// an attribute ends in `/@name`. Empty when the problem is not inside an element.
    pub path: String,
    /// 1-based line of the element's start tag (or of the parse error); 0 when the problem has
    /// no place in the message (an input that could not be read), written `null` in JSON.
    #[serde(serialize_with = "position", deserialize_with = "read_position")]
    pub line: u32,
    /// 1-based column (in bytes) on that line; 0 (`null` in JSON) when the line is.
    #[serde(serialize_with = "position", deserialize_with = "read_position")]
    pub column: u32,
    /// The WCO ID of the data element or class at fault, when the schema annotates it.
    pub wco_id: Option<String>,
    /// The CDS-style WCO pointer, e.g. `42A/67A[1]/68A[3]/23A/21A[2]#145`, when known.
    pub wco_pointer: Option<String>,
    /// The WCO pointer in words: each class and the data element by the WCO name the schema
    /// gives it, with the pointer's indices, e.g. `Declaration / GoodsShipment /
    /// GovernmentAgencyGoodsItem[3] / Commodity / Classification[2] / Classification
    /// identification` for the pointer above; the WCO ID stands where the schema gives no name.
    /// Present exactly when `wco_pointer` is (left out of JSON otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wco_names: Option<String>,
    /// The code a national customs system uses for this rule (e.g. `CDS11003`), when the rule
    /// pack maps it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub national_code: Option<String>,
    /// The element as XPath-based rule engines report it, when asked for
    /// ([`Options::locations`](crate::Options::locations), or a profile such as `uk-ics1`):
    /// every step indexed and every name as written in the message, prefix included, e.g.
    /// `/ie:CC315A[1]/GOOITEGDS[2]/PACGS2[1]`; an attribute ends in `/@name`. A customs system
    /// replacing such an engine returns it unchanged in its error response.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
}

impl Diagnostic {
    /// A diagnostic with no path or WCO information (parse errors, I/O errors).
    pub fn new(code: Code, message: impl Into<String>, line: u32, column: u32) -> Self {
        Diagnostic {
            code,
            rule: None,
            severity: Severity::Error,
            message: message.into(),
            path: String::new(),
            line,
            column,
            wco_id: None,
            wco_pointer: None,
            wco_names: None,
            national_code: None,
            location: None,
        }
    }
}

impl Diagnostic {
    /// How human output names the diagnostic's kind: its rule id (or code), then the national
    /// code when the rule pack maps one (`WCO-R027 / CDS10001`), so a broker finds it in the
    /// language of either system.
    pub fn label(&self) -> std::borrow::Cow<'_, str> {
        let kind = self.rule.as_deref().unwrap_or(self.code.as_str());
        match &self.national_code {
            Some(n) if n != kind => format!("{kind} / {n}").into(),
            _ => kind.into(),
        }
    }

    /// How human output shows the WCO pointer: the numbers, then the names beside them
    /// (`wco 42A#D026  Declaration / Functional reference number`); `None` without a pointer.
    ///
    /// ```
    /// let xml = std::fs::read("examples/3.6/invalid-letters-in-gross-mass.xml")?;
    /// let report = wcodm::Version::V3_6.validator()?.validate(&xml);
    /// assert_eq!(
    ///     report.diagnostics[0].wco_reference().as_deref(),
    ///     Some("wco 42A/67A[1]/68A[1]/23A/65A#126  Declaration / GoodsShipment[1] / \
    ///           GovernmentAgencyGoodsItem[1] / Commodity / GoodsMeasure / Gross weight item level")
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn wco_reference(&self) -> Option<String> {
        let p = self.wco_pointer.as_deref()?;
        Some(match &self.wco_names {
            Some(n) => format!("wco {p}  {n}"),
            None => format!("wco {p}"),
        })
    }
}

/// A line or column read from JSON: the number, or 0 for `null` (no position).
fn read_position<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    Ok(Option::<u32>::deserialize(d)?.unwrap_or(0))
}

/// A line or column in JSON: the number, or `null` for 0 (no position).
fn position<S: serde::Serializer>(n: &u32, s: S) -> Result<S::Ok, S::Error> {
    match n {
        0 => s.serialize_none(),
        n => s.serialize_u32(*n),
    }
}

/// Everything one validation run found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Report {
    /// The problems, in document order.
    pub diagnostics: Vec<Diagnostic>,
    /// True when the error cap was reached and later problems were not reported.
    pub truncated: bool,
    /// The declaration category a rule pack's categories derive for the message (`H1`, `B1`,
    /// ...), when a pack defines categories and one matched.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// The national profile whose rules were applied ([`Validator::with_profile`](crate::Validator::with_profile)).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
}

impl Report {
    /// A report holding one diagnostic (a message that could not be validated at all).
    pub fn from_diagnostic(d: Diagnostic) -> Report {
        Report { diagnostics: vec![d], truncated: false, category: None, profile: None }
    }

    /// True when no diagnostic has [`Severity::Error`].
    pub fn is_valid(&self) -> bool {
        !self.diagnostics.iter().any(|d| d.severity == Severity::Error)
    }

    /// The number of error-severity diagnostics.
    pub fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == Severity::Error).count()
    }

    /// Compiler-style text: `file:line:col: error[code]: message` then the path and WCO pointer
    /// on indented lines.
    ///
    /// ```
    /// # let xsd = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="n" type="xs:decimal"/></xs:schema>"#;
    /// # let v = wcodm::Validator::from_xsd_files("n.xsd", [("n.xsd".into(), xsd.into())])?;
    /// let report = v.validate(b"<n>twelve</n>");
    /// let text = report.render_human("n.xml");
    /// assert!(text.starts_with("n.xml:1:1: error[invalid-value]: element n value 'twelve' is not valid"));
    /// assert!(report.to_json().starts_with(r#"{"valid":false,"truncated":false,"diagnostics":[{"code":"invalid-value""#));
    /// # Ok::<(), wcodm::Error>(())
    /// ```
    pub fn render_human(&self, file: &str) -> String {
        let mut out = String::new();
        for d in &self.diagnostics {
            let label = d.label();
            if d.line == 0 {
                let _ = writeln!(out, "{file}: {}[{label}]: {}", d.severity, d.message);
            } else {
                let _ = writeln!(out, "{file}:{}:{}: {}[{label}]: {}", d.line, d.column, d.severity, d.message);
            }
            if !d.path.is_empty() {
                let _ = writeln!(out, "    at {}", d.path);
            }
            if let Some(w) = d.wco_reference() {
                let _ = writeln!(out, "    {w}");
            }
            if let Some(l) = &d.location {
                let _ = writeln!(out, "    location {l}");
            }
        }
        if self.truncated {
            let _ = writeln!(out, "{file}: note: error limit reached, later problems not reported");
        }
        out
    }

    /// The report as one JSON object (`{"valid":..,"truncated":..,"diagnostics":[..]}`).
    pub fn to_json(&self) -> String {
        #[derive(Serialize)]
        struct View<'a> {
            valid: bool,
            truncated: bool,
            #[serde(skip_serializing_if = "Option::is_none")]
            profile: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            category: Option<&'a str>,
            diagnostics: &'a [Diagnostic],
        }
        serde_json::to_string(&View {
            valid: self.is_valid(),
            truncated: self.truncated,
            profile: self.profile.as_deref(),
            category: self.category.as_deref(),
            diagnostics: &self.diagnostics,
        })
        .unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every code, through a match without a wildcard: a new code must be added here.
    fn all_codes() -> Vec<Code> {
        let every = [
            Code::XmlSyntax,
            Code::XmlDoctype,
            Code::XmlEncoding,
            Code::Io,
            Code::LimitDepth,
            Code::LimitAttributes,
            Code::LimitName,
            Code::LimitToken,
            Code::LimitSize,
            Code::UnknownRoot,
            Code::UnexpectedElement,
            Code::MissingElement,
            Code::UnexpectedText,
            Code::ElementInSimpleContent,
            Code::UnexpectedAttribute,
            Code::MissingAttribute,
            Code::InvalidValue,
            Code::Length,
            Code::Pattern,
            Code::Enumeration,
            Code::TotalDigits,
            Code::FractionDigits,
            Code::Bounds,
            Code::Fixed,
            Code::Nil,
            Code::Unsupported,
            Code::UnknownVersion,
            Code::BusinessRule,
        ];
        for c in every {
            match c {
                Code::XmlSyntax
                | Code::XmlDoctype
                | Code::XmlEncoding
                | Code::Io
                | Code::LimitDepth
                | Code::LimitAttributes
                | Code::LimitName
                | Code::LimitToken
                | Code::LimitSize
                | Code::UnknownRoot
                | Code::UnexpectedElement
                | Code::MissingElement
                | Code::UnexpectedText
                | Code::ElementInSimpleContent
                | Code::UnexpectedAttribute
                | Code::MissingAttribute
                | Code::InvalidValue
                | Code::Length
                | Code::Pattern
                | Code::Enumeration
                | Code::TotalDigits
                | Code::FractionDigits
                | Code::Bounds
                | Code::Fixed
                | Code::Nil
                | Code::Unsupported
                | Code::UnknownVersion
                | Code::BusinessRule => {}
            }
        }
        every.to_vec()
    }

    #[test]
    fn codes_read_back_from_their_string_form() {
        for c in all_codes() {
            let json = serde_json::to_string(&c).unwrap();
            assert_eq!(json, format!("\"{}\"", c.as_str()));
            assert_eq!(serde_json::from_str::<Code>(&json).unwrap(), c);
        }
        assert!(serde_json::from_str::<Code>("\"no-such-code\"").is_err());
    }

    #[test]
    fn diagnostics_read_back_from_json() {
        let mut d = Diagnostic::new(Code::BusinessRule, "net mass is missing", 12, 5);
        d.rule = Some("UK-001".into());
        d.severity = Severity::Warning;
        d.path = "/MetaData/Declaration".into();
        d.wco_pointer = Some("42A".into());
        let json = serde_json::to_string(&d).unwrap();
        assert_eq!(serde_json::from_str::<Diagnostic>(&json).unwrap(), d);
        assert!(!json.contains("wco_names"), "left out without names: {json}");
        d.wco_names = Some("Declaration".into());
        let json = serde_json::to_string(&d).unwrap();
        assert!(json.ends_with(r#""wco_pointer":"42A","wco_names":"Declaration"}"#), "{json}");
        assert_eq!(serde_json::from_str::<Diagnostic>(&json).unwrap(), d);
        d.national_code = Some("CDS11006".into());
        let json = serde_json::to_string(&d).unwrap();
        assert_eq!(serde_json::from_str::<Diagnostic>(&json).unwrap(), d);
        assert!(!json.contains("location"), "left out unless asked for: {json}");
        d.location = Some("/ie:CC315A[1]/HEAHEA[1]".into());
        let json = serde_json::to_string(&d).unwrap();
        assert!(json.ends_with(r#""national_code":"CDS11006","location":"/ie:CC315A[1]/HEAHEA[1]"}"#), "{json}");
        assert_eq!(serde_json::from_str::<Diagnostic>(&json).unwrap(), d);
        // No position is read as 0.
        let json = json.replace("\"line\":12,\"column\":5", "\"line\":null,\"column\":null");
        let read = serde_json::from_str::<Diagnostic>(&json).unwrap();
        assert_eq!((read.line, read.column), (0, 0));
    }
}
