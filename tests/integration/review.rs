//! Reviews: the store on disk, corrections and re-anchoring across reopening, and the reports
//! `diptych export` writes (each format read back the way its readers would).

use std::path::Path;

use diptych::align::{AlignOptions, align};
use diptych::load::{Document, LoadOptions, load};
use diptych::review::open::{OnUnreadable, open};
use diptych::review::session::Session;
use diptych::review::{Correction, CorrectionKind, Status, Unit};

use crate::util::{article, diptych, root, stderr, stdout};

fn doc(path: &Path) -> Document {
    load(&path.to_string_lossy(), &LoadOptions::default()).expect("article")
}

/// Opens (or creates) the review at `store` for the two files, as the reader does.
fn session(left: &Path, right: &Path, store: &Path) -> (Document, Document, Session, Vec<Unit>) {
    let (l, r) = (doc(left), doc(right));
    let engine = align(&l, &r, &AlignOptions::default());
    let data = store.parent().expect("dir").join("data");
    let opened = open(&l, &r, Some(store), &data, false, OnUnreadable::Stop).expect("store opens");
    let (session, alignment) = Session::new(opened, engine, &l, &r);
    let units = diptych::review::units(&diptych::layout::passages(&l, &r, &alignment), &alignment)
        .into_iter()
        .map(|(u, _)| u)
        .collect();
    (l, r, session, units)
}

fn unit_with(units: &[Unit], l: &Document, needle: &str) -> Unit {
    units
        .iter()
        .find(|u| {
            u.left
                .clone()
                .any(|i| l.sentences.at(i).text.contains(needle))
        })
        .cloned()
        .unwrap_or_else(|| panic!("no passage with {needle:?}"))
}

fn sample_paths() -> (std::path::PathBuf, std::path::PathBuf) {
    (root().join(article("000")), root().join(article("002")))
}

const NOTE: &str =
    "Check with the ministry | a “second” *source*\n\u{1b}[31m<script>alert(1)</script>";

/// A store on the sample pair: one passage flagged with a note, one reviewed.
fn reviewed_store(dir: &Path) -> std::path::PathBuf {
    let (lp, rp) = sample_paths();
    let store = dir.join("review.json");
    let (l, r, mut s, units) = session(&lp, &rp, &store);
    let soldiers = unit_with(&units, &l, "14,000");
    s.set_status(&soldiers, Status::Flagged, &l, &r)
        .expect("saved");
    s.set_note(&soldiers, NOTE, &l, &r).expect("saved");
    let title = unit_with(&units, &l, "Lavrov: North Korea supports");
    s.set_status(&title, Status::Reviewed, &l, &r)
        .expect("saved");
    store
}

fn export(format: &str, store: &Path) -> String {
    let (l, r) = (article("000"), article("002"));
    let store = store.to_string_lossy();
    let out = diptych(&["export", &l, &r, "--format", format, "--review", &store]);
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
}

#[test]
fn the_html_report_is_self_contained_escaped_and_holds_passages_and_notes() {
    let dir = tempfile::tempdir().expect("dir");
    let store = reviewed_store(dir.path());
    let html = export("html", &store);
    // Read it back with a real HTML tokenizer: the text a browser would show, and the tags.
    let mut text = String::new();
    let mut tags = Vec::new();
    let mut rows = 0;
    for token in html5gum::Tokenizer::new(html.as_str()).flatten() {
        match token {
            html5gum::Token::String(s) => text.push_str(&String::from_utf8_lossy(&s)),
            html5gum::Token::StartTag(t) => {
                let name = String::from_utf8_lossy(&t.name).into_owned();
                // A passage's row: its id is the target of the report's links ("#p3").
                rows += usize::from(
                    name == "tr"
                        && t.attributes
                            .iter()
                            .any(|(a, v)| a.as_slice() == b"id" && v.starts_with(b"p")),
                );
                for (attr, value) in &t.attributes {
                    let a = String::from_utf8_lossy(attr).into_owned();
                    // Links go only to passages of the report itself.
                    let inside = a == "href" && value.starts_with(b"#p");
                    assert!(
                        a != "src" && (a != "href" || inside),
                        "no external asset: {a}"
                    );
                }
                tags.push(name);
            }
            _ => {}
        }
    }
    assert!(!tags.iter().any(|t| t == "script"), "no scripts");
    assert!(tags.iter().any(|t| t == "style"), "inline CSS");
    assert!(!html.contains('\u{1b}'), "no raw escape character");
    // Both titles, a sentence from each side, the note (with its markup as text), the counts.
    let progress = format!(
        "1 of {} differences reviewed · 1 flagged",
        crate::util::sample_differences("000", "002")
    );
    for needle in [
        "Lavrov: North Korea supports Russia’s war goals",
        "Russia’s Lavrov praises Pyongyang’s ‘unequivocal support’ on Ukraine",
        "Our Korean friends",
        "Check with the ministry | a “second” *source*",
        "␛[31m<script>alert(1)</script>",
        // A flag is counted apart from a review.
        progress.as_str(),
    ] {
        assert!(
            text.contains(needle),
            "{needle:?} missing from the report text"
        );
    }
    // The report shows the passages rearranged, counterparts together.
    let passages = crate::util::sample_comparison("000", "002")
        .passages(diptych::ui::state::Arrangement::Rearranged)
        .len();
    assert_eq!(rows, passages, "one row per passage");
}

