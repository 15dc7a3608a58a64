//! Reader keys the README promises that no other test pressed (issue 19, item 5): the page
//! keys, `m`, `u` `U`, `Ctrl-n` `Ctrl-p`, `Tab` and `o`. The real loop on a `TestBackend`,
//! driven by keys; what is asserted is what the user sees (the panes' text, the status line,
//! the overlay) and which passage is selected. Where the answer would otherwise be a fact about
//! the sample articles, it is read from the comparison under test.

use diptych::align::{AlignOptions, align};
use diptych::layout::PassageKind;
use diptych::load::{Document, LoadOptions, load_bytes};
use diptych::review::open::{OnUnreadable, open};
use diptych::review::session::Session;
use diptych::ui::App;
use diptych::ui::keymap::Keymap;
use diptych::ui::rows::Comparison;
use diptych::ui::state::Arrangement;
use diptych::ui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::reading::{LEFT, RIGHT, app, status, written_pair};
use crate::util::{drive, screen_text};

/// The panes' text on body row `y` of a 120-column screen (the gutter and the overview column
/// left out: the selection band and the visible-part mark move with every key).
fn panes(t: &Terminal<TestBackend>, y: u16) -> String {
    let buf = t.backend().buffer();
    LEFT.chain(RIGHT)
        .map(|x| buf[(x, y)].symbol())
        .collect::<String>()
}

/// The panes' text of every body row (between the title row and the status line).
fn body(t: &Terminal<TestBackend>) -> Vec<String> {
    let h = t.backend().buffer().area.height;
    (1..h - 1).map(|y| panes(t, y)).collect()
}

/// The sample pair on a 120×40 screen after `keys`.
fn sample(keys: &str) -> Terminal<TestBackend> {
    drive(&mut app(false), 120, 40, keys)
}

#[test]
fn page_keys_move_by_a_page_a_half_page_and_to_either_end() {
    let first = body(&sample(""));
    let h = first.len();
    // A page down keeps the last row of the page as the first of the next (as less does).
    for down in ["<PgDn>", " "] {
        let page = body(&sample(down));
        assert_ne!(page, first, "{down:?} moved");
        assert_eq!(
            page[0],
            first[h - 1],
            "{down:?}: the last row is now the first"
        );
    }
    for back in ["<PgDn><PgUp>", "<PgDn>b", " b", " <PgUp>", "<C-d><C-u>"] {
        assert_eq!(body(&sample(back)), first, "{back:?} came back to the top");
    }
    let half = body(&sample("<C-d>"));
    assert_eq!(half[0], first[h / 2], "Ctrl-d moves half a page");
    // The end: the last passage is selected, and nothing is below it.
    let passages = app(false).cmp.passages(Arrangement::SourceOrder).len();
    let end = sample("G");
    assert!(
        status(&end).contains(&format!("passage {passages} of {passages}")),
        "{}",
        status(&end)
    );
    assert_ne!(body(&end), first);
    assert_eq!(body(&sample("<End>")), body(&end), "End is G");
    assert_eq!(body(&sample("Gj")), body(&end), "nothing below the bottom");
    assert_eq!(body(&sample("Gg")), first, "g goes back to the top");
    assert_eq!(body(&sample("G<Home>")), first, "Home is g");
}

/// The positions (source order, from 0) of the passages of `app` of `kind`.
fn of_kind(app: &App, kind: PassageKind) -> Vec<usize> {
    app.cmp
        .passages(Arrangement::SourceOrder)
        .iter()
        .enumerate()
        .filter(|(_, p)| p.kind == kind)
        .map(|(k, _)| k)
        .collect()
}

#[test]
fn m_goes_to_a_moved_passages_counterpart_and_back() {
    // The farmers' paragraph moved from the end of the left article to the start of the right.
    let moved = of_kind(&written_pair(false), PassageKind::Moved);
    assert_eq!(moved.len(), 2, "one moved link, shown on each side apart");
    let (a, b) = (moved[0], moved[1]);
    let mut reader = written_pair(false);
    let t = drive(&mut reader, 120, 40, &format!("{}Gm", a + 1));
    assert_eq!(reader.state.selected, Some(b), "m went to the counterpart");
    assert!(
        status(&t).contains("counterpart in the left article (m: back)"),
        "{}",
        status(&t)
    );
    let mut reader = written_pair(false);
    let t = drive(&mut reader, 120, 40, &format!("{}Gmm", a + 1));
    assert_eq!(reader.state.selected, Some(a), "m again came back");
    assert!(status(&t).contains("counterpart in the right article"));
    // Elsewhere m says what it needs; in the rearranged layout the two halves are one row.
    let equal = of_kind(&written_pair(false), PassageKind::Equal)[0];
    let t = drive(
        &mut written_pair(false),
        120,
        40,
        &format!("{}Gm", equal + 1),
    );
    assert!(
        status(&t).contains("select a moved passage first"),
        "{}",
        status(&t)
    );
    let mut reader = written_pair(false);
    let t = drive(&mut reader, 120, 40, "l/farmers<Enter>m");
    assert!(
        status(&t).contains("its counterpart is beside it in this layout"),
        "{}",
        status(&t)
    );
}

