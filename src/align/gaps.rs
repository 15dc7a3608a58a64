//! Meaning where the lexical pass left gaps, for pairs too long to read for meaning in full.
//!
//! Embedding costs about 40 µs of one core per token, against microseconds for the lexical
//! features, so a book cannot be embedded whole without making alignment many times slower.
//! On long pairs the lexical engine aligns first; then the **gaps** are filled: stretches
//! between two consecutive in-order links where both sides have sentences left unlinked
//! (reworded, not removed — the passages where words alone were not enough). The smallest
//! gaps go first, within a budget of text that grows slowly with the size of the pair
//! ([`budget`]). The gap sentences, plus a spread sample of the whole pair for the background,
//! are embedded and calibrated together (`combined`), and each gap is aligned on its own with
//! the combined score, in reading order.

use std::ops::Range;

use super::alignment::{Link, LinkKind};
use super::chain;
use super::combined::{Combined, MeaningParams};
use super::features::FeatureSpace;
use super::meaning::Encoder;
use super::meaning::runs::RunVectors;
use crate::load::Document;
use crate::parallel;
use crate::progress::{Cancelled, Progress};

/// Text (bytes, both sides) that is always worth embedding in gaps.
const BUDGET_BASE: usize = 16_000;
/// The budget's share of the pair's text beyond that.
const BUDGET_SHARE: f64 = 0.0008;
/// A gap with more sentences than this on a side is left to the lexical engine: so many
/// sentences unlinked in a row is new or removed text, not a paraphrase.
const MAX_GAP: usize = 48;
/// Sentences per side sampled across the whole pair for the calibration's background.
const SAMPLE: usize = 24;

/// How much text (bytes, both sides) of a pair with `total` bytes of sentences is embedded.
pub fn budget(total: usize) -> usize {
    BUDGET_BASE + (total as f64 * BUDGET_SHARE) as usize
}

/// A stretch between two consecutive in-order links with unlinked sentences on both sides.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Gap {
    left: Vec<usize>,
    right: Vec<usize>,
    bytes: usize,
}

/// New links in the gaps that `links` (the lexical engine's) leave, found on meaning.
pub fn fill(
    space: &FeatureSpace,
    left: &Document,
    right: &Document,
    links: &[Link],
    encoder: &dyn Encoder,
    params: &MeaningParams,
    progress: &Progress,
) -> Result<Vec<Link>, Cancelled> {
    let (n, m) = (left.sentences.len(), right.sentences.len());
    let total = left.sentence_bytes() + right.sentence_bytes();
    let gaps = choose(find(left, right, links), budget(total));
    // Finding the gaps reads every link: a tenth of a second on a book of short lines.
    progress.check()?;
    if gaps.is_empty() {
        return Ok(Vec::new());
    }
    let mut select = [sample(n), sample(m)];
    let mut runs: [Vec<Range<usize>>; 2] = [Vec::new(), Vec::new()];
    for g in &gaps {
        for (side, sentences) in [&g.left, &g.right].into_iter().enumerate() {
            select[side].extend(sentences);
            runs[side].extend(groups(sentences, params.max_group));
        }
    }
    for side in 0..2 {
        select[side].sort_unstable();
        select[side].dedup();
        let singles: Vec<Range<usize>> = select[side].iter().map(|&i| i..i + 1).collect();
        runs[side].extend(singles);
    }
    let (tl, tr) = (texts(left), texts(right));
    let (lv, rv) = parallel::join(
        || RunVectors::embed_with(encoder, &tl, &runs[0], progress),
        || RunVectors::embed_with(encoder, &tr, &runs[1], progress),
    );
    let (lv, rv) = (lv?, rv?);
    // Scored: each gap's sentences against each other, and the sample against itself (for
    // the floor's measure of competition).
    let mut blocks: Vec<(Vec<usize>, Vec<usize>)> = gaps
        .iter()
        .map(|g| (g.left.clone(), g.right.clone()))
        .collect();
    blocks.push((sample(n), sample(m)));
    let [sel_left, sel_right] = select;
    let mut combined = Combined::new(
        space,
        (&lv, &rv),
        Some((sel_left, sel_right)),
        Some(&blocks),
        params,
    );
    combined.set_splitting(super::combined::splitting(left, right, params.split_ratio));
    let floor = combined.floor(params);
    let mut out = Vec::new();
    for g in &gaps {
        let beads = combined.beads(&g.left, &g.right, floor, params);
        for b in chain::best_chain(&beads, m, progress) {
            out.push(super::in_order_link(space, &beads[b]));
        }
    }
    // A chain cut short by a cancel links too little.
    progress.check()?;
    Ok(out)
}

