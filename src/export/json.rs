//! The alignment JSON contract (version 1), documented field by field in `docs/json.md`.
//!
//! Fields named by the contract keep their names, types and meaning. Added as the contract
//! allows: per side `title`, `encoding`, `format`, `furniture` (what the loader set aside,
//! with reasons); per link `diff` (word-level differences as `[sentence, start, end]` byte
//! ranges into sentence `text`; across languages only numbers and names); `repeats`
//! (sentences that say again what a linked sentence of their side says); the calibrated
//! `threshold`; `languages`; `meaning` (the sentence encoder's part); and `facts`, what the
//! fact comparison found (see `docs/facts.md`). Reports
//! ([`to_review_json`]) add per link `manual` (a link made by hand, only when true) and a
//! top-level `review` object (statuses, notes, orphaned entries, corrections).

use std::cell::Cell;
use std::io::Write as _;
use std::ops::ControlFlow;
use std::thread::ScopedJoinHandle;

use serde::Serialize;

use super::WriteError;
use crate::align::word_diff::Mark;
use crate::align::{Alignment, LinkKind, Meaning};
use crate::facts::{self, Bound, Facts, Measure, Mention};
use crate::layout::{PassageKind, passages};
use crate::load::Document;
use crate::parallel::stream_blocks;
use crate::progress::{self as work, BATCH, Cancelled, Stage};
use crate::review::{Correction, Entry, Progress, Review, Status, Unit};

/// The contract's version.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    left: Side<'a>,
    right: Side<'a>,
    links: Links<'a>,
    repeats: Vec<RepeatOut>,
    threshold: f32,
    languages: LanguagesOut,
    meaning: Option<Meaning>,
    facts: Findings<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    review: Option<ReviewOut<'a>>,
}

/// The facts' findings: read before the JSON is written, or on a thread of their own while
/// what comes before them (the sentences and the links) is written.
enum Findings<'a> {
    /// Read already.
    Read(Vec<FindingOut>),
    /// Being read; taken when the field is written (once).
    Reading(Cell<Option<Reading<'a>>>),
}

/// The thread reading the facts.
type Reading<'a> = ScopedJoinHandle<'a, Result<Vec<FindingOut>, Cancelled>>;

impl Serialize for Findings<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::Error as _;
        match self {
            Findings::Read(findings) => findings.serialize(serializer),
            Findings::Reading(reading) => {
                let Some(reading) = reading.take() else {
                    return Err(S::Error::custom("the facts were written already"));
                };
                match reading.join() {
                    Ok(Ok(findings)) => findings.serialize(serializer),
                    Ok(Err(cancelled)) => Err(S::Error::custom(cancelled)),
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            }
        }
    }
}

#[derive(Serialize)]
struct ReviewOut<'a> {
    store: Option<&'a str>,
    progress: ProgressOut,
    passages: Vec<PassageOut<'a>>,
    orphaned: Vec<&'a Entry>,
    corrections: &'a [Correction],
}

#[derive(Serialize)]
struct ProgressOut {
    differences: usize,
    reviewed: usize,
    flagged: usize,
    notes: usize,
    orphaned: usize,
}

impl From<Progress> for ProgressOut {
    fn from(p: Progress) -> Self {
        ProgressOut {
            differences: p.differences,
            reviewed: p.reviewed,
            flagged: p.flagged,
            notes: p.notes,
            orphaned: p.orphaned,
        }
    }
}

#[derive(Serialize)]
struct PassageOut<'a> {
    left: Vec<usize>,
    right: Vec<usize>,
    kind: &'static str,
    status: Status,
    note: &'a str,
}

#[derive(Serialize)]
struct Side<'a> {
    path: &'a str,
    title: Option<&'a str>,
    metadata: &'a crate::load::Metadata,
    encoding: &'a str,
    format: &'a str,
    sentences: Sentences<'a>,
    furniture: Vec<FurnitureOut<'a>>,
}

/// A side's sentences, made as they are written and counted into `progress`: the sentence
/// lists come first in the JSON, and a book's take a while (the bar would otherwise sit at
/// 0% until its links).
struct Sentences<'a> {
    doc: &'a Document,
    progress: &'a work::Progress,
}

