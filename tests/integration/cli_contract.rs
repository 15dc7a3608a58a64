//! `diptych align LEFT RIGHT --format json` against the contract in `docs/json.md`, with types
//! written here from that page (not the crate's own), so a change to the output that breaks
//! readers fails.

use std::collections::HashSet;

use serde::Deserialize;

use crate::util::{article, diptych, root, stderr, stdout};

#[derive(Deserialize)]
struct Output {
    version: u32,
    left: Side,
    right: Side,
    links: Vec<Link>,
    // Additive fields (docs/json.md), present in this build's output.
    repeats: Vec<Repeat>,
    languages: Languages,
    meaning: Option<Meaning>,
    threshold: f64,
}

#[derive(Deserialize)]
struct Repeat {
    left: Vec<usize>,
    right: Vec<usize>,
    repeating: String,
    similarity: f64,
}

#[derive(Deserialize)]
struct Languages {
    left: Option<String>,
    right: Option<String>,
}

#[derive(Deserialize)]
struct Meaning {
    encoder: String,
    scope: String,
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
            assert!((0.0..=1.0).contains(&o.threshold));
            assert_eq!(
                (o.languages.left.as_deref(), o.languages.right.as_deref()),
                (Some("en"), Some("en"))
            );
            let meaning = o
                .meaning
                .as_ref()
                .expect("the built-in encoder reads articles");
            assert!(!meaning.encoder.is_empty());
            assert_eq!(
                meaning.scope, "full",
                "articles are read for meaning in full"
            );
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
            // A repeat's own sentence is in no link; its counterpart is in one.
            for r in &o.repeats {
                assert!(r.left.len() == 1 && r.right.len() == 1);
                assert!((0.0..=1.0).contains(&r.similarity));
                let (own, other) = match r.repeating.as_str() {
                    "left" => ((&seen_l, r.left[0]), (&seen_r, r.right[0])),
                    "right" => ((&seen_r, r.right[0]), (&seen_l, r.left[0])),
                    other => panic!("repeating {other}"),
                };
                assert!(!own.0.contains(&own.1), "the repeat is unlinked");
                assert!(other.0.contains(&other.1), "its counterpart is linked");
            }
        }
    }
}

#[test]
fn the_contract_document_names_every_field_the_output_has() {
    let doc = std::fs::read_to_string(root().join("docs/json.md")).expect("docs/json.md");
    let out = diptych(&[
        "align",
        &article("000"),
        &article("002"),
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    let mut names: Vec<String> = Vec::new();
    fn walk(v: &serde_json::Value, names: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(map) => {
                for (k, v) in map {
                    names.push(k.clone());
                    walk(v, names);
                }
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| walk(v, names)),
            _ => {}
        }
    }
    // Facts are documented in docs/facts.md, which docs/json.md points to.
    for (k, v) in json.as_object().expect("an object") {
        names.push(k.clone());
        if k != "facts" {
            walk(v, &mut names);
        }
    }
    names.sort();
    names.dedup();
    for name in names {
        assert!(
            doc.contains(&format!("`{name}`")),
            "docs/json.md does not name `{name}`"
        );
    }
}

#[test]
fn an_article_and_its_translation_are_linked_and_say_their_languages() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (en, de) = (dir.path().join("en.txt"), dir.path().join("de.txt"));
    std::fs::write(
        &en,
        "The minister arrived in Berlin on Tuesday for two days of talks.\n\n\
         About 14,000 soldiers took part in the exercise, officials said.\n\n\
         Heavy rain flooded the streets of the old town on Wednesday.\n",
    )
    .expect("en");
    std::fs::write(
        &de,
        "Der Minister traf am Dienstag zu zweitägigen Gesprächen in Berlin ein.\n\n\
         Rund 11.000 Soldaten nahmen an der Übung teil, sagten Beamte.\n\n\
         Starker Regen überflutete am Mittwoch die Straßen der Altstadt.\n",
    )
    .expect("de");
    let out = diptych(&[
        "align",
        &en.to_string_lossy(),
        &de.to_string_lossy(),
        "--format",
        "json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(json["languages"]["left"], "en");
    assert_eq!(json["languages"]["right"], "de");
    let links = json["links"].as_array().expect("links");
    let pairs: Vec<(u64, u64)> = links
        .iter()
        .map(|l| {
            (
                l["left"][0].as_u64().unwrap_or(99),
                l["right"][0].as_u64().unwrap_or(99),
            )
        })
        .collect();
    assert_eq!(
        pairs,
        vec![(0, 0), (1, 1), (2, 2)],
        "each sentence with its translation"
    );
    // Across languages only what differs in numbers and names is marked: 14,000 / 11.000.
    let diff = &links[1]["diff"];
    let marked = |side: &str, sentences: &serde_json::Value| -> Vec<String> {
        diff[side]
            .as_array()
            .expect("marks")
            .iter()
            .map(|m| {
                let text = sentences[m[0].as_u64().unwrap_or(0) as usize]["text"]
                    .as_str()
                    .unwrap_or("");
                text[m[1].as_u64().unwrap_or(0) as usize..m[2].as_u64().unwrap_or(0) as usize]
                    .to_owned()
            })
            .collect()
    };
    assert_eq!(marked("left", &json["left"]["sentences"]), vec!["14,000"]);
    assert_eq!(marked("right", &json["right"]["sentences"]), vec!["11.000"]);
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
    // One article alone (not a folder) is usage too, said before any work.
    let one = diptych(&[&article("000")]);
    assert_eq!(one.status.code(), Some(2), "{}", stderr(&one));
    assert!(stderr(&one).contains("Usage:"), "{}", stderr(&one));
    assert!(stdout(&one).is_empty());
    let help = diptych(&["--help"]);
    assert!(help.status.success() && stdout(&help).contains("align"));
    let version = diptych(&["--version"]);
    assert!(stdout(&version).starts_with("diptych "));
    let completions = diptych(&["completions", "bash"]);
    assert!(completions.status.success() && stdout(&completions).contains("diptych"));
}
