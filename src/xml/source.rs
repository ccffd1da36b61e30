//! A `BufRead` adapter that counts lines as bytes are consumed and enforces the size limits.
//!
//! quick-xml buffers one event at a time; by failing `fill_buf` once the current token passes
//! `max_token_bytes`, this adapter keeps that buffer (and so memory) bounded whatever the input.

use std::collections::VecDeque;
use std::io::{self, BufRead, Read};

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
    consumed: u64,
    token_start: u64,
    max_token: u64,
    max_document: u64,
    /// Offsets of newlines consumed but not yet folded into `line`.
    pending: VecDeque<u64>,
    line: u32,
    line_start: u64,
    /// Set when a limit stopped reading.
    pub(crate) hit: Option<LimitHit>,
}

impl<R: BufRead> Counting<R> {
    pub(crate) fn new(inner: R, max_token: u64, max_document: u64) -> Self {
        Counting {
            inner,
            consumed: 0,
            token_start: 0,
            max_token,
            max_document,
            pending: VecDeque::new(),
            line: 1,
            line_start: 0,
            hit: None,
        }
    }

    /// Marks the start of a new token (called before each event is read).
    pub(crate) fn start_token(&mut self, offset: u64) {
        self.token_start = offset;
    }

    /// The 1-based (line, column) of a byte offset. Offsets must not decrease between calls.
    pub(crate) fn position(&mut self, offset: u64) -> (u32, u32) {
        while let Some(&nl) = self.pending.front() {
            if nl >= offset {
                break;
            }
            self.pending.pop_front();
            self.line = self.line.saturating_add(1);
            self.line_start = nl + 1;
        }
        let col = offset.saturating_sub(self.line_start) + 1;
        (self.line, u32::try_from(col).unwrap_or(u32::MAX))
    }
}

impl<R: BufRead> Read for Counting<R> {
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

impl<R: BufRead> BufRead for Counting<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.consumed - self.token_start > self.max_token {
            self.hit = Some(LimitHit::Token);
        } else if self.consumed > self.max_document {
            self.hit = Some(LimitHit::Document);
        }
        if self.hit.is_some() {
            return Err(io::Error::other("wcodm input limit reached"));
        }
        self.inner.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        if let Ok(buf) = self.inner.fill_buf() {
            let amt = amt.min(buf.len());
            let base = self.consumed;
            self.pending.extend(memchr::memchr_iter(b'\n', &buf[..amt]).map(|i| base + i as u64));
        }
        self.inner.consume(amt);
        self.consumed += amt as u64;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns() {
        let mut c = Counting::new(&b"ab\ncd\n\nef"[..], 100, 100);
        let mut all = Vec::new();
        c.read_to_end(&mut all).unwrap();
        assert_eq!(c.position(0), (1, 1));
        assert_eq!(c.position(4), (2, 2));
        assert_eq!(c.position(7), (4, 1));
    }

    #[test]
    fn token_limit() {
        let mut c = Counting::new(&[b'x'; 64][..], 10, 100);
        let mut all = Vec::new();
        assert!(c.read_to_end(&mut all).is_err());
        assert_eq!(c.hit, Some(LimitHit::Token));
    }
}
