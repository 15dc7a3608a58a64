//! Matching keys: the form of a text that comparison uses, while the display keeps the source.
//!
//! NFKC (so full-width digits and ligatures compare equal), typographic quotes and dashes
//! folded to ASCII, soft hyphens and zero-width characters removed, whitespace collapsed.
//! Case is kept; callers lower-case where they need to.

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

/// The matching key of `text`.
pub fn matching_key(text: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_dashes_soft_hyphens_and_width_fold() {
        assert_eq!(
            matching_key("  “Our” Russia’s\u{00AD}war — ＡＢＣ １４ ﬁne  "),
            "\"Our\" Russia'swar - ABC 14 fine"
        );
    }
}
