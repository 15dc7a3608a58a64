//! [`App`]: the reader's state, the review session and the rows cached for the current shape;
//! [`run`]: the loop that draws a frame, waits for an input and hands it on.
//!
//! Generic over the backend, so tests drive the real loop on a `TestBackend`.

use crate::progress::Progress;
use anyhow::{Context as _, Result};
use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

use super::action::Action;
use super::context::{Command, Context};
use super::editor::Edit;
use super::events::{EventSource, Input};
use super::facts;
use super::geometry::Geometry;
use super::keymap::Keymap;
use super::linking;
use super::navigate;
use super::rows::{self, Comparison, Rows, Shape};
use super::search;
use super::state::{self, Outside, OutsideFn, UiState};
use super::theme::Theme;
use super::update;
use super::view;
use crate::export::report_file;
use crate::layout::Tone;
use crate::review::session::Session;
use crate::review::{Correction, CorrectionKind, Position, Unit};

/// The reader: documents, state, keys, styles, and the rows cached for the current shape.
pub struct App {
    /// Documents and passages.
    pub cmp: Comparison,
    /// UI state.
    pub state: UiState,
    /// Keys.
    pub keymap: Keymap,
    /// Styles.
    pub theme: Theme,
    /// The review being worked on.
    pub session: Session,
    review_version: u64,
    cache: Option<Cache>,
}

struct Cache {
    shape: Shape,
    height: usize,
    rows: Rows,
    overview: Vec<Tone>,
}

impl App {
    /// A reader over `cmp` with a review kept in memory only.
    pub fn new(cmp: Comparison, keymap: Keymap, theme: Theme) -> App {
        let (session, _) = Session::in_memory((*cmp.alignment).clone(), &cmp.left, &cmp.right);
        App::with_session(cmp, keymap, theme, session)
    }

    /// A reader over `cmp` (whose alignment is the session's corrected one) and `session`.
    pub fn with_session(
        cmp: Comparison,
        keymap: Keymap,
        theme: Theme,
        mut session: Session,
    ) -> App {
        let mut state = UiState {
            message: session.take_notice().or_else(|| cmp.notice()),
            ..UiState::default()
        };
        if let Some(anchor) = session.review().position().and_then(|p| found(&cmp, p)) {
            state.anchor = Some(anchor);
            state.selected = Some(0);
            state
                .message
                .get_or_insert_with(|| "back where you left off (g goes to the top)".to_owned());
        }
        App {
            cmp,
            state,
            keymap,
            theme,
            session,
            review_version: 0,
            cache: None,
        }
    }

    /// Lays out for `area` if its shape changed, then resolves a pending anchor and keeps the
    /// scroll positions in range.
    pub fn prepare(&mut self, area: Rect) -> Geometry {
        self.prepare_with(area, &Progress::new())
    }

