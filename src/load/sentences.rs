//! Sentence splitting inside one paragraph, on byte ranges.
//!
//! Starts from Unicode sentence boundaries (UAX #29: `unicode-segmentation`'s answers, found
//! by [`super::sentence_bounds`]), which already keep decimals (3.5), thousands (14,000),
//! quotes closing after the full stop and lower-case continuations after an ellipsis
//! together. Then it mends what UAX #29 gets wrong in news prose: abbreviations and initials
//! (Mr., Gen., U.S., J. R.), ordinals before a month or a noun (3. Oktober), and it splits
//! where UAX #29 does not: a full stop glued to the next capitalised word ("Ende.Der"), and a
//! colon or semicolon before a capitalised clause.

use std::ops::Range;

use super::sentence_bounds::bounds;

/// Words that end with a full stop without ending a sentence (compared without the stop).
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "sgt", "capt", "cmdr", "adm", "gov",
    "sen", "rep", "rev", "st", "sr", "jr", "mt", "ft", "no", "nos", "vs", "approx", "ca", "cf",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "vol",
    "pp", "fig", "dept", "est", "hr", "fr", "nr", "vgl", "bzw", "ggf", "evtl", "inkl", "exkl",
    "mio", "mrd", "tsd", "abs", "art", "str", "bd", "jh", "jhd", "dt", "engl", "franz", "lat",
    "sog", "u", "z", "d", "o", "i", "e", "v", "chr", "ebd", "zit", "hl", "mme", "mlle", "mm",
    "sra", "sr", "dra",
];

/// Capitalised words that start a new sentence after a dotted acronym ("in the U.S. The …").
const SENTENCE_STARTERS: &[&str] = &[
    "The", "A", "An", "In", "It", "He", "She", "They", "We", "I", "This", "That", "But", "And",
    "On", "At", "Der", "Die", "Das", "Er", "Sie", "Es", "Ein", "Eine", "Im", "Am",
];

/// Words after a number and full stop that show the number was an ordinal ("am 3. Oktober").
const ORDINAL_HEADS: &[&str] = &[
    "januar",
    "februar",
    "märz",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "dezember",
    "jahrhundert",
    "jahrhunderts",
    "mal",
    "platz",
    "klasse",
    "stock",
    "weltkrieg",
    "weltkriegs",
    "jänner",
    "january",
    "february",
    "march",
    "may",
    "june",
    "july",
    "october",
    "december",
    "bundesliga",
    "liga",
    "runde",
    "etage",
];

/// Words after which a number and full stop is an ordinal whatever follows ("seinen 100.
/// Geburtstag", "zum 3. Mal"): German articles, possessives and contracted prepositions,
/// which a year or a count ending a sentence does not follow.
const ORDINAL_LEADS: &[&str] = &[
    "der", "die", "das", "den", "dem", "des", "am", "im", "zum", "zur", "vom", "beim", "ins",
    "seinen", "seinem", "seiner", "seines", "seine", "ihren", "ihrem", "ihrer", "ihres", "ihre",
    "unseren", "unserem", "unserer", "unser", "meinen", "meinem", "meiner", "deinen", "deinem",
    "jeden", "jedem", "jeder",
];

/// Byte ranges of the sentences of `text`, trimmed of surrounding whitespace.
pub fn split(text: &str) -> Vec<Range<usize>> {
    split_in(text, None).0
}

