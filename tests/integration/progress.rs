//! Long work: the loading screen, cancellation, the summary format, and books-sized input.

use std::time::Duration;

use diptych::align::{AlignOptions, align, align_with};
use diptych::export::{json, text};
use diptych::load::{Document, LoadOptions, load_bytes};
use diptych::progress::{BATCH, Cancelled, Progress, Stage};
use diptych::ui::events::ScriptedEvents;
use diptych::ui::loading;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::corpus::{Kind, Pair, pair};
use crate::util::{diptych, screen_text, stdout};

/// Both sides of a pair loaded as the command line loads them.
fn loaded(left: &str, right: &str) -> (Document, Document) {
    let options = LoadOptions::default();
    let l = load_bytes("l.txt", left.as_bytes(), &options).expect("left");
    let r = load_bytes("r.txt", right.as_bytes(), &options).expect("right");
    (l, r)
}

/// `p` loaded with a few paragraphs that share no words put before it on each side: a gap the
/// words leave for meaning to read after their alignment (`Stage::Filling`), whatever else
/// the pair holds.
fn with_a_gap(p: &Pair) -> (Document, Document) {
    let other = pair(Kind::Unrelated, 8_000, 11);
    loaded(
        &format!("{}\n\n{}", other.left, p.left),
        &format!("{}\n\n{}", other.right, p.right),
    )
}

fn terminal() -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(80, 20)).expect("terminal")
}

#[test]
fn the_loading_screen_shows_the_stage_and_how_far_it_got() {
    let mut t = terminal();
    let got = loading::wait(&mut t, &mut ScriptedEvents::keys(""), |p| {
        p.begin(Stage::Facts, 10);
        p.advance(4);
        // Long enough for the screen to be drawn while the work runs.
        std::thread::sleep(Duration::from_millis(400));
        Ok(42)
    })
    .expect("draws");
    assert_eq!(got, Some(42));
    let screen = screen_text(&t);
    assert!(screen.contains("comparing facts (8/10)"), "{screen}");
    assert!(screen.contains("40%"), "{screen}");
    assert!(screen.contains("Ctrl-C cancels"), "{screen}");
}

#[test]
fn a_narrow_loading_screen_wraps_the_stage_rather_than_cut_it() {
    let mut t = Terminal::new(TestBackend::new(44, 12)).expect("terminal");
    loading::wait(&mut t, &mut ScriptedEvents::keys(""), |p| {
        p.begin(Stage::Filling, 10);
        std::thread::sleep(Duration::from_millis(400));
        Ok(())
    })
    .expect("draws");
    let screen = screen_text(&t);
    assert!(screen.contains("reading the rest"), "{screen}");
    assert!(screen.contains("for meaning (7/10)"), "{screen}");
}

#[test]
fn ctrl_c_esc_and_q_cancel_loading_and_the_work_stops() {
    for key in ["<C-c>", "<Esc>", "q"] {
        let mut t = terminal();
        // Work that would never end unless cancelled.
        let got: Option<()> = loading::wait(&mut t, &mut ScriptedEvents::keys(key), |p| {
            p.begin(Stage::Matching, 200);
            p.advance(50);
            while !p.is_cancelled() {
                std::thread::sleep(Duration::from_millis(1));
            }
            Err(Cancelled)
        })
        .expect("draws");
        assert_eq!(got, None, "{key}");
        let screen = screen_text(&t);
        assert!(screen.contains("Cancelling"), "{key}: {screen}");
        assert!(screen.contains("25%"), "{key}: {screen}");
    }
}

#[test]
fn other_keys_do_not_cancel_loading() {
    let mut t = terminal();
    let got = loading::wait(&mut t, &mut ScriptedEvents::keys("jkn"), |p| {
        // Long enough for the keys to be read while the work runs.
        std::thread::sleep(Duration::from_millis(100));
        p.check().map(|()| "done")
    })
    .expect("draws");
    assert_eq!(got, Some("done"));
}

#[test]
fn a_cancelled_alignment_stops_with_cancelled() {
    let p = pair(Kind::Reworded, 50_000, 3);
    let (l, r) = loaded(&p.left, &p.right);
    let progress = Progress::new();
    progress.cancel();
    assert_eq!(
        align_with(&l, &r, &AlignOptions::default(), &progress),
        Err(Cancelled)
    );
    // Not cancelled: the same as `align`, and the stages were reported on the way.
    let progress = Progress::new();
    let a = align_with(&l, &r, &AlignOptions::default(), &progress).expect("aligns");
    assert_eq!(a, align(&l, &r, &AlignOptions::default()));
    // The lexical engine ends by ordering; meaning then fills its gaps.
    assert!(
        matches!(progress.snapshot().stage, Stage::Ordering | Stage::Filling),
        "{:?}",
        progress.snapshot().stage
    );
}

/// The `align --format json` pipeline (or, with `layout`, the text layout after the
/// alignment), as the command runs it.
fn pipeline(l: &Document, r: &Document, layout: bool, p: &Progress) -> Result<usize, Cancelled> {
    let a = align_with(l, r, &AlignOptions::default(), p)?;
    Ok(if layout {
        text::render_with(l, r, &a, 100, false, p)?.len()
    } else {
        json::to_json_with(l, r, &a, p)?.len()
    })
}

