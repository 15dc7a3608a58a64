//! Facts: numbers, quotations, names and sources in two articles, and where they disagree.
//!
//! Pure and terminal-free. Each side's sentences are read by the extractors ([`number`],
//! [`quote`], [`name`], [`source`]); [`Facts::of`] then pairs what the two sides say about the
//! same thing and reports each [`Finding`]: a number or quotation that differs, a different
//! source for the same figure or passage, a number or quotation only one side has, and the
//! spelling variants of one name (shown, but not counted as a disagreement).
//!
//! Pairs are found across the whole documents, not only inside linked passages: two outlets
//! often give a figure in sentences too different to link ("around 14,000 soldiers" and "an
//! estimated 11,000 soldiers"). How pairs are chosen, and the limits, are in `docs/facts.md`.

pub mod across;
mod compare;
pub mod name;
pub mod number;
mod one_sided;
pub mod quote;
pub mod source;
pub mod token;

use crate::align::Alignment;
use crate::align::word_diff::Mark;
use crate::load::Document;
use crate::progress::{Cancelled, Progress};

pub use compare::Reading;
pub use number::{Bound, Measure, Quantity};

/// What a [`Finding`] reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FindingKind {
    /// The same figure with a different value on each side.
    Number,
    /// The same quotation worded differently.
    Quote,
    /// The same figure, quotation or passage credited to different sources.
    Source,
    /// A figure only one side gives.
    OneSidedNumber,
    /// A quotation only one side has.
    OneSidedQuote,
    /// One name spelled in more than one way (not a disagreement).
    NameVariants,
}

impl FindingKind {
    /// The kind's name in the JSON output.
    pub fn name(self) -> &'static str {
        match self {
            FindingKind::Number => "number",
            FindingKind::Quote => "quote",
            FindingKind::Source => "source",
            FindingKind::OneSidedNumber => "one_sided_number",
            FindingKind::OneSidedQuote => "one_sided_quote",
            FindingKind::NameVariants => "name_variants",
        }
    }

    /// Whether it is a discrepancy a fact-checker steps through (name variants are not).
    pub fn is_discrepancy(self) -> bool {
        self != FindingKind::NameVariants
    }
}

/// One side's wording of a finding.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// Where it is: one mark per sentence (a quotation can span several, a name recurs).
    pub marks: Vec<Mark>,
    /// The words as the article has them.
    pub text: String,
    /// The number read from it, for numbers.
    pub quantity: Option<Quantity>,
}

impl Mention {
    /// The first sentence it is in.
    pub fn sentence(&self) -> Option<usize> {
        self.marks.first().map(|m| m.sentence)
    }
}

/// Where a finding shows in one document: a mark and the finding's index in
/// [`Facts::findings`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactMark {
    /// The finding.
    pub finding: usize,
    /// The text it covers.
    pub mark: Mark,
}

/// Something the fact comparison found.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// What it is.
    pub kind: FindingKind,
    /// The left side's wording(s); empty when only the right has it.
    pub left: Vec<Mention>,
    /// The right side's wording(s); empty when only the left has it.
    pub right: Vec<Mention>,
    /// For quotations: how much of the wording the two sides share, in [0, 1].
    pub similarity: Option<f32>,
}

impl Finding {
    /// What it is, in a few words: "number", "quote · 58% alike", "only left · number",
    /// "same name".
    pub fn label(&self) -> String {
        let side = if self.right.is_empty() {
            "left"
        } else {
            "right"
        };
        match self.kind {
            FindingKind::Number => "number".to_owned(),
            FindingKind::Quote => match self.similarity {
                Some(s) => format!("quote · {:.0}% alike", s * 100.0),
                None => "quote".to_owned(),
            },
            FindingKind::Source => "source".to_owned(),
            FindingKind::OneSidedNumber => format!("only {side} · number"),
            FindingKind::OneSidedQuote => format!("only {side} · quote"),
            FindingKind::NameVariants => "same name".to_owned(),
        }
    }

