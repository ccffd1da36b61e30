//! Field paths: resolving what a rule names against its scope (relative, `../` parent steps,
//! absolute from the root), and checking, when a pack loads, that an element of the schema can
//! match each path (a misspelt path would otherwise load silently and never, or always, fire).

use crate::schema::content::{Automaton, Matcher};
use crate::schema::{ElemId, Schema, TypeRef};

/// A field resolved against a rule's scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Resolved {
    /// The element whose subtree the field is read in: the scope itself, the ancestor its `../`
    /// steps reach, or the root for an absolute path.
    pub anchor: String,
    /// The element named, from the root (`Declaration/GoodsShipment/...`).
    pub element: String,
    /// The attribute of that element, if the field names one.
    pub attr: Option<String>,
}

/// Resolve `field` against `scope`. Check fields (`outside` false) stay inside the scope; a
/// condition's may climb (`../X`) or start at the root (`/Declaration/X`).
pub(crate) fn resolve(scope: &str, field: &str, outside: bool) -> Result<Resolved, String> {
    let (path, attr) = match field.rsplit_once("/@") {
        Some((p, a)) => (p, Some(a)),
        None => match field.strip_prefix('@') {
            Some(a) => ("", Some(a)),
            // `.`: the scope element itself (its own value).
            None if field == "." => ("", None),
            None => (field, None),
        },
    };
    if attr.is_some_and(|a| a.is_empty() || a.contains('/')) {
        return Err(format!("'{field}': an attribute is named last, as X/@name"));
    }
    let scope_steps: Vec<&str> = scope.split('/').collect();
    let (anchor, rest): (Vec<&str>, &str) = if let Some(abs) = path.strip_prefix('/') {
        let root = abs.split('/').next().unwrap_or("");
        if root != scope_steps[0] {
            return Err(format!("'{field}': an absolute path starts at the scope's root, /{}", scope_steps[0]));
        }
        (vec![root], abs.strip_prefix(root).unwrap_or("").trim_start_matches('/'))
    } else {
        let mut rest = path;
        let mut ups = 0;
        while let Some(r) = rest.strip_prefix("..").filter(|r| r.is_empty() || r.starts_with('/')) {
            ups += 1;
            rest = r.strip_prefix('/').unwrap_or(r);
        }
        if ups > 0 && !outside {
            return Err(format!("'{field}': a check reads fields inside its scope (only a condition climbs with ../)"));
        }
        if ups >= scope_steps.len() {
            return Err(format!("'{field}': {ups} parent steps climb above the root of {scope}"));
        }
        (scope_steps[..scope_steps.len() - ups].to_vec(), rest)
    };
    if path.starts_with('/') && !outside {
        return Err(format!("'{field}': a check reads fields inside its scope (only a condition starts at the root)"));
    }
    let mut element = anchor.join("/");
    for step in rest.split('/').filter(|_| !rest.is_empty()) {
        if step.is_empty() || step == "." || step == ".." || step.contains(['@', ' ']) {
            return Err(format!("'{field}': bad step '{step}' (element names separated by /, ../ only at the start)"));
        }
        element.push('/');
        element.push_str(step);
    }
    Ok(Resolved { anchor: anchor.join("/"), element, attr: attr.map(str::to_string) })
}

/// Check that an element of `schema` can match `element` (a path from a global element, whose
/// first step may name alternative roots, `CC315A|CC313A`: one of them must be there), and
/// that it may carry `attr`; otherwise say what the closest real path is.
pub(crate) fn check(schema: &Schema, element: &str, attr: Option<&str>) -> Result<(), String> {
    let steps: Vec<&str> = element.split('/').collect();
    let mut at: Vec<ElemId> = globals(schema)
        .filter(|&e| steps[0].split('|').any(|root| *schema.elements[e as usize].name == *root))
        .collect();
    for step in steps.iter().skip(1) {
        let mut next = Vec::new();
        for &e in &at {
            let (children, wildcard) = children(schema, e);
            if wildcard {
                // What a wildcard admits cannot be known from the schema.
                return Ok(());
            }
            next.extend(children.into_iter().filter(|&c| *schema.elements[c as usize].name == **step));
        }
        at = next;
    }
    if at.is_empty() {
        return Err(format!("no element of the schema is at {element}{}", closest(schema, &steps)));
    }
    let Some(attr) = attr else { return Ok(()) };
    let mut names = Vec::new();
    for &e in &at {
        if let TypeRef::Complex(c) = schema.elements[e as usize].ty {
            let ty = &schema.complex[c as usize];
            if ty.any_attribute.is_some() || ty.attributes.iter().any(|a| *a.name == *attr) {
                return Ok(());
            }
            names.extend(ty.attributes.iter().map(|a| a.name.to_string()));
        }
    }
    let best = names.iter().min_by_key(|n| distance(n, attr));
    Err(match best {
        Some(b) => format!("{element} has no attribute {attr} (closest: {element}/@{b})"),
        None => format!("{element} has no attributes, so none named {attr}"),
    })
}

