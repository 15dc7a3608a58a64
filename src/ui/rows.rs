//! The screen's rows: a [`Comparison`] laid out for one pane width, arrangement and filter.
//!
//! Pure and ratatui-free: each passage takes as many rows as its taller column wraps to (so the
//! next pair starts level), passages are separated by a blank row, and with "differences only"
//! long runs of equal passages fold into one row. Built once per [`Shape`] and cached by the app.
//!
//! Where lines break depends on the text alone ([`crate::layout::wrap`]), so the rows are
//! counted from the sentences without word differences; a passage's [`PassageView`] (its word
//! differences, facts and wrapped lines) is built the first time one of its rows is read. On a
//! book that makes the first screen cost the passages on it, not every passage.

use std::cell::OnceCell;
use std::ops::Range;

use crate::align::word_diff::Ignore;
use crate::layout::{
    Highlights, Line, LineCount, Passage, PassageKind, PassageView, Tone, column_lines,
    gutter_label, wrap,
};
use crate::parallel::map_chunks_mut;
use crate::progress::{Progress, Stage};
use crate::review::{Review, Status, Unit};

pub use super::comparison::Comparison;
use super::state::{Arrangement, ReviewFilter, Side};

/// What the rows are laid out for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Shape {
    /// Width of one text column.
    pub pane_width: usize,
    /// Passage order.
    pub arrangement: Arrangement,
    /// Fold runs of equal passages.
    pub differences_only: bool,
    /// With `differences_only`, the equal passages kept beside each difference.
    pub context: usize,
    /// One column: each passage above its counterpart.
    pub stacked: bool,
    /// Which passages the review filter shows.
    pub review_filter: ReviewFilter,
    /// Bumped by the app whenever the review changes what rows show (notes, corrections, a
    /// status under a filter), so cached rows are rebuilt.
    pub review_version: u64,
    /// Whether the word differences are marked (the layer `w` turns off).
    pub words: bool,
    /// What the word differences leave out.
    pub ignore: Ignore,
}

impl Shape {
    /// The shape tests lay out for: source order, side by side, every passage, words marked,
    /// `pane_width` columns a pane.
    #[cfg(test)]
    pub(crate) fn plain(pane_width: usize) -> Shape {
        Shape {
            pane_width,
            arrangement: Arrangement::SourceOrder,
            differences_only: false,
            context: 1,
            stacked: false,
            review_filter: ReviewFilter::All,
            review_version: 0,
            words: true,
            ignore: Ignore::default(),
        }
    }
}

/// What a row shows.
///
/// Indexes and counts in 32 bits (8 bytes a row, not 16): a book of one-line paragraphs has
/// millions of rows, and fewer than 2³² passages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    /// A line of passage `passage` (index in display order); `first` on its first row.
    Text {
        /// The passage.
        passage: u32,
        /// Whether this is the passage's first row.
        first: bool,
        /// In the stacked view, the document this line is from.
        side: Option<Side>,
    },
    /// The blank row between passages.
    Gap,
    /// `count` passages folded away (equal ones, or ones the review filter hides).
    Fold {
        /// How many passages are hidden.
        count: u32,
    },
    /// A line of the note on passage `passage`, across both columns.
    Note {
        /// The passage.
        passage: u32,
    },
}

/// One screen row: its kind and the two columns' lines (only `left` in the stacked view).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row<'a> {
    /// What the row shows.
    pub kind: RowKind,
    /// The left column's line.
    pub left: &'a Line,
    /// The right column's line.
    pub right: &'a Line,
}

/// The line of a row that shows no text.
static NO_LINE: Line = Line {
    spans: Vec::new(),
    width: 0,
};

/// The rows of one shape: every row's kind, and each passage's lines once they are read.
#[derive(Debug, Clone)]
pub struct Rows {
    /// The shape they were built for.
    pub shape: Shape,
    /// What each row shows, top to bottom.
    kinds: Vec<RowKind>,
    /// For each row, the line of its passage's column (or of the notes) it shows.
    lines: Vec<u32>,
    /// For each passage in display order, its first row (its fold's row when folded).
    pub passage_row: Vec<usize>,
    /// For each passage, whether it is folded away.
    pub folded: Vec<bool>,
    /// Each passage's columns, built the first time one of its rows is read; boxed, so a
    /// passage never drawn costs a pointer, not a view (a book of short lines has millions).
    views: Vec<OnceCell<Box<PassageView>>>,
    /// How each shown passage's columns wrap (`None` for a folded one), kept for the next
    /// layout at the same width.
    counts: Vec<Option<Columns>>,
    /// The wrapped lines of every note, in row order.
    notes: Vec<Line>,
}

impl Rows {
    /// How many rows there are.
    pub fn len(&self) -> usize {
        self.kinds.len()
    }

    /// Whether there are no rows (nothing to show).
    pub fn is_empty(&self) -> bool {
        self.kinds.is_empty()
    }

    /// What row `i` shows.
    pub fn kind(&self, i: usize) -> Option<RowKind> {
        self.kinds.get(i).copied()
    }

