//! The status line: the modes that change what is on screen, where the reader is, how far the
//! review has come, and the last message (or the counts).
//!
//! Fitted to the width by shortening, never by cutting what matters: the counts go first,
//! then the position and the progress take their short forms, then a long message is
//! shortened in the middle (so a path keeps its file name); the `o` list has it in full.

use ratatui::Frame;
use ratatui::style::Modifier;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use super::frame::View;
use crate::review::Progress;
use crate::ui::action::Action;
use crate::ui::context::Context;
use crate::ui::geometry::Geometry;
use crate::ui::linking;
use crate::ui::navigate;
use crate::ui::state::{Arrangement, ReviewFilter};
use crate::visible::visible;

/// Between the parts of the line.
const SEP: &str = " · ";
/// Its width in columns.
const SEP_WIDTH: usize = 3;
/// A message is not shortened below this many columns while something else can give way.
const MESSAGE_MIN: usize = 24;

/// Draws the status line.
pub fn status(frame: &mut Frame, view: &View, geometry: &Geometry) {
    let area = match *geometry {
        Geometry::Split { status, .. } | Geometry::Stacked { status, .. } => status,
        Geometry::TooSmall => return,
    };
    let buf = frame.buffer_mut();
    buf.set_style(area, view.theme.status);
    let hint = " ? help ";
    let width = usize::from(area.width);
    let mut show_hint = width > hint.len() + 20;
    let mut text = line(
        view,
        geometry,
        if show_hint { width - hint.len() } else { width },
    );
    if show_hint
        && let Some(message) = &view.state.message
        && !text.contains(visible(message).as_ref())
    {
        // A message that had to be shortened gets the hint's room.
        (text, show_hint) = (line(view, geometry, width), false);
    }
    let room = if show_hint { width - hint.len() } else { width };
    buf.set_stringn(area.x, area.y, &text, room, view.theme.status);
    if show_hint {
        buf.set_string(
            area.x + area.width - hint.len() as u16,
            area.y,
            hint,
            view.theme.status.add_modifier(Modifier::BOLD),
        );
    }
}

/// The line's text in at most `room` columns.
fn line(view: &View, geometry: &Geometry, room: usize) -> String {
    let state = view.state;
    if state.search.editing {
        let n = state.search.matches.len();
        return format!(
            " /{}▏  {n} passage{} match · Enter keeps · Esc cancels",
            visible(&state.search.query),
            if n == 1 { "" } else { "s" }
        );
    }
    let ctx = Context {
        cmp: view.cmp,
        rows: view.rows,
        height: geometry.body_height(),
        review: view.session.review(),
    };
    if state.choice.is_some() {
        // Keys mean something else here: the line says what each does.
        return linking::hint(state, &ctx, view.keymap, room);
    }
    let total = view.rows.passage_row.len();
    let here = navigate::current(state, &ctx).map_or(0, |p| p + 1);
    let progress = view.session.review().progress(view.cmp.units());
    let modes = modes(view, geometry);
    let long_at = format!("passage {here} of {total}");
    let short_at = format!("{here}/{total}");
    let (long_review, short_review) = (long(&progress), short(&progress));
    let (shorter_review, tiny_review) = (shorter(&progress), tiny(&progress));
    // From the most said to the least: the position and the progress shorten, then go.
    let plans: [Vec<&str>; 6] = [
        vec![&long_at, &long_review],
        vec![&short_at, &short_review],
        vec![&short_at, &shorter_review],
        vec![&short_at, &tiny_review],
        vec![&short_at],
        vec![],
    ];
    let with = |said: &[&str]| {
        let mut parts = modes.clone();
        parts.extend(said.iter().map(|s| (*s).to_owned()));
        parts
    };
    let width = |parts: &[String]| UnicodeWidthStr::width(fit(parts, None, 0).as_str());
    if let Some(message) = &state.message {
        // A message is what the user just asked about: kept whole while the rest can give way,
        // then shortened in the middle, with the rest in short forms to leave it room.
        let message = visible(message);
        let full = UnicodeWidthStr::width(message.as_ref());
        for (need, tried) in [(full, 0..4), (MESSAGE_MIN, 2..5)] {
            for said in &plans[tried] {
                let parts = with(said);
                if width(&parts) + SEP_WIDTH + need <= room {
                    return fit(&parts, Some(&message), room);
                }
            }
        }
        return fit(&with(&[]), Some(&message), room);
    }
    // Otherwise the counts, or the search, as much of them as fits after what matters.
    let tails: Vec<String> = if state.search.query.is_empty() {
        let counts = view.cmp.counts().to_string();
        let items: Vec<&str> = counts.split(SEP).collect();
        (1..=items.len())
            .rev()
            .map(|n| items[..n].join(SEP))
            .collect()
    } else {
        vec![format!("/{}", visible(&state.search.query))]
    };
    for said in &plans {
        let parts = with(said);
        let used = width(&parts);
        if used <= room {
            let tail = tails
                .iter()
                .find(|t| used + SEP_WIDTH + UnicodeWidthStr::width(t.as_str()) <= room);
            return fit(&parts, tail.map(String::as_str), room);
        }
    }
    fit(&with(&[]), None, room)
}

