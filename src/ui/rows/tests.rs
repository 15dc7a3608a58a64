//! Tests of [`super`]: rows built from small comparisons.

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
        crate::review::session::Session::in_memory((*c.alignment).clone(), &c.left, &c.right);
    super::build(
        c,
        shape,
        session.review(),
        2 * shape.pane_width + 7,
        None,
        &Progress::new(),
    )
}

#[test]
fn row_entries_stay_small() {
    // A book of one-line paragraphs has millions of rows and kept line counts: 8 and 24
    // bytes, where they were 16 and 48.
    assert_eq!(std::mem::size_of::<RowKind>(), 8);
    assert_eq!(std::mem::size_of::<Option<Columns>>(), 24);
}

#[test]
fn linked_passages_start_on_the_same_row_and_stay_level() {
    let c = cmp(
        "A short sentence about the harbour city.\nThe talks in the harbour city were long and detailed and lasted until late in the evening.\n",
        "A short sentence about the harbour city, longer on this side by quite a few words indeed.\nThe talks in the harbour city were long.\n",
    );
    let rows = build(&c, shape(20));
    for (k, &start) in rows.passage_row.iter().enumerate() {
        let kind = rows.kind(start);
        assert!(
            matches!(kind, Some(RowKind::Text { passage, first: true, .. }) if passage as usize == k)
        );
    }
    assert!((0..rows.len()).all(|i| {
        let r = rows.get(&c, i).expect("a row");
        r.left.width <= 20 && r.right.width <= 20
    }));
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
        .kinds(0..rows.len())
        .iter()
        .filter_map(|kind| match *kind {
            RowKind::Fold { count } => Some(count as usize),
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

#[test]
fn rows_built_from_earlier_ones_are_those_built_afresh() {
    let same: Vec<String> = (0..12)
        .map(|i| format!("Passage number {i} tells of the long river crossing {i} at dawn."))
        .collect();
    let mut other = same.clone();
    for i in [2, 7] {
        other[i] = format!("An unrelated remark on bread and weather, item {i}.");
    }
    other[9] = format!("{} And something more was said.", other[9]);
    other[4] = same[4].replace("river", "wide stream");
    let c = cmp(&same.join("\n\n"), &other.join("\n\n"));
    let folded = Shape {
        differences_only: true,
        ..shape(24)
    };
    let unmarked = Shape {
        words: false,
        ..shape(24)
    };
    let narrow = shape(17);
    let (session, _) =
        crate::review::session::Session::in_memory((*c.alignment).clone(), &c.left, &c.right);
    let lay = |s: Shape, previous: Option<Rows>| {
        super::build(&c, s, session.review(), 60, previous, &Progress::new())
    };
    let text = |rows: &Rows| -> Vec<(RowKind, Line, Line)> {
        (0..rows.len())
            .map(|i| {
                let r = rows.get(&c, i).expect("a row");
                (r.kind, r.left.clone(), r.right.clone())
            })
            .collect()
    };
    // Each step from the rows before it (read in full, so their views exist), and afresh.
    let mut previous = lay(shape(24), None);
    for next in [folded, shape(24), unmarked, narrow, folded] {
        text(&previous);
        let lent = lay(next, Some(previous));
        let fresh = lay(next, None);
        assert_eq!(text(&lent), text(&fresh), "{next:?}");
        assert_eq!(lent.passage_row, fresh.passage_row);
        previous = lent;
    }
}
