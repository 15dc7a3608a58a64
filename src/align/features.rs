//! [`FeatureSpace`]: every sentence of both documents as weighted sparse vectors, and the
//! similarity of any two runs of sentences.
//!
//! Two views of a sentence, each TF-IDF weighted with IDF over the sentences of both documents:
//! - **stems** of content words (binary), numbers canonicalised (`14,000` = `14000`);
//! - **character 3–5-grams** inside content words (`<lav`, `avro`, …; 4-grams alone on a
//!   book, see [`gram_lengths`]), which match name variants (Lavrov / Lavrow, Zelensky /
//!   Zelenskyj) and inflections a stemmer misses.
//!
//! Similarity is a weighted mean of the two cosines ([`STEM_WEIGHT`]): symmetric, in [0, 1]. A
//! run of sentences (a merge of 2–3) is scored as one joined text: stems united, n-grams summed.
//!
//! Features get dense ids, so bulk scoring ([`Scorer`]) reads a scattered dense array instead
//! of merging sorted lists, and [`group_bound`] caps what a run can score from its members'
//! own scores, so most runs never need joining.

use std::collections::HashMap;
use std::hash::BuildHasher;
use std::ops::{Range, RangeInclusive};

use foldhash::fast::FixedState;

use super::language::Analyzer;
use super::sorted_ids::{self, SortedIds};
use crate::load::Document;
use crate::load::normalize::push_lowered_key;
use crate::parallel::{MIN_CHUNK, in_chunks_mut, map_chunks_mut, map_each, split, threads};
use crate::progress::{BATCH, Progress, Stage};

/// Weight of the stem cosine in the similarity; the n-gram cosine has the rest.
///
/// Tuned on DEplain `dev` and the sample-pair gold: stems carry meaning across paraphrase,
/// n-grams catch spelling variants; 0.7 beat the plain mean on both.
pub const STEM_WEIGHT: f32 = 0.7;

/// Added to every IDF, so that a term in every sentence still counts a little
/// (`ln((N+1)/(df+1)) + IDF_FLOOR`).
pub const IDF_FLOOR: f32 = 0.5;

/// Longest word prefix, in characters, that character n-grams are taken from.
const MAX_GRAM_WORD: usize = 64;

/// Sentence text (both sides, in bytes) from which a pair is a book, whose n-grams are of
/// four characters alone ([`gram_lengths`]). Twice the 1 MB-a-side pairs the benches and the
/// byte-for-byte checks use, so everything up to them is aligned as tuned.
pub const BOOK_BYTES: usize = 4_000_000;

/// The lengths of the character n-grams taken from a pair with `bytes` of sentence text
/// (both sides): 3 to 5, or 4 alone from [`BOOK_BYTES`].
///
/// On a book the n-grams are most of the work of analysing, scoring and grouping (54 million
/// of them at 10 MB a side); of one length they are a third as many, which takes a third off
/// the whole alignment. Name variants and inflections still share most of their 4-grams
/// (`lavr`, `avro` in Lavrov and Lavrow): on benchmark pairs joined into one long pair, 4-grams
/// alone link as well as 3–5 (docs/performance.md, "Books: n-grams of one length").
pub fn gram_lengths(bytes: usize) -> RangeInclusive<usize> {
    if bytes >= BOOK_BYTES { 4..=4 } else { 3..=5 }
}
/// Most partial counts of document frequencies made at once: each is four bytes a feature of
/// the pair, millions on a book, so more cores would add memory for little time.
const DF_PARTS: usize = 4;

/// A weighted sparse vector: `(feature id, weight)` sorted by id (runs joined are built as
/// these; a sentence keeps only ids, see [`Features`]).
type Sparse = Vec<(u32, f32)>;

/// One sentence's features, as feature ids; the weights come from the [`FeatureSpace`]'s IDF.
///
/// On a book these lists are most of the aligner's memory: ids stored as short gaps
/// ([`SortedIds`]) take about a quarter of what `(id, weight)` pairs would. A sentence's stem
/// weight is the stem's IDF (binary term frequency); its n-gram weight is the number of times
/// it occurs times the n-gram's IDF.
#[derive(Debug, Clone, Default)]
pub struct Features {
    /// Where the n-grams start (see [`Features::new`]), then the stem ids, each once, then the
    /// n-gram ids, each repeated as often as the n-gram occurs in the sentence: all in one
    /// box, as a book of short lines holds millions; empty when there are no ids at all.
    ids: Box<[u16]>,
    /// Euclidean norms of the weighted stems and n-grams, kept because every similarity needs
    /// them.
    pub norms: (f32, f32),
    /// Hash of the sentence's words, lower-cased and normalised, for "equal" detection.
    pub words_hash: u64,
}

/// Marks a two-unit header in [`Features::ids`]: where the n-grams start does not fit in 15
/// bits.
const LONG_HEADER: u16 = 0x8000;

impl Features {
    /// Features of sorted stem and n-gram ids (`buf` is scratch room for the gaps).
    ///
    /// The gaps are preceded by where the n-grams' gaps start among them: one unit below
    /// 32,768, else two with [`LONG_HEADER`] set in the first (a sentence never has 2³¹ ids).
    fn new(stems: &[u32], grams: &[u32], buf: &mut Vec<u16>) -> Features {
        // Room for the longer header first, so the gaps are never moved to make it.
        buf.clear();
        buf.extend([0, 0]);
        sorted_ids::encode(stems, buf);
        let grams_at = buf.len() - 2;
        sorted_ids::encode(grams, buf);
        if buf.len() == 2 {
            return Features::default();
        }
        let start = match u16::try_from(grams_at) {
            Ok(at) if at < LONG_HEADER => {
                buf[1] = at;
                1
            }
            _ => {
                buf[0] = LONG_HEADER | (grams_at >> 16) as u16;
                buf[1] = grams_at as u16;
                0
            }
        };
        Features {
            ids: buf[start..].into(),
            ..Features::default()
        }
    }

    /// The stem gaps and the n-gram gaps.
    fn parts(&self) -> (&[u16], &[u16]) {
        let (grams_at, gaps) = match *self.ids {
            [] => return (&[], &[]),
            [first, second, ref rest @ ..] if first & LONG_HEADER != 0 => (
                (usize::from(first & !LONG_HEADER) << 16) | usize::from(second),
                rest,
            ),
            [first, ref rest @ ..] => (usize::from(first), rest),
        };
        gaps.split_at_checked(grams_at).unwrap_or((gaps, &[]))
    }

    /// The stem ids.
    pub fn stems(&self) -> SortedIds<'_> {
        SortedIds(self.parts().0)
    }

    /// The n-gram ids, repeats included.
    pub fn grams(&self) -> SortedIds<'_> {
        SortedIds(self.parts().1)
    }

    /// Whether the sentence has any content-word feature at all.
    pub fn has_terms(&self) -> bool {
        !self.ids.is_empty()
    }
}

/// Which document a sentence belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The left document.
    Left,
    /// The right document.
    Right,
}

