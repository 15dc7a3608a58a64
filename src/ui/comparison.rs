//! [`Comparison`]: the two documents, their alignment, and what the reader derives from them
//! once (both arrangements of passages, the rearranged one when first shown; review units,
//! difference numbers, counts, facts).
//!
//! Rebuilt only when the alignment changes (a hand correction, swapping sides); every layout
//! ([`super::rows::build`]) reads it.
//!
//! Facts cost a large part of the preparation on a book, and nothing on the first screen
//! needs them: the reader's comparison ([`Comparison::in_background`]) reads them on a worker
//! thread, and the app picks them up with [`Comparison::receive_facts`] when they are ready.

use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::thread::JoinHandle;

use crate::align::language::language_name;
use crate::align::{Alignment, Scope};
use crate::facts::{FactMark, Facts};
use crate::layout::{Counts, FactMarks, Passage, passages, rearranged};
use crate::load::Document;
use crate::progress::{Cancelled, Progress};
use crate::review::Unit;

use super::state::Arrangement;

/// Two documents and their alignment, with both arrangements of passages.
pub struct Comparison {
    /// The left document (shared with the thread reading the facts).
    pub left: Arc<Document>,
    /// The right document (shared with the thread reading the facts).
    pub right: Arc<Document>,
    /// The alignment shown: the engine's with the review's corrections. Shared with the thread
    /// reading the facts, and with the review session while there are no corrections: a
    /// book's alignment is hundreds of megabytes, too much to copy.
    pub alignment: Arc<Alignment>,
    source_order: Vec<Passage>,
    /// The counts of `source_order`, kept because the status line shows them every frame.
    counts: Counts,
    /// The rearranged passages and their difference numbers, made the first time they are
    /// shown: most readers never ask, and on a book of short lines they are a tenth of the
    /// reader's memory.
    rearranged: OnceLock<(Vec<Passage>, Vec<Option<u32>>)>,
    units: Vec<(Unit, bool)>,
    /// For each passage in source order, its number among the differences.
    numbers: Vec<Option<u32>>,
    facts: FactsState,
    fact_marks: (Vec<FactMark>, Vec<FactMark>),
    /// Known to tell one story (library mode), whatever they share.
    same_story: bool,
    /// Whether they share little ([`crate::align::shares_little`]), known before the facts.
    shares_little: bool,
    /// Whether facts are read on a worker thread (the reader) or in place.
    background: bool,
}

/// The facts of the current alignment, or the work reading them.
enum FactsState {
    Ready(Facts),
    /// To be read on a worker thread once [`Comparison::receive_facts`] is first asked: the
    /// reader asks after its first layout, which then has both cores.
    Due,
    Reading(Reading),
}

/// Facts being read on a worker thread. Dropping it cancels the work: a correction or a
/// swap made them out of date, or the reader is closing.
struct Reading {
    progress: Arc<Progress>,
    /// Where the worker leaves what it read.
    result: Arc<Mutex<Option<Result<Facts, Cancelled>>>>,
    /// The worker, until it is joined.
    worker: Option<JoinHandle<()>>,
}

impl Drop for Reading {
    fn drop(&mut self) {
        self.progress.cancel();
    }
}

impl Comparison {
    /// Prepares both arrangements and compares the facts, in place.
    pub fn new(left: Document, right: Document, alignment: Alignment) -> Comparison {
        Comparison::build(
            Arc::new(left),
            Arc::new(right),
            Arc::new(alignment),
            false,
            false,
        )
    }

    /// Arranges the passages and starts reading the facts on a worker thread: until
    /// [`Comparison::receive_facts`] picks them up, [`Comparison::facts`] is `None` and no
    /// fact is marked. `same_story`: library mode grouped the two into one story (no "share
    /// little" caution, facts compared as for any retelling, [`Facts::of_story`]).
    ///
    /// `alignment` may be shared with the review session, which keeps the engine's.
    pub fn in_background(
        left: Arc<Document>,
        right: Arc<Document>,
        alignment: Arc<Alignment>,
        same_story: bool,
    ) -> Comparison {
        Comparison::build(left, right, alignment, same_story, true)
    }

    fn build(
        left: Arc<Document>,
        right: Arc<Document>,
        alignment: Arc<Alignment>,
        same_story: bool,
        background: bool,
    ) -> Comparison {
        let mut cmp = Comparison {
            source_order: Vec::new(),
            counts: Counts::default(),
            rearranged: OnceLock::new(),
            units: Vec::new(),
            numbers: Vec::new(),
            facts: FactsState::Ready(Facts::default()),
            fact_marks: (Vec::new(), Vec::new()),
            same_story,
            shares_little: false,
            background,
            left,
            right,
            alignment,
        };
        cmp.arrange();
        cmp
    }

