//! Articles by URL, against a small HTTP server each test starts on 127.0.0.1 (hand-written
//! HTTP/1.1 answers): redirects, a charset in `Content-Type`, error statuses, a server that
//! never answers, bodies over `--max-size` or not text, TLS refused, the cache read with
//! `--offline`. No test touches the internet, and none depends on how fast the machine is
//! (the slow server never answers; the timeout is what ends the wait).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use crate::util::{article, root, stderr, stdout};

/// What the server does with a request.
pub enum Answer {
    /// Write these bytes (a whole HTTP response) and close.
    Bytes(Vec<u8>),
    /// Never answer: keep the connection open until the client gives up.
    Hang,
    /// A `200` HTML answer without a length, whose body never ends (until the client closes).
    Endless,
    /// Write the first bytes, wait until the test passes `gate` too, then write the rest.
    Held {
        /// What is sent at once (the header and part of the body).
        first: Vec<u8>,
        /// What is sent once the gate opens.
        rest: Vec<u8>,
        /// Passed by the server and the test.
        gate: Arc<std::sync::Barrier>,
    },
}

/// A response with a status line, a content type and a body (with its length).
pub fn answer(status: &str, content_type: &str, body: &[u8]) -> Answer {
    let mut bytes = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    bytes.extend_from_slice(body);
    Answer::Bytes(bytes)
}

/// A redirect to `location`.
pub fn redirect(location: &str) -> Answer {
    Answer::Bytes(
        format!(
            "HTTP/1.1 301 Moved Permanently\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        )
        .into_bytes(),
    )
}

/// A server on 127.0.0.1 answering each request's path with `route`; counts the requests.
pub struct Server {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    hits: Arc<AtomicUsize>,
}

impl Server {
    /// Starts the server on a free port.
    pub fn start(route: impl Fn(&str) -> Answer + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("binds");
        let base = format!("http://{}", listener.local_addr().expect("address"));
        let hits = Arc::new(AtomicUsize::new(0));
        let counted = Arc::clone(&hits);
        let route = Arc::new(route);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                counted.fetch_add(1, Ordering::SeqCst);
                let route = Arc::clone(&route);
                std::thread::spawn(move || serve(stream, &*route));
            }
        });
        Server { base, hits }
    }

    /// The URL of `path` on this server.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// How many connections were made so far.
    pub fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }
}

fn serve(stream: TcpStream, route: &dyn Fn(&str) -> Answer) {
    let Ok(read_half) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(read_half);
    // A TLS handshake to this plain server: answered in plain HTTP, as a real one would.
    if reader.fill_buf().is_ok_and(|b| b.first() == Some(&0x16)) {
        let mut stream = stream;
        let _ = stream.write_all(b"HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
        return;
    }
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    loop {
        let mut line = String::new();
        match reader.read_line(&mut line) {
            Ok(0) | Err(_) => return,
            Ok(_) if line == "\r\n" || line == "\n" => break,
            Ok(_) => {}
        }
    }
    let path = request_line
        .split_whitespace()
        .nth(1)
        .unwrap_or("/")
        .to_owned();
    let mut stream = stream;
    match route(&path) {
        Answer::Bytes(bytes) => {
            let _ = stream.write_all(&bytes);
        }
        Answer::Hang => {
            // Until the client closes its end.
            let mut sink = Vec::new();
            let _ = reader.read_to_end(&mut sink);
        }
        Answer::Held { first, rest, gate } => {
            let _ = stream.write_all(&first);
            let _ = stream.flush();
            gate.wait();
            let _ = stream.write_all(&rest);
        }
        Answer::Endless => {
            let _ = stream.write_all(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n<p>",
            );
            let chunk = b"All work and no play makes a dull page. ".repeat(100);
            while stream.write_all(&chunk).is_ok() {}
        }
    }
}

/// Runs `diptych` with `args`, its cache in `cache`, no proxy from the environment.
pub fn diptych_cached(cache: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_diptych"))
        .args(args)
        .current_dir(root())
        .env("DIPTYCH_CACHE_DIR", cache)
        .env("COLUMNS", "120")
        .env_remove("NO_COLOR")
        .env_remove("http_proxy")
        .env_remove("HTTP_PROXY")
        .env_remove("https_proxy")
        .env_remove("HTTPS_PROXY")
        .env_remove("ALL_PROXY")
        .env_remove("all_proxy")
        .output()
        .expect("runs diptych")
}

/// Asserts the one-line error contract: exit 1, nothing on standard output, one line naming
/// `url` and saying `reason`.
fn assert_fails(out: &Output, url: &str, reason: &str) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(1), "exit 1 for {url}: {err}");
    assert!(stdout(out).is_empty(), "nothing on stdout for {url}");
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    assert!(err.contains(url), "names the URL: {err}");
    assert!(err.contains(reason), "says why ({reason}): {err}");
    assert!(!err.contains("panicked"), "{err}");
}

