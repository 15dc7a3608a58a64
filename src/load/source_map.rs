//! [`SourceMap`]: where each byte of a derived text came from in the text it was made from.
//!
//! Every stage of loading (decoding, markup extraction, whitespace tidying) turns one text into
//! another. Each stage records a `SourceMap` so that a sentence found in the final text can be
//! traced back to its exact byte range in the file as read from disk. Maps compose: the loader
//! looks a position up in the extraction map, then the result in the decoding map.
//!
//! [`TextBuilder`] builds a tidied text (whitespace runs collapsed to one space, no leading or
//! trailing space) together with its map.

use std::ops::Range;

/// One run of derived text and the source bytes it stands for.
///
/// Offsets are held in 32 bits: a file of millions of short lines keeps one run a sentence,
/// and the loader refuses files over [`super::MAX_FILE_BYTES`], whose decoded text (at most
/// three bytes of UTF-8 a byte) stays below 4 GiB.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Segment {
    text_start: u32,
    text_end: u32,
    src_start: u32,
    src_end: u32,
    /// Source bytes per text byte when the run maps byte for byte (1 for copied text, 2 for
    /// ASCII read from UTF-16); 0 when the run replaces its source as a whole (an entity, a
    /// collapsed whitespace run, a character decoded from a legacy encoding).
    scale: u32,
}

impl Segment {
    fn new(text: Range<usize>, src: Range<usize>, scale: usize) -> Segment {
        Segment {
            text_start: offset(text.start),
            text_end: offset(text.end),
            src_start: offset(src.start),
            src_end: offset(src.end),
            scale: offset(scale),
        }
    }

    fn text_start(&self) -> usize {
        self.text_start as usize
    }

    fn text_end(&self) -> usize {
        self.text_end as usize
    }

    fn src_start(&self) -> usize {
        self.src_start as usize
    }

    fn src_end(&self) -> usize {
        self.src_end as usize
    }

    fn scale(&self) -> usize {
        self.scale as usize
    }
}

/// `n` in 32 bits; the loader's size limit keeps every offset below 4 GiB, so saturating never
/// happens (and would map to the end rather than wrap if it did).
fn offset(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A map from byte offsets in a derived text to byte offsets in its source.
///
/// Positions inside a run that was copied (or scaled) map exactly; positions inside a run that
/// replaced its source (such as `&amp;` → `&`) map to that source run's start or end, so a mapped
/// range always covers whole source constructs and never splits a character.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceMap {
    segments: Segments,
}

/// A map's runs, the first one held inline: nearly every sentence of plain text maps through
/// one run, and a file of millions of short lines would otherwise make one heap allocation for
/// each block's map and one for each sentence's.
#[derive(Debug, Clone, Default)]
enum Segments {
    #[default]
    None,
    One(Segment),
    /// Boxed, so a map is the size of one run (and a tag), not of a `Vec`; a `Vec` still,
    /// as builders push runs one by one.
    #[expect(
        clippy::box_collection,
        reason = "the box keeps every map, nearly all of one run, 8 bytes smaller"
    )]
    Many(Box<Vec<Segment>>),
}

impl PartialEq for Segments {
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl Eq for Segments {}

impl Segments {
    fn as_slice(&self) -> &[Segment] {
        match self {
            Segments::None => &[],
            Segments::One(s) => std::slice::from_ref(s),
            Segments::Many(v) => v,
        }
    }

    fn last_mut(&mut self) -> Option<&mut Segment> {
        match self {
            Segments::None => None,
            Segments::One(s) => Some(s),
            Segments::Many(v) => v.last_mut(),
        }
    }

    fn push(&mut self, seg: Segment) {
        match self {
            Segments::None => *self = Segments::One(seg),
            Segments::Many(v) => v.push(seg),
            Segments::One(first) => *self = Segments::Many(Box::new(vec![*first, seg])),
        }
    }

    fn shrink_to_fit(&mut self) {
        if let Segments::Many(v) = self {
            v.shrink_to_fit();
        }
    }
}

impl SourceMap {
    /// A map for a text that is its source shifted by `offset` bytes (UTF-8 after a BOM).
    pub fn shifted(len: usize, offset: usize) -> Self {
        let mut map = Self::default();
        map.push_scaled(0..len, offset, 1);
        map
    }

    /// Records that `text` bytes map byte for byte (times `scale`) onto source bytes from `src_start`.
    pub fn push_scaled(&mut self, text: Range<usize>, src_start: usize, scale: usize) {
        if text.is_empty() {
            return;
        }
        let src_end = src_start + text.len() * scale;
        if let Some(last) = self.segments.last_mut()
            && last.scale() == scale
            && scale > 0
            && last.text_end() == text.start
            && last.src_end() == src_start
        {
            last.text_end = offset(text.end);
            last.src_end = offset(src_end);
            return;
        }
        self.segments
            .push(Segment::new(text, src_start..src_end, scale));
    }

