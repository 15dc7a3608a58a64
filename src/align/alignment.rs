//! [`Alignment`]: which passages of two documents say the same thing.

use serde::Serialize;

use crate::load::Document;

/// How the two sides of a [`Link`] relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkKind {
    /// The same words after normalisation (case, quotes, dashes, whitespace).
    Equal,
    /// The same content in different wording, in reading order.
    Changed,
    /// A match that breaks the reading order of the other side.
    Moved,
}

impl LinkKind {
    /// The kind's name as the JSON contract spells it.
    pub fn name(self) -> &'static str {
        match self {
            LinkKind::Equal => "equal",
            LinkKind::Changed => "changed",
            LinkKind::Moved => "moved",
        }
    }
}

/// A correspondence between consecutive sentences on each side.
///
/// `left` and `right` are ascending, non-empty runs of consecutive sentence indexes (1:1, 1:2,
/// 2:1, …; up to six on one side against one on the other).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Link {
    /// Indexes into the left document's sentences.
    pub left: Vec<usize>,
    /// Indexes into the right document's sentences.
    pub right: Vec<usize>,
    /// Equal, changed or moved.
    pub kind: LinkKind,
    /// The engine's similarity score in [0, 1].
    pub similarity: f32,
    /// Whether a reviewer made this link by hand (see `review::corrections`).
    pub manual: bool,
}

/// A sentence that says again what its own document already said, linked to the other
/// side's counterpart of the first saying (which is in a [`Link`]).
///
/// One article often repeats a fact (a lead sentence and its later detail, a headline and a
/// sub-heading); a careful reader links both sayings to the one sentence of the other article.
/// Links stay one-to-one, so the second saying is a repeat beside them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Repeat {
    /// The left sentence.
    pub left: usize,
    /// The right sentence.
    pub right: usize,
    /// Which side's sentence is the repeat (its counterpart is in a link).
    pub repeating: Side,
    /// The engine's score for the pair, in [0, 1].
    pub similarity: f32,
}

/// One of the two documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// The left document.
    Left,
    /// The right document.
    Right,
}

/// How much of a pair was read for meaning (by the sentence encoder).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// Every sentence (articles).
    Full,
    /// Only where the lexical pass left gaps (books; see `align::gaps`).
    Gaps,
}

/// The sentence encoder's part in an alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Meaning {
    /// The encoder's name.
    pub encoder: &'static str,
    /// What it read.
    pub scope: Scope,
}

/// The engine's result for a pair of documents.
///
/// Links are sorted by their first left sentence; every sentence is in at most one link.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Alignment {
    /// The links, in left reading order.
    pub links: Vec<Link>,
    /// Sentences that repeat what a linked sentence of their own side says, in left order.
    pub repeats: Vec<Repeat>,
    /// The similarity floor this pair was aligned with (calibrated per pair).
    pub threshold: f32,
    /// The language of each side (ISO 639-1), when recognised.
    pub languages: (Option<&'static str>, Option<&'static str>),
    /// The encoder's part, `None` when the pair was aligned on words alone.
    pub meaning: Option<Meaning>,
}

impl Alignment {
    /// Every correspondence the alignment asserts, as (left sentences, right sentences): its
    /// links, then its repeats. What a gold standard scores.
    pub fn correspondences(&self) -> impl Iterator<Item = (&[usize], &[usize])> {
        self.links
            .iter()
            .map(|k| (k.left.as_slice(), k.right.as_slice()))
            .chain(self.repeats.iter().map(|r| {
                (
                    std::slice::from_ref(&r.left),
                    std::slice::from_ref(&r.right),
                )
            }))
    }

    /// Whether the two sides are in different (recognised) languages.
    pub fn cross_language(&self) -> bool {
        matches!(self.languages, (Some(a), Some(b)) if a != b)
    }

    /// For each left sentence, the index of its link (`None` when unique to the left).
    pub fn left_index(&self, left_len: usize) -> LinkIndex {
        self.index(left_len, |l| &l.left)
    }

    /// For each right sentence, the index of its link (`None` when unique to the right).
    pub fn right_index(&self, right_len: usize) -> LinkIndex {
        self.index(right_len, |l| &l.right)
    }

    fn index(&self, len: usize, side: impl Fn(&Link) -> &Vec<usize>) -> LinkIndex {
        let mut out = vec![LinkIndex::NONE; len];
        for (k, link) in self.links.iter().enumerate() {
            for &i in side(link) {
                if let Some(slot) = out.get_mut(i) {
                    *slot = u32::try_from(k).unwrap_or(LinkIndex::NONE);
                }
            }
        }
        LinkIndex(out)
    }

