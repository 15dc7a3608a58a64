//! The review keys: marking reviewed or flagged, stepping through unreviewed differences
//! (linking by hand is [`super::linking`]).
//!
//! Each returns the [`Command`] the app carries out (and saves); the state only says what
//! happened.

use super::context::{Command, Context};
use super::navigate::{current, select};
use super::state::UiState;
use crate::review::{Status, Unit};

const ALL_REVIEWED: &str = "no unreviewed difference left";

/// The passage a review key acts on (the one being read), selected, with its unit.
pub fn target(state: &mut UiState, ctx: &Context) -> Option<(usize, Unit)> {
    let Some(k) = current(state, ctx) else {
        state.message = Some("no passage here".to_owned());
        return None;
    };
    let p = ctx.cmp.passages(ctx.rows.shape.arrangement).get(k)?;
    state.selected = Some(k);
    Some((k, Unit::of(p, &ctx.cmp.alignment)))
}

/// `x`: marks the passage reviewed and goes to the next unreviewed difference; on a reviewed
/// passage, takes the mark back.
pub fn mark_reviewed(state: &mut UiState, ctx: &Context) -> Option<Command> {
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

/// `f`: flags the passage for follow-up, or takes the flag off.
pub fn toggle_flag(state: &mut UiState, ctx: &Context) -> Option<Command> {
    let (k, unit) = target(state, ctx)?;
    let (status, word) = if ctx.review.status(&unit) == Status::Flagged {
        (Status::Unreviewed, "flag removed")
    } else {
        (Status::Flagged, "flagged")
    };
    state.message = Some(format!("passage {}: {word}", k + 1));
    Some(Command::SetStatus(unit, status))
}

/// Selects the next (or previous) unreviewed difference, wrapping; `skip` is taken as
/// reviewed already (it is being marked). Counted as review progress counts: the two halves
/// of a moved link are one difference.
pub fn step_unreviewed(state: &mut UiState, ctx: &Context, forward: bool, skip: Option<&Unit>) {
    let ps = ctx.cmp.passages(ctx.rows.shape.arrangement);
    let open: Vec<(usize, Unit)> = (0..ps.len())
        .filter(|&k| ps[k].kind.is_difference() && !ctx.rows.folded[k])
        .map(|k| (k, Unit::of(&ps[k], &ctx.cmp.alignment)))
        .filter(|(_, u)| skip != Some(u) && ctx.review.status(u) == Status::Unreviewed)
        .collect();
    let mut units: Vec<&Unit> = Vec::new();
    for (_, u) in &open {
        if !units.contains(&u) {
            units.push(u);
        }
    }
    let here = current(state, ctx).unwrap_or(0);
    let next = if forward {
        open.iter().find(|(k, _)| *k > here)
    } else {
        open.iter().rev().find(|(k, _)| *k < here)
    };
    let wrapped = if forward { open.first() } else { open.last() };
    match next.or(wrapped) {
        Some((k, unit)) => {
            select(state, ctx, *k);
            state.message = Some(format!(
                "unreviewed difference {} of {}{}",
                units.iter().position(|u| *u == unit).map_or(0, |i| i + 1),
                units.len(),
                if next.is_none() { " (wrapped)" } else { "" }
            ));
        }
        None => state.message = Some(ALL_REVIEWED.to_owned()),
    }
}
