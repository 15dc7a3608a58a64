//! Whole screens of the reader on a `TestBackend`: the real loop, driven by key scripts, for
//! the sample pair 000/002. Text is snapshotted (insta); highlight meaning is asserted on cell
//! styles.

use diptych::align::{AlignOptions, align};
use diptych::load::{LoadOptions, load};
use diptych::ui::events::ScriptedEvents;
use diptych::ui::keymap::Keymap;
use diptych::ui::rows::Comparison;
use diptych::ui::theme::Theme;
use diptych::ui::{App, run};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::{Color, Modifier};

use crate::util::{article, counts_named, drive, root, screen_text as text_of};

fn app(color: bool) -> App {
    let l = load(
        &root().join(article("000")).to_string_lossy(),
        &LoadOptions::default(),
    )
    .expect("left");
    let r = load(
        &root().join(article("002")).to_string_lossy(),
        &LoadOptions::default(),
    )
    .expect("right");
    let a = align(&l, &r, &AlignOptions::default());
    App::new(
        Comparison::new(l, r, a),
        Keymap::default(),
        Theme::new(color),
    )
}

/// The snapshot of the reader on the sample pair after `keys`, its counts named
/// ([`counts_named`]).
fn snapshot(width: u16, height: u16, keys: &str) -> String {
    let mut app = app(false);
    let t = drive(&mut app, width, height, keys);
    counts_named(&t, &app)
}

fn screen(width: u16, height: u16, keys: &str) -> Terminal<TestBackend> {
    screen_in(width, height, keys, false)
}

fn screen_in(width: u16, height: u16, keys: &str, color: bool) -> Terminal<TestBackend> {
    drive(&mut app(color), width, height, keys)
}

#[test]
fn wide_120x40() {
    insta::assert_snapshot!(snapshot(120, 40, ""));
}

#[test]
fn standard_80x24() {
    insta::assert_snapshot!(snapshot(80, 24, ""));
}

#[test]
fn narrow_50x20_stacks() {
    insta::assert_snapshot!(snapshot(50, 20, ""));
}

#[test]
fn after_three_next_differences() {
    insta::assert_snapshot!(snapshot(120, 40, "nnn"));
}

#[test]
fn help_overlay() {
    insta::assert_snapshot!(snapshot(120, 40, "?"));
}

#[test]
fn search_active() {
    insta::assert_snapshot!(snapshot(120, 40, "/14,000"));
}

#[test]
fn rearranged_layout() {
    insta::assert_snapshot!(snapshot(120, 40, "l"));
}

#[test]
fn rearranged_layout_80x24_after_next() {
    insta::assert_snapshot!(snapshot(80, 24, "ln"));
}

#[test]
fn too_small() {
    insta::assert_snapshot!(snapshot(12, 4, ""));
}

#[test]
fn removed_and_added_words_are_styled_on_their_side() {
    // On the 14,000-soldiers pair, a close rewording: changed words marked, not key terms.
    let terminal = screen_in(120, 40, "/14,000<Enter>", true);
    let buf = terminal.backend().buffer();
    let mut left_red = false;
    let mut right_green = false;
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            let cell = &buf[(x, y)];
            if x < 56 && cell.fg == Color::Red && cell.modifier.contains(Modifier::BOLD) {
                left_red = true;
            }
            if x > 62 && cell.fg == Color::Green && cell.modifier.contains(Modifier::BOLD) {
                right_green = true;
            }
            assert!(
                !(x < 56 && cell.fg == Color::Green),
                "added words only on the right"
            );
        }
    }
    assert!(left_red && right_green);
}

#[test]
fn without_colour_differences_are_reversed_not_coloured() {
    let terminal = screen(120, 40, "/14,000<Enter>");
    let buf = terminal.backend().buffer();
    let mut reversed = 0;
    for y in 1..39 {
        for x in 0..119 {
            let cell = &buf[(x, y)];
            assert_eq!(cell.fg, Color::Reset, "no colour at {x},{y}");
            if cell.modifier.contains(Modifier::REVERSED) {
                reversed += 1;
            }
        }
    }
    assert!(reversed > 20, "changed words marked by reverse video");
}

