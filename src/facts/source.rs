//! [`Attribution`]: who a sentence says its information comes from.
//!
//! English patterns: "according to *X*", "*X* said / told / reported / claimed / …", "said /
//! reported *X*", "as stated by *X*", "citing *X*". *X* is the name run next to the verb or,
//! before it, a short noun phrase ("Russian news agencies", "the North Korean leader").
//! Pronouns are not sources. Two attributions name the same source when their folded content
//! words meet (see [`Attribution::same_source`]).

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::ops::Range;

use super::name::fold;
use super::token::{Token, tokens};
use crate::align::language::Analyzer;

/// A source named in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribution {
    /// The sentence's index in its document.
    pub sentence: usize,
    /// Byte range of the source's words in the sentence text.
    pub range: Range<usize>,
    /// The source as written ("the Ukrainian secret service").
    pub text: String,
    /// Its distinctive words, folded (`ukrainian`, `secret`): what comparison uses.
    pub key: BTreeSet<String>,
}

impl Attribution {
    /// Whether two attributions may name the same source: a distinctive word in common, or
    /// nothing distinctive on one side to tell them apart.
    pub fn same_source(&self, other: &Attribution) -> bool {
        self.key.is_empty() || other.key.is_empty() || !self.key.is_disjoint(&other.key)
    }
}

const SPEECH: &[&str] = &[
    "said",
    "says",
    "told",
    "tells",
    "reported",
    "reports",
    "stated",
    "states",
    "claimed",
    "claims",
    "announced",
    "added",
    "warned",
    "emphasized",
    "emphasised",
    "wrote",
    "cited",
    "quoted",
    "saying",
];

/// Nouns that can be the subject of a speech verb.
const SPEAKERS: &[&str] = &[
    "agency",
    "agencies",
    "ministry",
    "media",
    "officials",
    "official",
    "service",
    "services",
    "leader",
    "leaders",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "minister",
    "diplomat",
    "president",
    "television",
    "channel",
    "newspaper",
    "outlet",
    "government",
    "military",
    "army",
    "police",
    "sources",
    "statement",
    "office",
    "embassy",
    "kremlin",
];

const PRONOUNS: &[&str] = &["he", "she", "they", "it", "we", "i", "you", "who", "which"];

/// Words any source may have; they do not tell sources apart.
const GENERIC: &[&str] = &[
    "news",
    "agency",
    "agencies",
    "state",
    "media",
    "report",
    "reports",
    "official",
    "officials",
    "service",
    "services",
    "ministry",
    "government",
    "estimates",
    "estimate",
    "television",
    "channel",
    "statement",
    "sources",
    "source",
    "data",
    "figures",
    "according",
];

/// Words that open a source phrase but are not the source ("estimates by the ...").
const LEADING: &[&str] = &[
    "the",
    "a",
    "an",
    "estimates",
    "estimate",
    "reports",
    "report",
    "data",
    "figures",
    "statement",
    "statements",
    "by",
    "from",
    "of",
];

/// The attributions of one sentence, `index` in its document.
pub fn attributions(index: usize, text: &str, analyzer: &Analyzer) -> Vec<Attribution> {
    attributions_in(index, text, &tokens(text), analyzer)
}

/// [`attributions`], from the sentence's [`tokens`] already made.
pub fn attributions_in(
    index: usize,
    text: &str,
    t: &[Token],
    analyzer: &Analyzer,
) -> Vec<Attribution> {
    // Most sentences have no speech word: they are passed over on a look at each token, with
    // nothing lower-cased.
    if !t.iter().any(may_attribute) {
        return Vec::new();
    }
    let lowered: Vec<Cow<str>> = t.iter().map(Token::lowered).collect();
    let lower: Vec<&str> = lowered.iter().map(|w| &**w).collect();
    let mut spans: Vec<Range<usize>> = Vec::new();
    for k in 0..t.len() {
        let word = lower[k];
        let next = lower.get(k + 1).copied();
        if (word == "according" && next == Some("to"))
            || (word == "stated" && next == Some("by"))
            || (word == "citing" && next.is_some())
        {
            let from = if word == "citing" { k + 1 } else { k + 2 };
            spans.extend(phrase_after(t, &lower, from, analyzer));
        } else if SPEECH.contains(&word) && !is_noun_use(word, next) {
            if let Some(r) = name_after(t, k + 1) {
                spans.push(r);
            }
            if let Some(r) = phrase_before(t, &lower, k, analyzer) {
                spans.push(r);
            }
        }
    }
    spans.sort_by_key(|r| r.start);
    spans.dedup();
    spans
        .into_iter()
        .filter_map(|r| {
            let text_of = text.get(r.clone())?.to_owned();
            let key = key(&text_of, analyzer);
            Some(Attribution {
                sentence: index,
                range: r,
                text: text_of,
                key,
            })
        })
        .collect()
}

