//! Word-level marks between passages in two different languages: only numbers and names.
//!
//! Across languages nearly every word differs, so the usual word diff would mark everything
//! and say nothing. What still compares is what translation keeps: numbers (`14,000` in one,
//! `14.000` in the other is the same number) and names (`Lavrov` / `Lawrow` are one name; see
//! [`super::name::fold`]). A number marked on one side has no equal on the other; a name
//! marked has no spelling of it there. Names are looked for only in languages that capitalise
//! names alone: in German every noun is capitalised, so a German side's "names" would be all
//! its nouns (its numbers are still compared).

use foldhash::{HashSet, HashSetExt};

use super::name::{fold, names};
use super::number::MONTHS;
use super::token::tokens;
use crate::align::language::{Analyzer, canonical_number};
use crate::align::word_diff::{Ignore, Mark, WordDiff, word_diff_ignoring};
use crate::align::{Alignment, Link};
use crate::load::Document;

/// Languages (ISO 639-1) whose capitals do not mark names: every noun has one.
const NOUNS_CAPITALISED: &[&str] = &["de", "lb"];

/// English weekdays: capitalised by grammar, not because they name someone, so that a
/// translated one would look like a missing name (as would a month, [`MONTHS`]).
const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Whether a name is spelled on the other side: its last word of three letters or more (a
/// surname, a place) is there as it is or shares at least half its character trigrams with a
/// word there (`Lavrov` / `Lawrow`, `Confederate` / `Konföderierten`). Shorter words
/// ("Un", "Al") match too much by chance to count.
fn spelled(words: &[String], other: &Other) -> bool {
    let Some(key) = words.iter().rev().find(|w| w.chars().count() >= 3) else {
        return true;
    };
    if other.words.contains(key) {
        return true;
    }
    let mine = trigrams(key);
    other
        .grams
        .iter()
        .any(|theirs| 2 * mine.intersection(theirs).count() >= mine.len())
}

/// The character trigrams of a word, with its ends marked.
fn trigrams(word: &str) -> HashSet<String> {
    let chars: Vec<char> = format!("<{word}>").chars().collect();
    chars.windows(3).map(|g| g.iter().collect()).collect()
}

/// The other side's words, folded, and their trigrams (made once per link).
struct Other {
    words: HashSet<String>,
    grams: Vec<HashSet<String>>,
}

/// Folded weekday and month names (folding spells "saturday" "saturdai").
fn calendar() -> &'static HashSet<String> {
    static CALENDAR: std::sync::OnceLock<HashSet<String>> = std::sync::OnceLock::new();
    CALENDAR.get_or_init(|| WEEKDAYS.iter().chain(MONTHS).map(|w| fold(w)).collect())
}

/// What one side of a link holds that the other may lack.
struct Mentions {
    numbers: Vec<(Mark, String)>,
    names: Vec<(Mark, Vec<String>)>,
    /// Every word folded, to find a name's spelling on this side.
    words: HashSet<String>,
}

fn side(doc: &Document, sentences: &[usize], language: Option<&str>) -> Mentions {
    let analyzer = Analyzer::for_iso1(language.unwrap_or(""));
    let look_for_names = language.is_none_or(|l| !NOUNS_CAPITALISED.contains(&l));
    let mut out = Mentions {
        numbers: Vec::new(),
        names: Vec::new(),
        words: HashSet::new(),
    };
    for &s in sentences {
        let Some(sentence) = doc.sentences.get(s) else {
            continue;
        };
        for t in tokens(sentence.text) {
            if let Some(n) = canonical_number(t.text) {
                let mark = Mark {
                    sentence: s,
                    range: t.range.clone(),
                };
                out.numbers.push((mark, n));
            } else if t.is_word() {
                out.words.insert(fold(t.text));
            }
        }
        if look_for_names {
            let first_word = tokens(sentence.text)
                .into_iter()
                .find(|t| t.is_word())
                .map(|t| t.range.start);
            for name in names(s, sentence.text, &analyzer) {
                let words: Vec<String> = name.key().split_whitespace().map(str::to_owned).collect();
                if words.iter().all(|w| calendar().contains(w)) {
                    continue;
                }
                // A single capitalised word opening a sentence ("Officials said…") is as likely
                // an ordinary word as a name; across languages it would always look missing.
                if words.len() == 1 && Some(name.range.start) == first_word {
                    continue;
                }
                let mark = Mark {
                    sentence: s,
                    range: name.range,
                };
                out.names.push((mark, words));
            }
        }
    }
    out
}

/// The word-level marks shown for `link` of `alignment`: its word diff (leaving out what
/// `ignore` says), or across languages only the numbers and names that differ.
pub fn link_diff(
    left: &Document,
    right: &Document,
    alignment: &Alignment,
    link: &Link,
    ignore: Ignore,
) -> WordDiff {
    if alignment.cross_language() {
        across_languages(left, right, link, alignment.languages)
    } else {
        word_diff_ignoring(left, right, link, ignore)
    }
}

