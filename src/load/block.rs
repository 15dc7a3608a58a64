//! [`Block`]: a paragraph or heading extracted by a format reader, before sentence splitting;
//! [`Blocks`]: a reader's blocks in order, given back as they are consumed.

use super::document::ParagraphKind;
use super::source_map::{SourceMap, TextBuilder};

/// A paragraph or heading as a format reader found it.
#[derive(Debug, Clone)]
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

/// How many blocks a chunk of [`Blocks`] holds.
const CHUNK: usize = 4096;

/// A format reader's blocks in reading order, held in chunks of a few thousand.
///
/// A file of millions of one-line paragraphs is millions of blocks, which the loader turns
/// into sentences one by one: in chunks, the room of the blocks made into sentences is given
/// back as the loader goes (see [`Blocks::into_iter`]), without the copy that shrinking one
/// long vector costs while the sentences grow beside it.
#[derive(Debug, Default)]
pub struct Blocks {
    chunks: Vec<Vec<Block>>,
    len: usize,
}

impl Blocks {
    /// Adds a block at the end.
    pub fn push(&mut self, block: Block) {
        match self.chunks.last_mut() {
            Some(chunk) if chunk.len() < CHUNK => chunk.push(block),
            // The first chunk grows as a vector does: most documents have a few dozen blocks.
            None => self.chunks.push(vec![block]),
            Some(_) => {
                let mut chunk = Vec::with_capacity(CHUNK);
                chunk.push(block);
                self.chunks.push(chunk);
            }
        }
        self.len += 1;
    }

    /// How many blocks there are.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Block `index`, or `None` past the end.
    pub fn get(&self, index: usize) -> Option<&Block> {
        let mut index = index;
        for chunk in &self.chunks {
            match chunk.get(index) {
                Some(block) => return Some(block),
                None => index -= chunk.len(),
            }
        }
        None
    }

    /// The blocks in order.
    pub fn iter(&self) -> impl Iterator<Item = &Block> {
        self.chunks.iter().flatten()
    }
}

impl std::ops::Index<usize> for Blocks {
    type Output = Block;

    /// Block `index`; panics past the end, as a slice does.
    fn index(&self, index: usize) -> &Block {
        match self.get(index) {
            Some(block) => block,
            None => panic!("block {index} of {}", self.len),
        }
    }
}

impl Extend<Block> for Blocks {
    fn extend<I: IntoIterator<Item = Block>>(&mut self, blocks: I) {
        blocks.into_iter().for_each(|b| self.push(b));
    }
}

impl From<Vec<Block>> for Blocks {
    /// The blocks as one chunk (no copy).
    fn from(blocks: Vec<Block>) -> Blocks {
        Blocks {
            len: blocks.len(),
            chunks: if blocks.is_empty() {
                Vec::new()
            } else {
                vec![blocks]
            },
        }
    }
}

impl IntoIterator for Blocks {
    type Item = Block;
    type IntoIter = std::iter::Flatten<std::vec::IntoIter<Vec<Block>>>;

    /// The blocks in order; each chunk's room is given back once its last block is taken.
    fn into_iter(self) -> Self::IntoIter {
        self.chunks.into_iter().flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(n: usize) -> Block {
        let mut b = TextBuilder::new();
        b.push_copied(&n.to_string(), 0);
        Block::from_builder(ParagraphKind::Text, b).expect("a block")
    }

    #[test]
    fn blocks_come_back_in_order_across_chunks() {
        let mut blocks = Blocks::default();
        blocks.extend((0..2 * CHUNK + 3).map(block));
        assert_eq!(blocks.len(), 2 * CHUNK + 3);
        assert_eq!(blocks.chunks.len(), 3);
        assert_eq!(blocks.get(CHUNK + 1).map(|b| b.text.as_str()), Some("4097"));
        assert!(blocks.get(2 * CHUNK + 3).is_none());
        let texts: Vec<String> = blocks.into_iter().map(|b| b.text).collect();
        assert_eq!(texts.len(), 2 * CHUNK + 3);
        assert!(texts.iter().enumerate().all(|(i, t)| *t == i.to_string()));
    }
}
