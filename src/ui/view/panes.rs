//! The text columns and the gutter.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line as TextLine, Span as TextSpan};

use std::collections::HashMap;

use super::frame::View;
use crate::layout::Line;
use crate::review::{Status, Unit};
use crate::ui::geometry::Geometry;
use crate::ui::rows::{Row, RowKind};
use crate::ui::sentences;
use crate::ui::state::{ReviewFilter, Side};

/// For rows showing sentences being chosen or picked for a link by hand (by row and side):
/// which characters are theirs.
type Chosen = HashMap<(usize, Side), Vec<bool>>;

pub fn body(frame: &mut Frame, view: &View, geometry: &Geometry) {
    let height = geometry.body_height();
    let rows = |i: usize| view.rows.get(view.cmp, i);
    let [top_l, top_r] = view.state.top;
    let chosen = chosen(view);
    let marks = |row: usize, side: Side| chosen.get(&(row, side)).map(Vec::as_slice);
    let buf = frame.buffer_mut();
    match *geometry {
        Geometry::Split {
            left,
            gutter,
            right,
            ..
        } => {
            for y in 0..height {
                let lrow = rows(top_l + y);
                let rrow = rows(top_r + y);
                let yy = left.y + y as u16;
                if let Some(r) = lrow
                    && let RowKind::Fold { count } = r.kind
                {
                    let width = left.width + gutter.width + right.width;
                    buf.set_stringn(
                        left.x,
                        yy,
                        fold_text(view, count as usize),
                        usize::from(width),
                        view.theme.fold,
                    );
                    continue;
                }
                if let Some(r) = lrow
                    && let RowKind::Note { .. } = r.kind
                {
                    let width = left.width + gutter.width + right.width;
                    put_note(buf, view, r.left, Rect::new(left.x, yy, width, 1));
                    if top_l == top_r {
                        continue;
                    }
                }
                if let Some(r) = lrow {
                    let area = Rect::new(left.x, yy, left.width, 1);
                    put_line(buf, view, r.left, area, marks(top_l + y, Side::Left));
                }
                let area = Rect::new(gutter.x, yy, gutter.width, 1);
                if top_l == top_r {
                    if let Some(r) = lrow {
                        put_gutter(buf, view, r, area, None);
                    }
                } else {
                    // Scrolled apart, each pane keeps its own marks: a strip on its side.
                    put_strips(buf, view, [top_l + y, top_r + y], area);
                }
                if let Some(r) = rrow
                    && !matches!(r.kind, RowKind::Fold { .. } | RowKind::Note { .. })
                {
                    let area = Rect::new(right.x, yy, right.width, 1);
                    put_line(buf, view, r.right, area, marks(top_r + y, Side::Right));
                }
            }
        }
        Geometry::Stacked { gutter, text, .. } => {
            for y in 0..height {
                let Some(r) = rows(top_l + y) else { break };
                let yy = text.y + y as u16;
                match r.kind {
                    RowKind::Fold { count } => {
                        buf.set_stringn(
                            gutter.x,
                            yy,
                            fold_text(view, count as usize),
                            usize::from(gutter.width + text.width),
                            view.theme.fold,
                        );
                    }
                    RowKind::Note { .. } => {
                        put_note(buf, view, r.left, Rect::new(text.x, yy, text.width, 1));
                    }
                    RowKind::Text { side, .. } => {
                        let area = Rect::new(text.x, yy, text.width, 1);
                        let m = side.and_then(|s| marks(top_l + y, s));
                        put_line(buf, view, r.left, area, m);
                        put_gutter(buf, view, r, Rect::new(gutter.x, yy, gutter.width, 1), side);
                    }
                    RowKind::Gap => {}
                }
            }
        }
        Geometry::TooSmall => {}
    }
}

/// The characters of the sentences being chosen (after `c` or `B`) and of those picked for a
/// link by hand, wherever they are shown.
fn chosen(view: &View) -> Chosen {
    let mut out = Chosen::new();
    let state = view.state;
    if let Some(c) = &state.choice {
        for (row, m) in sentences::marks(view.cmp, view.rows, c.passage, c.side, &c.chosen()) {
            out.insert((row, c.side), m);
        }
    }
    if let Some(pick) = &state.pick {
        let ps = view.cmp.passages(view.rows.shape.arrangement);
        for (k, p) in ps.iter().enumerate() {
            let shown = match pick.side {
                Side::Left => &p.left,
                Side::Right => &p.right,
            };
            if shown.start < pick.sentences.end && pick.sentences.start < shown.end {
                for (row, m) in sentences::marks(view.cmp, view.rows, k, pick.side, &pick.sentences)
                {
                    out.insert((row, pick.side), m);
                }
            }
        }
    }
    out
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
    let text: String = line.spans.iter().map(|s| &*s.text).collect();
    buf.set_stringn(
        area.x,
        area.y,
        text,
        usize::from(area.width),
        view.theme.note,
    );
}

