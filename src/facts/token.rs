//! [`Token`]: the words and punctuation of a sentence, with their byte ranges.
//!
//! Every extractor reads sentences through this one tokenizer ([`crate::words::bounds`],
//! whitespace left out), so their ranges agree and always fall on character boundaries.

use std::borrow::Cow;
use std::ops::Range;

/// One word or punctuation mark of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token<'a> {
    /// Byte range in the text.
    pub range: Range<usize>,
    /// The token as written.
    pub text: &'a str,
    /// Whether whitespace separates it from the token before.
    pub spaced: bool,
    /// Whether it is ASCII with no capital (most words): lower-cased, it is itself.
    plain: bool,
    /// Whether it holds a letter or digit ([`Token::is_word`], asked of every token by
    /// several readers).
    word: bool,
}

impl<'a> Token<'a> {
    /// Whether it holds a letter or digit (a word or a numeral, not punctuation).
    pub fn is_word(&self) -> bool {
        self.word
    }

    /// Whether it starts with an upper-case letter.
    pub fn is_capitalised(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }

    /// The token lower-cased, with a possessive `'s` / `’s` taken off.
    pub fn lower(&self) -> String {
        strip_possessive(&self.lowered()).to_owned()
    }

    /// [`Token::lower`], made in `buf` (cleared first) rather than in a new string.
    pub fn lower_in<'b>(&self, buf: &'b mut String) -> &'b str {
        buf.clear();
        if self.text.is_ascii() {
            buf.push_str(self.text);
            buf.make_ascii_lowercase();
        } else {
            // Lower-cased whole: a Greek final sigma depends on the letters around it.
            buf.push_str(&self.text.to_lowercase());
        }
        strip_possessive(buf)
    }

    /// `f` of the token lower-cased ([`Token::lowered`]), with no new string for a short
    /// ASCII word: the readers of figures look every word of a text up in their lists.
    pub fn with_lowered<R>(&self, f: impl FnOnce(&str) -> R) -> R {
        const SHORT: usize = 24;
        if self.plain {
            return f(self.text);
        }
        let bytes = self.text.as_bytes();
        if bytes.len() <= SHORT && bytes.is_ascii() {
            let mut buf = [0u8; SHORT];
            let lower = &mut buf[..self.text.len()];
            lower.copy_from_slice(self.text.as_bytes());
            lower.make_ascii_lowercase();
            // ASCII lower-cased is ASCII: never the empty fallback.
            f(std::str::from_utf8(lower).unwrap_or_default())
        } else {
            f(&self.lowered())
        }
    }

    /// The token lower-cased; borrowed when it already is (most words of a text).
    pub fn lowered(&self) -> Cow<'a, str> {
        if self.plain {
            Cow::Borrowed(self.text)
        } else {
            Cow::Owned(self.text.to_lowercase())
        }
    }

    /// Whether the token ends in a possessive `'s` / `’s`.
    pub fn is_possessive(&self) -> bool {
        strip_possessive(self.text).len() < self.text.len()
    }
}

/// `word` without a trailing possessive `'s` / `’s` / `’S`.
pub fn strip_possessive(word: &str) -> &str {
    ["'s", "’s", "'S", "’S"]
        .iter()
        .find_map(|p| word.strip_suffix(p))
        .filter(|w| !w.is_empty())
        .unwrap_or(word)
}

/// The words and punctuation marks of `text`, in order.
pub fn tokens(text: &str) -> Vec<Token<'_>> {
    // About a token for every four bytes of prose: one allocation, not one for each doubling
    // (up to a long sentence's worth: a megabyte with no space may be one token).
    let mut out = Vec::with_capacity((text.len() / 4 + 1).min(1 << 10));
    let mut spaced = false;
    for (at, piece) in crate::words::bounds(text) {
        if piece.chars().all(char::is_whitespace) {
            spaced = true;
            continue;
        }
        out.push(Token {
            range: at..at + piece.len(),
            text: piece,
            spaced,
            plain: piece
                .bytes()
                .all(|b| b.is_ascii() && !b.is_ascii_uppercase()),
            word: piece.chars().any(char::is_alphanumeric),
        });
        spaced = false;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_stay_whole_and_possessives_come_off() {
        let t = tokens("Russia’s 14,000 soldiers, Son-hui.");
        let texts: Vec<&str> = t.iter().map(|t| t.text).collect();
        assert_eq!(
            texts,
            vec![
                "Russia’s",
                "14,000",
                "soldiers",
                ",",
                "Son",
                "-",
                "hui",
                "."
            ]
        );
        assert_eq!(t[0].lower(), "russia");
        let mut buf = String::from("left over");
        for (word, lower) in [
            ("Russia’s", "russia"),
            ("ÉTÉ", "été"),
            ("ΟΔΟΣ", "οδος"),
            ("paris", "paris"),
            ("Twenty", "twenty"),
            (
                "ANTIDISESTABLISHMENTARIANISM",
                "antidisestablishmentarianism",
            ),
        ] {
            assert_eq!(tokens(word)[0].lower(), lower);
            assert_eq!(tokens(word)[0].lower_in(&mut buf), lower);
            let whole = tokens(word)[0].lowered().into_owned();
            assert_eq!(tokens(word)[0].with_lowered(str::to_owned), whole);
        }
        assert_eq!(t[2].lowered(), "soldiers");
        assert!(matches!(t[2].lowered(), Cow::Borrowed(_)));
        assert_eq!(tokens("ÉTÉ Son")[0].lowered(), "été");
        assert_eq!(tokens("ÉTÉ Son")[1].lowered(), "son");
        assert!(t[0].is_possessive() && t[1].spaced && !t[3].spaced);
    }
}
