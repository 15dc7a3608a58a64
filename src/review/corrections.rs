//! Applying a reviewer's corrections to the engine's alignment.
//!
//! Corrections are stored by sentence text and applied in order to a fresh engine alignment
//! each time (never to an earlier corrected one), so they survive re-aligning, reopening and
//! edits elsewhere in the articles. A hand-made link takes its sentences out of any link they
//! were in, and an unlink may take out a few sentences of one side only: in both cases what
//! remains of the old link stays linked when it is still whole (a run on each side). A link
//! by hand is "moved" when it would cross the in-order links, so the reading-order invariant
//! the layout relies on holds.

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
///
/// An unlink naming sentences on both sides breaks the links holding both; one naming
/// sentences on one side only takes just those sentences out of their link (the rest stays
/// linked, see [`take_out`]).
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
    let find = |finder: &mut Finder, texts: &[String]| {
        if texts.is_empty() {
            Some(0..0)
        } else {
            finder.run(texts)
        }
    };
    for (k, c) in corrections.iter().enumerate() {
        let (Some(l), Some(r)) = (
            find(&mut finders.0, &c.left),
            find(&mut finders.1, &c.right),
        ) else {
            stale.push(k);
            continue;
        };
        let applied = match c.action {
            CorrectionKind::Link if !l.is_empty() && !r.is_empty() => {
                link(&mut alignment, left, right, l, r);
                true
            }
            CorrectionKind::Link => false,
            CorrectionKind::Unlink if !l.is_empty() && !r.is_empty() => {
                let before = alignment.links.len();
                alignment
                    .links
                    .retain(|x| !(touches(&x.left, &l) && touches(&x.right, &r)));
                alignment.links.len() != before
            }
            CorrectionKind::Unlink => {
                (!l.is_empty() || !r.is_empty()) && take_out(&mut alignment, left, right, &l, &r)
            }
        };
        if !applied {
            stale.push(k);
        }
    }
    Corrected { alignment, stale }
}

/// Links left sentences `l` with right sentences `r` by hand, taking them out of any link
/// they were in (see [`take_out`]).
pub fn link(
    alignment: &mut Alignment,
    left: &Document,
    right: &Document,
    l: Range<usize>,
    r: Range<usize>,
) {
    take_out(alignment, left, right, &l, &r);
    let made = by_hand(alignment, left, right, l, r);
    alignment.links.push(made);
    alignment.links.sort_by_key(|x| x.left.first().copied());
}

/// Takes left sentences `l` and right sentences `r` out of every link holding one of them;
/// returns whether any did.
///
/// What remains of such a link stays linked (as a link by hand, its kind and similarity
/// measured again) when each side keeps at least one sentence and is still one run; else the
/// link is broken. So taking one sentence out of a two-sentence side leaves the other linked.
pub fn take_out(
    alignment: &mut Alignment,
    left: &Document,
    right: &Document,
    l: &Range<usize>,
    r: &Range<usize>,
) -> bool {
    let (held, kept): (Vec<Link>, Vec<Link>) = std::mem::take(&mut alignment.links)
        .into_iter()
        .partition(|x| touches(&x.left, l) || touches(&x.right, r));
    alignment.links = kept;
    let rests: Vec<(Range<usize>, Range<usize>)> = held
        .iter()
        .filter_map(|x| {
            let rest_l = run(x.left.iter().filter(|i| !l.contains(i)))?;
            let rest_r = run(x.right.iter().filter(|i| !r.contains(i)))?;
            Some((rest_l, rest_r))
        })
        .collect();
    for (rl, rr) in rests {
        let made = by_hand(alignment, left, right, rl, rr);
        alignment.links.push(made);
    }
    alignment.links.sort_by_key(|x| x.left.first().copied());
    !held.is_empty()
}

/// The indexes as one run of consecutive sentences; `None` when empty or broken.
fn run<'a>(indexes: impl Iterator<Item = &'a usize>) -> Option<Range<usize>> {
    let v: Vec<usize> = indexes.copied().collect();
    let (&first, &last) = (v.first()?, v.last()?);
    v.windows(2)
        .all(|w| w[1] == w[0] + 1)
        .then_some(first..last + 1)
}

/// A link by hand of `l` and `r`, measured: moved when it would cross the in-order links of
/// `alignment`, equal when the words are, else changed; the similarity is the word overlap.
fn by_hand(
    alignment: &Alignment,
    left: &Document,
    right: &Document,
    l: Range<usize>,
    r: Range<usize>,
) -> Link {
    let text = |doc: &Document, range: &Range<usize>| {
        doc.sentences
            .get_range(range.clone())
            .unwrap_or_default()
            .map(|s| s.text)
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
    Link {
        left: l.collect(),
        right: r.collect(),
        kind,
        similarity: (similarity * 1000.0).round() / 1000.0,
        manual: true,
    }
}

fn touches(indexes: &[usize], range: &Range<usize>) -> bool {
    indexes.iter().any(|i| range.contains(i))
}
