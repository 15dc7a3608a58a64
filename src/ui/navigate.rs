//! Moving through the comparison: scrolling, the selected passage, stepping through
//! differences, a moved passage's counterpart, the mouse, and finding the passage being read
//! again after a relayout.
//!
//! Only changes [`UiState`]; [`super::update`] calls it for the keys, the app for the mouse and
//! after a relayout.

use ratatui::crossterm::event::{MouseButton, MouseEvent, MouseEventKind};

use super::context::Context;
use super::geometry::Geometry;
use super::rows::RowKind;
use super::state::{Anchor, Side, UiState};
use crate::layout::PassageKind;

/// Scrolls by `delta` rows: both panes, or the focused one when not synchronised.
///
/// A selected passage that scrolls out of view is no longer selected, so the status line
/// speaks of what is on screen.
pub fn scroll(state: &mut UiState, ctx: &Context, delta: isize) {
    let last = ctx.last_top();
    let moved = |t: usize| t.saturating_add_signed(delta).min(last);
    // The stacked view has one column: it always scrolls as one.
    if state.sync || ctx.rows.shape.stacked {
        let t = moved(state.top[0]);
        set_top(state, t);
    } else {
        let p = pane(state.focus);
        state.top[p] = moved(state.top[p]);
    }
    if let Some(k) = state.selected {
        let first = ctx.rows.passage_row.get(k).copied().unwrap_or(0);
        let end = ctx
            .rows
            .passage_row
            .get(k + 1)
            .copied()
            .unwrap_or(ctx.rows.rows.len());
        let top = if state.sync {
            state.top[0]
        } else {
            state.top[pane(state.focus)]
        };
        if end <= top || first >= top + ctx.height {
            state.selected = None;
        }
    }
}

/// Scrolls the pane at `side` (the pane under the mouse), or both when synchronised.
pub fn scroll_pane(state: &mut UiState, ctx: &Context, side: Side, delta: isize) {
    let focus = state.focus;
    state.focus = side;
    scroll(state, ctx, delta);
    state.focus = focus;
}

/// Selects passage `p` (display order) and scrolls it into view with a row of context above.
pub fn select(state: &mut UiState, ctx: &Context, p: usize) {
    state.selected = Some(p);
    if let Some(&row) = ctx.rows.passage_row.get(p) {
        let t = row.saturating_sub(1).min(ctx.last_top());
        set_top(state, t);
    }
}

/// Selects the passage shown at `row` of the rows (a mouse click).
pub fn select_row(state: &mut UiState, ctx: &Context, row: usize) {
    if let Some(RowKind::Text { passage, .. }) = ctx.rows.rows.get(row).map(|r| r.kind) {
        state.selected = Some(passage);
    }
}

/// Puts `top` at the top of both panes.
pub fn set_top(state: &mut UiState, top: usize) {
    state.top = [top, top];
}

/// The index of `side`'s pane in [`UiState::top`].
pub fn pane(side: Side) -> usize {
    match side {
        Side::Left => 0,
        Side::Right => 1,
    }
}

/// "left" or "right", for messages.
pub fn side_name(side: Side) -> &'static str {
    match side {
        Side::Left => "left",
        Side::Right => "right",
    }
}

/// The passage the user is looking at: the selected one, else the first one at the top.
pub fn current(state: &UiState, ctx: &Context) -> Option<usize> {
    state.selected.or_else(|| {
        ctx.rows.rows[state.top[0].min(ctx.rows.rows.len().saturating_sub(1))..]
            .iter()
            .find_map(|r| match r.kind {
                RowKind::Text { passage, .. } => Some(passage),
                _ => None,
            })
    })
}

/// The sentence that identifies the passage being read, to find it again after a relayout.
pub fn anchor_of(state: &UiState, ctx: &Context) -> Option<Anchor> {
    let p = current(state, ctx)?;
    let passage = ctx.cmp.passages(ctx.rows.shape.arrangement).get(p)?;
    passage
        .left
        .clone()
        .next()
        .map(Anchor::Left)
        .or_else(|| passage.right.clone().next().map(Anchor::Right))
}

