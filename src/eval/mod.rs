//! Quality evaluation: an alignment scored against gold sentence alignments.
//!
//! The gold format is the one of the public benchmarks (DEplain-web, the cross-lingual set;
//! see [`sets`]) and of `tests/gold`: gold sentence units with byte offsets, `sure` and
//! `possible` unit pairs, and units to ignore. Scoring follows the benchmarks' `score.py`
//! exactly: each predicted link's sentences are projected
//! onto gold units by byte overlap (a unit counts when at least half its bytes are covered);
//! every covered left unit × covered right unit is a predicted pair; precision counts sure and
//! possible pairs as right, recall is over sure pairs. Counts add up across documents, so
//! pooled scores are micro-averages.

use std::collections::HashSet;
use std::ops::Range;

use serde::Deserialize;
use unicode_segmentation::UnicodeSegmentation;

use crate::load::Document;

pub mod sets;

/// A gold sentence unit: a byte range of the source file.
#[derive(Debug, Clone, Deserialize)]
pub struct Unit {
    /// Position of the unit in its document.
    pub id: usize,
    /// Byte offset where it starts.
    pub start: usize,
    /// Byte offset where it ends (exclusive).
    pub end: usize,
}

/// A gold n:m group, with the annotators' label (`identical` for unchanged copies).
#[derive(Debug, Clone, Deserialize)]
pub struct Group {
    /// Left unit ids.
    pub left: Vec<usize>,
    /// Right unit ids.
    pub right: Vec<usize>,
    /// The label, when the gold set has one.
    #[serde(default)]
    pub label: String,
}

/// A gold alignment file.
#[derive(Debug, Clone, Deserialize)]
pub struct Gold {
    /// Left units.
    pub left: Vec<Unit>,
    /// Right units.
    pub right: Vec<Unit>,
    /// Pairs a careful reader links.
    pub sure: Vec<(usize, usize)>,
    /// Pairs that may be linked or not.
    #[serde(default)]
    pub possible: Vec<(usize, usize)>,
    /// Left units that count neither way (page furniture).
    #[serde(default)]
    pub ignore_left: Vec<usize>,
    /// Right units that count neither way.
    #[serde(default)]
    pub ignore_right: Vec<usize>,
    /// Original groups, where the gold set has them.
    #[serde(default)]
    pub groups: Vec<Group>,
    /// Path of the left file, relative to the project (our own gold files).
    #[serde(default)]
    pub left_path: Option<String>,
    /// Path of the right file.
    #[serde(default)]
    pub right_path: Option<String>,
    /// Name of the left file beside the gold folder (the cross-lingual set).
    #[serde(default)]
    pub left_file: Option<String>,
    /// Name of the right file.
    #[serde(default)]
    pub right_file: Option<String>,
}

/// Counts behind precision and recall; add them up to pool documents.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Score {
    /// Predicted unit pairs.
    pub predicted: usize,
    /// Predicted pairs that are sure or possible.
    pub correct: usize,
    /// Sure pairs.
    pub sure: usize,
    /// Sure pairs predicted.
    pub recalled: usize,
    /// Sure pairs that are not unchanged copies (from groups labelled otherwise than `identical`).
    pub non_identical: usize,
    /// Of those, predicted.
    pub non_identical_recalled: usize,
    /// Links predicted.
    pub links: usize,
}

impl Score {
    /// Precision; 1 when nothing was predicted and nothing was to be found.
    pub fn precision(&self) -> f64 {
        if self.predicted == 0 {
            if self.sure == 0 { 1.0 } else { 0.0 }
        } else {
            self.correct as f64 / self.predicted as f64
        }
    }

    /// Recall over sure pairs; 1 when there are none.
    pub fn recall(&self) -> f64 {
        if self.sure == 0 {
            1.0
        } else {
            self.recalled as f64 / self.sure as f64
        }
    }

