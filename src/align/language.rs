//! [`Analyzer`]: language-aware reduction of a sentence to the terms similarity compares.
//!
//! The language is detected once for both documents (`whatlang`); its stemmer
//! (`rust-stemmers`) and stop-word list (`stop-words`, NLTK lists) are used when it has them.
//! A language without them still works: terms are then the lower-cased words, and IDF alone
//! keeps frequent words light.

use std::borrow::Cow;
use std::collections::HashSet;

use foldhash::fast::FixedState;

use rust_stemmers::{Algorithm, Stemmer};

use crate::load::normalize::lowered_key;

/// Turns text into content terms for one language.
pub struct Analyzer {
    stemmer: Option<Stemmer>,
    stop_words: HashSet<&'static str, FixedState>,
    language: Option<&'static str>,
}

/// What language detection makes of a sample of each of two documents.
pub struct PairLanguages {
    /// An analyzer for each (see [`Analyzer::pair`]).
    pub analyzers: (Analyzer, Analyzer),
    /// The language each is reliably written in (ISO 639-1, as [`Analyzer::language`] gives),
    /// `None` where detection is unsure (short or mixed text).
    pub languages: (Option<&'static str>, Option<&'static str>),
}

/// One content word of a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// The comparison form: a stem, or `#` and a canonical number (`#14000`).
    pub key: String,
    /// The word lower-cased, before stemming (its character n-grams catch name variants).
    pub word: String,
}

impl Analyzer {
    /// An analyzer for the language most of `sample` is written in.
    pub fn detect(sample: &str) -> Analyzer {
        Analyzer::for_code(likely_code(sample))
    }

    /// Analyzers for two documents, from a sample of each: one per language when the two are
    /// reliably in different languages, else one for both (from both samples), so that a
    /// short or mixed text misread as another language does not lose its stemming.
    pub fn pair(left: &str, right: &str) -> (Analyzer, Analyzer) {
        Analyzer::pair_with_languages(left, right).analyzers
    }

    /// [`Analyzer::pair`], and the language each sample is reliably written in.
    ///
    /// Each sample is read once, and both together beside them: most pairs are in one language
    /// and need the joint reading.
    pub fn pair_with_languages(left: &str, right: &str) -> PairLanguages {
        let reliable = |sample: &str| {
            whatlang::detect(sample)
                .filter(whatlang::Info::is_reliable)
                .map(|info| info.lang().code())
        };
        let ((l, r), joint) = crate::parallel::join(
            || (reliable(left), reliable(right)),
            || likely_code(&format!("{left} {right}")),
        );
        let analyzers = match (l, r) {
            (Some(a), Some(b)) if a != b => (Analyzer::for_code(a), Analyzer::for_code(b)),
            _ => (Analyzer::for_code(joint), Analyzer::for_code(joint)),
        };
        let iso1 = |code: Option<&str>| {
            code.and_then(|c| LANGUAGES.iter().find(|l| l.0 == c))
                .map(|l| l.1)
        };
        PairLanguages {
            analyzers,
            languages: (iso1(l), iso1(r)),
        }
    }

    /// An analyzer for an ISO 639-3 language code (`eng`, `deu`); a code it has no stemmer
    /// for still names the language, and an unknown one gets none.
    pub fn for_code(code: &str) -> Analyzer {
        let known = LANGUAGES.iter().find(|l| l.0 == code);
        let iso1 = known.map(|l| l.1);
        let stop_words = iso1
            .and_then(stop_words::lookup)
            .map(|words| words.iter().copied().collect::<HashSet<_, FixedState>>())
            .unwrap_or_default();
        Analyzer {
            stemmer: known.and_then(|l| l.2).map(Stemmer::create),
            stop_words,
            language: iso1,
        }
    }

    /// An analyzer for an ISO 639-1 language code (`en`, `de`), as [`Analyzer::language`] gives.
    pub fn for_iso1(code: &str) -> Analyzer {
        let iso3 = LANGUAGES.iter().find(|l| l.1 == code).map_or("", |l| l.0);
        Analyzer::for_code(iso3)
    }

