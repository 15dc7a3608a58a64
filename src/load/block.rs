//! [`Block`]: a paragraph or heading extracted by a format reader, before sentence splitting.

use super::document::ParagraphKind;
use super::source_map::{SourceMap, TextBuilder};

/// A paragraph or heading as a format reader found it.
#[derive(Debug)]
pub struct Block {
    /// Heading or body text.
    pub kind: ParagraphKind,
    /// Tidied text (whitespace collapsed, trimmed).
    pub text: String,
    /// Maps `text` offsets to offsets in the decoded file text.
    pub map: SourceMap,
}

impl Block {
    /// A block from a finished builder; `None` when it holds no text.
    pub fn from_builder(kind: ParagraphKind, builder: TextBuilder) -> Option<Block> {
        if builder.is_empty() {
            return None;
        }
        let (mut text, mut map) = builder.finish();
        // Many short blocks (a file of one-word lines) would each keep spare room.
        text.shrink_to_fit();
        map.shrink();
        Some(Block { kind, text, map })
    }
}
