//! Review: a reviewer's statuses, notes and alignment corrections, kept safe on disk.
//!
//! Pure core, no terminal. The pieces:
//! - [`store`]: the [`ReviewStore`] as saved (keyed by sentence text, versioned JSON);
//! - [`file`]: reading it and saving it atomically (temporary file, fsync, rename);
//! - [`unit`]: the [`Unit`]s a reviewer marks (a link, or a run only one side has);
//! - [`anchor`]: finding saved sentence text again after an article was edited;
//! - [`corrections`]: applying hand-made links and broken links to the engine's alignment;
//! - [`open`]: finding the store of a pair (named by the user, or by content in the data
//!   directory) and [`session`]: a review being worked on, saved after every change;
//! - [`Review`] (here): the store placed onto the current units, answering "what is this
//!   passage's status and note" and recording changes.
//!
//! Entries whose passage can no longer be found are kept and reported as orphaned, never
//! dropped.

pub mod anchor;
pub mod corrections;
pub mod file;
pub mod open;
pub mod session;
pub mod store;
pub mod unit;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

pub use store::{ArticleId, Correction, CorrectionKind, Entry, Position, ReviewStore, Status};
pub use unit::{Unit, units};

use anchor::Finder;

use crate::align::Alignment;
use crate::layout::passages;
use crate::load::Document;

/// A review placed onto the units of the current alignment.
#[derive(Debug, Clone)]
pub struct Review {
    store: ReviewStore,
    /// For each entry, the unit it is on (`None`: orphaned).
    placed: Vec<Option<Unit>>,
    by_unit: HashMap<Unit, usize>,
    followed: usize,
    stale: usize,
    /// The last [`Review::progress`] and the units it was counted over (address and length):
    /// the reader shows it every frame, and counting walks every passage. Cleared by every
    /// change to the review; a new alignment comes with a correction, which clears it too.
    progress: std::cell::Cell<Option<(usize, usize, Progress)>>,
}

/// How far a review has come.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Progress {
    /// Passages that differ (changed, moved, one side only), each link once: the two halves of
    /// a moved link are one difference.
    pub differences: usize,
    /// Of those, how many are marked reviewed.
    pub reviewed: usize,
    /// Of those, how many are flagged for follow-up (counted apart: a flag is not a review).
    pub flagged: usize,
    /// Passages with a note (differing or not).
    pub notes: usize,
    /// Entries whose passage is gone.
    pub orphaned: usize,
}

impl std::fmt::Display for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} of {} differences reviewed · {} flagged",
            self.reviewed, self.differences, self.flagged
        )?;
        if self.orphaned > 0 {
            write!(f, " · {} orphaned", self.orphaned)?;
        }
        Ok(())
    }
}

impl Review {
    /// Applies `store`'s corrections to the engine's alignment and places its entries on the
    /// passages of the result: the review of `left` and `right` as the reviewer left it, the
    /// corrected alignment, and its units (each with whether it is a difference).
    ///
    /// Without corrections the corrected alignment is `engine` itself, shared rather than
    /// copied: a book's alignment is hundreds of megabytes.
    pub fn open(
        store: ReviewStore,
        engine: &Arc<Alignment>,
        left: &Document,
        right: &Document,
    ) -> (Review, Arc<Alignment>, Vec<(Unit, bool)>) {
        let (alignment, stale) = if store.corrections.is_empty() {
            (Arc::clone(engine), 0)
        } else {
            let corrected = corrections::apply(engine, left, right, &store.corrections);
            (Arc::new(corrected.alignment), corrected.stale.len())
        };
        let units = units(&passages(left, right, &alignment), &alignment);
        let mut review = Review::attach(store, left, right, &units);
        review.stale = stale;
        (review, alignment, units)
    }

    /// How many corrections could not be applied (their sentences are gone).
    pub fn stale_corrections(&self) -> usize {
        self.stale
    }

