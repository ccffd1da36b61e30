//! A compiled rule set: element declarations, types and content-model automata, ready for the
//! streaming pass. Built once (from XSD by the XSD loader, or from the WCO tables), then shared read-only
//! by any number of threads.

pub(crate) mod content;
pub mod datatype;
pub(crate) mod facets;
pub mod pattern;
pub(crate) mod simple;
pub mod wco_table;
pub(crate) mod xsd;

use rustc_hash::FxHashMap as HashMap;

pub(crate) use content::Automaton;
use datatype::{Builtin, WhiteSpace};
pub(crate) use facets::Facets;

/// Index of an element declaration in [`Schema::elements`].
pub(crate) type ElemId = u32;
/// Index of a complex type in [`Schema::complex`].
pub(crate) type ComplexId = u32;
/// Index of a simple type in [`Schema::simple`].
pub(crate) type SimpleId = u32;
/// Index of a namespace URI in [`Schema::namespaces`]; 0 is "no namespace".
pub(crate) type NsId = u32;

/// Global declarations by namespace, then local name: looked up with a `&str`, without
/// building a key.
pub(crate) type ByName<V> = HashMap<NsId, HashMap<Box<str>, V>>;

/// The namespace id given to a URI the schema never mentions.
pub(crate) const NS_UNKNOWN: NsId = u32::MAX;
/// The XML Schema instance namespace (`xsi:type`, `xsi:nil`, ...).
pub(crate) const XSI_NS: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// The compiled schema.
#[derive(Debug)]
pub(crate) struct Schema {
    /// Namespace URIs by id; index 0 is the empty string (no namespace).
    pub namespaces: Vec<Box<str>>,
    pub elements: Vec<ElementDecl>,
    pub complex: Vec<ComplexType>,
    pub simple: Vec<SimpleType>,
    /// Global element declarations by namespace, then local name.
    pub globals: ByName<ElemId>,
    /// Global attribute declarations (their simple types), for attribute wildcards.
    pub global_attributes: ByName<SimpleId>,
    /// The WCO class ids after which a CDS pointer always carries an index (`67A[1]`).
    pub indexed_classes: Vec<Box<str>>,
}

impl Schema {
    /// The id of a namespace URI, [`NS_UNKNOWN`] if the schema never mentions it.
    #[inline]
    pub fn ns_id(&self, uri: &str) -> NsId {
        self.namespaces.iter().position(|n| &**n == uri).map_or(NS_UNKNOWN, |i| i as NsId)
    }

    /// A global element declaration.
    pub fn global(&self, ns: NsId, local: &str) -> Option<ElemId> {
        self.globals.get(&ns)?.get(local).copied()
    }

    /// A global attribute declaration's simple type.
    pub fn global_attribute(&self, ns: NsId, local: &str) -> Option<SimpleId> {
        self.global_attributes.get(&ns)?.get(local).copied()
    }

    /// What a root element named `local` (not declared globally) could have been, for the
    /// `unknown-root` message: the namespace the schema declares that name in, or the global
    /// elements it declares (the roots it accepts), the first eight by name.
    #[cold]
    pub fn roots_hint(&self, local: &str) -> String {
        let mut globals: Vec<(&str, &str)> = self
            .globals
            .iter()
            .flat_map(|(ns, names)| {
                let uri = self.namespaces.get(*ns as usize).map_or("", |u| &**u);
                names.keys().map(move |name| (&**name, uri))
            })
            .collect();
        globals.sort_unstable();
        if let Some((_, uri)) = globals.iter().find(|(name, _)| *name == local) {
            return match *uri {
                "" => format!("; the rule set declares {local} in no namespace"),
                uri => format!("; the rule set declares {local} in the namespace {uri}"),
            };
        }
        const SHOWN: usize = 8;
        let names: Vec<&str> = globals.iter().take(SHOWN).map(|(name, _)| *name).collect();
        let more = match globals.len().saturating_sub(SHOWN) {
            0 => String::new(),
            n => format!(" and {n} more"),
        };
        match names.len() {
            0 => "; the rule set declares no global element".to_string(),
            1 => format!("; the root element it accepts is {}", names[0]),
            _ => format!("; the root elements it accepts are {}{more}", names.join(", ")),
        }
    }

    /// `{namespace}name` or `name` for messages.
    pub fn display_name(&self, ns: NsId, local: &str) -> String {
        match self.namespaces.get(ns as usize) {
            Some(uri) if !uri.is_empty() => format!("{{{uri}}}{local}"),
            _ => local.to_string(),
        }
    }
}