    /// Derives everything from the alignment: passages, units, numbers, facts.
    fn arrange(&mut self) {
        let (left, right, alignment) = (&self.left, &self.right, &self.alignment);
        self.source_order = passages(left, right, alignment);
        self.rearranged = OnceLock::new();
        self.units = crate::review::units(&self.source_order, alignment);
        self.counts = Counts::of(&self.source_order, alignment);
        self.numbers = numbers(&self.source_order, alignment);
        self.shares_little =
            !self.same_story && crate::align::shares_little(left, right, alignment);
        self.compare_facts();
    }

    /// Compares the facts of the current alignment: for the reader, on a worker thread started
    /// by the next [`Comparison::receive_facts`] (the facts of an earlier alignment are
    /// dropped, and their work cancelled); else in place.
    fn compare_facts(&mut self) {
        self.fact_marks = (Vec::new(), Vec::new());
        if self.background {
            self.facts = FactsState::Due;
        } else {
            self.install(self.facts_in_place());
        }
    }

    /// The facts of the current alignment, read on this thread (with the "share little"
    /// answer already known).
    pub(super) fn facts_in_place(&self) -> Facts {
        let (left, right, alignment) = (&self.left, &self.right, &self.alignment);
        // Nobody else holds this progress, so it is never cancelled.
        Facts::of_pair_with(left, right, alignment, self.shares_little, &Progress::new())
            .unwrap_or_default()
    }

    /// Starts reading the facts on a worker thread (in place if no thread can be started).
    fn start_facts(&mut self) {
        let progress = Arc::new(Progress::new());
        let result = Arc::new(Mutex::new(None));
        let (left, right) = (Arc::clone(&self.left), Arc::clone(&self.right));
        let alignment = Arc::clone(&self.alignment);
        let shares_little = self.shares_little;
        let (p, slot) = (Arc::clone(&progress), Arc::clone(&result));
        let spawned = std::thread::Builder::new()
            .name("facts".to_owned())
            .spawn(move || {
                let facts = Facts::of_pair_with(&left, &right, &alignment, shares_little, &p);
                *slot.lock().unwrap_or_else(PoisonError::into_inner) = Some(facts);
            });
        match spawned {
            Ok(worker) => {
                self.facts = FactsState::Reading(Reading {
                    progress,
                    result,
                    worker: Some(worker),
                });
            }
            Err(_) => self.install(self.facts_in_place()),
        }
    }

    fn install(&mut self, facts: Facts) {
        self.fact_marks = (facts.marks(true), facts.marks(false));
        self.facts = FactsState::Ready(facts);
    }

    /// Picks up the facts once the worker thread has read them (starting it at the first
    /// call); `true` when they arrived now, and the marks of every passage must be laid out
    /// again.
    pub fn receive_facts(&mut self) -> bool {
        if matches!(self.facts, FactsState::Due) {
            self.start_facts();
        }
        let FactsState::Reading(reading) = &mut self.facts else {
            return false;
        };
        let read = reading
            .result
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        match read {
            Some(Ok(facts)) => {
                self.install(facts);
                true
            }
            // Only its owner cancels it, so never while it is kept.
            Some(Err(Cancelled)) => {
                self.install(Facts::default());
                true
            }
            None if reading.worker.as_ref().is_none_or(JoinHandle::is_finished) => {
                // Finished: if the worker panicked (its message is printed and the terminal
                // restored by then), the reader ends the same way, as it did when facts were
                // read under the loading screen, rather than go on without them.
                if let Some(Err(panic)) = reading.worker.take().map(JoinHandle::join) {
                    std::panic::resume_unwind(panic);
                }
                // It may have left its facts between the look above and its end.
                let late = reading
                    .result
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .take();
                self.install(late.and_then(Result::ok).unwrap_or_default());
                true
            }
            None => false,
        }
    }

    /// How far the facts being read are, in [0, 1]; `None` once they are ready.
    pub fn facts_progress(&self) -> Option<f32> {
        match &self.facts {
            FactsState::Reading(r) => Some(r.progress.snapshot().fraction() as f32),
            FactsState::Due => Some(0.0),
            FactsState::Ready(_) => None,
        }
    }

