//! [`Quotation`]: words between quote marks, of any style, possibly across sentences.
//!
//! Curly (`“…”`, `‘…’`), straight (`"…"`, `'…'`), German (`„…“`, `‚…‘`), guillemets (`«…»`,
//! `»…«`) and CJK corner brackets. Quotes are found per paragraph, so one that runs over
//! several sentences is one quotation. A single quote mark opens only after a space or an
//! opening bracket and closes only before a non-letter, so apostrophes (`Russia’s`, `don't`)
//! never open or close one. A double quote left open at the end of its paragraph runs to the
//! paragraph's end (the convention for quotes that go on in the next paragraph).

use std::ops::Range;

use crate::align::word_diff::Mark;
use crate::load::{Document, Paragraph};
use crate::parallel::map_chunks;

/// A quotation found in a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quotation {
    /// Its parts, one per sentence it spans, quote marks included, as ranges in sentence texts.
    pub marks: Vec<Mark>,
    /// The quoted words, without the quote marks.
    pub text: String,
}

/// How far (in characters) a single quote mark looks for its closing mark.
const SINGLE_REACH: usize = 2000;

/// The closing marks an opening mark accepts, and whether it is a single quote.
fn closers(open: char) -> Option<(&'static [char], bool)> {
    Some(match open {
        '“' => (&['”', '"'][..], false),
        '„' => (&['“', '”', '"'][..], false),
        '"' => (&['"', '”'][..], false),
        '«' => (&['»'][..], false),
        '»' => (&['«'][..], false),
        '「' => (&['」'][..], false),
        '『' => (&['』'][..], false),
        '‘' => (&['’'][..], true),
        '‚' => (&['‘', '’'][..], true),
        '\'' => (&['\''][..], true),
        _ => return None,
    })
}

fn opens_after(prev: Option<char>) -> bool {
    prev.is_none_or(|c| c.is_whitespace() || "([{—–-/:".contains(c))
}

/// The quotations in `doc`, in reading order.
pub fn quotations(doc: &Document) -> Vec<Quotation> {
    // Paragraph by paragraph, independent: split across cores, results in order.
    map_chunks(0..doc.paragraphs.len(), |range| {
        doc.paragraphs[range]
            .iter()
            .flat_map(|p| quotations_in(doc, p))
            .collect()
    })
}

/// The quotations of one paragraph of `doc`, in reading order.
fn quotations_in(doc: &Document, paragraph: &Paragraph) -> Vec<Quotation> {
    let mut out = Vec::new();
    // A quotation opens at a quote mark: most paragraphs have none, and are not joined and
    // gone through a character at a time.
    if !paragraph
        .sentences()
        .any(|s| has_quote_mark(doc.sentences.at(s).text))
    {
        return out;
    }
    // The paragraph's sentences joined by one space, and where each starts.
    let mut text = String::new();
    let mut starts = Vec::new();
    for s in paragraph.sentences() {
        if !text.is_empty() {
            text.push(' ');
        }
        starts.push((s, text.len()));
        text.push_str(doc.sentences.at(s).text);
    }
    for r in quote_ranges(&text) {
        let inner = text[r.clone()]
            .trim_matches(|c: char| closers(c).is_some() || "”’»«」』".contains(c))
            .trim()
            .to_owned();
        if !inner.chars().any(char::is_alphanumeric) {
            continue;
        }
        out.push(Quotation {
            marks: split(&starts, doc, r),
            text: inner,
        });
    }
    out
}

/// Whether `text` has a mark that may open a quotation ([`closers`]); all of them are `"`,
/// `'` or beyond ASCII.
fn has_quote_mark(text: &str) -> bool {
    text.bytes()
        .any(|b| b == b'"' || b == b'\'' || !b.is_ascii())
        && text.chars().any(|c| closers(c).is_some())
}

/// Ranges of quotations in `text`, each from its opening to its closing mark.
fn quote_ranges(text: &str) -> Vec<Range<usize>> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        let prev = i.checked_sub(1).map(|p| chars[p].1);
        let next = chars.get(i + 1).map(|n| n.1);
        let Some((close, single)) = closers(c) else {
            i += 1;
            continue;
        };
        let ascii = c == '"' || c == '\'';
        // A single or straight mark opens only after a space or bracket; a straight one not
        // before a space either (it is then closing something, or stray).
        let cannot_open = (single || ascii) && !opens_after(prev);
        let stray = ascii && next.is_none_or(char::is_whitespace);
        if cannot_open || stray {
            i += 1;
            continue;
        }
        let mut end = None;
        // A single quote closes within a few sentences or not at all; bounding the search keeps
        // a paragraph full of stray apostrophes linear.
        let reach = if single {
            chars.len().min(i + 1 + SINGLE_REACH)
        } else {
            chars.len()
        };
        for j in i + 1..reach {
            let (_, d) = chars[j];
            if !close.contains(&d) {
                continue;
            }
            let after = chars.get(j + 1).map(|n| n.1);
            if single && after.is_some_and(char::is_alphanumeric) {
                continue; // an apostrophe inside the quote
            }
            end = Some(j);
            break;
        }
        match end {
            Some(j) => {
                out.push(at..chars[j].0 + chars[j].1.len_utf8());
                i = j + 1;
            }
            None if !single => {
                out.push(at..text.len());
                break;
            }
            None => i += 1,
        }
    }
    out
}

