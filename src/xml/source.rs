//! A `BufRead` adapter that counts lines and enforces the size limits.
//!
//! quick-xml buffers one event at a time. This adapter never hands it more bytes than the
//! current token may still take, and fails `fill_buf` once the token passes `max_token_bytes`,
//! so that buffer (and so memory) stays bounded whatever the input. It keeps its own fixed-size
//! buffer, so bytes already consumed are still at hand: lines are counted once per token (and
//! before each refill) over everything consumed since, not on each of quick-xml's many small
//! `consume` calls, with [`LineCount`].

use super::lines::LineCount;
use std::io::{self, BufRead, Read};

/// Bytes read from the input at a time.
const CHUNK: usize = 32 << 10;

/// Which size limit stopped the reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LimitHit {
    /// One token was larger than `max_token_bytes`.
    Token,
    /// The document was larger than `max_document_bytes`.
    Document,
}

/// Counts bytes and newlines of an inner reader.
pub(crate) struct Counting<R> {
    inner: R,
    buf: Box<[u8]>,
    /// `buf[pos..filled]` is not consumed yet; `buf[counted..pos]` is consumed but its newlines
    /// are not counted yet.
    pos: usize,
    filled: usize,
    counted: usize,
    consumed: u64,
    token_start: u64,
    max_token: u64,
    max_document: u64,
    /// Lines up to the end of the counted bytes.
    lines: LineCount,
    /// (offset, line, column) of the current token's start.
    token_pos: (u64, u32, u32),
    /// Bytes the parser skipped without counting them in its offsets (a byte order mark).
    skipped: u64,
    /// Set when a limit stopped reading.
    pub(crate) hit: Option<LimitHit>,
}

impl<R: Read> Counting<R> {
    /// `skipped`: bytes at the start that the parser's offsets do not count.
    pub(crate) fn new(inner: R, max_token: u64, max_document: u64, skipped: u64) -> Self {
        Counting {
            inner,
            buf: vec![0; CHUNK].into_boxed_slice(),
            pos: 0,
            filled: 0,
            counted: 0,
            consumed: 0,
            token_start: 0,
            max_token,
            max_document,
            lines: LineCount::new(),
            token_pos: (0, 1, 1),
            skipped,
            hit: None,
        }
    }

    /// Count the newlines of the bytes consumed since the last count.
    fn count(&mut self) {
        let seg = &self.buf[self.counted..self.pos];
        self.lines.advance(seg, self.consumed - seg.len() as u64);
        self.counted = self.pos;
    }

    /// Marks the start of a new token (called before each event is read) and returns its
    /// 1-based (line, column). quick-xml has consumed exactly the bytes of earlier events.
    pub(crate) fn start_token(&mut self, offset: u64) -> (u32, u32) {
        self.count();
        let offset = offset + self.skipped;
        self.token_start = offset;
        let (l, c) = self.lines.at(offset);
        self.token_pos = (offset, l, c);
        (l, c)
    }

    /// The (line, column) of an offset inside the current token: exact at the token's start,
    /// otherwise the line reached so far (errors inside a token point at where reading stopped).
    pub(crate) fn position(&mut self, offset: u64) -> (u32, u32) {
        let offset = offset + self.skipped;
        if offset <= self.token_pos.0 {
            return (self.token_pos.1, self.token_pos.2);
        }
        self.count();
        self.lines.at(offset.min(self.consumed))
    }
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = {
            let avail = self.fill_buf()?;
            let n = avail.len().min(buf.len());
            buf[..n].copy_from_slice(&avail[..n]);
            n
        };
        self.consume(n);
        Ok(n)
    }
}

impl<R: Read> BufRead for Counting<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        let used = self.consumed.saturating_sub(self.token_start);
        if used > self.max_token {
            self.hit = Some(LimitHit::Token);
        } else if self.consumed > self.max_document {
            self.hit = Some(LimitHit::Document);
        }
        if self.hit.is_some() {
            return Err(io::Error::other("wcodm input limit reached"));
        }
        if self.pos == self.filled {
            // Count what the buffer still holds before it is overwritten.
            self.count();
            let n = loop {
                match self.inner.read(&mut self.buf) {
                    Ok(n) => break n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    Err(e) => return Err(e),
                }
            };
            (self.pos, self.filled, self.counted) = (0, n, 0);
        }
        // Never offer more than the token may still take (plus one byte to detect the breach).
        let budget = (self.max_token - used).saturating_add(1);
        let doc_budget = (self.max_document - self.consumed).saturating_add(1);
        let avail = &self.buf[self.pos..self.filled];
        let n = (avail.len() as u64).min(budget).min(doc_budget) as usize;
        Ok(&avail[..n])
    }

    fn consume(&mut self, amt: usize) {
        let amt = amt.min(self.filled - self.pos);
        self.pos += amt;
        self.consumed += amt as u64;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns() {
        let mut c = Counting::new(&b"ab\ncd\n\nef"[..], 100, 100, 0);
        assert_eq!(c.start_token(0), (1, 1));
        let mut two = [0u8; 4];
        c.read_exact(&mut two).unwrap();
        assert_eq!(c.start_token(4), (2, 2));
        let mut rest = Vec::new();
        c.read_to_end(&mut rest).unwrap();
        assert_eq!(c.start_token(9), (4, 3));
    }

    #[test]
    fn token_limit_caps_what_is_offered() {
        let mut c = Counting::new(&[b'x'; 64][..], 10, 100, 0);
        assert_eq!(c.fill_buf().unwrap().len(), 11);
        let mut all = Vec::new();
        assert!(c.read_to_end(&mut all).is_err());
        assert_eq!(c.hit, Some(LimitHit::Token));
        assert!(all.len() <= 11);
    }
}