    /// [`App::prepare`], reporting a new layout into `progress`; once it is cancelled the
    /// layout is left incomplete, and the caller must check and drop the app.
    pub fn prepare_with(&mut self, area: Rect, progress: &Progress) -> Geometry {
        let geometry = Geometry::of(area);
        if geometry == Geometry::TooSmall {
            self.receive_facts();
            return geometry;
        }
        let shape = Shape {
            pane_width: geometry.pane_width(),
            arrangement: self.state.arrangement,
            differences_only: self.state.differences_only,
            context: self.state.context,
            stacked: geometry.is_stacked(),
            review_filter: self.state.review_filter,
            review_version: self.review_version,
            words: self.state.layers.words,
            ignore: self.state.ignore,
        };
        let height = geometry.body_height();
        if self.state.help {
            let length = view::help_length(area, &self.keymap, self.state.in_library);
            let room = usize::from(area.height).saturating_sub(2);
            self.state.overlay_top = self.state.overlay_top.min(length.saturating_sub(room));
        }
        let stale = self.cache.as_ref().is_none_or(|c| c.shape != shape);
        if stale {
            // Keep what the user was reading in view across a resize.
            if self.cache.is_some() && self.state.anchor.is_none() {
                self.state.anchor = self.anchor_now();
            }
            // The old rows lend what the new shape shares with them (the cache is dropped
            // whenever the comparison changes, so they are always of this one).
            let previous = self.cache.take().map(|c| c.rows);
            let rows = rows::build(
                &self.cmp,
                shape,
                self.session.review(),
                geometry.note_width(),
                previous,
                progress,
            );
            let overview = rows.overview(&self.cmp, height);
            if !self.state.search.query.is_empty() {
                // Matches are passage numbers of an arrangement: count them again.
                let ctx = Context {
                    cmp: &self.cmp,
                    rows: &rows,
                    height,
                    review: self.session.review(),
                };
                self.state.search.matches = search::matches(&ctx, &self.state.search.query);
            }
            self.cache = Some(Cache {
                shape,
                height,
                rows,
                overview,
            });
        } else if let Some(c) = self.cache.as_mut()
            && c.height != height
        {
            c.overview = c.rows.overview(&self.cmp, height);
            c.height = height;
        }
        if let Some(cache) = &self.cache {
            let ctx = Context {
                cmp: &self.cmp,
                rows: &cache.rows,
                height,
                review: self.session.review(),
            };
            navigate::resolve_anchor(&mut self.state, &ctx);
            let last = cache.rows.len().saturating_sub(height.max(1));
            for t in &mut self.state.top {
                *t = (*t).min(last);
            }
            navigate::keep_selection_in_view(&mut self.state, &ctx);
        }
        // After the layout: the first one has both cores before the facts start.
        self.receive_facts();
        geometry
    }

    /// Picks up the facts read after the first screen; the rows stay (facts only add marks),
    /// their lines are built again.
    fn receive_facts(&mut self) {
        if self.cmp.receive_facts()
            && let Some(c) = &mut self.cache
        {
            c.rows.forget_views();
        }
    }

    /// Keeps the message on the status line in the history the `o` list shows in full (the
    /// status line may have to shorten it).
    fn remember_message(&mut self) {
        let state = &mut self.state;
        if let Some(m) = &state.message
            && !m.is_empty()
            && state.messages.last() != Some(m)
        {
            state.messages.push(m.clone());
            if state.messages.len() > state::MESSAGES_KEPT {
                state.messages.remove(0);
            }
        }
    }

    fn anchor_now(&self) -> Option<state::Anchor> {
        let cache = self.cache.as_ref()?;
        let ctx = Context {
            cmp: &self.cmp,
            rows: &cache.rows,
            height: cache.height,
            review: self.session.review(),
        };
        navigate::anchor_of(&self.state, &ctx)
    }

