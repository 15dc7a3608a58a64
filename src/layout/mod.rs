//! Layout: an [`Alignment`] of two documents → passages → wrapped, styled lines per side.
//!
//! Pure and terminal-free, so the reader (`ui`) and the plain-text output (`export::text`)
//! share it. [`passages`] orders what is shown; [`PassageView::new`] builds one passage's two
//! columns at a given width, with the engine's word-level differences as [`Tone`]s, and pads
//! the shorter column so the next pair starts level.
//!
//! Highlights are layers, each text run's [`Ink`]: the word differences (its tone) and, on
//! top, the fact discrepancies covering it ([`FactIds`]). Facts never replace the word
//! differences, so whoever shows them (the reader, the reports) can show both.

pub mod passage;
pub mod rearranged;
pub mod wrap;

pub use passage::{Counts, Passage, PassageKind, passages, passages_in_slices};
pub use rearranged::{Rearranged, rearranged};
pub use wrap::{Line, LineCount, Span, wrap};

use std::ops::Range;

use crate::align::Alignment;
use crate::align::alignment::Side as Which;
use crate::align::word_diff::Mark;
use crate::facts::FactMark;
use crate::load::Document;

/// Above this share of its text marked as changed, a changed link is shown as "reworded":
/// shared key terms marked instead of every changed word, which would shred the sentence.
pub const REWORDED_ABOVE: f32 = 0.55;

/// What a span of text is, for styling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tone {
    /// Ordinary text (equal words, or the unchanged part of a changed passage).
    Plain,
    /// A heading's text.
    Heading,
    /// Words only the left side has.
    Removed,
    /// Words only the right side has.
    Added,
    /// Key terms both sides share, in a reworded passage.
    Shared,
    /// A passage only one side has.
    Unique,
    /// Text of a moved passage that its counterpart has too.
    Moved,
}

/// The fact findings a run of text belongs to, as indexes into
/// [`crate::facts::Facts::findings`]. At most two are kept (a figure inside a quotation, the
/// most that overlap in practice); empty for text no discrepancy covers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct FactIds([u32; 2]);

impl FactIds {
    /// Whether no finding covers the text.
    pub fn is_empty(self) -> bool {
        self.0[0] == 0
    }

    /// Whether finding `index` covers the text.
    pub fn contains(self, index: usize) -> bool {
        self.0.iter().any(|&x| x != 0 && x as usize == index + 1)
    }

    /// These and finding `index` (kept when there is room).
    pub fn with(mut self, index: usize) -> FactIds {
        let id = u32::try_from(index + 1).unwrap_or(u32::MAX);
        if !self.0.contains(&id)
            && let Some(free) = self.0.iter_mut().find(|x| **x == 0)
        {
            *free = id;
        }
        self
    }
}

/// How a run of text is shown: its tone (the word differences, or the passage's kind) and, as
/// a layer on top, the fact discrepancies that cover it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Ink {
    /// What the word differences say of it.
    pub tone: Tone,
    /// The discrepancies it is part of.
    pub facts: FactIds,
}

impl From<Tone> for Ink {
    fn from(tone: Tone) -> Ink {
        Ink {
            tone,
            facts: FactIds::default(),
        }
    }
}

/// Text to mark as facts on each side, sorted by sentence and position.
#[derive(Debug, Clone, Copy, Default)]
pub struct FactMarks<'a> {
    /// Marks in the left document.
    pub left: &'a [FactMark],
    /// Marks in the right document.
    pub right: &'a [FactMark],
}

/// The highlights a passage is laid out with.
#[derive(Debug, Clone, Copy)]
pub struct Highlights<'a> {
    /// Whether word differences are marked (when not, changed text is shown plain).
    pub words: bool,
    /// The facts to mark.
    pub facts: FactMarks<'a>,
    /// What the word differences leave out.
    pub ignore: crate::align::word_diff::Ignore,
}

impl Default for Highlights<'_> {
    fn default() -> Self {
        Highlights {
            words: true,
            facts: FactMarks::default(),
            ignore: Default::default(),
        }
    }
}

/// Text to wrap: runs of text, each in one ink.
pub type Pieces = Vec<(String, Ink)>;

/// One passage laid out at a width: two columns of equal height.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PassageView {
    /// Lines of the left column (padded with empty lines to `height`).
    pub left: Vec<Line>,
    /// Lines of the right column (padded with empty lines to `height`).
    pub right: Vec<Line>,
    /// Rows the passage takes.
    pub height: usize,
    /// Whether a changed passage is shown as reworded (shared terms marked).
    pub reworded: bool,
}

