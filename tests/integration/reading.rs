//! Reading a pair as a user does (issue 18, items 3 to 7): highlights as layers, stepping from
//! what is on screen, moved passages' word differences, unsynced panes that keep their marks,
//! and a status line that counts one way and shortens instead of cutting. The real loop on a
//! `TestBackend`, driven by keys, for the sample pair 000/002; styles are read from the cells.

use diptych::align::{AlignOptions, align};
use diptych::load::{LoadOptions, load};
use diptych::ui::App;
use diptych::ui::keymap::Keymap;
use diptych::ui::rows::Comparison;
use diptych::ui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Cell;
use ratatui::style::{Color, Modifier};

use crate::util::{article, diptych, drive, root, screen_text, stdout};

/// Where the panes are on a 120-column screen.
pub(crate) const LEFT: std::ops::Range<u16> = 0..56;
const GUTTER: std::ops::Range<u16> = 56..63;
pub(crate) const RIGHT: std::ops::Range<u16> = 63..118;

/// The reader on the sample pair 000/002.
pub(crate) fn app(color: bool) -> App {
    let open = |prefix: &str| {
        load(
            &root().join(article(prefix)).to_string_lossy(),
            &LoadOptions::default(),
        )
        .expect("sample article")
    };
    let (l, r) = (open("000"), open("002"));
    let a = align(&l, &r, &AlignOptions::default());
    App::new(
        Comparison::new(l, r, a),
        Keymap::default(),
        Theme::new(color),
    )
}

fn screen(color: bool, keys: &str) -> Terminal<TestBackend> {
    drive(&mut app(color), 120, 40, keys)
}

/// A pair written for these tests, so that what they look at does not depend on how the
/// engine happens to align the samples: a paragraph that moved and was reworded a little, and
/// a figure that differs (a fact) in an otherwise equal sentence.
const MOVED_LEFT: &str = "Army sends troops north.\n\nThe army sent 14,000 soldiers to the \
    northern front last week, officials said.\n\nThe weather in the region was cold and wet \
    for most of the month.\n\nLocal farmers complained about the damage to their fields and \
    roads.\n";
const MOVED_RIGHT: &str = "Local farmers complained about damage to their fields and roads, \
    a report said.\n\nArmy sends troops north.\n\nThe army sent 11,000 soldiers to the \
    northern front last week, officials said.\n\nThe weather in the region was cold and wet \
    for most of the month.\n";

/// The reader on `MOVED_LEFT` beside `MOVED_RIGHT`.
pub(crate) fn written_pair(color: bool) -> App {
    let doc = |name: &str, text: &str| {
        diptych::load::load_bytes(name, text.as_bytes(), &LoadOptions::default()).expect("doc")
    };
    let (l, r) = (doc("left.txt", MOVED_LEFT), doc("right.txt", MOVED_RIGHT));
    let a = align(&l, &r, &AlignOptions::default());
    App::new(
        Comparison::new(l, r, a),
        Keymap::default(),
        Theme::new(color),
    )
}

/// The differences of the pair, as review progress counts them (the comparison under test
/// says how many, not the test).
fn differences() -> usize {
    app(false).cmp.units().iter().filter(|(_, d)| *d).count()
}

/// The cells spelling `word` in the columns `within`, at its first occurrence there.
fn cells<'a>(
    t: &'a Terminal<TestBackend>,
    word: &str,
    within: std::ops::Range<u16>,
) -> Vec<&'a Cell> {
    let buf = t.backend().buffer();
    for y in 0..buf.area.height {
        let line: String = within.clone().map(|x| buf[(x, y)].symbol()).collect();
        if let Some(at) = line.find(word) {
            let x = within.start + line[..at].chars().count() as u16;
            let n = word.chars().count() as u16;
            return (x..x + n).map(|x| &buf[(x, y)]).collect();
        }
    }
    panic!("{word:?} not on screen:\n{}", screen_text(t));
}

fn all(cells: &[&Cell], test: impl Fn(&Cell) -> bool) -> bool {
    !cells.is_empty() && cells.iter().all(|c| test(c))
}

fn underlined(c: &Cell) -> bool {
    c.modifier.contains(Modifier::UNDERLINED)
}

