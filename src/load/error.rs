//! [`LoadError`]: why a file could not become a [`super::Document`].

use thiserror::Error;

/// A file that could not be loaded, with the path as the user gave it.
///
/// Displays as one line, `PATH: reason`, fit to show the user as is.
#[derive(Debug, Error)]
#[error("{path}: {reason}")]
pub struct LoadError {
    /// The path as the user gave it (`-` for standard input).
    pub path: String,
    /// What went wrong.
    pub reason: LoadErrorKind,
}

/// What went wrong while loading.
#[derive(Debug, Error)]
pub enum LoadErrorKind {
    /// Nothing at that path.
    #[error("no such file")]
    NotFound,
    /// The path is a directory.
    #[error("is a directory, not a file")]
    IsDirectory,
    /// The file exists but may not be read.
    #[error("permission denied")]
    PermissionDenied,
    /// Larger than the configured limit.
    #[error("file is {size} bytes, over the limit of {limit} bytes (raise it with --max-size)")]
    TooLarge {
        /// The file's size, or at least how much was read before stopping.
        size: u64,
        /// The limit in force.
        limit: u64,
    },
    /// NUL bytes that are not UTF-16: not a text file.
    #[error("looks like a binary file (contains NUL bytes), not text")]
    Binary,
    /// Zero bytes.
    #[error("file is empty")]
    Empty,
    /// Only whitespace, or only page furniture.
    #[error("{0}")]
    NoText(&'static str),
    /// Any other I/O failure.
    #[error("{0}")]
    Io(String),
}
