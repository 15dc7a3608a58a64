//! Finding saved sentences again in the current documents: exactly, then fuzzily.
//!
//! The store keeps sentence text; the current documents may have been edited since. A
//! [`Finder`] looks a text up by exact equality first (a hash lookup), and only when that fails
//! by word overlap (Dice coefficient of lower-cased words), so an unchanged article costs a
//! lookup per sentence. The overlap is searched through an index of words → sentences: a
//! sentence can only reach [`FUZZY_FLOOR`] if it shares one of the text's rarest words (enough
//! of them that the rest alone cannot reach it), so only those sentences are scored, not the
//! whole document, and a note whose passage is gone costs about the sentences sharing its rare
//! words.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use crate::align::sorted_ids::shared;
use crate::load::Document;

/// Word overlap (Dice) at or above which an edited sentence counts as the same sentence.
pub const FUZZY_FLOOR: f32 = 0.6;

/// Looks sentences of one document up by text.
pub struct Finder<'a> {
    doc: &'a Document,
    exact: HashMap<&'a str, Vec<usize>>,
    /// Built at the first fuzzy lookup: an unchanged article never needs it.
    words: Option<Words>,
    /// Sentences scored by fuzzy lookups so far (the work done; tests bound it).
    scored: usize,
}

/// Each sentence's distinct words as ids (ascending), and the sentences of each word
/// (ascending): overlaps are counted by merging two short lists of numbers, not by hashing
/// strings.
struct Words {
    ids: HashMap<String, u32>,
    of: Vec<Vec<u32>>,
    postings: Vec<Vec<u32>>,
}

impl Words {
    fn new(doc: &Document) -> Words {
        let mut ids: HashMap<String, u32> = HashMap::new();
        let mut postings: Vec<Vec<u32>> = Vec::new();
        let mut of = Vec::with_capacity(doc.sentences.len());
        for (i, s) in doc.sentences.iter().enumerate() {
            let mut mine: Vec<u32> = words_of(s.text)
                .into_iter()
                .map(|w| {
                    let next = ids.len() as u32;
                    *ids.entry(w).or_insert(next)
                })
                .collect();
            mine.sort_unstable();
            for &w in &mine {
                if w as usize == postings.len() {
                    postings.push(Vec::new());
                }
                postings[w as usize].push(i as u32);
            }
            of.push(mine);
        }
        Words { ids, of, postings }
    }

    fn posting(&self, id: Option<u32>) -> &[u32] {
        id.map_or(&[], |w| self.postings[w as usize].as_slice())
    }
}

