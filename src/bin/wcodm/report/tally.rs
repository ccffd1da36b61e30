//! What a report counts over a batch, one NDJSON record at a time: the totals (the NDJSON
//! summary's counts, by version and by declaration category), the problems by rule and by field,
//! a row per file, and the diagnostics of the worst files. A batch of any size is held as
//! counts, one small row per file and a bounded set of details.

use crate::output::{FileRecord, Summary, field_of, line_of};
use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap, HashMap};
use wcodm::{Diagnostic, Severity};

/// The verdict on a file.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Status {
    Valid,
    Invalid,
    Unreadable,
}

impl Status {
    /// The word the page and the NDJSON summary use.
    pub fn label(self) -> &'static str {
        match self {
            Status::Valid => "valid",
            Status::Invalid => "invalid",
            Status::Unreadable => "unreadable",
        }
    }
}

/// Verdicts and diagnostics counted over a set of files.
#[derive(Default, Clone, Debug, PartialEq, Eq)]
pub struct Counts {
    pub files: usize,
    pub valid: usize,
    pub invalid: usize,
    pub unreadable: usize,
    pub errors: usize,
    pub warnings: usize,
}

impl Counts {
    fn add(&mut self, status: Status, errors: usize, warnings: usize) {
        self.files += 1;
        match status {
            Status::Valid => self.valid += 1,
            Status::Invalid => self.invalid += 1,
            Status::Unreadable => self.unreadable += 1,
        }
        self.errors += errors;
        self.warnings += warnings;
    }
}

/// A group of files (one version, or one declaration category) and the problems found in it.
#[derive(Default)]
pub struct Group {
    pub counts: Counts,
    problems: HashMap<String, usize>,
}

impl Group {
    /// The group's most frequent problem and its count (ties: the first in name order).
    pub fn top_problem(&self) -> Option<(&str, usize)> {
        self.problems.iter().map(|(k, &n)| (k.as_str(), n)).min_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)))
    }
}

/// One problem over the batch: a business rule (by id) or, for the rest, a diagnostic code.
pub struct Problem {
    /// The rule id or the code.
    pub key: String,
    pub severity: Severity,
    pub national_code: Option<String>,
    /// The message of its first occurrence (empty when messages are left out).
    pub example: String,
    pub count: usize,
    /// Occurrences per field.
    pub fields: HashMap<String, usize>,
    /// The files it occurs in, as (row, occurrences), in input order.
    pub files: Vec<(usize, usize)>,
}

/// One field (an element path without indices) over the batch.
pub struct Field {
    pub path: String,
    pub count: usize,
    /// How many files it has problems in.
    pub files: usize,
    /// Occurrences per problem.
    pub problems: HashMap<String, usize>,
}

/// One file as the table of files shows it.
pub struct Row {
    pub name: String,
    pub status: Status,
    pub version: Option<String>,
    pub category: Option<String>,
    pub errors: usize,
    pub warnings: usize,
    pub truncated: bool,
    /// The file's most frequent problem.
    pub main: Option<String>,
    /// Its diagnostics are on the page.
    pub detailed: bool,
}

/// The diagnostics of one file shown on the page, with the source lines they point at (when
/// the file was read here and values are not masked).
pub struct Detail {
    pub row: usize,
    pub diagnostics: Vec<Diagnostic>,
    pub sources: Vec<Option<String>>,
}

/// A kept detail, ranked so that the heap's top is the least bad file kept.
struct Ranked {
    key: (Reverse<usize>, Reverse<usize>, usize),
    detail: Detail,
}

impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}
impl Eq for Ranked {}
impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.key.cmp(&other.key)
    }
}

/// Everything the page shows, counted record by record.
pub struct Tally {
    /// The counts the NDJSON summary gives, made by the same code.
    pub summary: Summary,
    pub totals: Counts,
    pub versions: BTreeMap<String, Group>,
    /// By (profile, category), for records that carry a category.
    pub categories: BTreeMap<(String, String), Group>,
    pub problems: HashMap<String, Problem>,
    pub fields: HashMap<String, Field>,
    pub rows: Vec<Row>,
    worst: BinaryHeap<Ranked>,
    /// How many files keep their diagnostics.
    keep: usize,
    /// Messages are left out (values masked on records that may not be).
    drop_messages: bool,
    /// The kept details, worst first (after `finish`).
    pub details: Vec<Detail>,
}

impl Tally {
    /// A tally that keeps the diagnostics of the `keep` worst files and, if `drop_messages`,
    /// leaves every message out.
    pub fn new(keep: usize, drop_messages: bool) -> Self {
        Tally {
            summary: Summary::new(),
            totals: Counts::default(),
            versions: BTreeMap::new(),
            categories: BTreeMap::new(),
            problems: HashMap::new(),
            fields: HashMap::new(),
            rows: Vec::new(),
            worst: BinaryHeap::new(),
            keep,
            drop_messages,
            details: Vec::new(),
        }
    }

