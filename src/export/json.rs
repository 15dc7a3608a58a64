//! The alignment JSON contract (version 1), see `align-json.md`.
//!
//! Fields named by the contract keep their names, types and meaning. Added here, as the
//! contract allows: per side `title`, `encoding`, `format`, `furniture` (what the loader set
//! aside, with reasons); per link `diff` (word-level differences as `[sentence, start, end]`
//! byte ranges into sentence `text`); and the calibrated `threshold`.

use serde::Serialize;

use crate::align::word_diff::Mark;
use crate::align::{Alignment, LinkKind, word_diff};
use crate::load::Document;

/// The contract's version.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    left: Side<'a>,
    right: Side<'a>,
    links: Vec<LinkOut>,
    threshold: f32,
}

#[derive(Serialize)]
struct Side<'a> {
    path: &'a str,
    title: Option<&'a str>,
    encoding: &'a str,
    format: &'a str,
    sentences: Vec<SentenceOut<'a>>,
    furniture: Vec<FurnitureOut<'a>>,
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
}

#[derive(Serialize)]
struct DiffOut {
    left: Vec<[usize; 3]>,
    right: Vec<[usize; 3]>,
}

fn side(doc: &Document) -> Side<'_> {
    Side {
        path: &doc.path,
        title: doc.title.as_deref(),
        encoding: doc.encoding,
        format: doc.format.name(),
        sentences: doc
            .sentences
            .iter()
            .map(|s| SentenceOut {
                start: s.span.start,
                end: s.span.end,
                text: &s.text,
                paragraph: s.paragraph,
            })
            .collect(),
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

fn triples(marks: &[Mark]) -> Vec<[usize; 3]> {
    marks
        .iter()
        .map(|m| [m.sentence, m.range.start, m.range.end])
        .collect()
}

/// The alignment as contract JSON, pretty-printed, ending with a newline.
pub fn to_json(left: &Document, right: &Document, alignment: &Alignment) -> String {
    let links = alignment
        .links
        .iter()
        .map(|l| {
            let d = word_diff(left, right, l);
            LinkOut {
                left: l.left.clone(),
                right: l.right.clone(),
                kind: l.kind,
                similarity: l.similarity,
                diff: DiffOut {
                    left: triples(&d.left),
                    right: triples(&d.right),
                },
            }
        })
        .collect();
    let out = Output {
        version: VERSION,
        left: side(left),
        right: side(right),
        links,
        threshold: (alignment.threshold * 1000.0).round() / 1000.0,
    };
    to_safe_json(&out)
}

/// Pretty JSON with every character that is unsafe on a terminal written as a `\uXXXX`
/// escape (serde escapes only C0 controls; DEL, C1 controls and bidi overrides pass through).
pub fn to_safe_json<T: Serialize>(value: &T) -> String {
    let raw =
        serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    let mut s = String::with_capacity(raw.len() + 1);
    for c in raw.chars() {
        if crate::visible::is_unsafe(c) && c != '\n' {
            s.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            s.push(c);
        }
    }
    s.push('\n');
    s
}
