//! The review report as Markdown: one table, as code-hosting sites render it.
//!
//! Article text and notes are escaped so that nothing in them is read as Markdown or HTML
//! (`|`, `*`, `_`, backticks, brackets, `<`, `&`…), control characters become visible
//! placeholders, and line breaks inside a cell become `<br>`.

use std::fmt::Write;

use super::report::{MARKDOWN_MARK, Report, ReportPassage, WRITTEN_AT};
use crate::layout::{Pieces, Tone};
use crate::review::Status;
use crate::visible::{is_unsafe, placeholder};

/// The report as GitHub-flavoured Markdown.
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
    let _ = writeln!(out, "{MARKDOWN_MARK}\n# Comparison: {lt} ↔ {rt}\n");
    let _ = writeln!(out, "| | Left | Right |\n|---|---|---|");
    let _ = writeln!(out, "| Title | {lt} | {rt} |");
    let _ = writeln!(
        out,
        "| File | {} | {} |\n",
        escape(&report.left_file),
        escape(&report.right_file)
    );
    let _ = writeln!(out, "**Passages:** {}  ", report.counts);
    let _ = writeln!(out, "**Review:** {}", report.progress);
    if let Some(store) = &report.store {
        let _ = writeln!(out, "(kept in `{}`)", store.replace('`', "'"));
    }
    let _ = writeln!(
        out,
        "\nIn changed passages, **bold** words are those only that side has; in reworded \
         passages, *italic* words are the key terms both sides share; <ins>underlined</ins> \
         words are facts the two articles give differently. ↔ marks a link made by hand.\n"
    );
    let _ = writeln!(out, "| # | Kind | Left | Right | Review |");
    let _ = writeln!(out, "|---:|---|---|---|---|");
    for p in report.passages() {
        if out.len() >= WRITTEN_AT {
            sink.write_all(out.as_bytes())?;
            out.clear();
        }
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            p.number,
            escape(&format!("{} {}", p.label, p.kind_name)),
            cell(&p.left),
            cell(&p.right),
            review_cell(&p)
        );
    }
    if !report.facts.is_empty() {
        let _ = writeln!(
            out,
            "\n## Facts\n\nNumbers, quotations and sources the two articles give differently \
             (underlined in the table), what only one gives, and names spelled more than one \
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
            let _ = match (l.is_empty(), r.is_empty()) {
                // One side only: those sentences were taken out of their link.
                (true, _) | (_, true) => writeln!(
                    out,
                    "- taken out of its link: “{}”",
                    escape(if l.is_empty() { r } else { l })
                ),
                _ => writeln!(
                    out,
                    "- {}: “{}” ↔ “{}”",
                    if *linked { "linked" } else { "kept apart" },
                    escape(l),
                    escape(r)
                ),
            };
        }
    }
    sink.write_all(out.as_bytes())
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

/// A side's pieces as one table cell: word differences as bold or italic, facts underlined
/// (`<ins>`) over them, so one never hides the other.
fn cell(pieces: &Pieces) -> String {
    // Runs of one look: pieces cut apart only by a change the cell cannot show are one run.
    let mut runs: Vec<(String, &str, bool)> = Vec::new();
    for (text, ink) in pieces {
        let marker = match ink.tone {
            Tone::Removed | Tone::Added => "**",
            Tone::Shared => "*",
            _ => "",
        };
        let fact = !ink.facts.is_empty();
        match runs.last_mut() {
            Some((t, m, f)) if *m == marker && *f == fact => t.push_str(text),
            _ => runs.push((text.clone(), marker, fact)),
        }
    }
    let mut s = String::new();
    let mut open = false;
    for (k, (text, marker, fact)) in runs.iter().enumerate() {
        let core = text.trim();
        let lead = &text[..text.len() - text.trim_start().len()];
        let trail = &text[text.trim_end().len()..];
        if core.is_empty() {
            s.push_str(&escape(text));
            continue;
        }
        s.push_str(lead);
        if *fact && !open {
            s.push_str("<ins>");
            open = true;
        }
        s.push_str(&emphasis(core, marker));
        if open && !runs.get(k + 1).is_some_and(|r| r.2) {
            s.push_str("</ins>");
            open = false;
        }
        s.push_str(trail);
    }
    if open {
        s.push_str("</ins>");
    }
    s
}

/// `text` (no surrounding whitespace) escaped and emphasised with `marker`: as `**…**` or
/// `*…*` where Markdown reads that as emphasis (letters or digits at both ends), else as the
/// HTML tag, which works next to punctuation too.
fn emphasis(text: &str, marker: &str) -> String {
    let escaped = escape(text);
    if marker.is_empty() {
        return escaped;
    }
    let alnum = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    if alnum(text.chars().next()) && alnum(text.chars().last()) {
        format!("{marker}{escaped}{marker}")
    } else if marker == "**" {
        format!("<strong>{escaped}</strong>")
    } else {
        format!("<em>{escaped}</em>")
    }
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
    use crate::layout::{FactIds, Ink};

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
            ("said ".to_owned(), Tone::Plain.into()),
            (" 14,000 ".to_owned(), Tone::Removed.into()),
            ("soldiers".to_owned(), Tone::Plain.into()),
        ];
        assert_eq!(cell(&pieces), "said  **14,000** soldiers");
    }

    #[test]
    fn facts_are_underlined_over_the_word_differences_in_one_run() {
        let fact = |tone: Tone| Ink {
            tone,
            facts: FactIds::default().with(3),
        };
        // Two pieces of one quote (cut where a second finding starts) and an added word.
        let pieces = vec![
            ("the ".to_owned(), Tone::Plain.into()),
            ("Russian army".to_owned(), fact(Tone::Added)),
            (",”".to_owned(), fact(Tone::Plain)),
            (" said".to_owned(), Tone::Plain.into()),
        ];
        assert_eq!(cell(&pieces), "the <ins>**Russian army**,”</ins> said");
        // Emphasis that Markdown would not read next to punctuation is written as a tag.
        let pieces = vec![
            ("army".to_owned(), Tone::Plain.into()),
            (",”".to_owned(), Tone::Removed.into()),
        ];
        assert_eq!(cell(&pieces), "army<strong>,”</strong>");
    }
}
