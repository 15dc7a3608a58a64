//! [`Theme`]: styles by meaning, readable in 16 colours and without colour at all.
//!
//! With colour only the 16 ANSI colours are used (so every palette and terminal shows them).
//! Without colour (`NO_COLOR`), meaning rests on bold, underline, reverse and dim, never on
//! colour alone; the gutter symbols say the same again in text.
//!
//! Highlights are layers: a text run's style is its tone's (the word differences), with the
//! fact mark patched over it (underline and bold, never a colour that would hide the tone's),
//! then the search match's.

use ratatui::style::{Color, Modifier, Style};

use crate::layout::{Ink, Tone};

/// The reader's styles.
#[derive(Debug, Clone)]
pub struct Theme {
    /// Whether colours are used.
    pub color: bool,
    /// Pane titles.
    pub title: Style,
    /// The gutter's labels.
    pub gutter: Style,
    /// The gutter label of the selected passage.
    pub selected: Style,
    /// The gutter beside every row of the selected passage.
    pub band: Style,
    /// Patched over text that is part of a fact discrepancy.
    pub fact: Style,
    /// Patched over that, for the finding selected in the facts panel or last gone to.
    pub fact_selected: Style,
    /// The status line.
    pub status: Style,
    /// A folded run of equal passages.
    pub fold: Style,
    /// Search matches.
    pub search: Style,
    /// The overview column's viewport marker.
    pub viewport: Style,
    /// Overlays (help, notes, the note editor).
    pub overlay: Style,
    /// Note rows under a passage.
    pub note: Style,
    /// The gutter's note mark.
    pub note_mark: Style,
    /// The gutter's reviewed mark.
    pub reviewed: Style,
    /// The gutter's flagged mark.
    pub flagged: Style,
    /// A caution about the pair as a whole, in the title row ("these articles share little").
    pub caution: Style,
}

impl Theme {
    /// The theme for a terminal with (`color`) or without colour.
    pub fn new(color: bool) -> Theme {
        let plain = Style::new();
        if color {
            Theme {
                color,
                title: plain.add_modifier(Modifier::BOLD),
                gutter: plain.fg(Color::DarkGray),
                selected: plain.fg(Color::Cyan).add_modifier(Modifier::BOLD),
                band: plain
                    .fg(Color::Cyan)
                    .add_modifier(Modifier::BOLD | Modifier::REVERSED),
                fact: plain
                    .underline_color(Color::Yellow)
                    .add_modifier(Modifier::UNDERLINED | Modifier::BOLD),
                fact_selected: plain.add_modifier(Modifier::REVERSED),
                status: plain.add_modifier(Modifier::REVERSED),
                fold: plain.fg(Color::DarkGray).add_modifier(Modifier::ITALIC),
                search: plain.fg(Color::Black).bg(Color::Yellow),
                viewport: plain.fg(Color::White).add_modifier(Modifier::BOLD),
                overlay: plain,
                note: plain.fg(Color::Cyan).add_modifier(Modifier::ITALIC),
                note_mark: plain.fg(Color::Cyan),
                reviewed: plain.fg(Color::Green),
                flagged: plain.fg(Color::Red).add_modifier(Modifier::BOLD),
                caution: plain.fg(Color::Yellow).add_modifier(Modifier::ITALIC),
            }
        } else {
            Theme {
                color,
                title: plain.add_modifier(Modifier::BOLD),
                gutter: plain,
                selected: plain.add_modifier(Modifier::BOLD),
                band: plain.add_modifier(Modifier::BOLD | Modifier::REVERSED),
                // Reverse video already says "changed word" and italics "shared term" here:
                // a fact is underlined, the chosen one bold too.
                fact: plain.add_modifier(Modifier::UNDERLINED),
                fact_selected: plain.add_modifier(Modifier::BOLD),
                status: plain.add_modifier(Modifier::REVERSED),
                fold: plain.add_modifier(Modifier::DIM),
                search: plain.add_modifier(Modifier::REVERSED | Modifier::BOLD),
                viewport: plain.add_modifier(Modifier::BOLD),
                overlay: plain,
                note: plain.add_modifier(Modifier::ITALIC),
                note_mark: plain,
                reviewed: plain,
                flagged: plain.add_modifier(Modifier::BOLD | Modifier::REVERSED),
                caution: plain.add_modifier(Modifier::ITALIC),
            }
        }
    }

    /// The style of text in `tone`.
    pub fn tone(&self, tone: Tone) -> Style {
        let plain = Style::new();
        match (tone, self.color) {
            (Tone::Plain, _) => plain,
            (Tone::Heading, _) => plain.add_modifier(Modifier::BOLD),
            (Tone::Removed, true) => plain.fg(Color::Red).add_modifier(Modifier::BOLD),
            (Tone::Added, true) => plain.fg(Color::Green).add_modifier(Modifier::BOLD),
            (Tone::Shared, true) => plain.fg(Color::Cyan).add_modifier(Modifier::UNDERLINED),
            (Tone::Unique, true) => plain.fg(Color::Yellow),
            (Tone::Moved, true) => plain.fg(Color::Magenta),
            (Tone::Removed | Tone::Added, false) => plain.add_modifier(Modifier::REVERSED),
            // Not underlined: underline is the fact layer's, which sits over it.
            (Tone::Shared, false) => plain.add_modifier(Modifier::ITALIC),
            (Tone::Unique, false) => plain.add_modifier(Modifier::ITALIC),
            (Tone::Moved, false) => plain.add_modifier(Modifier::DIM),
        }
    }

    /// The style of text in `ink`: its tone, with the fact mark over it when facts are shown
    /// (`facts`), the finding `selected` standing out from the others.
    pub fn ink(&self, ink: Ink, facts: bool, selected: Option<usize>) -> Style {
        let mut style = self.tone(ink.tone);
        if facts && !ink.facts.is_empty() {
            style = style.patch(self.fact);
            if selected.is_some_and(|s| ink.facts.contains(s)) {
                style = style.patch(self.fact_selected);
            }
        }
        style
    }

    /// The overview column's style for a stretch whose most notable content is `tone`.
    pub fn overview(&self, tone: Tone) -> Style {
        match (tone, self.color) {
            (Tone::Plain | Tone::Heading, _) => self.gutter,
            (t, true) => {
                let c = match t {
                    Tone::Removed | Tone::Added => Color::Red,
                    Tone::Moved => Color::Magenta,
                    Tone::Unique => Color::Yellow,
                    _ => Color::Cyan,
                };
                Style::new().fg(c)
            }
            (_, false) => Style::new(),
        }
    }
}
