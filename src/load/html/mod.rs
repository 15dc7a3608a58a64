//! HTML → [`Block`]s: the article's readable text, through the `html5gum` tokenizer's spans.
//!
//! A tag-soup walk keeps a stack of open elements. Text inside scripts, styles, navigation,
//! forms, figures and elements whose class, id or role names page chrome (share bars, comment
//! sections, newsletters, ads) is dropped. Block elements start new paragraphs; `h1`–`h6` are
//! headings. When the page marks its article (`<article>`, `<main>`, `itemprop="articleBody"`)
//! and that holds real text, only it is kept, plus the headline before it.
//!
//! Text tokens carry their source span, and entities are mapped one by one, so every paragraph
//! keeps exact offsets into the HTML source.

use std::collections::BTreeMap;

use html5gum::{DefaultEmitter, HtmlString, Spanned, Token, Tokenizer};

use super::block::Block;
use super::document::ParagraphKind;
use super::source_map::TextBuilder;

/// Elements whose whole content is never article text.
const HIDDEN_TAGS: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "math",
    "nav",
    "footer",
    "aside",
    "form",
    "button",
    "select",
    "textarea",
    "iframe",
    "figure",
    "figcaption",
    "object",
    "canvas",
    "head",
    "dialog",
    "menu",
];

/// Words in a class or id that mark page chrome.
const CHROME_WORDS: &[&str] = &[
    "share",
    "sharing",
    "social",
    "comment",
    "comments",
    "related",
    "newsletter",
    "promo",
    "ad",
    "ads",
    "advert",
    "advertisement",
    "sponsor",
    "sponsored",
    "cookie",
    "cookies",
    "consent",
    "breadcrumb",
    "breadcrumbs",
    "sidebar",
    "subscribe",
    "subscription",
    "popup",
    "modal",
    "nav",
    "navbar",
    "navigation",
    "menu",
    "footer",
    "byline",
    "author-bio",
    "bio",
    "tags",
    "toolbar",
    "paywall",
    "teaser",
    "recommended",
    "caption",
];

const CHROME_ROLES: &[&str] = &[
    "navigation",
    "contentinfo",
    "complementary",
    "search",
    "dialog",
    "banner",
];

const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "table",
    "tr",
    "td",
    "th",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "address",
    "body",
    "hr",
    "br",
];

const VOID_TAGS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Deeper nesting than this is not tracked: the text still counts, the structure no longer does.
const MAX_DEPTH: usize = 256;

/// What the HTML reader found.
#[derive(Debug)]
pub struct HtmlText {
    /// The article's paragraphs and headings.
    pub blocks: Vec<Block>,
    /// The page's `<title>`, when there is one.
    pub title: Option<String>,
}

struct Open {
    name: Vec<u8>,
    hidden: bool,
    article: bool,
}

struct Walker<'a> {
    source: &'a str,
    /// Whether class and id names may hide elements (off for the second try).
    heuristics: bool,
    stack: Vec<Open>,
    current: Option<(ParagraphKind, TextBuilder, bool)>,
    blocks: Vec<(Block, bool)>,
    title: Option<TextBuilder>,
    in_title: bool,
}

/// Extracts the readable article text of an HTML page.
///
/// Should the class and id heuristics hide everything (a `<div class="has-comments">` around the
/// whole page), the page is read again without them.
pub fn read(source: &str) -> HtmlText {
    let first = read_with(source, true);
    if first.blocks.is_empty() {
        return read_with(source, false);
    }
    first
}

fn read_with(source: &str, heuristics: bool) -> HtmlText {
    let mut emitter = DefaultEmitter::<usize>::new_with_span();
    emitter.naively_switch_states(true);
    let mut w = Walker {
        source,
        heuristics,
        stack: Vec::new(),
        current: None,
        blocks: Vec::new(),
        title: None,
        in_title: false,
    };
    for token in Tokenizer::new_with_emitter(source, emitter).flatten() {
        match token {
            Token::StartTag(tag) => w.start(&tag.name, &tag.attributes, tag.self_closing),
            Token::EndTag(tag) => w.end(&tag.name),
            Token::String(text) => w.text(&text),
            _ => {}
        }
    }
    w.flush();
    let title = w.title.and_then(|t| {
        let (text, _) = t.finish();
        (!text.is_empty()).then_some(text)
    });
    HtmlText {
        blocks: choose_article(w.blocks),
        title,
    }
}

