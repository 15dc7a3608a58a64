//! [`Combined`]: the similarity of two runs of sentences from their words and their meaning,
//! calibrated per pair of documents; and the beads, floor and repeats aligned with it.
//!
//! - **Meaning** is the cosine of the runs' sentence vectors (a run of 2–6 sentences is
//!   embedded as its joined text), calibrated against the pair's own background, as CSLS
//!   does for bilingual lexicons: each sentence's background is the mean cosine of its best
//!   few partners on the other side, and a pair counts by how far it stands out from both
//!   backgrounds, in units of the room left above the typical (median) cosine:
//!   `E = (2C − b_left − b_right) / (2 (1 − median))`. Between two articles on one topic every
//!   sentence is close to many; a true correspondence stands out from them.
//! - **Words** are the lexical similarity of `features` (stems and character n-grams).
//! - **Combined**: `S = w · words + (1 − w) · E`; runs with the same words score 1.
//!
//! Alignment then follows the lexical engine's plan with one floor for the pair: the floor
//! rises with how strongly sentences compete (the median, over every sentence, of its
//! second-best partner's score), so two articles on one topic need clearer links than an
//! original and its rewrite. The in-order chain maximises Σ (S − floor) over 1:1 to 1:n and
//! n:1 beads; out-of-order pairs above the floor become moves.
//!
//! A calibration covers a *selection* of sentences: all of them for articles, or, on books,
//! the sentences the lexical pass left unlinked plus a spread sample for the background
//! (`gaps`).

use std::collections::HashSet;
use std::ops::Range;

use foldhash::fast::FixedState;
use ndarray::Array2;
use ndarray::linalg::general_mat_mul;

use super::alignment::{Link, Repeat, Side as Which};
use super::candidates::Bead;
use super::features::{FeatureSpace, Side};
use super::meaning::cosine;
use super::meaning::runs::{MAX_RUN, RunVectors};
use super::moves::Candidate;
use crate::load::Document;

/// The highest floor a pair can have: above it, even sentences copied unchanged (score 1)
/// would compete with too many copies of themselves to be linked.
const MAX_FLOOR: f32 = 0.6;

/// Not in the selection.
const UNSELECTED: u32 = u32::MAX;

/// How meaning and words are combined and calibrated.
#[derive(Debug, Clone, PartialEq)]
pub struct MeaningParams {
    /// Weight of the lexical similarity; meaning has the rest.
    pub word_weight: f32,
    /// How many best partners make a sentence's background.
    pub neighbours: usize,
    /// The floor of a pair whose sentences do not compete.
    pub floor_base: f32,
    /// How much the floor rises with the median second-best score.
    pub floor_competition: f32,
    /// A pair out of reading order is linked as moved from this much above the pair's floor.
    pub move_margin: f32,
    /// Groups grow around pairs that reach this fraction of the floor.
    pub seed_ratio: f32,
    /// Most sentences on the grown side of a group (at most [`MAX_RUN`]).
    pub max_group: usize,
    /// A group must beat the best of its members' own pairs by this much.
    pub group_gain: f32,
    /// A member may score this much below its best partner elsewhere and still join a group,
    /// unless its side is the one that splits (see `split_ratio`): there any member may join.
    pub member_slack: f32,
    /// A side whose sentences are on average this many times shorter than the other's splits
    /// them (plain-language rewrites, summaries): its sentences form groups freely.
    pub split_ratio: f32,
    /// How much lower the floor is when one side splits the other's sentences.
    pub split_floor: f32,
    /// A pair whose first alignment links less than this share of its text (see
    /// [`super::shared_content`]) …
    pub little_shared: f32,
    /// … is aligned again with its floor raised by this much.
    pub little_raise: f32,
    /// A repeat must score this much above the floor with its counterpart.
    pub repeat_margin: f32,
    /// A repeat's meaning must be at least this close (cosine) to the linked saying it repeats.
    pub repeat_closeness: f32,
    /// Sentences held unlinked between two in-order links are linked when they score this
    /// much below the floor (see [`Combined::held_beads`]).
    pub held_drop: f32,
}

impl Default for MeaningParams {
    /// Tuned on DEplain `dev`, our news gold and the cross-lingual development set together
    /// (`cargo run --release --example tune`; figures in `docs/alignment.md`).
    fn default() -> Self {
        MeaningParams {
            word_weight: 0.4,
            neighbours: 4,
            floor_base: 0.12,
            floor_competition: 1.5,
            move_margin: 0.0,
            seed_ratio: 0.5,
            max_group: 6,
            group_gain: 0.02,
            member_slack: 0.1,
            split_ratio: 1.5,
            split_floor: 0.06,
            little_shared: super::SHARES_LITTLE,
            little_raise: 0.05,
            repeat_margin: 0.1,
            repeat_closeness: 0.7,
            held_drop: 0.12,
        }
    }
}

/// Words and meaning of runs of sentences, calibrated for one pair of documents over a
/// selection of their sentences.
pub struct Combined<'a> {
    space: &'a FeatureSpace,
    left: &'a RunVectors,
    right: &'a RunVectors,
    /// The selected sentences of each side, ascending, and each sentence's place among them.
    selected: [Vec<usize>; 2],
    place: [Vec<u32>; 2],
    /// Each selected sentence's background (by sentence; 0 elsewhere).
    background: [Vec<f32>; 2],
    /// `1 / (2 (1 − median cosine))`.
    scale: f32,
    word_weight: f32,
    /// Cosines of the selected 1:1 pairs, row-major (left × right).
    cosines: Vec<f32>,
    /// Combined scores of the selected 1:1 pairs, row-major.
    scores: Vec<f32>,
    /// Whether each side splits the other's sentences (its groups form freely).
    splitting: [bool; 2],
}

