//! [`Session`]: a review being worked on, saved after every change.
//!
//! Holds the engine's own alignment (corrections are always re-applied to it, never stacked on
//! an earlier result), the [`Review`] placed on the corrected alignment, and where it is saved.
//! A save that fails leaves the change in memory, says so, and is retried at the next change
//! and on quitting; if it still fails, [`Session::rescue`] writes a copy somewhere that works.

use std::path::{Path, PathBuf};

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
    engine: Alignment,
    /// The units of the corrected alignment, for the progress kept in the store.
    units: Vec<(Unit, bool)>,
    path: Option<PathBuf>,
    writable: bool,
    unsaved: bool,
    notice: Option<String>,
}

impl Session {
    /// A session over an opened store: corrections applied to `engine`, entries placed.
    /// Returns the corrected alignment to show.
    pub fn new(
        opened: Opened,
        engine: Alignment,
        left: &Document,
        right: &Document,
    ) -> (Session, Alignment) {
        let (review, alignment) = Review::open(opened.store, &engine, left, right);
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
            units: units_of(&alignment, left, right),
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
        let (review, alignment) = Review::open(store, &engine, left, right);
        let session = Session {
            review,
            units: units_of(&alignment, left, right),
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
        let (review, alignment) = Review::open(store, &self.engine, left, right);
        self.review = review;
        self.units = units_of(&alignment, left, right);
        (alignment, self.saved_if(true))
    }

    /// The same review with the two articles swapped (`left` and `right` are the documents
    /// in their new places); returns the corrected alignment to show. Saved as before: the
    /// store on disk says which article is which, so it opens either way round.
    pub fn swap_sides(&mut self, left: &Document, right: &Document) -> Alignment {
        self.engine = self.engine.mirrored();
        let store = self.review.store().clone().mirrored();
        let (review, alignment) = Review::open(store, &self.engine, left, right);
        self.review = review;
        alignment
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
fn units_of(alignment: &Alignment, left: &Document, right: &Document) -> Vec<(Unit, bool)> {
    super::units(&crate::layout::passages(left, right, alignment), alignment)
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::{MetadataExt, symlink};

    use super::*;
    use crate::align::{AlignOptions, align};
    use crate::layout::passages;
    use crate::load::{LoadOptions, load_bytes};
    use crate::review::units;

    #[test]
    fn a_rescued_review_is_a_new_private_file_never_a_planted_link() {
        let doc =
            |t: &str| load_bytes("t.txt", t.as_bytes(), &LoadOptions::default()).expect("doc");
        let l = doc("The summit opened on Monday.\nAround 14,000 soldiers were sent.\n");
        let r = doc("The summit opened on Monday.\nAn estimated 11,000 soldiers were sent.\n");
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
    }
}
