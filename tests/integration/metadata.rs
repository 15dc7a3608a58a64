//! What a web page says about itself (issue 17, item 2): its declared title, byline, date and
//! site are read from `<meta>` tags, JSON-LD and byline markup, follow the headline in the
//! reader's title row and appear in the JSON. Pages written here, one rule each.

use diptych::align::{AlignOptions, align};
use diptych::load::{Document, LoadOptions, load_bytes};
use diptych::ui::App;
use diptych::ui::keymap::Keymap;
use diptych::ui::rows::Comparison;
use diptych::ui::theme::Theme;

use crate::util::{diptych, drive, screen_text, stdout};

const BODY: &str = "<p>The council approved the new budget on Monday after a long debate, \
    with seven votes in favour and two against.</p><p>Spending on schools rises by four \
    percent, while the road programme is cut back to last year's level.</p>";

/// A page with Open Graph tags, a byline element and a `<title>` carrying the site's suffix.
fn open_graph_page() -> String {
    format!(
        "<!doctype html><html><head><title>Budget approved | City Post</title>\
         <meta property=\"og:title\" content=\"Budget approved\">\
         <meta property=\"og:site_name\" content=\"City Post\">\
         <meta property=\"article:published_time\" content=\"2024-03-01T10:00:00Z\">\
         </head><body><article><h1>Council says yes</h1>\
         <div class=\"byline\">By <a rel=\"author\" href=\"/jo\">Jo Doe</a>, 1 March</div>\
         {BODY}</article></body></html>"
    )
}

/// A page that describes itself in JSON-LD only.
fn json_ld_page() -> String {
    format!(
        "<!doctype html><html><head><title>Evening Courier</title>\
         <script type=\"application/ld+json\">{{\"@context\":\"https://schema.org\",\
         \"@type\":\"NewsArticle\",\"headline\":\"Budget passes after long debate\",\
         \"author\":[{{\"@type\":\"Person\",\"name\":\"Ann Lee\"}},{{\"name\":\"Bo Kim\"}}],\
         \"datePublished\":\"2024-03-02\",\"publisher\":{{\"name\":\"Evening Courier\"}}}}\
         </script></head><body><main>{BODY}</main></body></html>"
    )
}

fn page(name: &str, html: &str) -> Document {
    load_bytes(name, html.as_bytes(), &LoadOptions::default()).expect("page loads")
}

#[test]
fn the_declared_title_byline_date_and_site_are_read() {
    let a = page("a.html", &open_graph_page());
    assert_eq!(a.title.as_deref(), Some("Budget approved"));
    assert_eq!(a.metadata.site.as_deref(), Some("City Post"));
    // The name alone, not the date beside it in the byline element.
    assert_eq!(a.metadata.byline.as_deref(), Some("Jo Doe"));
    assert_eq!(
        a.metadata.published.as_deref(),
        Some("2024-03-01T10:00:00Z")
    );
    let b = page("b.html", &json_ld_page());
    assert_eq!(b.title.as_deref(), Some("Budget passes after long debate"));
    assert_eq!(b.metadata.byline.as_deref(), Some("Ann Lee, Bo Kim"));
    assert_eq!(b.metadata.site.as_deref(), Some("Evening Courier"));
    // The script's text is no article text.
    assert!(b.sentences.iter().all(|s| !s.text.contains("schema.org")));
}

#[test]
fn the_title_row_shows_who_published_each_side_and_when() {
    let (l, r) = (
        page("a.html", &open_graph_page()),
        page("b.html", &json_ld_page()),
    );
    let a = align(&l, &r, &AlignOptions::default());
    let mut app = App::new(
        Comparison::new(l, r, a),
        Keymap::default(),
        Theme::new(false),
    );
    let t = drive(&mut app, 200, 30, "");
    let title_row = screen_text(&t)
        .lines()
        .next()
        .unwrap_or_default()
        .to_owned();
    assert!(
        title_row.contains("Budget approved — City Post · Jo Doe · 2024-03-01"),
        "{title_row}"
    );
    assert!(
        title_row.contains(
            "Budget passes after long debate — Evening Courier · Ann Lee, Bo Kim · 2024-03-02"
        ),
        "{title_row}"
    );
}

#[test]
fn the_json_carries_each_side_s_metadata() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (a, b) = (dir.path().join("a.html"), dir.path().join("b.html"));
    std::fs::write(&a, open_graph_page()).expect("write");
    std::fs::write(&b, json_ld_page()).expect("write");
    let out = diptych(&[
        "align",
        &a.to_string_lossy(),
        &b.to_string_lossy(),
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    let left = &json["left"]["metadata"];
    assert_eq!(left["title"], "Budget approved");
    assert_eq!(left["byline"], "Jo Doe");
    assert_eq!(left["site"], "City Post");
    assert_eq!(left["published"], "2024-03-01T10:00:00Z");
    assert_eq!(json["right"]["metadata"]["byline"], "Ann Lee, Bo Kim");
}

#[test]
fn plain_text_has_no_metadata() {
    let doc = load_bytes(
        "a.txt",
        b"Budget approved\n\nThe council approved the budget.",
        &LoadOptions::default(),
    )
    .expect("loads");
    assert_eq!(doc.metadata, diptych::load::Metadata::default());
    assert_eq!(doc.metadata.credit(), None);
}
