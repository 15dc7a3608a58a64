//! Quality floors, so alignment quality cannot silently drop. The full table comes from
//! `cargo run --release --example eval`; these are the floors from the alignment issue.

use std::path::Path;

use diptych::align::{AlignOptions, align};
use diptych::eval::{Gold, Score, jaccard_baseline, score};
use diptych::load::{Document, LoadOptions, load};

use crate::util::root;

fn load_path(p: &Path) -> Document {
    load(&p.to_string_lossy(), &LoadOptions::default()).expect("loads")
}

fn read_gold(p: &Path) -> Gold {
    serde_json::from_str(&std::fs::read_to_string(p).expect("gold file")).expect("gold json")
}

/// (ours, baseline) pooled over the cases.
fn run(cases: &[(Gold, Document, Document)]) -> (Score, Score) {
    let (mut ours, mut base) = (Score::default(), Score::default());
    for (gold, l, r) in cases {
        let a = align(l, r, &AlignOptions::default());
        ours.add(&score(
            gold,
            l,
            r,
            a.links
                .iter()
                .map(|k| (k.left.as_slice(), k.right.as_slice())),
        ));
        let b = jaccard_baseline(l, r, 0.25);
        base.add(&score(
            gold,
            l,
            r,
            b.iter().map(|(x, y)| (x.as_slice(), y.as_slice())),
        ));
    }
    (ours, base)
}

fn news_cases() -> Vec<(String, Gold, Document, Document)> {
    let dir = root().join("tests/gold");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/gold")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|f| {
            let gold = read_gold(&f);
            let l = load_path(&root().join(gold.left_path.clone().expect("left_path")));
            let r = load_path(&root().join(gold.right_path.clone().expect("right_path")));
            let name = f.file_stem().expect("stem").to_string_lossy().into_owned();
            (name, gold, l, r)
        })
        .collect()
}

#[test]
fn news_gold_beats_the_word_overlap_baseline_by_five_points() {
    let cases: Vec<(Gold, Document, Document)> = news_cases()
        .into_iter()
        .map(|(_, g, l, r)| (g, l, r))
        .collect();
    assert!(cases.len() >= 5, "gold for at least five pairs");
    let (ours, base) = run(&cases);
    assert!(
        ours.f1() >= base.f1() + 0.05,
        "pooled F1 {:.3} vs baseline {:.3}",
        ours.f1(),
        base.f1()
    );
}

#[test]
fn different_events_get_at_most_three_links() {
    let l = load_path(&root().join(crate::util::article("000")));
    let r = load_path(&root().join(crate::util::article("001")));
    let a = align(&l, &r, &AlignOptions::default());
    assert!(
        a.links.len() <= 3,
        "{} links between 000 and 001",
        a.links.len()
    );
}

#[test]
fn public_benchmark_test_split_floor() {
    let dir = root().join("tests/benchmarks/deplain-web/test");
    let mut pairs: Vec<_> = std::fs::read_dir(&dir)
        .expect("deplain test")
        .flatten()
        .map(|e| e.path())
        .collect();
    pairs.sort();
    let cases: Vec<(Gold, Document, Document)> = pairs
        .iter()
        .map(|p| {
            (
                read_gold(&p.join("gold.json")),
                load_path(&p.join("left.txt")),
                load_path(&p.join("right.txt")),
            )
        })
        .collect();
    assert_eq!(cases.len(), 50);
    let (ours, _) = run(&cases);
    assert!(ours.f1() > 0.80, "test F1 {:.3}", ours.f1());
    assert!(
        ours.precision() >= 0.90,
        "test precision {:.3}",
        ours.precision()
    );
}
