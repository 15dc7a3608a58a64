//! Linking and unlinking by hand, sentence by sentence.
//!
//! `c` starts a link: on a passage that offers a choice (several sentences, or two sides), a
//! sentence cursor opens inside it, the whole side chosen at first; `j` `k` (`↓` `↑`) choose
//! one sentence, `J` `K` (`Shift-↓` `Shift-↑`) extend the run, `Tab` switches side, `Enter`
//! (or `c`) picks it. Then the same on the other side of another passage links the two. `B`
//! on a link with several sentences opens the same cursor: `Enter` (or `B`) takes the chosen
//! sentences out of the link, the rest staying linked (the whole side breaks the whole link).
//! `Esc` cancels. With nothing to choose (one sentence), the key acts at once.
//!
//! The choice is [`Choice`] in the state; [`choose_key`] is where its keys go (the app hands
//! them here while a choice is open) and [`hint`] is what the status line says meanwhile.

use std::ops::Range;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;
use super::context::{Command, Context};
use super::keymap::Keymap;
use super::navigate::{pane, set_top, side_name};
use super::reviewing::target;
use super::sentences;
use super::state::{Anchor, Choice, Outside, Pick, Purpose, Side, UiState};
use crate::layout::Passage;
use crate::review::Unit;

/// `c`: starts choosing this passage's sentences for a link by hand (the side picked first, or
/// the other side when one is picked already); picks or links at once when there is nothing
/// to choose.
pub fn link_by_hand(state: &mut UiState, ctx: &Context) -> Option<Command> {
    let (k, _) = target(state, ctx)?;
    let p = ctx.cmp.passages(ctx.rows.shape.arrangement).get(k)?.clone();
    let Some(pick) = state.pick.clone() else {
        let side = if p.left.is_empty() || (state.focus == Side::Right && !p.right.is_empty()) {
            Side::Right
        } else {
            Side::Left
        };
        let choice = Choice::new(Purpose::Link, k, side, range(&p, side));
        if choice.bounds.len() == 1 && range(&p, other(side)).is_empty() {
            return confirm(state, ctx, choice);
        }
        state.choice = Some(choice);
        return None;
    };
    let side = other(pick.side);
    let bounds = range(&p, side);
    if bounds.is_empty() {
        state.message = Some(format!(
            "passage {} has no {} side; select one that has (Esc cancels)",
            k + 1,
            side_name(side)
        ));
        return None;
    }
    let choice = Choice::new(Purpose::Link, k, side, bounds);
    if choice.bounds.len() == 1 {
        return confirm(state, ctx, choice);
    }
    state.choice = Some(choice);
    None
}

/// `B`: breaks the selected passage's link, or, when it holds several sentences, starts
/// choosing the ones to take out of it.
pub fn break_link(state: &mut UiState, ctx: &Context) -> Option<Command> {
    let (k, unit) = target(state, ctx)?;
    let p = ctx.cmp.passages(ctx.rows.shape.arrangement).get(k)?.clone();
    if p.link.is_none() {
        state.message = Some("this passage is not a link".to_owned());
        return None;
    }
    let shown = |side| range(&p, side).len();
    let one_to_one = unit.left.len() == 1 && unit.right.len() == 1;
    if one_to_one || shown(Side::Left) + shown(Side::Right) == 1 {
        state.anchor = Some(Anchor::Left(unit.left.start));
        state.message = Some("link broken (c links by hand)".to_owned());
        return Some(Command::Unlink(unit));
    }
    // The focused side when it has a choice to offer, else the side that has.
    let focus = state.focus;
    let side = if shown(focus) > 1 || (shown(focus) > 0 && shown(other(focus)) <= 1) {
        focus
    } else {
        other(focus)
    };
    state.choice = Some(Choice::new(Purpose::Unlink, k, side, range(&p, side)));
    None
}