    /// The ISO 639-1 code of the language in use, when one was recognised.
    pub fn language(&self) -> Option<&'static str> {
        self.language
    }

    /// Whether `word` (lower-cased) is a stop word of the language.
    pub fn is_stop_word(&self, word: &str) -> bool {
        self.stop_words.contains(word)
    }

    /// The stem of one lower-cased word (the word itself without a stemmer).
    pub fn stem(&self, word: &str) -> String {
        match &self.stemmer {
            Some(s) => s.stem(word).into_owned(),
            None => word.to_owned(),
        }
    }

    /// The content terms of `text`, in order.
    pub fn terms(&self, text: &str) -> Vec<Term> {
        self.terms_of_key(&lowered_key(text))
    }

    /// [`Analyzer::terms`] of a text already turned into its lower-cased matching key.
    pub fn terms_of_key(&self, key: &str) -> Vec<Term> {
        let mut out = Vec::new();
        self.each_term(key, |stem, word| {
            out.push(Term {
                key: stem.to_owned(),
                word: word.to_owned(),
            });
        });
        out
    }

    /// Calls `f(stem, word)` for each content term of a lower-cased matching key, in order,
    /// without allocating for terms the stemmer leaves alone (the engine's hot path).
    pub fn each_term(&self, key: &str, mut f: impl FnMut(&str, &str)) {
        for word in crate::words::words(key) {
            if let Some((stem, word)) = self.term(word) {
                f(&stem, word);
            }
        }
    }

    /// The content term of one word of a lower-cased matching key (as [`crate::words::words`]
    /// splits it): its stem and the word it was taken from, or `None` for a stop word or a
    /// word too short to count.
    ///
    /// Depends on the word alone, not on its neighbours, so a caller may keep the answer for
    /// a word it meets again.
    pub fn term<'w>(&self, word: &'w str) -> Option<(Cow<'w, str>, &'w str)> {
        if let Some(number) = canonical_number(word) {
            return Some((Cow::Owned(format!("#{number}")), word));
        }
        let word = word.trim_matches('\'');
        if word.is_empty() || self.stop_words.contains(word) {
            return None;
        }
        // Possessive 's is not part of the name: "russia's" → "russia".
        let word = word.strip_suffix("'s").unwrap_or(word);
        if word.chars().count() < 2 && !word.chars().any(|c| c.is_alphabetic() && !c.is_ascii()) {
            return None;
        }
        match &self.stemmer {
            Some(s) => Some((s.stem(word), word)),
            None => Some((Cow::Borrowed(word), word)),
        }
    }
}

/// The ISO 639-3 code of the language most of `sample` is written in, or `""` when detection
/// is unsure even of that.
fn likely_code(sample: &str) -> &'static str {
    whatlang::detect(sample)
        .filter(|info| info.is_reliable() || info.confidence() > 0.5)
        .map_or("", |info| info.lang().code())
}

/// Languages by ISO 639-3 code (as `whatlang` detects them), their ISO 639-1 code, and their
/// Snowball stemmer when there is one.
const LANGUAGES: &[(&str, &str, Option<Algorithm>)] = &[
    ("eng", "en", Some(Algorithm::English)),
    ("deu", "de", Some(Algorithm::German)),
    ("fra", "fr", Some(Algorithm::French)),
    ("spa", "es", Some(Algorithm::Spanish)),
    ("ita", "it", Some(Algorithm::Italian)),
    ("por", "pt", Some(Algorithm::Portuguese)),
    ("nld", "nl", Some(Algorithm::Dutch)),
    ("dan", "da", Some(Algorithm::Danish)),
    ("swe", "sv", Some(Algorithm::Swedish)),
    ("nob", "no", Some(Algorithm::Norwegian)),
    ("fin", "fi", Some(Algorithm::Finnish)),
    ("hun", "hu", Some(Algorithm::Hungarian)),
    ("ron", "ro", Some(Algorithm::Romanian)),
    ("rus", "ru", Some(Algorithm::Russian)),
    ("tur", "tr", Some(Algorithm::Turkish)),
    ("ell", "el", Some(Algorithm::Greek)),
    ("ara", "ar", Some(Algorithm::Arabic)),
    ("tam", "ta", Some(Algorithm::Tamil)),
    ("pol", "pl", None),
    ("ces", "cs", None),
    ("ukr", "uk", None),
    ("cmn", "zh", None),
    ("jpn", "ja", None),
    ("kor", "ko", None),
    ("tha", "th", None),
    ("heb", "he", None),
    ("hin", "hi", None),
    ("vie", "vi", None),
    ("ind", "id", None),
    ("bul", "bg", None),
    ("hrv", "hr", None),
    ("srp", "sr", None),
    ("slk", "sk", None),
    ("slv", "sl", None),
    ("lit", "lt", None),
    ("lav", "lv", None),
    ("est", "et", None),
    ("cat", "ca", None),
    ("pes", "fa", None),
];

