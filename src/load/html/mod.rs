//! HTML → [`Block`]s: the article's readable text, through the `html5gum` tokenizer's spans.
//!
//! Two steps. [`walk`] reads the page once into a light tree of block-level elements and the
//! text blocks they hold (scripts, styles and hidden elements never count; text tokens carry
//! their source span, entities mapped one by one by [`entities`], so every block keeps exact
//! offsets into the HTML source). [`select`] then decides which blocks are the article by
//! evidence, as Readability does: text length, commas, paragraphs, link density, class and id
//! words ([`classes`]) and the page's own marks (`<article>`, `itemprop="articleBody"`) are
//! signals weighed together, and none of them alone can hide a page's text. Inline elements
//! (links, emphasis) are no candidates: their text stays in its sentence.
//!
//! Why not a crate: `dom_smoothie` (a port of Readability) and `rs-trafilatura` both build
//! their own DOM (html5ever through `dom_query`), which keeps no source positions, and they
//! rewrite it while extracting; mapping their chosen nodes back onto this tokenizer's byte
//! spans would mean matching text, so the scoring is written here, on the spans we have.

mod classes;
mod entities;
mod meta;
mod select;
mod walk;

use super::block::Block;
use super::document::Metadata;

/// What the HTML reader found.
#[derive(Debug)]
pub struct HtmlText {
    /// The article's paragraphs and headings.
    pub blocks: Vec<Block>,
    /// The page's `<title>`, when there is one.
    pub title: Option<String>,
    /// What the page says about itself in `<meta>` tags, JSON-LD and byline markup.
    pub metadata: Metadata,
    /// Whether the page looks like an article at all (Readability's test: enough long
    /// paragraphs); a list of links or a form page does not.
    pub readerable: bool,
}

/// Extracts the readable article text of an HTML page.
pub fn read(source: &str) -> HtmlText {
    let page = walk::walk(source);
    let readerable = readerable(&page);
    let chosen = select::select(&page);
    let mut keep = vec![false; page.blocks.len()];
    for i in chosen {
        keep[i] = true;
    }
    let blocks = page
        .blocks
        .into_iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(b, _)| b.block)
        .collect();
    HtmlText {
        blocks,
        title: page.title,
        metadata: page.metadata,
        readerable,
    }
}

/// Readability's `isProbablyReaderable`: paragraphs of 140 characters or more, each counting
/// the square root of its length past 140, add up to more than 20. A paragraph is all the text
/// an element holds directly (lines a `<br>` breaks count together).
fn readerable(page: &walk::Page) -> bool {
    let mut lengths = vec![0_usize; page.nodes.len()];
    for b in &page.blocks {
        let node = &page.nodes[b.node];
        // Lists, tables and headings are not where an article's prose stands.
        let listed = matches!(
            node.name.as_slice(),
            b"li" | b"dt" | b"dd" | b"td" | b"th" | b"ul" | b"ol" | b"table" | b"tr"
        ) || matches!(b.block.kind, super::ParagraphKind::Heading(_));
        if !(b.stripped || node.weight < 0.0 || listed) {
            lengths[b.node] += b.block.text.chars().count() + 1;
        }
    }
    let score: f64 = lengths
        .iter()
        .filter(|&&len| len >= 140)
        .map(|&len| ((len - 140) as f64).sqrt())
        .sum();
    score > 20.0
}

#[cfg(test)]
mod regressions;
#[cfg(test)]
mod tests;
