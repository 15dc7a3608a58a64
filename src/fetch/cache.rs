//! The cache of fetched pages: every fetch of a URL, with its time, in the user's cache
//! directory (`~/.cache/diptych/pages/` on Linux; `DIPTYCH_CACHE_DIR` names another).
//!
//! Each URL has a folder named by a hash of it; each fetch is one file in it,
//! `MILLISECONDS.page`: a line of JSON (the URL asked for, the URL after redirects, the
//! `Content-Type`, the time, the body's length), then the body exactly as fetched. Files are
//! written whole or not at all ([`crate::atomic::create_new`]), never over anything already
//! there and never through a symbolic link; reading skips links and any file that is not one
//! of ours for this URL (another URL with the same hash, a file cut short).

use std::fs;
use std::io;
use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::Page;

/// The environment variable that names the cache folder instead of the user's cache directory.
pub const CACHE_DIR_VAR: &str = "DIPTYCH_CACHE_DIR";

/// A cache folder.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
}

/// The first line of a cached fetch.
#[derive(Debug, Serialize, Deserialize)]
struct Header {
    url: String,
    final_url: String,
    content_type: Option<String>,
    fetched_ms: u64,
    len: u64,
}

impl Cache {
    /// The cache in `dir` (created when the first page is saved).
    pub fn at(dir: impl Into<PathBuf>) -> Cache {
        Cache { dir: dir.into() }
    }

    /// The folder named by `DIPTYCH_CACHE_DIR`, else `pages` in the user's cache directory;
    /// `None` without either (no home directory).
    pub fn from_env() -> Option<Cache> {
        if let Some(dir) = std::env::var_os(CACHE_DIR_VAR).filter(|d| !d.is_empty()) {
            return Some(Cache::at(dir));
        }
        directories::ProjectDirs::from("", "", "diptych")
            .map(|d| Cache::at(d.cache_dir().join("pages")))
    }

    /// The cache's folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The folder of `url`'s fetches.
    fn folder(&self, url: &str) -> PathBuf {
        self.dir.join(key(url))
    }

    /// Adds a fetch; returns the file it went to.
    ///
    /// # Errors
    /// When the folder cannot be made (or is a symbolic link, which is never followed), or the
    /// file cannot be written.
    pub fn save(&self, page: &Page) -> io::Result<PathBuf> {
        fs::create_dir_all(&self.dir)?;
        let folder = self.folder(&page.url);
        match fs::DirBuilder::new().mode(0o700).create(&folder) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
        if !fs::symlink_metadata(&folder)?.is_dir() {
            return Err(io::Error::other(format!(
                "{} is not a folder diptych made",
                folder.display()
            )));
        }
        let header = Header {
            url: page.url.clone(),
            final_url: page.final_url.clone(),
            content_type: page.content_type.clone(),
            fetched_ms: page.fetched_ms,
            len: page.bytes.len() as u64,
        };
        let mut bytes = serde_json::to_vec(&header).map_err(io::Error::other)?;
        bytes.push(b'\n');
        bytes.extend_from_slice(&page.bytes);
        // Two fetches in one millisecond, or a name already taken: the next free name.
        for n in 0..100 {
            let path = folder.join(format!("{}.page", page.fetched_ms + n));
            match crate::atomic::create_new(&path, &bytes) {
                Ok(()) => return Ok(path),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(e),
            }
        }
        Err(io::Error::other("no free name for the fetch"))
    }

    /// Every fetch of `url` in the cache, oldest first.
    ///
    /// # Errors
    /// When the URL's folder exists but cannot be listed (a word for the user).
    pub fn history(&self, url: &str) -> Result<Vec<Page>, String> {
        let folder = self.folder(url);
        match fs::symlink_metadata(&folder) {
            Ok(m) if m.is_dir() => {}
            Ok(_) => return Err(format!("{} is not a folder diptych made", folder.display())),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(format!("{}: {e}", folder.display())),
        }
        let listing = fs::read_dir(&folder).map_err(|e| format!("{}: {e}", folder.display()))?;
        let mut pages: Vec<Page> = listing
            .filter_map(Result::ok)
            .filter(|e| {
                let name = e.file_name();
                let name = name.to_string_lossy();
                name.strip_suffix(".page")
                    .is_some_and(|ms| !ms.is_empty() && ms.bytes().all(|b| b.is_ascii_digit()))
                    && e.file_type().is_ok_and(|t| t.is_file())
            })
            .filter_map(|e| read(&e.path(), url))
            .collect();
        pages.sort_by_key(|p| p.fetched_ms);
        Ok(pages)
    }

