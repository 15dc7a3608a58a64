//! [`update`]: carries out an [`Action`] on the [`UiState`]; every input changes state only here.
//!
//! It reads the current [`Rows`] and the [`Comparison`] and never touches the terminal, so each
//! action can be tested alone.

use std::ops::Range;

use super::action::Action;
use super::editor::NoteEditor;
use super::rows::{Arrangement, Comparison, RowKind, Rows, Side};
use super::state::{Anchor, LibraryRequest, Pick, ReviewFilter, UiState};
use crate::layout::PassageKind;
use crate::review::{Review, Status, Unit};

/// What `update` may read.
pub struct Context<'a> {
    /// The documents and their passages.
    pub cmp: &'a Comparison,
    /// The rows currently shown.
    pub rows: &'a Rows,
    /// How many text rows fit on screen.
    pub height: usize,
    /// The review's statuses and notes.
    pub review: &'a Review,
}

/// A change to the review that the app carries out (and saves) after `update`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Set a passage's status.
    SetStatus(Unit, Status),
    /// Set a passage's note (empty removes it).
    SetNote(Unit, String),
    /// Link these sentences by hand.
    Link {
        /// Left sentences.
        left: Range<usize>,
        /// Right sentences.
        right: Range<usize>,
    },
    /// Break the link of this unit.
    Unlink(Unit),
    /// Write a report.
    Export,
}

impl Context<'_> {
    /// The last row that can be at the top of the screen.
    pub fn last_top(&self) -> usize {
        self.rows.rows.len().saturating_sub(self.height.max(1))
    }
}