/// [`split`] for a paragraph that follows one which left the quotation opened by `carried`
/// open; also returns the quotation this paragraph leaves open, for the next.
///
/// A closing quote mark after a space (German dialogue often has "„Geh! “ Sie sagte …") ends
/// the sentence before it instead of starting the next one; one that opens the paragraph,
/// before a space, closes the carried quotation and belongs to no sentence.
pub fn split_in(text: &str, carried: Option<char>) -> (Vec<Range<usize>>, Option<char>) {
    let mut out = unmended(text);
    let mut quotes = Quotes::new(carried);
    let mut scanned = 0;
    let mut k = 0;
    while k < out.len() {
        let start = out[k].start;
        quotes.scan(&text[scanned..start], text[..scanned].chars().next_back());
        scanned = start;
        let rest = &text[start..out[k].end];
        let mut chars = rest.chars();
        let (Some(c), next) = (chars.next(), chars.next()) else {
            k += 1;
            continue;
        };
        let spaced = next.is_none_or(char::is_whitespace);
        // A straight quote closes only before a space: before a word it opens one.
        let closes = quotes.closes(c, next) && (spaced || !matches!(c, '"' | '\''));
        if !closes || (k == 0 && !spaced) {
            k += 1;
            continue;
        }
        let after = start + c.len_utf8();
        if k > 0 {
            out[k - 1].end = after;
        }
        // The rest is looked at again: two quotations may close at once ("! ‘“ Da sagte").
        let moved = trim(text, after..out[k].end);
        if moved.is_empty() {
            out.remove(k);
        } else {
            out[k] = moved;
        }
    }
    quotes.scan(&text[scanned..], text[..scanned].chars().next_back());
    (out, quotes.open())
}

/// The quotations open at a point of a paragraph, innermost last: the marks that opened them.
struct Quotes {
    open: Vec<char>,
}

impl Quotes {
    fn new(carried: Option<char>) -> Quotes {
        Quotes {
            open: carried.into_iter().collect(),
        }
    }

    /// Whether `c` (followed by `next`) closes the innermost open quotation.
    fn closes(&self, c: char, next: Option<char>) -> bool {
        let Some(&open) = self.open.last() else {
            return false;
        };
        // A single closing mark before a letter is an apostrophe ("Russia’s").
        let single = matches!(c, '’' | '‘' | '\'');
        if single && next.is_some_and(char::is_alphabetic) {
            return false;
        }
        matches!(
            (open, c),
            ('„', '“' | '”')
                | ('“', '”')
                | ('"', '"')
                | ('«', '»')
                | ('»', '«')
                | ('‚', '‘' | '’')
                | ('‘', '’')
                | ('\'', '\'')
        )
    }

    /// Follows `text`, which comes after the character `before`.
    fn scan(&mut self, text: &str, before: Option<char>) {
        // Only quotation marks open or close anything: the text between them is passed over
        // a byte at a time. Every mark is ASCII or starts with one of two lead bytes (« and »
        // with 0xC2, the others with 0xE2), so each is found at the start of a character.
        let bytes = text.as_bytes();
        let mut from = 0;
        while let Some(k) = bytes[from..]
            .iter()
            .position(|b| matches!(b, b'"' | b'\'' | 0xC2 | 0xE2))
        {
            let at = from + k;
            let mut chars = text[at..].chars();
            let Some(c) = chars.next() else {
                break;
            };
            let next = chars.next();
            let before = if at == 0 {
                before
            } else {
                text[..at].chars().next_back()
            };
            self.follow(c, next, before);
            from = at + c.len_utf8();
        }
    }

    /// Follows the character `c`, between `before` and `next`.
    fn follow(&mut self, c: char, next: Option<char>, before: Option<char>) {
        if self.closes(c, next) {
            self.open.pop();
        } else if matches!(c, '„' | '“' | '"' | '«' | '»' | '‚')
            // A single quote opens only after a space or bracket (else an apostrophe).
            || (matches!(c, '‘' | '\'')
                && before.is_none_or(|b| b.is_whitespace() || "([{".contains(b)))
        {
            self.open.push(c);
        }
    }

    fn open(&self) -> Option<char> {
        self.open.last().copied()
    }
}

/// The sentences before closing quote marks are mended.
fn unmended(text: &str) -> Vec<Range<usize>> {
    let mut pieces: Vec<Range<usize>> = Vec::new();
    for piece in bounds(text) {
        let r = trim(text, piece);
        if r.is_empty() {
            continue;
        }
        match pieces.last_mut() {
            Some(prev) if continues(text, prev.clone(), r.clone()) => prev.end = r.end,
            _ => pieces.push(r),
        }
    }
    let mut out = Vec::with_capacity(pieces.len());
    for p in pieces {
        split_glued(text, p, &mut out);
    }
    out
}

