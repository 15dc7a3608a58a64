//! Sentence boundaries (UAX #29), with a fast path for Latin-script text.
//!
//! The answers are exactly `unicode-segmentation`'s (`split_sentence_bound_indices`). Text made
//! only of characters whose sentence class is known here (Latin-1, and the general
//! punctuation block: curly quotes, dashes, spaces) is cut by the same rules with a class
//! looked up in a few comparisons, instead of a binary search of the whole Unicode table per
//! character, which was the largest part of loading a book; and inside a sentence, runs of
//! ASCII letters, digits and spaces, which no rule can break, are taken a byte at a time. Any
//! other character hands the whole text to the crate. Property tests hold the two paths to
//! the same answers.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

/// The pieces of `text` between sentence boundaries, as byte ranges: as
/// `text.split_sentence_bound_indices()`.
pub fn bounds(text: &str) -> Vec<Range<usize>> {
    known_bounds(text).unwrap_or_else(|| {
        text.split_sentence_bound_indices()
            .map(|(start, piece)| start..start + piece.len())
            .collect()
    })
}

/// A character's sentence break class (UAX #29, table 4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Any,
    CR,
    LF,
    Sep,
    Sp,
    Lower,
    Upper,
    Numeric,
    ATerm,
    STerm,
    Close,
    SContinue,
    Extend,
    Format,
}

/// The class of `c`, when it is one of the characters this module knows (Latin-1 and
/// U+2000–U+203B; there is no `OLetter` among them).
fn class(c: char) -> Option<Class> {
    use Class::*;
    Some(match c {
        '\t' | '\u{b}' | '\u{c}' | ' ' | '\u{a0}' => Sp,
        '\n' => LF,
        '\r' => CR,
        '!' | '?' => STerm,
        '"' | '\'' | '(' | ')' | '[' | ']' | '{' | '}' | '«' | '»' => Close,
        ',' | '-' | ':' | ';' => SContinue,
        '.' => ATerm,
        '0'..='9' => Numeric,
        'A'..='Z' | '\u{c0}'..='\u{d6}' | '\u{d8}'..='\u{de}' => Upper,
        'a'..='z' | 'ª' | 'µ' | 'º' | '\u{df}'..='\u{f6}' | '\u{f8}'..='\u{ff}' => Lower,
        '\u{85}' => Sep,
        '\u{ad}' => Format,
        '\u{0}'..='\u{ff}' => Any,
        '\u{2000}'..='\u{200a}' | '\u{202f}' => Sp,
        '\u{200b}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' => Format,
        '\u{200c}' | '\u{200d}' => Extend,
        '\u{2013}' | '\u{2014}' => SContinue,
        '\u{2018}'..='\u{201f}' | '\u{2039}' | '\u{203a}' => Close,
        '\u{2024}' => ATerm,
        '\u{2028}' | '\u{2029}' => Sep,
        '\u{2000}'..='\u{203b}' => Any,
        _ => return None,
    })
}

/// What the rules remember of a character before: runs of `Close` and of `Sp` count as one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Sot,
    Other,
    CR,
    LF,
    Sep,
    ATerm,
    UpperLower,
    Close,
    Sp,
    STerm,
}

/// The last four parts before a point, the latest last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct State([Part; 4]);

impl State {
    fn next(self, class: Class) -> State {
        self.push(match class {
            Class::CR => Part::CR,
            Class::LF => Part::LF,
            Class::Sep => Part::Sep,
            Class::ATerm => Part::ATerm,
            Class::Upper | Class::Lower => Part::UpperLower,
            Class::Close => Part::Close,
            Class::Sp => Part::Sp,
            Class::STerm => Part::STerm,
            _ => Part::Other,
        })
    }

    fn push(self, part: Part) -> State {
        let parts = self.0;
        match (parts[3], part) {
            (Part::Close, Part::Close) | (Part::Sp, Part::Sp) => self,
            _ => State([parts[1], parts[2], parts[3], part]),
        }
    }

