//! [`Progress`]: how far a long computation has got, and a way to cancel it.
//!
//! The engine reports into a `Progress` shared with whoever shows it (a progress bar on
//! standard error, the reader's loading screen) and checks it for cancellation between small
//! batches of work, so Ctrl-C takes effect within milliseconds even on books. Nothing here
//! knows about terminals.

use std::ops::Range;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicU64, Ordering};

/// The stages of preparing a comparison, in the order they run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Reading, decoding and segmenting the files.
    Reading,
    /// Reducing sentences to stems and n-grams.
    Analysing,
    /// Reading sentences for their meaning (the sentence encoder), every sentence and run of
    /// sentences, before matching: a pair small enough, or in two languages.
    Understanding,
    /// Scoring candidate sentence pairs.
    Matching,
    /// Proposing split and merged groups.
    Grouping,
    /// Choosing the in-order chain and the moves.
    Ordering,
    /// Reading for their meaning the sentences the words left unlinked (the sentence encoder
    /// after the words' alignment, on a pair too long to read in full).
    Filling,
    /// Comparing numbers, quotations and names.
    Facts,
    /// Laying the passages out for the screen.
    Layout,
    /// Computing word-level differences and writing the result.
    Output,
}

impl Stage {
    /// Every stage, in the order they run.
    pub const ALL: [Stage; 10] = [
        Stage::Reading,
        Stage::Analysing,
        Stage::Understanding,
        Stage::Matching,
        Stage::Grouping,
        Stage::Ordering,
        Stage::Filling,
        Stage::Facts,
        Stage::Layout,
        Stage::Output,
    ];

    /// What the stage is doing, for a person watching.
    pub fn label(self) -> &'static str {
        match self {
            Stage::Reading => "reading the articles",
            Stage::Analysing => "analysing sentences",
            Stage::Understanding => "reading for meaning",
            Stage::Matching => "matching sentences",
            Stage::Grouping => "finding splits and merges",
            Stage::Ordering => "ordering passages",
            Stage::Filling => "reading the rest for meaning",
            Stage::Facts => "comparing facts",
            Stage::Layout => "laying out",
            Stage::Output => "writing the result",
        }
    }

    /// The stage's position, counting from 1, and how many stages there are.
    pub fn step(self) -> (usize, usize) {
        let at = Stage::ALL.iter().position(|&s| s == self).unwrap_or(0);
        (at + 1, Stage::ALL.len())
    }
}

/// The work was cancelled before it finished.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("cancelled")]
pub struct Cancelled;

/// Shared progress of one computation: its stage, the units done of the stage's total, and
/// whether it has been asked to stop.
///
/// All methods take `&self` and are cheap (relaxed atomics); share it by reference or `Arc`.
#[derive(Debug, Default)]
pub struct Progress {
    stage: AtomicU8,
    done: AtomicU64,
    total: AtomicU64,
    cancelled: Arc<AtomicBool>,
    /// The flags of the progresses this one runs beside ([`Progress::beside`]), and those they
    /// run beside: any of them set cancels this one too.
    beside: Vec<Arc<AtomicBool>>,
}

/// A consistent-enough reading of a [`Progress`], for display.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Snapshot {
    /// The current stage.
    pub stage: Stage,
    /// Units of the stage done.
    pub done: u64,
    /// Units in the stage (0 when unknown).
    pub total: u64,
    /// Whether cancellation was asked for.
    pub cancelled: bool,
}

impl Snapshot {
    /// The fraction of the stage done, in [0, 1].
    pub fn fraction(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            (self.done as f64 / self.total as f64).clamp(0.0, 1.0)
        }
    }
}

impl Progress {
    /// Progress at the start of the first stage.
    pub fn new() -> Progress {
        Progress::default()
    }

    /// A progress for work that runs beside this one's stage (its stages and counts are its
    /// own, shown to nobody): cancelled whenever this one is, and also on its own, which
    /// leaves this one as it is.
    pub fn beside(&self) -> Progress {
        let mut beside = self.beside.clone();
        beside.push(Arc::clone(&self.cancelled));
        Progress {
            beside,
            ..Progress::default()
        }
    }

    /// Starts `stage`, which has `total` units of work.
    pub fn begin(&self, stage: Stage, total: u64) {
        let index = Stage::ALL.iter().position(|&s| s == stage).unwrap_or(0);
        self.done.store(0, Ordering::Relaxed);
        self.total.store(total, Ordering::Relaxed);
        self.stage.store(index as u8, Ordering::Relaxed);
    }

    /// Sets each of `slots`, item `first + k` of a larger list at `slots[k]`, to `f` of its
    /// index, counted as done a [`BATCH`] at a time, as [`Progress::map`] does but in place
    /// (a list of millions is not built in pieces and copied together). Returns whether every
    /// slot was set: it stops early once cancelled.
    pub fn fill<T>(&self, first: usize, slots: &mut [T], mut f: impl FnMut(usize) -> T) -> bool {
        for (b, batch) in slots.chunks_mut(BATCH).enumerate() {
            if self.is_cancelled() {
                return false;
            }
            let start = first + b * BATCH;
            for (k, slot) in batch.iter_mut().enumerate() {
                *slot = f(start + k);
            }
            self.advance(batch.len() as u64);
        }
        true
    }

    /// Adds `units` to the current stage's total, for work found as the stage goes.
    pub fn add_total(&self, units: u64) {
        self.total.fetch_add(units, Ordering::Relaxed);
    }

