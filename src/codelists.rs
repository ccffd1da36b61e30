//! Built-in code lists: countries, currencies, units, package types, transport modes, Incoterms
//! and the other small lists a WCO declaration's codes are checked against.
//!
//! Each list is a file in `schemas/codelists/` (`NAME.tsv`: `#` header lines giving its title,
//! source, commit and licence, then `code<TAB>name<TAB>note` rows, sorted), embedded in the
//! library when it is built and parsed once, the first time a list is asked for. A list's name
//! (`country`, `currency`, `unit`, ...) is its stable id: business rules of kind `code-list`
//! name the list they check against. `schemas/codelists/README.md` says where every list comes
//! from and how it differs from the standard it follows.
//!
//! ```
//! let countries = wcodm::codelists::get("country").unwrap();
//! assert!(countries.contains("GB") && countries.contains("XI"));
//! assert!(!countries.contains("gb") && !countries.contains("UK"));
//! for (code, name) in countries.codes().take(2) {
//!     println!("{code}\t{name}");
//! }
//! assert!(wcodm::codelists::all().iter().any(|l| l.name() == "incoterms"));
//! ```

use crate::codes::Codes;
use std::fmt;
use std::sync::LazyLock;

/// The embedded files, in the order [`all`] gives them (sorted by name).
const FILES: &[(&str, &str)] = &[
    ("cds-unit", include_str!("../schemas/codelists/cds-unit.tsv")),
    ("country", include_str!("../schemas/codelists/country.tsv")),
    ("currency", include_str!("../schemas/codelists/currency.tsv")),
    ("document-category", include_str!("../schemas/codelists/document-category.tsv")),
    ("function-code", include_str!("../schemas/codelists/function-code.tsv")),
    ("incoterms", include_str!("../schemas/codelists/incoterms.tsv")),
    ("package", include_str!("../schemas/codelists/package.tsv")),
    ("representative-status", include_str!("../schemas/codelists/representative-status.tsv")),
    ("transport-means-id-type", include_str!("../schemas/codelists/transport-means-id-type.tsv")),
    ("transport-mode", include_str!("../schemas/codelists/transport-mode.tsv")),
    ("unit", include_str!("../schemas/codelists/unit.tsv")),
];

static LISTS: LazyLock<Vec<CodeList>> = LazyLock::new(|| {
    FILES
        .iter()
        .map(|(name, text)| CodeList::parse(name, text).unwrap_or_else(|e| panic!("schemas/codelists/{name}.tsv: {e}")))
        .collect()
});

/// One code list: its name, title and provenance, and its codes in sorted order.
pub struct CodeList {
    name: &'static str,
    title: &'static str,
    source: &'static str,
    licence: &'static str,
    example: &'static str,
    entries: Vec<Entry>,
    /// The codes for look-ups: those short enough to pack (all codes of the built-in
    /// lists) by packed keys, a binary search over integers with no string comparison.
    lookup: Codes<()>,
}

/// One row: the code, its short name, and a note (empty when the code is as the standard has it).
struct Entry {
    code: &'static str,
    name: &'static str,
    note: &'static str,
}

impl CodeList {
    /// The list's stable id, used by rules and on the command line (`country`, `currency`, ...).
    pub fn name(&self) -> &str {
        self.name
    }

    /// A one-line description of what the list holds.
    pub fn title(&self) -> &str {
        self.title
    }

    /// Where the codes come from: the standard, or the repository, commit, path and licence.
    pub fn source(&self) -> &str {
        self.source
    }

    /// The licence terms of the source the codes were taken from.
    pub fn licence(&self) -> &str {
        self.licence
    }