/// The features of every sentence of two documents.
pub struct FeatureSpace {
    left: Vec<Features>,
    right: Vec<Features>,
    /// Which sentences are (part of) headings, a bit each, left then right: kept apart from
    /// the features, which a book of short lines holds millions of.
    headings: [Vec<u64>; 2],
    /// IDF of every stem, by id.
    stem_idf: Vec<f32>,
    /// IDF of every n-gram, by id.
    gram_idf: Vec<f32>,
}

/// Ids for hashed features, in order of first appearance.
#[derive(Default)]
struct Dictionary {
    ids: HashMap<u64, u32, FixedState>,
    /// The hashes by id, oldest first (kept by a chunk's local dictionary only).
    order: Vec<u64>,
    len: usize,
}

impl Dictionary {
    /// The id of feature `f`, numbering it if it is new.
    fn id(&mut self, f: u64) -> u32 {
        let next = self.len as u32;
        let id = *self.ids.entry(f).or_insert(next);
        if id == next {
            self.len += 1;
            self.order.push(f);
        }
        id
    }

    /// Numbers a later chunk's features; the returned vector maps its local ids to these.
    /// Once `progress` is cancelled it stops short (the caller checks before using the map).
    fn merge(&mut self, local: &Dictionary, progress: &Progress) -> Vec<u32> {
        local
            .order
            .iter()
            .enumerate()
            .take_while(|(k, _)| k % (1 << 16) != 0 || !progress.is_cancelled())
            .map(|(_, &f)| {
                let next = self.len as u32;
                let id = *self.ids.entry(f).or_insert(next);
                if id == next {
                    self.len += 1;
                }
                id
            })
            .collect()
    }
}

/// The dictionaries that number the features of a run of sentences locally.
#[derive(Default)]
struct Chunk {
    stems: Dictionary,
    grams: Dictionary,
}

impl FeatureSpace {
    /// Analyses both documents, each with its own analyzer (its language), with one IDF table.
    ///
    /// Reports [`Stage::Analysing`] into `progress`; once it is cancelled, the rest of the
    /// work is skipped and the space is left incomplete, even empty (the caller checks and
    /// stops).
    pub fn build(
        left: &Document,
        right: &Document,
        analyzers: (&Analyzer, &Analyzer),
        progress: &Progress,
    ) -> FeatureSpace {
        let lengths = gram_lengths(left.sentence_bytes() + right.sentence_bytes());
        FeatureSpace::build_with_lengths(left, right, analyzers, lengths, progress)
    }