/// The gutter cell of a row: the passage's label on its first row, the side in stacked view,
/// and in the last two columns the review marks (a note, then reviewed or flagged). Every row
/// of the selected passage has its gutter in a band of its own, so the selection is seen at
/// a glance.
fn put_gutter(buf: &mut Buffer, view: &View, row: Row, area: Rect, side: Option<Side>) {
    let RowKind::Text { passage, first, .. } = row.kind else {
        return;
    };
    let passage = passage as usize;
    let selected = view.state.selected == Some(passage);
    if selected {
        buf.set_style(area, view.theme.band);
    }
    let style = if selected {
        view.theme.band
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
        text.push_str(&view.rows.label(view.cmp, passage));
    }
    buf.set_stringn(area.x, area.y, text, usize::from(area.width), style);
    if !first || area.width < 4 {
        return;
    }
    let [note, status] = review_marks(view, passage);
    let x = area.x + area.width - 2;
    if let Some((mark, own)) = note {
        buf.set_string(x, area.y, mark, if selected { style } else { own });
    }
    if let Some((mark, own)) = status {
        buf.set_string(x + 1, area.y, mark, if selected { style } else { own });
    }
}

/// The review marks of a passage, each with its style: its note mark, its status mark.
fn review_marks(view: &View, passage: usize) -> [Option<(&'static str, Style)>; 2] {
    let Some(p) = view.cmp.passages(view.rows.shape.arrangement).get(passage) else {
        return [None, None];
    };
    let unit = Unit::of(p, &view.cmp.alignment);
    let review = view.session.review();
    let note = review.note(&unit).map(|_| ("✎", view.theme.note_mark));
    let status = match review.status(&unit) {
        Status::Unreviewed => None,
        Status::Reviewed => Some(("✓", view.theme.reviewed)),
        Status::Flagged => Some(("!", view.theme.flagged)),
    };
    [note, status]
}

/// The gutter of a row when the panes are scrolled apart: three columns beside each pane for
/// the passage that pane shows at this row (`at`: the row of each pane), with its kind and
/// similarity on its first row and its review marks on the next (on the first when it has
/// only one); a rule between them; the selected passage's strip in the band.
fn put_strips(buf: &mut Buffer, view: &View, at: [usize; 2], area: Rect) {
    if area.width < 7 {
        return;
    }
    buf.set_string(area.x + 3, area.y, "┊", view.theme.gutter);
    for (i, index) in at.into_iter().enumerate() {
        let Some(RowKind::Text { passage, first, .. }) = view.rows.kind(index) else {
            continue;
        };
        let passage = passage as usize;
        let x = area.x + 4 * i as u16;
        let selected = view.state.selected == Some(passage);
        if selected {
            buf.set_style(Rect::new(x, area.y, 3, 1), view.theme.band);
        }
        let style = |own: Style| if selected { view.theme.band } else { own };
        let marks = review_marks(view, passage);
        let start = view.rows.passage_row.get(passage).copied().unwrap_or(index);
        let one_row = !view.rows.kind(start + 1).is_some_and(
            |kind| matches!(kind, RowKind::Text { passage: p, .. } if p as usize == passage),
        );
        let has_marks = marks.iter().any(Option::is_some);
        if first {
            let label = short_label(&view.rows.label(view.cmp, passage));
            if has_marks && one_row {
                let kind: String = label.chars().take(1).collect();
                buf.set_string(x, area.y, kind, style(view.theme.gutter));
                put_marks(buf, x + 1, area.y, marks, &style);
            } else {
                buf.set_stringn(x, area.y, label, 3, style(view.theme.gutter));
            }
        } else if index == start + 1 {
            put_marks(buf, x + 1, area.y, marks, &style);
        }
    }
}

/// Writes a passage's review marks from `x` on, in their styles (as `style` turns them).
fn put_marks(
    buf: &mut Buffer,
    x: u16,
    y: u16,
    marks: [Option<(&'static str, Style)>; 2],
    style: &dyn Fn(Style) -> Style,
) {
    for (k, mark) in marks.into_iter().enumerate() {
        if let Some((m, own)) = mark {
            buf.set_string(x + k as u16, y, m, style(own));
        }
    }
}

/// A gutter label in three columns: the kind symbol and the similarity's two digits
/// ("~.64" → "~64"; a similarity of 1 is already "~1").
fn short_label(label: &str) -> String {
    label.replacen('.', "", 1)
}

/// Draws a laid-out line into a one-row `area`: each run in its ink (the fact layer as the
/// state says), the sentences being chosen (`chosen`, by character) over that, then search
/// matches.
fn put_line(buf: &mut Buffer, view: &View, line: &Line, area: Rect, chosen: Option<&[bool]>) {
    let layers = view.state.layers;
    let selected = view.state.facts.or(view.state.fact_cursor);
    let spans: Vec<(String, Style)> = line
        .spans
        .iter()
        .map(|s| {
            (
                s.text.clone(),
                view.theme.ink(s.ink, layers.facts, selected),
            )
        })
        .collect();
    let spans = match chosen {
        Some(marks) => restyle(spans, marks, view.theme.chosen),
        None => spans,
    };
    let query = &view.state.search.query;
    let spans = if query.is_empty() || !layers.search {
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
    restyle(spans, &hit, style)
}

/// The spans with each character whose `marks` entry is set patched with `style`.
fn restyle(spans: Vec<(String, Style)>, marks: &[bool], style: Style) -> Vec<(String, Style)> {
    let mut out: Vec<(String, Style)> = Vec::new();
    let chars = spans
        .iter()
        .flat_map(|(t, base)| t.chars().map(move |c| (c, *base)));
    for (k, (c, base)) in chars.enumerate() {
        let s = if marks.get(k).copied().unwrap_or(false) {
            base.patch(style)
        } else {
            base
        };
        match out.last_mut() {
            Some((t, last)) if *last == s => t.push(c),
            _ => out.push((c.to_string(), s)),
        }
    }
    out
}
