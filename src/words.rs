//! Word boundaries (UAX #29), with a fast path for Latin-script text.
//!
//! The stages that cut sentences at word boundaries (features and language analysis, the
//! facts' tokens, word differences, word counts for shared content and the library) go
//! through here, so they all cut text the same way. The answers are exactly
//! `unicode-segmentation`'s:
//! - ASCII text is cut a byte at a time;
//! - text made only of characters whose word class is known here (Latin-1 and most of the
//!   general punctuation block: curly quotes, dashes, spaces; nearly every sentence of an
//!   English, French or German book) is cut by the rules of UAX #29 those characters can
//!   meet, with the class found in a few comparisons;
//! - other text by the crate, which looks every character up in the whole Unicode table.
//!
//! Property tests hold the three paths to the same answers.

use unicode_segmentation::{UWordBoundIndices, UnicodeSegmentation};

/// The pieces of `text` between word boundaries, with their byte offsets: words, runs of
/// spaces, punctuation marks; as `text.split_word_bound_indices()`.
pub fn bounds(text: &str) -> Bounds<'_> {
    if text.is_ascii() {
        Bounds::Ascii { text, at: 0 }
    } else if is_known(text) {
        Bounds::Known { text, at: 0 }
    } else {
        Bounds::Unicode(text.split_word_bound_indices())
    }
}

/// The words of `text` (pieces holding a letter or digit), as `text.unicode_words()`.
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    bounds(text)
        .map(|(_, piece)| piece)
        .filter(|piece| piece.chars().any(char::is_alphanumeric))
}

/// How many words `text` has: `text.unicode_words().count()`.
pub fn count(text: &str) -> usize {
    words(text).count()
}

/// An iterator over the pieces of a text between word boundaries (see [`bounds`]).
pub enum Bounds<'a> {
    /// ASCII text, cut here a byte at a time; `at` is where the next piece starts.
    Ascii {
        /// The whole text.
        text: &'a str,
        /// Where the next piece starts.
        at: usize,
    },
    /// Text made only of characters [`class`] knows, cut here; `at` is where the next piece
    /// starts.
    Known {
        /// The whole text.
        text: &'a str,
        /// Where the next piece starts.
        at: usize,
    },
    /// Any other text, cut by `unicode-segmentation`.
    Unicode(UWordBoundIndices<'a>),
}

impl<'a> Iterator for Bounds<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Bounds::Unicode(it) => it.next(),
            Bounds::Ascii { text, at } => {
                let start = *at;
                let rest = &text.as_bytes()[start..];
                rest.first()?;
                // Every byte is ASCII, so the ASCII rules always decide.
                let end = start + ascii_piece(rest).unwrap_or(1);
                *at = end;
                Some((start, &text[start..end]))
            }
            Bounds::Known { text, at } => {
                let start = *at;
                let rest = &text[start..];
                let first = rest.chars().next()?;
                // Most pieces of Latin text are ASCII words: cut a byte at a time, unless a
                // character beyond ASCII takes part in the decision.
                if let Some(len) = first
                    .is_ascii()
                    .then(|| ascii_piece(rest.as_bytes()))
                    .flatten()
                {
                    *at = start + len;
                    return Some((start, &rest[..len]));
                }
                let len = match class(first) {
                    Some(k) if k.joins() => word_end(rest),
                    // WB3: a CR LF pair is one piece.
                    Some(Class::CR) if rest[1..].starts_with('\n') => 2,
                    // WB3d: horizontal spaces stay together.
                    Some(Class::Space) => rest
                        .char_indices()
                        .find(|&(_, c)| class(c) != Some(Class::Space))
                        .map_or(rest.len(), |(i, _)| i),
                    _ => first.len_utf8(),
                };
                *at = start + len;
                Some((start, &rest[..len]))
            }
        }
    }
}

