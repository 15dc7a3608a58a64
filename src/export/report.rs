//! [`Report`]: what a review report says, before it is written as Markdown or HTML.
//!
//! Passages come in the rearranged order (each link once, its two sides together; passages
//! only the right has after their neighbours), so a reader of the report never has to look for
//! a moved passage's counterpart.

use crate::align::Alignment;
use crate::facts::{Facts, Finding};
use crate::layout::{
    Counts, FactMarks, Highlights, PassageKind, Pieces, gutter_label, passages, pieces, rearranged,
};
use crate::load::Document;
use crate::review::{Entry, Progress, Review, Status, Unit, units};

/// One passage of the report.
#[derive(Debug, Clone)]
pub struct ReportPassage {
    /// Its number in the report, from 1.
    pub number: usize,
    /// What it is.
    pub kind: PassageKind,
    /// The gutter label (kind symbol and similarity).
    pub label: String,
    /// A short word for the kind ("changed", "left only", …).
    pub kind_name: &'static str,
    /// Whether the link was made by hand.
    pub manual: bool,
    /// Left text, in styled pieces (empty when the left has nothing here).
    pub left: Pieces,
    /// Right text, in styled pieces.
    pub right: Pieces,
    /// Its review status.
    pub status: Status,
    /// Its note (may be empty).
    pub note: String,
}

/// Everything a report shows.
#[derive(Debug, Clone)]
pub struct Report<'a> {
    /// The left article.
    pub left: &'a Document,
    /// The right article.
    pub right: &'a Document,
    /// Passage counts by kind.
    pub counts: Counts,
    /// The review's progress.
    pub progress: Progress,
    /// Where the review is kept, when it is in a file.
    pub store: Option<String>,
    /// The passages.
    pub passages: Vec<ReportPassage>,
    /// Entries whose passage is gone from the articles.
    pub orphaned: Vec<Entry>,
    /// Hand corrections: (linked?, left text, right text).
    pub corrections: Vec<(bool, String, String)>,
    /// What the fact comparison found, as lines: (what, left wording, right wording).
    pub facts: Vec<FactLine>,
}

/// One finding of the fact comparison, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactLine {
    /// What it is ("number", "only left · quote", "same name").
    pub what: String,
    /// The left side's wording (empty when only the right has it).
    pub left: String,
    /// The right side's wording.
    pub right: String,
}

impl FactLine {
    fn of(f: &Finding) -> FactLine {
        FactLine {
            what: f.label(),
            left: f.wording(true),
            right: f.wording(false),
        }
    }
}

impl<'a> Report<'a> {
    /// The report of `alignment` (corrections applied) with `review`'s statuses and notes.
    pub fn new(
        left: &'a Document,
        right: &'a Document,
        alignment: &Alignment,
        review: &Review,
        store: Option<String>,
    ) -> Report<'a> {
        let source = passages(left, right, alignment);
        let all_units = units(&source, alignment);
        let facts = Facts::of(left, right, alignment);
        let (fact_left, fact_right) = (facts.marks(true), facts.marks(false));
        let highlights = Highlights {
            words: true,
            facts: FactMarks {
                left: &fact_left,
                right: &fact_right,
            },
            // A report is the record of the comparison: nothing left out.
            ignore: Default::default(),
        };
        let list = rearranged(left, right, alignment)
            .into_iter()
            .enumerate()
            .map(|(k, p)| {
                let unit = Unit::of(&p, alignment);
                let link = p.link.and_then(|i| alignment.links.get(i));
                let (l, r, reworded) = pieces(left, right, alignment, &p, highlights);
                ReportPassage {
                    number: k + 1,
                    kind: p.kind,
                    label: gutter_label(&p, alignment, reworded),
                    kind_name: kind_name(p.kind, reworded),
                    manual: link.is_some_and(|l| l.manual),
                    left: if p.left.is_empty() { Vec::new() } else { l },
                    right: if p.right.is_empty() { Vec::new() } else { r },
                    status: review.status(&unit),
                    note: review.note(&unit).unwrap_or_default().to_owned(),
                }
            })
            .collect();
        let corrections = review
            .store()
            .corrections
            .iter()
            .map(|c| {
                (
                    c.action == crate::review::CorrectionKind::Link,
                    c.left.join(" "),
                    c.right.join(" "),
                )
            })
            .collect();
        Report {
            left,
            right,
            counts: Counts::of(&source, alignment),
            progress: review.progress(&all_units),
            store,
            passages: list,
            orphaned: review.orphaned().cloned().collect(),
            corrections,
            facts: facts.findings.iter().map(FactLine::of).collect(),
        }
    }
}

fn kind_name(kind: PassageKind, reworded: bool) -> &'static str {
    match kind {
        PassageKind::Equal => "equal",
        PassageKind::Changed if reworded => "reworded",
        PassageKind::Changed => "changed",
        PassageKind::Moved => "moved",
        PassageKind::LeftOnly => "left only",
        PassageKind::RightOnly => "right only",
    }
}
