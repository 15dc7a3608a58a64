//! [`Document`]: one article after loading: paragraphs, sentences and the furniture set aside.

use std::ops::Range;

use serde::Serialize;

use super::source_map::SourceMap;

/// How a file's text was read: its markup format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Plain text: paragraphs are lines or blank-line separated blocks; `# ` lines are headings.
    Plain,
    /// CommonMark: markup stripped, headings kept as headings.
    Markdown,
    /// HTML: the article's readable text, without scripts, navigation and page chrome.
    Html,
}

impl Format {
    /// The format's lower-case name, as the command line spells it.
    pub fn name(self) -> &'static str {
        match self {
            Format::Plain => "plain",
            Format::Markdown => "markdown",
            Format::Html => "html",
        }
    }
}

/// What kind of block a paragraph is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase", tag = "kind", content = "level")]
pub enum ParagraphKind {
    /// A heading (a headline, a subheading); `level` 1 is the highest.
    Heading(u8),
    /// Body text.
    Text,
}

/// A paragraph: a run of consecutive sentences that the source shows as one block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Paragraph {
    /// Heading or body text.
    pub kind: ParagraphKind,
    /// Indexes of its sentences in [`Document::sentences`].
    pub sentences: Range<usize>,
}

/// A sentence, the unit the aligner matches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sentence {
    /// Half-open byte range in the file exactly as read from disk (before decoding).
    pub span: Range<usize>,
    /// The sentence as shown to the reader: decoded, whitespace runs collapsed to one space.
    ///
    /// May contain control characters from the source; whoever prints it must make them
    /// visible (see [`crate::visible`]). A boxed `str`, not a `String`: a file of millions of
    /// one-word lines keeps one a sentence, and the spare capacity would cost 8 bytes each.
    pub text: Box<str>,
    /// Index of its paragraph in [`Document::paragraphs`].
    pub paragraph: usize,
    /// Where each byte of `text` came from in the file (see [`Sentence::source_range`]).
    #[serde(skip)]
    pub map: SourceMap,
}

impl Sentence {
    /// The bytes in the file (as read from disk) that the part `range` of `text` came from.
    ///
    /// A range that covers a decoded entity or a collapsed whitespace run covers all of its
    /// source; the whole text maps to [`Sentence::span`].
    pub fn source_range(&self, range: Range<usize>) -> Range<usize> {
        self.map.range(range)
    }
}

/// A block the loader recognised as page furniture and set aside.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Furniture {
    /// Half-open byte range in the file as read from disk.
    pub span: Range<usize>,
    /// The block's text.
    pub text: String,
    /// Why it was set aside, in words a user understands ("share button").
    pub reason: &'static str,
}

/// One article, loaded: the input to alignment.
///
/// Sentences are in reading order and their spans ascend and never overlap.
#[derive(Debug, Clone, Serialize)]
pub struct Document {
    /// The path as the user gave it, or `-` for standard input.
    pub path: String,
    /// Length in bytes of the file as read.
    pub source_len: usize,
    /// The encoding the bytes were decoded with.
    pub encoding: &'static str,
    /// The markup format the text was read as.
    pub format: Format,
    /// The article's headline, when one was found.
    pub title: Option<String>,
    /// What the page says about itself (byline, date, site); empty for plain text.
    pub metadata: Metadata,
    /// Paragraphs in reading order; every sentence belongs to exactly one.
    pub paragraphs: Vec<Paragraph>,
    /// Sentences in reading order.
    pub sentences: Vec<Sentence>,
    /// Blocks set aside as page furniture, in reading order.
    pub furniture: Vec<Furniture>,
    /// What the loader assumed that the user should know (an encoding guess, say).
    pub notices: Vec<String>,
}

/// What a page says about itself, as it says it: no field is checked or reformatted beyond
/// collapsing whitespace (a date stays the string the page gave).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Metadata {
    /// The title the page declares (`og:title`, JSON-LD `headline`…), which may differ from
    /// the headline shown.
    pub title: Option<String>,
    /// Who wrote it.
    pub byline: Option<String>,
    /// When it was published.
    pub published: Option<String>,
    /// The publication or site.
    pub site: Option<String>,
}

impl Metadata {
    /// Site, byline and the date part of the publication time, joined by " · " for one line
    /// (`None` when the page gave none of them).
    pub fn credit(&self) -> Option<String> {
        let date = self
            .published
            .as_deref()
            .map(|d| d.split('T').next().unwrap_or(d));
        let parts: Vec<&str> = [self.site.as_deref(), self.byline.as_deref(), date]
            .into_iter()
            .flatten()
            .collect();
        (!parts.is_empty()).then(|| parts.join(" · "))
    }
}

impl Document {
    /// The headline if one was found, else the file name.
    pub fn display_title(&self) -> &str {
        match &self.title {
            Some(t) => t,
            None => self.path.rsplit('/').next().unwrap_or(&self.path),
        }
    }

    /// The bytes of all sentences' text (what the aligner reads, furniture left out).
    pub fn sentence_bytes(&self) -> usize {
        self.sentences.iter().map(|s| s.text.len()).sum()
    }

    /// Whether sentence `index` is part of a heading.
    pub fn is_heading(&self, index: usize) -> bool {
        self.sentences
            .get(index)
            .and_then(|s| self.paragraphs.get(s.paragraph))
            .is_some_and(|p| matches!(p.kind, ParagraphKind::Heading(_)))
    }
}
