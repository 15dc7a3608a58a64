//! Moves: matches that break the reading order, found among what the chain left over.
//!
//! Any candidate pair whose two sentences are both still unlinked and that clears the move
//! floor is out of order (an in-order one would have joined the chain), so it is linked as
//! `moved`, best first, each sentence once. A neighbour that raises the similarity when joined
//! (a split or merged sentence that moved as a block) is taken into the link.

use std::ops::Range;

use super::calibrate::Floors;
use super::candidates::{Bead, MergeParams, Pair, index};
use super::features::{FeatureSpace, Side};

/// A candidate pair that clears the move floor: linked as moved if both its sentences are
/// still free once the in-order chain is chosen.
///
/// Sentence indexes in 32 bits and no cosines (12 bytes, where a [`Pair`] is 20): these are
/// kept while the chain is searched, the most memory-hungry moment on a file of millions of
/// identical lines, which makes several pairs a sentence.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Candidate {
    sentences: [u32; 2],
    /// Similarity of the two sentences.
    pub similarity: f32,
}

impl Candidate {
    /// Left sentence `left` and right sentence `right`, with their similarity.
    pub fn new(left: usize, right: usize, similarity: f32) -> Candidate {
        Candidate {
            sentences: [index(left), index(right)],
            similarity,
        }
    }

    /// Left sentence index.
    pub fn left(&self) -> usize {
        self.sentences[0] as usize
    }

    /// Right sentence index.
    pub fn right(&self) -> usize {
        self.sentences[1] as usize
    }
}

/// The `pairs` that clear their floor by `margin`: the only ones that may become moves. The
/// floors never change, so this is known before the chain is.
///
/// Takes the pairs: the standard library collects a vector's items mapped to smaller ones in
/// the vector's own memory (an optimisation it makes here, not a promise), so no second list
/// is held beside them.
pub fn candidates(pairs: Vec<Pair>, floors: &Floors, margin: f32) -> Vec<Candidate> {
    pairs
        .into_iter()
        .filter(|p| {
            p.similarity
                > floors.for_runs(p.left()..p.left() + 1, p.right()..p.right() + 1) + margin
        })
        .map(|p| Candidate::new(p.left(), p.right(), p.similarity))
        .collect()
}

