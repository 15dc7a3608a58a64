//! The rearranged arrangement: the left document in its reading order, each of its passages
//! with its counterpart beside it (moved links included), and each run only the right has
//! after the passage of the right sentence before it, so coverage can be compared paragraph by
//! paragraph in the left's order.
//!
//! Made one passage at a time ([`Rearranged`]): a book of short lines has millions of
//! passages, and a report walks them once to number them and once to write them; a list of
//! them is [`rearranged`].

use std::iter::Peekable;
use std::ops::Range;
use std::vec::IntoIter;

use super::passage::{Passage, PassageKind, one_side};
use crate::align::{Alignment, LinkIndex, LinkKind};
use crate::load::Document;

/// The rearranged passages, in order (see the module's documentation).
pub fn rearranged(left: &Document, right: &Document, alignment: &Alignment) -> Vec<Passage> {
    // Room for every passage at once, growing being a copy each time: a passage holds a
    // sentence at least, and room never written is never touched.
    let mut out = Vec::with_capacity(left.sentences.len() + right.sentences.len());
    out.extend(Rearranged::new(left, right, alignment));
    out
}

/// The passages of [`rearranged`], made as they are asked for. It holds the runs only the
/// right document has (and a number per link), never the left's passages.
pub struct Rearranged<'d> {
    left: &'d Document,
    alignment: &'d Alignment,
    left_of: LinkIndex,
    /// The right-only runs (their sentences), each with the number of the left passage it
    /// follows (`None`: before them all), in that order.
    runs: Peekable<IntoIter<(Option<usize>, Range<usize>)>>,
    /// The next left sentence to show.
    next: usize,
    /// How many of the left's passages were made.
    made: usize,
}

impl<'d> Rearranged<'d> {
    /// The rearranged passages of `alignment` between `left` and `right`. Walks the left once
    /// and the right once at the start, and keeps the runs only the right has (room for one
    /// per right sentence, 32 bytes each, touched only as they are found).
    pub fn new(left: &'d Document, right: &'d Document, alignment: &'d Alignment) -> Self {
        let left_of = alignment.left_index(left.sentences.len());
        let right_of = alignment.right_index(right.sentences.len());
        // A run follows a passage by its number, so each link's passage number is needed
        // before the right is walked: a first walk of the left, counting.
        let mut at_link: Vec<Option<usize>> = vec![None; alignment.links.len()];
        let (mut i, mut number) = (0, 0);
        while i < left.sentences.len() {
            let p = left_passage(left, &left_of, alignment, &mut i);
            if let Some(k) = p.link {
                at_link[k] = Some(number);
            }
            number += 1;
        }
        // Right-only runs, each after the passage holding the nearest linked right sentence
        // before it.
        // Only their sentences are kept (a run is a right-only passage, nothing more), with room
        // for as many as there are sentences: a book on the right is millions of runs.
        let mut runs: Vec<(Option<usize>, Range<usize>)> =
            Vec::with_capacity(right.sentences.len());
        let mut j = 0;
        let mut anchor: Option<usize> = None;
        while j < right.sentences.len() {
            match right_of.get(j) {
                Some(k) => {
                    anchor = at_link.get(k).copied().flatten();
                    j += 1;
                }
                None => {
                    let p = one_side(right, &right_of, alignment, &mut j, false);
                    runs.push((anchor, p.right));
                }
            }
        }
        // Stable: those with no anchor first, then by anchor, each anchor's in their order.
        // Nearly always in order already, and sorting takes half as much room again.
        if !runs.is_sorted_by_key(|(anchor, _)| *anchor) {
            runs.sort_by_key(|(anchor, _)| *anchor);
        }
        Rearranged {
            left,
            alignment,
            left_of,
            runs: runs.into_iter().peekable(),
            next: 0,
            made: 0,
        }
    }
}

impl Iterator for Rearranged<'_> {
    type Item = Passage;

    fn next(&mut self) -> Option<Passage> {
        // Runs anchored to no passage, or to one made already, are due before the next.
        let made = self.made;
        if let Some((_, run)) = self
            .runs
            .next_if(|(anchor, _)| anchor.is_none_or(|a| a < made))
        {
            return Some(right_only(run));
        }
        if self.next < self.left.sentences.len() {
            self.made += 1;
            let (left, left_of) = (self.left, &self.left_of);
            return Some(left_passage(left, left_of, self.alignment, &mut self.next));
        }
        // Anchored past the last passage (the engine makes no such run): at the end.
        self.runs.next().map(|(_, run)| right_only(run))
    }
}

/// The passage of a run of `sentences` only the right document has.
fn right_only(sentences: Range<usize>) -> Passage {
    Passage {
        kind: PassageKind::RightOnly,
        link: None,
        left: 0..0,
        right: sentences,
    }
}