impl Serialize for Sentences<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{Error as _, SerializeSeq as _};
        let mut seq = serializer.serialize_seq(Some(self.doc.sentences.len()))?;
        for (k, s) in self.doc.sentences.iter().enumerate() {
            if k % BATCH == 0 {
                if self.progress.is_cancelled() {
                    return Err(S::Error::custom(Cancelled));
                }
                self.progress
                    .advance(BATCH.min(self.doc.sentences.len() - k) as u64);
            }
            seq.serialize_element(&SentenceOut {
                start: s.span().start,
                end: s.span().end,
                text: s.text,
                paragraph: s.paragraph,
            })?;
        }
        seq.end()
    }
}

#[derive(Serialize)]
struct SentenceOut<'a> {
    start: usize,
    end: usize,
    text: &'a str,
    paragraph: usize,
}

#[derive(Serialize)]
struct FurnitureOut<'a> {
    start: usize,
    end: usize,
    text: &'a str,
    reason: &'a str,
}

#[derive(Serialize)]
struct LinkOut {
    left: Vec<usize>,
    right: Vec<usize>,
    kind: LinkKind,
    similarity: f32,
    diff: DiffOut,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    manual: bool,
}

#[derive(Serialize)]
struct RepeatOut {
    left: [usize; 1],
    right: [usize; 1],
    repeating: crate::align::alignment::Side,
    similarity: f32,
}

#[derive(Serialize)]
struct LanguagesOut {
    left: Option<&'static str>,
    right: Option<&'static str>,
}

#[derive(Serialize)]
struct DiffOut {
    left: Vec<[usize; 3]>,
    right: Vec<[usize; 3]>,
}

fn side<'a>(doc: &'a Document, progress: &'a work::Progress) -> Side<'a> {
    Side {
        path: &doc.path,
        title: doc.title.as_deref(),
        metadata: &doc.metadata,
        encoding: doc.encoding,
        format: doc.format.name(),
        sentences: Sentences { doc, progress },
        furniture: doc
            .furniture
            .iter()
            .map(|f| FurnitureOut {
                start: f.span.start,
                end: f.span.end,
                text: &f.text,
                reason: f.reason,
            })
            .collect(),
    }
}

#[derive(Serialize)]
struct FindingOut {
    kind: &'static str,
    left: Vec<MentionOut>,
    right: Vec<MentionOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    similarity: Option<f32>,
}

#[derive(Serialize)]
struct MentionOut {
    text: String,
    sentences: Vec<usize>,
    spans: Vec<[usize; 2]>,
    ranges: Vec<[usize; 3]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<ValueOut>,
}

#[derive(Serialize)]
struct ValueOut {
    low: f64,
    high: f64,
    measure: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    currency: Option<&'static str>,
    unit: Option<String>,
    approximate: bool,
    bound: &'static str,
}

fn findings(left: &Document, right: &Document, facts: &Facts) -> Vec<FindingOut> {
    let mention = |doc: &Document, m: &Mention| {
        let mut sentences: Vec<usize> = m.marks.iter().map(|k| k.sentence).collect();
        sentences.dedup();
        MentionOut {
            text: m.text.clone(),
            sentences,
            spans: m
                .marks
                .iter()
                .filter_map(|k| {
                    let r = doc.sentences.get(k.sentence)?.source_range(k.range.clone());
                    Some([r.start, r.end])
                })
                .collect(),
            ranges: triples(&m.marks),
            value: m.quantity.as_ref().map(|q| ValueOut {
                low: q.low,
                high: q.high,
                measure: q.measure.name(),
                currency: match q.measure {
                    Measure::Money(c) => Some(c),
                    _ => None,
                },
                unit: q.unit.clone(),
                approximate: q.approximate,
                bound: match q.bound {
                    Bound::Exact => "exact",
                    Bound::AtMost => "at_most",
                    Bound::AtLeast => "at_least",
                },
            }),
        }
    };
    facts
        .findings
        .iter()
        .map(|f| FindingOut {
            kind: f.kind.name(),
            left: f.left.iter().map(|m| mention(left, m)).collect(),
            right: f.right.iter().map(|m| mention(right, m)).collect(),
            similarity: f.similarity.map(|s| (s * 1000.0).round() / 1000.0),
        })
        .collect()
}