/// Keeps only the marked article (and the headline before it) when it holds real text.
fn choose_article(blocks: Vec<(Block, bool)>) -> Vec<Block> {
    let article_len: usize = blocks
        .iter()
        .filter(|(_, a)| *a)
        .map(|(b, _)| b.text.len())
        .sum();
    if article_len < 200 {
        return blocks.into_iter().map(|(b, _)| b).collect();
    }
    let first_article = blocks.iter().position(|(_, a)| *a).unwrap_or(0);
    blocks
        .into_iter()
        .enumerate()
        .filter(|(i, (b, a))| *a || (*i < first_article && b.kind == ParagraphKind::Heading(1)))
        .map(|(_, (b, _))| b)
        .collect()
}

impl Walker<'_> {
    fn hidden(&self) -> bool {
        self.stack.last().is_some_and(|o| o.hidden)
    }

    fn in_article(&self) -> bool {
        self.stack.last().is_some_and(|o| o.article)
    }

    fn start(
        &mut self,
        name: &HtmlString,
        attrs: &BTreeMap<HtmlString, Spanned<HtmlString, usize>>,
        self_closing: bool,
    ) {
        let name: &[u8] = name;
        if name == b"title" {
            // Only the page's first title: an `<svg>` icon has titles too.
            self.in_title = !self_closing && self.title.is_none();
            if self.in_title {
                self.title = Some(TextBuilder::new());
            }
            return;
        }
        // A new <p> or <li> ends an unclosed one, as browsers do.
        if matches!(name, b"p" | b"li" | b"dt" | b"dd" | b"tr" | b"td" | b"th")
            && self.stack.last().is_some_and(|o| o.name == name)
        {
            self.stack.pop();
        }
        if is_in(name, BLOCK_TAGS) {
            self.flush();
        }
        if is_in(name, VOID_TAGS) || self_closing {
            return;
        }
        let parent_article = self.in_article();
        let attr = |key: &str| {
            attrs
                .get(key.as_bytes())
                .map(|v| String::from_utf8_lossy(&v.value).to_ascii_lowercase())
        };
        let article = parent_article
            || matches!(name, b"article" | b"main")
            || attr("itemprop").is_some_and(|v| v.contains("articlebody"))
            || attr("role").is_some_and(|v| v == "main");
        let chrome_role = attr("role").is_some_and(|r| {
            CHROME_ROLES.contains(&r.as_str()) && !(r == "banner" && parent_article)
        });
        let hidden = self.hidden()
            || (is_in(name, HIDDEN_TAGS))
            || (name == b"header" && !parent_article)
            || chrome_role
            || attrs.contains_key(b"hidden".as_slice())
            || attr("aria-hidden").is_some_and(|v| v == "true")
            || (self.heuristics
                && !matches!(name, b"html" | b"body" | b"main" | b"article")
                && (attr("class").is_some_and(|c| names_chrome(&c))
                    || attr("id").is_some_and(|c| names_chrome(&c))));
        // Past the depth limit only elements that change what is shown are tracked, so a script
        // deep inside a tag soup is still hidden.
        let changes = self
            .stack
            .last()
            .is_none_or(|o| o.hidden != hidden || o.article != article);
        if self.stack.len() < MAX_DEPTH || changes {
            self.stack.push(Open {
                name: name.to_vec(),
                hidden,
                article,
            });
        }
        if let Some(level) = heading_level(name)
            && !hidden
        {
            self.current = Some((
                ParagraphKind::Heading(level),
                TextBuilder::new(),
                self.in_article(),
            ));
        }
    }

    fn end(&mut self, name: &HtmlString) {
        let name: &[u8] = name;
        if name == b"title" {
            self.in_title = false;
            return;
        }
        if let Some(pos) = self.stack.iter().rposition(|o| o.name == name) {
            self.stack.truncate(pos);
        }
        if is_in(name, BLOCK_TAGS) {
            self.flush();
        }
    }

    fn text(&mut self, text: &Spanned<HtmlString, usize>) {
        let decoded = String::from_utf8_lossy(&text.value);
        let span = text.span.start..text.span.end;
        if self.in_title {
            if let Some(t) = &mut self.title
                && let Some(raw) = self.source.get(span.clone())
            {
                push_decoded(t, raw, span.start, &decoded);
            }
            return;
        }
        if self.hidden() {
            return;
        }
        let Some(raw) = self.source.get(span.clone()) else {
            return;
        };
        let article = self.in_article();
        let (_, builder, _) = self
            .current
            .get_or_insert_with(|| (ParagraphKind::Text, TextBuilder::new(), article));
        push_decoded(builder, raw, span.start, &decoded);
    }

    fn flush(&mut self) {
        if let Some((kind, b, article)) = self.current.take()
            && let Some(block) = Block::from_builder(kind, b)
        {
            self.blocks.push((block, article));
        }
    }
}

