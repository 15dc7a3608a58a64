//! Finding and opening the review store of a pair of articles.
//!
//! The store is the file the user named (`--review FILE`), else one in the user's data
//! directory named by both articles' content. When the articles changed since the last review
//! (so the content name is new), the latest store saved for the same two file paths is taken
//! and re-anchored. An unreadable store stops everything unless the user asked to go on
//! read-only or with a fresh store; it is never written over.

use std::fs;
use std::os::unix::fs::OpenOptionsExt as _;
use std::path::{Path, PathBuf};

use super::Progress;
use super::file::{self, StoreError, article_id, default_path, find_by_paths, fingerprint};
use super::store::{ArticleId, ReviewStore, Status};
use crate::load::Document;

/// What to do when the store exists but cannot be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnUnreadable {
    /// Report the error and stop.
    Stop,
    /// Go on with an empty review that is never saved.
    ReadOnly,
    /// Keep a copy of the unreadable file beside it and start an empty review in its place.
    Fresh,
}

/// An opened store and where changes go.
#[derive(Debug)]
pub struct Opened {
    /// The store, oriented to the pair as opened (left is left).
    pub store: ReviewStore,
    /// Where the store lives (shown to the user, written in reports).
    pub path: PathBuf,
    /// Whether changes are saved to `path`.
    pub writable: bool,
    /// Something the user should be told (a store of an earlier version was taken, …).
    pub notice: Option<String>,
}

/// Opens the store for `left` and `right`: `explicit` if given, else in `data_dir`.
///
/// With `read_only`, nothing will ever be written.
///
/// # Errors
/// When the store exists but cannot be read and `on_unreadable` is [`OnUnreadable::Stop`], or
/// when a fresh start cannot keep a copy of the unreadable file or is refused (the path is not
/// a regular file, or is over [`file::MAX_STORE_BYTES`]).
pub fn open(
    left: &Document,
    right: &Document,
    explicit: Option<&Path>,
    data_dir: &Path,
    read_only: bool,
    on_unreadable: OnUnreadable,
) -> Result<Opened, StoreError> {
    let (lid, rid) = (article_id(left), article_id(right));
    let path = match explicit {
        Some(p) => p.to_path_buf(),
        None => default_path(data_dir, &lid, &rid),
    };
    let fresh = || ReviewStore::new(lid.clone(), rid.clone());
    let (store, notice, writable) = match file::read(&path) {
        Ok(Some(store)) => (store, None, !read_only),
        Ok(None) => match explicit
            .is_none()
            .then(|| find_by_paths(data_dir, &lid, &rid))
        {
            Some(Some(earlier)) => (
                earlier,
                Some(
                    "the articles changed since the last review: notes follow their passages"
                        .to_owned(),
                ),
                !read_only,
            ),
            _ => (fresh(), None, !read_only),
        },
        // Not a store at all (a FIFO, a device, a huge file): a copy could block, never end, or
        // fill the disk, and starting afresh would replace what the user named.
        Err(e @ (StoreError::NotAFile { .. } | StoreError::TooLarge { .. }))
            if on_unreadable == OnUnreadable::Fresh =>
        {
            return Err(e);
        }
        Err(e) => match on_unreadable {
            OnUnreadable::Stop => return Err(e),
            OnUnreadable::ReadOnly => (
                fresh(),
                Some(format!("{e}; opened read-only with an empty review")),
                false,
            ),
            OnUnreadable::Fresh => {
                let kept = keep_copy(&path)?;
                (
                    fresh(),
                    Some(format!(
                        "the unreadable review was kept as {}; starting a fresh one",
                        kept.display()
                    )),
                    !read_only,
                )
            }
        },
    };
    let mut store = orient(
        store,
        &lid.fingerprint,
        &rid.fingerprint,
        &lid.path,
        &rid.path,
    );
    store.left = lid;
    store.right = rid;
    Ok(Opened {
        store,
        path,
        writable,
        notice,
    })
}

/// How far the review of a pair has come, as its store says, read without aligning the pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recorded {
    /// How many differences the pair had when the review was last saved; `None` for a store
    /// saved by an earlier diptych, which did not keep the count (open the pair to count).
    pub differences: Option<usize>,
    /// Differences marked reviewed.
    pub reviewed: usize,
    /// Passages flagged for follow-up.
    pub flagged: usize,
}

