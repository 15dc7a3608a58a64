//! [`WordDiff`]: word-level differences inside one link, as byte ranges in sentence texts.
//!
//! Tokens are words and punctuation (`unicode-segmentation` word bounds, whitespace left out),
//! compared by matching key (case, quotes, dashes folded) with `similar`'s Patience diff. A lone
//! short token left equal between two changes (a comma, "the") is folded into the change, so
//! a reworded clause reads as one change instead of confetti. Shared content words are
//! reported too: for a heavy paraphrase the reader marks those instead of the changes.
//!
//! Case is always ignored. [`Ignore`] can also leave punctuation out of the comparison, and
//! compare numbers by value whatever their format ("14,000" = "14.000" = "14000").
//!
//! Computed on demand for what is displayed or exported; a link longer than
//! [`MAX_TOKENS`] a side is not diffed (see [`WordDiff::skipped`]).

use std::collections::HashMap;
use std::ops::Range;

use foldhash::fast::FixedState;
use similar::{Algorithm, DiffTag, capture_diff_slices};

use super::alignment::Link;
use crate::load::Document;
use crate::load::normalize::push_lowered_key;

/// Links with more tokens than this on a side are not diffed word by word.
pub const MAX_TOKENS: usize = 5000;

/// A byte range in the displayed text of one sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    /// The sentence's index in its document.
    pub sentence: usize,
    /// Byte range in that sentence's `text`, on char boundaries.
    pub range: Range<usize>,
}

/// The word-level differences of one link.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WordDiff {
    /// Text only the left side has (removed).
    pub left: Vec<Mark>,
    /// Text only the right side has (added).
    pub right: Vec<Mark>,
    /// Content words the two sides share, on the left.
    pub left_shared: Vec<Mark>,
    /// Content words the two sides share, on the right.
    pub right_shared: Vec<Mark>,
    /// True when the link was too long to diff; then nothing is marked.
    pub skipped: bool,
}

/// What the word differences leave out, beyond case (always ignored).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Ignore {
    /// Punctuation is not compared (never marked as removed or added).
    pub punctuation: bool,
    /// Numbers are compared by value: thousands separators and the decimal mark's form
    /// ("3.5" = "3,5") do not count. A group of exactly three digits after the last mark is
    /// read as thousands ("1.234" = "1,234" = "1234").
    pub number_format: bool,
}

struct Token {
    sentence: usize,
    range: Range<usize>,
    /// Where its matching key is in [`Tokens::keys`].
    key: Range<usize>,
    /// Whether its key is a content word ([`is_content`]), found while the key is at hand.
    content: bool,
}

/// One side's tokens, their keys written one after another in one string: a link's tokens
/// are keyed by the hundred thousand on a book, and need not be an allocation each.
#[derive(Default)]
struct Tokens {
    list: Vec<Token>,
    keys: String,
}

impl Tokens {
    /// The tokens of `doc`'s `sentences`, in order: whitespace left out, and punctuation
    /// too when `ignore` says so. Stops one past [`MAX_TOKENS`].
    fn of(doc: &Document, sentences: &[usize], ignore: Ignore) -> Tokens {
        let bytes: usize = sentences
            .iter()
            .filter_map(|&s| doc.sentences.get(s))
            .map(|s| s.text.len())
            .sum();
        // About a token for every four bytes of prose, and fewer bytes of keys than of text;
        // never more than a side that is diffed at all can have.
        let mut out = Tokens {
            list: Vec::with_capacity((bytes / 4 + 1).min(MAX_TOKENS + 1)),
            keys: String::with_capacity(bytes.min(MAX_TOKENS * 8)),
        };
        for &s in sentences {
            let Some(sentence) = doc.sentences.get(s) else {
                continue;
            };
            for (at, word) in crate::words::bounds(sentence.text) {
                if word.chars().all(char::is_whitespace)
                    || (ignore.punctuation && !word.chars().any(char::is_alphanumeric))
                {
                    continue;
                }
                let start = out.keys.len();
                let content = match ignore.number_format.then(|| number_value(word)).flatten() {
                    Some(value) => {
                        out.keys.push_str(&value);
                        is_content(&value)
                    }
                    // An ASCII word has no whitespace to fold: its key is the word
                    // lower-cased, with a grave accent (rare) made a quote; its letters and
                    // digits are the word's.
                    None if word.is_ascii() && !word.contains('`') => {
                        out.keys.push_str(word);
                        out.keys[start..].make_ascii_lowercase();
                        is_ascii_content(word.as_bytes())
                    }
                    None => {
                        push_lowered_key(word, &mut out.keys);
                        is_content(&out.keys[start..])
                    }
                };
                out.list.push(Token {
                    sentence: s,
                    range: at..at + word.len(),
                    key: start..out.keys.len(),
                    content,
                });
                // Past the most a diffed side has, the link is not diffed: no need to go on.
                if out.list.len() > MAX_TOKENS {
                    return out;
                }
            }
        }
        out
    }

