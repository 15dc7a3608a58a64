//! Which sentence each character on screen belongs to, inside one side of one passage: what
//! lets the reader highlight the sentences being chosen for a link by hand, and scroll to them.
//!
//! Rows hold wrapped text, not sentences. A side's text is its sentences joined by spaces, and
//! wrapping keeps every character that is not white space, in order (it only turns runs of
//! white space into one space or a line break), so counting those characters row by row finds
//! each sentence again, whatever the width, the word breaks or the styling.

use std::ops::Range;

use super::rows::{Comparison, RowKind, Rows};
use super::state::Side;
use crate::layout::Line;
use crate::visible::visible;

/// For each row showing `side` of passage `k` (display order): the row's index and, for each
/// character of its text, the sentence it belongs to (`None` for the space between two
/// sentences).
pub fn of_rows(
    cmp: &Comparison,
    rows: &Rows,
    k: usize,
    side: Side,
) -> Vec<(usize, Vec<Option<usize>>)> {
    let Some(p) = cmp.passages(rows.shape.arrangement).get(k) else {
        return Vec::new();
    };
    let (doc, range) = match side {
        Side::Left => (&cmp.left, p.left.clone()),
        Side::Right => (&cmp.right, p.right.clone()),
    };
    if range.is_empty() || rows.folded.get(k).copied().unwrap_or(true) {
        return Vec::new();
    }
    // Characters (not white space) up to the end of each sentence, counted as drawn.
    let mut ends = Vec::with_capacity(range.len());
    let mut total = 0;
    for s in doc.sentences.get_range(range.clone()).unwrap_or_default() {
        total += visible(s.text)
            .chars()
            .filter(|c| !c.is_whitespace())
            .count();
        ends.push(total);
    }
    let sentence_at = |n: usize| {
        let i = ends.partition_point(|&e| e <= n);
        (i < ends.len()).then_some(range.start + i)
    };
    let mut out = Vec::new();
    let mut seen = 0;
    let start = rows.passage_row.get(k).copied().unwrap_or(usize::MAX);
    for i in start..rows.len() {
        let Some(row) = rows.get(cmp, i) else { break };
        let line = match row.kind {
            RowKind::Text {
                passage, side: s, ..
            } if passage as usize == k => match (s, side) {
                (Some(s), _) if s != side => continue,
                (Some(_), _) | (None, Side::Left) => row.left,
                (None, Side::Right) => row.right,
            },
            _ => break,
        };
        out.push((i, of_line(line, &mut seen, &sentence_at)));
    }
    out
}

/// The sentence of each character of `line`, `seen` characters (not white space) of the side
/// coming before it. White space belongs to a sentence when the text on both sides of it does.
fn of_line(
    line: &Line,
    seen: &mut usize,
    sentence_at: &dyn Fn(usize) -> Option<usize>,
) -> Vec<Option<usize>> {
    let chars: Vec<char> = line.spans.iter().flat_map(|s| s.text.chars()).collect();
    let mut out: Vec<Option<usize>> = chars
        .iter()
        .map(|c| {
            if c.is_whitespace() {
                None
            } else {
                *seen += 1;
                sentence_at(*seen - 1)
            }
        })
        .collect();
    for i in 0..chars.len() {
        if chars[i].is_whitespace() {
            let before = out[..i].iter().rev().find(|s| s.is_some()).copied();
            let after = out[i + 1..].iter().find(|s| s.is_some()).copied();
            if before == after {
                out[i] = before.flatten();
            }
        }
    }
    out
}

/// For each row showing `side` of passage `k`: the row's index and, for each character,
/// whether its sentence is among `chosen`.
pub fn marks(
    cmp: &Comparison,
    rows: &Rows,
    k: usize,
    side: Side,
    chosen: &Range<usize>,
) -> Vec<(usize, Vec<bool>)> {
    of_rows(cmp, rows, k, side)
        .into_iter()
        .map(|(i, s)| {
            let marked = s.iter().map(|x| x.is_some_and(|x| chosen.contains(&x)));
            (i, marked.collect())
        })
        .collect()
}

/// The first row where `sentence` of `side` shows in passage `k`.
pub fn first_row(
    cmp: &Comparison,
    rows: &Rows,
    k: usize,
    side: Side,
    sentence: usize,
) -> Option<usize> {
    of_rows(cmp, rows, k, side)
        .into_iter()
        .find(|(_, s)| s.contains(&Some(sentence)))
        .map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::{AlignOptions, align};
    use crate::load::{LoadOptions, load_bytes};
    use crate::review::session::Session;
    use crate::ui::rows::{Shape, build};
    use crate::ui::state::Arrangement;

    #[test]
    fn every_character_is_found_in_its_sentence_at_any_width() {
        let doc = |t: &str| load_bytes("t.txt", t.as_bytes(), &LoadOptions::default()).expect("d");
        let l = doc(
            "The talks opened on Monday in the harbour city.\n\nA supercalifragilisticexpialidocious word came next. Then a short one.\n",
        );
        let r = doc("The talks opened on Monday in the harbour city.\n");
        let a = align(&l, &r, &AlignOptions::default());
        let cmp = Comparison::new(l, r, a);
        let (session, _) = Session::in_memory((*cmp.alignment).clone(), &cmp.left, &cmp.right);
        for width in [8, 13, 30, 200] {
            for stacked in [false, true] {
                let shape = Shape {
                    stacked,
                    ..Shape::plain(width)
                };
                let rows = build(
                    &cmp,
                    shape,
                    session.review(),
                    width,
                    None,
                    &crate::progress::Progress::new(),
                );
                let k = cmp
                    .passages(Arrangement::SourceOrder)
                    .iter()
                    .position(|p| p.left.len() == 2)
                    .expect("the two-sentence passage");
                let mut text = [String::new(), String::new()];
                for (i, sentences) in of_rows(&cmp, &rows, k, Side::Left) {
                    let line: String = rows
                        .get(&cmp, i)
                        .expect("a row")
                        .left
                        .spans
                        .iter()
                        .map(|s| &*s.text)
                        .collect();
                    for (c, s) in line.chars().zip(sentences) {
                        if let Some(s) = s {
                            text[s - 1].push(c);
                        }
                    }
                }
                let squeeze = |t: &str| t.split_whitespace().collect::<String>();
                assert_eq!(
                    squeeze(&text[0]),
                    squeeze("A supercalifragilisticexpialidocious word came next."),
                    "width {width}"
                );
                assert_eq!(squeeze(&text[1]), squeeze("Then a short one."));
                assert!(first_row(&cmp, &rows, k, Side::Left, 2).is_some());
            }
        }
    }
}