/// A council report and its retelling, written for these tests: three differences (two
/// changed sentences and one the left alone has) between equal ones, and "quay" in three
/// passages.
const COUNCIL_LEFT: &str = "The council met on Monday to discuss the harbour plans.\n\n\
    It approved the budget for the new quay after a long debate.\n\n\
    The harbour master welcomed the decision in a short statement.\n\n\
    Only the left article says that the mayor left the meeting early.\n\n\
    Work on the quay starts in the spring of next year, the council said.\n\n\
    The quay will cost nine million euros in total, according to the plans.\n";
const COUNCIL_RIGHT: &str = "The council met on Monday to discuss the harbour plans.\n\n\
    It approved the money for the new quay after a short debate.\n\n\
    The harbour master welcomed the decision in a short statement.\n\n\
    Work on the quay starts in the spring of next year, the council said.\n\n\
    The quay will cost eleven million euros in total, according to the plans.\n";

/// A document from `text`, named `name`.
fn doc(name: &str, text: &str) -> Document {
    load_bytes(name, text.as_bytes(), &LoadOptions::default()).expect("doc")
}

/// The reader on the council pair, its review in memory.
fn council() -> App {
    let (l, r) = (
        doc("left.txt", COUNCIL_LEFT),
        doc("right.txt", COUNCIL_RIGHT),
    );
    let a = align(&l, &r, &AlignOptions::default());
    App::new(
        Comparison::new(l, r, a),
        Keymap::default(),
        Theme::new(false),
    )
}

/// The position (source order, from 0) of the passage whose left side says `needle`.
fn passage(app: &App, needle: &str) -> usize {
    let ps = app.cmp.passages(Arrangement::SourceOrder);
    ps.iter()
        .position(|p| {
            p.left
                .clone()
                .any(|i| app.cmp.left.sentences.at(i).text.contains(needle))
        })
        .unwrap_or_else(|| panic!("no passage says {needle:?}"))
}

#[test]
fn u_and_shift_u_step_through_the_unreviewed_differences() {
    let reader = council();
    let differences: Vec<usize> = ["approved", "mayor", "cost"]
        .iter()
        .map(|w| passage(&reader, w))
        .collect();
    let n = reader.cmp.differences();
    assert_eq!(
        n,
        differences.len(),
        "the pair's differences are the three written in"
    );
    let selected_after = |keys: &str| {
        let mut reader = council();
        let t = drive(&mut reader, 120, 40, keys);
        (reader.state.selected, status(&t))
    };
    let (at, said) = selected_after("u");
    assert_eq!(at, Some(differences[0]), "{said}");
    assert!(
        said.contains(&format!("unreviewed difference 1 of {n}")),
        "{said}"
    );
    assert_eq!(selected_after("uu").0, Some(differences[1]));
    // From the top, U wraps round to the last one.
    let (at, said) = selected_after("U");
    assert_eq!(at, Some(differences[2]), "{said}");
    assert!(said.contains("(wrapped)"), "{said}");
    // A reviewed difference is passed over: x marks the first and goes on; from the top, u
    // now finds the second, and U from the third goes back to the second, not the first.
    let (at, said) = selected_after("uxgu");
    assert_eq!(at, Some(differences[1]), "{said}");
    assert!(
        said.contains(&format!("unreviewed difference 1 of {}", n - 1)),
        "{said}"
    );
    assert_eq!(
        selected_after(&format!("ux{}GU", differences[2] + 1)).0,
        Some(differences[1])
    );
    // All reviewed: u says so.
    let (_, said) = selected_after("uxxxu");
    assert!(said.contains("no unreviewed difference left"), "{said}");
}