    /// Places `store`'s entries onto `units` of `left` and `right`: exactly by text where the
    /// articles are unchanged, else by the best share of sentences found again (fuzzily for
    /// edited ones). Two entries landing on one unit are merged (notes joined); an entry that
    /// lands nowhere is kept as orphaned.
    pub fn attach(
        mut store: ReviewStore,
        left: &Document,
        right: &Document,
        units: &[(Unit, bool)],
    ) -> Review {
        let unit_of = |len: usize, side: fn(&Unit) -> &std::ops::Range<usize>| {
            let mut v = vec![None; len];
            for (k, (u, _)) in units.iter().enumerate() {
                for i in side(u).clone() {
                    if let Some(slot) = v.get_mut(i) {
                        *slot = Some(k);
                    }
                }
            }
            v
        };
        // The indexes are built only for a store with entries: on a book they would cost a
        // noticeable part of the time to the first screen, for nothing to find.
        let mut finders = (!store.entries.is_empty()).then(|| {
            (
                [Finder::new(left), Finder::new(right)],
                unit_of(left.sentences.len(), |u| &u.left),
                unit_of(right.sentences.len(), |u| &u.right),
            )
        });
        let mut entries: Vec<Entry> = Vec::new();
        let mut placed: Vec<Option<Unit>> = Vec::new();
        let mut entry_of_unit: HashMap<usize, usize> = HashMap::new();
        let mut followed = 0;
        for e in std::mem::take(&mut store.entries) {
            let Some((finders, of_left, of_right)) = finders.as_mut() else {
                break;
            };
            let mut votes: BTreeMap<usize, f32> = BTreeMap::new();
            for (side, texts, of) in [(0, &e.left, &*of_left), (1, &e.right, &*of_right)] {
                for t in texts {
                    let hits = finders[side].exact(t).to_vec();
                    if hits.is_empty() {
                        if let Some((i, s)) = finders[side].fuzzy(t)
                            && let Some(u) = of[i]
                        {
                            *votes.entry(u).or_default() += s;
                        }
                    } else {
                        let w = 1.0 / hits.len() as f32;
                        for i in hits {
                            if let Some(u) = of[i] {
                                *votes.entry(u).or_default() += w;
                            }
                        }
                    }
                }
            }
            let size = e.left.len() + e.right.len();
            let best = votes
                .iter()
                .map(|(&u, &v)| (u, v, v / size.max(units[u].0.len()).max(1) as f32))
                .filter(|&(_, v, score)| v >= 0.5 && score >= 0.25)
                .fold(None::<(usize, f32)>, |best, (u, _, score)| match best {
                    Some((_, b)) if b >= score => best,
                    _ => Some((u, score)),
                });
            match best {
                Some((u, _)) => {
                    let (l, r) = units[u].0.texts(left, right);
                    if l != e.left || r != e.right {
                        followed += 1;
                    }
                    if let Some(&k) = entry_of_unit.get(&u) {
                        merge(&mut entries[k], e);
                    } else {
                        entry_of_unit.insert(u, entries.len());
                        entries.push(Entry {
                            left: l,
                            right: r,
                            ..e
                        });
                        placed.push(Some(units[u].0.clone()));
                    }
                }
                None => {
                    entries.push(e);
                    placed.push(None);
                }
            }
        }
        store.entries = entries;
        let mut review = Review {
            store,
            placed,
            by_unit: HashMap::new(),
            followed,
            stale: 0,
            progress: std::cell::Cell::new(None),
        };
        review.index();
        review
    }

    fn index(&mut self) {
        self.by_unit = self
            .placed
            .iter()
            .enumerate()
            .filter_map(|(k, u)| u.clone().map(|u| (u, k)))
            .collect();
    }

    /// The store, as it should be saved.
    pub fn store(&self) -> &ReviewStore {
        &self.store
    }

    /// Where the reader was when this review was last closed.
    pub fn position(&self) -> Option<&Position> {
        self.store.position.as_ref()
    }

    /// Records where the reader is; returns whether that changed.
    pub fn set_position(&mut self, position: Option<Position>) -> bool {
        let changed = self.store.position != position;
        self.store.position = position;
        changed
    }

    /// The store, taken back (to re-attach it after the alignment changed).
    pub fn into_store(self) -> ReviewStore {
        self.store
    }

    /// The entry on `unit`, if the reviewer recorded anything there.
    pub fn entry(&self, unit: &Unit) -> Option<&Entry> {
        self.by_unit.get(unit).map(|&k| &self.store.entries[k])
    }

