//! [`Session`]: a review being worked on, saved after every change.
//!
//! Holds the engine's own alignment (corrections are always re-applied to it, never stacked on
//! an earlier result), the [`Review`] placed on the corrected alignment, and where it is saved.
//! A save that fails leaves the change in memory, says so, and is retried at the next change
//! and on quitting; if it still fails, [`Session::rescue`] writes a copy somewhere that works.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::file::{self, StoreError};
use super::open::Opened;
use super::store::{ArticleId, Correction, Position, ReviewStore, Status};
use super::{Review, Unit};
use crate::align::Alignment;
use crate::load::Document;

/// A review in progress.
#[derive(Debug)]
pub struct Session {
    review: Review,
    /// The engine's alignment, shared with the corrected one while there are no corrections.
    engine: Arc<Alignment>,
    /// The units of the corrected alignment, for the progress kept in the store.
    units: Vec<(Unit, bool)>,
    path: Option<PathBuf>,
    writable: bool,
    unsaved: bool,
    notice: Option<String>,
}

impl Session {
    /// A session over an opened store: corrections applied to `engine`, entries placed.
    /// Returns the corrected alignment to show (the engine's itself, shared, when there are
    /// no corrections).
    pub fn new(
        opened: Opened,
        engine: Alignment,
        left: &Document,
        right: &Document,
    ) -> (Session, Arc<Alignment>) {
        let engine = Arc::new(engine);
        let (review, alignment, units) = Review::open(opened.store, &engine, left, right);
        let mut notice = opened.notice;
        let orphaned = review.orphaned().count();
        if orphaned > 0 || review.followed() > 0 || review.stale_corrections() > 0 {
            let mut parts = Vec::new();
            if review.followed() > 0 {
                parts.push(format!("{} followed edited passages", review.followed()));
            }
            if orphaned > 0 {
                parts.push(format!("{orphaned} orphaned (o lists them)"));
            }
            if review.stale_corrections() > 0 {
                parts.push(format!(
                    "{} hand corrections no longer apply",
                    review.stale_corrections()
                ));
            }
            notice = Some(format!("review: {}", parts.join(", ")));
        }
        let session = Session {
            review,
            units,
            engine,
            path: Some(opened.path),
            writable: opened.writable,
            unsaved: false,
            notice,
        };
        (session, alignment)
    }

    /// A session kept in memory only (no file): for tests and when no store is wanted.
    pub fn in_memory(engine: Alignment, left: &Document, right: &Document) -> (Session, Alignment) {
        let store = ReviewStore::new(ArticleId::default(), ArticleId::default());
        let engine = Arc::new(engine);
        let (review, alignment, units) = Review::open(store, &engine, left, right);
        let alignment = (*alignment).clone();
        let session = Session {
            review,
            units,
            engine,
            path: None,
            writable: false,
            unsaved: false,
            notice: None,
        };
        (session, alignment)
    }

    /// The review.
    pub fn review(&self) -> &Review {
        &self.review
    }

    /// Where the store is, when it is a file.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Whether changes are written to the file.
    pub fn is_writable(&self) -> bool {
        self.writable && self.path.is_some()
    }

    /// Whether the review has a file but changes are not written to it (`--read-only`, or a
    /// store that could not be read).
    pub fn is_read_only(&self) -> bool {
        self.path.is_some() && !self.writable
    }

    /// Whether some change is not on disk (a save failed, or the session is read-only).
    pub fn has_unsaved_changes(&self) -> bool {
        self.unsaved
    }

    /// What the user should be told on opening, once.
    pub fn take_notice(&mut self) -> Option<String> {
        self.notice.take()
    }

    /// Sets `unit`'s status and saves. `Ok(false)` when nothing changed.
    ///
    /// # Errors
    /// When saving fails (the change is kept in memory).
    pub fn set_status(
        &mut self,
        unit: &Unit,
        status: Status,
        left: &Document,
        right: &Document,
    ) -> Result<bool, StoreError> {
        let changed = self.review.set_status(unit, status, left, right);
        self.saved_if(changed)
    }

    /// Sets `unit`'s note and saves. `Ok(false)` when nothing changed.
    ///
    /// # Errors
    /// When saving fails (the change is kept in memory).
    pub fn set_note(
        &mut self,
        unit: &Unit,
        note: &str,
        left: &Document,
        right: &Document,
    ) -> Result<bool, StoreError> {
        let changed = self.review.set_note(unit, note, left, right);
        self.saved_if(changed)
    }

