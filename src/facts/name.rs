//! [`Name`]: capitalised names in a sentence, and [`fold`], which makes spelling variants of
//! one name equal.
//!
//! A name is a run of capitalised words (`Choe Son Hui`, `Kim Il-Sung`, `KCNA`); a hyphen with
//! no space around it joins the next word whatever its case (`Son-hui`). Role words (`Foreign
//! Minister`, `President`) split a run and are left out, a possessive ends it (`Russia’s`), and
//! a sentence's first word counts only when it is not a stop word (`The`, `But`).
//!
//! [`fold`] takes accents off, lower-cases, treats hyphens as spaces and evens out the usual
//! transliteration differences (-w/-v, -yj/-y/-yy/-i, ph/f, ck/k, sch/sh, ü/ue), so
//! "Choe Son-hui" = "Choe Son Hui", "Kim Jong-un" = "Kim Jong Un", "Zelenskyj" = "Zelensky",
//! "Lavrow" = "Lavrov". It can also join two different people whose names differ only that way.

use std::ops::Range;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::token::{Token, strip_possessive, tokens};
use crate::align::language::Analyzer;

/// A name found in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    /// The sentence's index in its document.
    pub sentence: usize,
    /// Byte range in the sentence text.
    pub range: Range<usize>,
    /// The name as written (without a possessive `’s`).
    pub text: String,
}

impl Name {
    /// Its folded form ([`fold`]): equal for spelling variants. Computed on each call: a
    /// book writes the same names thousands of times, so callers fold each spelling once.
    pub fn key(&self) -> String {
        fold(&self.text)
    }
}

/// Title and office words: not part of a person's name.
const ROLES: &[&str] = &[
    "president",
    "minister",
    "foreign",
    "defense",
    "defence",
    "secretary",
    "state",
    "chancellor",
    "chairman",
    "leader",
    "general",
    "prime",
    "commander",
    "ambassador",
    "senator",
    "governor",
    "king",
    "queen",
    "pope",
    "mr",
    "mrs",
    "ms",
    "dr",
    "honorable",
    "honourable",
    "affairs",
];

/// Articles (English, German, French, Spanish, Italian, Dutch): a capitalised word after
/// one is a noun, as German writes every noun.
const ARTICLES: &[&str] = &[
    "the", "a", "an", "der", "die", "das", "den", "dem", "des", "ein", "eine", "einer", "einem",
    "einen", "eines", "le", "la", "les", "un", "une", "du", "el", "los", "las", "una", "il", "lo",
    "gli", "het", "de", "een",
];

/// The names in one sentence, `index` in its document.
pub fn names(index: usize, text: &str, analyzer: &Analyzer) -> Vec<Name> {
    names_in(index, text, &tokens(text), analyzer)
}

/// [`names`], from the sentence's [`tokens`] already made (they are shared by every reader of
/// facts: splitting a sentence into words is most of the work).
pub fn names_in(index: usize, text: &str, t: &[Token], analyzer: &Analyzer) -> Vec<Name> {
    let mut out = Vec::new();
    let mut run: Vec<&Token> = Vec::new();
    let mut lowered = String::new();
    let flush = |run: &mut Vec<&Token>, out: &mut Vec<Name>| {
        // After an article a capitalised word is a noun ("die Gärten"), not a name.
        let after_article = run.first().is_some_and(|first| {
            let at = t.partition_point(|w| w.range.start < first.range.start);
            at.checked_sub(1)
                .and_then(|p| t.get(p))
                .is_some_and(|p| p.with_lowered(|w| ARTICLES.contains(&w)))
        });
        if after_article {
            run.clear();
            return;
        }
        while run.last().is_some_and(|w| !w.is_word()) {
            run.pop();
        }
        if let (Some(first), Some(last)) = (run.first(), run.last()) {
            let range = first.range.start..last.range.end;
            let name = strip_possessive(&text[range.clone()]).to_owned();
            let single_letter = run.len() == 1 && name.chars().count() < 2;
            if !single_letter {
                out.push(Name {
                    sentence: index,
                    range: range.start..range.start + name.len(),
                    text: name,
                });
            }
        }
        run.clear();
    };
    for (k, tok) in t.iter().enumerate() {
        let after_hyphen = run.last().is_some_and(|l| l.text == "-");
        if tok.text == "-"
            && !tok.spaced
            && !run.is_empty()
            && t.get(k + 1).is_some_and(|n| !n.spaced && n.is_word())
        {
            run.push(tok);
            continue;
        }
        let opens_sentence = k == 0 || (k == 1 && "“\"‘'(".contains(t[0].text));
        let candidate = tok.is_word()
            && (tok.is_capitalised() || after_hyphen)
            && !tok.text.starts_with(|c: char| c.is_ascii_digit());
        // Lower-cased only for candidates: most words of a text are not.
        let name_word = candidate && {
            let lower = tok.lower_in(&mut lowered);
            !(opens_sentence && analyzer.is_stop_word(lower))
                && (!ROLES.contains(&lower) || after_hyphen)
        };
        if !name_word {
            flush(&mut run, &mut out);
            continue;
        }
        run.push(tok);
        if tok.is_possessive() {
            flush(&mut run, &mut out);
        }
    }
    flush(&mut run, &mut out);
    out
}

/// The folded form of a name: equal for spelling variants of one name.
pub fn fold(name: &str) -> String {
    let plain = if name.is_ascii() {
        // Nothing to spell out or decompose (the common case: a book names thousands).
        name.to_ascii_lowercase()
    } else {
        unaccented(name)
    };
    plain
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(fold_word)
        .collect::<Vec<_>>()
        .join(" ")
}

