//! A small tree of one schema document, built with quick-xml. Schemas are small and read once,
//! so a tree is the simple choice here (messages are never read into a tree).

use crate::error::Error;
use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;
use std::rc::Rc;

/// The XML Schema namespace.
pub(crate) const XS: &str = "http://www.w3.org/2001/XMLSchema";

/// In-scope namespace bindings (prefix, URI); the empty prefix is the default namespace.
pub(crate) type Bindings = Rc<Vec<(String, String)>>;

/// An element of a schema document.
#[derive(Debug)]
pub(crate) struct Node {
    pub ns: String,
    pub local: String,
    /// Unprefixed attributes (XSD's own: name, type, ref, minOccurs, ...).
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Rc<Node>>,
    pub text: String,
    pub bindings: Bindings,
    pub line: u32,
}

impl Node {
    /// An attribute's value.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// Whether this is `xs:<local>`.
    pub fn is(&self, local: &str) -> bool {
        self.ns == XS && self.local == local
    }

    /// Child elements in the XSD namespace, skipping annotations.
    pub fn xs_children(&self) -> impl Iterator<Item = &Rc<Node>> {
        self.children.iter().filter(|c| c.ns == XS && c.local != "annotation")
    }

    /// Resolve a QName-valued attribute (`ds:Foo`) to (namespace URI, local name).
    pub fn resolve_qname(&self, qname: &str) -> Option<(String, String)> {
        let (prefix, local) = match qname.split_once(':') {
            Some((p, l)) => (p, l),
            None => ("", qname),
        };
        if prefix == "xml" {
            return Some(("http://www.w3.org/XML/1998/namespace".into(), local.into()));
        }
        let uri = self.bindings.iter().rev().find(|(p, _)| p == prefix).map(|(_, u)| u.clone());
        match uri {
            Some(u) => Some((u, local.into())),
            None if prefix.is_empty() => Some((String::new(), local.into())),
            None => None,
        }
    }

    /// Text of the first descendant element with this local name (annotation contents).
    pub fn find_text(&self, local: &str) -> Option<&str> {
        for c in &self.children {
            if c.local == local {
                return Some(c.text.trim());
            }
            if let Some(t) = c.find_text(local) {
                return Some(t);
            }
        }
        None
    }
}

/// Parse one schema document into its root node.
pub(crate) fn parse(file: &str, text: &str) -> Result<Rc<Node>, Error> {
    let mut reader = NsReader::from_str(text);
    let line_of =
        |pos: u64| 1 + memchr::memchr_iter(b'\n', &text.as_bytes()[..(pos as usize).min(text.len())]).count() as u32;
    let xml_err = |pos: u64, message: String| Error::SchemaXml { file: file.into(), line: line_of(pos), message };
    // Lines of start tags, counted incrementally (positions only grow).
    let (mut counted_to, mut counted_line) = (0usize, 1u32);
    let mut line_at = |pos: u64| {
        let pos = (pos as usize).min(text.len());
        counted_line += memchr::memchr_iter(b'\n', &text.as_bytes()[counted_to..pos]).count() as u32;
        counted_to = pos;
        counted_line
    };
    let mut stack: Vec<Node> = Vec::new();
    let mut root = None;
    let mut bindings: Vec<Bindings> = vec![Rc::new(Vec::new())];
    loop {
        let start = reader.buffer_position();
        let (ns, ev) = match reader.read_resolved_event() {
            Ok(x) => x,
            Err(e) => {
                let msg = e.to_string();
                return Err(xml_err(reader.error_position(), msg));
            }
        };
        let ns = match ns {
            ResolveResult::Bound(n) => n.0.to_string(),
            ResolveResult::Unbound => String::new(),
            ResolveResult::Unknown(p) => return Err(xml_err(start, format!("undeclared namespace prefix '{p}'"))),
        };
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let parent = bindings.last().cloned().unwrap_or_default();
                let mut own: Vec<(String, String)> = Vec::new();
                let mut attrs = Vec::new();
                for a in e.attributes() {
                    let a = a.map_err(|e| xml_err(start, e.to_string()))?;
                    let key = a.key.0;
                    let value = a
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .map_err(|e| xml_err(start, e.to_string()))?
                        .into_owned();
                    if key == "xmlns" {
                        own.push((String::new(), value));
                    } else if let Some(p) = key.strip_prefix("xmlns:") {
                        own.push((p.to_string(), value));
                    } else if !key.contains(':') {
                        attrs.push((key.to_string(), value));
                    }
                }
                let scope = if own.is_empty() {
                    parent
                } else {
                    let mut v = (*parent).clone();
                    v.extend(own);
                    Rc::new(v)
                };
                let node = Node {
                    ns,
                    local: e.local_name().as_ref().to_string(),
                    attrs,
                    children: Vec::new(),
                    text: String::new(),
                    bindings: scope.clone(),
                    line: line_at(start),
                };
                if matches!(ev, Event::Start(_)) {
                    bindings.push(scope);
                    stack.push(node);
                } else {
                    attach(&mut stack, &mut root, node);
                }
            }
            Event::End(_) => {
                bindings.pop();
                if let Some(node) = stack.pop() {
                    attach(&mut stack, &mut root, node);
                }
            }
            Event::Text(t) => {
                if let Some(n) = stack.last_mut() {
                    n.text.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) => {
                if let Some(n) = stack.last_mut() {
                    n.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    _ => crate::xml::predefined_entity(&r.xml10_content()),
                };
                match (c, stack.last_mut()) {
                    (Some(c), Some(n)) => n.text.push(c),
                    (None, _) => return Err(xml_err(start, format!("undefined entity &{};", r.xml10_content()))),
                    _ => {}
                }
            }
            Event::DocType(_) => return Err(xml_err(start, "DOCTYPE is not allowed in schemas read by wcodm".into())),
            Event::Eof => break,
            _ => {}
        }
    }
    root.ok_or_else(|| Error::schema(file, "no root element"))
}

fn attach(stack: &mut [Node], root: &mut Option<Rc<Node>>, node: Node) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(Rc::new(node)),
        None => *root = Some(Rc::new(node)),
    }
}
