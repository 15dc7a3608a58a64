//! Loading: a file's bytes → a [`Document`] of paragraphs and sentences.
//!
//! The pipeline, each stage in its own module:
//! 1. [`decode`]: bytes → text (UTF-8, UTF-16, legacy encodings) plus a source map to the bytes;
//! 2. format readers ([`plain`], [`markdown`], [`html`]) → blocks (paragraphs, headings) of
//!    tidied text, each with a source map into the decoded text ([`source_map`]);
//! 3. [`furniture`] sets aside blocks that are page chrome, each with a reason;
//! 4. [`sentences`] splits each block into sentences, whose ranges are mapped back through both
//!    maps to **byte offsets in the file as read from disk**.
//!
//! [`normalize`] gives the matching keys the aligner compares. Nothing here knows about the
//! terminal; errors are [`LoadError`]s that name the file.

pub mod block;
pub mod decode;
pub mod document;
pub mod error;
pub mod furniture;
pub mod html;
pub mod markdown;
pub mod normalize;
pub mod plain;
mod sentence_bounds;
pub mod sentences;
pub mod source_map;

use std::borrow::Cow;
use std::io::{ErrorKind, Read};
use std::path::Path;

use block::{Block, Blocks};

use crate::progress::{BATCH, Progress};

pub use document::{
    Document, Format, Furniture, Metadata, Paragraph, ParagraphKind, Sentence, SentenceList,
};
pub use error::{LoadError, LoadErrorKind};

/// The default size limit: larger inputs are refused with a message naming the limit.
pub const DEFAULT_MAX_BYTES: u64 = 32 * 1024 * 1024;

/// The largest file the loader reads, whatever the limit asked for: source maps hold offsets
/// in 32 bits, and a file's decoded text (at most three bytes of UTF-8 a byte) must stay
/// below 4 GiB. A gigabyte of prose is some 2,000 novels.
pub const MAX_FILE_BYTES: u64 = 1 << 30;

/// Settings for loading.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// Keep page furniture as article text instead of setting it aside.
    pub keep_furniture: bool,
    /// Refuse inputs larger than this many bytes.
    pub max_bytes: u64,
    /// Read as this format instead of detecting it.
    pub format: Option<Format>,
}

impl Default for LoadOptions {
    fn default() -> Self {
        Self {
            keep_furniture: false,
            max_bytes: DEFAULT_MAX_BYTES,
            format: None,
        }
    }
}

/// Loads the file at `path`, or standard input when `path` is `-`.
///
/// # Errors
/// A [`LoadError`] naming the path when the file cannot be read, is too large, is binary, or
/// holds no text.
pub fn load(path: &str, options: &LoadOptions) -> Result<Document, LoadError> {
    load_with(path, options, &Progress::new())
}

/// [`load`], reporting its work into `progress` as [`load_bytes_declared`] does.
///
/// # Errors
/// As [`load`].
pub fn load_with(
    path: &str,
    options: &LoadOptions,
    progress: &Progress,
) -> Result<Document, LoadError> {
    let fail = |reason| LoadError {
        path: path.to_owned(),
        reason,
    };
    // A file's share of the progress is counted from its size before it is read: both sides
    // of a pair read at once, and the first to be read must not show as most of the work.
    let (bytes, mut share) = if path == "-" {
        let bytes = read_limited(std::io::stdin().lock(), 0, options.max_bytes).map_err(fail)?;
        let share = Share::new(progress, bytes.len() as u64);
        (bytes, share)
    } else {
        let meta = std::fs::metadata(path).map_err(|e| fail(io_reason(&e)))?;
        if meta.is_dir() {
            return Err(fail(LoadErrorKind::IsDirectory));
        }
        if meta.len() > options.max_bytes {
            return Err(fail(LoadErrorKind::TooLarge {
                size: meta.len(),
                limit: options.max_bytes,
            }));
        }
        let share = Share::new(progress, meta.len());
        let file = std::fs::File::open(path).map_err(|e| fail(io_reason(&e)))?;
        let bytes = read_limited(file, meta.len(), options.max_bytes).map_err(fail)?;
        (bytes, share)
    };
    load_shared(path, Cow::Owned(bytes), None, options, &mut share)
}