    /// [`FeatureSpace::build`] with n-grams of the given `lengths`, whatever the pair's size.
    pub fn build_with_lengths(
        left: &Document,
        right: &Document,
        analyzers: (&Analyzer, &Analyzer),
        lengths: RangeInclusive<usize>,
        progress: &Progress,
    ) -> FeatureSpace {
        let n_left = left.sentences.len();
        // Features get dense ids in order of first appearance, so that weights and postings
        // are vectors indexed by id rather than hash maps. Each chunk of sentences numbers its
        // features locally in parallel; merging the chunks in order then gives every feature
        // the id it would get in one sequential pass, whatever the number of cores.
        let total = n_left + right.sentences.len();
        // A unit a sentence for its words, and half as many again for numbering and weighting
        // the features: on a book that takes a third of the stage (see `after_words`).
        let words_done = total as u64;
        progress.begin(Stage::Analysing, words_done + words_done / 2);
        let after_words = |fraction: f64| {
            progress.reach(words_done + (words_done as f64 * fraction / 2.0) as u64);
        };
        // Every sentence's features are written into their place in one vector sized
        // beforehand: a book's sentences are never gathered per chunk and copied together.
        let mut all: Vec<Features> = Vec::new();
        all.resize_with(total, Features::default);
        let chunks: Vec<(Range<usize>, Chunk)> = map_chunks_mut(&mut all, |range, slots| {
            let mut chunk = Chunk::default();
            // Each side its own words: the two may be analysed in different languages.
            let mut words = [(); 2].map(|()| Words {
                lengths: lengths.clone(),
                ..Words::default()
            });
            let (mut stems, mut grams, mut buf) = (Vec::new(), Vec::new(), Vec::new());
            let mut scratch = Vec::new();
            for (i, slot) in range.zip(slots) {
                // Once cancelled, the rest are left empty and not counted as done.
                if progress.is_cancelled() {
                    continue;
                }
                if i % BATCH == 0 {
                    progress.advance(BATCH as u64);
                }
                let (text, analyzer, side) = if i < n_left {
                    (left.sentences.at(i).text, analyzers.0, 0)
                } else {
                    (right.sentences.at(i - n_left).text, analyzers.1, 1)
                };
                stems.clear();
                grams.clear();
                let words_hash =
                    words[side].sentence(text, analyzer, &mut chunk, &mut stems, &mut grams);
                // Local ids sorted and packed at once: the order within a sentence does not
                // matter, and the packed lists of a whole book are what this pass holds.
                sorted_ids::sort(&mut stems, &mut scratch);
                stems.dedup();
                sorted_ids::sort(&mut grams, &mut scratch);
                *slot = Features {
                    words_hash,
                    ..Features::new(&stems, &grams, &mut buf)
                };
            }
            chunk
        });
        // Numbering and weighting a book's features takes a while too.
        let empty = || FeatureSpace {
            left: Vec::new(),
            right: Vec::new(),
            headings: [Vec::new(), Vec::new()],
            stem_idf: Vec::new(),
            gram_idf: Vec::new(),
        };
        if progress.is_cancelled() {
            return empty();
        }
        let mut stems = Dictionary::default();
        let mut grams = Dictionary::default();
        let remaps: Vec<_> = chunks
            .into_iter()
            .map(|(range, c)| {
                let ids = (
                    stems.merge(&c.stems, progress),
                    grams.merge(&c.grams, progress),
                );
                after_words(0.5 * range.end as f64 / total as f64);
                (range, ids)
            })
            .collect();
        if progress.is_cancelled() {
            return empty();
        }
        // Local ids become global ones where they are; only the order has to be redone. The
        // first chunk's ids are already global (it is numbered first), so the others' work is
        // what is shared out among the cores.
        let identity = |ids: &[u32]| ids.iter().enumerate().all(|(k, &id)| id as usize == k);
        let renumbered: Vec<bool> = remaps
            .iter()
            .map(|(_, (s, g))| !identity(s) || !identity(g))
            .collect();
        let cut = threads().div_ceil(renumbered.iter().filter(|&&r| r).count().max(1));
        let mut pieces = Vec::new();
        for ((range, ids), renumber) in remaps.iter().zip(renumbered) {
            if renumber {
                pieces.extend(split(range.clone(), cut).map(|r| (r, Some(ids))));
            } else {
                pieces.push((range.clone(), None));
            }
        }
        in_chunks_mut(&mut all, pieces, |ids, slots| {
            // A quarter of the rest, shared by the pieces as they end.
            let eighth = slots.len() as u64 / 8;
            let count = || progress.advance(eighth);
            let Some((stem_ids, gram_ids)) = ids else {
                count();
                return;
            };
            let (mut stems, mut grams, mut buf) = (Vec::new(), Vec::new(), Vec::new());
            let mut scratch = Vec::new();
            let mut renumber = |local: SortedIds<'_>, ids: &[u32], out: &mut Vec<u32>| {
                out.clear();
                out.extend(local.iter().map(|id| ids[id as usize]));
                sorted_ids::sort(out, &mut scratch);
            };
            for f in slots.iter_mut() {
                renumber(f.stems(), stem_ids, &mut stems);
                renumber(f.grams(), gram_ids, &mut grams);
                *f = Features {
                    words_hash: f.words_hash,
                    ..Features::new(&stems, &grams, &mut buf)
                };
            }
            count();
        });
        if progress.is_cancelled() {
            return empty();
        }
        after_words(0.75);
        // Document frequencies counted on a few cores, each its own counts, then added up
        // (a few: each count takes four bytes a feature of the pair).
        let parts = threads().min(DF_PARTS).min(total / MIN_CHUNK).max(1);
        let parts = split(0..total, parts).collect();
        let mut counts = map_each(parts, |range: Range<usize>| {
            let (mut stem_df, mut gram_df) = (vec![0u32; stems.len], vec![0u32; grams.len]);
            for f in &all[range] {
                f.stems()
                    .runs()
                    .for_each(|(id, _)| stem_df[id as usize] += 1);
                f.grams()
                    .runs()
                    .for_each(|(id, _)| gram_df[id as usize] += 1);
            }
            (stem_df, gram_df)
        })
        .into_iter();
        let (mut stem_df, mut gram_df) = counts.next().unwrap_or_default();
        for (s, g) in counts {
            stem_df.iter_mut().zip(s).for_each(|(df, n)| *df += n);
            gram_df.iter_mut().zip(g).for_each(|(df, n)| *df += n);
        }
        after_words(0.875);
        let n = total as f32;
        let idf = |df: &u32| ((n + 1.0) / (*df as f32 + 1.0)).ln() + IDF_FLOOR;
        let stem_idf: Vec<f32> = stem_df.iter().map(idf).collect();
        let gram_idf: Vec<f32> = gram_df.iter().map(idf).collect();
        map_chunks_mut(&mut all, |_, slots| {
            for f in slots {
                f.norms = (
                    norm(weighted(f.stems(), &stem_idf)),
                    norm(weighted(f.grams(), &gram_idf)),
                );
            }
        });
        after_words(1.0);
        let headings = [heading_bits(left), heading_bits(right)];
        // The smaller side is the one copied out; a book against an article is not held twice.
        let (left, right) = if n_left <= total - n_left {
            let left = all.drain(..n_left).collect();
            (left, all)
        } else {
            let right = all.split_off(n_left);
            (all, right)
        };
        FeatureSpace {
            left,
            right,
            headings,
            stem_idf,
            gram_idf,
        }
    }

    /// How many distinct stems (`false`) or n-grams (`true`) both documents have: feature ids
    /// are below it.
    pub fn feature_count(&self, grams: bool) -> usize {
        if grams {
            self.gram_idf.len()
        } else {
            self.stem_idf.len()
        }
    }

    /// The weighted stems of sentence `i` of `side`: `(id, weight)` sorted by id.
    pub fn stems(&self, side: Side, i: usize) -> impl Iterator<Item = (u32, f32)> + '_ {
        weighted(self.features(side, i).stems(), &self.stem_idf)
    }

    /// A scorer of one left sentence against many right ones, for bulk scoring.
    pub fn scorer(&self) -> Scorer<'_> {
        let dense = |idf: &[f32]| idf.iter().map(|&w| (0.0, w)).collect();
        Scorer {
            space: self,
            left: None,
            stems: dense(&self.stem_idf),
            grams: dense(&self.gram_idf),
        }
    }

    /// Number of sentences on a side.
    pub fn len(&self, side: Side) -> usize {
        self.side(side).len()
    }

    /// Whether both sides are empty.
    pub fn is_empty(&self) -> bool {
        self.left.is_empty() && self.right.is_empty()
    }

    /// The features of sentence `i` of `side`.
    pub fn features(&self, side: Side, i: usize) -> &Features {
        &self.side(side)[i]
    }

    /// Whether sentence `i` of `side` is a heading.
    pub fn is_heading(&self, side: Side, i: usize) -> bool {
        let bits = &self.headings[side as usize];
        bits.get(i / 64).is_some_and(|b| b >> (i % 64) & 1 == 1)
    }

    /// Whether any sentence of the run is a heading.
    pub fn any_heading(&self, side: Side, range: Range<usize>) -> bool {
        range.into_iter().any(|i| self.is_heading(side, i))
    }

    fn side(&self, side: Side) -> &[Features] {
        match side {
            Side::Left => &self.left,
            Side::Right => &self.right,
        }
    }

    /// Similarity in [0, 1] of left sentences `l` joined and right sentences `r` joined.
    ///
    /// Runs with the same words after normalisation score 1, even when they have no content
    /// words at all ("So be it.").
    pub fn similarity(&self, l: Range<usize>, r: Range<usize>) -> f32 {
        if self.same_words(l.clone(), r.clone()) {
            return 1.0;
        }
        let (stems, grams) = self.run_cosines(&self.left[l], &self.right[r]);
        STEM_WEIGHT * stems + (1.0 - STEM_WEIGHT) * grams
    }

    /// Whether the two runs have the same words after normalisation.
    pub fn same_words(&self, l: Range<usize>, r: Range<usize>) -> bool {
        let hash = |side, range: Range<usize>| {
            let mut h = FNV_OFFSET;
            for i in range {
                h = fnv(h, &self.features(side, i).words_hash.to_le_bytes());
            }
            h
        };
        hash(Side::Left, l) == hash(Side::Right, r)
    }
}

/// Scores one left sentence against right sentences, its weights scattered into dense
/// arrays once so that each right sentence costs one pass over its own features.
///
/// Gives exactly [`FeatureSpace::similarity`] of single sentences: the dot products add the
/// same products in the same (id) order.
pub struct Scorer<'a> {
    space: &'a FeatureSpace,
    left: Option<usize>,
    /// Per stem id: the left sentence's weight (0 where it has none) and the IDF, side by
    /// side so that a right sentence's feature costs one cache miss, not two.
    stems: Vec<(f32, f32)>,
    /// The same for n-grams.
    grams: Vec<(f32, f32)>,
}

