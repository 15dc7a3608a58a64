//! The facts panel: every finding, one per line, the selected one in reverse video.

use ratatui::Frame;
use ratatui::style::Modifier;
use ratatui::text::Line as TextLine;
use ratatui::widgets::{Block, Clear, Paragraph};

use super::chrome::overlay_rect;
use super::frame::View;
use crate::facts::FindingKind;
use crate::layout::truncate;
use crate::ui::facts::{reading_facts, summary_within};

/// Width of the label column ("quote · 58% alike").
const LABEL: usize = 19;

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Draws the panel over the panes.
pub fn panel(frame: &mut Frame, view: &View) {
    let Some(selected) = view.state.facts else {
        return;
    };
    let area = frame.area();
    let width = area.width.saturating_sub(4).clamp(10, 120);
    let inner = usize::from(width.saturating_sub(2));
    let Some(facts) = view.cmp.facts() else {
        // Read on a worker thread after the first screen: the panel fills in when they come.
        let lines = vec![
            TextLine::from(format!(" {}", reading_facts(view.cmp))),
            TextLine::from(""),
            TextLine::from(" The reader is ready; the facts panel fills in by itself."),
        ];
        draw(frame, view, width, lines);
        return;
    };
    let count = |k: &[FindingKind]| {
        facts
            .findings
            .iter()
            .filter(|f| k.contains(&f.kind))
            .count()
    };
    let differ = count(&[FindingKind::Number, FindingKind::Quote, FindingKind::Source]);
    let one_sided = count(&[FindingKind::OneSidedNumber, FindingKind::OneSidedQuote]);
    let names = count(&[FindingKind::NameVariants]);
    let header = format!(
        "{} differ · {} on one side only · {} · the same on both sides: {}, {}",
        differ,
        one_sided,
        plural(
            names,
            "name spelled more than one way",
            "names spelled more than one way"
        ),
        plural(facts.shared_numbers, "figure", "figures"),
        plural(facts.shared_quotes, "quote", "quotes"),
    );
    let header = format!(" {}", truncate(&header, inner.saturating_sub(1).max(1)));
    let mut lines = vec![TextLine::from(header)];
    if facts.shares_little {
        let why = "These articles share little: differing figures and sources are compared \
                   only in linked passages.";
        lines.push(TextLine::from(format!(
            " {}",
            truncate(why, inner.saturating_sub(1).max(1))
        )));
    }
    lines.push(TextLine::from(""));
    // The lines above the list, the border and a row of margin above and below.
    let rows = usize::from(area.height)
        .saturating_sub(lines.len() + 4)
        .max(1);
    let first = (selected + 1).saturating_sub(rows);
    for (i, f) in facts.findings.iter().enumerate().skip(first).take(rows) {
        let text = summary_within(f, inner.saturating_sub(LABEL + 2).max(1));
        let mut line = TextLine::from(format!(" {:<LABEL$} {text:<inner$}", f.label()));
        if i == selected {
            line = line.style(view.theme.overlay.add_modifier(Modifier::REVERSED));
        }
        lines.push(line);
    }
    if facts.findings.is_empty() {
        lines.push(TextLine::from(
            " No number, quotation or source differs, and no name is spelled two ways.",
        ));
    }
    draw(frame, view, width, lines);
}

/// The panel's frame around `lines`, `width` columns wide.
fn draw(frame: &mut Frame, view: &View, width: u16, lines: Vec<TextLine>) {
    let rect = overlay_rect(frame.area(), width, lines.len() as u16 + 2);
    frame.render_widget(Clear, rect);
    let block = Block::bordered()
        .title(
            TextLine::from(" facts · ↑↓ choose · Enter goes there · Esc or F closes ").centered(),
        )
        .style(view.theme.overlay);
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}
