//! Candidate sentence pairs and the beads (1:1, 1:n, n:1 groups) built from them.
//!
//! Small pairs of documents are scored exhaustively. Larger ones take their candidates from an
//! inverted index over informative stems: each sentence keeps its best few partners by stem
//! overlap, in both directions, so the work grows with the number of sentences, not with its
//! square.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::calibrate::Floors;
use super::features::{FeatureSpace, Side};

/// Above this many sentence pairs, candidates come from the inverted index.
const EXHAUSTIVE_PAIRS: usize = 250_000;
/// How many partners each sentence keeps from the index.
const PARTNERS: usize = 8;

/// A candidate sentence pair with its similarity.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pair {
    /// Left sentence index.
    pub left: usize,
    /// Right sentence index.
    pub right: usize,
    /// Similarity of the two sentences.
    pub similarity: f32,
}

/// A group of consecutive sentences on each side, scored as one joined text.
#[derive(Debug, Clone, PartialEq)]
pub struct Bead {
    /// Left sentences.
    pub left: Range<usize>,
    /// Right sentences.
    pub right: Range<usize>,
    /// Similarity of the joined texts.
    pub similarity: f32,
    /// The similarity it must exceed to be linked.
    pub floor: f32,
}

/// How merged groups are proposed.
#[derive(Debug, Clone)]
pub struct MergeParams {
    /// Most sentences on the grown side.
    pub max_group: usize,
    /// A seed pair must reach this fraction of the floor to grow a group.
    pub seed_ratio: f32,
    /// A group must beat its seed pair's similarity by this much.
    pub gain: f32,
    /// A joined sentence may score this much below its best partner elsewhere and still join.
    pub member_slack: f32,
}

/// Each sentence's best 1:1 similarity, to check that merged sentences belong together.
struct Best {
    left: Vec<f32>,
    right: Vec<f32>,
    slack: f32,
}

/// Candidate 1:1 pairs with a similarity above zero.
pub fn pairs(space: &FeatureSpace) -> Vec<Pair> {
    let (n, m) = (space.len(Side::Left), space.len(Side::Right));
    let candidates: Vec<(usize, usize)> = if n.saturating_mul(m) <= EXHAUSTIVE_PAIRS {
        (0..n).flat_map(|i| (0..m).map(move |j| (i, j))).collect()
    } else {
        indexed(space)
    };
    candidates
        .into_iter()
        .filter_map(|(i, j)| {
            let similarity = space.similarity(i..i + 1, j..j + 1);
            (similarity > 0.0).then_some(Pair {
                left: i,
                right: j,
                similarity,
            })
        })
        .collect()
}

/// Pairs that share informative stems, best few per sentence in both directions.
fn indexed(space: &FeatureSpace) -> Vec<(usize, usize)> {
    let mut out: HashSet<(usize, usize)> = HashSet::new();
    for (from, to) in [(Side::Left, Side::Right), (Side::Right, Side::Left)] {
        let total = space.len(from) + space.len(to);
        // Stems in more sentences than this carry little information and long postings.
        let max_df = 32 + (total as f32).sqrt() as usize;
        let mut postings: HashMap<u64, Vec<(usize, f32)>> = HashMap::new();
        for j in 0..space.len(to) {
            for &(f, w) in &space.features(to, j).stems {
                postings.entry(f).or_default().push((j, w));
            }
        }
        postings.retain(|_, p| p.len() <= max_df);
        let mut scores: HashMap<usize, f32> = HashMap::new();
        for i in 0..space.len(from) {
            scores.clear();
            for &(f, w) in &space.features(from, i).stems {
                if let Some(p) = postings.get(&f) {
                    for &(j, wj) in p {
                        *scores.entry(j).or_default() += w * wj;
                    }
                }
            }
            let mut best: Vec<(usize, f32)> = scores.iter().map(|(&j, &s)| (j, s)).collect();
            best.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            for &(j, _) in best.iter().take(PARTNERS) {
                out.insert(match from {
                    Side::Left => (i, j),
                    Side::Right => (j, i),
                });
            }
        }
    }
    // Identical sentences are candidates even without informative stems.
    let mut by_words: HashMap<u64, Vec<usize>> = HashMap::new();
    for j in 0..space.len(Side::Right) {
        by_words
            .entry(space.features(Side::Right, j).words_hash)
            .or_default()
            .push(j);
    }
    let (n, m) = (space.len(Side::Left), space.len(Side::Right));
    for i in 0..n {
        if let Some(js) = by_words.get(&space.features(Side::Left, i).words_hash) {
            // Of many identical sentences, those near the same relative position.
            let at = js.partition_point(|&j| j * n < i * m);
            let from = at.saturating_sub(PARTNERS / 2);
            out.extend(js.iter().skip(from).take(PARTNERS).map(|&j| (i, j)));
        }
    }
    let mut v: Vec<(usize, usize)> = out.into_iter().collect();
    v.sort_unstable();
    v
}