fn triples(marks: &[Mark]) -> Vec<[usize; 3]> {
    marks
        .iter()
        .map(|m| [m.sentence, m.range.start, m.range.end])
        .collect()
}

/// The alignment as contract JSON, pretty-printed, ending with a newline.
pub fn to_json(left: &Document, right: &Document, alignment: &Alignment) -> String {
    // Nobody else holds this progress, so it is never cancelled.
    to_json_with(left, right, alignment, &work::Progress::new()).unwrap_or_default()
}

/// [`to_json`], reporting into `progress` (the facts as [`Stage::Facts`], the word diffs and
/// the writing as [`Stage::Output`]) and stopping early once it is cancelled.
///
/// # Errors
/// [`Cancelled`] when `progress` was cancelled before the JSON was complete.
pub fn to_json_with(
    left: &Document,
    right: &Document,
    alignment: &Alignment,
    progress: &work::Progress,
) -> Result<String, Cancelled> {
    let facts = read_facts(left, right, alignment, None, progress)?;
    safe_json_with(
        &output(
            left,
            right,
            alignment,
            Findings::Read(facts),
            None,
            progress,
        ),
        progress,
    )
}

/// The facts' findings in the contract's form, reported into `progress` as [`Stage::Facts`];
/// `read`: the two documents' facts read already, if they were (a reading of other documents
/// is read again).
fn read_facts(
    left: &Document,
    right: &Document,
    alignment: &Alignment,
    read: Option<facts::Reading>,
    progress: &work::Progress,
) -> Result<Vec<FindingOut>, Cancelled> {
    let reading = match read {
        Some(reading) if reading.is_of(left, right) => reading,
        _ => facts::Reading::of(left, right, progress)?,
    };
    let facts = Facts::of_reading(reading, alignment, false, progress)?;
    Ok(findings(left, right, &facts))
}

/// The alignment (corrections applied) as contract JSON with the review's fields added:
/// `manual` on hand-made links, and a `review` object with the store's path, the progress,
/// every passage (a link or a run only one side has, by sentence indexes) with its status and
/// note, the orphaned entries and the corrections.
pub fn to_review_json(
    left: &Document,
    right: &Document,
    alignment: &Alignment,
    review: &Review,
    store: Option<&str>,
) -> String {
    let ps = passages(left, right, alignment);
    let units = crate::review::units(&ps, alignment);
    let kinds: std::collections::HashMap<Unit, PassageKind> = ps
        .iter()
        .map(|p| (Unit::of(p, alignment), p.kind))
        .collect();
    let passages = units
        .iter()
        .map(|(u, _)| PassageOut {
            left: u.left.clone().collect(),
            right: u.right.clone().collect(),
            kind: match kinds.get(u) {
                Some(PassageKind::Equal) => "equal",
                Some(PassageKind::Changed) => "changed",
                Some(PassageKind::Moved) => "moved",
                Some(PassageKind::LeftOnly) => "left_only",
                Some(PassageKind::RightOnly) | None => "right_only",
            },
            status: review.status(u),
            note: review.note(u).unwrap_or_default(),
        })
        .collect();
    let out = ReviewOut {
        store,
        progress: review.progress(&units).into(),
        passages,
        orphaned: review.orphaned().collect(),
        corrections: &review.store().corrections,
    };
    // Nobody else holds this progress, so it is never cancelled.
    let progress = work::Progress::new();
    read_facts(left, right, alignment, None, &progress)
        .and_then(|facts| {
            let o = output(
                left,
                right,
                alignment,
                Findings::Read(facts),
                Some(out),
                &progress,
            );
            safe_json_with(&o, &progress)
        })
        .unwrap_or_default()
}

