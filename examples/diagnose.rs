//! Tuning aid: for gold files, each sure pair with its scores (combined, meaning, words) and
//! whether the engine linked it, then each link the gold does not have.
//!
//! `cargo run --release --example diagnose -- SET [CASE …]` (sets as in `eval::sets`: news,
//! dev, xdev-b, …; cases by name, all when none given)

use std::collections::HashSet;

use diptych::align::combined::{Combined, MeaningParams, splitting};
use diptych::align::features::FeatureSpace;
use diptych::align::language::Analyzer;
use diptych::align::{AlignOptions, align, embed_document, side_sample};
use diptych::eval::Unit;
use diptych::load::Document;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let set = args.first().cloned().unwrap_or_else(|| "news".into());
    for case in diptych::eval::sets::load_set(&set)? {
        if args.len() > 1 && !args[1..].contains(&case.name) {
            continue;
        }
        let (gold, l, r) = (case.gold, case.left, case.right);
        let path = case.name;
        // Prepared as the engine prepares a pair it reads in full (languages per side, groups
        // up to its largest, which side splits); the floor shown is the engine's own.
        let params = MeaningParams::default();
        let analyzers = Analyzer::pair(&side_sample(&l), &side_sample(&r));
        let space = FeatureSpace::build(
            &l,
            &r,
            (&analyzers.0, &analyzers.1),
            &diptych::progress::Progress::new(),
        );
        let (lv, rv) = (
            embed_document(&l, params.max_group),
            embed_document(&r, params.max_group),
        );
        let combined = lv.as_ref().zip(rv.as_ref()).map(|(a, b)| {
            let mut c = Combined::new(&space, (a, b), None, None, &params);
            c.set_splitting(splitting(&l, &r, params.split_ratio));
            c
        });
        let scores = |i: usize, j: usize| {
            let words = space.similarity(i..i + 1, j..j + 1);
            match &combined {
                Some(c) => format!(
                    "S {:.3} E {:.3} L {words:.3}",
                    c.similarity(i..i + 1, j..j + 1),
                    c.meaning(i..i + 1, j..j + 1).unwrap_or(f32::NAN)
                ),
                None => format!("L {words:.3}"),
            }
        };
        let a = align(&l, &r, &AlignOptions::default());
        let r_doc = &r;
        println!("== {path} (floor {:.3})", a.threshold);
        let linked: HashSet<(usize, usize)> = a
            .links
            .iter()
            .flat_map(|k| {
                k.left
                    .iter()
                    .flat_map(|&i| k.right.iter().map(move |&j| (i, j)))
            })
            .chain(a.repeats.iter().map(|r| (r.left, r.right)))
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
            println!(
                "{mark} {i:>3}-{j:<3} {}  {} || {}",
                scores(i, j),
                cut(&l, i),
                cut(&r, j)
            );
        }
        let sure: HashSet<(usize, usize)> = gold.sure.iter().filter_map(to_ours).collect();
        let possible: HashSet<(usize, usize)> = gold.possible.iter().filter_map(to_ours).collect();
        for r in &a.repeats {
            if !sure.contains(&(r.left, r.right)) {
                println!(
                    "EXTRA {:>3}-{:<3} {} repeat  {} || {}",
                    r.left,
                    r.right,
                    scores(r.left, r.right),
                    cut(&l, r.left),
                    cut(r_doc, r.right)
                );
            }
        }
        for k in &a.links {
            for (i, j) in k
                .left
                .iter()
                .flat_map(|&i| k.right.iter().map(move |&j| (i, j)))
            {
                if !sure.contains(&(i, j)) {
                    let tag = if possible.contains(&(i, j)) {
                        "POSS "
                    } else {
                        "EXTRA"
                    };
                    println!(
                        "{tag} {i:>3}-{j:<3} {} link {:?} {:?}-{:?} {:.3}  {} || {}",
                        scores(i, j),
                        k.kind,
                        k.left,
                        k.right,
                        k.similarity,
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
        .position(|s| s.span().start < u.end && u.start < s.span().end)
}

fn cut(doc: &Document, i: usize) -> String {
    doc.sentences.at(i).text.chars().take(56).collect()
}
