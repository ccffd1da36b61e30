//! Simple values: character data classified, normalised and collected as an element's value,
//! text where the content model allows none reported, and the value checked against its simple
//! type (and fixed value) when the element ends. It does not read bytes or evaluate rules.

use super::{At, CARRIAGE_RETURN, Mode, NOT_BLANK, Pass, SUSPECT, Text, classify, invalid_xml_char};
use super::{normalize_eols, push_eols};
use crate::report::Code;
use crate::schema::{self, Content, SimpleId, simple};

impl<'s> Pass<'s> {
    pub(super) fn chars(&mut self, s: &str, at: At) {
        self.text_event(s, at, Text::Chars);
    }

    /// Character data, of the kind `kind` tells.
    pub(super) fn text_event(&mut self, s: &str, at: At, kind: Text) {
        let is_ws = |b: u8| matches!(b, b' ' | b'\t' | b'\r' | b'\n');
        let cdata = kind == Text::CData;
        // Indentation between elements is the most common text: one scan tells whether the text
        // is blank, has carriage returns, or may hold a character XML forbids. Blank text stays
        // blank (and empty stays empty) whatever its line ends, so its line ends are normalised
        // below only if the text is kept.
        let class = classify(s.as_bytes());
        let all_ws = !cdata && class & NOT_BLANK == 0;
        // Raw indentation was skipped by the reading loop (`indentation`); blank character
        // references (`&#32;`) end here.
        if all_ws && self.frames.last().is_some_and(|f| f.ignores_blank) {
            return;
        }
        let crs = kind == Text::Raw && class & CARRIAGE_RETURN != 0;
        // Positions are found in the text as written (offsets count its carriage returns).
        let raw = s;
        let normalized;
        let s: &str = if crs && !all_ws {
            normalized = normalize_eols(s);
            &normalized
        } else {
            s
        };
        if !all_ws
            && class & SUSPECT != 0
            && let Some(i) = invalid_xml_char(raw)
        {
            let c = raw[i..].chars().next().map_or(0, u32::from);
            self.fatal(
                Code::XmlSyntax,
                format!("not well-formed: character U+{c:04X} is not allowed in XML"),
                at.within(raw.as_bytes(), 0, i),
            );
            return;
        }
        let Some(f) = self.frames.last_mut() else {
            if let Some(i) = raw.bytes().position(|b| !is_ws(b)) {
                self.fatal(
                    Code::XmlSyntax,
                    "not well-formed: text outside the root element",
                    at.within(raw.as_bytes(), 0, i),
                );
            }
            return;
        };
        let schema = self.schema;
        // Rules read values of elements the schema skips too (lax content, explain examples).
        let rule_reads = f.reads_value;
        // (whether the text is the element's value, what to say if it is not allowed at all)
        let (collects, forbidden) = match f.mode {
            _ if f.nil => (false, Some((Code::Nil, "is nil (xsi:nil=\"true\") and must be empty", true))),
            Mode::Simple(_) => (true, None),
            Mode::Complex(c) => {
                let ct = &schema.complex[c as usize];
                match ct.content {
                    Content::Simple(_) => (true, None),
                    Content::Empty => (false, Some((Code::UnexpectedText, "must be empty", true))),
                    Content::Elements(_) if ct.mixed => (false, None),
                    Content::Elements(_) => (false, Some((Code::UnexpectedText, "may contain only elements", false))),
                }
            }
            Mode::Skip | Mode::Lax => (false, None),
        };
        if let Some((code, what, even_whitespace)) = forbidden
            && !f.text_reported
            && (!s.is_empty() || cdata)
            && (even_whitespace || !all_ws)
        {
            f.text_reported = true;
            let depth = self.frames.len();
            let msg = format!("text is not allowed here: element {} {what}", self.elem_display(depth));
            self.error_at(depth, code, msg, None);
        }
        if collects || rule_reads {
            let before = self.text.len();
            if crs && all_ws {
                push_eols(&mut self.text, s);
            } else {
                self.text.push_str(s);
            }
            // One event past the limit at most: events are bounded by the reading buffer.
            if self.text.len() as u64 > self.opts.limits.max_token_bytes {
                self.text.truncate(before);
                self.fatal(
                    Code::LimitToken,
                    format!("a text value is larger than {} bytes", self.opts.limits.max_token_bytes),
                    at,
                );
            }
        }
    }

    pub(super) fn check_value(&mut self, depth: usize, ty: SimpleId, nil: bool) {
        let schema = self.schema;
        let decl = self.frames[depth - 1].decl.map(|d| &schema.elements[d as usize]);
        if nil {
            return; // any content was reported as it was read
        }
        let text = std::mem::take(&mut self.text);
        // An empty element takes its declaration's default or fixed value.
        let value: &str = match decl.and_then(|d| d.default.as_deref().or(d.fixed.as_deref())) {
            Some(def) if text.is_empty() => def,
            _ => &text,
        };
        if let Err(f) = simple::check(schema, ty, value) {
            let msg = format!(
                "element {} value {} is not valid: expected {}",
                self.elem_display(depth),
                self.show(value),
                f.expected
            );
            self.error_at(depth, f.code, msg, None);
        } else if let Some(fx) = decl.and_then(|d| d.fixed.as_deref()) {
            let st = &schema.simple[ty as usize];
            let norm = schema::datatype::normalize(value, st.whitespace);
            let fixed = schema::datatype::normalize(fx, st.whitespace);
            if !text.is_empty()
                && !schema::facets::values_equal(
                    st.builtin().unwrap_or(schema::datatype::Builtin::String),
                    &fixed,
                    &norm,
                )
            {
                let msg = format!(
                    "element {} must have the fixed value '{fx}', found {}",
                    self.elem_display(depth),
                    self.show(value)
                );
                self.error_at(depth, Code::Fixed, msg, None);
            }
        }
        self.text = text;
    }
}