/// Applies `action`; a change to the review comes back as a [`Command`] for the app.
pub fn update(state: &mut UiState, action: Action, ctx: &Context) -> Option<Command> {
    if state.facts.is_some() {
        super::facts::panel(state, action, ctx);
        return None;
    }
    if state.help || state.notes {
        match action {
            Action::Quit => state.quit = true,
            Action::Help | Action::Back | Action::Notes => {
                state.help = false;
                state.notes = false;
            }
            _ => {}
        }
        return None;
    }
    state.message = None;
    let page = ctx.height.max(1);
    match action {
        Action::ScrollDown => scroll(state, ctx, 1),
        Action::ScrollUp => scroll(state, ctx, -1),
        Action::HalfPageDown => scroll(state, ctx, (page / 2).max(1) as isize),
        Action::HalfPageUp => scroll(state, ctx, -((page / 2).max(1) as isize)),
        Action::PageDown => scroll(state, ctx, page.saturating_sub(1).max(1) as isize),
        Action::PageUp => scroll(state, ctx, -(page.saturating_sub(1).max(1) as isize)),
        Action::Top => set_top(state, 0),
        Action::Bottom => set_top(state, ctx.last_top()),
        Action::NextDifference if state.fact_steps => super::facts::step(state, ctx, true),
        Action::PrevDifference if state.fact_steps => super::facts::step(state, ctx, false),
        Action::NextDifference => step_difference(state, ctx, true),
        Action::PrevDifference => step_difference(state, ctx, false),
        Action::Counterpart => counterpart(state, ctx),
        Action::FocusOther => {
            state.focus = match state.focus {
                Side::Left => Side::Right,
                Side::Right => Side::Left,
            };
            state.message = Some(format!("focus: {} pane", side_name(state.focus)));
        }
        Action::ToggleSync => {
            state.sync = !state.sync;
            if state.sync {
                let t = state.top[pane(state.focus)];
                set_top(state, t);
            }
            state.message = Some(if state.sync {
                "scrolling synchronised".to_owned()
            } else {
                format!(
                    "scrolling the {} pane alone (Tab switches)",
                    side_name(state.focus)
                )
            });
        }
        Action::ToggleLayout => {
            state.anchor = anchor_of(state, ctx);
            state.arrangement = match state.arrangement {
                Arrangement::SourceOrder => Arrangement::Rearranged,
                Arrangement::Rearranged => Arrangement::SourceOrder,
            };
            state.selected = None;
            state.message = Some(match state.arrangement {
                Arrangement::SourceOrder => "layout: both sides in source order".to_owned(),
                Arrangement::Rearranged => {
                    "layout: right side rearranged beside the left".to_owned()
                }
            });
        }
        Action::ToggleDifferencesOnly => {
            state.anchor = anchor_of(state, ctx);
            state.differences_only = !state.differences_only;
            state.message = Some(if state.differences_only {
                "differences only: equal passages folded".to_owned()
            } else {
                "showing all passages".to_owned()
            });
        }
        Action::Search => {
            state.search.editing = true;
            state.search.query.clear();
            state.search.matches.clear();
            state.search.origin = Some((state.top, state.selected));
        }
        Action::NextMatch => step_match(state, ctx, true),
        Action::PrevMatch => step_match(state, ctx, false),
        Action::Facts => super::facts::open(state, ctx),
        Action::ToggleFactSteps => super::facts::toggle_steps(state, ctx),
        Action::MarkReviewed => return mark_reviewed(state, ctx),
        Action::ToggleFlag => return toggle_flag(state, ctx),
        Action::EditNote => {
            if let Some((k, unit)) = target(state, ctx) {
                let note = ctx.review.note(&unit).unwrap_or_default().to_owned();
                state.editor = Some(NoteEditor::new(unit, k, &note));
            }
        }
        Action::NextUnreviewed => step_unreviewed(state, ctx, true, None),
        Action::PrevUnreviewed => step_unreviewed(state, ctx, false, None),
        Action::CycleReviewFilter => {
            state.anchor = anchor_of(state, ctx);
            state.review_filter = match state.review_filter {
                ReviewFilter::All => ReviewFilter::Unreviewed,
                ReviewFilter::Unreviewed => ReviewFilter::Flagged,
                ReviewFilter::Flagged => ReviewFilter::All,
            };
            state.message = Some(
                match state.review_filter {
                    ReviewFilter::All => "showing all passages",
                    ReviewFilter::Unreviewed => "showing unreviewed differences only (r: flagged)",
                    ReviewFilter::Flagged => "showing flagged passages only (r: all)",
                }
                .to_owned(),
            );
        }
        Action::LinkByHand => return link_by_hand(state, ctx),
        Action::BreakLink => return break_link(state, ctx),
        Action::Notes => state.notes = true,
        Action::ExportReport => return Some(Command::Export),
        Action::Help => state.help = true,
        Action::Back => {
            if state.pick.take().is_some() {
                state.message = Some("link by hand cancelled".to_owned());
            } else if !state.search.query.is_empty() {
                state.search = Default::default();
                state.message = Some("search cleared".to_owned());
            }
        }
        Action::Quit => state.quit = true,
        Action::Suspend => state.suspend = true,
        Action::NextLeftArticle | Action::NextRightArticle | Action::Picker => {
            library_request(state, action);
        }
    }
    None
}

/// The passage a review key acts on (the one being read), selected, with its unit.
/// Another article or the picker: the reader closes and the library it came from carries the
/// request out (after the review is saved); a reader of two files says why nothing happens.
fn library_request(state: &mut UiState, action: Action) {
    if !state.in_library {
        state.message = Some("open a folder (diptych DIR) to switch articles".to_owned());
        return;
    }
    state.library_request = Some(match action {
        Action::NextLeftArticle => LibraryRequest::Next(Side::Left),
        Action::NextRightArticle => LibraryRequest::Next(Side::Right),
        _ => LibraryRequest::Picker,
    });
    state.quit = true;
}

fn target(state: &mut UiState, ctx: &Context) -> Option<(usize, Unit)> {
    let Some(k) = current(state, ctx) else {
        state.message = Some("no passage here".to_owned());
        return None;
    };
    let p = ctx.cmp.passages(ctx.rows.shape.arrangement).get(k)?;
    state.selected = Some(k);
    Some((k, Unit::of(p, &ctx.cmp.alignment)))
}