/// A character's word break class (UAX #29, table 3), among the few that the characters
/// known here have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// `ALetter`.
    Letter,
    /// `Numeric`.
    Digit,
    /// `ExtendNumLet`: `_` and its like join letters and digits on either side.
    Connector,
    /// `MidLetter`.
    MidLetter,
    /// `MidNumLet`.
    MidNumLet,
    /// `MidNum`.
    MidNum,
    /// `Single_Quote`: between letters or between digits as `MidNumLet`.
    Apostrophe,
    /// `WSegSpace`.
    Space,
    /// `CR`.
    CR,
    /// Any class no rule joins to its neighbours here (`Other`, `LF`, `Newline`,
    /// `Double_Quote`, and `Extended_Pictographic`, which only joins after a ZWJ, a
    /// character not known here).
    Other,
}

impl Class {
    /// Letters, digits and connectors join each other (WB5, WB8–WB10, WB13a–b).
    fn joins(self) -> bool {
        matches!(self, Class::Letter | Class::Digit | Class::Connector)
    }
}

/// The class of `c`, when it is one of the characters this module knows (Latin-1 but the
/// soft hyphen, and the general punctuation block but its invisible characters): the
/// others are `Format` or `Extend`, whose rule (WB4) is left to the crate.
fn class(c: char) -> Option<Class> {
    use Class::*;
    Some(match c {
        // The cedilla too: spacing, it is still `ALetter`.
        'a'..='z' | 'A'..='Z' | 'ª' | 'µ' | '¸' | 'º' | 'À'..='Ö' | 'Ø'..='ö' | 'ø'..='ÿ' => {
            Letter
        }
        '0'..='9' => Digit,
        '_' | '\u{202f}' | '\u{203f}' | '\u{2040}' | '\u{2054}' => Connector,
        ':' | '·' | '\u{2027}' => MidLetter,
        '.' | '\u{2018}' | '\u{2019}' | '\u{2024}' => MidNumLet,
        ',' | ';' | '\u{2044}' => MidNum,
        '\'' => Apostrophe,
        ' ' | '\u{2000}'..='\u{2006}' | '\u{2008}'..='\u{200a}' | '\u{205f}' => Space,
        '\r' => CR,
        '\u{ad}' => return None,
        '\0'..='\u{ff}' => Other,
        '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{206f}' => {
            return None;
        }
        '\u{2000}'..='\u{206f}' => Other,
        _ => return None,
    })
}

/// Whether every character of `text` is one [`class`] knows.
fn is_known(text: &str) -> bool {
    // Every ASCII character is known: only the others need their class.
    text.chars().all(|c| c.is_ascii() || class(c).is_some())
}

