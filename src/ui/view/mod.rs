//! Drawing: the state and rows → a frame. Only reads; never changes state.
//!
//! - [`panes`]: the text columns and the gutter between them;
//! - [`chrome`]: titles, overview column, help and notes overlays, the too-small message;
//! - [`status`]: the status line, fitted to the width;
//! - `loading`: the loading screen shown while the comparison is prepared.
//! - [`picker`]: library mode's list of stories, articles and pairs.

mod chrome;
mod facts;
mod frame;
mod loading;
mod panes;
pub mod picker;
mod status;

use ratatui::Frame;

pub use chrome::help_length;
pub use frame::View;

use super::geometry::Geometry;

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
    status::status(frame, view, &geometry);
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
