//! Promises the README and the command-line help make that no other test kept (issue 19,
//! item 5): a fixed similarity floor, the input format forced, the same output on one core as
//! on all of them, the JSON `diff`, `export -o`, and no colour in the reader under `NO_COLOR`.

use std::process::Command;

use crate::util::{article, diptych, root, stdout};

fn json(o: &std::process::Output) -> serde_json::Value {
    assert!(o.status.success(), "{}", crate::util::stderr(o));
    serde_json::from_slice(&o.stdout).expect("JSON")
}

#[test]
fn a_threshold_given_is_the_floor_used_instead_of_a_calibrated_one() {
    let (a, b) = (article("000"), article("002"));
    let run = |t: &str| json(&diptych(&["align", &a, &b, "--threshold", t]));
    let (strict, loose) = (run("0.9"), run("0.1"));
    let floor = strict["threshold"].as_f64().expect("threshold");
    assert!((floor - 0.9).abs() < 1e-6, "{floor}");
    assert!(
        strict["meaning"].is_null(),
        "a fixed floor aligns on words alone"
    );
    let links = |v: &serde_json::Value| v["links"].as_array().map_or(0, Vec::len);
    assert!(
        links(&strict) < links(&loose),
        "{} links at .9, {} at .1",
        links(&strict),
        links(&loose)
    );
    let bad = diptych(&["align", &a, &b, "--threshold", "1.5"]);
    assert_eq!(bad.status.code(), Some(2), "out of range is a usage error");
}

#[test]
fn input_format_plain_reads_markup_as_text() {
    let dir = tempfile::tempdir().expect("dir");
    let page = dir.path().join("page.html");
    std::fs::write(
        &page,
        "<html><body><article><p>The council met on Monday to discuss the harbour.</p>\
         </article></body></html>",
    )
    .expect("page");
    let page = page.to_string_lossy().into_owned();
    let sentences = |args: &[&str]| {
        let v = json(&diptych(args));
        v["left"]["sentences"]
            .as_array()
            .expect("sentences")
            .iter()
            .map(|s| s["text"].as_str().unwrap_or_default().to_owned())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let as_html = sentences(&["align", &page, &page]);
    assert_eq!(as_html, "The council met on Monday to discuss the harbour.");
    let as_plain = sentences(&["align", &page, &page, "--input-format", "plain"]);
    assert!(as_plain.contains("<article><p>The council"), "{as_plain}");
}

/// `diptych` on every core, or pinned to one (`taskset`): the thread pools size themselves by
/// the cores the process may use.
fn on_cores(one: bool) -> Command {
    let mut cmd = if one {
        let mut c = Command::new("taskset");
        c.args(["-c", "0", env!("CARGO_BIN_EXE_diptych")]);
        c
    } else {
        Command::new(env!("CARGO_BIN_EXE_diptych"))
    };
    cmd.current_dir(root()).env_remove("NO_COLOR");
    cmd
}

#[test]
fn one_core_gives_the_same_output_as_every_core() {
    if Command::new("taskset").arg("--version").output().is_err() {
        eprintln!("taskset is not installed: one core cannot be forced here");
        return;
    }
    let (a, b) = (article("000"), article("002"));
    let run = |one: bool, args: &[&str]| {
        let out = on_cores(one).args(args).output().expect("runs");
        assert!(out.status.success(), "{args:?}");
        let text = stdout(&out);
        assert!(!text.is_empty(), "{args:?}");
        text
    };
    let commands: [&[&str]; 3] = [
        &["align", &a, &b, "--format", "json"],
        &["align", &a, &b, "--format", "text", "--width", "100"],
        // Library mode's ranking aligns pairs on threads of its own.
        &["rank", "articles", "--format", "json"],
    ];
    for args in commands {
        assert_eq!(run(true, args), run(false, args), "{args:?}");
    }
}

/// CPU time the process has used so far, in clock ticks (utime + stime of /proc/PID/stat).
fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // Fields after the command name (which may hold spaces) start after its closing ')'.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let field = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<u64>().ok())
            .unwrap_or(0)
    };
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the ')'.
    field(11) + field(12)
}