    /// Records `correction`, re-applies every correction to the engine's alignment, places the
    /// entries again and saves. Returns the new alignment to show, and the save's outcome
    /// (a failed save keeps the change in memory, like the other edits).
    pub fn correct(
        &mut self,
        correction: Correction,
        left: &Document,
        right: &Document,
    ) -> (Alignment, Result<bool, StoreError>) {
        let mut store = self.review.store().clone();
        store.correct(correction);
        let (review, alignment, units) = Review::open(store, &self.engine, left, right);
        self.review = review;
        self.units = units;
        (Arc::unwrap_or_clone(alignment), self.saved_if(true))
    }

    /// The same review with the two articles swapped (`left` and `right` are the documents
    /// in their new places); returns the corrected alignment to show. Saved as before: the
    /// store on disk says which article is which, so it opens either way round.
    pub fn swap_sides(&mut self, left: &Document, right: &Document) -> Alignment {
        self.engine = Arc::new(self.engine.mirrored());
        let store = self.review.store().clone().mirrored();
        let (review, alignment, _) = Review::open(store, &self.engine, left, right);
        self.review = review;
        Arc::unwrap_or_clone(alignment)
    }

    fn saved_if(&mut self, changed: bool) -> Result<bool, StoreError> {
        if changed {
            self.unsaved = true;
            self.review.record_progress(&self.units);
        }
        if self.unsaved {
            self.save()?;
        }
        Ok(changed)
    }

    /// Records where the reader is and writes it at once when nothing else is waiting to be
    /// saved (a coming save takes it along otherwise). A position is a convenience, not
    /// review work: it never makes the review count as unsaved, and a failure to write it
    /// only comes back as the error.
    ///
    /// # Errors
    /// When the store cannot be written.
    pub fn keep_position(&mut self, position: Option<Position>) -> Result<(), StoreError> {
        if !self.review.set_position(position) || !self.is_writable() || self.unsaved {
            return Ok(());
        }
        match &self.path {
            Some(path) => file::write(path, self.review.store()),
            None => Ok(()),
        }
    }

    /// Saves now if there is anything unsaved and the session may write.
    ///
    /// # Errors
    /// When the store cannot be written (the old file is intact).
    pub fn save(&mut self) -> Result<(), StoreError> {
        if !self.unsaved || !self.is_writable() {
            return Ok(());
        }
        if let Some(path) = &self.path {
            file::write(path, self.review.store())?;
        }
        self.unsaved = false;
        Ok(())
    }

    /// Writes the store to a new file in the system's temporary directory, for changes that
    /// could not be saved where they belong; returns its path.
    ///
    /// # Errors
    /// When even that fails.
    pub fn rescue(&self) -> Result<PathBuf, StoreError> {
        self.rescue_in(&std::env::temp_dir())
    }

    /// [`Session::rescue`] into `dir`: a new file under a random name, created exclusively,
    /// since `dir` is shared with other users and any name we could predict, they could plant
    /// a link under.
    ///
    /// # Errors
    /// When no file can be written in `dir`.
    pub fn rescue_in(&self, dir: &Path) -> Result<PathBuf, StoreError> {
        let fail = |cause| StoreError::Write {
            path: dir.display().to_string(),
            cause,
        };
        let json = file::to_json(self.review.store()).map_err(fail)?;
        crate::temp::new_file(dir, "diptych-review-", ".json", json.as_bytes()).map_err(fail)
    }
}

/// The units of `alignment`, each once, with whether it is a difference.
#[cfg(test)]
mod tests {
    use std::os::unix::fs::{MetadataExt, symlink};

    use super::*;
    use crate::align::{AlignOptions, LinkKind, align};
    use crate::layout::passages;
    use crate::load::{LoadOptions, load_bytes};
    use crate::review::open::{OnUnreadable, open};
    use crate::review::store::CorrectionKind;
    use crate::review::units;

    fn doc(t: &str) -> Document {
        load_bytes("t.txt", t.as_bytes(), &LoadOptions::default()).expect("doc")
    }

    /// Two short reports of one summit, differing over the soldiers.
    fn pair() -> (Document, Document) {
        (
            doc("The summit opened on Monday.\nAround 14,000 soldiers were sent.\n"),
            doc("The summit opened on Monday.\nAn estimated 11,000 soldiers were sent.\n"),
        )
    }

    /// A session over the store at `path` (`read_only` as `--read-only` says), with the first
    /// unit that differs.
    fn session_at(
        path: &Path,
        read_only: bool,
        on_unreadable: OnUnreadable,
        l: &Document,
        r: &Document,
    ) -> Result<(Session, Alignment, Unit), StoreError> {
        let dir = path.parent().expect("a folder");
        let opened = open(l, r, Some(path), dir, read_only, on_unreadable)?;
        let (session, alignment) =
            Session::new(opened, align(l, r, &AlignOptions::default()), l, r);
        let (unit, _) = units(&passages(l, r, &alignment), &alignment)
            .into_iter()
            .find(|(_, differs)| *differs)
            .expect("a difference");
        Ok((session, (*alignment).clone(), unit))
    }

