//! Tuning aid: for gold files, each sure pair with its 1:1 similarity and whether the engine
//! linked it, then each link the gold does not have.
//!
//! `cargo run --release --example diagnose -- tests/gold/000_002.json [more.json …]`

use std::collections::HashSet;

use diptych::align::features::FeatureSpace;
use diptych::align::language::Analyzer;
use diptych::align::{AlignOptions, align};
use diptych::eval::{Gold, Unit};
use diptych::load::{Document, LoadOptions, load};

fn main() -> anyhow::Result<()> {
    for path in std::env::args().skip(1) {
        let gold: Gold = serde_json::from_str(&std::fs::read_to_string(&path)?)?;
        let l = load(
            gold.left_path.as_deref().unwrap_or(""),
            &LoadOptions::default(),
        )?;
        let r = load(
            gold.right_path.as_deref().unwrap_or(""),
            &LoadOptions::default(),
        )?;
        let sample: Vec<&str> = l
            .sentences
            .iter()
            .chain(&r.sentences)
            .map(|s| s.text.as_str())
            .collect();
        let space = FeatureSpace::build(
            &l,
            &r,
            &Analyzer::detect(&sample.join(" ")),
            &diptych::progress::Progress::new(),
        );
        let a = align(&l, &r, &AlignOptions::default());
        println!("== {path} (typical floor {:.3})", a.threshold);
        let linked: HashSet<(usize, usize)> = a
            .links
            .iter()
            .flat_map(|k| {
                k.left
                    .iter()
                    .flat_map(|&i| k.right.iter().map(move |&j| (i, j)))
            })
            .collect();
        let to_ours = |&(x, y): &(usize, usize)| {
            Some((
                sentence_at(&gold.left, x, &l)?,
                sentence_at(&gold.right, y, &r)?,
            ))
        };
        for (i, j) in gold.sure.iter().filter_map(to_ours) {
            let mark = if linked.contains(&(i, j)) {
                "ok  "
            } else {
                "MISS"
            };
            let s = space.similarity(i..i + 1, j..j + 1);
            println!(
                "{mark} {i:>3}-{j:<3} {s:.3}  {} || {}",
                cut(&l, i),
                cut(&r, j)
            );
        }
        let gold_pairs: HashSet<(usize, usize)> = gold
            .sure
            .iter()
            .chain(&gold.possible)
            .filter_map(to_ours)
            .collect();
        for k in &a.links {
            for (i, j) in k
                .left
                .iter()
                .flat_map(|&i| k.right.iter().map(move |&j| (i, j)))
            {
                if !gold_pairs.contains(&(i, j)) {
                    println!(
                        "EXTRA {i:>3}-{j:<3} {:.3} {:?}  {} || {}",
                        k.similarity,
                        k.kind,
                        cut(&l, i),
                        cut(&r, j)
                    );
                }
            }
        }
    }
    Ok(())
}

/// Our sentence overlapping gold unit `id`.
fn sentence_at(units: &[Unit], id: usize, doc: &Document) -> Option<usize> {
    let u = units.get(id)?;
    doc.sentences
        .iter()
        .position(|s| s.span.start < u.end && u.start < s.span.end)
}

fn cut(doc: &Document, i: usize) -> String {
    doc.sentences[i].text.chars().take(56).collect()
}