    /// The same alignment seen from the other side: left and right swapped.
    pub fn mirrored(&self) -> Alignment {
        let mut links: Vec<Link> = self
            .links
            .iter()
            .map(|l| Link {
                left: l.right.clone(),
                right: l.left.clone(),
                kind: l.kind,
                similarity: l.similarity,
                manual: l.manual,
            })
            .collect();
        links.sort_by_key(|l| l.left.first().copied());
        let mut repeats: Vec<Repeat> = self
            .repeats
            .iter()
            .map(|r| Repeat {
                left: r.right,
                right: r.left,
                repeating: match r.repeating {
                    Side::Left => Side::Right,
                    Side::Right => Side::Left,
                },
                similarity: r.similarity,
            })
            .collect();
        repeats.sort_by_key(|r| (r.left, r.right));
        Alignment {
            links,
            repeats,
            threshold: self.threshold,
            languages: (self.languages.1, self.languages.0),
            meaning: self.meaning,
        }
    }
}

/// Below this shared content a pair of articles "shares little": on our news gold, pairs about
/// different events link at most 8% of their text, retellings of one event 20% and more, and
/// a translation at least 15% (the cross-lingual development set); wire copy from other
/// sources can share as little as 3%, which the reader then says as a caution, not a verdict.
pub const SHARES_LITTLE: f32 = 0.10;

/// Whether two articles share so little that they probably tell different events: less than
/// [`SHARES_LITTLE`] of their text linked.
///
/// Not said of a pair in two languages that was not read for meaning in full: words alone
/// link little across languages whatever the articles say, so a low share tells nothing there.
pub fn shares_little(left: &Document, right: &Document, alignment: &Alignment) -> bool {
    shares_little_of(|| (word_counts(left), word_counts(right)), alignment)
}

/// [`shares_little`] with the words of each side's sentences ([`word_counts`]) counted by
/// `words`, asked only when they are needed.
pub(crate) fn shares_little_of(
    words: impl FnOnce() -> (Vec<u32>, Vec<u32>),
    alignment: &Alignment,
) -> bool {
    let read_for_meaning = alignment.meaning.is_some_and(|m| m.scope == Scope::Full);
    if alignment.cross_language() && !read_for_meaning {
        return false;
    }
    shared_content_with(words, alignment) < SHARES_LITTLE
}

/// The share of both articles' words that sit in linked sentences, each link counted by its
/// similarity: in [0, 1], 1 for an article against itself.
///
/// Weighting by similarity keeps a few loose links (the same topic told about another event)
/// from counting like close rewrites.
pub fn shared_content(left: &Document, right: &Document, alignment: &Alignment) -> f32 {
    // Word segmentation of every sentence: the reader waits for it before its first screen.
    shared_content_with(|| (word_counts(left), word_counts(right)), alignment)
}

/// How many words (as [`crate::words::count`]) each sentence of `doc` has, counted on every
/// core.
pub fn word_counts(doc: &Document) -> Vec<u32> {
    crate::parallel::map_chunks(0..doc.sentences.len(), |range| {
        doc.sentences
            .range(range)
            .map(|s| crate::words::count(s.text) as u32)
            .collect()
    })
}

/// [`shared_content`] with the words of each side's sentences counted by `words`.
fn shared_content_with(words: impl FnOnce() -> (Vec<u32>, Vec<u32>), alignment: &Alignment) -> f32 {
    // Nothing linked shares nothing, whatever the words: a book of millions of short lines
    // that links to nothing is not segmented again only to say so.
    if alignment.links.is_empty() {
        return 0.0;
    }
    let (lw, rw) = words();
    let count = |w: &[u32]| w.iter().map(|&n| n as usize).sum::<usize>();
    let total = count(&lw) + count(&rw);
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
            .map(|&n| n as usize)
            .sum();
        shared += n as f32 * link.similarity.clamp(0.0, 1.0);
    }
    (shared / total as f32).clamp(0.0, 1.0)
}

/// For each sentence of one side, the index of its link: [`Alignment::left_index`],
/// [`Alignment::right_index`].
///
/// Four bytes a sentence (a book of short lines has millions); link indexes are below the
/// number of sentences, which the loader's size limit keeps far below `u32::MAX`. The default
/// covers no sentence.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LinkIndex(Vec<u32>);

impl LinkIndex {
    const NONE: u32 = u32::MAX;

    /// The link of sentence `i`; `None` when it has none or is past the end.
    pub fn get(&self, i: usize) -> Option<usize> {
        self.0
            .get(i)
            .filter(|&&k| k != Self::NONE)
            .map(|&k| k as usize)
    }

    /// How many sentences it covers.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether it covers no sentence.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::doc;

    fn link(left: &[usize], right: &[usize], kind: LinkKind, similarity: f32) -> Link {
        Link {
            left: left.to_vec(),
            right: right.to_vec(),
            kind,
            similarity,
            manual: false,
        }
    }

