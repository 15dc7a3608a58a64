//! The HTML reader on small pages written for each rule.

use super::*;
use crate::load::document::ParagraphKind;

fn texts(src: &str) -> Vec<String> {
    read(src).blocks.into_iter().map(|b| b.text).collect()
}

#[test]
fn scripts_navigation_and_share_bars_are_dropped() {
    let src = r#"<!doctype html><html><head><title>T &amp; U</title><style>p{}</style></head>
<body><nav><a href="/">Home</a></nav>
<div class="article-share-bar">Share on X</div>
<h1>The headline</h1><p>First paragraph &amp; more.<p>Second <b>bold</b> one.
<script>var x = "<p>no</p>";</script>
<section id="comments"><p>A comment</p></section>
<footer>Copyright</footer></body></html>"#;
    let html = read(src);
    let texts: Vec<&str> = html.blocks.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(
        texts,
        vec![
            "The headline",
            "First paragraph & more.",
            "Second bold one."
        ]
    );
    assert_eq!(html.blocks[0].kind, ParagraphKind::Heading(1));
    assert_eq!(html.title.as_deref(), Some("T & U"));
    let b = &html.blocks[1];
    assert_eq!(
        &src[b.map.range(0..b.text.len())],
        "First paragraph &amp; more."
    );
    let amp = b.text.find('&').expect("&");
    assert_eq!(&src[b.map.range(amp..amp + 1)], "&amp;");
}

#[test]
fn a_marked_article_wins_over_the_rest_of_the_page() {
    let body = "Real article text that is long enough to count as the article. ".repeat(5);
    let src = format!(
        "<body><h1>Headline</h1><div>Trending elsewhere: celebrity news.</div>\
         <article><p>{body}</p></article><div>More stories</div></body>"
    );
    let t = texts(&src);
    assert_eq!(t.len(), 2);
    assert_eq!(t[0], "Headline");
    assert!(t[1].starts_with("Real article text"));
}

#[test]
fn page_wide_classes_do_not_hide_the_article() {
    let src = "<body class=\"single-post no-sidebar\"><article><h1>Head</h1><p>Text here.</p></article></body>";
    assert_eq!(texts(src), vec!["Head", "Text here."]);
    let src = "<div class=\"container has-comments\"><p>Only text.</p></div>";
    assert_eq!(texts(src), vec!["Only text."]);
}

#[test]
fn scripts_past_the_depth_limit_stay_hidden_and_svg_titles_are_ignored() {
    let src = format!(
        "<title>Real title</title>{}<script>var secret;</script><nav>Home</nav><p>Shown.</p><svg><title>Share icon</title></svg>",
        "<div>".repeat(300)
    );
    let h = read(&src);
    assert_eq!(
        h.blocks.iter().map(|b| b.text.as_str()).collect::<Vec<_>>(),
        vec!["Shown."]
    );
    assert_eq!(h.title.as_deref(), Some("Real title"));
}

#[test]
fn deep_nesting_does_not_overflow() {
    let src = format!(
        "{}<p>deep text.</p>{}",
        "<div>".repeat(100_000),
        "</div>".repeat(100_000)
    );
    assert_eq!(texts(&src), vec!["deep text."]);
}

#[test]
fn whitespace_multi_character_and_legacy_entities_keep_ranges_exact() {
    let src = "<p>Tom&nbsp;Jerry went home. 10&nbsp;000 came &NotEqualTilde; here. Fish &ampchips now. End &amp</p>";
    let b = &read(src).blocks[0];
    assert_eq!(
        b.text,
        "Tom Jerry went home. 10 000 came ≂̸ here. Fish &chips now. End &"
    );
    let tom = b.text.find("Jerry").expect("Jerry");
    assert_eq!(&src[b.map.range(tom..tom + 5)], "Jerry");
    let fish = b.text.find("Fish").expect("Fish");
    assert_eq!(&src[b.map.range(fish..fish + 4)], "Fish");
    let tilde = b.text.find('≂').expect("≂");
    assert_eq!(
        &src[b.map.range(tilde..tilde + "≂̸".len())],
        "&NotEqualTilde;"
    );
}

#[test]
fn numeric_entities_map_exactly() {
    let src = "<p>Caf&#233; cr&egrave;me</p>";
    let b = &read(src).blocks[0];
    assert_eq!(b.text, "Café crème");
    let e = b.text.find('é').expect("é");
    assert_eq!(&src[b.map.range(e..e + 2)], "&#233;");
}

#[test]
fn a_byline_is_found_past_indentation_and_a_page_wide_author_class_is_none() {
    let indented = format!(
        "<html><body><div class=\"byline\">{}By Ann Lee</div><p>Text.</p></body></html>",
        " \n".repeat(2000)
    );
    assert_eq!(
        read(&indented).metadata.byline.as_deref(),
        Some("By Ann Lee")
    );
    let wide = format!(
        "<html><body class=\"author-page\"><p>{}</p></body></html>",
        "A long paragraph about the author and many other things. ".repeat(50)
    );
    assert_eq!(read(&wide).metadata.byline, None);
    // A later, real byline is still found after a candidate too long to be one.
    let later = format!(
        "<html><body><div class=\"author-box\"><p>{}</p></div>\
         <span class=\"byline\">Bo Kim</span></body></html>",
        "About the author. ".repeat(20)
    );
    assert_eq!(read(&later).metadata.byline.as_deref(), Some("Bo Kim"));
}
