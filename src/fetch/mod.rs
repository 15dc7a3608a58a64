//! Articles by URL: fetching a web page over HTTP(S), and the cache of every fetch.
//!
//! [`download`] fetches one page with `ureq` (rustls, no system OpenSSL): redirects followed,
//! a connect and a whole-page timeout, at most `max_bytes` read, only HTML and text accepted.
//! [`cache::Cache`] keeps each fetch (bytes, `Content-Type`, time) in the user's cache
//! directory; [`get`] decides between the two by [`CacheMode`]. A page from the cache is the
//! same bytes, with the same declared charset, as when it was fetched, so the document loaded
//! from it (and the review store keyed by its content) is the same.
//!
//! Nothing here knows about the terminal; errors are [`FetchError`]s that name the URL.

pub mod cache;
pub mod history;

use std::io::Read;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use thiserror::Error;

use crate::load::Format;
use crate::progress::{Progress, Stage};

pub use cache::Cache;

/// How long connecting to a server may take.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// How long fetching a whole page may take, redirects included.
pub const PAGE_TIMEOUT: Duration = Duration::from_secs(30);

/// Whether `arg` names a web page rather than a file: it starts with `http://` or `https://`.
pub fn is_url(arg: &str) -> bool {
    let lower = arg.get(..8).unwrap_or(arg).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// Where a page may come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CacheMode {
    /// The newest fetch in the cache when there is one, else the network.
    #[default]
    Prefer,
    /// Always the network (the fetch is added to the cache).
    Refresh,
    /// Only the cache; a page never fetched is an error.
    Offline,
}

/// Settings for fetching.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    /// Refuse pages larger than this many bytes (reading stops just beyond it).
    pub max_bytes: u64,
    /// How long connecting may take.
    pub connect_timeout: Duration,
    /// How long the whole fetch may take.
    pub timeout: Duration,
    /// Cache or network.
    pub mode: CacheMode,
}

impl Default for FetchOptions {
    fn default() -> Self {
        Self {
            max_bytes: crate::load::DEFAULT_MAX_BYTES,
            connect_timeout: CONNECT_TIMEOUT,
            timeout: PAGE_TIMEOUT,
            mode: CacheMode::Prefer,
        }
    }
}

/// One fetch of a page: its bytes exactly as the server sent them (after any
/// `Content-Encoding` is undone) and what the server said about them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// The URL as asked for (the cache's key).
    pub url: String,
    /// The URL the page finally came from, after redirects.
    pub final_url: String,
    /// The `Content-Type` header, when there was one.
    pub content_type: Option<String>,
    /// When it was fetched, in milliseconds since the Unix epoch.
    pub fetched_ms: u64,
    /// The body.
    pub bytes: Vec<u8>,
}

impl Page {
    /// The `charset` parameter of the `Content-Type`, unquoted.
    pub fn charset(&self) -> Option<&str> {
        charset_of(self.content_type.as_deref()?)
    }

    /// The format the `Content-Type` names, when it names one (HTML, Markdown); plain text is
    /// left to detection, as servers send Markdown and HTML fragments as `text/plain` too.
    pub fn format(&self) -> Option<Format> {
        match mime_of(self.content_type.as_deref()?).as_str() {
            "text/html" | "application/xhtml+xml" => Some(Format::Html),
            "text/markdown" | "text/x-markdown" => Some(Format::Markdown),
            _ => None,
        }
    }
}

/// A page that could not be fetched, with the URL as the user gave it.
///
/// Displays as one line, `URL: reason`, fit to show the user as is.
#[derive(Debug, Error)]
#[error("{url}: {reason}")]
pub struct FetchError {
    /// The URL as the user gave it.
    pub url: String,
    /// What went wrong.
    pub reason: FetchErrorKind,
}

/// Why a page could not be had.
#[derive(Debug, Error)]
pub enum FetchErrorKind {
    /// Not a URL `ureq` can fetch.
    #[error("not a valid URL ({0})")]
    BadUrl(String),
    /// The host name did not resolve.
    #[error("cannot find the host {0:?} (DNS lookup failed)")]
    Dns(String),
    /// No connection could be made.
    #[error("cannot connect ({0})")]
    Connect(String),
    /// The TLS handshake or certificate check failed.
    #[error("secure connection failed (TLS: {0})")]
    Tls(String),
    /// The server answered with an error status.
    #[error("the server answered {0}")]
    Status(String),
    /// Too many redirects.
    #[error("too many redirects")]
    Redirects,
    /// The page took too long.
    #[error("timed out after {0} (raise it with --timeout)")]
    Timeout(String),
    /// Neither HTML nor text.
    #[error("is {0}, not a web page or text")]
    NotText(String),
    /// Larger than the configured limit.
    #[error("page is over the limit of {limit} bytes (raise it with --max-size)")]
    TooLarge {
        /// The limit in force.
        limit: u64,
    },
    /// `--offline` and never fetched.
    #[error("not in the cache (fetch it once without --offline)")]
    NotCached,
    /// The cache could not be read.
    #[error("cannot read the cache: {0}")]
    Cache(String),
    /// Any other failure on the way.
    #[error("{0}")]
    Other(String),
}