#[test]
fn linked_passages_start_on_the_same_row() {
    // The 14,000-soldiers pair: after jumping to it by search, both sides start on one row.
    let terminal = screen(120, 40, "/14,000<Enter>");
    let text = terminal.backend().to_string();
    let row = text.lines().find(|l| {
        l.contains("According to the Ukrainian secret") && l.contains("According to estimates")
    });
    assert!(row.is_some(), "{text}");
}

#[test]
fn a_resize_keeps_the_selected_passage_in_view() {
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    let mut app = app(false);
    run(
        &mut terminal,
        &mut ScriptedEvents::keys("/Monument<Enter>"),
        &mut app,
        &mut |_, _| Ok(None),
    )
    .expect("runs");
    terminal.backend_mut().resize(70, 20);
    app.state.quit = false;
    run(
        &mut terminal,
        &mut ScriptedEvents::keys(""),
        &mut app,
        &mut |_, _| Ok(None),
    )
    .expect("runs");
    assert!(terminal.backend().to_string().contains("Monument"));
}

#[test]
fn stacked_passages_go_back_side_by_side_when_the_terminal_widens() {
    let mut terminal = Terminal::new(TestBackend::new(50, 20)).expect("terminal");
    let mut app = app(false);
    run(
        &mut terminal,
        &mut ScriptedEvents::keys(""),
        &mut app,
        &mut |_, _| Ok(None),
    )
    .expect("runs");
    let narrow = text_of(&terminal);
    assert!(
        narrow
            .lines()
            .last()
            .unwrap_or_default()
            .contains("stacked"),
        "{narrow}"
    );
    terminal.backend_mut().resize(120, 40);
    app.state.quit = false;
    run(
        &mut terminal,
        &mut ScriptedEvents::keys(""),
        &mut app,
        &mut |_, _| Ok(None),
    )
    .expect("runs");
    let wide = text_of(&terminal);
    assert!(
        !wide.lines().last().unwrap_or_default().contains("stacked"),
        "{wide}"
    );
    // The two titles on one row again.
    let (left, right) = (
        &app.cmp.left.sentences.at(0).text,
        &app.cmp.right.sentences.at(0).text,
    );
    let start = |s: &str| s.chars().take(20).collect::<String>();
    assert!(
        wide.lines()
            .next()
            .is_some_and(|row| row.contains(&start(left)) && row.contains(&start(right))),
        "{wide}"
    );
}

#[test]
fn search_matches_are_highlighted_in_both_panes() {
    let terminal = screen(120, 40, "/14,000");
    let buf = terminal.backend().buffer();
    let mut hits = [0, 0];
    for y in 1..39 {
        // The panes only: the gutter between them (56..63) holds similarities.
        for x in (0..56).chain(63..119) {
            let cell = &buf[(x, y)];
            if cell.modifier.contains(Modifier::REVERSED | Modifier::BOLD)
                && "14,000".contains(cell.symbol())
            {
                hits[usize::from(x > 60)] += 1;
            }
        }
    }
    assert_eq!(hits, [6, 6], "\"14,000\" marked once on each side");
}

#[test]
fn the_mouse_wheel_scrolls_the_pane_under_it_and_a_click_selects() {
    use diptych::ui::events::Input;
    use ratatui::crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
    let mouse = |kind, column, row| {
        Input::Mouse(MouseEvent {
            kind,
            column,
            row,
            modifiers: KeyModifiers::NONE,
        })
    };
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    let mut app = app(false);
    let mut script = ScriptedEvents::keys("s");
    script.push(mouse(MouseEventKind::ScrollDown, 90, 10));
    run(&mut terminal, &mut script, &mut app, &mut |_, _| Ok(None)).expect("runs");
    assert_eq!(app.state.top, [0, 3], "unsynced: only the right pane moved");

    let mut app2 = self::app(false);
    let mut script = ScriptedEvents::keys("");
    script.push(mouse(MouseEventKind::ScrollDown, 10, 10));
    script.push(mouse(MouseEventKind::Down(MouseButton::Left), 10, 2));
    app2.state.quit = false;
    run(&mut terminal, &mut script, &mut app2, &mut |_, _| Ok(None)).expect("runs");
    assert_eq!(app2.state.top, [3, 3], "synchronised: both panes moved");
    assert!(
        app2.state.selected.is_some(),
        "the click selected the passage under it"
    );
}