/// Beads worth considering: every candidate pair, and the 1:n and n:1 groups (up to
/// `max_group` a side) around it whose joined similarity beats the pair's own by `merge_gain`.
///
/// A heading is only ever linked 1:1: a group never joins a heading with other sentences.
pub fn beads(
    space: &FeatureSpace,
    pairs: &[Pair],
    floors: &Floors,
    params: &MergeParams,
) -> Vec<Bead> {
    let max_group = params.max_group;
    let (n, m) = (space.len(Side::Left), space.len(Side::Right));
    let mut best_left = vec![0.0f32; n];
    let mut best_right = vec![0.0f32; m];
    for p in pairs {
        best_left[p.left] = best_left[p.left].max(p.similarity);
        best_right[p.right] = best_right[p.right].max(p.similarity);
    }
    let grower = Grower {
        space,
        floors,
        gain: params.gain,
        best: Best {
            left: best_left,
            right: best_right,
            slack: params.member_slack,
        },
    };
    let mut seen: HashSet<(usize, usize, usize, usize)> = HashSet::new();
    let mut out = Vec::new();
    for p in pairs {
        let floor = floors.for_runs(p.left..p.left + 1, p.right..p.right + 1);
        if p.similarity >= floor && seen.insert((p.left, p.left + 1, p.right, p.right + 1)) {
            out.push(Bead {
                left: p.left..p.left + 1,
                right: p.right..p.right + 1,
                similarity: p.similarity,
                floor,
            });
        }
        // Merges only grow from pairs that are themselves related, and never around a heading.
        if p.similarity < floor * params.seed_ratio
            || space.is_heading(Side::Left, p.left)
            || space.is_heading(Side::Right, p.right)
        {
            continue;
        }
        for size in 2..=max_group {
            for start in p.left.saturating_sub(size - 1)..=p.left {
                let l = start..(start + size);
                let r = p.right..p.right + 1;
                if l.end > n
                    || space.any_heading(Side::Left, l.clone())
                    || !seen.insert((l.start, l.end, p.right, p.right + 1))
                {
                    continue;
                }
                grower.push(p, l, r, &mut out);
            }
            for start in p.right.saturating_sub(size - 1)..=p.right {
                let r = start..(start + size);
                let l = p.left..p.left + 1;
                if r.end > m
                    || space.any_heading(Side::Right, r.clone())
                    || !seen.insert((p.left, p.left + 1, r.start, r.end))
                {
                    continue;
                }
                grower.push(p, l, r, &mut out);
            }
        }
    }
    out
}

/// Proposes merged groups around seed pairs.
struct Grower<'a> {
    space: &'a FeatureSpace,
    floors: &'a Floors,
    gain: f32,
    best: Best,
}

impl Grower<'_> {
    /// Scores the group `l` × `r` grown from `seed` and keeps it when it beats the seed and its
    /// floor, and every joined sentence belongs to it.
    fn push(&self, seed: &Pair, l: Range<usize>, r: Range<usize>, out: &mut Vec<Bead>) {
        let space = self.space;
        let slack = self.best.slack;
        // None of the joined sentences may have a clearly better partner elsewhere.
        let belongs = if l.len() > 1 {
            l.clone()
                .all(|i| space.similarity(i..i + 1, r.clone()) + slack >= self.best.left[i])
        } else {
            r.clone()
                .all(|j| space.similarity(l.clone(), j..j + 1) + slack >= self.best.right[j])
        };
        if !belongs {
            return;
        }
        let similarity = space.similarity(l.clone(), r.clone());
        let floor = self.floors.for_runs(l.clone(), r.clone());
        if similarity >= floor && similarity >= seed.similarity + self.gain {
            out.push(Bead {
                left: l,
                right: r,
                similarity,
                floor,
            });
        }
    }
}