    fn len(&self) -> usize {
        self.list.len()
    }

    /// The matching key of token `k`.
    fn key(&self, k: usize) -> &str {
        &self.keys[self.list[k].key.clone()]
    }

    /// The matching keys of the tokens, in order.
    fn keys(&self) -> impl Iterator<Item = &str> {
        self.list.iter().map(|t| &self.keys[t.key.clone()])
    }
}

/// A number's value as a canonical key (`"14000"`, `"3.5"`), whatever its separators; `None`
/// for a token that is not a number.
fn number_value(word: &str) -> Option<String> {
    let marks = ['.', ',', '\'', '’', '\u{a0}', '\u{202f}'];
    if !word.starts_with(|c: char| c.is_ascii_digit())
        || !word
            .chars()
            .all(|c| c.is_ascii_digit() || marks.contains(&c))
    {
        return None;
    }
    let groups: Vec<&str> = word.split(|c| marks.contains(&c)).collect();
    let Some((last, before)) = groups.split_last() else {
        return Some(word.to_owned());
    };
    if before.is_empty() || last.len() == 3 {
        return Some(groups.concat());
    }
    Some(format!("{}.{last}", before.concat()))
}

/// The word-level differences between the two sides of `link` (case ignored).
pub fn word_diff(left: &Document, right: &Document, link: &Link) -> WordDiff {
    word_diff_ignoring(left, right, link, Ignore::default())
}

/// The word-level differences between the two sides of `link`, leaving out what `ignore`
/// says.
pub fn word_diff_ignoring(
    left: &Document,
    right: &Document,
    link: &Link,
    ignore: Ignore,
) -> WordDiff {
    let lt = Tokens::of(left, &link.left, ignore);
    let rt = Tokens::of(right, &link.right, ignore);
    if lt.len() > MAX_TOKENS || rt.len() > MAX_TOKENS {
        return WordDiff {
            skipped: true,
            ..WordDiff::default()
        };
    }
    let (lk, rk) = numbered(&lt, &rt);
    // Keys the same on both sides (a sixth of a book's links) are one stretch of equal
    // tokens, which is what the diff would find.
    let ops: Vec<(DiffTag, Range<usize>, Range<usize>)> = if lk == rk {
        vec![(DiffTag::Equal, 0..lk.len(), 0..rk.len())]
    } else {
        capture_diff_slices(Algorithm::Patience, &lk, &rk)
            .iter()
            .map(|op| op.as_tag_tuple())
            .collect()
    };
    let mut left_changed = vec![false; lt.len()];
    let mut right_changed = vec![false; rt.len()];
    for (k, (tag, old, new)) in ops.iter().enumerate() {
        let bridged = *tag == DiffTag::Equal
            && old.len() == 1
            && is_filler(lt.key(old.start))
            && k > 0
            && k + 1 < ops.len();
        if *tag != DiffTag::Equal || bridged {
            old.clone().for_each(|i| left_changed[i] = true);
            new.clone().for_each(|j| right_changed[j] = true);
        }
    }
    let shared = |doc: &Document, toks: &Tokens, changed: &[bool]| -> Vec<Mark> {
        let content: Vec<bool> = toks
            .list
            .iter()
            .zip(changed)
            .map(|(t, c)| !*c && t.content)
            .collect();
        runs(doc, &toks.list, &content)
    };
    WordDiff {
        left: runs(left, &lt.list, &left_changed),
        right: runs(right, &rt.list, &right_changed),
        left_shared: shared(left, &lt, &left_changed),
        right_shared: shared(right, &rt, &right_changed),
        skipped: false,
    }
}

