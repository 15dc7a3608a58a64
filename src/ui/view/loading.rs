//! The loading screen: what is being prepared, how far it has got, how to cancel.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Gauge, Paragraph, Wrap};

use crate::progress::Snapshot;

/// Draws the loading screen for a reading of the progress.
pub fn draw(frame: &mut Frame, snapshot: &Snapshot) {
    let area = frame.area();
    let width = area.width.min(64);
    let height = area.height.min(7);
    let boxed = Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .title(" diptych ")
        .title_style(Style::default().add_modifier(Modifier::BOLD));
    let inner = block.inner(boxed);
    frame.render_widget(block, boxed);
    let [what, gauge, hint] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(1),
        Constraint::Length(2),
    ])
    .areas(inner);
    let (at, of) = snapshot.stage.step();
    let doing = if snapshot.cancelled {
        "Cancelling…".to_string()
    } else {
        format!(
            "Preparing the comparison: {} ({at}/{of})",
            snapshot.stage.label()
        )
    };
    // Two lines are kept for it: a narrow terminal wraps the stage rather than cut it off.
    frame.render_widget(
        Paragraph::new(Line::from(doing)).wrap(Wrap { trim: true }),
        what,
    );
    let fraction = snapshot.fraction();
    frame.render_widget(
        Gauge::default()
            .ratio(fraction)
            .label(format!("{:.0}%", fraction * 100.0))
            .gauge_style(Style::default().add_modifier(Modifier::REVERSED)),
        gauge,
    );
    frame.render_widget(
        Paragraph::new(vec![Line::from(""), Line::from("Esc, q or Ctrl-C cancels")]),
        hint,
    );
}
