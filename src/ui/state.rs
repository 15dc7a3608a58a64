//! [`UiState`]: everything the reader remembers between key presses, as plain data.
//!
//! [`super::update`] changes it for every input, and `App::prepare` after a relayout (to keep the
//! passage being read in view); drawing only reads it.

use std::ops::Range;

use super::editor::NoteEditor;

/// How the right side is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Arrangement {
    /// Both documents in their own reading order.
    SourceOrder,
    /// The right side rearranged so counterparts sit beside the left passages.
    Rearranged,
}

/// Which document a stacked row shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    /// The left document.
    Left,
    /// The right document.
    Right,
}

/// The incremental search.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Search {
    /// The query (case-insensitive substring).
    pub query: String,
    /// Whether the query is being typed.
    pub editing: bool,
    /// Passages (display order) whose text contains the query.
    pub matches: Vec<usize>,
    /// Where the view was when the search began, to return to on Esc.
    pub origin: Option<([usize; 2], Option<usize>)>,
}

/// A passage to bring into view once the rows for a new shape exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// The passage that shows this left sentence.
    Left(usize),
    /// The passage that shows this right sentence.
    Right(usize),
}

/// Which passages are shown, by review status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum ReviewFilter {
    /// Every passage.
    #[default]
    All,
    /// Only differences not yet reviewed.
    Unreviewed,
    /// Only flagged passages.
    Flagged,
}

/// One side of a link being made by hand, waiting for the other.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pick {
    /// The side picked.
    pub side: Side,
    /// Its sentences.
    pub sentences: Range<usize>,
}

/// Something the reader asks of whoever owns the terminal, beyond drawing on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outside {
    /// Suspend to the shell (Ctrl-Z).
    Suspend,
    /// Put this text on the clipboard.
    Clipboard(String),
    /// Open this file in the user's editor at the line holding this byte.
    Editor {
        /// The article's file.
        path: std::path::PathBuf,
        /// A byte offset in the file as read.
        byte: usize,
    },
}

/// Carries out an [`Outside`] request on a terminal; returns what the status line should say.
/// An error means the terminal is lost and ends the reader.
pub type OutsideFn<'a, B> =
    dyn FnMut(&mut ratatui::Terminal<B>, &Outside) -> anyhow::Result<Option<String>> + 'a;

/// What sentences are being chosen for: `c` links them, `B` takes them out of their link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// One side of a link by hand.
    Link,
    /// Sentences to take out of the passage's link.
    Unlink,
}

/// Sentences being chosen inside one side of a passage (after `c` or `B`): a cursor sentence
/// and the other end of the run, both sentence indexes of that side's document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// What the sentences are for.
    pub purpose: Purpose,
    /// The passage (display order) they are in.
    pub passage: usize,
    /// The side they are on.
    pub side: Side,
    /// The passage's sentences on that side: where the cursor can go.
    pub bounds: Range<usize>,
    /// The end of the run that stays put while the cursor extends it.
    pub anchor: usize,
    /// The sentence the cursor is on.
    pub cursor: usize,
    /// Whether the whole side is chosen (as at first): `j` then goes to its first sentence,
    /// `k` to its last.
    pub whole: bool,
}

impl Choice {
    /// A choice of the whole of `bounds`.
    pub fn new(purpose: Purpose, passage: usize, side: Side, bounds: Range<usize>) -> Choice {
        Choice {
            purpose,
            passage,
            side,
            anchor: bounds.start,
            cursor: bounds.end.saturating_sub(1).max(bounds.start),
            bounds,
            whole: true,
        }
    }

    /// The chosen sentences.
    pub fn chosen(&self) -> Range<usize> {
        self.anchor.min(self.cursor)..self.anchor.max(self.cursor) + 1
    }
}

/// What the reader asks of the library it was opened from, on leaving.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LibraryRequest {
    /// Show the next article of the story on this side.
    Next(Side),
    /// Go back to the picker.
    Picker,
}

/// How many status-line messages the history keeps.
pub const MESSAGES_KEPT: usize = 50;

/// Which highlight layers are shown; each has a key that turns it off and on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layers {
    /// The word differences (removed, added, shared key terms).
    pub words: bool,
    /// The facts the two sides disagree on.
    pub facts: bool,
    /// Search matches.
    pub search: bool,
}

impl Default for Layers {
    fn default() -> Self {
        Layers {
            words: true,
            facts: true,
            search: true,
        }
    }
}

/// The reader's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UiState {
    /// First visible row of the left and right panes (equal while scrolling is synchronised).
    pub top: [usize; 2],
    /// The pane that scrolls alone when scrolling is not synchronised.
    pub focus: Side,
    /// Whether both panes scroll together.
    pub sync: bool,
    /// Passage order.
    pub arrangement: Arrangement,
    /// Fold runs of equal passages.
    pub differences_only: bool,
    /// With `differences_only`, the equal passages kept beside each difference.
    pub context: usize,
    /// The selected passage (display order).
    pub selected: Option<usize>,
    /// A count being typed before a key (`12G` goes to passage 12).
    pub count: Option<usize>,
    /// The search.
    pub search: Search,
    /// Which passages the review filter shows.
    pub review_filter: ReviewFilter,
    /// The note being written, if any.
    pub editor: Option<NoteEditor>,
    /// A side picked for a link by hand.
    pub pick: Option<Pick>,
    /// Sentences being chosen (after `c` or `B`); keys move the choice until it is confirmed
    /// or cancelled.
    pub choice: Option<Choice>,
    /// Whether the list of notes is shown.
    pub notes: bool,
    /// The facts panel, when shown: the finding selected in it.
    pub facts: Option<usize>,
    /// Whether `n`/`N` step through fact discrepancies instead of differing passages.
    pub fact_steps: bool,
    /// The discrepancy `n`/`N` last went to (an index into the findings).
    pub fact_cursor: Option<usize>,
    /// Whether the key list is shown.
    pub help: bool,
    /// The first line of the key list shown, when it is longer than the screen.
    pub overlay_top: usize,
    /// A one-line message for the status line.
    pub message: Option<String>,
    /// The messages shown so far, oldest first (at most [`MESSAGES_KEPT`]), in full.
    pub messages: Vec<String>,
    /// The highlight layers shown.
    pub layers: Layers,
    /// What the word differences leave out.
    pub ignore: crate::align::word_diff::Ignore,
    /// A passage to bring into view after a relayout.
    pub anchor: Option<Anchor>,
    /// Set when the user quits.
    pub quit: bool,
    /// What the user asked of the terminal outside the screen (suspend, clipboard, editor);
    /// the loop carries it out and clears it.
    pub outside: Option<Outside>,
    /// Whether the reader was opened from a library (so it can switch articles).
    pub in_library: bool,
    /// Set, with `quit`, when the user asks the library for another article or the picker.
    pub library_request: Option<LibraryRequest>,
}

impl Default for UiState {
    fn default() -> Self {
        UiState {
            top: [0, 0],
            focus: Side::Left,
            sync: true,
            arrangement: Arrangement::SourceOrder,
            differences_only: false,
            context: super::config::DEFAULT_CONTEXT,
            selected: None,
            count: None,
            search: Search::default(),
            review_filter: ReviewFilter::All,
            editor: None,
            pick: None,
            choice: None,
            notes: false,
            facts: None,
            fact_steps: false,
            fact_cursor: None,
            help: false,
            overlay_top: 0,
            message: None,
            messages: Vec::new(),
            layers: Layers::default(),
            ignore: Default::default(),
            anchor: None,
            quit: false,
            outside: None,
            in_library: false,
            library_request: None,
        }
    }
}
