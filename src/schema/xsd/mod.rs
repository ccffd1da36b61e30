//! The XSD loader: reads a root schema and everything it includes and imports, then compiles the
//! components reachable from global element declarations into a [`Schema`].
//!
//! Supported: XSD 1.0 as customs schemas use it (see README "XSD support"). Anything wcodm cannot
//! honour (`redefine`, substitution groups, identity constraints, ...) is a compile error naming
//! the file and the construct, never a silent pass.

mod dom;

use super::content::{Automaton, Particle};
use super::datatype::{Builtin, WhiteSpace};
use super::facets::{Facets, Pattern, PatternLayer, bounds_supported};
use super::wco_table::Model;
use super::{
    AttributeUse, ComplexId, ComplexType, Content, ElemId, ElementDecl, NsConstraint, NsId, Process, Schema, SimpleId,
    SimpleType, TypeRef, Variety, Wildcard,
};
use crate::error::Error;
use dom::{Node, XS};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// The message for a file that is not an XSD schema; `{what}` says what it is instead.
const NOT_XSD: &str = "not an XSD schema ({what}); an XSD schema is an XML document whose root element is xs:schema";

const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// Where schema documents come from.
pub(crate) enum Files {
    /// The file system; relative locations resolve against the including file's folder.
    Disk,
    /// In-memory documents by name; relative locations resolve against the including name.
    Memory(std::collections::HashMap<String, String>),
    /// Documents already read into trees, by name, resolved as `Memory`'s.
    Trees(std::collections::HashMap<String, Rc<Node>>),
}

/// Load and compile a schema set from its root document.
pub(crate) fn compile(root: &str, files: Files) -> Result<Schema, Error> {
    let mut loader = Loader { files, loaded: HashSet::default(), comps: Default::default() };
    let root_name = loader.normalise(None, root)?;
    loader.load(&root_name, None)?;
    Compiler::new(&loader).run()
}

/// Compile the schema set of a built-in model (what [`Model::to_xsd`] writes, the root first),
/// its documents built as trees from the model rather than written as text and read back.
pub(crate) fn compile_model(model: &Model) -> Result<Schema, Error> {
    let docs = model.write_xsd(dom::Built::default);
    let root = docs.first().map(|d| d.0.clone()).ok_or_else(|| Error::schema("", "empty XSD export"))?;
    let mut trees = std::collections::HashMap::new();
    for (name, doc) in docs {
        let tree = doc.root().ok_or_else(|| Error::schema(&name, dom::NO_ROOT))?;
        trees.insert(name, tree);
    }
    compile(&root, Files::Trees(trees))
}

/// Per-document settings a component needs when compiled.
#[derive(Debug)]
struct Ctx {
    file: String,
    target: String,
    elements_qualified: bool,
    attributes_qualified: bool,
}

#[derive(Clone)]
struct Comp {
    node: Rc<Node>,
    ctx: Rc<Ctx>,
}

/// The kinds of global component; their order is the compile order of same-named components.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
enum Kind {
    Element,
    ComplexType,
    SimpleType,
    Group,
    AttributeGroup,
    Attribute,
}

impl Kind {
    const ALL: [Kind; 6] =
        [Kind::Element, Kind::ComplexType, Kind::SimpleType, Kind::Group, Kind::AttributeGroup, Kind::Attribute];
}

type QN = (String, String);

struct Loader {
    files: Files,
    loaded: HashSet<(String, String)>,
    /// Global components, one map per kind (indexed by `Kind as usize`).
    comps: [HashMap<QN, Comp>; Kind::ALL.len()],
}

impl Loader {
    fn normalise(&self, base: Option<&str>, location: &str) -> Result<String, Error> {
        if location.contains("://") {
            return Err(Error::schema(
                base.unwrap_or(location),
                format!("remote schema location '{location}' is not fetched; download it and load it from disk"),
            ));
        }
        match &self.files {
            Files::Disk => {
                let p = match base {
                    Some(b) => Path::new(b).parent().unwrap_or(Path::new("")).join(location),
                    None => PathBuf::from(location),
                };
                let canon = p.canonicalize().map_err(|source| Error::Io { path: p.clone(), source })?;
                Ok(canon.to_string_lossy().into_owned())
            }
            Files::Memory(_) | Files::Trees(_) => {
                let joined = match base.and_then(|b| b.rsplit_once('/')) {
                    Some((dir, _)) => format!("{dir}/{location}"),
                    None => location.to_string(),
                };
                let mut parts: Vec<&str> = Vec::new();
                for seg in joined.split('/') {
                    match seg {
                        "" | "." => {}
                        ".." => {
                            parts.pop();
                        }
                        s => parts.push(s),
                    }
                }
                Ok(parts.join("/"))
            }
        }
    }

    /// The tree of a document, read from its text (or as built).
    fn document(&self, name: &str) -> Result<Rc<Node>, Error> {
        let missing = || Error::schema(name, "no such in-memory schema document");
        let text = match &self.files {
            Files::Disk => std::fs::read_to_string(name).map_err(|source| match source.kind() {
                std::io::ErrorKind::InvalidData => Error::schema(name, NOT_XSD.replace("{what}", "not UTF-8 text")),
                _ => Error::Io { path: name.into(), source },
            })?,
            Files::Memory(m) => m.get(name).cloned().ok_or_else(missing)?,
            Files::Trees(t) => return t.get(name).cloned().ok_or_else(missing),
        };
        let not_xsd = |what: &str| Error::schema(name, NOT_XSD.replace("{what}", what));
        let start = text.trim_start_matches('\u{feff}').trim_start_matches([' ', '\t', '\r', '\n']);
        if start.is_empty() {
            return Err(not_xsd("the file is empty"));
        }
        if !start.starts_with('<') {
            return Err(not_xsd("it is not XML"));
        }
        dom::parse(name, &text).map_err(|e| match e {
            Error::Schema { message, .. } if message == dom::NO_ROOT => not_xsd("XML without a root element"),
            e => e,
        })
    }

