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
pub mod browse;
pub mod editor;
pub mod events;
pub mod facts;
pub mod geometry;
pub mod keymap;
pub mod loading;
pub mod picker;
pub mod rows;
pub mod state;
pub mod terminal;
pub mod theme;
pub mod update;
pub mod view;

use anyhow::{Context as _, Result};
use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::Rect;

use action::Action;
use events::{EventSource, Input};
use geometry::Geometry;
use keymap::Keymap;
use rows::{Comparison, RowKind, Rows, Shape, Side};
use state::UiState;
use theme::Theme;
use update::{Command, Context, SearchEdit};

use crate::export::report_file;
use crate::layout::{PassageKind, Tone};
use crate::progress::{Cancelled, Progress, Stage};
use crate::review::session::Session;
use crate::review::{Correction, CorrectionKind};

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
        let (session, _) = Session::in_memory(cmp.alignment.clone(), &cmp.left, &cmp.right);
        App::with_session(cmp, keymap, theme, session)
    }

    /// A reader over `cmp` (whose alignment is the session's corrected one) and `session`.
    pub fn with_session(
        cmp: Comparison,
        keymap: Keymap,
        theme: Theme,
        mut session: Session,
    ) -> App {
        let state = UiState {
            message: session.take_notice().or_else(|| cmp.notice()),
            ..UiState::default()
        };
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
        let geometry = Geometry::of(area);
        if geometry == Geometry::TooSmall {
            return geometry;
        }
        let shape = Shape {
            pane_width: geometry.pane_width(),
            arrangement: self.state.arrangement,
            differences_only: self.state.differences_only,
            stacked: geometry.is_stacked(),
            review_filter: self.state.review_filter,
            review_version: self.review_version,
        };
        let height = geometry.body_height();
        let stale = self.cache.as_ref().is_none_or(|c| c.shape != shape);
        if stale {
            let rows = rows::build(
                &self.cmp,
                shape,
                self.session.review(),
                geometry.note_width(),
            );
            // Keep what the user was reading in view across a resize.
            if self.cache.is_some() && self.state.anchor.is_none() {
                self.state.anchor = self.anchor_now();
            }
            let overview = overview(&self.cmp, &rows, height);
            if !self.state.search.query.is_empty() {
                // Matches are passage numbers of an arrangement: count them again.
                let ctx = Context {
                    cmp: &self.cmp,
                    rows: &rows,
                    height,
                    review: self.session.review(),
                };
                self.state.search.matches = update::matches(&ctx, &self.state.search.query);
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
            c.overview = overview(&self.cmp, &c.rows, height);
            c.height = height;
        }
        if let Some(cache) = &self.cache {
            let ctx = Context {
                cmp: &self.cmp,
                rows: &cache.rows,
                height,
                review: self.session.review(),
            };
            update::resolve_anchor(&mut self.state, &ctx);
            let last = cache.rows.rows.len().saturating_sub(height.max(1));
            for t in &mut self.state.top {
                *t = (*t).min(last);
            }
        }
        geometry
    }

    fn anchor_now(&self) -> Option<state::Anchor> {
        let cache = self.cache.as_ref()?;
        let ctx = Context {
            cmp: &self.cmp,
            rows: &cache.rows,
            height: cache.height,
            review: self.session.review(),
        };
        update::anchor_of(&self.state, &ctx)
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
            Input::Key(key) if self.state.facts.is_some() && key.code == KeyCode::Enter => {
                facts::go_to_selected(&mut self.state, &ctx);
                None
            }
            Input::Key(key) if self.state.search.editing => {
                if let Some(edit) = search_edit(key) {
                    update::search_input(&mut self.state, &ctx, edit);
                }
                None
            }
            Input::Key(key) => self
                .keymap
                .action_for(key)
                .and_then(|action| update::update(&mut self.state, action, &ctx)),
            Input::Mouse(_)
                if self.state.help || self.state.notes || self.state.facts.is_some() =>
            {
                None
            }
            Input::Mouse(_) if self.state.editor.is_some() => None,
            Input::Mouse(m) => {
                mouse(&mut self.state, &ctx, m, geometry);
                None
            }
        };
        if let Some(command) = command {
            self.carry_out(command);
        }
    }

    /// A key while the note editor is open.
    fn edit_note(&mut self, key: &KeyEvent) -> Option<Command> {
        let editor = self.state.editor.as_mut()?;
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let alt = key.modifiers.contains(KeyModifiers::ALT);
        match key.code {
            KeyCode::Enter if alt || key.modifiers.contains(KeyModifiers::SHIFT) => {
                editor.insert('\n');
            }
            KeyCode::Char('j') if ctrl => editor.insert('\n'),
            KeyCode::Enter => {
                let e = self.state.editor.take()?;
                self.state.message = Some(if e.text().trim().is_empty() {
                    format!("passage {}: note removed", e.passage + 1)
                } else {
                    format!("passage {}: note saved", e.passage + 1)
                });
                return Some(Command::SetNote(
                    e.unit.clone(),
                    e.text().trim_end().to_owned(),
                ));
            }
            KeyCode::Esc | KeyCode::Char('c') if key.code == KeyCode::Esc || ctrl => {
                self.state.editor = None;
                self.state.message = Some("note not changed".to_owned());
            }
            KeyCode::Backspace => editor.backspace(),
            KeyCode::Delete => editor.delete(),
            KeyCode::Left => editor.left(),
            KeyCode::Right => editor.right(),
            KeyCode::Up => editor.up(),
            KeyCode::Down => editor.down(),
            KeyCode::Home => editor.home(),
            KeyCode::End => editor.end(),
            KeyCode::Char('a') if ctrl => editor.home(),
            KeyCode::Char('e') if ctrl => editor.end(),
            KeyCode::Tab => editor.insert(' '),
            KeyCode::Char(c) if !ctrl && !alt => editor.insert(c),
            _ => {}
        }
        None
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
                    doc.sentences[range]
                        .iter()
                        .map(|s| s.text.clone())
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
        let report = crate::export::report::Report::new(
            &self.cmp.left,
            &self.cmp.right,
            &self.cmp.alignment,
            self.session.review(),
            self.session.path().map(|p| p.display().to_string()),
        );
        let html = crate::export::html::render(&report);
        let name = report_file::report_name(&self.cmp.left.path, &self.cmp.right.path);
        let here = std::env::current_dir().ok();
        let temp = std::env::temp_dir();
        report_file::save(&name, html.as_bytes(), here.as_deref(), &temp)
            .with_context(|| format!("{}: cannot write the report", temp.display()))
    }

    /// Saves what is unsaved before the reader closes; when the store cannot be written, a
    /// copy goes to the temporary directory. Returns what the user must be told.
    pub fn finish(&mut self) -> Option<String> {
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

fn search_edit(key: &KeyEvent) -> Option<SearchEdit> {
    match key.code {
        KeyCode::Enter => Some(SearchEdit::Confirm),
        KeyCode::Esc => Some(SearchEdit::Cancel),
        KeyCode::Backspace => Some(SearchEdit::Backspace),
        KeyCode::Char(c)
            if !key
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
        {
            Some(SearchEdit::Char(c))
        }
        KeyCode::Char('c') => Some(SearchEdit::Cancel),
        _ => None,
    }
}

fn mouse(state: &mut UiState, ctx: &Context, m: &MouseEvent, geometry: &Geometry) {
    let (body_y, side) = match *geometry {
        Geometry::Split { left, right, .. } => {
            let side = if m.column < left.right() {
                Some(Side::Left)
            } else if m.column >= right.x {
                Some(Side::Right)
            } else {
                None
            };
            (left.y, side)
        }
        Geometry::Stacked { text, .. } => (text.y, Some(Side::Left)),
        Geometry::TooSmall => return,
    };
    match m.kind {
        MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
            let delta = if m.kind == MouseEventKind::ScrollDown {
                3
            } else {
                -3
            };
            match side {
                Some(s) => update::scroll_pane(state, ctx, s, delta),
                None => update::scroll(state, ctx, delta),
            }
        }
        MouseEventKind::Down(MouseButton::Left) if m.row >= body_y => {
            let pane = usize::from(side == Some(Side::Right) && !state.sync);
            let row = state.top[pane] + usize::from(m.row - body_y);
            update::select_row(state, ctx, row);
        }
        _ => {}
    }
}

