//! The incremental search (`/`): typing the query, its matches, stepping through them.
//!
//! Only changes [`UiState`]; drawing highlights the matches (`view::panes`).

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::context::Context;
use super::navigate::{current, select};
use super::state::UiState;

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
                .any(|i| cmp.left.sentences.at(i).text.to_lowercase().contains(&q))
                || p.right
                    .clone()
                    .any(|j| cmp.right.sentences.at(j).text.to_lowercase().contains(&q))
        })
        .map(|(k, _)| k)
        .collect()
}

/// `Ctrl-n`/`Ctrl-p`: selects the next (or previous) passage that matches; wraps.
pub fn step_match(state: &mut UiState, ctx: &Context, forward: bool) {
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

/// The search edit a key stands for while the query is being typed.
pub fn edit_of(key: &KeyEvent) -> Option<SearchEdit> {
    match key.code {
        KeyCode::Enter => Some(SearchEdit::Confirm),
        KeyCode::Esc => Some(SearchEdit::Cancel),
        KeyCode::Backspace => Some(SearchEdit::Backspace),
        KeyCode::Char(c)
            if !key
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
        {
            Some(SearchEdit::Char(c))
        }
        KeyCode::Char('c') => Some(SearchEdit::Cancel),
        _ => None,
    }
}
