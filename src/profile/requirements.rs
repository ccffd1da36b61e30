//! Requirement tables (a category's data set: data element x level -> required, optional,
//! dependent on a note, or not in the set) compiled into rules of the common language.

use crate::rules::{Check, Condition, Rule};
use serde::Deserialize;
use std::collections::BTreeMap;

/// One category's requirement table, as `profile.json` names it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct DataSet {
    /// The category it applies to.
    pub category: String,
    /// Further, within the category (`I1` with DE 1/2 C or F: the C&F table).
    #[serde(default)]
    pub when: Option<Condition>,
    /// What the table is called in messages (`H1`, `I1 C&F`).
    #[serde(default)]
    pub label: Option<String>,
    /// The TSV file.
    pub file: String,
    /// Every data element of the set is listed: one that is not is not allowed.
    #[serde(default)]
    pub complete: bool,
    /// Where the table comes from.
    pub source: String,
}

/// A reading note.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Note {
    /// Its text, as published.
    pub text: String,
    /// The condition it states, where it can be written as one.
    #[serde(default)]
    pub when: Option<Condition>,
    /// Where the text comes from.
    #[serde(default)]
    pub source: String,
}

/// Data elements a table marks required that the publisher says are optional in some
/// declarations (HMRC: DE 1/9, 6/9, ... on supplementary declarations): their required rows do
/// not apply when the condition holds. A table's `not allowed` rows are unaffected.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Relaxation {
    /// The data elements (`6/9`).
    pub des: Vec<String>,
    /// When they are optional.
    pub when: Condition,
    /// Who says so, and where.
    pub source: String,
}

/// A data element: number, name, WCO ID and where it sits.
#[derive(Debug)]
pub(super) struct Element {
    pub de: String,
    pub name: String,
    pub wco_id: String,
    /// Relative to the header scope, if declared at header level.
    pub header: Option<String>,
    /// Relative to the goods item, if declared at item level.
    pub item: Option<String>,
}

/// A row of a requirement table.
#[derive(Debug)]
pub(super) struct Row {
    pub de: String,
    pub symbol: String,
    pub level: String,
    pub notes: String,
    /// `gov.uk` (the publisher's own table) or `third-party` (a copy to be confirmed).
    pub origin: String,
}

/// A requirement the accepted declarations disagree with: a warning, with why.
#[derive(Debug)]
pub(super) struct Exception {
    pub rule: String,
    pub reason: String,
}

/// Tab-separated rows after `#` comments and a column line, each with its 1-based line.
fn rows(text: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1)
        .map(|(i, l)| (i + 1, l.split('\t').collect()))
}

/// What a row short of cells lacks: `line 12: a row needs ... (found 3 cells: ...)`.
fn short_row(line: usize, needs: &str, cells: &[&str]) -> String {
    format!("line {line}: a row needs {needs}, separated by tabs (found {} cells: {cells:?})", cells.len())
}

pub(super) fn read_elements(text: &str) -> Result<Vec<Element>, String> {
    let path = |s: &str| (!s.is_empty() && s != "-").then(|| s.to_string());
    rows(text)
        .map(|(line, c)| match c[..] {
            [de, name, wco_id, header, item, ..] => Ok(Element {
                de: de.into(),
                name: name.into(),
                wco_id: wco_id.into(),
                header: path(header),
                item: path(item),
            }),
            _ => Err(short_row(line, "de, name, wco_id, header and item", &c)),
        })
        .collect()
}

pub(super) fn read_rows(text: &str) -> Result<Vec<Row>, String> {
    rows(text)
        .map(|(line, c)| match c[..] {
            [de, _name, symbol, level, notes, origin, ..] => Ok(Row {
                de: de.into(),
                symbol: symbol.into(),
                level: level.into(),
                notes: notes.into(),
                origin: origin.into(),
            }),
            _ => Err(short_row(line, "de, name, symbol, level, notes and origin", &c)),
        })
        .collect()
}

