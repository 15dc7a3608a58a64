//! Candidate sentence pairs and the beads (1:1, 1:n, n:1 groups) built from them.
//!
//! Small pairs of documents are scored exhaustively. Larger ones take their candidates from an
//! inverted index over informative stems: each sentence keeps its best few partners by stem
//! overlap, in both directions, so the work grows with the number of sentences, not with its
//! square.

use std::collections::HashMap;
use std::ops::Range;

use foldhash::fast::FixedState;

use super::calibrate::Floors;
use super::features::{Components, FeatureSpace, Side, group_bound};
use crate::parallel::{map_blocks, map_chunks, map_each};
use crate::progress::{BATCH, Progress, Stage};

/// Above this many sentence pairs, candidates come from the inverted index.
const EXHAUSTIVE_PAIRS: usize = 250_000;
/// How many partners each sentence keeps from the index, in each direction.
///
/// Measured on the generated book pairs: 6 instead of 8 leaves the 1 MB reworded pair's links
/// exactly as they were and changes 0.03% of the 10 MB pair's passages, for a quarter fewer
/// candidates to score. Each sentence still has enough partners for its calibrated floor
/// (four, in `calibrate`).
const PARTNERS: usize = 6;

/// A candidate sentence pair with its similarity.
///
/// Sentence indexes are held in 32 bits (20 bytes a pair, not 32): a file of millions of
/// identical short lines makes several pairs a sentence. The loader's size limit keeps every
/// index below 2³², so [`index`] never saturates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pair {
    /// The left and the right sentence.
    sentences: [u32; 2],
    /// Similarity of the two sentences.
    pub similarity: f32,
    /// The stem cosine `similarity` is made of, to bound the score of groups grown from it.
    pub stem: f32,
    /// The n-gram cosine `similarity` is made of.
    pub gram: f32,
}

