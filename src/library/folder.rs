//! A folder of articles: which files in it are articles, and loading them.
//!
//! Taken: regular files (or links to them) directly in the folder whose names end in `.txt`,
//! `.text`, `.md`, `.markdown`, `.htm`, `.html` or `.xhtml`, or have no extension. Passed
//! over without a word: hidden files, review stores and reports (`*.review*`, and any report
//! diptych wrote, known by the mark it starts with), the folder's own `README`, `LICENSE` and
//! the like. Passed over and counted (so the user can tell what was left out): every other
//! file. A taken file that cannot be loaded (binary, empty, too large) is skipped and reported
//! by name; the others still load.

use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::export::report::{REPORT_HEAD, is_report};
use crate::load::{self, Document, LoadError, LoadOptions};

/// Extensions of files read as articles.
const ARTICLE_EXTENSIONS: &[&str] = &["txt", "text", "md", "markdown", "htm", "html", "xhtml"];

/// Names (before any extension) of files that describe a folder rather than belong to it.
const FOLDER_FILES: &[&str] = &[
    "readme",
    "license",
    "licence",
    "copying",
    "changelog",
    "notice",
    "authors",
];

/// A folder that could not be read.
#[derive(Debug, Error)]
#[error("{path}: {reason}")]
pub struct FolderError {
    /// The folder as the user gave it.
    pub path: String,
    /// What went wrong, in words.
    pub reason: String,
}

/// The articles of a folder, loaded, and what was left out.
#[derive(Debug)]
pub struct Loaded {
    /// The documents, by file name.
    pub docs: Vec<Document>,
    /// Article files that could not be loaded, each with its reason.
    pub skipped: Vec<LoadError>,
    /// Files not taken for articles because of their extension, by name.
    pub ignored: Vec<String>,
}

/// Lists the article files of `dir` (by name) and the names of files left out for their
/// extension.
///
/// # Errors
/// When `dir` cannot be read as a directory.
pub fn list(dir: &Path) -> Result<(Vec<PathBuf>, Vec<String>), FolderError> {
    let fail = |reason: String| FolderError {
        path: dir.display().to_string(),
        reason,
    };
    let entries = std::fs::read_dir(dir).map_err(|e| fail(describe(&e)))?;
    let mut files = Vec::new();
    let mut ignored = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| fail(describe(&e)))?;
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        // `metadata` follows links, so a link to an article counts as one.
        if !std::fs::metadata(&path).is_ok_and(|m| m.is_file()) || passed_over(&name) {
            continue;
        }
        if is_article_name(&name) {
            if !is_own_report(&path) {
                files.push(path);
            }
        } else {
            ignored.push(name);
        }
    }
    files.sort();
    ignored.sort();
    Ok((files, ignored))
}

/// Loads the articles of `dir` on up to `threads` threads (0: one per core).
///
/// # Errors
/// When `dir` cannot be read as a directory.
pub fn load_dir(dir: &Path, options: &LoadOptions, threads: usize) -> Result<Loaded, FolderError> {
    let (files, ignored) = list(dir)?;
    let results = crate::parallel::map_items(&files, threads, |p| {
        load::load(&p.to_string_lossy(), options)
    });
    let mut docs = Vec::new();
    let mut skipped = Vec::new();
    for r in results {
        match r {
            Ok(doc) => docs.push(doc),
            Err(e) => skipped.push(e),
        }
    }
    Ok(Loaded {
        docs,
        skipped,
        ignored,
    })
}

/// Whether a file name looks like an article by its extension (or lack of one).
pub fn is_article_name(name: &str) -> bool {
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => {
            ARTICLE_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str())
        }
        _ => true,
    }
}

/// Whether the file is a report diptych wrote (`diptych export -o r.html`, say), whatever its
/// name: by the mark at its start. A file that cannot be read is left for loading to report.
fn is_own_report(path: &Path) -> bool {
    use std::io::Read;
    let mut head = Vec::with_capacity(REPORT_HEAD);
    std::fs::File::open(path)
        .and_then(|f| f.take(REPORT_HEAD as u64).read_to_end(&mut head))
        .is_ok_and(|_| is_report(&head))
}

/// Files never taken and never mentioned: hidden ones, review stores and reports, and the
/// files that describe the folder.
fn passed_over(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let stem = lower.split('.').next().unwrap_or(&lower);
    name.starts_with('.') || lower.contains(".review") || FOLDER_FILES.contains(&stem)
}

fn describe(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such directory".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        std::io::ErrorKind::NotADirectory => "not a directory".to_owned(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_names_by_extension() {
        for yes in ["a.txt", "b.MD", "c.html", "notes", "x.y.htm"] {
            assert!(is_article_name(yes), "{yes}");
        }
        for no in ["a.json", "b.png", "c.pdf", "d.toml"] {
            assert!(!is_article_name(no), "{no}");
        }
    }

    #[test]
    fn hidden_files_stores_and_folder_files_are_passed_over() {
        for yes in [
            ".DS_Store",
            ".hidden.txt",
            "a--b.review.html",
            "pair.review.json",
            "README.md",
            "LICENSE",
        ] {
            assert!(passed_over(yes), "{yes}");
        }
        for no in ["000_0e18.txt", "reviewers.txt", "story.md"] {
            assert!(!passed_over(no), "{no}");
        }
    }

    #[test]
    fn a_folder_loads_its_articles_and_reports_the_rest() {
        let dir = tempfile::tempdir().expect("tempdir");
        let write = |name: &str, bytes: &[u8]| {
            std::fs::write(dir.path().join(name), bytes).expect("write");
        };
        write("b.txt", b"Second article. It has text.");
        write("a.txt", b"First article. It has text too.");
        write("empty.txt", b"");
        write("image.png", b"\x89PNG\0\0");
        write(".hidden", b"secret");
        write("x.review.json", b"{}");
        std::fs::create_dir(dir.path().join("sub.txt")).expect("subdir");
        let loaded = load_dir(dir.path(), &LoadOptions::default(), 2).expect("loads");
        let names: Vec<&str> = loaded
            .docs
            .iter()
            .map(|d| d.path.rsplit('/').next().unwrap_or(""))
            .collect();
        assert_eq!(names, ["a.txt", "b.txt"]);
        assert_eq!(loaded.skipped.len(), 1);
        assert!(
            loaded.skipped[0]
                .to_string()
                .ends_with("empty.txt: file is empty")
        );
        assert_eq!(loaded.ignored, ["image.png"]);
    }

    #[test]
    fn a_missing_folder_is_one_line() {
        let err = list(Path::new("/no/such/folder")).expect_err("missing");
        assert_eq!(err.to_string(), "/no/such/folder: no such directory");
    }
}
