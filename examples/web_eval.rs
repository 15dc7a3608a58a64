//! Content extraction against a development set of real web pages with expected text
//! (Mozilla Readability's test pages, read from `../shared/benchmarks/web-pages`, or from
//! `$DIPTYCH_BENCHMARKS/web-pages`; never copied into the project).
//!
//! `cargo run --release --example web_eval [-- DIR] [--show PAGE]`
//!
//! For each page: token precision, recall and F1 of the article text diptych loads from
//! `source.html` (its sentences, furniture set aside) against the text of `expected.html`
//! (tags removed, entities decoded, whitespace collapsed). Both sides are tokenised alike:
//! lower-cased runs of letters and digits, compared as bags. Then the means, how many pages
//! come out empty (or nearly: recall under 0.1) although the expected text has a body, whether
//! diptych's article test (`HtmlText::readerable`) agrees with the metadata's `readerable`, what
//! it loads from the pages that are not articles, and whether the title it finds is the
//! expected one.
//! `--show PAGE` prints that page's extracted text and the tokens it misses and adds.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use diptych::load::{Format, LoadOptions, load_bytes};
use html5gum::{Token, Tokenizer};

/// An expected text shorter than this many tokens is not a body (the hand-made rule pages).
const BODY_TOKENS: usize = 20;
/// Below this recall a page counts as lost (a headline or a caption where an article was).
const LOST_RECALL: f64 = 0.1;

fn main() -> anyhow::Result<()> {
    let mut dir: Option<PathBuf> = None;
    let mut show: Option<String> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--show" => show = args.next(),
            _ if a.starts_with("--") => anyhow::bail!("unknown option {a}"),
            _ => dir = Some(PathBuf::from(a)),
        }
    }
    let dir = dir.unwrap_or_else(default_dir);
    let pages_dir = if dir.join("pages").is_dir() {
        dir.join("pages")
    } else {
        dir.clone()
    };
    let mut names: Vec<String> = std::fs::read_dir(&pages_dir)
        .map_err(|e| anyhow::anyhow!("{}: {e}", pages_dir.display()))?
        .filter_map(Result::ok)
        .filter(|e| e.path().join("source.html").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    if let Some(name) = &show {
        return show_page(&pages_dir.join(name));
    }

    println!(
        "{:<44} {:>6} {:>6} {:>6} {:>6} {:>6}  notes",
        "page", "expect", "got", "P", "R", "F1"
    );
    let mut sums = Sums::default();
    let mut articles = Sums::default();
    let mut not_articles: Vec<String> = Vec::new();
    let mut empty: Vec<String> = Vec::new();
    let mut lost: Vec<String> = Vec::new();
    let (mut said_not, mut said_is) = (0, 0);
    let (mut titles, mut title_pages) = (0, 0);
    let mut fields = [
        Field::new("byline", "byline"),
        Field::new("site", "siteName"),
        Field::new("published", "publishedTime"),
    ];
    for name in &names {
        let page = Page::read(&pages_dir.join(name))?;
        let s = score(&page.expected_tokens, &page.got_tokens);
        let mut notes = Vec::new();
        if page.expected_tokens.len() >= BODY_TOKENS {
            if page.got_tokens.is_empty() {
                empty.push(name.clone());
                let why = page.error.as_deref().unwrap_or("no text");
                notes.push(format!("EMPTY ({why})"));
            } else if s.1 < LOST_RECALL {
                lost.push(name.clone());
                notes.push("LOST".into());
            }
        }
        if page.readerable && !page.looks_readerable {
            said_not += 1;
            notes.push("said not an article".into());
        }
        if !page.readerable {
            if page.looks_readerable {
                said_is += 1;
            }
            let did = match &page.error {
                Some(e) => format!("not an article: refused ({e})"),
                None => format!(
                    "not an article: {}, loaded {} tokens",
                    if page.looks_readerable {
                        "taken for one"
                    } else {
                        "recognised"
                    },
                    page.got_tokens.len()
                ),
            };
            notes.push(did.clone());
            not_articles.push(format!("{name}: {did}"));
        }
        if let Some(expected) = &page.expected_title {
            title_pages += 1;
            if page.title.as_deref().map(fold) == Some(fold(expected)) {
                titles += 1;
            } else {
                notes.push(format!(
                    "title {:?} (expected {expected:?})",
                    page.title.as_deref().unwrap_or("")
                ));
            }
        }
        for f in &mut fields {
            if let Some(note) = f.count(&page) {
                notes.push(note);
            }
        }
        println!(
            "{:<44} {:>6} {:>6} {:>6.3} {:>6.3} {:>6.3}  {}",
            name,
            page.expected_tokens.len(),
            page.got_tokens.len(),
            s.0,
            s.1,
            s.2,
            notes.join("; ")
        );
        sums.add(s);
        if page.readerable {
            articles.add(s);
        }
    }
    println!();
    println!("all {} pages:        {}", sums.n, sums.means());
    println!("{} article pages:    {}", articles.n, articles.means());
    println!(
        "empty where the expected text has a body (>= {BODY_TOKENS} tokens): {} {}",
        empty.len(),
        if empty.is_empty() {
            String::new()
        } else {
            format!("({})", empty.join(", "))
        }
    );
    println!(
        "nearly empty (recall < {LOST_RECALL}): {} {}",
        lost.len(),
        if lost.is_empty() {
            String::new()
        } else {
            format!("({})", lost.join(", "))
        }
    );
    println!(
        "pages that are not articles (readerable: false): {}, of which taken for articles: {said_is}; \
         articles taken for non-articles: {said_not}",
        not_articles.len()
    );
    for n in &not_articles {
        println!("  {n}");
    }
    println!("titles as expected: {titles} of {title_pages}");
    for f in &fields {
        println!(
            "{:<10} expected on {:>3} pages: as expected {:>3}, differs {:>3}, missed {:>3}; found where none expected {:>3}",
            f.name, f.expected, f.same, f.differs, f.missed, f.extra
        );
    }
    Ok(())
}

