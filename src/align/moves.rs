//! Moves: matches that break the reading order, found among what the chain left over.
//!
//! Any candidate pair whose two sentences are both still unlinked and that clears the move
//! floor is out of order (an in-order one would have joined the chain), so it is linked as
//! `moved`, best first, each sentence once. A neighbour that raises the similarity when joined
//! (a split or merged sentence that moved as a block) is taken into the link.

use std::ops::Range;

use super::calibrate::Floors;
use super::candidates::{Bead, MergeParams, Pair};
use super::features::{FeatureSpace, Side};

/// Out-of-order beads among unlinked sentences, best first.
pub fn find(
    space: &FeatureSpace,
    pairs: &[Pair],
    left_used: &mut [bool],
    right_used: &mut [bool],
    floors: &Floors,
    margin: f32,
    merge: &MergeParams,
) -> Vec<Bead> {
    let passing: Vec<&Pair> = pairs
        .iter()
        .filter(|p| {
            p.similarity > floors.for_runs(p.left..p.left + 1, p.right..p.right + 1) + margin
        })
        .collect();
    link_best_first(
        passing,
        space,
        &|l, r| space.similarity(l, r),
        left_used,
        right_used,
        merge,
    )
}

/// Links `passing` pairs whose sentences are both free, best first, each grown by free
/// neighbours while `similarity` rises (see [`grow`]); marks what it links as used.
pub fn link_best_first(
    mut passing: Vec<&Pair>,
    space: &FeatureSpace,
    similarity: &dyn Fn(Range<usize>, Range<usize>) -> f32,
    left_used: &mut [bool],
    right_used: &mut [bool],
    merge: &MergeParams,
) -> Vec<Bead> {
    passing.sort_by(|a, b| {
        b.similarity
            .total_cmp(&a.similarity)
            .then(a.left.cmp(&b.left))
            .then(a.right.cmp(&b.right))
    });
    let mut out = Vec::new();
    for p in passing {
        if left_used[p.left] || right_used[p.right] {
            continue;
        }
        let mut bead = Bead {
            left: p.left..p.left + 1,
            right: p.right..p.right + 1,
            similarity: p.similarity,
            floor: 0.0,
        };
        grow(
            space,
            similarity,
            &mut bead,
            left_used,
            right_used,
            merge.max_group,
            merge.gain,
        );
        for i in bead.left.clone() {
            left_used[i] = true;
        }
        for j in bead.right.clone() {
            right_used[j] = true;
        }
        out.push(bead);
    }
    out
}

/// Extends one side of a bead by free neighbours while that raises the similarity by `gain`.
///
/// The bead's own sentences must be marked free in `left_used` / `right_used`; headings never
/// join a group.
pub fn grow(
    space: &FeatureSpace,
    similarity: &dyn Fn(Range<usize>, Range<usize>) -> f32,
    bead: &mut Bead,
    left_used: &[bool],
    right_used: &[bool],
    max_group: usize,
    gain: f32,
) {
    let free = |used: &[bool], r: &Range<usize>| r.end <= used.len() && r.clone().all(|i| !used[i]);
    for _ in 1..max_group {
        let mut best: Option<Bead> = None;
        let options = [
            (widen(&bead.left, true), Some(bead.right.clone())),
            (widen(&bead.left, false), Some(bead.right.clone())),
            (Some(bead.left.clone()), widen(&bead.right, true)),
            (Some(bead.left.clone()), widen(&bead.right, false)),
        ];
        for (l, r) in options.into_iter() {
            let (Some(l), Some(r)) = (l, r) else { continue };
            // Only one side grows: links are 1:n or n:1.
            if l.len() > 1 && r.len() > 1 {
                continue;
            }
            if l.len() > max_group || r.len() > max_group {
                continue;
            }
            if !free(left_used, &l) || !free(right_used, &r) {
                continue;
            }
            if (l.len() > 1 && space.any_heading(Side::Left, l.clone()))
                || (r.len() > 1 && space.any_heading(Side::Right, r.clone()))
            {
                continue;
            }
            let s = similarity(l.clone(), r.clone());
            if s > best
                .as_ref()
                .map_or(bead.similarity + gain, |b| b.similarity)
            {
                best = Some(Bead {
                    left: l,
                    right: r,
                    similarity: s,
                    floor: 0.0,
                });
            }
        }
        match best {
            Some(b) => *bead = b,
            None => break,
        }
    }
}

fn widen(r: &Range<usize>, before: bool) -> Option<Range<usize>> {
    if before {
        r.start.checked_sub(1).map(|s| s..r.end)
    } else {
        Some(r.start..r.end + 1)
    }
}
