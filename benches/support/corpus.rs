//! A deterministic generator of article pairs for benchmarks: the same text reworded,
//! two unrelated texts, or one text twice, at any size.
//!
//! Sentences are built on the syntax of the sample articles (their sentences are the templates)
//! with most content words replaced from a large Zipf-distributed vocabulary of made-up words,
//! so document frequencies look like real prose: a few words everywhere, most words rare.
//! Paragraphs keep a small set of topic words, so neighbouring sentences resemble each other
//! as they do in real text.
//!
//! The random generator is the library's fixed SplitMix64 (`library::synthetic::Rng`), not a
//! crate's: the corpus must stay the same across dependency upgrades, or the figures in
//! docs/performance.md would stop being reproducible.

#![allow(dead_code)]

use diptych::library::synthetic::Rng;

/// The kinds of pair the benches measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The same text reworded: synonyms swapped, words dropped and added, sentences split and
    /// merged, some paragraphs moved, some only on one side.
    Reworded,
    /// Two texts with nothing in common but the language.
    Unrelated,
    /// The same text on both sides.
    Identical,
}

impl Kind {
    /// Every kind, in the order of the tables.
    pub const ALL: [Kind; 3] = [Kind::Reworded, Kind::Unrelated, Kind::Identical];

    /// The kind's name in bench ids and file names.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Reworded => "reworded",
            Kind::Unrelated => "unrelated",
            Kind::Identical => "identical",
        }
    }
}

/// The sizes per side the benches measure, with their labels.
pub const SIZES: [(&str, usize); 4] = [
    ("10KB", 10_000),
    ("100KB", 100_000),
    ("1MB", 1_000_000),
    ("10MB", 10_000_000),
];

/// A generated pair of plain-text articles.
pub struct Pair {
    /// The left article.
    pub left: String,
    /// The right article.
    pub right: String,
}

/// `article` pasted `copies` times, each copy's figures raised by its number times `step`
/// (so every copy holds the same sentences with slightly different numbers): the repetitive
/// input on which facts must still cost in proportion to the text (issue 16).
pub fn repeated(article: &str, copies: usize, step: u64) -> String {
    let mut out = String::with_capacity(article.len() * copies + 2 * copies);
    for k in 0..copies as u64 {
        if k > 0 {
            out.push_str("\n\n");
        }
        let mut digits = String::new();
        let flush = |digits: &mut String, out: &mut String| {
            if let Ok(n) = digits.parse::<u64>() {
                out.push_str(&(n + k * step).to_string());
            } else {
                out.push_str(digits);
            }
            digits.clear();
        };
        for c in article.chars() {
            if c.is_ascii_digit() {
                digits.push(c);
            } else {
                flush(&mut digits, &mut out);
                out.push(c);
            }
        }
        flush(&mut digits, &mut out);
    }
    out
}

/// A pair of `kind`, each side about `bytes` long; the same arguments give the same pair.
pub fn pair(kind: Kind, bytes: usize, seed: u64) -> Pair {
    let vocab = Vocabulary::new(seed);
    let mut rng = Rng::new(seed ^ 0x5eed);
    let left = paragraphs(&vocab, &mut rng, bytes);
    let right = match kind {
        Kind::Identical => left.clone(),
        Kind::Unrelated => {
            let mut other = Rng::new(seed.wrapping_mul(31).wrapping_add(7));
            paragraphs(&vocab, &mut other, bytes)
        }
        Kind::Reworded => reword(&vocab, &mut rng, &left),
    };
    Pair {
        left: join(&left),
        right: join(&right),
    }
}

const SAMPLES: [&str; 5] = [
    include_str!("../../articles/000_0e18cc93d0fa5faf.txt"),
    include_str!("../../articles/001_9f1657411fcad977.txt"),
    include_str!("../../articles/002_8d267fc03ac353e0.txt"),
    include_str!("../../articles/003_eb40997162a6cd15.txt"),
    include_str!("../../articles/004_45861f541910adc8.txt"),
];

