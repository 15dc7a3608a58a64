//! [`Action`]: what the user asked for, independent of the key that asked.

/// A user intent. Keys map to actions ([`super::keymap`]); [`super::update`] carries them out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// One row down.
    ScrollDown,
    /// One row up.
    ScrollUp,
    /// Half a screen down.
    HalfPageDown,
    /// Half a screen up.
    HalfPageUp,
    /// A screen down.
    PageDown,
    /// A screen up.
    PageUp,
    /// To the first row.
    Top,
    /// To the last row.
    Bottom,
    /// To the next differing passage (changed, moved, one side only); wraps.
    NextDifference,
    /// To the previous differing passage; wraps.
    PrevDifference,
    /// To the other side of the selected moved passage.
    Counterpart,
    /// Focus the other pane (it scrolls alone when scrolling is not synchronised).
    FocusOther,
    /// Scroll both panes together, or each alone.
    ToggleSync,
    /// Source order on both sides, or the right side rearranged beside the left.
    ToggleLayout,
    /// Put the left article on the right and the right one on the left.
    SwapSides,
    /// Hide runs of equal passages behind a fold.
    ToggleDifferencesOnly,
    /// With differences only, keep one more equal passage beside each difference.
    MoreContext,
    /// With differences only, keep one equal passage fewer beside each difference.
    LessContext,
    /// Show or hide the word differences (removed, added, shared key terms).
    ToggleWords,
    /// What the word differences leave out: nothing, punctuation, number formats, or both.
    CycleIgnore,
    /// Show or hide the marks of facts the two sides disagree on.
    ToggleFactMarks,
    /// Show or hide the marks of search matches (the search itself is kept).
    ToggleSearchMarks,
    /// Start an incremental search.
    Search,
    /// To the next search match.
    NextMatch,
    /// To the previous search match.
    PrevMatch,
    /// Show the facts panel: numbers, quotations and sources that differ, and name variants.
    Facts,
    /// Make `n`/`N` step through fact discrepancies instead of differing passages, or back.
    ToggleFactSteps,
    /// Mark the passage reviewed (again: unreviewed) and go to the next unreviewed difference.
    MarkReviewed,
    /// Flag the passage for follow-up, or take the flag off.
    ToggleFlag,
    /// Write or edit the passage's note.
    EditNote,
    /// To the next unreviewed difference; wraps.
    NextUnreviewed,
    /// To the previous unreviewed difference; wraps.
    PrevUnreviewed,
    /// Show all passages, only unreviewed differences, or only flagged passages.
    CycleReviewFilter,
    /// Link by hand: choose sentences of this passage's side, then of another passage's other
    /// side.
    LinkByHand,
    /// Break the selected passage's link, or choose sentences to take out of it.
    BreakLink,
    /// List every note, orphaned ones included, and the recent status-line messages in full.
    Notes,
    /// Write an HTML report of the review to the current directory.
    ExportReport,
    /// Copy the selected passage's text to the clipboard (through the terminal, OSC 52).
    CopyPassage,
    /// Open the focused side's article in `$VISUAL` / `$EDITOR` at the selected passage.
    OpenInEditor,
    /// Library mode: the left side shows the next article of the same story.
    NextLeftArticle,
    /// Library mode: the right side shows the next article of the same story.
    NextRightArticle,
    /// Library mode: back to the list of stories and articles.
    Picker,
    /// Show or hide the key list.
    Help,
    /// Close an overlay or clear the search.
    Back,
    /// Leave the reader.
    Quit,
    /// Suspend to the shell (Ctrl-Z).
    Suspend,
}

impl Action {
    /// Every action, in the order the help lists them.
    pub const ALL: [Action; 46] = [
        Action::ScrollDown,
        Action::ScrollUp,
        Action::HalfPageDown,
        Action::HalfPageUp,
        Action::PageDown,
        Action::PageUp,
        Action::Top,
        Action::Bottom,
        Action::NextDifference,
        Action::PrevDifference,
        Action::Counterpart,
        Action::FocusOther,
        Action::ToggleSync,
        Action::ToggleLayout,
        Action::SwapSides,
        Action::ToggleDifferencesOnly,
        Action::MoreContext,
        Action::LessContext,
        Action::ToggleWords,
        Action::CycleIgnore,
        Action::ToggleFactMarks,
        Action::ToggleSearchMarks,
        Action::Search,
        Action::NextMatch,
        Action::PrevMatch,
        Action::Facts,
        Action::ToggleFactSteps,
        Action::MarkReviewed,
        Action::ToggleFlag,
        Action::EditNote,
        Action::NextUnreviewed,
        Action::PrevUnreviewed,
        Action::CycleReviewFilter,
        Action::LinkByHand,
        Action::BreakLink,
        Action::Notes,
        Action::ExportReport,
        Action::CopyPassage,
        Action::OpenInEditor,
        Action::NextLeftArticle,
        Action::NextRightArticle,
        Action::Picker,
        Action::Help,
        Action::Back,
        Action::Quit,
        Action::Suspend,
    ];