fn mark_reviewed(state: &mut UiState, ctx: &Context) -> Option<Command> {
    let (k, unit) = target(state, ctx)?;
    if ctx.review.status(&unit) == Status::Reviewed {
        state.message = Some(format!("passage {}: back to unreviewed", k + 1));
        return Some(Command::SetStatus(unit, Status::Unreviewed));
    }
    step_unreviewed(state, ctx, true, Some(&unit));
    if state.message.as_deref() == Some(ALL_REVIEWED) {
        state.message = Some(format!("passage {}: reviewed · {ALL_REVIEWED}", k + 1));
    } else {
        let next = state.selected.map_or(0, |s| s + 1);
        state.message = Some(format!(
            "passage {}: reviewed · next unreviewed: passage {next}",
            k + 1
        ));
    }
    Some(Command::SetStatus(unit, Status::Reviewed))
}

fn toggle_flag(state: &mut UiState, ctx: &Context) -> Option<Command> {
    let (k, unit) = target(state, ctx)?;
    let (status, word) = if ctx.review.status(&unit) == Status::Flagged {
        (Status::Unreviewed, "flag removed")
    } else {
        (Status::Flagged, "flagged")
    };
    state.message = Some(format!("passage {}: {word}", k + 1));
    Some(Command::SetStatus(unit, status))
}

const ALL_REVIEWED: &str = "no unreviewed difference left";

/// Selects the next (or previous) unreviewed difference, wrapping; `skip` is taken as
/// reviewed already (it is being marked).
fn step_unreviewed(state: &mut UiState, ctx: &Context, forward: bool, skip: Option<&Unit>) {
    let ps = ctx.cmp.passages(ctx.rows.shape.arrangement);
    let open: Vec<usize> = (0..ps.len())
        .filter(|&k| ps[k].kind.is_difference() && !ctx.rows.folded[k])
        .filter(|&k| {
            let u = Unit::of(&ps[k], &ctx.cmp.alignment);
            skip != Some(&u) && ctx.review.status(&u) == Status::Unreviewed
        })
        .collect();
    let here = current(state, ctx).unwrap_or(0);
    let next = if forward {
        open.iter().copied().find(|&k| k > here)
    } else {
        open.iter().rev().copied().find(|&k| k < here)
    };
    let wrapped = if forward { open.first() } else { open.last() };
    match next.or(wrapped.copied()) {
        Some(k) => {
            select(state, ctx, k);
            state.message = Some(format!(
                "unreviewed difference {} of {}{}",
                open.iter().position(|&x| x == k).map_or(0, |i| i + 1),
                open.len(),
                if next.is_none() { " (wrapped)" } else { "" }
            ));
        }
        None => state.message = Some(ALL_REVIEWED.to_owned()),
    }
}

fn link_by_hand(state: &mut UiState, ctx: &Context) -> Option<Command> {
    let (k, unit) = target(state, ctx)?;
    let Some(pick) = state.pick.take() else {
        let side = if unit.left.is_empty() || (state.focus == Side::Right && !unit.right.is_empty())
        {
            Side::Right
        } else {
            Side::Left
        };
        let sentences = match side {
            Side::Left => unit.left.clone(),
            Side::Right => unit.right.clone(),
        };
        let other = match side {
            Side::Left => "right",
            Side::Right => "left",
        };
        state.message = Some(format!(
            "picked the {} side of passage {}: select a passage with a {other} side and press c (Esc cancels)",
            side_name(side),
            k + 1
        ));
        state.pick = Some(Pick { side, sentences });
        return None;
    };
    let (left, right) = match pick.side {
        Side::Left => (pick.sentences.clone(), unit.right.clone()),
        Side::Right => (unit.left.clone(), pick.sentences.clone()),
    };
    if left.is_empty() || right.is_empty() {
        let missing = if left.is_empty() { "left" } else { "right" };
        state.message = Some(format!(
            "passage {} has no {missing} side; select one that has (Esc cancels)",
            k + 1
        ));
        state.pick = Some(pick);
        return None;
    }
    if unit.left == left && unit.right == right {
        state.message = Some("these are already linked".to_owned());
        return None;
    }
    state.anchor = Some(Anchor::Left(left.start));
    state.message = Some("linked by hand (B breaks it)".to_owned());
    Some(Command::Link { left, right })
}

