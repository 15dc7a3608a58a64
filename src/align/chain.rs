//! The best in-order chain of beads: a global optimum, not a greedy pick.
//!
//! Choose beads, strictly increasing on both sides and never overlapping, that maximise the
//! sum of `similarity − floor` (each bead has its own floor, see `calibrate`). Skipped sentences cost nothing, so this is the Gale–Church /
//! Vecalign dynamic programme restricted to candidate beads. Beads are visited by left start; a
//! Fenwick tree over right positions gives the best chain ending before a bead's right start
//! in O(log m), so the whole search is O(B log m) for B beads.
//!
//! [`held_gaps`] then finds what the chain holds between its links: sentences left unlinked on
//! both sides between two consecutive links, which a rewrite that keeps the order says in
//! other words.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::ops::Range;

use super::candidates::Bead;
use crate::progress::{BATCH, Progress};

/// Indexes (into `beads`) of the best chain, in reading order.
///
/// Bead indexes are held in 32 bits while the chain is searched (a file of millions of
/// identical short lines makes millions of beads, and this pass keeps three entries a bead);
/// there are never 2³² beads, which would take 96 GB.
///
/// Once `progress` is cancelled the search stops and the chain is empty (the caller checks):
/// millions of beads take a good part of a second.
pub fn best_chain(beads: &[Bead], right_len: usize, progress: &Progress) -> Vec<usize> {
    debug_assert!(beads.len() < NONE as usize, "bead indexes fit in 32 bits");
    let bead = |b: u32| &beads[b as usize];
    let mut order: Vec<u32> = (0..beads.len() as u32)
        .filter(|&b| bead(b).similarity > bead(b).floor)
        .collect();
    if order.is_empty() {
        return Vec::new();
    }
    // Ties broken by the bead's index, as a stable sort would: unstable, it needs no buffer
    // of half the list (tens of megabytes on a book of identical lines).
    order.sort_unstable_by_key(|&b| {
        let (l, r) = (bead(b).left(), bead(b).right());
        (l.start, r.start, l.end, r.end, b)
    });
    let mut tree = MaxTree::new(right_len + 1);
    let mut score = vec![0.0f32; beads.len()];
    let mut prev: Vec<u32> = vec![NONE; beads.len()];
    // Scored beads wait here until the beads being scored start at or after their left end,
    // and enter the tree by (left end, right start, right end, place in `order`): the order of
    // a stable sort of `order` by end, without a second list as long as the beads. Only beads
    // of the last few left sentences wait.
    let mut waiting: BinaryHeap<Reverse<(usize, usize, usize, usize)>> = BinaryHeap::new();
    for (at, &b) in order.iter().enumerate() {
        if at % BATCH == 0 && progress.is_cancelled() {
            return Vec::new();
        }
        let (l, r) = (bead(b).left(), bead(b).right());
        // Every bead that ends at or before this one's left start may precede it.
        while let Some(&Reverse((end, _, right_end, place))) = waiting.peek() {
            if end > l.start {
                break;
            }
            waiting.pop();
            let e = order[place];
            tree.update(right_end, score[e as usize], e);
        }
        let (best, from) = tree.query(r.start);
        score[b as usize] = best + (bead(b).similarity - bead(b).floor);
        prev[b as usize] = from;
        waiting.push(Reverse((l.end, r.start, r.end, at)));
    }
    let Some(mut at) = order.iter().copied().max_by(|&a, &b| {
        score[a as usize]
            .total_cmp(&score[b as usize])
            .then(b.cmp(&a))
    }) else {
        return Vec::new();
    };
    let mut chain = vec![at as usize];
    while prev[at as usize] != NONE {
        at = prev[at as usize];
        chain.push(at as usize);
    }
    chain.reverse();
    chain
}

/// No bead: the start of a chain.
const NONE: u32 = u32::MAX;

/// Prefix-maximum Fenwick tree over right end positions, remembering which bead gave the max.
struct MaxTree {
    best: Vec<(f32, u32)>,
}

impl MaxTree {
    fn new(len: usize) -> Self {
        Self {
            best: vec![(0.0, NONE); len + 1],
        }
    }

    /// Records a chain ending at right position `end` (exclusive) with `score`.
    fn update(&mut self, end: usize, score: f32, bead: u32) {
        let mut i = end;
        while i < self.best.len() {
            if score > self.best[i].0 {
                self.best[i] = (score, bead);
            }
            i += i & i.wrapping_neg();
        }
    }

    /// The best chain whose right end is at most `pos`, and its last bead ([`NONE`] for the
    /// empty chain).
    fn query(&self, pos: usize) -> (f32, u32) {
        let mut i = pos.min(self.best.len() - 1);
        let mut out = (0.0, NONE);
        while i > 0 {
            if self.best[i].0 > out.0 {
                out = self.best[i];
            }
            i -= i & i.wrapping_neg();
        }
        out
    }
}

