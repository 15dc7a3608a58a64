//! [`Theme`]: styles by meaning, readable in 16 colours and without colour at all.
//!
//! With colour only the 16 ANSI colours are used (so every palette and terminal shows them).
//! Without colour (`NO_COLOR`), meaning rests on bold, underline, reverse and dim, never on
//! colour alone; the gutter symbols say the same again in text.
//!
//! The colours come from a [`Palette`]: [`Palette::dark`] (the default) or [`Palette::light`]
//! for a light background, either changed colour by colour in the configuration file
//! ([`super::config`]).
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
    /// The colours, when they are used.
    pub palette: Palette,
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
    /// Patched over the sentences being chosen, or picked, for a link by hand.
    pub chosen: Style,
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

/// The colours of a theme, by meaning. Only used when the terminal shows colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    /// Words only the left side has.
    pub removed: Color,
    /// Words only the right side has.
    pub added: Color,
    /// Key terms both sides share.
    pub shared: Color,
    /// Passages only one side has.
    pub unique: Color,
    /// Moved passages.
    pub moved: Color,
    /// The underline of a fact the two sides disagree on.
    pub fact: Color,
    /// The background of a search match.
    pub search: Color,
    /// The text of a search match.
    pub search_text: Color,
    /// The selected passage's band, notes and their mark.
    pub accent: Color,
    /// The gutter's labels and folded runs.
    pub gutter: Color,
    /// The overview column's viewport marker.
    pub viewport: Color,
    /// The reviewed mark.
    pub reviewed: Color,
    /// The flagged mark.
    pub flagged: Color,
}

impl Palette {
    /// For a dark background (the default).
    pub fn dark() -> Palette {
        Palette {
            removed: Color::Red,
            added: Color::Green,
            shared: Color::Cyan,
            unique: Color::Yellow,
            moved: Color::Magenta,
            fact: Color::Yellow,
            search: Color::Yellow,
            search_text: Color::Black,
            accent: Color::Cyan,
            gutter: Color::DarkGray,
            viewport: Color::White,
            reviewed: Color::Green,
            flagged: Color::Red,
        }
    }

    /// For a light background: no yellow or white text, which fade into it.
    pub fn light() -> Palette {
        Palette {
            removed: Color::Red,
            added: Color::Green,
            shared: Color::Blue,
            unique: Color::Cyan,
            moved: Color::Magenta,
            fact: Color::Red,
            search: Color::Yellow,
            search_text: Color::Black,
            accent: Color::Blue,
            gutter: Color::DarkGray,
            viewport: Color::Black,
            reviewed: Color::Green,
            flagged: Color::Red,
        }
    }
}

impl Theme {
    /// The dark theme for a terminal with (`color`) or without colour.
    pub fn new(color: bool) -> Theme {
        Theme::with_palette(color, Palette::dark())
    }

    /// The theme of `palette` for a terminal with (`color`) or without colour (the palette
    /// then goes unused).
    pub fn with_palette(color: bool, palette: Palette) -> Theme {
        let plain = Style::new();
        let p = palette;
        if color {
            Theme {
                color,
                palette,
                title: plain.add_modifier(Modifier::BOLD),
                gutter: plain.fg(p.gutter),
                selected: plain.fg(p.accent).add_modifier(Modifier::BOLD),
                band: plain
                    .fg(p.accent)
                    .add_modifier(Modifier::BOLD | Modifier::REVERSED),
                fact: plain
                    .underline_color(p.fact)
                    .add_modifier(Modifier::UNDERLINED | Modifier::BOLD),
                fact_selected: plain.add_modifier(Modifier::REVERSED),
                status: plain.add_modifier(Modifier::REVERSED),
                fold: plain.fg(p.gutter).add_modifier(Modifier::ITALIC),
                search: plain.fg(p.search_text).bg(p.search),
                chosen: plain.fg(p.search_text).bg(p.accent),
                viewport: plain.fg(p.viewport).add_modifier(Modifier::BOLD),
                overlay: plain,
                note: plain.fg(p.accent).add_modifier(Modifier::ITALIC),
                note_mark: plain.fg(p.accent),
                reviewed: plain.fg(p.reviewed),
                flagged: plain.fg(p.flagged).add_modifier(Modifier::BOLD),
                caution: plain.fg(p.unique).add_modifier(Modifier::ITALIC),
            }
        } else {
            Theme {
                color,
                palette,
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
                chosen: plain.add_modifier(Modifier::REVERSED | Modifier::BOLD),
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
        let p = &self.palette;
        match (tone, self.color) {
            (Tone::Plain, _) => plain,
            (Tone::Heading, _) => plain.add_modifier(Modifier::BOLD),
            (Tone::Removed, true) => plain.fg(p.removed).add_modifier(Modifier::BOLD),
            (Tone::Added, true) => plain.fg(p.added).add_modifier(Modifier::BOLD),
            (Tone::Shared, true) => plain.fg(p.shared).add_modifier(Modifier::UNDERLINED),
            (Tone::Unique, true) => plain.fg(p.unique),
            (Tone::Moved, true) => plain.fg(p.moved),
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
                let p = &self.palette;
                let c = match t {
                    Tone::Removed | Tone::Added => p.removed,
                    Tone::Moved => p.moved,
                    Tone::Unique => p.unique,
                    _ => p.shared,
                };
                Style::new().fg(c)
            }
            (_, false) => Style::new(),
        }
    }
}
