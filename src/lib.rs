//! diptych: compare two articles side by side, passage by passage.
//!
//! Data flows one way:
//!
//! ```text
//! file bytes ──load──▶ Document ──align──▶ Alignment ──export──▶ JSON / text
//! ```
//!
//! - [`load`] turns a file (plain text, Markdown, HTML; any common encoding) into a
//!   [`load::Document`]: paragraphs and sentences, page furniture set aside, every sentence tied
//!   to its byte range in the file.
//! - [`export`] writes what the engine found in the machine-readable contract
//!   (`docs/json.md`) and as plain side-by-side text.
//! - [`visible`] makes control characters visible before any article text is printed.
//! - [`fetch`] fetches articles by URL and keeps every fetch in a cache.
//! - [`temp`] writes in folders other users can write to (the temporary directory) without
//!   following links planted there.
//!
//! The core modules never touch the terminal; see `docs/architecture.md`.

pub mod align;
pub mod atomic;
pub mod eval;
pub mod export;
pub mod facts;
pub mod fetch;
pub mod layout;
pub mod library;
pub mod load;
pub mod parallel;
pub mod progress;
pub mod regular_file;
pub mod review;
pub mod temp;
#[cfg(test)]
mod testing;
pub mod ui;
pub mod visible;
pub mod words;
