//! [`Passage`]: one row group of the side-by-side view, in source order on both sides.
//!
//! Walking both documents in reading order, each step emits what comes next: an in-order link
//! (both sides), a run of sentences only one side has, or one side of a moved link (the other
//! side appears at its own place). Runs of unique sentences never cross a paragraph.

use std::convert::Infallible;
use std::ops::{ControlFlow, Range};

use crate::align::{Alignment, LinkIndex, LinkKind};
use crate::load::Document;

/// What a passage shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PassageKind {
    /// A link whose sides have the same words.
    Equal,
    /// A link whose sides say the same in different words.
    Changed,
    /// One side of a moved link; its counterpart is elsewhere.
    Moved,
    /// Sentences only the left document has.
    LeftOnly,
    /// Sentences only the right document has.
    RightOnly,
}

impl PassageKind {
    /// Whether the passage is a difference a reviewer steps through (all but equal).
    pub fn is_difference(self) -> bool {
        self != PassageKind::Equal
    }
}

/// A group of sentences shown side by side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    /// What it shows.
    pub kind: PassageKind,
    /// The link it shows (for equal, changed and moved passages).
    pub link: Option<usize>,
    /// Left sentences shown (empty when the left side is blank).
    pub left: Range<usize>,
    /// Right sentences shown (empty when the right side is blank).
    pub right: Range<usize>,
}

/// How many passages of each kind a comparison has (source order; a moved link counts once).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Equal links.
    pub equal: usize,
    /// Changed links.
    pub changed: usize,
    /// Moved links.
    pub moved: usize,
    /// Runs only the left document has.
    pub left_only: usize,
    /// Runs only the right document has.
    pub right_only: usize,
}

impl Counts {
    /// Counts the source-order `passages` of `alignment`.
    pub fn of(passages: &[Passage], alignment: &Alignment) -> Counts {
        let mut counts = Counts::moved_of(alignment);
        for p in passages {
            counts.add(p);
        }
        counts
    }

    /// Counts the source-order passages of two aligned documents without keeping them: a
    /// file of millions of one-line paragraphs has as many passages.
    pub fn of_alignment(left: &Document, right: &Document, alignment: &Alignment) -> Counts {
        let mut counts = Counts::moved_of(alignment);
        let ControlFlow::Continue(()) = for_each_passage(left, right, alignment, |p| {
            counts.add(&p);
            ControlFlow::<Infallible>::Continue(())
        });
        counts
    }

    /// No passages counted yet; moved links are counted from the links, once each.
    fn moved_of(alignment: &Alignment) -> Counts {
        Counts {
            moved: alignment
                .links
                .iter()
                .filter(|l| l.kind == LinkKind::Moved)
                .count(),
            ..Counts::default()
        }
    }

    /// Counts one more passage (a moved one is not: moved links are counted from the links,
    /// once each, by [`Counts::of`]).
    pub fn add(&mut self, passage: &Passage) {
        match passage.kind {
            PassageKind::Equal => self.equal += 1,
            PassageKind::Changed => self.changed += 1,
            PassageKind::LeftOnly => self.left_only += 1,
            PassageKind::RightOnly => self.right_only += 1,
            PassageKind::Moved => {}
        }
    }
}

impl std::fmt::Display for Counts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} changed · {} moved · {} left only · {} right only · {} equal",
            self.changed, self.moved, self.left_only, self.right_only, self.equal
        )
    }
}

/// The passages of two aligned documents in source order.
pub fn passages(left: &Document, right: &Document, alignment: &Alignment) -> Vec<Passage> {
    // Room for every passage at once, growing being a copy each time: a passage holds a
    // sentence at least, and room never written is never touched.
    let mut out = Vec::with_capacity(left.sentences.len() + right.sentences.len());
    let ControlFlow::Continue(()) = for_each_passage(left, right, alignment, |p| {
        out.push(p);
        ControlFlow::<Infallible>::Continue(())
    });
    out
}

/// The passages of [`passages`] handed to `f` up to `len` at a time (at least one), in source
/// order, never all held at once: a book of short lines has millions, tens of bytes each.
/// Stops at the first slice `f` breaks on, and gives what it broke with.
pub fn passages_in_slices<B>(
    left: &Document,
    right: &Document,
    alignment: &Alignment,
    len: usize,
    mut f: impl FnMut(&[Passage]) -> ControlFlow<B>,
) -> ControlFlow<B> {
    let len = len.max(1);
    let mut slice = Vec::with_capacity(len);
    for_each_passage(left, right, alignment, |p| {
        slice.push(p);
        if slice.len() < len {
            return ControlFlow::Continue(());
        }
        let flow = f(&slice);
        slice.clear();
        flow
    })?;
    if slice.is_empty() {
        ControlFlow::Continue(())
    } else {
        f(&slice)
    }
}

