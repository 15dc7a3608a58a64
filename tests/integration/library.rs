//! Library mode: grouping the sample articles and generated folders into stories, the `rank`
//! JSON, bad files in a folder, and the picker on a test terminal.

use std::collections::BTreeSet;
use std::path::Path;

use diptych::library::folder::load_dir;
use diptych::library::synthetic::{Spec, generate};
use diptych::library::{Library, RankOptions};
use diptych::load::{Document, LoadOptions, load_bytes};
use diptych::review::session::Session;
use diptych::ui::browse::browse;
use diptych::ui::config::Config;
use diptych::ui::events::ScriptedEvents;
use diptych::ui::theme::Theme;
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::util::{diptych, root, screen_text, stderr, stdout};

fn samples() -> Library {
    let loaded = load_dir(&root().join("articles"), &LoadOptions::default(), 0).expect("folder");
    assert!(loaded.skipped.is_empty() && loaded.ignored.is_empty());
    Library::new(loaded.docs, &RankOptions::default())
}

/// The stories as sets of file-name prefixes ("000").
fn story_sets(lib: &Library) -> Vec<BTreeSet<String>> {
    lib.ranking
        .stories
        .iter()
        .map(|s| {
            s.articles
                .iter()
                .map(|&a| lib.articles[a].file_name()[..3].to_owned())
                .collect()
        })
        .collect()
}

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|s| (*s).to_owned()).collect()
}

#[test]
fn the_samples_are_two_stories_and_000_002_ranks_first() {
    let lib = samples();
    assert_eq!(lib.articles.len(), 5, "README.md is not an article");
    assert_eq!(
        story_sets(&lib),
        vec![set(&["000", "002", "004"]), set(&["001", "003"])]
    );
    let first = &lib.ranking.pairs[lib.ranking.stories[0].pairs[0]];
    let names = |i: usize| &lib.articles[i].file_name()[..3];
    assert_eq!((names(first.a), names(first.b)), ("000", "002"));
    assert_eq!(first, &lib.ranking.pairs[0], "the best pair of all");
    for story in &lib.ranking.stories {
        let shared: Vec<f32> = story
            .pairs
            .iter()
            .map(|&k| lib.ranking.pairs[k].shared)
            .collect();
        assert!(
            shared.windows(2).all(|w| w[0] >= w[1]),
            "ranked: {shared:?}"
        );
    }
}

fn generated(spec: &Spec) -> (Library, Vec<usize>) {
    let folder = generate(spec);
    let docs: Vec<Document> = folder
        .iter()
        .map(|g| load_bytes(&g.name, g.text.as_bytes(), &LoadOptions::default()).expect("loads"))
        .collect();
    let truth = folder.iter().map(|g| g.story).collect();
    (Library::new(docs, &RankOptions::default()), truth)
}

/// Every article is in exactly one story, and `story_of` agrees with the stories.
fn check_partition(lib: &Library) {
    let mut seen = vec![0; lib.articles.len()];
    for (s, story) in lib.ranking.stories.iter().enumerate() {
        for &a in &story.articles {
            seen[a] += 1;
            assert_eq!(lib.ranking.story_of[a], s);
        }
        for &k in &story.pairs {
            let p = &lib.ranking.pairs[k];
            assert!(story.articles.contains(&p.a) && story.articles.contains(&p.b));
        }
    }
    assert!(
        seen.iter().all(|&n| n == 1),
        "one story per article: {seen:?}"
    );
}

#[test]
fn unrelated_articles_stay_alone() {
    let spec = Spec {
        stories: 0,
        max_retellings: 1,
        singletons: 24,
        facts: 20,
        seed: 11,
    };
    let (lib, _) = generated(&spec);
    check_partition(&lib);
    assert_eq!(lib.ranking.stories.len(), 24);
    assert!(lib.ranking.stories.iter().all(|s| s.articles.len() == 1));
}

#[test]
fn a_generated_folder_is_grouped_as_generated() {
    let (lib, truth) = generated(&Spec::news_folder(40, 5));
    check_partition(&lib);
    for (a, &story) in truth.iter().enumerate() {
        for (b, &other) in truth.iter().enumerate() {
            let together = lib.ranking.story_of[a] == lib.ranking.story_of[b];
            assert_eq!(together, story == other, "articles {a} and {b}");
        }
    }
}

