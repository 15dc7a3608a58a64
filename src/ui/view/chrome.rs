//! Titles, overview column, help and notes overlays, and the too-small message.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line as TextLine, Span as TextSpan};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::frame::View;
use crate::layout::{FactIds, Ink, Tone, truncate, wrap};
use crate::review::Unit;
use crate::ui::action::Action;
use crate::ui::geometry::{Geometry, MIN_HEIGHT, MIN_WIDTH};
use crate::ui::keymap::Keymap;
use crate::ui::state::Side;
use crate::visible::visible;

/// The caution of a pair that shares little, longest first, each with the columns the right
/// title keeps beside it; the title row shows the longest that fits.
const CAUTIONS: [(&str, usize); 3] = [
    ("these articles share little: probably different events", 24),
    ("share little: probably different events", 24),
    ("share little", 10),
];

pub fn too_small(frame: &mut Frame) {
    let area = frame.area();
    let text = format!(
        "diptych needs at least {MIN_WIDTH}×{MIN_HEIGHT} (this is {}×{}); q quits",
        area.width, area.height
    );
    frame.render_widget(
        Paragraph::new(text).wrap(ratatui::widgets::Wrap { trim: true }),
        area,
    );
}

pub fn titles(frame: &mut Frame, view: &View, geometry: &Geometry) {
    // The page's own credit (site, byline, date) follows the headline, where a reader
    // comparing two outlets looks for who said it and when.
    let titled = |d: &crate::load::Document| {
        let line = match d.metadata.credit() {
            Some(credit) => format!("{} — {credit}", d.display_title()),
            None => d.display_title().to_owned(),
        };
        visible(&line).into_owned()
    };
    let (mut lt, mut rt) = (titled(&view.cmp.left), titled(&view.cmp.right));
    if let Some((l, r)) = view.cmp.languages() {
        lt = format!("{l} · {lt}");
        rt = format!("{r} · {rt}");
    }
    // The caution takes the right end of the row, in the longest wording that leaves the
    // right title room to be recognised.
    let caution = if view.cmp.shares_little() {
        let width = match *geometry {
            Geometry::Split { right, .. } => usize::from(right.width),
            // Two titles share the row.
            Geometry::Stacked { title, .. } => usize::from(title.width) / 2,
            Geometry::TooSmall => 0,
        };
        CAUTIONS
            .iter()
            .map(|(c, keep)| (format!(" {c} "), keep))
            .find(|(c, keep)| c.chars().count() + *keep <= width)
            .map(|(c, _)| c)
    } else {
        None
    };
    let taken = caution.as_ref().map_or(0, |c| c.chars().count());
    let buf = frame.buffer_mut();
    if let Some(c) = &caution {
        let row = match *geometry {
            Geometry::Split { title, .. } | Geometry::Stacked { title, .. } => title,
            Geometry::TooSmall => Rect::default(),
        };
        let x = row.x + row.width.saturating_sub(taken as u16);
        buf.set_stringn(x, row.y, c, taken, view.theme.caution);
    }
    let focus = |side| !view.state.sync && view.state.focus == side;
    match *geometry {
        Geometry::Split {
            title, left, right, ..
        } => {
            let mark = |side| if focus(side) { "▶ " } else { "" };
            let l = format!(
                "{}{}",
                mark(Side::Left),
                truncate(&lt, usize::from(left.width))
            );
            let right_room = usize::from(right.width).saturating_sub(taken);
            let r = format!("{}{}", mark(Side::Right), truncate(&rt, right_room.max(1)));
            buf.set_stringn(
                left.x,
                title.y,
                l,
                usize::from(left.width),
                view.theme.title,
            );
            buf.set_stringn(right.x, title.y, r, right_room, view.theme.title);
        }
        Geometry::Stacked { title, .. } => {
            let w = usize::from(title.width).saturating_sub(taken);
            let half = w.saturating_sub(10) / 2;
            let text = format!(" L: {} · R: {}", truncate(&lt, half), truncate(&rt, half));
            buf.set_stringn(title.x, title.y, text, w, view.theme.title);
        }
        Geometry::TooSmall => {}
    }
}

pub fn overview(frame: &mut Frame, view: &View, geometry: &Geometry) {
    let area = match *geometry {
        Geometry::Split { overview, .. } | Geometry::Stacked { overview, .. } => overview,
        Geometry::TooSmall => return,
    };
    let total = view.rows.len().max(1);
    let h = usize::from(area.height).max(1);
    let top = view.state.top[0];
    let bottom = top + h;
    let buf = frame.buffer_mut();
    for (y, tone) in view.overview.iter().enumerate().take(h) {
        let from = y * total / h;
        let to = ((y + 1) * total / h).max(from + 1);
        let in_view = from < bottom && to > top;
        let symbol = match tone {
            Tone::Removed | Tone::Added => "~",
            Tone::Moved => "»",
            Tone::Unique => "+",
            _ if in_view => "┃",
            _ => "│",
        };
        let mut style = view.theme.overview(*tone);
        if in_view {
            style = style
                .patch(view.theme.viewport)
                .add_modifier(Modifier::REVERSED);
        }
        buf.set_string(area.x, area.y + y as u16, symbol, style);
    }
}