/// Hands each passage of [`passages`] to `out`, in source order, until `out` breaks.
fn for_each_passage<B>(
    left: &Document,
    right: &Document,
    alignment: &Alignment,
    mut out: impl FnMut(Passage) -> ControlFlow<B>,
) -> ControlFlow<B> {
    let (n, m) = (left.sentences.len(), right.sentences.len());
    let left_of = alignment.left_index(n);
    let right_of = alignment.right_index(m);
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        let li = left_of.get(i);
        let rj = right_of.get(j);
        // An in-order link whose both sides start here.
        if let (Some(a), Some(b)) = (li, rj)
            && a == b
            && alignment.links[a].kind != LinkKind::Moved
        {
            let link = &alignment.links[a];
            let kind = if link.kind == LinkKind::Equal {
                PassageKind::Equal
            } else {
                PassageKind::Changed
            };
            let l = i..i + link.left.len();
            let r = j..j + link.right.len();
            i = l.end;
            j = r.end;
            out(Passage {
                kind,
                link: Some(a),
                left: l,
                right: r,
            })?;
            continue;
        }
        // Left side first while it is not waiting for an in-order link the right has not reached.
        let left_waits = match li {
            Some(a) => alignment.links[a].kind != LinkKind::Moved,
            None => false,
        };
        if i < n && !left_waits {
            out(one_side(left, &left_of, alignment, &mut i, true))?;
            continue;
        }
        if j < m {
            out(one_side(right, &right_of, alignment, &mut j, false))?;
            continue;
        }
        // The right side is exhausted while the left waits: cannot happen for a consistent
        // alignment, but never loop forever on an inconsistent one.
        out(one_side(left, &left_of, alignment, &mut i, true))?;
    }
    ControlFlow::Continue(())
}

