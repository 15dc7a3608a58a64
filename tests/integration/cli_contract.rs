//! `diptych align LEFT RIGHT --format json` against `align-json.md`, with types written here from
//! the contract (not the crate's own), so a change to the output that breaks readers fails.

use std::collections::HashSet;

use serde::Deserialize;

use crate::util::{article, diptych, root, stderr, stdout};

#[derive(Deserialize)]
struct Output {
    version: u32,
    left: Side,
    right: Side,
    links: Vec<Link>,
}

#[derive(Deserialize)]
struct Side {
    path: String,
    sentences: Vec<Sentence>,
}

#[derive(Deserialize)]
struct Sentence {
    start: usize,
    end: usize,
    text: String,
    paragraph: usize,
}

#[derive(Deserialize)]
struct Link {
    left: Vec<usize>,
    right: Vec<usize>,
    kind: String,
    similarity: f64,
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn check_side(side: &Side) {
    let bytes = std::fs::read(root().join(&side.path)).expect("reads the article");
    let mut last_end = 0;
    let mut last_para = 0;
    for s in &side.sentences {
        assert!(
            s.start < s.end && s.end <= bytes.len(),
            "range inside the file"
        );
        assert!(s.start >= last_end, "ascending, non-overlapping");
        assert!(s.paragraph >= last_para, "paragraphs in reading order");
        let source = std::str::from_utf8(&bytes[s.start..s.end]).expect("on char boundaries");
        assert_eq!(squash(source), s.text, "the bytes are the sentence");
        last_end = s.end;
        last_para = s.paragraph;
    }
}

fn align_json(l: &str, r: &str) -> Output {
    let out = diptych(&["align", l, r, "--format", "json"]);
    assert!(out.status.success(), "exit 0: {}", stderr(&out));
    serde_json::from_str(&stdout(&out)).expect("valid contract JSON")
}

#[test]
fn every_sample_pair_emits_the_contract() {
    let names = ["000", "001", "002", "003", "004"];
    for (a, l) in names.iter().enumerate() {
        for r in &names[a + 1..] {
            let (lp, rp) = (article(l), article(r));
            let o = align_json(&lp, &rp);
            assert_eq!(o.version, 1);
            assert_eq!(o.left.path, lp);
            check_side(&o.left);
            check_side(&o.right);
            let mut seen_l = HashSet::new();
            let mut seen_r = HashSet::new();
            for k in &o.links {
                assert!(["equal", "changed", "moved"].contains(&k.kind.as_str()));
                assert!((0.0..=1.0).contains(&k.similarity));
                assert!(!k.left.is_empty() && !k.right.is_empty());
                for &i in &k.left {
                    assert!(
                        i < o.left.sentences.len() && seen_l.insert(i),
                        "left {i} once"
                    );
                }
                for &j in &k.right {
                    assert!(
                        j < o.right.sentences.len() && seen_r.insert(j),
                        "right {j} once"
                    );
                }
            }
        }
    }
}

#[test]
fn the_same_story_gets_links_and_different_events_almost_none() {
    let same = align_json(&article("000"), &article("002"));
    assert!(
        same.links.len() >= 6,
        "000/002 tell one story: {} links",
        same.links.len()
    );
    let different = align_json(&article("000"), &article("001"));
    assert!(
        different.links.len() <= 3,
        "000/001 are different events: {} links",
        different.links.len()
    );
}

#[test]
fn a_file_against_itself_is_all_equal() {
    let a = article("002");
    let o = align_json(&a, &a);
    assert_eq!(o.links.len(), o.left.sentences.len());
    assert!(
        o.links
            .iter()
            .all(|k| k.kind == "equal" && k.left == k.right)
    );
}

#[test]
fn swapping_the_files_mirrors_the_links() {
    let (a, b) = (article("000"), article("002"));
    let ab = align_json(&a, &b);
    let ba = align_json(&b, &a);
    let mut x: Vec<(Vec<usize>, Vec<usize>, String)> = ab
        .links
        .iter()
        .map(|k| (k.left.clone(), k.right.clone(), k.kind.clone()))
        .collect();
    let mut y: Vec<(Vec<usize>, Vec<usize>, String)> = ba
        .links
        .iter()
        .map(|k| (k.right.clone(), k.left.clone(), k.kind.clone()))
        .collect();
    x.sort();
    y.sort();
    assert_eq!(x, y);
}

#[test]
fn the_reworded_quotation_is_linked_across_outlets() {
    // "military special surgery" / "special military operation": one quotation, two wordings.
    let o = align_json(&article("000"), &article("002"));
    let quote = |s: &Side, needle: &str| s.sentences.iter().position(|x| x.text.contains(needle));
    let l = quote(&o.left, "Our Korean friends").expect("left quote");
    let r = quote(&o.right, "Our Korean friends").expect("right quote");
    assert!(
        o.links
            .iter()
            .any(|k| k.left.contains(&l) && k.right.contains(&r))
    );
}

#[test]
fn usage_errors_exit_2_and_help_and_version_work() {
    assert_eq!(diptych(&["align", "only-one"]).status.code(), Some(2));
    assert_eq!(diptych(&["--no-such-flag"]).status.code(), Some(2));
    let help = diptych(&["--help"]);
    assert!(help.status.success() && stdout(&help).contains("align"));
    let version = diptych(&["--version"]);
    assert!(stdout(&version).starts_with("diptych "));
    let completions = diptych(&["completions", "bash"]);
    assert!(completions.status.success() && stdout(&completions).contains("diptych"));
}