impl PassageView {
    /// Lays `passage` out with columns `width` wide, with `highlights`.
    ///
    /// With `markers`, marked words are also written with text markers (`[-removed-]`,
    /// `{+added+}`, `_shared_`, `‹fact›`), for output where styles cannot be shown.
    pub fn new(
        left: &Document,
        right: &Document,
        alignment: &Alignment,
        passage: &Passage,
        highlights: Highlights,
        width: usize,
        markers: bool,
    ) -> PassageView {
        let (mut lp, mut rp, reworded) = pieces(left, right, alignment, passage, highlights);
        if markers {
            add_markers(&mut lp);
            add_markers(&mut rp);
        }
        let mut l = if passage.left.is_empty() {
            Vec::new()
        } else {
            wrap(&lp, width)
        };
        let mut r = if passage.right.is_empty() {
            Vec::new()
        } else {
            wrap(&rp, width)
        };
        let height = l.len().max(r.len()).max(1);
        l.resize(height, Line::default());
        r.resize(height, Line::default());
        PassageView {
            left: l,
            right: r,
            height,
            reworded,
        }
    }
}

/// How many lines [`PassageView::new`] gives the sentences `range` of `doc` at `width`, counted
/// without building them (line breaks depend on the text alone, never on its marks); `None`
/// for a side the passage does not have. The sentences are joined as [`side`] joins them.
pub fn column_lines(doc: &Document, range: Range<usize>, width: usize) -> Option<LineCount> {
    let sentences = doc.sentences.get_range(range)?;
    if sentences.len() == 0 {
        return None;
    }
    let mut text = String::with_capacity(sentences.clone().map(|s| s.text.len() + 1).sum());
    for s in sentences {
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(s.text);
    }
    Some(wrap::line_count(&text, width))
}

/// The gutter label of a passage: a kind symbol and, for links, the similarity (`↔` marks a
/// link made by hand, `↺` a one-sided passage that repeats what a linked one of its side says).
pub fn gutter_label(passage: &Passage, alignment: &Alignment, reworded: bool) -> String {
    let repeat = alignment.repeats.iter().find(|r| match passage.kind {
        PassageKind::LeftOnly => passage.left.contains(&r.left) && r.repeating == Which::Left,
        PassageKind::RightOnly => passage.right.contains(&r.right) && r.repeating == Which::Right,
        _ => false,
    });
    if let Some(r) = repeat {
        let arrow = if r.repeating == Which::Left {
            "↺"
        } else {
            "↻"
        };
        return format!("{arrow}{}", similarity_digits(r.similarity));
    }
    let sim = passage
        .link
        .and_then(|k| alignment.links.get(k))
        .map(|l| similarity_digits(l.similarity));
    let manual = passage
        .link
        .and_then(|k| alignment.links.get(k))
        .is_some_and(|l| l.manual);
    match passage.kind {
        // A hand-made link says so (the similarity is then the plain word overlap).
        PassageKind::Moved if manual && passage.right.is_empty() => "»↔".to_owned(),
        PassageKind::Moved if manual => "«↔".to_owned(),
        PassageKind::Equal | PassageKind::Changed if manual => {
            format!("↔{}", sim.unwrap_or_default())
        }
        PassageKind::Equal => "=".to_owned(),
        PassageKind::Changed if reworded => format!("≈{}", sim.unwrap_or_default()),
        PassageKind::Changed => format!("~{}", sim.unwrap_or_default()),
        PassageKind::Moved if passage.right.is_empty() => format!("»{}", sim.unwrap_or_default()),
        PassageKind::Moved => format!("«{}", sim.unwrap_or_default()),
        PassageKind::LeftOnly => "<".to_owned(),
        PassageKind::RightOnly => ">".to_owned(),
    }
}

/// A similarity as the gutter shows it, in at most three columns: ".64"; "1" only for a
/// score of exactly 1. A score that rounds up to 1 shows as ".99": the passage differs (or
/// it would be equal), and "1.00" would not fit beside the kind symbol.
pub fn similarity_digits(similarity: f32) -> String {
    let s = similarity.clamp(0.0, 1.0);
    if s >= 1.0 {
        return "1".to_owned();
    }
    let hundredths = ((s * 100.0).round() as u32).min(99);
    format!(".{hundredths:02}")
}