/// The status line (the screen's last row).
pub(crate) fn status(t: &Terminal<TestBackend>) -> String {
    screen_text(t).lines().last().unwrap_or_default().to_owned()
}

// Item 3: highlights are layers.

#[test]
fn a_fact_is_marked_over_the_word_differences_not_instead_of_them() {
    // 14,000 against 11,000 soldiers: a fact discrepancy on words the diff marks.
    let mut app = written_pair(true);
    let t = drive(&mut app, 120, 40, "");
    let removed = cells(&t, "14,000", LEFT);
    assert!(
        all(&removed, |c| c.fg == Color::Red
            && underlined(c)
            && c.underline_color == Color::Yellow),
        "a removed figure stays red under the fact mark: {removed:?}"
    );
    let added = cells(&t, "11,000", RIGHT);
    assert!(
        all(&added, |c| c.fg == Color::Green
            && underlined(c)
            && c.underline_color == Color::Yellow),
        "an added figure stays green under the fact mark: {added:?}"
    );
    // Without colour: changed words in reverse video, the fact underlined over them.
    let mut app = written_pair(false);
    let t = drive(&mut app, 120, 40, "");
    let removed = cells(&t, "14,000", LEFT);
    assert!(
        all(&removed, |c| c.modifier.contains(Modifier::REVERSED)
            && underlined(c)),
        "{removed:?}"
    );
    let plain = cells(&t, "army", LEFT);
    assert!(
        all(&plain, |c| !c.modifier.contains(Modifier::REVERSED)
            && !underlined(c)),
        "{plain:?}"
    );
}

#[test]
fn the_finding_chosen_in_the_facts_panel_stands_out_from_the_others() {
    // Enter on the first finding (the "Our Korean friends" quote); a right passage on the
    // same screen has a one-sided quote, "I thought it would be better…", marked but not
    // chosen.
    for color in [true, false] {
        let t = screen(color, "F<Enter>");
        let stands_out = |c: &Cell| {
            if color {
                c.modifier.contains(Modifier::REVERSED)
            } else {
                c.modifier.contains(Modifier::BOLD)
            }
        };
        let chosen = cells(&t, "Korean friends", LEFT);
        assert!(
            all(&chosen, |c| underlined(c) && stands_out(c)),
            "{chosen:?}"
        );
        let other = cells(&t, "thought it would", RIGHT);
        assert!(
            all(&other, |c| underlined(c) && !stands_out(c)),
            "{other:?}"
        );
    }
}

#[test]
fn a_key_turns_each_layer_off_and_on() {
    // In the panes (the overview column has its own colours).
    let coloured = |t: &Terminal<TestBackend>, colour: Color| {
        let buf = t.backend().buffer();
        (1..39).any(|y| LEFT.chain(RIGHT).any(|x| buf[(x, y)].fg == colour))
    };
    let fact = |t: &Terminal<TestBackend>| {
        t.backend()
            .buffer()
            .content
            .iter()
            .any(|c| c.underline_color == Color::Yellow)
    };
    // Word differences: red and green words, gone after w, back after w again.
    assert!(coloured(&screen(true, ""), Color::Red));
    let t = screen(true, "w");
    assert!(!coloured(&t, Color::Red) && !coloured(&t, Color::Green));
    assert!(status(&t).contains("words unmarked"), "{}", status(&t));
    assert!(coloured(&screen(true, "ww"), Color::Red));
    // Facts: h.
    assert!(fact(&screen(true, "/Our Korean<Enter>")));
    assert!(!fact(&screen(true, "/Our Korean<Enter>h")));
    // Search matches: backslash; the search itself stays (Ctrl-n still steps).
    let searched = |t: &Terminal<TestBackend>| {
        cells(t, "14,000", LEFT)
            .iter()
            .all(|c| c.bg == Color::Yellow)
    };
    assert!(searched(&screen(true, "/14,000<Enter>")));
    let t = screen(true, "/14,000<Enter>\\");
    assert!(!searched(&t));
    assert!(status(&t).contains("matches unmarked"), "{}", status(&t));
}

