//! The text columns and the gutter.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line as TextLine, Span as TextSpan};

use super::frame::View;
use crate::layout::Line;
use crate::review::{Status, Unit};
use crate::ui::geometry::Geometry;
use crate::ui::rows::{Row, RowKind};
use crate::ui::state::{ReviewFilter, Side};

pub fn body(frame: &mut Frame, view: &View, geometry: &Geometry) {
    let height = geometry.body_height();
    let rows = &view.rows.rows;
    let [top_l, top_r] = view.state.top;
    let buf = frame.buffer_mut();
    match *geometry {
        Geometry::Split {
            left,
            gutter,
            right,
            ..
        } => {
            for y in 0..height {
                let lrow = rows.get(top_l + y);
                let rrow = rows.get(top_r + y);
                let yy = left.y + y as u16;
                if let Some(r) = lrow
                    && let RowKind::Fold { count } = r.kind
                {
                    let width = left.width + gutter.width + right.width;
                    buf.set_stringn(
                        left.x,
                        yy,
                        fold_text(view, count),
                        usize::from(width),
                        view.theme.fold,
                    );
                    continue;
                }
                if let Some(r) = lrow
                    && let RowKind::Note { .. } = r.kind
                {
                    let width = left.width + gutter.width + right.width;
                    put_note(buf, view, &r.left, Rect::new(left.x, yy, width, 1));
                    if top_l == top_r {
                        continue;
                    }
                }
                if let Some(r) = lrow {
                    put_line(buf, view, &r.left, Rect::new(left.x, yy, left.width, 1));
                    // Labels belong to both columns; when the panes scroll apart they would lie.
                    if top_l == top_r {
                        put_gutter(buf, view, r, Rect::new(gutter.x, yy, gutter.width, 1), None);
                    }
                }
                if let Some(r) = rrow
                    && !matches!(r.kind, RowKind::Fold { .. } | RowKind::Note { .. })
                {
                    put_line(buf, view, &r.right, Rect::new(right.x, yy, right.width, 1));
                }
            }
        }
        Geometry::Stacked { gutter, text, .. } => {
            for y in 0..height {
                let Some(r) = rows.get(top_l + y) else { break };
                let yy = text.y + y as u16;
                match r.kind {
                    RowKind::Fold { count } => {
                        buf.set_stringn(
                            gutter.x,
                            yy,
                            fold_text(view, count),
                            usize::from(gutter.width + text.width),
                            view.theme.fold,
                        );
                    }
                    RowKind::Note { .. } => {
                        put_note(buf, view, &r.left, Rect::new(text.x, yy, text.width, 1));
                    }
                    RowKind::Text { side, .. } => {
                        put_line(buf, view, &r.left, Rect::new(text.x, yy, text.width, 1));
                        put_gutter(buf, view, r, Rect::new(gutter.x, yy, gutter.width, 1), side);
                    }
                    RowKind::Gap => {}
                }
            }
        }
        Geometry::TooSmall => {}
    }
}

fn fold_text(view: &View, count: usize) -> String {
    let s = if count == 1 { "" } else { "s" };
    if view.rows.shape.review_filter == ReviewFilter::All {
        format!("··· {count} equal passage{s} folded (d shows them) ···")
    } else {
        format!("··· {count} passage{s} hidden by the review filter (r changes it) ···")
    }
}

fn put_note(buf: &mut Buffer, view: &View, line: &Line, area: Rect) {
    buf.set_style(area, view.theme.note);
    let text: String = line.spans.iter().map(|s| s.text.as_str()).collect();
    buf.set_stringn(
        area.x,
        area.y,
        text,
        usize::from(area.width),
        view.theme.note,
    );
}

/// The gutter cell of a row: the passage's label on its first row, the side in stacked view,
/// and in the last two columns the review marks (a note, then reviewed or flagged).
fn put_gutter(buf: &mut Buffer, view: &View, row: &Row, area: Rect, side: Option<Side>) {
    let RowKind::Text { passage, first, .. } = row.kind else {
        return;
    };
    let selected = view.state.selected == Some(passage);
    let style = if selected {
        view.theme.selected
    } else {
        view.theme.gutter
    };
    let mut text = String::new();
    text.push(if selected && first { '▸' } else { ' ' });
    if let Some(side) = side {
        text.push(match side {
            Side::Left => 'L',
            Side::Right => 'R',
        });
    }
    if first {
        text.push_str(view.rows.labels.get(passage).map_or("", String::as_str));
    }
    buf.set_stringn(area.x, area.y, text, usize::from(area.width), style);
    if !first || area.width < 4 {
        return;
    }
    let Some(p) = view.cmp.passages(view.rows.shape.arrangement).get(passage) else {
        return;
    };
    let unit = Unit::of(p, &view.cmp.alignment);
    let review = view.session.review();
    let x = area.x + area.width - 2;
    if review.note(&unit).is_some() {
        buf.set_string(x, area.y, "✎", view.theme.note_mark);
    }
    match review.status(&unit) {
        Status::Unreviewed => {}
        Status::Reviewed => buf.set_string(x + 1, area.y, "✓", view.theme.reviewed),
        Status::Flagged => buf.set_string(x + 1, area.y, "!", view.theme.flagged),
    }
}

/// Draws a laid-out line into a one-row `area`, with search matches highlighted.
fn put_line(buf: &mut Buffer, view: &View, line: &Line, area: Rect) {
    let spans: Vec<(String, Style)> = line
        .spans
        .iter()
        .map(|s| (s.text.clone(), view.theme.tone(s.tone)))
        .collect();
    let query = &view.state.search.query;
    let spans = if query.is_empty() {
        spans
    } else {
        highlight(spans, query, view.theme.search)
    };
    let text = TextLine::from(
        spans
            .into_iter()
            .map(|(t, s)| TextSpan::styled(t, s))
            .collect::<Vec<_>>(),
    );
    buf.set_line(area.x, area.y, &text, area.width);
}

/// Restyles every case-insensitive occurrence of `query` inside the spans.
fn highlight(spans: Vec<(String, Style)>, query: &str, style: Style) -> Vec<(String, Style)> {
    let fold = |c: char| c.to_lowercase().next().unwrap_or(c);
    let chars: Vec<(char, usize)> = spans
        .iter()
        .enumerate()
        .flat_map(|(i, (t, _))| t.chars().map(move |c| (c, i)))
        .collect();
    let q: Vec<char> = query.chars().map(fold).collect();
    let mut hit = vec![false; chars.len()];
    if !q.is_empty() && q.len() <= chars.len() {
        for start in 0..=chars.len() - q.len() {
            if (0..q.len()).all(|k| fold(chars[start + k].0) == q[k]) {
                hit[start..start + q.len()]
                    .iter_mut()
                    .for_each(|h| *h = true);
            }
        }
    }
    let mut out: Vec<(String, Style)> = Vec::new();
    for ((c, span), h) in chars.into_iter().zip(hit) {
        let base = spans[span].1;
        let s = if h { base.patch(style) } else { base };
        match out.last_mut() {
            Some((t, last)) if *last == s => t.push(c),
            _ => out.push((c.to_string(), s)),
        }
    }
    out
}
