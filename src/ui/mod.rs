//! The reader: a full-screen terminal interface over the pure core.
//!
//! The only module that knows the terminal. The loop is input → [`Action`] → [`update`] →
//! [`view::draw`], each a small piece testable alone:
//! - [`keymap`] maps keys to [`action::Action`]s (one table; help and `docs/keys.md` come from it);
//! - [`update`] changes [`state::UiState`] for every input (`App::prepare` only re-anchors after a relayout);
//! - [`rows`] lays the [`rows::Comparison`] out for a width (cached per shape), [`geometry`] places
//!   the panes, [`view`] draws, only reading;
//! - [`events`] supplies input (the terminal, or a key script in tests) and [`terminal`] owns the
//!   terminal, restoring it on every way out.
//!
//! [`run`] is generic over the backend, so tests drive the real loop on a `TestBackend`.
//! Library mode ([`browse`]) puts a [`picker`] in front of the same reader.

pub mod action;
pub mod app;
pub mod browse;
pub mod comparison;
pub mod config;
pub mod context;
pub mod editor;
pub mod events;
pub mod facts;
pub mod geometry;
pub mod handoff;
pub mod keymap;
pub mod linking;
pub mod loading;
pub mod navigate;
pub mod picker;
pub mod report;
pub mod reviewing;
pub mod rows;
pub mod search;
pub mod sentences;
pub mod state;
pub mod terminal;
pub mod theme;
pub mod update;
pub mod view;

use anyhow::Result;
use ratatui::layout::Rect;

pub use app::{App, run};
use config::Config;
#[cfg(debug_assertions)]
use events::{EventSource, Input};
use rows::Comparison;

use crate::progress::{Cancelled, Progress, Stage};
use crate::review::session::Session;

/// Opens the reader on the real terminal: shows the loading screen while `prepare` builds the
/// comparison and its review session on a worker thread, then runs the reader until the user
/// quits.
///
/// Once the terminal is restored, review changes that could not be saved are written
/// elsewhere and the user is told where on standard error, whatever ended the reader. A
/// terminal that hangs up ends the reader as a termination signal does; what then fails to
/// draw or read is not reported as an error.
///
/// # Errors
/// When the terminal cannot be set up, drawn on or read; [`Cancelled`] when the user cancelled
/// (or the terminal went away) while loading.
pub fn read(
    prepare: impl FnOnce(&Progress) -> Result<(Comparison, Session), Cancelled> + Send,
    config: Config,
    color: bool,
) -> Result<()> {
    let mut events = events::TerminalEvents::new()?;
    let mut guard = terminal::TerminalGuard::enter()?;
    let area = guard.terminal().size()?;
    let theme = config.theme(color);
    let prepared = loading::wait(guard.terminal(), &mut events, |progress| {
        let (cmp, session) = prepare(progress)?;
        progress.check()?;
        progress.begin(Stage::Layout, 0);
        let mut app = App::with_session(cmp, config.keymap, theme, session);
        app.state.context = config.context;
        app.state.ignore = config.ignore;
        // The first layout is the slow one on a book: done here, under the loading screen.
        app.prepare_with(Rect::new(0, 0, area.width, area.height), progress);
        progress.check()?;
        Ok(app)
    });
    let mut app = match prepared {
        Ok(Some(app)) => app,
        Ok(None) => {
            drop(guard);
            return Err(Cancelled.into());
        }
        Err(e) => {
            drop(guard);
            return Err(if events.is_gone() {
                Cancelled.into()
            } else {
                e
            });
        }
    };
    #[cfg(debug_assertions)]
    let result = if std::env::var_os("DIPTYCH_TEST_PANIC").is_some() {
        let mut events = PanicOnKey(&mut events);
        run(
            guard.terminal(),
            &mut events,
            &mut app,
            &mut terminal::outside,
        )
    } else {
        run(
            guard.terminal(),
            &mut events,
            &mut app,
            &mut terminal::outside,
        )
    };
    #[cfg(not(debug_assertions))]
    let result = run(
        guard.terminal(),
        &mut events,
        &mut app,
        &mut terminal::outside,
    );
    drop(guard);
    if let Some(message) = app.finish() {
        crate::visible::tell(&message);
    }
    match result {
        Err(_) if events.is_gone() => Ok(()),
        other => other,
    }
}

/// Opens library mode on the real terminal: the picker, then readers, until the user quits.
/// `reviews` opens the review of each pair picked and reads the progress of the others.
///
/// # Errors
/// When the terminal cannot be set up, drawn on or read.
pub fn browse_library(
    library: &crate::library::Library,
    config: Config,
    color: bool,
    reviews: browse::Reviews,
) -> Result<()> {
    let mut events = events::TerminalEvents::new()?;
    let mut guard = terminal::TerminalGuard::enter()?;
    let result = browse::browse(
        guard.terminal(),
        &mut events,
        library,
        &config,
        &config.theme(color),
        reviews,
        &mut terminal::outside,
    );
    drop(guard);
    match result {
        Ok(told) => {
            told.iter().for_each(|m| crate::visible::tell(m));
            Ok(())
        }
        // The terminal went away: the error is how the session ended, but it may carry what
        // became of unsaved changes, for a standard error that still goes somewhere.
        Err(e) if events.is_gone() => {
            crate::visible::tell(&format!("{e:#}"));
            Ok(())
        }
        Err(e) => Err(e),
    }
}

/// Debug builds only: panics at the first key, so a test can check that a panic restores the
/// terminal before its message is printed (`DIPTYCH_TEST_PANIC=1`).
#[cfg(debug_assertions)]
struct PanicOnKey<'a>(&'a mut dyn EventSource);

#[cfg(debug_assertions)]
impl EventSource for PanicOnKey<'_> {
    fn next_input(&mut self) -> Result<Input> {
        let input = self.0.next_input()?;
        if matches!(input, Input::Key(_)) {
            panic!("forced panic for the terminal-restore test");
        }
        Ok(input)
    }

    fn poll_input(&mut self, timeout: std::time::Duration) -> Result<Option<Input>> {
        let input = self.0.poll_input(timeout)?;
        if matches!(input, Some(Input::Key(_))) {
            panic!("forced panic for the terminal-restore test");
        }
        Ok(input)
    }
}
