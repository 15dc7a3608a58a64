//! Markdown (CommonMark) → [`Block`]s, through `pulldown-cmark` and its source ranges.
//!
//! Markup is stripped; headings stay headings; paragraphs, list items, block quotes and table
//! cells become paragraphs; images, raw HTML and code blocks are left out (they are not prose).

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::block::{Block, Blocks};
use super::document::ParagraphKind;
use super::source_map::TextBuilder;

/// Splits Markdown text into blocks.
pub fn blocks(text: &str) -> Blocks {
    let mut out = Blocks::default();
    let mut current: Option<(ParagraphKind, TextBuilder)> = None;
    // Depth inside constructs whose text is not prose (images, code blocks).
    let mut hidden = 0usize;
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        match event {
            Event::Start(tag) => match tag {
                Tag::Heading { level, .. } => {
                    flush(&mut current, &mut out);
                    current = Some((ParagraphKind::Heading(level as u8), TextBuilder::new()));
                }
                Tag::Paragraph | Tag::Item | Tag::TableCell | Tag::BlockQuote(_) => {
                    flush(&mut current, &mut out);
                    current = Some((ParagraphKind::Text, TextBuilder::new()));
                }
                Tag::Image { .. } | Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::MetadataBlock(_) => {
                    hidden += 1;
                }
                _ => {}
            },
            Event::End(end) => match end {
                TagEnd::Heading(_)
                | TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::BlockQuote(_) => flush(&mut current, &mut out),
                TagEnd::Image
                | TagEnd::CodeBlock
                | TagEnd::HtmlBlock
                | TagEnd::MetadataBlock(_) => {
                    hidden = hidden.saturating_sub(1);
                }
                _ => {}
            },
            Event::Text(t) if hidden == 0 => {
                let b = builder(&mut current);
                if text[range.clone()] == *t {
                    b.push_copied(&t, range.start);
                } else {
                    // An escape or an entity: the text stands for its whole source.
                    b.push_replaced(&t, range);
                }
            }
            Event::Code(_) if hidden == 0 => {
                let b = builder(&mut current);
                // The code is the source between its backtick fences (line breaks in it become
                // spaces, as CommonMark says).
                let src = &text[range.clone()];
                let inner = src.trim_matches('`');
                let at = range.start + (src.len() - src.trim_start_matches('`').len());
                b.push_copied(inner, at);
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((_, b)) = &mut current {
                    b.space(range);
                }
            }
            _ => {}
        }
    }
    flush(&mut current, &mut out);
    out
}

fn builder(current: &mut Option<(ParagraphKind, TextBuilder)>) -> &mut TextBuilder {
    &mut current
        .get_or_insert_with(|| (ParagraphKind::Text, TextBuilder::new()))
        .1
}

fn flush(current: &mut Option<(ParagraphKind, TextBuilder)>, out: &mut Blocks) {
    if let Some((kind, b)) = current.take() {
        out.extend(Block::from_builder(kind, b));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_stripped_and_offsets_point_into_the_source() {
        let src = "# A *big* title\n\nSome **bold** and [a link](http://x.y) here.\n\n- item one\n- item two\n\n![alt text](i.png)\n\n```\ncode\n```\n";
        let b = blocks(src);
        let texts: Vec<&str> = b.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            texts,
            vec![
                "A big title",
                "Some bold and a link here.",
                "item one",
                "item two"
            ]
        );
        assert_eq!(b[0].kind, ParagraphKind::Heading(1));
        let whole = b[1].map.range(0..b[1].text.len());
        assert_eq!(&src[whole], "Some **bold** and [a link](http://x.y) here.");
        let bold = b[1].text.find("bold").expect("bold");
        assert_eq!(&src[b[1].map.range(bold..bold + 4)], "bold");
    }

    #[test]
    fn multi_line_inline_code_keeps_sentence_ranges_apart() {
        let src =
            "Intro text. Inline `First code sentence. Second\ncode sentence.` after it. Next.\n";
        let b = blocks(src);
        assert_eq!(
            b[0].text,
            "Intro text. Inline First code sentence. Second code sentence. after it. Next."
        );
        let second = b[0].text.find("Second").expect("Second");
        assert_eq!(&src[b[0].map.range(second..second + 6)], "Second");
    }

    #[test]
    fn entities_map_to_their_source() {
        let src = "Tom &amp; Jerry.\n";
        let b = blocks(src);
        assert_eq!(b[0].text, "Tom & Jerry.");
        let amp = b[0].text.find('&').expect("&");
        assert_eq!(&src[b[0].map.range(amp..amp + 1)], "&amp;");
    }
}
