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

pub mod action;
pub mod events;
pub mod geometry;
pub mod keymap;
pub mod rows;
pub mod state;
pub mod terminal;
pub mod theme;
pub mod update;
pub mod view;

use anyhow::Result;
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
use update::{Context, SearchEdit};

use crate::layout::{PassageKind, Tone};

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
    cache: Option<Cache>,
}

struct Cache {
    shape: Shape,
    height: usize,
    rows: Rows,
    overview: Vec<Tone>,
}

impl App {
    /// A reader over `cmp`.
    pub fn new(cmp: Comparison, keymap: Keymap, theme: Theme) -> App {
        App {
            cmp,
            state: UiState::default(),
            keymap,
            theme,
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
        };
        let height = geometry.body_height();
        let stale = self.cache.as_ref().is_none_or(|c| c.shape != shape);
        if stale {
            let rows = rows::build(&self.cmp, shape);
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
        };
        match input {
            Input::Terminate => self.state.quit = true,
            Input::Resize => {}
            Input::Key(key) if self.state.search.editing => {
                if let Some(edit) = search_edit(key) {
                    update::search_input(&mut self.state, &ctx, edit);
                }
            }
            Input::Key(key) => {
                if let Some(action) = self.keymap.action_for(key) {
                    update::update(&mut self.state, action, &ctx);
                }
            }
            Input::Mouse(_) if self.state.help => {}
            Input::Mouse(m) => mouse(&mut self.state, &ctx, m, geometry),
        }
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
        let size = terminal.size()?;
        let geometry = app.prepare(Rect::new(0, 0, size.width, size.height));
        terminal.draw(|frame| match app.view() {
            Some(v) if geometry != Geometry::TooSmall => view::draw(frame, &v),
            _ => view::draw_too_small(frame),
        })?;
        if app.state.quit {
            return Ok(());
        }
        let input = events.next_input()?;
        app.handle(&input, &geometry);
        if app.state.suspend {
            app.state.suspend = false;
            suspend(terminal)?;
        }
    }
}

/// Opens the reader on the real terminal and runs it until the user quits.
///
/// # Errors
/// When the terminal cannot be set up, drawn on or read.
pub fn read(cmp: Comparison, keymap: Keymap, color: bool) -> Result<()> {
    let mut app = App::new(cmp, keymap, Theme::new(color));
    let mut events = events::TerminalEvents::new()?;
    let mut guard = terminal::TerminalGuard::enter()?;
    #[cfg(debug_assertions)]
    let result = if std::env::var_os("DIPTYCH_TEST_PANIC").is_some() {
        let mut events = PanicOnKey(events);
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
    result
}

/// Debug builds only: panics at the first key, so a test can check that a panic restores the
/// terminal before its message is printed (`DIPTYCH_TEST_PANIC=1`).
#[cfg(debug_assertions)]
struct PanicOnKey<E>(E);

#[cfg(debug_assertions)]
impl<E: EventSource> EventSource for PanicOnKey<E> {
    fn next_input(&mut self) -> Result<Input> {
        let input = self.0.next_input()?;
        if matches!(input, Input::Key(_)) {
            panic!("forced panic for the terminal-restore test");
        }
        Ok(input)
    }
}