    fn stored(path: &Path) -> ReviewStore {
        file::read(path).expect("readable").expect("saved")
    }

    /// Every change is on disk as soon as it is made, with the progress a list of pairs shows;
    /// making the same change again changes nothing.
    #[test]
    fn every_change_is_saved_at_once() {
        let (l, r) = pair();
        let dir = tempfile::tempdir().expect("temp");
        let path = dir.path().join("review.json");
        let (mut session, _, unit) =
            session_at(&path, false, OnUnreadable::Stop, &l, &r).expect("opened");
        assert_eq!(session.path(), Some(path.as_path()));
        assert!(session.is_writable() && !session.is_read_only());
        assert_eq!(session.take_notice(), None);

        assert!(
            session
                .set_note(&unit, "check the numbers", &l, &r)
                .expect("saved")
        );
        assert!(!session.has_unsaved_changes());
        assert_eq!(stored(&path).entries[0].note, "check the numbers");
        assert!(
            !session
                .set_note(&unit, "check the numbers", &l, &r)
                .expect("saved")
        );

        assert!(
            session
                .set_status(&unit, Status::Reviewed, &l, &r)
                .expect("saved")
        );
        assert!(
            !session
                .set_status(&unit, Status::Reviewed, &l, &r)
                .expect("saved")
        );
        let saved = stored(&path);
        assert_eq!(saved.entries[0].status, Status::Reviewed);
        let progress = saved.progress.expect("progress kept");
        assert_eq!((progress.differences, progress.reviewed), (1, 1));
    }

    /// A read-only session keeps its changes in memory, says they are unsaved, and leaves the
    /// file as it was, position included.
    #[test]
    fn a_read_only_session_never_writes() {
        let (l, r) = pair();
        let dir = tempfile::tempdir().expect("temp");
        let path = dir.path().join("review.json");
        let (mut first, _, unit) =
            session_at(&path, false, OnUnreadable::Stop, &l, &r).expect("opened");
        first.set_note(&unit, "first", &l, &r).expect("saved");
        let before = std::fs::read(&path).expect("saved");

        let (mut session, _, unit) =
            session_at(&path, true, OnUnreadable::Stop, &l, &r).expect("opened");
        assert!(session.is_read_only() && !session.is_writable());
        assert!(session.set_note(&unit, "second", &l, &r).expect("saved"));
        assert!(session.has_unsaved_changes());
        assert_eq!(session.review().store().entries[0].note, "second");
        let position = Position {
            left: Some(l.sentences.at(1).text.to_string()),
            right: None,
        };
        session.keep_position(Some(position)).expect("no error");
        session.save().expect("no error");
        assert_eq!(std::fs::read(&path).expect("there"), before);
    }

    /// A store that cannot be read, opened read-only: the user is told once, and the session
    /// is read-only. A session in memory has no file and is neither.
    #[test]
    fn an_unreadable_store_opens_read_only_and_says_so_once() {
        let (l, r) = pair();
        let dir = tempfile::tempdir().expect("temp");
        let path = dir.path().join("review.json");
        std::fs::write(&path, "not a review").expect("written");
        let (mut session, _, _) =
            session_at(&path, false, OnUnreadable::ReadOnly, &l, &r).expect("opened");
        assert!(session.is_read_only());
        let notice = session.take_notice().expect("a notice");
        assert!(notice.contains("read-only"), "{notice}");
        assert_eq!(session.take_notice(), None);

        let (memory, _) = Session::in_memory(align(&l, &r, &AlignOptions::default()), &l, &r);
        assert_eq!(memory.path(), None);
        assert!(!memory.is_read_only() && !memory.is_writable());
    }

    /// A save that fails keeps the change, says it is unsaved, and is tried again with the
    /// next change, which then saves both.
    #[test]
    fn a_failed_save_is_retried_at_the_next_change() {
        let (l, r) = pair();
        let dir = tempfile::tempdir().expect("temp");
        let folder = dir.path().join("reviews");
        std::fs::create_dir(&folder).expect("folder");
        let path = folder.join("review.json");
        let (mut session, _, unit) =
            session_at(&path, false, OnUnreadable::Stop, &l, &r).expect("opened");
        // The folder replaced by a file: nothing can be written under it, even by root.
        std::fs::remove_dir(&folder).expect("removed");
        std::fs::write(&folder, "in the way").expect("a file");
        assert!(session.set_note(&unit, "first", &l, &r).is_err());
        assert!(session.has_unsaved_changes());
        // A position waits for the save that is due rather than writing alone.
        session
            .keep_position(Some(Position::default()))
            .expect("no error");
        std::fs::remove_file(&folder).expect("removed");
        std::fs::create_dir(&folder).expect("folder");
        assert!(
            session
                .set_status(&unit, Status::Flagged, &l, &r)
                .expect("saved")
        );
        assert!(!session.has_unsaved_changes());
        let saved = stored(&path);
        assert_eq!(
            (saved.entries[0].note.as_str(), saved.entries[0].status),
            ("first", Status::Flagged)
        );
        assert_eq!(saved.position, Some(Position::default()));
    }

