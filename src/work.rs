//! Long work off the main thread: a progress bar on standard error, Ctrl-C to cancel.
//!
//! The work runs on a worker thread and reports into a [`Progress`]; this thread draws the bar
//! (only when standard error is a terminal, and only once the work has taken long enough to be
//! worth watching) and turns the first SIGINT or SIGTERM into a cancellation request. A second
//! signal ends the process at once, for work that cannot stop sooner; so does the first when
//! the work has not stopped within [`GRACE`] (output is written only after the work, so
//! nothing is lost; JSON streamed to a pipe or file is the exception, and is then cut short,
//! which the exit status says). Afterwards the signals end the process as usual; the reader
//! never runs after this (it handles signals itself). [`with_bar`] draws the bar alone, with
//! no signal set-up, for the loading that comes before the reader.

use std::io::IsTerminal;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use diptych::progress::{Cancelled, Progress};
use indicatif::{ProgressBar, ProgressStyle};

/// Work shorter than this never shows a bar: it would only flicker.
const QUIET: Duration = Duration::from_millis(400);

/// The same for the loading before the reader: the terminal is left as it is until the reader
/// takes it, so a longer wait would be a blank screen, and a short bar is wiped by the
/// reader's own screen at once rather than left flickering.
const QUIET_BEFORE_READER: Duration = Duration::from_millis(100);

/// How long cancelled work may take to stop by itself before the process leaves without it.
const GRACE: Duration = Duration::from_millis(150);

/// Exit status after a cancellation, as shells report an interrupted command.
pub const CANCELLED_STATUS: u8 = 130;

/// Runs `work` with a progress bar and cancellation; its result, or [`Cancelled`] (as the
/// error) when the user interrupted it.
///
/// # Errors
/// What `work` returns, [`Cancelled`], or a failure to install the signal handlers.
pub fn with_progress<T: Send>(work: impl FnOnce(&Progress) -> Result<T> + Send) -> Result<T> {
    let progress = Progress::new();
    let interrupted = Arc::new(AtomicBool::new(false));
    let mut handlers = Vec::new();
    for signal in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        // The conditional one first: it sees the flag before this signal sets it, so only a
        // second signal ends the process.
        handlers.push(
            signal_hook::flag::register_conditional_shutdown(
                signal,
                i32::from(CANCELLED_STATUS),
                Arc::clone(&interrupted),
            )
            .context("installing signal handlers")?,
        );
        handlers.push(
            signal_hook::flag::register(signal, Arc::clone(&interrupted))
                .context("installing signal handlers")?,
        );
    }
    let result = run_with_bar(work, &progress, Some(&interrupted), QUIET);
    // Removing our actions would leave the signals ignored (signal-hook cannot restore the
    // default), so they are replaced by the default action: after the work, an interrupt ends
    // the process as it would have without us. Hence this must be the process's last signal
    // set-up: the reader, which handles signals itself, never runs after it.
    for id in handlers {
        signal_hook::low_level::unregister(id);
    }
    let always = Arc::new(AtomicBool::new(true));
    for signal in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        signal_hook::flag::register_conditional_default(signal, Arc::clone(&always))
            .context("installing signal handlers")?;
    }
    if progress.is_cancelled() {
        return Err(Cancelled.into());
    }
    result
}

/// Runs `work` with a progress bar but no signal handling of its own: for loading the
/// articles before the reader, which handles signals itself once it has the terminal (and
/// until then an interrupt ends the process as usual, nothing having been changed).
///
/// # Errors
/// What `work` returns.
pub fn with_bar<T: Send>(work: impl FnOnce(&Progress) -> Result<T> + Send) -> Result<T> {
    run_with_bar(work, &Progress::new(), None, QUIET_BEFORE_READER)
}