/// Marks on each side of `link` for the numbers and names the other side lacks.
pub fn across_languages(
    left: &Document,
    right: &Document,
    link: &Link,
    languages: (Option<&str>, Option<&str>),
) -> WordDiff {
    let l = side(left, &link.left, languages.0);
    let r = side(right, &link.right, languages.1);
    let marks = |this: &Mentions, other: &Mentions| -> Vec<Mark> {
        let numbers: HashSet<&str> = other.numbers.iter().map(|(_, n)| n.as_str()).collect();
        let spelling = Other {
            grams: other.words.iter().map(|w| trigrams(w)).collect(),
            words: other.words.clone(),
        };
        let mut out: Vec<Mark> = this
            .numbers
            .iter()
            .filter(|(_, n)| !numbers.contains(n.as_str()))
            .map(|(m, _)| m.clone())
            .chain(
                this.names
                    .iter()
                    // A name is there when any of its words is (surnames suffice).
                    .filter(|(_, words)| !spelled(words, &spelling))
                    .map(|(m, _)| m.clone()),
            )
            .collect();
        out.sort_by_key(|m| (m.sentence, m.range.start));
        out
    };
    WordDiff {
        left: marks(&l, &r),
        right: marks(&r, &l),
        ..WordDiff::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::LinkKind;
    use crate::load::{LoadOptions, load_bytes};

    fn doc(text: &str) -> Document {
        load_bytes("d.txt", text.as_bytes(), &LoadOptions::default()).expect("a document")
    }

    fn marked(d: &Document, marks: &[Mark]) -> Vec<String> {
        marks
            .iter()
            .map(|m| d.sentences.at(m.sentence).text[m.range.clone()].to_owned())
            .collect()
    }

    /// A link of the first sentence on each side.
    fn first_sentences() -> Link {
        Link {
            left: vec![0],
            right: vec![0],
            kind: LinkKind::Changed,
            similarity: 0.5,
            manual: false,
        }
    }

    #[test]
    fn only_numbers_and_names_that_differ_are_marked() {
        let en = doc("About 14,000 soldiers met Sergei Lavrov and Choe Son Hui in 2024.");
        let de = doc("Rund 11.000 Soldaten trafen Sergej Lawrow und Kim Jong Un im Jahr 2024.");
        let link = first_sentences();
        let d = across_languages(&en, &de, &link, (Some("en"), Some("de")));
        // 2024 is on both sides; Lavrov is Lawrow; Choe Son Hui is nowhere in the German.
        assert_eq!(marked(&en, &d.left), vec!["14,000", "Choe Son Hui"]);
        // German nouns are not taken for names: only the number differs there.
        assert_eq!(marked(&de, &d.right), vec!["11.000"]);
    }

    #[test]
    fn weekdays_opening_words_and_short_name_parts_are_not_missing_names() {
        let en = doc("Officials said Kim Jong Un arrived on Saturday and met Choe in March.");
        let de =
            doc("Beamte sagten, Kim Jong Un sei am Samstag angekommen und im März Choe getroffen.");
        let link = first_sentences();
        let d = across_languages(&en, &de, &link, (Some("en"), Some("de")));
        assert!(d.left.is_empty(), "{:?}", marked(&en, &d.left));
        // "Un" alone must not find the name in "und": Kim Jong Un is missing here.
        let other = doc("Der Minister und 14.000 Soldaten trafen sich.");
        let d = across_languages(&en, &other, &link, (Some("en"), Some("de")));
        assert!(
            marked(&en, &d.left).contains(&"Kim Jong Un".to_owned()),
            "{:?}",
            marked(&en, &d.left)
        );
    }

    #[test]
    fn a_single_word_name_inside_a_sentence_is_marked_when_missing() {
        let en = doc("They met Lavrov in Moscow.");
        let de = doc("Sie trafen sich gestern.");
        let d = across_languages(&en, &de, &first_sentences(), (Some("en"), Some("de")));
        assert_eq!(marked(&en, &d.left), vec!["Lavrov", "Moscow"]);
    }

    #[test]
    fn a_link_s_marks_are_its_word_diff_or_across_languages_its_numbers_and_names() {
        use crate::align::{AlignOptions, align};
        let l = doc("About 14,000 soldiers met the minister in the capital.");
        let r = doc("About 11,000 soldiers met the minister in the city.");
        let mut a = align(&l, &r, &AlignOptions::default());
        let link = a.links.first().cloned().expect("linked");
        let words = link_diff(&l, &r, &a, &link, Ignore::default());
        assert_eq!(marked(&l, &words.left), vec!["14,000", "capital"]);
        // Read as two languages, only the figure is a difference.
        a.languages = (Some("en"), Some("de"));
        let across = link_diff(&l, &r, &a, &link, Ignore::default());
        assert_eq!(marked(&l, &across.left), vec!["14,000"]);
    }
}
