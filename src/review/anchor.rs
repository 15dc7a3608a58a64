//! Finding saved sentences again in the current documents: exactly, then fuzzily.
//!
//! The store keeps sentence text; the current documents may have been edited since. A
//! [`Finder`] looks a text up by exact equality first (a hash lookup), and only when that fails
//! by word overlap (Dice coefficient of lower-cased words), so an unchanged article costs a
//! lookup per sentence and an edited one a scan per edited sentence.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use crate::load::Document;

/// Word overlap (Dice) at or above which an edited sentence counts as the same sentence.
pub const FUZZY_FLOOR: f32 = 0.6;

/// Looks sentences of one document up by text.
pub struct Finder<'a> {
    doc: &'a Document,
    exact: HashMap<&'a str, Vec<usize>>,
    words: Option<Vec<HashSet<String>>>,
}

impl<'a> Finder<'a> {
    /// An index over `doc`'s sentences.
    pub fn new(doc: &'a Document) -> Finder<'a> {
        let mut exact: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, s) in doc.sentences.iter().enumerate() {
            exact.entry(s.text.as_str()).or_default().push(i);
        }
        Finder {
            doc,
            exact,
            words: None,
        }
    }

    /// Sentences whose text is exactly `text`.
    pub fn exact(&self, text: &str) -> &[usize] {
        self.exact.get(text).map_or(&[], Vec::as_slice)
    }

    /// The sentence most like `text` by word overlap, with its score, if it reaches
    /// [`FUZZY_FLOOR`]. Ties go to the earliest sentence.
    pub fn fuzzy(&mut self, text: &str) -> Option<(usize, f32)> {
        let doc = self.doc;
        let words = self
            .words
            .get_or_insert_with(|| doc.sentences.iter().map(|s| words_of(&s.text)).collect());
        let probe = words_of(text);
        let mut best: Option<(usize, f32)> = None;
        for (i, w) in words.iter().enumerate() {
            let score = dice(&probe, w);
            if score >= FUZZY_FLOOR && best.is_none_or(|(_, b)| score > b) {
                best = Some((i, score));
            }
        }
        best
    }

    /// Where the run of `texts` is now: exactly (consecutive sentences with these texts), else
    /// sentence by sentence fuzzily, when the matches are consecutive.
    pub fn run(&mut self, texts: &[String]) -> Option<Range<usize>> {
        let first = texts.first()?;
        let n = self.doc.sentences.len();
        for &i in self.exact(first) {
            let fits = texts
                .iter()
                .enumerate()
                .all(|(k, t)| i + k < n && self.doc.sentences[i + k].text == *t);
            if fits {
                return Some(i..i + texts.len());
            }
        }
        let mut found = Vec::with_capacity(texts.len());
        for t in texts {
            let i = match self.exact(t).first() {
                Some(&i) => i,
                None => self.fuzzy(t)?.0,
            };
            found.push(i);
        }
        let start = found[0];
        found
            .iter()
            .enumerate()
            .all(|(k, &i)| i == start + k)
            .then_some(start..start + texts.len())
    }
}

fn words_of(text: &str) -> HashSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn dice(a: &HashSet<String>, b: &HashSet<String>) -> f32 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let shared = a.intersection(b).count();
    2.0 * shared as f32 / (a.len() + b.len()) as f32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{LoadOptions, load_bytes};

    fn doc(t: &str) -> Document {
        load_bytes("t.txt", t.as_bytes(), &LoadOptions::default()).expect("doc")
    }

    fn texts(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn runs_are_found_exactly_then_fuzzily() {
        let d = doc(
            "The summit opened on Monday.\nTalks ran late into the night.\nThe leaders left on Tuesday.\n",
        );
        let mut f = Finder::new(&d);
        assert_eq!(
            f.run(&texts(&[
                "Talks ran late into the night.",
                "The leaders left on Tuesday."
            ])),
            Some(1..3)
        );
        // One word edited: found by overlap.
        assert_eq!(
            f.run(&texts(&["Talks ran late into the evening."])),
            Some(1..2)
        );
        // Nothing like it.
        assert_eq!(f.run(&texts(&["Completely unrelated words here."])), None);
        // Both found, but no longer consecutive.
        assert_eq!(
            f.run(&texts(&[
                "The summit opened on Monday.",
                "The leaders left on Tuesday."
            ])),
            None
        );
    }
    /// A note whose sentence was edited so that two sentences now resemble it equally lands
    /// on the first of them, where the reader meets it, and on the same one every time.
    /// Catches ties in the fuzzy match going to the latest sentence.
    #[test]
    fn an_edited_sentence_that_two_resemble_equally_goes_to_the_first() {
        let d = doc(
            "The talks ran late on Tuesday.\nNothing else happened.\nThe talks ran late on Friday.\n",
        );
        let mut f = Finder::new(&d);
        let (at, score) = f.fuzzy("The talks ran late on Monday.").expect("found");
        assert_eq!(at, 0, "score {score}");
        assert_eq!(
            f.run(&texts(&["The talks ran late on Monday."])),
            Some(0..1)
        );
    }

    /// An edit that only changes case ("Prime Minister" → "prime minister", a headline put
    /// in sentence case) keeps the note on its sentence. Catches case-sensitive word matching.
    #[test]
    fn a_sentence_edited_only_in_case_is_still_found() {
        let d = doc("Talks Ended Without A Deal On Monday Evening.\nThe leaders left.\n");
        let mut f = Finder::new(&d);
        assert_eq!(
            f.fuzzy("talks ended without a deal on monday evening."),
            Some((0, 1.0))
        );
        assert_eq!(
            f.run(&texts(&["talks ended without a deal on monday evening."])),
            Some(0..1)
        );
    }
}
