//! Reading and saving a [`ReviewStore`] so that no crash can corrupt or lose it.
//!
//! Saving goes through [`crate::atomic`]: a temporary file beside the store, flushed, renamed
//! over it. A crash before the rename leaves the old store whole (plus a stray temporary file,
//! which nothing reads); a crash after it leaves the new one. A store that cannot be read, or is of another version,
//! is reported and never written over.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use thiserror::Error;

use super::store::{ArticleId, ReviewStore, STORE_VERSION};
use crate::atomic::{self, Staged};
use crate::load::Document;

/// Why a store could not be read or saved. Each message names the file.
#[derive(Debug, Error)]
pub enum StoreError {
    /// The file exists but could not be read.
    #[error("{path}: cannot read the review file: {cause}")]
    Read {
        /// The store's path.
        path: String,
        /// What the system said.
        cause: io::Error,
    },
    /// The file is not a review store (bad JSON, wrong shape).
    #[error("{path}: not a diptych review file ({detail}); it was left untouched")]
    Invalid {
        /// The store's path.
        path: String,
        /// What is wrong with it.
        detail: String,
    },
    /// The file is a store of a version this build does not know.
    #[error(
        "{path}: review file of version {found}, this diptych reads version {STORE_VERSION}; it was left untouched"
    )]
    Version {
        /// The store's path.
        path: String,
        /// The version found.
        found: u64,
    },
    /// The store could not be saved (the previous copy on disk is intact).
    #[error("{path}: cannot save the review: {cause}")]
    Write {
        /// The store's path.
        path: String,
        /// What the system said.
        cause: io::Error,
    },
}

/// Reads the store at `path`: `None` when there is no file yet.
///
/// # Errors
/// When the file exists but cannot be read, is not a store, or is of another version.
pub fn read(path: &Path) -> Result<Option<ReviewStore>, StoreError> {
    let shown = path.display().to_string();
    let bytes = match fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(cause) => {
            return Err(StoreError::Read { path: shown, cause });
        }
    };
    let invalid = |detail: String| StoreError::Invalid {
        path: shown.clone(),
        detail,
    };
    let value: serde_json::Value =
        serde_json::from_slice(&bytes).map_err(|e| invalid(e.to_string()))?;
    let version = value
        .get("version")
        .ok_or_else(|| invalid("no \"version\" field".to_owned()))?;
    let found = version
        .as_u64()
        .ok_or_else(|| invalid("\"version\" is not a number".to_owned()))?;
    if found != u64::from(STORE_VERSION) {
        return Err(StoreError::Version {
            path: shown.clone(),
            found,
        });
    }
    serde_json::from_value(value)
        .map(Some)
        .map_err(|e| invalid(e.to_string()))
}

/// Saves `store` at `path` atomically, creating missing directories.
///
/// # Errors
/// When the temporary file cannot be written or renamed; the old store is then intact.
pub fn write(path: &Path, store: &ReviewStore) -> Result<(), StoreError> {
    stage(path, store)?
        .commit()
        .map_err(|cause| StoreError::Write {
            path: path.display().to_string(),
            cause,
        })
}

/// Writes `store` to a temporary file beside `path`, not yet renamed into place (see
/// [`crate::atomic::stage`]; tests stop there, as a crash would).
///
/// # Errors
/// When the directory cannot be created or the file cannot be written.
pub fn stage(path: &Path, store: &ReviewStore) -> Result<Staged, StoreError> {
    let fail = |cause| StoreError::Write {
        path: path.display().to_string(),
        cause,
    };
    let json = to_json(store).map_err(fail)?;
    atomic::stage(path, json.as_bytes()).map_err(fail)
}

/// The bytes of `store` as saved: pretty JSON, ending in a newline.
///
/// # Errors
/// When the store cannot be serialised (it always can; serde's error is kept all the same).
pub fn to_json(store: &ReviewStore) -> io::Result<String> {
    let mut json = serde_json::to_string_pretty(store).map_err(io::Error::other)?;
    json.push('\n');
    Ok(json)
}

