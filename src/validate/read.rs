//! Reading: the loops that turn bytes into events, in memory (`run_slice`) and in windows of a
//! reader (`run_windows`), and the dispatch of each event to the checks. It owns encoding and
//! well-formedness refusals and size limits; it does not check the schema or evaluate rules.

use super::{At, Locator, NOT_BLANK, Pass, Text, classify, configure, double_hyphen};
use crate::report::{Code, Report};
use crate::xml::{EndNames, FIRST_WINDOW, LineCount, Lines, Names, WINDOW, cut, fill, stray_text_end, window_end};
use crate::xml::{encoding_supported, predefined_entity, sniff_wide_encoding};
use quick_xml::events::Event;
use quick_xml::reader::Reader;
use std::io::Read;
use std::rc::Rc;

impl<'s> Pass<'s> {
    /// Validate a message held in memory: events borrow from it, nothing is copied.
    pub(super) fn run_slice(mut self, xml: &'s [u8]) -> Report {
        if self.refuse_wide_encoding(xml) {
            return self.finish();
        }
        if xml.len() as u64 > self.opts.limits.max_document_bytes {
            self.too_large(Code::LimitSize, At::START);
            return self.finish();
        }
        let mut reader = Reader::from_reader(xml);
        configure(reader.config_mut());
        let mut names = self.names.take().unwrap_or_default();
        // quick-xml skips a UTF-8 byte order mark and counts offsets after it.
        let text = xml.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(xml);
        self.locator = Locator::Slice { text, lines: Lines::new() };
        let max_token = self.opts.limits.max_token_bytes;
        while !self.stop {
            let start = reader.buffer_position();
            if self.frames.is_empty() && self.stray_text(&mut names, &text[start as usize..], start) {
                break;
            }
            match reader.read_event() {
                Ok(_) if reader.buffer_position() - start > max_token => {
                    self.too_large(Code::LimitToken, At { offset: start, line: 0, col: 0 });
                }
                Ok(ev) if self.indentation(&ev) => {}
                Ok(ev) => {
                    let at = At { offset: start, line: 0, col: 0 };
                    if !self.refuse_non_ascii(&ev, at) {
                        self.event(&mut names, ev, at);
                    }
                }
                Err(e) => {
                    let at = At { offset: reader.error_position().max(start), line: 0, col: 0 };
                    self.fatal(Code::XmlSyntax, format!("not well-formed: {e}"), at);
                }
            }
        }
        self.names = Some(names);
        self.finish()
    }

    /// Validate from a reader, in windows (see `crate::xml::window`): events are read borrowed
    /// from a window of the input, [`FIRST_WINDOW`] bytes at first, then up to [`WINDOW`]
    /// (more for a token that does not fit, up to the token limit). Lines are counted on
    /// demand in the window, as in memory; open elements get theirs before it moves on.
    pub(super) fn run_reader<R: Read>(self, input: R) -> Report {
        self.run_windows(input, FIRST_WINDOW, WINDOW)
    }

