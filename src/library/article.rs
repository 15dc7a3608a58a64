//! [`Article`]: one loaded document with what the picker lists about it.

use crate::load::Document;

/// Furniture reasons that say who published or supplied an article.
const SOURCE_REASONS: &[&str] = &["publisher line", "source credit", "agency tag"];

/// One article of a library: the document and its summary.
#[derive(Debug, Clone)]
pub struct Article {
    /// The loaded document (opened in the reader as is).
    pub doc: Document,
    /// The headline, or the file name when none was found.
    pub headline: String,
    /// Who published or supplied it, from the page furniture ("dpa · Source: Stern"), if any.
    pub source: Option<String>,
    /// Words of article text (furniture not counted).
    pub words: usize,
}

impl Article {
    /// Summarises a loaded document.
    pub fn new(doc: Document) -> Article {
        let headline = doc.display_title().to_owned();
        // What the page declares (site, byline, date) first, then the credits its furniture
        // holds, in the order the file has them ("dpa · Source: Stern").
        let mut parts: Vec<String> = doc.metadata.credit().into_iter().collect();
        for f in doc
            .furniture
            .iter()
            .filter(|f| SOURCE_REASONS.contains(&f.reason))
        {
            let text = f.text.trim();
            if !text.is_empty() && !parts.iter().any(|p| p == text) {
                parts.push(text.to_owned());
            }
        }
        let source = (!parts.is_empty()).then(|| parts.join(" · "));
        let words = doc
            .sentences
            .iter()
            .map(|s| crate::words::count(s.text))
            .sum();
        Article {
            doc,
            headline,
            source,
            words,
        }
    }

    /// The file name without its directory (what the picker shows beside the headline).
    pub fn file_name(&self) -> &str {
        self.doc
            .path
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or(&self.doc.path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{LoadOptions, load_bytes};

    #[test]
    fn headline_source_and_length_come_from_the_document() {
        let text = "# Ministers meet in Wonsan\n\nThe ministers met on Saturday. They talked for hours.\n\ndpa\n\nSource: Stern\n";
        let doc = load_bytes("dir/a.md", text.as_bytes(), &LoadOptions::default()).expect("doc");
        let a = Article::new(doc);
        assert_eq!(a.headline, "Ministers meet in Wonsan");
        assert_eq!(a.source.as_deref(), Some("dpa · Source: Stern"));
        assert_eq!(a.words, 4 + 5 + 4);
        assert_eq!(a.file_name(), "a.md");
    }

    #[test]
    fn without_headline_or_source_the_file_name_stands_in() {
        let doc = load_bytes(
            "x/plain.txt",
            b"Just one sentence of text here.",
            &LoadOptions::default(),
        )
        .expect("doc");
        let a = Article::new(doc);
        assert_eq!(a.headline, "plain.txt");
        assert_eq!(a.source, None);
        assert_eq!(a.words, 6);
    }

    #[test]
    fn a_page_s_declared_site_byline_and_date_lead_its_source() {
        let html = "<html><head><meta property=\"og:title\" content=\"Ministers meet\">\
            <meta property=\"og:site_name\" content=\"City Post\">\
            <meta name=\"author\" content=\"Jo Doe\">\
            <meta property=\"article:published_time\" content=\"2024-03-01T10:00Z\"></head>\
            <body><p>The ministers met on Saturday and talked for hours about the harbour.</p>\
            <p>dpa</p></body></html>";
        let doc = load_bytes("a.html", html.as_bytes(), &LoadOptions::default()).expect("doc");
        let a = Article::new(doc);
        assert_eq!(a.headline, "Ministers meet");
        assert_eq!(
            a.source.as_deref(),
            Some("City Post · Jo Doe · 2024-03-01 · dpa")
        );
    }
}
