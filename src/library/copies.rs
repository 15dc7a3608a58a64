//! Copies: articles that are the same text as another (syndicated wire copy, a page saved
//! twice), found before anything is aligned.
//!
//! Aligning a copy against its original tells nothing new, and many copies of one article pass
//! the pre-filter against each other and against everything the original matches: 400 copies
//! were 80,000 alignments. So each group of copies keeps one **representative** (its first
//! article), which alone is indexed and aligned; the others are listed as copies of it and put
//! in its story.
//!
//! - **Exact copies**: the same sentences in the same order, compared by a hash of each
//!   sentence's matching key (quote styles, dashes, widths and case folded), so a copy saved
//!   with other quotation marks is still one.
//! - **Near-exact copies**: two articles each of whose words are at least [`NEAR_COPY`] in
//!   sentences the other gives too (a changed byline or one extra sentence in a long article);
//!   looked for only among the pairs the pre-filter lets through. Aligning such a pair would
//!   link at least that share of both, so it could only ever be each other's best pair.

use std::collections::HashMap;
use std::hash::BuildHasher as _;

use foldhash::fast::FixedState;

use crate::load::Document;
use crate::load::normalize::lowered_key;

/// The share of each article's words that must be in sentences the other gives too for two
/// articles to be near-exact copies.
pub const NEAR_COPY: f32 = 0.95;

/// An article's sentences as (hash of the matching key, words), in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Print {
    sentences: Vec<(u64, u32)>,
    /// The distinct sentence hashes, ascending, each with its words (for overlaps).
    set: Vec<(u64, u32)>,
    words: u64,
}

impl Print {
    /// The print of `doc`.
    pub fn of(doc: &Document) -> Print {
        // A fixed seed: the same text hashes the same in every run.
        let state = FixedState::with_seed(0x6469_7074_7963_6821);
        let sentences: Vec<(u64, u32)> = doc
            .sentences
            .iter()
            .map(|s| {
                let key = state.hash_one(lowered_key(s.text));
                (key, crate::words::count(s.text) as u32)
            })
            .collect();
        let mut set = sentences.clone();
        set.sort_unstable();
        set.dedup_by_key(|x| x.0);
        let words = sentences.iter().map(|&(_, w)| u64::from(w)).sum();
        Print {
            sentences,
            set,
            words,
        }
    }

    /// The share of this article's words in sentences `other` gives too.
    fn covered_by(&self, other: &Print) -> f32 {
        if self.words == 0 {
            return 0.0;
        }
        let mut j = 0;
        let mut shared_hashes = Vec::new();
        for &(h, _) in &self.set {
            while j < other.set.len() && other.set[j].0 < h {
                j += 1;
            }
            if j < other.set.len() && other.set[j].0 == h {
                shared_hashes.push(h);
            }
        }
        let covered: u64 = self
            .sentences
            .iter()
            .filter(|(h, _)| shared_hashes.binary_search(h).is_ok())
            .map(|&(_, w)| u64::from(w))
            .sum();
        covered as f32 / self.words as f32
    }
}

/// For each article, the earlier article it is an exact copy of (the first with the same
/// sentences), or `None`.
pub fn exact(prints: &[Print]) -> Vec<Option<usize>> {
    let mut first: HashMap<&[(u64, u32)], usize> = HashMap::new();
    prints
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let at = *first.entry(p.sentences.as_slice()).or_insert(i);
            (at != i).then_some(at)
        })
        .collect()
}

/// Whether two articles are near-exact copies (see the module's rules).
pub fn near(a: &Print, b: &Print) -> bool {
    a.covered_by(b) >= NEAR_COPY && b.covered_by(a) >= NEAR_COPY
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{LoadOptions, load_bytes};

    fn print(text: &str) -> Print {
        Print::of(&load_bytes("t.txt", text.as_bytes(), &LoadOptions::default()).expect("doc"))
    }

    #[test]
    fn exact_and_near_copies_are_told_from_retellings() {
        let body: String = (0..40)
            .map(|i| format!("Sentence number {i} of the wire report says something new. "))
            .collect();
        let a = print(&body);
        // Other quotation marks and case: the same text.
        let b = print(&body.replace("wire", "WIRE"));
        // One sentence of forty added: near-exact.
        let c = print(&format!("{body}A staff writer added this line at the end."));
        // A fifth rewritten: a retelling, not a copy.
        let d = print(&body.replace("1 of the", "1 in the"));
        assert_eq!(
            exact(&[a.clone(), b.clone(), c.clone()]),
            vec![None, Some(0), None]
        );
        assert!(near(&a, &c));
        assert!(!near(&a, &d), "{}", a.covered_by(&d));
    }
}
