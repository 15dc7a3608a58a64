//! The screen's rows: a [`Comparison`] laid out for one pane width, arrangement and filter.
//!
//! Pure and ratatui-free: each passage becomes its [`PassageView`] (both columns wrapped and
//! padded to one height, so the next pair starts level), passages are separated by a blank row,
//! and with "differences only" long runs of equal passages fold into one row. Built once per
//! [`Shape`] and cached by the app, so scrolling costs nothing.

use crate::align::word_diff::Ignore;
use crate::layout::{
    Highlights, Line, Passage, PassageKind, PassageView, Tone, gutter_label, wrap,
};
use crate::parallel::map_chunks;
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    /// A line of passage `passage` (index in display order); `first` on its first row.
    Text {
        /// The passage.
        passage: usize,
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
        count: usize,
    },
    /// A line of the note on passage `passage`, across both columns.
    Note {
        /// The passage.
        passage: usize,
    },
}

/// One screen row: its kind and the two columns' lines (only `left` in the stacked view).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// What the row shows.
    pub kind: RowKind,
    /// The left column's line.
    pub left: Line,
    /// The right column's line.
    pub right: Line,
}

/// The rows of one shape.
#[derive(Debug, Clone)]
pub struct Rows {
    /// The shape they were built for.
    pub shape: Shape,
    /// All rows, top to bottom.
    pub rows: Vec<Row>,
    /// For each passage in display order, its first row (its fold's row when folded).
    pub passage_row: Vec<usize>,
    /// For each passage, whether it is folded away.
    pub folded: Vec<bool>,
    /// For each passage, its gutter label.
    pub labels: Vec<String>,
}

impl Rows {
    /// The overview column: for each of `height` body rows, the most notable passage kind in
    /// its share of rows (as a tone: `Removed` stands for a changed passage, `Unique` for a
    /// one-sided one).
    pub fn overview(&self, cmp: &Comparison, height: usize) -> Vec<Tone> {
        let ps = cmp.passages(self.shape.arrangement);
        let total = self.rows.len().max(1);
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
                let to = ((y + 1) * total / h).max(from + 1).min(self.rows.len());
                self.rows
                    .get(from..to)
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|r| match r.kind {
                        RowKind::Text { passage, .. } => ps.get(passage).map(|p| match p.kind {
                            PassageKind::Changed => Tone::Removed,
                            PassageKind::Moved => Tone::Moved,
                            PassageKind::LeftOnly | PassageKind::RightOnly => Tone::Unique,
                            PassageKind::Equal => Tone::Plain,
                        }),
                        _ => None,
                    })
                    .max_by_key(|t| rank(*t))
                    .unwrap_or(Tone::Plain)
            })
            .collect()
    }
}

/// Lays out `cmp` for `shape`, with `review`'s notes under their passages.
///
/// `note_width` is the width a note row spans (both columns and the gutter when split).
///
/// Reports each passage laid out into `progress` as [`Stage::Layout`]; once it is cancelled the
/// rest of the passages are left out, and the caller must check and drop the rows.
pub fn build(
    cmp: &Comparison,
    shape: Shape,
    review: &Review,
    note_width: usize,
    progress: &Progress,
) -> Rows {
    let ps = cmp.passages(shape.arrangement);
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
    // Each passage's view (word differences, wrapping) is independent of the others: computed
    // across cores, then taken in order below.
    let mut views: Vec<Option<PassageView>> = map_chunks(0..ps.len(), |range| {
        progress.map(range, |k| {
            (!folded[k]).then(|| {
                PassageView::new(
                    &cmp.left,
                    &cmp.right,
                    &cmp.alignment,
                    &ps[k],
                    Highlights {
                        words: shape.words,
                        facts: cmp.fact_marks(),
                        ignore: shape.ignore,
                    },
                    shape.pane_width,
                    false,
                )
            })
        })
    });
    if views.len() != ps.len() {
        // Cancelled part-way (each core stopped somewhere): nothing is laid out.
        views.clear();
        views.resize_with(ps.len(), || None);
    }
    let mut rows: Vec<Row> = Vec::new();
    let mut passage_row = vec![0; ps.len()];
    let mut labels = vec![String::new(); ps.len()];
    let mut k = 0;
    while k < ps.len() {
        if !rows.is_empty() {
            rows.push(blank(RowKind::Gap));
        }
        if folded[k] {
            let start = k;
            while k < ps.len() && folded[k] {
                passage_row[k] = rows.len();
                k += 1;
            }
            rows.push(blank(RowKind::Fold { count: k - start }));
            continue;
        }
        let p = &ps[k];
        let Some(view) = views[k].take() else {
            k += 1;
            continue;
        };
        labels[k] = gutter_label(p, &cmp.alignment, view.reworded);
        passage_row[k] = rows.len();
        if shape.stacked {
            let mut first = true;
            for (side, lines, present) in [
                (Side::Left, &view.left, !p.left.is_empty()),
                (Side::Right, &view.right, !p.right.is_empty()),
            ] {
                if !present {
                    continue;
                }
                let used = lines.iter().rposition(|l| l.width > 0).map_or(1, |i| i + 1);
                for line in lines.iter().take(used) {
                    rows.push(Row {
                        kind: RowKind::Text {
                            passage: k,
                            first,
                            side: Some(side),
                        },
                        left: line.clone(),
                        right: Line::default(),
                    });
                    first = false;
                }
            }
        } else {
            for (i, (l, r)) in view.left.into_iter().zip(view.right).enumerate() {
                rows.push(Row {
                    kind: RowKind::Text {
                        passage: k,
                        first: i == 0,
                        side: None,
                    },
                    left: l,
                    right: r,
                });
            }
        }
        if let Some(note) = review.note(&Unit::of(p, &cmp.alignment)) {
            for line in note.lines() {
                let text = format!("✎ {line}");
                for wrapped in wrap(&[(text, Tone::Plain.into())], note_width.max(10)) {
                    rows.push(Row {
                        kind: RowKind::Note { passage: k },
                        left: wrapped,
                        right: Line::default(),
                    });
                }
            }
        }
        k += 1;
    }
    Rows {
        shape,
        rows,
        passage_row,
        folded,
        labels,
    }
}