    /// What the reader says about the pair as a whole when it opens: that the articles are in
    /// two languages, or that they share little.
    pub fn notice(&self) -> Option<String> {
        let languages = match self.alignment.languages {
            (Some(a), Some(b)) if self.alignment.cross_language() => {
                Some((language_name(a), language_name(b)))
            }
            _ => None,
        };
        match (languages, self.alignment.meaning.map(|m| m.scope)) {
            (Some((a, b)), None) => Some(format!(
                "{a} and {b}, but no sentence encoder: aligned on words alone, few links"
            )),
            (Some((a, b)), Some(Scope::Gaps)) => Some(format!(
                "{a} and {b}: a long pair, read for meaning only where words left gaps; \
                 only numbers and names are marked"
            )),
            _ if self.shares_little() => {
                Some("these articles share little: probably different events".to_owned())
            }
            (Some((a, b)), Some(Scope::Full)) => Some(format!(
                "{a} and {b}: linked on meaning; only numbers and names are marked"
            )),
            _ => None,
        }
    }

    /// Whether the two articles share so little that they probably tell different events
    /// ([`crate::align::shares_little`]); the title row then says so, and facts are compared
    /// only within linked passages.
    pub fn shares_little(&self) -> bool {
        self.shares_little
    }

    /// The language of each side, by name, when the two differ (for the title row).
    pub fn languages(&self) -> Option<(&str, &str)> {
        match self.alignment.languages {
            (Some(a), Some(b)) if a != b => Some((language_name(a), language_name(b))),
            _ => None,
        }
    }

    /// What the fact comparison found; `None` while the facts are being read.
    pub fn facts(&self) -> Option<&Facts> {
        match &self.facts {
            FactsState::Ready(facts) => Some(facts),
            FactsState::Due | FactsState::Reading(_) => None,
        }
    }

    /// The text each side marks as a fact discrepancy, with the finding it belongs to.
    pub fn fact_marks(&self) -> FactMarks<'_> {
        FactMarks {
            left: &self.fact_marks.0,
            right: &self.fact_marks.1,
        }
    }

    /// The passages in display order for an arrangement.
    pub fn passages(&self, arrangement: Arrangement) -> &[Passage] {
        match arrangement {
            Arrangement::SourceOrder => &self.source_order,
            Arrangement::Rearranged => &self.rearranged().0,
        }
    }

    /// The rearranged passages if they were made already (shown once), without making them.
    pub(super) fn rearranged_made(&self) -> Option<&[Passage]> {
        self.rearranged.get().map(|(ps, _)| ps.as_slice())
    }

    /// The rearranged passages and their difference numbers, made on first use.
    fn rearranged(&self) -> &(Vec<Passage>, Vec<Option<u32>>) {
        self.rearranged.get_or_init(|| {
            let ps = rearranged(&self.left, &self.right, &self.alignment);
            let numbers = numbers(&ps, &self.alignment);
            (ps, numbers)
        })
    }

    /// Replaces the alignment (after a hand correction) and lays the passages out again.
    /// Facts are paired with the help of links, so a correction can change them: they are
    /// compared again.
    pub fn set_alignment(&mut self, alignment: Alignment) {
        self.alignment = Arc::new(alignment);
        self.arrange();
    }

    /// Swaps the two documents; `mirrored` gets them in their new places and returns the
    /// alignment to show (the old one seen the other way round).
    pub fn swap_sides(&mut self, mirrored: impl FnOnce(&Document, &Document) -> Alignment) {
        std::mem::swap(&mut self.left, &mut self.right);
        let alignment = mirrored(&self.left, &self.right);
        self.set_alignment(alignment);
    }

    /// The units (links and one-sided runs) of the source order, each once, with whether it
    /// is a difference: what review progress counts.
    pub fn units(&self) -> &[(Unit, bool)] {
        &self.units
    }

    /// How many differences there are: units that differ, so the two halves of a moved link
    /// are one (the count review progress uses too).
    pub fn differences(&self) -> usize {
        self.units.iter().filter(|(_, differs)| *differs).count()
    }

    /// The number (from 0) of passage `k` of `arrangement` among the differences, in the order
    /// they are first shown; `None` for an equal passage. Both halves of a moved link have one
    /// number.
    pub fn difference_number(&self, arrangement: Arrangement, k: usize) -> Option<usize> {
        let numbers = match arrangement {
            Arrangement::SourceOrder => &self.numbers,
            Arrangement::Rearranged => &self.rearranged().1,
        };
        numbers.get(k).copied().flatten().map(|n| n as usize)
    }

    /// How many passages of each kind, for the status line.
    pub fn counts(&self) -> Counts {
        self.counts
    }
}

