//! [`StemIndex`]: every article as one TF-IDF vector of stems, with an inverted index over the
//! stems that more than one article uses; the cheap pre-filter that picks which pairs are
//! worth a full alignment.
//!
//! Stems come from [`Analyzer`] (the language detected per article), so "soldiers" and
//! "soldier" are one term and stop words none. Weights are `(1 + ln tf) · ln(1 + N/df)`, over
//! the whole folder: a stem every article uses weighs little, one only two articles share
//! weighs most. The cosine of two articles is computed only through the postings of the stems
//! they share, so the cost grows with the sum of squared posting lengths, not with all pairs.

use std::collections::HashMap;

use crate::align::language::Analyzer;
use crate::load::Document;

/// Sentences (and bytes) of an article read to detect its language: a few paragraphs are
/// plenty, and detection over a whole article would cost more than indexing it.
const LANGUAGE_SENTENCES: usize = 20;
const LANGUAGE_BYTES: usize = 2_000;

/// The folder's stem vectors and the inverted index over them.
#[derive(Debug, Clone, Default)]
pub struct StemIndex {
    /// Per article: `(term, weight)` sorted by term, unit length.
    vectors: Vec<Vec<(u32, f32)>>,
    /// Per term: the articles using it, with their weights (articles ascending).
    postings: Vec<Vec<(u32, f32)>>,
}

/// Two articles whose stem vectors are alike.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Candidate {
    /// The first article (the lower index).
    pub a: usize,
    /// The second article.
    pub b: usize,
    /// The cosine of their stem vectors, in [0, 1].
    pub cosine: f32,
}

impl StemIndex {
    /// Indexes `docs` (each analysed in its own language, on up to `threads` threads; 0: one
    /// per core).
    pub fn build(docs: &[&Document], threads: usize) -> StemIndex {
        // Analysing is the costly part and independent per article; interning is cheap.
        let analysed = crate::parallel::map_items(docs, threads, |doc| term_counts(doc));
        let mut ids: HashMap<String, u32> = HashMap::new();
        let mut counts: Vec<Vec<(u32, u32)>> = Vec::with_capacity(docs.len());
        for terms in analysed {
            let mut tf: Vec<(u32, u32)> = terms
                .into_iter()
                .map(|(term, c)| {
                    let next = ids.len() as u32;
                    (*ids.entry(term).or_insert(next), c)
                })
                .collect();
            tf.sort_unstable();
            counts.push(tf);
        }
        let mut df = vec![0u32; ids.len()];
        for tf in &counts {
            for &(t, _) in tf {
                df[t as usize] += 1;
            }
        }
        let n = docs.len() as f32;
        let mut vectors = Vec::with_capacity(counts.len());
        let mut postings: Vec<Vec<(u32, f32)>> = vec![Vec::new(); ids.len()];
        for (d, tf) in counts.iter().enumerate() {
            let mut v: Vec<(u32, f32)> = tf
                .iter()
                .map(|&(t, c)| {
                    let idf = (1.0 + n / df[t as usize] as f32).ln();
                    (t, (1.0 + (c as f32).ln()) * idf)
                })
                .collect();
            let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
            if norm > 0.0 {
                for (_, w) in &mut v {
                    *w /= norm;
                }
            }
            for &(t, w) in &v {
                // A stem only one article uses can never bring two together.
                if df[t as usize] > 1 {
                    postings[t as usize].push((d as u32, w));
                }
            }
            vectors.push(v);
        }
        StemIndex { vectors, postings }
    }

    /// How many articles are indexed.
    pub fn len(&self) -> usize {
        self.vectors.len()
    }

    /// Whether no article is indexed.
    pub fn is_empty(&self) -> bool {
        self.vectors.is_empty()
    }

    /// The cosine of two articles' stem vectors.
    pub fn cosine(&self, a: usize, b: usize) -> f32 {
        let (Some(x), Some(y)) = (self.vectors.get(a), self.vectors.get(b)) else {
            return 0.0;
        };
        let (mut i, mut j, mut dot) = (0, 0, 0.0);
        while i < x.len() && j < y.len() {
            match x[i].0.cmp(&y[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    dot += x[i].1 * y[j].1;
                    i += 1;
                    j += 1;
                }
            }
        }
        dot.clamp(0.0, 1.0)
    }