    /// [`Pass::run_reader`] with windows of `first` bytes, then up to `most` (the tests make
    /// them small).
    pub(super) fn run_windows<R: Read>(mut self, mut input: R, first: usize, most: usize) -> Report {
        let limits = self.opts.limits;
        let max_token = usize::try_from(limits.max_token_bytes).unwrap_or(usize::MAX);
        let mut buf = Vec::new();
        // The first four bytes tell the encoding, however the reader chunks its data.
        let mut more = match fill(&mut input, &mut buf, 4) {
            Ok(more) => more,
            Err(e) => {
                self.fatal(Code::Io, format!("cannot read input: {e}"), At::START);
                return self.finish();
            }
        };
        if self.refuse_wide_encoding(&buf) {
            return self.finish();
        }
        // The first reader skips a byte order mark, and its positions count from after it (as
        // in memory): `lead` bytes of the buffer come before position 0.
        let mut lead = if buf.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
        let mut names = self.names.take().unwrap_or_default();
        let mut ends = EndNames::default();
        // Position 0 of the window is offset `base`, where the lines are counted as `start`.
        let (mut base, mut start_count) = (0u64, LineCount::new());
        let mut want = first;
        while !self.stop {
            if more {
                match fill(&mut input, &mut buf, want) {
                    Ok(m) => more = m,
                    Err(e) => {
                        let at = At::counted(base, start_count);
                        self.fatal(Code::Io, format!("cannot read input: {e}"), at);
                        break;
                    }
                }
            }
            if base + (buf.len() - lead) as u64 > limits.max_document_bytes {
                self.too_large(Code::LimitSize, At::counted(base, start_count));
                break;
            }
            // Text outside the root element (before it, or after it) is refused at its first
            // character that is not blank, without reading on to its end (`/dev/zero` has none).
            let stray = if more && self.frames.is_empty() { stray_text_end(&buf[lead..]) } else { None };
            // (where the window ends; whether the input goes on after it, as this window reads it)
            let (end, goes_on) = match stray {
                Some(end) => (end, false),
                None if more => (window_end(&buf[lead..]), true),
                None => (buf.len() - lead, false),
            };
            // The buffer is shared with the locator while the window is read, for line numbers.
            let window = Rc::new(std::mem::take(&mut buf));
            self.locator = Locator::Window { text: window.clone(), skip: lead, lines: Lines::from(start_count, base) };
            let done = self.read_window(&window[..lead + end], end, base, goes_on, &mut names, &mut ends);
            // The window moves past what was read; a token it cut starts the next one. (The first
            // reader's byte order mark stays until the window moves: a new reader skips it.)
            for depth in 1..=self.frames.len() {
                self.locate_frame(depth);
            }
            if let Locator::Window { text, skip, lines } = &mut self.locator {
                start_count = lines.count_at(&text[*skip..], done);
            }
            self.locator = Locator::Slice { text: &[], lines: Lines::new() };
            // Back in this function's hands alone (never shared past here, so never copied).
            buf = Rc::unwrap_or_clone(window);
            if done > 0 {
                buf.drain(..lead + done);
                lead = 0;
                base += done as u64;
            }
            want = if done > 0 || !more {
                (want.saturating_mul(2)).min(most).max(buf.len() + 1)
            } else if buf.len() > max_token {
                self.too_large(Code::LimitToken, At::counted(base, start_count));
                break;
            } else {
                // Not one whole token in the window: read more, up to one byte past the limit.
                buf.len().saturating_mul(2).min(max_token.saturating_add(1)).max(buf.len() + 1)
            };
        }
        self.names = Some(names);
        self.finish()
    }

    /// Read the events of one window, `end` bytes after a byte order mark if it has one
    /// (`base` is the offset of its position 0; `more`: the input goes on after it), and return
    /// where its whole tokens end: the next window starts there.
    fn read_window(
        &mut self,
        window: &[u8],
        end: usize,
        base: u64,
        more: bool,
        names: &mut Names,
        ends: &mut EndNames,
    ) -> usize {
        let max_token = self.opts.limits.max_token_bytes;
        let mut reader = Reader::from_reader(window);
        configure(reader.config_mut());
        // End names are matched by `ends`, across windows.
        reader.config_mut().check_end_names = false;
        reader.config_mut().allow_unmatched_ends = true;
        let mut done = 0;
        // The bytes of a byte order mark the reader skips.
        let lead = window.len() - end;
        while !self.stop {
            let start = reader.buffer_position();
            if self.frames.is_empty() && self.stray_text(names, &window[lead + start as usize..], base + start) {
                break;
            }
            let ev = reader.read_event();
            let after = reader.buffer_position();
            let at = At { offset: base + start, line: 0, col: 0 };
            let ev = match ev {
                // The window's end: what is left is read with the next window.
                Ok(Event::Eof) if more => break,
                Err(e) if more && cut(&e, start, end) => break,
                Ok(_) if after - start > max_token => {
                    self.too_large(Code::LimitToken, at);
                    break;
                }
                Ok(ev) => ev,
                Err(e) => {
                    let at = At { offset: base + reader.error_position().max(start), line: 0, col: 0 };
                    self.fatal(Code::XmlSyntax, format!("not well-formed: {e}"), at);
                    break;
                }
            };
            done = after as usize;
            let ended = match &ev {
                Event::Start(e) => {
                    ends.open(e.name().as_ref());
                    Ok(())
                }
                Event::End(e) => ends.close(e.name().as_ref()),
                _ => Ok(()),
            };
            match ended {
                Err(e) => self.fatal(Code::XmlSyntax, format!("not well-formed: {e}"), at),
                Ok(()) if self.indentation(&ev) => {}
                Ok(()) => {
                    if !self.refuse_non_ascii(&ev, at) {
                        self.event(names, ev, at);
                    }
                }
            }
        }
        done
    }