    fn last(self) -> Part {
        self.0[3]
    }

    /// Whether nothing remembered can end a sentence or a paragraph: then a letter, a digit
    /// or a space makes no boundary under any rule (each rule that breaks or joins looks back
    /// for a terminator, a separator or the start), and leaves the state as quiet.
    fn quiet(self) -> bool {
        !self.0.iter().any(|p| {
            matches!(
                p,
                Part::Sot | Part::ATerm | Part::STerm | Part::CR | Part::LF | Part::Sep
            )
        })
    }

    /// Where the terminator would be, skipping a trailing `Sp` and then a `Close`.
    fn before_close_sp(self) -> Part {
        let parts = self.0;
        let mut k = if parts[3] == Part::Sp { 2 } else { 3 };
        if parts[k] == Part::Close {
            k -= 1;
        }
        parts[k]
    }

    /// SATerm Close* Sp*.
    fn after_terminator(self) -> bool {
        matches!(self.before_close_sp(), Part::ATerm | Part::STerm)
    }

    /// SATerm Close* (SB9).
    fn after_terminator_close(self) -> bool {
        let parts = self.0;
        let k = if parts[3] == Part::Close { 2 } else { 3 };
        matches!(parts[k], Part::ATerm | Part::STerm)
    }

    /// SATerm Close* Sp* ParaSep? (SB11).
    fn ends_sentence(self) -> bool {
        let parts = self.0;
        let mut k = if matches!(parts[3], Part::Sep | Part::CR | Part::LF) {
            2
        } else {
            3
        };
        if parts[k] == Part::Sp {
            k -= 1;
        }
        if parts[k] == Part::Close {
            k -= 1;
        }
        matches!(parts[k], Part::ATerm | Part::STerm)
    }
}

/// SB8: ATerm Close* Sp* × ( ¬(OLetter | Upper | Lower | ParaSep | SATerm) )* Lower. `None`
/// when a character ahead is not known here.
fn lower_follows(state: State, ahead: &str) -> Option<bool> {
    if state.before_close_sp() != Part::ATerm {
        return Some(false);
    }
    for c in ahead.chars() {
        match class(c)? {
            Class::Lower => return Some(true),
            Class::Upper | Class::Sep | Class::CR | Class::LF | Class::STerm | Class::ATerm => {
                return Some(false);
            }
            _ => {}
        }
    }
    Some(false)
}

/// What a letter, a digit or a space is remembered as, by byte (`None` for any other byte):
/// looked up rather than told apart by comparisons, which the processor cannot predict in
/// running text.
const QUIET_BYTES: [Option<Part>; 256] = {
    let mut table = [None; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = match b as u8 {
            b'a'..=b'z' | b'A'..=b'Z' => Some(Part::UpperLower),
            b'0'..=b'9' => Some(Part::Other),
            b' ' => Some(Part::Sp),
            _ => None,
        };
        b += 1;
    }
    table
};