#[test]
fn escape_sequences_in_articles_are_drawn_as_placeholders() {
    let path = root().join("tests/fixtures/bad/escapes.txt");
    let doc = load(&path.to_string_lossy(), &LoadOptions::default()).expect("loads");
    let a = align(&doc, &doc, &AlignOptions::default());
    let mut app = App::new(
        Comparison::new(doc.clone(), doc, a),
        Keymap::default(),
        Theme::new(true),
    );
    let mut terminal = Terminal::new(TestBackend::new(120, 20)).expect("terminal");
    run(
        &mut terminal,
        &mut ScriptedEvents::keys(""),
        &mut app,
        &mut |_, _| Ok(None),
    )
    .expect("runs");
    let buf = terminal.backend().buffer();
    let text: String = buf.content.iter().map(|c| c.symbol()).collect();
    assert!(text.contains("␛[31mhides␛[0m"), "{text}");
    assert!(text.contains("⟨U+202E⟩"), "bidi override shown, not obeyed");
    for bad in ['\x1b', '\x07', '\u{9b}', '\u{202e}'] {
        assert!(!text.contains(bad), "{bad:?} reached the screen buffer");
    }
}

#[test]
fn review_marks_a_note_and_the_progress() {
    let mut reader = app(false);
    let t = drive(&mut reader, 120, 40, "nxfaTwo sources disagree<Enter>");
    insta::assert_snapshot!(counts_named(&t, &reader));
    let text = text_of(&t);
    // The first screen selects passage 1; n goes on to the next difference, x marks it and
    // goes on, f flags that one: a flag is counted apart from a review.
    let n = reader.cmp.differences();
    assert!(
        text.contains(&format!("1 of {n} reviewed · 1 flagged")),
        "{text}"
    );
    assert!(text.contains("✎ Two sources disagree"));
}

#[test]
fn a_note_being_written_is_kept_when_the_reader_is_terminated() {
    // The script ends (as SIGTERM would) while the editor is open.
    let text = text_of(&screen(120, 40, "naDraft, not yet saved"));
    assert!(text.contains("✎ Draft, not yet saved"), "{text}");
}

#[test]
fn the_unreviewed_filter_hides_what_was_reviewed() {
    let text = text_of(&screen(120, 40, "nxrg"));
    assert!(text.contains("hidden by the review filter"), "{text}");
    assert!(
        text.contains("unreviewed only") || text.contains("showing unreviewed"),
        "{text}"
    );
    assert!(
        !text.contains('✓'),
        "the reviewed passage is hidden:\n{text}"
    );
}

#[test]
fn help_on_a_short_screen_shows_every_key_in_two_columns() {
    let mut reader = app(false);
    let t = drive(&mut reader, 80, 24, "?");
    insta::assert_snapshot!(counts_named(&t, &reader));
    let text = text_of(&t);
    for key in [
        "scroll down",
        "suspend",
        "mark reviewed",
        "write an HTML report",
        "quit",
    ] {
        assert!(text.contains(key), "{key} missing:\n{text}");
    }
    // What does not fit is scrolled to: the colour legend and the gutter's symbols.
    assert!(!text.contains("Marks:"), "{text}");
    let end = text_of(&screen(80, 24, "?G"));
    assert!(
        end.contains("Marks:") && end.contains("Gutter:") && end.contains("j k scroll"),
        "{end}"
    );
    let back = text_of(&screen(80, 24, "?Gg"));
    assert!(
        back.contains("scroll down") && !back.contains("Marks:"),
        "{back}"
    );
}

