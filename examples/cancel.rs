//! How long work takes to stop once cancelled, stage by stage (issue 16: at most 0.3 s).
//!
//! `cargo run --release --example cancel -- LEFT RIGHT [RUNS]`
//!
//! Loads the pair, then for each stage runs the `align --format json` pipeline (and the text
//! layout for the layout stage) on a worker thread, cancels it a little after the stage begins
//! and prints the time from the cancel to the worker's return: the worst of `RUNS` (default 3)
//! and the stage's whole length when it ran uncancelled, for scale. Loading is not covered:
//! the loader has no cancellation points (a 10 MB file loads in well under a second).

use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use diptych::align::{AlignOptions, align_with};
use diptych::export::{json, text};
use diptych::load::{Document, LoadOptions, load_bytes};
use diptych::progress::{Progress, Stage};

/// Cancelled this long after the stage is first seen: inside its work, not at its start.
const INTO_STAGE: Duration = Duration::from_millis(30);

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(l), Some(r)) = (args.first(), args.get(1)) else {
        anyhow::bail!("usage: cancel LEFT RIGHT [RUNS]");
    };
    let runs: usize = args.get(2).and_then(|v| v.parse().ok()).unwrap_or(3);
    let load = |p: &str| -> Result<Document> {
        let bytes = std::fs::read(p).with_context(|| format!("{p}: cannot read"))?;
        Ok(load_bytes(p, &bytes, &LoadOptions::default())?)
    };
    let (left, right) = (load(l)?, load(r)?);
    // Loading has no cancellation points (see the module's note).
    let stages = Stage::ALL.into_iter().filter(|&s| s != Stage::Reading);
    println!(
        "{:<28} {:>12} {:>14}",
        "stage", "to stop, ms", "stage ran, ms"
    );
    let lengths = stage_lengths(&left, &right);
    for stage in stages {
        let mut worst: Option<Duration> = None;
        for _ in 0..runs {
            if let Some(d) = cancel_in(&left, &right, stage) {
                worst = Some(worst.map_or(d, |w| w.max(d)));
            }
        }
        let ran = lengths
            .iter()
            .find(|(s, _)| *s == stage)
            .map_or("-".to_owned(), |(_, d)| format!("{}", d.as_millis()));
        match worst {
            Some(d) => println!("{:<28} {:>12} {:>14}", stage.label(), d.as_millis(), ran),
            None => println!("{:<28} {:>12} {:>14}", stage.label(), "not reached", ran),
        }
    }
    Ok(())
}

/// The whole pipeline: alignment, then the JSON (facts, word diffs, writing) or, for the
/// layout stage, the text layout.
fn pipeline(left: &Document, right: &Document, layout: bool, p: &Progress) -> Result<usize> {
    let a = align_with(left, right, &AlignOptions::default(), p)?;
    Ok(if layout {
        text::render_with(left, right, &a, 120, false, p)?.len()
    } else {
        json::to_json_with(left, right, &a, p)?.len()
    })
}

/// Runs the pipeline and cancels it [`INTO_STAGE`] after `stage` is first seen; the time from
/// the cancel to the pipeline's return, or `None` when the stage was never seen running.
fn cancel_in(left: &Document, right: &Document, stage: Stage) -> Option<Duration> {
    let progress = Progress::new();
    std::thread::scope(|scope| {
        let worker = scope.spawn(|| pipeline(left, right, stage == Stage::Layout, &progress));
        let mut seen: Option<Instant> = None;
        while !worker.is_finished() {
            let now = progress.snapshot().stage;
            if now == stage && seen.is_none() {
                seen = Some(Instant::now());
            }
            if seen.is_some_and(|t| t.elapsed() >= INTO_STAGE) {
                if progress.snapshot().stage != stage {
                    // Ended before the cancel could land inside it.
                    break;
                }
                let at = Instant::now();
                progress.cancel();
                let _ = worker.join();
                return Some(at.elapsed());
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        let _ = worker.join();
        None
    })
}

/// How long each stage ran in one uncancelled run (the JSON pipeline, then the layout).
fn stage_lengths(left: &Document, right: &Document) -> Vec<(Stage, Duration)> {
    let mut out: Vec<(Stage, Duration)> = Vec::new();
    for layout in [false, true] {
        let progress = Progress::new();
        std::thread::scope(|scope| {
            let worker = scope.spawn(|| pipeline(left, right, layout, &progress));
            let mut current = (progress.snapshot().stage, Instant::now());
            while !worker.is_finished() {
                let now = progress.snapshot().stage;
                if now != current.0 {
                    add(&mut out, current.0, current.1.elapsed());
                    current = (now, Instant::now());
                }
                std::thread::sleep(Duration::from_millis(1));
            }
            add(&mut out, current.0, current.1.elapsed());
            let _ = worker.join();
        });
    }
    out
}

fn add(out: &mut Vec<(Stage, Duration)>, stage: Stage, d: Duration) {
    match out.iter_mut().find(|(s, _)| *s == stage) {
        Some((_, total)) => *total = (*total).max(d),
        None => out.push((stage, d)),
    }
}
