//! [`Comparison`]: the two documents, their alignment, and what the reader derives from them
//! once (both arrangements of passages, review units, difference numbers, counts, facts).
//!
//! Rebuilt only when the alignment changes (a hand correction, swapping sides); every layout
//! ([`super::rows::build`]) reads it.

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
    /// The left document.
    pub left: Document,
    /// The right document.
    pub right: Document,
    /// The engine's alignment.
    pub alignment: Alignment,
    source_order: Vec<Passage>,
    /// The counts of `source_order`, kept because the status line shows them every frame.
    counts: Counts,
    rearranged: Vec<Passage>,
    units: Vec<(Unit, bool)>,
    /// For each passage of each arrangement, its number among the differences.
    numbers: (Vec<Option<usize>>, Vec<Option<usize>>),
    facts: Facts,
    fact_marks: (Vec<FactMark>, Vec<FactMark>),
    /// Known to tell one story (library mode), whatever they share.
    same_story: bool,
}

impl Comparison {
    /// Prepares both arrangements.
    pub fn new(left: Document, right: Document, alignment: Alignment) -> Comparison {
        // Nobody else holds this progress, so it is never cancelled.
        Comparison::new_with(left, right, alignment, &Progress::new())
            .expect("a progress nobody holds is never cancelled")
    }

    /// [`Comparison::new`], reporting the facts into `progress` and stopping early once it is
    /// cancelled.
    ///
    /// # Errors
    /// [`Cancelled`] when `progress` was cancelled before the facts were compared.
    pub fn new_with(
        left: Document,
        right: Document,
        alignment: Alignment,
        progress: &Progress,
    ) -> Result<Comparison, Cancelled> {
        let source_order = passages(&left, &right, &alignment);
        let rearranged = rearranged(&left, &right, &alignment);
        let units = crate::review::units(&source_order, &alignment);
        let counts = Counts::of(&source_order, &alignment);
        let numbers = (
            numbers(&source_order, &alignment),
            numbers(&rearranged, &alignment),
        );
        let facts = Facts::of_story_with(&left, &right, &alignment, false, progress)?;
        let fact_marks = (facts.marks(true), facts.marks(false));
        Ok(Comparison {
            left,
            right,
            alignment,
            source_order,
            counts,
            rearranged,
            units,
            numbers,
            facts,
            fact_marks,
            same_story: false,
        })
    }

    /// The same comparison for two articles library mode grouped into one story: no "share
    /// little" caution, and facts compared as for any retelling ([`Facts::of_story`]).
    pub fn in_one_story(mut self) -> Comparison {
        self.same_story = true;
        self.facts = Facts::of_story(&self.left, &self.right, &self.alignment, true);
        self.fact_marks = (self.facts.marks(true), self.facts.marks(false));
        self
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
        self.facts.shares_little
    }

    /// The language of each side, by name, when the two differ (for the title row).
    pub fn languages(&self) -> Option<(&str, &str)> {
        match self.alignment.languages {
            (Some(a), Some(b)) if a != b => Some((language_name(a), language_name(b))),
            _ => None,
        }
    }

    /// What the fact comparison found.
    pub fn facts(&self) -> &Facts {
        &self.facts
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
            Arrangement::Rearranged => &self.rearranged,
        }
    }

    /// Replaces the alignment (after a hand correction) and lays the passages out again.
    pub fn set_alignment(&mut self, alignment: Alignment) {
        self.source_order = passages(&self.left, &self.right, &alignment);
        self.rearranged = rearranged(&self.left, &self.right, &alignment);
        self.units = crate::review::units(&self.source_order, &alignment);
        self.counts = Counts::of(&self.source_order, &alignment);
        self.numbers = (
            numbers(&self.source_order, &alignment),
            numbers(&self.rearranged, &alignment),
        );
        // Facts are paired with the help of links, so a correction can change them.
        self.facts = Facts::of_story(&self.left, &self.right, &alignment, self.same_story);
        self.fact_marks = (self.facts.marks(true), self.facts.marks(false));
        self.alignment = alignment;
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
            Arrangement::SourceOrder => &self.numbers.0,
            Arrangement::Rearranged => &self.numbers.1,
        };
        numbers.get(k).copied().flatten()
    }

    /// How many passages of each kind, for the status line.
    pub fn counts(&self) -> Counts {
        self.counts
    }
}

/// Each passage's number among the differences (by unit, in the order first shown).
fn numbers(ps: &[Passage], alignment: &Alignment) -> Vec<Option<usize>> {
    let mut seen: std::collections::HashMap<Unit, usize> = std::collections::HashMap::new();
    ps.iter()
        .map(|p| {
            p.kind.is_difference().then(|| {
                let next = seen.len();
                *seen.entry(Unit::of(p, alignment)).or_insert(next)
            })
        })
        .collect()
}