/// A page by the rules of `options.mode`: from `cache` or the network; a page fetched is added
/// to `cache`. Also returns a note for the user when the fetch could not be cached.
///
/// # Errors
/// A [`FetchError`] naming the URL.
pub fn get(
    url: &str,
    options: &FetchOptions,
    cache: Option<&Cache>,
    progress: &Progress,
) -> Result<(Page, Option<String>), FetchError> {
    let fail = |reason| FetchError {
        url: url.to_owned(),
        reason,
    };
    if options.mode != CacheMode::Refresh
        && let Some(cache) = cache
        && let Some(page) = cache
            .latest(url)
            .map_err(|e| fail(FetchErrorKind::Cache(e)))?
    {
        if page.bytes.len() as u64 > options.max_bytes {
            return Err(fail(FetchErrorKind::TooLarge {
                limit: options.max_bytes,
            }));
        }
        return Ok((page, None));
    }
    if options.mode == CacheMode::Offline {
        return Err(fail(FetchErrorKind::NotCached));
    }
    let page = download(url, options, progress)?;
    let note = match cache {
        Some(cache) => cache
            .save(&page)
            .err()
            .map(|e| format!("{url}: not kept in the cache ({e})")),
        None => Some(format!("{url}: not kept (no cache directory)")),
    };
    Ok((page, note))
}

/// Fetches `url` from the network: redirects followed, within `options`' timeouts and size.
/// Progress is reported as [`Stage::Reading`] in bytes (of the `Content-Length`, when given),
/// and a cancelled `progress` stops the transfer.
///
/// # Errors
/// A [`FetchError`] naming the URL: DNS, connection, TLS, an HTTP error status, a timeout, a
/// body that is neither HTML nor text, or one over `options.max_bytes`.
pub fn download(
    url: &str,
    options: &FetchOptions,
    progress: &Progress,
) -> Result<Page, FetchError> {
    let fail = |reason| FetchError {
        url: url.to_owned(),
        reason,
    };
    let timeout = options.timeout;
    let config = ureq::Agent::config_builder()
        .timeout_connect(Some(options.connect_timeout))
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .max_redirects(10)
        .user_agent(concat!("diptych/", env!("CARGO_PKG_VERSION")))
        .build();
    let agent = ureq::Agent::new_with_config(config);
    let mut response = agent
        .get(url)
        .header(
            "Accept",
            "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1",
        )
        .call()
        .map_err(|e| fail(reason_of(e, url, timeout)))?;
    let status = response.status();
    if !status.is_success() {
        let said = match status.canonical_reason() {
            Some(r) => format!("{} {r}", status.as_u16()),
            None => status.as_u16().to_string(),
        };
        return Err(fail(FetchErrorKind::Status(said)));
    }
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    if let Some(ct) = &content_type
        && !is_text(ct)
    {
        return Err(fail(FetchErrorKind::NotText(mime_of(ct))));
    }
    let final_url = ureq::ResponseExt::get_uri(&response).to_string();
    let length = response.body().content_length();
    if length.is_some_and(|n| n > options.max_bytes) {
        return Err(fail(FetchErrorKind::TooLarge {
            limit: options.max_bytes,
        }));
    }
    progress.begin(Stage::Reading, length.unwrap_or(0));
    let mut reader = response.body_mut().as_reader();
    let mut bytes = Vec::new();
    let mut buf = [0u8; 16 * 1024];
    loop {
        if progress.is_cancelled() {
            return Err(fail(FetchErrorKind::Other("cancelled".into())));
        }
        let n = match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(fail(io_reason(&e, timeout))),
        };
        bytes.extend_from_slice(buf.get(..n).unwrap_or_default());
        progress.advance(n as u64);
        if bytes.len() as u64 > options.max_bytes {
            return Err(fail(FetchErrorKind::TooLarge {
                limit: options.max_bytes,
            }));
        }
    }
    Ok(Page {
        url: url.to_owned(),
        final_url,
        content_type,
        fetched_ms: now_ms(),
        bytes,
    })
}

/// Milliseconds since the Unix epoch, now.
pub fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

/// The media type of a `Content-Type`, lower-cased, without parameters.
fn mime_of(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// The `charset` parameter of a `Content-Type`.
fn charset_of(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches('"').trim())
            .filter(|v| !v.is_empty())
    })
}

/// Whether a `Content-Type` names something diptych can read: HTML, XHTML or any text.
fn is_text(content_type: &str) -> bool {
    let mime = mime_of(content_type);
    mime.is_empty()
        || mime.starts_with("text/")
        || mime == "application/xhtml+xml"
        || mime == "application/xml"
}

