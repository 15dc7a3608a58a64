//! Reading and saving a [`ReviewStore`] so that no crash can corrupt or lose it.
//!
//! Saving goes through [`crate::atomic`]: a temporary file beside the store, flushed, renamed
//! over it. A crash before the rename leaves the old store whole (plus a stray temporary file,
//! which nothing reads); a crash after it leaves the new one. A store that cannot be read, or is of another version,
//! is reported and never written over.

use std::fs;
use std::io::{self, Read as _};
use std::path::{Path, PathBuf};

use thiserror::Error;

use super::store::{ArticleId, ReviewStore, STORE_VERSION};
use crate::atomic::{self, Staged};
use crate::load::Document;
use crate::regular_file::Refused;

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
    /// The path names something other than a regular file (a FIFO, a device, a directory):
    /// refused before reading, since reading it could block or never end.
    #[error("{path}: the review file is {kind}, not a regular file")]
    NotAFile {
        /// The store's path.
        path: String,
        /// What it is instead ("a FIFO", "a device", "a directory", …).
        kind: &'static str,
    },
    /// The file is larger than any store diptych writes ([`MAX_STORE_BYTES`]).
    #[error(
        "{path}: the review file is {size} bytes, over the limit of {MAX_STORE_BYTES}; it was left untouched"
    )]
    TooLarge {
        /// The store's path.
        path: String,
        /// Its size in bytes.
        size: u64,
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

/// The largest review store read: 64 MiB.
///
/// A store holds a few hundred bytes per reviewed passage (statuses, notes, the sentence texts
/// that anchor them): a whole book pair reviewed passage by passage, with long notes, stays
/// under a few MiB. 64 MiB leaves room for far more than anyone writes by hand, while a file
/// beyond it (a log, a disk image named by mistake) is refused before it fills memory.
pub const MAX_STORE_BYTES: u64 = 64 << 20;

/// Reads the store at `path`: `None` when there is no file yet.
///
/// Only a regular file of at most [`MAX_STORE_BYTES`] is read: a FIFO, a device (`/dev/zero`),
/// a directory, or a link to one of them is refused at once, never read or waited on.
///
/// # Errors
/// When the file exists but is not a regular file, is too large, cannot be read, is not a
/// store, or is of another version.
pub fn read(path: &Path) -> Result<Option<ReviewStore>, StoreError> {
    let shown = path.display().to_string();
    let Some(bytes) = read_bounded(path, &shown)? else {
        return Ok(None);
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

/// The bytes of the regular file at `path`, at most [`MAX_STORE_BYTES`]: `None` when missing.
fn read_bounded(path: &Path, shown: &str) -> Result<Option<Vec<u8>>, StoreError> {
    let read_error = |cause| StoreError::Read {
        path: shown.to_owned(),
        cause,
    };
    let (file, meta) = match crate::regular_file::open(path) {
        Ok(opened) => opened,
        Err(Refused::Io(e)) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(Refused::Io(cause)) => return Err(read_error(cause)),
        Err(Refused::NotRegular(file_type)) => {
            return Err(StoreError::NotAFile {
                path: shown.to_owned(),
                kind: kind_of(file_type),
            });
        }
    };
    if meta.len() > MAX_STORE_BYTES {
        return Err(StoreError::TooLarge {
            path: shown.to_owned(),
            size: meta.len(),
        });
    }
    // Bounded even so: the file may grow while it is read.
    let mut bytes = Vec::new();
    file.take(MAX_STORE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(read_error)?;
    if bytes.len() as u64 > MAX_STORE_BYTES {
        return Err(StoreError::TooLarge {
            path: shown.to_owned(),
            size: bytes.len() as u64,
        });
    }
    Ok(Some(bytes))
}

/// What a file that is not a regular one is, for a message.
fn kind_of(t: fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt as _;
    if t.is_dir() {
        "a directory"
    } else if t.is_fifo() {
        "a FIFO"
    } else if t.is_char_device() || t.is_block_device() {
        "a device"
    } else if t.is_socket() {
        "a socket"
    } else {
        "of an unknown kind"
    }
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

    fn doc(text: &str, path: &str) -> Document {
        crate::load::load_bytes(path, text.as_bytes(), &crate::load::LoadOptions::default())
            .expect("doc")
    }

    #[test]
    fn a_fingerprint_is_fnv_of_the_sentences_and_changes_with_them() {
        // FNV-1a 64 of "A.\n", computed apart.
        assert_eq!(fingerprint(&doc("A.", "a.txt")), "fa73a119a0ada144");
        assert_eq!(
            fingerprint(&doc("A.", "b.txt")),
            fingerprint(&doc("A.", "c.txt"))
        );
        assert_ne!(
            fingerprint(&doc("A.", "a.txt")),
            fingerprint(&doc("B.", "a.txt"))
        );
    }

    #[test]
    fn an_article_is_named_by_its_absolute_path_and_standard_input_by_a_dash() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("a.txt");
        fs::write(&file, "A.").expect("write");
        fs::create_dir(dir.path().join("sub")).expect("sub");
        // Named the long way round: the store keeps the one absolute path.
        let roundabout = dir.path().join("sub/../a.txt");
        let id = article_id(&doc("A.", &roundabout.display().to_string()));
        assert_eq!(
            Path::new(&id.path),
            fs::canonicalize(&file).expect("canonical")
        );
        assert_eq!(id.fingerprint, fingerprint(&doc("A.", "x")));
        assert_eq!(article_id(&doc("A.", "-")).path, "-");
    }

    fn id(path: &str, fingerprint: &str) -> ArticleId {
        ArticleId {
            path: path.into(),
            title: None,
            fingerprint: fingerprint.into(),
        }
    }

    #[test]
    fn the_default_store_is_named_by_both_fingerprints_in_either_order() {
        let dir = Path::new("/data");
        let (a, b) = (id("/x", "0001"), id("/y", "00ff"));
        assert_eq!(default_path(dir, &a, &b), dir.join("0001-00ff.json"));
        assert_eq!(default_path(dir, &b, &a), dir.join("0001-00ff.json"));
    }

    #[test]
    fn the_latest_store_of_the_same_two_paths_is_found_in_either_order() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (l, r) = (id("/news/a.txt", "1"), id("/news/b.txt", "2"));
        let save = |name: &str, left: &ArticleId, right: &ArticleId, note: &str| {
            let mut s = store(note);
            s.left = left.clone();
            s.right = right.clone();
            write(&dir.path().join(name), &s).expect("write");
            // Apart in time, so the order of saving is the order of modification.
            std::thread::sleep(std::time::Duration::from_millis(20));
        };
        save("old.json", &l, &r, "older");
        save("other.json", &l, &id("/news/c.txt", "3"), "other pair");
        save("new.json", &r, &l, "newer, swapped");
        save("later.txt", &l, &r, "not a store name");
        fs::write(dir.path().join("broken.json"), "{").expect("write");
        // Standard input has no path to find an earlier review by, even one saved for it.
        save("stdin.json", &id("-", "9"), &r, "standard input");
        let found = find_by_paths(dir.path(), &l, &r).expect("found");
        assert_eq!(found.entries[0].note, "newer, swapped");
        assert!(find_by_paths(dir.path(), &id("-", "1"), &r).is_none());
        assert!(find_by_paths(dir.path(), &l, &id("/news/d.txt", "4")).is_none());
    }

    #[test]
    fn a_store_at_the_limit_is_read_and_a_path_through_a_file_is_an_error() {
        let dir = tempfile::tempdir().expect("tempdir");
        // Exactly the limit (sparse, so cheap): read, then refused as no store, not as too big.
        let at_limit = dir.path().join("at-limit.json");
        fs::File::create(&at_limit)
            .and_then(|f| f.set_len(MAX_STORE_BYTES))
            .expect("sparse file");
        let err = read(&at_limit).expect_err("zeros are no store").to_string();
        assert!(err.contains("not a diptych review file"), "{err}");
        // A path whose folder is a file is an error to report, not a missing store.
        let file = dir.path().join("file.txt");
        fs::write(&file, "x").expect("write");
        assert!(read(&file.join("review.json")).is_err());
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

    #[test]
    fn a_store_over_the_limit_is_refused_unread() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("review.json");
        // Sparse: no disk is used for the hole.
        let f = fs::File::create(&path).expect("create");
        f.set_len(MAX_STORE_BYTES + 1).expect("grow");
        let err = read(&path).expect_err("too large").to_string();
        assert!(
            err.contains("review.json") && err.contains("over the limit"),
            "{err}"
        );
    }

    #[test]
    fn a_fifo_is_refused_without_waiting_for_a_writer() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("review.json");
        let status = std::process::Command::new("mkfifo")
            .arg(&path)
            .status()
            .expect("mkfifo");
        assert!(status.success());
        // On a thread, so a regression fails here instead of hanging the suite.
        let (tx, rx) = std::sync::mpsc::channel();
        let p = path.clone();
        std::thread::spawn(move || {
            let _ = tx.send(read(&p).map(|_| ()).map_err(|e| e.to_string()));
        });
        let got = rx
            .recv_timeout(std::time::Duration::from_secs(30))
            .expect("read returned");
        let err = got.expect_err("refused");
        assert!(
            err.contains("review.json") && err.contains("a FIFO"),
            "{err}"
        );
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
