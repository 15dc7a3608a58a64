//! The shared-content score of a pair: how much of both articles the alignment links.

use unicode_segmentation::UnicodeSegmentation;

use crate::align::Alignment;
use crate::load::Document;

/// Below this shared content a pair of articles "shares little": on our news gold, pairs about
/// different events link at most 8% of their text, retellings of one event 20% and more, and
/// a translation at least 15% (the cross-lingual development set); wire copy from other
/// sources can share as little as 3%, which the reader then says as a caution, not a verdict.
pub const SHARES_LITTLE: f32 = 0.10;

/// The share of both articles' words that sit in linked sentences, each link counted by its
/// similarity: in [0, 1], 1 for an article against itself.
///
/// Weighting by similarity keeps a few loose links (the same topic told about another event)
/// from counting like close rewrites.
pub fn shared_content(left: &Document, right: &Document, alignment: &Alignment) -> f32 {
    let words = |d: &Document| -> Vec<usize> {
        d.sentences
            .iter()
            .map(|s| s.text.unicode_words().count())
            .collect()
    };
    let (lw, rw) = (words(left), words(right));
    let total = lw.iter().sum::<usize>() + rw.iter().sum::<usize>();
    if total == 0 {
        return 0.0;
    }
    let mut shared = 0.0f32;
    for link in &alignment.links {
        let n: usize = link
            .left
            .iter()
            .filter_map(|&i| lw.get(i))
            .chain(link.right.iter().filter_map(|&j| rw.get(j)))
            .sum();
        shared += n as f32 * link.similarity.clamp(0.0, 1.0);
    }
    (shared / total as f32).clamp(0.0, 1.0)
}