/// Which side, if either, splits the other's sentences: its sentences are on average
/// `ratio` times shorter (in bytes).
pub fn splitting(left: &Document, right: &Document, ratio: f32) -> [bool; 2] {
    let mean = |d: &Document| d.sentence_bytes() as f32 / d.sentences.len().max(1) as f32;
    let (l, r) = (mean(left), mean(right));
    [l * ratio <= r, r * ratio <= l]
}

impl<'a> Combined<'a> {
    /// Calibrates meaning for the pair over the `selected` sentences of each side (all when
    /// `None`); each must have a vector.
    ///
    /// The combined 1:1 scores are computed for the pairs inside `blocks` (left sentences ×
    /// right sentences; every selected pair when `None`): on a long pair only the gaps are
    /// aligned, and scoring every gap's sentences against every other gap's would cost more
    /// than embedding them. Backgrounds always cover the whole selection.
    pub fn new(
        space: &'a FeatureSpace,
        vectors: (&'a RunVectors, &'a RunVectors),
        selected: Option<(Vec<usize>, Vec<usize>)>,
        blocks: Option<&[(Vec<usize>, Vec<usize>)]>,
        params: &MeaningParams,
    ) -> Combined<'a> {
        let (n, m) = (space.len(Side::Left), space.len(Side::Right));
        let (sel_left, sel_right) =
            selected.unwrap_or_else(|| ((0..n).collect(), (0..m).collect()));
        let sel_left: Vec<usize> = sel_left.into_iter().filter(|&i| vectors.0.has(i)).collect();
        let sel_right: Vec<usize> = sel_right
            .into_iter()
            .filter(|&j| vectors.1.has(j))
            .collect();
        let cosines = cosine_matrix(vectors, &sel_left, &sel_right);
        let (a, b) = (sel_left.len(), sel_right.len());
        let k = params.neighbours.max(1);
        let mut background = [vec![0.0f32; n], vec![0.0f32; m]];
        for (x, &i) in sel_left.iter().enumerate() {
            background[0][i] = top_mean(&mut (0..b).map(|y| cosines[x * b + y]), k);
        }
        for (y, &j) in sel_right.iter().enumerate() {
            background[1][j] = top_mean(&mut (0..a).map(|x| cosines[x * b + y]), k);
        }
        let median = median(cosines.clone());
        let place = |sel: &[usize], len: usize| {
            let mut p = vec![UNSELECTED; len];
            for (k, &i) in sel.iter().enumerate() {
                p[i] = k as u32;
            }
            p
        };
        let mut combined = Combined {
            space,
            left: vectors.0,
            right: vectors.1,
            place: [place(&sel_left, n), place(&sel_right, m)],
            selected: [sel_left, sel_right],
            background,
            scale: 1.0 / (2.0 * (1.0 - median).max(0.05)),
            word_weight: params.word_weight,
            cosines,
            scores: Vec::new(),
            splitting: [false, false],
        };
        let mut scores = vec![f32::NAN; a * b];
        let mut scorer = space.scorer();
        let mut fill = |lefts: &[usize], rights: &[usize]| {
            for &i in lefts {
                let Some(x) = combined.place[0].get(i).filter(|&&x| x != UNSELECTED) else {
                    continue;
                };
                scorer.set_left(i);
                for &j in rights {
                    if let Some(&y) = combined.place[1].get(j).filter(|&&y| y != UNSELECTED) {
                        scores[*x as usize * b + y as usize] =
                            combined.blend(i..i + 1, j..j + 1, scorer.similarity(j));
                    }
                }
            }
        };
        match blocks {
            Some(blocks) => blocks.iter().for_each(|(l, r)| fill(l, r)),
            None => {
                let (l, r) = (combined.selected[0].clone(), combined.selected[1].clone());
                fill(&l, &r);
            }
        }
        combined.scores = scores;
        combined
    }

    /// Marks which side splits the other's sentences (see [`splitting`]).
    pub fn set_splitting(&mut self, splitting: [bool; 2]) {
        self.splitting = splitting;
    }

    /// The calibrated meaning score of two runs, when both have vectors.
    pub fn meaning(&self, l: Range<usize>, r: Range<usize>) -> Option<f32> {
        let c = if l.len() == 1 && r.len() == 1 {
            self.cosines.get(self.index(l.start, r.start)?).copied()
        } else {
            Some(cosine(
                self.left.get(l.clone())?,
                self.right.get(r.clone())?,
            ))
        }?;
        let mean =
            |v: &[f32], r: Range<usize>| r.clone().map(|i| v[i]).sum::<f32>() / r.len() as f32;
        let b = mean(&self.background[0], l) + mean(&self.background[1], r);
        Some((2.0 * c - b) * self.scale)
    }

    /// The combined score of two runs (words alone where a vector is missing).
    pub fn similarity(&self, l: Range<usize>, r: Range<usize>) -> f32 {
        if l.len() == 1
            && r.len() == 1
            && let Some(k) = self.index(l.start, r.start)
            && !self.scores[k].is_nan()
        {
            return self.scores[k];
        }
        self.blend(l.clone(), r.clone(), self.space.similarity(l, r))
    }

    /// Where the 1:1 pair `(i, j)` is in the selection's matrices.
    fn index(&self, i: usize, j: usize) -> Option<usize> {
        let x = *self.place[0].get(i)?;
        let y = *self.place[1].get(j)?;
        (x != UNSELECTED && y != UNSELECTED)
            .then(|| x as usize * self.selected[1].len() + y as usize)
    }

    /// The combined score of two runs whose lexical similarity is `words`.
    ///
    /// Runs with the same words score 1, whatever the background: a sentence copied unchanged
    /// is the surest link there is, even in a document that repeats it.
    fn blend(&self, l: Range<usize>, r: Range<usize>, words: f32) -> f32 {
        if words >= 1.0 && self.space.same_words(l.clone(), r.clone()) {
            return 1.0;
        }
        // Capped at 1, the score of the same words: calibration can carry a pair of a small
        // document above 1, and nothing may outscore a sentence copied unchanged (else a group
        // of a copied sentence and its neighbour beats the two copies).
        match self.meaning(l, r) {
            Some(e) => (self.word_weight * words + (1.0 - self.word_weight) * e).min(1.0),
            None => words,
        }
    }

    /// The pair's floor: the base, raised by how strongly the selected sentences compete for
    /// partners (the median over every row and column of its second-best score).
    pub fn floor(&self, params: &MeaningParams) -> f32 {
        let (a, b) = (self.selected[0].len(), self.selected[1].len());
        let mut seconds: Vec<f32> = (0..a)
            .map(|x| second(&mut (0..b).map(|y| self.scores[x * b + y])))
            .chain((0..b).map(|y| second(&mut (0..a).map(|x| self.scores[x * b + y]))))
            .collect();
        let contest = if seconds.is_empty() {
            0.0
        } else {
            let mid = seconds.len() / 2;
            *seconds.select_nth_unstable_by(mid, f32::total_cmp).1
        };
        let split = if self.splitting.iter().any(|&s| s) {
            params.split_floor
        } else {
            0.0
        };
        (params.floor_base - split + params.floor_competition * contest.max(0.0)).min(MAX_FLOOR)
    }

    /// Beads for the `held` stretches (see [`super::chain::held_gaps`]) that score at least
    /// `floor − held_drop`.
    ///
    /// A stretch is linked whole when it is one sentence against one, or one against several
    /// of the side that splits the other's sentences. Between two links of a rewrite that
    /// keeps the order, that is what the sentences most likely say, so it may score lower
    /// than a pair the chain had to find on its own. Larger stretches are left alone: in news
    /// they are what one outlet adds. As everywhere, a heading is only linked 1:1.
    pub fn held_beads(
        &self,
        held: Vec<(Range<usize>, Range<usize>)>,
        floor: f32,
        params: &MeaningParams,
    ) -> Vec<Bead> {
        let fits = |run: &Range<usize>, splits: bool| {
            run.len() == 1 || (splits && run.len() <= params.max_group)
        };
        let space = self.space;
        held.into_iter()
            .filter(|(l, r)| {
                (l.len() == 1 || r.len() == 1)
                    && fits(l, self.splitting[0])
                    && fits(r, self.splitting[1])
                    && (l.len() + r.len() == 2
                        || !(space.any_heading(Side::Left, l.clone())
                            || space.any_heading(Side::Right, r.clone())))
            })
            .filter_map(|(l, r)| {
                let similarity = self.similarity(l.clone(), r.clone());
                (similarity >= floor - params.held_drop)
                    .then_some(Bead::new(l, r, similarity, floor))
            })
            .collect()
    }

    /// The scored 1:1 pairs of the selection with their combined scores, sorted by
    /// `(left, right)`.
    pub fn pairs(&self) -> Vec<Candidate> {
        let b = self.selected[1].len();
        let mut out = Vec::with_capacity(self.scores.len());
        for (x, &i) in self.selected[0].iter().enumerate() {
            for (y, &j) in self.selected[1].iter().enumerate() {
                if self.scores[x * b + y].is_nan() {
                    continue;
                }
                out.push(Candidate::new(i, j, self.scores[x * b + y]));
            }
        }
        out
    }

    /// Beads among the `lefts` × `rights` sentences (ascending, selected): every 1:1 pair
    /// above `floor`, and the groups of consecutive sentences of these (up to `max_group` a
    /// side) around pairs that reach `seed_ratio` of it.
    pub fn beads(
        &self,
        lefts: &[usize],
        rights: &[usize],
        floor: f32,
        params: &MeaningParams,
    ) -> Vec<Bead> {
        let space = self.space;
        let mut beads = Vec::new();
        let mut seeds = Vec::new();
        for &i in lefts {
            for &j in rights {
                let s = self.similarity(i..i + 1, j..j + 1);
                if s > floor {
                    beads.push(Bead::new(i..i + 1, j..j + 1, s, floor));
                }
                if s >= floor * params.seed_ratio
                    && !space.is_heading(Side::Left, i)
                    && !space.is_heading(Side::Right, j)
                {
                    seeds.push((i, j));
                }
            }
        }
        let inside =
            |set: &[usize], r: &Range<usize>| r.clone().all(|k| set.binary_search(&k).is_ok());
        let grouper = Grouper {
            combined: self,
            floor,
            params,
        };
        let mut seen: HashSet<(usize, usize, usize, usize), FixedState> = HashSet::default();
        let max_group = params.max_group.min(MAX_RUN);
        for (i, j) in seeds {
            for size in 2..=max_group {
                for start in i.saturating_sub(size - 1)..=i {
                    let l = start..start + size;
                    if inside(lefts, &l) && !space.any_heading(Side::Left, l.clone()) {
                        grouper.propose(l, j..j + 1, &mut seen, &mut beads);
                    }
                }
                for start in j.saturating_sub(size - 1)..=j {
                    let r = start..start + size;
                    if inside(rights, &r) && !space.any_heading(Side::Right, r.clone()) {
                        grouper.propose(i..i + 1, r, &mut seen, &mut beads);
                    }
                }
            }
        }
        beads
    }

    /// A sentence's best 1:1 score against the selected sentences of the other side.
    fn best(&self, side: usize, i: usize) -> f32 {
        let (a, b) = (self.selected[0].len(), self.selected[1].len());
        let Some(&x) = self.place[side].get(i).filter(|&&x| x != UNSELECTED) else {
            return f32::NEG_INFINITY;
        };
        let x = x as usize;
        let row: Box<dyn Iterator<Item = f32>> = if side == 0 {
            Box::new((0..b).map(move |y| self.scores[x * b + y]))
        } else {
            Box::new((0..a).map(move |y| self.scores[y * b + x]))
        };
        row.filter(|v| !v.is_nan())
            .fold(f32::NEG_INFINITY, f32::max)
    }

    /// Unlinked sentences that repeat a linked sentence of their own side, paired with that
    /// sentence's counterpart: the unlinked sentence's best partner must be in a link and
    /// score `repeat_margin` above the floor, and the unlinked sentence must mean nearly what
    /// one of its own side's sentences in that link means.
    pub fn repeats(&self, links: &[Link], floor: f32, params: &MeaningParams) -> Vec<Repeat> {
        let (n, m) = (self.space.len(Side::Left), self.space.len(Side::Right));
        let mut link_of = [vec![None; n], vec![None; m]];
        for (k, l) in links.iter().enumerate() {
            l.left.iter().for_each(|&i| link_of[0][i] = Some(k));
            l.right.iter().for_each(|&j| link_of[1][j] = Some(k));
        }
        let close = |side: usize, a: usize, b: usize| {
            let v = if side == 0 { self.left } else { self.right };
            match (v.get(a..a + 1), v.get(b..b + 1)) {
                (Some(x), Some(y)) => cosine(x, y) >= params.repeat_closeness,
                _ => false,
            }
        };
        let mut out = Vec::new();
        for side in 0..2 {
            let other = 1 - side;
            for &i in self.selected[side]
                .iter()
                .filter(|&&i| link_of[side][i].is_none())
            {
                let score = |j: usize| {
                    let (l, r) = if side == 0 { (i, j) } else { (j, i) };
                    self.similarity(l..l + 1, r..r + 1)
                };
                let Some(j) = self.selected[other]
                    .iter()
                    .copied()
                    .max_by(|&a, &b| score(a).total_cmp(&score(b)).then(b.cmp(&a)))
                else {
                    continue;
                };
                let Some(k) = link_of[other][j] else { continue };
                let own = if side == 0 {
                    &links[k].left
                } else {
                    &links[k].right
                };
                if score(j) >= floor + params.repeat_margin
                    && own.iter().any(|&x| close(side, i, x))
                {
                    let (left, right) = if side == 0 { (i, j) } else { (j, i) };
                    out.push(Repeat {
                        left,
                        right,
                        repeating: if side == 0 { Which::Left } else { Which::Right },
                        similarity: score(j).clamp(0.0, 1.0),
                    });
                }
            }
        }
        out.sort_by_key(|r| (r.left, r.right));
        out
    }
}