/// The gaps worth their embedding: the smallest first, while the text they hold (both sides)
/// stays within `budget` bytes; in reading order.
fn choose(mut gaps: Vec<Gap>, budget: usize) -> Vec<Gap> {
    gaps.sort_by_key(|g| (g.bytes, g.left.first().copied()));
    let mut spent = 0;
    gaps.retain(|g| {
        spent += g.bytes;
        spent <= budget
    });
    gaps.sort_by_key(|g| g.left.first().copied());
    gaps
}

/// [`SAMPLE`] sentences spread evenly over a side of `len` (all of them when fewer).
fn sample(len: usize) -> Vec<usize> {
    let k = SAMPLE.min(len);
    (0..k).map(|i| i * len / k).collect()
}

/// The runs of two to `max_group` of a gap's sentences that follow one another in the text:
/// what one sentence of the other side may have been split into (never across a sentence the
/// gap does not hold).
fn groups(sentences: &[usize], max_group: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for (k, &start) in sentences.iter().enumerate() {
        for len in 2..=max_group {
            let Some(&end) = sentences.get(k + len - 1) else {
                break;
            };
            if end + 1 - start == len {
                out.push(start..start + len);
            }
        }
    }
    out
}

fn texts(doc: &Document) -> Vec<&str> {
    doc.sentences.iter().map(|s| s.text).collect()
}