    /// The action's name in the configuration file.
    pub fn name(self) -> &'static str {
        match self {
            Action::ScrollDown => "scroll_down",
            Action::ScrollUp => "scroll_up",
            Action::HalfPageDown => "half_page_down",
            Action::HalfPageUp => "half_page_up",
            Action::PageDown => "page_down",
            Action::PageUp => "page_up",
            Action::Top => "top",
            Action::Bottom => "bottom",
            Action::NextDifference => "next_difference",
            Action::PrevDifference => "prev_difference",
            Action::Counterpart => "counterpart",
            Action::FocusOther => "focus_other",
            Action::ToggleSync => "toggle_sync",
            Action::ToggleLayout => "toggle_layout",
            Action::SwapSides => "swap_sides",
            Action::ToggleDifferencesOnly => "toggle_differences_only",
            Action::MoreContext => "more_context",
            Action::LessContext => "less_context",
            Action::ToggleWords => "toggle_word_differences",
            Action::CycleIgnore => "cycle_ignore",
            Action::ToggleFactMarks => "toggle_fact_highlights",
            Action::ToggleSearchMarks => "toggle_search_highlights",
            Action::Search => "search",
            Action::NextMatch => "next_match",
            Action::PrevMatch => "prev_match",
            Action::Facts => "facts",
            Action::ToggleFactSteps => "toggle_fact_steps",
            Action::MarkReviewed => "mark_reviewed",
            Action::ToggleFlag => "toggle_flag",
            Action::EditNote => "edit_note",
            Action::NextUnreviewed => "next_unreviewed",
            Action::PrevUnreviewed => "prev_unreviewed",
            Action::CycleReviewFilter => "review_filter",
            Action::LinkByHand => "link_by_hand",
            Action::BreakLink => "break_link",
            Action::Notes => "notes",
            Action::ExportReport => "export_report",
            Action::CopyPassage => "copy_passage",
            Action::OpenInEditor => "open_in_editor",
            Action::NextLeftArticle => "next_left_article",
            Action::NextRightArticle => "next_right_article",
            Action::Picker => "picker",
            Action::Help => "help",
            Action::Back => "back",
            Action::Quit => "quit",
            Action::Suspend => "suspend",
        }
    }

    /// What the action does, for the help overlay.
    pub fn description(self) -> &'static str {
        match self {
            Action::ScrollDown => "scroll down",
            Action::ScrollUp => "scroll up",
            Action::HalfPageDown => "half a page down",
            Action::HalfPageUp => "half a page up",
            Action::PageDown => "page down",
            Action::PageUp => "page up",
            Action::Top => "top",
            Action::Bottom => "bottom",
            Action::NextDifference => "next differing passage",
            Action::PrevDifference => "previous differing passage",
            Action::Counterpart => "moved passage's counterpart",
            Action::FocusOther => "focus the other pane",
            Action::ToggleSync => "synchronised scrolling on/off",
            Action::ToggleLayout => "layout: source order / rearranged",
            Action::SwapSides => "swap the left and right articles",
            Action::ToggleDifferencesOnly => "differences only on/off",
            Action::MoreContext => "more context around differences (d)",
            Action::LessContext => "less context around differences (d)",
            Action::ToggleWords => "word differences marked on/off",
            Action::CycleIgnore => "ignore punctuation / number formats / both / neither",
            Action::ToggleFactMarks => "facts marked on/off",
            Action::ToggleSearchMarks => "search matches marked on/off",
            Action::Search => "search (Enter keeps, Esc cancels)",
            Action::NextMatch => "next search match",
            Action::PrevMatch => "previous search match",
            Action::Facts => "facts that differ",
            Action::ToggleFactSteps => "n/N: passages / facts",
            Action::MarkReviewed => "mark reviewed, go to the next unreviewed",
            Action::ToggleFlag => "flag / unflag",
            Action::EditNote => "write or edit the note",
            Action::NextUnreviewed => "next unreviewed difference",
            Action::PrevUnreviewed => "previous unreviewed difference",
            Action::CycleReviewFilter => "show: all / unreviewed / flagged",
            Action::LinkByHand => "link by hand, sentence by sentence",
            Action::BreakLink => "break the link, or take sentences out",
            Action::Notes => "all notes (orphaned too), recent messages in full",
            Action::ExportReport => "write an HTML report",
            Action::CopyPassage => "copy the passage to the clipboard",
            Action::OpenInEditor => "open the article in $EDITOR there",
            Action::NextLeftArticle => "left: next article of the story",
            Action::NextRightArticle => "right: next article of the story",
            Action::Picker => "back to the stories and articles",
            Action::Help => "this help",
            Action::Back => "close overlay / clear search",
            Action::Quit => "quit",
            Action::Suspend => "suspend to the shell",
        }
    }

    /// The action named `name` in a configuration file.
    pub fn from_name(name: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.name() == name)
    }
}