fn key(text: &str, analyzer: &Analyzer) -> BTreeSet<String> {
    tokens(text)
        .iter()
        .filter(|w| w.is_word())
        .map(Token::lower)
        .filter(|w| !GENERIC.contains(&w.as_str()) && !analyzer.is_stop_word(w))
        .map(|w| fold(&w))
        .filter(|w| !w.is_empty())
        .collect()
}

/// Words besides the speech words that an attribution is found by ("according to", "citing").
const OPENERS: [&str; 2] = ["according", "citing"];

/// The words an attribution is found by (lower-cased): the speech words and [`OPENERS`].
fn attribution_words() -> impl Iterator<Item = &'static &'static str> {
    OPENERS.iter().chain(SPEECH)
}

/// The first letters of [`attribution_words`], by length: bit `k` of entry `n` is set when a
/// word of `n` bytes starts with letter `k` of the alphabet (`a` is 0).
const ATTRIBUTION_STARTS: [u32; 16] = {
    let mut starts = [0u32; 16];
    let lists: [&[&str]; 2] = [&OPENERS, SPEECH];
    let mut l = 0;
    while l < lists.len() {
        let mut k = 0;
        while k < lists[l].len() {
            let word = lists[l][k].as_bytes();
            assert!(word.len() < starts.len() && word[0].is_ascii_lowercase());
            starts[word.len()] |= 1 << (word[0] - b'a');
            k += 1;
        }
        l += 1;
    }
    starts
};

/// Whether `word`, lower-cased, is one of [`attribution_words`].
fn may_attribute(word: &Token) -> bool {
    // An ASCII word is passed over on its length and first letter, which lower-casing keeps
    // (not elsewhere: the Kelvin sign becomes a one-byte `k`): most words of a text are.
    if word.text.is_ascii() {
        let bytes = word.text.as_bytes();
        let starts = ATTRIBUTION_STARTS.get(bytes.len()).copied().unwrap_or(0);
        let first = bytes.first().map_or(0, u8::to_ascii_lowercase);
        if !first.is_ascii_lowercase() || starts & (1 << (first - b'a')) == 0 {
            return false;
        }
    }
    word.with_lowered(|lower| attribution_words().any(|w| *w == lower))
}

/// Whether a speech word is used as a noun ("reports of the deployment", "claims about").
fn is_noun_use(word: &str, next: Option<&str>) -> bool {
    matches!(word, "reports" | "claims" | "states" | "quoted")
        && matches!(
            next,
            Some("of" | "about" | "regarding" | "on" | "from" | "claiming" | "suggesting" | "in")
        )
}

/// A capitalised name run starting at `from` ("said *Lavrow* after ...").
fn name_after(t: &[Token], from: usize) -> Option<Range<usize>> {
    let first = t.get(from).filter(|w| w.is_word() && w.is_capitalised())?;
    let mut end = first.range.end;
    for w in t.iter().skip(from + 1) {
        if !(w.is_word() && w.is_capitalised()) {
            break;
        }
        end = w.range.end;
        if w.is_possessive() {
            break;
        }
    }
    Some(first.range.start..end)
}