/// What the JSON holds, its links' word diffs made as they are written: begins
/// [`Stage::Output`].
fn output<'a>(
    left: &'a Document,
    right: &'a Document,
    alignment: &'a Alignment,
    facts: Findings<'a>,
    review: Option<ReviewOut<'a>>,
    progress: &'a work::Progress,
) -> Output<'a> {
    // A unit a sentence written and a unit a link diffed and written.
    let sentences = left.sentences.len() + right.sentences.len();
    progress.begin(Stage::Output, (sentences + alignment.links.len()) as u64);
    Output {
        version: VERSION,
        left: side(left, progress),
        right: side(right, progress),
        links: Links {
            left,
            right,
            alignment,
            progress,
        },
        repeats: alignment
            .repeats
            .iter()
            .map(|r| RepeatOut {
                left: [r.left],
                right: [r.right],
                repeating: r.repeating,
                similarity: (r.similarity * 1000.0).round() / 1000.0,
            })
            .collect(),
        threshold: (alignment.threshold * 1000.0).round() / 1000.0,
        languages: LanguagesOut {
            left: alignment.languages.0,
            right: alignment.languages.1,
        },
        meaning: alignment.meaning,
        facts,
        review,
    }
}

/// The links with their word diffs, made a block at a time as they are written: a book has
/// tens of thousands, and their diffs need not all be held at once.
struct Links<'a> {
    left: &'a Document,
    right: &'a Document,
    alignment: &'a Alignment,
    progress: &'a work::Progress,
}

/// How many links a block of diffs is (two in unit tests, so that a small pair crosses from
/// one block to the next): a few milliseconds' work, so that the cores end together.
const LINKS_AT_ONCE: usize = if cfg!(test) { 2 } else { 256 };

/// How many blocks of diffs may wait to be written: enough that the diffing never waits for
/// the writing to a fast output, few enough to hold little for a slow one.
const BLOCKS_AHEAD: usize = 32;

impl Links<'_> {
    /// Link `k` with its word diff.
    fn link(&self, k: usize) -> LinkOut {
        let l = &self.alignment.links[k];
        let d = crate::facts::across::link_diff(
            self.left,
            self.right,
            self.alignment,
            l,
            Default::default(),
        );
        LinkOut {
            left: l.left.clone(),
            right: l.right.clone(),
            kind: l.kind,
            similarity: l.similarity,
            diff: DiffOut {
                left: triples(&d.left),
                right: triples(&d.right),
            },
            manual: l.manual,
        }
    }
}

impl Serialize for Links<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{Error as _, SerializeSeq as _};
        let count = self.alignment.links.len();
        let mut seq = serializer.serialize_seq(Some(count))?;
        // A word diff per link, independent: on every core, written in order as made.
        let written = stream_blocks(
            0..count,
            LINKS_AT_ONCE,
            BLOCKS_AHEAD,
            || (),
            |(), range| self.progress.map(range, |k| self.link(k)),
            |links| {
                if self.progress.is_cancelled() {
                    return ControlFlow::Break(S::Error::custom(Cancelled));
                }
                links
                    .iter()
                    .try_for_each(|link| seq.serialize_element(link))
                    .map_or_else(ControlFlow::Break, ControlFlow::Continue)
            },
        );
        if let ControlFlow::Break(e) = written {
            return Err(e);
        }
        seq.end()
    }
}

/// Pretty JSON with every character that is unsafe on a terminal written as a `\uXXXX`
/// escape (serde escapes only C0 controls; DEL, C1 controls and bidi overrides pass through).
pub fn to_safe_json<T: Serialize>(value: &T) -> String {
    // Nobody else holds this progress, so it is never cancelled.
    safe_json_with(value, &work::Progress::new()).unwrap_or_default()
}

/// [`to_json_with`] written to `out` as it is produced, never held whole: a book's JSON is
/// tens of megabytes. `out` gets the same bytes [`to_json_with`] returns; when this fails,
/// it has a part of them. `progress` shows [`Stage::Output`] only: the facts are compared at
/// the same time, beside it. `read`: the documents' facts, when they were read already (as
/// they can be while the documents are aligned); read here otherwise.
///
/// # Errors
/// [`WriteError::Cancelled`] once `progress` is cancelled, [`WriteError::Io`] when `out`
/// fails.
pub fn write_json_with(
    left: &Document,
    right: &Document,
    alignment: &Alignment,
    read: Option<facts::Reading>,
    progress: &work::Progress,
    out: impl std::io::Write,
) -> Result<(), WriteError> {
    // The facts come last: read on a core of their own while the sentences and links are
    // written, where the writing leaves one idle. Their progress is their own (the writing's
    // is the one shown); cancelling the writing cancels them too.
    let reading = progress.beside();
    std::thread::scope(|scope| {
        let facts = scope.spawn(|| read_facts(left, right, alignment, read, &reading));
        let value = output(
            left,
            right,
            alignment,
            Findings::Reading(Cell::new(Some(facts))),
            None,
            progress,
        );
        let written = write_stream(&value, progress, out);
        // Written or not, the facts are not waited for: a failed output stops them.
        reading.cancel();
        written
    })
}