/// The overview column: for each body row, the most notable passage kind in its share of rows
/// (as a tone: `Removed` stands for a changed passage, `Unique` for a one-sided one).
fn overview(cmp: &Comparison, rows: &Rows, height: usize) -> Vec<Tone> {
    let ps = cmp.passages(rows.shape.arrangement);
    let total = rows.rows.len().max(1);
    let h = height.max(1);
    let rank = |t: Tone| match t {
        Tone::Moved => 3,
        Tone::Removed => 2,
        Tone::Unique => 1,
        _ => 0,
    };
    (0..h)
        .map(|y| {
            let from = y * total / h;
            let to = ((y + 1) * total / h).max(from + 1).min(rows.rows.len());
            rows.rows
                .get(from..to)
                .unwrap_or_default()
                .iter()
                .filter_map(|r| match r.kind {
                    RowKind::Text { passage, .. } => ps.get(passage).map(|p| match p.kind {
                        PassageKind::Changed => Tone::Removed,
                        PassageKind::Moved => Tone::Moved,
                        PassageKind::LeftOnly | PassageKind::RightOnly => Tone::Unique,
                        PassageKind::Equal => Tone::Plain,
                    }),
                    _ => None,
                })
                .max_by_key(|t| rank(*t))
                .unwrap_or(Tone::Plain)
        })
        .collect()
}

