//! Matching keys: the form of a text that comparison uses, while the display keeps the source.
//!
//! NFKC (so full-width digits and ligatures compare equal), typographic quotes and dashes
//! folded to ASCII, soft hyphens and zero-width characters removed, whitespace collapsed.
//! Case is kept; callers lower-case where they need to.

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

/// The matching key of `text`.
pub fn matching_key(text: &str) -> String {
    if text.is_ascii() {
        ascii_key(text, false)
    } else {
        unicode_key(text)
    }
}

/// [`matching_key`] of any text, character by character.
fn unicode_key(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    // Most text is already in NFKC (all ASCII is); the quick check spares the normaliser.
    let chars: Box<dyn Iterator<Item = char>> = if is_nfkc_quick(text.chars()) == IsNormalized::Yes
    {
        Box::new(text.chars())
    } else {
        Box::new(text.nfkc())
    };
    for ch in chars {
        let folded = match ch {
            '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => {
                continue;
            }
            '‘' | '’' | '‚' | '‛' | '′' | '‹' | '›' | '`' | '´' => '\'',
            '“' | '”' | '„' | '‟' | '″' | '«' | '»' => '"',
            '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' | '⁃' => '-',
            c if c.is_whitespace() => {
                pending_space = !out.is_empty();
                continue;
            }
            c => c,
        };
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(folded);
    }
    out
}

/// The matching key of `text`, lower-cased: `matching_key(text).to_lowercase()`, in one pass
/// for ASCII text (the engine keys every sentence and every word).
pub fn lowered_key(text: &str) -> String {
    if text.is_ascii() {
        ascii_key(text, true)
    } else {
        matching_key(text).to_lowercase()
    }
}

/// Appends [`lowered_key`] of `text` to `out`, with no allocation of its own for ASCII text
/// (word differences key every word of what they compare).
pub fn push_lowered_key(text: &str, out: &mut String) {
    if text.is_ascii() {
        push_ascii_key(text, true, out);
    } else {
        out.push_str(&matching_key(text).to_lowercase());
    }
}

/// [`matching_key`] of ASCII text, lower-cased when `lower`: whitespace runs collapsed (none
/// kept at either end) and the grave accent, a typographic quote, folded to `'`.
fn ascii_key(text: &str, lower: bool) -> String {
    let mut out = String::with_capacity(text.len());
    push_ascii_key(text, lower, &mut out);
    out
}

/// Appends [`ascii_key`] of `text` to `out`.
fn push_ascii_key(text: &str, lower: bool, out: &mut String) {
    let start = out.len();
    // Most sentences are single-spaced with no grave accent: their key is themselves.
    if keys_as_itself(text.as_bytes()) {
        out.push_str(text);
        if lower {
            out[start..].make_ascii_lowercase();
        }
        return;
    }
    let mut pending_space = false;
    for b in text.bytes() {
        let folded = match b {
            b'`' => b'\'',
            // As `char::is_whitespace`: tab, line feed, vertical tab, form feed, CR, space.
            b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r' | b' ' => {
                pending_space = out.len() > start;
                continue;
            }
            b if lower => b.to_ascii_lowercase(),
            b => b,
        };
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(char::from(folded));
    }
}

/// Whether ASCII `text` is its own [`ascii_key`] but for case: no whitespace at either end,
/// none but single spaces inside, no grave accent. Only the bytes a table marks are looked at.
fn keys_as_itself(text: &[u8]) -> bool {
    if text.first() == Some(&b' ') || text.last() == Some(&b' ') {
        return false;
    }
    let mut at = 0;
    while let Some(k) = text[at..]
        .iter()
        .position(|&b| CHANGED_IN_KEYS[usize::from(b)])
    {
        let i = at + k;
        if text[i] != b' ' || text.get(i + 1) == Some(&b' ') {
            return false;
        }
        at = i + 1;
    }
    true
}

/// The ASCII bytes a key may change: whitespace (a space only when another follows or it ends
/// the text) and the grave accent.
const CHANGED_IN_KEYS: [bool; 256] = {
    let mut table = [false; 256];
    let bytes = [b' ', b'\t', b'\n', 0x0b, 0x0c, b'\r', b'`'];
    let mut k = 0;
    while k < bytes.len() {
        table[bytes[k] as usize] = true;
        k += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(crate::testing::cases(2000))]

        /// The ASCII path gives what the character-by-character one gives.
        #[test]
        fn ascii_keys_are_the_general_keys(text in "[\\x00-\\x7f]{0,40}") {
            proptest::prop_assert_eq!(ascii_key(&text, false), unicode_key(&text));
            proptest::prop_assert_eq!(ascii_key(&text, true), unicode_key(&text).to_lowercase());
        }

        /// And on prose, single-spaced or not, which mostly keys as itself.
        #[test]
        fn ascii_keys_of_prose_are_the_general_keys(text in "[ a-zA-Z.,`\t]{0,40}") {
            proptest::prop_assert_eq!(ascii_key(&text, false), unicode_key(&text));
            proptest::prop_assert_eq!(ascii_key(&text, true), unicode_key(&text).to_lowercase());
        }

        /// Lower-cased keys of any text are the keys lower-cased.
        #[test]
        fn lowered_keys_are_keys_lower_cased(text in "\\PC{0,30}") {
            proptest::prop_assert_eq!(lowered_key(&text), matching_key(&text).to_lowercase());
        }

        /// A key appended after other text is the key alone: spaces at its start are dropped
        /// as they are at the start of a string.
        #[test]
        fn appended_keys_are_the_keys(before in "\\PC{0,8}", text in "[ a-zA-Z`.]{0,12}|\\PC{0,12}") {
            let mut out = before.clone();
            push_lowered_key(&text, &mut out);
            proptest::prop_assert_eq!(out, before + &lowered_key(&text));
        }
    }

    #[test]
    fn quotes_dashes_soft_hyphens_and_width_fold() {
        assert_eq!(
            matching_key("  “Our” Russia’s\u{00AD}war — ＡＢＣ １４ ﬁne  "),
            "\"Our\" Russia'swar - ABC 14 fine"
        );
    }
}
