//! The facts panel and fact steps: what `F`, `t` and, in fact steps, `n`/`N` do.
//!
//! Like [`super::update`], these only change [`UiState`]; the panel is drawn by
//! `view::facts`.

use super::action::Action;
use super::context::Context;
use super::navigate::{current, select};
use super::rows::Comparison;
use super::state::UiState;
use crate::facts::{Finding, FindingKind, Mention};
use crate::layout::truncate;
use crate::visible::visible;

/// The passages (display order) that show a finding's first left and first right mention.
pub fn passages_of(ctx: &Context, finding: &Finding) -> (Option<usize>, Option<usize>) {
    let ps = ctx.cmp.passages(ctx.rows.shape.arrangement);
    let first = |ms: &[Mention]| ms.first().and_then(Mention::sentence);
    let l = first(&finding.left).and_then(|s| ps.iter().position(|p| p.left.contains(&s)));
    let r = first(&finding.right).and_then(|s| ps.iter().position(|p| p.right.contains(&s)));
    (l, r)
}

/// The passage that shows a finding: its left mention's, else its right mention's.
pub fn passage_of(ctx: &Context, finding: &Finding) -> Option<usize> {
    let (l, r) = passages_of(ctx, finding);
    l.or(r)
}

/// One line saying what a finding is: "around 14,000 soldiers ≠ an estimated 11,000 soldiers".
pub fn summary(finding: &Finding) -> String {
    summary_within(finding, usize::MAX)
}

/// [`summary`] in at most `width` columns: with two sides, each gets half.
pub fn summary_within(finding: &Finding, width: usize) -> String {
    let both = !finding.left.is_empty() && !finding.right.is_empty();
    let each = if both {
        width.saturating_sub(3) / 2
    } else {
        width
    };
    let side = |left: bool| {
        let joined = visible(&finding.wording(left)).into_owned();
        if joined.chars().count() > each {
            // Cut, a reworded quotation shows where the two wordings meet, not two openings
            // that have nothing in common.
            truncate(&visible(&finding.excerpt(left)), each.max(1))
        } else {
            joined
        }
    };
    let (l, r) = (side(true), side(false));
    match finding.kind {
        FindingKind::NameVariants if r.is_empty() => format!("{l} (left)"),
        FindingKind::NameVariants if l.is_empty() => format!("{r} (right)"),
        FindingKind::NameVariants => format!("{l} = {r}"),
        _ if r.is_empty() => l,
        _ if l.is_empty() => r,
        _ => format!("{l} ≠ {r}"),
    }
}

/// What the reader says while the facts are read after the first screen: "reading facts… 40%".
pub fn reading_facts(cmp: &Comparison) -> String {
    let share = cmp.facts_progress().unwrap_or(1.0);
    format!("reading facts… {:.0}%", share * 100.0)
}

/// Opens the panel with the first finding at or after the passage being read selected (the
/// first when the facts are still being read).
pub fn open(state: &mut UiState, ctx: &Context) {
    let here = current(state, ctx).unwrap_or(0);
    let Some(facts) = ctx.cmp.facts() else {
        state.facts = Some(0);
        return;
    };
    let findings = &facts.findings;
    let at = findings
        .iter()
        .position(|f| passage_of(ctx, f).is_some_and(|p| p >= here) && f.kind.is_discrepancy())
        .unwrap_or(0);
    state.facts = Some(at);
}

/// An action while the panel is open: moves the selection, or closes the panel.
pub fn panel(state: &mut UiState, action: Action, ctx: &Context) {
    let Some(sel) = state.facts else {
        return;
    };
    let last = ctx
        .cmp
        .facts()
        .map_or(0, |f| f.findings.len().saturating_sub(1));
    let page = ctx.height.saturating_sub(4).max(1);
    state.facts = Some(match action {
        Action::ScrollDown => (sel + 1).min(last),
        Action::ScrollUp => sel.saturating_sub(1),
        Action::PageDown | Action::HalfPageDown => (sel + page).min(last),
        Action::PageUp | Action::HalfPageUp => sel.saturating_sub(page),
        Action::Top => 0,
        Action::Bottom => last,
        Action::Quit => {
            state.quit = true;
            return;
        }
        Action::Facts | Action::Back | Action::Help => {
            state.facts = None;
            return;
        }
        _ => sel,
    });
}