impl From<Progress> for Recorded {
    fn from(p: Progress) -> Recorded {
        Recorded {
            differences: Some(p.differences),
            reviewed: p.reviewed,
            flagged: p.flagged,
        }
    }
}

/// The progress recorded in the store of `left` and `right` in `data_dir` (the store the
/// reader opens for them by default): `None` when there is none or it cannot be read.
///
/// Cheap (a hash of each article's sentences and one small file read), so a list of many
/// pairs can show it; a store found only under the articles' earlier content is not looked for.
pub fn recorded(left: &Document, right: &Document, data_dir: &Path) -> Option<Recorded> {
    let id = |doc: &Document| ArticleId {
        fingerprint: fingerprint(doc),
        ..ArticleId::default()
    };
    let store = file::read(&default_path(data_dir, &id(left), &id(right))).ok()??;
    Some(match store.progress {
        Some(p) => p.into(),
        None => {
            let count = |s| store.entries.iter().filter(|e| e.status == s).count();
            Recorded {
                differences: None,
                reviewed: count(Status::Reviewed),
                flagged: count(Status::Flagged),
            }
        }
    })
}

/// The store turned so that its left side is the article opened on the left.
fn orient(store: ReviewStore, lfp: &str, rfp: &str, lpath: &str, rpath: &str) -> ReviewStore {
    let swapped_content =
        lfp != rfp && store.left.fingerprint == rfp && store.right.fingerprint == lfp;
    let swapped_paths = lpath != rpath && store.left.path == rpath && store.right.path == lpath;
    let same_content = store.left.fingerprint == lfp || store.right.fingerprint == rfp;
    if swapped_content || (swapped_paths && !same_content) {
        store.mirrored()
    } else {
        store
    }
}