/// How often one metadata field was found as the expected metadata has it.
struct Field {
    name: &'static str,
    key: &'static str,
    expected: usize,
    same: usize,
    differs: usize,
    missed: usize,
    extra: usize,
}

impl Field {
    fn new(name: &'static str, key: &'static str) -> Field {
        Field {
            name,
            key,
            expected: 0,
            same: 0,
            differs: 0,
            missed: 0,
            extra: 0,
        }
    }

    /// Counts one page; a note when it is not as expected.
    fn count(&mut self, page: &Page) -> Option<String> {
        let got = match self.name {
            "byline" => page.meta.byline.as_deref(),
            "site" => page.meta.site.as_deref(),
            _ => page.meta.published.as_deref(),
        };
        let expected = page.expected_meta[self.key]
            .as_str()
            .filter(|e| !e.trim().is_empty());
        // Dates are compared by their day: pages give the same time in several zones.
        let norm = |v: &str| {
            if self.name == "published" {
                v.chars().take(10).collect()
            } else {
                fold(v)
            }
        };
        match (expected, got) {
            (Some(e), Some(g)) => {
                self.expected += 1;
                if norm(e) == norm(g) {
                    self.same += 1;
                    None
                } else {
                    self.differs += 1;
                    Some(format!("{} {g:?} (expected {e:?})", self.name))
                }
            }
            (Some(e), None) => {
                self.expected += 1;
                self.missed += 1;
                Some(format!("{} missed (expected {e:?})", self.name))
            }
            (None, Some(g)) => {
                self.extra += 1;
                Some(format!("{} {g:?} (none expected)", self.name))
            }
            (None, None) => None,
        }
    }
}

fn default_dir() -> PathBuf {
    std::env::var_os("DIPTYCH_BENCHMARKS").map_or_else(
        || PathBuf::from("../shared/benchmarks/web-pages"),
        |b| PathBuf::from(b).join("web-pages"),
    )
}

/// One page: the expected tokens and what diptych loaded.
struct Page {
    expected_tokens: Vec<String>,
    got_tokens: Vec<String>,
    got_text: String,
    error: Option<String>,
    readerable: bool,
    /// What diptych says (`HtmlText::readerable`).
    looks_readerable: bool,
    title: Option<String>,
    expected_title: Option<String>,
    meta: diptych::load::Metadata,
    expected_meta: serde_json::Value,
}