/// Each side's keys as numbers, equal keys the same number: the diff then compares and
/// hashes numbers rather than strings, and finds the same differences (it looks at nothing
/// but which keys are equal).
fn numbered(left: &Tokens, right: &Tokens) -> (Vec<u32>, Vec<u32>) {
    let mut numbers: HashMap<&str, u32, FixedState> =
        HashMap::with_capacity_and_hasher(left.len() + right.len(), FixedState::default());
    let mut number = |key| {
        let next = numbers.len() as u32;
        *numbers.entry(key).or_insert(next)
    };
    let l = left.keys().map(&mut number).collect();
    let r = right.keys().map(&mut number).collect();
    (l, r)
}

/// A short token that reads as glue between words (punctuation, "the", "of").
fn is_filler(key: &str) -> bool {
    !key.chars().any(char::is_alphanumeric) || chars(key) <= 3
}

fn is_content(key: &str) -> bool {
    key.chars().any(char::is_alphanumeric)
        && (chars(key) >= 4 || key.bytes().any(|b| b.is_ascii_digit()))
}

/// [`is_content`] of an ASCII key, or of the ASCII word it lower-cases.
fn is_ascii_content(key: &[u8]) -> bool {
    key.iter().any(u8::is_ascii_alphanumeric)
        && (key.len() >= 4 || key.iter().any(u8::is_ascii_digit))
}

/// How many characters `key` has (most keys are ASCII: their length).
fn chars(key: &str) -> usize {
    if key.is_ascii() {
        key.len()
    } else {
        key.chars().count()
    }
}