    /// Outside the root element (before it or after it), text that starts at `bytes` (offset
    /// `base`) and is not blank is an error at its first character that is not blank, whatever
    /// follows: it is read alone, up to that character. So an endless stream of text
    /// (`/dev/zero`, `yes`) is refused there, and a message gets the same diagnostic in memory
    /// as streamed in windows of any size. Returns whether validation stopped on it (`false`:
    /// no such text, or one the reading loop reads whole, as a second byte order mark).
    fn stray_text(&mut self, names: &mut Names, bytes: &[u8], base: u64) -> bool {
        let Some(end) = stray_text_end(bytes) else {
            return false;
        };
        let mut reader = Reader::from_reader(&bytes[..end]);
        configure(reader.config_mut());
        while !self.stop {
            let start = reader.buffer_position();
            match reader.read_event() {
                Ok(Event::Eof) => break,
                Ok(ev) => self.event(names, ev, At { offset: base + start, line: 0, col: 0 }),
                Err(e) => {
                    let at = At { offset: base + reader.error_position().max(start), line: 0, col: 0 };
                    self.fatal(Code::XmlSyntax, format!("not well-formed: {e}"), at);
                }
            }
        }
        self.stop
    }

    /// The message passes a size limit ([`Code::LimitToken`] or [`Code::LimitSize`]) at `at`:
    /// validation stops.
    fn too_large(&mut self, code: Code, at: At) {
        let limits = self.opts.limits;
        let msg = match code {
            Code::LimitSize => format!("the document is larger than {} bytes", limits.max_document_bytes),
            _ => format!("a single tag, text or comment is larger than {} bytes", limits.max_token_bytes),
        };
        self.fatal(code, msg, at);
    }

    /// Whether an event is blank text where blanks need no look (indentation between elements,
    /// the most common event): skipped before any other work.
    #[inline]
    fn indentation(&self, ev: &Event<'_>) -> bool {
        match ev {
            Event::Text(t) => {
                self.frames.last().is_some_and(|f| f.ignores_blank) && classify(t.as_bytes()) & NOT_BLANK == 0
            }
            _ => false,
        }
    }

    /// After a declared `US-ASCII`, a byte above 0x7F is an encoding error (as libxml2 reads
    /// it), reported where that byte is.
    fn refuse_non_ascii(&mut self, ev: &Event<'_>, at: At) -> bool {
        self.ascii_only && self.non_ascii(ev, at)
    }

    /// [`Pass::refuse_non_ascii`] after a declared `US-ASCII` (rare: kept out of the loop).
    #[cold]
    #[inline(never)]
    fn non_ascii(&mut self, ev: &Event<'_>, at: At) -> bool {
        // The event's bytes, and how many bytes of markup come before them.
        let (raw, prefix): (&[u8], usize) = match ev {
            Event::Start(e) | Event::Empty(e) => (AsRef::<[u8]>::as_ref(&**e), 1),
            Event::End(e) => (AsRef::<[u8]>::as_ref(&**e), 2),
            Event::Text(e) => (AsRef::<[u8]>::as_ref(&**e), 0),
            Event::CData(e) => (AsRef::<[u8]>::as_ref(&**e), "<![CDATA[".len()),
            Event::Comment(e) => (AsRef::<[u8]>::as_ref(&**e), "<!--".len()),
            Event::PI(e) => (AsRef::<[u8]>::as_ref(&**e), 2),
            Event::Decl(e) => (AsRef::<[u8]>::as_ref(&**e), 2),
            Event::DocType(e) => (AsRef::<[u8]>::as_ref(&**e), "<!DOCTYPE".len()),
            Event::GeneralRef(e) => (AsRef::<[u8]>::as_ref(&**e), 1),
            Event::Eof => (b"", 0),
        };
        let Some(i) = raw.iter().position(|b| !b.is_ascii()) else {
            return false;
        };
        self.fatal(
            Code::XmlEncoding,
            "the message declares encoding US-ASCII but holds non-ASCII bytes: declare UTF-8 (or convert it)",
            at.within(raw, prefix, i),
        );
        true
    }

