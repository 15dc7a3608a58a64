//! Parameter sweeps for the combined (words + meaning) aligner, on development sets only.
//!
//! `cargo run --release --example tune -- [SET…] [param=v1,v2,…]…`
//!
//! Sets default to `news dev xdev-b xdev-c` (never `test`: it is run once per change, by the
//! eval example). Each document is embedded once; every combination of the listed parameter
//! values is then aligned and scored. Parameters: the fields of `MeaningParams` (word_weight,
//! neighbours, floor_base, floor_competition, move_margin,
//! seed_ratio, max_group, group_gain, member_slack, split_ratio, split_floor, little_shared,
//! little_raise, repeat_margin, repeat_closeness, held_drop). `--gold-sentences` aligns the
//! gold's own sentences (what splitting costs); `--per-pair` prints every pair.

use diptych::align::meaning::runs::RunVectors;
use diptych::align::{AlignOptions, align_prepared, embed_document};
use diptych::eval::sets::{Case, load_set};
use diptych::eval::{Score, score};
use diptych::progress::Progress;

/// A gold case with both documents' sentence vectors, made once for every setting tried.
type Prepared = (Case, Option<(RunVectors, RunVectors)>);

fn main() -> anyhow::Result<()> {
    let mut sets: Vec<String> = Vec::new();
    let gold_sentences = std::env::args().any(|a| a == "--gold-sentences");
    let per_pair = std::env::args().any(|a| a == "--per-pair");
    let mut grid: Vec<(String, Vec<f32>)> = Vec::new();
    for a in std::env::args().skip(1).filter(|a| !a.starts_with("--")) {
        match a.split_once('=') {
            Some((k, v)) => grid.push((
                k.to_string(),
                v.split(',').filter_map(|x| x.parse().ok()).collect(),
            )),
            None => sets.push(a),
        }
    }
    if sets.is_empty() {
        sets = ["news", "dev", "xdev-b", "xdev-c"]
            .map(String::from)
            .to_vec();
    }
    anyhow::ensure!(
        !sets.iter().any(|s| s == "test"),
        "tune on development sets only"
    );
    let mut loaded: Vec<(String, Vec<Prepared>)> = Vec::new();
    for s in &sets {
        let cases = load_set(s)?;
        let with = cases
            .into_iter()
            .map(|mut c| {
                if gold_sentences {
                    c.left = regroup(&c.left, &c.gold.left);
                    c.right = regroup(&c.right, &c.gold.right);
                }
                let v = embed_document(&c.left, 6).zip(embed_document(&c.right, 6));
                (c, v)
            })
            .collect();
        loaded.push((s.clone(), with));
    }
    let mut combos: Vec<Vec<(String, f32)>> = vec![Vec::new()];
    for (k, values) in &grid {
        combos = combos
            .into_iter()
            .flat_map(|c| {
                values.iter().map(move |&v| {
                    let mut c = c.clone();
                    c.push((k.clone(), v));
                    c
                })
            })
            .collect();
    }
    for combo in combos {
        let mut options = AlignOptions::default();
        for (k, v) in &combo {
            let p = &mut options.combined;
            match k.as_str() {
                "word_weight" => p.word_weight = *v,
                "neighbours" => p.neighbours = *v as usize,
                "floor_base" => p.floor_base = *v,
                "floor_competition" => p.floor_competition = *v,
                "move_margin" => p.move_margin = *v,
                "seed_ratio" => p.seed_ratio = *v,
                "max_group" => p.max_group = *v as usize,
                "group_gain" => p.group_gain = *v,
                "member_slack" => p.member_slack = *v,
                "split_ratio" => p.split_ratio = *v,
                "split_floor" => p.split_floor = *v,
                "repeat_margin" => p.repeat_margin = *v,
                "little_shared" => p.little_shared = *v,
                "little_raise" => p.little_raise = *v,
                "repeat_closeness" => p.repeat_closeness = *v,
                "held_drop" => p.held_drop = *v,
                other => anyhow::bail!("unknown parameter {other}"),
            }
        }
        let label: Vec<String> = combo.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let mut line = format!("{:<60}", label.join(" "));
        for (set, cases) in &loaded {
            let mut total = Score::default();
            let mut links = 0;
            let mut neg_links = 0;
            for (c, v) in cases {
                let a = align_prepared(
                    &c.left,
                    &c.right,
                    v.as_ref().map(|(l, r)| (l, r)),
                    &options,
                    &Progress::new(),
                )?;
                links += a.links.len();
                if c.name == "000_001" {
                    neg_links = a.links.len() + a.repeats.len();
                }
                let one = score(&c.gold, &c.left, &c.right, a.correspondences());
                if per_pair {
                    println!(
                        "  {set} {:<24} P {:.3} R {:.3} F1 {:.3} sure {:>3} links {:>3} floor {:.3}",
                        c.name,
                        one.precision(),
                        one.recall(),
                        one.f1(),
                        one.sure,
                        a.links.len(),
                        a.threshold
                    );
                }
                total.add(&one);
            }
            if set == "xdev-c" {
                line += &format!(
                    " | {set} {:.2} links/pair",
                    links as f64 / cases.len() as f64
                );
            } else {
                if set == "news" {
                    line += &format!(" | 000/001 {neg_links}");
                }
                line += &format!(
                    " | {set} {:.3} {:.3} {:.3} nc{:.3}",
                    total.precision(),
                    total.recall(),
                    total.f1(),
                    total.recall_non_identical()
                );
            }
        }
        println!("{line}");
    }
    Ok(())
}

/// The document cut into the gold units instead of its own sentences (to measure what
/// sentence splitting costs).
fn regroup(
    doc: &diptych::load::Document,
    units: &[diptych::eval::Unit],
) -> diptych::load::Document {
    use diptych::load::SentenceList;
    use diptych::load::source_map::SourceMap;
    let mut out = doc.clone();
    let bytes = std::fs::read(&doc.path).unwrap_or_default();
    let mut sentences = SentenceList::default();
    for u in units {
        let paragraph = doc
            .sentences
            .iter()
            .find(|s| s.span().start <= u.start && u.start < s.span().end.max(s.span().start + 1))
            .map_or(0, |s| s.paragraph);
        let text = String::from_utf8_lossy(&bytes[u.start..u.end]);
        sentences.push(&text, paragraph, SourceMap::shifted(text.len(), u.start));
    }
    out.sentences = sentences;
    out
}
