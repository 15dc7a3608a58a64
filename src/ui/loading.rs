//! The loading screen: shown while the comparison is prepared on a worker thread, with the
//! stage and its progress; Esc, `q` or Ctrl-C (or a termination signal) cancel.
//!
//! The worker reports into a [`Progress`]; this loop only reads it, draws, and passes a
//! cancellation request back. Work that was asked to stop is never shown, even if it finished
//! anyway.

use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use anyhow::Result;
use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::events::{EventSource, Input};
use super::view;
use crate::progress::{Cancelled, Progress, Stage};

/// How often the loop redraws the progress and reads the keys typed meanwhile (the work's end
/// wakes it at once).
const TICK: Duration = Duration::from_millis(10);

/// Runs `work` on a worker thread while drawing its progress; `Some(result)` when it finished,
/// `None` when the user cancelled.
///
/// # Errors
/// When drawing or reading the terminal fails (the work is cancelled first).
pub fn wait<B, T: Send>(
    terminal: &mut Terminal<B>,
    events: &mut dyn EventSource,
    work: impl FnOnce(&Progress) -> Result<T, Cancelled> + Send,
) -> Result<Option<T>>
where
    B: Backend,
    B::Error: std::error::Error + Send + Sync + 'static,
{
    let progress = Progress::new();
    // The articles are read before the reader takes the terminal: what is prepared here
    // starts with their analysis (a first frame saying "reading" would look like a restart).
    progress.begin(Stage::Analysing, 0);
    std::thread::scope(|scope| {
        let (done, finished) = mpsc::channel::<()>();
        let shared = &progress;
        let worker = scope.spawn(move || {
            let result = work(shared);
            // Wakes the loop at once: the reader's first screen must not wait for a tick.
            let _ = done.send(());
            result
        });
        // A worker that panicked drops its sender without sending: that wakes the loop too.
        let watched = watch(terminal, events, &progress, |wait| {
            !matches!(finished.recv_timeout(wait), Err(RecvTimeoutError::Timeout))
        });
        if watched.is_err() {
            // Leaving the scope waits for the worker: make that quick.
            progress.cancel();
        }
        let result = match worker.join() {
            Ok(result) => result,
            Err(payload) => std::panic::resume_unwind(payload),
        };
        watched?;
        Ok(match result {
            Ok(value) if !progress.is_cancelled() => Some(value),
            _ => None,
        })
    })
}

/// Draws and reads input until the work is done: `finished(wait)` says whether it is, waiting
/// up to `wait` for it. Cancel requests go into `progress`.
fn watch<B>(
    terminal: &mut Terminal<B>,
    events: &mut dyn EventSource,
    progress: &Progress,
    mut finished: impl FnMut(Duration) -> bool,
) -> Result<()>
where
    B: Backend,
    B::Error: std::error::Error + Send + Sync + 'static,
{
    loop {
        // Drawn from the first moment: the terminal was just cleared, and a blank screen
        // looks like a program that hangs.
        let snapshot = progress.snapshot();
        terminal.draw(|frame| view::loading(frame, &snapshot))?;
        // Waiting on the work, not on the terminal: the work's end is seen the moment it
        // comes, and keys typed meanwhile are read at the next tick.
        if finished(TICK) {
            return Ok(());
        }
        match events.poll_input(Duration::ZERO)? {
            Some(Input::Terminate) => progress.cancel(),
            Some(Input::Key(key)) if is_cancel(&key) => progress.cancel(),
            _ => {}
        }
    }
}

/// Keys that cancel loading: Esc, `q`, Ctrl-C.
fn is_cancel(key: &KeyEvent) -> bool {
    match key.code {
        KeyCode::Esc | KeyCode::Char('q') => true,
        KeyCode::Char('c') => key.modifiers.contains(KeyModifiers::CONTROL),
        _ => false,
    }
}