    /// Load a document; `chameleon` is the including schema's namespace for a document
    /// without `targetNamespace`.
    fn load(&mut self, name: &str, chameleon: Option<&str>) -> Result<(), Error> {
        if !self.loaded.insert((name.to_string(), chameleon.unwrap_or("").to_string())) {
            return Ok(());
        }
        let root = self.document(name)?;
        let not_xsd = |what: &str| Error::schema(name, NOT_XSD.replace("{what}", what));
        if !root.is("schema") {
            let ns = match &*root.ns {
                "" => "no namespace".to_string(),
                ns => format!("the namespace {ns}"),
            };
            return Err(not_xsd(&format!("XML whose root element is {} in {ns}, not xs:schema", root.local)));
        }
        let target =
            root.attr("targetNamespace").map(str::to_string).or(chameleon.map(str::to_string)).unwrap_or_default();
        let ctx = Rc::new(Ctx {
            file: name.to_string(),
            target: target.clone(),
            elements_qualified: root.attr("elementFormDefault") == Some("qualified"),
            attributes_qualified: root.attr("attributeFormDefault") == Some("qualified"),
        });
        for child in root.xs_children() {
            let kind = match &*child.local {
                "include" | "import" => {
                    let Some(loc) = child.attr("schemaLocation") else {
                        continue;
                    };
                    if &*child.local == "import" && child.attr("namespace") == Some(XML_NS) {
                        continue;
                    }
                    // A file that cannot be read is named with the schema that refers to it.
                    let referred = |e: Error| match e {
                        Error::Io { path, source } => Error::Io {
                            path,
                            source: std::io::Error::new(
                                source.kind(),
                                format!("{source} (xs:{} on line {} of {name})", child.local, child.line),
                            ),
                        },
                        e => e,
                    };
                    let next = self.normalise(Some(name), loc).map_err(referred)?;
                    let cham = (&*child.local == "include").then_some(target.as_str());
                    self.load(&next, cham).map_err(referred)?;
                    continue;
                }
                "element" => Kind::Element,
                "complexType" => Kind::ComplexType,
                "simpleType" => Kind::SimpleType,
                "group" => Kind::Group,
                "attributeGroup" => Kind::AttributeGroup,
                "attribute" => Kind::Attribute,
                "notation" => continue,
                other => {
                    return Err(Error::schema(
                        name,
                        format!("line {}: xs:{other} is not supported by wcodm", child.line),
                    ));
                }
            };
            let Some(local) = child.attr("name") else {
                return Err(Error::schema(
                    name,
                    format!("line {}: global xs:{} without a name", child.line, child.local),
                ));
            };
            let comps = &mut self.comps[kind as usize];
            let key = (target.clone(), local.to_string());
            if comps.contains_key(&key) {
                return Err(Error::schema(
                    name,
                    format!("line {}: {} '{}' is declared twice", child.line, child.local, local),
                ));
            }
            comps.insert(key, Comp { node: child.clone(), ctx: ctx.clone() });
        }
        Ok(())
    }
}

/// Information about a compiled complex type that derived types need.
#[derive(Clone)]
struct Derivable {
    particle: Option<Particle>,
    attributes: Vec<AttributeUse>,
    any_attribute: Option<Wildcard>,
    simple: Option<SimpleId>,
}

struct Compiler<'l> {
    loader: &'l Loader,
    schema: Schema,
    elements: HashMap<QN, ElemId>,
    complex: HashMap<QN, ComplexId>,
    simple: HashMap<QN, SimpleId>,
    builtins: HashMap<Builtin, SimpleId>,
    derivable: Vec<Option<Derivable>>,
    simple_in_progress: HashSet<QN>,
    /// Local element declarations and anonymous types already compiled, by schema node: a
    /// group used in many places (or recursively) compiles its declarations once.
    local_elements: HashMap<*const Node, ElemId>,
    anonymous_types: HashMap<*const Node, ComplexId>,
    origin: u32,
    depth: u32,
    /// Particles built so far, to refuse schemas whose groups expand exponentially.
    particles: usize,
}

/// Most particles the schema may expand to (groups referenced within groups multiply).
const MAX_PARTICLES: usize = 500_000;

fn parse_occurs(node: &Node, ctx: &Ctx) -> Result<(u32, Option<u32>), Error> {
    let bad = |a: &str, v: &str| {
        Error::schema(&ctx.file, format!("line {}: {a}=\"{v}\" is not a valid occurrence count", node.line))
    };
    let min = match node.attr("minOccurs") {
        Some(v) => v.trim().parse::<u32>().map_err(|_| bad("minOccurs", v))?,
        None => 1,
    };
    let max = match node.attr("maxOccurs") {
        Some("unbounded") => None,
        Some(v) => Some(v.trim().parse::<u32>().map_err(|_| bad("maxOccurs", v))?),
        None => Some(1),
    };
    if max.is_some_and(|m| m < min) {
        return Err(Error::schema(&ctx.file, format!("line {}: maxOccurs is less than minOccurs", node.line)));
    }
    Ok((min, max))
}