    /// Whether messages are left out of the page.
    pub fn drops_messages(&self) -> bool {
        self.drop_messages
    }

    /// Count one file's record; `text` is the file's bytes when it was read here (for the
    /// source lines of its diagnostics).
    pub fn add(&mut self, record: &FileRecord, text: Option<&[u8]>) {
        self.summary.add(record);
        let row = self.rows.len();
        let status = match (record.unreadable, record.valid) {
            (true, _) => Status::Unreadable,
            (false, true) => Status::Valid,
            (false, false) => Status::Invalid,
        };
        let errors = record.diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
        let warnings = record.diagnostics.len() - errors;
        self.totals.add(status, errors, warnings);
        let version = record.version.as_deref().unwrap_or("(none)");
        let mut groups: Vec<&mut Group> = Vec::with_capacity(2);
        let by_version = self.versions.entry(version.to_string()).or_default();
        groups.push(by_version);
        if let Some(category) = record.category.as_deref() {
            let profile = record.profile.as_deref().unwrap_or_default().to_string();
            groups.push(self.categories.entry((profile, category.to_string())).or_default());
        }
        // This file's problems and fields, with their counts, in order of first occurrence.
        let mut mine: Vec<(String, usize)> = Vec::new();
        let mut my_fields: Vec<String> = Vec::new();
        for d in record.diagnostics.iter() {
            let key = d.rule.clone().unwrap_or_else(|| d.code.to_string());
            let field = field_of(&d.path);
            let p = self.problems.entry(key.clone()).or_insert_with(|| Problem {
                key: key.clone(),
                severity: d.severity,
                national_code: d.national_code.clone(),
                example: if self.drop_messages { String::new() } else { d.message.clone() },
                count: 0,
                fields: HashMap::new(),
                files: Vec::new(),
            });
            p.count += 1;
            if !field.is_empty() {
                *p.fields.entry(field.clone()).or_default() += 1;
                let f = self.fields.entry(field.clone()).or_insert_with(|| Field {
                    path: field.clone(),
                    count: 0,
                    files: 0,
                    problems: HashMap::new(),
                });
                f.count += 1;
                *f.problems.entry(key.clone()).or_default() += 1;
                if !my_fields.contains(&field) {
                    f.files += 1;
                    my_fields.push(field);
                }
            }
            for g in groups.iter_mut() {
                *g.problems.entry(key.clone()).or_default() += 1;
            }
            match mine.iter_mut().find(|(k, _)| *k == key) {
                Some((_, n)) => *n += 1,
                None => mine.push((key, 1)),
            }
        }
        for g in groups {
            g.counts.add(status, errors, warnings);
        }
        for (key, n) in &mine {
            if let Some(p) = self.problems.get_mut(key) {
                p.files.push((row, *n));
            }
        }
        // The first of the most frequent.
        let main = mine.iter().rev().max_by_key(|(_, n)| *n).map(|(k, _)| k.clone());
        self.rows.push(Row {
            name: record.file.to_string(),
            status,
            version: record.version.as_deref().map(str::to_string),
            category: record.category.as_deref().map(str::to_string),
            errors,
            warnings,
            truncated: record.truncated,
            main,
            detailed: false,
        });
        self.keep_detail(row, errors, warnings, record, text);
    }

    /// Keep the file's diagnostics if it is among the worst so far.
    fn keep_detail(&mut self, row: usize, errors: usize, warnings: usize, record: &FileRecord, text: Option<&[u8]>) {
        if self.keep == 0 || record.diagnostics.is_empty() {
            return;
        }
        let key = (Reverse(errors), Reverse(warnings), row);
        if self.worst.len() == self.keep && self.worst.peek().is_some_and(|least| key >= least.key) {
            return;
        }
        let mut diagnostics = record.diagnostics.to_vec();
        if self.drop_messages {
            for d in &mut diagnostics {
                d.message.clear();
            }
        }
        let sources = diagnostics
            .iter()
            .map(|d| {
                let line = line_of(text?, d.line)?;
                Some(line.trim().chars().take(160).collect())
            })
            .collect();
        self.worst.push(Ranked { key, detail: Detail { row, diagnostics, sources } });
        if self.worst.len() > self.keep {
            self.worst.pop();
        }
    }

    /// Settle the kept details, worst first, and mark their rows.
    pub fn finish(&mut self) {
        self.summary.finish(5);
        let worst = std::mem::take(&mut self.worst).into_sorted_vec();
        self.details = worst.into_iter().map(|r| r.detail).collect();
        for d in &self.details {
            self.rows[d.row].detailed = true;
        }
    }

    /// The problems, most frequent first (ties: by name).
    pub fn ranked_problems(&self) -> Vec<&Problem> {
        let mut all: Vec<&Problem> = self.problems.values().collect();
        all.sort_by(|a, b| b.count.cmp(&a.count).then(a.key.cmp(&b.key)));
        all
    }

    /// The fields, most frequent first (ties: by path).
    pub fn ranked_fields(&self) -> Vec<&Field> {
        let mut all: Vec<&Field> = self.fields.values().collect();
        all.sort_by(|a, b| b.count.cmp(&a.count).then(a.path.cmp(&b.path)));
        all
    }
}

