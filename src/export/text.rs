//! Plain side-by-side text: the reader's layout, printed.
//!
//! Each passage is a block: left column, a gutter with the link kind and similarity, right
//! column. With colour, removed words are red, added green, moved magenta, shared key terms
//! underlined, unique passages yellow. Without colour (`NO_COLOR`, a pipe, `--color never`) the
//! marks are written as `[-removed-]`, `{+added+}` and `_shared_`, as wdiff does, so the
//! meaning never rests on colour alone.

use std::fmt::Write as _;
use std::io::Write as _;
use std::ops::ControlFlow;

use unicode_width::UnicodeWidthStr;

use super::WriteError;
use crate::align::Alignment;
use crate::layout::{
    Counts, Highlights, Line, Passage, PassageView, Tone, gutter_label, passages_in_slices,
    truncate,
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
    let mut bytes = Vec::new();
    match write_text_with(left, right, alignment, width, color, progress, &mut bytes) {
        Ok(()) => {}
        Err(WriteError::Cancelled(c)) => return Err(c),
        // Memory takes whatever is written.
        Err(WriteError::Io(_)) => {}
    }
    Ok(super::text_of(bytes))
}

/// How many passages are laid out at a time while the text is written: enough to keep every
/// core busy, few enough that a slice's text is a few hundred kilobytes.
const PASSAGES_AT_ONCE: usize = 4096;

/// [`render_with`] written to `out` as it is laid out, a slice of passages at a time, never
/// held whole: a book of short lines gives hundreds of megabytes of text. `out` gets the
/// bytes [`render_with`] returns; when this fails, it has a part of them.
///
/// # Errors
/// [`WriteError::Cancelled`] once `progress` is cancelled, [`WriteError::Io`] when `out`
/// fails.
pub fn write_text_with(
    left: &Document,
    right: &Document,
    alignment: &Alignment,
    width: usize,
    color: bool,
    progress: &Progress,
    out: impl std::io::Write,
) -> Result<(), WriteError> {
    let page = Page { width, color };
    write_in_slices(
        left,
        right,
        alignment,
        page,
        progress,
        PASSAGES_AT_ONCE,
        out,
    )
}

/// The width and colour a text is laid out in.
#[derive(Debug, Clone, Copy)]
struct Page {
    width: usize,
    color: bool,
}

