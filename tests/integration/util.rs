//! Helpers: paths, running the binary.

use std::path::PathBuf;
use std::process::{Command, Output};

/// The project root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A sample article by its number prefix ("000").
pub fn article(prefix: &str) -> String {
    let dir = root().join("articles");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("articles/")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(prefix) && n.ends_with(".txt"))
        .collect();
    names.sort();
    format!("articles/{}", names.first().expect("sample article"))
}

/// Runs `diptych` with `args` in the project root.
pub fn diptych(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_diptych"))
        .args(args)
        .current_dir(root())
        .env_remove("NO_COLOR")
        .env("COLUMNS", "120")
        .output()
        .expect("runs diptych")
}

/// Standard output as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Standard error as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Runs the reader's real loop for `app` on a `width`×`height` test terminal, fed `keys`.
pub fn drive(
    app: &mut diptych::ui::App,
    width: u16,
    height: u16,
    keys: &str,
) -> ratatui::Terminal<ratatui::backend::TestBackend> {
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, height))
        .expect("terminal");
    diptych::ui::run(
        &mut terminal,
        &mut diptych::ui::events::ScriptedEvents::keys(keys),
        app,
        &mut |_, _| Ok(None),
    )
    .expect("runs");
    terminal
}

/// The text of a test terminal's screen, one line per row.
pub fn screen_text(t: &ratatui::Terminal<ratatui::backend::TestBackend>) -> String {
    let buf = t.backend().buffer();
    let mut s = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            s.push_str(buf[(x, y)].symbol());
        }
        s.push('\n');
    }
    s
}

/// Property-test settings with `default` cases, unless `PROPTEST_CASES` sets the count (a
/// count set in code would override the environment, so CI could not raise it).
pub fn proptest_cases(default: u32) -> proptest::test_runner::Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default);
    proptest::test_runner::Config::with_cases(cases)
}

/// How many differences review progress counts on the sample pair `left`/`right` (file-name
/// prefixes), as the engine aligns it today: tests say "1 of {n} reviewed" with this, so an
/// engine change moves one number, not every expectation.
pub fn sample_differences(left: &str, right: &str) -> usize {
    let open = |prefix: &str| {
        diptych::load::load(
            &root().join(article(prefix)).to_string_lossy(),
            &diptych::load::LoadOptions::default(),
        )
        .expect("sample article")
    };
    let (l, r) = (open(left), open(right));
    let a = diptych::align::align(&l, &r, &diptych::align::AlignOptions::default());
    diptych::ui::rows::Comparison::new(l, r, a)
        .units()
        .iter()
        .filter(|(_, differs)| *differs)
        .count()
}
