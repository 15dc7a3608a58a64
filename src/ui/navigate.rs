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
use super::state::{Anchor, ReviewFilter, Side, UiState};
use crate::layout::PassageKind;

/// Scrolls by `delta` rows: both panes, or the focused one when not synchronised.
///
/// A selected passage that scrolls out of view hands the selection to the nearest passage
/// in view, so what `n`, the review keys and the status line start from is always on screen
/// (as a cursor does in less or vim).
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
    keep_selection_in_view(state, ctx);
}

/// The first row in view of the pane that scrolls (the focused one when not synchronised).
fn view_top(state: &UiState, ctx: &Context) -> usize {
    if state.sync || ctx.rows.shape.stacked {
        state.top[0]
    } else {
        state.top[pane(state.focus)]
    }
}

/// The passages in view, top to bottom: those whose first row is in view, or, when none is
/// (a passage taller than the screen), the one filling it.
fn in_view(state: &UiState, ctx: &Context) -> Vec<usize> {
    let top = view_top(state, ctx);
    let rows = ctx.rows.kinds(top..top + ctx.height.max(1));
    let starting: Vec<usize> = rows
        .iter()
        .filter_map(|kind| match *kind {
            RowKind::Text {
                passage,
                first: true,
                ..
            } => Some(passage as usize),
            _ => None,
        })
        .collect();
    if !starting.is_empty() {
        return starting;
    }
    rows.iter()
        .find_map(|kind| match *kind {
            RowKind::Text { passage, .. } | RowKind::Note { passage } => Some(passage as usize),
            _ => None,
        })
        .into_iter()
        .collect()
}

/// Makes sure a passage on screen is selected: the selected one when it is in view, else the
/// first passage in view when the selection went off the top (or there was none), the last
/// when it went off the bottom.
pub fn keep_selection_in_view(state: &mut UiState, ctx: &Context) {
    let top = view_top(state, ctx);
    let end = top + ctx.height.max(1);
    if let Some(k) = state.selected {
        let visible = ctx.rows.kinds(top..end).iter().any(|kind| match *kind {
            RowKind::Text { passage, .. } | RowKind::Note { passage } => passage as usize == k,
            _ => false,
        });
        if visible {
            return;
        }
    }
    let below = state
        .selected
        .and_then(|k| ctx.rows.passage_row.get(k))
        .is_some_and(|&row| row >= end);
    let candidates = in_view(state, ctx);
    let pick = if below {
        candidates.last()
    } else {
        candidates.first()
    };
    if let Some(&k) = pick {
        state.selected = Some(k);
    }
}

/// `g`/`G`: to the top or the bottom, the first or the last passage selected.
pub fn to_end(state: &mut UiState, ctx: &Context, bottom: bool) {
    let t = if bottom { ctx.last_top() } else { 0 };
    if state.sync || ctx.rows.shape.stacked {
        set_top(state, t);
    } else {
        state.top[pane(state.focus)] = t;
    }
    let candidates = in_view(state, ctx);
    let pick = if bottom {
        candidates.last()
    } else {
        candidates.first()
    };
    state.selected = pick.copied().or(state.selected);
}

/// `NG` (or `Ng`): to passage `n` (1-based, as the status line counts), unfolding it when
/// "differences only" or the review filter hides it.
pub fn go_to_passage(state: &mut UiState, ctx: &Context, n: usize) {
    let ps = ctx.cmp.passages(ctx.rows.shape.arrangement);
    let Some(k) = n.checked_sub(1).filter(|&k| k < ps.len()) else {
        state.message = Some(format!(
            "there is no passage {n}: passages go 1 to {}",
            ps.len()
        ));
        return;
    };
    if ctx.rows.folded[k] {
        // Shown again once the rows are rebuilt without the fold; the anchor finds it there.
        let p = &ps[k];
        state.differences_only = false;
        state.review_filter = ReviewFilter::All;
        state.anchor = p
            .left
            .clone()
            .next()
            .map(Anchor::Left)
            .or_else(|| p.right.clone().next().map(Anchor::Right));
        state.selected = Some(k);
        state.message = Some(format!("passage {n} (all passages shown again)"));
        return;
    }
    select(state, ctx, k);
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
    if let Some(RowKind::Text { passage, .. }) = ctx.rows.kind(row) {
        state.selected = Some(passage as usize);
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

/// The passage the user is looking at: the selected one (there is one once a frame was laid
/// out, see [`keep_selection_in_view`]), else the first one at the top.
pub fn current(state: &UiState, ctx: &Context) -> Option<usize> {
    state.selected.or_else(|| {
        let top = state.top[0].min(ctx.rows.len().saturating_sub(1));
        ctx.rows
            .kinds(top..ctx.rows.len())
            .iter()
            .find_map(|kind| match *kind {
                RowKind::Text { passage, .. } => Some(passage as usize),
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
///
/// Differences are numbered as review progress counts them: the two halves of a moved link
/// are one difference ("difference 4 of 20" on both).
pub fn step_difference(state: &mut UiState, ctx: &Context, forward: bool) {
    let ps = ctx.cmp.passages(ctx.rows.shape.arrangement);
    let diffs: Vec<usize> = (0..ps.len())
        .filter(|&k| ps[k].kind.is_difference() && !ctx.rows.folded[k])
        .collect();
    let (Some(&first), Some(&last)) = (diffs.first(), diffs.last()) else {
        state.message = Some("no differences: the two texts say the same".to_owned());
        return;
    };
    let here = current(state, ctx);
    let next = match (here, forward) {
        (Some(s), true) => diffs.iter().copied().find(|&k| k > s),
        (Some(s), false) => diffs.iter().rev().copied().find(|&k| k < s),
        (None, true) => Some(first),
        (None, false) => Some(last),
    };
    let target = next.unwrap_or(if forward { first } else { last });
    select(state, ctx, target);
    let arrangement = ctx.rows.shape.arrangement;
    state.message = Some(format!(
        "difference {} of {}: {}{}",
        ctx.cmp
            .difference_number(arrangement, target)
            .map_or(0, |n| n + 1),
        ctx.cmp.differences(),
        kind_name(ps[target].kind),
        if next.is_none() { " (wrapped)" } else { "" }
    ));
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
