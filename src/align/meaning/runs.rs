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

#[cfg(test)]
mod tests {
    use super::*;

    /// An encoder whose vector for a run says which run it is: `[start, len]`.
    struct RunNames;

    impl Encoder for RunNames {
        fn name(&self) -> &'static str {
            "run names"
        }

        fn knows(&self, _: &str) -> bool {
            true
        }

        fn embed_runs(&self, _: &[&str], runs: &[Range<usize>], _: &Progress) -> Vectors {
            let data = runs
                .iter()
                .flat_map(|r| [r.start as f32, r.len() as f32])
                .collect();
            Vectors::new(2, data)
        }
    }

    const TEXTS: [&str; 8] = ["a", "b", "c", "d", "e", "f", "g", "h"];

    #[test]
    fn each_run_asked_for_is_found_with_its_own_vector() {
        let runs = [0..1, 2..3, 0..2, 1..4, 2..8, 7..8];
        let v = RunVectors::embed(&RunNames, &TEXTS, &runs);
        for r in runs {
            let expected = [r.start as f32, r.len() as f32];
            assert_eq!(v.get(r.clone()), Some(&expected[..]), "{r:?}");
        }
        // Runs not asked for, even those that share a start or a length with one that was.
        for r in [1..2, 0..3, 1..3, 2..4, 3..8, 6..8] {
            assert_eq!(v.get(r.clone()), None, "{r:?}");
        }
        assert!(v.has(0) && v.has(2) && v.has(7));
        assert!(!v.has(1) && !v.has(3) && !v.has(8));
    }

    #[test]
    fn runs_empty_too_long_or_past_the_end_are_left_out() {
        let too_long = 0..MAX_RUN + 1;
        let runs = [3..3, too_long.clone(), 7..9, 8..9, 4..5];
        let v = RunVectors::embed(&RunNames, &TEXTS, &runs);
        assert_eq!(v.get(4..5), Some(&[4.0, 1.0][..]), "the one good run");
        for r in [3..3, too_long, 7..9, 8..9, 7..8, 100..101] {
            assert_eq!(v.get(r.clone()), None, "{r:?}");
        }
        // The longest run that has a vector of its own.
        let longest = 1..1 + MAX_RUN;
        let v = RunVectors::embed(&RunNames, &TEXTS, std::slice::from_ref(&longest));
        assert_eq!(v.get(longest), Some(&[1.0, MAX_RUN as f32][..]));
    }

    #[test]
    fn embedding_with_a_cancelled_progress_gives_no_vectors() {
        let first = std::slice::from_ref(&(0..1));
        let progress = Progress::new();
        progress.cancel();
        let v = RunVectors::embed_with(&RunNames, &TEXTS, first, &progress);
        assert!(v.is_err());
        let v = RunVectors::embed_with(&RunNames, &TEXTS, first, &Progress::new());
        assert_eq!(v.map(|v| v.has(0)), Ok(true));
    }
}