/// Proposes groups of sentences and keeps those that clear the floor and hold together.
struct Grouper<'a, 'b> {
    combined: &'a Combined<'b>,
    floor: f32,
    params: &'a MeaningParams,
}

impl Grouper<'_, '_> {
    /// Scores the group `l` × `r` once and keeps it as a bead when it clears the floor, beats
    /// each of its members' own pairs by the gain, and every member belongs to it (is within
    /// `member_slack` of its best partner elsewhere, unless its side splits).
    fn propose(
        &self,
        l: Range<usize>,
        r: Range<usize>,
        seen: &mut HashSet<(usize, usize, usize, usize), FixedState>,
        beads: &mut Vec<Bead>,
    ) {
        if !seen.insert((l.start, l.end, r.start, r.end)) {
            return;
        }
        let c = self.combined;
        // Each member against the single sentence on the other side.
        let members: Vec<(usize, usize, f32)> = if l.len() > 1 {
            l.clone().map(|i| (i, r.start, c.best(0, i))).collect()
        } else {
            r.clone().map(|j| (l.start, j, c.best(1, j))).collect()
        };
        let grown = usize::from(l.len() == 1);
        let slack = if c.splitting[grown] {
            f32::INFINITY
        } else {
            self.params.member_slack
        };
        let mut best_member = f32::NEG_INFINITY;
        for &(i, j, best) in &members {
            let s = c.similarity(i..i + 1, j..j + 1);
            if s + slack < best {
                return;
            }
            best_member = best_member.max(s);
        }
        let similarity = c.similarity(l.clone(), r.clone());
        if similarity > self.floor && similarity >= best_member + self.params.group_gain {
            beads.push(Bead::new(l, r, similarity, self.floor));
        }
    }
}