/// A key while sentences are being chosen.
pub fn choose_key(
    state: &mut UiState,
    ctx: &Context,
    key: &KeyEvent,
    keymap: &Keymap,
) -> Option<Command> {
    let mut choice = state.choice.take()?;
    state.message = None;
    let shift = key.modifiers.contains(KeyModifiers::SHIFT);
    let extend = match key.code {
        KeyCode::Char('J') => Some(1),
        KeyCode::Char('K') => Some(-1),
        KeyCode::Down if shift => Some(1),
        KeyCode::Up if shift => Some(-1),
        _ => None,
    };
    let (first, last) = (
        choice.bounds.start,
        choice.bounds.end.saturating_sub(1).max(choice.bounds.start),
    );
    let step = |at: usize, by: isize| at.saturating_add_signed(by).clamp(first, last);
    let go = |choice: &mut Choice, to: usize| {
        choice.anchor = to;
        choice.cursor = to;
        choice.whole = false;
    };
    if let Some(by) = extend {
        choice.cursor = step(choice.cursor, by);
        choice.whole = false;
    } else if key.code == KeyCode::Enter {
        return confirm(state, ctx, choice);
    } else {
        match keymap.action_for(key) {
            Some(Action::ScrollDown) if choice.whole => go(&mut choice, first),
            Some(Action::ScrollUp) if choice.whole => go(&mut choice, last),
            Some(Action::ScrollDown) => {
                let to = step(choice.cursor, 1);
                go(&mut choice, to);
            }
            Some(Action::ScrollUp) => {
                let to = step(choice.cursor, -1);
                go(&mut choice, to);
            }
            Some(Action::Top) => go(&mut choice, first),
            Some(Action::Bottom) => go(&mut choice, last),
            Some(Action::FocusOther) => switch_side(state, ctx, &mut choice),
            Some(Action::LinkByHand) if choice.purpose == Purpose::Link => {
                return confirm(state, ctx, choice);
            }
            Some(Action::BreakLink) if choice.purpose == Purpose::Unlink => {
                return confirm(state, ctx, choice);
            }
            Some(Action::Back) => {
                state.pick = None;
                state.message = Some(match choice.purpose {
                    Purpose::Link => "link by hand cancelled".to_owned(),
                    Purpose::Unlink => "nothing taken out of the link".to_owned(),
                });
                return None;
            }
            Some(Action::Quit) => state.quit = true,
            Some(Action::Suspend) => state.outside = Some(Outside::Suspend),
            Some(Action::Help) => {
                state.help = true;
                state.overlay_top = 0;
            }
            _ => {
                state.message = Some("choosing sentences: Enter picks, Esc cancels".to_owned());
            }
        }
    }
    reveal(state, ctx, &choice);
    state.choice = Some(choice);
    None
}

/// `Tab` while choosing: the other side of the passage, when it shows one and may be chosen.
fn switch_side(state: &mut UiState, ctx: &Context, choice: &mut Choice) {
    if let Some(pick) = state
        .pick
        .as_ref()
        .filter(|_| choice.purpose == Purpose::Link)
    {
        state.message = Some(format!(
            "the {} side is picked already: choose on the {} side",
            side_name(pick.side),
            side_name(choice.side)
        ));
        return;
    }
    let ps = ctx.cmp.passages(ctx.rows.shape.arrangement);
    let bounds = ps
        .get(choice.passage)
        .map(|p| range(p, other(choice.side)))
        .unwrap_or_default();
    if bounds.is_empty() {
        state.message = Some(format!(
            "this passage has no {} side",
            side_name(other(choice.side))
        ));
        return;
    }
    *choice = Choice::new(choice.purpose, choice.passage, other(choice.side), bounds);
}

/// Scrolls so that the cursor's sentence is in view.
fn reveal(state: &mut UiState, ctx: &Context, choice: &Choice) {
    let Some(row) = sentences::first_row(
        ctx.cmp,
        ctx.rows,
        choice.passage,
        choice.side,
        choice.cursor,
    ) else {
        return;
    };
    let together = state.sync || ctx.rows.shape.stacked;
    let at = if together { 0 } else { pane(choice.side) };
    let top = state.top[at];
    let height = ctx.height.max(1);
    if row >= top && row < top + height {
        return;
    }
    let t = row.saturating_sub(height / 3).min(ctx.last_top());
    if together {
        set_top(state, t);
    } else {
        state.top[at] = t;
    }
}