fn trim(text: &str, r: Range<usize>) -> Range<usize> {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    r.start + lead..r.end - trail
}

/// Whether `next` continues the sentence `prev` instead of starting a new one.
fn continues(text: &str, prev: Range<usize>, next: Range<usize>) -> bool {
    let p = &text[prev];
    let n = &text[next];
    // A piece with no letters or digits (a lone quote, a dash) belongs to its neighbour.
    if !n.chars().any(char::is_alphanumeric) {
        return true;
    }
    let Some(before_stop) = p.strip_suffix('.') else {
        return false;
    };
    let last_word = before_stop
        .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"' || c == '“')
        .next()
        .unwrap_or("");
    let next_word: &str = n
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())
        .unwrap_or("");
    if last_word.is_empty() {
        return false;
    }
    let lower = last_word.to_lowercase();
    if ABBREVIATIONS.contains(&lower.as_str()) && !last_word.contains('.') {
        return true;
    }
    let letters: Vec<char> = last_word.chars().filter(|c| *c != '.').collect();
    // An initial ("J. Smith") or a dotted acronym ("U.S.", "z.B.").
    let initial = letters.len() == 1 && letters[0].is_uppercase();
    let dotted =
        last_word.contains('.') && letters.iter().all(|c| c.is_alphabetic()) && letters.len() <= 4;
    if initial || dotted {
        return !SENTENCE_STARTERS.contains(&next_word);
    }
    // An ordinal: "am 3. Oktober", "im 19. Jahrhundert", "seinen 100. Geburtstag".
    if last_word.len() <= 3 && last_word.chars().all(|c| c.is_ascii_digit()) {
        let word_before = before_stop[..before_stop.len() - last_word.len()]
            .split_whitespace()
            .next_back()
            .unwrap_or("")
            .to_lowercase();
        let starts_lower = next_word.starts_with(char::is_lowercase);
        return ORDINAL_HEADS.contains(&next_word.to_lowercase().as_str())
            || (ORDINAL_LEADS.contains(&word_before.as_str()) && !starts_lower);
    }
    false
}

/// Splits a sentence where UAX #29 does not: after a full stop glued to a capitalised word, and
/// after a colon or semicolon that introduces a capitalised clause of its own.
fn split_glued(text: &str, r: Range<usize>, out: &mut Vec<Range<usize>>) {
    let s = &text[r.clone()];
    let bytes = s.as_bytes();
    let mut start = 0;
    let mut words_before = 0usize;
    let mut prev_ws = true;
    for (i, ch) in s.char_indices() {
        if ch.is_whitespace() {
            prev_ws = true;
            continue;
        }
        if prev_ws {
            words_before += 1;
        }
        prev_ws = false;
        let glued_stop = ch == '.'
            && i >= 2
            && bytes[i - 1].is_ascii_lowercase()
            && bytes[i - 2].is_ascii_lowercase()
            && starts_capitalised_word(&s[i + 1..]);
        // UAX #29 keeps "so far. 8,000 of them" together: a full stop after a word, then a
        // number, starts a sentence.
        let stop_before_number = ch == '.'
            && i >= 3
            && s[..i].chars().rev().take(3).all(|c| c.is_lowercase())
            && s[i + 1..].starts_with(' ')
            && s[i + 1..]
                .trim_start()
                .starts_with(|c: char| c.is_ascii_digit());
        // A semicolon ends a sentence of its own (as the gold splitters have it); a colon only
        // before a capitalised clause.
        let clause = ((ch == ':' && starts_capitalised_word(s[i + 1..].trim_start())) || ch == ';')
            && words_before >= 4
            && s[i + 1..].starts_with(' ')
            && !s[i + 1..]
                .trim_start()
                .starts_with(['"', '“', '„', '«', '‘', '\'']);
        if glued_stop || clause || stop_before_number {
            let end = i + ch.len_utf8();
            let piece = trim(text, r.start + start..r.start + end);
            let rest = &s[end..];
            if !piece.is_empty() && rest.chars().filter(|c| c.is_alphabetic()).take(8).count() >= 8
            {
                out.push(piece);
                start = end;
                words_before = 0;
            }
        }
    }
    let last = trim(text, r.start + start..r.end);
    if !last.is_empty() {
        out.push(last);
    }
}