    fn refuse_wide_encoding(&mut self, head: &[u8]) -> bool {
        match sniff_wide_encoding(head) {
            Some(enc) => {
                self.fatal(Code::XmlEncoding, crate::xml::wide_encoding_message(enc), At::START);
                true
            }
            None => false,
        }
    }

    /// Handle one event; sets `self.stop` when validation cannot go on.
    fn event(&mut self, names: &mut Names, ev: Event<'_>, at: At) {
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let scope = match names.open(e) {
                    Ok(scope) => scope,
                    Err(err) => {
                        self.fatal(Code::XmlSyntax, format!("not well-formed: {err}"), at);
                        return;
                    }
                };
                let (ns, local) = match names.element(e.name().into_inner()) {
                    Ok(found) => found,
                    Err(p) => {
                        let msg = format!("not well-formed: namespace prefix '{p}' is not declared");
                        self.fatal(Code::XmlSyntax, msg, at);
                        return;
                    }
                };
                // The schema's id of the namespace, looked up once per prefix and scope.
                let id = match *names.memo(ns) {
                    Some(id) => id,
                    None => {
                        let id = self.schema.ns_id(names.uri(ns));
                        *names.memo(ns) = Some(id);
                        id
                    }
                };
                let depth = self.frames.len();
                self.start(names.resolver(), e, (id, names.uri(ns)), local, at, scope);
                if matches!(ev, Event::Empty(_)) && self.frames.len() > depth {
                    self.end_scoped(names);
                }
            }
            Event::End(_) => self.end_scoped(names),
            // Line ends are normalised in `text_event`, only where the text is not blank or is kept.
            Event::Text(t) => self.text_event(&t, at, Text::Raw),
            // libxml2 counts any CDATA section, even an empty one, as character content: in
            // element-only or empty content it is an error there, and so it is here.
            Event::CData(t) => self.text_event(&t.xml10_content(), at, Text::CData),
            Event::GeneralRef(r) => {
                let name = r.xml10_content();
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    Ok(None) => predefined_entity(&name),
                    Err(_) => None,
                };
                match c {
                    Some(c) => self.chars(c.encode_utf8(&mut [0; 4]), at),
                    None => self.fatal(Code::XmlSyntax, format!("not well-formed: reference &{name}; is not a valid character or predefined entity (DTDs are not read)"), at),
                }
            }
            Event::DocType(_) => {
                self.fatal(
                    Code::XmlDoctype,
                    "the message has a DOCTYPE: document type declarations are refused (no DTD, no entity expansion)",
                    at,
                );
            }
            Event::Decl(d) => {
                let enc = d.encoding().and_then(Result::ok);
                self.ascii_only =
                    enc.as_deref().is_some_and(|e| ["us-ascii", "ascii"].iter().any(|a| e.eq_ignore_ascii_case(a)));
                if let Some(enc) = enc
                    && !encoding_supported(&enc)
                {
                    self.fatal(
                        Code::XmlEncoding,
                        format!("the message declares encoding '{enc}'; wcodm reads UTF-8 only: convert it to UTF-8"),
                        at,
                    );
                }
            }
            Event::Comment(t) => {
                let body: &str = &t;
                if let Some(i) = double_hyphen(body) {
                    self.fatal(
                        Code::XmlSyntax,
                        "not well-formed: '--' is not allowed inside a comment",
                        at.within(body.as_bytes(), 4, i),
                    );
                }
            }
            Event::PI(_) => {}
            Event::Eof => {
                if !self.frames.is_empty() {
                    self.fatal(
                        Code::XmlSyntax,
                        "not well-formed: the document ends before its elements are closed",
                        at,
                    );
                } else if !self.root_seen {
                    self.fatal(Code::XmlSyntax, "not well-formed: the document has no root element", at);
                }
                self.stop = true;
            }
        }
    }
}
