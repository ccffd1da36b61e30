//! Attributes: a start tag's attributes read (namespaces, limits, well-formedness), checked
//! against the element's type (declared uses, wildcards, `xsi:`) and fed to the rules. It does
//! not decide the element's declaration or evaluate rules itself.

use super::{At, Mode, Pass, invalid_xml_char};
use crate::report::Code;
use crate::schema::{self, Process, SimpleId, XSI_NS, simple};
use quick_xml::XmlVersion;
use quick_xml::events::BytesStart;
use quick_xml::name::{NamespaceResolver, ResolveResult};

impl<'s> Pass<'s> {
    /// The attributes of the start tag of `frames[depth - 1]` (`None`: the tag has none).
    pub(super) fn attributes(&mut self, tag: Option<(&NamespaceResolver, &BytesStart<'_>)>, depth: usize, at: At) {
        let schema = self.schema;
        let mode = self.frames[depth - 1].mode;
        let ct = match mode {
            Mode::Complex(c) => Some(&schema.complex[c as usize]),
            _ => None,
        };
        let seen = match tag {
            Some((resolver, e)) => match self.attribute_list(resolver, e, depth, at) {
                Some(seen) => seen,
                None => return,
            },
            None => 0,
        };
        // One test for the common case: every required attribute is there.
        if let Some(ct) = ct
            && ct.required_attributes & !seen != 0
        {
            for (i, u) in ct.attributes.iter().enumerate() {
                if u.required && seen & (1 << i) == 0 {
                    let elem = self.elem_display(depth);
                    let msg = format!("element {elem} lacks the required attribute {}", u.name);
                    let name = u.name.to_string();
                    self.error_at(depth, Code::MissingAttribute, msg, Some(&name));
                }
            }
        }
    }

    /// Check the attributes of a start tag that has some; the attribute uses of its type that
    /// were seen, as bits (`None`: a problem stopped validation).
    fn attribute_list(
        &mut self,
        resolver: &NamespaceResolver,
        e: &BytesStart<'_>,
        depth: usize,
        at: At,
    ) -> Option<u64> {
        let schema = self.schema;
        let mode = self.frames[depth - 1].mode;
        let ct = match mode {
            Mode::Complex(c) => Some(&schema.complex[c as usize]),
            _ => None,
        };
        let mut seen: u64 = 0;
        let mut count = 0usize;
        for a in e.attributes() {
            let a = match a {
                Ok(a) => a,
                Err(err) => {
                    self.fatal(Code::XmlSyntax, format!("not well-formed: {err}"), at);
                    return None;
                }
            };
            count += 1;
            if count > self.opts.limits.max_attributes {
                self.fatal(
                    Code::LimitAttributes,
                    format!("an element has more than {} attributes", self.opts.limits.max_attributes),
                    at,
                );
                return None;
            }
            let key: &str = a.key.as_ref();
            if key.len() > self.opts.limits.max_name_len {
                self.fatal(
                    Code::LimitName,
                    format!("an attribute name is longer than {} bytes", self.opts.limits.max_name_len),
                    at,
                );
                return None;
            }
            if key == "xmlns" || key.starts_with("xmlns:") {
                continue;
            }
            let (ans, alocal) = resolver.resolve_attribute(a.key);
            let auri = match ans {
                ResolveResult::Bound(n) => n.0,
                ResolveResult::Unbound => "",
                ResolveResult::Unknown(p) => {
                    self.fatal(Code::XmlSyntax, format!("not well-formed: namespace prefix '{p}' is not declared"), at);
                    return None;
                }
            };
            let alocal: &str = alocal.as_ref();
            let value = match a.normalized_value(XmlVersion::Implicit1_0) {
                Ok(v) => v,
                Err(err) => {
                    self.fatal(Code::XmlSyntax, format!("not well-formed: attribute {key}: {err}"), at);
                    return None;
                }
            };
            if let Some(i) = invalid_xml_char(&value) {
                let c = value[i..].chars().next().map_or(0, u32::from);
                self.fatal(
                    Code::XmlSyntax,
                    format!("not well-formed: character U+{c:04X} is not allowed in XML (attribute {key})"),
                    at,
                );
                return None;
            }
            // The schema's checks of the attribute, then the rules that read it.
            if !matches!(mode, Mode::Skip | Mode::Lax) {
                if auri == XSI_NS {
                    self.xsi_attribute(depth, alocal, &value);
                } else {
                    seen |= self.schema_attribute(ct, depth, key, auri, alocal, &value);
                }
            }
            self.rule_attribute(depth, alocal, &value);
        }
        Some(seen)
    }

    /// Check attribute `key`'s value against simple type `ty`, reporting it when it is not
    /// valid; whether it is.
    fn attribute_value(&mut self, depth: usize, key: &str, ty: SimpleId, value: &str) -> bool {
        let Err(f) = simple::check(self.schema, ty, value) else { return true };
        let msg = format!("attribute {key} value {} is not valid: expected {}", self.show(value), f.expected);
        self.error_at(depth, f.code, msg, Some(key));
        false
    }

    /// The schema's check of attribute `key` (namespace `auri`, local name `alocal`) of the
    /// element at `frames[depth - 1]`, of complex type `ct`: the bit of its attribute use in
    /// `ct`, 0 when it has none.
    fn schema_attribute(
        &mut self,
        ct: Option<&'s schema::ComplexType>,
        depth: usize,
        key: &str,
        auri: &str,
        alocal: &str,
        value: &str,
    ) -> u64 {
        let schema = self.schema;
        let ns = schema.ns_id(auri);
        let found = ct.and_then(|ct| ct.attributes.iter().position(|u| u.ns == ns && *u.name == *alocal));
        match (ct, found) {
            (Some(ct), Some(i)) => {
                let u = &ct.attributes[i];
                if self.attribute_value(depth, key, u.ty, value)
                    && let Some(fx) = &u.fixed
                {
                    let ty = &schema.simple[u.ty as usize];
                    let norm = schema::datatype::normalize(value, ty.whitespace);
                    if !schema::facets::values_equal(
                        ty.builtin().unwrap_or(schema::datatype::Builtin::String),
                        fx,
                        &norm,
                    ) {
                        let msg =
                            format!("attribute {key} must have the fixed value '{fx}', found {}", self.show(value));
                        self.error_at(depth, Code::Fixed, msg, Some(key));
                    }
                }
                1 << i
            }
            (Some(ct), None) if ct.any_attribute.as_ref().is_some_and(|w| w.admits(schema, auri)) => {
                let process = ct.any_attribute.as_ref().map_or(Process::Skip, |w| w.process);
                match schema.global_attribute(ns, alocal) {
                    _ if process == Process::Skip => {}
                    Some(ty) => {
                        self.attribute_value(depth, key, ty, value);
                    }
                    None if process == Process::Strict => {
                        let msg = format!(
                            "attribute {key} matches a strict attribute wildcard but has no global declaration in the rule set"
                        );
                        self.error_at(depth, Code::UnexpectedAttribute, msg, Some(key));
                    }
                    None => {}
                }
                0
            }
            _ => {
                let elem = self.elem_display(depth);
                let msg = format!("attribute {key} is not allowed on element {elem}");
                self.error_at(depth, Code::UnexpectedAttribute, msg, Some(key));
                0
            }
        }
    }

    fn xsi_attribute(&mut self, depth: usize, local: &str, value: &str) {
        match local {
            "schemaLocation" | "noNamespaceSchemaLocation" => {}
            "nil" => {
                let nillable = self.frames[depth - 1].decl.is_some_and(|d| self.schema.elements[d as usize].nillable);
                let v = value.trim();
                if !nillable {
                    let msg = format!("xsi:nil is not allowed: element {} is not nillable", self.elem_display(depth));
                    self.error_at(depth, Code::Nil, msg, Some("xsi:nil"));
                } else if v == "true" || v == "1" {
                    self.frames[depth - 1].nil = true;
                } else if v != "false" && v != "0" {
                    self.error_at(
                        depth,
                        Code::InvalidValue,
                        format!("xsi:nil value {} is not a boolean", self.show(value)),
                        Some("xsi:nil"),
                    );
                }
            }
            "type" => {
                self.error_at(
                    depth,
                    Code::Unsupported,
                    "xsi:type is not supported by wcodm; the element was checked against its declared type".into(),
                    Some("xsi:type"),
                );
            }
            other => {
                self.error_at(
                    depth,
                    Code::UnexpectedAttribute,
                    format!("attribute xsi:{other} is not defined by XML Schema"),
                    Some(other),
                );
            }
        }
    }
}