    /// Reacts to one input.
    pub fn handle(&mut self, input: &Input, geometry: &Geometry) {
        let Some(cache) = &self.cache else {
            // Nothing laid out yet (the terminal is too small): only quitting means anything.
            let quit = match input {
                Input::Terminate => true,
                Input::Key(k) => self.keymap.action_for(k) == Some(Action::Quit),
                _ => false,
            };
            self.state.quit |= quit;
            return;
        };
        let ctx = Context {
            cmp: &self.cmp,
            rows: &cache.rows,
            height: cache.height,
            review: self.session.review(),
        };
        let command = match input {
            Input::Terminate => {
                // A note being written is kept: quitting never loses a reviewer's words.
                self.state.quit = true;
                self.state
                    .editor
                    .take()
                    .filter(|e| e.is_changed())
                    .map(|e| Command::SetNote(e.unit.clone(), e.text().to_owned()))
            }
            Input::Resize => None,
            Input::Key(key) if self.state.editor.is_some() => self.edit_note(key),
            Input::Key(key) if self.state.choice.is_some() && !self.state.help => {
                linking::choose_key(&mut self.state, &ctx, key, &self.keymap)
            }
            Input::Key(key) if self.state.facts.is_some() && key.code == KeyCode::Enter => {
                facts::go_to_selected(&mut self.state, &ctx);
                None
            }
            Input::Key(key) if self.state.search.editing => {
                if let Some(edit) = search::edit_of(key) {
                    search::search_input(&mut self.state, &ctx, edit);
                }
                None
            }
            Input::Key(key) => match self.keymap.action_for(key) {
                Some(action) => update::update(&mut self.state, action, &ctx),
                None => {
                    if let KeyCode::Char(c) = key.code
                        && let Some(d) = c.to_digit(10)
                        && !key
                            .modifiers
                            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
                    {
                        update::digit(&mut self.state, d);
                    }
                    None
                }
            },
            Input::Mouse(_)
                if self.state.help || self.state.notes || self.state.facts.is_some() =>
            {
                None
            }
            // A click would move the selection from under the sentences being chosen.
            Input::Mouse(_) if self.state.editor.is_some() || self.state.choice.is_some() => None,
            Input::Mouse(m) => {
                navigate::mouse(&mut self.state, &ctx, m, geometry);
                None
            }
        };
        if let Some(command) = command {
            self.carry_out(command);
        }
    }

    /// A key while the note editor is open.
    fn edit_note(&mut self, key: &KeyEvent) -> Option<Command> {
        match self.state.editor.as_mut()?.key(key) {
            Edit::Editing => None,
            Edit::Save => {
                let e = self.state.editor.take()?;
                self.state.message = Some(if e.text().trim().is_empty() {
                    format!("passage {}: note removed", e.passage + 1)
                } else {
                    format!("passage {}: note saved", e.passage + 1)
                });
                Some(Command::SetNote(
                    e.unit.clone(),
                    e.text().trim_end().to_owned(),
                ))
            }
            Edit::Cancel => {
                self.state.editor = None;
                self.state.message = Some("note not changed".to_owned());
                None
            }
        }
    }

    /// Carries out a change to the review and saves it; a failed save is reported and the
    /// change kept in memory (it is retried at the next change and on quitting).
    fn carry_out(&mut self, command: Command) {
        let (left, right) = (&self.cmp.left, &self.cmp.right);
        let result = match command {
            Command::SetStatus(unit, status) => {
                let r = self.session.set_status(&unit, status, left, right);
                if self.state.review_filter != state::ReviewFilter::All {
                    self.review_version += 1;
                }
                r
            }
            Command::SetNote(unit, text) => {
                let r = self.session.set_note(&unit, &text, left, right);
                self.review_version += 1;
                r
            }
            Command::Link { left: l, right: r } => {
                let texts = |doc: &crate::load::Document, range: std::ops::Range<usize>| {
                    doc.sentences
                        .get_range(range)
                        .unwrap_or_default()
                        .map(|s| s.text.to_string())
                        .collect()
                };
                let correction = Correction {
                    action: CorrectionKind::Link,
                    left: texts(left, l),
                    right: texts(right, r),
                };
                self.correct(correction)
            }
            Command::Unlink(unit) => {
                let (l, r) = unit.texts(left, right);
                self.correct(Correction {
                    action: CorrectionKind::Unlink,
                    left: l,
                    right: r,
                })
            }
            Command::SwapSides => {
                self.swap_sides();
                return;
            }
            Command::TakeOut { side, sentences } => {
                // One side only: the store's way of saying "just these sentences".
                let empty = Unit {
                    left: 0..0,
                    right: 0..0,
                };
                let unit = match side {
                    state::Side::Left => Unit {
                        left: sentences,
                        ..empty
                    },
                    state::Side::Right => Unit {
                        right: sentences,
                        ..empty
                    },
                };
                let (l, r) = unit.texts(left, right);
                self.correct(Correction {
                    action: CorrectionKind::Unlink,
                    left: l,
                    right: r,
                })
            }
            Command::Export => {
                self.state.message = Some(match self.export() {
                    Ok(path) => format!("report written to {}", path.display()),
                    Err(e) => format!("report not written: {e:#}"),
                });
                return;
            }
        };
        if let Err(e) = result {
            self.state.message = Some(e.to_string());
        }
    }