    /// Records that `text` bytes as a whole stand for the `src` bytes.
    pub fn push_replaced(&mut self, text: Range<usize>, src: Range<usize>) {
        if text.is_empty() {
            return;
        }
        self.segments.push(Segment::new(text, src, 0));
    }

    /// The source offset where the text byte at `pos` begins.
    ///
    /// `pos` at or past the end of the text maps to the end of the last run.
    pub fn start_of(&self, pos: usize) -> usize {
        let segments = self.segments.as_slice();
        let idx = segments.partition_point(|s| s.text_end() <= pos);
        match segments.get(idx) {
            Some(seg) if seg.text_start() <= pos => {
                if seg.scale() == 0 {
                    seg.src_start()
                } else {
                    seg.src_start() + (pos - seg.text_start()) * seg.scale()
                }
            }
            Some(seg) => seg.src_start(),
            None => segments.last().map_or(pos, |s| s.src_end()),
        }
    }

    /// The source offset just after the text that ends at `pos` (exclusive end).
    pub fn end_of(&self, pos: usize) -> usize {
        let segments = self.segments.as_slice();
        if pos == 0 {
            return segments.first().map_or(0, |s| s.src_start());
        }
        let last = pos - 1;
        let idx = segments.partition_point(|s| s.text_end() <= last);
        match segments.get(idx) {
            Some(seg) if seg.text_start() <= last => {
                if seg.scale() == 0 {
                    seg.src_end()
                } else {
                    seg.src_start() + (pos - seg.text_start()) * seg.scale()
                }
            }
            // `last` falls in a gap before `seg`: the previous run's end is the answer.
            Some(_) | None => idx
                .checked_sub(1)
                .and_then(|i| segments.get(i))
                .map_or(pos, |s| s.src_end()),
        }
    }

    /// The map of the text range `range` alone, through `outer` as well: offsets relative to
    /// `range.start` map straight to `outer`'s source.
    ///
    /// The loader keeps one per sentence (block text → decoded text → file), so parts of a
    /// sentence (a number, a quotation) can be traced to their bytes in the file.
    pub fn compose(&self, outer: &SourceMap, range: Range<usize>) -> SourceMap {
        let mut out = SourceMap::default();
        let inner = self.segments.as_slice();
        let outer_segments = outer.segments.as_slice();
        let first = inner.partition_point(|s| s.text_end() <= range.start);
        for seg in inner[first..]
            .iter()
            .take_while(|s| s.text_start() < range.end)
        {
            let t0 = seg.text_start().max(range.start);
            let t1 = seg.text_end().min(range.end);
            if seg.scale() == 0 {
                out.push_replaced(
                    t0 - range.start..t1 - range.start,
                    outer.range(seg.src_start()..seg.src_end()),
                );
                continue;
            }
            let d0 = seg.src_start() + (t0 - seg.text_start()) * seg.scale();
            let d1 = seg.src_start() + (t1 - seg.text_start()) * seg.scale();
            let at = outer_segments.partition_point(|o| o.text_end() <= d0);
            for o in outer_segments[at..]
                .iter()
                .take_while(|o| o.text_start() < d1)
            {
                let e0 = o.text_start().max(d0);
                let e1 = o.text_end().min(d1);
                // Back from decoded offsets to offsets in this text, relative to the range.
                let rel = |e: usize| t0 + (e - d0) / seg.scale() - range.start;
                if o.scale() == 0 {
                    out.push_replaced(rel(e0)..rel(e1), o.src_start()..o.src_end());
                } else {
                    let src = o.src_start() + (e0 - o.text_start()) * o.scale();
                    out.push_scaled(rel(e0)..rel(e1), src, o.scale() * seg.scale());
                }
            }
        }
        out.shrink();
        out
    }

    /// Gives back the room a growing map of several runs keeps spare (a map of one run holds it
    /// inline and keeps none).
    pub fn shrink(&mut self) {
        self.segments.shrink_to_fit();
    }

    /// The source range of the text range `range`.
    pub fn range(&self, range: Range<usize>) -> Range<usize> {
        if range.is_empty() {
            let at = self.start_of(range.start);
            return at..at;
        }
        self.start_of(range.start)..self.end_of(range.end)
    }
}

/// Builds a tidied text and its [`SourceMap`] from pieces of a source text.
///
/// Whitespace runs (including across pieces and line breaks) become one space mapped to the
/// whole run; leading and trailing whitespace is dropped.
#[derive(Debug, Default)]
pub struct TextBuilder {
    text: String,
    map: SourceMap,
    pending_space: Option<Range<usize>>,
}

impl TextBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether nothing but whitespace has been pushed.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Appends `piece`, which is the source text starting at byte `src_start`, copied as is.
    pub fn push_copied(&mut self, piece: &str, src_start: usize) {
        // Words between single spaces (most lines of prose) come out as they are, in one
        // segment of the map: copied at once, they give what copying word by word gives.
        if single_spaced(piece) {
            self.copy_run(piece, src_start);
        } else {
            self.push_words(piece, src_start);
        }
    }