/// The left passage starting at `*at`: a link's (both sides) or a run only the left has.
fn left_passage(
    left: &Document,
    left_of: &LinkIndex,
    alignment: &Alignment,
    at: &mut usize,
) -> Passage {
    let Some(k) = left_of.get(*at) else {
        return one_side(left, left_of, alignment, at, true);
    };
    let link = &alignment.links[k];
    let kind = match link.kind {
        LinkKind::Equal => PassageKind::Equal,
        LinkKind::Changed => PassageKind::Changed,
        LinkKind::Moved => PassageKind::Moved,
    };
    let left = *at..*at + link.left.len();
    let right = link.right.first().copied().unwrap_or(0)..link.right.last().map_or(0, |x| x + 1);
    *at = left.end;
    Passage {
        kind,
        link: Some(k),
        left,
        right,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::{AlignOptions, align};
    use crate::load::{LoadOptions, load_bytes};

    /// The rearranged passages as first written (a list of the left's passages, then a
    /// second list with the right-only runs put in), kept as the oracle. It dropped a run
    /// left without an anchor after an anchored one, which only a link with no left sentence
    /// could cause; the engine and hand corrections make none (`Rearranged` puts it first).
    fn made_anew(left: &Document, right: &Document, alignment: &Alignment) -> Vec<Passage> {
        let (n, m) = (left.sentences.len(), right.sentences.len());
        let left_of = alignment.left_index(n);
        let right_of = alignment.right_index(m);
        let mut out: Vec<Passage> = Vec::new();
        let mut at_link: Vec<Option<usize>> = vec![None; alignment.links.len()];
        let mut i = 0;
        while i < n {
            match left_of.get(i) {
                Some(k) => {
                    let link = &alignment.links[k];
                    let kind = match link.kind {
                        LinkKind::Equal => PassageKind::Equal,
                        LinkKind::Changed => PassageKind::Changed,
                        LinkKind::Moved => PassageKind::Moved,
                    };
                    let l = i..i + link.left.len();
                    let r = link.right.first().copied().unwrap_or(0)
                        ..link.right.last().map_or(0, |x| x + 1);
                    at_link[k] = Some(out.len());
                    i = l.end;
                    out.push(Passage {
                        kind,
                        link: Some(k),
                        left: l,
                        right: r,
                    });
                }
                None => out.push(one_side(left, &left_of, alignment, &mut i, true)),
            }
        }
        // Right-only runs, each after the passage holding the nearest linked right sentence before it.
        let mut inserts: Vec<(Option<usize>, Passage)> = Vec::new();
        let mut j = 0;
        let mut anchor: Option<usize> = None;
        while j < m {
            match right_of.get(j) {
                Some(k) => {
                    anchor = at_link[k];
                    j += 1;
                }
                None => {
                    let p = one_side(right, &right_of, alignment, &mut j, false);
                    inserts.push((anchor, p));
                }
            }
        }
        let mut result = Vec::with_capacity(out.len() + inserts.len());
        let mut pending = inserts.into_iter().peekable();
        while let Some((None, _)) = pending.peek() {
            if let Some((_, p)) = pending.next() {
                result.push(p);
            }
        }
        let mut rest: Vec<(usize, Passage)> =
            pending.filter_map(|(a, p)| a.map(|a| (a, p))).collect();
        rest.sort_by_key(|(a, _)| *a);
        let mut rest = rest.into_iter().peekable();
        for (idx, p) in out.into_iter().enumerate() {
            result.push(p);
            while rest.peek().is_some_and(|(a, _)| *a == idx) {
                if let Some((_, q)) = rest.next() {
                    result.push(q);
                }
            }
        }
        result
    }

    const SENTENCES: [&str; 8] = [
        "The army sent fourteen thousand soldiers to Kursk.",
        "The soldiers were sent to Kursk by the army.",
        "Kim Jong Un met Sergei Lavrov in Wonsan.",
        "Lavrov met Kim in the resort town of Wonsan.",
        "Heavy rain fell on Lisbon on Monday.",
        "About eleven thousand homes lost power.",
        "Officials said the storm moved north.",
        "The minister promised to rebuild every school.",
    ];

    /// A document of the sentences picked, a paragraph ending where asked.
    fn doc(picks: &[(usize, bool)]) -> Document {
        let mut text = String::new();
        for &(s, ends_paragraph) in picks {
            text.push_str(SENTENCES[s % SENTENCES.len()]);
            text.push_str(if ends_paragraph { "\n\n" } else { " " });
        }
        load_bytes("t.txt", text.as_bytes(), &LoadOptions::default()).expect("sentences load")
    }

    /// A moved link whose right side comes first leaves the runs out of order until sorted:
    /// each run still follows the passage of the linked right sentence before it.
    #[test]
    fn each_run_follows_the_passage_of_the_linked_sentence_before_it() {
        use crate::align::Link;
        // Left: A, B. Right: B, a run, A (moved), another run.
        let l = doc(&[(0, true), (2, true)]);
        let r = doc(&[(2, true), (4, true), (0, true), (6, true)]);
        let link = |left: usize, right: usize, kind: LinkKind| Link {
            left: vec![left],
            right: vec![right],
            kind,
            similarity: 1.0,
            manual: false,
        };
        let a = Alignment {
            links: vec![link(0, 2, LinkKind::Moved), link(1, 0, LinkKind::Equal)],
            ..Alignment::default()
        };
        let ps = rearranged(&l, &r, &a);
        let shown: Vec<(PassageKind, Range<usize>, Range<usize>)> = ps
            .iter()
            .map(|p| (p.kind, p.left.clone(), p.right.clone()))
            .collect();
        assert_eq!(
            shown,
            vec![
                (PassageKind::Moved, 0..1, 2..3),
                (PassageKind::RightOnly, 0..0, 3..4),
                (PassageKind::Equal, 1..2, 0..1),
                (PassageKind::RightOnly, 0..0, 1..2),
            ]
        );
        assert_eq!(ps, made_anew(&l, &r, &a));
    }

    proptest::proptest! {
        #![proptest_config(crate::testing::cases(64))]

        /// Made one at a time, they are the passages the first way made: links in order and
        /// moved, runs only one side has, paragraphs.
        #[test]
        fn made_one_at_a_time_they_are_the_passages_made_anew(
            left in proptest::collection::vec((0usize..8, proptest::bool::ANY), 1..9),
            right in proptest::collection::vec((0usize..8, proptest::bool::ANY), 1..9),
        ) {
            let (l, r) = (doc(&left), doc(&right));
            let a = align(&l, &r, &AlignOptions::default());
            proptest::prop_assert_eq!(rearranged(&l, &r, &a), made_anew(&l, &r, &a));
        }
    }
}