#[test]
fn the_help_shows_a_legend_of_the_marks_in_their_own_styles() {
    let t = screen(true, "?");
    assert!(
        screen_text(&t).contains("Marks: removed"),
        "{}",
        screen_text(&t)
    );
    let everywhere = 0..120;
    assert!(all(&cells(&t, "removed", everywhere.clone()), |c| c.fg
        == Color::Red));
    assert!(all(&cells(&t, "added", everywhere.clone()), |c| c.fg
        == Color::Green));
    assert!(all(&cells(&t, "chosen fact", everywhere), |c| underlined(
        c
    ) && c
        .modifier
        .contains(Modifier::REVERSED)));
    for key in ["word differences", "facts marked", "search matches marked"] {
        assert!(screen_text(&t).contains(key), "{key}");
    }
}

#[test]
fn reports_mark_facts_over_the_word_differences() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = dir.path().join("review.json");
    let store = store.to_string_lossy();
    let (left, right) = (dir.path().join("left.txt"), dir.path().join("right.txt"));
    std::fs::write(&left, MOVED_LEFT).expect("left");
    std::fs::write(&right, MOVED_RIGHT).expect("right");
    let export = |format: &str| {
        let out = diptych(&[
            "export",
            &left.to_string_lossy(),
            &right.to_string_lossy(),
            "--format",
            format,
            "--review",
            &store,
        ]);
        assert!(out.status.success(), "{}", crate::util::stderr(&out));
        stdout(&out)
    };
    let html = export("html");
    assert!(
        html.contains("<span class=\"only fact\">14,000")
            && html.contains("<span class=\"only fact\">11,000"),
        "a fact's span keeps its word-difference class"
    );
    let md = export("markdown");
    assert!(!md.contains("***"), "no run of emphasis markers");
    assert!(
        md.contains("<ins>**14,000** soldiers</ins>"),
        "the figure underlined as a fact, its difference in bold inside"
    );
    assert_eq!(md.matches("<ins>").count(), md.matches("</ins>").count());
}

// Item 4: n and the fact steps start from what is on screen.

#[test]
fn after_the_bottom_n_wraps_to_the_first_difference() {
    let n = differences();
    let t = screen(false, "nnnGn");
    assert!(
        status(&t).contains(&format!("difference 1 of {n}: ")) && status(&t).contains("(wrapped)"),
        "{}",
        status(&t)
    );
    // N from the bottom goes back from there, not from where n left the selection.
    let t = screen(false, "nnnGN");
    let s = status(&t);
    let (at, of) = s
        .split("passage ")
        .nth(1)
        .and_then(|r| r.split_once(" of "))
        .map(|(a, r)| {
            (
                a.to_owned(),
                r.split(' ').next().unwrap_or_default().to_owned(),
            )
        })
        .unwrap_or_default();
    let (at, of): (usize, usize) = (at.parse().unwrap_or(0), of.parse().unwrap_or(0));
    assert!(at + 3 >= of && of > 0, "{s}");
}

#[test]
fn fact_steps_start_from_the_top_after_g() {
    let t = screen(false, "nnnngtn");
    assert!(status(&t).contains("fact 1 of"), "{}", status(&t));
}

#[test]
fn the_first_screen_has_a_selected_passage_with_its_rows_highlighted() {
    let t = screen(false, "");
    let buf = t.backend().buffer();
    // Passage 1 (the headline) takes the first two rows of the body.
    for y in 1..3 {
        assert!(
            GUTTER
                .clone()
                .all(|x| buf[(x, y)].modifier.contains(Modifier::REVERSED)),
            "the gutter of row {y} is in the selection band:\n{}",
            screen_text(&t)
        );
    }
    assert!(
        !GUTTER
            .clone()
            .any(|x| buf[(x, 4)].modifier.contains(Modifier::REVERSED)),
        "the next passage's rows are not"
    );
    assert!(status(&t).contains("passage 1 of"), "{}", status(&t));
}

#[test]
fn a_page_down_selects_a_passage_on_the_new_screen() {
    let t = screen(false, "<PgDn>");
    let buf = t.backend().buffer();
    let banded = (1..39).any(|y| {
        GUTTER
            .clone()
            .all(|x| buf[(x, y)].modifier.contains(Modifier::REVERSED))
    });
    assert!(banded, "{}", screen_text(&t));
}

// Item 5: moved passages get word differences.

