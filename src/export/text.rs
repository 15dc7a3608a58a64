//! Plain side-by-side text: the reader's layout, printed.
//!
//! Each passage is a block: left column, a gutter with the link kind and similarity, right
//! column. With colour, removed words are red, added green, moved magenta, shared key terms
//! underlined, unique passages yellow. Without colour (`NO_COLOR`, a pipe, `--color never`) the
//! marks are written as `[-removed-]`, `{+added+}` and `_shared_`, as wdiff does, so the
//! meaning never rests on colour alone.

use std::fmt::Write;

use unicode_width::UnicodeWidthStr;

use crate::align::Alignment;
use crate::layout::{
    Counts, Highlights, Line, PassageView, Tone, gutter_label, passages, truncate,
};
use crate::load::Document;
use crate::parallel::map_chunks;
use crate::progress::{Cancelled, Progress, Stage};
use crate::visible::visible;

/// Width of the gutter between the columns, separators included.
const GUTTER: usize = 8;

/// Renders the alignment side by side in `width` columns (clamped to 30–1000).
pub fn render(
    left: &Document,
    right: &Document,
    alignment: &Alignment,
    width: usize,
    color: bool,
) -> String {
    // Nobody else holds this progress, so it is never cancelled.
    render_with(left, right, alignment, width, color, &Progress::new()).unwrap_or_default()
}

/// [`render`], reporting each passage laid out into `progress` as [`Stage::Layout`] and
/// stopping early once it is cancelled.
///
/// # Errors
/// [`Cancelled`] when `progress` was cancelled before the text was complete.
pub fn render_with(
    left: &Document,
    right: &Document,
    alignment: &Alignment,
    width: usize,
    color: bool,
    progress: &Progress,
) -> Result<String, Cancelled> {
    let width = width.clamp(30, 1000);
    let pane = (width - GUTTER) / 2;
    let mut out = String::new();
    let title = |d: &Document| visible(d.display_title()).into_owned();
    let lt = truncate(&title(left), pane);
    let lw = UnicodeWidthStr::width(lt.as_str());
    row(
        &mut out,
        &bold(&lt, color),
        lw,
        pane,
        "",
        &bold(&truncate(&title(right), pane), color),
    );
    let rule = "─".repeat(pane);
    row(&mut out, &rule, pane, pane, "", &rule);
    let ps = passages(left, right, alignment);
    progress.begin(Stage::Layout, ps.len() as u64);
    // Each passage's block on its own, on every core; joined in order.
    let blocks = map_chunks(0..ps.len(), |range| {
        progress.map(range, |k| {
            let p = &ps[k];
            let view = PassageView::new(
                left,
                right,
                alignment,
                p,
                Highlights::default(),
                pane,
                !color,
            );
            let label = gutter_label(p, alignment, view.reworded);
            let mut block = String::new();
            for (k, (l, r)) in view.left.iter().zip(&view.right).enumerate() {
                let g = if k == 0 { label.as_str() } else { "" };
                row(
                    &mut block,
                    &styled(l, color),
                    l.width,
                    pane,
                    g,
                    &styled(r, color),
                );
            }
            block
        })
    });
    progress.check()?;
    out.push_str(&blocks.join("\n"));
    out.push('\n');
    let _ = writeln!(out, "{}", summary(left, right, alignment));
    Ok(out)
}

/// One line: the summary counts of an alignment.
pub fn summary(left: &Document, right: &Document, alignment: &Alignment) -> String {
    Counts::of_alignment(left, right, alignment).to_string()
}

/// Writes one output line: `left` (of display width `left_width`) padded to `pane`, the
/// gutter, then `right`; no trailing spaces.
fn row(out: &mut String, left: &str, left_width: usize, pane: usize, gutter: &str, right: &str) {
    out.push_str(left);
    out.push_str(&" ".repeat(pane.saturating_sub(left_width)));
    let g = format!(" {gutter:<width$} ", width = GUTTER - 2);
    out.push_str(&g);
    out.push_str(right);
    while out.ends_with(' ') {
        out.pop();
    }
    out.push('\n');
}

fn bold(s: &str, color: bool) -> String {
    if color {
        format!("\x1b[1m{s}\x1b[0m")
    } else {
        s.to_owned()
    }
}

/// A wrapped line as text: ANSI styles with colour, wdiff-style markers without.
fn styled(line: &Line, color: bool) -> String {
    let mut s = String::new();
    for span in &line.spans {
        if !color {
            // Without colour the layout already wrote the markers into the text.
            s.push_str(&span.text);
            continue;
        }
        let open = match span.ink.tone {
            Tone::Plain => "",
            Tone::Heading => "\x1b[1m",
            Tone::Removed => "\x1b[31;9m",
            Tone::Added => "\x1b[32;1m",
            Tone::Shared => "\x1b[4m",
            Tone::Unique => "\x1b[33m",
            Tone::Moved => "\x1b[35m",
        };
        // A fact is underlined in yellow over whatever the word differences say.
        let fact = if span.ink.facts.is_empty() {
            ""
        } else {
            "\x1b[4;58;5;3m"
        };
        let close = if open.is_empty() && fact.is_empty() {
            ""
        } else {
            "\x1b[0m"
        };
        let _ = write!(s, "{open}{fact}{}{close}", span.text);
    }
    s
}
