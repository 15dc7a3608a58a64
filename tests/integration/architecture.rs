//! The core (`load`, `align`, `layout`, `export`, `library`, `eval`, `fetch`, `visible`, `temp`, `words`) never names the terminal
//! layer: it stays testable without a terminal and usable as a library. Inside the reader
//! (`src/ui`), no two modules import each other and no file grows past about 600 lines.

use crate::util::root;

fn rust_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read dir").flatten() {
        let p = entry.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn core_modules_do_not_touch_the_terminal() {
    let src = root().join("src");
    let mut files = Vec::new();
    for module in [
        "load", "align", "layout", "export", "library", "eval", "fetch",
    ] {
        rust_files(&src.join(module), &mut files);
    }
    for single in ["visible.rs", "temp.rs", "words.rs", "lib.rs"] {
        files.push(src.join(single));
    }
    for f in files {
        let text = std::fs::read_to_string(&f).expect("read");
        for banned in ["ratatui", "crossterm", "crate::ui"] {
            assert!(
                !text
                    .lines()
                    .any(|l| !l.trim_start().starts_with("//") && l.contains(banned)),
                "{} names {banned}",
                f.display()
            );
        }
    }
}

/// The module path of a file under `src/` ("ui/view/mod.rs" → ["ui", "view"]).
fn module_of(file: &std::path::Path, src: &std::path::Path) -> Vec<String> {
    let rel = file.strip_prefix(src).expect("under src");
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// The modules of `src/ui` that `text` (the file of `module`) names in a path: `super::x`,
/// `crate::ui::x`, or a child module `x::` of its own. Test modules are left out.
fn named_modules(
    text: &str,
    module: &[String],
    known: &std::collections::BTreeSet<Vec<String>>,
) -> std::collections::BTreeSet<Vec<String>> {
    let mut out = std::collections::BTreeSet::new();
    for line in text.lines() {
        let line = line.trim_start();
        if line.starts_with("#[cfg(test)]") {
            break;
        }
        if line.starts_with("//") {
            continue;
        }
        let mut token = String::new();
        for c in line.chars().chain([' ']) {
            if c.is_alphanumeric() || c == '_' || c == ':' {
                token.push(c);
                continue;
            }
            let whole = std::mem::take(&mut token);
            let parts: Vec<&str> = whole.split("::").collect();
            if parts.len() < 2 {
                continue;
            }
            let mut at: Vec<String> = match parts[0] {
                "crate" => Vec::new(),
                "super" => module[..module.len().saturating_sub(1)].to_vec(),
                "self" => module.to_vec(),
                first => {
                    let mut child = module.to_vec();
                    child.push(first.to_owned());
                    if !known.contains(&child) {
                        continue;
                    }
                    module.to_vec()
                }
            };
            let skip = usize::from(matches!(parts[0], "crate" | "super" | "self"));
            for p in &parts[skip..] {
                if *p == "super" {
                    at.pop();
                    continue;
                }
                let mut next = at.clone();
                next.push((*p).to_owned());
                if known.contains(&next) {
                    at = next;
                } else {
                    break;
                }
            }
            if at != module && at.first().is_some_and(|m| m == "ui") {
                out.insert(at);
            }
        }
    }
    out
}

#[test]
fn no_two_reader_modules_import_each_other_and_files_stay_small() {
    let src = root().join("src");
    let mut files = Vec::new();
    rust_files(&src.join("ui"), &mut files);
    files.sort();
    let known: std::collections::BTreeSet<Vec<String>> =
        files.iter().map(|f| module_of(f, &src)).collect();
    let mut uses = std::collections::BTreeMap::new();
    for f in &files {
        let text = std::fs::read_to_string(f).expect("read");
        let lines = text.lines().count();
        assert!(
            lines <= 620,
            "{} has {lines} lines: split it (about 600 at most)",
            f.display()
        );
        let module = module_of(f, &src);
        uses.insert(module.clone(), named_modules(&text, &module, &known));
    }
    for (a, named) in &uses {
        for b in named {
            assert!(
                !uses.get(b).is_some_and(|back| back.contains(a)),
                "{} and {} import each other",
                a.join("::"),
                b.join("::")
            );
        }
    }
    // The check itself must see imports, or it proves nothing.
    let ui = vec!["ui".to_owned()];
    let app = vec!["ui".to_owned(), "app".to_owned()];
    assert!(
        uses.get(&app)
            .is_some_and(|u| u.contains(&vec!["ui".to_owned(), "update".to_owned()]))
    );
    assert!(uses.get(&ui).is_some_and(|u| u.contains(&app)));
}
