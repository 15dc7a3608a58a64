//! Visible placeholders for characters that must never reach a terminal raw.
//!
//! Article text can hold escape sequences (colour, cursor moves, OSC 52 clipboard writes, title
//! changes), BEL, C1 controls and bidirectional overrides that would reorder what the reader
//! sees. Every path that prints article text (the reader, `--format text`, reports) passes it
//! through [`visible`] first; the stored text stays faithful so byte ranges remain valid.

use std::borrow::Cow;

/// Whether `c` must be replaced before printing.
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// The placeholder shown for an unsafe character.
///
/// C0 controls and DEL become their Unicode Control Pictures (ESC → `␛`), so the sequence stays
/// readable and harmless; C1 controls and bidi controls become `⟨U+XXXX⟩`.
pub fn placeholder(c: char) -> Cow<'static, str> {
    match c {
        '\u{0}'..='\u{1F}' => {
            let pic = char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}');
            Cow::Owned(pic.to_string())
        }
        '\u{7F}' => Cow::Borrowed("␡"),
        _ => Cow::Owned(format!("⟨U+{:04X}⟩", c as u32)),
    }
}

/// `text` with every unsafe character replaced by its [`placeholder`]; borrowed when clean.
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c) {
            out.push_str(&placeholder(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Prints `diptych: MESSAGE` on standard error, made [`visible`]. A standard error that
/// cannot be written (its terminal hung up) is ignored: there is no one left to tell, and
/// `eprintln!` would panic.
pub fn tell(message: &str) {
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr(), "diptych: {}", visible(message));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_become_visible_and_clean_text_is_untouched() {
        assert!(matches!(visible("plain text"), Cow::Borrowed(_)));
        assert_eq!(visible("a\x1b[31mb\x07"), "a␛[31mb␇");
        assert_eq!(visible("x\u{202E}y\u{9B}z"), "x⟨U+202E⟩y⟨U+009B⟩z");
        assert_eq!(visible("\x1b]52;c;ZXZpbA==\x07"), "␛]52;c;ZXZpbA==␇");
    }
}
