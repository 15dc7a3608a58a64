//! Drawing: the state and rows → a frame. Only reads; never changes state.
//!
//! - [`panes`]: the text columns and the gutter between them;
//! - [`chrome`]: titles, status line, overview column, help overlay, the too-small message;
//! - `loading`: the loading screen shown while the comparison is prepared.
//! - [`picker`]: library mode's list of stories, articles and pairs.

mod chrome;
mod facts;
mod loading;
mod panes;
pub mod picker;

use ratatui::Frame;

use super::geometry::Geometry;
use super::keymap::Keymap;
use super::rows::{Comparison, Rows};
use super::state::UiState;
use super::theme::Theme;
use crate::layout::Tone;
use crate::review::session::Session;

/// Everything a frame is drawn from, borrowed.
pub struct View<'a> {
    /// Documents and passages.
    pub cmp: &'a Comparison,
    /// The rows for the current shape.
    pub rows: &'a Rows,
    /// The overview column, one tone per body row.
    pub overview: &'a [Tone],
    /// UI state.
    pub state: &'a UiState,
    /// Styles.
    pub theme: &'a Theme,
    /// Keys, for the help overlay.
    pub keymap: &'a Keymap,
    /// The review: statuses and notes for the gutter, progress for the status line.
    pub session: &'a Session,
}

/// Draws the loading screen (see [`super::loading`]).
pub fn loading(frame: &mut Frame, snapshot: &crate::progress::Snapshot) {
    loading::draw(frame, snapshot);
}

/// Draws the message for a terminal too small for anything.
pub fn draw_too_small(frame: &mut Frame) {
    chrome::too_small(frame);
}

/// Draws one frame.
pub fn draw(frame: &mut Frame, view: &View) {
    let geometry = Geometry::of(frame.area());
    if geometry == Geometry::TooSmall {
        chrome::too_small(frame);
        return;
    }
    chrome::titles(frame, view, &geometry);
    panes::body(frame, view, &geometry);
    chrome::overview(frame, view, &geometry);
    chrome::status(frame, view, &geometry);
    if view.state.notes {
        chrome::notes(frame, view);
    }
    facts::panel(frame, view);
    if view.state.editor.is_some() {
        chrome::editor(frame, view);
    }
    if view.state.help {
        chrome::help(frame, view);
    }
}
