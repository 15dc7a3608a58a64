//! What a page says about itself: its title, byline, publication date and site name, from
//! `<meta>` tags (Dublin Core, Open Graph, `article:`, Twitter, Parse.ly), JSON-LD and byline
//! markup, trusted in Readability's order (structured data first, markup last).
//!
//! Pages disagree with themselves (an `og:title` without the site's suffix, a `<title>` with
//! it), so each field takes the first source that has it rather than any merging.

use std::collections::HashMap;

use serde_json::Value;

use crate::load::document::Metadata;

/// Longest byline taken from markup: a longer element is a paragraph about the author.
const MAX_BYLINE_CHARS: usize = 100;

/// Bytes of an element's text the walk gathers for a byline: far beyond any byline, so what
/// is cut off was never going to be one.
pub(super) const BYLINE_TEXT_LIMIT: usize = 4 * MAX_BYLINE_CHARS * 4;

/// Longest value kept from any source: a page cannot fill the title row with a novel.
const MAX_VALUE_CHARS: usize = 300;

/// The metadata gathered while walking a page; [`MetaTags::finish`] decides.
#[derive(Debug, Default)]
pub(super) struct MetaTags {
    /// `<meta>` values by lower-cased property, name or itemprop; the first of each kept.
    values: HashMap<String, String>,
    /// JSON-LD objects whose `@type` is an article (`NewsArticle`, `BlogPosting`…).
    linked: Vec<Value>,
    /// The text of the first element marked as a byline (`rel=author`, class `byline`…).
    byline_markup: Option<String>,
}

impl MetaTags {
    /// Takes a `<meta>` tag, given a lookup of its (lower-cased name) attributes.
    pub fn meta(&mut self, attr: impl Fn(&str) -> Option<String>) {
        let Some(content) = attr("content").map(|c| clean(&c)).filter(|c| !c.is_empty()) else {
            return;
        };
        for key in ["property", "name", "itemprop"] {
            // One tag may name several properties: `property="og:title twitter:title"`.
            for k in attr(key).unwrap_or_default().split_whitespace() {
                self.values
                    .entry(k.to_ascii_lowercase())
                    .or_insert_with(|| content.clone());
            }
        }
    }

    /// Takes the text of a `<script type="application/ld+json">`; what does not parse is
    /// ignored, as browsers ignore it.
    pub fn json_ld(&mut self, text: &str) {
        if let Ok(value) = serde_json::from_str::<Value>(text.trim()) {
            collect_articles(&value, &mut self.linked, 0);
        }
    }

    /// Whether a byline from markup is still wanted.
    pub fn wants_byline(&self) -> bool {
        self.byline_markup.is_none()
    }

    /// Takes the text of an element marked as a byline; too long or empty, it is not one.
    pub fn byline_markup(&mut self, text: &str) {
        let text = clean(text);
        let chars = text.chars().count();
        if self.byline_markup.is_none() && chars > 0 && chars <= MAX_BYLINE_CHARS {
            self.byline_markup = Some(text);
        }
    }

    /// The page's metadata.
    pub fn finish(self) -> Metadata {
        let get = |keys: &[&str]| {
            keys.iter()
                .find_map(|k| self.values.get(*k).cloned())
                .filter(|v| !v.is_empty())
        };
        let linked = |f: fn(&Value) -> Option<String>| self.linked.iter().find_map(f);
        let title = linked(|v| text_of(v.get("headline")).or_else(|| text_of(v.get("name"))))
            .or_else(|| {
                get(&[
                    "dc:title",
                    "dcterm:title",
                    "og:title",
                    "weibo:article:title",
                    "weibo:webpage:title",
                    "title",
                    "twitter:title",
                ])
            });
        let byline = linked(|v| names(v.get("author")))
            .or_else(|| get(&["dc:creator", "dcterm:creator", "author", "parsely-author"]))
            // Facebook pages put a profile URL here, which is no name.
            .or_else(|| get(&["article:author"]).filter(|a| !a.contains("://")))
            .or(self.byline_markup);
        let published = linked(|v| text_of(v.get("datePublished"))).or_else(|| {
            get(&[
                "article:published_time",
                "parsely-pub-date",
                "datepublished",
                "dc.date",
                "date",
            ])
        });
        let site = linked(|v| v.get("publisher").and_then(|p| text_of(p.get("name"))))
            .or_else(|| get(&["og:site_name", "application-name"]));
        // "Whale strandings | Eleanor Ainge Roy": the credit is shown beside the title already.
        let title = title.map(|t| without_credit(&t, [site.as_deref(), byline.as_deref()]));
        let cap = |v: Option<String>| v.map(|s| s.chars().take(MAX_VALUE_CHARS).collect());
        Metadata {
            title: cap(title),
            byline: cap(byline),
            published: cap(published),
            site: cap(site),
        }
    }
}

