//! [`Report`]: what a review report says, before it is written as Markdown or HTML.
//!
//! Passages come in the rearranged order (each link once, its two sides together; passages
//! only the right has after their neighbours), so a reader of the report never has to look for
//! a moved passage's counterpart.

use std::borrow::Cow;

use crate::align::Alignment;
use crate::facts::{FactMark, Facts, Finding, Mention};
#[cfg(doc)]
use crate::layout::rearranged;
use crate::layout::{
    Counts, FactMarks, Highlights, Passage, PassageKind, Pieces, Rearranged, gutter_label,
    passages, pieces,
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
    /// The left article's file, as the report names it ([`Naming`]).
    pub left_file: String,
    /// The right article's file, as the report names it.
    pub right_file: String,
    /// Where the review is kept, when it is in a file, as the report names it.
    pub store: Option<String>,
    /// The passages shown, in the report's order ([`rearranged()`]), when its maker holds
    /// them; otherwise they are made as they are walked. Each is made into a
    /// [`ReportPassage`] as it is written ([`Report::passages`]): a book of short lines has
    /// millions.
    shown: Option<&'a [Passage]>,
    /// The alignment shown (corrections applied).
    alignment: &'a Alignment,
    /// The review whose statuses and notes the passages carry.
    review: &'a Review,
    /// The facts' marks in the left and the right document.
    marks: (Cow<'a, [FactMark]>, Cow<'a, [FactMark]>),
    /// Entries whose passage is gone from the articles.
    pub orphaned: Vec<Entry>,
    /// Hand corrections: (linked?, left text, right text).
    pub corrections: Vec<(bool, String, String)>,
    /// What the fact comparison found, as lines: (what, left wording, right wording).
    pub facts: Vec<FactLine>,
}

/// What every Markdown report begins with: an HTML comment (invisible where Markdown is
/// rendered) by which diptych knows its own reports ([`is_report`]).
pub const MARKDOWN_MARK: &str = "<!-- generator: diptych -->";

/// What every HTML report's head holds, by which diptych knows its own reports.
pub const HTML_MARK: &str = "<meta name=\"generator\" content=\"diptych\">";

/// How many bytes of a file [`is_report`] needs: the marks stand within them.
pub const REPORT_HEAD: usize = 512;

/// Whether a file beginning with `head` (its first [`REPORT_HEAD`] bytes or more) is a report
/// diptych wrote, not an article: library mode passes these over, so an exported report in a
/// folder of articles is never compared as one.
pub fn is_report(head: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&head[..head.len().min(REPORT_HEAD)]);
    let head = head.trim_start_matches('\u{feff}').trim_start();
    head.starts_with(MARKDOWN_MARK)
        || (head.starts_with("<!DOCTYPE html>") && head.contains(HTML_MARK))
}

/// How much of a report is gathered before it is written out (see `markdown::write`): a few
/// passages' worth, so a report of millions is never held whole.
pub const WRITTEN_AT: usize = 1 << 14;

/// How a report names the articles' files and the review store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Naming {
    /// By file name alone, so a report passed on does not tell where the files are kept (a
    /// home folder, a user name).
    #[default]
    FileNames,
    /// By the paths as given, and the store's full path.
    FullPaths,
}

impl Naming {
    /// `path` as this naming writes it (standard input, `-`, stays `-`).
    pub fn name(self, path: &str) -> String {
        match self {
            Naming::FullPaths => path.to_owned(),
            Naming::FileNames => std::path::Path::new(path)
                .file_name()
                .map_or_else(|| path.to_owned(), |n| n.to_string_lossy().into_owned()),
        }
    }
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
    /// The number of the passage that shows the left wording (its first mention).
    pub left_passage: Option<usize>,
    /// The number of the passage that shows the right wording.
    pub right_passage: Option<usize>,
}

impl FactLine {
    /// The line of `f`; `passage` gives the number of the passage showing a sentence (`true`
    /// for a left one).
    fn of(f: &Finding, passage: impl Fn(bool, usize) -> Option<usize>) -> FactLine {
        let first = |left: bool| {
            let mentions = if left { &f.left } else { &f.right };
            mentions
                .first()
                .and_then(Mention::sentence)
                .and_then(|s| passage(left, s))
        };
        FactLine {
            what: f.label(),
            left: f.wording(true),
            right: f.wording(false),
            left_passage: first(true),
            right_passage: first(false),
        }
    }
}

/// What a report is made from that its maker may hold already ([`Report::of_held`]): all of
/// it of the alignment the report shows, with the review's corrections applied.
pub(crate) struct Held<'a, 'f> {
    /// Passage counts by kind.
    pub counts: Counts,
    /// The review's progress over the alignment's units.
    pub progress: Progress,
    /// What the fact comparison found.
    pub facts: &'f Facts,
    /// The passages in the rearranged order ([`rearranged()`]), if they are held; `None`:
    /// made as they are walked.
    pub shown: Option<&'a [Passage]>,
    /// The facts' marks in the left and the right document.
    pub marks: (Cow<'a, [FactMark]>, Cow<'a, [FactMark]>),
}