/// A fingerprint of a document's sentences: identical text gives an identical fingerprint.
///
/// 64-bit FNV-1a over the sentence texts; it names files, it is not a security measure.
pub fn fingerprint(doc: &Document) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for s in &doc.sentences {
        for b in s.text.bytes().chain(std::iter::once(b'\n')) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

/// How the store identifies `doc`: its absolute path (when a file), headline and fingerprint.
pub fn article_id(doc: &Document) -> ArticleId {
    let path = if doc.path == "-" {
        doc.path.clone()
    } else {
        fs::canonicalize(&doc.path).map_or_else(|_| doc.path.clone(), |p| p.display().to_string())
    };
    ArticleId {
        path,
        title: doc.title.clone(),
        fingerprint: fingerprint(doc),
    }
}

/// The default store of a pair inside `dir` (the user's data directory): named by both
/// articles' content, in either order.
pub fn default_path(dir: &Path, left: &ArticleId, right: &ArticleId) -> PathBuf {
    let (a, b) = if left.fingerprint <= right.fingerprint {
        (&left.fingerprint, &right.fingerprint)
    } else {
        (&right.fingerprint, &left.fingerprint)
    };
    dir.join(format!("{a}-{b}.json"))
}

/// The most recently saved readable store in `dir` for the same two file paths (in either
/// order): the review of an earlier version of the articles, to re-anchor.
pub fn find_by_paths(dir: &Path, left: &ArticleId, right: &ArticleId) -> Option<ReviewStore> {
    if left.path == "-" || right.path == "-" {
        return None;
    }
    let mut best: Option<(std::time::SystemTime, ReviewStore)> = None;
    for entry in fs::read_dir(dir).ok()?.flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let Ok(Some(store)) = read(&path) else {
            continue;
        };
        let same = (store.left.path == left.path && store.right.path == right.path)
            || (store.left.path == right.path && store.right.path == left.path);
        let modified = entry
            .metadata()
            .and_then(|m| m.modified())
            .unwrap_or(std::time::UNIX_EPOCH);
        if same && best.as_ref().is_none_or(|(t, _)| modified > *t) {
            best = Some((modified, store));
        }
    }
    best.map(|(_, s)| s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::store::{Entry, Status};

    fn store(note: &str) -> ReviewStore {
        let mut s = ReviewStore::new(ArticleId::default(), ArticleId::default());
        s.entries.push(Entry {
            left: vec!["Über die Grenze.".into()],
            right: vec![],
            status: Status::Flagged,
            note: note.into(),
        });
        s
    }

    #[test]
    fn a_store_round_trips() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("nested/review.json");
        assert_eq!(read(&path).expect("missing is fine"), None);
        let s = store("two\nlines, ünïcode ✓");
        write(&path, &s).expect("write");
        assert_eq!(read(&path).expect("read"), Some(s));
    }

    #[test]
    fn a_crash_before_the_rename_leaves_the_old_store_intact() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("review.json");
        write(&path, &store("old")).expect("write");
        let before = fs::read(&path).expect("bytes");
        let temp = stage(&path, &store("new")).expect("stage").abandon();
        assert!(
            temp.exists(),
            "the staged file is left behind, as after a crash"
        );
        assert_eq!(fs::read(&path).expect("bytes"), before);
        assert_eq!(read(&path).expect("read"), Some(store("old")));
        // The next save still works, and the stray file is not mistaken for a store.
        write(&path, &store("newer")).expect("write");
        assert_eq!(read(&path).expect("read"), Some(store("newer")));
    }

    #[test]
    fn a_corrupted_store_is_an_error_and_is_left_untouched() {
        let dir = tempfile::tempdir().expect("tempdir");
        for (bytes, expect) in [
            (
                &b"{\"version\": 1, \"left\": "[..],
                "not a diptych review file",
            ),
            (&b"\x00\xff garbage"[..], "not a diptych review file"),
            (&b"{\"entries\": []}"[..], "no \"version\" field"),
            (&br#"{"version": 7}"#[..], "version 7"),
        ] {
            let path = dir.path().join("review.json");
            fs::write(&path, bytes).expect("write");
            let err = read(&path).expect_err("must fail").to_string();
            assert!(err.contains(expect), "{err}");
            assert!(err.contains("review.json"), "names the file: {err}");
            assert!(!err.contains('\n'));
            assert_eq!(fs::read(&path).expect("bytes"), bytes);
        }
    }

    #[cfg(unix)]
    #[test]
    fn saving_keeps_the_file_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("review.json");
        write(&path, &store("a")).expect("write");
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).expect("chmod");
        write(&path, &store("b")).expect("write");
        let mode = fs::metadata(&path).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, 0o644);
    }
}
