//! Generated folders of news-like articles, for tests and benches: stories retold by several
//! articles in their own words, and articles that tell nothing anyone else tells.
//!
//! Deterministic for a seed. Content words are made-up words from syllables (so the vocabulary
//! is as large as needed and varied), held together by English function words so the language
//! is recognised and stop words behave as in real text. Every story has its own people, places,
//! figures and words, and belongs to a topic whose words its sibling stories use too (as real
//! coverage of one subject shares vocabulary across different events). A retelling keeps most
//! of a story's sentences in roughly their order, rewords them (synonyms, dropped words, two
//! sentences merged) and adds a few sentences of its own.

/// What to generate.
#[derive(Debug, Clone)]
pub struct Spec {
    /// Stories (each told by 1 to `max_retellings` articles).
    pub stories: usize,
    /// The most articles per story.
    pub max_retellings: usize,
    /// Articles that share a topic with others but no story, after the stories.
    pub singletons: usize,
    /// Sentences in a story (an article retells about three quarters of them).
    pub facts: usize,
    /// The seed: the same spec and seed give the same folder.
    pub seed: u64,
}

impl Spec {
    /// The folder the bench and the by-hand measurement use: a story of 1–6 articles for
    /// every five articles, filled up to `total` with singletons (for 500: 100 stories of
    /// about 350 articles, and some 150 singletons).
    pub fn news_folder(total: usize, seed: u64) -> Spec {
        Spec {
            stories: (total / 5).max(1),
            max_retellings: 6,
            singletons: 0,
            facts: 24,
            seed,
        }
        .filled_to(total)
    }

    /// The same spec with as many singletons as it takes to reach `total` articles, after
    /// dropping stories until they fit (their sizes depend on the seed).
    fn filled_to(mut self, total: usize) -> Spec {
        let mut told: usize = story_sizes(&self).iter().sum();
        while told > total && self.stories > 0 {
            self.stories -= 1;
            told = story_sizes(&self).iter().sum();
        }
        self.singletons = total - told;
        self
    }
}

/// One generated article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    /// A file name for it (`s012-3.txt`: story 12, retelling 3; `u007.txt`: singleton 7).
    pub name: String,
    /// The article as a plain-text file: headline, paragraphs, sometimes a source line.
    pub text: String,
    /// Which story it tells (stories first, then one per singleton).
    pub story: usize,
}

/// Generates the folder described by `spec`.
pub fn generate(spec: &Spec) -> Vec<Generated> {
    let sizes = story_sizes(spec);
    let topics = (spec.stories + spec.singletons).div_ceil(5).max(1);
    let mut rng = Rng::new(spec.seed ^ 0x005e_ed0f_d1f7);
    let mut out = Vec::new();
    let total = spec.stories + spec.singletons;
    for story in 0..total {
        let topic = rng.below(topics);
        let facts = story_facts(spec, story, topic, &mut rng);
        let count = sizes.get(story).copied().unwrap_or(1);
        for k in 0..count {
            let name = if story < spec.stories {
                format!("s{story:03}-{k}.txt")
            } else {
                format!("u{:03}.txt", story - spec.stories)
            };
            out.push(Generated {
                name,
                text: retell(&facts, story, topic, k, &mut rng),
                story,
            });
        }
    }
    out
}

/// How many articles each story gets.
fn story_sizes(spec: &Spec) -> Vec<usize> {
    let mut rng = Rng::new(spec.seed ^ 0x0005_12e5);
    let most = spec.max_retellings.max(1);
    (0..spec.stories).map(|_| 1 + rng.below(most)).collect()
}

/// A word of a sentence, by what a retelling may do with it.
#[derive(Debug, Clone)]
enum Token {
    /// A name, place or figure: kept as is.
    Fixed(String),
    /// A content word: may become its synonym or be dropped.
    Word(u64),
}