#[test]
fn the_markdown_report_is_one_table_with_escaped_cells() {
    let dir = tempfile::tempdir().expect("dir");
    let store = reviewed_store(dir.path());
    let md = export("markdown", &store);
    // The first line is the mark by which diptych knows its own reports (a comment).
    assert!(md.starts_with("<!-- generator: diptych -->\n# Comparison: "));
    let table: Vec<&str> = md
        .lines()
        .filter(|l| l.starts_with("| ") && l.contains(" | "))
        .filter(|l| {
            l.split(" | ")
                .next()
                .is_some_and(|n| n.trim_start_matches('|').trim().parse::<usize>().is_ok())
        })
        .collect();
    let passages = crate::util::sample_comparison("000", "002")
        .passages(diptych::ui::state::Arrangement::Rearranged)
        .len();
    assert_eq!(table.len(), passages, "one row per passage: {md}");
    // Every passage row has exactly five cells: nothing in the text opened a new one.
    for row in &table {
        let unescaped = row.replace("\\|", "");
        assert_eq!(unescaped.matches('|').count(), 6, "{row}");
    }
    let flagged = table
        .iter()
        .find(|r| r.contains("flagged"))
        .expect("the flagged row");
    assert!(flagged.contains("14,000"));
    assert!(flagged.contains(
        "Note: Check with the ministry \\| a “second” \\*source\\*<br>␛\\[31m&lt;script&gt;alert(1)&lt;/script&gt;"
    ));
    assert!(!md.contains('\u{1b}'));
    let n = crate::util::sample_differences("000", "002");
    assert!(md.contains(&format!(
        "**Review:** 1 of {n} differences reviewed · 1 flagged"
    )));
}