/// Letters, digits and the connector `_`: the ASCII characters that join words.
fn joins_words(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The length of the piece at the start of `text` (not empty, its first byte ASCII) by the
/// rules for ASCII; `None` when a byte beyond ASCII would take part in the decision (the
/// rules of [`word_end`] and WB3d are then needed: "don’t" is one word, and a run of
/// spaces goes on into an em space).
fn ascii_piece(text: &[u8]) -> Option<usize> {
    match text[0] {
        b if joins_words(b) => ascii_word_end(text),
        // WB3: a CR LF pair is one piece.
        b'\r' if text.get(1) == Some(&b'\n') => Some(2),
        // WB3d: horizontal spaces (U+0020 only, not tabs) stay together.
        b' ' => {
            let spaces = text.iter().take_while(|&&b| b == b' ').count();
            match text.get(spaces) {
                Some(b) if !b.is_ascii() => None,
                _ => Some(spaces),
            }
        }
        _ => Some(1),
    }
}

/// The length of the word at the start of `text` (a [`joins_words`] byte) by the rules of
/// [`word_end`] for the few ASCII characters they name; `None` when a byte beyond ASCII is one
/// they would have to look at.
fn ascii_word_end(text: &[u8]) -> Option<usize> {
    let mid_joins = |before: u8, mid: u8, after: u8| {
        (before.is_ascii_alphabetic() && after.is_ascii_alphabetic() && b":.'".contains(&mid))
            || (before.is_ascii_digit() && after.is_ascii_digit() && b",;.'".contains(&mid))
    };
    let mut j = 0;
    loop {
        match (text.get(j + 1), text.get(j + 2)) {
            (Some(&next), _) if joins_words(next) => j += 1,
            (Some(&next), _) if !next.is_ascii() => return None,
            (Some(&mid), Some(&after)) if !after.is_ascii() && b":.',;".contains(&mid) => {
                return None;
            }
            (Some(&mid), Some(&after)) if mid_joins(text[j], mid, after) => j += 2,
            _ => return Some(j + 1),
        }
    }
}

/// The length of the word at the start of `text`, whose first character joins words.
///
/// Besides letters, digits and connectors joining each other, a `MidLetter`, `MidNumLet` or
/// apostrophe joins two letters (WB6–7) and a `MidNum`, `MidNumLet` or apostrophe two digits
/// (WB11–12).
fn word_end(text: &str) -> usize {
    // The text is known, so every character has a class.
    let class = |c: char| class(c).unwrap_or(Class::Other);
    let mut chars = text.chars();
    let Some(first) = chars.next() else {
        return 0;
    };
    let mut end = first.len_utf8();
    let mut last = class(first);
    loop {
        let mut ahead = chars.clone();
        let Some(next) = ahead.next() else {
            return end;
        };
        let mid = class(next);
        if mid.joins() {
            end += next.len_utf8();
            last = mid;
            chars = ahead;
            continue;
        }
        let Some(after) = ahead.next() else {
            return end;
        };
        let after_class = class(after);
        let joined = matches!(
            (last, mid, after_class),
            (
                Class::Letter,
                Class::MidLetter | Class::MidNumLet | Class::Apostrophe,
                Class::Letter,
            ) | (
                Class::Digit,
                Class::MidNum | Class::MidNumLet | Class::Apostrophe,
                Class::Digit,
            )
        );
        if !joined {
            return end;
        }
        end += next.len_utf8() + after.len_utf8();
        last = after_class;
        chars = ahead;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Text made mostly of the characters the ASCII rules treat specially.
    const TRICKY: &str = "[a-c0-2_:.',; \\t\\r\\n\"x-]{0,40}";

    fn unicode_bounds(text: &str) -> Vec<(usize, &str)> {
        text.split_word_bound_indices().collect()
    }

    /// Checks that `text`'s pieces and word count are the crate's.
    fn cut_as_the_crate_cuts(text: &str) -> Result<(), proptest::test_runner::TestCaseError> {
        proptest::prop_assert_eq!(bounds(text).collect::<Vec<_>>(), unicode_bounds(text));
        proptest::prop_assert_eq!(count(text), text.unicode_words().count());
        Ok(())
    }

    #[test]
    fn ascii_text_is_cut_as_unicode_segmentation_cuts_it() {
        for text in [
            "",
            "Russia's 14,000 soldiers; 3.5 km, e.g. a:b _x_ 1_a.",
            "can't  stop\r\n\r\rnow\t\tx",
            "a.b.c 1.2.3 a.1 1.a a_.b 1,,2 'a' a' .5 5.",
            "   ",
        ] {
            assert_eq!(
                bounds(text).collect::<Vec<_>>(),
                unicode_bounds(text),
                "{text:?}"
            );
            assert_eq!(count(text), text.unicode_words().count(), "{text:?}");
            assert_eq!(
                words(text).collect::<Vec<_>>(),
                text.unicode_words().collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn latin_prose_is_cut_on_the_fast_path_as_unicode_segmentation_cuts_it() {
        let text =
            "Kim’s 14 000 Soldaten – naïve «quote» l’État, 3·4 ½ “Ça va?” 1’000’000\u{a0}km…";
        assert!(matches!(bounds(text), Bounds::Known { .. }));
        assert_eq!(bounds(text).collect::<Vec<_>>(), unicode_bounds(text));
        assert_eq!(count(text), text.unicode_words().count());
    }

    #[test]
    fn a_character_not_known_here_hands_the_text_to_the_crate() {
        // A soft hyphen is `Format` (WB4), Cyrillic letters are beyond Latin-1.
        for text in ["Soft\u{ad}ware 1\u{ad}2", "Москва’s 14 000"] {
            assert!(matches!(bounds(text), Bounds::Unicode(_)));
            assert_eq!(bounds(text).collect::<Vec<_>>(), unicode_bounds(text));
            assert_eq!(count(text), text.unicode_words().count());
        }
    }

    #[test]
    fn every_known_character_has_the_crate_s_class() {
        // A character's class shows in where the crate breaks around it: each known
        // character is tried in the places that tell the classes apart.
        assert!(
            ('\0'..='\x7f').all(|c| class(c).is_some()),
            "all ASCII is known"
        );
        let known = ('\0'..='\u{ff}').chain('\u{2000}'..='\u{206f}');
        for c in known.filter(|&c| class(c).is_some()) {
            for context in [
                "a{c}b", "1{c}2", "a{c}1", "1{c}a", "_{c}a", "a{c}_", "{c}{c}", " {c} ", "x {c}",
                "a{c}", "{c}a", "1{c}", "{c}1", "a.{c}b", "a{c}.b", "\r{c}\n", "{c}\r\n", "a'{c}",
                "1,{c}",
            ] {
                let text = context.replace("{c}", &c.to_string());
                assert_eq!(
                    bounds(&text).collect::<Vec<_>>(),
                    unicode_bounds(&text),
                    "{c:?} in {text:?}"
                );
                assert_eq!(count(&text), text.unicode_words().count(), "{text:?}");
            }
        }
    }

    /// Latin text made mostly of what the word rules treat specially.
    const TRICKY_LATIN: &str = "[a-cé0-2_:.',; \t\r\n\"x\u{a0}\u{b7}\u{b2}\u{2018}\u{2019}\u{2024}\u{2027}\u{2044}\u{202f}\u{2003}\u{2013}“”«»-]{0,40}";

    proptest::proptest! {
        #![proptest_config(crate::testing::cases(2000))]

        /// Text made mostly of what the ASCII rules treat specially.
        #[test]
        fn tricky_ascii_is_cut_as_unicode_segmentation_cuts_it(text in TRICKY) {
            cut_as_the_crate_cuts(&text)?;
        }
    }

    proptest::proptest! {
        #![proptest_config(crate::testing::cases(3000))]

        /// Latin text around the characters beyond ASCII that the rules treat specially.
        #[test]
        fn tricky_latin_is_cut_as_unicode_segmentation_cuts_it(text in TRICKY_LATIN) {
            proptest::prop_assert!(!matches!(bounds(&text), Bounds::Unicode(_)));
            cut_as_the_crate_cuts(&text)?;
        }
    }

    proptest::proptest! {
        #![proptest_config(crate::testing::cases(1000))]

        /// And any text of known characters: Latin-1 and general punctuation, controls
        /// included.
        #[test]
        fn any_latin_is_cut_as_unicode_segmentation_cuts_it(
            text in "[\\x00-\\xac\\xae-\\xff\u{2000}-\u{200a}\u{2010}-\u{2029}\u{202f}-\u{205f}]{0,50}"
        ) {
            proptest::prop_assert!(!matches!(bounds(&text), Bounds::Unicode(_)));
            cut_as_the_crate_cuts(&text)?;
        }
    }

    proptest::proptest! {
        #![proptest_config(crate::testing::cases(500))]

        /// And any ASCII, controls included.
        #[test]
        fn any_ascii_is_cut_as_unicode_segmentation_cuts_it(text in "[\\x00-\\x7f]{0,60}") {
            cut_as_the_crate_cuts(&text)?;
        }
    }
}
