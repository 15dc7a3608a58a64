//! [`Unit`]: what a reviewer marks, a link or a run of sentences only one side has.

use std::ops::Range;

use crate::align::{Alignment, Link};
use crate::layout::Passage;
use crate::load::Document;

/// A reviewable passage of the current alignment, by sentence ranges.
///
/// Both halves of a moved link are one unit (they are one link), so its review state shows
/// on both sides of the screen.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Unit {
    /// Left sentences (empty for a right-only run).
    pub left: Range<usize>,
    /// Right sentences (empty for a left-only run).
    pub right: Range<usize>,
}

impl Unit {
    /// The unit `passage` shows.
    pub fn of(passage: &Passage, alignment: &Alignment) -> Unit {
        match passage.link.and_then(|k| alignment.links.get(k)) {
            Some(link) => Unit::of_link(link),
            None => Unit {
                left: passage.left.clone(),
                right: passage.right.clone(),
            },
        }
    }

    /// The unit of `link`.
    pub fn of_link(link: &Link) -> Unit {
        let span = |v: &[usize]| match (v.first(), v.last()) {
            (Some(&a), Some(&b)) => a..b + 1,
            _ => 0..0,
        };
        Unit {
            left: span(&link.left),
            right: span(&link.right),
        }
    }

    /// Its sentences' texts, left then right.
    pub fn texts(&self, left: &Document, right: &Document) -> (Vec<String>, Vec<String>) {
        let get = |doc: &Document, r: &Range<usize>| {
            doc.sentences
                .get_range(r.clone())
                .unwrap_or_default()
                .map(|s| s.text.to_string())
                .collect()
        };
        (get(left, &self.left), get(right, &self.right))
    }

    /// How many sentences it holds.
    pub fn len(&self) -> usize {
        self.left.len() + self.right.len()
    }

    /// Whether it holds no sentence.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The units of source-order `passages`, each once, with whether it is a difference.
///
/// Only a link's passages can show one unit twice (the two sides of a moved link); a run of
/// one side's own sentences is a unit of its own. So a link's passages are told apart by the
/// link's index, with no hashing: a file of short lines makes millions of passages.
pub fn units(passages: &[Passage], alignment: &Alignment) -> Vec<(Unit, bool)> {
    let mut shown = vec![false; alignment.links.len()];
    passages
        .iter()
        .filter_map(|p| {
            if let Some(seen) = p.link.and_then(|k| shown.get_mut(k))
                && std::mem::replace(seen, true)
            {
                return None;
            }
            Some((Unit::of(p, alignment), p.kind.is_difference()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{PassageKind, passages};

    /// Each unit once, in the order first shown, as a set of units seen would give them.
    #[test]
    fn a_moved_link_is_one_unit_and_every_other_passage_its_own() {
        let (l, r, a) = crate::layout::passage::tests::moved_pair();
        let ps = passages(&l, &r, &a);
        let mut seen = std::collections::HashSet::new();
        let expected: Vec<(Unit, bool)> = ps
            .iter()
            .map(|p| (Unit::of(p, &a), p.kind.is_difference()))
            .filter(|(u, _)| seen.insert(u.clone()))
            .collect();
        let got = units(&ps, &a);
        assert_eq!(got, expected);
        // Seven passages, the moved link's two among them: six units.
        assert_eq!((ps.len(), got.len()), (7, 6));
        let moved = ps.iter().filter(|p| p.kind == PassageKind::Moved).count();
        assert_eq!(moved, 2);
    }

    #[test]
    fn a_unit_counts_the_sentences_of_both_sides() {
        let u = |left: Range<usize>, right: Range<usize>| Unit { left, right };
        assert_eq!(u(0..2, 3..6).len(), 5);
        assert_eq!(u(4..4, 3..6).len(), 3);
        assert!(!u(4..4, 3..6).is_empty());
        assert!(u(4..4, 2..2).is_empty());
    }
}
