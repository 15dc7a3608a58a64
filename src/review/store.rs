//! [`ReviewStore`]: a reviewer's work on one pair of articles, as it is saved on disk.
//!
//! Everything is keyed by sentence *text*, not by index: indexes shift whenever an article is
//! edited or the engine changes, text can be found again ([`super::anchor`]). The format is
//! JSON with a `version`; a file of another version is refused, never rewritten.

use serde::{Deserialize, Serialize};

use super::Progress;

/// The store format this build reads and writes.
pub const STORE_VERSION: u32 = 1;

/// Where a reviewer is with one passage.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Not looked at yet.
    #[default]
    Unreviewed,
    /// Looked at; nothing to follow up.
    Reviewed,
    /// Looked at and needs follow-up.
    Flagged,
}

impl Status {
    /// The status's name as the store, the reports and the status line spell it.
    pub fn name(self) -> &'static str {
        match self {
            Status::Unreviewed => "unreviewed",
            Status::Reviewed => "reviewed",
            Status::Flagged => "flagged",
        }
    }
}

/// One article as the store remembers it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleId {
    /// The path the article was opened from (absolute when it was a file).
    pub path: String,
    /// Its headline, for people reading the store.
    #[serde(default)]
    pub title: Option<String>,
    /// A fingerprint of its sentences ([`super::file::fingerprint`]).
    pub fingerprint: String,
}

/// The review of one passage: a link, or a run of sentences only one side has.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The passage's left sentences, as text (empty for a right-only run).
    pub left: Vec<String>,
    /// The passage's right sentences, as text (empty for a left-only run).
    pub right: Vec<String>,
    /// Reviewed, flagged or not yet.
    #[serde(default)]
    pub status: Status,
    /// The reviewer's note (several lines allowed; empty when there is none).
    #[serde(default)]
    pub note: String,
}

impl Entry {
    /// Whether the entry records nothing (unreviewed, no note) and can be dropped.
    pub fn is_blank(&self) -> bool {
        self.status == Status::Unreviewed && self.note.trim().is_empty()
    }
}

/// A reviewer's correction of the engine's alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CorrectionKind {
    /// These sentences say the same thing: link them.
    Link,
    /// These sentences were linked wrongly: keep them apart.
    Unlink,
}

/// One correction, by sentence text.
///
/// An unlink with sentences on one side only (the other empty) takes just those sentences out
/// of their link; one with both sides breaks the links that hold both.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Correction {
    /// Link or unlink.
    pub action: CorrectionKind,
    /// The left sentences, as text.
    pub left: Vec<String>,
    /// The right sentences, as text.
    pub right: Vec<String>,
}

/// Where the reader was when it closed: the first sentence of each side of the passage being
/// read, as text (a side the passage does not have is `None`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    /// Its first left sentence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub left: Option<String>,
    /// Its first right sentence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub right: Option<String>,
}

/// A review of one pair of articles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewStore {
    /// The format version ([`STORE_VERSION`]).
    pub version: u32,
    /// The left article.
    pub left: ArticleId,
    /// The right article.
    pub right: ArticleId,
    /// Reviewed passages, in the order they were first touched.
    #[serde(default)]
    pub entries: Vec<Entry>,
    /// Hand corrections of the alignment, applied in order.
    #[serde(default)]
    pub corrections: Vec<Correction>,
    /// Where the reader was last (added within version 1: older builds ignore it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<Position>,
    /// The review's progress when it was last saved, so a list of pairs (library mode's
    /// picker) can show it without aligning each pair. Counted over the alignment of that
    /// time; absent in stores saved before it was kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub progress: Option<Progress>,
}

impl ReviewStore {
    /// An empty review of `left` and `right`.
    pub fn new(left: ArticleId, right: ArticleId) -> ReviewStore {
        ReviewStore {
            version: STORE_VERSION,
            left,
            right,
            entries: Vec::new(),
            corrections: Vec::new(),
            position: None,
            progress: None,
        }
    }

    /// The same review seen with the articles swapped.
    pub fn mirrored(self) -> ReviewStore {
        ReviewStore {
            version: self.version,
            left: self.right,
            right: self.left,
            entries: self
                .entries
                .into_iter()
                .map(|e| Entry {
                    left: e.right,
                    right: e.left,
                    ..e
                })
                .collect(),
            corrections: self
                .corrections
                .into_iter()
                .map(|c| Correction {
                    left: c.right,
                    right: c.left,
                    ..c
                })
                .collect(),
            position: self.position.map(|p| Position {
                left: p.right,
                right: p.left,
            }),
            progress: self.progress,
        }
    }

    /// Records `correction`; one that undoes an earlier correction removes it instead.
    pub fn correct(&mut self, correction: Correction) {
        let undoes = |c: &Correction| {
            c.action != correction.action
                && c.left == correction.left
                && c.right == correction.right
        };
        if let Some(k) = self.corrections.iter().position(undoes) {
            self.corrections.remove(k);
        } else if !self.corrections.contains(&correction) {
            self.corrections.push(correction);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(action: CorrectionKind, l: &str, r: &str) -> Correction {
        Correction {
            action,
            left: vec![l.to_owned()],
            right: vec![r.to_owned()],
        }
    }

    #[test]
    fn a_status_is_named_as_the_store_spells_it() {
        for status in [Status::Unreviewed, Status::Reviewed, Status::Flagged] {
            let json = serde_json::to_string(&status).expect("json");
            assert_eq!(json, format!("\"{}\"", status.name()));
        }
        assert_eq!(Status::Flagged.name(), "flagged");
    }

    #[test]
    fn a_correction_that_undoes_another_removes_it() {
        let mut s = ReviewStore::new(ArticleId::default(), ArticleId::default());
        s.correct(c(CorrectionKind::Unlink, "a", "b"));
        s.correct(c(CorrectionKind::Link, "a", "c"));
        s.correct(c(CorrectionKind::Link, "a", "c"));
        assert_eq!(
            s.corrections.len(),
            2,
            "a repeated correction is stored once"
        );
        s.correct(c(CorrectionKind::Link, "a", "b"));
        assert_eq!(s.corrections, vec![c(CorrectionKind::Link, "a", "c")]);
    }

    #[test]
    fn mirroring_swaps_every_side() {
        let mut s = ReviewStore::new(
            ArticleId {
                path: "l".into(),
                ..Default::default()
            },
            ArticleId {
                path: "r".into(),
                ..Default::default()
            },
        );
        s.entries.push(Entry {
            left: vec!["x".into()],
            right: vec![],
            status: Status::Flagged,
            note: "n".into(),
        });
        s.correct(c(CorrectionKind::Link, "a", "b"));
        let m = s.clone().mirrored();
        assert_eq!(m.left.path, "r");
        assert_eq!(m.entries[0].right, vec!["x".to_owned()]);
        assert_eq!(m.corrections[0].left, vec!["b".to_owned()]);
        assert_eq!(m.mirrored(), s);
    }
}
