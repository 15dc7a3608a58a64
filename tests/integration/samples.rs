//! Loading the five sample articles: which lines are set aside as page furniture (and why),
//! and which article lines stay.

use diptych::load::{LoadOptions, ParagraphKind, load};

use crate::util::{article, root};

fn furniture(prefix: &str) -> Vec<(String, &'static str)> {
    let doc = load(
        &root().join(article(prefix)).to_string_lossy(),
        &LoadOptions::default(),
    )
    .expect("loads");
    doc.furniture
        .iter()
        .map(|f| (f.text.chars().take(30).collect(), f.reason))
        .collect()
}

fn owned(v: &[(&str, &'static str)]) -> Vec<(String, &'static str)> {
    v.iter().map(|(t, r)| ((*t).to_owned(), *r)).collect()
}

#[test]
fn furniture_of_each_sample() {
    assert_eq!(
        furniture("000"),
        owned(&[
            ("War in Ukraine", "section label"),
            ("Copy the current link", "share button"),
            ("Add to the memorial list", "bookmark button"),
            ("dpa", "agency tag"),
            ("Source: Stern", "source credit"),
            ("I have been working in the new", "author bio"),
        ])
    );
    assert_eq!(
        furniture("001"),
        owned(&[
            ("War in Eastern Europe", "section label"),
            ("Copy the current link", "share button"),
            ("AFP", "agency tag"),
            ("cl", "author initials"),
            ("Source: Stern", "source credit"),
            ("I have been working in the new", "author bio"),
        ])
    );
    assert_eq!(
        furniture("002"),
        owned(&[
            ("Russia’s Lavrov praises Pyongy", "repeated headline"),
            ("Source link", "source link"),
            ("Posted in", "category line"),
            ("Billboard Lifestyle", "category name"),
            ("Leave a Comment", "comment prompt"),
        ])
    );
    assert_eq!(
        furniture("003"),
        owned(&[("ICARO Media Group", "publisher line")])
    );
    assert_eq!(
        furniture("004"),
        owned(&[
            ("Advertisement", "advertisement label"),
            ("X", "close button"),
            ("Sergey Lavrov at the meeting w", "photo caption"),
            ("Published At:", "date label"),
            ("KR", "author initials"),
        ])
    );
}

#[test]
fn article_lines_stay_and_headings_are_headings() {
    let load_sample = |p: &str| {
        load(
            &root().join(article(p)).to_string_lossy(),
            &LoadOptions::default(),
        )
        .expect("loads")
    };
    let doc = load_sample("000");
    assert_eq!(
        doc.title.as_deref(),
        Some("Lavrov: North Korea supports Russia’s war goals")
    );
    let heading = doc
        .sentences
        .iter()
        .position(|s| s.text == "Lavrov: Monument to Korean soldiers in Kursk")
        .expect("subheading stays");
    assert!(doc.is_heading(heading));
    assert!(doc.sentences.iter().any(|s| {
        s.text
            .starts_with("According to the Ukrainian secret service")
    }));
    let doc = load_sample("003");
    let sub = doc
        .sentences
        .iter()
        .find(|s| s.text == "North Korea Vows Support for Russia in Ukraine Conflict")
        .expect("### heading");
    assert_eq!(
        doc.paragraphs[sub.paragraph].kind,
        ParagraphKind::Heading(3)
    );
    let doc = load_sample("004");
    // A sentence that names an agency is article text, not a tag.
    assert!(doc.sentences.iter().any(|s| {
        s.text
            .starts_with("Reuters cited the North Korean news agency")
    }));
    let doc = load_sample("001");
    assert!(
        doc.sentences
            .iter()
            .any(|s| s.text.starts_with("8,000 of them")),
        "split after 'so far.'"
    );
}

#[test]
fn keep_furniture_keeps_everything() {
    let options = LoadOptions {
        keep_furniture: true,
        ..LoadOptions::default()
    };
    let doc = load(&root().join(article("000")).to_string_lossy(), &options).expect("loads");
    assert!(doc.furniture.is_empty());
    assert!(doc.sentences.iter().any(|s| s.text == "dpa"));
}