/// The styled pieces of both sides of a passage, and whether it reads as reworded.
///
/// A changed or moved passage gets the engine's word-level differences (or, when reworded,
/// the key terms both sides share), the rest of a moved one in [`Tone::Moved`]; other kinds
/// are one tone per side. Fact marks are a layer on top ([`Ink::facts`]).
pub fn pieces(
    left: &Document,
    right: &Document,
    alignment: &Alignment,
    passage: &Passage,
    highlights: Highlights,
) -> (Pieces, Pieces, bool) {
    let link = passage.link.and_then(|k| alignment.links.get(k));
    let base = match passage.kind {
        PassageKind::Moved => Some(Tone::Moved),
        PassageKind::LeftOnly | PassageKind::RightOnly => Some(Tone::Unique),
        PassageKind::Equal | PassageKind::Changed => None,
    };
    let diffed = match (passage.kind, link) {
        (PassageKind::Changed | PassageKind::Moved, Some(link)) => Some((
            link,
            crate::facts::across::link_diff(left, right, alignment, link, highlights.ignore),
        )),
        _ => None,
    };
    // Across languages only numbers and names are compared: never "reworded".
    let reworded = passage.kind == PassageKind::Changed
        && !alignment.cross_language()
        && diffed
            .as_ref()
            .is_some_and(|(link, diff)| changed_share(left, right, link, diff) > REWORDED_ABOVE);
    let facts = highlights.facts;
    match diffed {
        Some((_, diff)) if highlights.words => {
            let (lm, rm, tone_l, tone_r) = if reworded {
                (
                    &diff.left_shared,
                    &diff.right_shared,
                    Tone::Shared,
                    Tone::Shared,
                )
            } else {
                (&diff.left, &diff.right, Tone::Removed, Tone::Added)
            };
            let l = Marked {
                marks: lm,
                tone: tone_l,
                base,
                facts: facts.left,
            };
            let r = Marked {
                marks: rm,
                tone: tone_r,
                base,
                facts: facts.right,
            };
            (
                side(left, passage.left.clone(), &l),
                side(right, passage.right.clone(), &r),
                reworded,
            )
        }
        _ => {
            let whole = |facts| Marked {
                marks: &[],
                tone: Tone::Plain,
                base,
                facts,
            };
            (
                side(left, passage.left.clone(), &whole(facts.left)),
                side(right, passage.right.clone(), &whole(facts.right)),
                reworded,
            )
        }
    }
}

/// The share of a link's text (both sides, in bytes) that its word diff marks as changed.
fn changed_share(
    left: &Document,
    right: &Document,
    link: &crate::align::Link,
    diff: &crate::align::WordDiff,
) -> f32 {
    let len = |d: &Document, s: &[usize]| -> usize {
        s.iter()
            .filter_map(|&i| d.sentences.get(i))
            .map(|x| x.text.len())
            .sum()
    };
    let total = len(left, &link.left) + len(right, &link.right);
    let marked: usize = diff
        .left
        .iter()
        .chain(&diff.right)
        .map(|m| m.range.len())
        .sum();
    if total == 0 {
        0.0
    } else {
        marked as f32 / total as f32
    }
}

fn base_tone(doc: &Document, sentence: usize) -> Tone {
    if doc.is_heading(sentence) {
        Tone::Heading
    } else {
        Tone::Plain
    }
}

/// What one side's text is marked with.
struct Marked<'a> {
    /// Word-level marks, in `tone`.
    marks: &'a [Mark],
    tone: Tone,
    /// The tone of the rest (plain or heading when `None`).
    base: Option<Tone>,
    /// Facts, sorted by sentence.
    facts: &'a [FactMark],
}

/// Sentences marked as `marked` says, joined by spaces.
fn side(doc: &Document, sentences: Range<usize>, marked: &Marked) -> Pieces {
    let mut out = Vec::new();
    for s in sentences {
        if !out.is_empty() {
            out.push((" ".to_owned(), Tone::Plain.into()));
        }
        let own: Vec<&Mark> = marked.marks.iter().filter(|m| m.sentence == s).collect();
        let base = marked.base.unwrap_or_else(|| base_tone(doc, s));
        styled(
            &mut out,
            doc.sentences.at(s).text,
            base,
            &own,
            marked.tone,
            of_sentence(marked.facts, s),
        );
    }
    out
}