proptest! {
    #![proptest_config(crate::util::proptest_cases(6))]

    #[test]
    fn one_article_is_never_in_two_stories(seed in 0u64..10_000, n in 4usize..14) {
        let (lib, _) = generated(&Spec::news_folder(n, seed));
        check_partition(&lib);
        prop_assert_eq!(lib.articles.len(), n);
    }
}

#[test]
fn rank_json_has_articles_stories_and_ranked_pairs() {
    let out = diptych(&["rank", "articles", "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(v["version"], 1);
    assert_eq!(v["pairs_possible"], 10);
    let articles = v["articles"].as_array().expect("articles");
    assert_eq!(articles.len(), 5);
    for (i, a) in articles.iter().enumerate() {
        assert_eq!(a["index"], i);
        assert!(
            a["path"]
                .as_str()
                .is_some_and(|p| p.starts_with("articles/"))
        );
        assert!(a["headline"].as_str().is_some_and(|h| !h.is_empty()));
        assert!(a["words"].as_u64().is_some_and(|w| w > 100));
        assert!(a["source"].is_null() || a["source"].is_string());
    }
    assert_eq!(articles[0]["source"], "dpa · Source: Stern");
    let stories = v["stories"].as_array().expect("stories");
    assert_eq!(stories.len(), 2);
    assert_eq!(stories[0]["articles"], serde_json::json!([0, 2, 4]));
    assert_eq!(stories[1]["articles"], serde_json::json!([1, 3]));
    let best = &stories[0]["pairs"][0];
    assert_eq!((&best["left"], &best["right"]), (&0.into(), &2.into()));
    assert_eq!(best["same_story"], true);
    for (s, story) in stories.iter().enumerate() {
        for p in story["pairs"].as_array().expect("pairs") {
            for side in ["left", "right"] {
                let a = p[side].as_u64().expect("index") as usize;
                assert_eq!(articles[a]["story"], s);
            }
            assert!(
                p["shared"]
                    .as_f64()
                    .is_some_and(|x| (0.0..=1.0).contains(&x))
            );
            assert!(p["links"].as_u64().is_some());
        }
    }
}

#[test]
fn bad_files_in_a_folder_are_skipped_with_a_note_and_named_files_must_load() {
    let dir = tempfile::tempdir().expect("temp");
    for prefix in ["000", "002", "001"] {
        let src = root().join(crate::util::article(prefix));
        std::fs::copy(&src, dir.path().join(src.file_name().expect("name"))).expect("copy");
    }
    let write = |name: &str, bytes: &[u8]| std::fs::write(dir.path().join(name), bytes);
    write("empty.txt", b"").expect("write");
    write("binary.txt", b"\x00\x01\x02\x00binary\x00").expect("write");
    write("photo.jpg", b"\xff\xd8\xff").expect("write");
    write(".hidden.txt", b"Hidden text. Not an article.").expect("write");
    write("a--b.review.html", b"<html>report</html>").expect("write");
    write("README.md", b"# About these files\n\nThey are samples.").expect("write");
    let d = dir.path().to_string_lossy().into_owned();
    let out = diptych(&["rank", &d, "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(v["articles"].as_array().map(Vec::len), Some(3));
    let err = stderr(&out);
    assert!(
        err.contains("skipped") && err.contains("empty.txt: file is empty"),
        "{err}"
    );
    assert!(
        err.contains("binary.txt: looks like a binary file"),
        "{err}"
    );
    assert!(
        err.contains("1 file not taken for articles by extension (photo.jpg)"),
        "{err}"
    );
    assert!(!err.contains("hidden") && !err.contains("review") && !err.contains("README"));

    let empty = Path::new(&d)
        .join("empty.txt")
        .to_string_lossy()
        .into_owned();
    let a = crate::util::article("000");
    let b = crate::util::article("002");
    let out = diptych(&["rank", &a, &b, &empty]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
    assert!(stderr(&out).contains("empty.txt: file is empty"));
    assert!(stdout(&out).is_empty());
}

#[test]
fn reports_diptych_wrote_into_the_folder_are_not_taken_for_articles() {
    let dir = tempfile::tempdir().expect("temp");
    for prefix in ["000", "001", "002"] {
        let src = root().join(crate::util::article(prefix));
        std::fs::copy(&src, dir.path().join(src.file_name().expect("name"))).expect("copy");
    }
    let d = dir.path().to_string_lossy().into_owned();
    let store = dir
        .path()
        .join(".review.json")
        .to_string_lossy()
        .into_owned();
    // Reports under names of the user's choosing, as `-o` writes them.
    for (format, name) in [("html", "r.html"), ("markdown", "notes.md")] {
        let out_path = dir.path().join(name).to_string_lossy().into_owned();
        let (a, b) = (crate::util::article("000"), crate::util::article("002"));
        let out = diptych(&[
            "export", &a, &b, "--format", format, "--review", &store, "-o", &out_path,
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let out = diptych(&["rank", &d, "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    let names: Vec<&str> = v["articles"]
        .as_array()
        .expect("articles")
        .iter()
        .filter_map(|a| a["path"].as_str())
        .collect();
    assert_eq!(names.len(), 3, "{names:?}");
    assert!(names.iter().all(|n| n.ends_with(".txt")), "{names:?}");
    assert!(!stderr(&out).contains("r.html"), "{}", stderr(&out));
}

#[test]
fn a_folder_or_three_files_without_a_terminal_print_the_ranking() {
    let out = diptych(&["articles"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("Story 1 · 3 articles"), "{text}");
    assert!(text.contains("Story 2 · 2 articles"));
    let (a, b, c) = (
        crate::util::article("000"),
        crate::util::article("001"),
        crate::util::article("002"),
    );
    let out = diptych(&[&a, &b, &c]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Sharing no story with the others · 1"));
    let out = diptych(&["rank", "/no/such/folder"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("/no/such/folder: no such file"));
}

/// How the picker shows the share of the samples' best pair ("28% shared"), as the ranking
/// computes it: the row of that pair is found by it.
fn best_share() -> String {
    let best = samples()
        .ranking
        .pairs
        .iter()
        .map(|p| p.shared)
        .max_by(f32::total_cmp)
        .expect("pairs");
    format!("{:.0}% shared", best * 100.0)
}

/// The library mode loop on a test terminal, reviews in memory.
fn browse_screen(width: u16, height: u16, keys: &str) -> Terminal<TestBackend> {
    browse_recorded(width, height, keys, &|_, _| None)
}

/// The same, the progress of pairs read with `recorded`.
fn browse_recorded(
    width: u16,
    height: u16,
    keys: &str,
    recorded: &diptych::ui::browse::RecordedOf,
) -> Terminal<TestBackend> {
    let lib = samples();
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    let mut open = |l: &Document, r: &Document| {
        let engine = diptych::align::align(l, r, &RankOptions::default().align);
        let (session, alignment) = Session::in_memory(engine, l, r);
        Ok((session, std::sync::Arc::new(alignment)))
    };
    browse(
        &mut terminal,
        &mut ScriptedEvents::keys(keys),
        &lib,
        &Config::default(),
        &Theme::new(false),
        diptych::ui::browse::Reviews {
            open: &mut open,
            recorded,
        },
        &mut |_, _| Ok(None),
    )
    .expect("runs");
    terminal
}

#[test]
fn the_picker_lists_stories_articles_and_ranked_pairs() {
    let t = browse_screen(110, 20, "");
    insta::assert_snapshot!(crate::util::ranking_named(&t, &samples().ranking));
    let text = screen_text(&t);
    assert!(text.contains("Story 1 · 3 articles"), "{text}");
    assert!(text.contains("dpa · Source: Stern"));
}

#[test]
fn enter_opens_the_best_pair_and_a_key_switches_the_right_side_in_the_story() {
    let text = screen_text(&browse_screen(120, 30, "<Enter>"));
    assert!(text.contains("Lavrov: North Korea supports"), "{text}");
    assert!(text.contains("Russia’s Lavrov praises"), "{text}");
    let text = screen_text(&browse_screen(120, 30, "<Enter>}"));
    assert!(text.contains("North Korea Reaffirms"), "{text}");
    assert!(
        text.contains("right: 3 of 3 · 004_45861f541910adc8.txt"),
        "{text}"
    );
    // The left side moves on too, never onto the article on the right.
    let text = screen_text(&browse_screen(120, 30, "<Enter>{"));
    assert!(
        text.contains("left: 3 of 3 · 004_45861f541910adc8.txt"),
        "{text}"
    );
    // Back to the picker.
    let text = screen_text(&browse_screen(120, 30, "<Enter>p"));
    assert!(text.contains("Story 2 · 2 articles"), "{text}");
}

#[test]
fn two_articles_picked_by_hand_open_side_by_side() {
    // From the best pair of story 1: up to 004, pick it; down to story 2's 001, open both.
    let text = screen_text(&browse_screen(120, 30, "k<Enter>jjjj<Enter>"));
    assert!(text.contains("North Korea Reaffirms"), "{text}");
    assert!(text.contains("North Korea assures Russia"), "{text}");
}

#[test]
fn the_readers_help_lists_the_library_keys_only_in_library_mode() {
    let text = screen_text(&browse_screen(120, 40, "<Enter>?"));
    assert!(text.contains("right: next article of the story"), "{text}");
    assert!(text.contains("back to the stories and articles"), "{text}");
    let text = screen_text(&browse_screen(120, 40, "?"));
    assert!(text.contains("Enter  on a pair: compare the two"), "{text}");
}

#[test]
fn the_picker_names_pairs_by_headline_with_the_progress_their_stores_recorded() {
    use diptych::review::Status;
    use diptych::review::open::{OnUnreadable, open, recorded};
    // A review of 000 and 002 saved where the reader keeps reviews: one passage reviewed, one
    // flagged.
    let data = tempfile::tempdir().expect("data dir");
    let lib = samples();
    let find = |prefix: &str| {
        lib.articles
            .iter()
            .find(|a| a.file_name().starts_with(prefix))
            .map(|a| a.doc.clone())
            .expect("article")
    };
    let (l, r) = (find("000"), find("002"));
    let engine = diptych::align::align(&l, &r, &diptych::align::AlignOptions::default());
    let opened = open(&l, &r, None, data.path(), false, OnUnreadable::Stop).expect("store");
    let (mut session, alignment) = Session::new(opened, engine, &l, &r);
    let units = diptych::review::units(&diptych::layout::passages(&l, &r, &alignment), &alignment);
    let mut differing = units.iter().filter(|(_, d)| *d).map(|(u, _)| u);
    let (first, second) = (
        differing.next().expect("one"),
        differing.next().expect("two"),
    );
    session
        .set_status(first, Status::Reviewed, &l, &r)
        .expect("saved");
    session
        .set_status(second, Status::Flagged, &l, &r)
        .expect("saved");
    let differences = units.iter().filter(|(_, d)| *d).count();

    let read = |a: &Document, b: &Document| recorded(a, b, data.path());
    let text = screen_text(&browse_recorded(120, 20, "", &read));
    let pair = text
        .lines()
        .find(|line| line.contains('↔') && line.contains(&best_share()))
        .unwrap_or_else(|| panic!("the best pair:\n{text}"));
    assert!(pair.contains("↔ Lavrov: North Korea"), "{pair}");
    assert!(pair.contains("· Russia’s Lavrov praises"), "{pair}");
    assert!(
        !pair.contains("000_0e18"),
        "headlines, not file names: {pair}"
    );
    assert!(
        pair.contains(&format!("1 of {differences} reviewed · 1 flagged")),
        "{pair}"
    );
    assert!(text.contains("not reviewed yet"), "{text}");
}

#[test]
fn leaving_a_pair_shows_its_progress_in_the_picker() {
    // Enter opens the best pair, n goes to its first difference, x marks it reviewed, p goes
    // back: the reviews here are in memory, so this is the picker's own count.
    let text = screen_text(&browse_screen(120, 20, "<Enter>nxp"));
    let pair = text
        .lines()
        .find(|line| line.contains('↔') && line.contains(&best_share()))
        .unwrap_or_else(|| panic!("the best pair:\n{text}"));
    assert!(
        pair.contains("links · 1 of ") && pair.trim_end().ends_with(" reviewed"),
        "progress after reviewing one passage: {pair}"
    );
}

#[test]
fn typing_a_filter_narrows_the_picker_and_escape_clears_it() {
    // "icaro" is in one article's source line: that article and its pair are left, under
    // their story's heading.
    let t = browse_screen(110, 20, "/icaro");
    insta::assert_snapshot!(crate::util::ranking_named(&t, &samples().ranking));
    let text = screen_text(&t);
    assert!(text.contains("Story 2 · 2 articles"), "{text}");
    assert!(text.contains("ICARO Media Group"), "{text}");
    assert!(!text.contains("Story 1"), "{text}");
    assert!(!text.contains("dpa · Source: Stern"), "{text}");
    assert!(text.contains("/icaro▏ · 2 shown"), "{text}");
    // Words are matched in any order, case aside.
    let text = screen_text(&browse_screen(110, 20, "/REAFFIRMS korea"));
    assert!(text.contains("North Korea Reaffirms"), "{text}");
    assert!(!text.contains("Story 2"), "{text}");
    // Esc clears it.
    let text = screen_text(&browse_screen(110, 20, "/icaro<Esc>"));
    assert!(
        text.contains("Story 1") && text.contains("Story 2"),
        "{text}"
    );
    // Nothing left: said so.
    let text = screen_text(&browse_screen(110, 20, "/no such words"));
    assert!(text.contains("nothing matches “no such words”"), "{text}");
    // Enter keeps the filter; Enter again opens the pair under the cursor.
    let text = screen_text(&browse_screen(120, 30, "/icaro<Enter><Enter>"));
    assert!(text.contains("North Korea assures Russia"), "{text}");
    assert!(text.contains("North Korea Pledges Unwavering"), "{text}");
}

#[test]
fn a_pair_opened_from_its_story_sets_its_figures_against_each_other() {
    // 000 and 004 share little but are one story here: the reader opened on them compares
    // their soldier counts, and says nothing about different events.
    let text = screen_text(&browse_screen(
        140,
        40,
        "/goals unconditional<Enter><Enter>F",
    ));
    assert!(
        text.contains("around 14,000 soldiers ≠ an estimated 11,000 soldiers"),
        "{text}"
    );
    assert!(!text.contains("share little"), "{text}");
}

#[test]
fn copies_of_one_article_are_listed_as_copies_and_aligned_once() {
    // Syndicated wire copy: 400 copies of one article (one with quotation marks of its own,
    // one with a line added), beside a retelling and an article about another event. Before
    // copies were set aside every pair of copies was aligned: 80,000 alignments, a minute.
    let text =
        |p: &str| std::fs::read_to_string(root().join(crate::util::article(p))).expect("sample");
    let original = text("000");
    let opts = LoadOptions::default();
    let mut docs: Vec<Document> = (0..400)
        .map(|i| {
            let body = match i {
                7 => original.replace(['“', '”'], "\""),
                9 => format!("{original}\n\nThis report was updated by the desk.\n"),
                _ => original.clone(),
            };
            load_bytes(&format!("copy{i:03}.txt"), body.as_bytes(), &opts).expect("loads")
        })
        .collect();
    for p in ["002", "001"] {
        docs.push(load_bytes(&format!("{p}.txt"), text(p).as_bytes(), &opts).expect("loads"));
    }
    let lib = Library::new(docs, &RankOptions::default());
    let r = &lib.ranking;
    assert_eq!(r.copy_of[0], None);
    assert!(
        (1..400).all(|i| r.copy_of[i] == Some(0)),
        "{:?}",
        &r.copy_of[..12]
    );
    assert_eq!(&r.copy_of[400..], &[None, None]);
    // The three distinct articles' pairs at most.
    assert!(r.pairs.len() <= 3, "{:?}", r.pairs);
    let story = lib.story_of(0).expect("a story");
    assert!(
        story.articles.contains(&399) && story.articles.contains(&400),
        "the copies and the retelling"
    );
    let json: serde_json::Value =
        serde_json::from_str(&diptych::export::rank::to_json(&lib)).expect("json");
    assert_eq!(json["articles"][9]["copy_of"], 0);
    assert!(json["articles"][0].get("copy_of").is_none());
    let text = diptych::export::rank::to_text(&lib);
    assert!(
        text.contains("copy399.txt") && text.contains("copy of copy000.txt"),
        "{text}"
    );
}