impl<'l> Compiler<'l> {
    fn new(loader: &'l Loader) -> Self {
        Compiler {
            loader,
            schema: Schema {
                namespaces: vec![Box::from("")],
                elements: Vec::new(),
                complex: Vec::new(),
                simple: Vec::new(),
                globals: HashMap::default(),
                global_attributes: HashMap::default(),
                indexed_classes: vec![Box::from("67A")],
            },
            elements: HashMap::default(),
            complex: HashMap::default(),
            simple: HashMap::default(),
            builtins: HashMap::default(),
            derivable: Vec::new(),
            simple_in_progress: HashSet::default(),
            local_elements: HashMap::default(),
            anonymous_types: HashMap::default(),
            origin: 0,
            depth: 0,
            particles: 0,
        }
    }

    fn run(mut self) -> Result<Schema, Error> {
        let mut keys: Vec<(Kind, &QN)> =
            Kind::ALL.iter().flat_map(|&k| self.loader.comps[k as usize].keys().map(move |qn| (k, qn))).collect();
        // By name, then kind: an element and a type may share a name, and ids must not depend on
        // the maps' order.
        keys.sort_by(|a, b| (a.1.0.as_str(), a.1.1.as_str(), a.0).cmp(&(b.1.0.as_str(), b.1.1.as_str(), b.0)));
        for (kind, qn) in keys {
            match kind {
                Kind::Element => {
                    let id = self.global_element(qn)?;
                    let ns = self.ns(&qn.0);
                    self.schema.globals.entry(ns).or_default().insert(qn.1.clone().into_boxed_str(), id);
                }
                Kind::ComplexType => {
                    self.complex_named(qn, "")?;
                }
                Kind::SimpleType => {
                    self.simple_named(qn, "")?;
                }
                Kind::Attribute => {
                    let c = self.comp(Kind::Attribute, qn, "", 0)?;
                    let ty = self.attribute_type(&c.node, &c.ctx)?;
                    let ns = self.ns(&qn.0);
                    self.schema.global_attributes.entry(ns).or_default().insert(qn.1.clone().into_boxed_str(), ty);
                }
                Kind::Group | Kind::AttributeGroup => {}
            }
        }
        Ok(self.schema)
    }

    fn ns(&mut self, uri: &str) -> NsId {
        if let Some(i) = self.schema.namespaces.iter().position(|n| &**n == uri) {
            return i as NsId;
        }
        self.schema.namespaces.push(uri.into());
        (self.schema.namespaces.len() - 1) as NsId
    }

    /// A global component; `from` names the file asking (for the message if it is missing).
    fn comp(&self, kind: Kind, qn: &QN, from: &str, line: u32) -> Result<Comp, Error> {
        self.loader.comps[kind as usize].get(qn).cloned().ok_or_else(|| {
            let what = match kind {
                Kind::Element => "element",
                Kind::ComplexType | Kind::SimpleType => "type",
                Kind::Group => "group",
                Kind::AttributeGroup => "attribute group",
                Kind::Attribute => "attribute",
            };
            Error::schema(from, format!("line {line}: {what} {{{}}}{} is not declared in the schema set", qn.0, qn.1))
        })
    }

    fn qname(&self, node: &Node, ctx: &Ctx, attr: &str) -> Result<Option<QN>, Error> {
        match node.attr(attr) {
            None => Ok(None),
            Some(v) => node.resolve_qname(v.trim()).map(Some).ok_or_else(|| {
                Error::schema(&ctx.file, format!("line {}: undeclared prefix in {attr}=\"{v}\"", node.line))
            }),
        }
    }

    fn unsupported(ctx: &Ctx, node: &Node, what: &str) -> Error {
        Error::schema(&ctx.file, format!("line {}: {what} is not supported by wcodm", node.line))
    }

    // ---- elements ----------------------------------------------------------------------

    fn global_element(&mut self, qn: &QN) -> Result<ElemId, Error> {
        if let Some(&id) = self.elements.get(qn) {
            return Ok(id);
        }
        let c = self.comp(Kind::Element, qn, "", 0)?;
        let ns = self.ns(&qn.0);
        let id = self.reserve_element(ns, &qn.1);
        self.elements.insert(qn.clone(), id);
        self.fill_element(id, &c.node, &c.ctx)?;
        Ok(id)
    }

    fn reserve_element(&mut self, ns: NsId, name: &str) -> ElemId {
        let key = super::name_hash(&self.schema.namespaces[ns as usize], name);
        self.schema.elements.push(ElementDecl {
            ns,
            name: name.into(),
            key,
            ty: TypeRef::Any,
            wco_id: None,
            wco_name: None,
            wco_class: false,
            repeatable: false,
            nillable: false,
            fixed: None,
            default: None,
        });
        (self.schema.elements.len() - 1) as ElemId
    }