/// Runs `work` on a worker thread while this one draws the bar once the work has taken
/// `quiet` and, given `interrupted`, turns it into a cancellation (leaving after [`GRACE`] if
/// the work does not stop).
fn run_with_bar<T: Send>(
    work: impl FnOnce(&Progress) -> Result<T> + Send,
    progress: &Progress,
    interrupted: Option<&AtomicBool>,
    quiet: Duration,
) -> Result<T> {
    std::thread::scope(|scope| {
        let (done, finished) = std::sync::mpsc::channel::<()>();
        let worker = scope.spawn(move || {
            let result = work(progress);
            // Wakes the loop below at once: short work must not wait for its next tick.
            let _ = done.send(());
            result
        });
        let start = Instant::now();
        let mut bar: Option<Bar> = None;
        let mut cancelled_at: Option<Instant> = None;
        while !worker.is_finished() {
            if interrupted.is_some_and(|i| i.load(Ordering::Relaxed)) {
                progress.cancel();
                let at = *cancelled_at.get_or_insert_with(Instant::now);
                if at.elapsed() >= GRACE {
                    // The work checks for cancellation often, but loading a file cannot stop
                    // half-way and a book's data takes a while to free: leave without waiting
                    // for either (streamed JSON is cut short; the status says so).
                    if let Some(b) = &bar {
                        b.bar.finish_and_clear();
                    }
                    diptych::visible::tell("cancelled");
                    std::process::exit(i32::from(CANCELLED_STATUS));
                }
            }
            if bar.is_none() && start.elapsed() >= quiet && std::io::stderr().is_terminal() {
                bar = Some(Bar::new());
            }
            if let Some(b) = &mut bar {
                b.show(progress);
            }
            if finished.recv_timeout(Duration::from_millis(40)).is_ok() {
                break;
            }
        }
        if let Some(b) = bar {
            b.bar.finish_and_clear();
        }
        match worker.join() {
            Ok(result) => result,
            Err(payload) => std::panic::resume_unwind(payload),
        }
    })
}

/// The bar and what it last showed.
struct Bar {
    bar: ProgressBar,
    stage: Option<diptych::progress::Stage>,
}

impl Bar {
    fn new() -> Bar {
        let bar = ProgressBar::new(0);
        let style = ProgressStyle::with_template(
            "{spinner} {prefix} {msg:<28} [{bar:30}] {percent:>3}%  {elapsed}",
        )
        .map(|s| s.progress_chars("=> "))
        .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        bar.enable_steady_tick(Duration::from_millis(120));
        Bar { bar, stage: None }
    }

    fn show(&mut self, progress: &Progress) {
        let s = progress.snapshot();
        if self.stage != Some(s.stage) {
            let (at, of) = s.stage.step();
            self.bar.set_prefix(format!("{at}/{of}"));
            self.bar.set_message(if s.cancelled {
                "cancelling…"
            } else {
                s.stage.label()
            });
            self.stage = Some(s.stage);
        }
        if s.cancelled {
            self.bar.set_message("cancelling…");
        }
        self.bar.set_length(s.total.max(1));
        self.bar.set_position(s.done.min(s.total));
    }
}

/// Runs `work` (fetching `label`, a URL) on a worker thread, with a bar on standard error
/// showing the bytes received once it takes long enough to be worth watching. No signal is
/// handled here: Ctrl-C ends the process as usual (nothing is written until a fetch is whole).
pub fn fetching<T: Send>(label: &str, work: impl FnOnce(&Progress) -> T + Send) -> T {
    let progress = Progress::new();
    std::thread::scope(|scope| {
        let (done, finished) = std::sync::mpsc::channel::<()>();
        let shared = &progress;
        let worker = scope.spawn(move || {
            let result = work(shared);
            let _ = done.send(());
            result
        });
        let start = Instant::now();
        let mut bar: Option<ProgressBar> = None;
        while !worker.is_finished() {
            if bar.is_none() && start.elapsed() >= QUIET && std::io::stderr().is_terminal() {
                let b = ProgressBar::new(0);
                let style = ProgressStyle::with_template(
                    "{spinner} fetching {msg}  {bytes}/{total_bytes}  {elapsed}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_spinner());
                b.set_style(style);
                b.set_message(label.to_owned());
                b.enable_steady_tick(Duration::from_millis(120));
                bar = Some(b);
            }
            if let Some(b) = &bar {
                let s = progress.snapshot();
                b.set_length(s.total.max(s.done));
                b.set_position(s.done);
            }
            if finished.recv_timeout(Duration::from_millis(40)).is_ok() {
                break;
            }
        }
        if let Some(b) = bar {
            b.finish_and_clear();
        }
        match worker.join() {
            Ok(result) => result,
            Err(payload) => std::panic::resume_unwind(payload),
        }
    })
}
