//! Character references in text tokens, mapped one by one so offsets stay exact.
//!
//! The tokenizer hands over a text token's decoded value and its source span, but not where
//! each reference went. This module lines the two up again.

use crate::load::source_map::TextBuilder;

/// How many references in a row the look-ahead follows (`&nbsp;&amp;&nbsp;`) before it trusts
/// what it has seen.
const LOOKAHEAD: usize = 4;

/// Appends a text token: copied where the decoded text equals its source, and entity by entity
/// where it does not, so offsets stay exact.
///
/// An entity's decoded length is found by re-synchronising: the shortest decoded run after which
/// decoded and raw text agree again. Should that fail, the rest of the token is shown as its
/// source, so ranges stay exact even for input this walk does not understand.
pub(super) fn push_decoded(b: &mut TextBuilder, raw: &str, raw_start: usize, decoded: &str) {
    if raw == decoded {
        b.push_copied(raw, raw_start);
        return;
    }
    let mut r = 0;
    let mut d = 0;
    while r < raw.len() && d < decoded.len() {
        let rc = raw[r..].chars().next().unwrap_or(' ');
        let dc = decoded[d..].chars().next().unwrap_or(' ');
        if rc == '&'
            && let Some((raw_len, dec_len)) = entity_at(&raw[r..], &decoded[d..], LOOKAHEAD)
        {
            b.push_replaced(
                &decoded[d..d + dec_len],
                raw_start + r..raw_start + r + raw_len,
            );
            r += raw_len;
            d += dec_len;
            continue;
        }
        if rc.is_whitespace() {
            b.space(raw_start + r..raw_start + r + rc.len_utf8());
            r += rc.len_utf8();
            if dc.is_whitespace() {
                d += dc.len_utf8();
            }
        } else if dc.is_whitespace() && dc != '\u{a0}' {
            // The tokenizer turned CR LF into LF: a decoded space with no raw counterpart.
            d += dc.len_utf8();
        } else if rc == dc {
            b.push_copied(&raw[r..r + rc.len_utf8()], raw_start + r);
            r += rc.len_utf8();
            d += dc.len_utf8();
        } else {
            b.push_copied(&raw[r..], raw_start + r);
            return;
        }
    }
}

/// At a raw `&`, the (raw length, decoded length) of the character reference there, when the
/// text is one: the longest reference (up to its `;`) after which raw and decoded agree again.
///
/// `depth` bounds how many following references [`agree`] may resolve to check a candidate:
/// with another reference right after this one, "agree" would otherwise have to guess.
fn entity_at(raw: &str, decoded: &str, depth: usize) -> Option<(usize, usize)> {
    let longest = entity_end(raw);
    if longest <= 1 || decoded.starts_with(&raw[..longest]) {
        return None;
    }
    let raw_ends: Vec<usize> = raw[..longest]
        .char_indices()
        .map(|(i, c)| i + c.len_utf8())
        .filter(|&e| e >= 2)
        .collect();
    let dec_ends: Vec<usize> = decoded
        .char_indices()
        .map(|(i, c)| i + c.len_utf8())
        .take(4)
        .collect();
    for &re in raw_ends.iter().rev() {
        for &de in &dec_ends {
            if agree(&raw[re..], &decoded[de..], depth) {
                return Some((re, de));
            }
        }
    }
    None
}

/// Whether two texts continue alike: their next few characters match, whitespace as one class,
/// a reference in the raw text resolved in turn (up to `depth` of them; past that, trusted).
fn agree(raw: &str, decoded: &str, depth: usize) -> bool {
    let (mut r, mut d) = (raw, decoded);
    for _ in 0..3 {
        let (Some(a), Some(b)) = (r.chars().next(), d.chars().next()) else {
            return r.is_empty() && d.is_empty();
        };
        if a == '&' && entity_end(r) > 1 && !d.starts_with(&r[..entity_end(r)]) {
            if depth == 0 {
                return true;
            }
            let Some((rl, dl)) = entity_at(r, d, depth - 1) else {
                return false;
            };
            r = &r[rl..];
            d = &d[dl..];
            continue;
        }
        if !(a == b || (a.is_whitespace() && b.is_whitespace())) {
            return false;
        }
        r = &r[a.len_utf8()..];
        d = &d[b.len_utf8()..];
    }
    true
}

/// Length of the character reference at the start of `s` (`&amp;`, `&#233;`, `&nbsp` …).
fn entity_end(s: &str) -> usize {
    let body = s
        .char_indices()
        .skip(1)
        .take(40)
        .find(|&(_, c)| !(c.is_ascii_alphanumeric() || c == '#'));
    match body {
        Some((i, ';')) => i + 1,
        Some((i, _)) => i,
        None => s.len().min(41),
    }
}