fn blank(kind: RowKind) -> Row {
    Row {
        kind,
        left: Line::default(),
        right: Line::default(),
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
mod tests {
    use super::*;
    use crate::align::{AlignOptions, align};
    use crate::load::{LoadOptions, load_bytes};

    fn cmp(l: &str, r: &str) -> Comparison {
        let l = load_bytes("l.txt", l.as_bytes(), &LoadOptions::default()).expect("left");
        let r = load_bytes("r.txt", r.as_bytes(), &LoadOptions::default()).expect("right");
        let a = align(&l, &r, &AlignOptions::default());
        Comparison::new(l, r, a)
    }

    fn shape(width: usize) -> Shape {
        Shape::plain(width)
    }

    fn build(c: &Comparison, shape: Shape) -> Rows {
        let (session, _) =
            crate::review::session::Session::in_memory(c.alignment.clone(), &c.left, &c.right);
        super::build(
            c,
            shape,
            session.review(),
            2 * shape.pane_width + 7,
            &Progress::new(),
        )
    }

    #[test]
    fn linked_passages_start_on_the_same_row_and_stay_level() {
        let c = cmp(
            "A short sentence about the harbour city.\nThe talks in the harbour city were long and detailed and lasted until late in the evening.\n",
            "A short sentence about the harbour city, longer on this side by quite a few words indeed.\nThe talks in the harbour city were long.\n",
        );
        let rows = build(&c, shape(20));
        for (k, &start) in rows.passage_row.iter().enumerate() {
            let row = &rows.rows[start];
            assert!(matches!(row.kind, RowKind::Text { passage, first: true, .. } if passage == k));
        }
        assert!(
            rows.rows
                .iter()
                .all(|r| r.left.width <= 20 && r.right.width <= 20)
        );
    }

    #[test]
    fn equal_runs_fold_with_context() {
        let same: Vec<String> = (0..8)
            .map(|i| format!("Sentence number {i} about topic {i}."))
            .collect();
        let mut other = same.clone();
        other[7] = "Something completely different was said at the end.".to_owned();
        let c = cmp(&same.join("\n"), &other.join("\n"));
        assert_eq!(
            folds(&c, 1).0,
            vec![6],
            "six equal passages fold, one stays as context"
        );
    }

    /// Fold rows (their counts) and the passages left showing, for `context`.
    fn folds(c: &Comparison, context: usize) -> (Vec<usize>, usize) {
        let mut s = shape(60);
        s.differences_only = true;
        s.context = context;
        let rows = build(c, s);
        let counts = rows
            .rows
            .iter()
            .filter_map(|r| match r.kind {
                RowKind::Fold { count } => Some(count),
                _ => None,
            })
            .collect();
        let shown = rows.folded.iter().filter(|f| !**f).count();
        (counts, shown)
    }

    #[test]
    fn every_equal_run_beyond_the_context_folds_and_the_context_is_settable() {
        // Four sentences replaced; each becomes a left-only and a right-only passage.
        let same: Vec<String> = (0..18)
            .map(|i| format!("Passage number {i} tells of the river crossing {i}."))
            .collect();
        let mut other = same.clone();
        for i in [3, 7, 9, 16] {
            other[i] = format!("An unrelated remark on bread and weather, item {i}.");
        }
        let c = cmp(&same.join("\n\n"), &other.join("\n\n"));
        let kinds: Vec<bool> = c
            .passages(Arrangement::SourceOrder)
            .iter()
            .map(|p| p.kind.is_difference())
            .collect();
        assert_eq!(kinds.iter().filter(|d| **d).count(), 8, "{kinds:?}");
        // Passages: equal 0–2, differing 3–4, equal 5–7, differing 8–9, equal 10, differing
        // 11–12, equal 13–18, differing 19–20, equal 21. Context 1 folds 0–1, 6 (alone), 14–17.
        let (counts, _) = folds(&c, 1);
        assert_eq!(
            counts,
            vec![2, 1, 4],
            "a lone equal passage beyond the context folds too"
        );
        let (counts, shown) = folds(&c, 0);
        assert_eq!(
            counts,
            vec![3, 3, 1, 6, 1],
            "context 0 folds every equal passage"
        );
        assert_eq!(shown, 8);
        let (counts, _) = folds(&c, 2);
        assert_eq!(counts, vec![1, 2]);
    }
}
