//! Library mode on screen: the picker, the reader on the pair picked, and back.
//!
//! The reader is the ordinary one ([`super::App`], [`super::run`]) with `in_library` set; its
//! library keys close it with a request that [`browse`] carries out. Before another pair opens,
//! the review of the one being left is saved (or a copy kept, as on quitting), so switching
//! articles never loses notes.

use std::sync::Arc;

use anyhow::Result;
use ratatui::Terminal;
use ratatui::backend::Backend;

use super::app::{App, run};
use super::config::Config;
use super::events::EventSource;
use super::keymap::Keymap;
use super::picker::{Outcome, Picker};
use super::rows::Comparison;
use super::state::{LibraryRequest, Outside, OutsideFn, Side};
use super::theme::Theme;
use super::view::picker::{PickerView, body_height, draw};
use crate::align::Alignment;
use crate::library::Library;
use crate::load::Document;
use crate::review::open::Recorded;
use crate::review::session::Session;

/// Opens the review of a pair (the store, corrections applied): the session and the corrected
/// alignment to show.
pub type OpenPair<'a> = dyn FnMut(&Document, &Document) -> Result<(Session, Arc<Alignment>)> + 'a;

/// The review progress a pair's store recorded, if any, read without aligning the pair (see
/// [`crate::review::open::recorded`]).
pub type RecordedOf<'a> = dyn Fn(&Document, &Document) -> Option<Recorded> + 'a;

/// How library mode reaches the reviews of pairs: opening one for the reader, and reading the
/// progress one recorded for the picker.
pub struct Reviews<'a, 'b> {
    /// Opens the review of a pair picked.
    pub open: &'a mut OpenPair<'b>,
    /// Reads the progress a pair's store recorded.
    pub recorded: &'a RecordedOf<'b>,
}

/// Runs the picker and the readers it opens until the user quits. Returns what must be told
/// on standard error once the terminal is restored (reviews that could not be saved).
///
/// # Errors
/// When drawing or reading input fails.
pub fn browse<B>(
    terminal: &mut Terminal<B>,
    events: &mut dyn EventSource,
    library: &Library,
    config: &Config,
    theme: &Theme,
    reviews: Reviews,
    outside: &mut OutsideFn<B>,
) -> Result<Vec<String>>
where
    B: Backend,
    B::Error: std::error::Error + Send + Sync + 'static,
{
    let mut picker = Picker::new(library);
    for p in &library.ranking.pairs {
        let (a, b) = (&library.articles[p.a].doc, &library.articles[p.b].doc);
        if let Some(r) = (reviews.recorded)(a, b) {
            picker.progress.insert((p.a, p.b), r);
        }
    }
    let mut told = Vec::new();
    let mut next: Option<(usize, usize, Option<String>)> = None;
    loop {
        let (l, r, message) = match next.take() {
            Some(pair) => pair,
            None => match pick(
                terminal,
                events,
                &mut picker,
                library,
                &config.keymap,
                theme,
                outside,
            )? {
                Outcome::Quit => return Ok(told),
                Outcome::Open(l, r) => (l, r, None),
            },
        };
        let (left, right) = (&library.articles[l].doc, &library.articles[r].doc);
        let (session, alignment) = match (reviews.open)(left, right) {
            Ok(opened) => opened,
            Err(e) => {
                // The picker says why, and the user can pick another pair.
                picker.message = Some(format!("{e:#}"));
                continue;
            }
        };
        let story = &library.ranking.story_of;
        let same_story = story.get(l).is_some() && story.get(l) == story.get(r);
        let cmp = Comparison::in_background(
            Arc::new(left.clone()),
            Arc::new(right.clone()),
            alignment,
            same_story,
        );
        let mut app = App::with_session(cmp, config.keymap.clone(), theme.clone(), session);
        app.state.in_library = true;
        app.state.context = config.context;
        app.state.ignore = config.ignore;
        if message.is_some() {
            app.state.message = message;
        }
        let request = loop {
            let result = run(terminal, events, &mut app, outside);
            let request = app.state.library_request.take();
            if let Err(e) = result {
                // The error is printed once the terminal is back; what was not saved with it.
                return Err(match app.finish() {
                    Some(m) => e.context(m),
                    None => e,
                });
            }
            match request {
                Some(LibraryRequest::Next(side)) if next_of(library, l, r, side).is_none() => {
                    // Nothing to switch to: stay in this reader.
                    app.state.quit = false;
                    app.state.message = Some("no other article in this story".to_owned());
                }
                other => break other,
            }
        };
        // What the picker shows for the pair: as it is now, saved or not.
        let progress = app.session.review().progress(app.cmp.units());
        picker
            .progress
            .insert((l.min(r), l.max(r)), Recorded::from(progress));
        // The review is saved before anything else opens.
        if let Some(m) = app.finish() {
            picker.message = Some(m.clone());
            told.push(m);
        }
        match request {
            None => return Ok(told),
            Some(LibraryRequest::Picker) => {}
            Some(LibraryRequest::Next(side)) => {
                let (nl, nr) = next_of(library, l, r, side).unwrap_or((l, r));
                let shown = if side == Side::Left { nl } else { nr };
                // Short: the status line also holds the position and the review's progress.
                let position = library.story_of(shown).map_or(String::new(), |s| {
                    let k = s.articles.iter().position(|&a| a == shown).unwrap_or(0);
                    format!("{} of {} · ", k + 1, s.articles.len())
                });
                let message = format!(
                    "{}: {position}{}",
                    if side == Side::Left { "left" } else { "right" },
                    library.articles[shown].file_name()
                );
                next = Some((nl, nr, Some(message)));
            }
        }
    }
}

/// The pair with `side` moved to the next article of its story.
fn next_of(library: &Library, l: usize, r: usize, side: Side) -> Option<(usize, usize)> {
    match side {
        Side::Left => library.next_in_story(l, r).map(|n| (n, r)),
        Side::Right => library.next_in_story(r, l).map(|n| (l, n)),
    }
}

/// Runs the picker until the user opens a pair or quits.
fn pick<B>(
    terminal: &mut Terminal<B>,
    events: &mut dyn EventSource,
    picker: &mut Picker,
    library: &Library,
    keymap: &Keymap,
    theme: &Theme,
    outside: &mut OutsideFn<B>,
) -> Result<Outcome>
where
    B: Backend,
    B::Error: std::error::Error + Send + Sync + 'static,
{
    loop {
        let height = body_height(terminal.size()?.height);
        picker.keep_in_view(height);
        terminal.draw(|frame| {
            draw(
                frame,
                &PickerView {
                    picker,
                    library,
                    theme,
                    keymap,
                },
            );
        })?;
        let input = events.next_input()?;
        if let Some(outcome) = picker.handle(&input, keymap, height) {
            return Ok(outcome);
        }
        if picker.suspend {
            picker.suspend = false;
            outside(terminal, &Outside::Suspend)?;
        }
    }
}
