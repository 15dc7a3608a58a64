//! What the command line names as articles: files, standard input, or URLs. URLs are fetched
//! (or taken from the cache) once, before any other work, with a progress bar on standard
//! error; each is then loaded from exactly the bytes the cache keeps.

use std::collections::HashMap;

use anyhow::{Result, anyhow, bail};
use diptych::fetch::history::{self, Since};
use diptych::fetch::{self, Cache, CacheMode, FetchOptions, Page};
use diptych::load::{self, Document, LoadError, LoadOptions};
use diptych::progress::Progress;
use diptych::visible::visible;

/// The settings for loading and the pages fetched for the URLs on the command line.
#[derive(Debug)]
pub struct Sources {
    /// How to load every article.
    pub options: LoadOptions,
    /// The pages fetched, by the URL as given.
    pages: HashMap<String, Page>,
    /// With `--since`, what the reader's title row adds to each side's headline.
    labels: HashMap<String, String>,
}

impl Sources {
    /// Sources with no URL fetched (files only).
    pub fn files(options: LoadOptions) -> Sources {
        Sources {
            options,
            pages: HashMap::new(),
            labels: HashMap::new(),
        }
    }

    /// Fetches every URL among `args` (each once), by the rules of `fetch_options`, from
    /// the user's cache or the network.
    ///
    /// # Errors
    /// The first page that cannot be had, as one line naming its URL.
    pub fn fetch<'a>(
        options: LoadOptions,
        fetch_options: &FetchOptions,
        args: impl IntoIterator<Item = &'a str>,
    ) -> Result<Sources> {
        let mut sources = Sources::files(options);
        let cache = Cache::from_env();
        for url in args.into_iter().filter(|a| fetch::is_url(a)) {
            if sources.pages.contains_key(url) {
                continue;
            }
            let (page, note) = crate::work::fetching(&visible(url), |progress| {
                fetch::get(url, fetch_options, cache.as_ref(), progress)
            })?;
            if let Some(note) = note {
                diptych::visible::tell(&format!("note: {note}"));
            }
            sources.pages.insert(url.to_owned(), page);
        }
        Ok(sources)
    }

    /// The page at `url` now (fetched again, or the newest in the cache with `--offline`) and
    /// the earlier fetch `since` names, from the cache; returns the sources holding both and
    /// the name the earlier one goes by (`URL (fetched TIME)`).
    ///
    /// # Errors
    /// When either cannot be had, as one line naming the URL.
    pub fn since(
        options: LoadOptions,
        fetch_options: &FetchOptions,
        url: &str,
        since: Since,
    ) -> Result<(Sources, String)> {
        let Some(cache) = Cache::from_env() else {
            bail!(
                "{url}: no cache directory to keep earlier fetches in (set {})",
                fetch::cache::CACHE_DIR_VAR
            );
        };
        let now_options = FetchOptions {
            mode: match fetch_options.mode {
                CacheMode::Offline => CacheMode::Offline,
                _ => CacheMode::Refresh,
            },
            ..fetch_options.clone()
        };
        let (now, note) = crate::work::fetching(&visible(url), |progress| {
            fetch::get(url, &now_options, Some(&cache), progress)
        })?;
        if let Some(note) = note {
            diptych::visible::tell(&format!("note: {note}"));
        }
        let history = cache
            .history(url)
            .map_err(|e| anyhow!("{url}: cannot read the cache: {e}"))?;
        let then = history::earlier(&history, &now, since).map_err(|e| anyhow!("{url}: {e}"))?;
        let when = history::time(then.fetched_ms);
        if then.bytes == now.bytes {
            diptych::visible::tell(&format!("note: {url}: unchanged since {when}"));
        }
        let name = format!("{url} (fetched {when})");
        let mut sources = Sources::files(options);
        sources
            .labels
            .insert(name.clone(), format!("fetched {when}"));
        sources.labels.insert(
            url.to_owned(),
            format!("now, fetched {}", history::time(now.fetched_ms)),
        );
        sources.pages.insert(name.clone(), then.clone());
        sources.pages.insert(url.to_owned(), now);
        Ok((sources, name))
    }

    /// What the reader adds to the headline of `path`, with `--since`: when that side was
    /// fetched.
    pub fn label(&self, path: &str) -> Option<&str> {
        self.labels.get(path).map(String::as_str)
    }

    /// Loads `path`: a fetched page from its bytes (with the charset and format its
    /// `Content-Type` declared, unless `--input-format` says otherwise), else the file;
    /// reporting into `progress` as [`load::load_bytes_declared`] does.
    ///
    /// # Errors
    /// A [`LoadError`] naming the path or URL.
    pub fn load(&self, path: &str, progress: &Progress) -> Result<Document, LoadError> {
        match self.pages.get(path) {
            Some(page) => {
                let options = LoadOptions {
                    format: self.options.format.or_else(|| page.format()),
                    ..self.options.clone()
                };
                load::load_bytes_declared(path, &page.bytes, page.charset(), &options, progress)
            }
            None => load::load_with(path, &self.options, progress),
        }
    }
}