impl Scorer<'_> {
    /// Makes left sentence `i` the one scored.
    pub fn set_left(&mut self, i: usize) {
        if let Some(old) = self.left.take() {
            let f = &self.space.left[old];
            f.stems()
                .iter()
                .for_each(|id| self.stems[id as usize].0 = 0.0);
            f.grams()
                .iter()
                .for_each(|id| self.grams[id as usize].0 = 0.0);
        }
        let f = &self.space.left[i];
        weighted(f.stems(), &self.space.stem_idf).for_each(|(id, w)| self.stems[id as usize].0 = w);
        weighted(f.grams(), &self.space.gram_idf).for_each(|(id, w)| self.grams[id as usize].0 = w);
        self.left = Some(i);
    }

    /// Reads right sentence `j`'s first feature ids, so that they are on their way to the
    /// cache while another pair is scored.
    pub fn touch(&self, j: usize) {
        if let Some(f) = self.space.right.get(j) {
            std::hint::black_box(f.ids.first());
        }
    }

    /// Similarity of the current left sentence and right sentence `j` (0 before `set_left`).
    pub fn similarity(&self, j: usize) -> f32 {
        self.components(j).similarity
    }

    /// [`Scorer::similarity`] with the two cosines it is made of.
    pub fn components(&self, j: usize) -> Components {
        let Some(i) = self.left else {
            return Components::default();
        };
        let (a, b) = (&self.space.left[i], &self.space.right[j]);
        if a.words_hash == b.words_hash {
            return Components {
                similarity: 1.0,
                stem: 1.0,
                gram: 1.0,
            };
        }
        let cos = |dense: &[(f32, f32)], ids: SortedIds<'_>, na: f32, nb: f32| {
            if na == 0.0 || nb == 0.0 {
                return 0.0;
            }
            let dot: f32 = ids
                .runs()
                .map(|(id, n)| {
                    let (w, idf) = dense[id as usize];
                    w * (n as f32 * idf)
                })
                .sum();
            (dot / (na * nb)).clamp(0.0, 1.0)
        };
        let stem = cos(&self.stems, b.stems(), a.norms.0, b.norms.0);
        let gram = cos(&self.grams, b.grams(), a.norms.1, b.norms.1);
        Components {
            similarity: STEM_WEIGHT * stem + (1.0 - STEM_WEIGHT) * gram,
            stem,
            gram,
        }
    }
}

/// A similarity and its two parts.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Components {
    /// The weighted mean of the two cosines (what the engine compares).
    pub similarity: f32,
    /// The cosine of the stem vectors.
    pub stem: f32,
    /// The cosine of the n-gram vectors.
    pub gram: f32,
}

/// The most a run of sentences joined can score against one sentence, from each member's own
/// cosines with it and its norms (`(cosines, stem norm, n-gram norm)` per member).
///
/// Joined stems (a union) have a dot product with the other side of at most the sum of the
/// members' and a norm of at least the largest member's; summed n-grams, weights being
/// non-negative, have a norm of at least the root of the members' summed squares. Lets most
/// groups be ruled out without scoring them.
pub fn group_bound(members: &[(Components, f32, f32)]) -> f32 {
    let stem_dot: f32 = members.iter().map(|(c, n, _)| c.stem * n).sum();
    let stem_norm = members.iter().map(|m| m.1).fold(0.0, f32::max);
    let gram_dot: f32 = members.iter().map(|(c, _, n)| c.gram * n).sum();
    let gram_norm = members.iter().map(|m| m.2 * m.2).sum::<f32>().sqrt();
    let ratio = |dot: f32, norm: f32| {
        if norm > 0.0 {
            (dot / norm).min(1.0)
        } else {
            1.0
        }
    };
    STEM_WEIGHT * ratio(stem_dot, stem_norm) + (1.0 - STEM_WEIGHT) * ratio(gram_dot, gram_norm)
}

/// A bit a sentence of `doc`, set for those in headings.
fn heading_bits(doc: &Document) -> Vec<u64> {
    let mut bits = vec![0u64; doc.sentences.len().div_ceil(64)];
    for i in (0..doc.sentences.len()).filter(|&i| doc.is_heading(i)) {
        bits[i / 64] |= 1 << (i % 64);
    }
    bits
}

/// Most distinct words a [`Words`] keeps, and most ids it holds for them: a text of endless
/// new words (a hostile file, a list of codes) is analysed word by word past these, so each
/// keeps at most about 12 MB. A book's words are mostly met early (the generated 10 MB pair's
/// 61,000 distinct words a side take about 1.2 million ids).
const MAX_WORDS: usize = 1 << 17;
const MAX_WORD_IDS: usize = 1 << 21;

/// The features of each distinct word a chunk has met, as its local ids: a book repeats its
/// words (96% of the generated 10 MB pair's words were met before in the same chunk), and a
/// word's stem and n-grams depend on the word alone ([`Analyzer::term`]).
///
/// Numbering a word's features when it is first met, in order, numbers every feature when
/// it first appears, as numbering each occurrence would: the ids are the same.
struct Words {
    /// Most distinct words kept ([`MAX_WORDS`]; less in tests).
    room: usize,
    /// Where each word's ids are in `ids` (start, length), by a 64-bit hash of the word:
    /// features are told apart by such hashes anyway. A length of 0 is a word with no
    /// content term (a stop word).
    known: HashMap<u64, (u32, u32), FixedState>,
    /// For each word with a content term: its stem's id, then its n-grams' ids in order.
    ids: Vec<u32>,
    /// The characters of a word with its boundary marks (scratch room).
    chars: Vec<char>,
    /// The lengths of the n-grams taken ([`gram_lengths`]).
    lengths: RangeInclusive<usize>,
    /// The lower-cased key of the sentence being read (room kept from one to the next).
    key: String,
}

impl Default for Words {
    fn default() -> Words {
        Words {
            room: MAX_WORDS,
            known: HashMap::default(),
            ids: Vec::new(),
            chars: Vec::new(),
            lengths: 3..=5,
            key: String::new(),
        }
    }
}

impl Words {
    /// Appends the local ids of `text`'s stems and n-grams (repeats included, in order) to
    /// `stems` and `grams`, numbering new ones in `chunk`; returns the hash of its words, for
    /// "equal" detection.
    fn sentence(
        &mut self,
        text: &str,
        analyzer: &Analyzer,
        chunk: &mut Chunk,
        stems: &mut Vec<u32>,
        grams: &mut Vec<u32>,
    ) -> u64 {
        // Taken while the words are numbered (which needs the rest of `self`), given back.
        let mut key = std::mem::take(&mut self.key);
        key.clear();
        push_lowered_key(text, &mut key);
        let mut h = FNV_OFFSET;
        for word in crate::words::words(&key) {
            h = fnv(h, word.as_bytes());
            h = fnv(h, b" ");
            let hash = FixedState::default().hash_one(word);
            let (start, len, kept) = match self.known.get(&hash) {
                Some(&(start, len)) => (start as usize, len as usize, true),
                None => {
                    let start = self.ids.len();
                    self.number(word, analyzer, chunk);
                    let len = self.ids.len() - start;
                    let kept = self.known.len() < self.room && self.ids.len() <= MAX_WORD_IDS;
                    if kept {
                        self.known.insert(hash, (start as u32, len as u32));
                    }
                    (start, len, kept)
                }
            };
            if let [stem, word_grams @ ..] = &self.ids[start..start + len] {
                stems.push(*stem);
                grams.extend_from_slice(word_grams);
            }
            // A word not kept leaves no ids behind.
            if !kept {
                self.ids.truncate(start);
            }
        }
        self.key = key;
        h
    }