#[test]
fn moved_passages_show_their_word_differences_and_the_moved_mark() {
    // The farmers' paragraph moved to the top of the right article, a little reworded.
    for keys in ["", "l"] {
        let mut app = written_pair(true);
        let t = drive(&mut app, 120, 40, keys);
        let removed = cells(&t, "the damage", LEFT);
        assert!(
            removed[..3].iter().all(|c| c.fg == Color::Red),
            "{keys:?}: a word only the left has: {removed:?}"
        );
        let kept = cells(&t, "farmers", LEFT);
        assert!(
            all(&kept, |c| c.fg == Color::Magenta),
            "{keys:?}: the rest in the moved colour: {kept:?}"
        );
    }
    // The right side, in the layout that puts it beside the left.
    let mut app = written_pair(true);
    let t = drive(&mut app, 120, 40, "l");
    let added = cells(&t, "report", RIGHT);
    assert!(all(&added, |c| c.fg == Color::Green), "{added:?}");
}

// Item 6: unsynced panes keep their marks.

#[test]
fn panes_scrolled_apart_keep_their_own_gutter_marks() {
    // s, then the right pane alone a few rows down.
    let t = screen(false, "s<Tab>jjj");
    let buf = t.backend().buffer();
    let gutter: String = (1..39)
        .flat_map(|y| GUTTER.clone().map(move |x| (x, y)))
        .map(|p| buf[p].symbol().to_owned())
        .collect();
    for mark in ["≈", ">", "<"] {
        assert!(
            gutter.contains(mark),
            "{mark} missing:\n{}",
            screen_text(&t)
        );
    }
    assert!(
        gutter.chars().any(|c| c.is_ascii_digit()),
        "similarities shown"
    );
    assert!(
        status(&t).contains("unsynced · s to sync"),
        "{}",
        status(&t)
    );
}

#[test]
fn enter_on_a_fact_far_apart_says_the_panes_are_unsynced() {
    // The facts panel's 14,000/11,000 figure sits in passages far apart on 000/004; on 000/002
    // the first finding shares a passage, so this opens 000 beside 004.
    let open = |prefix: &str| {
        load(
            &root().join(article(prefix)).to_string_lossy(),
            &LoadOptions::default(),
        )
        .expect("sample article")
    };
    let (l, r) = (open("000"), open("004"));
    let a = align(&l, &r, &AlignOptions::default());
    let mut app = App::new(
        Comparison::new(l, r, a),
        Keymap::default(),
        Theme::new(false),
    );
    let t = drive(&mut app, 120, 40, "F<Enter>");
    assert!(!app.state.sync, "the panes went apart");
    assert!(
        status(&t).contains("unsynced · s to sync"),
        "{}",
        status(&t)
    );
}

// Item 7: one count, flags apart, shortened not cut.

#[test]
fn a_difference_is_counted_the_same_way_everywhere() {
    let n = differences();
    // Every difference in turn: "difference k of N" with the N the progress counts.
    let mut keys = String::new();
    for k in 1..=n + 2 {
        keys.push('n');
        let t = screen(false, &keys);
        let s = status(&t);
        assert!(
            s.contains(&format!("of {n} reviewed")) && s.contains(&format!(" of {n}: ")),
            "step {k}: {s}"
        );
    }
}

#[test]
fn a_flag_is_counted_apart_from_a_review() {
    let n = differences();
    let t = screen(false, "f");
    assert!(
        status(&t).contains(&format!("0 of {n} reviewed · 1 flagged")),
        "{}",
        status(&t)
    );
    let t = screen(false, "xf");
    assert!(
        status(&t).contains(&format!("1 of {n} reviewed · 1 flagged")),
        "{}",
        status(&t)
    );
}

#[test]
fn a_narrow_status_line_shortens_instead_of_cutting() {
    let t = drive(&mut app(false), 50, 20, "");
    let s = status(&t);
    assert!(s.contains("reviewed"), "the progress is whole: {s}");
    assert!(s.contains("1/"), "the position is there: {s}");
}

