//! Plain text → [`Block`]s.
//!
//! Paragraphs are separated by blank lines; inside a block each line is its own paragraph
//! (news copy is often one paragraph per line) unless the file is hard-wrapped, in which case
//! the lines of a block are joined. A line `# Title` (one to six `#`) is a heading, so text
//! pasted from Markdown-ish sources keeps its structure. A short line without final
//! punctuation is a headline-style heading.

use std::ops::Range;

use super::block::{Block, Blocks};
use super::document::ParagraphKind;
use super::source_map::TextBuilder;

/// Splits plain text into blocks.
pub fn blocks(text: &str) -> Blocks {
    let wrapped = is_hard_wrapped(text);
    let mut out = Blocks::default();
    let mut current: Option<TextBuilder> = None;
    for line in lines(text) {
        let content = &text[line.clone()];
        if content.trim().is_empty() {
            flush(&mut current, &mut out);
            continue;
        }
        if let Some((level, heading)) = atx_heading(content, line.start) {
            flush(&mut current, &mut out);
            let mut b = TextBuilder::new();
            b.push_copied(&text[heading.clone()], heading.start);
            out.extend(Block::from_builder(ParagraphKind::Heading(level), b));
            continue;
        }
        if wrapped {
            let b = current.get_or_insert_with(TextBuilder::new);
            b.push_copied(content, line.start);
            b.space(line.end..line.end);
        } else {
            flush(&mut current, &mut out);
            let mut b = TextBuilder::new();
            b.push_copied(content, line.start);
            out.extend(Block::from_builder(line_kind(content), b));
        }
    }
    flush(&mut current, &mut out);
    out
}

fn flush(current: &mut Option<TextBuilder>, out: &mut Blocks) {
    if let Some(b) = current.take() {
        let kind = ParagraphKind::Text;
        out.extend(Block::from_builder(kind, b));
    }
}

/// Byte ranges of the lines of `text`, without their line terminators (`\n`, `\r\n` or
/// `\r`), one at a time: a file of millions of short lines is not listed twice over.
fn lines(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = text.as_bytes();
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= bytes.len() {
            return None;
        }
        let rest = &bytes[start..];
        let Some(at) = memchr::memchr2(b'\n', b'\r', rest) else {
            let line = start..bytes.len();
            start = bytes.len();
            return Some(line);
        };
        let line = start..start + at;
        let crlf = rest[at] == b'\r' && rest.get(at + 1) == Some(&b'\n');
        start += at + if crlf { 2 } else { 1 };
        Some(line)
    })
}

/// Whether lines are wrapped at a fixed width (a book, an e-mail) rather than one per paragraph.
///
/// Wrapped text has no long lines, and most lines that continue a block are nearly as long as
/// the longest line.
fn is_hard_wrapped(text: &str) -> bool {
    let width = |l: Range<usize>| text[l].trim_end().chars().count();
    let max = lines(text).map(width).max().unwrap_or(0);
    if !(40..=100).contains(&max) {
        return false;
    }
    let mut continuing = 0;
    let mut full = 0;
    let mut previous = 0;
    for w in lines(text).map(width) {
        if previous > 0 && w > 0 {
            continuing += 1;
            if previous * 10 >= max * 6 {
                full += 1;
            }
        }
        previous = w;
    }
    continuing >= 3 && full * 10 >= continuing * 7
}

/// `# Heading` → (level, range of the heading text), trailing `#`s removed.
fn atx_heading(line: &str, line_start: usize) -> Option<(u8, Range<usize>)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = &line[indent..];
    let hashes = rest.len() - rest.trim_start_matches('#').len();
    if !(1..=6).contains(&hashes) {
        return None;
    }
    let after = &rest[hashes..];
    if !after.starts_with([' ', '\t']) {
        return None;
    }
    let body = after.trim();
    // A closing run of `#` counts only after a space ("# C#" is about C#).
    let closed = body.trim_end_matches('#');
    let body = if closed.ends_with([' ', '\t']) || closed.is_empty() {
        closed.trim_end()
    } else {
        body
    };
    if body.is_empty() {
        return None;
    }
    let offset = line_start + indent + hashes + (after.len() - after.trim_start().len());
    let level = u8::try_from(hashes).unwrap_or(6);
    Some((level, offset..offset + body.len()))
}

/// A short line without closing punctuation reads as a headline.
fn line_kind(line: &str) -> ParagraphKind {
    let t = line.trim();
    let last = t.chars().last().unwrap_or('.');
    let closes = matches!(
        last,
        '.' | '!' | '?' | ':' | ';' | ',' | '…' | '"' | '”' | '’' | '»' | ')'
    );
    // Most lines of prose close, and are not counted: a paragraph is often one long line.
    let short = || t.split_whitespace().nth(16).is_none();
    if !closes && short() && t.chars().any(char::is_alphabetic) {
        ParagraphKind::Heading(2)
    } else {
        ParagraphKind::Text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(src: &str) -> Vec<(ParagraphKind, String)> {
        blocks(src).into_iter().map(|b| (b.kind, b.text)).collect()
    }

    #[test]
    fn one_paragraph_per_line_and_blank_separated_both_work() {
        let t = texts("Headline here\nFirst para. Still first.\n\n\nSecond para.\r\nThird.\n");
        assert_eq!(
            t,
            vec![
                (ParagraphKind::Heading(2), "Headline here".into()),
                (ParagraphKind::Text, "First para. Still first.".into()),
                (ParagraphKind::Text, "Second para.".into()),
                (ParagraphKind::Text, "Third.".into()),
            ]
        );
    }

    #[test]
    fn hard_wrapped_lines_are_joined() {
        let src = "It was the best of times, it was the worst of times, it was\n\
                   the age of wisdom, it was the age of foolishness, it was the\n\
                   epoch of belief, it was the epoch of incredulity, it was the\n\
                   season of Light.\n\nA second paragraph that is short.\n";
        let b = blocks(src);
        assert_eq!(b.len(), 2);
        assert!(b[0].text.starts_with("It was the best") && b[0].text.ends_with("of Light."));
        assert!(b[0].text.contains("it was the age"));
    }

    #[test]
    fn atx_headings_lose_their_hashes() {
        let src = "### North Korea Vows Support ###\nBody text follows here.";
        let b = blocks(src);
        assert_eq!(b[0].kind, ParagraphKind::Heading(3));
        assert_eq!(b[0].text, "North Korea Vows Support");
        assert_eq!(b[0].map.range(0..b[0].text.len()), 4..28);
        assert_eq!(b[1].kind, ParagraphKind::Text);
    }

    #[test]
    fn a_closing_hash_needs_a_space_before_it() {
        assert_eq!(blocks("# C#\n")[0].text, "C#");
        assert_eq!(blocks("## Title ##\n")[0].text, "Title");
    }

    #[test]
    fn crlf_and_lone_cr_are_line_ends() {
        assert_eq!(lines("a\r\nb\rc\n").collect::<Vec<_>>(), [0..1, 3..4, 5..6]);
    }
}