    /// [`TextBuilder::push_copied`] word by word: each run of whitespace becomes a pending
    /// space.
    fn push_words(&mut self, piece: &str, src_start: usize) {
        let mut run_start: Option<usize> = None;
        for (i, ch) in piece.char_indices() {
            if ch.is_whitespace() {
                if let Some(start) = run_start.take() {
                    self.copy_run(&piece[start..i], src_start + start);
                }
                let ws = src_start + i..src_start + i + ch.len_utf8();
                self.space(ws);
            } else if run_start.is_none() {
                run_start = Some(i);
            }
        }
        if let Some(start) = run_start {
            self.copy_run(&piece[start..], src_start + start);
        }
    }

    /// Appends `piece` as the stand-in for the source bytes `src` (a decoded entity, say).
    pub fn push_replaced(&mut self, piece: &str, src: Range<usize>) {
        if piece.chars().all(char::is_whitespace) {
            self.space(src);
            return;
        }
        if piece.starts_with(char::is_whitespace) {
            self.space(src.start..src.start);
        }
        let trailing = piece.ends_with(char::is_whitespace);
        let piece = piece.trim();
        self.flush_space();
        let start = self.text.len();
        let mut last_ws = false;
        for ch in piece.chars() {
            if ch.is_whitespace() {
                if !last_ws {
                    self.text.push(' ');
                }
                last_ws = true;
            } else {
                self.text.push(ch);
                last_ws = false;
            }
        }
        self.map.push_replaced(start..self.text.len(), src.clone());
        if trailing {
            self.space(src.end..src.end);
        }
    }

    /// Appends a word break standing for the source bytes `src` (a line break, a `<br>`).
    pub fn space(&mut self, src: Range<usize>) {
        match &mut self.pending_space {
            Some(run) => run.end = run.end.max(src.end),
            None => self.pending_space = Some(src),
        }
    }

    /// The finished text and its map.
    pub fn finish(self) -> (String, SourceMap) {
        (self.text, self.map)
    }

    /// Appends `run`, the source text from `src_start`, after any space pending.
    fn copy_run(&mut self, run: &str, src_start: usize) {
        self.flush_space();
        let start = self.text.len();
        self.text.push_str(run);
        self.map.push_scaled(start..self.text.len(), src_start, 1);
    }

    fn flush_space(&mut self) {
        if let Some(ws) = self.pending_space.take()
            && !self.text.is_empty()
        {
            let start = self.text.len();
            self.text.push(' ');
            if ws.len() == 1 {
                // One byte for one byte maps the same whether copied or replaced; as a copy
                // it joins the words around it into one segment, which keeps maps of plain
                // prose a segment or two long instead of one per word.
                self.map.push_scaled(start..start + 1, ws.start, 1);
            } else {
                self.map.push_replaced(start..start + 1, ws);
            }
        }
    }
}

/// Whether `text` is words separated by single spaces: no other whitespace, none at either end
/// and no two spaces together.
fn single_spaced(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.first().is_none_or(|&b| b == b' ') || bytes.last() == Some(&b' ') {
        return false;
    }
    // Only the bytes that may begin whitespace are looked at: a table says which, and the
    // rest of a text (nearly all of it) is passed over a byte at a time on one look-up.
    let mut at = 0;
    while let Some(k) = bytes[at..]
        .iter()
        .position(|&b| MAY_BE_SPACE[usize::from(b)])
    {
        let i = at + k;
        match bytes[i] {
            b' ' if bytes.get(i + 1) == Some(&b' ') => return false,
            b' ' => {}
            // The lead bytes of every other whitespace character (U+0085, U+00A0, U+1680,
            // U+2000–U+205F, U+3000): the character is looked at whole.
            0xc2 | 0xe1 | 0xe2 | 0xe3 => {
                if text[i..].chars().next().is_some_and(char::is_whitespace) {
                    return false;
                }
            }
            // Tab, line feed, vertical tab, form feed, carriage return.
            _ => return false,
        }
        at = i + 1;
    }
    true
}