/// `Enter` on a choice: picks the first side of a link, links, or takes sentences out.
fn confirm(state: &mut UiState, ctx: &Context, choice: Choice) -> Option<Command> {
    let chosen = choice.chosen();
    match choice.purpose {
        Purpose::Link => match state.pick.take() {
            None => {
                state.message = Some(format!(
                    "picked {}: select a passage with a {} side and press c (Esc cancels)",
                    describe(&choice),
                    side_name(other(choice.side)),
                ));
                state.pick = Some(Pick {
                    side: choice.side,
                    sentences: chosen,
                });
                None
            }
            Some(pick) => {
                let (left, right) = match pick.side {
                    Side::Left => (pick.sentences, chosen),
                    Side::Right => (chosen, pick.sentences),
                };
                let same = ctx.cmp.alignment.links.iter().any(|x| {
                    let u = Unit::of_link(x);
                    u.left == left && u.right == right
                });
                if same {
                    state.message = Some("these are already linked".to_owned());
                    return None;
                }
                state.anchor = Some(Anchor::Left(left.start));
                state.message = Some("linked by hand (B breaks it)".to_owned());
                Some(Command::Link { left, right })
            }
        },
        Purpose::Unlink => {
            let ps = ctx.cmp.passages(ctx.rows.shape.arrangement);
            let unit = Unit::of(ps.get(choice.passage)?, &ctx.cmp.alignment);
            let whole = match choice.side {
                Side::Left => unit.left.clone(),
                Side::Right => unit.right.clone(),
            };
            let anchor = match choice.side {
                Side::Left => Anchor::Left(chosen.start),
                Side::Right => Anchor::Right(chosen.start),
            };
            if chosen == whole {
                state.anchor = Some(anchor);
                state.message = Some("link broken (c links by hand)".to_owned());
                return Some(Command::Unlink(unit));
            }
            if chosen.start != whole.start && chosen.end != whole.end {
                state.message = Some(
                    "take out sentences at the start or the end: what stays linked must be one run"
                        .to_owned(),
                );
                state.choice = Some(choice);
                return None;
            }
            state.anchor = Some(anchor);
            state.message = Some(format!(
                "{} taken out of the link; the rest stays linked",
                describe(&choice)
            ));
            Some(Command::TakeOut {
                side: choice.side,
                sentences: chosen,
            })
        }
    }
}

/// What the status line says while sentences are being chosen, in at most `room` columns when
/// it can: what is chosen, then every key of the mode.
pub fn hint(state: &UiState, ctx: &Context, keymap: &Keymap, room: usize) -> String {
    let Some(choice) = &state.choice else {
        return String::new();
    };
    let other_shown = ctx
        .cmp
        .passages(ctx.rows.shape.arrangement)
        .get(choice.passage)
        .is_some_and(|p| !range(p, other(choice.side)).is_empty());
    let first = |a: Action, or: &str| {
        let keys = keymap.keys_of(a);
        keys.split(", ")
            .next()
            .filter(|k| !k.is_empty())
            .unwrap_or(or)
            .to_owned()
    };
    let (down, up) = (first(Action::ScrollDown, "j"), first(Action::ScrollUp, "k"));
    let tab = first(Action::FocusOther, "Tab");
    let back = first(Action::Back, "Esc");
    let (what, brief, done) = match (choice.purpose, &state.pick) {
        (Purpose::Link, None) => ("link by hand", "link", "picks"),
        (Purpose::Link, Some(_)) => ("link with the picked", "link", "links"),
        (Purpose::Unlink, _) => ("take out of the link", "take out", "takes out"),
    };
    let switch = other_shown && (state.pick.is_none() || choice.purpose == Purpose::Unlink);
    let other_side = side_name(other(choice.side));
    let (tab_long, tab_medium, tab_short) = if switch {
        (
            format!(" · {tab} {other_side} side"),
            format!(" · {tab} {other_side}"),
            format!(" {tab}"),
        )
    } else {
        Default::default()
    };
    // From the most said to the least, the first that fits.
    let forms = [
        format!(
            " {what}: {} · {down} {up} one sentence · J K more{tab_long} · Enter {done} · {back} cancels",
            describe(choice)
        ),
        format!(
            " {brief}: {} · {down}/{up} one · J/K more{tab_medium} · Enter {done} · {back} cancels",
            medium(choice)
        ),
        format!(
            " {brief}: {} · {down}/{up} J/K{tab_short} · Enter · {back}",
            short(choice)
        ),
    ];
    let fits = |f: &&String| f.chars().count() <= room;
    forms
        .iter()
        .find(fits)
        .unwrap_or(&forms[forms.len() - 1])
        .clone()
}