/// The pieces between boundaries, when every character of `text` is known here; the rules
/// applied in the crate's order, so that the answers are the same.
fn known_bounds(text: &str) -> Option<Vec<Range<usize>>> {
    let mut out = Vec::new();
    let mut state = State([Part::Sot; 4]);
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < text.len() {
        // Most of a text is words and spaces inside a sentence, taken a byte at a time.
        if state.quiet() {
            while let Some(part) = bytes.get(at).and_then(|&b| QUIET_BYTES[usize::from(b)]) {
                state = state.push(part);
                at += 1;
            }
        }
        let Some(c) = text[at..].chars().next() else {
            break;
        };
        let here = at;
        at += c.len_utf8();
        let class = class(c)?;
        let before = state;
        state = state.next(class);
        let breaks = match class {
            _ if before.last() == Part::Sot => {
                // SB1: the first boundary, at the start; not a piece.
                continue;
            }
            Class::LF if before.last() == Part::CR => false,
            _ if matches!(before.last(), Part::Sep | Part::CR | Part::LF) => true,
            Class::Extend | Class::Format => {
                state = before;
                false
            }
            Class::Numeric if before.last() == Part::ATerm => false,
            Class::Upper if before.0[2] == Part::UpperLower && before.last() == Part::ATerm => {
                false
            }
            _ if lower_follows(before, &text[here..])? => false,
            Class::SContinue | Class::STerm | Class::ATerm if before.after_terminator() => false,
            Class::Close | Class::Sp | Class::Sep | Class::CR | Class::LF
                if before.after_terminator_close() =>
            {
                false
            }
            Class::Sp | Class::Sep | Class::CR | Class::LF if before.after_terminator() => false,
            _ => before.ends_sentence(),
        };
        if breaks {
            out.push(start..here);
            start = here;
        }
    }
    if !text.is_empty() {
        out.push(start..text.len());
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unicode_bounds(text: &str) -> Vec<Range<usize>> {
        text.split_sentence_bound_indices()
            .map(|(start, piece)| start..start + piece.len())
            .collect()
    }

    #[test]
    fn news_prose_is_cut_on_the_fast_path_as_the_crate_cuts_it() {
        let text = "He said: “14,000 soldiers.” Then – after 3.5 hours – Mr. Smith left! \
                    “Why?” she asked.\u{a0}The U.S. army… e.g. this. Ende.Der Zug fuhr ab.";
        assert!(known_bounds(text).is_some());
        assert_eq!(bounds(text), unicode_bounds(text));
        assert!(bounds(text).len() >= 4);
    }

    #[test]
    fn a_character_not_known_here_hands_the_text_to_the_crate() {
        // U+3002 is a full stop of its own class (STerm), U+05D0 a letter of none of the
        // Latin classes (OLetter).
        for text in ["Er kam。Sie ging.", "Shalom א. Next one."] {
            assert_eq!(known_bounds(text), None);
            assert_eq!(bounds(text), unicode_bounds(text));
        }
    }

    #[test]
    fn every_known_character_has_the_crate_s_class() {
        // A character's class shows in where the crate breaks around it: each known
        // character is tried in the places that tell the classes apart.
        let known = ('\0'..='\u{ff}').chain('\u{2000}'..='\u{203b}');
        for c in known {
            for context in [
                "a. {c}b",
                "a.{c} b",
                "A.{c}B",
                "x! {c} y",
                "x!{c}Y",
                "a{c}. B",
                "a. {c}{c}B",
                "a.{c}",
                "{c}. a",
                "1.{c}2",
                "x?{c}\nY",
                "a.\r{c}b",
            ] {
                let text = context.replace("{c}", &c.to_string());
                assert_eq!(
                    known_bounds(&text),
                    Some(unicode_bounds(&text)),
                    "{c:?} in {text:?}"
                );
            }
        }
    }

    /// Text made mostly of what the sentence rules treat specially.
    const TRICKY: &str = "([a-cA-C0-9 .!?,;:\\-\"'()\\[\\]\\n\\r\\t\u{a0}\u{ad}«»“”„‘’–—…\u{2024}\u{2028}\u{200d}]|Mr|U\\.S|e\\.g){0,40}";

    proptest::proptest! {
        #![proptest_config(crate::testing::cases(3000))]

        #[test]
        fn tricky_text_is_cut_as_unicode_segmentation_cuts_it(text in TRICKY) {
            proptest::prop_assert_eq!(bounds(&text), unicode_bounds(&text));
            proptest::prop_assert!(known_bounds(&text).is_some());
        }
    }

    proptest::proptest! {
        #![proptest_config(crate::testing::cases(1000))]

        /// And any Latin-1 or general punctuation, controls included.
        #[test]
        fn any_known_text_is_cut_as_unicode_segmentation_cuts_it(
            text in "[\\x00-\\xff\u{2000}-\u{203b}]{0,50}"
        ) {
            proptest::prop_assert_eq!(known_bounds(&text), Some(unicode_bounds(&text)));
        }
    }
}
