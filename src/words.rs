//! Word boundaries (UAX #29), with a fast path for ASCII text.
//!
//! The stages that cut sentences at word boundaries (features and language analysis, the
//! facts' tokens, word differences, word counts for shared content and the library) go
//! through here, so they all cut text the same way. The answers are exactly `unicode-segmentation`'s: ASCII text (nearly every
//! sentence of an English book) is cut by the few rules of UAX #29 that ASCII can meet, other
//! text by the crate. Property tests hold the two paths to the same answers.

use unicode_segmentation::{UWordBoundIndices, UnicodeSegmentation};

/// The pieces of `text` between word boundaries, with their byte offsets: words, runs of
/// spaces, punctuation marks; as `text.split_word_bound_indices()`.
pub fn bounds(text: &str) -> Bounds<'_> {
    if text.is_ascii() {
        Bounds::Ascii { text, at: 0 }
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

/// How many words `text` has: `words(text).count()`, without building them.
pub fn count(text: &str) -> usize {
    if !text.is_ascii() {
        return text.unicode_words().count();
    }
    let bytes = text.as_bytes();
    let mut n = 0;
    let mut i = 0;
    while i < bytes.len() {
        if joins_words(bytes[i]) {
            let end = ascii_word_end(bytes, i);
            n += usize::from(bytes[i..end].iter().any(u8::is_ascii_alphanumeric));
            i = end;
        } else {
            i += 1;
        }
    }
    n
}

/// An iterator over the pieces of a text between word boundaries (see [`bounds`]).
pub enum Bounds<'a> {
    /// ASCII text, cut here; `at` is where the next piece starts.
    Ascii {
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
                let bytes = text.as_bytes();
                let start = *at;
                let first = *bytes.get(start)?;
                let end = match first {
                    b if joins_words(b) => ascii_word_end(bytes, start),
                    // WB3: a CR LF pair is one piece.
                    b'\r' if bytes.get(start + 1) == Some(&b'\n') => start + 2,
                    // WB3d: horizontal spaces (U+0020 only, not tabs) stay together.
                    b' ' => start + bytes[start..].iter().take_while(|&&b| b == b' ').count(),
                    _ => start + 1,
                };
                *at = end;
                Some((start, &text[start..end]))
            }
        }
    }
}

/// Letters, digits and the connector `_` (WB5, WB8–WB10, WB13a–b): they join each other.
fn joins_words(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The end of the word that starts at `start` (a [`joins_words`] byte) in ASCII `text`.
///
/// Besides letters, digits and `_` joining each other, `:`, `.` and `'` join two letters
/// (WB6–7) and `,`, `;`, `.` and `'` two digits (WB11–12).
fn ascii_word_end(text: &[u8], start: usize) -> usize {
    let mid_joins = |before: u8, mid: u8, after: u8| {
        (before.is_ascii_alphabetic() && after.is_ascii_alphabetic() && b":.'".contains(&mid))
            || (before.is_ascii_digit() && after.is_ascii_digit() && b",;.'".contains(&mid))
    };
    let mut j = start;
    loop {
        match (text.get(j + 1), text.get(j + 2)) {
            (Some(&next), _) if joins_words(next) => j += 1,
            (Some(&mid), Some(&after)) if mid_joins(text[j], mid, after) => j += 2,
            _ => return j + 1,
        }
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
    fn other_text_goes_to_unicode_segmentation() {
        let text = "Kim’s 14 000 Soldaten – naïve «quote»";
        assert_eq!(bounds(text).collect::<Vec<_>>(), unicode_bounds(text));
        assert_eq!(count(text), 6);
    }

    proptest::proptest! {
        #![proptest_config(crate::testing::cases(2000))]

        /// Text made mostly of what the ASCII rules treat specially.
        #[test]
        fn tricky_ascii_is_cut_as_unicode_segmentation_cuts_it(text in TRICKY) {
            proptest::prop_assert_eq!(bounds(&text).collect::<Vec<_>>(), unicode_bounds(&text));
            proptest::prop_assert_eq!(count(&text), text.unicode_words().count());
        }

    }

    proptest::proptest! {
        #![proptest_config(crate::testing::cases(500))]

        /// And any ASCII, controls included.
        #[test]
        fn any_ascii_is_cut_as_unicode_segmentation_cuts_it(text in "[\\x00-\\x7f]{0,60}") {
            proptest::prop_assert_eq!(bounds(&text).collect::<Vec<_>>(), unicode_bounds(&text));
            proptest::prop_assert_eq!(count(&text), text.unicode_words().count());
        }
    }
}