/// Cosines of every selected left sentence with every selected right one, row-major.
fn cosine_matrix(
    vectors: (&RunVectors, &RunVectors),
    lefts: &[usize],
    rights: &[usize],
) -> Vec<f32> {
    let stack = |v: &RunVectors, sel: &[usize]| -> Array2<f32> {
        let dim = sel
            .first()
            .and_then(|&i| v.get(i..i + 1))
            .map_or(0, |x| x.len());
        let mut out = Array2::<f32>::zeros((sel.len(), dim));
        for (row, &i) in sel.iter().enumerate() {
            if let Some(x) = v.get(i..i + 1) {
                out.row_mut(row).assign(&ndarray::ArrayView1::from(x));
            }
        }
        out
    };
    let (a, b) = (stack(vectors.0, lefts), stack(vectors.1, rights));
    if a.ncols() != b.ncols() {
        return vec![0.0; lefts.len() * rights.len()];
    }
    let mut c = Array2::<f32>::zeros((lefts.len(), rights.len()));
    general_mat_mul(1.0, &a, &b.t(), 0.0, &mut c);
    c.into_raw_vec_and_offset().0
}

/// Mean of the `k` largest values (of fewer when there are fewer; 0 for none).
fn top_mean(values: &mut dyn Iterator<Item = f32>, k: usize) -> f32 {
    let mut v: Vec<f32> = values.collect();
    if v.is_empty() {
        return 0.0;
    }
    let k = k.min(v.len());
    if k < v.len() {
        v.select_nth_unstable_by(k - 1, |a, b| b.total_cmp(a));
    }
    v[..k].iter().sum::<f32>() / k as f32
}