#[test]
fn ctrl_n_and_ctrl_p_step_through_the_search_matches() {
    let reader = council();
    let matches: Vec<usize> = reader
        .cmp
        .passages(Arrangement::SourceOrder)
        .iter()
        .enumerate()
        .filter(|(_, p)| {
            p.left
                .clone()
                .any(|i| reader.cmp.left.sentences.at(i).text.contains("quay"))
        })
        .map(|(k, _)| k)
        .collect();
    assert_eq!(matches.len(), 3, "{matches:?}");
    let m = matches.len();
    let after = |keys: &str| {
        let mut reader = council();
        let t = drive(&mut reader, 120, 40, &format!("/quay<Enter>{keys}"));
        (reader.state.selected, status(&t))
    };
    assert_eq!(
        after("").0,
        Some(matches[0]),
        "the search goes to the first"
    );
    let (at, said) = after("<C-n>");
    assert_eq!(at, Some(matches[1]), "{said}");
    assert!(
        said.contains(&format!("match 2 of {m} for \"quay\"")),
        "{said}"
    );
    assert_eq!(after("<C-n><C-n>").0, Some(matches[2]));
    let (at, said) = after("<C-n><C-n><C-n>");
    assert_eq!(at, Some(matches[0]), "wraps to the first: {said}");
    assert!(said.contains("(wrapped)"), "{said}");
    let (at, said) = after("<C-p>");
    assert_eq!(
        at,
        Some(matches[m - 1]),
        "back from the first wraps to the last"
    );
    assert!(said.contains(&format!("match {m} of {m}")), "{said}");
    assert_eq!(after("<C-n><C-p>").0, Some(matches[0]));
    // Without a search, Ctrl-n says how to start one.
    let t = drive(&mut council(), 120, 40, "<C-n>");
    assert!(status(&t).contains("press / to search"), "{}", status(&t));
}

#[test]
fn tab_chooses_which_pane_scrolls_alone() {
    // A short screen, so that the council pair scrolls.
    let shot = |keys: &str| {
        let mut reader = council();
        let t = drive(&mut reader, 120, 8, keys);
        (reader.state.top, body(&t))
    };
    let (_, first) = shot("");
    let half = |rows: &[String], right: bool| -> Vec<String> {
        let cut = LEFT.len();
        rows.iter()
            .map(|r| {
                let chars: Vec<char> = r.chars().collect();
                let part = if right { &chars[cut..] } else { &chars[..cut] };
                part.iter().collect()
            })
            .collect()
    };
    // Unsynced, the left pane (focused at first) scrolls alone.
    let (top, rows) = shot("sj");
    assert_eq!(top, [1, 0]);
    assert_eq!(half(&rows, false)[0], half(&first, false)[1], "left moved");
    assert_eq!(half(&rows, true), half(&first, true), "right stayed");
    // Tab: now the right one does.
    let (top, rows) = shot("s<Tab>j");
    assert_eq!(top, [0, 1]);
    assert_eq!(half(&rows, true)[0], half(&first, true)[1], "right moved");
    assert_eq!(half(&rows, false), half(&first, false), "left stayed");
    let mut reader = council();
    let t = drive(&mut reader, 120, 8, "s<Tab>");
    assert!(status(&t).contains("focus: right pane"), "{}", status(&t));
    // Tab again gives the focus back to the left.
    assert_eq!(shot("s<Tab><Tab>j").0, [1, 0]);
}