impl Page {
    fn read(dir: &Path) -> anyhow::Result<Page> {
        let source = std::fs::read(dir.join("source.html"))?;
        let expected = std::fs::read(dir.join("expected.html")).unwrap_or_default();
        let meta: serde_json::Value = std::fs::read(dir.join("expected-metadata.json"))
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default();
        let options = LoadOptions {
            format: Some(Format::Html),
            ..LoadOptions::default()
        };
        let (got_text, error, title, got_meta) = match load_bytes("source.html", &source, &options)
        {
            Ok(doc) => {
                let text: Vec<&str> = doc.sentences.iter().map(|s| s.text).collect();
                (
                    text.join(" "),
                    None,
                    doc.title.clone(),
                    doc.metadata.clone(),
                )
            }
            Err(e) => (
                String::new(),
                Some(e.reason.to_string()),
                None,
                Default::default(),
            ),
        };
        let looks_readerable =
            diptych::load::html::read(&String::from_utf8_lossy(&source)).readerable;
        Ok(Page {
            looks_readerable,
            expected_tokens: tokens(&html_text(&String::from_utf8_lossy(&expected))),
            got_tokens: tokens(&got_text),
            got_text,
            error,
            readerable: meta["readerable"].as_bool().unwrap_or(true),
            title,
            expected_title: meta["title"].as_str().map(str::to_owned),
            meta: got_meta,
            expected_meta: meta,
        })
    }
}

/// The text of an HTML fragment: tags removed, entities decoded (by the tokenizer), scripts and
/// styles left out, whitespace collapsed.
fn html_text(html: &str) -> String {
    let mut out = String::new();
    let mut skip: Option<Vec<u8>> = None;
    for token in Tokenizer::new(html).flatten() {
        match token {
            Token::StartTag(t) if skip.is_none() && matches!(&t.name[..], b"script" | b"style") => {
                skip = Some(t.name.to_vec());
            }
            Token::EndTag(t) if skip.as_deref() == Some(&t.name[..]) => skip = None,
            // Tags separate words as a browser's block layout mostly does.
            Token::StartTag(_) | Token::EndTag(_) => out.push(' '),
            Token::String(s) if skip.is_none() => out.push_str(&String::from_utf8_lossy(&s)),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Lower-cased runs of letters and digits.
fn tokens(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn fold(t: &str) -> String {
    tokens(t).join(" ")
}

fn bag(tokens: &[String]) -> HashMap<&str, usize> {
    let mut m = HashMap::new();
    for t in tokens {
        *m.entry(t.as_str()).or_insert(0) += 1;
    }
    m
}

/// (precision, recall, F1) of `got` against `expected`, as bags of tokens.
fn score(expected: &[String], got: &[String]) -> (f64, f64, f64) {
    if expected.is_empty() && got.is_empty() {
        return (1.0, 1.0, 1.0);
    }
    let e = bag(expected);
    let overlap: usize = bag(got)
        .iter()
        .map(|(t, n)| (*n).min(e.get(t).copied().unwrap_or(0)))
        .sum();
    let p = if got.is_empty() {
        0.0
    } else {
        overlap as f64 / got.len() as f64
    };
    let r = if expected.is_empty() {
        0.0
    } else {
        overlap as f64 / expected.len() as f64
    };
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f)
}

#[derive(Default)]
struct Sums {
    n: usize,
    p: f64,
    r: f64,
    f: f64,
}

impl Sums {
    fn add(&mut self, (p, r, f): (f64, f64, f64)) {
        self.n += 1;
        self.p += p;
        self.r += r;
        self.f += f;
    }

    fn means(&self) -> String {
        let n = self.n.max(1) as f64;
        format!(
            "mean P {:.3}  R {:.3}  F1 {:.3}",
            self.p / n,
            self.r / n,
            self.f / n
        )
    }
}

/// Prints one page's extracted text and the tokens it misses and adds (most frequent first).
fn show_page(dir: &Path) -> anyhow::Result<()> {
    let page = Page::read(dir)?;
    println!(
        "== extracted ({} tokens)\n{}\n",
        page.got_tokens.len(),
        page.got_text
    );
    if let Some(e) = &page.error {
        println!("error: {e}");
    }
    let e = bag(&page.expected_tokens);
    let g = bag(&page.got_tokens);
    let diff = |a: &HashMap<&str, usize>, b: &HashMap<&str, usize>| {
        let mut d: Vec<(String, usize)> = a
            .iter()
            .filter_map(|(t, n)| {
                let m = b.get(t).copied().unwrap_or(0);
                (*n > m).then(|| ((*t).to_owned(), n - m))
            })
            .collect();
        d.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
        d.truncate(40);
        d.iter()
            .map(|(t, n)| format!("{t}×{n}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    println!("== missing: {}", diff(&e, &g));
    println!("== extra:   {}", diff(&g, &e));
    let s = score(&page.expected_tokens, &page.got_tokens);
    println!("P {:.3} R {:.3} F1 {:.3}", s.0, s.1, s.2);
    Ok(())
}