/// The mode shown while one side of a link is picked, waiting for the other.
pub fn pick_mode(pick: &Pick, keymap: &Keymap) -> String {
    let first = |a: Action, or: &'static str| {
        let keys = keymap.keys_of(a);
        keys.split(", ")
            .next()
            .filter(|k| !k.is_empty())
            .map_or(or.to_owned(), str::to_owned)
    };
    format!(
        "linking: {} picked · {} on a {} side links · {} cancels",
        sentences_name(pick.side, &pick.sentences, None),
        first(Action::LinkByHand, "c"),
        side_name(other(pick.side)),
        first(Action::Back, "Esc"),
    )
}

/// "left sentence 2 of 3", "left sentences 1–2 of 3", "the whole left side (3 sentences)".
fn describe(choice: &Choice) -> String {
    sentences_name(choice.side, &choice.chosen(), Some(&choice.bounds))
}

/// "left 2 of 3", "left 1–2 of 3".
fn medium(choice: &Choice) -> String {
    let (c, b) = (choice.chosen(), &choice.bounds);
    let at = |i: usize| i - b.start + 1;
    let name = side_name(choice.side);
    if c.len() == 1 {
        format!("{name} {} of {}", at(c.start), b.len())
    } else {
        format!("{name} {}–{} of {}", at(c.start), at(c.end - 1), b.len())
    }
}

/// "L 2/3", "L 1–2/3".
fn short(choice: &Choice) -> String {
    let (c, b) = (choice.chosen(), &choice.bounds);
    let letter = if choice.side == Side::Left { "L" } else { "R" };
    let at = |i: usize| i - b.start + 1;
    if c.len() == 1 {
        format!("{letter} {}/{}", at(c.start), b.len())
    } else {
        format!("{letter} {}–{}/{}", at(c.start), at(c.end - 1), b.len())
    }
}

fn sentences_name(side: Side, chosen: &Range<usize>, bounds: Option<&Range<usize>>) -> String {
    let name = side_name(side);
    let Some(b) = bounds else {
        let s = if chosen.len() == 1 { "" } else { "s" };
        return format!("{} {name} sentence{s}", chosen.len());
    };
    let at = |i: usize| i - b.start + 1;
    if chosen == b && b.len() > 1 {
        format!("the whole {name} side ({} sentences)", b.len())
    } else if chosen.len() == 1 {
        format!("{name} sentence {} of {}", at(chosen.start), b.len())
    } else {
        format!(
            "{name} sentences {}–{} of {}",
            at(chosen.start),
            at(chosen.end - 1),
            b.len()
        )
    }
}

fn range(p: &Passage, side: Side) -> Range<usize> {
    match side {
        Side::Left => p.left.clone(),
        Side::Right => p.right.clone(),
    }
}

fn other(side: Side) -> Side {
    match side {
        Side::Left => Side::Right,
        Side::Right => Side::Left,
    }
}
