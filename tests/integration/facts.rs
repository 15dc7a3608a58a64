//! Fact comparison on the sample pairs: the "Done when" cases, the JSON `facts` array
//! read back against the files' bytes, and the reader's facts panel and highlights.

use diptych::align::{AlignOptions, align};
use diptych::facts::{Facts, Finding, FindingKind};
use diptych::load::{Document, LoadOptions, load};
use diptych::ui::App;
use diptych::ui::keymap::Keymap;
use diptych::ui::rows::Comparison;
use diptych::ui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::{Color, Modifier};

use crate::util::{article, diptych, drive, root, screen_text as text, stdout};

fn doc(prefix: &str) -> Document {
    load(
        &root().join(article(prefix)).to_string_lossy(),
        &LoadOptions::default(),
    )
    .expect("sample loads")
}

fn facts(l: &str, r: &str) -> Facts {
    let (l, r) = (doc(l), doc(r));
    let a = align(&l, &r, &AlignOptions::default());
    Facts::of(&l, &r, &a)
}

fn values(f: &Finding) -> (Vec<f64>, Vec<f64>) {
    let side = |ms: &[diptych::facts::Mention]| {
        ms.iter()
            .filter_map(|m| m.quantity.as_ref().map(|q| q.high))
            .collect()
    };
    (side(&f.left), side(&f.right))
}

#[test]
fn fourteen_thousand_against_eleven_thousand_soldiers() {
    let f = facts("000", "004");
    let numbers: Vec<&Finding> = f
        .findings
        .iter()
        .filter(|f| f.kind == FindingKind::Number)
        .collect();
    assert!(
        numbers
            .iter()
            .any(|n| values(n) == (vec![14_000.0], vec![11_000.0])),
        "000/004 must surface 14,000 vs 11,000: {numbers:#?}"
    );
    let n = numbers
        .iter()
        .find(|n| values(n) == (vec![14_000.0], vec![11_000.0]))
        .expect("found");
    assert_eq!(n.left[0].text, "around 14,000 soldiers");
    assert_eq!(n.right[0].text, "an estimated 11,000 soldiers");
    // The sources differ too: the Ukrainian secret service against the BBC.
    assert!(f.findings.iter().any(|s| {
        s.kind == FindingKind::Source
            && s.left
                .iter()
                .any(|m| m.text.contains("Ukrainian secret service"))
            && s.right.iter().any(|m| m.text.contains("BBC"))
    }));
}

#[test]
fn shared_figures_are_not_discrepancies_and_the_reworded_quote_is() {
    let f = facts("000", "002");
    for finding in &f.findings {
        let (l, r) = values(finding);
        for v in l.iter().chain(&r) {
            assert!(
                *v != 14_000.0 && *v != 30_000.0,
                "14,000 and 30,000 are on both sides, not a discrepancy: {finding:#?}"
            );
        }
    }
    assert!(f.shared_numbers >= 2, "both figures count as shared");
    let quote = f
        .findings
        .iter()
        .find(|q| q.kind == FindingKind::Quote)
        .expect("a quotation worded differently");
    assert!(
        quote.left[0]
            .text
            .starts_with("Our Korean friends have confirmed")
    );
    assert!(
        quote.right[0]
            .text
            .starts_with("Our Korean friends have reaffirmed")
    );
    assert!(quote.similarity.is_some_and(|s| s > 0.5 && s < 1.0));
}

#[test]
fn spelling_variants_are_one_person_not_a_discrepancy() {
    let f = facts("001", "003");
    let variants: Vec<Vec<&str>> = f
        .findings
        .iter()
        .filter(|v| v.kind == FindingKind::NameVariants)
        .map(|v| {
            v.left
                .iter()
                .chain(&v.right)
                .map(|m| m.text.as_str())
                .collect()
        })
        .collect();
    let together = |a: &str, b: &str| {
        variants
            .iter()
            .any(|g| g.iter().any(|t| t.ends_with(a)) && g.iter().any(|t| t.ends_with(b)))
    };
    assert!(together("Choe Son Hui", "Choe Son-hui"), "{variants:?}");
    assert!(together("Choe Son Hui", "Choe Son-Hui"), "{variants:?}");
    assert!(together("Zelenskyj", "Zelensky"), "{variants:?}");
    assert!(!FindingKind::NameVariants.is_discrepancy());
    // No disagreement is built on a spelling: no source finding sets Choe against Choe.
    for s in f.findings.iter().filter(|s| s.kind == FindingKind::Source) {
        let l: String = s.left.iter().map(|m| m.text.as_str()).collect();
        let r: String = s.right.iter().map(|m| m.text.as_str()).collect();
        assert!(!(l.contains("Choe") && r.contains("Choe")), "{s:#?}");
    }
}