    /// Appends to `ids` the local ids of `word`'s stem and n-grams, numbering new ones; nothing
    /// when it has no content term.
    fn number(&mut self, word: &str, analyzer: &Analyzer, chunk: &mut Chunk) {
        let Some((stem, word)) = analyzer.term(word) else {
            return;
        };
        self.ids.push(chunk.stems.id(hash(b's', &stem)));
        // A "word" of thousands of characters (a URL, a pasted blob) would give thousands of
        // n-grams; its start says enough.
        let chars = &mut self.chars;
        chars.clear();
        chars.push('<');
        chars.extend(word.chars().take(MAX_GRAM_WORD));
        chars.push('>');
        for n in self.lengths.clone() {
            for w in chars.windows(n) {
                self.ids.push(chunk.grams.id(hash_chars(w)));
            }
        }
    }
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

fn fnv(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

fn hash(tag: u8, s: &str) -> u64 {
    fnv(fnv(FNV_OFFSET, &[tag]), s.as_bytes())
}

/// A hash of an n-gram of characters, a few multiplications per character.
///
/// Only equality matters (features are numbered by first appearance, not by hash value), and
/// 64 bits make collisions between the grams of two documents vanishingly rare.
fn hash_chars(chars: &[char]) -> u64 {
    let mut h: u64 = 0x9e37_79b9_7f4a_7c15 ^ chars.len() as u64;
    // Each step is a bijection of the state for a given character, so two grams can only
    // collide by chance (about 2^-43 per step).
    for &c in chars {
        h = (h ^ u64::from(c)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        h ^= h >> 32;
    }
    h
}

/// Reusable buffers for joining runs of sentences: a joined vector is built in them instead of
/// in fresh allocations (groups are scored by the hundred thousand on a book).
#[derive(Default)]
struct JoinBuffers {
    /// Stems and n-grams of the left run, then of the right run, a spare for merging and a
    /// member's weighted vector.
    vectors: [Sparse; 6],
}

thread_local! {
    static JOIN: std::cell::RefCell<JoinBuffers> = std::cell::RefCell::new(JoinBuffers::default());
}

impl FeatureSpace {
    /// Cosine of two runs of sentences joined (stems united with `max`, n-grams summed), the
    /// same figure as joining them into new vectors; a run of one is read as stored.
    fn run_cosines(&self, a: &[Features], b: &[Features]) -> (f32, f32) {
        let (stem_idf, gram_idf) = (&self.stem_idf[..], &self.gram_idf[..]);
        JOIN.with(|buffers| {
            let mut buffers = buffers.borrow_mut();
            let [sa, ga, sb, gb, spare, member] = &mut buffers.vectors;
            let stems: fn(&Features) -> (SortedIds<'_>, f32) = |f| (f.stems(), f.norms.0);
            let grams: fn(&Features) -> (SortedIds<'_>, f32) = |f| (f.grams(), f.norms.1);
            let sa = join(a, stems, stem_idf, f32::max, sa, spare, member);
            let ga = join(a, grams, gram_idf, |x, y| x + y, ga, spare, member);
            let sb = join(b, stems, stem_idf, f32::max, sb, spare, member);
            let gb = join(b, grams, gram_idf, |x, y| x + y, gb, spare, member);
            (sa.cosine(&sb, stem_idf), ga.cosine(&gb, gram_idf))
        })
    }
}

/// One part (stems or n-grams) of a run of sentences: a single sentence's ids as stored, or
/// the members joined into a weighted vector; with its norm.
enum Part<'a> {
    One(SortedIds<'a>, f32),
    Joined(&'a [(u32, f32)], f32),
}

impl Part<'_> {
    /// The cosine of two parts weighted with `idf`.
    fn cosine(&self, other: &Part<'_>, idf: &[f32]) -> f32 {
        match (self, other) {
            (Part::One(a, na), Part::One(b, nb)) => {
                cosine_normed(weighted(*a, idf), *na, weighted(*b, idf), *nb)
            }
            (Part::One(a, na), Part::Joined(b, nb)) => {
                cosine_normed(weighted(*a, idf), *na, b.iter().copied(), *nb)
            }
            (Part::Joined(a, na), Part::One(b, nb)) => {
                cosine_normed(a.iter().copied(), *na, weighted(*b, idf), *nb)
            }
            (Part::Joined(a, na), Part::Joined(b, nb)) => {
                cosine_normed(a.iter().copied(), *na, b.iter().copied(), *nb)
            }
        }
    }
}

/// One part of a run: a single sentence as stored, else the members weighted (in `member`)
/// and merged in order into `out` (using `spare`).
fn join<'a>(
    run: &'a [Features],
    part: fn(&Features) -> (SortedIds<'_>, f32),
    idf: &[f32],
    combine: fn(f32, f32) -> f32,
    out: &'a mut Sparse,
    spare: &mut Sparse,
    member: &mut Sparse,
) -> Part<'a> {
    if let [one] = run {
        let (ids, n) = part(one);
        return Part::One(ids, n);
    }
    out.clear();
    for f in run {
        member.clear();
        member.extend(weighted(part(f).0, idf));
        std::mem::swap(out, spare);
        merge_into(spare, member, combine, out);
    }
    let n = norm(out.iter().copied());
    Part::Joined(out, n)
}

/// A sentence's ids as a weighted sparse vector: occurrences × IDF.
fn weighted<'a>(ids: SortedIds<'a>, idf: &'a [f32]) -> impl Iterator<Item = (u32, f32)> + 'a {
    ids.runs().map(|(id, n)| (id, n as f32 * idf[id as usize]))
}

/// Merges two sorted sparse vectors into `out`, combining weights of shared features.
fn merge_into(a: &[(u32, f32)], b: &[(u32, f32)], f: fn(f32, f32) -> f32, out: &mut Sparse) {
    out.clear();
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => {
                out.push(a[i]);
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                out.push(b[j]);
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                out.push((a[i].0, f(a[i].1, b[j].1)));
                i += 1;
                j += 1;
            }
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
}

/// Euclidean norm of a sparse vector.
fn norm(v: impl Iterator<Item = (u32, f32)>) -> f32 {
    v.map(|(_, w)| w * w).sum::<f32>().sqrt()
}

/// Cosine of two sparse vectors (in id order) whose norms are known; 0 when either is empty.
fn cosine_normed(
    mut a: impl Iterator<Item = (u32, f32)>,
    na: f32,
    mut b: impl Iterator<Item = (u32, f32)>,
    nb: f32,
) -> f32 {
    if na == 0.0 || nb == 0.0 {
        return 0.0;
    }
    let mut dot = 0.0;
    let (mut x, mut y) = (a.next(), b.next());
    while let (Some((i, wi)), Some((j, wj))) = (x, y) {
        match i.cmp(&j) {
            std::cmp::Ordering::Less => x = a.next(),
            std::cmp::Ordering::Greater => y = b.next(),
            std::cmp::Ordering::Equal => {
                dot += wi * wj;
                x = a.next();
                y = b.next();
            }
        }
    }
    (dot / (na * nb)).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::doc;

    fn space(left: &str, right: &str) -> FeatureSpace {
        let (l, r) = (doc(left), doc(right));
        let analyzers = Analyzer::pair(left, right);
        FeatureSpace::build(&l, &r, (&analyzers.0, &analyzers.1), &Progress::new())
    }

    const LEFT: &str = "# Ministers meet in Pyongyang\n\n\
        The foreign minister praised the alliance on Friday. \
        Officials said fourteen thousand soldiers were sent. \
        The talks lasted three hours. So be it.";
    const RIGHT: &str = "Pyongyang hosted the ministers. \
        The minister praised the alliance. \
        Officials said that eleven thousand soldiers were sent. \
        Talks went on for three hours. Nothing else was said.";

    /// A book of short lines holds millions of these, most of them nearly empty: the two id
    /// lists share one box, with no spare room.
    #[test]
    fn a_sentence_s_features_are_one_box_and_a_few_numbers() {
        assert!(size_of::<Features>() <= 32, "{}", size_of::<Features>());
        let mut buf = Vec::new();
        let f = Features::new(&[1, 5], &[2, 2, 70_000], &mut buf);
        assert_eq!(f.stems().iter().collect::<Vec<_>>(), [1, 5]);
        assert_eq!(f.grams().iter().collect::<Vec<_>>(), [2, 2, 70_000]);
        // Where the n-grams start, past what one unit of the header holds.
        let stems: Vec<u32> = (0..40_000).collect();
        let f = Features::new(&stems, &[7, 9], &mut buf);
        assert_eq!(f.stems().iter().count(), 40_000);
        assert_eq!(f.grams().iter().collect::<Vec<_>>(), [7, 9]);
        let f = Features::new(&[], &[7], &mut buf);
        assert!(f.stems().is_empty());
        assert_eq!(f.grams().iter().collect::<Vec<_>>(), [7]);
        let none = Features::new(&[], &[], &mut buf);
        assert!(!none.has_terms() && none.stems().is_empty() && none.grams().is_empty());
        assert!(Features::new(&[], &[3], &mut buf).has_terms());
    }

    #[test]
    fn the_bulk_scorer_gives_exactly_the_pairwise_similarity() {
        let s = space(LEFT, RIGHT);
        let mut scorer = s.scorer();
        assert_eq!(
            scorer.similarity(0),
            0.0,
            "nothing to score before a left sentence"
        );
        // Left sentences in an order that revisits one, so a stale weight would show.
        for i in [1, 2, 1, 0, 3, 4] {
            scorer.set_left(i);
            for j in 0..s.len(Side::Right) {
                let pairwise = s.similarity(i..i + 1, j..j + 1);
                assert_eq!(scorer.similarity(j), pairwise, "left {i}, right {j}");
                let c = scorer.components(j);
                assert!(
                    (c.similarity - (STEM_WEIGHT * c.stem + (1.0 - STEM_WEIGHT) * c.gram)).abs()
                        < 1e-6
                );
            }
        }
    }

    #[test]
    fn rewordings_score_above_unrelated_sentences() {
        let s = space(LEFT, RIGHT);
        // The minister's praise, the soldiers and the talks each find their rewording first.
        for (i, j) in [(1, 1), (2, 2), (3, 3)] {
            let own = s.similarity(i..i + 1, j..j + 1);
            for other in (0..s.len(Side::Right)).filter(|&o| o != j) {
                assert!(
                    own > s.similarity(i..i + 1, other..other + 1),
                    "{i} → {j} vs {other}"
                );
            }
            assert!(own > 0.2 && own < 1.0, "{i} → {j}: {own}");
        }
    }

    #[test]
    fn the_same_words_score_one_whatever_the_case_and_punctuation() {
        let s = space("The War, it ended.", "the war -- it ended");
        assert!(s.same_words(0..1, 0..1));
        assert_eq!(s.similarity(0..1, 0..1), 1.0);
        // Sentences of stop words alone match only their own words.
        let s = space(
            "The minister spoke to them about it. It was what it was.",
            "The minister spoke. It was what it was. It was not.",
        );
        assert!(s.features(Side::Left, 0).has_terms());
        assert!(!s.features(Side::Left, 1).has_terms());
        assert_eq!(s.similarity(1..2, 1..2), 1.0);
        assert_eq!(s.similarity(1..2, 2..3), 0.0);
    }

    #[test]
    fn two_sentences_joined_match_one_that_says_both() {
        let s = space(
            "The bridge opened in May. It cost four million euros.",
            "The bridge opened in May and it cost four million euros. Something else entirely.",
        );
        let joined = s.similarity(0..2, 0..1);
        assert!(joined > 0.95, "joined {joined}");
        assert!(joined > s.similarity(0..1, 0..1) && joined > s.similarity(1..2, 0..1));
        // Either way round.
        let mirrored = space(
            "The bridge opened in May and it cost four million euros. Something else entirely.",
            "The bridge opened in May. It cost four million euros.",
        );
        assert!((mirrored.similarity(0..1, 0..2) - joined).abs() < 1e-6);
    }

    #[test]
    fn a_rare_shared_word_counts_more_than_a_common_one() {
        // "minister" is in every sentence, "quokka" in two.
        let s = space(
            "The minister met a quokka.",
            "The minister spoke. The minister left. The minister sang. \
             The minister slept. A quokka spoke.",
        );
        assert!(s.similarity(0..1, 4..5) > s.similarity(0..1, 0..1));
    }

    #[test]
    fn headings_are_marked() {
        let s = space(LEFT, RIGHT);
        assert!(s.is_heading(Side::Left, 0));
        assert!(!s.is_heading(Side::Left, 1));
        assert!(!s.is_heading(Side::Left, 99));
        assert!(s.any_heading(Side::Left, 0..2));
        assert!(!s.any_heading(Side::Left, 1..3));
        assert!(!s.any_heading(Side::Right, 0..5));
    }

    #[test]
    fn a_group_never_scores_above_its_bound() {
        let s = space(LEFT, RIGHT);
        let mut scorer = s.scorer();
        for j in 0..s.len(Side::Right) {
            for start in 0..s.len(Side::Left) - 1 {
                let members: Vec<(Components, f32, f32)> = (start..start + 2)
                    .map(|i| {
                        scorer.set_left(i);
                        let f = s.features(Side::Left, i);
                        (scorer.components(j), f.norms.0, f.norms.1)
                    })
                    .collect();
                let joined = s.similarity(start..start + 2, j..j + 1);
                assert!(joined <= group_bound(&members) + 1e-5, "{start}.., {j}");
            }
        }
    }

    /// `count` sentences drawn with seed `seed` from 300 sentences of made-up words (the same
    /// 300 for every seed), so that words and whole sentences recur far apart; one sentence to
    /// a paragraph.
    fn made_up(count: usize, seed: u64) -> String {
        let syllables = ["ka", "lo", "mi", "ne", "ru", "ta", "vo", "zi"];
        let random = |state: &mut u64, n: usize| {
            *state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (*state >> 33) as usize % n
        };
        let mut state = 0;
        let pool: Vec<String> = (0..300)
            .map(|_| {
                let words: Vec<String> = (0..4)
                    .map(|_| (0..3).map(|_| syllables[random(&mut state, 8)]).collect())
                    .collect();
                let mut sentence = words.join(" ");
                sentence[..1].make_ascii_uppercase();
                sentence + ".\n\n"
            })
            .collect();
        let mut state = seed;
        (0..count)
            .map(|_| pool[random(&mut state, 300)].as_str())
            .collect()
    }

    #[test]
    fn features_are_numbered_in_order_of_first_appearance_however_the_work_is_split() {
        // Enough sentences for several chunks on a machine with more than one core.
        let (left, right) = (made_up(700, 1), made_up(650, 2));
        let s = space(&left, &right);
        let (l, r) = (doc(&left), doc(&right));
        assert_eq!((s.len(Side::Left), s.len(Side::Right)), (700, 650));
        let mut seen = [0u32; 2];
        let mut by_text: HashMap<&str, (Vec<u32>, Vec<u32>)> = HashMap::new();
        let sentences = (l
            .sentences
            .iter()
            .enumerate()
            .map(|(i, t)| (Side::Left, i, t)))
        .chain(
            r.sentences
                .iter()
                .enumerate()
                .map(|(j, t)| (Side::Right, j, t)),
        );
        for (side, i, sentence) in sentences {
            let f = s.features(side, i);
            for (k, ids) in [f.stems(), f.grams()].into_iter().enumerate() {
                let mut fresh: Vec<u32> = ids.iter().filter(|&id| id >= seen[k]).collect();
                fresh.dedup();
                let expected: Vec<u32> = (seen[k]..seen[k] + fresh.len() as u32).collect();
                assert_eq!(fresh, expected, "{side:?} {i}: new ids follow the last one");
                seen[k] += fresh.len() as u32;
            }
            let ids = (f.stems().iter().collect(), f.grams().iter().collect());
            let first = by_text.entry(sentence.text).or_insert_with(|| ids.clone());
            assert_eq!(
                *first, ids,
                "the same sentence, the same ids: {}",
                sentence.text
            );
        }
        assert!(by_text.len() < 1350, "some sentences recur");
        assert_eq!(seen[0] as usize, s.feature_count(false));
        assert_eq!(seen[1] as usize, s.feature_count(true));
    }

    #[test]
    fn a_stem_weighs_its_idf_and_an_n_gram_its_count_times_its_idf() {
        // Three sentences: "quokka" in one (twice), "lemur" in two, "tapir" in one.
        let s = space("Quokka quokka lemur.", "Lemur. Tapir.");
        let idf = |df: f32| (4.0 / (df + 1.0)).ln() + IDF_FLOOR;
        let stems: Vec<(u32, f32)> = s.stems(Side::Left, 0).collect();
        assert_eq!(stems, vec![(0, idf(1.0)), (1, idf(2.0))]);
        let right: Vec<(u32, f32)> = s.stems(Side::Right, 1).collect();
        assert_eq!(right, vec![(2, idf(1.0))]);
        let f = s.features(Side::Left, 0);
        let expected_norm = (idf(1.0).powi(2) + idf(2.0).powi(2)).sqrt();
        assert!((f.norms.0 - expected_norm).abs() < 1e-6);
        // "<qu" comes twice in the left sentence and nowhere else.
        let (id, count) = f.grams().runs().next().expect("n-grams");
        assert_eq!((id, count), (0, 2));
        let gram_weight = weighted(f.grams(), &s.gram_idf).next().map(|(_, w)| w);
        assert_eq!(gram_weight, Some(2.0 * idf(1.0)));
        let gram_norm = norm(weighted(f.grams(), &s.gram_idf));
        assert!(gram_norm > 0.0 && (f.norms.1 - gram_norm).abs() < 1e-6);
    }

    #[test]
    fn n_grams_of_three_to_five_characters_come_from_a_word_s_first_64() {
        // "<lemur>": 5 + 4 + 3 n-grams.
        let s = space("Lemur.", "Tapir.");
        assert_eq!(s.features(Side::Left, 0).grams().iter().count(), 12);
        // Every n-gram is told apart from every other: all the words of three letters from
        // eight whose codes differ in a bit or two.
        let letters = ['b', 'c', 'd', 'f', 'g', 'h', 'j', 'k'];
        let words: Vec<String> = (0..512)
            .map(|k| {
                [k / 64, k / 8 % 8, k % 8]
                    .iter()
                    .map(|&i| letters[i])
                    .collect()
            })
            .collect();
        let s = space(&format!("{}.", words.join(" ")), "Nothing.");
        let mut grams = std::collections::HashSet::new();
        for w in &words {
            let chars: Vec<char> = format!("<{w}>").chars().collect();
            for n in 3..=5 {
                grams.extend(chars.windows(n).map(|g| g.iter().collect::<String>()));
            }
        }
        let mut ids: Vec<u32> = s.features(Side::Left, 0).grams().iter().collect();
        ids.dedup();
        assert_eq!(ids.len(), grams.len());
        // And sentences with other words never pass for the same words.
        let sentences: Vec<String> = words.iter().map(|w| format!("{w} {w}.")).collect();
        let s = space(&sentences.join("\n\n"), "Nothing.");
        let mut hashes: Vec<u64> = (0..s.len(Side::Left))
            .map(|i| s.features(Side::Left, i).words_hash)
            .collect();
        hashes.sort_unstable();
        hashes.dedup();
        // (A few of the words read as abbreviations, which do not end a sentence.)
        assert!(hashes.len() == s.len(Side::Left) && hashes.len() > 500);
        // A 1,000-letter word gives the n-grams of its first 64 letters and its end mark.
        let long: String = (0..1000)
            .map(|i| char::from(b'a' + (i % 26) as u8))
            .collect();
        let s = space(&format!("{long}."), "Nothing.");
        assert_eq!(
            s.features(Side::Left, 0).grams().iter().count(),
            64 + 63 + 62
        );
    }

    /// A book's n-grams are of four characters alone; anything up to twice the 1 MB-a-side
    /// pairs keeps 3 to 5 (the output checked byte for byte stays as it was).
    #[test]
    fn a_book_s_words_give_their_four_character_n_grams_alone() {
        assert_eq!(gram_lengths(0), 3..=5);
        assert_eq!(gram_lengths(2_000_000), 3..=5);
        assert_eq!(gram_lengths(BOOK_BYTES - 1), 3..=5);
        assert_eq!(gram_lengths(BOOK_BYTES), 4..=4);
        let analyzer = Analyzer::for_code("eng");
        let grams = |lengths: RangeInclusive<usize>| {
            let mut words = Words {
                lengths,
                ..Words::default()
            };
            let mut chunk = Chunk::default();
            let (mut stems, mut grams) = (Vec::new(), Vec::new());
            words.sentence("Lemur.", &analyzer, &mut chunk, &mut stems, &mut grams);
            let numbered: Vec<u64> = grams
                .iter()
                .map(|&id| chunk.grams.order[id as usize])
                .collect();
            numbered
        };
        // "<lemur>": 5 + 4 + 3 n-grams, or the 4 of four characters.
        let hashes = |n: usize| -> Vec<u64> {
            let chars: Vec<char> = "<lemur>".chars().collect();
            chars.windows(n).map(hash_chars).collect()
        };
        assert_eq!(grams(3..=5), [hashes(3), hashes(4), hashes(5)].concat());
        assert_eq!(grams(4..=4), hashes(4));
        // A pair of a book's length is analysed so: "<lemur>" has four 4-grams.
        let book = format!(
            "Lemur.\n\nTapirs {}walk.",
            "and okapis ".repeat(BOOK_BYTES / 11)
        );
        let s = space(&book, "Lemur.");
        assert_eq!(s.features(Side::Left, 0).grams().iter().count(), 4);
        assert_eq!(s.features(Side::Right, 0).grams().iter().count(), 4);
    }

    #[test]
    fn a_group_s_bound_comes_from_its_members_scores_and_norms() {
        let member = |stem: f32, gram: f32, stem_norm: f32, gram_norm: f32| {
            let c = Components {
                similarity: 0.0,
                stem,
                gram,
            };
            (c, stem_norm, gram_norm)
        };
        // Stems: (0.5·2 + 0.25·4) / max(2, 4); n-grams: (0.6·3 + 0.2·4) / √(3² + 4²).
        let bound = group_bound(&[member(0.5, 0.6, 2.0, 3.0), member(0.25, 0.2, 4.0, 4.0)]);
        let expected = STEM_WEIGHT * 0.5 + (1.0 - STEM_WEIGHT) * (2.6 / 5.0);
        assert!((bound - expected).abs() < 1e-6, "{bound} vs {expected}");
        // Each cosine's bound is at most 1; a part no member has bounds nothing.
        let bound = group_bound(&[member(0.9, 0.0, 1.0, 0.0), member(0.9, 0.0, 1.0, 0.0)]);
        assert!((bound - 1.0).abs() < 1e-6, "{bound}");
        let bound = group_bound(&[member(0.0, 0.5, 0.0, 1.0), member(0.0, 0.5, 0.0, 1.0)]);
        let expected = STEM_WEIGHT + (1.0 - STEM_WEIGHT) * (1.0 / 2f32.sqrt());
        assert!((bound - expected).abs() < 1e-6, "{bound} vs {expected}");
    }

    #[test]
    fn analysis_reports_progress_that_ends_at_its_total() {
        for count in [40, 700] {
            let text = made_up(count, 3);
            let (l, r) = (doc(&text), doc(&text));
            let analyzers = Analyzer::pair(&text, &text);
            let progress = Progress::new();
            FeatureSpace::build(&l, &r, (&analyzers.0, &analyzers.1), &progress);
            let s = progress.snapshot();
            // A unit a sentence for its words, half as many again for numbering and
            // weighting their features.
            assert_eq!((s.stage, s.total), (Stage::Analysing, 3 * count as u64));
            // Counted a batch at a time.
            assert!(
                s.done >= s.total && s.done < s.total + BATCH as u64,
                "{count}: {} done of {}",
                s.done,
                s.total
            );
        }
    }

    #[test]
    fn words_kept_from_sentence_to_sentence_give_the_ids_each_word_analysed_afresh_gives() {
        let analyzer = Analyzer::for_code("eng");
        let text = made_up(400, 3);
        let sentences: Vec<&str> = text.split_inclusive(".\n\n").collect();
        let mut kept = (Words::default(), Chunk::default());
        let mut afresh = (
            Words {
                room: 0,
                ..Words::default()
            },
            Chunk::default(),
        );
        for sentence in sentences {
            let ids = |(words, chunk): &mut (Words, Chunk)| {
                let (mut stems, mut grams) = (Vec::new(), Vec::new());
                let hash = words.sentence(sentence, &analyzer, chunk, &mut stems, &mut grams);
                (stems, grams, hash)
            };
            assert_eq!(ids(&mut kept), ids(&mut afresh), "{sentence:?}");
            // A word not kept leaves nothing behind.
            assert!(afresh.0.ids.is_empty() && afresh.0.known.is_empty());
        }
        assert!(kept.0.known.len() > 20, "words repeat in the text");
        assert_eq!(kept.1.grams.order, afresh.1.grams.order);
        assert_eq!(kept.1.stems.order, afresh.1.stems.order);
    }

    #[test]
    fn a_dictionary_numbers_a_chunk_s_features_after_its_own_and_stops_once_cancelled() {
        let mut global = Dictionary::default();
        let ids: Vec<u32> = [7, 8, 7].map(|f| global.id(f)).into();
        assert_eq!(ids, vec![0, 1, 0]);
        let mut local = Dictionary::default();
        (0..200_000).for_each(|k| {
            local.id(k % 150_000 + 8);
        });
        assert_eq!(local.len, 150_000);
        let progress = Progress::new();
        let map = global.merge(&local, &progress);
        assert_eq!(map.len(), 150_000);
        assert_eq!(
            (map[0], map[1], map[149_999]),
            (1, 2, 150_000),
            "8 was numbered before"
        );
        assert_eq!(global.len, 150_001);
        // Cancelled, a merge stops short instead of numbering the rest.
        progress.cancel();
        let mut fresh = Dictionary::default();
        assert!(fresh.merge(&local, &progress).len() <= 1 << 16);
    }

    #[test]
    fn a_run_is_scored_as_its_members_stems_united_and_n_grams_summed() {
        let (run, one) = (
            "The minister praised the alliance. The minister praised the weapons.",
            "The minister praised the alliance and its weapons.",
        );
        let s = space(run, one);
        // Joined by hand: each stem once at its weight, n-gram weights added.
        let joined = |part: fn(&Features) -> SortedIds<'_>, idf: &[f32], sum: bool| {
            let mut v: HashMap<u32, f32> = HashMap::new();
            for i in 0..2 {
                for (id, w) in weighted(part(s.features(Side::Left, i)), idf) {
                    let e = v.entry(id).or_insert(0.0);
                    *e = if sum { *e + w } else { e.max(w) };
                }
            }
            v
        };
        let cos = |a: &HashMap<u32, f32>, b: Vec<(u32, f32)>| {
            let dot: f32 = b.iter().map(|(id, w)| a.get(id).unwrap_or(&0.0) * w).sum();
            let na = a.values().map(|w| w * w).sum::<f32>().sqrt();
            dot / (na * norm(b.into_iter()))
        };
        let right = s.features(Side::Right, 0);
        let stems = cos(
            &joined(|f| f.stems(), &s.stem_idf, false),
            weighted(right.stems(), &s.stem_idf).collect(),
        );
        let grams = cos(
            &joined(|f| f.grams(), &s.gram_idf, true),
            weighted(right.grams(), &s.gram_idf).collect(),
        );
        let expected = STEM_WEIGHT * stems + (1.0 - STEM_WEIGHT) * grams;
        let got = s.similarity(0..2, 0..1);
        assert!((got - expected).abs() < 1e-5, "{got} vs {expected}");
        // The same with the run on the right.
        let mirrored = space(one, run).similarity(0..1, 0..2);
        assert!(
            (mirrored - expected).abs() < 1e-5,
            "{mirrored} vs {expected}"
        );
        // The right sentence has every stem of the run, each n-gram of "minister" once.
        assert!(
            stems > 0.9 && grams > 0.5 && grams < 0.95,
            "{stems} {grams}"
        );
    }

    #[test]
    fn a_cancelled_analysis_is_left_empty() {
        let (l, r) = (doc(LEFT), doc(RIGHT));
        let analyzers = Analyzer::pair(LEFT, RIGHT);
        let progress = Progress::new();
        progress.cancel();
        let s = FeatureSpace::build(&l, &r, (&analyzers.0, &analyzers.1), &progress);
        assert!(s.is_empty());
        assert_eq!(s.feature_count(false) + s.feature_count(true), 0);
        let full = FeatureSpace::build(&l, &r, (&analyzers.0, &analyzers.1), &Progress::new());
        assert!(!full.is_empty());
        assert_eq!(full.len(Side::Left), l.sentences.len());
        assert_eq!(full.len(Side::Right), r.sentences.len());
        assert!(
            full.feature_count(false) > 10 && full.feature_count(true) > full.feature_count(false)
        );
    }
}
