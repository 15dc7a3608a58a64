//! Soft wrapping of styled text by display width.
//!
//! Widths count grapheme clusters with `unicode-width` (CJK and emoji take two columns), after
//! unsafe characters were replaced by their visible placeholders, so what is measured is what
//! is drawn. Lines break at spaces; a word wider than the line is broken between graphemes.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use super::Ink;
use crate::visible::visible;

/// A run of text in one ink.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// Safe text (no control characters).
    pub text: String,
    /// How it is to be shown.
    pub ink: Ink,
}

/// One wrapped line: spans whose total width is at most the wrap width.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Line {
    /// The spans, left to right.
    pub spans: Vec<Span>,
    /// Display width of the line.
    pub width: usize,
}

impl Line {
    fn push(&mut self, text: &str, ink: Ink, width: usize) {
        self.width += width;
        match self.spans.last_mut() {
            Some(last) if last.ink == ink => last.text.push_str(text),
            _ => self.spans.push(Span {
                text: text.to_owned(),
                ink,
            }),
        }
    }
}

/// A word: graphemes between whitespace, possibly in several inks ("“Kursk”" with a marked
/// name inside quotes), and the ink of the space before it.
struct Word {
    parts: Vec<(String, Ink)>,
    width: usize,
    space_before: Option<Ink>,
}

fn words(pieces: &[(String, Ink)]) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    let mut current: Option<Word> = None;
    let mut pending_space: Option<Ink> = None;
    for (text, ink) in pieces {
        let safe = visible(text);
        for g in safe.graphemes(true) {
            if g.chars().all(char::is_whitespace) {
                if let Some(w) = current.take() {
                    out.push(w);
                }
                pending_space.get_or_insert(*ink);
                continue;
            }
            let w = current.get_or_insert_with(|| Word {
                parts: Vec::new(),
                width: 0,
                space_before: if out.is_empty() {
                    None
                } else {
                    pending_space.take()
                },
            });
            pending_space = None;
            w.width += UnicodeWidthStr::width(g);
            match w.parts.last_mut() {
                Some((t, last)) if last == ink => t.push_str(g),
                _ => w.parts.push((g.to_owned(), *ink)),
            }
        }
    }
    out.extend(current);
    out
}

