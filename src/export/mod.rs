//! Export: an alignment written out for other programs and for people.
//!
//! - [`json`]: the public contract of `diptych align --format json` (`docs/json.md`), and
//!   the same with review fields for reports;
//! - [`text`]: a plain side-by-side rendering for pipes and terminals, laid out by
//!   [`crate::layout`] exactly as the reader lays it out;
//! - [`report`]: what a review report holds, written by [`markdown`] and [`html`];
//! - [`rank`]: a library's stories and ranked pairs (`diptych rank`), as JSON and text;
//! - [`report_file`]: where a report exported from the reader is written.

pub mod html;
pub mod json;
pub mod markdown;
pub mod rank;
pub mod report;
pub mod report_file;
pub mod text;

use crate::progress::Cancelled;

/// The text an export wrote into memory: only whole strings are written, so nothing is ever
/// replaced (the lossy reading is for the impossible case, rather than a panic).
fn text_of(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Why an export streamed to an output (the JSON, the text) could not be written in full.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The work was cancelled (what was written so far is cut short).
    #[error(transparent)]
    Cancelled(#[from] Cancelled),
    /// The output refused it (a closed pipe, a full disk).
    #[error(transparent)]
    Io(#[from] std::io::Error),
}
