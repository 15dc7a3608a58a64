//! Soft wrapping of styled text by display width.
//!
//! Widths count grapheme clusters with `unicode-width` (CJK and emoji take two columns), after
//! unsafe characters were replaced by their visible placeholders, so what is measured is what
//! is drawn. Lines break at spaces; a word wider than the line is broken between graphemes.
//!
//! Where lines break depends on the text alone, never on how it is inked: the pieces are
//! joined before they are cut into graphemes and words. That is what lets the reader know
//! every passage's height ([`line_count`]) without computing its word differences.

use std::ops::Range;

use unicode_segmentation::GraphemeCursor;
use unicode_width::UnicodeWidthStr;

use super::Ink;
use crate::visible::visible;

/// A run of text in one ink.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// Safe text (no control characters).
    pub text: String,
    /// How it is to be shown.
    pub ink: Ink,
}

/// One wrapped line: spans whose total width is at most the wrap width.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Line {
    /// The spans, left to right.
    pub spans: Vec<Span>,
    /// Display width of the line.
    pub width: usize,
}

impl Line {
    /// Adds `text` in `ink` (its width is counted by the caller).
    fn push(&mut self, text: &str, ink: Ink) {
        match self.spans.last_mut() {
            Some(last) if last.ink == ink => last.text.push_str(text),
            _ => self.spans.push(Span {
                text: text.to_owned(),
                ink,
            }),
        }
    }
}

/// What wrapping produces, in order: line breaks and the text placed on the current line.
trait Sink {
    /// Starts a new line.
    fn new_line(&mut self);
    /// Places the space before a word, whose white space starts at byte `at`.
    fn space(&mut self, at: usize);
    /// Places the text at bytes `range` of the joined text, `width` columns wide: one
    /// grapheme, or a whole word that fits on its line when [`Sink::WHOLE_WORDS`].
    fn put(&mut self, range: Range<usize>, width: usize);
    /// Whether a word that fits on its line may be placed in one piece.
    const WHOLE_WORDS: bool;
}

/// The grapheme clusters of a word.
enum Clusters<'t> {
    /// Printable ASCII: each byte is one, one column wide.
    Ascii,
    /// Those of the word in this text, segmented again when needed: a word starts and ends at
    /// cluster boundaries, and within it they depend on its characters alone.
    Unicode(&'t str),
}

/// Wraps safe `text` into lines of at most `width` columns (at least 1), telling `sink`.
///
/// A word (graphemes between whitespace) goes on the current line when it fits after a space,
/// else on a new line; a word wider than a whole line is broken between graphemes. The space
/// before a word is one column whatever the whitespace was, and no line starts with it.
fn lay_out(text: &str, width: usize, sink: &mut impl Sink) {
    let mut breaker = Breaker {
        width: width.max(1),
        used: 0,
        started: false,
        sink,
    };
    let bytes = text.as_bytes();
    if bytes.iter().all(|b| (0x20..0x7f).contains(b)) {
        // Printable ASCII (most text once made visible): words are the runs between spaces.
        let mut space_at = None;
        let mut at = 0;
        while at < bytes.len() {
            if bytes[at] == b' ' {
                space_at.get_or_insert(at);
                at += 1;
                continue;
            }
            let start = at;
            while at < bytes.len() && bytes[at] != b' ' {
                at += 1;
            }
            breaker.word(start..at, at - start, Clusters::Ascii, space_at.take());
        }
        return;
    }
    // A word is kept as its range and width; its clusters are listed again only if it has to
    // be broken over lines.
    let mut word: Option<Range<usize>> = None;
    let mut word_width = 0;
    let mut space_at: Option<usize> = None;
    graphemes(text, |start, end| {
        let g = &text[start..end];
        let one = (end == start + 1).then(|| bytes[start]);
        let white = match one {
            Some(b) => b.is_ascii_whitespace() || b == 0x0B,
            None => g.chars().all(char::is_whitespace),
        };
        if white {
            if let Some(range) = word.take() {
                breaker.word(range, word_width, Clusters::Unicode(text), space_at.take());
                word_width = 0;
            }
            space_at.get_or_insert(start);
        } else {
            word_width += cluster_width(g);
            word = Some(word.as_ref().map_or(start, |w| w.start)..end);
        }
    });
    if let Some(range) = word {
        breaker.word(range, word_width, Clusters::Unicode(text), space_at);
    }
}

