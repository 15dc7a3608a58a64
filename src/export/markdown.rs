//! The review report as Markdown: one table, as code-hosting sites render it.
//!
//! Article text and notes are escaped so that nothing in them is read as Markdown or HTML
//! (`|`, `*`, `_`, backticks, brackets, `<`, `&`…), control characters become visible
//! placeholders, and line breaks inside a cell become `<br>`.

use std::fmt::Write;

use super::report::{Report, ReportPassage};
use crate::layout::{Pieces, Tone};
use crate::review::Status;
use crate::visible::{is_unsafe, placeholder};

/// The report as GitHub-flavoured Markdown.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    let lt = escape(report.left.display_title());
    let rt = escape(report.right.display_title());
    let _ = writeln!(out, "# Comparison: {lt} ↔ {rt}\n");
    let _ = writeln!(out, "| | Left | Right |\n|---|---|---|");
    let _ = writeln!(out, "| Title | {lt} | {rt} |");
    let _ = writeln!(
        out,
        "| File | {} | {} |\n",
        escape(&report.left.path),
        escape(&report.right.path)
    );
    let _ = writeln!(out, "**Passages:** {}  ", report.counts);
    let _ = writeln!(out, "**Review:** {}", report.progress);
    if let Some(store) = &report.store {
        let _ = writeln!(out, "(kept in `{}`)", store.replace('`', "'"));
    }
    let _ = writeln!(
        out,
        "\nIn changed passages, **bold** words are those only that side has; in reworded \
         passages, *italic* words are the key terms both sides share. ↔ marks a link made by \
         hand.\n"
    );
    let _ = writeln!(out, "| # | Kind | Left | Right | Review |");
    let _ = writeln!(out, "|---:|---|---|---|---|");
    for p in &report.passages {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            p.number,
            escape(&format!("{} {}", p.label, p.kind_name)),
            cell(&p.left),
            cell(&p.right),
            review_cell(p)
        );
    }
    if !report.facts.is_empty() {
        let _ = writeln!(
            out,
            "\n## Facts\n\nNumbers, quotations and sources the two articles give differently \
             (bold italic in the table), what only one gives, and names spelled more than one \
             way.\n"
        );
        for f in &report.facts {
            let both = !f.left.is_empty() && !f.right.is_empty();
            let sep = if f.what == "same name" {
                " = "
            } else {
                " ≠ "
            };
            let _ = writeln!(
                out,
                "- **{}**: {}{}{}",
                escape(&f.what),
                escape(&f.left),
                if both { sep } else { "" },
                escape(&f.right)
            );
        }
    }
    if !report.orphaned.is_empty() {
        let _ = writeln!(
            out,
            "\n## Orphaned notes\n\nTheir passages are no longer in the articles; kept as written.\n"
        );
        for e in &report.orphaned {
            let _ = writeln!(
                out,
                "- **{}** — left: “{}” — right: “{}”{}",
                e.status.name(),
                escape(&e.left.join(" ")),
                escape(&e.right.join(" ")),
                if e.note.trim().is_empty() {
                    String::new()
                } else {
                    format!("<br>Note: {}", escape(&e.note))
                }
            );
        }
    }
    if !report.corrections.is_empty() {
        let _ = writeln!(out, "\n## Hand corrections of the alignment\n");
        for (linked, l, r) in &report.corrections {
            let _ = writeln!(
                out,
                "- {}: “{}” ↔ “{}”",
                if *linked { "linked" } else { "kept apart" },
                escape(l),
                escape(r)
            );
        }
    }
    out
}

fn review_cell(p: &ReportPassage) -> String {
    let mut s = match p.status {
        Status::Unreviewed => String::new(),
        Status::Reviewed => "✓ reviewed".to_owned(),
        Status::Flagged => "**⚑ flagged**".to_owned(),
    };
    if !p.note.trim().is_empty() {
        if !s.is_empty() {
            s.push_str("<br>");
        }
        s.push_str(&format!("Note: {}", escape(&p.note)));
    }
    s
}

/// A side's pieces as one table cell, marks as bold or italic.
fn cell(pieces: &Pieces) -> String {
    let mut s = String::new();
    for (text, tone) in pieces {
        let marker = match tone {
            Tone::Removed | Tone::Added => "**",
            Tone::Shared => "*",
            Tone::Fact => "***",
            _ => "",
        };
        // Emphasis must hug its words: spaces go outside the markers.
        let trimmed = text.trim();
        if marker.is_empty() || trimmed.is_empty() {
            s.push_str(&escape(text));
            continue;
        }
        let lead = &text[..text.len() - text.trim_start().len()];
        let trail = &text[text.trim_end().len()..];
        s.push_str(lead);
        s.push_str(marker);
        s.push_str(&escape(trimmed));
        s.push_str(marker);
        s.push_str(trail);
    }
    s
}

/// Text safe inside a Markdown table cell.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("<br>"),
            c if is_unsafe(c) => out.push_str(&placeholder(c)),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '|' | '*' | '_' | '`' | '[' | ']' | '~' | '#' | '!' | '$' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_article_text_is_escaped() {
        assert_eq!(
            escape("a|b *c* <script> [x](y) `z` & \u{1b}[31m\nnext"),
            "a\\|b \\*c\\* &lt;script&gt; \\[x\\](y) \\`z\\` &amp; ␛\\[31m<br>next"
        );
    }

    #[test]
    fn emphasis_hugs_the_words() {
        let pieces = vec![
            ("said ".to_owned(), Tone::Plain),
            (" 14,000 ".to_owned(), Tone::Removed),
            ("soldiers".to_owned(), Tone::Plain),
        ];
        assert_eq!(cell(&pieces), "said  **14,000** soldiers");
    }
}