    fn fill_element(&mut self, id: ElemId, node: &Rc<Node>, ctx: &Rc<Ctx>) -> Result<(), Error> {
        for attr in ["substitutionGroup"] {
            if node.attr(attr).is_some() {
                return Err(Self::unsupported(ctx, node, "substitutionGroup"));
            }
        }
        if node.attr("abstract") == Some("true") {
            return Err(Self::unsupported(ctx, node, "an abstract element (substitution groups)"));
        }
        for c in node.xs_children() {
            if matches!(&*c.local, "key" | "keyref" | "unique") {
                return Err(Self::unsupported(ctx, c, &format!("identity constraint xs:{}", c.local)));
            }
        }
        let owner = format!("element {}", node.attr("name").unwrap_or("?"));
        let ty = if let Some(tq) = self.qname(node, ctx, "type")? {
            self.type_ref(&tq, ctx, node.line)?
        } else if let Some(ct) = node.xs_children().find(|c| c.is("complexType")) {
            match self.anonymous_types.get(&Rc::as_ptr(ct)) {
                Some(&id) => TypeRef::Complex(id),
                None => {
                    let id = self.complex_type(ct, ctx, None, &owner)?;
                    self.anonymous_types.insert(Rc::as_ptr(ct), id);
                    TypeRef::Complex(id)
                }
            }
        } else if let Some(st) = node.xs_children().find(|c| c.is("simpleType")) {
            TypeRef::Simple(self.simple_type(st, ctx, None)?)
        } else {
            TypeRef::Any
        };
        // The first annotation with a WCO ID gives the ID and the name beside it.
        let wco = node
            .children
            .iter()
            .filter(|c| c.is("annotation"))
            .find_map(|a| a.wco_id.as_deref().map(|id| (id, a.wco_name.as_deref())))
            .filter(|(id, _)| !id.is_empty());
        let d = &mut self.schema.elements[id as usize];
        d.wco_class = wco.is_some_and(|(w, _)| w.ends_with(|c: char| c.is_ascii_alphabetic()));
        d.wco_id = wco.map(|(w, _)| Box::from(w));
        d.wco_name = wco.and_then(|(_, n)| n).filter(|n| !n.is_empty()).map(Box::from);
        d.ty = ty;
        d.nillable = node.attr("nillable") == Some("true");
        d.fixed = node.attr("fixed").map(Box::from);
        d.default = node.attr("default").map(Box::from);
        Ok(())
    }

    fn type_ref(&mut self, tq: &QN, ctx: &Ctx, line: u32) -> Result<TypeRef, Error> {
        if tq.0 == XS && tq.1 == "anyType" {
            return Ok(TypeRef::Any);
        }
        if tq.0 == XS || self.loader.comps[Kind::SimpleType as usize].contains_key(tq) {
            return Ok(TypeRef::Simple(self.simple_ref(tq, ctx, line)?));
        }
        Ok(TypeRef::Complex(self.complex_named(tq, &ctx.file)?))
    }

    // ---- particles ---------------------------------------------------------------------

    fn next_origin(&mut self) -> u32 {
        self.origin += 1;
        self.origin
    }

    fn particle(&mut self, node: &Rc<Node>, ctx: &Rc<Ctx>) -> Result<Particle, Error> {
        self.particles += 1;
        if self.particles > MAX_PARTICLES {
            return Err(Error::schema(
                &ctx.file,
                format!(
                    "line {}: the schema expands to more than {MAX_PARTICLES} particles (groups nested in groups)",
                    node.line
                ),
            ));
        }
        self.depth += 1;
        if self.depth > 200 {
            return Err(Error::schema(
                &ctx.file,
                format!("line {}: model groups nest too deeply (circular group references?)", node.line),
            ));
        }
        let r = self.particle_inner(node, ctx);
        self.depth -= 1;
        r
    }

    fn particle_inner(&mut self, node: &Rc<Node>, ctx: &Rc<Ctx>) -> Result<Particle, Error> {
        let (min, max) = parse_occurs(node, ctx)?;
        match &*node.local {
            "element" => {
                let decl = if let Some(r) = self.qname(node, ctx, "ref")? {
                    self.global_element(&r).map_err(|e| match e {
                        Error::Schema { message, .. } if message.contains("is not declared") => Error::schema(
                            &ctx.file,
                            format!("line {}: element ref {{{}}}{} is not declared", node.line, r.0, r.1),
                        ),
                        e => e,
                    })?
                } else {
                    let name = node.attr("name").ok_or_else(|| {
                        Error::schema(&ctx.file, format!("line {}: local element without name or ref", node.line))
                    })?;
                    let qualified = match node.attr("form") {
                        Some(f) => f == "qualified",
                        None => ctx.elements_qualified,
                    };
                    let ns = if qualified { self.ns(&ctx.target.clone()) } else { 0 };
                    match self.local_elements.get(&Rc::as_ptr(node)) {
                        Some(&id) => id,
                        None => {
                            let id = self.reserve_element(ns, name);
                            self.local_elements.insert(Rc::as_ptr(node), id);
                            self.fill_element(id, node, ctx)?;
                            id
                        }
                    }
                };
                if max.is_none_or(|m| m > 1) {
                    self.schema.elements[decl as usize].repeatable = true;
                }
                Ok(Particle::Element { decl, min, max, origin: self.next_origin() })
            }
            "any" => Ok(Particle::Any { wildcard: self.wildcard(node, ctx)?, min, max, origin: self.next_origin() }),
            "sequence" | "choice" => {
                let mut items = Vec::new();
                for c in node.xs_children() {
                    items.push(self.particle(c, ctx)?);
                }
                Ok(if &*node.local == "sequence" {
                    Particle::Sequence { items, min, max }
                } else {
                    Particle::Choice { items, min, max }
                })
            }
            "all" => {
                let mut items = Vec::new();
                for c in node.xs_children() {
                    items.push(self.particle(c, ctx)?);
                }
                Ok(Particle::All { items, min })
            }
            "group" => {
                let r = self
                    .qname(node, ctx, "ref")?
                    .ok_or_else(|| Error::schema(&ctx.file, format!("line {}: xs:group without ref", node.line)))?;
                let g = self.comp(Kind::Group, &r, &ctx.file, node.line)?;
                let body = g
                    .node
                    .xs_children()
                    .next()
                    .cloned()
                    .ok_or_else(|| Error::schema(&g.ctx.file, format!("line {}: empty group", g.node.line)))?;
                let inner = self.particle(&body, &g.ctx)?;
                Ok(match inner {
                    Particle::Sequence { items, .. } => Particle::Sequence { items, min, max },
                    Particle::Choice { items, .. } => Particle::Choice { items, min, max },
                    Particle::All { items, .. } => Particle::All { items, min },
                    other => other,
                })
            }
            other => Err(Error::schema(
                &ctx.file,
                format!("line {}: xs:{other} is not allowed in a content model", node.line),
            )),
        }
    }