/// `title` without a last part, after " | ", " - ", " – " or " — ", that only repeats one of
/// `credits` (the site or the byline).
fn without_credit(title: &str, credits: [Option<&str>; 2]) -> String {
    for sep in [" | ", " - ", " – ", " — "] {
        if let Some((head, tail)) = title.rsplit_once(sep)
            && !head.trim().is_empty()
            && credits
                .iter()
                .flatten()
                .any(|c| c.trim().eq_ignore_ascii_case(tail.trim()))
        {
            return head.trim_end().to_owned();
        }
    }
    title.to_owned()
}

/// Whether an element's attributes mark it as a byline (Readability's test).
pub(super) fn marks_byline(attr: impl Fn(&str) -> Option<String>) -> bool {
    let words = format!(
        "{} {}",
        attr("class").unwrap_or_default(),
        attr("id").unwrap_or_default()
    );
    attr("rel").is_some_and(|r| r == "author")
        || attr("itemprop").is_some_and(|i| i.contains("author"))
        || ["byline", "author", "dateline", "writtenby", "p-author"]
            .iter()
            .any(|w| words.contains(w))
}

/// Whether an element inside a byline holds the author's name alone.
pub(super) fn names_author(attr: impl Fn(&str) -> Option<String>) -> bool {
    attr("rel").is_some_and(|r| r == "author")
        || attr("itemprop").is_some_and(|i| i.contains("author") || i.contains("name"))
}

/// JSON-LD objects that describe an article, from a value, an array or an `@graph`.
fn collect_articles(value: &Value, out: &mut Vec<Value>, depth: usize) {
    // Structured data nests shallowly; a deep one is no description worth the walk.
    if depth > 4 {
        return;
    }
    match value {
        Value::Array(items) => {
            for item in items {
                collect_articles(item, out, depth + 1);
            }
        }
        Value::Object(map) => {
            if let Some(graph) = map.get("@graph") {
                collect_articles(graph, out, depth + 1);
            }
            let is_article = match map.get("@type") {
                Some(Value::String(t)) => article_type(t),
                Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).any(article_type),
                _ => false,
            };
            if is_article {
                out.push(value.clone());
            }
        }
        _ => {}
    }
}

/// schema.org's article types: `Article`, `NewsArticle`, `BlogPosting`, `ReportageNewsArticle`…
fn article_type(t: &str) -> bool {
    t.ends_with("Article") || t.ends_with("Posting") || t == "Report"
}

/// A JSON-LD text value (a string, or the first of an array of them).
fn text_of(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) => Some(clean(s)).filter(|s| !s.is_empty()),
        Value::Array(items) => items.iter().find_map(|v| text_of(Some(v))),
        _ => None,
    }
}

/// Author names: a string, a person object or an array of either, joined by commas.
fn names(value: Option<&Value>) -> Option<String> {
    let name = |v: &Value| match v {
        Value::String(s) => Some(clean(s)),
        Value::Object(_) => text_of(v.get("name")),
        _ => None,
    };
    let all: Vec<String> = match value? {
        Value::Array(items) => items.iter().filter_map(name).collect(),
        other => name(other).into_iter().collect(),
    };
    let all: Vec<String> = all.into_iter().filter(|n| !n.is_empty()).collect();
    (!all.is_empty()).then(|| all.join(", "))
}