    /// Swaps the articles, their alignment and the review, keeping the passage being read in
    /// view. The facts are compared again (their wording is per side).
    fn swap_sides(&mut self) {
        let anchor = self.anchor_now().map(|a| match a {
            state::Anchor::Left(i) => state::Anchor::Right(i),
            state::Anchor::Right(j) => state::Anchor::Left(j),
        });
        let session = &mut self.session;
        self.cmp.swap_sides(|l, r| session.swap_sides(l, r));
        let state = &mut self.state;
        state.anchor = anchor;
        state.selected = Some(0);
        state.pick = None;
        state.choice = None;
        state.fact_cursor = None;
        state.search.matches.clear();
        state.message = Some(format!(
            "sides swapped: {} on the left now (S swaps back)",
            self.cmp.left.display_title()
        ));
        self.review_version += 1;
        self.cache = None;
    }

    fn correct(&mut self, correction: Correction) -> Result<bool, crate::review::file::StoreError> {
        let (alignment, saved) = self
            .session
            .correct(correction, &self.cmp.left, &self.cmp.right);
        self.cmp.set_alignment(alignment);
        self.state.selected = None;
        self.state.search.matches.clear();
        self.review_version += 1;
        // Passage numbers changed: the cached rows and the overview are rebuilt next frame.
        self.cache = None;
        saved
    }

    /// Writes an HTML report of the review into the current directory (a new file in the
    /// system's temporary directory when that is not writable); returns its path.
    fn export(&self) -> Result<std::path::PathBuf> {
        let store = self.session.path().map(|p| p.display().to_string());
        let report = self.cmp.report(self.session.review(), store.as_deref());
        let name = report_file::report_name(&self.cmp.left.path, &self.cmp.right.path);
        let here = std::env::current_dir().ok();
        let temp = std::env::temp_dir();
        let write = |out: &mut dyn std::io::Write| crate::export::html::write(&report, out);
        report_file::save(&name, write, here.as_deref(), &temp)
            .with_context(|| format!("{}: cannot write the report", temp.display()))
    }

    /// The passage being read, as the review remembers it for the next opening.
    fn position(&self) -> Option<Position> {
        let cache = self.cache.as_ref()?;
        let ctx = Context {
            cmp: &self.cmp,
            rows: &cache.rows,
            height: cache.height,
            review: self.session.review(),
        };
        // The first passage is where every opening starts: nothing to remember (and no store
        // written just for it).
        let k = navigate::current(&self.state, &ctx).filter(|&k| k > 0)?;
        let p = self.cmp.passages(cache.shape.arrangement).get(k)?;
        let text = |doc: &crate::load::Document, range: &std::ops::Range<usize>| {
            doc.sentences
                .get(range.start)
                .filter(|_| !range.is_empty())
                .map(|s| s.text.to_string())
        };
        Some(Position {
            left: text(&self.cmp.left, &p.left),
            right: text(&self.cmp.right, &p.right),
        })
    }

