//! What only one side gives: figures and quotations left unpaired that the other side does not
//! give in any form.
//!
//! A figure is one-sided when the other side gives no agreeing figure anywhere. A quotation is
//! one-sided when no quotation of the other side was paired with it, none of its own side with
//! the same words was (an outlet quoting a phrase twice, in a headline and again in the text,
//! quotes it once), and the other side does not say its words: a short quotation (a scare
//! quote, a phrase) whose words the other side writes together, in any order and quoted or not
//! ("Military Special Operation" against "the special military operation"), is the same thing
//! said.

use std::collections::BTreeMap;

use foldhash::{HashMap, HashMapExt};

use super::compare::{Side, split_words, words};
use super::number::{Measure, Quantity};
use super::{Bound, Facts, Finding, FindingKind, Mention};
use crate::load::Document;
use crate::load::normalize::lowered_key;
use crate::parallel::map_chunks;

/// The longest quotation (in words) looked for unquoted on the other side; longer ones are
/// quotations proper, which the other side either quotes too (and they pair) or does not.
pub const SAID_WORDS: usize = 8;

/// Above this many occurrences of its rarest word on the other side, a short quotation is not
/// looked for there (it is reported one-sided, as it would have been without the check).
const SAID_POSTINGS: usize = 2000;

/// Reports unpaired numbers of `side` that the other side does not give in any form. Without
/// `same_language`, a figure of the other side counting anything will do: its head noun is a
/// word of another language.
pub fn numbers(
    side: &Side,
    other: &Side,
    matched: &[bool],
    is_left: bool,
    same_language: bool,
    facts: &mut Facts,
) {
    // The other side's figures by value, and its ranges and bounds (few), so each check looks
    // at a handful of figures instead of all of them.
    let key = |v: f64| (v * 1000.0).round() as i64;
    let mut by_value: HashMap<i64, Vec<&Quantity>> = HashMap::new();
    let mut ranged: Vec<&Quantity> = Vec::new();
    for o in &other.quantities {
        if o.low != o.high || o.bound != Bound::Exact {
            ranged.push(o);
        } else {
            by_value.entry(key(o.high)).or_default().push(o);
        }
    }
    for (k, q) in side.quantities.iter().enumerate() {
        let checkable = match q.measure {
            Measure::Amount => q.unit.is_some(),
            Measure::Percent | Measure::Money(_) => true,
            Measure::Year => false,
        };
        if matched[k] || !checkable {
            continue;
        }
        let exact = [key(q.low), key(q.high)]
            .into_iter()
            .flat_map(|k| by_value.get(&k).into_iter().flatten());
        let elsewhere = exact.chain(ranged.iter()).any(|o| {
            q.measure == o.measure
                && q.agrees_with(o)
                && (!same_language || q.unit == o.unit || o.unit.is_none())
        });
        if elsewhere {
            continue;
        }
        push(
            facts,
            FindingKind::OneSidedNumber,
            vec![side.number(k)],
            is_left,
        );
    }
}

/// Reports the quotations of `side` that are one-sided (see the module's rules), one finding
/// per wording: a quotation given twice in the same words is one finding with two mentions.
pub fn quotes(side: &Side, other: &Side, paired: &[bool], is_left: bool, facts: &mut Facts) {
    let mut groups: BTreeMap<Vec<String>, Vec<usize>> = BTreeMap::new();
    for k in 0..side.quotes.len() {
        groups
            .entry(words(&side.quotes[k].text))
            .or_default()
            .push(k);
    }
    let mut lonely: Vec<(Vec<String>, Vec<usize>)> = groups
        .into_iter()
        .filter(|(_, ks)| !ks.iter().any(|&k| paired[k]))
        .collect();
    let short: Vec<&[String]> = lonely
        .iter()
        .map(|(w, _)| w.as_slice())
        .filter(|w| (2..=SAID_WORDS).contains(&w.len()))
        .collect();
    let said = Said::index(other.doc, &short);
    lonely.retain(|(w, _)| !said.says(w));
    // In reading order, as every other kind of finding.
    lonely.sort_by_key(|(_, ks)| ks.first().copied());
    for (_, ks) in lonely {
        let mentions = ks.into_iter().map(|k| side.quote(k)).collect();
        push(facts, FindingKind::OneSidedQuote, mentions, is_left);
    }
}

fn push(facts: &mut Facts, kind: FindingKind, mentions: Vec<Mention>, is_left: bool) {
    let (left, right) = if is_left {
        (mentions, vec![])
    } else {
        (vec![], mentions)
    };
    facts.findings.push(Finding {
        kind,
        left,
        right,
        similarity: None,
    });
}

/// Where a document writes the words of some short quotations: for each of their words, its
/// positions `(sentence, word)`, ascending.
struct Said {
    at: HashMap<String, Vec<(usize, usize)>>,
}