    /// `unit`'s status.
    pub fn status(&self, unit: &Unit) -> Status {
        self.entry(unit).map_or(Status::Unreviewed, |e| e.status)
    }

    /// `unit`'s note, when it has a non-empty one.
    pub fn note(&self, unit: &Unit) -> Option<&str> {
        self.entry(unit)
            .map(|e| e.note.as_str())
            .filter(|n| !n.trim().is_empty())
    }

    /// Entries whose passage could not be found in the current articles.
    pub fn orphaned(&self) -> impl Iterator<Item = &Entry> {
        self.store
            .entries
            .iter()
            .zip(&self.placed)
            .filter(|(_, p)| p.is_none())
            .map(|(e, _)| e)
    }

    /// How many entries were placed on passages whose text changed since they were saved.
    pub fn followed(&self) -> usize {
        self.followed
    }

    /// Sets `unit`'s status; returns whether anything changed.
    pub fn set_status(
        &mut self,
        unit: &Unit,
        status: Status,
        left: &Document,
        right: &Document,
    ) -> bool {
        self.edit(unit, left, right, |e| {
            let changed = e.status != status;
            e.status = status;
            changed
        })
    }

    /// Sets `unit`'s note (empty removes it); returns whether anything changed.
    pub fn set_note(&mut self, unit: &Unit, note: &str, left: &Document, right: &Document) -> bool {
        self.edit(unit, left, right, |e| {
            let changed = e.note != note;
            e.note = note.to_owned();
            changed
        })
    }

    fn edit(
        &mut self,
        unit: &Unit,
        left: &Document,
        right: &Document,
        change: impl FnOnce(&mut Entry) -> bool,
    ) -> bool {
        self.progress.set(None);
        let k = match self.by_unit.get(unit) {
            Some(&k) => k,
            None => {
                let (l, r) = unit.texts(left, right);
                self.store.entries.push(Entry {
                    left: l,
                    right: r,
                    ..Entry::default()
                });
                self.placed.push(Some(unit.clone()));
                self.by_unit
                    .insert(unit.clone(), self.store.entries.len() - 1);
                self.store.entries.len() - 1
            }
        };
        let changed = change(&mut self.store.entries[k]);
        if self.store.entries[k].is_blank() {
            self.store.entries.remove(k);
            self.placed.remove(k);
            self.index();
        }
        changed
    }

    /// Records a correction of the alignment (the caller re-aligns and re-attaches).
    pub fn correct(&mut self, correction: Correction) {
        self.progress.set(None);
        self.store.correct(correction);
    }

    /// Keeps the progress over `units` in the store, for whoever lists pairs without opening
    /// them (see [`ReviewStore::progress`]).
    pub fn record_progress(&mut self, units: &[(Unit, bool)]) {
        self.store.progress = Some(self.count(units));
    }

    /// The progress over `units` (from [`units`]).
    pub fn progress(&self, units: &[(Unit, bool)]) -> Progress {
        let key = (units.as_ptr() as usize, units.len());
        if let Some((at, len, p)) = self.progress.get()
            && (at, len) == key
        {
            return p;
        }
        let p = self.count(units);
        self.progress.set(Some((key.0, key.1, p)));
        p
    }

    fn count(&self, units: &[(Unit, bool)]) -> Progress {
        let mut p = Progress {
            orphaned: self.placed.iter().filter(|u| u.is_none()).count(),
            ..Progress::default()
        };
        for (u, differs) in units {
            let status = self.status(u);
            if *differs {
                p.differences += 1;
                p.reviewed += usize::from(status == Status::Reviewed);
                p.flagged += usize::from(status == Status::Flagged);
            }
            p.notes += usize::from(self.note(u).is_some());
        }
        p
    }
}

fn merge(into: &mut Entry, from: Entry) {
    into.status = into.status.max(from.status);
    let note = from.note.trim();
    if !note.is_empty() {
        if into.note.trim().is_empty() {
            into.note = from.note;
        } else {
            into.note = format!("{}\n\n{}", into.note.trim_end(), note);
        }
    }
}

#[cfg(test)]
mod tests;