#[test]
fn a_long_message_is_shortened_in_the_middle_and_whole_in_the_list() {
    let query = format!("no{}such", "-".repeat(120));
    let t = drive(&mut app(false), 80, 24, &format!("/{query}<Enter>"));
    let s = status(&t);
    assert!(s.contains("no match for \"no---"), "its start: {s}");
    assert!(s.contains("---such\""), "its end: {s}");
    assert!(s.contains('…'), "{s}");
    let t = drive(&mut app(false), 80, 24, &format!("/{query}<Enter>o"));
    // The overlay's inside, row by row, joined.
    let text: String = screen_text(&t)
        .lines()
        .filter_map(|l| {
            let (from, to) = (l.find('│')?, l.rfind('│')?);
            (from < to).then(|| l[from + '│'.len_utf8()..to].replace([' ', '•'], ""))
        })
        .collect();
    assert!(
        text.contains(&format!("nomatchfor\"{query}\"")),
        "the whole message in the list:\n{}",
        screen_text(&t)
    );
}

// Issue 15: repeats and two languages, as the reader shows them.

#[test]
fn a_repeated_statement_is_marked_in_the_gutter() {
    let mut app = app(false);
    let repeat = app
        .cmp
        .alignment
        .repeats
        .first()
        .cloned()
        .expect("the sample pair has a repeat (000 says one thing twice)");
    let first_words: String = app
        .cmp
        .left
        .sentences
        .at(repeat.left)
        .text
        .chars()
        .take(24)
        .collect();
    // Gone to by search, which is then cleared.
    let t = drive(&mut app, 120, 40, &format!("/{first_words}<Enter><Esc>"));
    let row = screen_text(&t)
        .lines()
        .find(|l| l.contains(&first_words))
        .map(str::to_owned)
        .unwrap_or_else(|| panic!("{first_words:?} on screen:\n{}", screen_text(&t)));
    assert!(row.contains('↺'), "the repeat's gutter says so: {row}");
}

#[test]
fn two_languages_are_named_in_the_title_row_and_only_figures_marked() {
    let doc = |name: &str, text: &str| {
        diptych::load::load_bytes(name, text.as_bytes(), &LoadOptions::default()).expect("doc")
    };
    let en = doc(
        "en.txt",
        "Army moves troops north.\n\nAbout 14,000 soldiers took part in the exercise, officials \
         said on Tuesday.\n\nHeavy rain flooded the streets of the old town on Wednesday.\n",
    );
    let de = doc(
        "de.txt",
        "Armee verlegt Truppen nach Norden.\n\nRund 11.000 Soldaten nahmen an der Übung teil, \
         sagten Beamte am Dienstag.\n\nStarker Regen überflutete am Mittwoch die Straßen der \
         Altstadt.\n",
    );
    let a = align(&en, &de, &AlignOptions::default());
    let mut app = App::new(
        Comparison::new(en, de, a),
        Keymap::default(),
        Theme::new(true),
    );
    let t = drive(&mut app, 120, 40, "");
    let text = screen_text(&t);
    let title = text.lines().next().unwrap_or_default();
    assert!(
        title.contains("English · ") && title.contains("German · "),
        "{title}"
    );
    assert!(status(&t).contains("English and German"), "{}", status(&t));
    // The figures differ and are marked; the translated words around them are not.
    assert!(all(&cells(&t, "14,000", LEFT), |c| c.fg == Color::Red));
    assert!(all(&cells(&t, "11.000", RIGHT), |c| c.fg == Color::Green));
    assert!(all(&cells(&t, "soldiers", LEFT), |c| c.fg != Color::Red));
    assert!(all(&cells(&t, "Soldaten", RIGHT), |c| c.fg != Color::Green));
}

// What users of vim and less expect: a count before `G` goes to that passage.