    /// Every pair of articles whose cosine reaches `floor`, best first (ties by index).
    pub fn candidates(&self, floor: f32) -> Vec<Candidate> {
        let n = self.vectors.len();
        let mut out = Vec::new();
        // One dense accumulator reused for every article: the dot products with later articles.
        let mut acc = vec![0.0f32; n];
        let mut touched: Vec<usize> = Vec::new();
        for (a, v) in self.vectors.iter().enumerate() {
            for &(t, w) in v {
                let list = &self.postings[t as usize];
                // Postings ascend by article: skip to the articles after `a`.
                let start = list.partition_point(|&(d, _)| d as usize <= a);
                for &(b, wb) in &list[start..] {
                    let b = b as usize;
                    if acc[b] == 0.0 {
                        touched.push(b);
                    }
                    acc[b] += w * wb;
                }
            }
            for &b in &touched {
                let cosine = acc[b].clamp(0.0, 1.0);
                if cosine >= floor {
                    out.push(Candidate { a, b, cosine });
                }
                acc[b] = 0.0;
            }
            touched.clear();
        }
        out.sort_by(|x, y| {
            y.cosine
                .total_cmp(&x.cosine)
                .then(x.a.cmp(&y.a))
                .then(x.b.cmp(&y.b))
        });
        out
    }
}

/// How often each stem (or number) occurs in an article.
fn term_counts(doc: &Document) -> Vec<(String, u32)> {
    let analyzer = Analyzer::detect(&language_sample(doc));
    let mut tf: HashMap<String, u32> = HashMap::new();
    for s in &doc.sentences {
        for term in analyzer.terms(s.text) {
            *tf.entry(term.key).or_default() += 1;
        }
    }
    tf.into_iter().collect()
}

/// The start of an article, enough to detect its language.
fn language_sample(doc: &Document) -> String {
    let mut sample = String::new();
    for s in doc.sentences.iter().take(LANGUAGE_SENTENCES) {
        if sample.len() > LANGUAGE_BYTES {
            break;
        }
        sample.push_str(s.text);
        sample.push(' ');
    }
    sample
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{LoadOptions, load_bytes};

    fn doc(text: &str) -> Document {
        load_bytes("t.txt", text.as_bytes(), &LoadOptions::default()).expect("doc")
    }

    #[test]
    fn candidates_agree_with_the_direct_cosine() {
        let docs = [
            doc("The minister visited the harbour city. Soldiers were sent to the front."),
            doc("A minister visits a harbour city. The soldiers are sent to the front line."),
            doc(
                "Bakers in the valley sell bread and cakes at the weekly market. They say that prices are rising.",
            ),
            doc(
                "The weekly market sells bread, and the valley bakers make cakes. Prices are rising, they say.",
            ),
        ];
        let refs: Vec<&Document> = docs.iter().collect();
        let index = StemIndex::build(&refs, 0);
        let found = index.candidates(0.0);
        for c in &found {
            assert!((c.cosine - index.cosine(c.a, c.b)).abs() < 1e-5);
        }
        let mut top: Vec<(usize, usize)> = found.iter().take(2).map(|c| (c.a, c.b)).collect();
        top.sort_unstable();
        assert_eq!(
            top,
            [(0, 1), (2, 3)],
            "the two retellings are the most alike"
        );
        assert!(index.cosine(0, 1) > 0.3 && index.cosine(2, 3) > 0.3);
        assert!(index.cosine(0, 2) < 0.05, "nothing shared but stop words");
        assert!(found.iter().all(|c| c.a < c.b));
        assert!(
            index.candidates(0.2).iter().all(|c| c.cosine >= 0.2),
            "the floor holds"
        );
    }

    #[test]
    fn an_article_is_identical_to_itself() {
        let d = doc("Ministers met in the harbour city on Saturday.");
        let index = StemIndex::build(&[&d, &d], 1);
        assert!((index.cosine(0, 1) - 1.0).abs() < 1e-5);
        assert_eq!(index.len(), 2);
    }
}