/// The display width of a grapheme cluster.
fn cluster_width(g: &str) -> usize {
    match g.as_bytes() {
        [b] if b.is_ascii_graphic() => 1,
        _ => UnicodeWidthStr::width(g),
    }
}

/// Calls `each(start, end)` for every grapheme cluster of `text`, in order: the clusters of
/// `text.grapheme_indices(true)`, found without segmenting where it cannot matter.
///
/// An ASCII character followed by another (or by nothing) is a cluster of its own, but for
/// CR LF; only around other characters is the Unicode segmentation asked, from that position.
/// Most text is mostly ASCII.
fn graphemes(text: &str, mut each: impl FnMut(usize, usize)) {
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let next = bytes.get(at + 1).copied();
        let end = if bytes[at] == b'\r' && next == Some(b'\n') {
            at + 2
        } else if bytes[at] < 0x80 && next.is_none_or(|b| b < 0x80) {
            at + 1
        } else {
            let mut cursor = GraphemeCursor::new(at, text.len(), true);
            match cursor.next_boundary(text, 0) {
                Ok(Some(end)) if end > at => end,
                // The whole text is given, so no more context can be asked for; should it be,
                // the character alone is the cluster.
                _ => at + text[at..].chars().next().map_or(1, char::len_utf8),
            }
        };
        each(at, end);
        at = end;
    }
}

/// The state of [`lay_out`] between words.
struct Breaker<'a, S> {
    width: usize,
    /// Width of the current line.
    used: usize,
    /// Whether a word was placed (the first has no space before it).
    started: bool,
    sink: &'a mut S,
}

impl<S: Sink> Breaker<'_, S> {
    fn new_line(&mut self) {
        self.sink.new_line();
        self.used = 0;
    }

    /// Places the word at bytes `range`, `word_width` columns wide, with the white space
    /// before it at byte `space_at`.
    fn word(
        &mut self,
        range: Range<usize>,
        word_width: usize,
        clusters: Clusters,
        space_at: Option<usize>,
    ) {
        let space_before = if self.started { space_at } else { None };
        self.started = true;
        let width = self.width;
        let used = self.used;
        let space = usize::from(used > 0 && space_before.is_some());
        if used > 0 && used + space + word_width > width && word_width <= width {
            self.new_line();
        } else if space == 1
            && let Some(at) = space_before
            && used + 1 < width
        {
            self.sink.space(at);
            self.used += 1;
        } else if space == 1 {
            self.new_line();
        }
        if S::WHOLE_WORDS && self.used + word_width <= width {
            // It fits whole: no grapheme of it can start a line.
            self.sink.put(range, word_width);
            self.used += word_width;
            return;
        }
        let mut place = |start: usize, end: usize, gw: usize| {
            if self.used > 0 && self.used + gw > width {
                self.new_line();
            }
            self.sink.put(start..end, gw);
            self.used += gw;
        };
        match clusters {
            Clusters::Ascii => range.for_each(|at| place(at, at + 1, 1)),
            Clusters::Unicode(text) => {
                let word = &text[range.clone()];
                graphemes(word, |a, b| {
                    place(range.start + a, range.start + b, cluster_width(&word[a..b]));
                });
            }
        }
    }
}

/// Builds [`Line`]s, inking each piece of text with the ink of the piece it came from.
struct Lines<'a> {
    lines: Vec<Line>,
    /// The joined text.
    text: &'a str,
    /// Where each piece ends in the joined text, with its ink.
    ends: &'a [(usize, Ink)],
    /// The piece the last text came from (text arrives in order).
    piece: usize,
}

impl Sink for Lines<'_> {
    fn new_line(&mut self) {
        self.lines.push(Line::default());
    }

    fn space(&mut self, at: usize) {
        self.put_in_ink(" ", at, 1);
    }

    fn put(&mut self, range: Range<usize>, width: usize) {
        // A grapheme or a whole word; each grapheme in the ink of the piece it starts in.
        let text = self.text;
        let word = &text[range.clone()];
        self.advance_to(range.start);
        if self
            .ends
            .get(self.piece)
            .is_some_and(|&(end, _)| range.end <= end)
        {
            // Within one piece: one ink.
            self.put_in_ink(word, range.start, width);
            return;
        }
        if let Some(line) = self.lines.last_mut() {
            line.width += width;
        }
        if word.is_ascii() {
            // Each character of an ASCII word is a grapheme: the word is cut where pieces end.
            let mut at = range.start;
            while at < range.end {
                self.advance_to(at);
                let end = self.ends.get(self.piece).map_or(range.end, |&(end, _)| end);
                let end = end.min(range.end);
                self.put_in_ink(&text[at..end], at, 0);
                at = end;
            }
        } else {
            graphemes(word, |a, b| {
                self.put_in_ink(&word[a..b], range.start + a, 0);
            });
        }
    }

    const WHOLE_WORDS: bool = true;
}