    /// Saves what is unsaved (a note still being written included) before the reader closes;
    /// when the store cannot be written, a copy goes to the temporary directory. Returns what
    /// the user must be told.
    ///
    /// Where the reader is is kept with the review, for the next opening.
    pub fn finish(&mut self) -> Option<String> {
        // Quietly: a position that cannot be written is no loss of the reviewer's work.
        let _ = self.session.keep_position(self.position());
        // A note still being written is kept, however the reader ended: the terminal can go
        // (a read or draw error) before its hang-up is seen as a termination.
        if let Some(e) = self.state.editor.take().filter(|e| e.is_changed()) {
            self.carry_out(Command::SetNote(e.unit.clone(), e.text().to_owned()));
        }
        if !self.session.has_unsaved_changes() {
            return None;
        }
        let why = match self.session.save() {
            Ok(()) if !self.session.has_unsaved_changes() => return None,
            Ok(()) => "the review is read-only".to_owned(),
            Err(e) => e.to_string(),
        };
        Some(match self.session.rescue() {
            Ok(path) => format!(
                "review changes not saved ({why}); a copy is at {}",
                path.display()
            ),
            Err(e) => {
                format!("review changes not saved ({why}), and no copy could be written: {e}")
            }
        })
    }

    /// The borrowed view for drawing (`None` before the first layout or when too small).
    pub fn view(&self) -> Option<view::View<'_>> {
        let cache = self.cache.as_ref()?;
        Some(view::View {
            cmp: &self.cmp,
            rows: &cache.rows,
            overview: &cache.overview,
            state: &self.state,
            theme: &self.theme,
            keymap: &self.keymap,
            session: &self.session,
        })
    }
}

/// The passage a remembered position points to: its left sentence if the left article still
/// has it, else its right one.
fn found(cmp: &Comparison, p: &Position) -> Option<state::Anchor> {
    let find = |doc: &crate::load::Document, text: &Option<String>| {
        let text = text.as_deref()?;
        doc.sentences.iter().position(|s| *s.text == *text)
    };
    find(&cmp.left, &p.left)
        .map(state::Anchor::Left)
        .or_else(|| find(&cmp.right, &p.right).map(state::Anchor::Right))
}

/// Runs the reader loop until the user quits or the input ends; the caller owns the terminal.
///
/// `outside` carries out what the user asks beyond the screen (suspend, clipboard, editor) and
/// returns what the status line should say; its errors end the loop (the terminal is lost).
///
/// # Errors
/// When drawing or reading input fails.
pub fn run<B>(
    terminal: &mut Terminal<B>,
    events: &mut dyn EventSource,
    app: &mut App,
    outside: &mut OutsideFn<B>,
) -> Result<()>
where
    B: Backend,
    B::Error: std::error::Error + Send + Sync + 'static,
{
    loop {
        let drawn = frame(terminal, app);
        if app.state.quit {
            // The last frame is a courtesy: the terminal may be gone, which may be why the
            // reader quits, and that must not turn quitting into a failure.
            return Ok(());
        }
        let geometry = drawn?;
        let input = if app.cmp.facts_progress().is_some() {
            // The facts are being read: look again soon, to show them (and the progress of
            // a panel waiting for them) without a key being pressed.
            match events.poll_input(FACTS_TICK)? {
                Some(input) => input,
                None => continue,
            }
        } else {
            events.next_input()?
        };
        app.handle(&input, &geometry);
        if let Some(what) = app.state.outside.take() {
            let editor = matches!(what, Outside::Editor { .. });
            if editor {
                events.pause_reading();
            }
            let said = outside(terminal, &what);
            if editor {
                events.resume_reading();
            }
            if let Some(message) = said? {
                app.state.message = Some(message);
            }
        }
    }
}

/// How often the reader looks whether the facts it is reading have come.
const FACTS_TICK: std::time::Duration = std::time::Duration::from_millis(100);

/// Lays `app` out for the terminal's size and draws it.
fn frame<B>(terminal: &mut Terminal<B>, app: &mut App) -> Result<Geometry>
where
    B: Backend,
    B::Error: std::error::Error + Send + Sync + 'static,
{
    let size = terminal.size()?;
    let geometry = app.prepare(Rect::new(0, 0, size.width, size.height));
    app.remember_message();
    terminal.draw(|frame| match app.view() {
        Some(v) if geometry != Geometry::TooSmall => view::draw(frame, &v),
        _ => view::draw_too_small(frame),
    })?;
    Ok(geometry)
}
