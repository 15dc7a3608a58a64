//! How long loading one file takes, run after run, with its sentence count.
//!
//! `cargo run --release --example load -- FILE [RUNS]`
//!
//! Loading is the one stage a pair's two files do apart (each on its own core), so its cost
//! is easiest to see alone. Under `valgrind --tool=cachegrind --branch-sim=yes` with one run,
//! it gives exact instruction and mispredicted-branch counts, which this shared machine's
//! wall times (±25% from hour to hour) cannot.

use std::time::Instant;

use anyhow::{Context, Result};
use diptych::load::{LoadOptions, load_with};
use diptych::progress::Progress;

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let path = args.next().context("usage: load FILE [RUNS]")?;
    let runs: usize = match args.next() {
        Some(n) => n.parse().context("RUNS must be a number")?,
        None => 5,
    };
    for _ in 0..runs {
        let started = Instant::now();
        let doc = load_with(&path, &LoadOptions::default(), &Progress::new())?;
        println!(
            "{:.3} s, {} sentences",
            started.elapsed().as_secs_f64(),
            doc.sentences.len()
        );
    }
    Ok(())
}