impl Pair {
    /// Left sentence `left` and right sentence `right`, with their scores.
    pub fn new(left: usize, right: usize, similarity: f32, stem: f32, gram: f32) -> Pair {
        Pair {
            sentences: [index(left), index(right)],
            similarity,
            stem,
            gram,
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

/// A group of consecutive sentences on each side, scored as one joined text.
///
/// Held in 32-bit indexes (24 bytes a bead, not 40), as [`Pair`]s are.
#[derive(Debug, Clone, PartialEq)]
pub struct Bead {
    /// Where the left sentences start and end, then the right ones.
    bounds: [u32; 4],
    /// Similarity of the joined texts.
    pub similarity: f32,
    /// The similarity it must exceed to be linked.
    pub floor: f32,
}

impl Bead {
    /// Left sentences `left` and right sentences `right`, with their score and floor.
    pub fn new(left: Range<usize>, right: Range<usize>, similarity: f32, floor: f32) -> Bead {
        Bead {
            bounds: [
                index(left.start),
                index(left.end),
                index(right.start),
                index(right.end),
            ],
            similarity,
            floor,
        }
    }

    /// Left sentences.
    pub fn left(&self) -> Range<usize> {
        self.bounds[0] as usize..self.bounds[1] as usize
    }

    /// Right sentences.
    pub fn right(&self) -> Range<usize> {
        self.bounds[2] as usize..self.bounds[3] as usize
    }
}

/// A sentence index in 32 bits: the loader refuses files over 1 GiB, so a side has fewer
/// than 2³⁰ sentences; were that ever passed, it would saturate rather than wrap.
pub(super) fn index(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
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

/// Whether an `n` × `m` grid is scored exhaustively (else through the inverted index).
pub fn exhaustive(n: usize, m: usize) -> bool {
    n.saturating_mul(m) <= EXHAUSTIVE_PAIRS
}

/// Candidate 1:1 pairs with a similarity above zero, sorted by `(left, right)`.
///
/// Scored exhaustively, these are all pairs with a similarity above zero; through the index,
/// each sentence's best few.
///
/// Reports [`Stage::Matching`]; once `progress` is cancelled the result is incomplete.
pub fn pairs(space: &FeatureSpace, progress: &Progress) -> Vec<Pair> {
    let (n, m) = (space.len(Side::Left), space.len(Side::Right));
    let candidates: Vec<(u32, u32)> = if exhaustive(n, m) {
        progress.begin(Stage::Matching, n as u64);
        (0..n)
            .flat_map(|i| (0..m).map(move |j| (index(i), index(j))))
            .collect()
    } else {
        // Both directions of the index, then the scoring: three passes over sentences.
        progress.begin(Stage::Matching, (2 * n + m) as u64);
        indexed(space, progress)
    };
    // Rows of the sorted candidates, scored in parallel, each left sentence scattered once.
    // A row is found by its place in the sorted list, not kept in a table a sentence: a file
    // of millions of one-word lines has millions of sentences and hardly any candidates. At
    // most a pair a candidate, so the list is reserved for that at once.
    map_blocks(
        0..n,
        candidates.len(),
        || space.scorer(),
        |scorer, chunk| {
            let mut at = candidates.partition_point(|c| (c.0 as usize) < chunk.start);
            // At most one pair a candidate: sized at once, the list is never copied as it grows
            // (each copy held twice the memory for a moment, on a book several hundred megabytes).
            let end = at + candidates[at..].partition_point(|c| (c.0 as usize) < chunk.end);
            let mut out = Vec::with_capacity(end - at);
            for i in chunk {
                if i % BATCH == 0 {
                    if progress.is_cancelled() {
                        break;
                    }
                    progress.advance(BATCH as u64);
                }
                // A row is a few candidates: counted on from where the last ended, not searched
                // for in the rest of the list.
                let row = at..at
                    + candidates[at..end]
                        .iter()
                        .take_while(|c| c.0 as usize == i)
                        .count();
                at = row.end;
                if row.is_empty() {
                    continue;
                }
                scorer.set_left(i);
                for (c, &(_, j)) in row.clone().zip(&candidates[row]) {
                    // The next candidate, in this row or the next, on its way to the cache.
                    if let Some(&(_, next)) = candidates.get(c + 1) {
                        scorer.touch(next as usize);
                    }
                    let j = j as usize;
                    let parts = scorer.components(j);
                    if parts.similarity > 0.0 {
                        out.push(Pair::new(i, j, parts.similarity, parts.stem, parts.gram));
                    }
                }
            }
            out
        },
    )
}

/// How many sentences (of `sentences` on both sides) a stem may be in and still be indexed:
/// stems in more carry little information and make long postings. 32 plus the square root,
/// so the postings kept grow more slowly than the text.
fn max_df(sentences: usize) -> usize {
    32 + (sentences as f32).sqrt() as usize
}

/// Pairs that share informative stems, best few per sentence in both directions; sorted.
/// Once `progress` is cancelled the list is incomplete, even empty.
///
/// In 32-bit indexes, as [`Pair`]s are: a book of identical lines has several a sentence.
fn indexed(space: &FeatureSpace, progress: &Progress) -> Vec<(u32, u32)> {
    // Each part's pairs are sorted where they are found, on its core, and the sorted runs
    // merged: one sort of them all took one core for tens of milliseconds on a book.
    let mut runs: Vec<Vec<(u32, u32)>> = Vec::new();
    // Each direction's index is built on one core: both at once.
    let postings = crate::parallel::join(
        || Postings::of(space, Side::Right, progress),
        || Postings::of(space, Side::Left, progress),
    );
    // Once cancelled, nothing more is looked for.
    if progress.is_cancelled() {
        return Vec::new();
    }
    for ((from, to), postings) in [
        ((Side::Left, Side::Right), postings.0),
        ((Side::Right, Side::Left), postings.1),
    ] {
        let postings = &postings;
        runs.extend(map_chunks(0..space.len(from), |chunk| {
            let mut scores = vec![0.0f32; space.len(to)];
            // The sentences touched are the first `count`. Each posting is gone through with
            // room for all its sentences, so that a touch is recorded without a branch:
            // whether a sentence is touched for the first time is a coin toss to the
            // processor, and mispredicting it cost more than the adding.
            let mut touched: Vec<u32> = Vec::new();
            let mut count = 0;
            let mut best: Vec<(f32, u32)> = Vec::with_capacity(PARTNERS);
            let mut found = Vec::new();
            for i in chunk {
                if i % BATCH == 0 {
                    if progress.is_cancelled() {
                        break;
                    }
                    progress.advance(BATCH as u64);
                }
                let mut stems = space.stems(from, i).peekable();
                while let Some((f, w)) = stems.next() {
                    if let Some(&(next, _)) = stems.peek() {
                        postings.touch(next);
                    }
                    let posting = postings.get(f);
                    if touched.len() < count + posting.len() {
                        touched.resize(count + posting.len(), 0);
                    }
                    for &(j, wj) in posting {
                        let score = &mut scores[j as usize];
                        touched[count] = j;
                        count += usize::from(*score == 0.0);
                        *score += w * wj;
                    }
                }
                best_few(&touched[..count], &mut scores, &mut best);
                for &(_, j) in &best {
                    found.push(match from {
                        Side::Left => (index(i), j),
                        Side::Right => (j, index(i)),
                    });
                }
                count = 0;
            }
            found.sort_unstable();
            vec![found]
        }));
    }
    // Identical sentences are found through a map of every right sentence: on a book of one
    // repeated line a good part of a second, so a cancel is looked for before it is built and
    // between batches of left sentences.
    if progress.is_cancelled() {
        return Vec::new();
    }
    // Identical sentences are candidates even without informative stems.
    // Sentences in 32 bits: a book of one repeated line lists every line under one hash.
    let mut by_words: HashMap<u64, Vec<u32>, FixedState> = HashMap::default();
    for j in 0..space.len(Side::Right) {
        by_words
            .entry(space.features(Side::Right, j).words_hash)
            .or_default()
            .push(index(j));
    }
    let (n, m) = (space.len(Side::Left), space.len(Side::Right));
    // In order of left sentence, then of right: a sorted run as it is made.
    let mut same = Vec::new();
    for i in 0..n {
        if i % BATCH == 0 && progress.is_cancelled() {
            return Vec::new();
        }
        if let Some(js) = by_words.get(&space.features(Side::Left, i).words_hash) {
            // Of many identical sentences, those near the same relative position.
            let at = js.partition_point(|&j| j as usize * n < i * m);
            let from = at.saturating_sub(PARTNERS / 2);
            same.extend(js.iter().skip(from).take(PARTNERS).map(|&j| (index(i), j)));
        }
    }
    runs.push(same);
    sorted_union(runs)
}

/// The union of sorted `runs`, sorted, each item once: merged two runs at a time, the merges
/// of a round on every core.
fn sorted_union<T: Ord + Copy + Send>(mut runs: Vec<Vec<T>>) -> Vec<T> {
    runs.retain(|r| !r.is_empty());
    while runs.len() > 1 {
        let mut pairs = Vec::with_capacity(runs.len().div_ceil(2));
        let mut rest = runs.into_iter();
        while let Some(a) = rest.next() {
            pairs.push((a, rest.next().unwrap_or_default()));
        }
        runs = map_each(pairs, |(a, b)| merged(&a, &b));
    }
    let mut out = runs.pop().unwrap_or_default();
    out.dedup();
    out
}

/// Two sorted lists as one, sorted.
fn merged<T: Ord + Copy>(a: &[T], b: &[T]) -> Vec<T> {
    let mut out: Vec<T> = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if b[j] < a[i] {
            out.push(b[j]);
            j += 1;
        } else {
            out.push(a[i]);
            i += 1;
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

/// For each stem, the sentences of one side it is in, with its weight there, all in one list:
/// a stem's entries are a range of it, so that looking a stem up reads two neighbouring
/// numbers, not a list header of its own (a book has hundreds of thousands of stems).
struct Postings {
    /// Where each stem's entries start: stem `f`'s are `at[f]..at[f + 1]`.
    at: Vec<usize>,
    entries: Vec<(u32, f32)>,
}

impl Postings {
    /// For each stem, the sentences of side `to` it is in, in order; none for a stem in more
    /// sentences than [`max_df`] allows (uninformative), and none at all once `progress` is
    /// cancelled.
    fn of(space: &FeatureSpace, to: Side, progress: &Progress) -> Postings {
        let max_df = max_df(space.len(Side::Left) + space.len(Side::Right));
        let stems = space.feature_count(false);
        let none = || Postings {
            at: vec![0; stems + 1],
            entries: Vec::new(),
        };
        // Counted first, so that each stem's entries go straight to their place.
        let mut count = vec![0usize; stems];
        for j in 0..space.len(to) {
            if j % BATCH == 0 && progress.is_cancelled() {
                return none();
            }
            for f in space.features(to, j).stems().iter() {
                count[f as usize] += 1;
            }
        }
        let mut at = Vec::with_capacity(stems + 1);
        let mut end = 0;
        for &n in &count {
            at.push(end);
            if n <= max_df {
                end += n;
            }
        }
        at.push(end);
        let mut entries = vec![(0, 0.0); end];
        // Where the next entry of each stem goes.
        let mut next = at.clone();
        for j in 0..space.len(to) {
            if j % BATCH == 0 && progress.is_cancelled() {
                return none();
            }
            for (f, w) in space.stems(to, j) {
                let f = f as usize;
                if count[f] <= max_df {
                    entries[next[f]] = (index(j), w);
                    next[f] += 1;
                }
            }
        }
        Postings { at, entries }
    }

    /// Reads where stem `f`'s entries start, so that they are on their way to the cache while
    /// another stem's are added.
    fn touch(&self, f: u32) {
        std::hint::black_box(self.get(f).first());
    }

    /// The sentences stem `f` is in, with its weight in each.
    fn get(&self, f: u32) -> &[(u32, f32)] {
        let f = f as usize;
        &self.entries[self.at[f]..self.at[f + 1]]
    }
}

/// The [`PARTNERS`] best of `touched` into `best`, best first: highest score, then lowest
/// index (`scores` by index). Each touched score is taken out as it is read (left 0, as the
/// next sentence needs them): one pass over them, not two.
///
/// Only the set matters to the caller (its output is sorted later), and the order is total, so
/// keeping the best few in one pass gives the set a sort of all would: most sentences touch
/// hundreds, and a partial sort of them cost a tenth of the index's time.
fn best_few(touched: &[u32], scores: &mut [f32], best: &mut Vec<(f32, u32)>) {
    best.clear();
    // Once the list is full, the last kept score: most sentences score below it, and are
    // passed over on one comparison (a score below it is below in the full order too).
    let mut floor = f32::NEG_INFINITY;
    for &j in touched {
        let s = std::mem::take(&mut scores[j as usize]);
        if s < floor {
            continue;
        }
        // Whether a kept entry ranks before this one.
        let before = |&(t, k): &(f32, u32)| t.total_cmp(&s).then(j.cmp(&k)).is_gt();
        if best.len() == PARTNERS && best.last().is_some_and(before) {
            continue;
        }
        let at = best.partition_point(before);
        if best.len() == PARTNERS {
            best.pop();
        }
        best.insert(at, (s, j));
        if best.len() == PARTNERS {
            floor = best[PARTNERS - 1].0;
        }
    }
}

/// Beads worth considering (reporting [`Stage::Grouping`]): every candidate pair, and the 1:n and n:1 groups (up to
/// `max_group` a side) around it whose joined similarity beats the pair's own by `merge_gain`.
///
/// A heading is only ever linked 1:1: a group never joins a heading with other sentences.
pub fn beads(
    space: &FeatureSpace,
    pairs: &[Pair],
    floors: &Floors,
    params: &MergeParams,
    progress: &Progress,
) -> Vec<Bead> {
    progress.begin(Stage::Grouping, pairs.len() as u64);
    let max_group = params.max_group;
    let (n, m) = (space.len(Side::Left), space.len(Side::Right));
    let mut best_left = vec![0.0f32; n];
    let mut best_right = vec![0.0f32; m];
    for p in pairs {
        best_left[p.left()] = best_left[p.left()].max(p.similarity);
        best_right[p.right()] = best_right[p.right()].max(p.similarity);
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
    let grower = &grower;
    // How many pairs make a bead depends on the floors: the first blocks tell.
    map_blocks(0..pairs.len(), 0, Near::default, |near, chunk| {
        // Room for a bead a pair, the most there are but for the few merged groups.
        let mut out = Vec::with_capacity(chunk.len());
        for (k, p) in chunk.clone().zip(&pairs[chunk]) {
            if k % BATCH == 0 {
                if progress.is_cancelled() {
                    break;
                }
                progress.advance(BATCH as u64);
            }
            let floor = floors.for_runs(p.left()..p.left() + 1, p.right()..p.right() + 1);
            if p.similarity >= floor {
                out.push(Bead::new(
                    p.left()..p.left() + 1,
                    p.right()..p.right() + 1,
                    p.similarity,
                    floor,
                ));
            }
            if !grower.is_seed(p, params.seed_ratio) {
                continue;
            }
            near.fill(pairs, k, max_group.saturating_sub(1), (n, m));
            let is_seed_at = |i, j| {
                near.find(i, j)
                    .is_some_and(|q| grower.is_seed(q, params.seed_ratio))
            };
            // Each group is proposed by the first seed (in pair order) among its members, so
            // no group is scored twice and no chunk needs to know what another one did.
            for size in 2..=max_group {
                for start in p.left().saturating_sub(size - 1)..=p.left() {
                    let l = start..(start + size);
                    if l.end > n
                        || space.any_heading(Side::Left, l.clone())
                        || (start..p.left()).any(|i| is_seed_at(i, p.right()))
                    {
                        continue;
                    }
                    grower.push(p, l, p.right()..p.right() + 1, near, &mut out);
                }
                for start in p.right().saturating_sub(size - 1)..=p.right() {
                    let r = start..(start + size);
                    if r.end > m
                        || space.any_heading(Side::Right, r.clone())
                        || (start..p.right()).any(|j| is_seed_at(p.left(), j))
                    {
                        continue;
                    }
                    grower.push(p, p.left()..p.left() + 1, r, near, &mut out);
                }
            }
        }
        out
    })
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
    fn push(
        &self,
        seed: &Pair,
        l: Range<usize>,
        r: Range<usize>,
        near: &Near<'_>,
        out: &mut Vec<Bead>,
    ) {
        let space = self.space;
        // Each member paired with the single sentence on the other side.
        let members: Vec<(usize, usize)> = if l.len() > 1 {
            l.clone().map(|i| (i, seed.right())).collect()
        } else {
            r.clone().map(|j| (seed.left(), j)).collect()
        };
        // A joined sentence that shares no feature with the other side leaves the dot product
        // as it is and only adds to the norm, so the group cannot beat its seed. Such members
        // are known without scoring the group: their pair is not a candidate. (Through the
        // index, a pair missing from a sentence's best few is treated the same way.) A sentence
        // without features is the exception: it may complete a run of the same words.
        let mut member_similarity = Vec::with_capacity(members.len());
        let mut parts = Vec::with_capacity(members.len());
        let mut featureless = false;
        for &(i, j) in &members {
            let known = near.find(i, j).map(|p| Components {
                similarity: p.similarity,
                stem: p.stem,
                gram: p.gram,
            });
            let grown = if l.len() > 1 {
                space.features(Side::Left, i)
            } else {
                space.features(Side::Right, j)
            };
            match known {
                Some(c) => {
                    member_similarity.push(c.similarity);
                    parts.push((c, grown.norms.0, grown.norms.1));
                }
                None if self.grown_has_features(l.len() > 1, i, j) => return,
                None => {
                    // Scored as it is: it may complete a run of the same words, which no
                    // bound from cosines sees.
                    member_similarity.push(space.similarity(i..i + 1, j..j + 1));
                    featureless = true;
                }
            }
        }
        // A group that cannot reach its floor or beat its seed, even at best, is not scored.
        // (The margin absorbs rounding: the bound must never rule out a group that passes.)
        let floor = self.floors.for_runs(l.clone(), r.clone());
        let needed = floor.max(seed.similarity + self.gain);
        if !featureless && group_bound(&parts) + 1e-4 < needed {
            return;
        }
        // None of the joined sentences may have a clearly better partner elsewhere: known
        // from the members' own scores, so asked before the group is scored.
        let best = |&(i, j): &(usize, usize)| {
            if l.len() > 1 {
                self.best.left[i]
            } else {
                self.best.right[j]
            }
        };
        let belongs = members
            .iter()
            .zip(&member_similarity)
            .all(|(m, &s)| s + self.best.slack >= best(m));
        if !belongs {
            return;
        }
        // The group's own score last: the dear part.
        let similarity = space.similarity(l.clone(), r.clone());
        if similarity < floor || similarity < seed.similarity + self.gain {
            return;
        }
        out.push(Bead::new(l, r, similarity, floor));
    }

    /// Whether merged groups grow from pair `p`: only pairs that are themselves related but
    /// not already (near) perfect, and never around a heading.
    fn is_seed(&self, p: &Pair, seed_ratio: f32) -> bool {
        // A group must beat its seed by the gain, and no similarity exceeds 1.
        if p.similarity + self.gain > 1.0 {
            return false;
        }
        let floor = self
            .floors
            .for_runs(p.left()..p.left() + 1, p.right()..p.right() + 1);
        p.similarity >= floor * seed_ratio
            && !self.space.is_heading(Side::Left, p.left())
            && !self.space.is_heading(Side::Right, p.right())
    }

    /// Whether the member on the grown side (left when `left_grown`) of `(i, j)` has features.
    fn grown_has_features(&self, left_grown: bool, i: usize, j: usize) -> bool {
        let f = if left_grown {
            self.space.features(Side::Left, i)
        } else {
            self.space.features(Side::Right, j)
        };
        f.has_terms()
    }
}

/// The candidate pairs a group grown from one seed can be made of: the seed's right sentence
/// with each left one within reach, and its left sentence with each right one. Looked up
/// once a seed rather than once a group and member (a seed proposes up to ten groups).
#[derive(Default)]
struct Near<'a> {
    seed: (usize, usize),
    /// The first left sentence within reach, and the pairs of each with the seed's right one.
    left_from: usize,
    with_right: Vec<Option<&'a Pair>>,
    /// The first right sentence within reach, and the pairs of the seed's left one with each.
    right_from: usize,
    with_left: Vec<Option<&'a Pair>>,
    pairs: &'a [Pair],
}

impl<'a> Near<'a> {
    /// Looks up the pairs within `reach` sentences of the seed `pairs[seed]` on each side
    /// (`sides`: how many sentences each side has), among `pairs` sorted by `(left, right)`.
    fn fill(&mut self, pairs: &'a [Pair], seed: usize, reach: usize, sides: (usize, usize)) {
        let (i, j) = (pairs[seed].left(), pairs[seed].right());
        self.seed = (i, j);
        self.pairs = pairs;
        self.left_from = i.saturating_sub(reach);
        self.with_right.clear();
        let lefts = self.left_from..(i + reach + 1).min(sides.0);
        self.with_right
            .extend(lefts.map(|k| find_pair_from(pairs, seed, k, j)));
        self.right_from = j.saturating_sub(reach);
        self.with_left.clear();
        let rights = self.right_from..(j + reach + 1).min(sides.1);
        self.with_left
            .extend(rights.map(|k| find_pair_from(pairs, seed, i, k)));
    }

    /// The candidate pair `(i, j)`, if there is one (looked up in full when it is not within
    /// reach of the seed).
    fn find(&self, i: usize, j: usize) -> Option<&'a Pair> {
        let within = |from: usize, k: usize, list: &[Option<&'a Pair>]| {
            k.checked_sub(from).and_then(|at| list.get(at).copied())
        };
        let near = if j == self.seed.1 {
            within(self.left_from, i, &self.with_right)
        } else if i == self.seed.0 {
            within(self.right_from, j, &self.with_left)
        } else {
            None
        };
        near.unwrap_or_else(|| find_pair(self.pairs, i, j))
    }
}

/// The candidate pair `(i, j)` among `pairs` sorted by `(left, right)`, if there is one: one
/// binary search, with no table of rows a sentence (a book of short lines has millions of
/// sentences and hardly any pairs).
fn find_pair(pairs: &[Pair], i: usize, j: usize) -> Option<&Pair> {
    pairs
        .binary_search_by(|p| (p.left(), p.right()).cmp(&(i, j)))
        .ok()
        .map(|k| &pairs[k])
}

/// [`find_pair`] looked for outward from `pairs[from]`, in steps that double: the pairs near
/// a seed are a few places from it in the sorted list, found on memory already read, where a
/// search of the whole list (millions of pairs on a book) missed the cache at every step.
fn find_pair_from(pairs: &[Pair], from: usize, i: usize, j: usize) -> Option<&Pair> {
    let key = (i, j);
    let at = |k: usize| (pairs[k].left(), pairs[k].right());
    // The pair, if there is one, is in `lo..hi`.
    let (mut lo, mut hi) = (0, pairs.len());
    let mut step = 1;
    if at(from) < key {
        lo = from + 1;
        while let Some(k) = from.checked_add(step).filter(|&k| k < pairs.len()) {
            if at(k) >= key {
                hi = k + 1;
                break;
            }
            lo = k + 1;
            step *= 2;
        }
    } else {
        hi = from + 1;
        while let Some(k) = from.checked_sub(step) {
            if at(k) <= key {
                lo = k;
                break;
            }
            hi = k;
            step *= 2;
        }
    }
    find_pair(&pairs[lo..hi], i, j)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::align::language::Analyzer;
    use crate::load::Document;
    use crate::testing::doc;

    fn space_of(l: &Document, r: &Document) -> FeatureSpace {
        let analyzers = Analyzer::pair("", "");
        FeatureSpace::build(l, r, (&analyzers.0, &analyzers.1), &Progress::new())
    }

    fn params() -> MergeParams {
        MergeParams {
            max_group: 3,
            seed_ratio: 0.5,
            gain: 0.02,
            member_slack: 0.1,
        }
    }

    /// The beads of `space`'s candidate pairs at a floor of 0.2 everywhere.
    fn beads_at_a_fixed_floor(space: &FeatureSpace) -> Vec<Bead> {
        let pairs = pairs(space, &Progress::new());
        let (n, m) = (space.len(Side::Left), space.len(Side::Right));
        beads(
            space,
            &pairs,
            &Floors::fixed(0.2, n, m),
            &params(),
            &Progress::new(),
        )
    }

    /// The beads as the rules state them, every group scored (no bound, no shortcut).
    fn beads_by_the_rules(
        space: &FeatureSpace,
        pairs: &[Pair],
        floors: &Floors,
        p: &MergeParams,
    ) -> Vec<Bead> {
        let (n, m) = (space.len(Side::Left), space.len(Side::Right));
        let pair = |i: usize, j: usize| pairs.iter().find(|q| q.left() == i && q.right() == j);
        let mut best = (vec![0.0f32; n], vec![0.0f32; m]);
        for q in pairs {
            best.0[q.left()] = best.0[q.left()].max(q.similarity);
            best.1[q.right()] = best.1[q.right()].max(q.similarity);
        }
        let seed = |q: &Pair| {
            q.similarity + p.gain <= 1.0
                && q.similarity
                    >= floors.for_runs(q.left()..q.left() + 1, q.right()..q.right() + 1)
                        * p.seed_ratio
                && !space.is_heading(Side::Left, q.left())
                && !space.is_heading(Side::Right, q.right())
        };
        let mut out = Vec::new();
        for q in pairs {
            let floor = floors.for_runs(q.left()..q.left() + 1, q.right()..q.right() + 1);
            if q.similarity >= floor {
                out.push(Bead::new(
                    q.left()..q.left() + 1,
                    q.right()..q.right() + 1,
                    q.similarity,
                    floor,
                ));
            }
            if !seed(q) {
                continue;
            }
            let mut groups: Vec<(Range<usize>, Range<usize>)> = Vec::new();
            for size in 2..=p.max_group {
                for start in q.left().saturating_sub(size - 1)..=q.left() {
                    groups.push((start..start + size, q.right()..q.right() + 1));
                }
                for start in q.right().saturating_sub(size - 1)..=q.right() {
                    groups.push((q.left()..q.left() + 1, start..start + size));
                }
            }
            for (l, r) in groups {
                let left_grown = l.len() > 1;
                if l.end > n || r.end > m {
                    continue;
                }
                let members: Vec<(usize, usize)> = if left_grown {
                    l.clone().map(|i| (i, q.right())).collect()
                } else {
                    r.clone().map(|j| (q.left(), j)).collect()
                };
                // Proposed by its first seed only, never around a heading.
                let first = members.iter().find(|&&(i, j)| pair(i, j).is_some_and(seed));
                if first != Some(&(q.left(), q.right()))
                    || space.any_heading(Side::Left, l.clone())
                    || space.any_heading(Side::Right, r.clone())
                {
                    continue;
                }
                let grown_has_terms = |&(i, j): &(usize, usize)| {
                    let (side, k) = if left_grown {
                        (Side::Left, i)
                    } else {
                        (Side::Right, j)
                    };
                    space.features(side, k).has_terms()
                };
                if members
                    .iter()
                    .any(|mb| pair(mb.0, mb.1).is_none() && grown_has_terms(mb))
                {
                    continue;
                }
                let floor = floors.for_runs(l.clone(), r.clone());
                let similarity = space.similarity(l.clone(), r.clone());
                let belongs = members.iter().all(|&(i, j)| {
                    let s = pair(i, j)
                        .map_or_else(|| space.similarity(i..i + 1, j..j + 1), |x| x.similarity);
                    let b = if left_grown { best.0[i] } else { best.1[j] };
                    s + p.member_slack >= b
                });
                if similarity >= floor && similarity >= q.similarity + p.gain && belongs {
                    out.push(Bead::new(l, r, similarity, floor));
                }
            }
        }
        out
    }

    fn key(b: &Bead) -> (usize, usize, usize, usize) {
        (b.left().start, b.left().end, b.right().start, b.right().end)
    }

    fn check(left: &str, right: &str) -> Result<(), TestCaseError> {
        let (l, r) = (doc(left), doc(right));
        let space = space_of(&l, &r);
        let pairs = pairs(&space, &Progress::new());
        let (n, m) = (l.sentences.len(), r.sentences.len());
        // Every pair that shares anything, sorted, each scored as the space scores it.
        let mut expected = Vec::new();
        for i in 0..n {
            for j in 0..m {
                let s = space.similarity(i..i + 1, j..j + 1);
                if s > 0.0 {
                    expected.push((i, j, s));
                }
            }
        }
        let got: Vec<(usize, usize, f32)> = pairs
            .iter()
            .map(|p| (p.left(), p.right(), p.similarity))
            .collect();
        prop_assert_eq!(got, expected);
        for floors in [
            Floors::fixed(0.2, n, m),
            Floors::new(&pairs, n, m, 0.15, 0.5),
        ] {
            let mut got = beads(&space, &pairs, &floors, &params(), &Progress::new());
            let mut want = beads_by_the_rules(&space, &pairs, &floors, &params());
            got.sort_by_key(key);
            want.sort_by_key(key);
            prop_assert_eq!(got, want);
        }
        Ok(())
    }

    #[test]
    fn a_split_sentence_becomes_a_group() {
        let left = "# Council news\n\nThe council met on Monday and agreed to repair the old bridge. \
                    The mayor thanked everyone.";
        let right = "# Council news\n\nThe council met on Monday. It agreed to repair the old bridge. \
                     The mayor said thank you.";
        check(left, right).expect("beads as the rules state them");
        let (l, r) = (doc(left), doc(right));
        let beads = beads_at_a_fixed_floor(&space_of(&l, &r));
        assert!(
            beads
                .iter()
                .any(|b| b.left() == (1..2) && b.right() == (1..3)),
            "{beads:?}"
        );
        // The headings match, but only one to one.
        assert!(
            beads
                .iter()
                .any(|b| b.left() == (0..1) && b.right() == (0..1))
        );
        assert!(!beads.iter().any(|b| b.left().len() + b.right().len() > 2
            && (b.left().start == 0 || b.right().start == 0)));
    }

    #[test]
    fn a_long_sentence_and_its_last_word_split_off_make_a_group_either_way() {
        // The seed (the long sentence and its copy without the last word) scores so high that
        // the group must be bounded with each member's own norms: the long member's carry the
        // score, the short one's add little to the joined norm.
        let long = "The foreign minister praised the growing military alliance between \
                    Moscow and its partner during the long official visit that ended on \
                    Friday evening with a parade and a banquet";
        let (one, split) = (
            format!("{long} in Pyongyang."),
            format!("{long}. In Pyongyang."),
        );
        for (left, right, group) in [(&one, &split, (0..1, 0..2)), (&split, &one, (0..2, 0..1))] {
            check(left, right).expect("beads as the rules state them");
            let (l, r) = (doc(left), doc(right));
            let beads = beads_at_a_fixed_floor(&space_of(&l, &r));
            assert!(
                beads.iter().any(|b| (b.left(), b.right()) == group),
                "{beads:?}"
            );
        }
    }

    #[test]
    fn a_sentence_of_stop_words_completes_a_run_of_the_same_words() {
        // "It was what it was." has no content word in English, so it shares no feature and
        // is no candidate; yet between the sentences around it, it completes a run that says
        // what the other side says in one.
        let (split, one) = (
            "The city council agreed the new budget on Monday. It was what it was. \
             Schools and roads get more money next year.",
            "The city council agreed the new budget on Monday, it was what it was, \
             schools and roads get more money next year.",
        );
        for (left, right, group) in [(split, one, (0..3, 0..1)), (one, split, (0..1, 0..3))] {
            let (l, r) = (doc(left), doc(right));
            let analyzers = Analyzer::pair(left, right);
            let space = FeatureSpace::build(&l, &r, (&analyzers.0, &analyzers.1), &Progress::new());
            let stop_words = if group.0.len() > 1 {
                Side::Left
            } else {
                Side::Right
            };
            assert!(!space.features(stop_words, 1).has_terms());
            let beads = beads_at_a_fixed_floor(&space);
            let found = beads.iter().find(|b| (b.left(), b.right()) == group);
            assert_eq!(found.map(|b| b.similarity), Some(1.0), "{beads:?}");
        }
    }

    proptest! {
        /// Every pair, and every pair missing, is found from anywhere in the list as a
        /// search of the whole list finds it.
        #[test]
        fn a_pair_is_found_from_anywhere_as_from_nowhere(
            cells in proptest::collection::btree_set((0usize..12, 0usize..12), 1..60),
            from in any::<proptest::sample::Index>(),
        ) {
            let pairs: Vec<Pair> = cells.iter().map(|&(i, j)| Pair::new(i, j, 0.5, 0.5, 0.5)).collect();
            let from = from.index(pairs.len());
            for i in 0..13 {
                for j in 0..13 {
                    prop_assert_eq!(find_pair_from(&pairs, from, i, j), find_pair(&pairs, i, j));
                }
            }
        }

        /// Small values, so that runs share items and repeat their own.
        #[test]
        fn sorted_runs_merge_into_what_one_sort_of_all_gives(
            runs in proptest::collection::vec(proptest::collection::vec((0u32..8, 0u32..8), 0..30), 0..7),
        ) {
            let mut expected: Vec<(u32, u32)> = runs.concat();
            expected.sort_unstable();
            expected.dedup();
            let sorted = runs
                .into_iter()
                .map(|mut r| {
                    r.sort_unstable();
                    r
                })
                .collect();
            prop_assert_eq!(sorted_union(sorted), expected);
        }

        /// Scores from a few values, so that ties are common.
        #[test]
        fn the_best_few_are_those_a_sort_of_all_puts_first(
            scores in proptest::collection::vec(0u8..6, 0..40),
        ) {
            let scores: Vec<f32> = scores.iter().map(|&s| f32::from(s) / 4.0).collect();
            // Each index once, out of order.
            let mut touched: Vec<u32> = (0..scores.len() as u32).rev().collect();
            touched.rotate_left(scores.len() / 3);
            let mut sorted = touched.clone();
            sorted.sort_by(|a, b| scores[*b as usize].total_cmp(&scores[*a as usize]).then(a.cmp(b)));
            sorted.truncate(PARTNERS);
            let mut best = Vec::new();
            let mut left = scores.clone();
            best_few(&touched, &mut left, &mut best);
            let kept: Vec<u32> = best.iter().map(|&(_, j)| j).collect();
            prop_assert_eq!(kept, sorted);
            // Every score taken, ready for the next sentence.
            prop_assert!(left.iter().all(|&s| s == 0.0));
        }
    }

    proptest! {
        #[test]
        fn pairs_and_beads_are_what_the_rules_give(
            a in crate::align::properties::document_text(),
            b in crate::align::properties::document_text(),
        ) {
            check(&a, &b)?;
        }
    }

    #[test]
    fn the_index_finds_each_sentence_s_counterpart_and_identical_sentences() {
        // 600 sentences a side (past the exhaustive limit), each with a word of its own that
        // its counterpart shares, among common words; and a run of identical sentences with
        // no informative word at all.
        let words = |k: usize| format!("w{k}x{}", k * 7 % 13);
        let mut left = String::new();
        let mut right = String::new();
        for k in 0..600 {
            left.push_str(&format!("The {} report said so today. ", words(k)));
            right.push_str(&format!("Today the report on {} said so. ", words(k)));
        }
        left.push_str("So it is.");
        right.push_str("So it is.");
        let (l, r) = (doc(&left), doc(&right));
        let (n, m) = (l.sentences.len(), r.sentences.len());
        assert!(!exhaustive(n, m));
        let space = space_of(&l, &r);
        let pairs = pairs(&space, &Progress::new());
        for k in 0..n {
            assert!(
                pairs.iter().any(|p| p.left() == k && p.right() == k),
                "sentence {k}"
            );
        }
        // Each sentence keeps a few partners, not the whole other side.
        assert!(pairs.len() < n * 4 * PARTNERS, "{} candidates", pairs.len());
        assert!(
            pairs
                .windows(2)
                .all(|w| (w[0].left(), w[0].right()) < (w[1].left(), w[1].right()))
        );
    }

    #[test]
    fn the_index_keeps_the_partners_that_share_the_most_weight() {
        // Blocks of 16 sentences a side that share two words within their block; each left
        // sentence's rare word is in a sentence of the right's next block. So each has more
        // partners than it keeps: 16 that share two common words, one that shares a rare one
        // (which the products of weights rank first, a sum of weights last).
        let (left, right): (String, String) = (0..600)
            .map(|k| {
                let block = k / 16;
                (
                    format!("The w{k}x p{block}q r{block}q. "),
                    format!("The w{}x p{block}q r{block}q. ", (k + 584) % 600),
                )
            })
            .unzip();
        index_keeps_the_best_partners(&left, &right);
        // Groups of exactly as many sentences a side as are kept, the counterpart among them.
        let (left, right): (String, String) = (0..600)
            .map(|k| {
                let group = k % (600 / PARTNERS);
                (
                    format!("The w{k}x g{group}q. "),
                    format!("A w{k}x g{group}q. "),
                )
            })
            .unzip();
        index_keeps_the_best_partners(&left, &right);
    }

    /// Checks that the index keeps, for each left sentence, the partners that share the most
    /// weight by the rules.
    fn index_keeps_the_best_partners(left: &str, right: &str) {
        let (l, r) = (doc(left), doc(right));
        let space = space_of(&l, &r);
        let pairs = pairs(&space, &Progress::new());
        let (n, m) = (space.len(Side::Left), space.len(Side::Right));
        assert!(!exhaustive(n, m));
        let limit = max_df(n + m);
        let theirs: Vec<HashMap<u32, f32>> = (0..m)
            .map(|j| space.stems(Side::Right, j).collect())
            .collect();
        let mut right_df: HashMap<u32, usize> = HashMap::new();
        for f in theirs.iter().flat_map(|t| t.keys()) {
            *right_df.entry(*f).or_default() += 1;
        }
        // A few partners a sentence each way, not the whole other side.
        assert!(
            pairs.len() <= (n + m) * PARTNERS,
            "{} candidates",
            pairs.len()
        );
        for i in 0..n {
            // By the rules: the sum over shared stems (indexed ones only) of the product of
            // their weights, best first, ties to the earlier sentence; the best few are kept.
            let mut scored: Vec<(f32, usize)> = (0..m)
                .filter_map(|j| {
                    let mut score = 0.0f32;
                    for (f, w) in space.stems(Side::Left, i) {
                        if let Some(&wj) = theirs[j].get(&f)
                            && right_df[&f] <= limit
                        {
                            score += w * wj;
                        }
                    }
                    (score > 0.0).then_some((score, j))
                })
                .collect();
            scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            assert!(scored.len() >= PARTNERS, "sentence {i} has few partners");
            for &(_, j) in scored.iter().take(PARTNERS) {
                assert!(
                    pairs.iter().any(|p| p.left() == i && p.right() == j),
                    "sentence {i} lost its partner {j}"
                );
            }
        }
    }

    #[test]
    fn each_sentence_keeps_its_best_partners_in_both_directions_whichever_side_is_longer() {
        // Words in many sentences of one side and few of the other (counted in one direction
        // only), with a longer left side, then a longer right.
        let text = |n: usize, often: usize, seldom: usize| -> String {
            (0..n)
                .map(|k| {
                    let mut s = format!("The w{k}x report on v{}q", k % 7);
                    if k % often == 0 {
                        s.push_str(" about harbours");
                    }
                    if k % seldom == 0 {
                        s.push_str(" on bridges");
                    }
                    s.push_str(&format!(" said t{}x. ", k % 13));
                    s
                })
                .collect()
        };
        for (left, right) in [
            (text(700, 3, 40), text(520, 40, 3)),
            (text(520, 40, 3), text(700, 3, 40)),
        ] {
            let (l, r) = (doc(&left), doc(&right));
            let space = space_of(&l, &r);
            let (n, m) = (space.len(Side::Left), space.len(Side::Right));
            assert!(!exhaustive(n, m));
            let found = indexed(&space, &Progress::new());
            let limit = max_df(n + m);
            let mut best = Vec::new();
            let mut best_pairs = std::collections::HashSet::new();
            for (from, to) in [(Side::Left, Side::Right), (Side::Right, Side::Left)] {
                let stems: Vec<HashMap<u32, f32>> = (0..space.len(to))
                    .map(|j| space.stems(to, j).collect())
                    .collect();
                let mut df: HashMap<u32, usize> = HashMap::new();
                for f in stems.iter().flat_map(|t| t.keys()) {
                    *df.entry(*f).or_default() += 1;
                }
                for i in 0..space.len(from) {
                    // By the rules: the products of the weights of the stems shared (those in
                    // few enough sentences of the side searched), added in stem order.
                    let scores: Vec<f32> = (0..space.len(to))
                        .map(|j| {
                            let mut score = 0.0f32;
                            for (f, w) in space.stems(from, i) {
                                if let Some(&wj) = stems[j].get(&f)
                                    && df[&f] <= limit
                                {
                                    score += w * wj;
                                }
                            }
                            score
                        })
                        .collect();
                    let touched: Vec<u32> = (0..space.len(to))
                        .filter(|&j| scores[j] > 0.0)
                        .map(index)
                        .collect();
                    best_few(&touched, &mut scores.clone(), &mut best);
                    for &(_, j) in &best {
                        let pair = match from {
                            Side::Left => (index(i), j),
                            Side::Right => (j, index(i)),
                        };
                        assert!(found.binary_search(&pair).is_ok(), "{from:?} {i}: {pair:?}");
                        best_pairs.insert(pair);
                    }
                }
            }
            // And nothing else but identical sentences.
            let kept = |(i, j): (u32, u32)| {
                let (a, b) = (i as usize, j as usize);
                space.features(Side::Left, a).words_hash
                    == space.features(Side::Right, b).words_hash
            };
            for &pair in &found {
                assert!(best_pairs.contains(&pair) || kept(pair), "{pair:?}");
            }
        }
    }

    #[test]
    fn of_many_identical_sentences_those_at_the_same_relative_place_are_candidates() {
        // Every fifth sentence a side is "So it is." (its words are in too many sentences to be
        // indexed: only the identical text makes it a candidate); 700 sentences left, 800 right.
        let text = |n: usize| -> String {
            (0..n)
                .map(|k| {
                    if k % 5 == 0 {
                        "So it is. ".to_string()
                    } else {
                        format!("The w{k}x report. ")
                    }
                })
                .collect()
        };
        let (l, r) = (doc(&text(700)), doc(&text(800)));
        let pairs = pairs(&space_of(&l, &r), &Progress::new());
        let same: Vec<usize> = (0..800).step_by(5).collect();
        for i in (0..700).step_by(5) {
            // The first at or after the same relative place, with up to three before it: six.
            let at = same
                .iter()
                .position(|&j| j * 700 >= i * 800)
                .unwrap_or(same.len());
            let from = at.saturating_sub(PARTNERS / 2);
            let want: Vec<usize> = same.iter().copied().skip(from).take(PARTNERS).collect();
            let got: Vec<usize> = pairs
                .iter()
                .filter(|p| p.left() == i)
                .map(|p| p.right())
                .collect();
            assert_eq!(got, want, "sentence {i}");
        }
    }

    #[test]
    fn a_stem_in_too_many_sentences_is_not_indexed() {
        // 600 sentences a side, each with a word of its own; "zebra" in as many sentences of
        // each side as may be indexed, "yak" in one more; then, on the left, a sentence of each
        // (the index is read both ways, so each side's count includes them).
        let (n, m) = (603, 600);
        let at_limit = max_df(n + m);
        let side = |k: usize, extra: usize| {
            let zebra = if k + extra < at_limit { "zebra" } else { "" };
            let yak = if k + extra <= at_limit { "yak" } else { "" };
            format!("The w{k}x {zebra} {yak} lives. ")
        };
        let right: String = (0..m).map(|k| side(k, 0)).collect();
        let mut left: String = (0..600).map(|k| side(k, 1)).collect();
        left.push_str("Zebra. Yak. Lives.");
        let (l, r) = (doc(&left), doc(&right));
        assert_eq!((l.sentences.len(), r.sentences.len()), (n, m));
        let pairs = pairs(&space_of(&l, &r), &Progress::new());
        let partners = |i: usize| pairs.iter().filter(|p| p.left() == i).count();
        assert!(
            partners(600) > 0,
            "a stem in as many sentences as allowed is indexed"
        );
        assert_eq!(partners(601), 0, "one in a sentence more is not");
        assert_eq!(partners(602), 0, "nor one in every sentence");
    }

    #[test]
    fn matching_and_grouping_report_progress_that_ends_at_its_total() {
        // Matching through the index (three passes over sentences) and exhaustively (one);
        // grouping, one pass over the pairs.
        let text = |n: usize| -> String {
            (0..n)
                .map(|k| format!("The w{k}x report said so today. "))
                .collect()
        };
        for (n, m) in [(700, 500), (40, 30)] {
            let (l, r) = (doc(&text(n)), doc(&text(m)));
            let space = space_of(&l, &r);
            let progress = Progress::new();
            // Counted a batch at a time, so at most a batch over in each pass.
            let ends_at_its_total = |stage: Stage, passes: usize| {
                let s = progress.snapshot();
                assert_eq!(s.stage, stage);
                assert!(
                    s.done >= s.total && s.done <= s.total + (passes * BATCH) as u64,
                    "{n}×{m}, {stage:?}: {} done of {}",
                    s.done,
                    s.total
                );
            };
            let pairs = pairs(&space, &progress);
            ends_at_its_total(Stage::Matching, 3);
            let floors = Floors::fixed(0.2, n, m);
            beads(&space, &pairs, &floors, &params(), &progress);
            ends_at_its_total(Stage::Grouping, 1);
        }
    }
}