fn reason_of(e: ureq::Error, url: &str, timeout: Duration) -> FetchErrorKind {
    match e {
        ureq::Error::StatusCode(code) => FetchErrorKind::Status(code.to_string()),
        ureq::Error::BadUri(why) => FetchErrorKind::BadUrl(why),
        ureq::Error::Http(why) => FetchErrorKind::BadUrl(why.to_string()),
        ureq::Error::HostNotFound => FetchErrorKind::Dns(host_of(url)),
        ureq::Error::Timeout(_) => FetchErrorKind::Timeout(seconds(timeout)),
        ureq::Error::TooManyRedirects => FetchErrorKind::Redirects,
        ureq::Error::RedirectFailed => FetchErrorKind::Other("a redirect led nowhere".into()),
        ureq::Error::ConnectionFailed => FetchErrorKind::Connect("connection failed".into()),
        ureq::Error::Tls(why) => FetchErrorKind::Tls(why.to_owned()),
        ureq::Error::Rustls(why) => FetchErrorKind::Tls(why.to_string()),
        ureq::Error::BodyExceedsLimit(limit) => FetchErrorKind::TooLarge { limit },
        ureq::Error::Io(io) => {
            let said = io.to_string();
            if said.contains("lookup") || said.contains("resolve") {
                FetchErrorKind::Dns(host_of(url))
            } else if io.kind() == std::io::ErrorKind::InvalidData
                && url
                    .get(..8)
                    .is_some_and(|s| s.eq_ignore_ascii_case("https://"))
            {
                // rustls reports a failed handshake or certificate as invalid data.
                FetchErrorKind::Tls(said)
            } else {
                io_reason(&io, timeout)
            }
        }
        other => FetchErrorKind::Other(other.to_string()),
    }
}

fn io_reason(e: &std::io::Error, timeout: Duration) -> FetchErrorKind {
    use std::io::ErrorKind;
    // ureq's own errors travel inside I/O errors when the body is read.
    if let Some(inner) = e.get_ref().and_then(|i| i.downcast_ref::<ureq::Error>()) {
        if matches!(inner, ureq::Error::Timeout(_)) {
            return FetchErrorKind::Timeout(seconds(timeout));
        }
        if let ureq::Error::BodyExceedsLimit(limit) = inner {
            return FetchErrorKind::TooLarge { limit: *limit };
        }
    }
    match e.kind() {
        ErrorKind::TimedOut | ErrorKind::WouldBlock => FetchErrorKind::Timeout(seconds(timeout)),
        ErrorKind::ConnectionRefused => FetchErrorKind::Connect("connection refused".into()),
        ErrorKind::ConnectionReset | ErrorKind::ConnectionAborted | ErrorKind::UnexpectedEof => {
            FetchErrorKind::Connect("the server closed the connection".into())
        }
        _ => FetchErrorKind::Other(e.to_string()),
    }
}

fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    match host.rsplit_once(':') {
        Some((h, port)) if port.bytes().all(|b| b.is_ascii_digit()) && !h.ends_with(']') => {
            h.to_owned()
        }
        _ => host.to_owned(),
    }
}

fn seconds(d: Duration) -> String {
    let s = d.as_secs_f64();
    if (s - s.round()).abs() < 1e-9 {
        format!("{} s", s.round())
    } else {
        format!("{s:.1} s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_told_from_paths() {
        assert!(is_url("https://example.org/a"));
        assert!(is_url("HTTP://example.org"));
        assert!(!is_url("articles/a.txt"));
        assert!(!is_url("http:"));
        assert!(!is_url("-"));
        assert!(!is_url("ftp://example.org/"));
    }

    #[test]
    fn content_types_are_read() {
        assert_eq!(
            charset_of("text/html; charset=\"ISO-8859-1\""),
            Some("ISO-8859-1")
        );
        assert_eq!(charset_of("text/html;charset=utf-8"), Some("utf-8"));
        assert_eq!(charset_of("text/html"), None);
        assert!(is_text("Text/HTML; charset=utf-8"));
        assert!(is_text("application/xhtml+xml"));
        assert!(!is_text("image/png"));
        assert!(!is_text("application/pdf"));
        let page = Page {
            url: "u".into(),
            final_url: "u".into(),
            content_type: Some("text/html; charset=windows-1252".into()),
            fetched_ms: 0,
            bytes: Vec::new(),
        };
        assert_eq!(page.charset(), Some("windows-1252"));
        assert_eq!(page.format(), Some(Format::Html));
    }

    #[test]
    fn reasons_read_as_one_line() {
        let t = Duration::from_secs(30);
        let said = |e| {
            FetchError {
                url: "https://news.example/a".into(),
                reason: reason_of(e, "https://user@news.example:8443/a?b", t),
            }
            .to_string()
        };
        assert_eq!(
            said(ureq::Error::HostNotFound),
            "https://news.example/a: cannot find the host \"news.example\" (DNS lookup failed)"
        );
        assert_eq!(
            said(ureq::Error::TooManyRedirects),
            "https://news.example/a: too many redirects"
        );
        assert_eq!(
            said(ureq::Error::Tls("bad certificate")),
            "https://news.example/a: secure connection failed (TLS: bad certificate)"
        );
        assert_eq!(seconds(Duration::from_millis(1500)), "1.5 s");
        assert_eq!(seconds(t), "30 s");
    }
}
