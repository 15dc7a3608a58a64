//! Helpers: paths, running the binary.

use std::path::PathBuf;
use std::process::{Command, Output};

use diptych::ui::App;

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

/// The comparison the reader shows for the sample pair `left`/`right` (file-name prefixes),
/// as the engine aligns it today: tests take counts from it ("1 of {n} reviewed", one row per
/// passage), so an engine change moves one number, not every expectation.
pub fn sample_comparison(left: &str, right: &str) -> diptych::ui::rows::Comparison {
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
}

/// How many differences review progress counts on the sample pair `left`/`right`
/// ([`sample_comparison`]).
pub fn sample_differences(left: &str, right: &str) -> usize {
    sample_comparison(left, right).differences()
}

/// What a snapshot of a reader screen keeps: the screen of `t` as text (insta's form, a quoted
/// line per row), with every count on the status line that the comparison decides checked
/// against `app`'s comparison and then replaced by its name in braces: the passages
/// (`passage 3 of {passages}`, `3/{passages}`), the differences (`0 of {differences}
/// reviewed`, `difference 4 of {differences}: …`) and the passages of each kind (`{changed}
/// changed`, `{moved} moved`, `{left_only} left only`, `{right_only} right only`, `{equal}
/// equal`). An engine change that moves a count then fails no snapshot, while a screen that
/// shows a wrong count still fails here. Numbers the keys decide (the passage selected, how
/// many were marked) stay as they are.
pub fn counts_named(t: &ratatui::Terminal<ratatui::backend::TestBackend>, app: &App) -> String {
    let text = t.backend().to_string();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    if let Some(status) = lines.last_mut() {
        *status = name_status_counts(status, app);
    }
    lines.join("\n") + "\n"
}

/// The status line `line` with the counts [`counts_named`] names, each checked first.
fn name_status_counts(line: &str, app: &App) -> String {
    let passages = app.cmp.passages(app.state.arrangement).len();
    let differences = app.cmp.differences();
    let c = app.cmp.counts();
    let kinds = [
        ("changed", c.changed),
        ("moved", c.moved),
        ("left only", c.left_only),
        ("right only", c.right_only),
        ("equal", c.equal),
    ];
    let number = |s: &str| s.parse::<usize>().ok();
    let check = |what: &str, shown: usize, computed: usize| {
        assert_eq!(
            shown, computed,
            "the status line shows {shown} {what}, the comparison has {computed}: {line}"
        );
    };
    line.split(" · ")
        .map(|segment| {
            // The last segment ends with the help hint; the first starts with the quote.
            let core = segment
                .trim_matches(|c: char| c == '"' || c.is_whitespace())
                .trim_end_matches("? help")
                .trim_end();
            let words: Vec<&str> = core.split_whitespace().collect();
            let renamed = match words.as_slice() {
                ["passage", at, "of", of] if number(of).is_some() => {
                    check("passages", number(of).unwrap_or(0), passages);
                    Some((format!("{at} of {of}"), format!("{at} of {{passages}}")))
                }
                [at_of]
                    if at_of
                        .split_once('/')
                        .is_some_and(|(a, b)| number(a).is_some() && number(b).is_some()) =>
                {
                    let (at, of) = at_of.split_once('/').unwrap_or_default();
                    check("passages", number(of).unwrap_or(0), passages);
                    Some((format!("{at}/{of}"), format!("{at}/{{passages}}")))
                }
                [done, "of", of, "reviewed"] if number(of).is_some() => {
                    check("differences", number(of).unwrap_or(0), differences);
                    Some((
                        format!("{done} of {of} reviewed"),
                        format!("{done} of {{differences}} reviewed"),
                    ))
                }
                [done_of, "reviewed"] if done_of.contains('/') => {
                    let (done, of) = done_of.split_once('/').unwrap_or_default();
                    check("differences", number(of).unwrap_or(0), differences);
                    Some((
                        format!("{done}/{of} reviewed"),
                        format!("{done}/{{differences}} reviewed"),
                    ))
                }
                ["difference", at, "of", of, ..] if number(of.trim_end_matches(':')).is_some() => {
                    let of = of.trim_end_matches(':');
                    check("differences", number(of).unwrap_or(0), differences);
                    Some((
                        format!("difference {at} of {of}"),
                        format!("difference {at} of {{differences}}"),
                    ))
                }
                [n, kind @ ..] if number(n).is_some() => {
                    let kind = kind.join(" ");
                    kinds.iter().find(|(k, _)| *k == kind).map(|(k, count)| {
                        check(k, number(n).unwrap_or(0), *count);
                        (
                            format!("{n} {k}"),
                            format!("{{{}}} {k}", k.replace(' ', "_")),
                        )
                    })
                }
                _ => None,
            };
            match renamed {
                Some((from, to)) => segment.replacen(&from, &to, 1),
                None => segment.to_owned(),
            }
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The picker's screen as its snapshot keeps it: the text of `t` (insta's form), with each
/// pair's "N% shared · M links" and each story's "closest pair N% shared" checked against
/// `ranking` (some pair of the ranking has those figures; a story's closest pair is its
/// best-shared one) and replaced by `{shared}% shared · {links} links` and `closest pair
/// {shared}% shared`, so that a ranking change fails no snapshot.
pub fn ranking_named(
    t: &ratatui::Terminal<ratatui::backend::TestBackend>,
    ranking: &diptych::library::Ranking,
) -> String {
    let percent = |shared: f32| format!("{:.0}", shared * 100.0);
    let figures: Vec<(String, String)> = ranking
        .pairs
        .iter()
        .map(|p| (percent(p.shared), p.links.to_string()))
        .collect();
    let closest: Vec<String> = ranking
        .stories
        .iter()
        .filter_map(|s| {
            s.pairs
                .iter()
                .map(|&k| ranking.pairs[k].shared)
                .max_by(f32::total_cmp)
                .map(percent)
        })
        .collect();
    let mut out = String::new();
    for line in t.backend().to_string().lines() {
        let mut line = line.to_owned();
        if let Some(at) = line.find("% shared · ") {
            let shared = line[..at].rsplit(' ').next().unwrap_or_default().to_owned();
            let rest = &line[at + "% shared · ".len()..];
            let links = rest.split(' ').next().unwrap_or_default().to_owned();
            assert!(
                figures.contains(&(shared.clone(), links.clone())),
                "no pair of the ranking shares {shared}% with {links} links: {line}"
            );
            line = line.replacen(
                &format!("{shared}% shared · {links} links"),
                "{shared}% shared · {links} links",
                1,
            );
        }
        if let Some(at) = line.find("closest pair ") {
            let shared = line[at + "closest pair ".len()..]
                .split('%')
                .next()
                .unwrap_or_default()
                .to_owned();
            assert!(
                closest.contains(&shared),
                "no story's closest pair shares {shared}%: {line}"
            );
            line = line.replacen(
                &format!("closest pair {shared}%"),
                "closest pair {shared}%",
                1,
            );
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}
