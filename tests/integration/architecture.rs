//! The core (`load`, `align`, `layout`, `export`, `library`, `eval`, `visible`, `temp`) never names the terminal
//! layer: it stays testable without a terminal and usable as a library.

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
    for module in ["load", "align", "layout", "export", "library", "eval"] {
        rust_files(&src.join(module), &mut files);
    }
    for single in ["visible.rs", "temp.rs", "lib.rs"] {
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
