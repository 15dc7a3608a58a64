//! [`NoteEditor`]: the inline editor for a passage's note.
//!
//! Plain data and pure functions (keys come in as events, nothing is drawn): the text, a
//! cursor that always sits on a grapheme-cluster boundary (so `é` written as `e` + combining
//! accent, or a family emoji, is one step and one deletion), what each key does, and a layout
//! that wraps the text to a width in display columns and says where the cursor is.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use crate::review::Unit;
use crate::visible::{is_unsafe, visible};

/// What a key did in the editor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    /// The note is still being written.
    Editing,
    /// Enter: save the note.
    Save,
    /// Esc or Ctrl-C: leave the note as it was.
    Cancel,
}

/// A note being written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteEditor {
    text: String,
    /// Byte offset of the cursor in `text`, on a grapheme boundary.
    cursor: usize,
    /// The passage the note belongs to.
    pub unit: Unit,
    /// The passage's number in display order (for the editor's title).
    pub passage: usize,
    original: String,
}

impl NoteEditor {
    /// An editor on `unit`'s note `text`, cursor at the end.
    pub fn new(unit: Unit, passage: usize, text: &str) -> NoteEditor {
        NoteEditor {
            text: text.to_owned(),
            cursor: text.len(),
            unit,
            passage,
            original: text.to_owned(),
        }
    }

    /// The text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Whether the text differs from the note the editor was opened on.
    pub fn is_changed(&self) -> bool {
        self.text != self.original
    }

    /// Carries out a key: editing keys change the text or move the cursor; Enter saves,
    /// Alt-Enter, Shift-Enter or Ctrl-j start a new line, Esc or Ctrl-c cancel.
    pub fn key(&mut self, key: &KeyEvent) -> Edit {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let alt = key.modifiers.contains(KeyModifiers::ALT);
        match key.code {
            KeyCode::Enter if alt || key.modifiers.contains(KeyModifiers::SHIFT) => {
                self.insert('\n');
            }
            KeyCode::Char('j') if ctrl => self.insert('\n'),
            KeyCode::Enter => return Edit::Save,
            KeyCode::Esc => return Edit::Cancel,
            KeyCode::Char('c') if ctrl => return Edit::Cancel,
            KeyCode::Backspace => self.backspace(),
            KeyCode::Delete => self.delete(),
            KeyCode::Left => self.left(),
            KeyCode::Right => self.right(),
            KeyCode::Up => self.up(),
            KeyCode::Down => self.down(),
            KeyCode::Home => self.home(),
            KeyCode::End => self.end(),
            KeyCode::Char('a') if ctrl => self.home(),
            KeyCode::Char('e') if ctrl => self.end(),
            KeyCode::Tab => self.insert(' '),
            KeyCode::Char(c) if !ctrl && !alt => self.insert(c),
            _ => {}
        }
        Edit::Editing
    }

    /// Types `c` at the cursor; control characters are ignored (a note is printed later).
    pub fn insert(&mut self, c: char) {
        if c == '\n' || !is_unsafe(c) {
            self.text.insert(self.cursor, c);
            self.cursor += c.len_utf8();
        }
    }

    /// Types `s` at the cursor (a paste), dropping control characters but keeping newlines.
    pub fn insert_str(&mut self, s: &str) {
        for c in s.chars() {
            self.insert(if c == '\r' { '\n' } else { c });
        }
    }

    /// Deletes the grapheme before the cursor.
    pub fn backspace(&mut self) {
        let start = self.prev_boundary();
        self.text.replace_range(start..self.cursor, "");
        self.cursor = start;
    }

    /// Deletes the grapheme after the cursor.
    pub fn delete(&mut self) {
        let end = self.next_boundary();
        self.text.replace_range(self.cursor..end, "");
    }

    /// One grapheme left.
    pub fn left(&mut self) {
        self.cursor = self.prev_boundary();
    }

    /// One grapheme right.
    pub fn right(&mut self) {
        self.cursor = self.next_boundary();
    }

    /// To the start of the line.
    pub fn home(&mut self) {
        self.cursor = self.line_start(self.cursor);
    }

    /// To the end of the line.
    pub fn end(&mut self) {
        self.cursor = self.text[self.cursor..]
            .find('\n')
            .map_or(self.text.len(), |i| self.cursor + i);
    }

    /// To the line above, at the same grapheme column or the line's end.
    pub fn up(&mut self) {
        let start = self.line_start(self.cursor);
        if start == 0 {
            self.cursor = 0;
            return;
        }
        let column = self.text[start..self.cursor].graphemes(true).count();
        let above = self.line_start(start - 1);
        self.cursor = self.at_column(above, column);
    }