/// The bytes [`single_spaced`] looks at: ASCII whitespace and the lead bytes of the other
/// whitespace characters.
const MAY_BE_SPACE: [bool; 256] = {
    let mut table = [false; 256];
    let bytes = [
        b' ', b'\t', b'\n', 0x0b, 0x0c, b'\r', 0xc2, 0xe1, 0xe2, 0xe3,
    ];
    let mut k = 0;
    while k < bytes.len() {
        table[bytes[k] as usize] = true;
        k += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copied_text_maps_exactly_and_whitespace_collapses() {
        let src = "  Hello \r\n  world.  ";
        let mut b = TextBuilder::new();
        b.push_copied(src, 0);
        let (text, map) = b.finish();
        assert_eq!(text, "Hello world.");
        assert_eq!(map.range(0..5), 2..7);
        assert_eq!(map.range(6..12), 12..18);
        assert_eq!(&src[map.range(0..12)], "Hello \r\n  world.");
    }

    #[test]
    fn replaced_text_maps_to_its_whole_source() {
        let mut b = TextBuilder::new();
        b.push_copied("Tom ", 10);
        b.push_replaced("&", 14..19);
        b.push_copied(" Jerry", 19);
        let (text, map) = b.finish();
        assert_eq!(text, "Tom & Jerry");
        assert_eq!(map.range(4..5), 14..19);
        assert_eq!(map.range(0..11), 10..25);
    }

    #[test]
    fn a_sentence_s_map_through_both_stages_holds_one_run_inline_or_several() {
        // A block "Tom & Jerry. Fish." read from file offset 10, in a text decoded after a
        // three-byte BOM.
        let decoded = SourceMap::shifted(100, 3);
        let mut b = TextBuilder::new();
        b.push_copied("Tom ", 10);
        b.push_replaced("&", 14..19);
        b.push_copied(" Jerry. Fish.", 19);
        let (text, block) = b.finish();
        assert_eq!(text, "Tom & Jerry. Fish.");
        let one = block.compose(&decoded, 13..18);
        assert!(matches!(one.segments, Segments::One(_)), "{one:?}");
        assert_eq!(one.range(0..5), 30..35);
        assert_eq!(one.range(1..3), 31..33);
        let many = block.compose(&decoded, 0..12);
        assert!(matches!(many.segments, Segments::Many(_)), "{many:?}");
        assert_eq!(many.range(0..3), 13..16);
        assert_eq!(many.range(4..5), 17..22);
        assert_eq!(many.range(0..12), 13..29);
        // One run is the same map whichever way it is held.
        let run = Segment::new(0..5, 30..35, 1);
        let held_apart = SourceMap {
            segments: Segments::Many(Box::new(vec![run])),
        };
        assert_eq!(one, held_apart);
        assert_ne!(many, held_apart);
    }

    /// A file of millions of one-word lines keeps a map a sentence: one run is held inline,
    /// in 32-bit offsets, and a map of several runs is one pointer.
    #[test]
    fn a_map_is_the_size_of_one_run() {
        assert!(size_of::<SourceMap>() <= 24, "{}", size_of::<SourceMap>());
        let mut map = SourceMap::default();
        map.push_scaled(0..3, u32::MAX as usize - 3, 1);
        assert_eq!(map.range(0..3), u32::MAX as usize - 3..u32::MAX as usize);
    }

    #[test]
    fn scaled_runs_map_utf16_style() {
        let mut map = SourceMap::default();
        map.push_scaled(0..5, 2, 2);
        assert_eq!(map.range(1..3), 4..8);
    }

    /// What `push_copied` makes of `pieces`, built word by word as it does when a piece is
    /// not single-spaced.
    fn word_by_word(pieces: &[(&str, usize)]) -> (String, SourceMap) {
        let mut b = TextBuilder::new();
        for &(piece, src_start) in pieces {
            b.push_words(piece, src_start);
        }
        b.finish()
    }

    proptest::proptest! {
        #![proptest_config(crate::testing::cases(2000))]

        #[test]
        fn a_single_spaced_piece_copied_at_once_is_what_word_by_word_gives(
            pieces in proptest::collection::vec("[ab \t\n\u{a0}\u{2009}\u{3000}’—é]{0,12}", 1..4),
        ) {
            // Each piece follows the one before in the source, a byte on.
            let mut placed = Vec::new();
            let mut at = 0;
            for p in &pieces {
                placed.push((p.as_str(), at));
                at += p.len() + 1;
            }
            let mut b = TextBuilder::new();
            for &(piece, src_start) in &placed {
                b.push_copied(piece, src_start);
            }
            proptest::prop_assert_eq!(b.finish(), word_by_word(&placed));
        }

        /// Single-spaced: words (no whitespace in them) with one space between.
        #[test]
        fn single_spaced_is_words_one_space_apart(
            text in "[ab \t\n\r\x0b\x0c\u{85}\u{a0}\u{2009}\u{3000}\u{1680}’—é]{0,12}",
        ) {
            let words = !text.is_empty()
                && text.split(' ').all(|w| !w.is_empty() && !w.contains(char::is_whitespace));
            proptest::prop_assert_eq!(single_spaced(&text), words);
        }
    }
}