/// The stretches between consecutive links of an in-order chain (and before its first and
/// after its last, up to `left_len` and `right_len`) that hold sentences on both sides.
///
/// `chain` gives each link's left and right sentences as ranges, in reading order on both
/// sides, as [`best_chain`] orders its beads.
pub fn held_gaps(
    chain: impl IntoIterator<Item = (Range<usize>, Range<usize>)>,
    left_len: usize,
    right_len: usize,
) -> Vec<(Range<usize>, Range<usize>)> {
    let mut out = Vec::new();
    let (mut l, mut r) = (0, 0);
    let bounds = chain
        .into_iter()
        .chain([(left_len..left_len, right_len..right_len)]);
    for (left, right) in bounds {
        if left.start > l && right.start > r {
            out.push((l..left.start, r..right.start));
        }
        l = left.end;
        r = right.end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bead(l: std::ops::Range<usize>, r: std::ops::Range<usize>, s: f32) -> Bead {
        Bead::new(l, r, s, 0.3)
    }

    #[test]
    fn picks_the_heaviest_in_order_chain() {
        let beads = vec![
            bead(0..1, 0..1, 0.9),
            bead(1..2, 2..3, 0.8),
            bead(2..3, 1..2, 0.5), // crosses 1→2
            bead(3..4, 3..4, 0.7),
        ];
        assert_eq!(best_chain(&beads, 4, &Progress::new()), vec![0, 1, 3]);
    }

    #[test]
    fn a_merge_beats_two_weaker_singles_only_when_heavier() {
        let beads = vec![
            bead(0..1, 0..1, 0.5),
            bead(0..1, 0..2, 0.9),
            bead(1..2, 1..2, 0.4),
        ];
        // 0.9-0.3 = 0.6 vs 0.2 + 0.1 = 0.3
        assert_eq!(best_chain(&beads, 2, &Progress::new()), vec![1]);
    }

    #[test]
    fn nothing_above_the_floor_gives_an_empty_chain() {
        assert!(best_chain(&[bead(0..1, 0..1, 0.2)], 1, &Progress::new()).is_empty());
        // A link must score above its floor, not merely reach it.
        assert!(best_chain(&[bead(0..1, 0..1, 0.3)], 1, &Progress::new()).is_empty());
    }

    #[test]
    fn a_cancelled_search_gives_no_chain() {
        let beads: Vec<Bead> = (0..3 * BATCH)
            .map(|i| bead(i..i + 1, i..i + 1, 0.9))
            .collect();
        assert_eq!(
            best_chain(&beads, 3 * BATCH, &Progress::new()).len(),
            3 * BATCH
        );
        let cancelled = Progress::new();
        cancelled.cancel();
        assert!(best_chain(&beads, 3 * BATCH, &cancelled).is_empty());
    }

    /// Whether `chain` is strictly increasing and never overlapping on both sides.
    fn in_order(beads: &[Bead], chain: &[usize]) -> bool {
        chain.windows(2).all(|w| {
            let (a, b) = (&beads[w[0]], &beads[w[1]]);
            a.left().end <= b.left().start && a.right().end <= b.right().start
        })
    }

    proptest::proptest! {
        #[test]
        fn the_chain_scores_as_much_as_the_best_of_every_subset(
            raw in proptest::collection::vec((0..6usize, 1..3usize, 0..6usize, 1..3usize, 0..100u8), 0..10),
        ) {
            let beads: Vec<Bead> = raw
                .iter()
                .map(|&(l, ll, r, rl, s)| bead(l..l + ll, r..r + rl, f32::from(s) / 100.0))
                .collect();
            let gain = |chain: &[usize]| -> f32 {
                chain.iter().map(|&b| beads[b].similarity - beads[b].floor).sum()
            };
            let chain = best_chain(&beads, 8, &Progress::new());
            proptest::prop_assert!(in_order(&beads, &chain));
            proptest::prop_assert!(chain.iter().all(|&b| beads[b].similarity > beads[b].floor));
            // Every subset, in reading order, that is a valid chain of beads above their floor.
            let mut best = 0.0f32;
            for mask in 0u32..1 << beads.len() {
                let mut subset: Vec<usize> = (0..beads.len()).filter(|b| mask >> b & 1 == 1).collect();
                subset.sort_by_key(|&b| (beads[b].left().start, beads[b].right().start));
                if in_order(&beads, &subset)
                    && subset.iter().all(|&b| beads[b].similarity > beads[b].floor)
                {
                    best = best.max(gain(&subset));
                }
            }
            proptest::prop_assert!((gain(&chain) - best).abs() < 1e-4, "{} vs {best}", gain(&chain));
        }
    }

    #[test]
    fn held_gaps_are_the_stretches_unlinked_on_both_sides() {
        let chain = [(1..2, 0..1), (2..3, 1..2), (4..5, 4..6)];
        // Before the first link only the left has a sentence; between the 2nd and 3rd both
        // sides hold some; after the last, both do again.
        assert_eq!(held_gaps(chain, 7, 8), vec![(3..4, 2..4), (5..7, 6..8)]);
        assert_eq!(held_gaps([], 2, 3), vec![(0..2, 0..3)]);
        assert!(held_gaps([(0..2, 0..3)], 2, 3).is_empty());
    }
}