/// The English name of a language given by its ISO 639-1 code (the code itself when unknown).
pub fn language_name(iso1: &str) -> &str {
    match iso1 {
        "en" => "English",
        "de" => "German",
        "fr" => "French",
        "es" => "Spanish",
        "it" => "Italian",
        "pt" => "Portuguese",
        "nl" => "Dutch",
        "da" => "Danish",
        "sv" => "Swedish",
        "no" => "Norwegian",
        "fi" => "Finnish",
        "hu" => "Hungarian",
        "ro" => "Romanian",
        "ru" => "Russian",
        "tr" => "Turkish",
        "el" => "Greek",
        "ar" => "Arabic",
        "ta" => "Tamil",
        "pl" => "Polish",
        "cs" => "Czech",
        "uk" => "Ukrainian",
        "zh" => "Chinese",
        "ja" => "Japanese",
        "ko" => "Korean",
        "th" => "Thai",
        "he" => "Hebrew",
        "hi" => "Hindi",
        "vi" => "Vietnamese",
        "id" => "Indonesian",
        "bg" => "Bulgarian",
        "hr" => "Croatian",
        "sr" => "Serbian",
        "sk" => "Slovak",
        "sl" => "Slovenian",
        "lt" => "Lithuanian",
        "lv" => "Latvian",
        "et" => "Estonian",
        "ca" => "Catalan",
        "fa" => "Persian",
        other => other,
    }
}

