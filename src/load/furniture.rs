//! Page furniture: blocks that came with the page but are not the article.
//!
//! Each rule names its reason and matches whole blocks only, never part of a paragraph, and
//! only shapes that article prose does not take (a lone "dpa", a line "Copy the current link",
//! a closing first-person author bio). A block that is doubtful stays: losing article text is
//! worse than showing a stray button label.

use super::block::{Block, Blocks};
use super::document::ParagraphKind;

/// Whole-block labels of buttons, widgets and ad slots (compared case-insensitively, trimmed).
const LABELS: &[(&str, &str)] = &[
    ("copy the current link", "share button"),
    ("copy link", "share button"),
    ("share", "share button"),
    ("share this article", "share button"),
    ("share on facebook", "share button"),
    ("share on twitter", "share button"),
    ("add to the memorial list", "bookmark button"),
    ("add to reading list", "bookmark button"),
    ("save article", "bookmark button"),
    ("advertisement", "advertisement label"),
    ("advertising", "advertisement label"),
    ("anzeige", "advertisement label"),
    ("werbung", "advertisement label"),
    ("sponsored", "advertisement label"),
    ("source link", "source link"),
    ("posted in", "category line"),
    ("filed under", "category line"),
    ("leave a comment", "comment prompt"),
    ("comments", "comment prompt"),
    ("show comments", "comment prompt"),
    ("read more", "teaser link"),
    ("read more:", "teaser link"),
    ("related articles", "teaser link"),
    ("related", "teaser link"),
    ("published at:", "date label"),
    ("published:", "date label"),
    ("updated:", "date label"),
    ("print", "print button"),
    ("close", "close button"),
    ("x", "close button"),
    ("×", "close button"),
    ("listen to article", "audio player"),
    ("subscribe", "subscription prompt"),
];

/// News agency tags that stand alone on a line at the end of a wire story.
const AGENCIES: &[&str] = &[
    "dpa", "afp", "ap", "reuters", "kna", "epd", "apa", "sda", "ansa", "efe", "tass", "ria", "upi",
    "kyodo", "yonhap", "xinhua", "bbc", "cnn",
];

/// Words a publisher line is made of ("ICARO Media Group").
const PUBLISHER_WORDS: &[&str] = &[
    "media", "news", "press", "group", "agency", "network", "newsroom", "wire", "staff",
];

/// Decides which blocks are furniture; returns each such block's index and reason, in order.
pub fn classify(blocks: &Blocks) -> Vec<(usize, &'static str)> {
    let mut out = Vec::new();
    let mut seen_blocks: Vec<String> = Vec::new();
    let mut previous = None;
    for (i, block) in blocks.iter().enumerate() {
        let text = block.text.trim();
        // Lower-cased only where a rule reads it: a book's paragraphs are neither labels nor
        // among the first or last few.
        let lower = if i < 8 || i + 3 >= blocks.len() || text.len() <= LONGEST_LABEL_SOURCE {
            text.to_lowercase()
        } else {
            String::new()
        };
        let reason = label(&lower)
            .or_else(|| agency_tag(text).filter(|r| *r == "agency tag" || i + 6 >= blocks.len()))
            .or_else(|| source_credit(text))
            .or_else(|| {
                (i > 0 && previous == Some("category line") && short_label(text))
                    .then_some("category name")
            })
            .or_else(|| (i <= 3 && i > 0 && publisher_line(text)).then_some("publisher line"))
            .or_else(|| (i == 0 && section_label(blocks)).then_some("section label"))
            .or_else(|| caption_with_close_button(text))
            .or_else(|| (i + 3 >= blocks.len() && author_bio(&lower)).then_some("author bio"))
            .or_else(|| {
                (i < 8 && short_enough_for_a_headline(text) && seen_blocks.contains(&lower))
                    .then_some("repeated headline")
            });
        if reason.is_none() && i < 8 {
            seen_blocks.push(lower);
        }
        out.extend(reason.map(|r| (i, r)));
        previous = reason;
    }
    out
}

/// A headline is a line, not a paragraph: a long block that repeats is the article's own
/// (a quoted passage, a template's sample text), never a repeated headline.
fn short_enough_for_a_headline(text: &str) -> bool {
    text.split_whitespace().count() <= 25
}