/// The overlay's text, its frame and padding taken off, row by row.
fn overlay(t: &Terminal<TestBackend>) -> String {
    screen_text(t)
        .lines()
        .filter_map(|l| {
            let (from, to) = (l.find('│')?, l.rfind('│')?);
            (from < to).then(|| l[from + '│'.len_utf8()..to].trim().to_owned())
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn o_lists_every_note_with_its_passage_and_status_and_the_orphaned_ones() {
    let dir = tempfile::tempdir().expect("dir");
    let store = dir.path().join("review.json");
    let data = dir.path().join("data");
    // A reader with its review in `store`, over the council pair with `left` as left article.
    let reader = |left: &str| {
        let (l, r) = (doc("left.txt", left), doc("right.txt", COUNCIL_RIGHT));
        let engine = align(&l, &r, &AlignOptions::default());
        let opened = open(&l, &r, Some(&store), &data, false, OnUnreadable::Stop).expect("opens");
        let (session, alignment) = Session::new(opened, engine, &l, &r);
        App::with_session(
            Comparison::new(l, r, (*alignment).clone()),
            Keymap::default(),
            Theme::new(false),
            session,
        )
    };
    let mut first = reader(COUNCIL_LEFT);
    let (mayor, cost) = (passage(&first, "mayor"), passage(&first, "cost"));
    let none = overlay(&drive(&mut reader(COUNCIL_LEFT), 120, 40, "o"));
    assert!(none.contains("No notes yet"), "{none}");
    let keys = format!(
        "{}GaWho says so?<Enter>{}GfaNine or eleven?<Enter>o",
        mayor + 1,
        cost + 1
    );
    let listed = overlay(&drive(&mut first, 120, 40, &keys));
    let line = |k: usize, note: &str| {
        listed
            .lines()
            .find(|l| l.ends_with(note))
            .is_some_and(|l| l.starts_with(&format!("{}  ", k + 1)))
    };
    assert!(line(mayor, "unreviewed  Who says so?"), "{listed}");
    assert!(line(cost, "flagged     Nine or eleven?"), "{listed}");
    assert!(listed.contains("Messages, newest first:"), "{listed}");
    assert!(!listed.contains("Orphaned"), "{listed}");
    // The left article loses the mayor's sentence: its note has no passage left.
    drop(first);
    let edited = COUNCIL_LEFT.replace(
        "Only the left article says that the mayor left the meeting early.\n\n",
        "",
    );
    let listed = overlay(&drive(&mut reader(&edited), 120, 40, "o"));
    let orphaned = listed.find("Orphaned").expect("an orphaned section");
    assert!(
        listed[orphaned..].contains("“Only the left article says"),
        "{listed}"
    );
    assert!(listed[orphaned..].contains("Who says so?"), "{listed}");
    assert!(listed[..orphaned].contains("Nine or eleven?"), "{listed}");
    // o again (or Esc) closes the list.
    let t = drive(&mut reader(&edited), 120, 40, "oo");
    assert!(!screen_text(&t).contains("Orphaned"));
}

#[test]
fn r_shows_only_unreviewed_differences_then_only_flagged_passages_then_all() {
    let reader = council();
    let (approved, cost) = (passage(&reader, "approved"), passage(&reader, "cost"));
    // The first difference reviewed (x goes on), the last one flagged, the mayor's left as it
    // was.
    let marks = format!("{}Gx{}Gf", approved + 1, cost + 1);
    let shown = |filter: &str| {
        let mut reader = council();
        let t = drive(&mut reader, 120, 40, &format!("{marks}{filter}"));
        (screen_text(&t), status(&t))
    };
    let (all, _) = shown("");
    assert!(all.contains("It approved the budget") && all.contains("nine million"));
    let (unreviewed, said) = shown("r");
    assert!(
        said.contains("showing unreviewed differences only"),
        "{said}"
    );
    assert!(
        !unreviewed.contains("It approved the budget"),
        "{unreviewed}"
    );
    // A flag is a status of its own: the flagged difference is not among the unreviewed.
    assert!(
        unreviewed.contains("mayor") && !unreviewed.contains("nine million"),
        "{unreviewed}"
    );
    assert!(
        !unreviewed.contains("The harbour master welcomed"),
        "equal passages are no differences: {unreviewed}"
    );
    let (flagged, said) = shown("rr");
    assert!(said.contains("showing flagged passages only"), "{said}");
    assert!(flagged.contains("nine million"), "{flagged}");
    assert!(
        !flagged.contains("mayor") && !flagged.contains("It approved the budget"),
        "{flagged}"
    );
    let (again, said) = shown("rrr");
    assert!(said.contains("showing all passages"), "{said}");
    assert!(again.contains("It approved the budget") && again.contains("The harbour master"));
}

#[test]
fn the_overview_column_marks_the_kinds_and_shows_the_part_in_view() {
    // The sample pair is longer than a screen. The rightmost column is the overview.
    let counts = app(false).cmp.counts();
    let column = |keys: &str| -> Vec<(String, bool)> {
        let t = sample(keys);
        let buf = t.backend().buffer();
        let x = buf.area.width - 1;
        (1..buf.area.height - 1)
            .map(|y| {
                let cell = &buf[(x, y)];
                (
                    cell.symbol().to_owned(),
                    cell.modifier.contains(ratatui::style::Modifier::REVERSED),
                )
            })
            .collect()
    };
    let top = column("");
    let marks: String = top.iter().map(|(s, _)| s.as_str()).collect();
    for (mark, kind, n) in [
        ('~', "changed", counts.changed),
        ('»', "moved", counts.moved),
        ('+', "one side only", counts.left_only + counts.right_only),
    ] {
        assert_eq!(marks.contains(mark), n > 0, "{kind} ({n}): {marks:?}");
    }
    // The part in view is one run in reverse video: at the top first, at the bottom after G.
    let run = |col: &[(String, bool)]| {
        let at: Vec<usize> = (0..col.len()).filter(|&y| col[y].1).collect();
        assert!(!at.is_empty(), "some part is in view");
        assert_eq!(at.len(), at[at.len() - 1] - at[0] + 1, "one run: {at:?}");
        (at[0], at[at.len() - 1])
    };
    let last = top.len() - 1;
    let (from, to) = run(&top);
    assert!(from == 0 && to < last, "{from}..={to}");
    let (from, to) = run(&column("G"));
    assert!(from > 0 && to == last, "{from}..={to}");
}