#[test]
fn a_count_then_g_goes_to_that_passage_and_unfolds_it() {
    let mut app = app(false);
    let total = app
        .cmp
        .passages(diptych::ui::state::Arrangement::SourceOrder)
        .len();
    let t = drive(&mut app, 120, 40, "12G");
    assert!(
        status(&t).contains(&format!("passage 12 of {total}")),
        "{}",
        status(&t)
    );
    assert_eq!(app.state.selected, Some(11));
    // A passage hidden by "differences only" (an equal one far from any difference) is shown
    // again, selected.
    let mut app = written_pair(false);
    let total = app
        .cmp
        .passages(diptych::ui::state::Arrangement::SourceOrder)
        .len();
    let ps = app
        .cmp
        .passages(diptych::ui::state::Arrangement::SourceOrder)
        .to_vec();
    let t = drive(&mut app, 120, 40, "d-");
    let folded = ps
        .iter()
        .position(|p| !p.kind.is_difference())
        .expect("an equal passage");
    assert!(
        screen_text(&t).contains("folded"),
        "d- folds equal passages"
    );
    let mut app = written_pair(false);
    let t = drive(&mut app, 120, 40, &format!("d-{}G", folded + 1));
    assert!(!app.state.differences_only, "unfolded");
    assert_eq!(app.state.selected, Some(folded));
    assert!(
        status(&t).contains(&format!("passage {} of {total}", folded + 1))
            && status(&t).contains("all passages shown again"),
        "{}",
        status(&t)
    );
    let t = drive(&mut written_pair(false), 120, 40, "999G");
    assert!(
        status(&t).contains("there is no passage 999"),
        "{}",
        status(&t)
    );
}

#[test]
fn s_swaps_the_articles_keeping_the_review_and_the_passage_being_read() {
    let mut app = written_pair(false);
    // Mark a difference reviewed, then swap.
    let t = drive(&mut app, 120, 40, "nxS");
    assert_eq!(app.cmp.left.path, "right.txt");
    assert_eq!(app.cmp.right.path, "left.txt");
    let text = screen_text(&t);
    assert!(status(&t).contains("sides swapped"), "{}", status(&t));
    assert!(
        status(&t).contains("1/2 reviewed") || status(&t).contains("1 of 2 reviewed"),
        "the review went along: {}",
        status(&t)
    );
    // The right article's own first paragraph is now on the left of the first row.
    let first = text.lines().nth(1).unwrap_or_default();
    assert!(
        first[..first.len() / 2].contains("Local farmers complained"),
        "{text}"
    );
    // The fact is marked the other way round: 11,000 is now the left's (removed) figure.
    let t = drive(&mut written_pair(true), 120, 40, "S");
    assert!(all(&cells(&t, "11,000", LEFT), |c| c.fg == Color::Red));
    assert!(all(&cells(&t, "14,000", RIGHT), |c| c.fg == Color::Green));
}

#[test]
fn i_leaves_punctuation_and_number_formats_out_of_the_word_differences() {
    let doc = |name: &str, text: &str| {
        diptych::load::load_bytes(name, text.as_bytes(), &LoadOptions::default()).expect("doc")
    };
    let pair = || {
        let l = doc(
            "l.txt",
            "Troops arrive.\n\nAbout 14,000 soldiers, and their tanks, arrived on Monday.\n",
        );
        let r = doc(
            "r.txt",
            "Troops arrive.\n\nAbout 14.000 soldiers and their tanks arrived on Monday!\n",
        );
        let a = align(&l, &r, &AlignOptions::default());
        App::new(
            Comparison::new(l, r, a),
            Keymap::default(),
            Theme::new(true),
        )
    };
    let red =
        |t: &Terminal<TestBackend>, word: &str| all(&cells(t, word, LEFT), |c| c.fg == Color::Red);
    // The comma after "soldiers" (the word itself is the same on both sides).
    let comma = |t: &Terminal<TestBackend>| {
        cells(t, "soldiers,", LEFT)
            .last()
            .is_some_and(|c| c.fg == Color::Red)
    };
    let t = drive(&mut pair(), 120, 40, "");
    assert!(red(&t, "14,000") && comma(&t), "all marked by default");
    // i: punctuation, i again: number formats, once more: both.
    let t = drive(&mut pair(), 120, 40, "i");
    assert!(red(&t, "14,000") && !comma(&t));
    assert!(
        status(&t).contains("ignoring punctuation"),
        "{}",
        status(&t)
    );
    let t = drive(&mut pair(), 120, 40, "ii");
    assert!(!red(&t, "14,000"));
    let t = drive(&mut pair(), 120, 40, "iii");
    assert!(!red(&t, "14,000") && !comma(&t));
    assert!(
        status(&t).contains("ignoring punctuation and number formats"),
        "{}",
        status(&t)
    );
}