/// Wraps `pieces` (text, ink) into lines of at most `width` columns (at least 1).
///
/// Lines break only at whitespace; a word wider than a whole line is broken between graphemes.
pub fn wrap(pieces: &[(String, Ink)], width: usize) -> Vec<Line> {
    let width = width.max(1);
    let mut lines = vec![Line::default()];
    for word in words(pieces) {
        let used = lines.last().map_or(0, |l| l.width);
        let space = usize::from(used > 0 && word.space_before.is_some());
        if used > 0 && used + space + word.width > width && word.width <= width {
            lines.push(Line::default());
        } else if space == 1
            && let (Some(line), Some(ink)) = (lines.last_mut(), word.space_before)
            && used + 1 < width
        {
            line.push(" ", ink, 1);
        } else if space == 1 {
            lines.push(Line::default());
        }
        for (text, ink) in &word.parts {
            for g in text.graphemes(true) {
                let gw = UnicodeWidthStr::width(g);
                if lines
                    .last()
                    .is_some_and(|l| l.width > 0 && l.width + gw > width)
                {
                    lines.push(Line::default());
                }
                if let Some(line) = lines.last_mut() {
                    line.push(g, *ink, gw);
                }
            }
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::Tone;

    fn plain(t: &str) -> Vec<(String, Ink)> {
        vec![(t.to_owned(), Tone::Plain.into())]
    }

    fn texts(lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.spans.iter().map(|s| s.text.as_str()).collect())
            .collect()
    }

    #[test]
    fn wraps_at_spaces_within_width() {
        let lines = wrap(&plain("the quick brown fox jumps"), 10);
        assert_eq!(texts(&lines), vec!["the quick", "brown fox", "jumps"]);
        assert!(lines.iter().all(|l| l.width <= 10));
    }

    #[test]
    fn wide_characters_take_two_columns() {
        let lines = wrap(&plain("日本語のテキスト"), 6);
        assert_eq!(texts(&lines), vec!["日本語", "のテキ", "スト"]);
        assert!(lines.iter().all(|l| l.width <= 6));
    }

    #[test]
    fn control_characters_are_made_visible_before_measuring() {
        let lines = wrap(&plain("a\x1b[2Jb"), 80);
        assert_eq!(texts(&lines), vec!["a␛[2Jb"]);
        assert_eq!(lines[0].width, 6);
    }

    #[test]
    fn quotes_never_part_from_their_word() {
        let lines = wrap(&plain("to “completely free the Kursk” region"), 12);
        assert_eq!(
            texts(&lines),
            vec!["to", "“completely", "free the", "Kursk”", "region"]
        );
    }

    #[test]
    fn marked_runs_keep_their_tone_across_spaces() {
        let pieces = vec![
            ("a ".to_owned(), Tone::Plain.into()),
            ("b c".to_owned(), Tone::Removed.into()),
            (" d".to_owned(), Tone::Plain.into()),
        ];
        let lines = wrap(&pieces, 80);
        let tones: Vec<(String, Tone)> = lines[0]
            .spans
            .iter()
            .map(|s| (s.text.clone(), s.ink.tone))
            .collect();
        assert_eq!(
            tones,
            vec![
                ("a ".to_owned(), Tone::Plain),
                ("b c".to_owned(), Tone::Removed),
                (" d".to_owned(), Tone::Plain)
            ]
        );
    }

    #[test]
    fn a_word_that_fills_the_line_exactly_stays_on_it() {
        assert_eq!(texts(&wrap(&plain("abc def"), 7)), ["abc def"]);
        assert_eq!(texts(&wrap(&plain("abc def"), 6)), ["abc", "def"]);
        // A wrapped line never starts with the space before its first word.
        assert_eq!(
            texts(&wrap(&plain("abc def ghi"), 4)),
            ["abc", "def", "ghi"]
        );
    }

    #[test]
    fn a_word_wider_than_the_line_is_broken_at_the_width() {
        assert_eq!(texts(&wrap(&plain("abcdefgh"), 4)), ["abcd", "efgh"]);
        // After a word, a long one starts on the same line only where a space and a
        // character of it still fit; no line ends in a space.
        assert_eq!(
            texts(&wrap(&plain("abc defghijk"), 4)),
            ["abc", "defg", "hijk"]
        );
        assert_eq!(
            texts(&wrap(&plain("ab defghijk"), 4)),
            ["ab d", "efgh", "ijk"]
        );
    }

    #[test]
    fn a_character_wider_than_the_line_gets_a_line_of_its_own() {
        assert_eq!(texts(&wrap(&plain("日本"), 1)), ["日", "本"]);
        assert_eq!(texts(&wrap(&plain("a 日"), 1)), ["a", "日"]);
    }

    #[test]
    fn a_word_in_two_tones_keeps_both() {
        let pieces = vec![
            ("un".to_owned(), Tone::Removed.into()),
            ("done".to_owned(), Tone::Plain.into()),
        ];
        let lines = wrap(&pieces, 80);
        let tones: Vec<(&str, Tone)> = lines[0]
            .spans
            .iter()
            .map(|s| (s.text.as_str(), s.ink.tone))
            .collect();
        assert_eq!(tones, [("un", Tone::Removed), ("done", Tone::Plain)]);
    }

    #[test]
    fn emoji_zwj_sequences_stay_whole() {
        let lines = wrap(&plain("👩‍👩‍👧 family"), 20);
        assert_eq!(texts(&lines), vec!["👩‍👩‍👧 family"]);
    }
}
