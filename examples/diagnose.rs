//! Diagnostics for tuning: per gold pair, the similarity of each sure pair and of each false link.
//! `cargo run --release --example diagnose -- tests/gold/000_002.json`

use diptych::align::features::FeatureSpace;
use diptych::align::language::Analyzer;
use diptych::align::{AlignOptions, align};
use diptych::eval::Gold;
use diptych::load::{LoadOptions, load};

fn main() -> anyhow::Result<()> {
    for path in std::env::args().skip(1) {
        let gold: Gold = serde_json::from_str(&std::fs::read_to_string(&path)?)?;
        let l = load(gold.left_path.as_deref().unwrap_or(""), &LoadOptions::default())?;
        let r = load(gold.right_path.as_deref().unwrap_or(""), &LoadOptions::default())?;
        let sample: String = l.sentences.iter().chain(&r.sentences).map(|s| s.text.as_str()).collect::<Vec<_>>().join(" ");
        let an = Analyzer::detect(&sample);
        let space = FeatureSpace::build(&l, &r, &an);
        let find = |units: &[diptych::eval::Unit], id: usize, doc: &diptych::load::Document| {
            let u = &units[id];
            doc.sentences.iter().position(|s| s.span.start < u.end && u.start < s.span.end)
        };
        println!("== {path}");
        let n = l.sentences.len();
        let m = r.sentences.len();
        let sims: Vec<Vec<f32>> = (0..n).map(|i| (0..m).map(|j| space.similarity(i..i + 1, j..j + 1)).collect()).collect();
        let topk = |v: Vec<f32>, k: usize| { let mut v = v; v.sort_by(|a, b| b.total_cmp(a)); v.iter().take(k).sum::<f32>() / k as f32 };
        let margin = |i: usize, j: usize| {
            let row = topk(sims[i].clone(), 4);
            let col = topk((0..n).map(|x| sims[x][j]).collect(), 4);
            sims[i][j] / ((row + col) / 2.0)
        };
        let a = align(&l, &r, &AlignOptions::default());
        println!("threshold {:.3}", a.threshold);
        let mut best = (0.0f32, 0, 0);
        for i in 0..n { for j in 0..m { if !l.is_heading(i) && !r.is_heading(j) && sims[i][j] > best.0 { best = (sims[i][j], i, j); } } }
        println!("strongest body pair {:.3} {}-{}", best.0, best.1, best.2);
        let mut linked = std::collections::HashSet::new();
        for k in &a.links {
            for &i in &k.left { for &j in &k.right { linked.insert((i, j)); } }
        }
        for &(x, y) in &gold.sure {
            if let (Some(i), Some(j)) = (find(&gold.left, x, &l), find(&gold.right, y, &r)) {
                let s = space.similarity(i..i + 1, j..j + 1);
                let mark = if linked.contains(&(i, j)) { "ok  " } else { "MISS" };
                println!("{mark} sure {i:>2}-{j:<2} {s:.3} m{:.2}  {} || {}", margin(i, j), trunc(&l.sentences[i].text), trunc(&r.sentences[j].text));
            }
        }
        let sure_or_possible: std::collections::HashSet<(usize, usize)> = gold.sure.iter().chain(&gold.possible)
            .filter_map(|&(x, y)| Some((find(&gold.left, x, &l)?, find(&gold.right, y, &r)?))).collect();
        for k in &a.links {
            for &i in &k.left { for &j in &k.right {
                if !sure_or_possible.contains(&(i, j)) {
                    println!("FALSE {:?} {i:>2}-{j:<2} {:.3} m{:.2}  {} || {}", k.kind, k.similarity, margin(i, j), trunc(&l.sentences[i].text), trunc(&r.sentences[j].text));
                }
            }}
        }
    }
    Ok(())
}

fn trunc(s: &str) -> String {
    s.chars().take(60).collect()
}
