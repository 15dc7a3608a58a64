//! Alignment: two [`Document`]s → an [`Alignment`] of the passages that say the same thing.
//!
//! The stages, each in its own module:
//! 1. [`language`]: detect the language, reduce sentences to stems and numbers;
//! 2. [`features`]: TF-IDF vectors of stems and character n-grams; similarity of any two runs
//!    of sentences;
//! 3. [`calibrate`]: the similarity floor for this pair, from the pair's own background;
//! 4. [`candidates`]: candidate pairs (exhaustive or via an inverted index) and 1:n / n:1 beads;
//! 5. [`chain`]: the globally best in-order chain of beads (dynamic programming);
//! 6. [`moves`]: out-of-order matches among what is left, linked as `moved`;
//! 7. [`word_diff`]: word-level differences inside a link, computed when asked for.
//!
//! The result does not depend on argument order beyond mirroring: `align(b, a)` is
//! `align(a, b).mirrored()`, because both are computed in one canonical orientation.

pub mod alignment;
pub mod calibrate;
pub mod candidates;
pub mod chain;
pub mod features;
pub mod language;
pub mod moves;
pub mod word_diff;

pub use alignment::{Alignment, Link, LinkKind};
pub use word_diff::{WordDiff, word_diff};

use calibrate::Floors;
use candidates::{Bead, MergeParams};
use features::FeatureSpace;
use language::Analyzer;

use crate::load::Document;
use crate::progress::{Cancelled, Progress, Stage};

/// Settings of the engine; [`AlignOptions::default`] serves news and the public benchmark alike.
#[derive(Debug, Clone)]
pub struct AlignOptions {
    /// Use this similarity floor instead of calibrating one per pair.
    pub threshold: Option<f32>,
    /// The floor of a pair whose sentences resemble nothing else.
    pub base_floor: f32,
    /// How much a pair's floor rises with its sentences' background similarity.
    pub hub_weight: f32,
    /// How merged groups (1:n, n:1) are proposed.
    pub merge: MergeParams,
    /// How far above the floor an out-of-order match must score to be linked as moved.
    pub move_margin: f32,
}

impl Default for AlignOptions {
    fn default() -> Self {
        Self {
            threshold: None,
            base_floor: 0.15,
            hub_weight: 0.5,
            merge: MergeParams {
                max_group: 3,
                seed_ratio: 0.5,
                gain: 0.02,
                member_slack: 0.1,
            },
            move_margin: 0.05,
        }
    }
}

/// Aligns `left` with `right`.
pub fn align(left: &Document, right: &Document, options: &AlignOptions) -> Alignment {
    // Nobody else holds this progress, so it is never cancelled.
    align_with(left, right, options, &Progress::new()).unwrap_or_default()
}

/// [`align`], reporting into `progress` and stopping early once it is cancelled.
///
/// # Errors
/// [`Cancelled`] when `progress` was cancelled before the alignment was complete.
pub fn align_with(
    left: &Document,
    right: &Document,
    options: &AlignOptions,
    progress: &Progress,
) -> Result<Alignment, Cancelled> {
    if orientation_key(left) <= orientation_key(right) {
        align_oriented(left, right, options, progress)
    } else {
        align_oriented(right, left, options, progress).map(|a| a.mirrored())
    }
}

/// A total order on documents so that both argument orders compute the same way.
///
/// It covers everything the engine reads (sentence texts and which are headings), so two
/// documents with equal keys align identically in either order.
fn orientation_key(doc: &Document) -> (usize, Vec<(&str, bool)>) {
    (
        doc.sentences.len(),
        (0..doc.sentences.len())
            .map(|i| (doc.sentences[i].text.as_str(), doc.is_heading(i)))
            .collect(),
    )
}

fn align_oriented(
    left: &Document,
    right: &Document,
    options: &AlignOptions,
    progress: &Progress,
) -> Result<Alignment, Cancelled> {
    if left.sentences.is_empty() || right.sentences.is_empty() {
        return Ok(Alignment::default());
    }
    let analyzer = Analyzer::detect(&language_sample(left, right));
    let space = FeatureSpace::build(left, right, &analyzer, progress);
    progress.check()?;
    let pairs = candidates::pairs(&space, progress);
    progress.check()?;
    let (n, m) = (left.sentences.len(), right.sentences.len());
    let floors = match options.threshold {
        Some(t) => Floors::fixed(t, n, m),
        None => Floors::new(&pairs, n, m, options.base_floor, options.hub_weight),
    };
    let beads = candidates::beads(&space, &pairs, &floors, &options.merge, progress);
    progress.check()?;
    progress.begin(Stage::Ordering, 0);
    let chain = chain::best_chain(&beads, m);
    let mut left_used = vec![false; n];
    let mut right_used = vec![false; m];
    let kept: Vec<Bead> = chain.iter().map(|&b| beads[b].clone()).collect();
    for bead in &kept {
        mark(&mut left_used, &mut right_used, bead, true);
    }
    let mut links = Vec::new();
    for bead in &kept {
        let kind = if space.same_words(bead.left.clone(), bead.right.clone()) {
            LinkKind::Equal
        } else {
            LinkKind::Changed
        };
        links.push(link(bead, kind));
    }
    let moved = moves::find(
        &space,
        &pairs,
        &mut left_used,
        &mut right_used,
        &floors,
        options.move_margin,
        &options.merge,
    );
    links.extend(moved.iter().map(|b| link(b, LinkKind::Moved)));
    links.sort_by_key(|l| l.left.first().copied());
    Ok(Alignment {
        links,
        threshold: floors.typical(),
    })
}

