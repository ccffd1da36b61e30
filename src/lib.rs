//! # wcodm: validate WCO Data Model customs declarations in one streaming pass
//!
//! wcodm checks a customs declaration (an `md:MetaData` envelope around a WCO `Declaration`)
//! against a rule set: an XSD schema set such as a national customisation of the WCO Data
//! Model. It compiles the rule set once into a [`Validator`] and then validates any number of
//! messages, from any number of threads, each in a single pass over the XML with no document
//! tree, reporting every problem with a stable code, line and column, the element path and,
//! where the schema annotates them, the WCO ID and the CDS-style WCO pointer.
//!
//! ```
//! use wcodm::Validator;
//! let xsd = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
//!   <xs:element name="GoodsItemQuantity" type="xs:positiveInteger"/>
//! </xs:schema>"#;
//! let validator = Validator::from_xsd_files("q.xsd", [("q.xsd".into(), xsd.into())])?;
//! assert!(validator.validate(b"<GoodsItemQuantity>3</GoodsItemQuantity>").is_valid());
//! let report = validator.validate(b"<GoodsItemQuantity>three</GoodsItemQuantity>");
//! for d in &report.diagnostics {
//!     println!("{}:{}: {} [{}] at {}", d.line, d.column, d.message, d.code, d.path);
//! }
//! assert_eq!(report.diagnostics[0].code, wcodm::Code::InvalidValue);
//! # Ok::<(), wcodm::Error>(())
//! ```
//!
//! Load a national schema set from disk with [`Validator::from_xsd_path`]; validate from a
//! reader (bounded memory, whatever the message size) with [`Validator::validate_reader`];
//! render a [`Report`] with [`Report::render_human`] or [`Report::to_json`].
//!
//! ## Built-in WCO rule sets and business rules
//!
//! [`RuleSets`] holds the built-in WCO Data Model versions (3.6, 3.7, the 4.0 draft, from the
//! tables in `schemas/`), picks the one each message claims, and checks each version's
//! business-rule pack in the same pass: cross-field rules ([`rules`]: counts, sequences, sums,
//! comparisons, conditions, code lists from [`codelists`], identifiers from [`identifiers`],
//! dates against an injectable clock, [`Options::today`]). National packs are JSON, added at run
//! time with [`RuleSets::with_packs`] or [`Validator::with_rules`].
//!
//! ```
//! use wcodm::{Choice, RuleSets};
//! let xml = std::fs::read("examples/3.6/invalid-rule-net-mass-above-gross.xml").unwrap();
//! let outcome = RuleSets::new().validate(&xml, Choice::Auto);
//! assert_eq!(outcome.version.map(|v| v.as_str()), Some("3.6"));
//! let d = &outcome.report.diagnostics[0];
//! assert_eq!((d.rule.as_deref(), d.national_code.as_deref()), (Some("WCO-R004"), Some("CDS11006")));
//! ```
//!
//! ## The pipeline
//!
//! `xml` (reading with limits) → `schema` (a compiled rule set: XSD loader, content automata,
//! facets, datatypes) → `validate` (one streaming pass, feeding `rules` as it goes) → `report`
//! (diagnostics and renderers). `builtin` turns the WCO tables into rule sets; `ffi` is the C
//! ABI.
//!
//! ## Untrusted input
//!
//! Messages arrive from outside; wcodm treats every one as hostile:
//!
//! - a `DOCTYPE` is refused (`xml-doctype`): no DTD is read and no entity is ever expanded, so
//!   "billion laughs" and external entities cannot happen; only the five predefined entities
//!   and character references are resolved;
//! - input must be UTF-8 (a UTF-8 byte order mark is skipped); UTF-16/32, another declared
//!   encoding, or a byte above 0x7F under a declared US-ASCII is a clear `xml-encoding` error;
//! - the limits in [`Limits`] bound nesting depth (256), attributes per element (256), name
//!   length (1 KiB), any single tag, text run or comment (16 MiB, which also bounds the read
//!   buffer) and document size (4 GiB); each limit hit is its own diagnostic code and stops
//!   that message;
//! - [`Options::max_errors`] (100) caps the diagnostics kept; the report says when it was
//!   truncated;
//! - memory is bounded by the depth limit, the token limit and the error cap, never by the
//!   size of the document (business rules keep a few numbers per open scope element, and
//!   `unique` a hash of each value it compares, at most 262,144 per scope element); truncated
//!   or binary input gives an error, never a panic;
//! - rule packs may be untrusted too: their regular expressions run in linear time with a
//!   capped compiled size.
//!
//! Change them with [`Validator::with_options`].

#![deny(unsafe_code)]
#![warn(missing_docs)]

pub mod builtin;
pub mod codelists;
mod codes;
mod error;
pub mod explain;
#[allow(unsafe_code, non_camel_case_types)]
mod ffi;
pub mod identifiers;
pub mod profile;
mod report;
pub mod rules;
mod schema;
mod validate;
mod xml;

pub use builtin::{Choice, Outcome, RuleSets, UnknownVersion, Version};
pub use error::Error;
pub use report::{Code, Diagnostic, Report, Severity};
pub use validate::{Options, Validator};
pub use xml::Limits;

/// The README's Rust samples, compiled and run as doc-tests from outside the crate (as a user's
/// crate sees the API).
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