/// Runs the reader loop until the user quits or the input ends; the caller owns the terminal.
///
/// `suspend` is called when the user asks to suspend (Ctrl-Z).
///
/// # Errors
/// When drawing or reading input fails.
pub fn run<B>(
    terminal: &mut Terminal<B>,
    events: &mut dyn EventSource,
    app: &mut App,
    suspend: &mut dyn FnMut(&mut Terminal<B>) -> Result<()>,
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
        let input = events.next_input()?;
        app.handle(&input, &geometry);
        if app.state.suspend {
            app.state.suspend = false;
            suspend(terminal)?;
        }
    }
}

/// Lays `app` out for the terminal's size and draws it.
fn frame<B>(terminal: &mut Terminal<B>, app: &mut App) -> Result<Geometry>
where
    B: Backend,
    B::Error: std::error::Error + Send + Sync + 'static,
{
    let size = terminal.size()?;
    let geometry = app.prepare(Rect::new(0, 0, size.width, size.height));
    terminal.draw(|frame| match app.view() {
        Some(v) if geometry != Geometry::TooSmall => view::draw(frame, &v),
        _ => view::draw_too_small(frame),
    })?;
    Ok(geometry)
}

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
    keymap: Keymap,
    color: bool,
) -> Result<()> {
    let mut events = events::TerminalEvents::new()?;
    let mut guard = terminal::TerminalGuard::enter()?;
    let area = guard.terminal().size()?;
    let theme = Theme::new(color);
    let prepared = loading::wait(guard.terminal(), &mut events, |progress| {
        let (cmp, session) = prepare(progress)?;
        progress.check()?;
        progress.begin(Stage::Layout, 0);
        let mut app = App::with_session(cmp, keymap, theme, session);
        // The first layout is the slow one on a book: done here, under the loading screen.
        app.prepare(Rect::new(0, 0, area.width, area.height));
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
            &mut terminal::suspend,
        )
    } else {
        run(
            guard.terminal(),
            &mut events,
            &mut app,
            &mut terminal::suspend,
        )
    };
    #[cfg(not(debug_assertions))]
    let result = run(
        guard.terminal(),
        &mut events,
        &mut app,
        &mut terminal::suspend,
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
/// `open` opens the review of each pair picked.
///
/// # Errors
/// When the terminal cannot be set up, drawn on or read.
pub fn browse_library(
    library: &crate::library::Library,
    keymap: Keymap,
    color: bool,
    open: &mut browse::OpenPair,
) -> Result<()> {
    let mut events = events::TerminalEvents::new()?;
    let mut guard = terminal::TerminalGuard::enter()?;
    let result = browse::browse(
        guard.terminal(),
        &mut events,
        library,
        &keymap,
        &Theme::new(color),
        open,
        &mut terminal::suspend,
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
        self.0.poll_input(timeout)
    }
}