/// Copies an unreadable store to `NAME.unreadable` (or `.unreadable-2`, …) beside it.
///
/// The copy is a new file, created exclusively: a name already taken, even by a symbolic link
/// (which may point anywhere, if the folder is shared), is passed over, never written through.
fn keep_copy(path: &Path) -> Result<PathBuf, StoreError> {
    let name = path
        .file_name()
        .map_or_else(|| "review".into(), |n| n.to_string_lossy().into_owned());
    let mut n = 1;
    loop {
        let suffix = if n == 1 {
            ".unreadable".to_owned()
        } else {
            format!(".unreadable-{n}")
        };
        let candidate = path.with_file_name(format!("{name}{suffix}"));
        let fail = |cause| StoreError::Write {
            path: candidate.display().to_string(),
            cause,
        };
        match fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&candidate)
        {
            Ok(mut copy) => {
                let mut original = fs::File::open(path).map_err(fail)?;
                std::io::copy(&mut original, &mut copy)
                    .and_then(|_| copy.sync_all())
                    .map_err(fail)?;
                return Ok(candidate);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => n += 1,
            Err(e) => return Err(fail(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::symlink;

    use super::*;

    #[test]
    fn an_earlier_review_of_the_same_files_is_taken_unless_a_store_is_named() {
        let dir = tempfile::tempdir().expect("dir");
        let data = dir.path().join("data");
        let load = |name: &str, text: &str| {
            let path = dir.path().join(name);
            fs::write(&path, text).expect("write");
            crate::load::load(
                &path.display().to_string(),
                &crate::load::LoadOptions::default(),
            )
            .expect("doc")
        };
        let (l, r) = (
            load("a.txt", "One sentence."),
            load("b.txt", "Another one."),
        );
        let mut first = open(&l, &r, None, &data, false, OnUnreadable::Stop).expect("open");
        assert!(first.writable && first.notice.is_none());
        first.store.entries.push(super::super::store::Entry {
            left: vec!["One sentence.".into()],
            note: "kept".into(),
            ..Default::default()
        });
        file::write(&first.path, &first.store).expect("save");
        let reopened = open(&l, &r, None, &data, false, OnUnreadable::Stop).expect("open");
        assert!(reopened.writable && reopened.store.entries.len() == 1);
        assert!(reopened.notice.is_none());

        // The left file edited: its store has a new name, and the earlier one is found.
        let l2 = load("a.txt", "One sentence, edited.");
        let again = open(&l2, &r, None, &data, false, OnUnreadable::Stop).expect("open");
        assert_eq!(again.store.entries.len(), 1);
        assert!(again.writable);
        assert!(again.notice.is_some_and(|n| n.contains("changed")));
        assert_ne!(again.path, first.path);
        // Read-only, it is shown but never written.
        let shown = open(&l2, &r, None, &data, true, OnUnreadable::Stop).expect("open");
        assert!(!shown.writable && shown.store.entries.len() == 1);
        // A store named by the user is that file, new or not: nothing else is looked for.
        let named = dir.path().join("named.json");
        let fresh = open(&l2, &r, Some(&named), &data, false, OnUnreadable::Stop).expect("open");
        assert!(fresh.store.entries.is_empty() && fresh.notice.is_none());
        assert_eq!(fresh.path, named);
    }

    /// A store saved with `left` and `right` (path, fingerprint) as its sides.
    fn saved(left: (&str, &str), right: (&str, &str)) -> ReviewStore {
        let id = |(path, fingerprint): (&str, &str)| ArticleId {
            path: path.into(),
            title: None,
            fingerprint: fingerprint.into(),
        };
        ReviewStore::new(id(left), id(right))
    }

    /// Which fingerprint the store's left side has once oriented to (lfp, rfp, lpath, rpath).
    fn left_after(store: ReviewStore, opened: [&str; 4]) -> String {
        let [lfp, rfp, lpath, rpath] = opened;
        orient(store, lfp, rfp, lpath, rpath).left.fingerprint
    }

    #[test]
    fn a_store_is_turned_when_the_pair_is_opened_the_other_way_round() {
        // Same files, same content, the other order: turned.
        let s = || saved(("/a", "A"), ("/b", "B"));
        assert_eq!(left_after(s(), ["B", "A", "/b", "/a"]), "B");
        // As saved: kept.
        assert_eq!(left_after(s(), ["A", "B", "/a", "/b"]), "A");
        // The files' contents swapped under the same names: turned by the content.
        assert_eq!(left_after(s(), ["B", "A", "/a", "/b"]), "B");
        // One side's content alone, the paths as saved: kept (both must have swapped).
        assert_eq!(left_after(s(), ["B", "C", "/a", "/b"]), "A");
        // Both articles edited since, paths the other way round: turned by the paths.
        assert_eq!(left_after(s(), ["C", "D", "/b", "/a"]), "B");
        // One article edited: its partner's content says the order, whatever the paths.
        assert_eq!(left_after(s(), ["A", "D", "/b", "/a"]), "A");
        assert_eq!(left_after(s(), ["C", "B", "/b", "/a"]), "A");
        // One article against itself: the content cannot tell, and is not turned by it.
        let same = saved(("/a", "A"), ("/b", "A"));
        assert_eq!(left_after(same, ["A", "A", "/a", "/b"]), "A");
        // Edited copies under one path: the paths cannot tell either.
        let one_path = saved(("/a", "A"), ("/a", "B"));
        assert_eq!(left_after(one_path, ["C", "D", "/a", "/a"]), "A");
    }

    #[test]
    fn the_copy_of_an_unreadable_store_never_goes_through_a_link() {
        let dir = tempfile::tempdir().expect("dir");
        let store = dir.path().join("review.json");
        fs::write(&store, b"{ not json").expect("store");
        // A link to where no file is yet: writing through it would create one there.
        let elsewhere = dir.path().join("planted-target");
        symlink(&elsewhere, dir.path().join("review.json.unreadable")).expect("link");
        let kept = keep_copy(&store).expect("kept");
        assert_eq!(kept, dir.path().join("review.json.unreadable-2"));
        assert!(!elsewhere.exists(), "nothing written through the link");
        assert_eq!(fs::read(&kept).expect("copy"), b"{ not json");
        // A name that cannot be created for another reason than being taken is an error,
        // not a reason to try the next name (every one would fail the same way, for ever).
        let under_a_file = store.join("review.json");
        assert!(matches!(
            keep_copy(&under_a_file),
            Err(StoreError::Write { .. })
        ));
    }

    fn two_docs() -> (Document, Document) {
        let doc = |t: &str| {
            crate::load::load_bytes("t.txt", t.as_bytes(), &crate::load::LoadOptions::default())
                .expect("doc")
        };
        (doc("One sentence."), doc("Another one."))
    }

    /// What each mode does with a store that is not a store at all (a folder where the file
    /// should be, a file over the limit): stop, or go on read-only with an empty review; a
    /// fresh start is refused outright, since a copy of it could never end, and nothing is
    /// kept beside it.
    #[test]
    fn a_store_that_is_not_a_file_is_never_copied_for_a_fresh_start() {
        let (l, r) = two_docs();
        let dir = tempfile::tempdir().expect("dir");
        let folder = dir.path().join("review.json");
        fs::create_dir(&folder).expect("folder");
        let huge = dir.path().join("huge.json");
        fs::File::create(&huge)
            .and_then(|f| f.set_len(file::MAX_STORE_BYTES + 1))
            .expect("sparse file");
        for path in [&folder, &huge] {
            let at = |mode| open(&l, &r, Some(path), dir.path(), false, mode);
            assert!(at(OnUnreadable::Stop).is_err());
            let shown = at(OnUnreadable::ReadOnly).expect("opened read-only");
            assert!(!shown.writable && shown.store.entries.is_empty());
            assert!(shown.notice.is_some_and(|n| n.contains("read-only")));
            let refused = at(OnUnreadable::Fresh).expect_err("refused");
            assert!(
                matches!(
                    refused,
                    StoreError::NotAFile { .. } | StoreError::TooLarge { .. }
                ),
                "{refused}"
            );
            let copies = fs::read_dir(dir.path())
                .expect("listed")
                .filter(|e| {
                    e.as_ref()
                        .is_ok_and(|e| e.file_name().to_string_lossy().contains("unreadable"))
                })
                .count();
            assert_eq!(copies, 0, "{}", path.display());
        }
    }

    /// A fresh start over an unreadable store keeps a copy and starts an empty review, which
    /// is saved unless the user asked for read-only.
    #[test]
    fn a_fresh_start_keeps_a_copy_and_is_read_only_when_asked() {
        let (l, r) = two_docs();
        for read_only in [false, true] {
            let dir = tempfile::tempdir().expect("dir");
            let path = dir.path().join("review.json");
            fs::write(&path, b"{ not json").expect("store");
            let opened = open(
                &l,
                &r,
                Some(&path),
                dir.path(),
                read_only,
                OnUnreadable::Fresh,
            )
            .expect("opened");
            assert_eq!(opened.writable, !read_only);
            assert!(opened.store.entries.is_empty());
            assert!(opened.notice.is_some_and(|n| n.contains("kept as")));
            assert_eq!(
                fs::read(dir.path().join("review.json.unreadable")).expect("kept"),
                b"{ not json"
            );
        }
    }

    /// The progress a list of pairs shows, read from the pair's store: as saved, or counted
    /// from the entries of a store saved before progress was kept; nothing without a store.
    #[test]
    fn recorded_progress_is_read_from_the_pairs_store() {
        let (l, r) = two_docs();
        let data = tempfile::tempdir().expect("dir");
        assert_eq!(recorded(&l, &r, data.path()), None);
        let mut opened = open(&l, &r, None, data.path(), false, OnUnreadable::Stop).expect("open");
        let entry = |status| super::super::store::Entry {
            left: vec!["One sentence.".into()],
            status,
            ..Default::default()
        };
        opened.store.entries = vec![
            entry(Status::Reviewed),
            entry(Status::Flagged),
            entry(Status::Reviewed),
            entry(Status::Unreviewed),
        ];
        file::write(&opened.path, &opened.store).expect("save");
        assert_eq!(
            recorded(&l, &r, data.path()),
            Some(Recorded {
                differences: None,
                reviewed: 2,
                flagged: 1
            })
        );
        opened.store.progress = Some(Progress {
            differences: 5,
            reviewed: 3,
            flagged: 0,
            ..Progress::default()
        });
        file::write(&opened.path, &opened.store).expect("save");
        assert_eq!(
            recorded(&l, &r, data.path()),
            Some(Recorded {
                differences: Some(5),
                reviewed: 3,
                flagged: 0
            })
        );
    }
}
