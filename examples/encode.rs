//! Embeds the sentences of a file with the built-in encoder and reports the speed.
//!
//! `cargo run --release --example encode -- FILE [FILE…]`

use std::ops::Range;
use std::time::Instant;

use diptych::align::meaning::Encoder;
use diptych::align::meaning::usem3::Usem3;
use diptych::load::{LoadOptions, load};

fn main() -> anyhow::Result<()> {
    let t = Instant::now();
    let model = Usem3::builtin()?;
    println!("open: {:.1} ms", t.elapsed().as_secs_f64() * 1e3);
    for path in std::env::args().skip(1) {
        let doc = load(&path, &LoadOptions::default())?;
        let texts: Vec<&str> = doc.sentences.iter().map(|s| s.text).collect();
        let tokens: usize = texts.iter().map(|t| model.tokens(t).len()).sum();
        let t = Instant::now();
        let v = model.encode(&texts);
        let alone = t.elapsed().as_secs_f64();
        let runs: Vec<Range<usize>> = (1..=6)
            .flat_map(|len| (0..texts.len().saturating_sub(len - 1)).map(move |s| s..s + len))
            .collect();
        let t = Instant::now();
        let g = model.embed_runs(&texts, &runs, &diptych::progress::Progress::new());
        let grouped = t.elapsed().as_secs_f64();
        println!(
            "{path}: {} sentences, {tokens} tokens: alone {:.1} ms ({:.0} µs/token); {} runs of 1-6 {:.1} ms",
            texts.len(),
            alone * 1e3,
            alone * 1e6 / tokens as f64,
            runs.len(),
            grouped * 1e3
        );
        assert_eq!(v.len(), texts.len());
        assert_eq!(g.len(), runs.len());
    }
    Ok(())
}