/// Function words kept as they are in templates: they are in every sentence of real text too.
const KEEP: &[&str] = &[
    "the", "a", "an", "of", "to", "in", "and", "or", "but", "with", "for", "on", "at", "by",
    "from", "as", "is", "was", "were", "are", "be", "been", "has", "have", "had", "that", "this",
    "it", "its", "his", "her", "their", "they", "he", "she", "we", "not", "also", "which", "who",
    "after", "before", "about", "into", "than", "more", "said", "there",
];

const SYLLABLES: &[&str] = &[
    "ka", "lo", "mi", "ne", "ru", "sa", "te", "vo", "di", "ba", "po", "re", "li", "to", "ma", "ge",
    "fi", "nu", "da", "ko", "ser", "tan", "mor", "vel", "dra", "kin", "por", "lest", "un", "ar",
];

/// Template sentences from the samples and a made-up vocabulary with Zipf frequencies.
struct Vocabulary {
    templates: Vec<Vec<String>>,
    words: Vec<String>,
    names: Vec<String>,
    /// Cumulative Zipf weights over `words`.
    cumulative: Vec<f64>,
}

impl Vocabulary {
    fn new(seed: u64) -> Vocabulary {
        let mut rng = Rng::new(seed);
        let templates = SAMPLES
            .iter()
            .flat_map(|t| t.lines())
            .flat_map(|line| line.split_inclusive(". "))
            .map(|s| s.split_whitespace().map(str::to_string).collect::<Vec<_>>())
            .filter(|w| w.len() >= 6)
            .collect();
        let made = |count: usize, rng: &mut Rng| -> Vec<String> {
            let mut seen = std::collections::HashSet::new();
            let mut out = Vec::with_capacity(count);
            while out.len() < count {
                let n = 2 + rng.below(3);
                let w: String = (0..n)
                    .map(|_| SYLLABLES[rng.below(SYLLABLES.len())])
                    .collect();
                if seen.insert(w.clone()) {
                    out.push(w);
                }
            }
            out
        };
        let words = made(60_000, &mut rng);
        let names = made(5_000, &mut rng)
            .into_iter()
            .map(|w| capitalised(&w))
            .collect();
        let mut total = 0.0;
        let cumulative = (0..words.len())
            .map(|r| {
                total += 1.0 / (r as f64 + 2.0);
                total
            })
            .collect();
        Vocabulary {
            templates,
            words,
            names,
            cumulative,
        }
    }

    /// A word drawn with Zipf frequencies.
    fn word(&self, rng: &mut Rng) -> &str {
        let total = self.cumulative.last().copied().unwrap_or(1.0);
        let x = (rng.bits() >> 11) as f64 / (1u64 << 53) as f64 * total;
        let i = self.cumulative.partition_point(|&c| c < x);
        &self.words[i.min(self.words.len() - 1)]
    }

    /// The word a rewording puts in place of `word`: fixed per word, like a thesaurus.
    fn synonym(&self, word: &str) -> String {
        let mut h = 0xcbf2_9ce4_8422_2325u64;
        for b in word.bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.words[(h % self.words.len() as u64) as usize].clone()
    }
}

type Paragraph = Vec<String>;

fn paragraphs(vocab: &Vocabulary, rng: &mut Rng, bytes: usize) -> Vec<Paragraph> {
    let mut out = Vec::new();
    let mut len = 0;
    while len < bytes {
        let p = paragraph(vocab, rng);
        len += p.iter().map(|s| s.len() + 1).sum::<usize>() + 1;
        out.push(p);
    }
    out
}

fn paragraph(vocab: &Vocabulary, rng: &mut Rng) -> Paragraph {
    let topic: Vec<String> = (0..8).map(|_| vocab.word(rng).to_string()).collect();
    let name = vocab.names[rng.below(vocab.names.len())].clone();
    (0..2 + rng.below(5))
        .map(|_| sentence(vocab, rng, &topic, &name))
        .collect()
}