/// Enter in the panel: closes it and goes to the selected finding.
pub fn go_to_selected(state: &mut UiState, ctx: &Context) {
    let Some(sel) = state.facts.take() else {
        return;
    };
    go_to(state, ctx, sel);
}

fn go_to(state: &mut UiState, ctx: &Context, index: usize) {
    let Some(finding) = ctx.cmp.facts().and_then(|f| f.findings.get(index)) else {
        return;
    };
    let (l, r) = passages_of(ctx, finding);
    let Some(p) = l.or(r) else {
        state.message = Some("that fact is in no passage shown".to_owned());
        return;
    };
    select(state, ctx, p);
    state.fact_cursor = Some(index);
    state.message = Some(format!("{}: {}", finding.label(), summary(finding)));
    // The two sides of a finding can sit in passages far apart (sentences too different to
    // link): each pane then scrolls to its own side, so both are on screen together.
    if let (Some(l), Some(r)) = (l, r)
        && l != r
        && !ctx.rows.shape.stacked
    {
        let top = |k: usize| {
            let row = ctx.rows.passage_row.get(k).copied().unwrap_or(0);
            row.saturating_sub(1).min(ctx.last_top())
        };
        // The status line says "unsynced · s to sync" for as long as they stay apart.
        state.sync = false;
        state.top = [top(l), top(r)];
    }
}

/// `t`: `n`/`N` step through fact discrepancies, or through differing passages again.
pub fn toggle_steps(state: &mut UiState, ctx: &Context) {
    state.fact_steps = !state.fact_steps;
    let n = ctx.cmp.facts().map_or_else(
        || reading_facts(ctx.cmp),
        |f| f.discrepancies().count().to_string(),
    );
    state.message = Some(if state.fact_steps {
        format!("n/N step through fact discrepancies ({n}); t: back to differing passages")
    } else {
        "n/N step through differing passages".to_owned()
    });
}

/// `n`/`N` in fact steps: the next (or previous) discrepancy in display order; wraps.
pub fn step(state: &mut UiState, ctx: &Context, forward: bool) {
    let Some(facts) = ctx.cmp.facts() else {
        state.message = Some(format!("{}: try again in a moment", reading_facts(ctx.cmp)));
        return;
    };
    let findings = &facts.findings;
    let mut order: Vec<(usize, usize)> = findings
        .iter()
        .enumerate()
        .filter(|(_, f)| f.kind.is_discrepancy())
        .filter_map(|(i, f)| Some((passage_of(ctx, f)?, i)))
        .collect();
    order.sort_unstable();
    if order.is_empty() {
        state.message = Some("no fact discrepancies between these articles".to_owned());
        return;
    }
    // The reading position is the start of the selected passage, or, once a discrepancy in
    // it was visited, that discrepancy: steps go on from there, as `n` does in less.
    let here = current(state, ctx).unwrap_or(0);
    let at = state
        .fact_cursor
        .and_then(|c| order.iter().position(|&(p, i)| i == c && p == here));
    let next = match (at, forward) {
        (Some(k), true) => order.get(k + 1).copied(),
        (Some(k), false) => k.checked_sub(1).and_then(|k| order.get(k)).copied(),
        (None, true) => order.iter().copied().find(|&(p, _)| p >= here),
        (None, false) => order.iter().rev().copied().find(|&(p, _)| p < here),
    };
    let wrapped = next.is_none();
    let Some((_, index)) = next.or(if forward { order.first() } else { order.last() }.copied())
    else {
        return;
    };
    go_to(state, ctx, index);
    let k = order
        .iter()
        .position(|&(_, i)| i == index)
        .map_or(0, |k| k + 1);
    if let Some(msg) = &mut state.message {
        *msg = format!(
            "fact {k} of {}{} · {msg}",
            order.len(),
            if wrapped { " (wrapped)" } else { "" }
        );
    }
}
