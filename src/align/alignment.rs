//! [`Alignment`]: which passages of two documents say the same thing.

use serde::Serialize;

/// How the two sides of a [`Link`] relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkKind {
    /// The same words after normalisation (case, quotes, dashes, whitespace).
    Equal,
    /// The same content in different wording, in reading order.
    Changed,
    /// A match that breaks the reading order of the other side.
    Moved,
}

impl LinkKind {
    /// The kind's name as the JSON contract spells it.
    pub fn name(self) -> &'static str {
        match self {
            LinkKind::Equal => "equal",
            LinkKind::Changed => "changed",
            LinkKind::Moved => "moved",
        }
    }
}

/// A correspondence between consecutive sentences on each side.
///
/// `left` and `right` are ascending, non-empty runs of sentence indexes (1:1, 1:2, 2:1, up to
/// three a side).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Link {
    /// Indexes into the left document's sentences.
    pub left: Vec<usize>,
    /// Indexes into the right document's sentences.
    pub right: Vec<usize>,
    /// Equal, changed or moved.
    pub kind: LinkKind,
    /// The engine's similarity score in [0, 1].
    pub similarity: f32,
    /// Whether a reviewer made this link by hand (see `review::corrections`).
    pub manual: bool,
}

/// The engine's result for a pair of documents.
///
/// Links are sorted by their first left sentence; every sentence is in at most one link.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Alignment {
    /// The links, in left reading order.
    pub links: Vec<Link>,
    /// The similarity floor this pair was aligned with (calibrated per pair).
    pub threshold: f32,
}

impl Alignment {
    /// For each left sentence, the index of its link (`None` when unique to the left).
    pub fn left_index(&self, left_len: usize) -> Vec<Option<usize>> {
        self.index(left_len, |l| &l.left)
    }

    /// For each right sentence, the index of its link (`None` when unique to the right).
    pub fn right_index(&self, right_len: usize) -> Vec<Option<usize>> {
        self.index(right_len, |l| &l.right)
    }

    fn index(&self, len: usize, side: impl Fn(&Link) -> &Vec<usize>) -> Vec<Option<usize>> {
        let mut out = vec![None; len];
        for (k, link) in self.links.iter().enumerate() {
            for &i in side(link) {
                if let Some(slot) = out.get_mut(i) {
                    *slot = Some(k);
                }
            }
        }
        out
    }

    /// The same alignment seen from the other side: left and right swapped.
    pub fn mirrored(&self) -> Alignment {
        let mut links: Vec<Link> = self
            .links
            .iter()
            .map(|l| Link {
                left: l.right.clone(),
                right: l.left.clone(),
                kind: l.kind,
                similarity: l.similarity,
                manual: l.manual,
            })
            .collect();
        links.sort_by_key(|l| l.left.first().copied());
        Alignment {
            links,
            threshold: self.threshold,
        }
    }
}