    fn wildcard(&mut self, node: &Node, ctx: &Ctx) -> Result<Wildcard, Error> {
        let process = match node.attr("processContents").unwrap_or("strict") {
            "strict" => Process::Strict,
            "lax" => Process::Lax,
            "skip" => Process::Skip,
            v => return Err(Error::schema(&ctx.file, format!("line {}: processContents=\"{v}\"", node.line))),
        };
        let spec = node.attr("namespace").unwrap_or("##any").trim();
        let namespaces = match spec {
            "##any" => NsConstraint::Any,
            "##other" => NsConstraint::Other(self.ns(&ctx.target)),
            list => NsConstraint::List(
                list.split_whitespace()
                    .map(|t| match t {
                        "##targetNamespace" => Box::from(ctx.target.as_str()),
                        "##local" => Box::from(""),
                        u => Box::from(u),
                    })
                    .collect(),
            ),
        };
        for u in match &namespaces {
            NsConstraint::List(l) => l.clone(),
            _ => Vec::new(),
        } {
            self.ns(&u);
        }
        Ok(Wildcard { namespaces, process })
    }

    // ---- complex types -----------------------------------------------------------------

    fn complex_named(&mut self, qn: &QN, from: &str) -> Result<ComplexId, Error> {
        if let Some(&id) = self.complex.get(qn) {
            return Ok(id);
        }
        let c = self.comp(Kind::ComplexType, qn, from, 0)?;
        self.complex_type(&c.node, &c.ctx, Some(qn), &format!("type {}", qn.1))
    }

    fn complex_type(
        &mut self,
        node: &Rc<Node>,
        ctx: &Rc<Ctx>,
        name: Option<&QN>,
        owner: &str,
    ) -> Result<ComplexId, Error> {
        let id = self.schema.complex.len() as ComplexId;
        self.schema.complex.push(ComplexType {
            attributes: Vec::new(),
            required_attributes: 0,
            any_attribute: None,
            content: Content::Empty,
            mixed: false,
        });
        self.derivable.push(None);
        if let Some(q) = name {
            self.complex.insert(q.clone(), id);
        }
        let mut mixed = node.attr("mixed") == Some("true");
        let mut d = Derivable { particle: None, attributes: Vec::new(), any_attribute: None, simple: None };
        let mut own_attrs = Vec::new();
        for c in node.xs_children() {
            match &*c.local {
                "simpleContent" => d = self.simple_content(c, ctx, owner)?,
                "complexContent" => {
                    if c.attr("mixed") == Some("true") {
                        mixed = true;
                    }
                    d = self.complex_content(c, ctx, owner)?;
                }
                "sequence" | "choice" | "all" | "group" => d.particle = Some(self.particle(c, ctx)?),
                "attribute" | "attributeGroup" | "anyAttribute" => own_attrs.push(c.clone()),
                other => {
                    return Err(Error::schema(&ctx.file, format!("line {}: xs:{other} inside xs:complexType", c.line)));
                }
            }
        }
        if !own_attrs.is_empty() {
            let (attrs, any) = self.attribute_uses(&own_attrs, ctx)?;
            d.attributes = merge_attributes(d.attributes, attrs);
            d.any_attribute = any.or(d.any_attribute);
        }
        let content = match (&d.simple, &d.particle) {
            (Some(s), _) => Content::Simple(*s),
            (None, Some(p)) => {
                Content::Elements(Automaton::compile(&self.schema, p, &format!("{} ({owner})", ctx.file))?)
            }
            (None, None) if mixed => Content::Elements(Automaton::compile(
                &self.schema,
                &Particle::Sequence { items: Vec::new(), min: 1, max: Some(1) },
                &ctx.file,
            )?),
            (None, None) => Content::Empty,
        };
        if d.attributes.len() > 64 {
            return Err(Error::schema(&ctx.file, format!("line {}: more than 64 attributes on one type", node.line)));
        }
        let ct = &mut self.schema.complex[id as usize];
        ct.attributes = d.attributes.clone();
        ct.required_attributes = ct.attributes.iter().enumerate().fold(0, |m, (i, u)| m | (u64::from(u.required) << i));
        ct.any_attribute = d.any_attribute.clone();
        ct.content = content;
        ct.mixed = mixed;
        self.derivable[id as usize] = Some(d);
        Ok(id)
    }