    /// Recall over non-identical sure pairs.
    pub fn recall_non_identical(&self) -> f64 {
        if self.non_identical == 0 {
            1.0
        } else {
            self.non_identical_recalled as f64 / self.non_identical as f64
        }
    }

    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    /// Adds another document's counts.
    pub fn add(&mut self, other: &Score) {
        self.predicted += other.predicted;
        self.correct += other.correct;
        self.sure += other.sure;
        self.recalled += other.recalled;
        self.non_identical += other.non_identical;
        self.non_identical_recalled += other.non_identical_recalled;
        self.links += other.links;
    }
}

fn covered(units: &[Unit], spans: &[Range<usize>], ignore: &HashSet<usize>) -> Vec<usize> {
    units
        .iter()
        .filter(|u| !ignore.contains(&u.id) && u.end > u.start)
        .filter(|u| {
            let overlap: usize = spans
                .iter()
                .map(|s| u.end.min(s.end).saturating_sub(u.start.max(s.start)))
                .sum();
            overlap * 2 >= u.end - u.start
        })
        .map(|u| u.id)
        .collect()
}

/// Scores links (pairs of sentence-index lists) of `left` and `right` against `gold`.
pub fn score<'a>(
    gold: &Gold,
    left: &Document,
    right: &Document,
    links: impl IntoIterator<Item = (&'a [usize], &'a [usize])>,
) -> Score {
    let ignore_left: HashSet<usize> = gold.ignore_left.iter().copied().collect();
    let ignore_right: HashSet<usize> = gold.ignore_right.iter().copied().collect();
    let mut got: HashSet<(usize, usize)> = HashSet::new();
    let mut n_links = 0;
    for (l, r) in links {
        n_links += 1;
        let ls: Vec<Range<usize>> = l
            .iter()
            .filter_map(|&i| left.sentences.get(i))
            .map(|s| s.span())
            .collect();
        let rs: Vec<Range<usize>> = r
            .iter()
            .filter_map(|&j| right.sentences.get(j))
            .map(|s| s.span())
            .collect();
        for a in covered(&gold.left, &ls, &ignore_left) {
            for b in covered(&gold.right, &rs, &ignore_right) {
                got.insert((a, b));
            }
        }
    }
    let sure: HashSet<(usize, usize)> = gold.sure.iter().copied().collect();
    let ok: HashSet<(usize, usize)> = sure.iter().chain(&gold.possible).copied().collect();
    let identical: HashSet<(usize, usize)> = gold
        .groups
        .iter()
        .filter(|g| g.label == "identical")
        .flat_map(|g| {
            g.left
                .iter()
                .flat_map(move |&a| g.right.iter().map(move |&b| (a, b)))
        })
        .collect();
    let non_identical: HashSet<&(usize, usize)> =
        sure.iter().filter(|p| !identical.contains(p)).collect();
    Score {
        predicted: got.len(),
        correct: got.intersection(&ok).count(),
        sure: sure.len(),
        recalled: got.intersection(&sure).count(),
        non_identical: non_identical.len(),
        non_identical_recalled: non_identical.iter().filter(|p| got.contains(p)).count(),
        links: n_links,
    }
}

/// The plain word-overlap baseline: every sentence pair whose lower-cased word sets have a
/// Jaccard index of at least `threshold`, as 1:1 links.
pub fn jaccard_baseline(
    left: &Document,
    right: &Document,
    threshold: f64,
) -> Vec<(Vec<usize>, Vec<usize>)> {
    let words = |d: &Document| -> Vec<HashSet<String>> {
        d.sentences
            .iter()
            .map(|s| {
                s.text
                    .to_lowercase()
                    .unicode_words()
                    .map(str::to_owned)
                    .collect()
            })
            .collect()
    };
    let (lw, rw) = (words(left), words(right));
    let mut out = Vec::new();
    for (i, a) in lw.iter().enumerate() {
        for (j, b) in rw.iter().enumerate() {
            let union = a.union(b).count();
            if union > 0 && a.intersection(b).count() as f64 / union as f64 >= threshold {
                out.push((vec![i], vec![j]));
            }
        }
    }
    out
}