/// A passage from one side only, starting at `*at`: a moved link's side or a unique run.
pub(super) fn one_side(
    doc: &Document,
    link_of: &LinkIndex,
    alignment: &Alignment,
    at: &mut usize,
    is_left: bool,
) -> Passage {
    let start = *at;
    let (kind, link, end) = match link_of.get(start) {
        Some(k) => {
            let link = &alignment.links[k];
            let len = if is_left {
                link.left.len()
            } else {
                link.right.len()
            };
            (PassageKind::Moved, Some(k), start + len.max(1))
        }
        None => {
            let para = doc.sentences.at(start).paragraph;
            let mut end = start + 1;
            while end < doc.sentences.len()
                && link_of.get(end).is_none()
                && doc.sentences.at(end).paragraph == para
            {
                end += 1;
            }
            let kind = if is_left {
                PassageKind::LeftOnly
            } else {
                PassageKind::RightOnly
            };
            (kind, None, end)
        }
    };
    *at = end;
    let (left, right) = if is_left {
        (start..end, 0..0)
    } else {
        (0..0, start..end)
    };
    Passage {
        kind,
        link,
        left,
        right,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::align::{AlignOptions, align};
    use crate::layout::rearranged;
    use crate::load::{LoadOptions, load_bytes};

    fn doc(t: &str) -> Document {
        load_bytes("t.txt", t.as_bytes(), &LoadOptions::default()).expect("doc")
    }

    /// Two articles with an equal, a changed and a moved link and runs only one side has:
    /// the moved link is shown twice, once on each side.
    pub(crate) fn moved_pair() -> (Document, Document, Alignment) {
        use crate::align::Link;
        let l = doc(concat!(
            "Alpha came first. Bravo came second. Charlie came third.\n\n",
            "Delta is only here. Echo is only here too.\n\n",
            "Foxtrot closes the left article.\n",
        ));
        let r = doc(concat!(
            "Alpha came first. Bravo and Charlie came next.\n\n",
            "Foxtrot opens this part. X-ray is only here. Yankee is only here.\n\n",
            "Zulu is only here.\n",
        ));
        let link = |left: Vec<usize>, right: Vec<usize>, kind| Link {
            left,
            right,
            kind,
            similarity: 0.5,
            manual: false,
        };
        let a = Alignment {
            links: vec![
                link(vec![0], vec![0], LinkKind::Equal),
                link(vec![1, 2], vec![1], LinkKind::Changed),
                link(vec![5], vec![2], LinkKind::Moved),
            ],
            ..Alignment::default()
        };
        (l, r, a)
    }

    #[test]
    fn links_moves_and_unique_runs_become_passages_in_reading_order() {
        let (l, r, a) = moved_pair();
        assert_eq!((l.sentences.len(), r.sentences.len()), (6, 6));
        let ps = passages(&l, &r, &a);
        use PassageKind::*;
        assert_eq!(
            sides(&ps),
            [
                (Equal, vec![0], vec![0]),
                (Changed, vec![1, 2], vec![1]),
                (LeftOnly, vec![3, 4], vec![]),
                (Moved, vec![5], vec![]),
                (Moved, vec![], vec![2]),
                // Unique runs end with their paragraph.
                (RightOnly, vec![], vec![3, 4]),
                (RightOnly, vec![], vec![5]),
            ]
        );
        let links: Vec<Option<usize>> = ps.iter().map(|p| p.link).collect();
        assert_eq!(
            links,
            [Some(0), Some(1), None, Some(2), Some(2), None, None]
        );
        let counts = Counts::of(&ps, &a);
        assert_eq!(
            counts,
            Counts {
                equal: 1,
                changed: 1,
                moved: 1,
                left_only: 1,
                right_only: 2,
            }
        );
        assert_eq!(
            counts.to_string(),
            "1 changed · 1 moved · 1 left only · 2 right only · 1 equal"
        );
        // The summary counts the same without keeping the passages.
        assert_eq!(Counts::of_alignment(&l, &r, &a), counts);
        let differences: Vec<bool> = ps.iter().map(|p| p.kind.is_difference()).collect();
        assert_eq!(differences, [false, true, true, true, true, true, true]);
    }

    #[test]
    fn crossing_in_order_links_still_give_every_sentence_once() {
        use crate::align::Link;
        // Not something the engine makes, but a hand-edited review could: two in-order links
        // that cross. The walk must end, show each sentence once, and not index past a side.
        let l = doc("Alpha came first.\nBravo came second.\n");
        let r = doc("Bravo came second.\nAlpha came first.\n");
        let link = |left: usize, right: usize| Link {
            left: vec![left],
            right: vec![right],
            kind: LinkKind::Changed,
            similarity: 0.5,
            manual: false,
        };
        let a = Alignment {
            links: vec![link(0, 1), link(1, 0)],
            ..Alignment::default()
        };
        let ps = passages(&l, &r, &a);
        let mut left: Vec<usize> = ps.iter().flat_map(|p| p.left.clone()).collect();
        let mut right: Vec<usize> = ps.iter().flat_map(|p| p.right.clone()).collect();
        left.sort_unstable();
        right.sort_unstable();
        assert_eq!((left, right), (vec![0, 1], vec![0, 1]), "{ps:?}");
    }

    fn sides(ps: &[Passage]) -> Vec<(PassageKind, Vec<usize>, Vec<usize>)> {
        ps.iter()
            .map(|p| (p.kind, p.left.clone().collect(), p.right.clone().collect()))
            .collect()
    }

    #[test]
    fn source_order_keeps_both_reading_orders() {
        let l =
            doc("Alpha bravo charlie delta.\nEcho foxtrot golf hotel.\nIndia juliet kilo lima.\n");
        let r =
            doc("India juliet kilo lima.\nAlpha bravo charlie delta.\nMike november oscar papa.\n");
        let a = align(&l, &r, &AlignOptions::default());
        let ps = passages(&l, &r, &a);
        let mut left_seen: Vec<usize> = ps.iter().flat_map(|p| p.left.clone()).collect();
        let mut right_seen: Vec<usize> = ps.iter().flat_map(|p| p.right.clone()).collect();
        assert!(left_seen.windows(2).all(|w| w[0] < w[1]));
        assert!(right_seen.windows(2).all(|w| w[0] < w[1]));
        left_seen.dedup();
        right_seen.dedup();
        assert_eq!(left_seen, vec![0, 1, 2]);
        assert_eq!(right_seen, vec![0, 1, 2]);
        assert!(ps.iter().any(|p| p.kind == PassageKind::Moved));
    }

    /// The text export lays a book out a slice of passages at a time: the slices must hold
    /// exactly the passages, in order, however long a slice is, and stop when told to.
    #[test]
    fn passages_come_in_slices_of_the_length_asked_and_stop_when_told() {
        let (l, r, a) = moved_pair();
        let whole = passages(&l, &r, &a);
        assert_eq!(whole.len(), 7);
        for len in [0, 1, 2, 3, 7, 100] {
            let mut lens = Vec::new();
            let mut seen = Vec::new();
            let flow = passages_in_slices(&l, &r, &a, len, |slice| {
                lens.push(slice.len());
                seen.extend_from_slice(slice);
                ControlFlow::<Infallible>::Continue(())
            });
            assert_eq!(flow, ControlFlow::Continue(()));
            assert_eq!(seen, whole, "slices of {len}");
            let full = len.clamp(1, 7);
            assert!(lens.iter().all(|&n| n > 0 && n <= full), "{len}: {lens:?}");
            assert!(
                lens.iter().rev().skip(1).all(|&n| n == full),
                "{len}: {lens:?}"
            );
        }
        let mut slices = 0;
        let flow = passages_in_slices(&l, &r, &a, 2, |slice| {
            slices += 1;
            if slices == 2 {
                ControlFlow::Break(slice[0].clone())
            } else {
                ControlFlow::Continue(())
            }
        });
        assert_eq!((flow, slices), (ControlFlow::Break(whole[2].clone()), 2));
    }

    #[test]
    fn rearranged_puts_counterparts_side_by_side() {
        let l =
            doc("Alpha bravo charlie delta.\nEcho foxtrot golf hotel.\nIndia juliet kilo lima.\n");
        let r =
            doc("India juliet kilo lima.\nAlpha bravo charlie delta.\nMike november oscar papa.\n");
        let a = align(&l, &r, &AlignOptions::default());
        let ps = rearranged(&l, &r, &a);
        assert_eq!(
            sides(&ps),
            vec![
                (PassageKind::Equal, vec![0], vec![1]),
                (PassageKind::RightOnly, vec![], vec![2]),
                (PassageKind::LeftOnly, vec![1], vec![]),
                (PassageKind::Moved, vec![2], vec![0]),
            ]
        );
    }
}