#[test]
fn ctrl_c_cancels_align_and_export_with_status_130() {
    let dir = tempfile::tempdir().expect("dir");
    let pair = crate::corpus::pair(crate::corpus::Kind::Reworded, 2_000_000, 11);
    let (l, r) = (dir.path().join("l.txt"), dir.path().join("r.txt"));
    std::fs::write(&l, &pair.left).expect("left");
    std::fs::write(&r, &pair.right).expect("right");
    let (l, r) = (l.to_string_lossy(), r.to_string_lossy());
    let data = tempfile::tempdir().expect("data");
    for args in [
        vec!["align", &l, &r, "--format", "json"],
        vec!["export", &l, &r, "--format", "json"],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_diptych"))
            .args(&args)
            .env("XDG_DATA_HOME", data.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("starts");
        // Waited for by work done, not by the clock: once it has used a third of a second of
        // CPU it is past start-up (its handlers are in place) and deep in the comparison.
        let start = std::time::Instant::now();
        while cpu_ticks(child.id()) < 30 {
            assert!(
                child.try_wait().expect("status").is_none(),
                "{args:?} ended before it could be interrupted"
            );
            assert!(start.elapsed().as_secs() < 60, "{args:?} never got going");
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        let pid = nix::unistd::Pid::from_raw(i32::try_from(child.id()).expect("pid"));
        nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGINT).expect("SIGINT");
        let out = child.wait_with_output().expect("ends");
        assert_eq!(out.status.code(), Some(130), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.trim(), "diptych: cancelled", "{args:?}");
    }
}

/// Two sentences written for the `diff` test: the first changed in two places, the second
/// the same on both sides.
const DIFF_LEFT: &str = "The army sent 14,000 soldiers to the northern front last week, \
    officials said.\n\nThe weather in the region was cold and wet.\n";
const DIFF_RIGHT: &str = "The army sent many soldiers to the southern front last week, \
    officials said.\n\nThe weather in the region was cold and wet.\n";

#[test]
fn the_json_diff_marks_what_only_each_side_of_a_link_has() {
    let dir = tempfile::tempdir().expect("dir");
    let (l, r) = (dir.path().join("l.txt"), dir.path().join("r.txt"));
    std::fs::write(&l, DIFF_LEFT).expect("left");
    std::fs::write(&r, DIFF_RIGHT).expect("right");
    let (l, r) = (l.to_string_lossy(), r.to_string_lossy());
    let v = json(&diptych(&["align", &l, &r, "--format", "json"]));
    // `[sentence, start, end]`: byte ranges into that sentence's text, read back as a script
    // would.
    let marked = |link: &serde_json::Value, side: &str| -> Vec<String> {
        let sentences = v[side]["sentences"].as_array().expect("sentences");
        link["diff"][side]
            .as_array()
            .expect("a list per side")
            .iter()
            .map(|m| {
                let at = |i: usize| m[i].as_u64().expect("a number") as usize;
                let text = sentences[at(0)]["text"].as_str().expect("text");
                text.get(at(1)..at(2))
                    .expect("a range of the text")
                    .to_owned()
            })
            .collect()
    };
    let links = v["links"].as_array().expect("links");
    let changed = links
        .iter()
        .find(|k| k["left"] == serde_json::json!([0]))
        .expect("the first sentences linked");
    assert_eq!(changed["kind"], "changed");
    assert_eq!(marked(changed, "left"), ["14,000", "northern"]);
    assert_eq!(marked(changed, "right"), ["many", "southern"]);
    let same = links
        .iter()
        .find(|k| k["left"] == serde_json::json!([1]))
        .expect("the second sentences linked");
    assert!(marked(same, "left").is_empty() && marked(same, "right").is_empty());
}

#[test]
fn export_o_writes_the_report_to_the_file_and_nothing_to_standard_output() {
    let dir = tempfile::tempdir().expect("dir");
    let (a, b) = (article("000"), article("002"));
    // An empty review of its own: nothing read from or written to the user's data folder.
    let store = dir
        .path()
        .join("review.json")
        .to_string_lossy()
        .into_owned();
    for format in ["markdown", "html", "json"] {
        let file = dir.path().join(format!("report.{format}"));
        let path = file.to_string_lossy().into_owned();
        let base = ["export", &a, &b, "--format", format, "--review", &store];
        let to_file = diptych(&[&base[..], &["-o", &path]].concat());
        assert!(
            to_file.status.success(),
            "{}",
            crate::util::stderr(&to_file)
        );
        assert!(
            to_file.stdout.is_empty(),
            "{format}: nothing on standard output"
        );
        let printed = diptych(&base);
        assert!(printed.status.success());
        assert!(!printed.stdout.is_empty());
        assert_eq!(
            std::fs::read(&file).expect("the report file"),
            printed.stdout,
            "{format}: the file holds the report export prints without -o"
        );
    }
    assert!(
        !dir.path().join("review.json").exists(),
        "a report writes no review"
    );
}

#[test]
fn the_bundled_pair_opens_from_any_directory() {
    let elsewhere = tempfile::tempdir().expect("dir");
    let out = Command::new(env!("CARGO_BIN_EXE_diptych"))
        .current_dir(elsewhere.path())
        .env_remove("NO_COLOR")
        .env("COLUMNS", "120")
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", crate::util::stderr(&out));
    // The first sentence (the headline) of each bundled article, side by side.
    let text = stdout(&out);
    let here = diptych(&[]);
    assert_eq!(text, stdout(&here), "the same as from the project folder");
    for prefix in ["000", "002"] {
        let doc = diptych::load::load(
            &root().join(article(prefix)).to_string_lossy(),
            &diptych::load::LoadOptions::default(),
        )
        .expect("sample");
        let start: String = doc.sentences.at(0).text.chars().take(20).collect();
        assert!(text.contains(&start), "{start:?} missing:\n{text}");
    }
}
