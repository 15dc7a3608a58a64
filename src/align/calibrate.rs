//! [`Floors`]: the similarity a pair of sentence runs must reach to be linked, calibrated per pair.
//!
//! A fixed floor cannot serve both close rewrites and two outlets' news copy: between articles
//! on one topic every sentence shares names and topic words with many others. So the floor of a
//! pair rises with how similar its sentences are to everything else (their "hubness", as in
//! CSLS for bilingual lexicon induction): the mean similarity of each sentence to its best few
//! partners on the other side. A pair that merely shares the topic scores like its neighbours
//! and stays unlinked; a true correspondence stands out from them.

use std::ops::Range;

use super::candidates::Pair;

/// How many best partners make a sentence's background.
const NEIGHBOURS: usize = 4;

/// Per-sentence backgrounds and the rule that turns them into floors.
#[derive(Debug, Clone)]
pub struct Floors {
    base: f32,
    hub_weight: f32,
    left: Vec<f32>,
    right: Vec<f32>,
}

impl Floors {
    /// Floors from the candidate pairs of an `n` × `m` sentence grid.
    pub fn new(pairs: &[Pair], n: usize, m: usize, base: f32, hub_weight: f32) -> Floors {
        // The two sides are independent; on a book each is a pass over a million pairs.
        let (left, right) = crate::parallel::join(
            || backgrounds(n, pairs, Pair::left),
            || backgrounds(m, pairs, Pair::right),
        );
        Floors {
            base,
            hub_weight,
            left,
            right,
        }
    }

    /// A single floor for every pair (no calibration).
    pub fn fixed(base: f32, n: usize, m: usize) -> Floors {
        Floors {
            base,
            hub_weight: 0.0,
            left: vec![0.0; n],
            right: vec![0.0; m],
        }
    }

    /// The floor for left run `l` against right run `r`.
    pub fn for_runs(&self, l: Range<usize>, r: Range<usize>) -> f32 {
        let mean = |v: &[f32], r: Range<usize>| {
            let len = r.len().max(1) as f32;
            r.filter_map(|i| v.get(i)).sum::<f32>() / len
        };
        self.base + self.hub_weight * 0.5 * (mean(&self.left, l) + mean(&self.right, r))
    }

    /// The floor of a typical pair: the base plus the median background (for reports).
    pub fn typical(&self) -> f32 {
        let mut all: Vec<f32> = self.left.iter().chain(&self.right).copied().collect();
        if all.is_empty() {
            return self.base;
        }
        all.sort_by(f32::total_cmp);
        self.base + self.hub_weight * all[all.len() / 2]
    }
}

/// The background of each of `len` sentences: of `pairs`, those whose sentence on this side
/// (`side`) it is.
///
/// A book's pairs are put in order of sentence by counting, not sorting (a sort of them was a
/// twentieth of a second on one core). Fewer pairs than sentences (a file of millions of
/// one-word lines has hardly any) are sorted instead: counting would take room for every
/// sentence. Either way at most two numbers a pair are held beside the result.
fn backgrounds(len: usize, pairs: &[Pair], side: fn(&Pair) -> usize) -> Vec<f32> {
    let none = background(&[]);
    if pairs.len() < len {
        // A pair holds its sentences in 32 bits: so can this list, half the room.
        let mut sims: Vec<(u32, f32)> = pairs
            .iter()
            .filter(|p| side(p) < len)
            .map(|p| (side(p) as u32, p.similarity))
            .collect();
        sims.sort_unstable_by_key(|s| s.0);
        let mut out = vec![none; len];
        let mut group_sims = Vec::new();
        for group in sims.chunk_by(|a, b| a.0 == b.0) {
            group_sims.clear();
            group_sims.extend(group.iter().map(|s| s.1));
            out[group[0].0 as usize] = background(&group_sims);
        }
        return out;
    }
    // Counted, then summed up: where each sentence's similarities start in `sims`. In 32
    // bits: a pair list is a few times the sentences, and files are far below 4 G sentences.
    let mut ends = vec![0u32; len + 1];
    for p in pairs {
        if let Some(count) = ends.get_mut(side(p) + 1) {
            *count += 1;
        }
    }
    for i in 1..ends.len() {
        ends[i] += ends[i - 1];
    }
    let mut sims = vec![0.0f32; ends[len] as usize];
    for p in pairs.iter().filter(|p| side(p) < len) {
        // Each start moves on as its sentence's similarities are put: at the end it is where
        // the sentence's list ends.
        let at = &mut ends[side(p)];
        sims[*at as usize] = p.similarity;
        *at += 1;
    }
    (0..len)
        .map(|i| {
            let start = i.checked_sub(1).map_or(0, |before| ends[before] as usize);
            background(&sims[start..ends[i] as usize])
        })
        .collect()
}