/// Whether `s` starts with a capital followed by a lower-case letter (a word, not an acronym).
fn starts_capitalised_word(s: &str) -> bool {
    let mut it = s.chars();
    matches!((it.next(), it.next()), (Some(a), Some(b)) if a.is_uppercase() && b.is_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        split(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn abbreviations_and_initials_do_not_end_sentences() {
        assert_eq!(
            sentences("Mr. Smith met Gen. Lee in the U.S. capital. J. R. Tolkien wrote it."),
            vec![
                "Mr. Smith met Gen. Lee in the U.S. capital.",
                "J. R. Tolkien wrote it."
            ]
        );
    }

    #[test]
    fn an_abbreviation_after_a_bracket_or_quotation_mark_does_not_end_the_sentence() {
        assert_eq!(
            sentences(
                "The letter (Dr. Lee wrote it) came. A \"Gen. Smith\" signed. “Mr. Brown” too."
            ),
            vec![
                "The letter (Dr. Lee wrote it) came.",
                "A \"Gen. Smith\" signed.",
                "“Mr. Brown” too."
            ]
        );
    }

    #[test]
    fn a_dotted_acronym_before_a_capitalised_name_does_not_end_the_sentence() {
        assert_eq!(
            sentences("The U.S. Army and the U.K. Navy sailed. They left."),
            vec!["The U.S. Army and the U.K. Navy sailed.", "They left."]
        );
    }

    #[test]
    fn a_single_quotation_closing_after_its_stop_stays_with_its_sentence() {
        assert_eq!(
            sentences("Er rief ‘Halt! ’ Dann ging er."),
            vec!["Er rief ‘Halt! ’", "Dann ging er."]
        );
    }

    #[test]
    fn an_abbreviation_glued_to_a_name_does_not_end_the_sentence() {
        // Only a full stop after two lower-case letters ("Ende.Der") is a glued sentence end.
        assert_eq!(
            sentences("Sie trafen Dr.Meier gestern im Park."),
            vec!["Sie trafen Dr.Meier gestern im Park."]
        );
    }

    #[test]
    fn a_colon_or_semicolon_before_a_quotation_does_not_split() {
        assert_eq!(
            sentences("Der Minister sagte dazu heute: „Wir gehen jetzt nach Hause.“"),
            vec!["Der Minister sagte dazu heute: „Wir gehen jetzt nach Hause.“"]
        );
        assert_eq!(
            sentences("The minister said so on Monday; \"we are going home now,\" he added."),
            vec!["The minister said so on Monday; \"we are going home now,\" he added."]
        );
    }

    #[test]
    fn a_sentence_further_on_splits_at_each_of_its_clauses() {
        assert_eq!(
            sentences(
                "Er kam an. Die Lage war für alle klar: Alle waren sehr müde; die Nacht war noch lang."
            ),
            vec![
                "Er kam an.",
                "Die Lage war für alle klar:",
                "Alle waren sehr müde;",
                "die Nacht war noch lang."
            ]
        );
    }

    #[test]
    fn numbers_with_points_and_commas_stay_whole() {
        assert_eq!(
            sentences("Inflation was 3.5 percent. About 14,000 soldiers fought."),
            vec![
                "Inflation was 3.5 percent.",
                "About 14,000 soldiers fought."
            ]
        );
    }

    #[test]
    fn quotes_closing_after_the_stop_stay_with_their_sentence() {
        assert_eq!(
            sentences("“We will win.” Choe said so. She called it a “holy battle.” Then left."),
            vec![
                "“We will win.”",
                "Choe said so.",
                "She called it a “holy battle.”",
                "Then left."
            ]
        );
    }

    #[test]
    fn ellipses_before_lower_case_continue() {
        assert_eq!(
            sentences("He paused… and went on. Next one."),
            vec!["He paused… and went on.", "Next one."]
        );
    }

    #[test]
    fn headline_without_stop_is_one_sentence() {
        assert_eq!(
            sentences("Lavrov: North Korea supports Russia’s war goals"),
            vec!["Lavrov: North Korea supports Russia’s war goals"]
        );
    }

    #[test]
    fn dotted_acronym_before_a_sentence_starter_ends_the_sentence() {
        assert_eq!(
            sentences("He moved to the U.S. The year was 1949."),
            vec!["He moved to the U.S.", "The year was 1949."]
        );
    }

    #[test]
    fn german_ordinals_before_months_continue() {
        assert_eq!(
            sentences("Er kam am 3. Oktober an. Dann ging er."),
            vec!["Er kam am 3. Oktober an.", "Dann ging er."]
        );
    }

    #[test]
    fn glued_full_stop_and_clause_colon_split() {
        assert_eq!(
            sentences("Das war das Ende.Der Anfang kam später."),
            vec!["Das war das Ende.", "Der Anfang kam später."]
        );
        assert_eq!(
            sentences("Das bedeutet für alle Bürger: Man muss sich jetzt anmelden."),
            vec![
                "Das bedeutet für alle Bürger:",
                "Man muss sich jetzt anmelden."
            ]
        );
    }

    #[test]
    fn a_number_after_a_full_stop_starts_a_sentence() {
        assert_eq!(
            sentences("Troops were sent so far. 8,000 of them moved. It was 3. Then."),
            vec![
                "Troops were sent so far.",
                "8,000 of them moved.",
                "It was 3.",
                "Then."
            ]
        );
    }

    #[test]
    fn a_closing_quote_after_a_space_ends_the_sentence_before_it() {
        let text = "Er sagte: „JHWH ist mit euch! “ Und sie sagten: „Es segne dich! “ Und \
                    Boas fragte: „Wer ist sie?“Der Junge sagte: „Sie kam heute. ‚ Ich will \
                    lesen. ‘ Dann blieb sie.“";
        assert_eq!(
            sentences(text),
            vec![
                "Er sagte: „JHWH ist mit euch! “",
                "Und sie sagten: „Es segne dich! “",
                "Und Boas fragte: „Wer ist sie?“",
                "Der Junge sagte: „Sie kam heute.",
                "‚ Ich will lesen. ‘",
                "Dann blieb sie.“"
            ]
        );
        assert_eq!(
            sentences("Sie sagte: „Er sagte: ‚Bleib hier! ‘“ Da ging sie."),
            vec!["Sie sagte: „Er sagte: ‚Bleib hier! ‘“", "Da ging sie."]
        );
        // English quotation marks open where German ones close: nothing moves.
        assert_eq!(
            sentences("He left. “We will win,” she said. “Soon.”"),
            vec!["He left.", "“We will win,” she said.", "“Soon.”"]
        );
        // A straight quote before a word opens a quotation.
        assert_eq!(
            sentences("\"Go.\" He went. \"Now\" was the word."),
            vec!["\"Go.\"", "He went.", "\"Now\" was the word."]
        );
    }

    #[test]
    fn a_quotation_closed_at_the_start_of_the_next_paragraph_is_closed_there() {
        let (first, open) = split_in("Sie sagte: „Ich bleibe hier.", None);
        assert_eq!(first.len(), 1);
        assert_eq!(open, Some('„'));
        let next = "“ Und Boas sagte zu Rut: „Höre!“";
        let (ranges, open) = split_in(next, open);
        let texts: Vec<&str> = ranges.iter().map(|r| &next[r.clone()]).collect();
        assert_eq!(texts, vec!["Und Boas sagte zu Rut: „Höre!“"]);
        assert_eq!(open, None);
        // Without an open quotation, a mark at the start is an opening one and stays.
        let (ranges, _) = split_in("“ Und so weiter.", None);
        assert_eq!(ranges, vec![0.."“ Und so weiter.".len()]);
    }

    #[test]
    fn question_and_exclamation_marks_end_sentences() {
        assert_eq!(
            sentences("Why? Because! Fine."),
            vec!["Why?", "Because!", "Fine."]
        );
    }
    /// A year ends a sentence like any number: "in 1945. May …" is two sentences, though a
    /// month follows, while a day or a count of up to three digits before a month or after an
    /// article is an ordinal. Catches years (four digits) read as ordinals, which would glue
    /// two sentences into one passage.
    #[test]
    fn a_year_before_a_month_ends_the_sentence() {
        assert_eq!(
            sentences("The war ended in 1945. May brought the first free elections."),
            vec![
                "The war ended in 1945.",
                "May brought the first free elections."
            ]
        );
        assert_eq!(
            sentences("Protests began in 2014. March saw the first arrests."),
            vec!["Protests began in 2014.", "March saw the first arrests."]
        );
        assert_eq!(
            sentences("Sie feierte am 12. Mai ihren 100. Geburtstag. Dann ging sie."),
            vec![
                "Sie feierte am 12. Mai ihren 100. Geburtstag.",
                "Dann ging sie."
            ]
        );
    }

    /// A colon or semicolon splits only a clause of at least four words from a rest of at
    /// least eight letters: a short lead-in ("Lavrov:", "Er sagte:") or a short tail is not a
    /// sentence of its own. Each length at its boundary, so a change to either moves a split.
    #[test]
    fn a_clause_splits_at_four_words_and_eight_letters() {
        // Four words before the colon: split; three: one sentence.
        assert_eq!(
            sentences("Das bedeutet für alle: Man muss sich jetzt anmelden."),
            vec!["Das bedeutet für alle:", "Man muss sich jetzt anmelden."]
        );
        assert_eq!(
            sentences("Das bedeutet alles: Man muss sich jetzt anmelden."),
            vec!["Das bedeutet alles: Man muss sich jetzt anmelden."]
        );
        // Eight letters after it: split; seven: one sentence.
        assert_eq!(
            sentences("Das bedeutet für alle Bürger: Wir gehen."),
            vec!["Das bedeutet für alle Bürger:", "Wir gehen."]
        );
        assert_eq!(
            sentences("Das bedeutet für alle Bürger: Man geht."),
            vec!["Das bedeutet für alle Bürger: Man geht."]
        );
        // The same for a semicolon, which splits before any word.
        assert_eq!(
            sentences("The talks went on all night; the leaders left at dawn."),
            vec!["The talks went on all night;", "the leaders left at dawn."]
        );
        assert_eq!(
            sentences("The talks ended; the leaders left at dawn."),
            vec!["The talks ended; the leaders left at dawn."]
        );
    }

    /// Quotations followed character by character, where `Quotes::scan` skips to the marks.
    fn scanned_by_character(carried: Option<char>, text: &str, before: Option<char>) -> Vec<char> {
        let mut quotes = Quotes::new(carried);
        let mut before = before;
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            quotes.follow(c, chars.peek().copied(), before);
            before = Some(c);
        }
        quotes.open
    }

    proptest::proptest! {
        #![proptest_config(crate::testing::cases(2000))]

        #[test]
        fn quotations_are_followed_mark_to_mark_as_character_by_character(
            text in "([ab (\\[\u{a0}é€—–…]|[\"'«»„“”‚‘’]){0,30}",
            carried in proptest::option::of("[\"„“«»‚‘']"),
            before in proptest::option::of("[a (\u{a0}]"),
        ) {
            let carried = carried.and_then(|s| s.chars().next());
            let before = before.and_then(|s| s.chars().next());
            let mut quotes = Quotes::new(carried);
            quotes.scan(&text, before);
            proptest::prop_assert_eq!(quotes.open, scanned_by_character(carried, &text, before));
        }
    }
}