/// The sentence of `doc` that contains `needle`.
fn sentence(doc: &diptych::load::Document, needle: &str) -> usize {
    doc.sentences
        .iter()
        .position(|s| s.text.contains(needle))
        .unwrap_or_else(|| panic!("no sentence with {needle:?}"))
}

/// Whether sentence `i` of the left and `j` of the right are linked, in one link alone.
fn linked_alone(app: &App, i: usize, j: usize) -> bool {
    app.cmp
        .alignment
        .links
        .iter()
        .any(|l| l.left == [i] && l.right == [j])
}

#[test]
fn one_sentence_of_a_one_sided_passage_is_linked_by_hand() {
    // "For a long time … It was only in April …" is a two-sentence passage only the left
    // has. c opens a sentence cursor in it; j j goes to its second sentence, which is marked.
    let mut app = app(true);
    let t = drive(&mut app, 120, 40, "/For a long<Enter>cjj");
    let text = text_of(&t);
    let status = text.lines().nth(39).unwrap_or_default();
    assert!(
        status.contains("left sentence 2 of 2") && status.contains("Esc cancels"),
        "the status line says what is chosen and what the keys do: {status}"
    );
    let buf = t.backend().buffer();
    let chosen = |word: &str| {
        (0..40u16).any(|y| {
            let row: String = (0..56u16).map(|x| buf[(x, y)].symbol()).collect();
            row.find(word).is_some_and(|at| {
                let x = row[..at].chars().count() as u16;
                buf[(x, y)].bg == Color::Cyan
            })
        })
    };
    assert!(chosen("KCNA"), "the second sentence is highlighted");
    assert!(!chosen("confirmed"), "the first is not");

    // Enter picks it; on the right-only passage at the end, c then j chooses its first
    // sentence and Enter links the two.
    let mut app = self::app(false);
    drive(
        &mut app,
        120,
        40,
        "/For a long<Enter>cjj<Enter>G/In return<Enter>cj<Enter>",
    );
    let (april, long_time) = (
        sentence(&app.cmp.left, "It was only in April"),
        sentence(&app.cmp.left, "For a long time"),
    );
    let aid = sentence(&app.cmp.right, "In return for military aid");
    assert!(
        linked_alone(&app, april, aid),
        "{:?}",
        app.cmp.alignment.links
    );
    assert!(
        !app.cmp
            .alignment
            .links
            .iter()
            .any(|l| l.left.contains(&long_time)),
        "the first sentence stays on its own"
    );
    let confirmation = sentence(&app.cmp.right, "There has been no official");
    assert!(
        !app.cmp
            .alignment
            .links
            .iter()
            .any(|l| l.right.contains(&confirmation)),
        "so does the right passage's second sentence"
    );
}

#[test]
fn b_takes_one_sentence_out_of_a_link_and_the_rest_stays_linked() {
    // "In autumn … They were used …" is linked, both sentences, to one right sentence. B opens
    // the cursor on the left side (the whole of it chosen), j chooses its first sentence,
    // Enter takes it out.
    let mut reader = app(false);
    let t = drive(&mut reader, 120, 40, "/In autumn<Enter>Bj");
    insta::assert_snapshot!(counts_named(&t, &reader));
    let mut app = app(false);
    drive(&mut app, 120, 40, "/In autumn<Enter>Bj<Enter>");
    let autumn = sentence(&app.cmp.left, "In autumn last year");
    let used = sentence(&app.cmp.left, "They were used");
    let dispatched = sentence(&app.cmp.right, "previously dispatched");
    assert!(
        linked_alone(&app, used, dispatched),
        "{:?}",
        app.cmp.alignment.links
    );
    assert!(
        !app.cmp
            .alignment
            .links
            .iter()
            .any(|l| l.left.contains(&autumn))
    );
    // The whole side chosen (as at first) breaks the whole link, as B always did.
    let mut app = self::app(false);
    drive(&mut app, 120, 40, "/In autumn<Enter>BB");
    assert!(
        !app.cmp
            .alignment
            .links
            .iter()
            .any(|l| l.left.contains(&used) || l.right.contains(&dispatched))
    );
}
