//! The facts panel: every finding, one per line, the selected one in reverse video.

use ratatui::Frame;
use ratatui::style::Modifier;
use ratatui::text::Line as TextLine;
use ratatui::widgets::{Block, Clear, Paragraph};

use super::View;
use super::chrome::overlay_rect;
use crate::facts::FindingKind;
use crate::layout::truncate;
use crate::ui::facts::summary;

/// Draws the panel over the panes.
pub fn panel(frame: &mut Frame, view: &View) {
    let Some(selected) = view.state.facts else {
        return;
    };
    let area = frame.area();
    let facts = view.cmp.facts();
    let width = area.width.saturating_sub(4).clamp(10, 120);
    let inner = usize::from(width.saturating_sub(2));
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
        " {differ} differ · {one_sided} on one side only · {names} names spelled more than one way · the same on both sides: {} figures, {} quotes",
        facts.shared_numbers, facts.shared_quotes
    );
    let mut lines = vec![TextLine::from(truncate(&header, inner)), TextLine::from("")];
    let rows = usize::from(area.height.saturating_sub(6)).max(1);
    let first = (selected + 1).saturating_sub(rows);
    for (i, f) in facts.findings.iter().enumerate().skip(first).take(rows) {
        let label = match f.similarity {
            Some(s) => format!("{} ({:.0}% same words)", f.kind.label(), s * 100.0),
            None => f.kind.label().to_owned(),
        };
        let text = truncate(&format!(" {label:<24} {}", summary(f)), inner);
        let mut line = TextLine::from(format!("{text:<inner$}"));
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
    let rect = overlay_rect(area, width, lines.len() as u16 + 2);
    frame.render_widget(Clear, rect);
    let block = Block::bordered()
        .title(
            TextLine::from(" facts · ↑↓ choose · Enter goes there · Esc or F closes ").centered(),
        )
        .style(view.theme.overlay);
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}
