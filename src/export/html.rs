//! The review report as one self-contained HTML file: inline CSS, no scripts, no external
//! assets; readable on screen and in print (passages never split across pages, colours
//! backed by underline and weight so a black-and-white print keeps the meaning).
//!
//! Every piece of article text and every note is escaped (`& < > " '`), and control and bidi
//! characters become visible placeholders, so nothing in an article can inject markup.

use std::fmt::Write;

use super::report::{HTML_MARK, Report, ReportPassage, WRITTEN_AT};
use crate::layout::{Pieces, Tone};
use crate::review::Status;
use crate::visible::{is_unsafe, placeholder};

const STYLE: &str = "
:root { color-scheme: light; }
body { font: 15px/1.5 system-ui, -apple-system, 'Segoe UI', sans-serif; margin: 2rem auto; max-width: 80rem; padding: 0 1rem; color: #1b1b1b; }
h1 { font-size: 1.4rem; margin-bottom: .3rem; }
.meta { color: #444; margin: .2rem 0; }
table.passages { border-collapse: collapse; width: 100%; margin-top: 1rem; }
.passages th, .passages td { border-top: 1px solid #ccc; padding: .45rem .6rem; vertical-align: top; text-align: left; }
.passages th { position: sticky; top: 0; background: #f4f4f4; }
td.n { white-space: nowrap; color: #555; font-variant-numeric: tabular-nums; width: 5rem; }
td.text { width: 38%; }
td.review { width: 16%; }
tr.equal td.text { color: #555; }
tr.left-only td.text, tr.right-only td.text { background: #fff8e1; }
tr.moved td.text { background: #f6ecfb; }
tr.flagged td.review { background: #ffe8e6; }
.only { background: #ffd7d5; font-weight: 600; text-decoration: underline; text-decoration-style: dotted; }
td.right .only { background: #d4f4dc; }
.shared { text-decoration: underline; color: #0b5c73; }
.fact { border-bottom: 3px solid #e0b000; outline: 1px solid #b38f00; font-weight: 700; }
table.facts td { vertical-align: top; padding: 0.2em 0.6em; }
.heading { font-weight: 700; }
.status { font-weight: 600; }
.status.flagged { color: #a3140a; }
.note { white-space: pre-wrap; margin-top: .3rem; font-style: italic; }
.manual { font-weight: 700; }
section { margin-top: 2rem; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  tr { break-inside: avoid; }
  .passages th { position: static; }
  .only, td.right .only { background: none; }
}
";

/// The report as a standalone HTML document.
pub fn render(report: &Report) -> String {
    let mut bytes = Vec::new();
    // Memory takes whatever is written.
    let _ = write(report, &mut bytes);
    super::text_of(bytes)
}

/// [`render`] written to `sink` as it is made, a passage at a time: the report of a book of
/// short lines is hundreds of megabytes.
///
/// # Errors
/// When `sink` fails; it then has a part of the report.
pub fn write(report: &Report, sink: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut out = String::new();
    let lt = escape(report.left.display_title());
    let rt = escape(report.right.display_title());
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n{HTML_MARK}\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Comparison: {lt} ↔ {rt}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
    );
    let _ = writeln!(out, "<h1>{lt} ↔ {rt}</h1>");
    let _ = writeln!(
        out,
        "<p class=\"meta\">Left: {} · Right: {}</p>",
        escape(&report.left_file),
        escape(&report.right_file)
    );
    let _ = writeln!(
        out,
        "<p class=\"meta\">Passages: {}</p>",
        escape(&report.counts.to_string())
    );
    let _ = writeln!(
        out,
        "<p class=\"meta\">Review: {}{}</p>",
        escape(&report.progress.to_string()),
        report
            .store
            .as_ref()
            .map(|s| format!(" (kept in {})", escape(s)))
            .unwrap_or_default()
    );
    let _ = writeln!(
        out,
        "<p class=\"meta\">Highlighted words are those only that side has; underlined words \
         in reworded passages are key terms both share; framed words with a yellow underline \
         are facts that differ (over the word differences); ↔ marks a link made by hand.</p>"
    );
    if !report.facts.is_empty() {
        let _ = writeln!(
            out,
            "<section class=\"facts\">\n<h2>Facts</h2>\n<p>Numbers, quotations and sources \
             the two articles give differently, what only one gives, and names spelled more \
             than one way; marked in the passages below (each wording links to its passage).</p>\n<table class=\"facts\">\n\
             <thead><tr><th>What</th><th>{lt}</th><th>{rt}</th></tr></thead>\n<tbody>"
        );
        // Each wording links to the passage that shows it, where it is marked.
        let cell = |text: &str, passage: Option<usize>| match passage {
            Some(n) if !text.is_empty() => format!("<a href=\"#p{n}\">{}</a>", escape(text)),
            _ => escape(text),
        };
        for f in &report.facts {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(&f.what),
                cell(&f.left, f.left_passage),
                cell(&f.right, f.right_passage)
            );
        }
        let _ = writeln!(out, "</tbody>\n</table>\n</section>");
    }
    let _ = writeln!(
        out,
        "<table class=\"passages\">\n<thead><tr><th>#</th><th>{lt}</th><th>{rt}</th>\
         <th>Review</th></tr></thead>\n<tbody>"
    );
    for p in report.passages() {
        if out.len() >= WRITTEN_AT {
            sink.write_all(out.as_bytes())?;
            out.clear();
        }
        passage(&mut out, &p);
    }
    let _ = writeln!(out, "</tbody>\n</table>");
    if !report.orphaned.is_empty() {
        let _ = writeln!(
            out,
            "<section class=\"orphaned\">\n<h2>Orphaned notes</h2>\n<p>Their passages are no \
             longer in the articles; kept as written.</p>\n<ul>"
        );
        for e in &report.orphaned {
            let _ = writeln!(
                out,
                "<li><span class=\"status\">{}</span> — left: “{}” — right: “{}”{}</li>",
                e.status.name(),
                escape(&e.left.join(" ")),
                escape(&e.right.join(" ")),
                if e.note.trim().is_empty() {
                    String::new()
                } else {
                    format!("<div class=\"note\">{}</div>", escape(&e.note))
                }
            );
        }
        let _ = writeln!(out, "</ul>\n</section>");
    }
    if !report.corrections.is_empty() {
        let _ = writeln!(
            out,
            "<section class=\"corrections\">\n<h2>Hand corrections of the alignment</h2>\n<ul>"
        );
        for (linked, l, r) in &report.corrections {
            let _ = match (l.is_empty(), r.is_empty()) {
                // One side only: those sentences were taken out of their link.
                (true, _) | (_, true) => writeln!(
                    out,
                    "<li>taken out of its link: “{}”</li>",
                    escape(if l.is_empty() { r } else { l })
                ),
                _ => writeln!(
                    out,
                    "<li>{}: “{}” ↔ “{}”</li>",
                    if *linked { "linked" } else { "kept apart" },
                    escape(l),
                    escape(r)
                ),
            };
        }
        let _ = writeln!(out, "</ul>\n</section>");
    }
    out.push_str("</body>\n</html>\n");
    sink.write_all(out.as_bytes())
}

fn passage(out: &mut String, p: &ReportPassage) {
    let class = p.kind_name.replace(' ', "-");
    let status = match p.status {
        Status::Unreviewed => "",
        Status::Reviewed => " reviewed",
        Status::Flagged => " flagged",
    };
    let _ = write!(
        out,
        "<tr class=\"{class}{status}\" id=\"p{n}\"><td class=\"n\">{n}<br><span{manual}>{label}</span> {kind}</td>",
        n = p.number,
        manual = if p.manual { " class=\"manual\"" } else { "" },
        label = escape(&p.label),
        kind = escape(p.kind_name),
    );
    let _ = write!(
        out,
        "<td class=\"text left\">{}</td><td class=\"text right\">{}</td>",
        pieces(&p.left),
        pieces(&p.right)
    );
    let _ = write!(out, "<td class=\"review\">");
    if p.status != Status::Unreviewed {
        let _ = write!(
            out,
            "<span class=\"status {0}\">{1} {0}</span>",
            p.status.name(),
            if p.status == Status::Flagged {
                "⚑"
            } else {
                "✓"
            }
        );
    }
    if !p.note.trim().is_empty() {
        let _ = write!(out, "<div class=\"note\">{}</div>", escape(&p.note));
    }
    let _ = writeln!(out, "</td></tr>");
}

fn pieces(pieces: &Pieces) -> String {
    let mut s = String::new();
    for (text, ink) in pieces {
        let diff = match ink.tone {
            Tone::Removed | Tone::Added => Some("only"),
            Tone::Shared => Some("shared"),
            Tone::Heading => Some("heading"),
            _ => None,
        };
        // A fact is a second class on the same span: it never hides the word differences.
        let fact = (!ink.facts.is_empty()).then_some("fact");
        let class: Vec<&str> = diff.into_iter().chain(fact).collect();
        if class.is_empty() {
            s.push_str(&escape(text));
        } else {
            let _ = write!(
                s,
                "<span class=\"{}\">{}</span>",
                class.join(" "),
                escape(text)
            );
        }
    }
    s
}

/// Text safe as HTML content or attribute value; newlines kept (notes are `pre-wrap`).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' => out.push('\n'),
            c if is_unsafe(c) => out.push_str(&placeholder(c)),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_controls_are_escaped() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"q\" \u{1b}]52;c;x\u{7}\u{202e}"),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot; ␛]52;c;x␇⟨U+202E⟩"
        );
    }
}