/// The phrase after "according to" up to punctuation, a clause word, or ten words.
fn phrase_after(
    t: &[Token],
    lower: &[&str],
    from: usize,
    analyzer: &Analyzer,
) -> Option<Range<usize>> {
    let mut start = from;
    while lower.get(start).is_some_and(|w| LEADING.contains(w)) {
        start += 1;
    }
    let mut end = None;
    for k in start..t.len().min(start + 10) {
        let w = &t[k];
        let l = lower[k];
        if !w.is_word() || matches!(l, "that" | "which" | "who" | "when" | "while") {
            break;
        }
        if analyzer.is_stop_word(l) && !matches!(l, "of" | "the") {
            break;
        }
        end = Some(k);
    }
    let end = end?;
    // Not ending on a function word ("the service of").
    let mut last = end;
    while last > start && matches!(lower[last], "of" | "the") {
        last -= 1;
    }
    // Nothing but function words ("according to of, …"): no one is named.
    if matches!(lower[last], "of" | "the") {
        return None;
    }
    Some(t[start].range.start..t[last].range.end)
}

/// The subject right before a speech verb: a name run, or a short noun phrase.
fn phrase_before(
    t: &[Token],
    lower: &[&str],
    verb: usize,
    analyzer: &Analyzer,
) -> Option<Range<usize>> {
    let last = verb.checked_sub(1)?;
    let w = &t[last];
    if !w.is_word() || PRONOUNS.contains(&lower[last]) {
        return None;
    }
    let mut first = last;
    while first > 0 && verb - first < 5 {
        let p = first - 1;
        let l = lower[p];
        if !t[p].is_word() || (analyzer.is_stop_word(l) && l != "the") || SPEECH.contains(&l) {
            break;
        }
        first = p;
        if l == "the" {
            break;
        }
    }
    while first < last && matches!(lower[first], "the" | "a" | "an") {
        first += 1;
    }
    // A subject is a name or a noun that can speak ("the top diplomat", "news agencies"); any
    // other word before the verb ("have yet denied reports") is not a source.
    if analyzer.is_stop_word(lower[last])
        || !(t[last].is_capitalised() || SPEAKERS.contains(&lower[last]))
    {
        return None;
    }
    Some(t[first].range.start..t[last].range.end)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The look that passes sentences over finds every word the full reading would take
        /// for a speech word, in any case and script, and no other.
        #[test]
        fn a_word_opens_an_attribution_as_its_lower_case_would(
            text in "(SAID|Said|sAiD|said|ACCORDING|According|Citing|TOLD|Told|to|the|Ministry|\
                    Saïd|STÄTES|states|Über|\u{212A}|\u{130}|SAYİNG|sayings|sai|[ .,“”])*",
        ) {
            for word in tokens(&text) {
                let lowered = word.lowered();
                proptest::prop_assert_eq!(
                    may_attribute(&word),
                    attribution_words().any(|w| *w == lowered),
                    "{:?}",
                    word.text
                );
            }
        }
    }

    /// A speech word in capitals still credits its speaker (a headline's "SAID").
    #[test]
    fn a_speech_word_in_capitals_is_read() {
        assert_eq!(sources("The Kremlin SAID on Monday."), vec!["Kremlin"]);
    }

    fn sources(text: &str) -> Vec<String> {
        attributions(0, text, &Analyzer::for_code("eng"))
            .into_iter()
            .map(|a| a.text)
            .collect()
    }

    #[test]
    fn according_to_takes_the_phrase() {
        assert_eq!(
            sources(
                "According to the Ukrainian secret service, a total of 14,000 soldiers fought."
            ),
            vec!["Ukrainian secret service"]
        );
        assert_eq!(
            sources("According to estimates by the Ukrainian intelligence service, 14,000 fought."),
            vec!["Ukrainian intelligence service"]
        );
        assert_eq!(
            sources("According to the BBC, officials believe it."),
            vec!["BBC"]
        );
    }

    /// A phrase of function words alone after "according to" (a typo, a garbled page) names
    /// no one.
    #[test]
    fn according_to_a_function_word_alone_names_no_source() {
        assert_eq!(
            sources("According to of, the plan failed."),
            Vec::<String>::new()
        );
        assert_eq!(sources("It was stated by of."), Vec::<String>::new());
    }

    #[test]
    fn stated_by_and_citing_take_the_phrase_and_a_bare_to_does_not() {
        assert_eq!(
            sources("The figure was stated by the defence ministry."),
            vec!["defence ministry"]
        );
        assert_eq!(
            sources("The agency raised it, citing two officials."),
            vec!["two officials"]
        );
        for none in [
            "He went to the ministry in the capital.",
            "The price was set by the market.",
            "Troops moved by the border.",
            "They acted according the plan.",
            "Citing.",
        ] {
            assert_eq!(sources(none), Vec::<String>::new(), "{none}");
        }
    }

    #[test]
    fn a_name_after_the_verb_runs_to_its_last_capitalised_word() {
        assert_eq!(
            sources("“We agree,” said Sergei Lavrov on Saturday."),
            vec!["Sergei Lavrov"]
        );
        assert_eq!(
            sources("“We agree,” said Russia’s Lavrov."),
            vec!["Russia’s Lavrov"]
        );
        // A speech word used as a noun names no speaker.
        assert_eq!(
            sources("Russian reports of the deployment were wrong."),
            Vec::<String>::new()
        );
    }

    #[test]
    fn a_source_is_known_by_its_distinctive_words_only() {
        let a = Analyzer::for_code("eng");
        let found = attributions(0, "according to the Ukrainian news agency", &a);
        let words: Vec<&str> = found[0].key.iter().map(String::as_str).collect();
        assert_eq!(words, vec!["ukrainian"]);
    }

    #[test]
    fn a_phrase_after_according_to_is_bounded() {
        // Ten words at most.
        assert_eq!(
            sources(
                "According to Alpha Beta Gamma Delta Epsilon Zeta Eta Theta Iota Kappa Lambda."
            ),
            vec!["Alpha Beta Gamma Delta Epsilon Zeta Eta Theta Iota Kappa"]
        );
        // "of" and "the" go on, other function words end it.
        assert_eq!(
            sources("According to the head of the ministry in Kyiv, it rose."),
            vec!["head of the ministry"]
        );
        // Never ending on "of" or "the".
        assert_eq!(
            sources("According to the office of, well, nobody."),
            vec!["office"]
        );
        // At most five words before the verb.
        assert_eq!(
            sources("Six big long Russian news agencies reported it."),
            vec!["big long Russian news agencies"]
        );
        // Wherever the verb stands in the sentence.
        assert_eq!(
            sources("Yesterday, reportedly, six big long Russian news agencies reported it."),
            vec!["big long Russian news agencies"]
        );
    }

    /// The subject before a speech verb stops at a function word ("Officials in Moscow said":
    /// Moscow), and a word that cannot speak is no subject ("governments have denied reports
    /// that …": "denied" is not a source).
    #[test]
    fn a_subject_stops_at_a_function_word_and_must_be_able_to_speak() {
        assert_eq!(
            sources("Officials in Moscow said the talks failed."),
            vec!["Moscow"]
        );
        assert_eq!(
            sources("Both governments have denied reports that troops were sent."),
            Vec::<String>::new()
        );
    }

    #[test]
    fn speakers_before_and_after_the_verb() {
        assert_eq!(
            sources("“We agree,” said Lavrow after a conversation."),
            vec!["Lavrow"]
        );
        assert_eq!(
            sources("“We agree,” Lavrov said on Saturday."),
            vec!["Lavrov"]
        );
        assert_eq!(
            sources("The talks went well, Russian news agencies reported."),
            vec!["Russian news agencies"]
        );
        assert_eq!(
            sources("“It could explode,” she warned."),
            Vec::<String>::new()
        );
        assert_eq!(
            sources("The Russian TASS reported Lavrov saying it."),
            vec!["Russian TASS", "Lavrov"]
        );
    }

    #[test]
    fn same_source_by_distinctive_words() {
        let a = Analyzer::for_code("eng");
        let one = |t: &str| attributions(0, t, &a).remove(0);
        let secret = one("according to the Ukrainian secret service");
        let intel = one("according to the Ukrainian intelligence service");
        let bbc = one("according to the BBC");
        assert!(secret.same_source(&intel));
        assert!(!secret.same_source(&bbc));
        assert!(one("said Lavrow").same_source(&one("Lavrov said")));
        // Nothing distinctive on one side: it cannot be told apart, from either side.
        let agencies = one("according to news agencies");
        assert!(agencies.key.is_empty());
        assert!(agencies.same_source(&bbc) && bbc.same_source(&agencies));
    }
}