    /// `f` of each index of `range`, in order, counted as done a [`BATCH`] at a time; stops
    /// early once cancelled, so the caller must [`Progress::check`] before using the result.
    pub fn map<T>(&self, range: Range<usize>, mut f: impl FnMut(usize) -> T) -> Vec<T> {
        let mut out = Vec::with_capacity(range.len());
        self.each(range, |i| out.push(f(i)));
        out
    }

    /// [`Progress::map`] for work that gathers its own results: `f` of each index of `range`,
    /// in order, until cancelled.
    pub fn each(&self, range: Range<usize>, mut f: impl FnMut(usize)) {
        let mut start = range.start;
        while start < range.end && !self.is_cancelled() {
            let end = range.end.min(start + BATCH);
            (start..end).for_each(&mut f);
            self.advance((end - start) as u64);
            start = end;
        }
    }

    /// Records `units` more done.
    pub fn advance(&self, units: u64) {
        self.done.fetch_add(units, Ordering::Relaxed);
    }

    /// Counts the current stage done up to `units` (never backwards): for the milestones of
    /// work that is not counted item by item.
    pub fn reach(&self, units: u64) {
        self.done.fetch_max(units, Ordering::Relaxed);
    }

    /// Asks the computation to stop at its next check.
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::Relaxed);
    }

    /// Whether [`Progress::cancel`] was called (here or on the progress this one runs
    /// beside).
    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
            || self.beside.iter().any(|p| p.load(Ordering::Relaxed))
    }

    /// `Err(Cancelled)` once cancelled; for `?` between stages.
    pub fn check(&self) -> Result<(), Cancelled> {
        if self.is_cancelled() {
            Err(Cancelled)
        } else {
            Ok(())
        }
    }

    /// The current reading.
    pub fn snapshot(&self) -> Snapshot {
        let index = usize::from(self.stage.load(Ordering::Relaxed));
        Snapshot {
            stage: Stage::ALL.get(index).copied().unwrap_or(Stage::Reading),
            done: self.done.load(Ordering::Relaxed),
            total: self.total.load(Ordering::Relaxed),
            cancelled: self.is_cancelled(),
        }
    }
}

/// How many items a worker handles between two progress reports and cancellation checks:
/// small enough to stop within milliseconds, large enough that the atomics cost nothing.
pub const BATCH: usize = 64;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_report_and_cancel() {
        let p = Progress::new();
        assert_eq!(p.snapshot().stage, Stage::Reading);
        p.begin(Stage::Matching, 200);
        p.advance(50);
        let s = p.snapshot();
        assert_eq!((s.stage, s.done, s.total), (Stage::Matching, 50, 200));
        assert!((s.fraction() - 0.25).abs() < 1e-9);
        assert_eq!(Stage::Matching.step(), (4, 10));
        p.reach(120);
        p.reach(100);
        assert_eq!(p.snapshot().done, 120, "never backwards");
        assert!(p.check().is_ok());
        p.cancel();
        assert_eq!(p.check(), Err(Cancelled));
        assert!(p.snapshot().cancelled);
    }

    #[test]
    fn map_counts_what_it_does_and_stops_once_cancelled() {
        let p = Progress::new();
        p.begin(Stage::Facts, 10);
        p.add_total(290);
        assert_eq!(
            p.map(5..205, |i| i * 2),
            (5..205).map(|i| i * 2).collect::<Vec<_>>()
        );
        let s = p.snapshot();
        assert_eq!((s.done, s.total), (200, 300));
        // Cancelled during the first batch: that batch finishes, no other starts.
        let mut calls = 0;
        let got = p.map(0..10 * BATCH, |i| {
            calls += 1;
            if i == 3 {
                p.cancel();
            }
            i
        });
        assert_eq!((calls, got.len()), (BATCH, BATCH));
        assert_eq!(p.map(0..5, |i| i), Vec::<usize>::new());
    }

    #[test]
    fn fill_sets_each_slot_in_place_and_stops_once_cancelled() {
        let p = Progress::new();
        p.begin(Stage::Layout, 200);
        let mut slots = vec![0; 200];
        assert!(p.fill(5, &mut slots, |i| i * 2));
        assert_eq!(slots, (5..205).map(|i| i * 2).collect::<Vec<_>>());
        assert_eq!(p.snapshot().done, 200);
        // Cancelled during the first batch: that batch finishes, no other starts.
        let mut slots = vec![0; 10 * BATCH];
        let done = p.fill(0, &mut slots, |i| {
            if i == 3 {
                p.cancel();
            }
            1
        });
        assert!(!done);
        assert_eq!(slots.iter().sum::<usize>(), BATCH);
    }

    #[test]
    fn work_beside_is_cancelled_with_the_stage_it_runs_beside_but_counts_apart() {
        let shown = Progress::new();
        shown.begin(Stage::Output, 10);
        let beside = shown.beside();
        beside.begin(Stage::Facts, 50);
        beside.advance(7);
        let s = shown.snapshot();
        assert_eq!((s.stage, s.done, s.total), (Stage::Output, 0, 10));
        // Cancelled on its own, it stops alone.
        let other = shown.beside();
        other.cancel();
        assert!(other.is_cancelled());
        assert!(!shown.is_cancelled() && !beside.is_cancelled());
        // And work beside that work stops with either.
        let further = beside.beside();
        shown.cancel();
        assert!(beside.is_cancelled() && further.is_cancelled());
        assert_eq!(beside.check(), Err(Cancelled));
    }
}