    fn base_of(&mut self, node: &Node, ctx: &Rc<Ctx>) -> Result<QN, Error> {
        self.qname(node, ctx, "base")?
            .ok_or_else(|| Error::schema(&ctx.file, format!("line {}: derivation without base", node.line)))
    }

    fn derivable_of(&mut self, base: &QN, ctx: &Ctx, line: u32) -> Result<Derivable, Error> {
        let id = self.complex_named(base, &ctx.file)?;
        self.derivable[id as usize].clone().ok_or_else(|| {
            Error::schema(&ctx.file, format!("line {line}: circular derivation through type {}", base.1))
        })
    }

    fn simple_content(&mut self, sc: &Rc<Node>, ctx: &Rc<Ctx>, owner: &str) -> Result<Derivable, Error> {
        let der = sc
            .xs_children()
            .next()
            .cloned()
            .ok_or_else(|| Error::schema(&ctx.file, format!("line {}: empty xs:simpleContent", sc.line)))?;
        let base = self.base_of(&der, ctx)?;
        let base_is_simple = base.0 == XS || self.loader.comps[Kind::SimpleType as usize].contains_key(&base);
        let (base_simple, base_attrs, base_any) = if base_is_simple {
            (self.simple_ref(&base, ctx, der.line)?, Vec::new(), None)
        } else {
            let d = self.derivable_of(&base, ctx, der.line)?;
            let s = d.simple.ok_or_else(|| {
                Error::schema(
                    &ctx.file,
                    format!("line {}: simpleContent base {} has no simple content", der.line, base.1),
                )
            })?;
            (s, d.attributes, d.any_attribute)
        };
        let attr_nodes: Vec<Rc<Node>> = der
            .xs_children()
            .filter(|c| matches!(&*c.local, "attribute" | "attributeGroup" | "anyAttribute"))
            .cloned()
            .collect();
        let (own, any) = self.attribute_uses(&attr_nodes, ctx)?;
        let simple = match &*der.local {
            "extension" => base_simple,
            "restriction" => {
                let inner_base = match der.xs_children().find(|c| c.is("simpleType")) {
                    Some(st) => self.simple_type(st, ctx, None)?,
                    None => base_simple,
                };
                self.restrict(inner_base, &der, ctx, None)?
            }
            other => {
                return Err(Error::schema(
                    &ctx.file,
                    format!("line {}: xs:{other} in simpleContent ({owner})", der.line),
                ));
            }
        };
        Ok(Derivable {
            particle: None,
            attributes: merge_attributes(base_attrs, own),
            any_attribute: any.or(base_any),
            simple: Some(simple),
        })
    }

    fn complex_content(&mut self, cc: &Rc<Node>, ctx: &Rc<Ctx>, owner: &str) -> Result<Derivable, Error> {
        let der = cc
            .xs_children()
            .next()
            .cloned()
            .ok_or_else(|| Error::schema(&ctx.file, format!("line {}: empty xs:complexContent", cc.line)))?;
        let base = self.base_of(&der, ctx)?;
        let b = if base.0 == XS && base.1 == "anyType" {
            Derivable { particle: None, attributes: Vec::new(), any_attribute: None, simple: None }
        } else {
            self.derivable_of(&base, ctx, der.line)?
        };
        let mut own_particle = None;
        let mut attr_nodes = Vec::new();
        for c in der.xs_children() {
            match &*c.local {
                "sequence" | "choice" | "all" | "group" => own_particle = Some(self.particle(c, ctx)?),
                "attribute" | "attributeGroup" | "anyAttribute" => attr_nodes.push(c.clone()),
                other => {
                    return Err(Error::schema(
                        &ctx.file,
                        format!("line {}: xs:{other} in complexContent ({owner})", c.line),
                    ));
                }
            }
        }
        let (own, any) = self.attribute_uses(&attr_nodes, ctx)?;
        let particle = match &*der.local {
            "extension" => match (b.particle, own_particle) {
                (Some(bp), Some(op)) => Some(Particle::Sequence { items: vec![bp, op], min: 1, max: Some(1) }),
                (bp, op) => op.or(bp),
            },
            "restriction" => own_particle,
            other => return Err(Error::schema(&ctx.file, format!("line {}: xs:{other} in complexContent", der.line))),
        };
        let any_attribute = if &*der.local == "extension" { any.or(b.any_attribute) } else { any };
        Ok(Derivable { particle, attributes: merge_attributes(b.attributes, own), any_attribute, simple: None })
    }

    // ---- attributes --------------------------------------------------------------------