/// `value` written to `out` through a buffer (see [`write_json_with`]).
fn write_stream<T: Serialize>(
    value: &T,
    progress: &work::Progress,
    out: impl std::io::Write,
) -> Result<(), WriteError> {
    let mut sink = Stream {
        out: std::io::BufWriter::with_capacity(1 << 16, out),
        failed: None,
    };
    let written = write_safe(value, progress, &mut sink);
    if let Some(e) = sink.failed.take() {
        return Err(e.into());
    }
    if let Err(e) = written {
        progress.check()?;
        return Err(WriteError::Io(e.into()));
    }
    sink.out.flush()?;
    Ok(())
}

/// How much JSON is written between two cancellation checks.
const PIECE: usize = 1 << 20;

/// [`to_safe_json`], stopping early once `progress` is cancelled: a book's JSON is tens of
/// megabytes, long enough to be waited for.
fn safe_json_with<T: Serialize>(value: &T, progress: &work::Progress) -> Result<String, Cancelled> {
    let mut out = String::new();
    match write_safe(value, progress, &mut out) {
        Ok(()) => Ok(out),
        Err(e) => {
            progress.check()?;
            Ok(format!("{{\"error\": \"{e}\"}}\n"))
        }
    }
}

/// Writes `value` as pretty JSON into `sink` through [`Safe`], with a final newline.
fn write_safe<T: Serialize>(
    value: &T,
    progress: &work::Progress,
    sink: &mut dyn Sink,
) -> Result<(), serde_json::Error> {
    let mut json = Safe {
        out: sink,
        written: 0,
        partial: Vec::new(),
        progress,
    };
    // serde writes a token at a time; the buffer hands `Safe` long runs to scan at once.
    let mut buffered = std::io::BufWriter::with_capacity(1 << 16, &mut json);
    serde_json::to_writer_pretty(&mut buffered, value)
        .and_then(|()| buffered.flush().map_err(serde_json::Error::io))?;
    drop(buffered);
    // serde writes whole characters; anything left over is not one.
    if !json.partial.is_empty() {
        json.out.put("\u{fffd}");
    }
    json.out.put("\n");
    Ok(())
}

/// Where [`Safe`] puts the escaped JSON.
trait Sink {
    /// Appends `text`; a sink that fails keeps its error and ignores the rest.
    fn put(&mut self, text: &str);
    /// Whether it has failed (writing further is pointless).
    fn failed(&self) -> bool;
}

impl Sink for String {
    fn put(&mut self, text: &str) {
        self.push_str(text);
    }

    fn failed(&self) -> bool {
        false
    }
}

/// A sink writing to an output, keeping its first error.
struct Stream<W: std::io::Write> {
    out: std::io::BufWriter<W>,
    failed: Option<std::io::Error>,
}

impl<W: std::io::Write> Sink for Stream<W> {
    fn put(&mut self, text: &str) {
        if self.failed.is_none()
            && let Err(e) = self.out.write_all(text.as_bytes())
        {
            self.failed = Some(e);
        }
    }

    fn failed(&self) -> bool {
        self.failed.is_some()
    }
}

/// Where serde writes the JSON: escapes what a terminal must not see as it comes, and refuses
/// further writes once the work is cancelled or the sink has failed, which stops serde in the
/// middle of a long document.
struct Safe<'a> {
    out: &'a mut dyn Sink,
    /// Bytes passed on so far, for checking cancellation once a [`PIECE`].
    written: usize,
    /// The start of a character cut off at the end of the last write.
    partial: Vec<u8>,
    progress: &'a work::Progress,
}

impl Safe<'_> {
    /// Appends `text`, unsafe characters as `\uXXXX` escapes (newlines are the layout's).
    fn push(&mut self, text: &str) {
        escaped(text, |piece| self.out.put(piece));
    }
}