/// [`write_text_with`], laying out `slice` passages at a time.
fn write_in_slices(
    left: &Document,
    right: &Document,
    alignment: &Alignment,
    Page { width, color }: Page,
    progress: &Progress,
    slice: usize,
    out: impl std::io::Write,
) -> Result<(), WriteError> {
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    let width = width.clamp(30, 1000);
    let pane = (width - GUTTER) / 2;
    let mut head = String::new();
    let title = |d: &Document| visible(d.display_title()).into_owned();
    let lt = truncate(&title(left), pane);
    let lw = UnicodeWidthStr::width(lt.as_str());
    row(
        &mut head,
        &bold(&lt, color),
        lw,
        pane,
        "",
        &bold(&truncate(&title(right), pane), color),
    );
    let rule = "─".repeat(pane);
    row(&mut head, &rule, pane, pane, "", &rule);
    out.write_all(head.as_bytes())?;
    // Counted first, for the progress and the closing line (a book of short lines has
    // millions: a cancel is looked for between slices); each slice is laid out once its
    // passages are found.
    let mut total = 0;
    let mut counts = Counts::of(&[], alignment);
    let counted = passages_in_slices(left, right, alignment, slice, |ps| {
        total += ps.len();
        ps.iter().for_each(|p| counts.add(p));
        if progress.is_cancelled() {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    });
    if counted.is_break() {
        progress.check()?;
    }
    progress.begin(Stage::Layout, total as u64);
    let block = |p: &Passage| {
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
    };
    let mut first = true;
    let written = passages_in_slices(left, right, alignment, slice, |ps| {
        // Each passage's block on its own, on every core; written in order, a blank line
        // between two.
        let blocks = map_chunks(0..ps.len(), |range| progress.map(range, |k| block(&ps[k])));
        if let Err(c) = progress.check() {
            return ControlFlow::Break(WriteError::from(c));
        }
        for b in &blocks {
            let gap: &[u8] = if first { b"" } else { b"\n" };
            first = false;
            if let Err(e) = out
                .write_all(gap)
                .and_then(|()| out.write_all(b.as_bytes()))
            {
                return ControlFlow::Break(e.into());
            }
        }
        ControlFlow::Continue(())
    });
    if let ControlFlow::Break(e) = written {
        return Err(e);
    }
    progress.check()?;
    writeln!(out)?;
    writeln!(out, "{counts}")?;
    out.flush()?;
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::passages;
    use crate::load::{LoadOptions, load_bytes};
    use crate::testing::Closing;

    fn pair() -> (Document, Document, Alignment) {
        let load = |name: &str, text: &str| {
            load_bytes(name, text.as_bytes(), &LoadOptions::default()).expect("loads")
        };
        let left = load(
            "l.txt",
            "Heavy rain fell on Lisbon on Monday. Some 14,000 homes lost power.\n\n\
             The storm moved north by night.\n\nSchools stayed shut.\n\nA left line.",
        );
        let right = load(
            "r.txt",
            "On Monday heavy rain fell on Lisbon. About 11,000 homes lost power.\n\n\
             Officials said the storm moved north.\n\nA right line.",
        );
        let alignment = crate::align::align(&left, &right, &Default::default());
        (left, right, alignment)
    }

    fn written(slice: usize) -> String {
        let (l, r, a) = pair();
        let mut out = Vec::new();
        let page = Page {
            width: 80,
            color: false,
        };
        write_in_slices(&l, &r, &a, page, &Progress::new(), slice, &mut out).expect("written");
        String::from_utf8(out).expect("UTF-8")
    }

    /// A book's text is laid out and written a slice of passages at a time: where the slices
    /// meet must not show (a blank line between two passages, none lost or doubled).
    #[test]
    fn the_text_is_the_same_however_many_passages_are_laid_out_at_once() {
        let (l, r, a) = pair();
        let count = passages(&l, &r, &a).len();
        assert!(count >= 4, "{count}");
        let whole = written(count);
        for slice in [1, 2, 3] {
            assert_eq!(written(slice), whole, "slices of {slice}");
        }
        // The blocks in order, one blank line apart, then the counts.
        let storm = whole.find("The storm moved north").expect("storm");
        let schools = whole.find("Schools stayed shut").expect("schools");
        assert!(storm < schools, "{whole}");
        assert_eq!(whole.matches("\n\n").count(), count, "{whole}");
        let last = whole.lines().last().unwrap_or_default();
        assert_eq!(last, summary(&l, &r, &a), "{whole}");
        assert_eq!(render(&l, &r, &a, 80, false), whole);
    }

    #[test]
    fn an_output_that_fails_is_reported_and_has_the_start_of_the_text() {
        let (l, r, a) = pair();
        let mut out = Closing::after(100);
        let err = write_text_with(&l, &r, &a, 80, false, &Progress::new(), &mut out)
            .expect_err("the pipe closed");
        assert!(
            matches!(&err, WriteError::Io(e) if e.kind() == std::io::ErrorKind::BrokenPipe),
            "{err:?}"
        );
        assert_eq!(out.taken, render(&l, &r, &a, 80, false).as_bytes()[..100]);
    }

    #[test]
    fn the_written_text_stops_once_cancelled() {
        let (l, r, a) = pair();
        let progress = Progress::new();
        progress.cancel();
        let mut out = Vec::new();
        let err =
            write_text_with(&l, &r, &a, 80, false, &progress, &mut out).expect_err("cancelled");
        assert!(matches!(err, WriteError::Cancelled(_)), "{err:?}");
        // The summary line is never written under a text cut short.
        let text = String::from_utf8(out).expect("UTF-8");
        assert!(!text.contains(" equal\n"), "{text}");
    }
}
