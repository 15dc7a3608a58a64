//! Alignment quality against gold: our sample-pair gold (`tests/gold`), the public DEplain-web
//! benchmark and the cross-lingual development set (both read from `../shared/benchmarks`,
//! or from `$DIPTYCH_BENCHMARKS`), with the word-overlap baseline beside.
//!
//! `cargo run --release --example eval [-- SET…] [--threshold X] [--words-only] [--grams N[-M]]`
//!
//! Sets: `news`, `dev`, `test`, `xdev-a`, `xdev-b`, `xdev-c` (default: `news dev test`), and
//! each of them `-joined` (`dev-joined`): the set's pairs joined into one long pair, aligned as
//! a book is. `--words-only` turns the sentence encoder off (the lexical engine alone);
//! `--grams 4` takes n-grams of four characters alone, as a book does (`--grams 3-5`: as a
//! shorter pair does). Tune on `dev` and the development sets only; report `test` once per
//! change.

use diptych::align::{AlignOptions, align};
use diptych::eval::sets::{SETS, joined, load_set};
use diptych::eval::{Score, jaccard_baseline, score};

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut options = AlignOptions::default();
    let mut sets: Vec<String> = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--threshold" => options.threshold = it.next().and_then(|v| v.parse().ok()),
            "--words-only" => options.meaning = false,
            "--grams" => {
                let v = it.next().map_or("", String::as_str);
                let (low, high) = v.split_once('-').unwrap_or((v, v));
                match (low.parse::<usize>(), high.parse::<usize>()) {
                    (Ok(low), Ok(high)) if 1 <= low && low <= high => {
                        options.gram_lengths = Some(low..=high);
                    }
                    _ => anyhow::bail!("--grams takes a length or two, as 4 or 3-5 (not {v:?})"),
                }
            }
            s if SETS.contains(&s.strip_suffix("-joined").unwrap_or(s)) => sets.push(a.clone()),
            other => anyhow::bail!("unknown argument {other} (sets: {})", SETS.join(", ")),
        }
    }
    if sets.is_empty() {
        sets = ["news", "dev", "test"].map(String::from).to_vec();
    }
    for set in &sets {
        let cases = match set.strip_suffix("-joined") {
            Some(base) => vec![joined(set, &load_set(base)?)?],
            None => load_set(set)?,
        };
        let verbose = set == "news";
        println!("\n== {set} ({} pairs)", cases.len());
        if verbose {
            println!(
                "{:<10} {:>6} {:>6} {:>6} {:>6}   {:>6} {:>6} {:>6} {:>6}",
                "pair", "P", "R", "F1", "links", "P", "R", "F1", "links"
            );
            println!("{:<10} {:^30}   {:^30}", "", "diptych", "Jaccard >= 0.25");
        }
        let (mut ours, mut base) = (Score::default(), Score::default());
        let mut links = 0;
        for c in &cases {
            let a = align(&c.left, &c.right, &options);
            links += a.links.len();
            let s = score(&c.gold, &c.left, &c.right, a.correspondences());
            let bl = jaccard_baseline(&c.left, &c.right, 0.25);
            let b = score(
                &c.gold,
                &c.left,
                &c.right,
                bl.iter().map(|(x, y)| (x.as_slice(), y.as_slice())),
            );
            if verbose {
                println!(
                    "{:<10} {:>6.3} {:>6.3} {:>6.3} {:>6}   {:>6.3} {:>6.3} {:>6.3} {:>6}",
                    c.name,
                    s.precision(),
                    s.recall(),
                    s.f1(),
                    a.links.len(),
                    b.precision(),
                    b.recall(),
                    b.f1(),
                    b.links
                );
            }
            ours.add(&s);
            base.add(&b);
        }
        if set == "xdev-c" {
            println!(
                "unrelated: {:.2} links a pair (baseline {:.2} pairs)",
                links as f64 / cases.len().max(1) as f64,
                base.predicted as f64 / cases.len().max(1) as f64
            );
            continue;
        }
        println!(
            "{:<10} {:>6.3} {:>6.3} {:>6.3} {:>6}   {:>6.3} {:>6.3} {:>6.3} {:>6}   (pooled; R non-identical {:.3} vs {:.3})",
            "pooled",
            ours.precision(),
            ours.recall(),
            ours.f1(),
            ours.links,
            base.precision(),
            base.recall(),
            base.f1(),
            base.links,
            ours.recall_non_identical(),
            base.recall_non_identical()
        );
    }
    Ok(())
}
