//! Library mode on the command line: a folder (or three or more files) loaded into a
//! [`Library`], printed by `rank`, or opened in the picker.
//!
//! In a folder, a file that cannot be loaded is skipped with a one-line note naming it (one bad
//! download should not stop the rest), and files left out for their extension are summed up in
//! one note. A file named on the command line must load, as in the two-file mode.

use std::io::IsTerminal;
use std::path::Path;

use anyhow::{Result, bail};

use crate::cli::{Cli, RankFormat};
use crate::sources::Sources;
use diptych::align::align;
use diptych::export;
use diptych::library::{Library, RankOptions, folder};
use diptych::review::open::OnUnreadable;
use diptych::review::session::Session;
use diptych::ui;
use diptych::ui::config::Config;
use diptych::visible::visible;

/// Whether the command line asks for library mode: one folder, or three or more articles.
pub fn wanted(cli: &Cli) -> bool {
    !cli.more.is_empty()
        || (cli.right.is_none() && cli.left.as_deref().is_some_and(|p| Path::new(p).is_dir()))
}

/// `diptych rank PATHS… --format json|text`.
pub fn rank(paths: &[String], format: RankFormat, sources: &Sources) -> Result<()> {
    let library = load(paths, sources)?;
    let out = match format {
        RankFormat::Json => export::rank::to_json(&library),
        RankFormat::Text => export::rank::to_text(&library),
    };
    super::write_stdout(&out)
}

/// `diptych DIR` or `diptych A B C…`: the picker (the ranking as text when standard output is
/// not a terminal).
pub fn pick(cli: &Cli, sources: &Sources) -> Result<()> {
    let interactive = std::io::stdout().is_terminal();
    // The config first: a bad one is reported before any work is done.
    let config = if interactive {
        super::load_config(cli.config.as_deref())?
    } else {
        Config::default()
    };
    if cli.review.review.is_some() {
        bail!("--review names one pair's store; library mode keeps one per pair (leave it out)");
    }
    let paths: Vec<String> = cli
        .left
        .iter()
        .chain(&cli.right)
        .chain(&cli.more)
        .cloned()
        .collect();
    let library = load(&paths, sources)?;
    if library.articles.len() < 2 {
        bail!("{}: fewer than two articles to compare", paths.join(" "));
    }
    if !interactive {
        return super::write_stdout(&export::rank::to_text(&library));
    }
    let read_only = cli.review.read_only;
    let on_unreadable = if cli.review.fresh_review {
        OnUnreadable::Fresh
    } else if read_only {
        OnUnreadable::ReadOnly
    } else {
        OnUnreadable::Stop
    };
    // The pair opened in the reader is aligned on meaning too (ranking used words alone).
    let align_options = diptych::align::AlignOptions::default();
    let mut open = |l: &diptych::load::Document, r: &diptych::load::Document| {
        let engine = align(l, r, &align_options);
        let opened = super::open_review(l, r, None, read_only, on_unreadable)?;
        Ok(Session::new(opened, engine, l, r))
    };
    // Where the reader keeps each pair's review, read for the picker's progress (none without
    // a data directory: the reviews are then in a temporary folder made when one is opened).
    let stores = super::reviews_dir();
    let recorded = |l: &diptych::load::Document, r: &diptych::load::Document| {
        stores
            .as_deref()
            .and_then(|dir| diptych::review::open::recorded(l, r, dir))
    };
    let color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let reviews = ui::browse::Reviews {
        open: &mut open,
        recorded: &recorded,
    };
    ui::browse_library(&library, config, color, reviews)
}

/// Loads the articles of `paths` (folders and files) and ranks them.
fn load(paths: &[String], sources: &Sources) -> Result<Library> {
    let mut docs = Vec::new();
    for path in paths {
        if Path::new(path).is_dir() {
            let loaded = folder::load_dir(Path::new(path), &sources.options, 0)?;
            for e in &loaded.skipped {
                eprintln!("diptych: note: skipped {}", visible(&e.to_string()));
            }
            if !loaded.ignored.is_empty() {
                let shown: Vec<&str> = loaded.ignored.iter().take(3).map(String::as_str).collect();
                let more = loaded.ignored.len().saturating_sub(shown.len());
                eprintln!(
                    "diptych: note: {}: {} not taken for articles by extension ({}{})",
                    visible(path),
                    plural(loaded.ignored.len(), "file"),
                    visible(&shown.join(", ")),
                    if more > 0 {
                        format!(", {more} more")
                    } else {
                        String::new()
                    }
                );
            }
            for doc in &loaded.docs {
                super::report_notices(doc);
            }
            docs.extend(loaded.docs);
        } else {
            docs.push(super::load_one(path, sources)?);
        }
    }
    if docs.is_empty() {
        bail!("{}: no articles found", paths.join(" "));
    }
    Ok(Library::new(docs, &RankOptions::default()))
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