    /// The newest fetch of `url`, when there is one.
    ///
    /// # Errors
    /// As [`Cache::history`].
    pub fn latest(&self, url: &str) -> Result<Option<Page>, String> {
        Ok(self.history(url)?.pop())
    }
}

/// A cached fetch of `url` at `path`, or `None` when it is not one (or not whole).
fn read(path: &Path, url: &str) -> Option<Page> {
    if !fs::symlink_metadata(path).ok()?.is_file() {
        return None;
    }
    let bytes = fs::read(path).ok()?;
    let end = bytes.iter().position(|&b| b == b'\n')?;
    let header: Header = serde_json::from_slice(bytes.get(..end)?).ok()?;
    let body = bytes.get(end + 1..)?;
    (header.url == url && body.len() as u64 == header.len).then(|| Page {
        url: header.url,
        final_url: header.final_url,
        content_type: header.content_type,
        fetched_ms: header.fetched_ms,
        bytes: body.to_vec(),
    })
}

/// The folder name of a URL: 64-bit FNV-1a of it, in hex (a name, not a security measure; a
/// collision is harmless, as each file names its URL).
fn key(url: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in url.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::symlink;

    use super::*;

    fn page(url: &str, ms: u64, body: &[u8]) -> Page {
        Page {
            url: url.into(),
            final_url: format!("{url}/final"),
            content_type: Some("text/html; charset=windows-1252".into()),
            fetched_ms: ms,
            bytes: body.to_vec(),
        }
    }

    #[test]
    fn fetches_come_back_as_saved_oldest_first() {
        let dir = tempfile::tempdir().expect("dir");
        let cache = Cache::at(dir.path().join("pages"));
        let url = "http://news.example/a";
        assert_eq!(cache.latest(url).expect("reads"), None);
        let first = page(url, 1_000, b"<p>one\n\xe9</p>");
        let second = page(url, 2_000, b"<p>two</p>");
        cache.save(&second).expect("saved");
        cache.save(&first).expect("saved");
        // The same millisecond twice is kept twice.
        cache.save(&first).expect("saved");
        let history = cache.history(url).expect("reads");
        assert_eq!(history, vec![first.clone(), first, second.clone()]);
        assert_eq!(cache.latest(url).expect("reads"), Some(second));
        assert_eq!(cache.latest("http://news.example/b").expect("reads"), None);
    }

    #[test]
    fn links_and_strangers_are_never_followed_or_taken() {
        let dir = tempfile::tempdir().expect("dir");
        let cache = Cache::at(dir.path());
        let url = "http://news.example/a";
        let folder = dir.path().join(key(url));
        fs::create_dir(&folder).expect("folder");
        let victim = dir.path().join("victim");
        fs::write(&victim, b"precious").expect("victim");
        symlink(&victim, folder.join("5.page")).expect("link");
        fs::write(folder.join("6.page"), b"not ours").expect("stranger");
        assert_eq!(cache.history(url).expect("reads"), Vec::new());
        let path = cache.save(&page(url, 5, b"fetched")).expect("saved");
        assert_eq!(
            path,
            folder.join("7.page"),
            "neither the link nor the stranger replaced"
        );
        assert_eq!(fs::read(&victim).expect("victim"), b"precious");
        assert_eq!(
            fs::read(folder.join("6.page")).expect("stranger"),
            b"not ours"
        );
        // A link planted as the URL's folder is refused.
        let other = "http://news.example/b";
        let elsewhere = tempfile::tempdir().expect("elsewhere");
        symlink(elsewhere.path(), dir.path().join(key(other))).expect("link");
        assert!(cache.save(&page(other, 1, b"x")).is_err());
        assert!(cache.history(other).is_err());
        assert_eq!(fs::read_dir(elsewhere.path()).expect("dir").count(), 0);
    }
}