/// The longest text, in bytes, that may lower-case to a label: a character's lower case is
/// never under a quarter of its bytes (K, the Kelvin sign, is three bytes; k is one).
const LONGEST_LABEL_SOURCE: usize = {
    let mut longest = 0;
    let mut k = 0;
    while k < LABELS.len() {
        if LABELS[k].0.len() > longest {
            longest = LABELS[k].0.len();
        }
        k += 1;
    }
    4 * longest
};

fn label(lower: &str) -> Option<&'static str> {
    LABELS
        .iter()
        .find(|(l, _)| *l == lower)
        .map(|&(_, reason)| reason)
}

/// "dpa", "AFP", "dpa/AFP", "AP/dpa/jol", or author initials alone ("cl", "KR").
fn agency_tag(text: &str) -> Option<&'static str> {
    // Five parts are enough to know there are too many.
    let parts: Vec<&str> = text
        .split(['/', ',', ' '])
        .filter(|p| !p.is_empty())
        .take(5)
        .collect();
    if parts.is_empty() || parts.len() > 4 {
        return None;
    }
    let all_agencies = parts
        .iter()
        .all(|p| AGENCIES.contains(&p.to_lowercase().trim_end_matches('.')));
    if all_agencies {
        return Some("agency tag");
    }
    let initials = parts.len() <= 3
        && parts.iter().all(|p| {
            (2..=3).contains(&p.chars().count())
                && p.chars().all(char::is_alphabetic)
                && (p.chars().all(char::is_lowercase) || p.chars().all(char::is_uppercase))
        });
    let any_agency = parts
        .iter()
        .any(|p| AGENCIES.contains(&p.to_lowercase().as_str()));
    (initials && (any_agency || parts.len() == 1)).then_some("author initials")
}

/// "Source: Stern", "Quelle: dpa" — a short credit line.
fn source_credit(text: &str) -> Option<&'static str> {
    let (head, rest) = text.split_once(':')?;
    let head = head.trim().to_lowercase();
    let credit = matches!(
        head.as_str(),
        "source"
            | "sources"
            | "quelle"
            | "quellen"
            | "photo"
            | "foto"
            | "image"
            | "bild"
            | "credit"
            | "credits"
            | "mit material von"
    );
    (credit && rest.split_whitespace().count() <= 6 && !rest.trim_end().ends_with('.'))
        .then_some("source credit")
}

fn short_label(text: &str) -> bool {
    let words = text.split_whitespace().count();
    (1..=4).contains(&words) && !text.ends_with(['.', '!', '?', ':'])
}

/// A short line of capitalised words with a publishing word: "ICARO Media Group".
fn publisher_line(text: &str) -> bool {
    // Six words are enough to know there are too many.
    let words: Vec<&str> = text.split_whitespace().take(6).collect();
    (2..=5).contains(&words.len())
        && !text.ends_with(['.', '!', '?', ':'])
        && words
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
        && words
            .last()
            .is_some_and(|w| PUBLISHER_WORDS.contains(&w.to_lowercase().as_str()))
}

/// A short section tag above the headline ("War in Ukraine" over the real headline): the
/// first block is a heading of at most four words and the next one a longer heading.
fn section_label(blocks: &Blocks) -> bool {
    let (Some(first), Some(second)) = (blocks.get(0), blocks.get(1)) else {
        return false;
    };
    let heading = |b: &Block| matches!(b.kind, ParagraphKind::Heading(_));
    let words = |b: &Block| b.text.split_whitespace().count();
    heading(first) && heading(second) && words(first) <= 4 && words(second) > words(first)
}

/// A photo caption scraped with its lightbox's close button: "… Kim Jong-un X".
fn caption_with_close_button(text: &str) -> Option<&'static str> {
    let body = text
        .strip_suffix(" X")
        .or_else(|| text.strip_suffix(" ×"))?;
    (!body.ends_with(['.', '!', '?']) && body.split_whitespace().count() >= 3)
        .then_some("photo caption")
}