/// The fact marks of sentence `s` in a list sorted by sentence.
fn of_sentence(marks: &[FactMark], s: usize) -> &[FactMark] {
    let from = marks.partition_point(|m| m.mark.sentence < s);
    let to = marks.partition_point(|m| m.mark.sentence <= s);
    &marks[from..to]
}

/// One sentence's text cut at every mark boundary: `marks` in `tone`, the rest in `base`, and
/// over both the findings of `facts` that cover each piece.
fn styled(
    out: &mut Pieces,
    text: &str,
    base: Tone,
    marks: &[&Mark],
    tone: Tone,
    facts: &[FactMark],
) {
    let mut cuts: Vec<usize> = vec![0, text.len()];
    for r in marks
        .iter()
        .map(|m| &m.range)
        .chain(facts.iter().map(|m| &m.mark.range))
    {
        cuts.extend([r.start.min(text.len()), r.end.min(text.len())]);
    }
    cuts.sort_unstable();
    cuts.dedup();
    let inside = |r: &Range<usize>, at: usize| r.start <= at && at < r.end;
    for pair in cuts.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let Some(piece) = text.get(a..b) else {
            continue;
        };
        let tone = if marks.iter().any(|m| inside(&m.range, a)) {
            tone
        } else {
            base
        };
        let facts = facts
            .iter()
            .filter(|m| inside(&m.mark.range, a))
            .fold(FactIds::default(), |ids, m| ids.with(m.finding));
        // Pieces in one ink are one run: a fact cut in two by a word boundary stays whole.
        match out.last_mut() {
            Some((t, last)) if last.tone == tone && last.facts == facts => {
                t.push_str(piece);
            }
            _ => out.push((piece.to_owned(), Ink { tone, facts })),
        }
    }
}

/// Writes the wdiff-style text markers into marked pieces: `[-removed-]`, `{+added+}`,
/// `_shared_`, and `‹…›` around each run of fact text (over the word markers).
fn add_markers(pieces: &mut Pieces) {
    for (text, ink) in pieces.iter_mut() {
        let (open, close) = match ink.tone {
            Tone::Removed => ("[-", "-]"),
            Tone::Added => ("{+", "+}"),
            Tone::Shared => ("_", "_"),
            _ => continue,
        };
        *text = format!("{open}{text}{close}");
    }
    for k in 0..pieces.len() {
        let facts = pieces[k].1.facts;
        if facts.is_empty() {
            continue;
        }
        if k == 0 || pieces[k - 1].1.facts.is_empty() {
            pieces[k].0.insert(0, '‹');
        }
        if pieces.get(k + 1).is_none_or(|p| p.1.facts.is_empty()) {
            pieces[k].0.push('›');
        }
    }
}