/// The second-largest value, not-a-number skipped (0 for fewer than two).
fn second(values: &mut dyn Iterator<Item = f32>) -> f32 {
    let (mut a, mut b) = (f32::NEG_INFINITY, f32::NEG_INFINITY);
    for v in values.filter(|v| !v.is_nan()) {
        if v > a {
            b = a;
            a = v;
        } else if v > b {
            b = v;
        }
    }
    if b.is_finite() { b } else { 0.0 }
}

/// The median (0 for none).
fn median(mut values: Vec<f32>) -> f32 {
    if values.is_empty() {
        return 0.0;
    }
    let mid = values.len() / 2;
    *values.select_nth_unstable_by(mid, f32::total_cmp).1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::embed_document;
    use crate::align::language::Analyzer;
    use crate::progress::Progress;
    use crate::testing::doc;

    /// An original and a plain rewrite that splits its sentences: what `held_beads` is for.
    fn rewrite() -> (Document, Document) {
        (
            doc(
                "The council met on Monday to discuss the new budget for the coming year. \
                 After a long debate that lasted well into the evening, the members finally \
                 agreed to spend more money on schools and on the repair of old roads. \
                 The mayor thanked everyone for their patience and hard work.",
            ),
            doc("The council met on Monday. It talked about money. \
                 The members agreed. Schools get more money. Old roads get repaired. \
                 The mayor said thank you."),
        )
    }

    /// Runs `f` on the calibrated pair, with its splitting side set as the aligner sets it.
    fn with_combined<T>(
        pair: &(Document, Document),
        params: &MeaningParams,
        f: impl FnOnce(&mut Combined) -> T,
    ) -> T {
        let (l, r) = pair;
        let analyzers = Analyzer::pair(l.sentences.at(0).text, r.sentences.at(0).text);
        let space = FeatureSpace::build(l, r, (&analyzers.0, &analyzers.1), &Progress::new());
        let (Some(lv), Some(rv)) = (
            embed_document(l, params.max_group),
            embed_document(r, params.max_group),
        ) else {
            panic!("the encoder ships with the crate");
        };
        let mut combined = Combined::new(&space, (&lv, &rv), None, None, params);
        combined.set_splitting(splitting(l, r, params.split_ratio));
        f(&mut combined)
    }

    /// How many of the `held` stretches `held_beads` links, with the floor set `above` each
    /// stretch's own score.
    fn linked(
        pair: &(Document, Document),
        held: &[(Range<usize>, Range<usize>)],
        above: f32,
    ) -> usize {
        let params = MeaningParams::default();
        with_combined(pair, &params, |combined| {
            held.iter()
                .filter(|(lr, rr)| {
                    let floor = combined.similarity(lr.clone(), rr.clone()) + above;
                    combined
                        .held_beads(vec![(lr.clone(), rr.clone())], floor, &params)
                        .len()
                        == 1
                })
                .count()
        })
    }

    #[test]
    fn a_held_stretch_links_a_little_below_the_floor_and_no_further() {
        let pair = rewrite();
        let drop = MeaningParams::default().held_drop;
        let held = [(1..2, 2..5), (2..3, 5..6)];
        assert_eq!(linked(&pair, &held, drop * 0.5), 2);
        assert_eq!(linked(&pair, &held, drop * 1.5), 0);
    }

    #[test]
    fn a_heading_in_a_held_stretch_is_only_linked_one_to_one() {
        let pair = (
            doc(
                "# The council\n\nThe council met on Monday and agreed to spend more on schools \
                 and on the repair of old roads, after a long debate.",
            ),
            doc(
                "# The council\n\nThe council met. It was Monday. Schools get more money. \
                 Old roads get repaired.",
            ),
        );
        // The right splits; its heading may not join its body sentences in a group.
        assert_eq!(linked(&pair, &[(1..2, 0..3)], 0.0), 0);
        assert_eq!(linked(&pair, &[(0..1, 0..1)], 0.0), 1);
        assert_eq!(linked(&pair, &[(1..2, 1..4)], 0.0), 1);
    }

    #[test]
    fn only_the_splitting_side_groups_in_a_held_stretch() {
        let pair = rewrite();
        // The right splits the left's sentences: one left sentence against three right ones
        // may link, three left against one right may not (the left does not split), and
        // neither may two against two.
        assert_eq!(linked(&pair, &[(1..2, 2..5)], 0.0), 1);
        let mirrored = (pair.1.clone(), pair.0.clone());
        assert_eq!(linked(&mirrored, &[(2..5, 1..2)], 0.0), 1);
        assert_eq!(linked(&pair, &[(0..3, 5..6)], 0.0), 0);
        assert_eq!(linked(&pair, &[(0..2, 0..2)], 0.0), 0);
    }

    #[test]
    fn a_rewrite_that_splits_sentences_gets_a_lower_floor() {
        let pair = rewrite();
        let params = MeaningParams::default();
        let floor = with_combined(&pair, &params, |c| {
            assert_eq!(c.splitting, [false, true], "the plain version splits");
            c.floor(&params)
        });
        let unsplit = MeaningParams {
            split_ratio: 100.0,
            ..params.clone()
        };
        let higher = with_combined(&pair, &unsplit, |c| c.floor(&unsplit));
        assert!(
            (higher - floor - params.split_floor).abs() < 1e-6,
            "{higher} vs {floor}"
        );
        assert!(floor >= params.floor_base - params.split_floor);
    }

    #[test]
    fn same_topic_sentences_competing_raise_the_floor() {
        // Every sentence of one side is about the same meeting as every sentence of the
        // other: each has a strong second-best partner.
        let meeting = (
            doc(
                "Lavrov met Kim in Pyongyang on Friday. Lavrov praised Kim in Pyongyang. \
                 Kim thanked Lavrov in Pyongyang for the visit.",
            ),
            doc(
                "Kim met Lavrov in Pyongyang. Kim praised Lavrov during the Pyongyang talks. \
                 Lavrov thanked Kim for the Pyongyang visit.",
            ),
        );
        let params = MeaningParams::default();
        let contested = with_combined(&meeting, &params, |c| c.floor(&params));
        assert!(contested > params.floor_base + 0.02, "floor {contested}");
        let flat = MeaningParams {
            floor_competition: 0.0,
            ..params.clone()
        };
        let base = with_combined(&meeting, &flat, |c| c.floor(&flat));
        assert!((base - params.floor_base).abs() < 1e-6, "floor {base}");
    }

    #[test]
    fn a_group_must_beat_its_best_member_by_the_gain() {
        let pair = rewrite();
        let groups = |params: &MeaningParams| {
            with_combined(&pair, params, |c| {
                let (n, m) = (pair.0.sentences.len(), pair.1.sentences.len());
                let (l, r): (Vec<usize>, Vec<usize>) = ((0..n).collect(), (0..m).collect());
                c.beads(&l, &r, 0.0, params)
                    .into_iter()
                    .filter(|b| b.left().len() + b.right().len() > 2)
                    .count()
            })
        };
        let params = MeaningParams::default();
        assert!(
            groups(&params) > 0,
            "the council's sentence splits in the rewrite"
        );
        let never = MeaningParams {
            group_gain: 10.0,
            ..params
        };
        assert_eq!(groups(&never), 0);
    }

    #[test]
    fn a_member_with_a_better_partner_elsewhere_stays_out_unless_its_side_splits() {
        let pair = rewrite();
        let params = MeaningParams {
            // No slack at all: any member with a better partner elsewhere is refused.
            member_slack: -10.0,
            ..MeaningParams::default()
        };
        let groups_on = |side_splits: bool| {
            with_combined(&pair, &params, |c| {
                c.set_splitting([false, side_splits]);
                let (n, m) = (pair.0.sentences.len(), pair.1.sentences.len());
                let (l, r): (Vec<usize>, Vec<usize>) = ((0..n).collect(), (0..m).collect());
                c.beads(&l, &r, 0.0, &params)
                    .into_iter()
                    .filter(|b| b.right().len() > 1)
                    .count()
            })
        };
        assert!(groups_on(true) > 0);
        assert_eq!(groups_on(false), 0);
    }

    /// An article that states its news in the lead and again further down, against one that
    /// states it once.
    fn told_twice() -> (Document, Document) {
        (
            doc(
                "North Korea sent fourteen thousand soldiers to fight for Russia in Kursk. \
                 The weather in Moscow was cold and grey all week. \
                 Farmers in the south began the harvest early this year. \
                 Fourteen thousand North Korean soldiers were sent to Kursk to fight for Russia.",
            ),
            doc("Officials in Seoul spoke of a grave threat on Monday. \
                 Pyongyang has dispatched 14,000 troops to Russia's Kursk region."),
        )
    }

    #[test]
    fn a_statement_made_twice_repeats_its_link() {
        let pair = told_twice();
        let al = crate::align::align(&pair.0, &pair.1, &crate::align::AlignOptions::default());
        let linked: Vec<_> = al
            .links
            .iter()
            .map(|l| (l.left.clone(), l.right.clone()))
            .collect();
        assert!(
            linked.contains(&(vec![0], vec![1])) || linked.contains(&(vec![3], vec![1])),
            "{linked:?}"
        );
        let repeats: Vec<_> = al.repeats.iter().map(|r| (r.left, r.right)).collect();
        assert_eq!(repeats.len(), 1, "{repeats:?} beside {linked:?}");
        assert_eq!(repeats[0].1, 1);
        assert!([0, 3].contains(&repeats[0].0));
        assert_eq!(al.repeats[0].repeating, crate::align::alignment::Side::Left);
        // The margin is above the floor, not a share of it.
        let margin = al.repeats[0].similarity - al.threshold + 0.01;
        let options = crate::align::AlignOptions {
            combined: MeaningParams {
                repeat_margin: margin,
                ..MeaningParams::default()
            },
            ..crate::align::AlignOptions::default()
        };
        assert!(
            crate::align::align(&pair.0, &pair.1, &options)
                .repeats
                .is_empty()
        );
    }

    #[test]
    fn a_repeat_must_mean_what_its_linked_saying_means() {
        let pair = told_twice();
        let repeats_with = |combined: MeaningParams| {
            let options = crate::align::AlignOptions {
                combined,
                ..crate::align::AlignOptions::default()
            };
            crate::align::align(&pair.0, &pair.1, &options)
                .repeats
                .len()
        };
        assert_eq!(repeats_with(MeaningParams::default()), 1);
        let far = MeaningParams {
            repeat_closeness: 1.01,
            ..MeaningParams::default()
        };
        assert_eq!(repeats_with(far), 0);
        let weak = MeaningParams {
            repeat_margin: 10.0,
            ..MeaningParams::default()
        };
        assert_eq!(repeats_with(weak), 0);
    }

    #[test]
    fn a_side_splits_only_when_its_sentences_are_clearly_shorter() {
        let long = doc("The council met on Monday to agree the new budget. The mayor spoke.");
        let shorter = doc("The council met on Monday for the budget. The mayor spoke.");
        let short = doc("The council met. It was Monday. There is a budget. The mayor spoke.");
        // About 1.2 times shorter: not a rewrite that splits.
        assert_eq!(splitting(&long, &shorter, 1.5), [false, false]);
        assert_eq!(splitting(&long, &short, 1.5), [false, true]);
        assert_eq!(splitting(&short, &long, 1.5), [true, false]);
        assert_eq!(splitting(&long, &long, 1.0), [true, true]);
    }

    #[test]
    fn a_group_s_meaning_is_its_cosine_less_its_members_mean_background() {
        let pair = rewrite();
        let params = MeaningParams::default();
        with_combined(&pair, &params, |c| {
            let (l, r) = (1..2, 2..5);
            let cos = cosine(
                c.left.get(l.clone()).expect("a vector"),
                c.right.get(r.clone()).expect("a vector"),
            );
            let bg_r = (2..5).map(|j| c.background[1][j]).sum::<f32>() / 3.0;
            let want = (2.0 * cos - c.background[0][1] - bg_r) * c.scale;
            let got = c
                .meaning(l.clone(), r.clone())
                .expect("both runs have vectors");
            assert!((got - want).abs() < 1e-5, "{got} vs {want}");
            // Combined with the words' score by the weights, capped at 1.
            let words = c.space.similarity(l.clone(), r.clone());
            let blended = (params.word_weight * words + (1.0 - params.word_weight) * want).min(1.0);
            assert!((c.similarity(l, r) - blended).abs() < 1e-5);
            // A group on the left is its own text too, not its first sentence's pair.
            let (l, r) = (0..2, 0..1);
            let words = c.space.similarity(l.clone(), r.clone());
            let e = c.meaning(l.clone(), r.clone()).expect("vectors");
            let blended = (params.word_weight * words + (1.0 - params.word_weight) * e).min(1.0);
            assert!((c.similarity(l, r) - blended).abs() < 1e-5);
            assert!((blended - c.similarity(0..1, 0..1)).abs() > 1e-3);
        });
    }

    #[test]
    fn pairs_outside_the_selection_or_its_blocks_are_still_scored() {
        let pair = rewrite();
        let (l, r) = &pair;
        let params = MeaningParams::default();
        let analyzers = Analyzer::pair("", "");
        let space = FeatureSpace::build(l, r, (&analyzers.0, &analyzers.1), &Progress::new());
        let (lv, rv) = (
            embed_document(l, params.max_group).expect("vectors"),
            embed_document(r, params.max_group).expect("vectors"),
        );
        // Left sentence 0 unselected; only left 1 × right 2, 3 scored in advance.
        let selected = (vec![1, 2], (0..r.sentences.len()).collect());
        let blocks = vec![(vec![1], vec![2, 3])];
        let c = Combined::new(&space, (&lv, &rv), Some(selected), Some(&blocks), &params);
        // Unselected: no calibrated meaning, the words alone.
        assert_eq!(c.meaning(0..1, 0..1), None);
        assert_eq!(c.similarity(0..1, 0..1), space.similarity(0..1, 0..1));
        // Selected but outside the blocks: scored when asked, as it would have been before.
        let late = c.similarity(2..3, 5..6);
        assert!(!late.is_nan());
        let words = space.similarity(2..3, 5..6);
        let e = c.meaning(2..3, 5..6).expect("selected");
        assert!(
            (late - (params.word_weight * words + (1.0 - params.word_weight) * e).min(1.0)).abs()
                < 1e-6
        );
        assert_eq!(
            c.pairs().len(),
            2,
            "only the block's pairs are scored in advance"
        );
    }

    /// The beads of `Combined::beads` as its rules state them: every group of one sentence
    /// against a run of the other side's (no heading in the run, the run within the given
    /// sentences) that holds a seed, scored in full.
    fn beads_by_the_rules(
        c: &Combined,
        lefts: &[usize],
        rights: &[usize],
        floor: f32,
        params: &MeaningParams,
    ) -> Vec<(Range<usize>, Range<usize>)> {
        let space = c.space;
        let heading = |side: Side, k: usize| space.is_heading(side, k);
        let seed = |i: usize, j: usize| {
            c.similarity(i..i + 1, j..j + 1) >= floor * params.seed_ratio
                && !heading(Side::Left, i)
                && !heading(Side::Right, j)
        };
        let mut out: Vec<(Range<usize>, Range<usize>)> = Vec::new();
        for &i in lefts {
            for &j in rights {
                if c.similarity(i..i + 1, j..j + 1) > floor {
                    out.push((i..i + 1, j..j + 1));
                }
            }
        }
        let runs = |set: &[usize]| -> Vec<Range<usize>> {
            let mut runs = Vec::new();
            for &start in set {
                for len in 2..=params.max_group.min(MAX_RUN) {
                    if (start..start + len).all(|k| set.contains(&k)) {
                        runs.push(start..start + len);
                    }
                }
            }
            runs
        };
        let mut groups = Vec::new();
        for l in runs(lefts) {
            for &j in rights {
                if !space.any_heading(Side::Left, l.clone()) && l.clone().any(|i| seed(i, j)) {
                    groups.push((l.clone(), j..j + 1));
                }
            }
        }
        for r in runs(rights) {
            for &i in lefts {
                if !space.any_heading(Side::Right, r.clone()) && r.clone().any(|j| seed(i, j)) {
                    groups.push((i..i + 1, r.clone()));
                }
            }
        }
        for (l, r) in groups {
            let left_grown = l.len() > 1;
            let slack = if c.splitting[usize::from(!left_grown)] {
                f32::INFINITY
            } else {
                params.member_slack
            };
            let members: Vec<(usize, usize)> = if left_grown {
                l.clone().map(|i| (i, r.start)).collect()
            } else {
                r.clone().map(|j| (l.start, j)).collect()
            };
            // Against every selected sentence of the other side, not only the given ones.
            let best_elsewhere = |(i, j): (usize, usize)| {
                let (n, m) = (space.len(Side::Left), space.len(Side::Right));
                if left_grown {
                    (0..m)
                        .map(|y| c.similarity(i..i + 1, y..y + 1))
                        .fold(f32::MIN, f32::max)
                } else {
                    (0..n)
                        .map(|x| c.similarity(x..x + 1, j..j + 1))
                        .fold(f32::MIN, f32::max)
                }
            };
            let belong = members
                .iter()
                .all(|&(i, j)| c.similarity(i..i + 1, j..j + 1) + slack >= best_elsewhere((i, j)));
            let best_member = members
                .iter()
                .map(|&(i, j)| c.similarity(i..i + 1, j..j + 1))
                .fold(f32::NEG_INFINITY, f32::max);
            let s = c.similarity(l.clone(), r.clone());
            if belong && s > floor && s >= best_member + params.group_gain {
                out.push((l, r));
            }
        }
        out
    }

    #[test]
    fn beads_are_what_the_rules_give() {
        let pairs = [
            rewrite(),
            (rewrite().1, rewrite().0),
            told_twice(),
            (
                doc("# Council news\n\nThe council met. It was Monday. The budget passed."),
                doc("# Council news\n\nOn Monday the council met and passed the budget."),
            ),
        ];
        let mut groups = 0;
        for (k, pair) in pairs.iter().enumerate() {
            for params in [
                MeaningParams::default(),
                MeaningParams {
                    split_ratio: 100.0,
                    max_group: 3,
                    ..MeaningParams::default()
                },
            ] {
                with_combined(pair, &params, |c| {
                    let (n, m) = (pair.0.sentences.len(), pair.1.sentences.len());
                    let all = |len: usize| (0..len).collect::<Vec<_>>();
                    let some = |len: usize| (1..len).collect::<Vec<_>>();
                    for (lefts, rights) in [(all(n), all(m)), (some(n), all(m)), (all(n), some(m))]
                    {
                        for floor in [0.0, 0.1, 0.25] {
                            let mut got: Vec<_> = c
                                .beads(&lefts, &rights, floor, &params)
                                .into_iter()
                                .map(|b| (b.left(), b.right()))
                                .collect();
                            let mut want = beads_by_the_rules(c, &lefts, &rights, floor, &params);
                            let key = |b: &(Range<usize>, Range<usize>)| {
                                (b.0.start, b.0.end, b.1.start, b.1.end)
                            };
                            got.sort_by_key(key);
                            want.sort_by_key(key);
                            groups += got.iter().filter(|b| b.0.len() + b.1.len() > 2).count();
                            assert_eq!(
                                got, want,
                                "pair {k}, floor {floor}, {lefts:?} × {rights:?}"
                            );
                        }
                    }
                });
            }
        }
        assert!(groups > 10, "{groups} groups: the rules were hardly tried");
    }

    #[test]
    fn background_is_the_mean_of_the_best_few_and_competition_the_second_best() {
        let v = [0.1, 0.9, f32::NAN, 0.5, 0.7];
        let finite = || v.iter().copied().filter(|x| !x.is_nan());
        assert!((top_mean(&mut finite(), 2) - 0.8).abs() < 1e-6);
        assert!((top_mean(&mut finite(), 9) - 0.55).abs() < 1e-6);
        assert_eq!(top_mean(&mut std::iter::empty(), 4), 0.0);
        assert_eq!(second(&mut v.iter().copied()), 0.7);
        assert_eq!(second(&mut [0.3, 0.2].into_iter()), 0.2);
        assert_eq!(second(&mut [0.3].into_iter()), 0.0);
        assert_eq!(median(vec![0.4, 0.1, 0.3]), 0.3);
    }

    #[test]
    fn a_sentence_copied_unchanged_scores_one_whatever_its_background() {
        // Many sentences, so that calibration does not carry the copy's meaning above 1.
        let rest = "Farmers in the south began the harvest early. The weather was cold. \
                    Tickets for the concert sold out in an hour. A new bridge opened in May. \
                    The river flooded two villages. Schools closed for the holidays. \
                    Prices of bread rose again. The museum showed old maps. \
                    A storm closed the airport. The team won the final.";
        let pair = (
            doc(&format!(
                "Lavrov praised Kim in Pyongyang. Lavrov and Kim met again. {rest}"
            )),
            doc(&format!(
                "In Pyongyang Lavrov praised Kim. Lavrov and Kim met again. {rest}"
            )),
        );
        with_combined(&pair, &MeaningParams::default(), |c| {
            let e = c.meaning(1..2, 1..2).expect("vectors");
            assert!(e < 1.0, "calibrated meaning {e}");
            assert_eq!(c.similarity(1..2, 1..2), 1.0);
            // The same words in another order share every feature, but are not a copy.
            assert_eq!(c.space.similarity(0..1, 0..1), 1.0);
            assert!(c.similarity(0..1, 0..1) < 1.0);
        });
    }
}
