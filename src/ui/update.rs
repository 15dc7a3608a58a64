//! [`update`]: carries out an [`Action`] on the [`UiState`]; every key changes state here, or
//! in the module it hands the key to ([`super::navigate`], [`super::search`],
//! [`super::reviewing`], [`super::linking`], [`super::facts`]).
//!
//! It reads the current rows and the comparison through a [`Context`] and never touches the
//! terminal, so each action can be tested alone.

use super::action::Action;
use super::config::MAX_CONTEXT;
use super::context::{Command, Context};
use super::editor::NoteEditor;
use super::linking::{break_link, link_by_hand};
use super::navigate::{
    anchor_of, counterpart, go_to_passage, pane, scroll, set_top, side_name, step_difference,
    to_end,
};
use super::reviewing::{mark_reviewed, step_unreviewed, target, toggle_flag};
use super::search::step_match;
use super::state::{Arrangement, LibraryRequest, Outside, ReviewFilter, Side, UiState};
use crate::align::word_diff::Ignore;

/// Applies `action`; a change to the review comes back as a [`Command`] for the app.
pub fn update(state: &mut UiState, action: Action, ctx: &Context) -> Option<Command> {
    if state.facts.is_some() {
        super::facts::panel(state, action, ctx);
        return None;
    }
    if state.help || state.notes {
        let page = ctx.height.max(2) - 1;
        let top = &mut state.overlay_top;
        // Moved freely here; the app keeps it within the key list's length.
        match action {
            Action::Quit => state.quit = true,
            Action::Help | Action::Back | Action::Notes => {
                state.help = false;
                state.notes = false;
            }
            Action::ScrollDown => *top += 1,
            Action::ScrollUp => *top = top.saturating_sub(1),
            Action::PageDown | Action::HalfPageDown => *top += page,
            Action::PageUp | Action::HalfPageUp => *top = top.saturating_sub(page),
            Action::Top => *top = 0,
            Action::Bottom => *top = usize::MAX,
            _ => {}
        }
        return None;
    }
    state.message = None;
    let count = state.count.take();
    if let Some(n) = count
        && matches!(action, Action::Top | Action::Bottom)
    {
        go_to_passage(state, ctx, n);
        return None;
    }
    let page = ctx.height.max(1);
    match action {
        Action::ScrollDown => scroll(state, ctx, 1),
        Action::ScrollUp => scroll(state, ctx, -1),
        Action::HalfPageDown => scroll(state, ctx, (page / 2).max(1) as isize),
        Action::HalfPageUp => scroll(state, ctx, -((page / 2).max(1) as isize)),
        Action::PageDown => scroll(state, ctx, page.saturating_sub(1).max(1) as isize),
        Action::PageUp => scroll(state, ctx, -(page.saturating_sub(1).max(1) as isize)),
        Action::Top => to_end(state, ctx, false),
        Action::Bottom => to_end(state, ctx, true),
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
        Action::SwapSides => return Some(Command::SwapSides),
        Action::ToggleDifferencesOnly => {
            state.anchor = anchor_of(state, ctx);
            state.differences_only = !state.differences_only;
            state.message = Some(if state.differences_only {
                context_message(state.context)
            } else {
                "showing all passages".to_owned()
            });
        }
        Action::MoreContext | Action::LessContext => {
            state.anchor = anchor_of(state, ctx);
            let more = action == Action::MoreContext;
            let was = (state.differences_only, state.context);
            state.context = if more {
                (state.context + 1).min(MAX_CONTEXT)
            } else {
                state.context.saturating_sub(1)
            };
            // The keys mean "differences only, with this much context": they turn it on.
            state.differences_only = true;
            state.message = Some(if was == (true, state.context) {
                format!(
                    "context is already {} (the {})",
                    state.context,
                    if more { "most" } else { "least" }
                )
            } else {
                context_message(state.context)
            });
        }
        Action::ToggleWords => {
            state.layers.words = !state.layers.words;
            state.message = Some(layer_message("word differences", state.layers.words, 'w'));
        }
        Action::CycleIgnore => {
            let i = state.ignore;
            state.ignore = match (i.punctuation, i.number_format) {
                (false, false) => Ignore {
                    punctuation: true,
                    number_format: false,
                },
                (true, false) => Ignore {
                    punctuation: false,
                    number_format: true,
                },
                (false, true) => Ignore {
                    punctuation: true,
                    number_format: true,
                },
                (true, true) => Ignore::default(),
            };
            state.message = Some(match ignoring(state.ignore) {
                Some(what) => format!("word differences ignore {what} (and case)"),
                None => "word differences ignore case only".to_owned(),
            });
        }
        Action::ToggleFactMarks => {
            state.layers.facts = !state.layers.facts;
            state.message = Some(layer_message("facts", state.layers.facts, 'h'));
        }
        Action::ToggleSearchMarks => {
            state.layers.search = !state.layers.search;
            state.message = Some(layer_message("search matches", state.layers.search, '\\'));
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
        Action::Help => {
            state.help = true;
            state.overlay_top = 0;
        }
        Action::Back => {
            if state.pick.take().is_some() {
                state.message = Some("link by hand cancelled".to_owned());
            } else if !state.search.query.is_empty() {
                state.search = Default::default();
                state.message = Some("search cleared".to_owned());
            }
        }
        Action::Quit => state.quit = true,
        Action::Suspend => state.outside = Some(Outside::Suspend),
        Action::CopyPassage => super::handoff::copy_passage(state, ctx),
        Action::OpenInEditor => super::handoff::open_in_editor(state, ctx),
        Action::NextLeftArticle | Action::NextRightArticle | Action::Picker => {
            library_request(state, action);
        }
    }
    None
}

/// A digit typed with no action bound to it: part of a count for the next key (`12G`).
pub fn digit(state: &mut UiState, d: u32) {
    if state.help || state.notes || state.facts.is_some() {
        return;
    }
    let n = state
        .count
        .unwrap_or(0)
        .saturating_mul(10)
        .saturating_add(d as usize);
    state.count = Some(n);
    state.message = Some(format!("{n}… G goes to passage {n} (Esc cancels)"));
}

/// What the status line says when differences only is on with `context` passages of context.
fn context_message(context: usize) -> String {
    match context {
        0 => "differences only: every equal passage folded (+ keeps some beside each)".to_owned(),
        1 => "differences only: one equal passage kept beside each (+ more, - fewer)".to_owned(),
        n => format!("differences only: {n} equal passages kept beside each (+ more, - fewer)"),
    }
}

/// What the word differences leave out beyond case, in words ("punctuation"), if anything.
pub fn ignoring(ignore: Ignore) -> Option<&'static str> {
    match (ignore.punctuation, ignore.number_format) {
        (false, false) => None,
        (true, false) => Some("punctuation"),
        (false, true) => Some("number formats"),
        (true, true) => Some("punctuation and number formats"),
    }
}

/// What the status line says when a highlight layer is turned on or off.
fn layer_message(what: &str, shown: bool, key: char) -> String {
    if shown {
        format!("{what} marked")
    } else {
        format!("{what} not marked ({key} marks them again)")
    }
}

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