/// The modes in force, each of which changes what is on screen.
fn modes(view: &View, geometry: &Geometry) -> Vec<String> {
    let state = view.state;
    let mut m = Vec::new();
    if matches!(geometry, Geometry::Stacked { .. }) {
        m.push("stacked".to_owned());
    }
    if view.session.is_read_only() {
        m.push("read-only".to_owned());
    } else if view.session.has_unsaved_changes() {
        m.push("NOT SAVED".to_owned());
    }
    if let Some(pick) = &state.pick {
        m.push(linking::pick_mode(pick, view.keymap));
    }
    if !state.sync {
        let key = view.keymap.keys_of(Action::ToggleSync);
        let key = key.split(", ").next().unwrap_or("s");
        m.push(format!("unsynced{SEP}{key} to sync"));
    }
    if state.arrangement == Arrangement::Rearranged {
        m.push("rearranged".to_owned());
    }
    if state.differences_only {
        m.push(format!("differences only ±{}", state.context));
    }
    if let Some(what) = crate::ui::update::ignoring(state.ignore) {
        m.push(format!("ignoring {what}"));
    }
    if state.fact_steps {
        m.push("n/N: facts".to_owned());
    }
    match state.review_filter {
        ReviewFilter::All => {}
        ReviewFilter::Unreviewed => m.push("unreviewed only".to_owned()),
        ReviewFilter::Flagged => m.push("flagged only".to_owned()),
    }
    let layers = state.layers;
    for (shown, what) in [
        (layers.words, "words unmarked"),
        (layers.facts, "facts unmarked"),
        (layers.search, "matches unmarked"),
    ] {
        if !shown {
            m.push(what.to_owned());
        }
    }
    m
}

fn long(p: &Progress) -> String {
    let mut s = format!(
        "{} of {} reviewed{SEP}{} flagged",
        p.reviewed, p.differences, p.flagged
    );
    if p.orphaned > 0 {
        s.push_str(&format!("{SEP}{} orphaned", p.orphaned));
    }
    s
}

fn short(p: &Progress) -> String {
    format!(
        "{}/{} reviewed{SEP}{} flagged",
        p.reviewed, p.differences, p.flagged
    )
}

fn shorter(p: &Progress) -> String {
    if p.flagged > 0 {
        format!(
            "{}/{} reviewed{SEP}{} flagged",
            p.reviewed, p.differences, p.flagged
        )
    } else {
        format!("{}/{} reviewed", p.reviewed, p.differences)
    }
}

fn tiny(p: &Progress) -> String {
    if p.flagged > 0 {
        format!("{}/{} ✓ {} !", p.reviewed, p.differences, p.flagged)
    } else {
        format!("{}/{} ✓", p.reviewed, p.differences)
    }
}

/// `parts` joined, then `tail` shortened in the middle to what is left of `room`.
fn fit(parts: &[String], tail: Option<&str>, room: usize) -> String {
    let mut s = String::from(" ");
    s.push_str(&parts.join(SEP));
    if let Some(t) = tail {
        let used = UnicodeWidthStr::width(s.as_str());
        let sep = if parts.is_empty() { "" } else { SEP };
        let left = room.saturating_sub(used + UnicodeWidthStr::width(sep));
        if left > 0 {
            s.push_str(sep);
            s.push_str(&shorten_middle(t, left));
        }
    }
    s
}

/// `text` in at most `width` columns: when longer, its start and its end with `…` between
/// (a path keeps its file name, a count its number).
pub fn shorten_middle(text: &str, width: usize) -> String {
    if UnicodeWidthStr::width(text) <= width {
        return text.to_owned();
    }
    if width == 0 {
        return String::new();
    }
    let graphemes: Vec<&str> = text.graphemes(true).collect();
    let budget = width - 1;
    let head_budget = budget / 2;
    let mut head = String::new();
    let mut used = 0;
    for g in &graphemes {
        let w = UnicodeWidthStr::width(*g);
        if used + w > head_budget {
            break;
        }
        head.push_str(g);
        used += w;
    }
    let mut tail: Vec<&str> = Vec::new();
    let mut tail_used = 0;
    for g in graphemes.iter().rev() {
        let w = UnicodeWidthStr::width(*g);
        if used + tail_used + w > budget {
            break;
        }
        tail.push(g);
        tail_used += w;
    }
    tail.reverse();
    format!("{}…{}", head.trim_end(), tail.concat().trim_start())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_messages_keep_their_start_and_end() {
        let m = "report written to /home/someone/a/very/long/folder/000--002.review.html";
        let s = shorten_middle(m, 40);
        assert!(UnicodeWidthStr::width(s.as_str()) <= 40, "{s}");
        assert!(s.starts_with("report written"), "{s}");
        assert!(s.ends_with("002.review.html"), "{s}");
        assert!(s.contains('…'));
        assert_eq!(shorten_middle("short", 40), "short");
    }
}
