//! What an element's class and id say: one signal among several, never a verdict. The one
//! exception, Readability's unlikely candidates ([`unlikely`]), holds for a first reading only.
//!
//! A word of page chrome ("sidebar", "comments", "paywall") weighs −25, a word of article
//! content ("article", "body", "story") +25, per attribute, as Readability weighs them. So
//! `l-sidebar-fixed l-article-body-segment` weighs 0 and `ArticlePage-content paywall` too,
//! and a class with a negated word (`non-paywall`, `no-sidebar`) weighs nothing for that word.

/// The weight of one word class.
const WEIGHT: f64 = 25.0;

/// Chrome, matched inside a class name (`article-share-bar`, `has-comments`, `meistgelesen`).
const NEGATIVE: &[&str] = &[
    "comment",
    "kommentar",
    "community",
    "disqus",
    "replies",
    "sidebar",
    "share",
    "sharing",
    "social",
    "sponsor",
    "promo",
    "related",
    "footer",
    "masthead",
    "banner",
    "breadcrumb",
    "newsletter",
    "subscri",
    "abonn",
    "paywall",
    "teaser",
    "popup",
    "modal",
    "cookie",
    "consent",
    "gdpr",
    "outbrain",
    "taboola",
    "widget",
    "skyscraper",
    "shoutbox",
    "combx",
    "pagination",
    "pager",
    "navbar",
    "navigation",
    "menu",
    "toolbar",
    "recommend",
    "most-read",
    "mostread",
    "meistgelesen",
    "trending",
    "popular",
    "author-bio",
    "byline",
    "caption",
    "advert",
    "shopping",
    "scroll",
    "contact",
];

/// Chrome, matched as a whole word of a class name only (`ad` but not `header`).
const NEGATIVE_WORDS: &[&str] = &[
    "ad", "ads", "nav", "bio", "hid", "hidden", "meta", "media", "tags", "promo", "extra", "rss",
];

/// Article content, matched inside a class name (`ArticlePage-content`, `story-body`).
const POSITIVE: &[&str] = &[
    "article", "artikel", "body", "content", "entry", "hentry", "main", "page", "post", "text",
    "blog", "story",
];

/// Prefixes that negate the rest of a class name (`non-paywall`, `no-sidebar`).
const NEGATIONS: &[&str] = &["non-", "no-", "not-", "without-", "non_", "no_"];

/// The weight of a class or id attribute's value (lower case).
pub(super) fn weight(value: &str) -> f64 {
    if value.is_empty() {
        return 0.0;
    }
    let mut negative = false;
    let mut positive = false;
    for name in value.split_whitespace() {
        let negated = NEGATIONS.iter().any(|n| name.starts_with(n));
        positive |= POSITIVE.iter().any(|w| name.contains(w));
        if negated {
            continue;
        }
        negative |= NEGATIVE.iter().any(|w| name.contains(w))
            || name
                .split(|c: char| !c.is_ascii_alphanumeric())
                .any(|w| NEGATIVE_WORDS.contains(&w));
    }
    let mut w = 0.0;
    if negative {
        w -= WEIGHT;
    }
    if positive {
        w += WEIGHT;
    }
    w
}

/// Readability's unlikely candidates: words of page chrome that set an element aside in the
/// first reading (Readability's list, less the names of single sites' widgets).
const UNLIKELY: &[&str] = &[
    "-ad-",
    "banner",
    "breadcrumbs",
    "combx",
    "comment",
    "community",
    "cover-wrap",
    "disqus",
    "extra",
    "footer",
    "gdpr",
    "header",
    "legends",
    "menu",
    "related",
    "remark",
    "replies",
    "rss",
    "shoutbox",
    "sidebar",
    "skyscraper",
    "social",
    "sponsor",
    "supplemental",
    "ad-break",
    "agegate",
    "pagination",
    "pager",
    "popup",
];

/// Words that keep an element in even so (`article-header`, `main-sidebar-and-content`).
const LIKELY: &[&str] = &[
    "and", "article", "body", "column", "content", "main", "mathjax", "shadow",
];

/// Whether an element's class and id (lower case) make it an unlikely part of an article:
/// a chrome word and no article word in either. A negated name (`no-sidebar`, `non-footer`)
/// names no chrome, as in [`weight`]. Only the first reading sets these aside; when that leaves
/// too little text, the page is read again without this.
pub(super) fn unlikely(class: &str, id: &str) -> bool {
    let names = || class.split_whitespace().chain(id.split_whitespace());
    let chrome = names()
        .filter(|name| !NEGATIONS.iter().any(|n| name.starts_with(n)))
        .any(|name| UNLIKELY.iter().any(|w| name.contains(w)));
    chrome && !names().any(|name| LIKELY.iter().any(|w| name.contains(w)))
}

/// Whether a class or id names a share or social bar: short ones go whatever else their
/// words say (`article-share-bar` weighs 0, yet is no article).
pub(super) fn sharing(value: &str) -> bool {
    ["share", "sharing", "social"]
        .iter()
        .any(|w| value.contains(w))
}

#[cfg(test)]
mod tests {
    use super::weight;

    #[test]
    fn words_weigh_for_and_against_and_negations_do_not_count() {
        assert_eq!(weight("l-sidebar-fixed l-article-body-segment"), 0.0);
        assert_eq!(weight("articlepage-content paywall"), 0.0);
        assert_eq!(weight("non-paywall"), 0.0);
        assert_eq!(weight("comments"), -25.0);
        assert_eq!(weight("site-header"), 0.0);
        assert_eq!(weight("ad-slot"), -25.0);
        assert_eq!(weight("story-body"), 25.0);
    }

    #[test]
    fn unlikely_needs_a_chrome_word_no_article_word_and_no_negation() {
        use super::unlikely;
        assert!(unlikely("video-cover-wrap", ""));
        assert!(unlikely("", "comment-list"));
        assert!(!unlikely("article-header", ""));
        assert!(!unlikely("layout no-sidebar", ""));
        assert!(unlikely("no-sidebar", "site-footer"));
    }
}
