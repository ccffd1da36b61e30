//! Namespace scopes for the streaming pass: quick-xml's resolver, fed only by the tags that can
//! change it, with the element prefixes resolved so far remembered until a declaration comes or
//! goes.
//!
//! Most start tags of a customs message have no attributes, so they declare no prefix: they open
//! no scope here, and their names resolve from the small cache (usually the default namespace
//! and one or two prefixes) without scanning the resolver's bindings.

use quick_xml::events::BytesStart;
use quick_xml::name::{NamespaceResolver, QName, ResolveResult};

/// What a start tag did to the namespace scopes (kept with the open element, undone at its end).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    /// No attributes: nothing declared, no scope opened.
    None,
    /// Attributes but no `xmlns`: nothing declared, no scope opened.
    Attributes,
    /// Attributes that may declare namespaces: a scope opened in the resolver, the cache
    /// dropped.
    Declarations,
}

/// The namespace bindings in force, and the element prefixes resolved under them.
#[derive(Debug, Default)]
pub(crate) struct Names {
    resolver: NamespaceResolver,
    /// Element prefixes resolved under the bindings in force.
    cache: Vec<Resolved>,
}

/// An element prefix and what it resolves to now.
#[derive(Debug)]
struct Resolved {
    /// The prefix (empty: no prefix).
    prefix: Box<str>,
    uri: Box<str>,
    /// A number the caller keeps with the namespace (wcodm: the schema's namespace id).
    memo: Option<u32>,
}

impl Names {
    /// Open the scope of start tag `e` (its namespace declarations, if any).
    pub fn open(&mut self, e: &BytesStart<'_>) -> Result<Scope, quick_xml::Error> {
        let raw = e.attributes_raw();
        if raw.trim_ascii_start().is_empty() {
            return Ok(Scope::None);
        }
        let raw = raw.as_bytes();
        if !memchr::memchr_iter(b'x', raw).any(|i| raw[i..].starts_with(b"xmlns")) {
            return Ok(Scope::Attributes);
        }
        self.resolver.push(e)?;
        self.cache.clear();
        Ok(Scope::Declarations)
    }

    /// Close the scope an element's start tag opened.
    pub fn close(&mut self, scope: Scope) {
        if scope == Scope::Declarations {
            self.resolver.pop();
            self.cache.clear();
        }
    }

    /// The namespace (as a [`Names::uri`] index) and local name of an element name;
    /// `Err(prefix)` if its prefix is not declared. An element without prefix is in the default
    /// namespace (`""` when there is none).
    pub fn element<'n>(&mut self, name: &'n str) -> Result<(usize, &'n str), String> {
        // Names are short: a plain scan beats a searcher's set-up.
        let (prefix, local) = match name.bytes().position(|b| b == b':') {
            Some(i) => (&name[..i], &name[i + 1..]),
            None => ("", name),
        };
        // Most names have no prefix: tell that by length, without a byte comparison.
        let same = |p: &str| p.len() == prefix.len() && (prefix.is_empty() || p == prefix);
        let i = match self.cache.iter().position(|r| same(&r.prefix)) {
            Some(i) => i,
            None => {
                let uri = match self.resolver.resolve_element(QName(name)).0 {
                    ResolveResult::Bound(n) => n.0,
                    ResolveResult::Unbound => "",
                    ResolveResult::Unknown(p) => return Err(p),
                };
                self.cache.push(Resolved { prefix: prefix.into(), uri: uri.into(), memo: None });
                self.cache.len() - 1
            }
        };
        Ok((i, local))
    }

    /// The namespace URI [`Names::element`] found.
    pub fn uri(&self, i: usize) -> &str {
        &self.cache[i].uri
    }

    /// The caller's number for the namespace [`Names::element`] found (`None` until set).
    pub fn memo(&mut self, i: usize) -> &mut Option<u32> {
        &mut self.cache[i].memo
    }

    /// Back to the state of a new message (no declarations), keeping the buffers.
    pub fn reset(&mut self) {
        self.resolver.set_level(0);
        self.cache.clear();
    }

    /// The resolver, for attribute names.
    pub fn resolver(&self) -> &NamespaceResolver {
        &self.resolver
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(s: &str) -> BytesStart<'_> {
        let name = s.split_once(' ').map_or(s, |(n, _)| n);
        BytesStart::from_content(s, name.len())
    }

    #[test]
    fn scopes_and_cache_follow_declarations() {
        let mut n = Names::default();
        let root = tag(r#"root xmlns="urn:a" xmlns:p="urn:p""#);
        assert_eq!(n.open(&root).unwrap(), Scope::Declarations);
        let element = |n: &mut Names, name| n.element(name).map(|(i, local)| (n.uri(i).to_string(), local));
        assert_eq!(element(&mut n, "root").unwrap(), ("urn:a".into(), "root"));
        assert_eq!(element(&mut n, "p:x").unwrap(), ("urn:p".into(), "x"));
        let plain = tag("child");
        assert_eq!(n.open(&plain).unwrap(), Scope::None);
        let attr = tag(r#"amount currency="EUR""#);
        assert_eq!(n.open(&attr).unwrap(), Scope::Attributes);
        n.close(Scope::Attributes);
        // A redeclared prefix hides the remembered one, and comes back when its scope ends.
        let inner = tag(r#"p:y xmlns:p="urn:q""#);
        assert_eq!(n.open(&inner).unwrap(), Scope::Declarations);
        assert_eq!(element(&mut n, "p:y").unwrap(), ("urn:q".into(), "y"));
        n.close(Scope::Declarations);
        assert_eq!(element(&mut n, "p:x").unwrap(), ("urn:p".into(), "x"));
        // Undeclaring the default namespace.
        let none = tag(r#"z xmlns="""#);
        assert_eq!(n.open(&none).unwrap(), Scope::Declarations);
        assert_eq!(element(&mut n, "z").unwrap(), ("".into(), "z"));
        n.close(Scope::Declarations);
        assert_eq!(element(&mut n, "q:z"), Err("q".to_string()));
        // A message ending inside a scope leaves nothing behind after a reset.
        n.open(&root).unwrap();
        n.reset();
        assert_eq!(element(&mut n, "p:x"), Err("p".to_string()));
        assert_eq!(element(&mut n, "root").unwrap(), ("".into(), "root"));
    }

    #[test]
    fn bad_declarations_are_errors() {
        let mut n = Names::default();
        assert!(n.open(&tag(r#"a xmlns:xmlns="urn:x""#)).is_err());
    }
}