/// Loads a document from bytes already in memory; `path` names it in errors and output and
/// hints at the format by its extension.
///
/// # Errors
/// A [`LoadError`] when the bytes are binary or hold no text.
pub fn load_bytes(path: &str, bytes: &[u8], options: &LoadOptions) -> Result<Document, LoadError> {
    load_bytes_declared(path, bytes, None, options, &Progress::new())
}

/// Loads a document from bytes whose encoding was declared outside them (the `charset` of a
/// web server's `Content-Type`), as [`load_bytes`] does otherwise; see
/// [`decode::decode_declared`].
///
/// Adds twice the bytes' length to the total of `progress`'s current stage (the caller's: both
/// sides of a pair load into one stage at once) and counts it done as the work goes, so that
/// a book's loading is seen to move.
///
/// # Errors
/// A [`LoadError`] when the bytes are binary or hold no text.
pub fn load_bytes_declared(
    path: &str,
    bytes: &[u8],
    charset: Option<&str>,
    options: &LoadOptions,
    progress: &Progress,
) -> Result<Document, LoadError> {
    load_shared(
        path,
        Cow::Borrowed(bytes),
        charset,
        options,
        &mut Share::new(progress, bytes.len() as u64),
    )
}

/// [`load_bytes_declared`], counting its work done in `share`. Bytes of its own that are
/// UTF-8 become the text without a copy.
fn load_shared(
    path: &str,
    bytes: Cow<'_, [u8]>,
    charset: Option<&str>,
    options: &LoadOptions,
    share: &mut Share<'_>,
) -> Result<Document, LoadError> {
    let fail = |reason| LoadError {
        path: path.to_owned(),
        reason,
    };
    if bytes.is_empty() {
        return Err(fail(LoadErrorKind::Empty));
    }
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(fail(LoadErrorKind::TooLarge {
            size: bytes.len() as u64,
            limit: MAX_FILE_BYTES,
        }));
    }
    let source_len = bytes.len();
    let decoded = match bytes {
        Cow::Owned(bytes) if charset.is_none() => decode::decode_owned(bytes),
        bytes => decode::decode_declared(&bytes, charset),
    }
    .map_err(|_| fail(LoadErrorKind::Binary))?;
    if decoded.text.trim().is_empty() {
        return Err(fail(LoadErrorKind::NoText(
            "holds only whitespace, no text",
        )));
    }
    share.reach(1, 8);
    let format = options
        .format
        .unwrap_or_else(|| detect_format(&decoded.text, Path::new(path)));
    let (blocks, html_title, meta) = match format {
        Format::Plain => (plain::blocks(&decoded.text), None, Metadata::default()),
        Format::Markdown => (markdown::blocks(&decoded.text), None, Metadata::default()),
        Format::Html => {
            let h = html::read(&decoded.text);
            (Blocks::from(h.blocks), h.title, h.metadata)
        }
    };
    share.reach(3, 8);
    // Only the furniture's reasons are kept: one slot a block would cost 16 bytes a line on a
    // file of millions of one-line paragraphs.
    let mut furniture_at: std::collections::VecDeque<(usize, &'static str)> =
        if options.keep_furniture {
            std::collections::VecDeque::new()
        } else {
            furniture::classify(&blocks).into()
        };
    share.reach(1, 2);
    let mut doc = Document {
        path: path.to_owned(),
        source_len,
        encoding: decoded.encoding,
        format,
        title: None,
        metadata: meta,
        paragraphs: Vec::new(),
        sentences: SentenceList::default(),
        furniture: Vec::new(),
        notices: decoded.notice.into_iter().collect(),
    };
    let to_file = |r: std::ops::Range<usize>, b: &Block| decoded.map.range(b.map.range(r));
    // Most blocks hold one sentence or more; a file of millions of one-line paragraphs would
    // otherwise end with up to twice the room it needs.
    let kept = blocks.len() - furniture_at.len();
    // The sentences' texts are the blocks' less the space between sentences: the blocks'
    // length is room enough, given back once the sentences are made.
    let text_bytes = blocks.iter().map(|b| b.text.len()).sum();
    doc.sentences = SentenceList::with_capacity(kept, text_bytes);
    doc.paragraphs.reserve(kept);
    // A quotation left open at a paragraph's end may close at the next one's start.
    let mut open_quote = None;
    // The second half of the share, by the blocks' text made into sentences.
    let mut through = 0;
    // Each block is dropped once its sentences are made, and each chunk of blocks once they
    // all are, so blocks and sentences are never all held at once.
    for (at, block) in blocks.into_iter().enumerate() {
        through += block.text.len();
        if at % BATCH == 0 {
            share.reach(text_bytes + through, 2 * text_bytes);
        }
        if let Some(&(_, reason)) = furniture_at.front().filter(|(i, _)| *i == at) {
            furniture_at.pop_front();
            open_quote = None;
            doc.furniture.push(Furniture {
                span: to_file(0..block.text.len(), &block),
                text: block.text,
                reason,
            });
            continue;
        }
        let first = doc.sentences.len();
        let index = doc.paragraphs.len();
        let (ranges, open) = sentences::split_in(&block.text, open_quote);
        open_quote = open;
        for r in ranges {
            let map = block.map.compose(&decoded.map, r.clone());
            debug_assert_eq!(map.range(0..r.len()), to_file(r.clone(), &block));
            doc.sentences.push(&block.text[r], index, map);
        }
        doc.paragraphs
            .push(Paragraph::new(block.kind, first..doc.sentences.len()));
    }
    doc.sentences.give_back_slack();
    share.reach(1, 1);
    if doc.sentences.is_empty() {
        return Err(fail(LoadErrorKind::NoText(if doc.furniture.is_empty() {
            "no article text found"
        } else {
            "no article text found (everything looked like page furniture; try --keep-furniture)"
        })));
    }
    // A page's declared title (JSON-LD, Open Graph) names the article without the site's
    // suffix that `<title>` carries, and unlike the opening headings it cannot be a kicker or
    // a standfirst; headings come next, `<title>` last.
    doc.title = doc
        .metadata
        .title
        .clone()
        .or_else(|| headline(&doc))
        .or(html_title);
    Ok(doc)
}