impl Lines<'_> {
    /// Moves on to the piece that byte `at` of the joined text is in.
    fn advance_to(&mut self, at: usize) {
        while self.ends.get(self.piece).is_some_and(|&(end, _)| end <= at) {
            self.piece += 1;
        }
    }

    fn put_in_ink(&mut self, text: &str, at: usize, width: usize) {
        self.advance_to(at);
        let (Some(&(_, ink)), Some(line)) = (self.ends.get(self.piece), self.lines.last_mut())
        else {
            return;
        };
        line.width += width;
        line.push(text, ink);
    }
}

/// Wraps `pieces` (text, ink) into lines of at most `width` columns (at least 1).
///
/// Lines break only at whitespace; a word wider than a whole line is broken between graphemes.
/// The breaks are those of the joined text whatever the inks ([`line_count`] counts them).
pub fn wrap(pieces: &[(String, Ink)], width: usize) -> Vec<Line> {
    let mut text = String::new();
    let mut ends = Vec::with_capacity(pieces.len());
    for (piece, ink) in pieces {
        text.push_str(&visible(piece));
        ends.push((text.len(), *ink));
    }
    let mut lines = Lines {
        lines: vec![Line::default()],
        text: &text,
        ends: &ends,
        piece: 0,
    };
    lay_out(&text, width, &mut lines);
    lines.lines
}

/// How many lines [`wrap`] makes of `text` at `width`, and how many of them are left once
/// trailing empty lines are dropped (at least 1): without building them.
pub fn line_count(text: &str, width: usize) -> LineCount {
    let mut counter = Counter {
        lines: 1,
        used: 0,
        current: 0,
    };
    lay_out(&visible(text), width, &mut counter);
    let saturated = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    LineCount {
        lines: saturated(counter.lines),
        used: saturated(counter.used.max(1)),
    }
}

/// Counts what [`lay_out`] places.
struct Counter {
    lines: usize,
    /// The last line with something visible on it (from 1; 0 for none yet).
    used: usize,
    /// Width of the current line.
    current: usize,
}

impl Sink for Counter {
    fn new_line(&mut self) {
        self.lines += 1;
        self.current = 0;
    }

    fn space(&mut self, _: usize) {
        self.put(0..0, 1);
    }

    const WHOLE_WORDS: bool = true;

    fn put(&mut self, _: Range<usize>, width: usize) {
        self.current += width;
        if self.current > 0 {
            self.used = self.lines;
        }
    }
}