impl<'a> Report<'a> {
    /// The report of `alignment` (corrections applied) with `review`'s statuses and notes;
    /// `store` is where the review is kept, and the files and the store are named as `naming`
    /// says.
    pub fn new(
        left: &'a Document,
        right: &'a Document,
        alignment: &'a Alignment,
        review: &'a Review,
        store: Option<&str>,
        naming: Naming,
    ) -> Report<'a> {
        let source = passages(left, right, alignment);
        let all_units = units(&source, alignment);
        let counts = Counts::of(&source, alignment);
        let progress = review.progress(&all_units);
        // Given back before the facts are read: on a book of short lines each is hundreds of
        // megabytes.
        drop((source, all_units));
        let facts = Facts::of(left, right, alignment);
        let held = Held {
            counts,
            progress,
            facts: &facts,
            shown: None,
            marks: (
                Cow::Owned(facts.marks(true)),
                Cow::Owned(facts.marks(false)),
            ),
        };
        Report::of_held(left, right, alignment, review, store, naming, held)
    }

    /// [`Report::new`] from what its maker already holds (the reader: its passages, facts and
    /// counts), so that a book's are not made, and held, a second time.
    pub(crate) fn of_held(
        left: &'a Document,
        right: &'a Document,
        alignment: &'a Alignment,
        review: &'a Review,
        store: Option<&str>,
        naming: Naming,
        held: Held<'a, '_>,
    ) -> Report<'a> {
        let Held {
            counts,
            progress,
            facts,
            shown,
            marks,
        } = held;
        // Each sentence's first passage, numbered from 1 (0: none), found once for all the
        // findings: a search of the passages a finding was findings × passages on a book.
        let (mut left_at, mut right_at) = (
            vec![0u32; left.sentences.len()],
            vec![0u32; right.sentences.len()],
        );
        for (k, p) in shown_in_order(shown, left, right, alignment).enumerate() {
            let number = u32::try_from(k + 1).unwrap_or(u32::MAX);
            for (at, sentences) in [(&mut left_at, &p.left), (&mut right_at, &p.right)] {
                for s in sentences.clone() {
                    if let Some(slot) = at.get_mut(s).filter(|slot| **slot == 0) {
                        *slot = number;
                    }
                }
            }
        }
        let passage = |left: bool, sentence: usize| {
            let at = if left { &left_at } else { &right_at };
            at.get(sentence).filter(|&&n| n > 0).map(|&n| n as usize)
        };
        let fact_lines = facts
            .findings
            .iter()
            .map(|f| FactLine::of(f, passage))
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
            counts,
            progress,
            left_file: naming.name(&left.path),
            right_file: naming.name(&right.path),
            store: store.map(|s| naming.name(s)),
            shown,
            alignment,
            review,
            marks,
            orphaned: review.orphaned().cloned().collect(),
            corrections,
            facts: fact_lines,
        }
    }

    /// The passages, in order, each made as it is asked for.
    pub fn passages(&self) -> impl Iterator<Item = ReportPassage> + '_ {
        let highlights = Highlights {
            words: true,
            facts: FactMarks {
                left: &self.marks.0,
                right: &self.marks.1,
            },
            // A report is the record of the comparison: nothing left out.
            ignore: Default::default(),
        };
        let (left, right, alignment) = (self.left, self.right, self.alignment);
        let shown = shown_in_order(self.shown, left, right, alignment);
        shown.enumerate().map(move |(k, p)| {
            let p = &p;
            let unit = Unit::of(p, alignment);
            let link = p.link.and_then(|i| alignment.links.get(i));
            let (l, r, reworded) = pieces(left, right, alignment, p, highlights);
            ReportPassage {
                number: k + 1,
                kind: p.kind,
                label: gutter_label(p, alignment, reworded),
                kind_name: kind_name(p.kind, reworded),
                manual: link.is_some_and(|l| l.manual),
                left: if p.left.is_empty() { Vec::new() } else { l },
                right: if p.right.is_empty() { Vec::new() } else { r },
                status: self.review.status(&unit),
                note: self.review.note(&unit).unwrap_or_default().to_owned(),
            }
        })
    }
}

/// The passages a report shows, in order: those held, or made one at a time.
fn shown_in_order<'r>(
    held: Option<&'r [Passage]>,
    left: &'r Document,
    right: &'r Document,
    alignment: &'r Alignment,
) -> impl Iterator<Item = Passage> + 'r {
    let made = held
        .is_none()
        .then(|| Rearranged::new(left, right, alignment));
    let held = held.into_iter().flatten().cloned();
    held.chain(made.into_iter().flatten())
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