/// A template sentence with most content words replaced.
fn sentence(vocab: &Vocabulary, rng: &mut Rng, topic: &[String], name: &str) -> String {
    let template = &vocab.templates[rng.below(vocab.templates.len())];
    let mut out: Vec<String> = Vec::with_capacity(template.len());
    for (i, token) in template.iter().enumerate() {
        let core: String = token.chars().filter(|c| c.is_alphanumeric()).collect();
        let trail: String = token
            .chars()
            .rev()
            .take_while(|c| !c.is_alphanumeric())
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let lower = core.to_lowercase();
        let word = if core.is_empty() || KEEP.contains(&lower.as_str()) {
            token.clone()
        } else if core.chars().all(|c| c.is_ascii_digit() || c == ',') {
            format!("{}{trail}", 1 + rng.below(20_000))
        } else if i > 0 && core.starts_with(char::is_uppercase) {
            let n = if rng.chance(0.2) {
                name.to_string()
            } else {
                vocab.names[rng.below(vocab.names.len())].clone()
            };
            format!("{n}{trail}")
        } else if rng.chance(0.3) {
            format!("{}{trail}", topic[rng.below(topic.len())])
        } else {
            format!("{}{trail}", vocab.word(rng))
        };
        out.push(word);
    }
    finish(out)
}

/// Joins words into a sentence with a capital letter and a full stop.
fn finish(mut words: Vec<String>) -> String {
    if let Some(first) = words.first_mut() {
        *first = capitalised(first);
    }
    let mut s = words.join(" ");
    while s.ends_with(|c: char| !c.is_alphanumeric()) {
        s.pop();
    }
    s.push('.');
    s
}

fn capitalised(w: &str) -> String {
    let mut c = w.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// The right side of a reworded pair.
fn reword(vocab: &Vocabulary, rng: &mut Rng, left: &[Paragraph]) -> Vec<Paragraph> {
    let mut out: Vec<Paragraph> = Vec::with_capacity(left.len());
    let mut moved: Vec<Paragraph> = Vec::new();
    for p in left {
        if rng.chance(0.04) {
            continue; // only on the left
        }
        let reworded = reword_paragraph(vocab, rng, p);
        if rng.chance(0.04) {
            moved.push(reworded);
        } else {
            out.push(reworded);
        }
        if rng.chance(0.04) {
            out.push(paragraph(vocab, rng)); // only on the right
        }
    }
    for p in moved {
        let at = rng.below(out.len() + 1);
        out.insert(at, p);
    }
    out
}

fn reword_paragraph(vocab: &Vocabulary, rng: &mut Rng, p: &Paragraph) -> Paragraph {
    let mut out: Paragraph = Vec::new();
    let mut i = 0;
    while i < p.len() {
        let s = &p[i];
        if rng.chance(0.1) {
            out.push(s.clone());
        } else if rng.chance(0.08) && i + 1 < p.len() {
            // Two sentences merged into one.
            let joined = format!("{}, and {}", s.trim_end_matches('.'), lowered(&p[i + 1]));
            out.push(reword_sentence(vocab, rng, &joined));
            i += 1;
        } else {
            let r = reword_sentence(vocab, rng, s);
            let words: Vec<&str> = r.split(' ').collect();
            if rng.chance(0.08) && words.len() >= 12 {
                // One sentence split in two.
                let (a, b) = words.split_at(words.len() / 2);
                out.push(finish(a.iter().map(|w| w.to_string()).collect()));
                out.push(finish(b.iter().map(|w| w.to_string()).collect()));
            } else {
                out.push(r);
            }
        }
        i += 1;
    }
    out
}

fn lowered(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_lowercase().chain(c).collect())
        .unwrap_or_default()
}

/// Synonyms swapped, words dropped and added.
fn reword_sentence(vocab: &Vocabulary, rng: &mut Rng, s: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    for w in s.trim_end_matches('.').split(' ') {
        let plain = w.chars().all(char::is_lowercase);
        if plain && rng.chance(0.06) {
            continue;
        }
        if plain && w.len() > 3 && rng.chance(0.15) {
            words.push(vocab.synonym(w));
        } else {
            words.push(w.to_string());
        }
        if rng.chance(0.04) {
            words.push(vocab.word(rng).to_string());
        }
    }
    finish(words)
}

fn join(paragraphs: &[Paragraph]) -> String {
    let mut out = String::new();
    for p in paragraphs {
        out.push_str(&p.join(" "));
        out.push_str("\n\n");
    }
    out
}
