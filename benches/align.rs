//! Criterion benches of every stage at every size: loading and segmenting, aligning, word-level
//! differences, the reader's first screen and its keypresses.
//!
//! The pairs come from `support/corpus.rs` (seeded; see docs/performance.md). Sizes run up to
//! 10 MB per side; `DIPTYCH_BENCH_MAX=1MB cargo bench` stops at a smaller size and
//! `DIPTYCH_BENCH_ONLY=10MB` runs one size.

#[path = "support/corpus.rs"]
mod corpus;

use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

use criterion::{
    BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use diptych::align::{AlignOptions, align, word_diff};
use diptych::facts::Facts;
use diptych::load::{Document, LoadOptions, load_bytes};
use diptych::ui::events::{Input, ScriptedEvents};
use diptych::ui::geometry::Geometry;
use diptych::ui::keymap::Keymap;
use diptych::ui::rows::Comparison;
use diptych::ui::theme::Theme;
use diptych::ui::view;
use diptych::ui::{App, run};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

use corpus::Kind;

/// The sizes to run: all; up to `DIPTYCH_BENCH_MAX`; or only `DIPTYCH_BENCH_ONLY`.
///
/// Criterion's name filter still prepares every input, which takes minutes at 10 MB; these
/// variables skip the preparation too.
fn sizes() -> Vec<(&'static str, usize)> {
    let max = std::env::var("DIPTYCH_BENCH_MAX").ok();
    let only = std::env::var("DIPTYCH_BENCH_ONLY").ok();
    let mut out = Vec::new();
    for (label, bytes) in corpus::SIZES {
        if only.as_deref().is_none_or(|o| o == label) {
            out.push((label, bytes));
        }
        if max.as_deref() == Some(label) {
            break;
        }
    }
    out
}

/// Large inputs take seconds an iteration: fewer, flat samples.
fn tune(group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>, bytes: usize) {
    if bytes >= 1_000_000 {
        group.sample_size(10);
        group.sampling_mode(SamplingMode::Flat);
        group.warm_up_time(Duration::from_millis(500));
    } else {
        group.sample_size(20);
    }
}

fn load(text: &str, name: &str) -> Document {
    match load_bytes(name, text.as_bytes(), &LoadOptions::default()) {
        Ok(d) => d,
        Err(e) => panic!("the corpus loads: {e}"),
    }
}

fn docs(kind: Kind, bytes: usize) -> (corpus::Pair, Document, Document) {
    let pair = corpus::pair(kind, bytes, 1);
    let (l, r) = (load(&pair.left, "left.txt"), load(&pair.right, "right.txt"));
    (pair, l, r)
}

/// Reading and segmenting one side (the left of the reworded pair).
fn bench_load(c: &mut Criterion) {
    let mut group = c.benchmark_group("load");
    for (label, bytes) in sizes() {
        let pair = corpus::pair(Kind::Reworded, bytes, 1);
        tune(&mut group, bytes);
        group.throughput(Throughput::Bytes(pair.left.len() as u64));
        group.bench_function(BenchmarkId::from_parameter(label), |b| {
            b.iter(|| load(black_box(&pair.left), "left.txt"))
        });
    }
    group.finish();
}

/// Aligning loaded documents, for each kind of pair.
fn bench_align(c: &mut Criterion) {
    let mut group = c.benchmark_group("align");
    for (label, bytes) in sizes() {
        tune(&mut group, bytes);
        for kind in Kind::ALL {
            let (_, l, r) = docs(kind, bytes);
            group.bench_function(BenchmarkId::new(kind.name(), label), |b| {
                b.iter(|| align(black_box(&l), black_box(&r), &AlignOptions::default()))
            });
        }
    }
    group.finish();
}

/// Read, segment and align both sides: the end-to-end target.
fn bench_end_to_end(c: &mut Criterion) {
    let mut group = c.benchmark_group("end_to_end");
    for (label, bytes) in sizes() {
        tune(&mut group, bytes);
        for kind in Kind::ALL {
            let pair = corpus::pair(kind, bytes, 1);
            group.throughput(Throughput::Bytes(
                (pair.left.len() + pair.right.len()) as u64,
            ));
            group.bench_function(BenchmarkId::new(kind.name(), label), |b| {
                b.iter(|| {
                    let (l, r) = diptych::parallel::join(
                        || load(&pair.left, "left.txt"),
                        || load(&pair.right, "right.txt"),
                    );
                    align(&l, &r, &AlignOptions::default())
                })
            });
        }
    }
    group.finish();
}

/// The sentence encoder's cost: aligning the reworded pair on words alone and with meaning (at
/// every size; above `FULL_MEANING_BYTES` meaning fills only the lexical pass's gaps), and the
/// sample pair from its files (the 80 ms target of docs/performance.md).
fn bench_meaning(c: &mut Criterion) {
    let mut group = c.benchmark_group("meaning");
    let words = AlignOptions {
        meaning: false,
        ..AlignOptions::default()
    };
    let sample = |name: &str| {
        let path = format!("{}/articles/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    };
    let (a, b) = (
        sample("000_0e18cc93d0fa5faf.txt"),
        sample("002_8d267fc03ac353e0.txt"),
    );
    group.bench_function("sample_pair_end_to_end", |bench| {
        bench.iter(|| {
            let l = load_bytes("000.txt", &a, &LoadOptions::default()).expect("loads");
            let r = load_bytes("002.txt", &b, &LoadOptions::default()).expect("loads");
            align(&l, &r, &AlignOptions::default())
        })
    });
    for (label, bytes) in sizes() {
        tune(&mut group, bytes);
        let (_, l, r) = docs(Kind::Reworded, bytes);
        for (name, options) in [("words", &words), ("meaning", &AlignOptions::default())] {
            group.bench_function(BenchmarkId::new(name, label), |bench| {
                bench.iter(|| align(black_box(&l), black_box(&r), options))
            });
        }
    }
    group.finish();
}

/// Word-level differences of every link of the reworded pair (what an export computes).
fn bench_word_diff(c: &mut Criterion) {
    let mut group = c.benchmark_group("word_diff");
    for (label, bytes) in sizes() {
        tune(&mut group, bytes);
        let (_, l, r) = docs(Kind::Reworded, bytes);
        let alignment = align(&l, &r, &AlignOptions::default());
        group.bench_function(BenchmarkId::from_parameter(label), |b| {
            b.iter(|| {
                alignment
                    .links
                    .iter()
                    .map(|link| word_diff(&l, &r, link).left.len())
                    .sum::<usize>()
            })
        });
    }
    group.finish();
}

/// Facts on repetitive input: a sample article pasted 100 and 1,000 times with its figures
/// changed a little in each copy, against the same with other changes. The time must grow
/// with the text (about 10× for 10×), not with the square of the repeated figures and names.
fn bench_facts_repeated(c: &mut Criterion) {
    let mut group = c.benchmark_group("facts_repeated");
    group.sample_size(10);
    let article = include_str!("../articles/000_0e18cc93d0fa5faf.txt");
    for copies in [100, 1000] {
        let l = load(&corpus::repeated(article, copies, 1), "l.txt");
        let r = load(&corpus::repeated(article, copies, 2), "r.txt");
        let alignment = align(&l, &r, &AlignOptions::default());
        group.bench_function(BenchmarkId::from_parameter(copies), |b| {
            b.iter(|| Facts::of(&l, &r, &alignment).findings.len())
        });
    }
    group.finish();
}

/// The reader: its first screen from aligned documents (as the reader makes it: passages,
/// rows, the lines on screen, one frame; the facts are read on a worker thread meanwhile),
/// then one keypress handled and drawn once the facts are in.
fn bench_screen(c: &mut Criterion) {
    let mut group = c.benchmark_group("screen");
    for (label, bytes) in sizes() {
        tune(&mut group, bytes);
        let (_, l, r) = docs(Kind::Reworded, bytes);
        let alignment = align(&l, &r, &AlignOptions::default());
        let (shared_l, shared_r) = (Arc::new(l.clone()), Arc::new(r.clone()));
        group.bench_function(BenchmarkId::new("first", label), |b| {
            let mut terminal = match Terminal::new(TestBackend::new(160, 48)) {
                Ok(t) => t,
                Err(e) => panic!("a test terminal: {e}"),
            };
            b.iter(|| {
                let cmp = Comparison::in_background(
                    Arc::clone(&shared_l),
                    Arc::clone(&shared_r),
                    std::sync::Arc::new(alignment.clone()),
                    false,
                );
                let mut app = App::new(cmp, Keymap::default(), Theme::new(true));
                frame(&mut terminal, &mut app);
                // Dropping the app cancels the facts it was reading.
                app
            })
        });
        let cmp = Comparison::new(l.clone(), r.clone(), alignment.clone());
        let mut app = App::new(cmp, Keymap::default(), Theme::new(true));
        let mut terminal = drive(&mut app, "");
        for (name, key) in [("scroll", 'j'), ("next", 'n'), ("search_step", 'n')] {
            if name == "search_step" {
                // A search for a common word, so `n` steps through many matches.
                app.state.quit = false;
                drive(&mut app, "/the<Enter>");
            }
            let input = Input::Key(KeyEvent::new(KeyCode::Char(key), KeyModifiers::NONE));
            group.bench_function(BenchmarkId::new(name, label), |b| {
                b.iter(|| keypress(&mut terminal, &mut app, &input))
            });
        }
    }
    group.finish();
}

/// One input handled and the next frame drawn, as the reader's loop does.
fn keypress(terminal: &mut Terminal<TestBackend>, app: &mut App, input: &Input) {
    let area = Rect::new(0, 0, 160, 48);
    let geometry = app.prepare(area);
    app.handle(input, &geometry);
    frame(terminal, app);
}

/// The app laid out on a 160×48 terminal and drawn.
fn frame(terminal: &mut Terminal<TestBackend>, app: &mut App) {
    let area = Rect::new(0, 0, 160, 48);
    let geometry = app.prepare(area);
    let drawn = terminal.draw(|frame| match app.view() {
        Some(v) if geometry != Geometry::TooSmall => view::draw(frame, &v),
        _ => view::draw_too_small(frame),
    });
    if let Err(e) = drawn {
        panic!("draws: {e}");
    }
}

/// Runs the reader's loop on a 160×48 test terminal until the scripted keys end.
fn drive(app: &mut App, keys: &str) -> Terminal<TestBackend> {
    let mut terminal = match Terminal::new(TestBackend::new(160, 48)) {
        Ok(t) => t,
        Err(e) => panic!("a test terminal: {e}"),
    };
    if let Err(e) = run(
        &mut terminal,
        &mut ScriptedEvents::keys(keys),
        app,
        &mut |_, _| Ok(None),
    ) {
        panic!("the reader runs: {e}");
    }
    terminal
}

criterion_group!(
    benches,
    bench_load,
    bench_align,
    bench_end_to_end,
    bench_meaning,
    bench_word_diff,
    bench_facts_repeated,
    bench_screen
);
criterion_main!(benches);
