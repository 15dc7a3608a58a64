//! Layout: an [`Alignment`] of two documents → passages → wrapped, styled lines per side.
//!
//! Pure and terminal-free, so the reader (`ui`) and the plain-text output (`export::text`)
//! share it. [`passages`] orders what is shown; [`PassageView::new`] builds one passage's two
//! columns at a given width, with the engine's word-level differences as [`Tone`]s, and pads
//! the shorter column so the next pair starts level.

pub mod passage;
pub mod wrap;

pub use passage::{Counts, Passage, PassageKind, passages, rearranged};
pub use wrap::{Line, Span, wrap};

use std::ops::Range;

use crate::align::word_diff::Mark;
use crate::align::Alignment;
use crate::align::alignment::Side as Which;
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
    /// One side of a moved passage.
    Moved,
    /// A number, quotation or source the two sides disagree on (see [`crate::facts`]).
    Fact,
}

/// Text to highlight as [`Tone::Fact`] on each side, sorted by sentence and position.
#[derive(Debug, Clone, Copy, Default)]
pub struct FactMarks<'a> {
    /// Marks in the left document.
    pub left: &'a [Mark],
    /// Marks in the right document.
    pub right: &'a [Mark],
}

/// Text to wrap: runs of text, each in one tone.
pub type Pieces = Vec<(String, Tone)>;

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
    /// Lays `passage` out with columns `width` wide, `facts` highlighted.
    ///
    /// With `markers`, marked words are also written with text markers (`[-removed-]`,
    /// `{+added+}`, `_shared_`, `‹fact›`), for output where styles cannot be shown.
    pub fn new(
        left: &Document,
        right: &Document,
        alignment: &Alignment,
        passage: &Passage,
        facts: FactMarks,
        width: usize,
        markers: bool,
    ) -> PassageView {
        let (mut lp, mut rp, reworded) = pieces(left, right, alignment, passage, facts);
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

/// The gutter label of a passage: a kind symbol and, for links, the similarity (`↔` marks a
/// link made by hand, `↺` a one-sided passage that repeats what a linked one of its side says).
pub fn gutter_label(passage: &Passage, alignment: &Alignment, reworded: bool) -> String {
    let repeat = alignment.repeats.iter().find(|r| match passage.kind {
        PassageKind::LeftOnly => passage.left.contains(&r.left) && r.repeating == Which::Left,
        PassageKind::RightOnly => passage.right.contains(&r.right) && r.repeating == Which::Right,
        _ => false,
    });
    if let Some(r) = repeat {
        let arrow = if r.repeating == Which::Left { "↺" } else { "↻" };
        return format!("{arrow}{}", format!("{:.2}", r.similarity).trim_start_matches('0'));
    }
    let sim = passage.link.and_then(|k| alignment.links.get(k)).map(|l| {
        format!("{:.2}", l.similarity)
            .trim_start_matches('0')
            .to_owned()
    });
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

/// The styled pieces of both sides of a passage, and whether it reads as reworded.
///
/// A changed passage gets the engine's word-level differences (or, when reworded, the key
/// terms both sides share); other kinds are one tone per side. Fact marks win over both.
pub fn pieces(
    left: &Document,
    right: &Document,
    alignment: &Alignment,
    passage: &Passage,
    facts: FactMarks,
) -> (Pieces, Pieces, bool) {
    let link = passage.link.and_then(|k| alignment.links.get(k));
    match (passage.kind, link) {
        (PassageKind::Changed, Some(link)) => {
            let diff = crate::facts::across::link_diff(left, right, alignment, link);
            // Across languages only numbers and names are compared: never "reworded".
            let reworded = !alignment.cross_language() && changed_share(left, right, link, &diff) > REWORDED_ABOVE;
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
            (
                side(left, passage.left.clone(), lm, tone_l, facts.left),
                side(right, passage.right.clone(), rm, tone_r, facts.right),
                reworded,
            )
        }
        (kind, _) => {
            let base = match kind {
                PassageKind::Moved => Some(Tone::Moved),
                PassageKind::LeftOnly | PassageKind::RightOnly => Some(Tone::Unique),
                _ => None,
            };
            (
                whole(left, passage.left.clone(), base, facts.left),
                whole(right, passage.right.clone(), base, facts.right),
                false,
            )
        }
    }
}

/// The share of a link's text (both sides, in bytes) that its word diff marks as changed.
fn changed_share(left: &Document, right: &Document, link: &crate::align::Link, diff: &crate::align::WordDiff) -> f32 {
    let len = |d: &Document, s: &[usize]| -> usize { s.iter().filter_map(|&i| d.sentences.get(i)).map(|x| x.text.len()).sum() };
    let total = len(left, &link.left) + len(right, &link.right);
    let marked: usize = diff.left.iter().chain(&diff.right).map(|m| m.range.len()).sum();
    if total == 0 { 0.0 } else { marked as f32 / total as f32 }
}

fn base_tone(doc: &Document, sentence: usize) -> Tone {
    if doc.is_heading(sentence) {
        Tone::Heading
    } else {
        Tone::Plain
    }
}

/// Sentences in one tone (or plain/heading when `tone` is `None`), facts marked, joined by
/// spaces.
fn whole(doc: &Document, sentences: Range<usize>, tone: Option<Tone>, facts: &[Mark]) -> Pieces {
    let mut out = Vec::new();
    for s in sentences {
        if !out.is_empty() {
            out.push((" ".to_owned(), Tone::Plain));
        }
        let base = tone.unwrap_or_else(|| base_tone(doc, s));
        styled(
            &mut out,
            &doc.sentences[s].text,
            base,
            &[],
            base,
            of_sentence(facts, s),
        );
    }
    out
}

/// Sentences with `marks` in `tone`, facts marked and the rest plain, joined by spaces.
fn side(
    doc: &Document,
    sentences: Range<usize>,
    marks: &[Mark],
    tone: Tone,
    facts: &[Mark],
) -> Pieces {
    let mut out = Vec::new();
    for s in sentences {
        if !out.is_empty() {
            out.push((" ".to_owned(), Tone::Plain));
        }
        let own: Vec<&Mark> = marks.iter().filter(|m| m.sentence == s).collect();
        let text = &doc.sentences[s].text;
        styled(
            &mut out,
            text,
            base_tone(doc, s),
            &own,
            tone,
            of_sentence(facts, s),
        );
    }
    out
}

/// The marks of sentence `s` in a list sorted by sentence.
fn of_sentence(marks: &[Mark], s: usize) -> &[Mark] {
    let from = marks.partition_point(|m| m.sentence < s);
    let to = marks.partition_point(|m| m.sentence <= s);
    &marks[from..to]
}

/// One sentence's text cut at every mark boundary: facts in [`Tone::Fact`], `marks` in
/// `tone`, the rest in `base`.
fn styled(out: &mut Pieces, text: &str, base: Tone, marks: &[&Mark], tone: Tone, facts: &[Mark]) {
    let mut cuts: Vec<usize> = vec![0, text.len()];
    for r in marks
        .iter()
        .map(|m| &m.range)
        .chain(facts.iter().map(|m| &m.range))
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
        let t = if facts.iter().any(|m| inside(&m.range, a)) {
            Tone::Fact
        } else if marks.iter().any(|m| inside(&m.range, a)) {
            tone
        } else {
            base
        };
        out.push((piece.to_owned(), t));
    }
}

/// Writes the wdiff-style text markers into marked pieces.
fn add_markers(pieces: &mut [(String, Tone)]) {
    for (text, tone) in pieces.iter_mut() {
        let (open, close) = match tone {
            Tone::Removed => ("[-", "-]"),
            Tone::Added => ("{+", "+}"),
            Tone::Shared => ("_", "_"),
            Tone::Fact => ("‹", "›"),
            _ => continue,
        };
        *text = format!("{open}{text}{close}");
    }
}

/// `text` cut to one line of at most `width` columns, with `…` when it was longer.
pub fn truncate(text: &str, width: usize) -> String {
    let lines = wrap(
        &[(text.to_owned(), Tone::Plain)],
        width.saturating_sub(1).max(1),
    );
    let first: String = lines
        .first()
        .map(|l| l.spans.iter().map(|s| s.text.as_str()).collect())
        .unwrap_or_default();
    if lines.len() > 1 {
        format!("{first}…")
    } else {
        first
    }
}
