//! The facts panel and fact steps: what `F`, `t` and, in fact steps, `n`/`N` do.
//!
//! Like [`super::update`], these only change [`UiState`]; the panel is drawn by
//! `view::facts`.

use super::action::Action;
use super::state::UiState;
use super::update::{Context, current, select};
use crate::facts::{Finding, FindingKind, Mention};
use crate::visible::visible;

/// The passage (display order) that shows a finding: its first left mention's, else right.
pub fn passage_of(ctx: &Context, finding: &Finding) -> Option<usize> {
    let ps = ctx.cmp.passages(ctx.rows.shape.arrangement);
    let first = |ms: &[Mention]| ms.first().and_then(Mention::sentence);
    if let Some(s) = first(&finding.left) {
        return ps.iter().position(|p| p.left.contains(&s));
    }
    let s = first(&finding.right)?;
    ps.iter().position(|p| p.right.contains(&s))
}

/// One line saying what a finding is: "around 14,000 soldiers ≠ an estimated 11,000 soldiers".
pub fn summary(finding: &Finding) -> String {
    let side = |ms: &[Mention]| {
        ms.iter()
            .map(|m| {
                let t = visible(&m.text);
                if matches!(
                    finding.kind,
                    FindingKind::Quote | FindingKind::OneSidedQuote
                ) {
                    format!("“{t}”")
                } else {
                    t.into_owned()
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (l, r) = (side(&finding.left), side(&finding.right));
    match finding.kind {
        FindingKind::NameVariants if r.is_empty() => format!("{l} (left)"),
        FindingKind::NameVariants if l.is_empty() => format!("{r} (right)"),
        FindingKind::NameVariants => format!("{l} = {r}"),
        _ if r.is_empty() => format!("{l} (left only)"),
        _ if l.is_empty() => format!("{r} (right only)"),
        _ => format!("{l} ≠ {r}"),
    }
}

/// Opens the panel with the first finding at or after the passage being read selected.
pub fn open(state: &mut UiState, ctx: &Context) {
    let here = current(state, ctx).unwrap_or(0);
    let findings = &ctx.cmp.facts().findings;
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
    let last = ctx.cmp.facts().findings.len().saturating_sub(1);
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
    let findings = &ctx.cmp.facts().findings;
    let Some(finding) = findings.get(index) else {
        return;
    };
    match passage_of(ctx, finding) {
        Some(p) => {
            select(state, ctx, p);
            state.fact_cursor = Some(index);
            state.message = Some(format!("{}: {}", finding.kind.label(), summary(finding)));
        }
        None => state.message = Some("that fact is in no passage shown".to_owned()),
    }
}

/// `t`: `n`/`N` step through fact discrepancies, or through differing passages again.
pub fn toggle_steps(state: &mut UiState, ctx: &Context) {
    state.fact_steps = !state.fact_steps;
    let n = ctx.cmp.facts().discrepancies().count();
    state.message = Some(if state.fact_steps {
        format!("n/N step through fact discrepancies ({n}); t: back to differing passages")
    } else {
        "n/N step through differing passages".to_owned()
    });
}

/// `n`/`N` in fact steps: the next (or previous) discrepancy in display order; wraps.
pub fn step(state: &mut UiState, ctx: &Context, forward: bool) {
    let findings = &ctx.cmp.facts().findings;
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
    let here = current(state, ctx).unwrap_or(0);
    // Continue from the last discrepancy visited while its passage is still the one read.
    let at = state
        .fact_cursor
        .and_then(|c| order.iter().position(|&(p, i)| i == c && p == here));
    let next = match (at, forward) {
        (Some(k), true) => order.get(k + 1).copied(),
        (Some(k), false) => k.checked_sub(1).and_then(|k| order.get(k)).copied(),
        (None, true) => order
            .iter()
            .copied()
            .find(|&(p, _)| p > here || (p == here && state.selected.is_none())),
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