/// Out-of-order beads among unlinked sentences, best first: the [`candidates`] whose two
/// sentences are both still free.
pub fn find(
    space: &FeatureSpace,
    candidates: &[Candidate],
    left_used: &mut [bool],
    right_used: &mut [bool],
    merge: &MergeParams,
) -> Vec<Bead> {
    // A pair with a sentence already linked is never linked (sentences only get used), so it
    // is not listed: on a book of identical lines nearly every pair is such.
    let passing: Vec<Candidate> = candidates
        .iter()
        .filter(|p| !left_used[p.left()] && !right_used[p.right()])
        .copied()
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
    mut passing: Vec<Candidate>,
    space: &FeatureSpace,
    similarity: &dyn Fn(Range<usize>, Range<usize>) -> f32,
    left_used: &mut [bool],
    right_used: &mut [bool],
    merge: &MergeParams,
) -> Vec<Bead> {
    passing.sort_by(|a, b| {
        b.similarity
            .total_cmp(&a.similarity)
            .then(a.left().cmp(&b.left()))
            .then(a.right().cmp(&b.right()))
    });
    let mut out = Vec::new();
    for p in passing {
        if left_used[p.left()] || right_used[p.right()] {
            continue;
        }
        let mut bead = Bead::new(
            p.left()..p.left() + 1,
            p.right()..p.right() + 1,
            p.similarity,
            0.0,
        );
        grow(
            space,
            similarity,
            &mut bead,
            left_used,
            right_used,
            merge.max_group,
            merge.gain,
        );
        for i in bead.left() {
            left_used[i] = true;
        }
        for j in bead.right() {
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
            (widen(&bead.left(), true), Some(bead.right())),
            (widen(&bead.left(), false), Some(bead.right())),
            (Some(bead.left()), widen(&bead.right(), true)),
            (Some(bead.left()), widen(&bead.right(), false)),
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
                best = Some(Bead::new(l, r, s, 0.0));
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

#[cfg(test)]
mod tests {
    use std::ops::Range;

    use crate::align::candidates::Bead;
    use crate::align::{AlignOptions, Alignment, LinkKind, align};
    use crate::load::{LoadOptions, load_bytes};

    /// Aligned on words alone: moves are the lexical engine's (the combined one finds its own).
    fn on_words(left: &str, right: &str) -> Alignment {
        let doc =
            |t: &str| load_bytes("t.txt", t.as_bytes(), &LoadOptions::default()).expect("loads");
        let words = AlignOptions {
            meaning: false,
            ..AlignOptions::default()
        };
        align(&doc(left), &doc(right), &words)
    }

    /// The moved links of `a`, as sentence indexes.
    fn moved(a: &Alignment) -> Vec<(Vec<usize>, Vec<usize>)> {
        a.links
            .iter()
            .filter(|l| l.kind == LinkKind::Moved)
            .map(|l| (l.left.clone(), l.right.clone()))
            .collect()
    }

    const STORY: [&str; 5] = [
        "The minister arrived in Pyongyang on Saturday for talks.",
        "He met the leader at the harbour of Wonsan.",
        "They signed a treaty on grain deliveries and fertiliser.",
        "Talks lasted four hours behind closed doors.",
        "The visit ended with a banquet for the delegation.",
    ];

    #[test]
    fn a_sentence_moved_to_the_end_is_linked_as_moved() {
        let left = STORY.join(" ");
        let right = [&STORY[1..], &STORY[..1]].concat().join(" ");
        let a = on_words(&left, &right);
        let moved = moved(&a);
        assert_eq!(moved, [(vec![0], vec![4])], "{:?}", a.links);
        assert_eq!(a.links.len(), 5, "{:?}", a.links);
    }

    #[test]
    fn a_sentence_moved_and_split_in_two_is_linked_to_both_halves() {
        let left = [
            "The minister arrived in Pyongyang on Saturday and met the leader at the harbour of \
             Wonsan.",
            STORY[2],
            STORY[3],
            STORY[4],
        ]
        .join(" ");
        let right = [
            STORY[2],
            STORY[3],
            STORY[4],
            "The minister arrived in Pyongyang on Saturday.",
            "He met the leader at the harbour of Wonsan.",
        ]
        .join(" ");
        let a = on_words(&left, &right);
        let moved = moved(&a);
        assert_eq!(moved, [(vec![0], vec![3, 4])], "{:?}", a.links);
    }

    #[test]
    fn a_move_must_clear_the_floor_by_the_margin() {
        use crate::align::calibrate::Floors;
        use crate::align::candidates::Pair;
        use crate::align::features::FeatureSpace;
        use crate::align::language::Analyzer;
        use crate::progress::Progress;

        let doc =
            |t: &str| load_bytes("t.txt", t.as_bytes(), &LoadOptions::default()).expect("loads");
        let (l, r) = (doc(&STORY[..2].join(" ")), doc(&STORY[2..4].join(" ")));
        let analyzers = Analyzer::pair("", "");
        let space = FeatureSpace::build(&l, &r, (&analyzers.0, &analyzers.1), &Progress::new());
        let pair =
            |left, right, similarity| Pair::new(left, right, similarity, similarity, similarity);
        // The moves among `pairs` with a margin of 0.05, and the sentences they used.
        let moves = |pairs: &[Pair], floors: &Floors| {
            let (mut left_used, mut right_used) = (vec![false; 2], vec![false; 2]);
            let merge = AlignOptions::default().merge;
            let moved = super::find(
                &space,
                &super::candidates(pairs.to_vec(), floors, 0.05),
                &mut left_used,
                &mut right_used,
                &merge,
            );
            let found: Vec<_> = moved.iter().map(|b| (b.left(), b.right())).collect();
            (found, left_used, right_used)
        };
        // With a floor of 0.30 and a margin of 0.05, 0.36 is a move and 0.33 is not.
        let pairs = [pair(0, 1, 0.36), pair(1, 0, 0.33)];
        assert_eq!(
            moves(&pairs, &Floors::fixed(0.30, 2, 2)),
            (vec![(0..1, 1..2)], vec![true, false], vec![false, true])
        );
        // Calibrated floors count both sentences' backgrounds: each is 0.1 here, so a move
        // needs 0.30 + (0.1 + 0.1) / 2 + 0.05 = 0.45.
        let floors = Floors::new(&[pair(0, 0, 0.4), pair(1, 1, 0.4)], 2, 2, 0.30, 1.0);
        let pairs = [pair(0, 1, 0.43), pair(1, 0, 0.47)];
        assert_eq!(moves(&pairs, &floors).0, [(1..2, 0..1)]);
    }

    /// A space of four sentences a side, the first of each a heading.
    fn headed_space() -> crate::align::features::FeatureSpace {
        use crate::align::language::Analyzer;
        let text = "# The visit\n\nOne sentence here. Two sentence here. Three sentence here.\n";
        let doc =
            |t: &str| load_bytes("t.md", t.as_bytes(), &LoadOptions::default()).expect("loads");
        let (l, r) = (doc(text), doc(text));
        assert_eq!(
            (l.sentences.len(), l.is_heading(0), l.is_heading(1)),
            (4, true, false)
        );
        let analyzers = Analyzer::pair("", "");
        crate::align::features::FeatureSpace::build(
            &l,
            &r,
            (&analyzers.0, &analyzers.1),
            &crate::progress::Progress::new(),
        )
    }

    /// Grows the 1:1 bead (2, 2) with `similarity`, `right_taken` sentences used on the right.
    fn grown(
        similarity: &dyn Fn(Range<usize>, Range<usize>) -> f32,
        right_taken: &[usize],
        max_group: usize,
    ) -> (Range<usize>, Range<usize>) {
        grown_from(2, similarity, right_taken, max_group)
    }

    /// [`grown`] from the 1:1 bead (`at`, `at`).
    fn grown_from(
        at: usize,
        similarity: &dyn Fn(Range<usize>, Range<usize>) -> f32,
        right_taken: &[usize],
        max_group: usize,
    ) -> (Range<usize>, Range<usize>) {
        let space = headed_space();
        let mut bead = Bead::new(at..at + 1, at..at + 1, 0.5, 0.0);
        let mut right_used = vec![false; 4];
        right_taken.iter().for_each(|&j| right_used[j] = true);
        super::grow(
            &space,
            similarity,
            &mut bead,
            &[false; 4],
            &right_used,
            max_group,
            0.05,
        );
        (bead.left(), bead.right())
    }

    #[test]
    fn a_bead_grows_on_one_side_only_by_free_body_sentences() {
        // Growing the right by one is worth it; then growing the left as well would be more.
        let one_side = |l: Range<usize>, r: Range<usize>| match (l.len(), r.len()) {
            (1, 2) => 0.6,
            (2, 2) => 0.9,
            _ => 0.5,
        };
        assert_eq!(grown(&one_side, &[], 3).1.len(), 2);
        assert_eq!(grown(&one_side, &[], 3).0, 2..3);
        // A taken neighbour is never joined: only the free one after is.
        assert_eq!(grown(&one_side, &[1], 3), (2..3, 2..4));
        assert_eq!(grown(&one_side, &[1, 3], 3), (2..3, 2..3));
        // Each step must gain; a group never passes `max_group` nor takes a heading.
        let longer = |_: Range<usize>, r: Range<usize>| 0.5 + 0.1 * r.len() as f32;
        assert_eq!(grown(&longer, &[], 2).1.len(), 2);
        assert_eq!(grown(&longer, &[], 3), (2..3, 1..4));
        assert_eq!(grown(&longer, &[3], 3), (2..3, 1..3));
        let flat = |_: Range<usize>, _: Range<usize>| 0.52;
        assert_eq!(grown(&flat, &[], 3), (2..3, 2..3));
        // The left side grows the same way, and never into a heading either.
        let left_longer = |l: Range<usize>, r: Range<usize>| match (l.len(), r.len()) {
            (2, 1) => 0.6,
            _ => 0.5,
        };
        assert_eq!(grown(&left_longer, &[], 3), (1..3, 2..3));
        assert_eq!(grown_from(1, &left_longer, &[], 3), (1..3, 1..2));
        let left_longest = |l: Range<usize>, _: Range<usize>| 0.5 + 0.1 * l.len() as f32;
        assert_eq!(grown(&left_longest, &[], 3), (1..4, 2..3));
    }
}