    /// Where the reader is goes to disk at once, but only when it moved, and never makes the
    /// review count as unsaved.
    #[test]
    fn the_position_is_written_when_it_moves() {
        let (l, r) = pair();
        let dir = tempfile::tempdir().expect("temp");
        let path = dir.path().join("review.json");
        let (mut session, _, _) =
            session_at(&path, false, OnUnreadable::Stop, &l, &r).expect("opened");
        session.keep_position(None).expect("no error");
        assert!(!path.exists(), "nothing moved, nothing written");
        let position = Position {
            left: Some(l.sentences.at(1).text.to_string()),
            right: Some(r.sentences.at(1).text.to_string()),
        };
        session
            .keep_position(Some(position.clone()))
            .expect("no error");
        assert!(!session.has_unsaved_changes());
        assert_eq!(stored(&path).position, Some(position));
    }

    /// A hand correction changes the alignment shown and is saved; swapping the sides shows
    /// the same links mirrored.
    #[test]
    fn a_correction_is_shown_and_saved_and_sides_swap() {
        let (l, r) = pair();
        let dir = tempfile::tempdir().expect("temp");
        let path = dir.path().join("review.json");
        let (mut session, before, _) =
            session_at(&path, false, OnUnreadable::Stop, &l, &r).expect("opened");
        let soldiers = before
            .links
            .iter()
            .find(|k| k.left == [1])
            .expect("the soldiers linked");
        assert_eq!(soldiers.right, [1]);
        let unlink = Correction {
            action: CorrectionKind::Unlink,
            left: vec![l.sentences.at(1).text.to_string()],
            right: vec![r.sentences.at(1).text.to_string()],
        };
        let (after, saved) = session.correct(unlink.clone(), &l, &r);
        assert!(saved.expect("saved"));
        assert_eq!(after.links.len(), before.links.len() - 1);
        assert!(after.links.iter().all(|k| k.left != [1]));
        assert_eq!(stored(&path).corrections, vec![unlink]);

        let swapped = session.swap_sides(&r, &l);
        let sides = |a: &Alignment| -> Vec<(Vec<usize>, Vec<usize>, LinkKind)> {
            a.links
                .iter()
                .map(|k| (k.left.clone(), k.right.clone(), k.kind))
                .collect()
        };
        assert_eq!(sides(&swapped), sides(&after.mirrored()));
    }

    #[test]
    fn a_rescued_review_is_a_new_private_file_never_a_planted_link() {
        let (l, r) = pair();
        let engine = align(&l, &r, &AlignOptions::default());
        let (mut session, alignment) = Session::in_memory(engine, &l, &r);
        let (unit, _) = units(&passages(&l, &r, &alignment), &alignment)
            .into_iter()
            .find(|(_, differs)| *differs)
            .expect("a difference");
        session
            .set_note(&unit, "check the numbers", &l, &r)
            .expect("kept in memory");
        assert!(session.has_unsaved_changes());

        let shared = tempfile::tempdir().expect("temp");
        let target = shared.path().join("victim.txt");
        std::fs::write(&target, b"precious").expect("victim");
        // Links under the names a rescue used to take: process id and the next seconds.
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        for second in now..now + 30 {
            let name = format!("diptych-review-{}-{second}.json", std::process::id());
            symlink(&target, shared.path().join(name)).expect("link");
        }
        let path = session.rescue_in(shared.path()).expect("rescued");
        assert_eq!(std::fs::read(&target).expect("victim"), b"precious");
        assert_eq!(path.parent(), Some(shared.path()));
        let meta = std::fs::symlink_metadata(&path).expect("meta");
        assert!(meta.is_file(), "a file of its own");
        assert_eq!(meta.mode() & 0o077, 0, "closed to other users");
        let saved = file::read(&path).expect("a review store").expect("there");
        assert!(
            saved.entries.iter().any(|e| e.note == "check the numbers"),
            "{saved:?}"
        );
        // Without a folder given, the system's temporary one.
        let rescued = session.rescue().expect("rescued");
        assert_eq!(rescued.parent(), Some(std::env::temp_dir().as_path()));
        let copy = file::read(&rescued)
            .expect("a review store")
            .expect("there");
        std::fs::remove_file(&rescued).expect("cleaned up");
        assert_eq!(copy, saved);
    }
}
