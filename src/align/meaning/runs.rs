//! [`RunVectors`]: the vectors of one document's runs of sentences, looked up by run.

use std::ops::Range;

use super::{Encoder, Vectors};
use crate::progress::{Cancelled, Progress};

/// The longest run of sentences that gets a vector of its own.
pub const MAX_RUN: usize = 6;

/// No vector for this run.
const NONE: u32 = u32::MAX;

/// Vectors of chosen runs (1 to [`MAX_RUN`] consecutive sentences) of one document.
#[derive(Debug, Clone, Default)]
pub struct RunVectors {
    vectors: Vectors,
    /// `index[start][len - 1]`: the row of run `start..start + len`.
    index: Vec<[u32; MAX_RUN]>,
}

impl RunVectors {
    /// Embeds `runs` of the document whose sentences are `texts` (runs longer than
    /// [`MAX_RUN`] or out of range are left out).
    pub fn embed(encoder: &dyn Encoder, texts: &[&str], runs: &[Range<usize>]) -> RunVectors {
        // Nobody else holds this progress, so it is never cancelled.
        RunVectors::embed_with(encoder, texts, runs, &Progress::new()).unwrap_or_default()
    }

    /// [`RunVectors::embed`], counting the encoder's work into `progress` and stopping early
    /// once it is cancelled.
    ///
    /// # Errors
    /// [`Cancelled`] when `progress` was cancelled before every run was embedded.
    pub fn embed_with(
        encoder: &dyn Encoder,
        texts: &[&str],
        runs: &[Range<usize>],
        progress: &Progress,
    ) -> Result<RunVectors, Cancelled> {
        let runs: Vec<Range<usize>> = runs
            .iter()
            .filter(|r| !r.is_empty() && r.len() <= MAX_RUN && r.end <= texts.len())
            .cloned()
            .collect();
        let vectors = encoder.embed_runs(texts, &runs, progress);
        progress.check()?;
        let mut index = vec![[NONE; MAX_RUN]; texts.len()];
        for (row, r) in runs.iter().enumerate() {
            index[r.start][r.len() - 1] = row as u32;
        }
        Ok(RunVectors { vectors, index })
    }

    /// The vector of run `r`, if it was embedded.
    pub fn get(&self, r: Range<usize>) -> Option<&[f32]> {
        let len = r.len();
        if len == 0 || len > MAX_RUN {
            return None;
        }
        let row = *self.index.get(r.start)?.get(len - 1)?;
        (row != NONE).then(|| self.vectors.row(row as usize))
    }

    /// Whether sentence `i` has a vector of its own.
    pub fn has(&self, i: usize) -> bool {
        self.get(i..i + 1).is_some()
    }
}
