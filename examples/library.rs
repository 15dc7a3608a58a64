//! Library-mode measurement aid.
//!
//! - `cargo run --release --example library -- scores FILE…`: every pair of the files with its
//!   stem cosine (the pre-filter's measure), shared content and links, and whether it counts
//!   as one story; the numbers `docs/library.md` chose the thresholds from.
//! - `cargo run --release --example library -- generate DIR [N] [SEED]`: writes a generated
//!   folder of N news-length articles (default 500) for timing `diptych rank DIR` by hand.
//! - `cargo run --release --example library -- truth [N] [SEED]`: ranks a generated folder
//!   and compares the stories found with the generated ones.

use std::collections::BTreeMap;

use anyhow::{Context, Result, bail};
use diptych::align::{AlignOptions, align};
use diptych::library::index::StemIndex;
use diptych::library::score::shared_content;
use diptych::library::synthetic::{Spec, generate};
use diptych::library::{Library, RankOptions};
use diptych::load::{Document, LoadOptions, load, load_bytes};

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let number = |i: usize, default: u64| -> Result<u64> {
        args.get(i)
            .map_or(Ok(default), |s| s.parse().context("a number"))
    };
    match args.first().map(String::as_str) {
        Some("scores") => scores(&args[1..]),
        Some("generate") => {
            let dir = args.get(1).context("generate DIR [N] [SEED]")?;
            std::fs::create_dir_all(dir)?;
            for g in generate(&Spec::news_folder(number(2, 500)? as usize, number(3, 1)?)) {
                std::fs::write(std::path::Path::new(dir).join(&g.name), &g.text)?;
            }
            Ok(())
        }
        Some("truth") => truth(number(1, 500)? as usize, number(2, 1)?),
        _ => bail!("usage: library scores FILE… | generate DIR [N] [SEED] | truth [N] [SEED]"),
    }
}

fn scores(paths: &[String]) -> Result<()> {
    let docs: Vec<Document> = paths
        .iter()
        .map(|p| load(p, &LoadOptions::default()))
        .collect::<Result<_, _>>()?;
    let refs: Vec<&Document> = docs.iter().collect();
    let index = StemIndex::build(&refs, 0);
    let lib = Library::new(docs.clone(), &RankOptions::default());
    println!("a  b  cosine shared links story");
    for a in 0..docs.len() {
        for b in a + 1..docs.len() {
            let al = align(&docs[a], &docs[b], &AlignOptions::default());
            let same = lib.pair(a, b).is_some_and(|p| p.same_story);
            println!(
                "{a:<2} {b:<2} {:.3}  {:.3}  {:<5} {}",
                index.cosine(a, b),
                shared_content(&docs[a], &docs[b], &al),
                al.links.len(),
                if same { "same" } else { "" }
            );
        }
    }
    for s in &lib.ranking.stories {
        println!("story {:?}", s.articles);
    }
    Ok(())
}

fn truth(n: usize, seed: u64) -> Result<()> {
    let folder = generate(&Spec::news_folder(n, seed));
    let docs: Vec<Document> = folder
        .iter()
        .map(|g| load_bytes(&g.name, g.text.as_bytes(), &LoadOptions::default()))
        .collect::<Result<_, _>>()?;
    let start = std::time::Instant::now();
    let lib = Library::new(docs, &RankOptions::default());
    let took = start.elapsed();
    // Shared content of pairs in one generated story and across stories, bucketed.
    let mut within: BTreeMap<u32, usize> = BTreeMap::new();
    let mut across: BTreeMap<u32, usize> = BTreeMap::new();
    for p in &lib.ranking.pairs {
        // DIPTYCH_COSINE=1 buckets the pre-filter's cosine instead.
        let measure = if std::env::var_os("DIPTYCH_COSINE").is_some() {
            p.cosine
        } else {
            p.shared
        };
        let bucket = (measure * 20.0) as u32;
        let side = if folder[p.a].story == folder[p.b].story {
            &mut within
        } else {
            &mut across
        };
        *side.entry(bucket).or_default() += 1;
    }
    let mut exact = 0;
    for s in &lib.ranking.stories {
        let truth = folder[s.articles[0]].story;
        let all = folder.iter().filter(|g| g.story == truth).count();
        if s.articles.len() == all && s.articles.iter().all(|&a| folder[a].story == truth) {
            exact += 1;
        }
    }
    let stories = folder.iter().map(|g| g.story).max().map_or(0, |m| m + 1);
    println!(
        "{n} articles, {stories} generated stories, {} found, {exact} exactly; {} pairs aligned in {:.2?}",
        lib.ranking.stories.len(),
        lib.ranking.pairs.len(),
        took
    );
    println!("bucket (x0.05)  within  across");
    for b in 0..20 {
        let (w, a) = (
            within.get(&b).copied().unwrap_or(0),
            across.get(&b).copied().unwrap_or(0),
        );
        if w + a > 0 {
            println!("{b:>14}  {w:>6}  {a:>6}");
        }
    }
    Ok(())
}