/// `name` lower-cased, umlauts spelt out and other accents taken off.
fn unaccented(name: &str) -> String {
    // Umlauts are letters of their own: "Gärten" is not "Garten", but "Müller" is "Mueller".
    let spelled: String = name
        .chars()
        .flat_map(|c| match c {
            'ä' | 'Ä' => vec!['a', 'e'],
            'ö' | 'Ö' => vec!['o', 'e'],
            'ü' | 'Ü' => vec!['u', 'e'],
            c => vec![c],
        })
        .collect();
    spelled
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .collect::<String>()
        .to_lowercase()
}

fn fold_word(word: &str) -> String {
    let mut w = word.to_owned();
    // w for v at the ends of a long enough word: Lavrow, Wolodymyr (not "Water").
    if let Some(stem) = w.strip_suffix('w') {
        w = format!("{stem}v");
    }
    if w.chars().count() >= 6
        && let Some(rest) = w.strip_prefix('w')
    {
        w = format!("v{rest}");
    }
    for (from, to) in [
        ("tsch", "ch"),
        ("sch", "sh"),
        ("ph", "f"),
        ("ck", "k"),
        ("kh", "h"),
        ("yj", "i"),
        ("ij", "i"),
        ("iy", "i"),
        ("yi", "i"),
        ("y", "i"),
    ] {
        if holds(&w, from) {
            w = w.replace(from, to);
        }
    }
    // Zelenskyy → zelenskii → zelenski; other doubled letters stay (Man, Mann).
    while holds(&w, "ii") {
        w = w.replace("ii", "i");
    }
    w
}

/// Whether `word` holds `part` (a few letters), as `word.contains(part)`: a name is folded a
/// letter pair at a time, and the general search cost more than the folding.
fn holds(word: &str, part: &str) -> bool {
    let (word, part) = (word.as_bytes(), part.as_bytes());
    let Some((&first, rest)) = part.split_first() else {
        return true;
    };
    word.iter()
        .enumerate()
        .any(|(k, &b)| b == first && word[k + 1..].starts_with(rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(crate::testing::cases(1000))]

        /// ASCII names skip spelling out and decomposing: nothing there to change.
        #[test]
        fn ascii_names_fold_as_any_name_folds(name in "[\\x20-\\x7e]{0,24}") {
            proptest::prop_assert_eq!(unaccented(&name), name.to_ascii_lowercase());
        }

        /// The letter search finds what `str::contains` finds.
        #[test]
        fn holds_is_contains(word in "[ihsyé]{0,8}", part in "[ihsyé]{0,3}") {
            proptest::prop_assert_eq!(holds(&word, &part), word.contains(part.as_str()));
        }
    }

    fn found(text: &str) -> Vec<String> {
        names(0, text, &Analyzer::for_code("eng"))
            .into_iter()
            .map(|n| n.text)
            .collect()
    }

    #[test]
    fn runs_split_at_roles_and_possessives() {
        assert_eq!(
            found("North Korean Foreign Minister Choe Son-Hui met Russia’s Sergei Lavrov."),
            vec!["North Korean", "Choe Son-Hui", "Russia", "Sergei Lavrov"]
        );
        assert_eq!(
            found("The USA and Kim Il-Sung’s plaque; Secretary of State Antony Blinken said so."),
            vec!["Kim Il-Sung", "Antony Blinken"]
        );
        // German writes nouns capitalised; after an article they are not names.
        assert_eq!(found("sah die Gärten von Lawrow."), vec!["Lawrow"]);
    }

    #[test]
    fn transliteration_variants_fold_together() {
        for (a, b) in [
            ("Choe Son Hui", "Choe Son-hui"),
            ("Choe Son Hui", "Choe Son-Hui"),
            ("Kim Jong Un", "Kim Jong-un"),
            ("Zelensky", "Zelenskyj"),
            ("Zelenskyy", "Zelensky"),
            ("Lavrov", "Lavrow"),
            ("Sergei", "Sergey"),
            ("Volodymyr", "Wolodymyr"),
            ("Selenskyy", "Selenskyj"),
            ("Selçuk", "Selcuk"),
            ("Müller", "Mueller"),
        ] {
            assert_eq!(fold(a), fold(b), "{a} = {b}");
        }
        for (a, b) in [
            ("Kim Jong Un", "Kim Il Sung"),
            ("Lavrov", "Putin"),
            ("Choe", "Choe Son Hui"),
        ] {
            assert_ne!(fold(a), fold(b), "{a} ≠ {b}");
        }
    }

    #[test]
    fn a_lone_letter_is_no_name_but_two_letters_are() {
        assert_eq!(found("They met Xi about plan B yesterday."), vec!["Xi"]);
    }

    #[test]
    fn a_hyphen_joins_a_name_only_inside_it() {
        assert_eq!(
            found("They met Kim Jong-un and Lavrov."),
            vec!["Kim Jong-un", "Lavrov"]
        );
        // Spaced, or at a run's start, a hyphen is punctuation: "Lavrov - Moscow" are two.
        assert_eq!(
            found("They met Lavrov - Moscow agreed."),
            vec!["Lavrov", "Moscow"]
        );
        assert_eq!(found("The talks -Moscow said- went on."), vec!["Moscow"]);
        assert_eq!(
            found("They met Lavrov- Moscow agreed."),
            vec!["Lavrov", "Moscow"]
        );
    }

    #[test]
    fn a_stop_word_opening_a_quoted_sentence_is_no_name() {
        assert_eq!(found("“The minister spoke,” said Lavrov."), vec!["Lavrov"]);
        // Past the opening, a capitalised stop word belongs to the name it starts.
        assert_eq!(
            found("“Judges of The Hague ruled,” he said."),
            vec!["Judges", "The Hague"]
        );
    }
}
