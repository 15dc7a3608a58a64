//! The review report of the comparison the reader shows (the `E` key), made of what the
//! reader holds.

use super::comparison::Comparison;
use crate::export::report::{Held, Naming, Report};
use crate::review::Review;

impl Comparison {
    /// The review report with `review`'s statuses and notes (`store`: where it is kept), made
    /// of the passages and facts shown here (facts not yet read are read now, as the reader
    /// reads them): on a book of short lines, made again they were as much memory again.
    pub fn report<'a>(&'a self, review: &'a Review, store: Option<&str>) -> Report<'a> {
        let (left, right, alignment) = (&*self.left, &*self.right, &*self.alignment);
        let read;
        let (facts, marks) = match self.facts() {
            Some(facts) => {
                let marks = self.fact_marks();
                (facts, (marks.left.into(), marks.right.into()))
            }
            None => {
                read = self.facts_in_place();
                let marks = (read.marks(true).into(), read.marks(false).into());
                (&read, marks)
            }
        };
        let held = Held {
            counts: self.counts(),
            progress: review.progress(self.units()),
            facts,
            // Made as they are written unless shown already: on a book of short lines they are
            // millions, as much memory again as the passages the reader shows.
            shown: self.rearranged_made(),
            marks,
        };
        Report::of_held(
            left,
            right,
            alignment,
            review,
            store,
            Naming::FileNames,
            held,
        )
    }
}