/// The declarations of `schema` at path `element` (from a global element, as for [`check`]):
/// none when no element is there. What a wildcard on the way admits is not followed.
pub(crate) fn declarations(schema: &Schema, element: &str) -> Vec<ElemId> {
    let mut steps = element.split('/');
    let root = steps.next().unwrap_or("");
    let mut at: Vec<ElemId> = globals(schema).filter(|&e| *schema.elements[e as usize].name == *root).collect();
    for step in steps {
        at = at
            .iter()
            .flat_map(|&e| children(schema, e).0)
            .filter(|&c| *schema.elements[c as usize].name == *step)
            .collect();
    }
    at.sort_unstable();
    at.dedup();
    at
}

/// Whether, in `schema`, the element at path `element` occurs at most once inside each
/// element at path `anchor` (a prefix of it): every step below the anchor is a child its
/// parent's content allows at most once. False when the schema cannot say (a wildcard, a
/// name it does not declare there).
pub(crate) fn once_within(schema: &Schema, anchor: &str, element: &str) -> bool {
    let Some(rest) = element.strip_prefix(anchor).and_then(|r| r.strip_prefix('/')) else {
        return false;
    };
    let steps: Vec<&str> = anchor.split('/').collect();
    let mut at: Vec<ElemId> = globals(schema)
        .filter(|&e| steps[0].split('|').any(|root| *schema.elements[e as usize].name == *root))
        .collect();
    for step in steps.iter().skip(1) {
        at = at
            .iter()
            .flat_map(|&e| children(schema, e).0)
            .filter(|&c| *schema.elements[c as usize].name == **step)
            .collect();
    }
    for step in rest.split('/') {
        let mut next = Vec::new();
        for &e in &at {
            let once = match schema.elements[e as usize].ty {
                TypeRef::Complex(c) => match &schema.complex[c as usize].content {
                    crate::schema::Content::Elements(a) => at_most_once(schema, a, step),
                    _ => true,
                },
                TypeRef::Any => false,
                TypeRef::Simple(_) => true,
            };
            if !once {
                return false;
            }
            next.extend(children(schema, e).0.into_iter().filter(|&c| *schema.elements[c as usize].name == *step));
        }
        at = next;
    }
    !at.is_empty()
}

/// Whether a child named `local` can occur at most once in content model `a` (one position
/// for the name, at most once, never reached again after it; no wildcard that could stand for
/// it).
fn at_most_once(schema: &Schema, a: &Automaton, local: &str) -> bool {
    let named = |e: ElemId| *schema.elements[e as usize].name == *local;
    match a {
        Automaton::Glushkov { positions, follow, .. } => {
            let mut found = None;
            for (p, pos) in positions.iter().enumerate() {
                match pos.matcher {
                    Matcher::Any(_) => return false,
                    Matcher::Element(e) if named(e) => {
                        if found.replace(p).is_some() {
                            return false;
                        }
                    }
                    Matcher::Element(_) => {}
                }
            }
            let Some(p) = found else { return true };
            if positions[p].max.is_none_or(|m| m > 1) {
                return false;
            }
            // No path of the automaton leads from after `p` back to `p`.
            let mut seen = vec![false; positions.len()];
            let mut stack = follow[p + 1].clone();
            while let Some(q) = stack.pop() {
                if q as usize == p {
                    return false;
                }
                if !std::mem::replace(&mut seen[q as usize], true) {
                    stack.extend(&follow[q as usize + 1]);
                }
            }
            true
        }
        Automaton::All { members, .. } => members.iter().filter(|m| named(m.0)).count() <= 1,
    }
}

/// Whether the schema declares the root (or one of the alternative roots) `scope` starts at.
pub(crate) fn root_declared(schema: &Schema, scope: &str) -> bool {
    let root = scope.split('/').next().unwrap_or("");
    globals(schema).any(|e| root.split('|').any(|r| *schema.elements[e as usize].name == *r))
}

fn globals(schema: &Schema) -> impl Iterator<Item = ElemId> + '_ {
    schema.globals.values().flat_map(|m| m.values().copied())
}

fn children(schema: &Schema, e: ElemId) -> (Vec<ElemId>, bool) {
    match schema.elements[e as usize].ty {
        TypeRef::Complex(c) => match &schema.complex[c as usize].content {
            crate::schema::Content::Elements(a) => a.children(),
            _ => (Vec::new(), false),
        },
        TypeRef::Any => (Vec::new(), true),
        TypeRef::Simple(_) => (Vec::new(), false),
    }
}