fn mark(left_used: &mut [bool], right_used: &mut [bool], bead: &Bead, used: bool) {
    for i in bead.left.clone() {
        left_used[i] = used;
    }
    for j in bead.right.clone() {
        right_used[j] = used;
    }
}

fn link(bead: &Bead, kind: LinkKind) -> Link {
    Link {
        left: bead.left.clone().collect(),
        right: bead.right.clone().collect(),
        kind,
        similarity: (bead.similarity * 1000.0).round() / 1000.0,
        manual: false,
    }
}

/// Up to 20 kB of text from both documents, enough for language detection.
pub fn language_sample(left: &Document, right: &Document) -> String {
    let mut sample = String::new();
    for s in left
        .sentences
        .iter()
        .take(60)
        .chain(right.sentences.iter().take(60))
    {
        if sample.len() > 20_000 {
            break;
        }
        sample.push_str(&s.text);
        sample.push(' ');
    }
    sample
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;
    use crate::load::{LoadOptions, load_bytes};

    /// Short documents drawn from a small vocabulary, so sentences often share words.
    fn document_text() -> impl Strategy<Value = String> {
        let word = prop::sample::select(vec![
            "Lavrov",
            "Kursk",
            "soldiers",
            "Pyongyang",
            "Moscow",
            "praised",
            "visited",
            "weapons",
            "support",
            "war",
            "14,000",
            "the",
            "said",
            "North",
            "Korea",
            "alliance",
            "monument",
        ]);
        let sentence = prop::collection::vec(word, 2..9).prop_map(|w| format!("{}.", w.join(" ")));
        prop::collection::vec(sentence, 1..10).prop_map(|s| s.join(" "))
    }

    fn doc(text: &str) -> Option<Document> {
        load_bytes("d.txt", text.as_bytes(), &LoadOptions::default()).ok()
    }

    fn check_valid(a: &Alignment, l: &Document, r: &Document) -> Result<(), TestCaseError> {
        let mut seen_l = vec![false; l.sentences.len()];
        let mut seen_r = vec![false; r.sentences.len()];
        for link in &a.links {
            prop_assert!(!link.left.is_empty() && !link.right.is_empty());
            prop_assert!((0.0..=1.0).contains(&link.similarity));
            for &i in &link.left {
                prop_assert!(i < seen_l.len() && !seen_l[i], "left sentence once");
                seen_l[i] = true;
            }
            for &j in &link.right {
                prop_assert!(j < seen_r.len() && !seen_r[j], "right sentence once");
                seen_r[j] = true;
            }
            let d = word_diff(l, r, link);
            for m in d.left.iter().chain(&d.left_shared) {
                prop_assert!(l.sentences[m.sentence].text.get(m.range.clone()).is_some());
            }
            for m in d.right.iter().chain(&d.right_shared) {
                prop_assert!(r.sentences[m.sentence].text.get(m.range.clone()).is_some());
            }
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        #[test]
        fn links_are_valid_and_mirror(a in document_text(), b in document_text()) {
            let (Some(l), Some(r)) = (doc(&a), doc(&b)) else { return Ok(()); };
            let ab = align(&l, &r, &AlignOptions::default());
            check_valid(&ab, &l, &r)?;
            let ba = align(&r, &l, &AlignOptions::default());
            prop_assert_eq!(&ba.mirrored().links, &ab.links);
            prop_assert_eq!(align(&l, &r, &AlignOptions::default()), ab, "deterministic");
        }

        #[test]
        fn a_document_against_itself_is_all_equal(a in document_text()) {
            let Some(d) = doc(&a) else { return Ok(()); };
            let al = align(&d, &d, &AlignOptions::default());
            prop_assert_eq!(al.links.len(), d.sentences.len());
            for (i, link) in al.links.iter().enumerate() {
                prop_assert_eq!(&link.left, &vec![i]);
                prop_assert_eq!(&link.right, &vec![i]);
                prop_assert_eq!(link.kind, LinkKind::Equal);
            }
        }
    }

    #[test]
    fn an_empty_side_gives_no_links() {
        let d = doc("One sentence here. Another one.").expect("doc");
        let mut empty = d.clone();
        empty.sentences.clear();
        empty.paragraphs.clear();
        assert!(align(&d, &empty, &AlignOptions::default()).links.is_empty());
        assert!(align(&empty, &d, &AlignOptions::default()).links.is_empty());
    }
}
