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
///
/// Its sentences are held as 32-bit indexes (12 bytes a paragraph, not 24): a file of
/// millions of one-line paragraphs keeps one a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// Heading or body text.
    pub kind: ParagraphKind,
    first: u32,
    end: u32,
}

impl Paragraph {
    /// A paragraph of kind `kind` made of the sentences `sentences` (indexes).
    ///
    /// # Panics
    /// When an index passes 4 GiB, which the loader's size limit rules out.
    pub fn new(kind: ParagraphKind, sentences: Range<usize>) -> Paragraph {
        Paragraph {
            kind,
            first: in_32_bits(sentences.start),
            end: in_32_bits(sentences.end),
        }
    }

    /// Indexes of its sentences in [`Document::sentences`].
    pub fn sentences(&self) -> Range<usize> {
        self.first as usize..self.end as usize
    }
}

impl Serialize for Paragraph {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Paragraph", 2)?;
        s.serialize_field("kind", &self.kind)?;
        s.serialize_field("sentences", &self.sentences())?;
        s.end()
    }
}

/// A sentence, the unit the aligner matches: a view of one entry of a [`SentenceList`].
///
/// Cheap to copy; it borrows the document it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence<'a> {
    /// The sentence as shown to the reader: decoded, whitespace runs collapsed to one space.
    ///
    /// May contain control characters from the source; whoever prints it must make them
    /// visible (see [`crate::visible`]).
    pub text: &'a str,
    /// Index of its paragraph in [`Document::paragraphs`].
    pub paragraph: usize,
    /// Where each byte of `text` came from in the file (see [`Sentence::source_range`]).
    pub map: &'a SourceMap,
}

impl Sentence<'_> {
    /// Half-open byte range in the file exactly as read from disk (before decoding).
    pub fn span(&self) -> Range<usize> {
        self.map.range(0..self.text.len())
    }

    /// The bytes in the file (as read from disk) that the part `range` of `text` came from.
    ///
    /// A range that covers a decoded entity or a collapsed whitespace run covers all of its
    /// source; the whole text maps to [`Sentence::span`].
    pub fn source_range(&self, range: Range<usize>) -> Range<usize> {
        self.map.range(range)
    }
}

impl Serialize for Sentence<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Sentence", 3)?;
        s.serialize_field("span", &self.span())?;
        s.serialize_field("text", self.text)?;
        s.serialize_field("paragraph", &self.paragraph)?;
        s.end()
    }
}

/// `n` in 32 bits, for a document's offsets and indexes.
///
/// # Panics
/// At 4 GiB, which the loader's size limit rules out (a file is at most 1 GiB, its text at
/// most three bytes of UTF-8 a byte).
fn in_32_bits(n: usize) -> u32 {
    u32::try_from(n).expect("the loader's size limit keeps a document under 4 GiB")
}

/// A document's sentences in reading order, held column by column.
///
/// All texts share one buffer and each entry keeps 32-bit offsets, so a sentence costs 32
/// bytes and its text, not a struct and an allocation of its own: a file of millions of
/// one-word lines is millions of sentences. Read one through [`SentenceList::at`] or
/// [`SentenceList::iter`]; the loader's size limit keeps every offset below 4 GiB.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SentenceList {
    text: String,
    entries: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    /// Where the text ends in the shared buffer; it starts where the previous one ends.
    end: u32,
    paragraph: u32,
    map: SourceMap,
}

impl SentenceList {
    /// An empty list with room for `sentences` sentences of `bytes` bytes in all.
    pub fn with_capacity(sentences: usize, bytes: usize) -> SentenceList {
        SentenceList {
            text: String::with_capacity(bytes),
            entries: Vec::with_capacity(sentences),
        }
    }

    /// Adds a sentence at the end.
    ///
    /// # Panics
    /// When the texts together pass 4 GiB, which the loader's size limit rules out.
    pub fn push(&mut self, text: &str, paragraph: usize, map: SourceMap) {
        self.text.push_str(text);
        self.entries.push(Entry {
            end: in_32_bits(self.text.len()),
            paragraph: in_32_bits(paragraph),
            map,
        });
    }

    /// Gives back room reserved beyond what the sentences hold, where it is more than a
    /// quarter of what they hold: giving back means copying into fresh memory, which for a
    /// book's text costs more than the few percent it saves.
    pub fn give_back_slack(&mut self) {
        if self.text.capacity() - self.text.len() > self.text.len() / 4 {
            self.text.shrink_to_fit();
        }
        if self.entries.capacity() - self.entries.len() > self.entries.len() / 4 {
            self.entries.shrink_to_fit();
        }
    }

    /// Removes every sentence.
    pub fn clear(&mut self) {
        self.text.clear();
        self.entries.clear();
    }