/// A hash of an expanded name, to count same-name siblings without comparing strings.
pub(crate) fn name_hash(uri: &str, local: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in uri.bytes().chain([0u8]).chain(local.bytes()) {
        h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
    }
    h
}

/// An element declaration (global or local).
#[derive(Debug)]
pub(crate) struct ElementDecl {
    pub ns: NsId,
    pub name: Box<str>,
    /// [`name_hash`] of the expanded name.
    pub key: u64,
    pub ty: TypeRef,
    /// The WCO ID from the declaration's annotation (`<WCOID>42A</WCOID>`).
    pub wco_id: Option<Box<str>>,
    /// The WCO name beside that ID (`<WCOName>Declaration</WCOName>`), for diagnostics only.
    pub wco_name: Option<Box<str>>,
    /// Whether the WCO ID names a class (ends in a letter: `42A`, `17C`).
    pub wco_class: bool,
    /// Whether the element may repeat where it is declared (maxOccurs > 1).
    pub repeatable: bool,
    pub nillable: bool,
    pub fixed: Option<Box<str>>,
    pub default: Option<Box<str>>,
}

/// The type of an element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TypeRef {
    Simple(SimpleId),
    Complex(ComplexId),
    /// `xs:anyType`: any attributes and any content, validated laxly.
    Any,
}

/// A complex type, with its attribute uses and content.
#[derive(Debug)]
pub(crate) struct ComplexType {
    pub attributes: Vec<AttributeUse>,
    /// The required members of `attributes`, as bits (a type has at most 64 attributes).
    pub required_attributes: u64,
    pub any_attribute: Option<Wildcard>,
    pub content: Content,
    /// Character data allowed between child elements.
    pub mixed: bool,
}

/// What a complex type holds between its tags.
#[derive(Debug)]
pub(crate) enum Content {
    /// Nothing (whitespace only).
    Empty,
    /// A simple value (complex type with simple content).
    Simple(SimpleId),
    /// Child elements, checked by an automaton.
    Elements(Automaton),
}

/// An attribute allowed on a complex type.
#[derive(Debug, Clone)]
pub(crate) struct AttributeUse {
    pub ns: NsId,
    pub name: Box<str>,
    pub ty: SimpleId,
    pub required: bool,
    pub fixed: Option<Box<str>>,
}

/// `xs:any` / `xs:anyAttribute`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Wildcard {
    pub namespaces: NsConstraint,
    pub process: Process,
}

/// Which namespaces a wildcard admits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum NsConstraint {
    /// `##any`.
    Any,
    /// `##other` relative to the schema's target namespace: any namespace but that one and
    /// "no namespace".
    Other(NsId),
    /// An explicit list (`##targetNamespace`, `##local` and URIs resolved to ids).
    /// [`NS_UNKNOWN`] never matches a listed URI, so URIs are kept as text too.
    List(Vec<Box<str>>),
}

impl Wildcard {
    /// Whether a namespace URI is admitted.
    pub fn admits(&self, schema: &Schema, uri: &str) -> bool {
        match &self.namespaces {
            NsConstraint::Any => true,
            NsConstraint::Other(target) => {
                !uri.is_empty() && schema.namespaces.get(*target as usize).is_none_or(|t| **t != *uri)
            }
            NsConstraint::List(list) => list.iter().any(|n| **n == *uri),
        }
    }
}

/// `processContents` of a wildcard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Process {
    Strict,
    Lax,
    Skip,
}

/// A simple type: its variety, whitespace handling and facets (all derivation steps).
#[derive(Debug)]
pub(crate) struct SimpleType {
    pub name: Option<Box<str>>,
    pub variety: Variety,
    pub whitespace: WhiteSpace,
    pub facets: Facets,
    /// The check that decides the commonest values in one scan, where the type allows one.
    pub quick: Option<simple::Quick>,
}

/// Atomic, list or union.
#[derive(Debug)]
pub(crate) enum Variety {
    Atomic(Builtin),
    List(SimpleId),
    Union(Vec<SimpleId>),
}

impl SimpleType {
    /// A simple type, with its quick check worked out.
    pub fn new(name: Option<Box<str>>, variety: Variety, whitespace: WhiteSpace, facets: Facets) -> SimpleType {
        let quick = simple::Quick::of(&variety, &facets);
        SimpleType { name, variety, whitespace, facets, quick }
    }

    /// The primitive built-in type behind an atomic type (for messages and comparisons).
    pub fn builtin(&self) -> Option<Builtin> {
        match self.variety {
            Variety::Atomic(b) => Some(b),
            _ => None,
        }
    }
}