    /// The kinds of rows `range` (cut to the rows there are).
    pub fn kinds(&self, range: Range<usize>) -> &[RowKind] {
        let end = range.end.min(self.kinds.len());
        self.kinds
            .get(range.start.min(end)..end)
            .unwrap_or_default()
    }

    /// Row `i` with its lines; builds its passage's view on the first read. `cmp` must be the
    /// comparison the rows were built from.
    pub fn get<'a>(&'a self, cmp: &Comparison, i: usize) -> Option<Row<'a>> {
        let kind = self.kind(i)?;
        let line = self.lines.get(i).map_or(0, |&l| l as usize);
        let (left, right) = match kind {
            RowKind::Text { passage, side, .. } => {
                let view = self.view(cmp, passage as usize)?;
                let of = |lines: &'a [Line]| lines.get(line).unwrap_or(&NO_LINE);
                match side {
                    None => (of(&view.left), of(&view.right)),
                    Some(Side::Left) => (of(&view.left), &NO_LINE),
                    Some(Side::Right) => (of(&view.right), &NO_LINE),
                }
            }
            RowKind::Note { .. } => (self.notes.get(line).unwrap_or(&NO_LINE), &NO_LINE),
            RowKind::Gap | RowKind::Fold { .. } => (&NO_LINE, &NO_LINE),
        };
        Some(Row { kind, left, right })
    }

    /// Passage `k`'s columns (word differences, facts, wrapped lines), built on the first call.
    pub fn view<'a>(&'a self, cmp: &Comparison, k: usize) -> Option<&'a PassageView> {
        let cell = self.views.get(k)?;
        let p = cmp.passages(self.shape.arrangement).get(k)?;
        let view = cell.get_or_init(|| {
            Box::new(PassageView::new(
                &cmp.left,
                &cmp.right,
                &cmp.alignment,
                p,
                Highlights {
                    words: self.shape.words,
                    facts: cmp.fact_marks(),
                    ignore: self.shape.ignore,
                },
                self.shape.pane_width,
                false,
            ))
        });
        Some(view)
    }

    /// Passage `k`'s gutter label (its kind and similarity), from its view.
    pub fn label(&self, cmp: &Comparison, k: usize) -> String {
        let (Some(view), Some(p)) = (
            self.view(cmp, k),
            cmp.passages(self.shape.arrangement).get(k),
        ) else {
            return String::new();
        };
        gutter_label(p, &cmp.alignment, view.reworded)
    }

    /// Drops the passages' views, to be built again when read: after the facts to mark
    /// changed (the rows themselves do not move).
    pub fn forget_views(&mut self) {
        self.views.iter_mut().for_each(|v| {
            v.take();
        });
    }

    /// The overview column: for each of `height` body rows, the most notable passage kind in
    /// its share of rows (as a tone: `Removed` stands for a changed passage, `Unique` for a
    /// one-sided one).
    pub fn overview(&self, cmp: &Comparison, height: usize) -> Vec<Tone> {
        let ps = cmp.passages(self.shape.arrangement);
        let total = self.len().max(1);
        let h = height.max(1);
        let rank = |t: Tone| match t {
            Tone::Moved => 3,
            Tone::Removed => 2,
            Tone::Unique => 1,
            _ => 0,
        };
        (0..h)
            .map(|y| {
                let from = y * total / h;
                let to = ((y + 1) * total / h).max(from + 1);
                self.kinds(from..to)
                    .iter()
                    .filter_map(|kind| match *kind {
                        RowKind::Text { passage, .. } => {
                            ps.get(passage as usize).map(|p| match p.kind {
                                PassageKind::Changed => Tone::Removed,
                                PassageKind::Moved => Tone::Moved,
                                PassageKind::LeftOnly | PassageKind::RightOnly => Tone::Unique,
                                PassageKind::Equal => Tone::Plain,
                            })
                        }
                        _ => None,
                    })
                    .max_by_key(|t| rank(*t))
                    .unwrap_or(Tone::Plain)
            })
            .collect()
    }
}

/// How the two columns of a passage wrap (`None` for a side it does not have).
type Columns = [Option<LineCount>; 2];