fn story_facts(spec: &Spec, story: usize, topic: usize, rng: &mut Rng) -> Vec<Vec<Token>> {
    let s = story as u64;
    let people: Vec<String> = (0..3)
        .map(|i| {
            format!(
                "{} {}",
                name(0x1000_0000 + s * 8 + i),
                name(0x2000_0000 + s * 8 + i)
            )
        })
        .collect();
    let places: Vec<String> = (0..2).map(|i| name(0x3000_0000 + s * 8 + i)).collect();
    let figures: Vec<String> = (0..3)
        .map(|_| {
            let n = 2 + rng.below(900);
            if rng.below(2) == 0 {
                format!("{n},{:03}", rng.below(1000))
            } else {
                n.to_string()
            }
        })
        .collect();
    (0..spec.facts.max(1))
        .map(|_| {
            let len = 9 + rng.below(8);
            let mut tokens = Vec::with_capacity(len);
            for _ in 0..len {
                let roll = rng.below(100);
                tokens.push(if roll < 8 {
                    Token::Fixed(rng.pick(&people).clone())
                } else if roll < 13 {
                    Token::Fixed(rng.pick(&places).clone())
                } else if roll < 16 {
                    Token::Fixed(rng.pick(&figures).clone())
                } else if roll < 42 {
                    // The story's own words.
                    Token::Word(0x4000_0000 + s * 64 + rng.below(48) as u64)
                } else if roll < 72 {
                    Token::Word(topic_word(topic, rng))
                } else {
                    Token::Word(general_word(rng))
                });
            }
            tokens
        })
        .collect()
}

/// Background sentences per topic.
const BACKGROUND: usize = 6;

/// Background sentence `k` of a topic: the same words whoever tells it.
fn background(topic: usize, k: usize) -> Vec<Token> {
    let mut rng = Rng::new(0xbac0_0000 + (topic * BACKGROUND + k) as u64);
    (0..10 + rng.below(6))
        .map(|_| {
            if rng.below(2) == 0 {
                Token::Word(topic_word(topic, &mut rng))
            } else {
                Token::Word(general_word(&mut rng))
            }
        })
        .collect()
}

fn topic_word(topic: usize, rng: &mut Rng) -> u64 {
    0x5000_0000 + topic as u64 * 256 + rng.below(150) as u64
}

/// General words, the commoner far more often (roughly Zipf: squaring a uniform draw).
fn general_word(rng: &mut Rng) -> u64 {
    let u = rng.below(3000) as u64;
    0x6000_0000 + u * u / 3000
}

const FUNCTION_WORDS: &[&str] = &[
    "the", "of", "in", "and", "to", "a", "that", "was", "for", "on", "with", "as", "by", "at",
    "from", "were", "had", "has", "their", "its", "after", "which", "said", "about", "over",
];

fn retell(facts: &[Vec<Token>], story: usize, topic: usize, k: usize, rng: &mut Rng) -> String {
    // Which of the story's sentences this article tells, in roughly the story's order.
    let mut told: Vec<usize> = (0..facts.len())
        .filter(|&i| i == 0 || rng.below(100) < 70)
        .collect();
    for _ in 0..rng.below(3) {
        let i = 1 + rng.below(told.len().max(2) - 1);
        if i + 1 < told.len() {
            told.swap(i, i + 1);
        }
    }
    let mut sentences: Vec<String> = Vec::new();
    let mut i = 0;
    while i < told.len() {
        let mut tokens = reword(&facts[told[i]], rng);
        // Now and then two sentences become one.
        if i + 1 < told.len() && rng.below(100) < 8 {
            tokens.push("and".to_owned());
            tokens.extend(reword(&facts[told[i + 1]], rng));
            i += 1;
        }
        sentences.push(sentence(&tokens));
        i += 1;
    }
    // Background the topic's other stories tell too, and a few sentences of its own.
    for _ in 0..1 + rng.below(3) {
        let at = 1 + rng.below(sentences.len());
        let tokens = reword(&background(topic, rng.below(BACKGROUND)), rng);
        sentences.insert(at.min(sentences.len()), sentence(&tokens));
    }
    for _ in 0..2 + rng.below(4) {
        let at = 1 + rng.below(sentences.len());
        let tokens: Vec<String> = (0..9 + rng.below(8))
            .map(|_| {
                let w = if rng.below(2) == 0 {
                    topic_word(topic, rng)
                } else {
                    general_word(rng)
                };
                word(w)
            })
            .collect();
        sentences.insert(at.min(sentences.len()), sentence(&tokens));
    }
    let headline: Vec<String> = reword(&facts[0], rng)
        .into_iter()
        .take(8)
        .map(|w| capitalise(&w))
        .collect();
    let mut text = format!("{}\n\n", headline.join(" "));
    let mut p = 0;
    while p < sentences.len() {
        let n = 1 + rng.below(3);
        let end = (p + n).min(sentences.len());
        text.push_str(&sentences[p..end].join(" "));
        text.push_str("\n\n");
        p = end;
    }
    if (story + k).is_multiple_of(3) {
        text.push_str(&format!("Source: {}\n", name(0x7000_0000 + k as u64)));
    }
    text
}