pub(super) fn read_exceptions(text: &str) -> Result<Vec<Exception>, String> {
    rows(text)
        .map(|(line, c)| match c[..] {
            [rule, reason, ..] => Ok(Exception { rule: rule.into(), reason: reason.into() }),
            _ => Err(short_row(line, "rule and reason", &c)),
        })
        .collect()
}

/// Everything a table compiles against.
pub(super) struct Tables<'a> {
    pub root: &'a str,
    pub item: &'a str,
    pub missing: Option<&'a str>,
    pub not_allowed: Option<&'a str>,
    pub basis: &'a str,
    pub elements: &'a [Element],
    pub notes: &'a BTreeMap<String, Note>,
    pub exceptions: &'a [Exception],
    pub relaxations: &'a [Relaxation],
}

/// Header or item level.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Level {
    Header,
    Item,
}

impl Tables<'_> {
    /// The rules of one category's table; rows that cannot be enforced go to `skipped` with why.
    pub fn compile(
        &self,
        set: &DataSet,
        rows: &[Row],
        out: &mut Vec<Rule>,
        skipped: &mut Vec<String>,
    ) -> Result<(), String> {
        let label = set.label.as_deref().unwrap_or(&set.category);
        let mut used: Vec<(Level, &str)> = Vec::new();
        for row in rows {
            let what = format!("{label} DE {} ({} {} {})", row.de, row.symbol, row.level, row.notes);
            let Some(el) = self.elements.iter().find(|e| e.de == row.de) else {
                if matches!(row.symbol.as_str(), "A" | "D") {
                    skipped.push(format!("{what}: the data element has no path in the profile"));
                }
                continue;
            };
            let levels: Vec<Level> = row
                .level
                .split(',')
                .filter_map(|l| match l.trim() {
                    "X" => Some(Level::Item),
                    "Y" => Some(Level::Header),
                    _ => None,
                })
                .collect();
            for &l in &levels {
                if let Some(p) = self.path(el, l) {
                    used.push((l, p));
                }
            }
            let note = match row.symbol.as_str() {
                "A" => None,
                "D" => match self.note_condition(&row.notes) {
                    Ok(c) => Some(c),
                    Err(why) => {
                        skipped.push(format!("{what}: {why}"));
                        continue;
                    }
                },
                _ => continue,
            };
            // Where a row allows both levels, it is met at either.
            let level = if levels.contains(&Level::Item) && el.item.is_some() {
                Level::Item
            } else if levels.contains(&Level::Header) && el.header.is_some() {
                Level::Header
            } else {
                skipped.push(format!("{what}: the data element has no path at that level in the profile"));
                continue;
            };
            let mut when = vec![self.category(set)];
            when.extend(note);
            if level == Level::Item
                && levels.contains(&Level::Header)
                && let Some(h) = &el.header
            {
                when.push(Condition { field: format!("/{}/{h}", self.root), absent: true, ..Condition::default() });
            }
            let relaxed: Vec<&Relaxation> = self.relaxations.iter().filter(|r| r.des.contains(&row.de)).collect();
            when.extend(
                relaxed.iter().map(|r| Condition { not: Some(Box::new(r.when.clone())), ..Condition::default() }),
            );
            let mut rule = self.rule(set, label, el, row, level, true, when);
            for r in relaxed {
                rule.source.push_str(&format!("; optional where {}", r.source));
            }
            out.push(rule);
        }
        if !set.complete {
            return Ok(());
        }
        // A complete table: what it does not list (at a level) is not allowed there.
        for el in self.elements {
            for level in [Level::Header, Level::Item] {
                let Some(p) = self.path(el, level) else { continue };
                if used.iter().any(|(l, q)| *l == level && *q == p) {
                    continue;
                }
                let row = rows.iter().find(|r| r.de == el.de);
                let absent = Row {
                    de: el.de.clone(),
                    symbol: "-".into(),
                    level: row.map_or("-".into(), |r| r.level.clone()),
                    notes: String::new(),
                    origin: row.map_or("gov.uk".into(), |r| r.origin.clone()),
                };
                out.push(self.rule(set, label, el, &absent, level, false, vec![self.category(set)]));
            }
        }
        Ok(())
    }

    fn path<'e>(&self, el: &'e Element, level: Level) -> Option<&'e str> {
        match level {
            Level::Header => el.header.as_deref(),
            Level::Item => el.item.as_deref(),
        }
    }

    /// The condition that a message is of the set's category (and within it, of the set).
    fn category(&self, set: &DataSet) -> Condition {
        let cat = Condition { category: vec![set.category.clone()], ..Condition::default() };
        match &set.when {
            Some(w) => Condition { all: vec![cat, w.clone()], ..Condition::default() },
            None => cat,
        }
    }

    /// A D row's notes as one condition (any note that applies makes the element required).
    fn note_condition(&self, notes: &str) -> Result<Condition, String> {
        let ids: Vec<&str> = notes.split_whitespace().collect();
        if ids.is_empty() || !ids.iter().all(|i| i.starts_with('[') && i.ends_with(']')) {
            return Err(format!("the note '{notes}' is free text, not a condition"));
        }
        let mut any = Vec::new();
        for id in ids {
            match self.notes.get(id) {
                Some(Note { when: Some(c), .. }) => any.push(c.clone()),
                Some(_) => return Err(format!("note {id} is known but states no condition that can be checked")),
                None => return Err(format!("the text of note {id} is unknown")),
            }
        }
        Ok(if any.len() == 1 { any.remove(0) } else { Condition { any, ..Condition::default() } })
    }

    #[allow(clippy::too_many_arguments)]
    fn rule(
        &self,
        set: &DataSet,
        label: &str,
        el: &Element,
        row: &Row,
        level: Level,
        required: bool,
        when: Vec<Condition>,
    ) -> Rule {
        let (scope, field, lvl, on) = match level {
            Level::Header => (self.root.to_string(), el.header.clone().unwrap_or_default(), "Y", "on the declaration"),
            Level::Item => (self.item.to_string(), el.item.clone().unwrap_or_default(), "X", "on each goods item"),
        };
        let id = format!("{label}-DE{}-{lvl}{}", el.de, if required { "" } else { "-NA" }).replace(' ', "");
        let exception = self.exceptions.iter().find(|e| e.rule == id);
        let third_party = row.origin == "third-party";
        let severity = if exception.is_some() { "warning" } else { "error" };
        let message = if required {
            format!("DE {} {} is required {on} in category {label} ({})", el.de, el.name, self.basis)
        } else {
            let where_ = if level == Level::Header { "at header level" } else { "at item level" };
            format!("DE {} {} is not allowed {where_} in category {label} ({})", el.de, el.name, self.basis)
        };
        let mut source = if required {
            format!("{}, DE {}: {} {} {}", set.source, row.de, row.symbol, row.level, row.notes)
        } else if row.symbol == "-" && row.level != "-" {
            format!("{}, DE {}: level {} only", set.source, row.de, row.level)
        } else {
            format!("{}: DE {} is not in the data set", set.source, row.de)
        };
        if row.symbol == "D" {
            for id in row.notes.split_whitespace() {
                if let Some(n) = self.notes.get(id) {
                    source.push_str(&format!("; note {id}: {} ({})", n.text, n.source));
                }
            }
        }
        if third_party {
            source.push_str(" (row from a third-party copy of the GOV.UK table)");
        }
        if let Some(e) = exception {
            source.push_str(&format!("; a warning: {}", e.reason));
        }
        let when = if when.len() == 1 {
            when.into_iter().next()
        } else {
            Some(Condition { all: when, ..Condition::default() })
        };
        Rule {
            id,
            severity: severity.into(),
            message,
            scope,
            check: Check::Presence { field, mode: if required { "required" } else { "forbidden" }.into() },
            when,
            wco_ids: vec![el.wco_id.clone()],
            source,
            national_code: (if required { self.missing } else { self.not_allowed }).map(str::to_string),
        }
    }
}