fn is_in(name: &[u8], list: &[&str]) -> bool {
    list.iter().any(|t| t.as_bytes() == name)
}

fn heading_level(name: &[u8]) -> Option<u8> {
    match name {
        [b'h', d @ b'1'..=b'6'] => Some(d - b'0'),
        _ => None,
    }
}

/// Whether a class or id value names page chrome, word by word (`article-share-bar` → `share`).
fn names_chrome(value: &str) -> bool {
    value
        .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
        .any(|w| CHROME_WORDS.contains(&w))
        || CHROME_WORDS
            .iter()
            .filter(|w| w.contains('-'))
            .any(|w| value.contains(*w))
}

/// Appends a text token: copied where the decoded text equals its source, and entity by entity
/// where it does not, so offsets stay exact.
///
/// An entity's decoded length is found by re-synchronising: the shortest decoded run after which
/// decoded and raw text agree again. Should that fail, the rest of the token is shown as its
/// source, so ranges stay exact even for input this walk does not understand.
fn push_decoded(b: &mut TextBuilder, raw: &str, raw_start: usize, decoded: &str) {
    if raw == decoded {
        b.push_copied(raw, raw_start);
        return;
    }
    let mut r = 0;
    let mut d = 0;
    while r < raw.len() && d < decoded.len() {
        let rc = raw[r..].chars().next().unwrap_or(' ');
        let dc = decoded[d..].chars().next().unwrap_or(' ');
        if rc == '&'
            && let Some((raw_len, dec_len)) = entity_at(&raw[r..], &decoded[d..])
        {
            b.push_replaced(
                &decoded[d..d + dec_len],
                raw_start + r..raw_start + r + raw_len,
            );
            r += raw_len;
            d += dec_len;
            continue;
        }
        if rc.is_whitespace() {
            b.space(raw_start + r..raw_start + r + rc.len_utf8());
            r += rc.len_utf8();
            if dc.is_whitespace() {
                d += dc.len_utf8();
            }
        } else if dc.is_whitespace() && dc != '\u{a0}' {
            // The tokenizer turned CR LF into LF: a decoded space with no raw counterpart.
            d += dc.len_utf8();
        } else if rc == dc {
            b.push_copied(&raw[r..r + rc.len_utf8()], raw_start + r);
            r += rc.len_utf8();
            d += dc.len_utf8();
        } else {
            b.push_copied(&raw[r..], raw_start + r);
            return;
        }
    }
}

/// At a raw `&`, the (raw length, decoded length) of the character reference there, when the
/// text is one: the longest reference (up to its `;`) after which raw and decoded agree again.
fn entity_at(raw: &str, decoded: &str) -> Option<(usize, usize)> {
    let longest = entity_end(raw);
    if longest <= 1 || decoded.starts_with(&raw[..longest]) {
        return None;
    }
    let raw_ends: Vec<usize> = raw[..longest]
        .char_indices()
        .map(|(i, c)| i + c.len_utf8())
        .filter(|&e| e >= 2)
        .collect();
    let dec_ends: Vec<usize> = decoded
        .char_indices()
        .map(|(i, c)| i + c.len_utf8())
        .take(4)
        .collect();
    for &re in raw_ends.iter().rev() {
        for &de in &dec_ends {
            if agree(&raw[re..], &decoded[de..]) {
                return Some((re, de));
            }
        }
    }
    None
}

/// Whether two texts continue alike: their next few characters match, whitespace as one class.
fn agree(raw: &str, decoded: &str) -> bool {
    let mut r = raw.chars();
    let mut d = decoded.chars();
    for _ in 0..3 {
        match (r.next(), d.next()) {
            (None, None) => return true,
            (Some(a), Some(b)) if a == b || (a.is_whitespace() && b.is_whitespace()) => {}
            (Some('&'), Some(_)) => return true,
            _ => return false,
        }
    }
    true
}

/// Length of the character reference at the start of `s` (`&amp;`, `&#233;`, `&nbsp` …).
fn entity_end(s: &str) -> usize {
    let body = s
        .char_indices()
        .skip(1)
        .take(40)
        .find(|&(_, c)| !(c.is_ascii_alphanumeric() || c == '#'));
    match body {
        Some((i, ';')) => i + 1,
        Some((i, _)) => i,
        None => s.len().min(41),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