/// The gaps between consecutive in-order links (and before the first and after the last)
/// with unlinked sentences on both sides, none longer than [`MAX_GAP`] a side.
fn find(left: &Document, right: &Document, links: &[Link]) -> Vec<Gap> {
    let (n, m) = (left.sentences.len(), right.sentences.len());
    let mut used = [vec![false; n], vec![false; m]];
    for l in links {
        l.left.iter().for_each(|&i| used[0][i] = true);
        l.right.iter().for_each(|&j| used[1][j] = true);
    }
    let mut anchors: Vec<(Range<usize>, Range<usize>)> = links
        .iter()
        .filter(|l| l.kind != LinkKind::Moved)
        .filter_map(|l| {
            Some((
                *l.left.first()?..*l.left.last()? + 1,
                *l.right.first()?..*l.right.last()? + 1,
            ))
        })
        .collect();
    anchors.sort_by_key(|a| a.0.start);
    let mut out = Vec::new();
    for (l, r) in chain::held_gaps(anchors, n, m) {
        // A stretch longer than MAX_GAP is left out whole, so it is never listed in full: a
        // book of short lines against an article is one stretch of millions of sentences.
        let free = |side: usize, r: Range<usize>| -> Vec<usize> {
            r.filter(|&i| !used[side][i]).take(MAX_GAP + 1).collect()
        };
        let (l, r) = (free(0, l), free(1, r));
        if !l.is_empty() && !r.is_empty() && l.len() <= MAX_GAP && r.len() <= MAX_GAP {
            let bytes = l
                .iter()
                .map(|&i| left.sentences.at(i).text.len())
                .sum::<usize>()
                + r.iter()
                    .map(|&j| right.sentences.at(j).text.len())
                    .sum::<usize>();
            out.push(Gap {
                left: l,
                right: r,
                bytes,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(l: &[usize], r: &[usize], kind: LinkKind) -> Link {
        Link {
            left: l.to_vec(),
            right: r.to_vec(),
            kind,
            similarity: 0.5,
            manual: false,
        }
    }

    fn doc(sentences: usize) -> Document {
        let text: String = (0..sentences)
            .map(|i| format!("Sentence number {i} is here. "))
            .collect();
        crate::testing::doc(&text)
    }

    #[test]
    fn gaps_are_the_unlinked_stretches_with_sentences_on_both_sides() {
        let (l, r) = (doc(10), doc(10));
        let links = vec![
            link(&[0], &[0], LinkKind::Changed),
            link(&[4], &[3], LinkKind::Changed),
            // A moved link inside the second stretch takes its sentences out of the gap.
            link(&[6], &[9], LinkKind::Moved),
            link(&[8], &[8], LinkKind::Changed),
        ];
        let gaps = find(&l, &r, &links);
        for g in &gaps {
            let bytes = |d: &Document, ids: &[usize]| -> usize {
                ids.iter().map(|&i| d.sentences.at(i).text.len()).sum()
            };
            assert_eq!(g.bytes, bytes(&l, &g.left) + bytes(&r, &g.right), "{g:?}");
        }
        let sides: Vec<(Vec<usize>, Vec<usize>)> =
            gaps.into_iter().map(|g| (g.left, g.right)).collect();
        assert_eq!(
            sides,
            vec![
                (vec![1, 2, 3], vec![1, 2]),
                (vec![5, 7], vec![4, 5, 6, 7]),
                // After the last link: left 9, right nothing free (9 is moved): no gap.
            ]
        );
    }

    #[test]
    fn the_budget_grows_slowly_with_the_pair() {
        assert_eq!(budget(0), BUDGET_BASE);
        assert_eq!(budget(10_000_000), BUDGET_BASE + 8_000);
        assert!(
            budget(20_000_000) < 200_000,
            "a 10 MB pair embeds well under 1% of its text"
        );
    }

    fn gap(first: usize, bytes: usize) -> Gap {
        Gap {
            left: vec![first],
            right: vec![first],
            bytes,
        }
    }

    #[test]
    fn the_smallest_gaps_go_first_up_to_the_budget_and_come_back_in_reading_order() {
        let gaps = vec![gap(0, 500), gap(10, 100), gap(20, 300), gap(30, 200)];
        let firsts = |budget| -> Vec<usize> {
            choose(gaps.clone(), budget)
                .iter()
                .map(|g| g.left[0])
                .collect()
        };
        // 100 + 200 + 300 is exactly the budget; the gap of 500 is over it.
        assert_eq!(firsts(600), vec![10, 20, 30]);
        assert_eq!(firsts(599), vec![10, 30]);
        assert_eq!(firsts(1_100), vec![0, 10, 20, 30]);
        assert!(firsts(99).is_empty());
    }

    #[test]
    fn the_sample_is_spread_over_the_whole_side() {
        assert!(sample(0).is_empty());
        assert_eq!(sample(10), (0..10).collect::<Vec<_>>());
        let s = sample(100);
        assert_eq!(s.len(), SAMPLE);
        assert_eq!(s[0], 0);
        assert!(s[SAMPLE - 1] >= 95, "{s:?}");
        assert!(
            s.windows(2).all(|w| w[0] < w[1] && w[1] - w[0] <= 5),
            "{s:?}"
        );
    }

    #[test]
    fn groups_are_runs_of_consecutive_gap_sentences_up_to_the_largest_group() {
        let gap = [3, 4, 5, 8, 9];
        assert_eq!(groups(&gap, 3), vec![3..5, 3..6, 4..6, 8..10]);
        assert_eq!(groups(&gap, 2), vec![3..5, 4..6, 8..10]);
        assert!(groups(&[1, 3, 5], 4).is_empty());
    }

    #[test]
    fn a_stretch_longer_than_max_gap_is_left_to_the_words() {
        let (l, r) = (doc(MAX_GAP + 3), doc(MAX_GAP + 3));
        let last = MAX_GAP + 2;
        // Between the two links: MAX_GAP + 1 sentences on each side.
        let links = vec![
            link(&[0], &[0], LinkKind::Changed),
            link(&[last], &[last], LinkKind::Changed),
        ];
        assert!(find(&l, &r, &links).is_empty());
        let links = vec![
            link(&[0], &[0], LinkKind::Changed),
            link(&[last - 1], &[last - 1], LinkKind::Changed),
        ];
        let gaps = find(&l, &r, &links);
        assert_eq!(gaps.len(), 2, "{gaps:?}");
        assert_eq!(gaps[0].left.len(), MAX_GAP);
        assert_eq!(gaps[1].left, vec![last]);
    }

    /// A long article and its copy where one passage is said in other words (`left_says`,
    /// `right_says`), between two sentences copied unchanged; and the links the lexical pass
    /// would leave (the copies).
    fn reworded_in_a_gap(left_says: &str, right_says: &str) -> (Document, Document, Vec<Link>) {
        let body =
            |i: usize| format!("Paragraph {i} reports item {i} of the annual report in full. ");
        let mut left: String = (0..30).map(body).collect();
        let mut right = left.clone();
        left.push_str(left_says);
        right.push_str(right_says);
        left.extend((30..60).map(body));
        right.extend((30..60).map(body));
        let (l, r) = (crate::testing::doc(&left), crate::testing::doc(&right));
        let (n, m) = (l.sentences.len(), r.sentences.len());
        let links = (0..30)
            .map(|i| (i, i))
            .chain((0..30).map(|k| (n - 30 + k, m - 30 + k)))
            .map(|(i, j)| link(&[i], &[j], LinkKind::Equal))
            .collect();
        (l, r, links)
    }

    /// The same passage in words that share nothing: only its meaning can link it.
    const SAID: &str = "The council agreed to spend far more money on the town's schools. ";
    const PUT_OTHERWISE: &str =
        "Education funding for local pupils will rise sharply, officials decided on Monday. ";

    fn fill_with(
        pair: &(Document, Document, Vec<Link>),
        progress: &Progress,
    ) -> Result<Vec<Link>, Cancelled> {
        let (l, r, links) = pair;
        let analyzers = super::super::language::Analyzer::pair("", "");
        let space = FeatureSpace::build(l, r, (&analyzers.0, &analyzers.1), &Progress::new());
        let encoder = crate::align::meaning::encoder().expect("the encoder ships with the crate");
        fill(
            &space,
            l,
            r,
            links,
            encoder,
            &MeaningParams::default(),
            progress,
        )
    }

    fn found(pair: &(Document, Document, Vec<Link>)) -> Vec<(Vec<usize>, Vec<usize>)> {
        let found = fill_with(pair, &Progress::new()).expect("not cancelled");
        assert!(
            found.iter().all(|k| k.kind == LinkKind::Changed),
            "{found:?}"
        );
        found.into_iter().map(|k| (k.left, k.right)).collect()
    }

    #[test]
    fn a_passage_said_in_other_words_is_found_in_its_gap() {
        let pair = reworded_in_a_gap(SAID, PUT_OTHERWISE);
        assert!(
            pair.0.sentences.at(30).text.len() < pair.1.sentences.at(30).text.len(),
            "the longer side on the right, as a total taken as a difference would underflow"
        );
        assert_eq!(found(&pair), vec![(vec![30], vec![30])]);
    }

    #[test]
    fn a_sentence_split_in_two_in_other_words_is_found_in_its_gap() {
        let left = "The council agreed to spend far more money on the town's schools, \
                    and the new budget starts in April. ";
        let right = "Education funding for local pupils will rise sharply, officials decided. \
                     The plan takes effect in the spring. ";
        let pair = reworded_in_a_gap(left, right);
        assert_eq!(found(&pair), vec![(vec![30], vec![30, 31])]);
    }

    #[test]
    fn filling_gaps_stops_when_cancelled() {
        let pair = reworded_in_a_gap(SAID, PUT_OTHERWISE);
        let progress = Progress::new();
        progress.cancel();
        assert!(fill_with(&pair, &progress).is_err());
    }
}
