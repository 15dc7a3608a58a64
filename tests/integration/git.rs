//! The README's `git difftool` recipe, run as written against a repository made here.

use std::path::Path;
use std::process::Command;

use crate::util::root;

/// The command the README gives to `difftool.diptych.cmd`, with `diptych` made this build's
/// binary.
fn readme_recipe() -> String {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README");
    let line = readme
        .lines()
        .find(|l| l.contains("difftool.diptych.cmd"))
        .expect("the README has a git difftool recipe");
    let cmd = line
        .split('\'')
        .nth(1)
        .expect("the recipe's command is in single quotes");
    let rest = cmd
        .strip_prefix("diptych ")
        .expect("the recipe starts with diptych");
    format!("'{}' {rest}", env!("CARGO_BIN_EXE_diptych"))
}

fn git(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new("git")
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.org"])
        .args([
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .expect("git runs")
}

#[test]
fn the_readme_difftool_recipe_compares_two_revisions() {
    if Command::new("git").arg("--version").output().is_err() {
        eprintln!("git is not installed: the difftool recipe cannot be tried here");
        return;
    }
    let dir = tempfile::tempdir().expect("dir");
    let repo = dir.path();
    assert!(git(repo, &["init", "-q"]).status.success());
    let article = repo.join("article.md");
    std::fs::write(
        &article,
        "# Harbour plans approved\n\nThe council approved the harbour plans on Monday.\n\n\
         Around 14,000 people signed the petition against the new quay.\n",
    )
    .expect("v1");
    assert!(git(repo, &["add", "article.md"]).status.success());
    assert!(git(repo, &["commit", "-qm", "v1"]).status.success());
    std::fs::write(
        &article,
        "# Harbour plans approved\n\nThe council approved the harbour plans on Monday.\n\n\
         An estimated 11,000 people signed the petition against the new quay.\n",
    )
    .expect("v2");
    assert!(git(repo, &["commit", "-qam", "v2"]).status.success());

    let data = tempfile::tempdir().expect("data");
    let out = Command::new("git")
        .args([
            "-c",
            &format!("difftool.diptych.cmd={}", readme_recipe()),
            "difftool",
            "--tool=diptych",
            "--no-prompt",
            "HEAD~1",
            "HEAD",
            "--",
            "article.md",
        ])
        .current_dir(repo)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", repo)
        .env("XDG_DATA_HOME", data.path())
        .output()
        .expect("git difftool runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Not a terminal here, so the reader prints its side-by-side text: both revisions, the
    // changed figure marked on each side.
    assert!(text.contains("[-Around 14,000-]"), "{text}");
    assert!(text.contains("{+An estimated 11,000+}"), "{text}");
    assert!(text.contains("Harbour plans approved"), "{text}");
}