fn sample(prefix: &str) -> (String, Vec<u8>) {
    let path = article(prefix);
    let bytes = std::fs::read(root().join(&path)).expect("sample");
    (path, bytes)
}

/// `align URL URL --format json` gives the contract of the same two texts read from files
/// (the same sentences, byte ranges and links); `--offline` then reads both from the cache,
/// with the same result and no request.
#[test]
fn two_urls_align_as_their_files_do_and_offline_reads_the_cache() {
    let (left_path, left) = sample("000");
    let (right_path, right) = sample("002");
    let server = Server::start(move |path| match path {
        "/left" => answer("200 OK", "text/plain; charset=utf-8", &left),
        "/right" => answer("200 OK", "text/plain", &right),
        _ => answer("404 Not Found", "text/plain", b"no"),
    });
    let cache = tempfile::tempdir().expect("cache");
    let (l, r) = (server.url("/left"), server.url("/right"));
    let out = diptych_cached(cache.path(), &["align", &l, &r, "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(server.hits(), 2);
    let from_files = crate::util::diptych(&["align", &left_path, &right_path, "--format", "json"]);
    assert!(from_files.status.success(), "{}", stderr(&from_files));
    let json = |o: &Output| {
        stdout(o)
            .replace(&format!("\"{l}\""), "\"LEFT\"")
            .replace(&format!("\"{r}\""), "\"RIGHT\"")
            .replace(&format!("\"{left_path}\""), "\"LEFT\"")
            .replace(&format!("\"{right_path}\""), "\"RIGHT\"")
    };
    assert_eq!(json(&out), json(&from_files), "the same documents");
    let offline = diptych_cached(
        cache.path(),
        &["align", &l, &r, "--format", "json", "--offline"],
    );
    assert!(offline.status.success(), "{}", stderr(&offline));
    assert_eq!(
        stdout(&offline),
        stdout(&out),
        "the same pair from the cache"
    );
    assert_eq!(server.hits(), 2, "no request offline");
    // Without --offline the cache is used as well; --refresh asks again.
    let again = diptych_cached(cache.path(), &["align", &l, &r, "--format", "summary"]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(server.hits(), 2, "the cache answers");
    let refreshed = diptych_cached(
        cache.path(),
        &["align", &l, &r, "--format", "summary", "--refresh"],
    );
    assert!(refreshed.status.success(), "{}", stderr(&refreshed));
    assert_eq!(server.hits(), 4, "--refresh fetches both again");
    assert_eq!(stdout(&refreshed), stdout(&again));
}

/// A URL beside a file, in the default command (side-by-side text when not a terminal), after
/// a redirect; and three articles, two of them URLs, in library mode.
#[test]
fn a_url_beside_a_file_after_a_redirect_and_in_library_mode() {
    let (_, right) = sample("002");
    let (third_path, _) = sample("001");
    let (left_path, _) = sample("000");
    let server = Server::start(move |path| match path {
        "/old" => redirect("/moved/here"),
        "/moved/here" => answer("200 OK", "text/plain", &right),
        _ => answer("404 Not Found", "text/plain", b"no"),
    });
    let cache = tempfile::tempdir().expect("cache");
    let url = server.url("/old");
    let out = diptych_cached(cache.path(), &[&left_path, &url]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("14,000"), "{}", stdout(&out));
    assert_eq!(server.hits(), 2, "the redirect was followed");
    let out = diptych_cached(cache.path(), &[&left_path, &url, &third_path]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains(&url),
        "the URL is an article: {}",
        stdout(&out)
    );
    assert_eq!(server.hits(), 2, "from the cache");
}

/// A charset in `Content-Type` is how the page is read: no guess, no note.
#[test]
fn the_declared_charset_is_honoured() {
    let body: &[u8] =
        b"<html><body><h1>Caf\xe9 news</h1><p>Zo\xeb said \x93hello\x94 to the na\xefve crowd today, and left.</p></body></html>";
    let server = Server::start(move |_| answer("200 OK", "text/html; charset=ISO-8859-1", body));
    let cache = tempfile::tempdir().expect("cache");
    let url = server.url("/page");
    let out = diptych_cached(cache.path(), &["inspect", &url, "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json["encoding"], "windows-1252");
    assert_eq!(json["format"], "html");
    let text = stdout(&out);
    assert!(
        text.contains("Zoë said “hello” to the naïve crowd"),
        "{text}"
    );
    assert!(!stderr(&out).contains("guessed"), "{}", stderr(&out));
    // From the cache, the same.
    let offline = diptych_cached(
        cache.path(),
        &["inspect", &url, "--format", "json", "--offline"],
    );
    assert_eq!(stdout(&offline), text);
}

#[test]
fn an_error_status_is_one_line() {
    let server = Server::start(|_| answer("404 Not Found", "text/html", b"<p>gone</p>"));
    let cache = tempfile::tempdir().expect("cache");
    let url = server.url("/missing");
    let out = diptych_cached(cache.path(), &["align", &url, &article("000")]);
    assert_fails(&out, &url, "the server answered 404 Not Found");
    let out = diptych_cached(cache.path(), &["inspect", &url, "--offline"]);
    assert_fails(&out, &url, "not in the cache");
}

#[test]
fn a_server_that_never_answers_times_out() {
    let server = Server::start(|_| Answer::Hang);
    let cache = tempfile::tempdir().expect("cache");
    let url = server.url("/slow");
    let out = diptych_cached(cache.path(), &["inspect", &url, "--timeout", "0.5"]);
    assert_fails(&out, &url, "timed out after 0.5 s");
}

#[test]
fn bodies_over_the_size_limit_are_refused() {
    let big = b"<p>Words words words.</p>".repeat(200);
    let server = Server::start(move |path| match path {
        "/endless" => Answer::Endless,
        _ => answer("200 OK", "text/html", &big),
    });
    let cache = tempfile::tempdir().expect("cache");
    for path in ["/declared", "/endless"] {
        let url = server.url(path);
        let out = diptych_cached(cache.path(), &["inspect", &url, "--max-size", "1000"]);
        assert_fails(&out, &url, "over the limit of 1000 bytes");
    }
    // A page in the cache is held to the limit as well.
    let url = server.url("/declared");
    let out = diptych_cached(cache.path(), &["inspect", &url]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = diptych_cached(
        cache.path(),
        &["inspect", &url, "--max-size", "1000", "--offline"],
    );
    assert_fails(&out, &url, "over the limit of 1000 bytes");
}

#[test]
fn a_body_that_is_not_text_is_refused() {
    let server = Server::start(|_| answer("200 OK", "image/png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"));
    let cache = tempfile::tempdir().expect("cache");
    let url = server.url("/picture.png");
    let out = diptych_cached(cache.path(), &["inspect", &url]);
    assert_fails(&out, &url, "is image/png, not a web page or text");
}

/// TLS to a server that speaks plain HTTP, and a port nobody listens on.
#[test]
fn tls_and_connection_failures_are_one_line() {
    let server = Server::start(|_| answer("200 OK", "text/html", b"<p>plain</p>"));
    let cache = tempfile::tempdir().expect("cache");
    let url = server.url("/").replace("http://", "https://");
    let out = diptych_cached(cache.path(), &["inspect", &url]);
    assert_fails(&out, &url, "secure connection failed");
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let url = format!("http://127.0.0.1:{port}/");
    let out = diptych_cached(cache.path(), &["inspect", &url]);
    assert_fails(&out, &url, "cannot connect");
}

/// A news page of a few paragraphs, with `edited` as the second sentence of the second.
fn news_page(edited: &str) -> String {
    format!(
        "<!DOCTYPE html><html><head><title>Harbour plan</title></head><body><article>\
         <h1>City council approves the new harbour plan</h1>\
         <p>The city council voted on the harbour plan late in the evening. Twelve members \
         supported it and five opposed it, after a debate that lasted four hours.</p>\
         <p>Construction is expected to begin next spring. {edited} The first ships could \
         dock there within three years, officials said.</p>\
         <p>Residents near the waterfront have raised concerns about noise and traffic. The \
         council promised a public meeting on those questions in the autumn.</p>\
         <p>Local businesses welcomed the decision, saying it would bring jobs to the area.</p>\
         </article></body></html>"
    )
}

/// `--since PREVIOUS` compares the page now with the fetch before: when the server changed
/// one sentence between two fetches, exactly that sentence is changed and all else equal; the
/// reader's default command and `--offline` give the same pair.
#[test]
fn since_previous_shows_exactly_the_edited_sentence() {
    let old = "The project will cost about 40 million euros over five years.";
    let new = "The project will cost about 55 million euros over six years.";
    let body = Arc::new(Mutex::new(news_page(old)));
    let served = Arc::clone(&body);
    let server = Server::start(move |_| {
        let text = served.lock().map(|b| b.clone()).unwrap_or_default();
        answer("200 OK", "text/html; charset=utf-8", text.as_bytes())
    });
    let cache = tempfile::tempdir().expect("cache");
    let url = server.url("/news/harbour");
    let out = diptych_cached(cache.path(), &["align", &url, "--since", "PREVIOUS"]);
    assert_fails(&out, &url, "no earlier fetch in the cache to compare with");
    *body.lock().expect("body") = news_page(new);
    let out = diptych_cached(
        cache.path(),
        &["align", &url, "--since", "previous", "--format", "json"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(server.hits(), 2);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let left_path = json["left"]["path"].as_str().expect("path");
    assert!(
        left_path.starts_with(&format!("{url} (fetched ")),
        "{left_path}"
    );
    assert_eq!(json["right"]["path"], url.as_str());
    let text = |side: &str, i: &serde_json::Value| {
        let i = usize::try_from(i.as_u64().expect("index")).expect("index");
        json[side]["sentences"][i]["text"]
            .as_str()
            .expect("text")
            .to_owned()
    };
    let links = json["links"].as_array().expect("links");
    let changed: Vec<&serde_json::Value> = links.iter().filter(|l| l["kind"] != "equal").collect();
    assert_eq!(changed.len(), 1, "one link differs: {changed:?}");
    let link = changed[0];
    let lefts: Vec<String> = link["left"]
        .as_array()
        .expect("left")
        .iter()
        .map(|i| text("left", i))
        .collect();
    let rights: Vec<String> = link["right"]
        .as_array()
        .expect("right")
        .iter()
        .map(|i| text("right", i))
        .collect();
    assert_eq!(
        (lefts, rights),
        (vec![old.to_owned()], vec![new.to_owned()])
    );
    assert_eq!(link["kind"], "changed");
    for side in ["left", "right"] {
        let sentences = json[side]["sentences"].as_array().expect("sentences").len();
        let linked: usize = links
            .iter()
            .map(|l| l[side].as_array().map_or(0, Vec::len))
            .sum();
        assert_eq!(linked, sentences, "every {side} sentence is linked");
    }
    // The same pair offline, in the default command (text, as standard output is no terminal).
    let offline = diptych_cached(cache.path(), &[&url, "--since", "PREVIOUS", "--offline"]);
    assert!(offline.status.success(), "{}", stderr(&offline));
    assert!(
        stdout(&offline).contains("[-40-] million") && stdout(&offline).contains("{+55+} million"),
        "{}",
        stdout(&offline)
    );
    assert_eq!(server.hits(), 2, "offline");
    // `export` takes --since too: a report of one changed passage.
    let review = cache.path().join("review.json");
    let review = review.to_string_lossy();
    let out = diptych_cached(
        cache.path(),
        &[
            "export",
            &url,
            "--since",
            "PREVIOUS",
            "--offline",
            "--review",
            &review,
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("**Passages:** 1 changed"),
        "{}",
        stdout(&out)
    );
    // A date before every fetch names the earliest; a file is no URL.
    let out = diptych_cached(
        cache.path(),
        &["align", &url, "--since", "2000-01-01", "--offline"],
    );
    assert_fails(
        &out,
        &url,
        "no fetch at or before 2000-01-01 23:59:59 UTC; the earliest is from",
    );
    let out = diptych_cached(
        cache.path(),
        &["align", &article("000"), "--since", "PREVIOUS"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("--since needs a URL"),
        "{}",
        stderr(&out)
    );
}
