//! Applying a reviewer's corrections to the engine's alignment.
//!
//! Corrections are stored by sentence text and applied in order to a fresh engine alignment
//! each time (never to an earlier corrected one), so they survive re-aligning, reopening and
//! edits elsewhere in the articles. A hand-made link takes its sentences from any link they
//! were in; it is "moved" when it would cross the in-order links, so the reading-order
//! invariant the layout relies on holds.

use std::ops::Range;

use similar::TextDiff;

use super::anchor::Finder;
use super::store::{Correction, CorrectionKind};
use crate::align::{Alignment, Link, LinkKind};
use crate::load::Document;
use crate::load::normalize::matching_key;

/// The alignment after corrections, and which corrections could not be applied.
#[derive(Debug, Clone)]
pub struct Corrected {
    /// The corrected alignment.
    pub alignment: Alignment,
    /// Indexes (into the corrections given) whose sentences are no longer in the articles.
    pub stale: Vec<usize>,
}

/// Applies `corrections` in order to `engine`'s alignment of `left` and `right`.
pub fn apply(
    engine: &Alignment,
    left: &Document,
    right: &Document,
    corrections: &[Correction],
) -> Corrected {
    let mut alignment = engine.clone();
    let mut stale = Vec::new();
    if corrections.is_empty() {
        return Corrected { alignment, stale };
    }
    let mut finders = (Finder::new(left), Finder::new(right));
    for (k, c) in corrections.iter().enumerate() {
        let (Some(l), Some(r)) = (finders.0.run(&c.left), finders.1.run(&c.right)) else {
            stale.push(k);
            continue;
        };
        match c.action {
            CorrectionKind::Link => link(&mut alignment, left, right, l, r),
            CorrectionKind::Unlink => {
                let before = alignment.links.len();
                alignment
                    .links
                    .retain(|x| !(touches(&x.left, &l) && touches(&x.right, &r)));
                if alignment.links.len() == before {
                    stale.push(k);
                }
            }
        }
    }
    Corrected { alignment, stale }
}

/// Links left sentences `l` with right sentences `r` by hand.
pub fn link(
    alignment: &mut Alignment,
    left: &Document,
    right: &Document,
    l: Range<usize>,
    r: Range<usize>,
) {
    alignment
        .links
        .retain(|x| !touches(&x.left, &l) && !touches(&x.right, &r));
    let text = |doc: &Document, range: &Range<usize>| {
        doc.sentences
            .get(range.clone())
            .unwrap_or_default()
            .iter()
            .map(|s| s.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let (lt, rt) = (text(left, &l), text(right, &r));
    let in_order = alignment
        .links
        .iter()
        .filter(|x| x.kind != LinkKind::Moved)
        .all(|x| {
            let (a, b) = (x.left[0], x.right[0]);
            (a < l.start && b < r.start) || (a >= l.end && b >= r.end)
        });
    let kind = if !in_order {
        LinkKind::Moved
    } else if matching_key(&lt) == matching_key(&rt) {
        LinkKind::Equal
    } else {
        LinkKind::Changed
    };
    let similarity =
        TextDiff::from_words(lt.to_lowercase().as_str(), rt.to_lowercase().as_str()).ratio();
    alignment.links.push(Link {
        left: l.collect(),
        right: r.collect(),
        kind,
        similarity: (similarity * 1000.0).round() / 1000.0,
        manual: true,
    });
    alignment.links.sort_by_key(|x| x.left.first().copied());
}

fn touches(indexes: &[usize], range: &Range<usize>) -> bool {
    indexes.iter().any(|i| range.contains(i))
}