/// A row's passage, line or fold count in 32 bits, as [`RowKind`] and the line list keep them;
/// saturating, though nothing under the loader's size limit comes near.
fn in_32_bits(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Lays out `cmp` for `shape`, with `review`'s notes under their passages.
///
/// `note_width` is the width a note row spans (both columns and the gutter when split).
/// `previous`, the rows of the same comparison for another shape, lends what does not depend
/// on what changed: the row counts of passages at the same width and arrangement, and the
/// passages' views when the word layer and what it ignores are the same too (a note, a filter
/// or folding changed). The caller must not pass rows of another comparison.
///
/// Reports each passage laid out into `progress` as [`Stage::Layout`]; once it is cancelled the
/// rest of the passages are left out, and the caller must check and drop the rows.
pub fn build(
    cmp: &Comparison,
    shape: Shape,
    review: &Review,
    note_width: usize,
    previous: Option<Rows>,
    progress: &Progress,
) -> Rows {
    let ps = cmp.passages(shape.arrangement);
    let mut previous = previous.filter(|p| {
        p.shape.pane_width == shape.pane_width
            && p.shape.arrangement == shape.arrangement
            && p.counts.len() == ps.len()
    });
    progress.begin(Stage::Layout, ps.len() as u64);
    let mut folded = if shape.differences_only {
        fold_mask(ps, shape.context)
    } else {
        vec![false; ps.len()]
    };
    if shape.review_filter != ReviewFilter::All {
        for (k, p) in ps.iter().enumerate() {
            let status = review.status(&Unit::of(p, &cmp.alignment));
            let shown = match shape.review_filter {
                ReviewFilter::All => true,
                ReviewFilter::Unreviewed => p.kind.is_difference() && status == Status::Unreviewed,
                ReviewFilter::Flagged => status == Status::Flagged,
            };
            folded[k] |= !shown;
        }
    }
    // Each passage's height is independent of the others: counted across cores, then taken
    // in order below.
    let width = shape.pane_width;
    let counted = previous.as_mut().map(|p| std::mem::take(&mut p.counts));
    let known = |k: usize| counted.as_ref().and_then(|c| c[k]);
    // Counted in place: a book of one-line paragraphs has millions of passages.
    let mut heights: Vec<Option<Columns>> = vec![None; ps.len()];
    let done = map_chunks_mut(&mut heights, |range, slots| {
        progress.fill(range.start, slots, |k| {
            (!folded[k]).then(|| {
                known(k).unwrap_or_else(|| {
                    [
                        column_lines(&cmp.left, ps[k].left.clone(), width),
                        column_lines(&cmp.right, ps[k].right.clone(), width),
                    ]
                })
            })
        })
    });
    if !done.iter().all(|(_, done)| *done) {
        // Cancelled part-way (each core stopped somewhere): nothing is laid out.
        heights.fill(None);
    }
    let mut kinds: Vec<RowKind> = Vec::new();
    let mut lines: Vec<u32> = Vec::new();
    let mut notes: Vec<Line> = Vec::new();
    let mut push = |kind: RowKind, line: usize| {
        kinds.push(kind);
        lines.push(in_32_bits(line));
    };
    let mut passage_row = vec![0; ps.len()];
    let mut k = 0;
    let mut rows = 0;
    while k < ps.len() {
        if rows > 0 {
            push(RowKind::Gap, 0);
            rows += 1;
        }
        if folded[k] {
            let start = k;
            while k < ps.len() && folded[k] {
                passage_row[k] = rows;
                k += 1;
            }
            push(
                RowKind::Fold {
                    count: in_32_bits(k - start),
                },
                0,
            );
            rows += 1;
            continue;
        }
        let p = &ps[k];
        let Some([left, right]) = heights[k] else {
            k += 1;
            continue;
        };
        passage_row[k] = rows;
        if shape.stacked {
            let mut first = true;
            for (side, count) in [(Side::Left, left), (Side::Right, right)] {
                let Some(count) = count else { continue };
                for line in 0..count.used as usize {
                    let side = Some(side);
                    push(
                        RowKind::Text {
                            passage: in_32_bits(k),
                            first,
                            side,
                        },
                        line,
                    );
                    rows += 1;
                    first = false;
                }
            }
        } else {
            let height = [left, right]
                .iter()
                .map(|c| c.map_or(0, |c| c.lines))
                .max()
                .unwrap_or(0)
                .max(1);
            for line in 0..height as usize {
                push(
                    RowKind::Text {
                        passage: in_32_bits(k),
                        first: line == 0,
                        side: None,
                    },
                    line,
                );
                rows += 1;
            }
        }
        if let Some(note) = review.note(&Unit::of(p, &cmp.alignment)) {
            for line in note.lines() {
                let text = format!("✎ {line}");
                for wrapped in wrap(&[(text, Tone::Plain.into())], note_width.max(10)) {
                    push(
                        RowKind::Note {
                            passage: in_32_bits(k),
                        },
                        notes.len(),
                    );
                    rows += 1;
                    notes.push(wrapped);
                }
            }
        }
        k += 1;
    }
    let views = match previous {
        Some(p) if p.shape.words == shape.words && p.shape.ignore == shape.ignore => p.views,
        _ => std::iter::repeat_with(OnceCell::new)
            .take(ps.len())
            .collect(),
    };
    Rows {
        shape,
        kinds,
        lines,
        passage_row,
        folded,
        views,
        counts: heights,
        notes,
    }
}

/// Which passages fold away: every equal passage more than `context` passages from any
/// difference. Even a lone one folds: its fold row is shorter than all but a one-line passage,
/// and a screen of differences is what was asked for.
fn fold_mask(ps: &[Passage], context: usize) -> Vec<bool> {
    let n = ps.len();
    let mut near = vec![false; n];
    for (i, p) in ps.iter().enumerate() {
        if p.kind.is_difference() {
            let end = (i + context + 1).min(n);
            near[i.saturating_sub(context)..end]
                .iter_mut()
                .for_each(|x| *x = true);
        }
    }
    (0..n)
        .map(|i| !near[i] && !ps[i].kind.is_difference())
        .collect()
}

#[cfg(test)]
mod tests;
