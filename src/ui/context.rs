//! [`Context`]: what the reader's state changes may read; [`Command`]: what they ask the app
//! to carry out (a change to the review, a report).
//!
//! Shared by every module that changes [`super::state::UiState`] ([`super::update`] and the
//! ones it hands keys to), so none of them needs another just for these types.

use std::ops::Range;

use super::rows::{Comparison, Rows};
use super::state::Side;
use crate::review::{Review, Status, Unit};

/// What a state change may read.
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

impl Context<'_> {
    /// The last row that can be at the top of the screen.
    pub fn last_top(&self) -> usize {
        self.rows.len().saturating_sub(self.height.max(1))
    }
}

/// A change to the review that the app carries out (and saves) after a state change.
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
    /// Take these sentences of one side out of their link (the rest stays linked).
    TakeOut {
        /// The side they are on.
        side: Side,
        /// The sentences.
        sentences: Range<usize>,
    },
    /// Write a report.
    Export,
    /// Swap the two articles (and the review with them).
    SwapSides,
}