    fn sample() -> Alignment {
        Alignment {
            links: vec![
                link(&[0], &[2], LinkKind::Moved, 0.5),
                link(&[1, 2], &[0], LinkKind::Changed, 0.7),
            ],
            repeats: vec![
                Repeat {
                    left: 1,
                    right: 4,
                    repeating: Side::Right,
                    similarity: 0.3,
                },
                Repeat {
                    left: 3,
                    right: 2,
                    repeating: Side::Left,
                    similarity: 0.4,
                },
            ],
            threshold: 0.2,
            languages: (Some("en"), Some("de")),
            meaning: None,
        }
    }

    #[test]
    fn kinds_have_the_contract_s_names() {
        let names: Vec<_> = [LinkKind::Equal, LinkKind::Changed, LinkKind::Moved]
            .map(LinkKind::name)
            .to_vec();
        assert_eq!(names, ["equal", "changed", "moved"]);
    }

    #[test]
    fn mirroring_swaps_the_sides_and_keeps_the_order() {
        let a = sample();
        let m = a.mirrored();
        let links: Vec<_> = m
            .links
            .iter()
            .map(|l| (l.left.clone(), l.right.clone()))
            .collect();
        assert_eq!(links, vec![(vec![0], vec![1, 2]), (vec![2], vec![0])]);
        assert_eq!(m.links[0].kind, LinkKind::Changed);
        assert_eq!(m.links[1].similarity, 0.5);
        let repeats: Vec<_> = m
            .repeats
            .iter()
            .map(|r| (r.left, r.right, r.repeating))
            .collect();
        assert_eq!(repeats, vec![(2, 3, Side::Right), (4, 1, Side::Left)]);
        assert_eq!(m.languages, (Some("de"), Some("en")));
        assert_eq!(m.threshold, 0.2);
        assert_eq!(m.mirrored(), a);
    }

    #[test]
    fn each_sentence_knows_its_link() {
        let a = sample();
        let all = |index: LinkIndex| -> Vec<Option<usize>> {
            (0..=index.len()).map(|i| index.get(i)).collect()
        };
        // One past the end reads as no link.
        assert_eq!(
            all(a.left_index(4)),
            [Some(0), Some(1), Some(1), None, None]
        );
        assert_eq!(all(a.right_index(3)), [Some(1), None, Some(0), None]);
        // A sentence past the end is ignored, not a panic.
        assert_eq!(all(a.right_index(1)), [Some(1), None]);
        assert!(a.right_index(0).is_empty());
        let all: Vec<_> = a.correspondences().collect();
        assert_eq!(all.len(), 4);
        assert_eq!(all[1], (&[1, 2][..], &[0][..]));
        assert_eq!(all[3], (&[3][..], &[2][..]));
    }

    #[test]
    fn two_recognised_languages_make_a_cross_language_pair() {
        let mut a = sample();
        assert!(a.cross_language());
        a.languages = (Some("en"), Some("en"));
        assert!(!a.cross_language());
        a.languages = (Some("en"), None);
        assert!(!a.cross_language());
    }

    #[test]
    fn shared_content_weighs_linked_words_by_similarity() {
        // Four words a side; one sentence of each linked.
        let (l, r) = (doc("One two. Three four."), doc("One two. Five six."));
        let mut a = Alignment {
            links: vec![link(&[0], &[0], LinkKind::Equal, 1.0)],
            ..Alignment::default()
        };
        assert!((shared_content(&l, &r, &a) - 0.5).abs() < 1e-6);
        a.links[0].similarity = 0.5;
        assert!((shared_content(&l, &r, &a) - 0.25).abs() < 1e-6);
        assert!(!shares_little(&l, &r, &a));
        // Exactly the line (4 × 0.2 of 8 words) is not below it.
        a.links[0].similarity = 0.2;
        assert_eq!(shared_content(&l, &r, &a), SHARES_LITTLE);
        assert!(!shares_little(&l, &r, &a));
        a.links[0].similarity = 0.1;
        assert!(shares_little(&l, &r, &a));
        assert_eq!(shared_content(&l, &r, &Alignment::default()), 0.0);
        // Against itself, whole.
        let same = Alignment {
            links: vec![
                link(&[0], &[0], LinkKind::Equal, 1.0),
                link(&[1], &[1], LinkKind::Equal, 1.0),
            ],
            ..Alignment::default()
        };
        assert!((shared_content(&l, &l, &same) - 1.0).abs() < 1e-6);
    }

    #[test]
    fn a_low_share_across_languages_on_words_alone_says_nothing() {
        let (l, r) = (doc("One two. Three four."), doc("Eins zwei. Drei vier."));
        let mut a = Alignment {
            languages: (Some("en"), Some("de")),
            ..Alignment::default()
        };
        assert!(!shares_little(&l, &r, &a));
        a.meaning = Some(Meaning {
            encoder: "test",
            scope: Scope::Gaps,
        });
        assert!(!shares_little(&l, &r, &a));
        a.meaning = Some(Meaning {
            encoder: "test",
            scope: Scope::Full,
        });
        assert!(shares_little(&l, &r, &a));
    }
}