/// A closing paragraph in which the writer describes themself.
fn author_bio(lower: &str) -> bool {
    let first_person = lower.starts_with("i have been")
        || lower.starts_with("i am a")
        || lower.starts_with("i'm a")
        || lower.starts_with("i’m a")
        || lower.starts_with("about the author");
    let trade = [
        "reporter",
        "editor",
        "journalist",
        "writer",
        "correspondent",
    ]
    .iter()
    .any(|w| lower.contains(w));
    first_person && trade
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::source_map::SourceMap;

    /// Each block's reason or `None`.
    fn reasons(blocks: &[Block]) -> Vec<Option<&'static str>> {
        let mut out = vec![None; blocks.len()];
        for (i, r) in classify(&Blocks::from(blocks.to_vec())) {
            out[i] = Some(r);
        }
        out
    }

    fn blocks(lines: &[&str]) -> Vec<Block> {
        lines
            .iter()
            .map(|l| Block {
                kind: ParagraphKind::Text,
                text: (*l).to_string(),
                map: SourceMap::default(),
            })
            .collect()
    }

    #[test]
    fn furniture_goes_and_article_text_stays() {
        let b = blocks(&[
            "Headline of the story",
            "ICARO Media Group",
            "Copy the current link",
            "Headline of the story",
            "Advertisement",
            "The AP reported that 14,000 soldiers fought.",
            "Source: Stern",
            "Source: the ministry said the figure was 14,000.",
            "Posted in",
            "Billboard Lifestyle",
            "dpa",
            "cl",
            "I have been working in the news industry for over 6 years, first as a reporter.",
        ]);
        let reasons = reasons(&b);
        assert_eq!(
            reasons,
            vec![
                None,
                Some("publisher line"),
                Some("share button"),
                Some("repeated headline"),
                Some("advertisement label"),
                None,
                Some("source credit"),
                None,
                Some("category line"),
                Some("category name"),
                Some("agency tag"),
                Some("author initials"),
                Some("author bio"),
            ]
        );
    }

    #[test]
    fn a_section_label_above_the_headline_is_set_aside() {
        let mut b = blocks(&[
            "War in Ukraine",
            "Lavrov: North Korea supports the war goals",
            "Body.",
        ]);
        b[0].kind = ParagraphKind::Heading(2);
        b[1].kind = ParagraphKind::Heading(2);
        assert_eq!(reasons(&b)[..2], [Some("section label"), None]);
        b[1].kind = ParagraphKind::Text;
        assert_eq!(
            reasons(&b)[0],
            None,
            "a heading over body text is the headline"
        );
    }

    #[test]
    fn a_bio_in_the_middle_of_an_article_is_kept() {
        let mut lines = vec!["I am a reporter and I saw the tanks roll in."];
        lines.extend(["Para.", "Para two.", "Para three.", "Para four."]);
        assert_eq!(reasons(&blocks(&lines))[0], None);
    }

    #[test]
    fn a_repeated_paragraph_is_no_headline() {
        let para = "Lorem ipsum dolor sit amet, consectetur adipisicing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua, ut enim ad minim veniam, quis nostrud.";
        assert_eq!(reasons(&blocks(&["Head", para, para])), vec![None; 3]);
        assert_eq!(
            reasons(&blocks(&["Head", "Body.", "Head"]))[2],
            Some("repeated headline")
        );
    }

    #[test]
    fn a_label_deep_in_a_long_article_goes_however_it_is_capitalised() {
        // Past the first eight blocks and before the last three, where only labels are
        // lower-cased: "ADVERTISEMENT", and a share button with a Kelvin sign for its K.
        let body: Vec<String> = (0..14)
            .map(|k| format!("Paragraph {k} of the article, long enough to be article text."))
            .collect();
        let mut lines: Vec<&str> = body.iter().map(String::as_str).collect();
        lines[8] = "ADVERTISEMENT";
        lines[9] = "SHARE ON FACEBOO\u{212a}";
        let reasons = reasons(&blocks(&lines));
        assert_eq!(reasons[8], Some("advertisement label"));
        assert_eq!(reasons[9], Some("share button"));
        assert_eq!(reasons.iter().flatten().count(), 2);
    }

    #[test]
    fn sentences_mentioning_agencies_stay() {
        let b = blocks(&["Reuters cited the agency.", "AFP reported it first."]);
        assert_eq!(reasons(&b), vec![None, None]);
    }
}