impl<'a> Finder<'a> {
    /// An index over `doc`'s sentences.
    pub fn new(doc: &'a Document) -> Finder<'a> {
        let mut exact: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, s) in doc.sentences.iter().enumerate() {
            exact.entry(s.text).or_default().push(i);
        }
        Finder {
            doc,
            exact,
            words: None,
            scored: 0,
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
        let words = self.words.get_or_insert_with(|| Words::new(doc));
        // The probe's words as ids; a word the document lacks has none (it still counts in
        // the probe's size, as in the overlap of the word sets).
        let mut probe: Vec<Option<u32>> = words_of(text)
            .iter()
            .map(|w| words.ids.get(w.as_str()).copied())
            .collect();
        if probe.is_empty() {
            return None;
        }
        // Dice 2o / (p + q) >= t needs q >= t·p / (2 - t), and so an overlap o >= t·p / (2 - t)
        // (`least`): a sentence sharing none of the first p - least + 1 words of the probe
        // shares at most least - 1 and cannot reach the floor. Worked out with a floor a
        // little lower and rounded down (so the prefix is, if anything, longer): the score is
        // compared in f32, and its rounding must never drop a sentence that qualifies.
        let p = probe.len();
        let t = f64::from(FUZZY_FLOOR) - 1e-4;
        let least = (t * p as f64 / (2.0 - t)).floor().max(1.0) as usize;
        let prefix = p - least.min(p) + 1;
        // The rarest words first, so the prefix's postings are the shortest (a word the
        // document lacks costs nothing); ties by id, so the work never depends on hashing
        // order (the answer never depends on the prefix at all).
        probe.sort_by_key(|&w| (words.posting(w).len(), w));
        // Candidates with how many prefix words each holds: a sentence holding h of them
        // shares at most h + (p - prefix) words, which rules most out before they are scored.
        let mut hits: HashMap<u32, usize> = HashMap::new();
        for &w in &probe[..prefix] {
            for &i in words.posting(w) {
                *hits.entry(i).or_default() += 1;
            }
        }
        let mut known: Vec<u32> = probe.iter().flatten().copied().collect();
        known.sort_unstable();
        let rest = p - prefix;
        let mut candidates: Vec<u32> = hits
            .into_iter()
            .filter(|&(i, h)| {
                let q = words.of[i as usize].len();
                2.0 * (h + rest).min(q) as f64 >= t * (p + q) as f64
            })
            .map(|(i, _)| i)
            .collect();
        candidates.sort_unstable();
        self.scored += candidates.len();
        let mut best: Option<(usize, f32)> = None;
        for i in candidates {
            let theirs = &words.of[i as usize];
            let score = 2.0 * shared(&known, theirs) as f32 / (p + theirs.len()) as f32;
            if score >= FUZZY_FLOOR && best.is_none_or(|(_, b)| score > b) {
                best = Some((i as usize, score));
            }
        }
        best
    }

    /// How many sentences fuzzy lookups have scored so far: the work they did (a scan would
    /// score every sentence for each lookup).
    pub fn scored(&self) -> usize {
        self.scored
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
                .all(|(k, t)| i + k < n && *self.doc.sentences.at(i + k).text == **t);
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

#[cfg(test)]
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

    /// A sentence of made-up words, a few of them everywhere and most rare, as in prose.
    fn sentence(rng: &mut crate::library::synthetic::Rng) -> String {
        let n = 6 + rng.below(14);
        let words: Vec<String> = (0..n)
            .map(|_| match rng.below(4) {
                0 => ["the", "of", "and", "a"][rng.below(4)].to_owned(),
                // Skewed: small numbers far more often than large ones.
                _ => {
                    let top = 1 + rng.below(4000);
                    format!("w{}", rng.below(top))
                }
            })
            .collect();
        format!("{}.", words.join(" "))
    }

    /// What fuzzy did before the index: score every sentence (`all`, each one's words).
    fn scan(all: &[HashSet<String>], text: &str) -> Option<(usize, f32)> {
        let probe = words_of(text);
        let mut best: Option<(usize, f32)> = None;
        for (i, w) in all.iter().enumerate() {
            let score = dice(&probe, w);
            if score >= FUZZY_FLOOR && best.is_none_or(|(_, b)| score > b) {
                best = Some((i, score));
            }
        }
        best
    }

    #[test]
    fn the_index_finds_what_a_scan_finds_and_scores_few_sentences_for_orphans() {
        let mut rng = crate::library::synthetic::Rng::new(7);
        let text: Vec<String> = (0..5000).map(|_| sentence(&mut rng)).collect();
        let d = doc(&text.join("\n"));
        assert_eq!(d.sentences.len(), 5000);
        let mut f = Finder::new(&d);
        // Orphans: sentences the document never had.
        let orphans: Vec<String> = (0..1000).map(|_| sentence(&mut rng)).collect();
        for o in &orphans {
            f.fuzzy(o);
        }
        // A scan scores 5,000,000 sentences; the rare words' postings and the bound on what
        // the rest could add leave a few hundred in all (366 when written).
        assert!(
            f.scored() > 0 && f.scored() < 1000 * 5000 / 100,
            "{}",
            f.scored()
        );
        // Edited sentences (a word dropped, one changed, one added) and orphans: the same
        // answers as a scan.
        let mut probes: Vec<String> = orphans.into_iter().take(60).collect();
        for k in 0..200 {
            let mut words: Vec<&str> = d.sentences.at(k * 25).text.split(' ').collect();
            match k % 3 {
                0 => {
                    words.remove(k % words.len());
                }
                1 => {
                    let at = k % words.len();
                    words[at] = "edited";
                }
                _ => words.insert(k % words.len(), "inserted"),
            }
            probes.push(words.join(" "));
        }
        probes.push("the of and.".to_owned());
        probes.push(String::new());
        let all: Vec<HashSet<String>> = d.sentences.iter().map(|s| words_of(s.text)).collect();
        let mut found = 0;
        for p in &probes {
            let got = f.fuzzy(p);
            assert_eq!(got, scan(&all, p), "{p}");
            found += usize::from(got.is_some());
        }
        assert!(found > 150, "{found}");
    }

    /// A run whose first sentence the document says twice is found at the place where the
    /// whole run follows, and a run that would reach past the end is not found at all.
    #[test]
    fn a_run_is_found_where_all_of_it_follows() {
        let d =
            doc("Alpha went home early. Bravo stayed late. Alpha went home early. Charlie left.");
        let mut f = Finder::new(&d);
        let run = texts(&["Alpha went home early.", "Charlie left."]);
        assert_eq!(f.run(&run), Some(2..4));
        let past = texts(&["Alpha went home early.", "Charlie left.", "Delta came."]);
        assert_eq!(f.run(&past), None);
        let longer = texts(&[
            "Alpha went home early.",
            "Bravo stayed late.",
            "Alpha went home early.",
            "Charlie left.",
            "Echo waited.",
        ]);
        assert_eq!(f.run(&longer), None);
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

    /// A sentence scoring exactly the fuzzy floor is found, even when the word the two share
    /// most commonly is one the index does not look up (it is left to the bound on what the
    /// rest could add). Catches that bound worked out with a floor a little higher.
    #[test]
    fn a_sentence_exactly_at_the_fuzzy_floor_is_found() {
        let d = doc("Alpha bravo charlie delta echo.\nCharlie came back.\n");
        let mut f = Finder::new(&d);
        // Three of five words shared with five: 2·3 / (5 + 5) = 0.6.
        assert_eq!(
            f.fuzzy("Alpha bravo charlie xray yankee."),
            Some((0, FUZZY_FLOOR))
        );
    }

    /// A heading of two words cut to one ("Key findings" → "Findings") keeps its note: one
    /// word of two against a sentence of one is 2·1 / (2 + 1) = 0.67, over the floor, even
    /// though the word the document lacks is looked up first.
    #[test]
    fn a_two_word_heading_cut_to_one_word_is_still_found() {
        let d = doc("# Findings\n\nThe survey asked 400 people.\n");
        let mut f = Finder::new(&d);
        let (at, score) = f.fuzzy("Key findings").expect("found");
        assert_eq!(d.sentences.at(at).text, "Findings");
        assert!((score - 2.0 / 3.0).abs() < 1e-6, "{score}");
    }
}