    /// The number of codes.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the list has no codes (never true for a built-in list).
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Whether `code` is in the list: exact and case-sensitive (`GB` is, `gb` and ` GB` are
    /// not), by binary search (over packed keys for short codes).
    pub fn contains(&self, code: &str) -> bool {
        self.lookup.get(code).is_some()
    }

    /// The codes and their names, in sorted order (byte order of the code).
    pub fn codes(&self) -> impl Iterator<Item = (&str, &str)> {
        self.entries.iter().map(|e| (e.code, e.name))
    }

    /// The note on a code: how it differs from the standard, or who uses it (for instance
    /// "withdrawn from ISO 4217 ..."). `None` when the code is not in the list, `Some("")` when
    /// the code has no note.
    pub fn note(&self, code: &str) -> Option<&str> {
        self.find(code).map(|e| e.note)
    }

    /// A typical member, for examples and documentation (`GB` for `country`).
    pub fn example(&self) -> &str {
        self.example
    }

    fn find(&self, code: &str) -> Option<&Entry> {
        self.entries.binary_search_by(|e| e.code.cmp(code)).ok().map(|i| &self.entries[i])
    }

    /// Read one list file: `# key: value` header lines (title, source, licence and example are
    /// kept; other `#` lines are comments), the column line `code<TAB>name[<TAB>note]`, then one
    /// row per code, strictly ascending.
    fn parse(name: &'static str, text: &'static str) -> Result<CodeList, String> {
        let (mut title, mut source, mut licence, mut example) = ("", "", "", "");
        let mut columns = None;
        let mut entries: Vec<Entry> = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.strip_suffix('\r').unwrap_or(line);
            let at = |e: String| format!("line {}: {e}", i + 1);
            if let Some(comment) = line.strip_prefix('#') {
                if columns.is_none()
                    && let Some((key, value)) = comment.trim_start().split_once(": ")
                {
                    match key {
                        "title" => title = value.trim(),
                        "source" => source = value.trim(),
                        "licence" => licence = value.trim(),
                        "example" => example = value.trim(),
                        _ => {}
                    }
                }
                continue;
            }
            if line.trim().is_empty() {
                continue;
            }
            let cells: Vec<&'static str> = line.split('\t').collect();
            let Some(width) = columns else {
                if !matches!(cells.as_slice(), ["code", "name"] | ["code", "name", "note"]) {
                    return Err(at(format!("expected the column line `code<TAB>name[<TAB>note]`, found {line:?}")));
                }
                columns = Some(cells.len());
                continue;
            };
            if cells.len() < 2 || cells.len() > width {
                return Err(at(format!("expected {width} tab-separated cells, found {}", cells.len())));
            }
            let code = cells[0];
            if code.is_empty() || code.chars().any(char::is_whitespace) {
                return Err(at(format!("code {code:?} is empty or holds white space")));
            }
            if let Some(last) = entries.last()
                && last.code >= code
            {
                let what = if last.code == code { "duplicate code" } else { "codes out of order at" };
                return Err(at(format!("{what} {code:?} (after {:?})", last.code)));
            }
            entries.push(Entry { code, name: cells[1], note: cells.get(2).copied().unwrap_or("") });
        }
        if title.is_empty() || source.is_empty() || licence.is_empty() {
            return Err("the header must give `# title:`, `# source:` and `# licence:`".into());
        }
        let Some(first) = entries.first() else { return Err("no codes".into()) };
        if example.is_empty() {
            example = first.code;
        }
        let lookup = Codes::new(entries.iter().map(|e| (e.code, ())));
        let list = CodeList { name, title, source, licence, example, entries, lookup };
        if !list.contains(example) {
            return Err(format!("the example {example:?} is not in the list"));
        }
        Ok(list)
    }
}

impl fmt::Debug for CodeList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CodeList")
            .field("name", &self.name)
            .field("title", &self.title)
            .field("len", &self.entries.len())
            .finish_non_exhaustive()
    }
}

/// The built-in list named `name` (`country`, `currency`, `unit`, `cds-unit`, `package`,
/// `transport-mode`, `transport-means-id-type`, `incoterms`, `function-code`,
/// `document-category`, `representative-status`), or `None`.
pub fn get(name: &str) -> Option<&'static CodeList> {
    all().iter().find(|l| l.name == name)
}

