//! [`View`]: everything a frame is drawn from, borrowed from the app for one frame.

use crate::layout::Tone;
use crate::review::session::Session;
use crate::ui::keymap::Keymap;
use crate::ui::rows::{Comparison, Rows};
use crate::ui::state::UiState;
use crate::ui::theme::Theme;

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