/// Draws the key list (help) over the reader, scrolled to `state.overlay_top` when it does
/// not fit.
pub fn help(frame: &mut Frame, view: &View) {
    let area = frame.area();
    let lines = help_lines(area, view.keymap, view.state.in_library, legend(view));
    let room = usize::from(area.height).saturating_sub(2);
    let top = view.state.overlay_top.min(lines.len().saturating_sub(room));
    let w = lines.iter().map(TextLine::width).max().unwrap_or(40) as u16 + 2;
    let h = lines.len().min(room) as u16 + 2;
    let rect = overlay_rect(area, w, h);
    frame.render_widget(Clear, rect);
    let title = if lines.len() > room {
        format!(
            " keys {}–{} of {} (j k scroll · Esc or ? closes) ",
            top + 1,
            (top + room).min(lines.len()),
            lines.len()
        )
    } else {
        " keys (Esc or ? closes) ".to_owned()
    };
    let block = Block::bordered()
        .title(TextLine::from(title).centered())
        .style(view.theme.overlay);
    let shown: Vec<TextLine> = lines.into_iter().skip(top).take(room).collect();
    frame.render_widget(Paragraph::new(shown).block(block).style(Style::new()), rect);
}

/// How many lines the key list has on a screen of `area` (to keep its scrolling in range).
pub fn help_length(area: Rect, keymap: &Keymap, in_library: bool) -> usize {
    help_lines(area, keymap, in_library, TextLine::default()).len()
}

/// The key list's lines: every key (in two columns, cut to fit, on a short screen), then the
/// colour legend, the gutter's symbols and the other inputs.
fn help_lines(
    area: Rect,
    keymap: &Keymap,
    in_library: bool,
    legend: TextLine<'static>,
) -> Vec<TextLine<'static>> {
    // The library keys only mean something in a reader opened from the picker.
    let library_only = [
        Action::NextLeftArticle,
        Action::NextRightArticle,
        Action::Picker,
    ];
    let entries: Vec<(String, &str)> = Action::ALL
        .iter()
        .zip(keymap.help())
        .filter(|(a, _)| in_library || !library_only.contains(a))
        .map(|(_, entry)| entry)
        .collect();
    let key_w = entries
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(4);
    let item = |k: &str, d: &str| format!(" {k:<key_w$}  {d}");
    let items: Vec<String> = entries.iter().map(|(k, d)| item(k, d)).collect();
    let footer = [
        " Gutter: = equal  ~ changed  ≈ reworded  »« moved  < left only  > right only",
        "         ↔ linked by hand  ✓ reviewed  ! flagged  ✎ has a note",
        " Mouse: wheel scrolls the pane under it, a click selects a passage.",
        " Note editor: Enter saves · Alt-Enter or Ctrl-j new line · Esc cancels",
        " After c or B, choose sentences: j k one · J K more · Tab other side · Enter · Esc",
        " A count before G goes to that passage: 12G.",
    ];
    let room = usize::from(area.height).saturating_sub(2);
    // On a short screen the keys go in two columns (descriptions cut to fit), so that more
    // of them show at once; what does not fit is scrolled to.
    let mut lines: Vec<TextLine> = if items.len() + 2 + footer.len() <= room {
        items.into_iter().map(TextLine::from).collect()
    } else {
        let half = items.len().div_ceil(2);
        let col = (usize::from(area.width).saturating_sub(4) / 2).max(10);
        let cell = |(k, d): &(String, &str)| {
            let t = item(k, &truncate(d, col.saturating_sub(key_w + 3)));
            let pad = col.saturating_sub(unicode_width::UnicodeWidthStr::width(t.as_str()));
            format!("{t}{}", " ".repeat(pad))
        };
        (0..half)
            .map(|i| {
                let right = entries.get(i + half).map_or(String::new(), cell);
                TextLine::from(format!("{}{}", cell(&entries[i]), right))
            })
            .collect()
    };
    lines.push(TextLine::from(""));
    lines.push(legend);
    lines.extend(footer.iter().map(|s| TextLine::from(*s)));
    lines
}

/// The colour legend: each kind of mark written in its own style.
fn legend(view: &View) -> TextLine<'static> {
    let theme = view.theme;
    let fact = Ink {
        tone: Tone::Plain,
        facts: FactIds::default().with(0),
    };
    let marks = [
        ("removed", theme.tone(Tone::Removed)),
        ("added", theme.tone(Tone::Added)),
        ("shared", theme.tone(Tone::Shared)),
        ("moved", theme.tone(Tone::Moved)),
        ("one side", theme.tone(Tone::Unique)),
        ("fact", theme.ink(fact, true, None)),
        ("chosen fact", theme.ink(fact, true, Some(0))),
        ("match", theme.search),
    ];
    let mut spans = vec![TextSpan::raw(" Marks: ")];
    for (k, (name, style)) in marks.into_iter().enumerate() {
        if k > 0 {
            spans.push(TextSpan::raw("  "));
        }
        spans.push(TextSpan::styled(name, style));
    }
    TextLine::from(spans)
}