/// A sentence's words after rewording: synonyms for two in five, a few dropped, function
/// words between them drawn afresh.
fn reword(tokens: &[Token], rng: &mut Rng) -> Vec<String> {
    let mut out = Vec::with_capacity(tokens.len() * 2);
    for t in tokens {
        match t {
            Token::Fixed(s) => out.push(s.clone()),
            Token::Word(_) if rng.below(100) < 8 => continue,
            Token::Word(w) => {
                let w = if rng.below(100) < 40 { synonym(*w) } else { *w };
                out.push(word(w));
            }
        }
        if rng.below(100) < 60 {
            out.push((*rng.pick(FUNCTION_WORDS)).to_owned());
        }
    }
    out
}

fn sentence(words: &[String]) -> String {
    let mut s = words.join(" ");
    s = capitalise(&s);
    s.push('.');
    s
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Another word meaning the same: every word has exactly one, and it is its synonym's.
fn synonym(w: u64) -> u64 {
    w ^ 0x8000_0000_0000
}

const ONSETS: &[&str] = &[
    "b", "c", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "cr",
    "dr", "gr", "pl", "st", "tr", "sh",
];
const VOWELS: &[&str] = &["a", "e", "i", "o", "u", "ai", "ou", "ea"];
const CODAS: &[&str] = &["", "", "", "n", "r", "s", "l", "m", "nt", "st"];

/// The made-up word with this number (lower case, 2–3 syllables).
fn word(id: u64) -> String {
    let mut rng = Rng::new(id.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ 0xd1b5_4a32_d192_ed03);
    let syllables = 2 + rng.below(2);
    let mut s = String::new();
    for _ in 0..syllables {
        s.push_str(rng.pick::<&str>(ONSETS));
        s.push_str(rng.pick::<&str>(VOWELS));
        s.push_str(rng.pick::<&str>(CODAS));
    }
    s
}

/// A made-up proper name.
fn name(id: u64) -> String {
    capitalise(&word(id))
}

/// SplitMix64: small, fast, and the same on every platform and forever, which is why the
/// generated folders (and the benches' corpus, `benches/support/corpus.rs`) use it rather than
/// a crate whose streams may change between versions: published figures stay reproducible.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator for `seed`; the same seed gives the same stream.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn bits(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.bits() % n as u64) as usize
        }
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.bits() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    /// One of `items`, uniformly (`items` must not be empty).
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{LoadOptions, load_bytes};

    #[test]
    fn the_same_seed_gives_the_same_folder_and_another_seed_another() {
        let spec = Spec::news_folder(40, 7);
        assert_eq!(generate(&spec), generate(&spec));
        assert_ne!(generate(&spec), generate(&Spec::news_folder(40, 8)));
    }

    #[test]
    fn a_news_folder_has_the_size_asked_and_news_length_articles() {
        let folder = generate(&Spec::news_folder(60, 1));
        assert_eq!(folder.len(), 60);
        let mut names: Vec<&str> = folder.iter().map(|g| g.name.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), 60, "file names are unique");
        for g in folder.iter().take(10) {
            let doc = load_bytes(&g.name, g.text.as_bytes(), &LoadOptions::default())
                .expect("generated text loads");
            let words = g.text.split_whitespace().count();
            assert!((250..900).contains(&words), "{words} words in {}", g.name);
            assert!(doc.title.is_some(), "{} has a headline", g.name);
            assert!(doc.sentences.len() >= 12);
        }
    }
}