fn break_link(state: &mut UiState, ctx: &Context) -> Option<Command> {
    let (k, unit) = target(state, ctx)?;
    let ps = ctx.cmp.passages(ctx.rows.shape.arrangement);
    if ps.get(k).and_then(|p| p.link).is_none() {
        state.message = Some("this passage is not a link".to_owned());
        return None;
    }
    state.anchor = Some(Anchor::Left(unit.left.start));
    state.message = Some("link broken (c links by hand)".to_owned());
    Some(Command::Unlink(unit))
}

/// A character typed into the search: the query grows and the view jumps to its first match.
pub fn search_input(state: &mut UiState, ctx: &Context, edit: SearchEdit) {
    match edit {
        SearchEdit::Char(c) => state.search.query.push(c),
        SearchEdit::Backspace => {
            state.search.query.pop();
        }
        SearchEdit::Confirm => {
            state.search.editing = false;
            state.message = Some(match state.search.matches.len() {
                0 if state.search.query.is_empty() => String::new(),
                0 => format!("no match for \"{}\"", state.search.query),
                1 => "1 passage matches; Ctrl-n / Ctrl-p step through matches".to_owned(),
                n => format!("{n} passages match; Ctrl-n / Ctrl-p step through them"),
            })
            .filter(|m| !m.is_empty());
            return;
        }
        SearchEdit::Cancel => {
            if let Some((top, selected)) = state.search.origin {
                state.top = top;
                state.selected = selected;
            }
            state.search = Default::default();
            return;
        }
    }
    state.search.matches = matches(ctx, &state.search.query);
    let origin = state.search.origin.and_then(|(_, s)| s).unwrap_or(0);
    let first = state
        .search
        .matches
        .iter()
        .copied()
        .find(|&p| p >= origin)
        .or_else(|| state.search.matches.first().copied());
    match first {
        Some(p) => select(state, ctx, p),
        None => {
            if let Some((top, selected)) = state.search.origin {
                state.top = top;
                state.selected = selected;
            }
        }
    }
}

/// An edit of the search query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchEdit {
    /// A typed character.
    Char(char),
    /// Delete the last character.
    Backspace,
    /// Keep the search (Enter).
    Confirm,
    /// Abandon it and return (Esc).
    Cancel,
}

/// Passages (display order) whose sentences contain `query`, ignoring case.
pub fn matches(ctx: &Context, query: &str) -> Vec<usize> {
    if query.is_empty() {
        return Vec::new();
    }
    let q = query.to_lowercase();
    let cmp = ctx.cmp;
    cmp.passages(ctx.rows.shape.arrangement)
        .iter()
        .enumerate()
        .filter(|(_, p)| {
            p.left
                .clone()
                .any(|i| cmp.left.sentences[i].text.to_lowercase().contains(&q))
                || p.right
                    .clone()
                    .any(|j| cmp.right.sentences[j].text.to_lowercase().contains(&q))
        })
        .map(|(k, _)| k)
        .collect()
}

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

fn set_top(state: &mut UiState, top: usize) {
    state.top = [top, top];
}

fn pane(side: Side) -> usize {
    match side {
        Side::Left => 0,
        Side::Right => 1,
    }
}

fn side_name(side: Side) -> &'static str {
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

fn step_difference(state: &mut UiState, ctx: &Context, forward: bool) {
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

fn step_match(state: &mut UiState, ctx: &Context, forward: bool) {
    let m = state.search.matches.clone();
    if m.is_empty() {
        state.message = Some(if state.search.query.is_empty() {
            "no search (press / to search)".to_owned()
        } else {
            format!("no match for \"{}\"", state.search.query)
        });
        return;
    }
    let here = current(state, ctx).unwrap_or(0);
    let next = if forward {
        m.iter().copied().find(|&k| k > here)
    } else {
        m.iter().rev().copied().find(|&k| k < here)
    };
    let target = next.unwrap_or(if forward { m[0] } else { m[m.len() - 1] });
    let wrapped = next.is_none();
    select(state, ctx, target);
    let pos = m.iter().position(|&k| k == target).map_or(0, |i| i + 1);
    state.message = Some(format!(
        "match {pos} of {} for \"{}\"{}",
        m.len(),
        state.search.query,
        if wrapped { " (wrapped)" } else { "" }
    ));
}

fn counterpart(state: &mut UiState, ctx: &Context) {
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