    /// To the line below, at the same grapheme column or the line's end.
    pub fn down(&mut self) {
        let start = self.line_start(self.cursor);
        let column = self.text[start..self.cursor].graphemes(true).count();
        match self.text[self.cursor..].find('\n') {
            Some(i) => self.cursor = self.at_column(self.cursor + i + 1, column),
            None => self.cursor = self.text.len(),
        }
    }

    fn line_start(&self, at: usize) -> usize {
        self.text[..at].rfind('\n').map_or(0, |i| i + 1)
    }

    fn at_column(&self, line_start: usize, column: usize) -> usize {
        let line_end = self.text[line_start..]
            .find('\n')
            .map_or(self.text.len(), |i| line_start + i);
        self.text[line_start..line_end]
            .grapheme_indices(true)
            .nth(column)
            .map_or(line_end, |(i, _)| line_start + i)
    }

    fn prev_boundary(&self) -> usize {
        self.text[..self.cursor]
            .grapheme_indices(true)
            .next_back()
            .map_or(0, |(i, _)| i)
    }

    fn next_boundary(&self) -> usize {
        self.text[self.cursor..]
            .graphemes(true)
            .next()
            .map_or(self.cursor, |g| self.cursor + g.len())
    }

    /// The text wrapped to `width` display columns, and the cursor's (row, column) in it.
    pub fn layout(&self, width: usize) -> (Vec<String>, (usize, usize)) {
        let width = width.max(2);
        let mut lines = vec![String::new()];
        let mut col = 0;
        let mut cursor = (0, 0);
        let mut at = 0;
        for g in self.text.graphemes(true) {
            if at == self.cursor {
                cursor = (lines.len() - 1, col);
            }
            at += g.len();
            if g == "\n" || g == "\r\n" {
                lines.push(String::new());
                col = 0;
                continue;
            }
            let shown = visible(g);
            let w = UnicodeWidthStr::width(shown.as_ref());
            if col + w > width {
                lines.push(String::new());
                col = 0;
            }
            if let Some(line) = lines.last_mut() {
                line.push_str(&shown);
            }
            col += w;
        }
        if at == self.cursor {
            // The cursor after the last character sits past it, on a new row when full.
            cursor = if col >= width {
                lines.push(String::new());
                (lines.len() - 1, 0)
            } else {
                (lines.len() - 1, col)
            };
        }
        (lines, cursor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn editor(text: &str) -> NoteEditor {
        NoteEditor::new(
            Unit {
                left: 0..1,
                right: 0..0,
            },
            0,
            text,
        )
    }

    #[test]
    fn editing_moves_by_grapheme_clusters() {
        // "e" + combining acute, then a family emoji (one cluster of several code points).
        let mut e = editor("cafe\u{301} 👨‍👩‍👧!");
        e.left();
        e.left();
        e.backspace();
        assert_eq!(e.text(), "cafe\u{301}👨‍👩‍👧!");
        e.left();
        e.delete();
        assert_eq!(e.text(), "caf👨‍👩‍👧!");
        e.insert('é');
        e.home();
        e.insert('«');
        assert_eq!(e.text(), "«café👨‍👩‍👧!");
        e.end();
        e.insert('»');
        assert_eq!(e.text(), "«café👨‍👩‍👧!»");
        assert!(e.is_changed());
    }

    #[test]
    fn lines_and_vertical_moves() {
        let mut e = editor("first line\nsecond");
        e.up();
        e.insert('X');
        assert_eq!(e.text(), "first Xline\nsecond");
        e.down();
        e.insert('Y');
        assert_eq!(e.text(), "first Xline\nsecondY");
        e.insert('\n');
        e.insert_str("pasted\r\u{1b}[31mred");
        assert_eq!(e.text(), "first Xline\nsecondY\npasted\n[31mred");
    }

    #[test]
    fn control_characters_are_not_typed() {
        let mut e = editor("");
        for c in ['\u{1b}', '\u{7}', '\u{202e}', 'a'] {
            e.insert(c);
        }
        assert_eq!(e.text(), "a");
        e.backspace();
        e.backspace();
        assert_eq!(e.text(), "");
    }

    #[test]
    fn layout_wraps_by_display_width_and_places_the_cursor() {
        let mut e = editor("漢字漢字ab\nx");
        let (lines, cursor) = e.layout(5);
        assert_eq!(lines, vec!["漢字", "漢字a", "b", "x"]);
        assert_eq!(cursor, (3, 1));
        e.up();
        let (_, cursor) = e.layout(5);
        assert_eq!(
            cursor,
            (0, 2),
            "one grapheme into the first line: after the first 漢"
        );
    }
}
