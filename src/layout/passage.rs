//! [`Passage`]: one row group of the side-by-side view, in source order on both sides.
//!
//! Walking both documents in reading order, each step emits what comes next: an in-order link
//! (both sides), a run of sentences only one side has, or one side of a moved link (the other
//! side appears at its own place). Runs of unique sentences never cross a paragraph.

use std::ops::Range;

use crate::align::{Alignment, LinkKind};
use crate::load::Document;

/// What a passage shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PassageKind {
    /// A link whose sides have the same words.
    Equal,
    /// A link whose sides say the same in different words.
    Changed,
    /// One side of a moved link; its counterpart is elsewhere.
    Moved,
    /// Sentences only the left document has.
    LeftOnly,
    /// Sentences only the right document has.
    RightOnly,
}

impl PassageKind {
    /// Whether the passage is a difference a reviewer steps through (all but equal).
    pub fn is_difference(self) -> bool {
        self != PassageKind::Equal
    }
}

/// A group of sentences shown side by side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    /// What it shows.
    pub kind: PassageKind,
    /// The link it shows (for equal, changed and moved passages).
    pub link: Option<usize>,
    /// Left sentences shown (empty when the left side is blank).
    pub left: Range<usize>,
    /// Right sentences shown (empty when the right side is blank).
    pub right: Range<usize>,
}

/// The passages of two aligned documents in source order.
pub fn passages(left: &Document, right: &Document, alignment: &Alignment) -> Vec<Passage> {
    let (n, m) = (left.sentences.len(), right.sentences.len());
    let left_of = alignment.left_index(n);
    let right_of = alignment.right_index(m);
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        let li = left_of.get(i).copied().flatten();
        let rj = right_of.get(j).copied().flatten();
        // An in-order link whose both sides start here.
        if let (Some(a), Some(b)) = (li, rj)
            && a == b
            && alignment.links[a].kind != LinkKind::Moved
        {
            let link = &alignment.links[a];
            let kind = if link.kind == LinkKind::Equal {
                PassageKind::Equal
            } else {
                PassageKind::Changed
            };
            let l = i..i + link.left.len();
            let r = j..j + link.right.len();
            i = l.end;
            j = r.end;
            out.push(Passage {
                kind,
                link: Some(a),
                left: l,
                right: r,
            });
            continue;
        }
        // Left side first while it is not waiting for an in-order link the right has not reached.
        let left_waits = match li {
            Some(a) => alignment.links[a].kind != LinkKind::Moved,
            None => false,
        };
        if i < n && !left_waits {
            out.push(one_side(left, &left_of, alignment, &mut i, true));
            continue;
        }
        if j < m {
            out.push(one_side(right, &right_of, alignment, &mut j, false));
            continue;
        }
        // The right side is exhausted while the left waits: cannot happen for a consistent
        // alignment, but never loop forever on an inconsistent one.
        out.push(one_side(left, &left_of, alignment, &mut i, true));
    }
    out
}

/// A passage from one side only, starting at `*at`: a moved link's side or a unique run.
fn one_side(
    doc: &Document,
    link_of: &[Option<usize>],
    alignment: &Alignment,
    at: &mut usize,
    is_left: bool,
) -> Passage {
    let start = *at;
    let (kind, link, end) = match link_of[start] {
        Some(k) => {
            let link = &alignment.links[k];
            let len = if is_left {
                link.left.len()
            } else {
                link.right.len()
            };
            (PassageKind::Moved, Some(k), start + len.max(1))
        }
        None => {
            let para = doc.sentences[start].paragraph;
            let mut end = start + 1;
            while end < doc.sentences.len()
                && link_of[end].is_none()
                && doc.sentences[end].paragraph == para
            {
                end += 1;
            }
            let kind = if is_left {
                PassageKind::LeftOnly
            } else {
                PassageKind::RightOnly
            };
            (kind, None, end)
        }
    };
    *at = end;
    let (left, right) = if is_left {
        (start..end, 0..0)
    } else {
        (0..0, start..end)
    };
    Passage {
        kind,
        link,
        left,
        right,
    }
}