/// Whitespace collapsed, control characters dropped: a value is shown on one line.
fn clean(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(pairs: &[(&str, &str, &str)]) -> MetaTags {
        let mut m = MetaTags::default();
        for (key, name, content) in pairs {
            m.meta(|a| match a {
                "content" => Some(content.to_string()),
                k if k == *key => Some(name.to_string()),
                _ => None,
            });
        }
        m
    }

    #[test]
    fn structured_data_comes_before_meta_tags() {
        let mut m = tags(&[
            ("property", "og:title", "From Open Graph"),
            ("name", "author", "Meta Author"),
            ("property", "og:site_name", "The Site"),
        ]);
        m.json_ld(
            r#"{"@context":"https://schema.org","@graph":[{"@type":"WebPage","name":"Page"},
            {"@type":"NewsArticle","headline":"From JSON-LD",
             "author":[{"@type":"Person","name":"Ann Lee"},{"name":"Bo Kim"}],
             "datePublished":"2024-03-01T10:00:00Z","publisher":{"name":"Daily"}}]}"#,
        );
        let meta = m.finish();
        assert_eq!(meta.title.as_deref(), Some("From JSON-LD"));
        assert_eq!(meta.byline.as_deref(), Some("Ann Lee, Bo Kim"));
        assert_eq!(meta.published.as_deref(), Some("2024-03-01T10:00:00Z"));
        assert_eq!(meta.site.as_deref(), Some("Daily"));
    }

    #[test]
    fn meta_tags_fill_in_and_the_first_of_a_kind_is_kept() {
        let mut m = tags(&[
            ("property", "og:title twitter:title", "  Two\n names  "),
            ("property", "og:title", "Later"),
            ("property", "article:author", "https://facebook.com/someone"),
            ("property", "article:published_time", "2020-01-02"),
        ]);
        m.byline_markup("By Jo Doe");
        let meta = m.finish();
        assert_eq!(meta.title.as_deref(), Some("Two names"));
        // A profile URL is no byline; the markup's is.
        assert_eq!(meta.byline.as_deref(), Some("By Jo Doe"));
        assert_eq!(meta.published.as_deref(), Some("2020-01-02"));
        assert_eq!(meta.site, None);
    }

    #[test]
    fn a_title_s_last_part_that_repeats_the_site_or_byline_is_dropped() {
        let meta = tags(&[
            ("property", "og:title", "Whales strand again | Eleanor Roy"),
            ("name", "author", "Eleanor Roy"),
        ])
        .finish();
        assert_eq!(meta.title.as_deref(), Some("Whales strand again"));
        let meta = tags(&[
            ("property", "og:title", "Whales - a story | Ocean News"),
            ("property", "og:site_name", "Ocean News"),
        ])
        .finish();
        assert_eq!(meta.title.as_deref(), Some("Whales - a story"));
        // A part that names something else stays.
        let meta = tags(&[("property", "og:title", "Whales | Part two")]).finish();
        assert_eq!(meta.title.as_deref(), Some("Whales | Part two"));
    }

    #[test]
    fn broken_or_foreign_json_ld_and_long_bylines_are_ignored() {
        let mut m = MetaTags::default();
        m.json_ld("{not json");
        m.json_ld(r#"{"@type":"Organization","name":"Not an article"}"#);
        m.byline_markup(&"word ".repeat(40));
        m.byline_markup("  ");
        assert_eq!(m.finish(), Metadata::default());
    }

    #[test]
    fn byline_markup_is_recognised_by_its_attributes() {
        let attrs = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(a, _)| *a == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert!(marks_byline(attrs(&[("rel", "author")])));
        assert!(marks_byline(attrs(&[("class", "article-byline small")])));
        assert!(marks_byline(attrs(&[("itemprop", "author")])));
        assert!(!marks_byline(attrs(&[("class", "headline")])));
    }
}