#[test]
fn the_json_facts_point_at_the_files_bytes() {
    let out = diptych(&[
        "align",
        &article("000"),
        &article("004"),
        "--format",
        "json",
    ]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    assert!(v["links"].is_array(), "the contract's fields stay");
    let facts = v["facts"].as_array().expect("a facts array");
    let number = facts
        .iter()
        .find(|f| f["kind"] == "number")
        .expect("a number finding");
    let left = std::fs::read(root().join(article("000"))).expect("file");
    let right = std::fs::read(root().join(article("004"))).expect("file");
    for (side, bytes) in [("left", &left), ("right", &right)] {
        let m = &number[side][0];
        let span = m["spans"][0].as_array().expect("span");
        let (s, e) = (
            span[0].as_u64().expect("start") as usize,
            span[1].as_u64().expect("end") as usize,
        );
        assert_eq!(
            String::from_utf8_lossy(&bytes[s..e]),
            m["text"].as_str().expect("text"),
            "{side} span is the mention's bytes"
        );
        assert!(m["sentences"][0].is_u64());
        assert_eq!(m["value"]["unit"], "soldier");
    }
    assert_eq!(number["left"][0]["value"]["high"], 14000.0);
    assert_eq!(number["right"][0]["value"]["high"], 11000.0);
    assert_eq!(number["left"][0]["value"]["approximate"], true);
}

fn screen(keys: &str) -> Terminal<TestBackend> {
    let (l, r) = (doc("000"), doc("004"));
    let a = align(&l, &r, &AlignOptions::default());
    let mut app = App::new(
        Comparison::new(l, r, a),
        Keymap::default(),
        Theme::new(true),
    );
    drive(&mut app, 120, 40, keys)
}

/// Whether the cells spelling `word` on screen are drawn in the facts style: underlined in
/// yellow, over whatever colour the word differences give them.
fn highlighted(t: &Terminal<TestBackend>, word: &str) -> bool {
    let buf = t.backend().buffer();
    (0..buf.area.height).any(|y| {
        let line: String = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
        line.find(word).is_some_and(|at| {
            let cell = &buf[(line[..at].chars().count() as u16, y)];
            cell.modifier.contains(Modifier::UNDERLINED) && cell.underline_color == Color::Yellow
        })
    })
}

#[test]
fn the_facts_panel_lists_the_discrepancies() {
    insta::assert_snapshot!(screen("F").backend());
}

#[test]
fn enter_shows_both_sides_of_a_figure_and_highlights_them() {
    let t = screen("F<Enter>");
    let s = text(&t);
    assert!(s.contains("around 14,000"), "{s}");
    assert!(s.contains("11,000 soldiers"), "{s}");
    assert!(s.contains("number: around 14,000 soldiers ≠"), "{s}");
    assert!(highlighted(&t, "14,000"), "the left figure is highlighted");
    assert!(highlighted(&t, "11,000"), "the right figure is highlighted");
    assert!(!highlighted(&t, "Pyongyang"), "plain words are not");
}

#[test]
fn fact_steps_make_n_go_from_discrepancy_to_discrepancy() {
    let s = text(&screen("tn"));
    assert!(s.contains("n/N: facts"), "{s}");
    assert!(s.contains("fact 1 of"), "{s}");
    let s = text(&screen("tnn"));
    assert!(s.contains("fact 2 of"), "{s}");
    let s = text(&screen("tnnnN"));
    assert!(s.contains("fact 2 of"), "N goes back: {s}");
    let s = text(&screen("tN"));
    assert!(
        s.contains("(wrapped)"),
        "N from the top wraps to the last: {s}"
    );
    let s = text(&screen("ttn"));
    assert!(
        !s.contains("fact 1 of"),
        "t again: n steps through passages: {s}"
    );
}

#[test]
fn reports_list_the_facts_and_mark_them_in_the_passages() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = dir.path().join("review.json");
    let store = store.to_string_lossy();
    let run = |format: &str| {
        let out = diptych(&[
            "export",
            &article("000"),
            &article("004"),
            "--format",
            format,
            "--review",
            &store,
        ]);
        assert!(out.status.success(), "{}", crate::util::stderr(&out));
        stdout(&out)
    };
    let md = run("markdown");
    assert!(
        md.contains("- **number**: around 14,000 soldiers ≠ an estimated 11,000 soldiers"),
        "{md}"
    );
    assert!(
        md.contains("<ins>around 14,000 soldiers</ins>"),
        "marked in the table"
    );
    let html = run("html");
    assert!(html.contains("<section class=\"facts\">"));
    assert!(html.contains("<span class=\"fact\">an estimated 11,000 soldiers</span>"));
    assert!(html.contains("<td>Ukrainian secret service</td><td>BBC</td>"));
}