/// The entries of a count map, largest first (ties: by name), at most `n`.
pub fn top(counts: &HashMap<String, usize>, n: usize) -> Vec<(&str, usize)> {
    let mut all: Vec<(&str, usize)> = counts.iter().map(|(k, &v)| (k.as_str(), v)).collect();
    all.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    all.truncate(n);
    all
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;
    use wcodm::Code;

    fn diag(code: Code, rule: Option<&str>, path: &str, severity: Severity) -> Diagnostic {
        let mut d = Diagnostic::new(code, format!("value 'SECRET' at {path}"), 3, 1);
        d.rule = rule.map(str::to_string);
        d.path = path.to_string();
        d.severity = severity;
        d
    }

    fn record<'a>(file: &'a str, category: Option<&'a str>, diagnostics: Vec<Diagnostic>) -> FileRecord<'a> {
        let valid = !diagnostics.iter().any(|d| d.severity == Severity::Error);
        FileRecord {
            file: Cow::Borrowed(file),
            valid,
            unreadable: false,
            version: Some(Cow::Borrowed("3.6")),
            profile: category.map(|_| Cow::Borrowed("uk-cds")),
            category: category.map(Cow::Borrowed),
            truncated: false,
            diagnostics: Cow::Owned(diagnostics),
        }
    }

    #[test]
    fn counts_problems_fields_and_keeps_the_worst_files() {
        let mut t = Tally::new(2, false);
        t.add(&record("a.xml", Some("H1"), vec![]), None);
        let r = diag(Code::BusinessRule, Some("R1"), "/D/Item[1]/Mass", Severity::Error);
        let r2 = diag(Code::BusinessRule, Some("R1"), "/D/Item[2]/Mass", Severity::Error);
        let w = diag(Code::BusinessRule, Some("W1"), "/D/Office", Severity::Warning);
        let p = diag(Code::Pattern, None, "/D/Office", Severity::Error);
        t.add(
            &record("b.xml", Some("H1"), vec![r.clone(), r2.clone(), w.clone()]),
            Some(b"1\n2\n   <Mass>SECRET</Mass>\n"),
        );
        t.add(&record("c.xml", None, vec![p.clone()]), None);
        t.add(&record("d.xml", Some("B1"), vec![w.clone()]), None);
        let mut unreadable = record("e.xml", None, vec![Diagnostic::new(Code::Io, "cannot read", 0, 0)]);
        unreadable.unreadable = true;
        unreadable.valid = false;
        t.add(&unreadable, None);
        t.finish();

        let totals = Counts { files: 5, valid: 2, invalid: 2, unreadable: 1, errors: 4, warnings: 2 };
        assert_eq!(t.totals, totals);
        assert_eq!((t.summary.files, t.summary.valid, t.summary.invalid, t.summary.unreadable), (5, 2, 2, 1));
        let ranked: Vec<(&str, usize)> = t.ranked_problems().iter().map(|p| (p.key.as_str(), p.count)).collect();
        assert_eq!(ranked, [("R1", 2), ("W1", 2), ("io", 1), ("pattern", 1)]);
        let r1 = &t.problems["R1"];
        assert_eq!(r1.files, [(1, 2)]);
        assert_eq!(top(&r1.fields, 3), [("/D/Item/Mass", 2)]);
        let office = &t.fields["/D/Office"];
        assert_eq!((office.count, office.files), (3, 3));
        assert_eq!(top(&office.problems, 3), [("W1", 2), ("pattern", 1)]);
        // Categories only for the records that carry one.
        let h1 = &t.categories[&("uk-cds".to_string(), "H1".to_string())];
        assert_eq!((h1.counts.files, h1.counts.invalid), (2, 1));
        assert_eq!(h1.top_problem(), Some(("R1", 2)));
        assert_eq!(t.categories.len(), 2);
        assert_eq!(t.versions["3.6"].counts.files, 5);
        // The two worst files, worst first, with their source lines.
        let kept: Vec<usize> = t.details.iter().map(|d| d.row).collect();
        assert_eq!(kept, [1, 2]);
        assert_eq!(t.details[0].sources[0].as_deref(), Some("<Mass>SECRET</Mass>"));
        assert!(t.rows[1].detailed && !t.rows[3].detailed);
        assert_eq!(t.rows[1].main.as_deref(), Some("R1"));
        assert_eq!(t.rows[1].status, Status::Invalid);
        assert_eq!(t.rows[4].status, Status::Unreadable);
    }

    #[test]
    fn messages_can_be_left_out() {
        let mut t = Tally::new(5, true);
        let d = diag(Code::Pattern, None, "/D/Office", Severity::Error);
        t.add(&record("a.xml", None, vec![d]), None);
        t.finish();
        assert_eq!(t.problems["pattern"].example, "");
        assert_eq!(t.details[0].diagnostics[0].message, "");
    }
}