/// A file's units of progress: twice its length, reported done in fractions as it loads.
struct Share<'a> {
    progress: &'a Progress,
    units: u64,
    done: u64,
}

impl Share<'_> {
    fn new(progress: &Progress, len: u64) -> Share<'_> {
        let units = 2 * len;
        progress.add_total(units);
        Share {
            progress,
            units,
            done: 0,
        }
    }

    /// Counts the share done up to `part / whole` of it (never backwards).
    fn reach(&mut self, part: usize, whole: usize) {
        let at = (u128::from(self.units) * part as u128 / whole.max(1) as u128) as u64;
        let at = at.min(self.units);
        if at > self.done {
            self.progress.advance(at - self.done);
            self.done = at;
        }
    }
}

/// Reads at most `limit` bytes, failing when there is more; `expected` is how many there
/// should be (a file's size, 0 when unknown).
///
/// Room for the expected bytes and one more is taken at once: grown from nothing, a book's
/// buffer was copied into fresh memory at each doubling, and fresh pages are slow to touch
/// (on the 10 MB pair, zeroing them was a tenth of loading's time).
fn read_limited(reader: impl Read, expected: u64, limit: u64) -> Result<Vec<u8>, LoadErrorKind> {
    // No more than any file may be, whatever limit a library caller set.
    let expected = expected.min(limit).min(MAX_FILE_BYTES);
    let room = usize::try_from(expected.saturating_add(1)).unwrap_or(0);
    let mut bytes = Vec::with_capacity(room);
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| io_reason(&e))?;
    if bytes.len() as u64 > limit {
        return Err(LoadErrorKind::TooLarge {
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

fn io_reason(e: &std::io::Error) -> LoadErrorKind {
    match e.kind() {
        ErrorKind::NotFound => LoadErrorKind::NotFound,
        ErrorKind::PermissionDenied => LoadErrorKind::PermissionDenied,
        ErrorKind::IsADirectory => LoadErrorKind::IsDirectory,
        ErrorKind::InvalidData => LoadErrorKind::Binary,
        _ => LoadErrorKind::Io(e.to_string()),
    }
}

/// The headline: the longest of the headings that open the document (a short kicker such as
/// "War in Ukraine" often stands above the real headline).
fn headline(doc: &Document) -> Option<String> {
    doc.paragraphs
        .iter()
        .take(3)
        .take_while(|p| matches!(p.kind, ParagraphKind::Heading(_)))
        // A heading may split into sentences ("'What is the sea telling us?': Māori tribes…").
        .filter_map(|p| doc.sentences.get_range(p.sentences()))
        .map(|s| s.map(|s| s.text).collect::<Vec<_>>().join(" "))
        .max_by_key(|t| t.chars().count())
}

/// Detects the format from the content, with the file extension as a tie-breaker.
pub fn detect_format(text: &str, path: &Path) -> Format {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let head: String = text
        .trim_start_matches('\u{FEFF}')
        .trim_start()
        .chars()
        .take(1024)
        .collect::<String>()
        .to_ascii_lowercase();
    if head.starts_with("<!doctype html") || head.starts_with("<html") {
        return Format::Html;
    }
    let sample: String = text
        .chars()
        .take(65536)
        .collect::<String>()
        .to_ascii_lowercase();
    let tags = [
        "<p>", "<p ", "</p>", "<div", "<br", "<body", "<article", "<h1", "<h2",
    ]
    .iter()
    .map(|t| sample.matches(t).count())
    .sum::<usize>();
    if tags >= 3 || (matches!(ext.as_deref(), Some("html" | "htm" | "xhtml")) && tags >= 1) {
        return Format::Html;
    }
    if matches!(ext.as_deref(), Some("md" | "markdown" | "mdown" | "mkd")) {
        return Format::Markdown;
    }
    if markdown_signals(text) >= 2 {
        Format::Markdown
    } else {
        Format::Plain
    }
}

/// How many distinct kinds of Markdown syntax appear, in a file that separates paragraphs with
/// blank lines (Markdown joins adjacent lines, which would merge one-per-line paragraphs).
fn markdown_signals(text: &str) -> usize {
    if !text.contains("\n\n") && !text.contains("\r\n\r\n") {
        return 0;
    }
    let sample: String = text.chars().take(65536).collect();
    let lines: Vec<&str> = sample.lines().collect();
    let heading = lines.iter().any(|l| {
        let t = l.trim_start_matches('#');
        l.starts_with('#') && l.len() - t.len() <= 6 && t.starts_with(' ')
    });
    let list = lines
        .iter()
        .filter(|l| l.starts_with("- ") || l.starts_with("* ") || l.starts_with("+ "))
        .count()
        >= 2;
    let link = sample.contains("](");
    let emphasis = sample.contains("**") || sample.contains("__");
    let fence = lines.iter().any(|l| l.starts_with("```"));
    let quote = lines.iter().filter(|l| l.starts_with("> ")).count() >= 1;
    [heading, list, link, emphasis, fence, quote]
        .iter()
        .filter(|b| **b)
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_str(name: &str, text: &str) -> Document {
        load_bytes(name, text.as_bytes(), &LoadOptions::default()).expect("loads")
    }

    #[test]
    fn loading_counts_each_file_into_the_stage_it_is_loaded_in() {
        let progress = Progress::new();
        progress.begin(crate::progress::Stage::Reading, 0);
        let (a, b) = ("First line.\n\nSecond one here.\n", "Ünïcode text, once.\n");
        let options = LoadOptions::default();
        for text in [a, b] {
            load_bytes_declared("t.txt", text.as_bytes(), None, &options, &progress)
                .expect("loads");
        }
        let s = progress.snapshot();
        assert_eq!(s.total, 2 * (a.len() + b.len()) as u64);
        assert_eq!(s.done, s.total, "every share counted done, none twice");
    }

    #[test]
    fn a_headline_of_several_sentences_is_the_whole_heading() {
        let doc = load_str(
            "a.md",
            "# 'What is the sea telling us?': Māori tribes fear for the whales\n\nText of it.\n",
        );
        assert!(
            doc.paragraphs[0].sentences().len() > 1,
            "the heading splits"
        );
        assert_eq!(
            doc.title.as_deref(),
            Some("'What is the sea telling us?': Māori tribes fear for the whales")
        );
    }

    #[test]
    fn spans_point_at_the_source_bytes() {
        let src = "Headline\n\nFirst sentence here.  Second   one.\n";
        let doc = load_str("a.txt", src);
        let texts: Vec<&str> = doc.sentences.iter().map(|s| s.text).collect();
        assert_eq!(
            texts,
            vec!["Headline", "First sentence here.", "Second one."]
        );
        assert_eq!(&src[doc.sentences.at(2).span()], "Second   one.");
        assert_eq!(doc.title.as_deref(), Some("Headline"));
    }

    #[test]
    fn formats_are_detected_from_content() {
        assert_eq!(
            detect_format("<!DOCTYPE html><p>x", Path::new("a.txt")),
            Format::Html
        );
        assert_eq!(
            detect_format("# T\n\nSome **bold** text.\n", Path::new("a.txt")),
            Format::Markdown
        );
        assert_eq!(
            detect_format("### Heading\nLine one.\nLine two.\n", Path::new("a.txt")),
            Format::Plain
        );
        assert_eq!(
            detect_format("Just text.", Path::new("a.md")),
            Format::Markdown
        );
    }

    #[test]
    fn empty_whitespace_and_binary_inputs_are_errors() {
        let opts = LoadOptions::default();
        let err = |b: &[u8]| load_bytes("f", b, &opts).expect_err("fails").to_string();
        assert_eq!(err(b""), "f: file is empty");
        assert_eq!(err(b"  \n\t \r\n"), "f: holds only whitespace, no text");
        assert!(err(b"\x00\x01\x02\x03binary\x00\x00\xff").contains("binary"));
    }

    #[test]
    fn html_offsets_point_into_the_html_source() {
        let src = "<html><body><h1>Title</h1><p>One &amp; two. Three.</p></body></html>";
        let doc = load_str("page.html", src);
        assert_eq!(doc.format, Format::Html);
        let s = doc.sentences.at(1);
        assert_eq!(s.text, "One & two.");
        assert_eq!(&src[s.span()], "One &amp; two.");
        assert_eq!(&src[s.source_range(4..9)], "&amp; two");
        assert_eq!(&src[s.source_range(6..9)], "two");
    }

    #[test]
    fn parts_of_a_sentence_map_to_their_bytes_in_any_encoding() {
        let src = "Title\n\nThey sent  around \t14,000 soldiers.\n";
        let doc = load_str("a.txt", src);
        let s = doc.sentences.at(1);
        let at = s.text.find("around 14,000").expect("found");
        assert_eq!(&src[s.source_range(at..at + 13)], "around \t14,000");
        let utf16: Vec<u8> = std::iter::once(0xFEFF_u16)
            .chain(src.encode_utf16())
            .flat_map(u16::to_le_bytes)
            .collect();
        let doc = load_bytes("w.txt", &utf16, &LoadOptions::default()).expect("loads");
        let s = doc.sentences.at(1);
        let r = s.source_range(at..at + 13);
        let back: Vec<u16> = utf16[r]
            .chunks(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        assert_eq!(String::from_utf16_lossy(&back), "around \t14,000");
    }

    /// Each way reading can fail is told in words after the path, on one line: the user sees
    /// `diptych: PATH: permission denied`, not an OS error code. Checked on the read itself
    /// (a reader that fails), so it holds when the tests run as root, where no file mode
    /// refuses a read.
    #[test]
    fn read_errors_say_why_in_one_line() {
        use std::io::{Error, ErrorKind};

        struct Failing(ErrorKind);
        impl Read for Failing {
            fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
                Err(Error::new(self.0, "os says no"))
            }
        }
        let said = |kind| {
            let reason = read_limited(Failing(kind), 0, 100).expect_err("fails");
            LoadError {
                path: "dir/a.txt".to_owned(),
                reason,
            }
            .to_string()
        };
        assert_eq!(
            said(ErrorKind::PermissionDenied),
            "dir/a.txt: permission denied"
        );
        assert_eq!(said(ErrorKind::NotFound), "dir/a.txt: no such file");
        assert_eq!(
            said(ErrorKind::IsADirectory),
            "dir/a.txt: is a directory, not a file"
        );
        assert!(said(ErrorKind::InvalidData).starts_with("dir/a.txt: looks like a binary file"));
        assert_eq!(said(ErrorKind::Other), "dir/a.txt: os says no");
        // And from the file system, which refuses these to root too.
        let dir = tempfile::tempdir().expect("temp dir");
        let d = dir.path().to_string_lossy().into_owned();
        let err = load(&d, &LoadOptions::default()).expect_err("a directory");
        assert_eq!(err.to_string(), format!("{d}: is a directory, not a file"));
        let missing = format!("{d}/none.txt");
        let err = load(&missing, &LoadOptions::default()).expect_err("missing");
        assert_eq!(err.to_string(), format!("{missing}: no such file"));
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;

    /// Text made of the pieces that stress the loader: sentence ends, quotes, abbreviations,
    /// numbers, line endings, markup, wide and combining characters, controls.
    fn article_text() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("Word".to_owned()),
            Just("the".to_owned()),
            Just(". ".to_owned()),
            Just("? ".to_owned()),
            Just("! ".to_owned()),
            Just("“quoted.” ".to_owned()),
            Just("Mr. ".to_owned()),
            Just("U.S. ".to_owned()),
            Just("14,000 ".to_owned()),
            Just("3.5 ".to_owned()),
            Just("… ".to_owned()),
            Just("\n".to_owned()),
            Just("\r\n".to_owned()),
            Just("\n\n".to_owned()),
            Just("\r".to_owned()),
            Just("# ".to_owned()),
            Just("<p>".to_owned()),
            Just("&amp; ".to_owned()),
            Just("&nbsp;".to_owned()),
            Just("&NotEqualTilde;".to_owned()),
            Just("&ampx".to_owned()),
            Just("`code\nspan` ".to_owned()),
            Just("&".to_owned()),
            Just("**".to_owned()),
            Just("日本語 ".to_owned()),
            Just("e\u{301} ".to_owned()),
            Just("\u{00AD}".to_owned()),
            Just("\x1b[31m".to_owned()),
            Just("\t".to_owned()),
            Just(" ".to_owned()),
            "[a-zA-Z]{1,8}",
        ];
        prop::collection::vec(piece, 0..60).prop_map(|v| v.concat())
    }

    fn check(bytes: &[u8], doc: &Document) -> Result<(), TestCaseError> {
        let mut last_end = 0;
        // A sentence's span is read from its composed map; the loader's debug assertion
        // checks that map against the block's and the decoding's, one after the other.
        for s in &doc.sentences {
            let span = s.span();
            prop_assert!(span.start < span.end, "non-empty range");
            prop_assert!(span.end <= bytes.len(), "inside the file");
            prop_assert!(span.start >= last_end, "ascending and non-overlapping");
            last_end = span.end;
            let mut at = span.start;
            for (i, _) in s.text.char_indices() {
                let r = s.source_range(i..s.text.len());
                prop_assert!(
                    r.start >= at && r.end == span.end,
                    "parts map inside, in order"
                );
                at = r.start;
            }
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(crate::testing::cases(256))]

        #[test]
        fn plain_text_ranges_are_exact(text in article_text()) {
            let options = LoadOptions { format: Some(Format::Plain), ..LoadOptions::default() };
            if let Ok(doc) = load_bytes("p.txt", text.as_bytes(), &options) {
                check(text.as_bytes(), &doc)?;
                for s in &doc.sentences {
                    let source = text.get(s.span());
                    prop_assert!(source.is_some(), "on char boundaries");
                    let squashed: Vec<&str> = source.unwrap_or_default().split_whitespace().collect();
                    prop_assert_eq!(squashed.join(" "), s.text.to_string());
                }
            }
        }

        #[test]
        fn every_format_gives_valid_ranges(text in article_text()) {
            for format in [Format::Plain, Format::Markdown, Format::Html] {
                let options = LoadOptions { format: Some(format), ..LoadOptions::default() };
                if let Ok(doc) = load_bytes("m", text.as_bytes(), &options) {
                    check(text.as_bytes(), &doc)?;
                    for s in &doc.sentences {
                        prop_assert!(text.is_char_boundary(s.span().start) && text.is_char_boundary(s.span().end));
                    }
                }
            }
        }

        /// Any bytes give a document with exact ranges, or a refusal the user can act on:
        /// one line naming the file, for a reason bytes can have (empty, binary, no text).
        #[test]
        fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
            match load_bytes("dir/b.bin", &bytes, &LoadOptions::default()) {
                Ok(doc) => {
                    prop_assert!(!doc.sentences.is_empty(), "a document has text");
                    check(&bytes, &doc)?;
                }
                Err(e) => {
                    let said = e.to_string();
                    prop_assert!(said.starts_with("dir/b.bin: "), "names the file: {}", said);
                    prop_assert_eq!(said.lines().count(), 1, "one line: {}", said);
                    prop_assert!(
                        matches!(
                            e.reason,
                            LoadErrorKind::Empty | LoadErrorKind::Binary | LoadErrorKind::NoText(_)
                        ),
                        "a reason bytes can have: {}",
                        said
                    );
                    prop_assert_eq!(bytes.is_empty(), matches!(e.reason, LoadErrorKind::Empty));
                }
            }
        }
    }
}