/// `text` handed to `put` in pieces, unsafe characters as `\uXXXX` escapes (newlines kept).
fn escaped(text: &str, mut put: impl FnMut(&str)) {
    let bytes = text.as_bytes();
    let mut copied = 0;
    let mut at = 0;
    loop {
        // Nearly all JSON is printable ASCII and newlines: passed over a block at a time, and
        // only the other characters looked at one by one (a book's quotation marks would
        // otherwise send every block they are in through a character loop).
        at += plain_prefix(&bytes[at..]);
        // `at` follows ASCII or a whole character: a boundary.
        let Some(c) = text.get(at..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        if crate::visible::is_unsafe(c) && c != '\n' {
            put(&text[copied..at]);
            put(&format!("\\u{:04x}", c as u32));
            copied = at + c.len_utf8();
        }
        at += c.len_utf8();
    }
    put(&text[copied..]);
}

/// How many bytes `bytes` starts with that are printable ASCII or newlines.
fn plain_prefix(bytes: &[u8]) -> usize {
    let plain = |b: u8| (b' '..=b'~').contains(&b) || b == b'\n';
    const BLOCK: usize = 32;
    // Text of another script is odd bytes one after another: no block is judged for nothing.
    if bytes.first().is_some_and(|&b| !plain(b)) {
        return 0;
    }
    let mut n = 0;
    // A whole block is judged without stopping at its first odd byte, so that the compiler
    // can compare the block at once.
    for block in bytes.chunks_exact(BLOCK) {
        if !block.iter().fold(true, |all, &b| all & plain(b)) {
            break;
        }
        n += BLOCK;
    }
    n + bytes[n..].iter().take_while(|&&b| plain(b)).count()
}

impl std::io::Write for Safe<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        // serde writes a few bytes at a time: checked once a piece is passed.
        if self.written / PIECE != (self.written + buf.len()) / PIECE
            && self.progress.is_cancelled()
        {
            return Err(std::io::Error::other(Cancelled));
        }
        if self.out.failed() {
            return Err(std::io::Error::other("the output failed"));
        }
        self.written += buf.len();
        let mut bytes = buf;
        let joined;
        if !self.partial.is_empty() {
            self.partial.extend_from_slice(buf);
            joined = std::mem::take(&mut self.partial);
            bytes = &joined;
        }
        loop {
            match std::str::from_utf8(bytes) {
                Ok(text) => {
                    self.push(text);
                    break;
                }
                Err(e) => {
                    let (text, rest) = bytes.split_at(e.valid_up_to());
                    self.push(std::str::from_utf8(text).unwrap_or_default());
                    match e.error_len() {
                        // Not UTF-8 (serde never writes it): shown as such, never passed on.
                        Some(bad) => {
                            self.out.put("\u{fffd}");
                            bytes = &rest[bad..];
                        }
                        // A character cut off: the next write completes it.
                        None => {
                            self.partial.extend_from_slice(rest);
                            break;
                        }
                    }
                }
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    proptest::proptest! {
        /// Escaped a block at a time, text comes out as a character at a time: every unsafe
        /// character but the newline as `\uXXXX`, everything else as it was.
        #[test]
        fn text_is_escaped_as_each_character_would_be(
            text in "([ -~]{0,40}|\n|\t|\r|\u{1b}|\u{7f}|\u{85}|\u{202e}|é|”|東|🙂){0,30}",
        ) {
            let mut one_by_one = String::new();
            for c in text.chars() {
                if crate::visible::is_unsafe(c) && c != '\n' {
                    one_by_one.push_str(&format!("\\u{:04x}", c as u32));
                } else {
                    one_by_one.push(c);
                }
            }
            let mut blocks = String::new();
            super::escaped(&text, |piece| blocks.push_str(piece));
            proptest::prop_assert_eq!(blocks, one_by_one);
        }
    }

    use std::io::Write;

    use super::*;
    use crate::testing::Closing;

    #[test]
    fn what_a_terminal_must_not_see_is_escaped_and_the_rest_kept() {
        let text = "é ok \u{202e}evil\u{9b}2J \u{7f} “quoted” 日本";
        let json = to_safe_json(&serde_json::json!({ "text": text, "n": 1 }));
        for bad in ['\u{202e}', '\u{9b}', '\u{7f}'] {
            assert!(!json.contains(bad), "{json:?}");
        }
        assert!(json.contains("\\u202e") && json.contains("\\u009b") && json.contains("\\u007f"));
        let back: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
        assert_eq!(back["text"], text);
        assert!(
            json.ends_with("}\n") && json.contains("\n  \"n\": 1"),
            "{json}"
        );
    }

    #[test]
    fn a_character_cut_between_two_writes_is_written_whole() {
        let progress = work::Progress::new();
        let mut out = String::new();
        let mut safe = Safe {
            out: &mut out,
            written: 0,
            partial: Vec::new(),
            progress: &progress,
        };
        let bytes = "a\u{202e}é".as_bytes();
        // Cut inside the bidi override (three bytes) and inside "é" (two).
        for piece in [&bytes[..2], &bytes[2..5], &bytes[5..]] {
            assert_eq!(safe.write(piece).expect("written"), piece.len());
        }
        assert!(safe.partial.is_empty());
        assert_eq!(out, "a\\u202eé");
    }

    fn pair() -> (Document, Document, Alignment) {
        let load = |name: &str, text: &str| {
            crate::load::load_bytes(name, text.as_bytes(), &Default::default()).expect("loads")
        };
        let left = load(
            "l.txt",
            "Heavy rain fell in Lisbon on Monday. About 14,000 homes lost power. \
             The storm moved north by night.\n\nSchools stayed shut.",
        );
        let right = load(
            "r.txt",
            "On Monday heavy rain fell on Lisbon. About 11,000 homes lost power. \
             Officials said the \u{202e}storm moved north.",
        );
        let alignment = crate::align::align(&left, &right, &Default::default());
        (left, right, alignment)
    }

    #[test]
    fn streamed_json_is_the_json_returned_whole() {
        let (l, r, a) = pair();
        assert!(a.links.len() > LINKS_AT_ONCE, "{:?}", a.links);
        let mut streamed = Vec::new();
        let progress = work::Progress::new();
        write_json_with(&l, &r, &a, None, &progress, &mut streamed).expect("written");
        // Every sentence written and every link diffed is counted, so the bar moves from the
        // first sentence list on.
        let s = progress.snapshot();
        let units = l.sentences.len() + r.sentences.len() + a.links.len();
        assert_eq!(
            (s.stage, s.done, s.total),
            (Stage::Output, units as u64, units as u64)
        );
        let whole = to_json(&l, &r, &a);
        assert_eq!(String::from_utf8(streamed).expect("UTF-8"), whole);
        // The same with the facts read beforehand, as beside the alignment.
        let read = facts::Reading::of(&l, &r, &work::Progress::new()).expect("read");
        let mut streamed = Vec::new();
        write_json_with(&l, &r, &a, Some(read), &progress, &mut streamed).expect("written");
        assert_eq!(String::from_utf8(streamed).expect("UTF-8"), whole);
        // Both carry the word diffs and the escaped bidi override.
        assert!(
            whole.contains("\"diff\"") && whole.contains("\\u202e"),
            "{whole}"
        );
        assert!(!whole.contains('\u{202e}'));
    }

    #[test]
    fn an_output_that_fails_is_reported_as_such() {
        let (l, r, a) = pair();
        let mut out = Closing::after(100);
        let err = write_json_with(&l, &r, &a, None, &work::Progress::new(), &mut out)
            .expect_err("the pipe closed");
        assert!(
            matches!(&err, WriteError::Io(e) if e.kind() == std::io::ErrorKind::BrokenPipe),
            "{err:?}"
        );
        assert_eq!(out.taken, to_json(&l, &r, &a).as_bytes()[..100]);
    }

    #[test]
    fn streamed_json_stops_once_cancelled() {
        let (l, r, a) = pair();
        let progress = work::Progress::new();
        progress.cancel();
        let mut out = Vec::new();
        let err = write_json_with(&l, &r, &a, None, &progress, &mut out).expect_err("cancelled");
        assert!(matches!(err, WriteError::Cancelled(_)), "{err:?}");
    }

    #[test]
    fn writing_stops_once_cancelled() {
        let progress = work::Progress::new();
        progress.cancel();
        let long = "x".repeat(2 * PIECE);
        assert_eq!(
            safe_json_with(&serde_json::json!({ "text": long }), &progress),
            Err(Cancelled)
        );
    }
}