#[test]
fn the_stages_shown_count_up() {
    let (l, r) = with_a_gap(&pair(Kind::Reworded, 120_000, 7));
    let progress = Progress::new();
    let seen = std::thread::scope(|scope| {
        let worker = scope.spawn(|| pipeline(&l, &r, false, &progress));
        let mut seen: Vec<diptych::progress::Snapshot> = Vec::new();
        while !worker.is_finished() {
            seen.push(progress.snapshot());
            std::thread::sleep(Duration::from_micros(200));
        }
        worker.join().expect("no panic").expect("not cancelled");
        seen
    });
    // A user reads "(6/10)" and then "(7/10)", never a step back: the meaning read after the
    // words' alignment is a stage of its own, not the one read before it.
    let mut steps: Vec<usize> = seen.iter().map(|s| s.stage.step().0).collect();
    steps.dedup();
    assert!(steps.is_sorted(), "{steps:?}");
    assert!(seen.iter().any(|s| s.stage == Stage::Filling), "{steps:?}");
}

#[test]
fn cancelling_stops_the_work_inside_every_long_stage() {
    // Long enough that every stage takes a while in a test build, and a pair read for
    // meaning in full, whose every sentence and run of sentences is embedded.
    let (long_text, short_text) = (
        pair(Kind::Reworded, 120_000, 7),
        pair(Kind::Reworded, 30_000, 7),
    );
    let (long, short) = (
        loaded(&long_text.left, &long_text.right),
        loaded(&short_text.left, &short_text.right),
    );
    let gapped = with_a_gap(&long_text);
    let stages = [
        Stage::Analysing,
        Stage::Understanding,
        Stage::Matching,
        Stage::Filling,
        Stage::Facts,
        Stage::Output,
        Stage::Layout,
    ];
    // Early in each stage and past its middle (a stage may do several things in turn).
    for (stage, at) in stages.into_iter().flat_map(|s| [(s, 0.0), (s, 0.6)]) {
        let (l, r) = match stage {
            Stage::Understanding => &short,
            Stage::Filling => &gapped,
            _ => &long,
        };
        let progress = Progress::new();
        let (result, seen) = std::thread::scope(|scope| {
            let worker = scope.spawn(|| pipeline(l, r, stage == Stage::Layout, &progress));
            // Cancelled once the stage has counted some of its work: inside it, not between
            // stages.
            let mut seen = None;
            while !worker.is_finished() {
                let s = progress.snapshot();
                if s.stage == stage && s.done > 0 && s.done < s.total && s.fraction() >= at {
                    progress.cancel();
                    seen = Some(s);
                    break;
                }
                std::thread::sleep(Duration::from_micros(200));
            }
            (worker.join().expect("no panic"), seen)
        });
        let Some(seen) = seen else {
            panic!("{stage:?} was never seen at work past {at} (it ended as {result:?})");
        };
        assert_eq!(result, Err(Cancelled), "{stage:?} at {at}");
        // It stopped where it was: no later stage began, and little of the stage's work was
        // done after the cancel (the batches under way, one or two a core).
        let end = progress.snapshot();
        assert_eq!(end.stage, stage, "{stage:?} went on to {:?}", end.stage);
        let allowed = (end.total / 8).max(4 * BATCH as u64);
        assert!(
            end.done - seen.done <= allowed,
            "{stage:?} went on after the cancel: {end:?} (cancelled at {seen:?})"
        );
    }
}

#[test]
fn a_reworded_book_chapter_aligns_mostly_and_unrelated_text_barely() {
    let share = |kind: Kind| {
        let p = pair(kind, 200_000, 5);
        let (l, r) = loaded(&p.left, &p.right);
        let a = align(&l, &r, &AlignOptions::default());
        let linked: usize = a.links.iter().map(|k| k.left.len()).sum();
        linked as f64 / l.sentences.len() as f64
    };
    let (reworded, unrelated, identical) = (
        share(Kind::Reworded),
        share(Kind::Unrelated),
        share(Kind::Identical),
    );
    assert!(
        reworded > 0.85,
        "reworded: {reworded:.2} of sentences linked"
    );
    assert!(
        unrelated < 0.05,
        "unrelated: {unrelated:.2} of sentences linked"
    );
    assert!(identical > 0.999, "identical: {identical:.3}");
}

#[test]
fn the_summary_format_is_one_line_of_counts() {
    let a = crate::util::article("000");
    let b = crate::util::article("002");
    let out = diptych(&["align", &a, &b, "--format", "summary"]);
    assert!(out.status.success());
    let text = stdout(&out);
    assert_eq!(text.lines().count(), 1, "{text}");
    for word in ["changed", "moved", "left only", "right only", "equal"] {
        assert!(text.contains(word), "{text}");
    }
    // The same counts as the last line of the text layout.
    let layout = stdout(&diptych(&["align", &a, &b, "--format", "text"]));
    assert_eq!(layout.lines().last(), text.lines().next());
}
