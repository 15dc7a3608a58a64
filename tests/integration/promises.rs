//! Promises the README and the command-line help make that no other test kept (issue 19,
//! item 5): a fixed similarity floor, the input format forced, the same output on one core as
//! on all of them, and no colour in the reader under `NO_COLOR`.

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