    /// Attribute uses from `attribute`, `attributeGroup` and `anyAttribute` nodes. A prohibited
    /// use comes back with an empty type name marker (`name` kept, `required` false, `ty` 0)
    /// so that merging can remove the base's use; see [`merge_attributes`].
    fn attribute_uses(
        &mut self,
        nodes: &[Rc<Node>],
        ctx: &Rc<Ctx>,
    ) -> Result<(Vec<AttributeUse>, Option<Wildcard>), Error> {
        let mut out: Vec<AttributeUse> = Vec::new();
        let mut any = None;
        for n in nodes {
            match &*n.local {
                "attribute" => {
                    let use_ = n.attr("use").unwrap_or("optional");
                    let (ns, name, ty, fixed) = if let Some(r) = self.qname(n, ctx, "ref")? {
                        if r.0 == XML_NS {
                            let b = if r.1 == "lang" { Builtin::Language } else { Builtin::String };
                            (self.ns(XML_NS), r.1.clone(), self.builtin(b), None)
                        } else {
                            let g = self.comp(Kind::Attribute, &r, &ctx.file, n.line)?;
                            let ty = self.attribute_type(&g.node, &g.ctx)?;
                            (self.ns(&r.0), r.1.clone(), ty, g.node.attr("fixed").map(Box::from))
                        }
                    } else {
                        let name = n.attr("name").ok_or_else(|| {
                            Error::schema(&ctx.file, format!("line {}: attribute without name or ref", n.line))
                        })?;
                        let qualified = match n.attr("form") {
                            Some(f) => f == "qualified",
                            None => ctx.attributes_qualified,
                        };
                        let ns = if qualified { self.ns(&ctx.target.clone()) } else { 0 };
                        (ns, name.to_string(), self.attribute_type(n, ctx)?, None)
                    };
                    let fixed = n.attr("fixed").map(Box::from).or(fixed);
                    if use_ == "prohibited" {
                        out.push(AttributeUse { ns, name: name.into(), ty: u32::MAX, required: false, fixed: None });
                        continue;
                    }
                    out.push(AttributeUse { ns, name: name.into(), ty, required: use_ == "required", fixed });
                }
                "attributeGroup" => {
                    let r = self.qname(n, ctx, "ref")?.ok_or_else(|| {
                        Error::schema(&ctx.file, format!("line {}: attributeGroup without ref", n.line))
                    })?;
                    let g = self.comp(Kind::AttributeGroup, &r, &ctx.file, n.line)?;
                    self.depth += 1;
                    if self.depth > 200 {
                        return Err(Error::schema(
                            &ctx.file,
                            format!("line {}: circular attribute group references", n.line),
                        ));
                    }
                    let children: Vec<Rc<Node>> = g.node.xs_children().cloned().collect();
                    let (uses, w) = self.attribute_uses(&children, &g.ctx)?;
                    self.depth -= 1;
                    out = merge_attributes(out, uses);
                    any = any.or(w);
                }
                "anyAttribute" => any = Some(self.wildcard(n, ctx)?),
                _ => {}
            }
        }
        Ok((out, any))
    }

    fn attribute_type(&mut self, n: &Node, ctx: &Rc<Ctx>) -> Result<SimpleId, Error> {
        if let Some(t) = self.qname(n, ctx, "type")? {
            return self.simple_ref(&t, ctx, n.line);
        }
        if let Some(st) = n.xs_children().find(|c| c.is("simpleType")) {
            return self.simple_type(st, ctx, None);
        }
        Ok(self.builtin(Builtin::AnySimpleType))
    }

    // ---- simple types ------------------------------------------------------------------

    fn builtin(&mut self, b: Builtin) -> SimpleId {
        if let Some(&id) = self.builtins.get(&b) {
            return id;
        }
        self.schema.simple.push(SimpleType::new(
            Some(b.name().into()),
            Variety::Atomic(b),
            b.whitespace(),
            Facets::default(),
        ));
        let id = (self.schema.simple.len() - 1) as SimpleId;
        self.builtins.insert(b, id);
        id
    }

    fn simple_ref(&mut self, q: &QN, ctx: &Ctx, line: u32) -> Result<SimpleId, Error> {
        if q.0 == XS {
            return Builtin::from_local_name(&q.1)
                .map(|b| self.builtin(b))
                .ok_or_else(|| Error::schema(&ctx.file, format!("line {line}: xs:{} is not a simple type", q.1)));
        }
        self.simple_named(q, &ctx.file)
    }

    fn simple_named(&mut self, q: &QN, from: &str) -> Result<SimpleId, Error> {
        if let Some(&id) = self.simple.get(q) {
            return Ok(id);
        }
        let c = self.comp(Kind::SimpleType, q, from, 0)?;
        if !self.simple_in_progress.insert(q.clone()) {
            return Err(Error::schema(
                &c.ctx.file,
                format!("line {}: simple type {} is derived from itself", c.node.line, q.1),
            ));
        }
        let id = self.simple_type(&c.node, &c.ctx, Some(q))?;
        self.simple_in_progress.remove(q);
        self.simple.insert(q.clone(), id);
        Ok(id)
    }