/// What [`line_count`] finds.
///
/// In 32 bits (saturating), as the reader keeps one for each column of every passage: a book
/// of short lines has millions, and no column under the loader's size limit wraps to 2³²
/// lines.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LineCount {
    /// Lines [`wrap`] makes (at least 1).
    pub lines: u32,
    /// Lines up to the last that is not empty (at least 1).
    pub used: u32,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::Tone;
    use unicode_segmentation::UnicodeSegmentation;

    fn plain(t: &str) -> Vec<(String, Ink)> {
        vec![(t.to_owned(), Tone::Plain.into())]
    }

    fn texts(lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.spans.iter().map(|s| &*s.text).collect())
            .collect()
    }

    #[test]
    fn wraps_at_spaces_within_width() {
        let lines = wrap(&plain("the quick brown fox jumps"), 10);
        assert_eq!(texts(&lines), vec!["the quick", "brown fox", "jumps"]);
        assert!(lines.iter().all(|l| l.width <= 10));
    }

    #[test]
    fn wide_characters_take_two_columns() {
        let lines = wrap(&plain("日本語のテキスト"), 6);
        assert_eq!(texts(&lines), vec!["日本語", "のテキ", "スト"]);
        assert!(lines.iter().all(|l| l.width <= 6));
    }

    #[test]
    fn control_characters_are_made_visible_before_measuring() {
        let lines = wrap(&plain("a\x1b[2Jb"), 80);
        assert_eq!(texts(&lines), vec!["a␛[2Jb"]);
        assert_eq!(lines[0].width, 6);
    }

    #[test]
    fn quotes_never_part_from_their_word() {
        let lines = wrap(&plain("to “completely free the Kursk” region"), 12);
        assert_eq!(
            texts(&lines),
            vec!["to", "“completely", "free the", "Kursk”", "region"]
        );
    }

    #[test]
    fn marked_runs_keep_their_tone_across_spaces() {
        let pieces = vec![
            ("a ".to_owned(), Tone::Plain.into()),
            ("b c".to_owned(), Tone::Removed.into()),
            (" d".to_owned(), Tone::Plain.into()),
        ];
        let lines = wrap(&pieces, 80);
        let tones: Vec<(String, Tone)> = lines[0]
            .spans
            .iter()
            .map(|s| (s.text.clone(), s.ink.tone))
            .collect();
        assert_eq!(
            tones,
            vec![
                ("a ".to_owned(), Tone::Plain),
                ("b c".to_owned(), Tone::Removed),
                (" d".to_owned(), Tone::Plain)
            ]
        );
    }

    #[test]
    fn a_word_that_fills_the_line_exactly_stays_on_it() {
        assert_eq!(texts(&wrap(&plain("abc def"), 7)), ["abc def"]);
        assert_eq!(texts(&wrap(&plain("abc def"), 6)), ["abc", "def"]);
        // A wrapped line never starts with the space before its first word.
        assert_eq!(
            texts(&wrap(&plain("abc def ghi"), 4)),
            ["abc", "def", "ghi"]
        );
    }

    #[test]
    fn a_word_wider_than_the_line_is_broken_at_the_width() {
        assert_eq!(texts(&wrap(&plain("abcdefgh"), 4)), ["abcd", "efgh"]);
        // After a word, a long one starts on the same line only where a space and a
        // character of it still fit; no line ends in a space.
        assert_eq!(
            texts(&wrap(&plain("abc defghijk"), 4)),
            ["abc", "defg", "hijk"]
        );
        assert_eq!(
            texts(&wrap(&plain("ab defghijk"), 4)),
            ["ab d", "efgh", "ijk"]
        );
    }

    #[test]
    fn a_character_wider_than_the_line_gets_a_line_of_its_own() {
        assert_eq!(texts(&wrap(&plain("日本"), 1)), ["日", "本"]);
        assert_eq!(texts(&wrap(&plain("a 日"), 1)), ["a", "日"]);
    }

    #[test]
    fn a_word_in_two_tones_keeps_both() {
        let pieces = vec![
            ("un".to_owned(), Tone::Removed.into()),
            ("done".to_owned(), Tone::Plain.into()),
        ];
        let lines = wrap(&pieces, 80);
        let tones: Vec<(&str, Tone)> = lines[0]
            .spans
            .iter()
            .map(|s| (&*s.text, s.ink.tone))
            .collect();
        assert_eq!(tones, [("un", Tone::Removed), ("done", Tone::Plain)]);
    }

    #[test]
    fn emoji_zwj_sequences_stay_whole() {
        let lines = wrap(&plain("👩‍👩‍👧 family"), 20);
        assert_eq!(texts(&lines), vec!["👩‍👩‍👧 family"]);
    }

    #[test]
    fn a_grapheme_cut_between_two_inks_stays_whole_and_takes_the_first_ink() {
        // A mark that ends inside "e" + combining acute: one grapheme, one column.
        let pieces = vec![
            ("cafe".to_owned(), Tone::Removed.into()),
            ("\u{301} au lait".to_owned(), Tone::Plain.into()),
        ];
        let lines = wrap(&pieces, 6);
        assert_eq!(texts(&lines), ["cafe\u{301}", "au", "lait"]);
        assert_eq!(lines[0].width, 4);
        assert_eq!(lines[0].spans.len(), 1, "{:?}", lines[0].spans);
    }

    #[test]
    fn counting_lines_agrees_with_wrapping_on_the_edge_cases() {
        for (text, width) in [
            ("", 5),
            ("   ", 5),
            ("abc def", 7),
            ("abc def", 6),
            ("ab defghijk", 4),
            ("日本", 1),
            ("a\x1b[2Jb c", 3),
            ("\u{200B}", 4),
        ] {
            let lines = wrap(&plain(text), width);
            let used = lines.iter().rposition(|l| l.width > 0).map_or(1, |i| i + 1);
            assert_eq!(
                line_count(text, width),
                LineCount {
                    lines: lines.len() as u32,
                    used: used as u32
                },
                "{text:?} at {width}"
            );
        }
    }

    /// A space other than ASCII's (an ideographic space, as Japanese text has) separates
    /// words like any other: the line breaks there, not inside the next word.
    #[test]
    fn a_wide_space_separates_words() {
        let lines = wrap(&plain("日本語\u{3000}テキスト"), 10);
        assert_eq!(texts(&lines), vec!["日本語", "テキスト"]);
    }

    #[test]
    fn clusters_are_those_of_unicode_segmentation() {
        for text in [
            "plain ascii, with 'quotes'.\r\n",
            // A note of two lines: only CR LF is one cluster, not a character before LF.
            "a note\non two lines\n",
            "café, cafe\u{301}, naïve",
            "flags 🇩🇪🇫🇷🇮🇹 and 👩\u{200D}👩\u{200D}👧 family",
            "e\u{301}\u{302}x \u{301}start",
            "日本語のテキスト “quoted” — dash",
            "\u{1100}\u{1161}\u{11A8} hangul",
        ] {
            let mut ours = Vec::new();
            graphemes(text, |a, b| ours.push(&text[a..b]));
            let theirs: Vec<&str> = text.graphemes(true).collect();
            assert_eq!(ours, theirs, "{text:?}");
        }
    }

    proptest::proptest! {
        #![proptest_config(crate::testing::cases(256))]

        /// Inks never move a line break: the reader counts a passage's rows from its text
        /// alone and fills them in only when they come into view.
        #[test]
        fn breaks_depend_on_the_text_not_on_the_inks(
            words in proptest::collection::vec("[a-z]{1,12}|[日本語]{1,3}|e\u{301}|👩\u{200D}👧| {1,2}|\x1b", 0..30),
            cuts in proptest::collection::vec(0usize..200, 0..8),
            width in 1usize..30,
        ) {
            let text: String = words.concat();
            let mut at: Vec<usize> = cuts.into_iter().map(|c| c % (text.len() + 1)).filter(|&c| text.is_char_boundary(c)).collect();
            at.extend([0, text.len()]);
            at.sort_unstable();
            at.dedup();
            let tones = [Tone::Plain, Tone::Removed, Tone::Added];
            let pieces: Vec<(String, Ink)> = at
                .windows(2)
                .enumerate()
                .map(|(i, w)| (text[w[0]..w[1]].to_owned(), tones[i % 3].into()))
                .collect();
            let mut ours = Vec::new();
            graphemes(&text, |a, b| ours.push(&text[a..b]));
            proptest::prop_assert_eq!(ours, text.graphemes(true).collect::<Vec<_>>());
            let inked = wrap(&pieces, width);
            let bare = wrap(&plain(&text), width);
            proptest::prop_assert_eq!(texts(&inked), texts(&bare));
            let widths = |ls: &[Line]| ls.iter().map(|l| l.width).collect::<Vec<_>>();
            proptest::prop_assert_eq!(widths(&inked), widths(&bare));
            let used = bare.iter().rposition(|l| l.width > 0).map_or(1, |i| i + 1);
            proptest::prop_assert_eq!(line_count(&text, width), LineCount { lines: bare.len() as u32, used: used as u32 });
            for l in &inked {
                proptest::prop_assert!(l.width <= width || l.spans.iter().map(|s| s.text.graphemes(true).count()).sum::<usize>() == 1);
            }
            // Each grapheme in the ink of the piece it starts in (white space aside: the
            // wrapping turns it into single spaces and line ends).
            let mut joined = String::new();
            let mut expected = Vec::new();
            for (piece, ink) in &pieces {
                let start = joined.len();
                joined.push_str(&visible(piece));
                expected.push((start, joined.len(), *ink));
            }
            let ink_at = |at: usize| expected.iter().find(|&&(s, e, _)| s <= at && at < e).map(|&(_, _, ink)| ink);
            let dark = |g: &str| !g.chars().all(char::is_whitespace);
            let want: Vec<(String, Option<Ink>)> = joined
                .grapheme_indices(true)
                .filter(|(_, g)| dark(g))
                .map(|(at, g)| (g.to_owned(), ink_at(at)))
                .collect();
            let got: Vec<(String, Option<Ink>)> = inked
                .iter()
                .flat_map(|l| &l.spans)
                .flat_map(|s| s.text.graphemes(true).filter(|g| dark(g)).map(|g| (g.to_owned(), Some(s.ink))))
                .collect();
            proptest::prop_assert_eq!(got, want);
        }
    }
}