impl Said {
    /// Indexes the words of `wanted` in `doc`'s sentences (nothing when `wanted` is empty).
    fn index(doc: &Document, wanted: &[&[String]]) -> Said {
        // Each wanted word by number: a common word ("the") is found a million times.
        let mut needed: HashMap<&str, u32> = HashMap::new();
        for w in wanted.iter().flat_map(|w| w.iter()) {
            let next = needed.len() as u32;
            needed.entry(w.as_str()).or_insert(next);
        }
        if needed.is_empty() {
            return Said { at: HashMap::new() };
        }
        // The wanted words by sketch: a word of the document is compared with the few that
        // share its sketch (most share none), neither lower-cased nor hashed.
        let mut by_sketch: Vec<Vec<(&str, u32)>> = vec![Vec::new(); SKETCHES];
        for (&w, &id) in &needed {
            by_sketch[sketch(w.as_bytes())].push((w, id));
        }
        let found: Vec<(u32, (usize, usize))> = map_chunks(0..doc.sentences.len(), |range| {
            let mut found = Vec::new();
            for s in range {
                let text = doc.sentences.at(s).text;
                if split_as_ascii(text) {
                    // The words of its lowered key without making the key: in ASCII, the key
                    // only folds spaces and the grave accent, which split words either way,
                    // and lower-cases, which a comparison ignoring case does too (the wanted
                    // words are lower-case). The bytes of other characters split words here
                    // as the characters do there.
                    let words = text.as_bytes().split(|b| !b.is_ascii_alphanumeric());
                    for (i, w) in words.filter(|w| !w.is_empty()).enumerate() {
                        let same = by_sketch[sketch(w)]
                            .iter()
                            .find(|(wanted, _)| w.eq_ignore_ascii_case(wanted.as_bytes()));
                        if let Some(&(_, id)) = same {
                            found.push((id, (s, i)));
                        }
                    }
                } else {
                    let lowered = lowered_key(text);
                    for (i, w) in split_words(&lowered).enumerate() {
                        let same = by_sketch[sketch(w.as_bytes())]
                            .iter()
                            .find(|(wanted, _)| w == *wanted);
                        if let Some(&(_, id)) = same {
                            found.push((id, (s, i)));
                        }
                    }
                }
            }
            found
        });
        let mut by_id: Vec<Vec<(usize, usize)>> = vec![Vec::new(); needed.len()];
        for (id, pos) in found {
            by_id[id as usize].push(pos);
        }
        let at = needed
            .into_iter()
            .map(|(w, id)| (w.to_owned(), std::mem::take(&mut by_id[id as usize])))
            .filter(|(_, positions)| !positions.is_empty())
            .collect();
        Said { at }
    }

    /// Whether the document writes `quote`'s words (2 to [`SAID_WORDS`] of them) side by side
    /// in one sentence, in any order: a run of as many words, each one of the quotation's.
    fn says(&self, quote: &[String]) -> bool {
        let n = quote.len();
        if !(2..=SAID_WORDS).contains(&n) {
            return false;
        }
        let mut wanted: HashMap<&str, usize> = HashMap::new();
        for w in quote {
            *wanted.entry(w.as_str()).or_default() += 1;
        }
        let postings: Option<Vec<&Vec<(usize, usize)>>> =
            wanted.keys().map(|w| self.at.get(*w)).collect();
        let Some(postings) = postings else {
            return false;
        };
        let Some(rarest) = postings.iter().min_by_key(|p| p.len()) else {
            return false;
        };
        if rarest.len() > SAID_POSTINGS {
            return false;
        }
        // Every run of n words holding an occurrence of the rarest word.
        rarest.iter().any(|&(s, i)| {
            (i.saturating_sub(n - 1)..=i).any(|start| {
                wanted.iter().all(|(w, &count)| {
                    self.at.get(*w).is_some_and(|p| {
                        let from = p.partition_point(|&x| x < (s, start));
                        let to = p.partition_point(|&x| x < (s, start + n));
                        to - from == count
                    })
                })
            })
        })
    }
}

/// Whether the words of `text`'s lowered key are its runs of ASCII letters and digits: it is
/// ASCII but for quotation marks, dashes, an ellipsis and no-break spaces (a fifth of a news
/// text's sentences have one), which the key folds to ASCII punctuation or a space and which
/// split words either way.
fn split_as_ascii(text: &str) -> bool {
    const FOLDED: [char; 14] = [
        '‘', '’', '‚', '‛', '“', '”', '„', '‟', '«', '»', '–', '—', '…', '\u{a0}',
    ];
    text.chars().all(|c| c.is_ascii() || FOLDED.contains(&c))
}

/// How many [`sketch`]es there are.
const SKETCHES: usize = 4096;

/// A number below [`SKETCHES`] for `word` lower-cased in ASCII (a word and its
/// capitalised form have the same): from its length and its first and last bytes, so that
/// it costs the same for any word.
fn sketch(word: &[u8]) -> usize {
    let byte = |b: Option<&u8>| usize::from(b.copied().unwrap_or_default().to_ascii_lowercase());
    let h = (word.len().wrapping_mul(0x9E37) ^ byte(word.first()) << 8 ^ byte(word.last()))
        .wrapping_mul(0x9E37_79B1);
    (h >> 16) % SKETCHES
}