/// Each passage's number among the differences (by unit, in the order first shown).
///
/// As in [`crate::review::units`], only a link's passages share a unit, so they are numbered
/// by the link's index and every other difference gets a number of its own. In 32 bits: a
/// file under the loader's size limit has fewer passages than that.
fn numbers(ps: &[Passage], alignment: &Alignment) -> Vec<Option<u32>> {
    let mut of_link: Vec<Option<u32>> = vec![None; alignment.links.len()];
    let mut shown = 0;
    let mut fresh = || {
        shown += 1;
        shown - 1
    };
    ps.iter()
        .map(|p| {
            p.kind
                .is_difference()
                .then(|| match p.link.and_then(|k| of_link.get_mut(k)) {
                    Some(number) => *number.get_or_insert_with(&mut fresh),
                    None => fresh(),
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc;

    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::layout::Rect;

    use super::*;
    use crate::align::{AlignOptions, align};
    use crate::load::{LoadOptions, load_bytes};
    use crate::ui::App;
    use crate::ui::events::{EventSource, ScriptedEvents};
    use crate::ui::keymap::Keymap;
    use crate::ui::theme::Theme;

    impl Comparison {
        /// Reads the facts again on a worker thread that waits for the gate returned.
        fn hold_facts(&mut self) -> mpsc::Sender<()> {
            let (gate, wait) = mpsc::channel();
            let progress = Arc::new(Progress::new());
            let result = Arc::new(Mutex::new(None));
            let (left, right, alignment) = (
                Arc::clone(&self.left),
                Arc::clone(&self.right),
                self.alignment.clone(),
            );
            let (p, slot) = (Arc::clone(&progress), Arc::clone(&result));
            let worker = std::thread::spawn(move || {
                let _ = wait.recv();
                let facts = Facts::of_story_with(&left, &right, &alignment, false, &p);
                *slot.lock().unwrap_or_else(PoisonError::into_inner) = Some(facts);
            });
            self.fact_marks = (Vec::new(), Vec::new());
            self.facts = FactsState::Reading(Reading {
                progress,
                result,
                worker: Some(worker),
            });
            gate
        }
    }

    fn pair() -> (Arc<Document>, Arc<Document>, Alignment) {
        let opts = LoadOptions::default();
        let l = load_bytes(
            "l.txt",
            "The army sent around 14,000 soldiers to the border.\n\nThe talks lasted two days in the capital.\n".as_bytes(),
            &opts,
        )
        .expect("left");
        let r = load_bytes(
            "r.txt",
            "The army sent an estimated 11,000 soldiers to the border.\n\nThe talks lasted two days in the capital.\n".as_bytes(),
            &opts,
        )
        .expect("right");
        let a = align(&l, &r, &AlignOptions::default());
        (Arc::new(l), Arc::new(r), a)
    }

    fn screen(t: &Terminal<TestBackend>) -> String {
        let buf = t.backend().buffer();
        (0..buf.area.height)
            .map(|y| (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect())
            .collect::<Vec<String>>()
            .join("\n")
    }

    /// Differences are numbered in the order first shown; the two sides of a moved link
    /// share a number, equal passages have none.
    #[test]
    fn differences_are_numbered_once_a_unit_in_reading_order() {
        let (l, r, a) = crate::layout::passage::tests::moved_pair();
        let numbered = |ps: &[Passage]| {
            let mut seen: std::collections::HashMap<Unit, u32> = Default::default();
            ps.iter()
                .map(|p| {
                    p.kind.is_difference().then(|| {
                        let next = seen.len() as u32;
                        *seen.entry(Unit::of(p, &a)).or_insert(next)
                    })
                })
                .collect::<Vec<_>>()
        };
        let source = passages(&l, &r, &a);
        let got = numbers(&source, &a);
        assert_eq!(got, numbered(&source));
        assert_eq!(
            got,
            [None, Some(0), Some(1), Some(2), Some(2), Some(3), Some(4)]
        );
        let moved = rearranged(&l, &r, &a);
        assert_eq!(numbers(&moved, &a), numbered(&moved));
    }

    #[test]
    fn facts_read_on_a_worker_are_those_read_in_place() {
        let (l, r, a) = pair();
        let here = Comparison::new((*l).clone(), (*r).clone(), a.clone());
        let mut there = Comparison::in_background(l, r, Arc::new(a), false);
        while !there.receive_facts() {
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        assert_eq!(there.facts(), here.facts());
        assert!(!here.facts().expect("read").findings.is_empty());
        assert_eq!(there.fact_marks().left, here.fact_marks().left);
        assert!(!there.receive_facts(), "received once");
    }

    #[test]
    fn the_report_made_of_what_the_reader_holds_is_the_report_made_afresh() {
        use crate::export::report::{Naming, Report};
        use crate::review::Review;
        let (l, r, a) = pair();
        let id = crate::review::ArticleId::default;
        let store = crate::review::ReviewStore::new(id(), id());
        let (mut review, _, units) = Review::open(store, &Arc::new(a.clone()), &l, &r);
        assert!(review.set_note(&units[1].0, "checked by the desk", &l, &r));
        let afresh = Report::new(&l, &r, &a, &review, Some("r.json"), Naming::FileNames);
        let afresh = crate::export::html::render(&afresh);
        // One story or not (library mode), while the facts are read and once they are.
        for same_story in [false, true] {
            let (l, r, a) = (Arc::clone(&l), Arc::clone(&r), Arc::new(a.clone()));
            let mut cmp = Comparison::in_background(l, r, a, same_story);
            let gate = cmp.hold_facts();
            let report = |cmp: &Comparison| {
                crate::export::html::render(&cmp.report(&review, Some("r.json")))
            };
            let before = report(&cmp);
            gate.send(()).expect("gate");
            while !cmp.receive_facts() {
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
            assert!(!cmp.facts().expect("read").findings.is_empty());
            assert_eq!(report(&cmp), before, "one story: {same_story}");
            // Made as they are written, or held once shown: the same passages.
            assert!(cmp.rearranged_made().is_none());
            cmp.passages(crate::ui::state::Arrangement::Rearranged);
            assert!(cmp.rearranged_made().is_some());
            assert_eq!(report(&cmp), before, "held, one story: {same_story}");
            if !same_story {
                assert_eq!(before, afresh);
            }
        }
    }

    #[test]
    fn until_the_facts_are_read_the_panel_and_the_steps_say_so_then_fill_in() {
        let (l, r, a) = pair();
        let mut cmp = Comparison::in_background(l, r, Arc::new(a), false);
        let gate = cmp.hold_facts();
        assert!(cmp.facts().is_none() && cmp.fact_marks().left.is_empty());
        let mut app = App::new(cmp, Keymap::default(), Theme::new(true));
        let mut t = Terminal::new(TestBackend::new(100, 24)).expect("terminal");
        let area = Rect::new(0, 0, 100, 24);
        let mut press = |app: &mut App, keys: &str| {
            let mut events = ScriptedEvents::keys(keys);
            for _ in 0..keys.chars().count() {
                let g = app.prepare(area);
                let input = events.next_input().expect("scripted");
                app.handle(&input, &g);
            }
            app.prepare(area);
            t.draw(|f| crate::ui::view::draw(f, &app.view().expect("laid out")))
                .expect("draws");
            screen(&t)
        };
        let s = press(&mut app, "F");
        assert!(s.contains("reading facts… 0%"), "{s}");
        assert!(!s.contains("14,000 soldiers ≠"), "{s}");
        let s = press(&mut app, "Ftn");
        assert!(s.contains("reading facts"), "{s}");
        gate.send(()).expect("the worker waits");
        while app.cmp.facts_progress().is_some() {
            std::thread::sleep(std::time::Duration::from_millis(1));
            app.prepare(area);
        }
        let s = press(&mut app, "n");
        assert!(s.contains("fact 1 of 1"), "{s}");
        let s = press(&mut app, "F");
        assert!(
            s.contains("around 14,000 soldiers ≠ an estimated 11,000 soldiers"),
            "{s}"
        );
    }

    #[test]
    fn a_new_alignment_drops_the_facts_being_read_and_reads_its_own() {
        let (l, r, a) = pair();
        let mut cmp = Comparison::in_background(Arc::clone(&l), Arc::clone(&r), Arc::new(a), false);
        let _gate = cmp.hold_facts();
        // No links: the two counts are no longer set against each other.
        let unlinked = Alignment {
            links: Vec::new(),
            ..Alignment::clone(&cmp.alignment)
        };
        cmp.set_alignment(unlinked.clone());
        while !cmp.receive_facts() {
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        let expected = Comparison::new((*l).clone(), (*r).clone(), unlinked);
        assert_eq!(cmp.facts(), expected.facts());
    }
}