/// `text` cut to one line of at most `width` columns, with `…` when it was longer.
pub fn truncate(text: &str, width: usize) -> String {
    let first_line = |width: usize| {
        let lines = wrap(&[(text.to_owned(), Tone::Plain.into())], width.max(1));
        let first: String = lines
            .first()
            .map(|l| l.spans.iter().map(|s| &*s.text).collect())
            .unwrap_or_default();
        (first, lines.len())
    };
    match first_line(width) {
        (whole, lines) if lines <= 1 => whole,
        // A column kept for the ellipsis.
        _ => format!("{}…", first_line(width.saturating_sub(1)).0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::{AlignOptions, LinkKind, align};
    use crate::load::{LoadOptions, load_bytes};

    fn doc(t: &str) -> Document {
        load_bytes("t.txt", t.as_bytes(), &LoadOptions::default()).expect("doc")
    }

    /// The reader sizes every passage before laying out only those on screen: the count must
    /// be the height the passage gets when it is laid out, at any width, and a side the
    /// passage lacks has no lines.
    #[test]
    fn a_passages_height_is_counted_without_laying_it_out() {
        let l = doc(
            "The council agreed the budget on Monday after a long debate.\n\
             Schools will get more money next year. Roads too.\n\
             The mayor thanked everyone.\n",
        );
        let r = doc("The council agreed on the budget on Monday.\n\
             Schools will get more money next year. Roads too.\n\
             Heavy rain flooded the old town on Tuesday night.\n");
        let a = align(&l, &r, &AlignOptions::default());
        let ps = passages(&l, &r, &a);
        assert!(ps.len() >= 3, "{ps:?}");
        for width in [12, 30, 80] {
            for p in &ps {
                let view = PassageView::new(&l, &r, &a, p, Highlights::default(), width, false);
                let counted = [
                    column_lines(&l, p.left.clone(), width),
                    column_lines(&r, p.right.clone(), width),
                ];
                assert_eq!(counted[0].is_none(), p.left.is_empty(), "{p:?}");
                assert_eq!(counted[1].is_none(), p.right.is_empty(), "{p:?}");
                let height = counted.iter().flatten().map(|c| c.lines).max().unwrap_or(1);
                assert_eq!(height.max(1) as usize, view.height, "{p:?} at {width}");
            }
        }
    }

    #[test]
    fn a_run_of_text_keeps_up_to_two_findings() {
        let ids = FactIds::default().with(0).with(7).with(7).with(9);
        assert!(ids.contains(0) && ids.contains(7) && !ids.contains(9));
        assert!(FactIds::default().is_empty() && !ids.is_empty());
    }

    #[test]
    fn a_moved_passage_has_word_differences_over_its_moved_tone() {
        let l = doc(
            "Alpha bravo charlie delta echo.\nFoxtrot golf hotel india juliet kilo.\nThe minister emphasized the alliance of both countries today.\n",
        );
        let r = doc(
            "The minister praised the alliance of both countries today.\nAlpha bravo charlie delta echo.\nFoxtrot golf hotel india juliet kilo.\n",
        );
        let a = align(&l, &r, &AlignOptions::default());
        let ps = passages(&l, &r, &a);
        let moved = ps
            .iter()
            .find(|p| p.kind == PassageKind::Moved && !p.left.is_empty())
            .expect("the left side of the moved sentence");
        let (left, _, _) = pieces(&l, &r, &a, moved, Highlights::default());
        let tone_of = |word: &str| {
            left.iter()
                .find(|(t, _)| t.contains(word))
                .map(|(_, ink)| ink.tone)
        };
        assert_eq!(tone_of("emphasized"), Some(Tone::Removed));
        assert_eq!(tone_of("minister"), Some(Tone::Moved));
        let plain = Highlights {
            words: false,
            ..Highlights::default()
        };
        let (left, _, _) = pieces(&l, &r, &a, moved, plain);
        assert!(left.iter().all(|(_, ink)| ink.tone == Tone::Moved));
    }

    #[test]
    fn each_kind_of_passage_has_its_gutter_label() {
        use crate::align::{Link, Repeat};
        let link = |kind, similarity: f32, manual| Link {
            left: vec![0],
            right: vec![0],
            kind,
            similarity,
            manual,
        };
        let mut a = Alignment {
            links: vec![
                link(LinkKind::Equal, 1.0, false),
                link(LinkKind::Changed, 0.64, false),
                link(LinkKind::Moved, 0.5, false),
                link(LinkKind::Changed, 0.3, true),
                link(LinkKind::Moved, 0.2, true),
            ],
            ..Alignment::default()
        };
        let passage =
            |kind, link: Option<usize>, left: Range<usize>, right: Range<usize>| Passage {
                kind,
                link,
                left,
                right,
            };
        use PassageKind::*;
        let cases = [
            (passage(Equal, Some(0), 0..1, 0..1), false, "="),
            (passage(Changed, Some(1), 1..2, 1..2), false, "~.64"),
            (passage(Changed, Some(1), 1..2, 1..2), true, "≈.64"),
            // A moved link's left side (its right is elsewhere) and its right side.
            (passage(Moved, Some(2), 2..3, 0..0), false, "».50"),
            (passage(Moved, Some(2), 0..0, 2..3), false, "«.50"),
            (passage(Changed, Some(3), 3..4, 3..4), false, "↔.30"),
            (passage(Moved, Some(4), 4..5, 0..0), false, "»↔"),
            (passage(Moved, Some(4), 0..0, 4..5), false, "«↔"),
            (passage(LeftOnly, None, 5..7, 0..0), false, "<"),
            (passage(RightOnly, None, 0..0, 5..7), false, ">"),
        ];
        for (p, reworded, shown) in &cases {
            assert_eq!(gutter_label(p, &a, *reworded), *shown, "{p:?}");
        }
        // A one-sided sentence that repeats a linked one of its own side.
        a.repeats = vec![
            Repeat {
                left: 6,
                right: 1,
                repeating: Which::Left,
                similarity: 0.7,
            },
            Repeat {
                left: 1,
                right: 5,
                repeating: Which::Right,
                similarity: 0.8,
            },
        ];
        let left_only = passage(LeftOnly, None, 5..7, 0..0);
        let right_only = passage(RightOnly, None, 0..0, 5..7);
        assert_eq!(gutter_label(&left_only, &a, false), "↺.70");
        assert_eq!(gutter_label(&right_only, &a, false), "↻.80");
        // Only the repeating side's passage holding the repeat is marked.
        assert_eq!(
            gutter_label(&passage(LeftOnly, None, 7..9, 0..0), &a, false),
            "<"
        );
        assert_eq!(
            gutter_label(&passage(RightOnly, None, 0..0, 0..1), &a, false),
            ">"
        );
        a.repeats[0].repeating = Which::Right;
        assert_eq!(gutter_label(&left_only, &a, false), "<");
        a.repeats[1].repeating = Which::Left;
        assert_eq!(gutter_label(&right_only, &a, false), ">");
    }

    #[test]
    fn a_link_mostly_reworded_shows_shared_terms_and_a_small_change_shows_the_words() {
        use crate::align::Link;
        let l = doc(concat!(
            "The minister praised the alliance of both countries on Monday.\n\n",
            "Officials said the old bridge would reopen next spring after long repairs.\n",
        ));
        let r = doc(concat!(
            "The minister praised the alliance of both countries on Sunday.\n\n",
            "According to the city, traffic should cross the old bridge again by April.\n",
        ));
        let link = |i: usize, kind| Link {
            left: vec![i],
            right: vec![i],
            kind,
            similarity: 0.5,
            manual: false,
        };
        let mut a = Alignment {
            links: vec![link(0, LinkKind::Changed), link(1, LinkKind::Changed)],
            ..Alignment::default()
        };
        let view = |a: &Alignment, k: usize, kind| {
            let p = Passage {
                kind,
                link: Some(k),
                left: k..k + 1,
                right: if kind == PassageKind::Moved {
                    0..0
                } else {
                    k..k + 1
                },
            };
            pieces(&l, &r, a, &p, Highlights::default())
        };
        let tones = |side: &Pieces| -> Vec<(String, Tone)> {
            side.iter()
                .filter(|(_, ink)| ink.tone != Tone::Plain)
                .map(|(t, ink)| (t.trim().to_owned(), ink.tone))
                .collect()
        };
        // One word of eleven changed: the word itself is marked on each side.
        let (left, right, reworded) = view(&a, 0, PassageKind::Changed);
        assert!(!reworded);
        assert_eq!(tones(&left), [("Monday".to_owned(), Tone::Removed)]);
        assert_eq!(tones(&right), [("Sunday".to_owned(), Tone::Added)]);
        // Most words differ: the terms both sides share are marked instead.
        let (left, right, reworded) = view(&a, 1, PassageKind::Changed);
        assert!(reworded);
        for side in [&left, &right] {
            let marked = tones(side);
            assert!(
                marked
                    .iter()
                    .any(|(t, tone)| t.contains("bridge") && *tone == Tone::Shared),
                "{marked:?}"
            );
            assert!(
                marked.iter().all(|(_, tone)| *tone == Tone::Shared),
                "{marked:?}"
            );
        }
        // One side of a moved link is never read as reworded: its words are marked.
        a.links[1].kind = LinkKind::Moved;
        let (left, _, reworded) = view(&a, 1, PassageKind::Moved);
        assert!(!reworded);
        assert!(tones(&left).iter().any(|(_, tone)| *tone == Tone::Removed));
        // Across languages neither: only numbers and names are compared there.
        a.links[1].kind = LinkKind::Changed;
        a.languages = (Some("en"), Some("de"));
        let (_, _, reworded) = view(&a, 1, PassageKind::Changed);
        assert!(!reworded);
    }

    #[test]
    fn a_sentence_is_cut_at_its_marks_and_pieces_of_one_ink_stay_one_run() {
        let text = "alpha beta gamma delta";
        let mark = |range: Range<usize>| Mark { sentence: 0, range };
        let fact = |finding, range| FactMark {
            finding,
            mark: mark(range),
        };
        let (alpha, beta, delta) = (mark(0..5), mark(5..10), mark(17..22));
        let mut out = Pieces::new();
        // "alpha" and " beta" are two marks in one tone: one run; a fact starts inside it.
        styled(
            &mut out,
            text,
            Tone::Plain,
            &[&alpha, &beta, &delta],
            Tone::Removed,
            &[fact(3, 6..10)],
        );
        let ink = |tone, facts: &[usize]| Ink {
            tone,
            facts: facts.iter().fold(FactIds::default(), |ids, &f| ids.with(f)),
        };
        assert_eq!(
            out,
            vec![
                ("alpha ".to_owned(), ink(Tone::Removed, &[])),
                ("beta".to_owned(), ink(Tone::Removed, &[3])),
                (" gamma ".to_owned(), ink(Tone::Plain, &[])),
                ("delta".to_owned(), ink(Tone::Removed, &[])),
            ]
        );
    }

    #[test]
    fn the_fact_marks_of_one_sentence_are_found_in_a_sorted_list() {
        let at = |sentence, finding| FactMark {
            finding,
            mark: Mark {
                sentence,
                range: 0..1,
            },
        };
        let marks = [at(0, 1), at(2, 2), at(2, 3), at(5, 4)];
        let findings =
            |s| -> Vec<usize> { of_sentence(&marks, s).iter().map(|m| m.finding).collect() };
        assert_eq!(findings(2), [2, 3]);
        assert_eq!(findings(0), [1]);
        assert_eq!(findings(5), [4]);
        assert!(findings(1).is_empty() && findings(9).is_empty());
    }

    #[test]
    fn text_markers_say_what_colour_would() {
        let piece = |t: &str, tone, facts: FactIds| (t.to_owned(), Ink { tone, facts });
        let fact = FactIds::default().with(0);
        let mut pieces = vec![
            piece("out", Tone::Removed, FactIds::default()),
            piece("in", Tone::Added, FactIds::default()),
            piece("both", Tone::Shared, FactIds::default()),
            piece("plain", Tone::Plain, fact),
            piece("moved", Tone::Moved, fact),
            piece("end", Tone::Plain, FactIds::default()),
        ];
        add_markers(&mut pieces);
        let texts: Vec<&str> = pieces.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(
            texts,
            ["[-out-]", "{+in+}", "_both_", "‹plain", "moved›", "end"]
        );
    }

    #[test]
    fn a_title_is_cut_to_its_width_with_an_ellipsis() {
        assert_eq!(truncate("Short title", 20), "Short title");
        assert_eq!(truncate("Short title", 11), "Short title");
        let cut = truncate("A much longer title that will not fit", 20);
        assert!(cut.ends_with('…') && cut.starts_with("A much"), "{cut}");
        assert!(
            unicode_width::UnicodeWidthStr::width(cut.as_str()) <= 20,
            "{cut}"
        );
    }

    #[test]
    fn a_similarity_near_one_fits_the_gutter() {
        let l = doc("The minister praised the alliance of both countries on Monday.\n");
        let r = doc("The minister praised the alliance of both countries on Sunday.\n");
        let mut a = align(&l, &r, &AlignOptions::default());
        assert_eq!(a.links.len(), 1, "{a:?}");
        let label = |a: &Alignment| {
            let ps = passages(&l, &r, a);
            let p = ps
                .iter()
                .find(|p| p.link.is_some())
                .expect("the linked passage");
            gutter_label(p, a, false)
        };
        a.links[0].kind = LinkKind::Changed;
        // Four columns at most: the kind and two digits ("▸" and the review marks share the
        // rest of the seven-column gutter).
        for (similarity, shown) in [
            (0.998, "~.99"),
            (0.995, "~.99"),
            (0.994, "~.99"),
            (0.64, "~.64"),
            (0.05, "~.05"),
            (1.0, "~1"),
        ] {
            a.links[0].similarity = similarity;
            assert_eq!(label(&a), shown, "{similarity}");
        }
        assert_eq!(similarity_digits(0.999), ".99");
        assert_eq!(similarity_digits(0.0), ".00");
    }

    #[test]
    fn text_markers_frame_a_fact_once_over_the_word_markers() {
        let fact = |tone: Tone| Ink {
            tone,
            facts: FactIds::default().with(0),
        };
        let mut pieces = vec![
            ("said ".to_owned(), Tone::Plain.into()),
            ("14,000".to_owned(), fact(Tone::Removed)),
            (" soldiers".to_owned(), fact(Tone::Plain)),
        ];
        add_markers(&mut pieces);
        let text: String = pieces.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(text, "said ‹[-14,000-] soldiers›");
    }
}