    /// How many sentences there are.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Sentence `index`, or `None` past the end.
    pub fn get(&self, index: usize) -> Option<Sentence<'_>> {
        let entry = self.entries.get(index)?;
        let start = match index {
            0 => 0,
            _ => self.entries[index - 1].end as usize,
        };
        Some(Sentence {
            text: &self.text[start..entry.end as usize],
            paragraph: entry.paragraph as usize,
            map: &entry.map,
        })
    }

    /// Sentence `index`.
    ///
    /// # Panics
    /// When `index` is past the end, as a slice's indexing does.
    pub fn at(&self, index: usize) -> Sentence<'_> {
        match self.get(index) {
            Some(s) => s,
            None => panic!("sentence {index} of {}", self.len()),
        }
    }

    /// The first sentence, if any.
    pub fn first(&self) -> Option<Sentence<'_>> {
        self.get(0)
    }

    /// The last sentence, if any.
    pub fn last(&self) -> Option<Sentence<'_>> {
        self.len().checked_sub(1).and_then(|i| self.get(i))
    }

    /// The sentences `range` (indexes), or `None` when it reaches past the end, as a
    /// slice's `get` does.
    pub fn get_range(&self, range: Range<usize>) -> Option<Iter<'_>> {
        (range.start <= range.end && range.end <= self.len()).then_some(Iter { list: self, range })
    }

    /// The sentences `range` (indexes).
    ///
    /// # Panics
    /// When `range` reaches past the end, as a slice's indexing does.
    pub fn range(&self, range: Range<usize>) -> Iter<'_> {
        match self.get_range(range.clone()) {
            Some(iter) => iter,
            None => panic!("sentences {range:?} of {}", self.len()),
        }
    }

    /// The sentences in reading order.
    pub fn iter(&self) -> Iter<'_> {
        Iter {
            list: self,
            range: 0..self.len(),
        }
    }
}

impl<'a> IntoIterator for &'a SentenceList {
    type Item = Sentence<'a>;
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

impl Serialize for SentenceList {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

/// The sentences of a [`SentenceList`] in order; see [`SentenceList::iter`].
#[derive(Debug, Clone)]
pub struct Iter<'a> {
    list: &'a SentenceList,
    range: Range<usize>,
}

impl<'a> Iterator for Iter<'a> {
    type Item = Sentence<'a>;

    fn next(&mut self) -> Option<Sentence<'a>> {
        let i = self.range.next()?;
        self.list.get(i)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.range.size_hint()
    }

    fn nth(&mut self, n: usize) -> Option<Sentence<'a>> {
        let i = self.range.nth(n)?;
        self.list.get(i)
    }
}

impl DoubleEndedIterator for Iter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        let i = self.range.next_back()?;
        self.list.get(i)
    }
}

impl ExactSizeIterator for Iter<'_> {}

impl Default for Iter<'_> {
    /// No sentences.
    fn default() -> Self {
        static EMPTY: SentenceList = SentenceList {
            text: String::new(),
            entries: Vec::new(),
        };
        Iter {
            list: &EMPTY,
            range: 0..0,
        }
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
    pub sentences: SentenceList,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn list() -> SentenceList {
        let mut list = SentenceList::default();
        list.push("One.", 0, SourceMap::shifted(4, 3));
        list.push("Two, «deux».", 0, SourceMap::shifted(13, 8));
        list.push("Three.", 1, SourceMap::shifted(6, 30));
        list
    }

    #[test]
    fn sentences_read_back_as_pushed_with_their_spans() {
        let list = list();
        assert_eq!(list.len(), 3);
        let two = list.at(1);
        assert_eq!(
            (two.text, two.paragraph, two.span()),
            ("Two, «deux».", 0, 8..21)
        );
        assert_eq!(list.last().map(|s| s.text), Some("Three."));
        assert_eq!(list.get(3), None);
        fn texts<'a>(it: impl Iterator<Item = Sentence<'a>>) -> Vec<&'a str> {
            it.map(|s| s.text).collect()
        }
        assert_eq!(texts(list.range(1..3)), ["Two, «deux».", "Three."]);
        assert_eq!(texts(list.iter().rev()), ["Three.", "Two, «deux».", "One."]);
        assert!(list.get_range(2..4).is_none());
        assert_eq!(list.iter().len(), 3);
    }

    #[test]
    fn a_sentence_costs_32_bytes_and_its_text() {
        assert_eq!(size_of::<Entry>(), 32);
        assert_eq!(size_of::<Paragraph>(), 12);
    }

    #[test]
    fn sentences_and_paragraphs_serialise_as_plain_records() {
        let json = serde_json::to_string(&list()).unwrap_or_default();
        assert!(
            json.starts_with(r#"[{"span":{"start":3,"end":7},"text":"One.","paragraph":0},"#),
            "{json}"
        );
        let heading = Paragraph::new(ParagraphKind::Heading(2), 0..2);
        assert_eq!(
            serde_json::to_string(&heading).unwrap_or_default(),
            r#"{"kind":{"kind":"heading","level":2},"sentences":{"start":0,"end":2}}"#
        );
    }
}