#[cfg(test)]
mod tests {
    use super::*;

    fn said(pairs: &[(&str, &[(usize, usize)])]) -> Said {
        Said {
            at: pairs
                .iter()
                .map(|(w, p)| ((*w).to_owned(), p.to_vec()))
                .collect(),
        }
    }

    fn q(text: &str) -> Vec<String> {
        text.split(' ').map(str::to_owned).collect()
    }

    #[test]
    fn the_words_side_by_side_in_any_order_are_said() {
        // "… the special military operation …": words 4, 5, 6 of sentence 2.
        let s = said(&[
            ("special", &[(2, 4)]),
            ("military", &[(0, 1), (2, 5)]),
            ("operation", &[(2, 6), (3, 0)]),
        ]);
        assert!(s.says(&q("military special operation")));
        assert!(s.says(&q("special military")));
        // Apart, or in different sentences, they are not.
        assert!(!s.says(&q("military operation special special")));
        let apart = said(&[("special", &[(2, 1)]), ("operation", &[(2, 6)])]);
        assert!(!apart.says(&q("special operation")));
        let across = said(&[("special", &[(1, 9)]), ("operation", &[(2, 0)])]);
        assert!(!across.says(&q("special operation")));
    }

    proptest::proptest! {
        #![proptest_config(crate::testing::cases(300))]

        /// The index finds each wanted word where the words of each sentence's lowered key
        /// have it, ASCII sentences (read without making the key) as the others.
        #[test]
        fn the_index_holds_the_wanted_words_of_the_lowered_keys(
            text in "([AaBbé`'’“”—…\u{a0} .,-]|ab|Ab|ba|aB|bab|b2){0,60}",
            wanted in proptest::collection::vec("(a|b|ab|ba|bab|é|aé|b2|2){1,2}", 0..4),
        ) {
            let options = crate::load::LoadOptions::default();
            // Text with no words is no document.
            let loaded = crate::load::load_bytes("t.txt", text.as_bytes(), &options);
            proptest::prop_assume!(loaded.is_ok());
            let doc = loaded.expect("assumed");
            let wanted: Vec<Vec<String>> = wanted.iter().map(|w| vec![w.clone()]).collect();
            let slices: Vec<&[String]> = wanted.iter().map(Vec::as_slice).collect();
            let said = Said::index(&doc, &slices);
            let mut expected: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
            for s in 0..doc.sentences.len() {
                let lowered = lowered_key(doc.sentences.at(s).text);
                for (i, w) in split_words(&lowered).enumerate() {
                    if wanted.iter().any(|x| x[0] == w) {
                        expected.entry(w.to_owned()).or_default().push((s, i));
                    }
                }
            }
            proptest::prop_assert_eq!(said.at, expected);
        }
    }

    #[test]
    fn single_words_and_long_quotations_are_not_looked_for() {
        let s = said(&[("victory", &[(0, 3)])]);
        assert!(!s.says(&q("victory")));
        let long = q("a b c d e f g h i");
        let positions: Vec<(usize, usize)> = (0..9).map(|i| (0, i)).collect();
        let every: Vec<(&str, &[(usize, usize)])> = long
            .iter()
            .zip(&positions)
            .map(|(w, p)| (w.as_str(), std::slice::from_ref(p)))
            .collect();
        assert!(!said(&every).says(&long), "nine words: a quotation proper");
    }

    #[test]
    fn the_words_are_counted_in_a_window_of_exactly_their_number() {
        // "a b b": "a b" is said (the window a, b), though b comes twice; "a b b" too.
        let s = said(&[("a", &[(0, 0)]), ("b", &[(0, 1), (0, 2)])]);
        assert!(s.says(&q("a b")));
        assert!(s.says(&q("b a b")));
        // Later in a sentence as at its start.
        let later = said(&[("a", &[(0, 7)]), ("b", &[(0, 8), (0, 9)])]);
        assert!(later.says(&q("a b")));
    }

    #[test]
    fn a_rarest_word_is_looked_for_up_to_the_postings_limit() {
        // The rarest word occurs exactly SAID_POSTINGS times: still looked for.
        let many: Vec<(usize, usize)> = (0..SAID_POSTINGS).map(|i| (i, 0)).collect();
        let more: Vec<(usize, usize)> = (0..=SAID_POSTINGS).map(|i| (i, 0)).collect();
        let next: Vec<(usize, usize)> = (0..=SAID_POSTINGS).map(|i| (i, 1)).collect();
        let at_limit = said(&[("common", &many), ("word", &next)]);
        assert!(at_limit.says(&q("common word")));
        let over = said(&[("common", &more), ("word", &next)]);
        assert!(
            !over.says(&q("common word")),
            "over the limit: reported one-sided"
        );
    }
}