/// Every built-in list, sorted by name.
pub fn all() -> &'static [CodeList] {
    &LISTS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_keys_answer_as_the_string_search_does() {
        for list in all() {
            let by_string = |c: &str| list.find(c).is_some();
            for (code, _) in list.codes() {
                assert!(list.contains(code), "{}: {code}", list.name());
                for other in [format!("{code}\0"), format!("{code} "), code.to_lowercase(), code[1..].to_owned()] {
                    assert_eq!(list.contains(&other), by_string(&other), "{}: {other:?}", list.name());
                }
            }
            for other in ["", "\0", "A", "ZZZZZZZ", "ZZZZZZZZ", "GBGBGBGBGB", "é", "€€€"] {
                assert_eq!(list.contains(other), by_string(other), "{}: {other:?}", list.name());
            }
        }
    }

    #[test]
    fn every_list_parses_sorted_without_duplicates_and_with_provenance() {
        assert_eq!(all().len(), FILES.len());
        assert!(all().windows(2).all(|w| w[0].name() < w[1].name()), "lists sorted by name");
        for list in all() {
            assert!(!list.is_empty(), "{}", list.name());
            let codes: Vec<&str> = list.codes().map(|(c, _)| c).collect();
            assert!(codes.windows(2).all(|w| w[0] < w[1]), "{}: sorted, no duplicates", list.name());
            assert!(list.codes().all(|(_, n)| !n.trim().is_empty()), "{}: every code has a name", list.name());
            assert!(list.contains(list.example()), "{}", list.name());
            assert!(!list.title().is_empty() && !list.source().is_empty() && !list.licence().is_empty());
            for code in codes {
                assert!(list.contains(code), "{}: {code}", list.name());
            }
            assert_eq!(get(list.name()).map(CodeList::name), Some(list.name()));
        }
        assert!(get("countries").is_none() && get("").is_none());
        for (name, text) in FILES {
            for key in ["title", "source", "commit", "licence", "date", "derived"] {
                assert!(text.lines().any(|l| l.starts_with(&format!("# {key}: "))), "{name}: no `# {key}:`");
            }
        }
    }

    #[test]
    fn sizes() {
        let sizes: Vec<(&str, usize)> = all().iter().map(|l| (l.name(), l.len())).collect();
        assert_eq!(
            sizes,
            [
                ("cds-unit", 75),
                ("country", 268),
                ("currency", 188),
                ("document-category", 3),
                ("function-code", 3),
                ("incoterms", 13),
                ("package", 378),
                ("representative-status", 2),
                ("transport-means-id-type", 8),
                ("transport-mode", 10),
                ("unit", 72),
            ]
        );
    }

    fn check(name: &str, members: &[&str], non_members: &[&str]) {
        let list = get(name).unwrap();
        for m in members {
            assert!(list.contains(m), "{name} should contain {m:?}");
        }
        for m in non_members {
            assert!(!list.contains(m), "{name} should not contain {m:?}");
        }
    }

    #[test]
    fn known_members_and_non_members() {
        check(
            "country",
            &["GB", "US", "AD", "ZW", "EU", "XI", "XK", "XC", "XL", "XS", "ZG", "ZU"],
            &["gb", "UK", "GBR", " GB", "GB ", "", "XU", "ZZ"],
        );
        check(
            "currency",
            &["GBP", "EUR", "USD", "JPY", "ZWG", "XCG", "ANG", "MRO", "STD", "VEF", "YUM"],
            &["gbp", "ZIG", "GB", "DEM", ""],
        );
        check(
            "unit",
            &["KGM", "LTR", "MTR", "MTK", "MTQ", "NAR", "NPR", "TNE", "GRM", "KNS", "C62", "HLT", "LPA"],
            &["kgm", "KGM#G", "ASV", "GBP", "KTC", "kg"],
        );
        check(
            "cds-unit",
            &["KGM", "KGM#G", "TNE#I", "ASV", "ASV#X", "GBP", "GP1", "RET", "LPA"],
            &["GBP*", "KGM#", "KTC", "C62"],
        );
        check("package", &["BX", "PK", "CT", "1A", "43", "ZZ", "NE"], &["bx", "BOX", "ZZZ", ""]);
        check("transport-mode", &["0", "1", "6", "9"], &["10", "", " 1"]);
        check("incoterms", &["EXW", "CIF", "DAT", "DPU", "XXX"], &["DAF", "DDU", "cif", "CIF 2020"]);
        check("function-code", &["9", "13", "14"], &["1", "09", "2"]);
        check("document-category", &["X", "Y", "Z"], &["x", "A"]);
        check("transport-means-id-type", &["10", "11", "20", "30", "40", "41", "80", "81"], &["1", "99"]);
        check("representative-status", &["2", "3"], &["1"]);
    }

    #[test]
    fn notes_mark_what_differs_from_the_standard() {
        let country = get("country").unwrap();
        assert_eq!(country.note("GB"), Some(""));
        assert!(country.note("XI").unwrap().contains("not ISO 3166-1"));
        assert_eq!(country.note("UK"), None);
        assert!(get("currency").unwrap().note("VEF").unwrap().contains("withdrawn"));
        let inco = get("incoterms").unwrap();
        assert!(inco.note("DAT").unwrap().contains("2010 only"));
        assert!(inco.note("DPU").unwrap().contains("2020 only"));
        assert!(inco.note("FCA").unwrap().contains("2010 and 2020"));
        assert!(inco.note("XXX").unwrap().contains("not an Incoterm"));
        assert!(get("cds-unit").unwrap().note("ASV").unwrap().contains("not UN/ECE Rec 20"));
    }

    #[test]
    fn examples_and_names() {
        assert_eq!(get("country").unwrap().example(), "GB");
        assert_eq!(get("currency").unwrap().example(), "GBP");
        let country = get("country").unwrap();
        assert_eq!(country.codes().find(|(c, _)| *c == "FR"), Some(("FR", "France")));
    }

    #[test]
    fn parse_rejects_bad_files() {
        let head = "# title: t\n# source: s\n# licence: l\ncode\tname\tnote\n";
        let ok = |rows: &str| CodeList::parse("x", Box::leak(format!("{head}{rows}").into_boxed_str()));
        assert!(ok("A\ta\t\nB\tb\tnote\r\n").is_ok());
        assert!(ok("B\tb\nA\ta\n").unwrap_err().contains("out of order"));
        assert!(ok("A\ta\nA\ta\n").unwrap_err().contains("duplicate"));
        assert!(ok("A B\ta\n").unwrap_err().contains("white space"));
        assert!(ok("A\ta\tn\textra\n").unwrap_err().contains("cells"));
        assert!(ok("").unwrap_err().contains("no codes"));
        assert!(CodeList::parse("x", "code\tname\nA\ta\n").unwrap_err().contains("header"));
        assert!(CodeList::parse("x", "# title: t\n# source: s\n# licence: l\nA\ta\n").unwrap_err().contains("column"));
        assert!(
            CodeList::parse("x", "# title: t\n# source: s\n# licence: l\n# example: Z\ncode\tname\nA\ta\n")
                .unwrap_err()
                .contains("example")
        );
    }
}