/// Consecutive flagged tokens of one sentence become one mark spanning the space between them.
fn runs(doc: &Document, toks: &[Token], flagged: &[bool]) -> Vec<Mark> {
    let mut out: Vec<Mark> = Vec::new();
    let mut prev_changed = false;
    for (t, &c) in toks.iter().zip(flagged) {
        if c {
            match out.last_mut() {
                Some(m) if prev_changed && m.sentence == t.sentence => m.range.end = t.range.end,
                _ => out.push(Mark {
                    sentence: t.sentence,
                    range: t.range.clone(),
                }),
            }
        }
        prev_changed = c;
    }
    debug_assert!(out.iter().all(|m| {
        doc.sentences
            .at(m.sentence)
            .text
            .get(m.range.clone())
            .is_some()
    }));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::LinkKind;
    use crate::load::{LoadOptions, load_bytes};

    fn doc(text: &str) -> Document {
        load_bytes("t.txt", text.as_bytes(), &LoadOptions::default()).expect("loads")
    }

    fn marked<'a>(d: &'a Document, marks: &[Mark]) -> Vec<&'a str> {
        marks
            .iter()
            .map(|m| &d.sentences.at(m.sentence).text[m.range.clone()])
            .collect()
    }

    proptest::proptest! {
        /// Whether a token is a content word, found as its key is made, is what its key
        /// says, for ASCII words, words beyond ASCII and numbers read by value.
        #[test]
        fn a_token_is_content_as_its_key_says(
            text in "[A-Za-z0-9 ,.`'’é%-]{0,30}",
            number_format in proptest::bool::ANY,
        ) {
            let d = doc(&format!("The reporter wrote {text} today."));
            let all: Vec<usize> = (0..d.sentences.len()).collect();
            let ignore = Ignore { number_format, ..Ignore::default() };
            let toks = Tokens::of(&d, &all, ignore);
            for (t, key) in toks.list.iter().zip(toks.keys()) {
                proptest::prop_assert_eq!(t.content, is_content(key), "{:?}", key);
            }
        }

        /// Numbered keys give the diff of the keys themselves, equal sides included; words
        /// from a few, so that most repeat.
        #[test]
        fn numbered_keys_diff_as_the_keys_do(
            left in proptest::collection::vec(0usize..6, 0..30),
            right in proptest::collection::vec(0usize..6, 0..30),
            same in proptest::bool::ANY,
        ) {
            let words = ["the", "Harbour", "harbour", "of", "14,000", "said"];
            let text = |ks: &[usize]| -> String {
                ks.iter().map(|&k| words[k]).collect::<Vec<_>>().join(" ") + "."
            };
            let (l, r) = (doc(&text(&left)), doc(&text(if same { &left } else { &right })));
            let all = |d: &Document| (0..d.sentences.len()).collect::<Vec<_>>();
            let (lt, rt) = (
                Tokens::of(&l, &all(&l), Ignore::default()),
                Tokens::of(&r, &all(&r), Ignore::default()),
            );
            let (lk, rk) = numbered(&lt, &rt);
            let as_keys: Vec<&str> = lt.keys().collect();
            let bs_keys: Vec<&str> = rt.keys().collect();
            let ops = |ops: Vec<similar::DiffOp>| -> Vec<_> {
                ops.iter().map(|op| op.as_tag_tuple()).collect()
            };
            let by_keys = ops(capture_diff_slices(Algorithm::Patience, &as_keys, &bs_keys));
            proptest::prop_assert_eq!(
                ops(capture_diff_slices(Algorithm::Patience, &lk, &rk)),
                by_keys.clone()
            );
            if same {
                // What the shortcut for equal sides stands for: one stretch of equal tokens.
                proptest::prop_assert!(by_keys.len() <= 1 && by_keys.iter().all(|o| o.0 == DiffTag::Equal));
                let link = Link {
                    left: all(&l),
                    right: all(&r),
                    kind: LinkKind::Changed,
                    similarity: 1.0,
                    manual: false,
                };
                let d = word_diff(&l, &r, &link);
                proptest::prop_assert!(d.left.is_empty() && d.right.is_empty());
            }
        }
    }

    #[test]
    fn changed_words_are_marked_on_each_side() {
        let l = doc("Around 14,000 soldiers from North Korea fought in the region.");
        let r = doc("An estimated 11,000 soldiers from North Korea fought in the region.");
        let link = Link {
            left: vec![0],
            right: vec![0],
            kind: LinkKind::Changed,
            similarity: 0.8,
            manual: false,
        };
        let d = word_diff(&l, &r, &link);
        assert_eq!(marked(&l, &d.left), vec!["Around 14,000"]);
        assert_eq!(marked(&r, &d.right), vec!["An estimated 11,000"]);
        assert_eq!(
            marked(&l, &d.left_shared),
            vec!["soldiers from North Korea fought", "region"]
        );
    }

    fn one_to_one() -> Link {
        Link {
            left: vec![0],
            right: vec![0],
            kind: LinkKind::Changed,
            similarity: 0.5,
            manual: false,
        }
    }

    #[test]
    fn a_number_glued_to_a_unit_keeps_its_decimal_point() {
        // Even with number formats ignored, "1.5km" is a word, not a number: its point is not
        // a thousands separator.
        let l = doc("The march ran 1.5km along the river.");
        let r = doc("The march ran 15km along the river.");
        let ignore = Ignore {
            number_format: true,
            ..Ignore::default()
        };
        let d = word_diff_ignoring(&l, &r, &one_to_one(), ignore);
        assert_eq!(marked(&l, &d.left), vec!["1.5km"]);
        assert_eq!(marked(&r, &d.right), vec!["15km"]);
    }

    #[test]
    fn a_content_word_between_changes_and_a_first_short_word_stay_apart() {
        let l = doc("They sent 500 soldiers yesterday to Kursk.");
        let r = doc("They sent 400 soldiers today to Kursk.");
        let d = word_diff(&l, &r, &one_to_one());
        assert_eq!(marked(&l, &d.left), vec!["500", "yesterday"]);
        assert_eq!(marked(&r, &d.right), vec!["400", "today"]);
        // A short word that opens both sentences is no change between changes.
        let l = doc("The soldiers left.");
        let r = doc("The troops left.");
        let d = word_diff(&l, &r, &one_to_one());
        assert_eq!(marked(&l, &d.left), vec!["soldiers"]);
    }

    #[test]
    fn a_side_longer_than_the_limit_is_skipped_not_diffed() {
        // n tokens: n - 1 words and the full stop.
        let tokens = |n: usize| doc(&format!("{}.", vec!["word"; n - 1].join(" ")));
        let short = doc("A short sentence.");
        let (at_limit, over) = (tokens(MAX_TOKENS), tokens(MAX_TOKENS + 1));
        assert_eq!((at_limit.sentences.len(), over.sentences.len()), (1, 1));
        let link = one_to_one();
        assert!(!word_diff(&at_limit, &short, &link).skipped);
        assert!(!word_diff(&short, &at_limit, &link).skipped);
        assert!(word_diff(&over, &short, &link).skipped);
        assert!(word_diff(&short, &over, &link).skipped);
        let d = word_diff(&over, &short, &link);
        assert!(d.left.is_empty() && d.right.is_empty());
    }

    #[test]
    fn a_lone_short_word_between_changes_is_folded_in() {
        let l = doc("They met in the port city yesterday.");
        let r = doc("They talked at the seaside resort today.");
        let link = Link {
            left: vec![0],
            right: vec![0],
            kind: LinkKind::Changed,
            similarity: 0.4,
            manual: false,
        };
        let d = word_diff(&l, &r, &link);
        assert_eq!(marked(&l, &d.left), vec!["met in the port city yesterday"]);
        assert_eq!(
            marked(&r, &d.right),
            vec!["talked at the seaside resort today"]
        );
    }

    #[test]
    fn quotes_and_case_do_not_count_as_differences() {
        let l = doc("He said “Victory” was near.");
        let r = doc("He said \"victory\" was near.");
        let link = Link {
            left: vec![0],
            right: vec![0],
            kind: LinkKind::Equal,
            similarity: 1.0,
            manual: false,
        };
        let d = word_diff(&l, &r, &link);
        assert!(d.left.is_empty() && d.right.is_empty());
    }

    #[test]
    fn ignored_punctuation_and_number_formats_are_not_marked() {
        let l = doc("About 14,000 soldiers, and 3.5 tanks, arrived on Monday.");
        let r = doc("About 14.000 soldiers and 3,5 tanks arrived on Monday!");
        let link = Link {
            left: vec![0],
            right: vec![0],
            kind: LinkKind::Changed,
            similarity: 0.9,
            manual: false,
        };
        let plain = word_diff(&l, &r, &link);
        assert!(!plain.left.is_empty() && !plain.right.is_empty());
        let numbers = Ignore {
            number_format: true,
            ..Ignore::default()
        };
        let d = word_diff_ignoring(&l, &r, &link, numbers);
        assert!(
            !marked(&l, &d.left).iter().any(|m| m.contains("14")),
            "{:?}",
            marked(&l, &d.left)
        );
        assert!(marked(&l, &d.left).iter().any(|m| m.contains(',')));
        let both = Ignore {
            punctuation: true,
            number_format: true,
        };
        let d = word_diff_ignoring(&l, &r, &link, both);
        assert!(d.left.is_empty() && d.right.is_empty(), "{d:?}");
        // A different number is still a difference.
        let r2 = doc("About 11.000 soldiers and 3,5 tanks arrived on Monday!");
        let d = word_diff_ignoring(&l, &r2, &link, both);
        assert_eq!(marked(&r2, &d.right), vec!["11.000"]);
    }

    #[test]
    fn numbers_compare_by_value_whatever_their_separators() {
        for (a, b) in [
            ("14,000", "14000"),
            ("14.000", "14,000"),
            ("3.5", "3,5"),
            ("1’234", "1234"),
        ] {
            assert_eq!(number_value(a), number_value(b), "{a} {b}");
        }
        assert_ne!(number_value("3.5"), number_value("35"));
        assert_eq!(number_value("Monday"), None);
    }
}