/// `n`/`N`: selects the next (or previous) differing passage after the selected one; wraps.
pub fn step_difference(state: &mut UiState, ctx: &Context, forward: bool) {
    let ps = ctx.cmp.passages(ctx.rows.shape.arrangement);
    let diffs: Vec<usize> = (0..ps.len())
        .filter(|&k| ps[k].kind.is_difference() && !ctx.rows.folded[k])
        .collect();
    if diffs.is_empty() {
        state.message = Some("no differences: the two texts say the same".to_owned());
        return;
    }
    let here = state.selected;
    let next = if forward {
        match here {
            Some(s) => diffs.iter().copied().find(|&k| k > s),
            None => {
                let top_row = state.top[0];
                diffs
                    .iter()
                    .copied()
                    .find(|&k| ctx.rows.passage_row[k] >= top_row)
            }
        }
    } else {
        match here {
            Some(s) => diffs.iter().rev().copied().find(|&k| k < s),
            None => diffs
                .iter()
                .rev()
                .copied()
                .find(|&k| ctx.rows.passage_row[k] < state.top[0]),
        }
    };
    let target = match next {
        Some(k) => k,
        None if forward => {
            state.message = Some("wrapped to the first difference".to_owned());
            diffs[0]
        }
        None => {
            state.message = Some("wrapped to the last difference".to_owned());
            diffs[diffs.len() - 1]
        }
    };
    select(state, ctx, target);
    if state.message.is_none() {
        let pos = diffs.iter().position(|&k| k == target).map_or(0, |i| i + 1);
        state.message = Some(format!(
            "difference {pos} of {}: {}",
            diffs.len(),
            kind_name(ps[target].kind)
        ));
    }
}

fn kind_name(kind: PassageKind) -> &'static str {
    match kind {
        PassageKind::Equal => "equal",
        PassageKind::Changed => "changed",
        PassageKind::Moved => "moved (m: counterpart)",
        PassageKind::LeftOnly => "only in the left article",
        PassageKind::RightOnly => "only in the right article",
    }
}

/// `m`: from one side of a moved passage to the other.
pub fn counterpart(state: &mut UiState, ctx: &Context) {
    let ps = ctx.cmp.passages(ctx.rows.shape.arrangement);
    let Some(s) = state
        .selected
        .filter(|&s| ps.get(s).is_some_and(|p| p.kind == PassageKind::Moved))
    else {
        state.message = Some("select a moved passage first (n / N)".to_owned());
        return;
    };
    let p = &ps[s];
    if !p.left.is_empty() && !p.right.is_empty() {
        state.message = Some("its counterpart is beside it in this layout".to_owned());
        return;
    }
    let other = ps
        .iter()
        .enumerate()
        .find(|(k, q)| *k != s && q.link.is_some() && q.link == p.link)
        .map(|(k, _)| k);
    if let Some(k) = other {
        select(state, ctx, k);
        state.message = Some(format!(
            "counterpart in the {} article (m: back)",
            if ps[k].left.is_empty() {
                "right"
            } else {
                "left"
            }
        ));
    }
}

/// Resolves a pending anchor once the rows for the new shape exist.
pub fn resolve_anchor(state: &mut UiState, ctx: &Context) {
    let Some(anchor) = state.anchor.take() else {
        return;
    };
    let ps = ctx.cmp.passages(ctx.rows.shape.arrangement);
    let found = ps.iter().position(|p| match anchor {
        Anchor::Left(i) => p.left.contains(&i),
        Anchor::Right(j) => p.right.contains(&j),
    });
    if let Some(k) = found {
        let row = ctx.rows.passage_row[k];
        set_top(state, row.saturating_sub(1).min(ctx.last_top()));
        if state.selected.is_some() || !ctx.rows.folded[k] {
            state.selected = Some(k);
        }
    }
}

/// A mouse event: the wheel scrolls the pane under it (both when synchronised), a click
/// selects the passage under it.
pub fn mouse(state: &mut UiState, ctx: &Context, m: &MouseEvent, geometry: &Geometry) {
    let (body_y, side) = match *geometry {
        Geometry::Split { left, right, .. } => {
            let side = if m.column < left.right() {
                Some(Side::Left)
            } else if m.column >= right.x {
                Some(Side::Right)
            } else {
                None
            };
            (left.y, side)
        }
        Geometry::Stacked { text, .. } => (text.y, Some(Side::Left)),
        Geometry::TooSmall => return,
    };
    match m.kind {
        MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
            let delta = if m.kind == MouseEventKind::ScrollDown {
                3
            } else {
                -3
            };
            match side {
                Some(s) => scroll_pane(state, ctx, s, delta),
                None => scroll(state, ctx, delta),
            }
        }
        MouseEventKind::Down(MouseButton::Left) if m.row >= body_y => {
            let pane = usize::from(side == Some(Side::Right) && !state.sync);
            let row = state.top[pane] + usize::from(m.row - body_y);
            select_row(state, ctx, row);
        }
        _ => {}
    }
}