    /// One side's wording (`left` true for the left): its mentions joined by commas,
    /// quotations in quote marks. Empty when that side has nothing. A quotation given more
    /// than once in the same words (case aside) is written once, with how often: "“unconditional
    /// support” ×2".
    pub fn wording(&self, left: bool) -> String {
        let quoted = matches!(self.kind, FindingKind::Quote | FindingKind::OneSidedQuote);
        let mentions = if left { &self.left } else { &self.right };
        if !quoted {
            return mentions
                .iter()
                .map(|m| m.text.as_str())
                .collect::<Vec<_>>()
                .join(", ");
        }
        let mut distinct: Vec<(String, &str, usize)> = Vec::new();
        for m in mentions {
            let key = m.text.to_lowercase();
            match distinct.iter_mut().find(|(k, _, _)| *k == key) {
                Some(d) => d.2 += 1,
                None => distinct.push((key, &m.text, 1)),
            }
        }
        distinct
            .iter()
            .map(|(_, text, n)| match n {
                1 => format!("“{text}”"),
                n => format!("“{text}” ×{n}"),
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// One side's wording for a line too short to hold it: for a quotation worded
    /// differently, it starts where the two wordings start to share words (two in a row),
    /// after "…", so a cut line shows why the two are paired; otherwise [`Finding::wording`].
    pub fn excerpt(&self, left: bool) -> String {
        let (own, other) = if left {
            (&self.left, &self.right)
        } else {
            (&self.right, &self.left)
        };
        let (Some(own), Some(other), FindingKind::Quote) = (own.first(), other.first(), self.kind)
        else {
            return self.wording(left);
        };
        match shared_from(&own.text, &other.text) {
            Some(at) if at > 0 => format!("“…{}”", &own.text[at..]),
            _ => self.wording(left),
        }
    }
}

/// Where in `text` the first two words in a row start that `other` also has in a row (case
/// and punctuation aside), as a byte offset.
fn shared_from(text: &str, other: &str) -> Option<usize> {
    fn norm(word: &str) -> String {
        word.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    }
    let words = |t: &str| -> Vec<(usize, String)> {
        t.split_whitespace()
            .map(|w| (w.as_ptr() as usize - t.as_ptr() as usize, norm(w)))
            .filter(|(_, w)| !w.is_empty())
            .collect()
    };
    let theirs = words(other);
    let pairs: std::collections::HashSet<(&str, &str)> = theirs
        .windows(2)
        .map(|w| (w[0].1.as_str(), w[1].1.as_str()))
        .collect();
    words(text)
        .windows(2)
        .find(|w| pairs.contains(&(w[0].1.as_str(), w[1].1.as_str())))
        .map(|w| w[0].0)
}

/// Everything the fact comparison found for a pair of documents.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facts {
    /// Findings, disagreements first, each group in reading order.
    pub findings: Vec<Finding>,
    /// Figures both sides give with the same value.
    pub shared_numbers: usize,
    /// Quotations both sides give in the same words.
    pub shared_quotes: usize,
    /// Whether the two articles share little ([`crate::align::shares_little`]): figures that
    /// differ were then paired only inside linked passages, and sources compared only there.
    pub shares_little: bool,
}

impl Facts {
    /// Compares the facts of two aligned documents.
    ///
    /// When they share little (probably different events), only what linked passages say is
    /// set against each other: two different counts of soldiers in two such articles are two
    /// counts, not two estimates of one figure.
    pub fn of(left: &Document, right: &Document, alignment: &Alignment) -> Facts {
        Facts::of_story(left, right, alignment, false)
    }

    /// [`Facts::of`] for two articles known to tell one story (`same_story`: library mode
    /// grouped them): a low share of linked text is then a loose retelling, not different
    /// events, and figures are set against each other across passages as usual.
    pub fn of_story(
        left: &Document,
        right: &Document,
        alignment: &Alignment,
        same_story: bool,
    ) -> Facts {
        // Nobody else holds this progress, so it is never cancelled.
        Facts::of_story_with(left, right, alignment, same_story, &Progress::new())
            .unwrap_or_default()
    }

    /// [`Facts::of_story`], reporting into `progress` as [`crate::progress::Stage::Facts`]
    /// and stopping early once it is cancelled.
    ///
    /// # Errors
    /// [`Cancelled`] when `progress` was cancelled before the facts were all compared.
    pub fn of_story_with(
        left: &Document,
        right: &Document,
        alignment: &Alignment,
        same_story: bool,
        progress: &Progress,
    ) -> Result<Facts, Cancelled> {
        Facts::of_reading(
            Reading::of(left, right, progress)?,
            alignment,
            same_story,
            progress,
        )
    }

    /// [`Facts::of_story_with`] of documents read already, maybe while they were aligned:
    /// `reading` must be of the two documents `alignment` aligns. Reports into `progress` as
    /// [`crate::progress::Stage::Facts`], going on from the reading's count when the reading
    /// reported into it too.
    ///
    /// # Errors
    /// [`Cancelled`] when `progress` was cancelled before the facts were all compared.
    pub fn of_reading(
        reading: Reading,
        alignment: &Alignment,
        same_story: bool,
        progress: &Progress,
    ) -> Result<Facts, Cancelled> {
        // The words were counted as the facts were read: a book's sentences are not split
        // into words again.
        let shares_little =
            !same_story && crate::align::shares_little_of(|| reading.word_counts(), alignment);
        compare::compare(reading, alignment, shares_little, progress)
    }

    /// [`Facts::of_story_with`] for a caller that already knows whether the two articles share
    /// little (the reader decides it before its first screen, and reads facts after).
    ///
    /// # Errors
    /// [`Cancelled`] when `progress` was cancelled before the facts were all compared.
    pub fn of_pair_with(
        left: &Document,
        right: &Document,
        alignment: &Alignment,
        shares_little: bool,
        progress: &Progress,
    ) -> Result<Facts, Cancelled> {
        let reading = Reading::of(left, right, progress)?;
        compare::compare(reading, alignment, shares_little, progress)
    }

    /// The findings a fact-checker steps through (all but name variants).
    pub fn discrepancies(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.kind.is_discrepancy())
    }

    /// The text to highlight on one side (`left` true for the left): the marks of every
    /// discrepancy with the finding it belongs to, sorted by sentence and position.
    pub fn marks(&self, left: bool) -> Vec<FactMark> {
        let mut out: Vec<FactMark> = self
            .findings
            .iter()
            .enumerate()
            .filter(|(_, f)| f.kind.is_discrepancy())
            .flat_map(|(finding, f)| {
                let mentions = if left { &f.left } else { &f.right };
                mentions.iter().flat_map(move |m| {
                    m.marks.iter().map(move |mark| FactMark {
                        finding,
                        mark: mark.clone(),
                    })
                })
            })
            .collect();
        out.sort_by_key(|m| {
            (
                m.mark.sentence,
                m.mark.range.start,
                m.mark.range.end,
                m.finding,
            )
        });
        out.dedup();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_has_its_contract_name_label_and_place_in_the_steps() {
        use FindingKind::*;
        let mention = |sentence| Mention {
            marks: vec![
                Mark {
                    sentence,
                    range: 0..2,
                },
                Mark {
                    sentence: sentence + 4,
                    range: 0..2,
                },
            ],
            text: "14".to_owned(),
            quantity: None,
        };
        let finding = |kind, left: bool, right: bool, similarity| Finding {
            kind,
            left: if left { vec![mention(3)] } else { vec![] },
            right: if right { vec![mention(7)] } else { vec![] },
            similarity,
        };
        let cases = [
            (finding(Number, true, true, None), "number", "number", true),
            (
                finding(Quote, true, true, Some(0.584)),
                "quote",
                "quote · 58% alike",
                true,
            ),
            (finding(Quote, true, true, None), "quote", "quote", true),
            (finding(Source, true, true, None), "source", "source", true),
            (
                finding(OneSidedNumber, true, false, None),
                "one_sided_number",
                "only left · number",
                true,
            ),
            (
                finding(OneSidedNumber, false, true, None),
                "one_sided_number",
                "only right · number",
                true,
            ),
            (
                finding(OneSidedQuote, true, false, None),
                "one_sided_quote",
                "only left · quote",
                true,
            ),
            (
                finding(NameVariants, true, true, None),
                "name_variants",
                "same name",
                false,
            ),
        ];
        for (f, name, label, steps) in &cases {
            assert_eq!(f.kind.name(), *name);
            assert_eq!(f.label(), *label);
            assert_eq!(f.kind.is_discrepancy(), *steps, "{name}");
        }
        // A mention is placed at its first sentence.
        assert_eq!(mention(3).sentence(), Some(3));
        let nowhere = Mention {
            marks: vec![],
            text: String::new(),
            quantity: None,
        };
        assert_eq!(nowhere.sentence(), None);
    }

    fn doc(text: &str) -> Document {
        crate::load::load_bytes("t.txt", text.as_bytes(), &Default::default()).expect("doc")
    }

    #[test]
    fn a_pair_s_facts_its_steps_and_its_marks() {
        use crate::align::{AlignOptions, align};
        let l = doc("Officials said that 14,000 soldiers were sent by Kim Jong Un last week.\n");
        let r = doc("Officials said that 11,000 soldiers were sent by Kim Jong-un last week.\n");
        let a = align(&l, &r, &AlignOptions::default());
        assert_eq!(a.links.len(), 1, "{a:?}");
        let facts = Facts::of(&l, &r, &a);
        let kinds: Vec<FindingKind> = facts.findings.iter().map(|f| f.kind).collect();
        assert_eq!(kinds, [FindingKind::Number, FindingKind::NameVariants]);
        // The steps leave the spelling of a name out; the marks cover the figure.
        let steps: Vec<FindingKind> = facts.discrepancies().map(|f| f.kind).collect();
        assert_eq!(steps, [FindingKind::Number]);
        let marked: Vec<&str> = facts
            .marks(true)
            .iter()
            .map(|m| &l.sentences.at(m.mark.sentence).text[m.mark.range.clone()])
            .collect();
        assert_eq!(marked, ["14,000 soldiers"]);
    }

    #[test]
    fn articles_that_share_little_pair_figures_only_when_known_to_tell_one_story() {
        let l = doc(concat!(
            "The talks in Pyongyang ended without a statement.\n\n",
            "Around 14,000 soldiers are said to be stationed near the border.\n",
        ));
        let r = doc(concat!(
            "Western officials met in Brussels on Tuesday morning.\n\n",
            "Analysts put the troops at an estimated 11,000 soldiers in the region.\n",
        ));
        // Nothing linked: they share nothing.
        let a = Alignment::default();
        let numbers = |facts: &Facts| {
            facts
                .findings
                .iter()
                .filter(|f| f.kind == FindingKind::Number)
                .count()
        };
        // Probably two events: two counts, each only on its side.
        let apart = Facts::of(&l, &r, &a);
        assert!(apart.shares_little);
        assert_eq!(numbers(&apart), 0, "{:?}", apart.findings);
        // Library mode grouped them into one story: one figure given two ways.
        let story = Facts::of_story(&l, &r, &a, true);
        assert!(!story.shares_little);
        assert_eq!(numbers(&story), 1, "{:?}", story.findings);
    }

    fn quote(kind: FindingKind, left: &[&str], right: &[&str]) -> Finding {
        let mentions = |texts: &[&str]| {
            texts
                .iter()
                .map(|t| Mention {
                    marks: vec![],
                    text: (*t).to_owned(),
                    quantity: None,
                })
                .collect()
        };
        Finding {
            kind,
            left: mentions(left),
            right: mentions(right),
            similarity: Some(0.5),
        }
    }

    #[test]
    fn a_cut_quote_starts_where_the_two_wordings_meet() {
        let f = quote(
            FindingKind::Quote,
            &["Our Korean friends have confirmed their clear support,"],
            &["We exchanged views on the crisis. Our Korean friends confirmed their firm support."],
        );
        assert_eq!(
            f.excerpt(true),
            "“Our Korean friends have confirmed their clear support,”",
            "already starts with shared words"
        );
        assert_eq!(
            f.excerpt(false),
            "“…Our Korean friends confirmed their firm support.”"
        );
        // Nothing two words long in common: the wording as it is.
        let apart = quote(FindingKind::Quote, &["one two three"], &["four five six"]);
        assert_eq!(apart.excerpt(false), "“four five six”");
    }

    #[test]
    fn a_quotation_given_twice_is_worded_once_with_how_often() {
        let f = quote(
            FindingKind::OneSidedQuote,
            &[],
            &[
                "Unconditional Support",
                "unconditional support",
                "firm belief",
            ],
        );
        assert_eq!(
            f.wording(false),
            "“Unconditional Support” ×2, “firm belief”"
        );
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;
    use crate::align::{AlignOptions, align};
    use crate::load::{LoadOptions, load_bytes};

    /// Text made of what the extractors look for, in any order: numbers, ranges, dates,
    /// quote marks of every style, names, hyphens, attributions.
    fn article_text() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("14,000 soldiers ".to_owned()),
            Just("around ".to_owned()),
            Just("up to ".to_owned()),
            Just("25,000 to ".to_owned()),
            Just("three years ".to_owned()),
            Just("12 June ".to_owned()),
            Just("10:".to_owned()),
            Just("3rd ".to_owned()),
            Just("$5 million ".to_owned()),
            Just("% ".to_owned()),
            Just("between ".to_owned()),
            Just("“".to_owned()),
            Just("”".to_owned()),
            Just("\"".to_owned()),
            Just("‘".to_owned()),
            Just("’s ".to_owned()),
            Just("'".to_owned()),
            Just("«".to_owned()),
            Just("„".to_owned()),
            Just("Choe Son-hui ".to_owned()),
            Just("Zelenskyj ".to_owned()),
            Just("-".to_owned()),
            Just("according to the ".to_owned()),
            Just(" said ".to_owned()),
            Just("Minister ".to_owned()),
            Just("F-16 ".to_owned()),
            Just("twenty-".to_owned()),
            Just(". ".to_owned()),
            Just("\n\n".to_owned()),
            Just("é ".to_owned()),
            Just("日本 ".to_owned()),
            "[a-zA-Z]{1,8} ",
        ];
        prop::collection::vec(piece, 1..50).prop_map(|v| v.concat())
    }

    fn check(doc: &Document, mentions: &[Mention]) -> Result<(), TestCaseError> {
        for m in mentions {
            prop_assert!(!m.marks.is_empty());
            for mark in &m.marks {
                let text = doc.sentences.at(mark.sentence).text;
                prop_assert!(mark.range.start < mark.range.end && mark.range.end <= text.len());
                prop_assert!(text.get(mark.range.clone()).is_some(), "on char boundaries");
            }
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(crate::testing::cases(128))]

        #[test]
        fn facts_never_panic_and_point_inside_their_sentences(a in article_text(), b in article_text()) {
            let opts = LoadOptions::default();
            if let (Ok(l), Ok(r)) = (load_bytes("a.txt", a.as_bytes(), &opts), load_bytes("b.txt", b.as_bytes(), &opts)) {
                let alignment = align(&l, &r, &AlignOptions::default());
                let facts = Facts::of(&l, &r, &alignment);
                for f in &facts.findings {
                    check(&l, &f.left)?;
                    check(&r, &f.right)?;
                }
            }
        }
    }
}