    fn simple_type(&mut self, node: &Rc<Node>, ctx: &Rc<Ctx>, name: Option<&QN>) -> Result<SimpleId, Error> {
        let der = node
            .xs_children()
            .next()
            .cloned()
            .ok_or_else(|| Error::schema(&ctx.file, format!("line {}: empty xs:simpleType", node.line)))?;
        let id = match &*der.local {
            "restriction" => {
                let base = match self.qname(&der, ctx, "base")? {
                    Some(b) => self.simple_ref(&b, ctx, der.line)?,
                    None => {
                        let st = der.xs_children().find(|c| c.is("simpleType")).ok_or_else(|| {
                            Error::schema(&ctx.file, format!("line {}: restriction without base", der.line))
                        })?;
                        self.simple_type(st, ctx, None)?
                    }
                };
                self.restrict(base, &der, ctx, name)?
            }
            "list" => {
                let item = match self.qname(&der, ctx, "itemType")? {
                    Some(t) => self.simple_ref(&t, ctx, der.line)?,
                    None => {
                        let st = der.xs_children().find(|c| c.is("simpleType")).ok_or_else(|| {
                            Error::schema(&ctx.file, format!("line {}: list without itemType", der.line))
                        })?;
                        self.simple_type(st, ctx, None)?
                    }
                };
                self.push_simple(SimpleType::new(None, Variety::List(item), WhiteSpace::Collapse, Facets::default()))
            }
            "union" => {
                let mut members = Vec::new();
                if let Some(list) = der.attr("memberTypes") {
                    for m in list.split_whitespace() {
                        let q = der.resolve_qname(m).ok_or_else(|| {
                            Error::schema(&ctx.file, format!("line {}: undeclared prefix in memberTypes", der.line))
                        })?;
                        members.push(self.simple_ref(&q, ctx, der.line)?);
                    }
                }
                for st in der.xs_children().filter(|c| c.is("simpleType")) {
                    members.push(self.simple_type(st, ctx, None)?);
                }
                self.push_simple(SimpleType::new(
                    None,
                    Variety::Union(members),
                    WhiteSpace::Collapse,
                    Facets::default(),
                ))
            }
            other => return Err(Error::schema(&ctx.file, format!("line {}: xs:{other} in xs:simpleType", der.line))),
        };
        if let Some(q) = name {
            self.schema.simple[id as usize].name = Some(q.1.clone().into());
        }
        Ok(id)
    }

    fn push_simple(&mut self, st: SimpleType) -> SimpleId {
        self.schema.simple.push(st);
        (self.schema.simple.len() - 1) as SimpleId
    }

    /// A new simple type restricting `base` with the facets among `der`'s children.
    fn restrict(&mut self, base: SimpleId, der: &Node, ctx: &Ctx, name: Option<&QN>) -> Result<SimpleId, Error> {
        let b = &self.schema.simple[base as usize];
        let variety = match &b.variety {
            Variety::Atomic(x) => Variety::Atomic(*x),
            Variety::List(i) => Variety::List(*i),
            Variety::Union(m) => Variety::Union(m.clone()),
        };
        let builtin = b.builtin();
        let mut ws = b.whitespace;
        let mut f = b.facets.clone();
        let mut patterns = PatternLayer::default();
        let mut enums: Vec<Box<str>> = Vec::new();
        let err = |n: &Node, m: String| Error::schema(&ctx.file, format!("line {}: {m}", n.line));
        for c in der.xs_children() {
            let v = c.attr("value").unwrap_or("");
            let num = || {
                v.trim().parse::<usize>().map_err(|_| err(c, format!("xs:{} value \"{v}\" is not a number", c.local)))
            };
            match &*c.local {
                "simpleType" | "attribute" | "attributeGroup" | "anyAttribute" => {}
                "length" => f.length = Some(num()?),
                "minLength" => f.min_length = Some(num()?.max(f.min_length.unwrap_or(0))),
                "maxLength" => f.max_length = Some(num()?.min(f.max_length.unwrap_or(usize::MAX))),
                "totalDigits" => f.total_digits = Some(num()?.min(f.total_digits.unwrap_or(usize::MAX))),
                "fractionDigits" => f.fraction_digits = Some(num()?.min(f.fraction_digits.unwrap_or(usize::MAX))),
                "pattern" => {
                    let re = Pattern::new(v).map_err(|e| err(c, e.to_string()))?;
                    patterns.source.push(v.into());
                    patterns.matchers.push(re);
                }
                "enumeration" => enums.push(super::datatype::normalize(v, ws).into_owned().into()),
                "whiteSpace" => {
                    ws = match v {
                        "preserve" => WhiteSpace::Preserve,
                        "replace" => WhiteSpace::Replace,
                        "collapse" => WhiteSpace::Collapse,
                        _ => return Err(err(c, format!("whiteSpace value \"{v}\""))),
                    }
                    .max(ws)
                }
                "minInclusive" | "maxInclusive" | "minExclusive" | "maxExclusive" => {
                    if !builtin.is_some_and(bounds_supported) {
                        return Err(err(
                            c,
                            format!("xs:{} on a type that is not numeric is not supported by wcodm", c.local),
                        ));
                    }
                    let slot = match &*c.local {
                        "minInclusive" => &mut f.min_inclusive,
                        "maxInclusive" => &mut f.max_inclusive,
                        "minExclusive" => &mut f.min_exclusive,
                        _ => &mut f.max_exclusive,
                    };
                    *slot = Some(v.trim().into());
                }
                other => return Err(err(c, format!("xs:{other} is not a facet wcodm supports"))),
            }
        }
        if !patterns.matchers.is_empty() {
            f.patterns.push(patterns);
        }
        if !enums.is_empty() {
            f.enumerations.push(enums);
        }
        Ok(self.push_simple(SimpleType::new(name.map(|q| q.1.clone().into()), variety, ws, f)))
    }
}

/// Base attribute uses overridden by the derived ones (same name), prohibited ones removed.
fn merge_attributes(base: Vec<AttributeUse>, own: Vec<AttributeUse>) -> Vec<AttributeUse> {
    let mut out = base;
    for a in own {
        out.retain(|b| !(b.ns == a.ns && b.name == a.name));
        if a.ty != u32::MAX {
            out.push(a);
        }
    }
    out
}