/// `14,000` and `14.000` and `14 000` → `14000`; `3.5` and `3,5` → `3.5`; not a number → `None`.
pub fn canonical_number(word: &str) -> Option<String> {
    if !word.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    if !word
        .chars()
        .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
    {
        return None;
    }
    let groups: Vec<&str> = word.split([',', '.']).collect();
    let thousands =
        groups.len() > 1 && groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3);
    if thousands {
        return Some(groups.concat());
    }
    match groups.as_slice() {
        [whole] => Some((*whole).to_owned()),
        [whole, frac] => Some(format!("{whole}.{frac}")),
        _ => Some(groups.concat()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One sentence in English and its German translation, each long enough to be told apart.
    const EN: &str = "The minister arrived in the capital on Tuesday for two days of talks with \
                      the government about trade, energy and the war in Ukraine.";
    const DE: &str = "Der Minister traf am Dienstag zu zweitägigen Gesprächen mit der Regierung \
                      über Handel, Energie und den Krieg in der Ukraine in der Hauptstadt ein.";

    #[test]
    fn a_pair_gets_two_languages_only_when_both_are_clear() {
        let (a, b) = Analyzer::pair(EN, DE);
        assert_eq!((a.language(), b.language()), (Some("en"), Some("de")));
        let (a, b) = Analyzer::pair(EN, EN);
        assert_eq!((a.language(), b.language()), (Some("en"), Some("en")));
        // Too short to tell: both sides share one analyzer, from both texts.
        let (a, b) = Analyzer::pair("Kursk.", EN);
        assert_eq!(a.language(), b.language());
    }

    #[test]
    fn every_language_detected_has_a_name() {
        for (_, iso1, _) in LANGUAGES {
            assert_ne!(language_name(iso1), *iso1, "{iso1} has no name");
        }
    }

    #[test]
    fn english_terms_are_stemmed_without_stop_words() {
        let a = Analyzer::for_code("eng");
        let keys: Vec<String> = a
            .terms("The soldiers were fighting in Russia’s Kursk region.")
            .into_iter()
            .map(|t| t.key)
            .collect();
        assert_eq!(keys, vec!["soldier", "fight", "russia", "kursk", "region"]);
    }

    #[test]
    fn languages_are_named_in_english_and_unknown_codes_pass_through() {
        assert_eq!(language_name("de"), "German");
        assert_eq!(language_name("fa"), "Persian");
        assert_eq!(language_name("xx"), "xx");
    }

    #[test]
    fn a_reliable_language_is_named_by_its_two_letter_code() {
        let both = Analyzer::pair_with_languages(EN, DE);
        assert_eq!(both.languages, (Some("en"), Some("de")));
        assert_eq!(both.analyzers.0.language(), Some("en"));
        assert_eq!(both.analyzers.1.language(), Some("de"));
        // Too short to be sure of: no language named, and the analyzers read both together.
        let unsure = Analyzer::pair_with_languages("Kursk.", EN);
        assert_eq!(unsure.languages, (None, Some("en")));
        assert_eq!(unsure.analyzers.0.language(), Some("en"));
    }

    #[test]
    fn two_letter_codes_give_the_same_analyzer_as_three_letter_ones() {
        let (de, deu) = (Analyzer::for_iso1("de"), Analyzer::for_code("deu"));
        assert_eq!(de.language(), Some("de"));
        assert_eq!(de.stem("häuser"), deu.stem("häuser"));
        assert_ne!(de.stem("häuser"), "häuser", "German is stemmed");
        assert!(de.is_stop_word("und"));
        assert_eq!(Analyzer::for_iso1("zz").language(), None);
        // A language without a stemmer is still named, and keeps its words whole.
        let pl = Analyzer::for_iso1("pl");
        assert_eq!(pl.language(), Some("pl"));
        assert_eq!(pl.stem("żołnierzy"), "żołnierzy");
    }

    #[test]
    fn stop_words_and_stems_of_english() {
        let en = Analyzer::for_code("eng");
        assert!(en.is_stop_word("the"));
        assert!(!en.is_stop_word("soldier"));
        assert_eq!(en.stem("fighting"), "fight");
        assert_eq!(Analyzer::for_code("xxx").stem("fighting"), "fighting");
    }

    #[test]
    fn terms_keep_numbers_names_and_lone_letters_of_other_scripts() {
        let en = Analyzer::for_code("eng");
        let terms = en.terms("'Kursk' saw 14,000 of Russia's troops, x and y, at 中 and é.");
        let pairs: Vec<(&str, &str)> = terms
            .iter()
            .map(|t| (t.key.as_str(), t.word.as_str()))
            .collect();
        assert_eq!(
            pairs,
            vec![
                ("kursk", "kursk"),
                ("saw", "saw"),
                ("#14000", "14,000"),
                ("russia", "russia"),
                ("troop", "troops"),
                ("中", "中"),
                ("é", "é"),
            ]
        );
    }

    #[test]
    fn numbers_are_canonical() {
        assert_eq!(canonical_number("14,000").as_deref(), Some("14000"));
        assert_eq!(canonical_number("14.000").as_deref(), Some("14000"));
        assert_eq!(canonical_number("3.5").as_deref(), Some("3.5"));
        assert_eq!(canonical_number("3,5").as_deref(), Some("3.5"));
        assert_eq!(canonical_number("1949").as_deref(), Some("1949"));
        assert_eq!(canonical_number("Kursk"), None);
        // Groups of three after at most three digits are thousands; anything else is a
        // decimal point, or, past two groups, digits run together.
        assert_eq!(
            canonical_number("100,000,000").as_deref(),
            Some("100000000")
        );
        assert_eq!(canonical_number("999,999").as_deref(), Some("999999"));
        assert_eq!(canonical_number("1234,567").as_deref(), Some("1234.567"));
        assert_eq!(canonical_number("1,5000").as_deref(), Some("1.5000"));
        assert_eq!(canonical_number("1.2.3").as_deref(), Some("123"));
        assert_eq!(canonical_number("12").as_deref(), Some("12"));
        assert_eq!(canonical_number("5%"), None);
        assert_eq!(canonical_number(".5"), None);
    }

    #[test]
    fn language_is_detected() {
        let en = Analyzer::detect(
            "North Korea has supported the Russian war against Ukraine by supplying weapons and soldiers.",
        );
        assert_eq!(en.language(), Some("en"));
        let de = Analyzer::detect(
            "In Parks kann man sich wunderbar erholen und entspannen, sagen die Bewohner der Stadt.",
        );
        assert_eq!(de.language(), Some("de"));
    }

    #[test]
    fn unknown_languages_fall_back_to_plain_words() {
        let a = Analyzer::for_code("xxx");
        let keys: Vec<String> = a
            .terms("Kala kala uu.")
            .into_iter()
            .map(|t| t.key)
            .collect();
        assert_eq!(keys, vec!["kala", "kala", "uu"]);
    }
}
