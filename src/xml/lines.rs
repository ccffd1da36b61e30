//! Line numbers of byte offsets, counted as a message goes by: the line reached and where it
//! starts, never a list of line feeds. Both reading paths count with [`LineCount`]: the
//! in-memory one through [`Lines`], the streamed one through `Counting`.

/// The line reached so far and the offset where it starts.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LineCount {
    line: u32,
    line_start: u64,
}

impl LineCount {
    /// Line 1, starting at offset 0.
    pub fn new() -> LineCount {
        LineCount { line: 1, line_start: 0 }
    }

    /// Move past `seg`, the bytes from offset `seg_start` on.
    pub fn advance(&mut self, seg: &[u8], seg_start: u64) {
        let n = newlines(seg);
        if n > 0 {
            self.line = self.line.saturating_add(n);
            self.line_start = seg_start + memchr::memrchr(b'\n', seg).map_or(0, |i| i as u64 + 1);
        }
    }

    /// The 1-based (line, column) of an offset on the line reached.
    pub fn at(&self, offset: u64) -> (u32, u32) {
        let col = offset.saturating_sub(self.line_start) + 1;
        (self.line, u32::try_from(col).unwrap_or(u32::MAX))
    }
}

/// Line and column of byte offsets in an in-memory message, counted on demand: forward from
/// the furthest offset asked so far, backward (an open element's start tag) from there.
#[derive(Debug)]
pub(crate) struct Lines {
    count: LineCount,
    scanned: usize,
}

impl Lines {
    /// Nothing counted yet.
    pub fn new() -> Lines {
        Lines { count: LineCount::new(), scanned: 0 }
    }

    /// The 1-based (line, column) of `offset` in `text`.
    pub fn position(&mut self, text: &[u8], offset: usize) -> (u32, u32) {
        let offset = offset.min(text.len());
        if offset < self.scanned {
            let line = self.count.line.saturating_sub(newlines(&text[offset..self.scanned]));
            let start = memchr::memrchr(b'\n', &text[..offset]).map_or(0, |i| i + 1);
            return (line, u32::try_from(offset - start + 1).unwrap_or(u32::MAX));
        }
        self.count.advance(&text[self.scanned..offset], self.scanned as u64);
        self.scanned = offset;
        self.count.at(offset as u64)
    }
}

/// The number of line feeds in `s` (memchr counts with vector instructions).
fn newlines(s: &[u8]) -> u32 {
    u32::try_from(memchr::memchr_iter(b'\n', s).count()).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forward_and_back() {
        let text = b"ab\ncd\n\nef";
        let mut l = Lines::new();
        assert_eq!(l.position(text, 0), (1, 1));
        assert_eq!(l.position(text, 4), (2, 2));
        assert_eq!(l.position(text, 8), (4, 2));
        assert_eq!(l.position(text, 1), (1, 2));
        assert_eq!(l.position(text, 6), (3, 1));
        assert_eq!(l.position(text, 99), (4, 3));
    }
}