/// Reports are written as they are made, to standard output or to a temporary file renamed
/// into place: both must be the same report, every row of it, and the file must replace
/// what was at its name.
#[test]
fn a_report_written_to_a_file_is_the_report_printed() {
    let dir = tempfile::tempdir().expect("dir");
    let store = reviewed_store(dir.path());
    let (l, r) = (article("000"), article("002"));
    for format in ["markdown", "html", "json"] {
        let printed = export(format, &store);
        let path = dir.path().join(format!("report.{format}"));
        std::fs::write(&path, "an older report").expect("older");
        let out = diptych(&[
            "export",
            &l,
            &r,
            "--format",
            format,
            "--review",
            &store.to_string_lossy(),
            "--output",
            &path.to_string_lossy(),
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert_eq!(std::fs::read_to_string(&path).expect("written"), printed);
        assert!(printed.len() > 4_000, "{format}: {printed}");
    }
    // A report of hundreds of kilobytes leaves in pieces: none lost, none written twice.
    let long = |prefix: &str| {
        let text = std::fs::read_to_string(article(prefix)).expect("article");
        let path = dir.path().join(format!("{prefix}-eight-times.txt"));
        std::fs::write(&path, vec![text; 8].join("\n\n")).expect("long");
        path.to_string_lossy().into_owned()
    };
    let (l, r) = (long("000"), long("002"));
    let report = |format: &str| {
        let store = dir.path().join("long.review.json");
        let store = store.to_string_lossy();
        let out = diptych(&["export", &l, &r, "--format", format, "--review", &store]);
        assert!(out.status.success(), "{}", stderr(&out));
        stdout(&out)
    };
    let (md, html) = (report("markdown"), report("html"));
    let pieces = 3 * diptych::export::report::WRITTEN_AT;
    assert!(
        md.len() > pieces && html.len() > pieces,
        "{} {}",
        md.len(),
        html.len()
    );
    let rows: Vec<usize> = md
        .lines()
        .filter_map(|l| l.strip_prefix("| ")?.split(" | ").next()?.parse().ok())
        .collect();
    assert_eq!(rows, (1..=rows.len()).collect::<Vec<_>>());
    let html_rows: Vec<usize> = html
        .split("\" id=\"p")
        .skip(1)
        .filter_map(|rest| rest.split('"').next()?.parse().ok())
        .collect();
    assert_eq!(html_rows, rows);
    assert!(
        html.ends_with("</table>\n</body>\n</html>\n"),
        "{}",
        &html[html.len() - 200..]
    );
}

#[test]
fn reports_name_files_not_where_they_are_kept_unless_asked() {
    let dir = tempfile::tempdir().expect("dir");
    let (lp, rp) = sample_paths();
    let (left, right) = (dir.path().join("left.txt"), dir.path().join("right.txt"));
    std::fs::copy(&lp, &left).expect("copy");
    std::fs::copy(&rp, &right).expect("copy");
    let store = dir.path().join("pair.review.json");
    let [left, right, store] = [&left, &right, &store].map(|p| p.to_string_lossy().into_owned());
    let folder = dir.path().to_string_lossy().into_owned();
    for format in ["markdown", "html", "json"] {
        let report = |more: &[&str]| {
            let mut args = vec![
                "export", &left, &right, "--format", format, "--review", &store,
            ];
            args.extend_from_slice(more);
            let out = diptych(&args);
            assert!(out.status.success(), "{}", stderr(&out));
            stdout(&out)
        };
        let shared = report(&[]);
        if format == "json" {
            // `path` is the contract's "path as given"; the store is named by its file.
            let v: serde_json::Value = serde_json::from_str(&shared).expect("JSON");
            assert_eq!(v["review"]["store"], "pair.review.json");
        } else {
            assert!(!shared.contains(&folder), "{format}: {shared}");
            assert!(shared.contains("left.txt") && shared.contains("right.txt"));
            assert!(shared.contains("pair.review.json"), "{format}");
        }
        let full = report(&["--full-paths"]);
        assert!(
            full.contains(&store),
            "{format}: the store's path when asked"
        );
    }
}

#[test]
fn the_json_report_extends_the_contract_with_review_fields() {
    let dir = tempfile::tempdir().expect("dir");
    let store = reviewed_store(dir.path());
    let json: serde_json::Value = serde_json::from_str(&export("json", &store)).expect("JSON");
    assert_eq!(json["version"], 1);
    assert!(
        json["left"]["sentences"]
            .as_array()
            .is_some_and(|s| !s.is_empty())
    );
    assert!(json["links"].as_array().is_some_and(|s| !s.is_empty()));
    let review = &json["review"];
    // One reviewed, one flagged: a flag is counted apart from a review.
    assert_eq!(review["progress"]["reviewed"], 1);
    assert_eq!(review["progress"]["flagged"], 1);
    let flagged: Vec<&serde_json::Value> = review["passages"]
        .as_array()
        .expect("passages")
        .iter()
        .filter(|p| p["status"] == "flagged")
        .collect();
    assert_eq!(flagged.len(), 1);
    assert_eq!(flagged[0]["note"], NOTE);
    // The flagged passage's left indexes point at the 14,000 sentence.
    let i = flagged[0]["left"][0].as_u64().expect("index") as usize;
    let sentences = json["left"]["sentences"].as_array().expect("sentences");
    let span: String = flagged[0]["left"]
        .as_array()
        .expect("left")
        .iter()
        .filter_map(|k| sentences[k.as_u64().unwrap_or(0) as usize]["text"].as_str())
        .collect();
    assert!(span.contains("14,000"), "{i}: {span}");
}

#[test]
fn a_hand_link_and_a_broken_link_survive_reopening() {
    let dir = tempfile::tempdir().expect("dir");
    let (lp, rp) = (root().join(article("000")), root().join(article("004")));
    let store = dir.path().join("review.json");
    let (l, r, mut s, units) = session(&lp, &rp, &store);
    let left_of = |needle: &str| {
        l.sentences
            .iter()
            .position(|x| x.text.contains(needle))
            .expect("left sentence")
    };
    let right_of = |needle: &str| {
        r.sentences
            .iter()
            .position(|x| x.text.contains(needle))
            .expect("right sentence")
    };
    // The 14,000 and 11,000 sentences count the same soldiers: link them.
    let (i, j) = (
        left_of("around 14,000 soldiers"),
        right_of("estimated 11,000 soldiers"),
    );
    s.correct(
        Correction {
            action: CorrectionKind::Link,
            left: vec![l.sentences.at(i).text.to_string()],
            right: vec![r.sentences.at(j).text.to_string()],
        },
        &l,
        &r,
    )
    .1
    .expect("saved");
    // And break a link the engine made (whichever passage it linked first).
    let title = units
        .iter()
        .find(|u| !u.left.is_empty() && !u.right.is_empty() && u.left.start != i)
        .cloned()
        .expect("the engine links a passage");
    let (tl, tr) = title.texts(&l, &r);
    let (after, saved) = s.correct(
        Correction {
            action: CorrectionKind::Unlink,
            left: tl,
            right: tr,
        },
        &l,
        &r,
    );
    saved.expect("saved");
    assert!(
        after
            .links
            .iter()
            .any(|x| x.manual && x.left == vec![i] && x.right == vec![j])
    );
    drop(s);

    // Reopen from disk: the engine aligns afresh, the corrections apply again.
    let (_, _, again, _) = session(&lp, &rp, &store);
    let engine = align(&l, &r, &AlignOptions::default());
    let (_, reopened) = Session::new(
        open(&l, &r, Some(&store), dir.path(), false, OnUnreadable::Stop).expect("opens"),
        engine,
        &l,
        &r,
    );
    assert!(
        reopened
            .links
            .iter()
            .any(|x| x.manual && x.left == vec![i] && x.right == vec![j])
    );
    assert!(
        !reopened
            .links
            .iter()
            .any(|x| x.left.contains(&title.left.start))
    );
    assert_eq!(again.review().store().corrections.len(), 2);
    // The report says so.
    let out = diptych(&[
        "export",
        &article("000"),
        &article("004"),
        "--format",
        "json",
        "--review",
        &store.to_string_lossy(),
    ]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    let manual: Vec<&serde_json::Value> = json["links"]
        .as_array()
        .expect("links")
        .iter()
        .filter(|x| x["manual"] == true)
        .collect();
    assert_eq!(manual.len(), 1);
    assert_eq!(manual[0]["left"][0], i);
}

#[test]
fn after_an_edit_notes_follow_their_passages_and_a_lost_one_is_listed_as_orphaned() {
    let dir = tempfile::tempdir().expect("dir");
    let (lp, rp) = sample_paths();
    let left = dir.path().join("left.txt");
    let original = std::fs::read_to_string(&lp).expect("article");
    std::fs::write(&left, &original).expect("copy");
    let store = dir.path().join("review.json");
    let (l, r, mut s, units) = session(&left, &rp, &store);
    let kept = unit_with(&units, &l, "14,000");
    // A sentence only the left has, on its own: deleting it leaves its note nowhere to go.
    let lost = units
        .iter()
        .find(|u| u.right.is_empty() && u.left.len() == 1 && !u.left.contains(&kept.left.start))
        .cloned()
        .expect("a left-only sentence");
    s.set_note(&kept, "numbers differ", &l, &r).expect("saved");
    s.set_note(&lost, "is this sourced?", &l, &r)
        .expect("saved");
    drop(s);

    // The article is edited: one sentence reworded slightly, the other deleted.
    let lost_text = l.sentences.at(lost.left.start).text.to_string();
    let edited = original
        .replace("a total of around 14,000", "a total of about 14,000")
        .replace(&lost_text, "");
    assert_ne!(edited, original);
    std::fs::write(&left, edited).expect("edit");

    let out = diptych(&[
        "export",
        &left.to_string_lossy(),
        &rp.to_string_lossy(),
        "--format",
        "json",
        "--review",
        &store.to_string_lossy(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    let review = &json["review"];
    let noted: Vec<&serde_json::Value> = review["passages"]
        .as_array()
        .expect("passages")
        .iter()
        .filter(|p| p["note"] == "numbers differ")
        .collect();
    assert_eq!(noted.len(), 1, "the note followed its edited passage");
    let orphaned = review["orphaned"].as_array().expect("orphaned");
    assert_eq!(orphaned.len(), 1);
    assert_eq!(orphaned[0]["note"], "is this sourced?");
    assert_eq!(review["progress"]["orphaned"], 1);
    // The store on disk was not rewritten by a report.
    let on_disk = std::fs::read_to_string(&store).expect("store");
    assert!(on_disk.contains("is this sourced?"));
}

#[test]
fn an_unreadable_review_is_an_error_and_is_never_overwritten() {
    let dir = tempfile::tempdir().expect("dir");
    let store = dir.path().join("review.json");
    for bytes in [&b"not json"[..], &br#"{"version": 9, "entries": []}"#[..]] {
        std::fs::write(&store, bytes).expect("write");
        let out = diptych(&[
            "export",
            &article("000"),
            &article("002"),
            "--review",
            &store.to_string_lossy(),
        ]);
        assert_eq!(out.status.code(), Some(1));
        let err = stderr(&out);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains("review.json"), "{err}");
        assert!(stdout(&out).is_empty());
        assert_eq!(std::fs::read(&store).expect("bytes"), bytes);
    }
}

#[test]
fn a_fresh_start_keeps_a_copy_of_the_unreadable_store() {
    let dir = tempfile::tempdir().expect("dir");
    let (lp, rp) = sample_paths();
    let store = dir.path().join("review.json");
    std::fs::write(&store, b"{ broken").expect("write");
    let (l, r) = (doc(&lp), doc(&rp));
    let data = dir.path().join("data");
    let opened = open(&l, &r, Some(&store), &data, false, OnUnreadable::Fresh).expect("fresh");
    assert!(opened.writable);
    assert!(
        opened
            .notice
            .as_deref()
            .is_some_and(|n| n.contains("review.json.unreadable"))
    );
    assert_eq!(
        std::fs::read(dir.path().join("review.json.unreadable")).expect("copy"),
        b"{ broken"
    );
}

#[test]
fn the_reader_reopens_where_it_was_left_and_a_swapped_pair_too() {
    use diptych::ui::App;
    use diptych::ui::config::Config;
    use diptych::ui::rows::Comparison;
    use diptych::ui::theme::Theme;

    let dir = tempfile::tempdir().expect("dir");
    let store = dir.path().join("review.json");
    let (lp, rp) = sample_paths();
    let reader = |left: &Path, right: &Path| {
        let (l, r) = (doc(left), doc(right));
        let engine = align(&l, &r, &AlignOptions::default());
        let data = dir.path().join("data");
        let opened =
            open(&l, &r, Some(&store), &data, false, OnUnreadable::Stop).expect("store opens");
        let (session, alignment) = Session::new(opened, engine, &l, &r);
        App::with_session(
            Comparison::new(l, r, (*alignment).clone()),
            Config::default().keymap,
            Theme::new(false),
            session,
        )
    };
    let status = |t: &ratatui::Terminal<ratatui::backend::TestBackend>| {
        crate::util::screen_text(t)
            .lines()
            .last()
            .unwrap_or_default()
            .to_owned()
    };

    // Nothing remembered for the first passage, where every opening starts: no store written.
    let mut app = reader(&lp, &rp);
    crate::util::drive(&mut app, 120, 40, "q");
    assert_eq!(app.finish(), None);
    assert!(!store.exists(), "no store just for opening and quitting");

    let mut app = reader(&lp, &rp);
    crate::util::drive(&mut app, 120, 40, "14Gq");
    assert_eq!(app.finish(), None);
    let kept = std::fs::read_to_string(&store).expect("the position is saved");
    assert!(kept.contains("\"position\""), "{kept}");

    let mut app = reader(&lp, &rp);
    let t = crate::util::drive(&mut app, 120, 40, "");
    let total = app
        .cmp
        .passages(diptych::ui::state::Arrangement::SourceOrder)
        .len();
    assert!(
        status(&t).contains(&format!("passage 14 of {total}")),
        "{}",
        status(&t)
    );
    assert!(
        status(&t).contains("back where you left off"),
        "{}",
        status(&t)
    );
    let passage = app.state.selected.expect("a passage selected");
    let (left_text, right_text) = {
        let p = &app
            .cmp
            .passages(diptych::ui::state::Arrangement::SourceOrder)[passage];
        (
            p.left
                .clone()
                .next()
                .map(|i| app.cmp.left.sentences.at(i).text.to_string()),
            p.right
                .clone()
                .next()
                .map(|j| app.cmp.right.sentences.at(j).text.to_string()),
        )
    };

    // The same store opened with the articles the other way round: the same passage.
    let mut app = reader(&rp, &lp);
    crate::util::drive(&mut app, 120, 40, "");
    let k = app.state.selected.expect("a passage selected");
    let p = &app
        .cmp
        .passages(diptych::ui::state::Arrangement::SourceOrder)[k];
    let shown = (
        p.right
            .clone()
            .next()
            .map(|i| app.cmp.right.sentences.at(i).text.to_string()),
        p.left
            .clone()
            .next()
            .map(|j| app.cmp.left.sentences.at(j).text.to_string()),
    );
    assert!(
        shown.0 == left_text || shown.1 == right_text,
        "{shown:?} vs {left_text:?} / {right_text:?}"
    );
}

#[test]
fn a_review_changed_after_swapping_sides_reopens_the_usual_way_round() {
    let dir = tempfile::tempdir().expect("dir");
    let store = dir.path().join("review.json");
    let (lp, rp) = sample_paths();
    let (l, r, mut s, _) = session(&lp, &rp, &store);
    // Swapped: the right article is now the left one.
    let alignment = s.swap_sides(&r, &l);
    let units: Vec<Unit> =
        diptych::review::units(&diptych::layout::passages(&r, &l, &alignment), &alignment)
            .into_iter()
            .map(|(u, _)| u)
            .collect();
    let soldiers = units
        .iter()
        .find(|u| {
            u.right
                .clone()
                .any(|i| l.sentences.at(i).text.contains("14,000"))
        })
        .cloned()
        .expect("the soldiers passage, its 14,000 now on the right");
    s.set_status(&soldiers, Status::Flagged, &r, &l)
        .expect("saved");
    s.set_note(&soldiers, "checked after swapping", &r, &l)
        .expect("saved");

    let (l, _, reopened, units) = session(&lp, &rp, &store);
    let soldiers = unit_with(&units, &l, "14,000");
    assert_eq!(reopened.review().status(&soldiers), Status::Flagged);
    assert_eq!(
        reopened.review().note(&soldiers),
        Some("checked after swapping")
    );
}

#[test]
fn a_sentence_taken_out_of_a_link_stays_out_after_reopening_and_the_rest_stays_linked() {
    let dir = tempfile::tempdir().expect("dir");
    let (lp, rp) = sample_paths();
    let store = dir.path().join("review.json");
    let (l, r, mut s, _) = session(&lp, &rp, &store);
    let left_of = |needle: &str| {
        l.sentences
            .iter()
            .position(|x| x.text.contains(needle))
            .expect("left sentence")
    };
    let (autumn, used) = (left_of("In autumn last year"), left_of("They were used"));
    let dispatched = r
        .sentences
        .iter()
        .position(|x| x.text.contains("previously dispatched"))
        .expect("right sentence");
    // The reader's B on one sentence of the left side: an unlink of that sentence alone.
    let (after, saved) = s.correct(
        Correction {
            action: CorrectionKind::Unlink,
            left: vec![l.sentences.at(autumn).text.to_string()],
            right: vec![],
        },
        &l,
        &r,
    );
    saved.expect("saved");
    let holds = |links: &[diptych::align::Link]| {
        let out = !links.iter().any(|x| x.left.contains(&autumn));
        let rest = links
            .iter()
            .any(|x| x.left == vec![used] && x.right == vec![dispatched]);
        (out, rest)
    };
    assert_eq!(holds(&after.links), (true, true), "{:?}", after.links);
    drop(s);
    // Reopened from disk, on a fresh engine alignment.
    let engine = align(&l, &r, &AlignOptions::default());
    let (again, reopened) = Session::new(
        open(&l, &r, Some(&store), dir.path(), false, OnUnreadable::Stop).expect("opens"),
        engine,
        &l,
        &r,
    );
    assert_eq!(again.review().stale_corrections(), 0);
    assert_eq!(holds(&reopened.links), (true, true), "{:?}", reopened.links);
    // The report lists the correction for what it is.
    let md = export("markdown", &store);
    assert!(
        md.contains("- taken out of its link: “In autumn last year"),
        "{md}"
    );
}

/// Runs diptych, killing it if it has not ended within `limit` (so a hang fails the test
/// instead of stalling the suite); `None` when it had to be killed.
fn diptych_within(args: &[&str], limit: std::time::Duration) -> Option<std::process::Output> {
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_diptych"))
        .args(args)
        .current_dir(root())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let start = std::time::Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if start.elapsed() > limit {
            child.kill().expect("kill");
            child.wait().expect("reaped");
            return None;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    Some(child.wait_with_output().expect("output"))
}

#[test]
fn a_fifo_a_device_or_a_folder_as_the_review_store_is_refused_at_once() {
    let dir = tempfile::tempdir().expect("dir");
    let fifo = dir.path().join("fifo.json");
    nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::S_IRWXU).expect("mkfifo");
    // A link, so the check is on what the path leads to, not on the link itself.
    let zero = dir.path().join("zero.json");
    std::os::unix::fs::symlink("/dev/zero", &zero).expect("link");
    let folder = dir.path().join("folder.json");
    std::fs::create_dir(&folder).expect("folder");
    let (l, r) = (article("000"), article("002"));
    for (store, kind) in [
        (&fifo, "a FIFO"),
        (&zero, "a device"),
        (&folder, "a directory"),
    ] {
        let shown = store.to_string_lossy();
        let args = ["export", &l, &r, "--format", "json", "--review", &shown];
        // Loose: loading and aligning the samples in a debug build on a busy machine.
        let out = diptych_within(&args, std::time::Duration::from_secs(60))
            .unwrap_or_else(|| panic!("{kind}: diptych hung"));
        assert_eq!(out.status.code(), Some(1), "{kind}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains(&*shown), "names the file: {err}");
        assert!(err.contains(kind), "{err}");
        assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    }
    // The reader's --fresh-review must not copy (and so read) what is no file either.
    let (lp, rp) = sample_paths();
    let (ld, rd) = (doc(&lp), doc(&rp));
    for mode in [OnUnreadable::Stop, OnUnreadable::Fresh] {
        for store in [&fifo, &zero, &folder] {
            let err = open(&ld, &rd, Some(store), dir.path(), false, mode)
                .expect_err("refused")
                .to_string();
            assert!(err.contains("not a regular file"), "{err}");
        }
    }
    // Asked to go on read-only, the reader opens with an empty review it never saves, and says
    // why.
    for store in [&fifo, &zero, &folder] {
        let opened = open(
            &ld,
            &rd,
            Some(store),
            dir.path(),
            false,
            OnUnreadable::ReadOnly,
        )
        .expect("opened read-only");
        assert!(!opened.writable && opened.store.entries.is_empty());
        let notice = opened.notice.expect("a notice");
        assert!(
            notice.contains("not a regular file") && notice.contains("read-only"),
            "{notice}"
        );
    }
    assert!(
        fifo.exists() && zero.exists() && folder.is_dir(),
        "all left as they were"
    );
}