/// Mean of the best `NEIGHBOURS` of `sims` (missing partners count as 0), added best first.
fn background(sims: &[f32]) -> f32 {
    // The best few kept in order, best first: the sum is the same, to the bit, as a sort's.
    let mut best = [0.0f32; NEIGHBOURS];
    let mut kept = 0;
    for &s in sims {
        let at = best[..kept].partition_point(|b| b.total_cmp(&s).is_ge());
        if at == NEIGHBOURS {
            continue;
        }
        best.copy_within(at..NEIGHBOURS - 1, at + 1);
        best[at] = s;
        kept = (kept + 1).min(NEIGHBOURS);
    }
    best[..kept].iter().sum::<f32>() / NEIGHBOURS as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(left: usize, right: usize, similarity: f32) -> Pair {
        Pair::new(left, right, similarity, similarity, similarity)
    }

    /// The `threshold` a report and the JSON give is the floor of a typical pair: base plus
    /// the median background. One lone sentence (the least like anything, the most like
    /// everything) must not move it; the minimum, the mean or the maximum would each report a
    /// floor no typical pair was held to. Catches `typical` reading the wrong end of the sort.
    #[test]
    fn the_reported_threshold_is_base_plus_the_median_background() {
        // One partner each: backgrounds are similarity / 4 on both sides: .05, .10, .25 twice.
        let pairs = [pair(0, 0, 0.2), pair(1, 1, 0.4), pair(2, 2, 1.0)];
        let floors = Floors::new(&pairs, 3, 3, 0.3, 2.0);
        assert!(
            (floors.typical() - (0.3 + 2.0 * 0.10)).abs() < 1e-6,
            "{}",
            floors.typical()
        );
        // Order of the pairs does not matter.
        let mut reversed = pairs;
        reversed.reverse();
        assert_eq!(
            Floors::new(&reversed, 3, 3, 0.3, 2.0).typical(),
            floors.typical()
        );
        // Without calibration, or without sentences, the threshold is the base.
        assert_eq!(Floors::fixed(0.42, 3, 3).typical(), 0.42);
        assert_eq!(Floors::new(&[], 0, 0, 0.42, 2.0).typical(), 0.42);
    }

    /// A sentence like many on the other side (it shares the topic words) is held to a higher
    /// floor than one with a single close partner, so topic overlap alone does not link; a
    /// sentence's background is the mean of its best four partners, weaker ones beyond four
    /// left out.
    #[test]
    fn a_hub_sentence_gets_a_higher_floor_than_a_sentence_with_one_partner() {
        let mut pairs = vec![pair(0, 0, 0.8)];
        // Left 1 is like every right sentence.
        pairs.extend((0..6).map(|r| pair(1, r, 0.5)));
        let floors = Floors::new(&pairs, 2, 6, 0.2, 1.0);
        let own = floors.for_runs(0..1, 0..1);
        let hub = floors.for_runs(1..2, 1..2);
        assert!(hub > own, "hub {hub} own {own}");
        // Left 1's background: four best of six 0.5s; right 1's: one 0.5 over four.
        assert!((hub - (0.2 + 0.5 * (0.5 + 0.125))).abs() < 1e-6, "{hub}");
        // Left 0: (0.8) / 4; right 0: (0.8 + 0.5) / 4.
        assert!((own - (0.2 + 0.5 * (0.2 + 0.325))).abs() < 1e-6, "{own}");
    }

    /// A run of sentences is held to its members' mean background, not their sum: a group of
    /// two ordinary sentences must not need twice the similarity to be linked.
    #[test]
    fn a_run_s_floor_is_its_members_mean_background() {
        let pairs = [pair(0, 0, 0.4), pair(1, 0, 0.8), pair(0, 1, 0.4)];
        let floors = Floors::new(&pairs, 2, 2, 0.2, 1.0);
        // Left 0: (.4 + .4) / 4 = .2, left 1: .8 / 4 = .2; right 0: (.4 + .8) / 4 = .3,
        // right 1: .4 / 4 = .1.
        let run = floors.for_runs(0..2, 0..1);
        assert!((run - (0.2 + 0.5 * (0.2 + 0.3))).abs() < 1e-6, "{run}");
        let both = floors.for_runs(0..2, 0..2);
        assert!((both - (0.2 + 0.5 * (0.2 + 0.2))).abs() < 1e-6, "{both}");
    }

    /// The backgrounds as they were first made, by sorting every pair: the oracle for the
    /// counting that replaced it.
    fn sorted_backgrounds(len: usize, pairs: &[Pair], side: fn(&Pair) -> usize) -> Vec<f32> {
        let mut sims: Vec<(usize, f32)> = pairs.iter().map(|p| (side(p), p.similarity)).collect();
        sims.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
        // An empty sum is -0.0 (Rust's float sums start there), as it was.
        let none = std::iter::empty::<f32>().sum::<f32>() / NEIGHBOURS as f32;
        let mut out = vec![none; len];
        for group in sims.chunk_by(|a, b| a.0 == b.0) {
            if let Some(slot) = out.get_mut(group[0].0) {
                *slot = group.iter().take(NEIGHBOURS).map(|s| s.1).sum::<f32>() / NEIGHBOURS as f32;
            }
        }
        out
    }

    proptest::proptest! {
        /// Counted or sorted into place, each sentence's background is the one a sort of all
        /// the pairs by sentence and similarity gives, to the bit: in any order of pairs, with
        /// ties, with sentences of no pairs and of many, and pairs past the last sentence.
        #[test]
        fn backgrounds_are_those_a_sort_of_every_pair_gives(
            raw in proptest::collection::vec((0usize..9, 0usize..6, 0u8..12), 0..60),
        ) {
            // Few values, so ties are common; thirds, so sums depend on their order.
            let pairs: Vec<Pair> = raw
                .iter()
                .map(|&(l, r, s)| pair(l, r, f32::from(s) / 3.0))
                .collect();
            // Sentences past the end are left out; lists of every length take both ways.
            for (len, side) in [(7, Pair::left as fn(&Pair) -> usize), (5, Pair::right), (40, Pair::left)] {
                let counted = backgrounds(len, &pairs, side);
                let sorted = sorted_backgrounds(len, &pairs, side);
                let bits = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                proptest::prop_assert_eq!(bits(&counted), bits(&sorted));
            }
        }
    }
}
