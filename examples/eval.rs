//! Alignment quality against gold: our sample-pair gold (`tests/gold`) and the public DEplain-web
//! benchmark (`tests/benchmarks/deplain-web`), with the word-overlap baseline beside.
//!
//! `cargo run --release --example eval [-- news|dev|test ...] [--threshold X]`
//! Tune on `dev` only; report `test` once per change.

use std::path::{Path, PathBuf};

use diptych::align::{AlignOptions, align};
use diptych::eval::{Gold, Score, jaccard_baseline, score};
use diptych::load::{Document, LoadOptions, load};

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut threshold = None;
    let mut sets: Vec<String> = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--threshold" {
            threshold = it.next().and_then(|v| v.parse().ok());
        } else {
            sets.push(a.clone());
        }
    }
    if sets.is_empty() {
        sets = vec!["news".into(), "dev".into(), "test".into()];
    }
    let options = AlignOptions {
        threshold,
        ..AlignOptions::default()
    };
    for set in &sets {
        let cases = cases(set)?;
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
        for (name, gold, l, r) in &cases {
            let a = align(l, r, &options);
            let s = score(
                gold,
                l,
                r,
                a.links
                    .iter()
                    .map(|k| (k.left.as_slice(), k.right.as_slice())),
            );
            let bl = jaccard_baseline(l, r, 0.25);
            let b = score(
                gold,
                l,
                r,
                bl.iter().map(|(x, y)| (x.as_slice(), y.as_slice())),
            );
            if verbose {
                println!(
                    "{name:<10} {:>6.3} {:>6.3} {:>6.3} {:>6}   {:>6.3} {:>6.3} {:>6.3} {:>6}",
                    s.precision(),
                    s.recall(),
                    s.f1(),
                    s.links,
                    b.precision(),
                    b.recall(),
                    b.f1(),
                    b.links
                );
            }
            ours.add(&s);
            base.add(&b);
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

type Case = (String, Gold, Document, Document);

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn cases(set: &str) -> anyhow::Result<Vec<Case>> {
    let opts = LoadOptions::default();
    let mut out = Vec::new();
    if set == "news" {
        let dir = root().join("tests/gold");
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        files.sort();
        for f in files {
            let gold: Gold = serde_json::from_str(&std::fs::read_to_string(&f)?)?;
            let lp = root().join(gold.left_path.clone().unwrap_or_default());
            let rp = root().join(gold.right_path.clone().unwrap_or_default());
            let name = f
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            out.push((name, gold, load_path(&lp, &opts)?, load_path(&rp, &opts)?));
        }
    } else {
        let dir = root().join("tests/benchmarks/deplain-web").join(set);
        let mut pairs: Vec<PathBuf> = std::fs::read_dir(&dir)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        pairs.sort();
        for p in pairs {
            let gold: Gold = serde_json::from_str(&std::fs::read_to_string(p.join("gold.json"))?)?;
            let name = p
                .file_name()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            out.push((
                name,
                gold,
                load_path(&p.join("left.txt"), &opts)?,
                load_path(&p.join("right.txt"), &opts)?,
            ));
        }
    }
    Ok(out)
}

fn load_path(p: &Path, opts: &LoadOptions) -> anyhow::Result<Document> {
    Ok(load(&p.to_string_lossy(), opts)?)
}