/// `" (closest: PATH)"` for the real path nearest to `steps`: the same last name first (a
/// step misplaced or misspelt on the way), then the fewest edits over the whole path.
fn closest(schema: &Schema, steps: &[&str]) -> String {
    let wanted = steps.join("/");
    let last = steps.last().copied().unwrap_or("");
    let mut best: Option<((usize, usize), String)> = None;
    let mut stack: Vec<(ElemId, String, usize)> =
        globals(schema).map(|e| (e, schema.elements[e as usize].name.to_string(), 1)).collect();
    let mut seen = 0usize;
    while let Some((e, path, depth)) = stack.pop() {
        seen += 1;
        if seen > 200_000 {
            break;
        }
        let name = &schema.elements[e as usize].name;
        let score = (distance(name, last), distance(&path, &wanted));
        if best.as_ref().is_none_or(|(s, _)| score < *s) {
            best = Some((score, path.clone()));
        }
        if depth < steps.len() + 3 {
            let (children, _) = children(schema, e);
            let mut names = std::collections::HashSet::new();
            for c in children {
                let n = &schema.elements[c as usize].name;
                if names.insert(n.clone()) {
                    stack.push((c, format!("{path}/{n}"), depth + 1));
                }
            }
        }
    }
    best.map(|(_, p)| format!(" (closest: {p})")).unwrap_or_default()
}

/// Levenshtein distance over characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let up = row[j + 1];
            row[j + 1] = (up + 1).min(row[j] + 1).min(diag + usize::from(ca != cb));
            diag = up;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(scope: &str, field: &str) -> (String, String, Option<String>) {
        let x = resolve(scope, field, true).unwrap();
        (x.anchor, x.element, x.attr)
    }

    #[test]
    fn relative_parent_and_absolute_paths() {
        let item = "Declaration/GoodsShipment/GovernmentAgencyGoodsItem";
        assert_eq!(r(item, "SequenceNumeric"), (item.into(), format!("{item}/SequenceNumeric"), None));
        assert_eq!(
            r(item, "../../TypeCode"),
            ("Declaration".into(), "Declaration/TypeCode".into(), None),
            "two steps up from the item"
        );
        assert_eq!(r(item, "/Declaration/TypeCode"), ("Declaration".into(), "Declaration/TypeCode".into(), None));
        assert_eq!(r(item, "@id"), (item.into(), item.into(), Some("id".into())));
        assert_eq!(
            r("CC315A/GOOITEGDS", "../CUSOFFFENT730/RefNumCUSOFFFENT731"),
            ("CC315A".into(), "CC315A/CUSOFFFENT730/RefNumCUSOFFFENT731".into(), None),
            "a root other than Declaration"
        );
        assert_eq!(r(item, "..").1, "Declaration/GoodsShipment");
        assert_eq!(r(item, "."), (item.into(), item.into(), None), "the scope element's own value");
    }

    #[test]
    fn bad_paths_are_refused() {
        let item = "Declaration/GoodsShipment/GovernmentAgencyGoodsItem";
        for bad in ["../../../../X", "/MetaData/X", "A//B", "A/../B", "A/@", "@a/b", "./A"] {
            assert!(resolve(item, bad, true).is_err(), "{bad}");
        }
        assert!(resolve(item, "../X", false).is_err(), "a check stays in its scope");
        assert!(resolve(item, "/Declaration/X", false).is_err());
    }

    /// A pack's paths are checked against the elements each content model allows (a sequence, an
    /// `xs:all`), and anything goes below a wildcard (cargo-mutants: `Automaton::children` made
    /// `(vec![], true)`, every content a wildcard, loaded a misspelt path silently; not caught).
    #[test]
    fn paths_are_checked_against_the_schemas_elements() {
        const XSD: &str = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
          <xs:element name="Declaration"><xs:complexType><xs:sequence>
            <xs:element name="TypeCode" type="xs:token"/>
            <xs:element name="GoodsShipment"><xs:complexType><xs:sequence>
              <xs:element name="Item" maxOccurs="unbounded"><xs:complexType><xs:all>
                <xs:element name="SequenceNumeric" type="xs:int"/>
              </xs:all></xs:complexType></xs:element>
            </xs:sequence></xs:complexType></xs:element>
            <xs:element name="Extra" minOccurs="0"><xs:complexType><xs:sequence>
              <xs:any processContents="lax"/>
            </xs:sequence></xs:complexType></xs:element>
          </xs:sequence></xs:complexType></xs:element>
        </xs:schema>"#;
        let files = crate::schema::xsd::Files::Memory([("t.xsd".into(), XSD.into())].into());
        let schema = crate::schema::xsd::compile("t.xsd", files).expect("the test schema compiles");
        let item = "Declaration/GoodsShipment/Item";
        for path in
            ["Declaration/TypeCode", item, &format!("{item}/SequenceNumeric"), "Declaration/Extra/Anything/At/All"]
        {
            assert_eq!(check(&schema, path, None), Ok(()), "{path}");
        }
        assert_eq!(
            check(&schema, "Declaration/TypCode", None),
            Err("no element of the schema is at Declaration/TypCode (closest: Declaration/TypeCode)".into())
        );
        let e = check(&schema, &format!("{item}/Sequence"), None).unwrap_err();
        assert!(e.contains(&format!("(closest: {item}/SequenceNumeric)")), "{e}");
        assert_eq!(declarations(&schema, &format!("{item}/SequenceNumeric")).len(), 1);
        assert!(declarations(&schema, "Declaration/Extra/Anything").is_empty(), "a wildcard is not followed");
    }

    #[test]
    fn edit_distance() {
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("TypeCode", "TypeCode"), 0);
    }
}
