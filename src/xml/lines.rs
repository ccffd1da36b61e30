//! Line numbers of byte offsets, counted as a message goes by: the line reached and where it
//! starts, never a list of line feeds. Both reading paths count with [`Lines`]: over the whole
//! message in memory, over each window of a streamed one.

/// The line reached so far and the offset where it starts. A line ends at a carriage return,
/// a line feed, or both together (one line end, as XML reads them): every CR ends a line, and an
/// LF does unless a CR is just before it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LineCount {
    line: u32,
    line_start: u64,
    /// The last byte moved past is a carriage return (an LF next is part of its line end).
    after_cr: bool,
}

impl LineCount {
    /// Line 1, starting at offset 0.
    pub fn new() -> LineCount {
        LineCount { line: 1, line_start: 0, after_cr: false }
    }

    /// Move past `seg`, the bytes from offset `seg_start` on.
    pub fn advance(&mut self, seg: &[u8], seg_start: u64) {
        let n = line_ends(seg, self.after_cr);
        if let Some(i) = memchr::memrchr2(b'\n', b'\r', seg) {
            self.line = self.line.saturating_add(n);
            self.line_start = seg_start + i as u64 + 1;
        }
        if let Some(&last) = seg.last() {
            self.after_cr = last == b'\r';
        }
    }

    /// The 1-based (line, column) of an offset on the line reached.
    pub fn at(&self, offset: u64) -> (u32, u32) {
        let col = offset.saturating_sub(self.line_start) + 1;
        (self.line, u32::try_from(col).unwrap_or(u32::MAX))
    }
}

/// Line and column of byte offsets in a message in memory, or in one window of a streamed
/// message, counted on demand: forward from the furthest offset asked so far, backward (an open
/// element's start tag) from there.
#[derive(Debug)]
pub(crate) struct Lines {
    count: LineCount,
    scanned: usize,
    /// The count where the text starts, and the offset of its first byte.
    start: LineCount,
    base: u64,
}

impl Lines {
    /// Nothing counted yet, in a text that starts the message.
    pub fn new() -> Lines {
        Lines::from(LineCount::new(), 0)
    }

    /// Nothing counted yet, in a text that starts at offset `base` of the message, where the
    /// lines are counted as `start`.
    pub fn from(start: LineCount, base: u64) -> Lines {
        Lines { count: start, scanned: 0, start, base }
    }

    /// The offset of the text's first byte.
    pub fn base(&self) -> u64 {
        self.base
    }

    /// The 1-based (line, column) of position `i` of `text`.
    pub fn position(&mut self, text: &[u8], i: usize) -> (u32, u32) {
        let c = self.count_at(text, i);
        c.at(self.base + i.min(text.len()) as u64)
    }

    /// The count at position `i` of `text`.
    pub fn count_at(&mut self, text: &[u8], i: usize) -> LineCount {
        let i = i.min(text.len());
        if i < self.scanned {
            let after_cr = if i == 0 { self.start.after_cr } else { text[i - 1] == b'\r' };
            let line = self.count.line.saturating_sub(line_ends(&text[i..self.scanned], after_cr));
            let line_start =
                memchr::memrchr2(b'\n', b'\r', &text[..i]).map_or(self.start.line_start, |n| self.base + n as u64 + 1);
            return LineCount { line, line_start, after_cr };
        }
        self.count.advance(&text[self.scanned..i], self.base + self.scanned as u64);
        self.scanned = i;
        self.count
    }
}

/// The number of line ends in `s` (CR LF, CR and LF each one), where `after_cr` tells that the
/// byte before `s` is a CR (so an LF starting `s` ends no line of its own). Line feeds are
/// counted with vector instructions (memchr); carriage returns only from the first one a quick
/// look finds.
pub(crate) fn line_ends(s: &[u8], after_cr: bool) -> u32 {
    let mut n = memchr::memchr_iter(b'\n', s).count();
    if after_cr && s.first() == Some(&b'\n') {
        n -= 1;
    }
    if let Some(first) = memchr::memchr(b'\r', s) {
        // A CR ends a line; a CR LF is one line end, already counted at its LF.
        n += lone_crs(&s[first..]);
    }
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The carriage returns in `s` that no line feed follows (a CR as its last byte counts).
/// A file with CR LF line ends has a CR on every line, too many to find one by one: the bytes
/// are compared 128 at a time with a one-byte count, which the compiler turns into vector
/// instructions.
fn lone_crs(s: &[u8]) -> usize {
    let Some((&last, _)) = s.split_last() else { return 0 };
    let (bytes, next) = (&s[..s.len() - 1], &s[1..]);
    let lone = |b: &[u8], x: &[u8]| {
        b.iter().zip(x).fold(0u8, |k, (&b, &x)| k.wrapping_add(u8::from(b == b'\r') & u8::from(x != b'\n')))
    };
    let (chunks, rest) = (bytes.chunks_exact(128), next.chunks_exact(128));
    let tail = lone(chunks.remainder(), rest.remainder());
    let mut n = usize::from(last == b'\r') + usize::from(tail);
    for (b, x) in chunks.zip(rest) {
        n += usize::from(lone(b, x));
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_window_counts_on_from_where_the_one_before_ended() {
        let text = b"ab\ncd\n\nef";
        let mut whole = Lines::new();
        let mut first = Lines::new();
        let next = first.count_at(&text[..4], 4);
        let mut second = Lines::from(next, 4);
        for i in [4, 5, 8, 9, 6, 4] {
            assert_eq!(second.position(&text[4..], i - 4), whole.position(text, i), "{i}");
        }
    }

    #[test]
    fn cr_lf_cr_and_lf_each_end_one_line() {
        // Lines: "a", "b", "c", "", "d"; the same count forward, backward and cut anywhere.
        let text = b"a\r\nb\rc\n\r\nd";
        let expect = |i: usize| {
            let before = &text[..i];
            let ends = before
                .iter()
                .enumerate()
                .filter(|&(j, &b)| b == b'\r' || (b == b'\n' && (j == 0 || before[j - 1] != b'\r')))
                .count();
            let start = before.iter().rposition(|&b| b == b'\r' || b == b'\n').map_or(0, |j| j + 1);
            (ends as u32 + 1, (i - start) as u32 + 1)
        };
        assert_eq!(expect(text.len() - 1), (5, 1));
        let mut l = Lines::new();
        for i in (0..text.len()).chain((0..text.len()).rev()) {
            assert_eq!(l.position(text, i), expect(i), "{i}");
        }
        for cut in 0..text.len() {
            let mut first = Lines::new();
            let mut second = Lines::from(first.count_at(&text[..cut], cut), cut as u64);
            for i in cut..text.len() {
                assert_eq!(second.position(&text[cut..], i - cut), expect(i), "cut {cut}, {i}");
            }
        }
    }

    #[test]
    fn lone_carriage_returns_are_counted_across_chunks() {
        let pattern = b"a\r\nb\rc\n\r\nd\r\r\n";
        let text: Vec<u8> = pattern.iter().copied().cycle().take(1000).collect();
        let one_by_one = |s: &[u8]| (0..s.len()).filter(|&j| s[j] == b'\r' && s.get(j + 1) != Some(&b'\n')).count();
        for s in [&text[..], &text[1..], &text[..254], &text[..255], &text[..256], &text[..257], b"\r", b"", b"\n\r"] {
            assert_eq!(lone_crs(s), one_by_one(s), "{} bytes", s.len());
        }
        // Two lone CRs in each 13 bytes, and the one the text ends with.
        assert_eq!(lone_crs(&text), 2 * (1000 / 13) + 3);
    }

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