/// `range` of the joined paragraph text, split into one mark per sentence.
fn split(starts: &[(usize, usize)], doc: &Document, range: Range<usize>) -> Vec<Mark> {
    let mut marks = Vec::new();
    for &(s, start) in starts {
        let end = start + doc.sentences.at(s).text.len();
        let lo = range.start.max(start);
        let hi = range.end.min(end);
        if lo < hi {
            marks.push(Mark {
                sentence: s,
                range: lo - start..hi - start,
            });
        }
    }
    marks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{LoadOptions, load_bytes};

    fn quotes(text: &str) -> Vec<String> {
        let doc = load_bytes("q.txt", text.as_bytes(), &LoadOptions::default()).expect("loads");
        quotations(&doc).into_iter().map(|q| q.text).collect()
    }

    proptest::proptest! {
        /// A text with no mark that opens a quotation has no quotation: such paragraphs are
        /// passed over whole.
        #[test]
        fn a_text_without_quote_marks_has_no_quotation(
            text in "[a-z \"'“”„‘’‚«»「」『』.,—é]{0,40}",
        ) {
            if !has_quote_mark(&text) {
                proptest::prop_assert!(quote_ranges(&text).is_empty());
            }
            proptest::prop_assert_eq!(
                has_quote_mark(&text),
                text.chars().any(|c| closers(c).is_some())
            );
        }
    }

    #[test]
    fn every_quote_style() {
        assert_eq!(
            quotes(
                "“We will stand by you,” Choe said. He said \"no\" twice. Lavrov praised the ‘very close relations’. Sie sagte „nein“. Il a dit « non »."
            ),
            vec![
                "We will stand by you,",
                "no",
                "very close relations",
                "nein",
                "non"
            ]
        );
    }

    #[test]
    fn apostrophes_are_not_quotes() {
        assert!(
            quotes("Russia’s minister and Pyongyang's envoy don't agree; it's the '90s.")
                .is_empty()
        );
        assert_eq!(
            quotes("He called it ‘the people’s war’ today."),
            vec!["the people’s war"]
        );
    }

    #[test]
    fn a_quote_over_two_sentences_is_one_quotation() {
        let doc = load_bytes(
            "q.txt",
            "TASS quoted him: “We exchanged views. Our friends confirmed their support.” Then he left.".as_bytes(),
            &LoadOptions::default(),
        )
        .expect("loads");
        let q = quotations(&doc);
        assert_eq!(q.len(), 1);
        assert_eq!(
            q[0].text,
            "We exchanged views. Our friends confirmed their support."
        );
        let sentences: Vec<usize> = q[0].marks.iter().map(|m| m.sentence).collect();
        assert_eq!(sentences, vec![0, 1]);
        assert_eq!(
            &doc.sentences.at(1).text[q[0].marks[1].range.clone()],
            "Our friends confirmed their support.”"
        );
    }

    #[test]
    fn mixed_curly_and_straight_marks_close() {
        assert_eq!(
            quotes("KCNA said, “Kim is ready to support all measures.\" Reuters reported."),
            vec!["Kim is ready to support all measures."]
        );
    }

    #[test]
    fn guillemets_corner_brackets_and_low_single_marks_open_quotations() {
        assert_eq!(
            quotes("Er sagte »nein« dazu. 彼は「はい」と言った。 『本』 Sie sagte ‚ja‘ dann."),
            vec!["nein", "はい", "本", "ja"]
        );
        assert_eq!(quotes("He said 'no' twice."), vec!["no"]);
    }

    #[test]
    fn a_straight_or_single_mark_after_a_letter_or_between_spaces_opens_nothing() {
        // `said"` and `O'Brien` do not open; the marks standing alone between spaces are
        // stray. Only the quotations opened after a space count.
        assert_eq!(quotes("He said\"no\" then \"yes\" again."), vec!["yes"]);
        assert_eq!(quotes("O'Brien said 'no' loudly."), vec!["no"]);
        assert_eq!(quotes("A \" sign, then \"yes\" said."), vec!["yes"]);
    }

    #[test]
    fn an_unclosed_double_quotation_runs_to_the_end_of_its_paragraph() {
        assert_eq!(
            quotes("He said “we will win. Nothing else matters."),
            vec!["we will win. Nothing else matters."]
        );
        // A single one does not: it is more likely an apostrophe.
        assert!(quotes("He said ‘we will win. Nothing else matters.").is_empty());
    }

    #[test]
    fn a_single_quotation_closes_within_its_reach_and_not_beyond() {
        let within = format!("‘{}’ said.", "a".repeat(SINGLE_REACH - 1));
        assert_eq!(
            quotes(&within).len(),
            1,
            "the closing mark is the last in reach"
        );
        let beyond = format!("‘{}’ said.", "a".repeat(SINGLE_REACH));
        assert!(quotes(&beyond).is_empty());
    }
}
