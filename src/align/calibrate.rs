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
        let mut rows: Vec<Vec<f32>> = vec![Vec::new(); n];
        let mut cols: Vec<Vec<f32>> = vec![Vec::new(); m];
        for p in pairs {
            rows[p.left].push(p.similarity);
            cols[p.right].push(p.similarity);
        }
        Floors {
            base,
            hub_weight,
            left: rows.into_iter().map(background).collect(),
            right: cols.into_iter().map(background).collect(),
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

/// Mean of the best `NEIGHBOURS` similarities (missing partners count as 0).
fn background(mut sims: Vec<f32>) -> f32 {
    sims.sort_by(|a, b| b.total_cmp(a));
    sims.iter().take(NEIGHBOURS).sum::<f32>() / NEIGHBOURS as f32
}