/// The centred overlay rectangle for `lines` (plus a border), at most the screen.
pub fn overlay_rect(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(
        area.x + area.width.saturating_sub(w) / 2,
        area.y + area.height.saturating_sub(h) / 2,
        w,
        h,
    )
}

/// Every note: those on passages (display numbers), then the orphaned ones; then the recent
/// status-line messages in full.
pub fn notes(frame: &mut Frame, view: &View) {
    let area = frame.area();
    let review = view.session.review();
    let ps = view.cmp.passages(view.rows.shape.arrangement);
    let mut lines: Vec<TextLine> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (k, p) in ps.iter().enumerate() {
        let unit = Unit::of(p, &view.cmp.alignment);
        let status = review.status(&unit);
        if let Some(note) = review.note(&unit)
            && seen.insert(unit)
        {
            let first = note.lines().next().unwrap_or_default();
            let more = if note.lines().count() > 1 { " …" } else { "" };
            lines.push(TextLine::from(format!(
                " {:>4}  {:<10}  {}{more}",
                k + 1,
                status.name(),
                visible(first)
            )));
        }
    }
    let orphaned: Vec<_> = review.orphaned().collect();
    if !orphaned.is_empty() {
        lines.push(TextLine::from(""));
        lines.push(TextLine::from(
            " Orphaned (their passages are no longer in the articles):",
        ));
        for e in orphaned {
            let said = e
                .left
                .first()
                .or(e.right.first())
                .map_or("", String::as_str);
            lines.push(TextLine::from(format!(
                "  {:<10}  “{}”",
                e.status.name(),
                truncate(&visible(said), 50)
            )));
            for l in e.note.lines() {
                lines.push(TextLine::from(format!("              {}", visible(l))));
            }
        }
    }
    if lines.is_empty() {
        lines.push(TextLine::from(
            " No notes yet: a writes one on the passage being read.",
        ));
    }
    // The status line may have shortened a message: here each is whole, newest first,
    // wrapped to the overlay, as many as fit.
    let inner = usize::from(area.width.saturating_sub(4)).max(10);
    let room = usize::from(area.height.saturating_sub(2));
    if !view.state.messages.is_empty() && lines.len() + 3 <= room {
        lines.push(TextLine::from(""));
        lines.push(TextLine::from(" Messages, newest first:"));
        for m in view.state.messages.iter().rev() {
            let wrapped = wrap(
                &[(visible(m).into_owned(), Tone::Plain.into())],
                inner.saturating_sub(4),
            );
            if lines.len() + wrapped.len() > room {
                break;
            }
            for (k, l) in wrapped.iter().enumerate() {
                let text: String = l.spans.iter().map(|s| &*s.text).collect();
                let lead = if k == 0 { "  • " } else { "    " };
                lines.push(TextLine::from(format!("{lead}{text}")));
            }
        }
    }
    let w = (lines.iter().map(TextLine::width).max().unwrap_or(40) as u16 + 2)
        .min(area.width.saturating_sub(2).max(10));
    let rect = overlay_rect(area, w, lines.len() as u16 + 2);
    frame.render_widget(Clear, rect);
    let block = Block::bordered()
        .title(TextLine::from(" notes and messages (Esc or o closes) ").centered())
        .style(view.theme.overlay);
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}

/// The note editor: a box at the bottom of the screen with the cursor in it.
pub fn editor(frame: &mut Frame, view: &View) {
    let Some(editor) = &view.state.editor else {
        return;
    };
    let area = frame.area();
    let inner_w = area.width.saturating_sub(4).max(1);
    let (lines, (row, col)) = editor.layout(usize::from(inner_w));
    let max_h = (area.height / 2).max(3);
    let h = (lines.len() as u16 + 2).clamp(3, max_h);
    let rect = Rect::new(
        area.x + 1,
        area.y + area.height.saturating_sub(h + 1),
        area.width.saturating_sub(2),
        h,
    );
    // Keep the cursor's row in view when the note is taller than the box.
    let visible_rows = usize::from(h.saturating_sub(2)).max(1);
    let first = (row + 1).saturating_sub(visible_rows);
    let shown: Vec<TextLine> = lines
        .iter()
        .skip(first)
        .take(visible_rows)
        .map(|l| TextLine::from(l.clone()))
        .collect();
    frame.render_widget(Clear, rect);
    let title = format!(
        " note on passage {} · Enter saves · Alt-Enter new line · Esc cancels ",
        editor.passage + 1
    );
    let block = Block::bordered()
        .title(TextLine::from(truncate(
            &title,
            usize::from(rect.width.saturating_sub(2)),
        )))
        .style(view.theme.overlay);
    frame.render_widget(Paragraph::new(shown).block(block), rect);
    let x = rect.x + 1 + col as u16;
    let y = rect.y + 1 + (row - first) as u16;
    if x < rect.right() && y < rect.bottom() {
        frame.set_cursor_position((x, y));
    }
}
