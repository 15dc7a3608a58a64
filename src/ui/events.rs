//! [`EventSource`]: where the reader's input comes from — the terminal, or a script in tests.

use std::collections::VecDeque;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use anyhow::{Context as _, Result};
use ratatui::crossterm::event::{self, Event, KeyCode, KeyEvent, KeyModifiers, MouseEvent};

/// One input the reader reacts to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A key press.
    Key(KeyEvent),
    /// A mouse event.
    Mouse(MouseEvent),
    /// The terminal changed size.
    Resize,
    /// SIGTERM, SIGINT or SIGHUP: quit cleanly.
    Terminate,
}

/// A source of inputs.
pub trait EventSource {
    /// Blocks until the next input.
    ///
    /// # Errors
    /// When the terminal cannot be read.
    fn next_input(&mut self) -> Result<Input>;

    /// The next input if one comes within `timeout`, else `None` (for screens that redraw
    /// while waiting, such as the loading screen).
    ///
    /// # Errors
    /// When the terminal cannot be read.
    fn poll_input(&mut self, timeout: Duration) -> Result<Option<Input>>;
}

/// Inputs from the terminal, plus termination signals.
pub struct TerminalEvents {
    terminate: Arc<AtomicBool>,
}

impl TerminalEvents {
    /// Reads the terminal; SIGTERM, SIGINT and SIGHUP become [`Input::Terminate`].
    ///
    /// # Errors
    /// When the signal handlers cannot be installed.
    pub fn new() -> Result<TerminalEvents> {
        let terminate = Arc::new(AtomicBool::new(false));
        for signal in [
            signal_hook::consts::SIGTERM,
            signal_hook::consts::SIGINT,
            signal_hook::consts::SIGHUP,
        ] {
            signal_hook::flag::register(signal, Arc::clone(&terminate))
                .context("installing signal handlers")?;
        }
        Ok(TerminalEvents { terminate })
    }
}

impl EventSource for TerminalEvents {
    fn next_input(&mut self) -> Result<Input> {
        loop {
            // Poll with a timeout so a signal is noticed even while no key comes.
            if let Some(input) = self.poll_input(Duration::from_millis(150))? {
                return Ok(input);
            }
        }
    }

    fn poll_input(&mut self, timeout: Duration) -> Result<Option<Input>> {
        if self.terminate.load(Ordering::Relaxed) {
            return Ok(Some(Input::Terminate));
        }
        if !event::poll(timeout).context("reading the terminal")? {
            return Ok(None);
        }
        Ok(match event::read().context("reading the terminal")? {
            Event::Key(k) if k.is_press() || k.is_repeat() => Some(Input::Key(k)),
            Event::Mouse(m) => Some(Input::Mouse(m)),
            Event::Resize(..) => Some(Input::Resize),
            _ => None,
        })
    }
}

/// Inputs from a key script, for tests: characters are keys, `<…>` names special keys
/// (`<Esc>`, `<Enter>`, `<Tab>`, `<Down>`, `<Up>`, `<PgDn>`, `<PgUp>`, `<Home>`, `<End>`,
/// `<BS>`, `<C-d>` for Ctrl-d). When the script runs out, it terminates the reader.
pub struct ScriptedEvents {
    queue: VecDeque<Input>,
}

impl ScriptedEvents {
    /// Parses a key script.
    pub fn keys(script: &str) -> ScriptedEvents {
        let mut queue = VecDeque::new();
        let mut chars = script.chars().peekable();
        while let Some(c) = chars.next() {
            let key = if c == '<' && chars.peek().is_some_and(|n| *n != '>') {
                let name: String = chars.by_ref().take_while(|&ch| ch != '>').collect();
                special(&name)
            } else {
                let mods = if c.is_uppercase() {
                    KeyModifiers::SHIFT
                } else {
                    KeyModifiers::NONE
                };
                KeyEvent::new(KeyCode::Char(c), mods)
            };
            queue.push_back(Input::Key(key));
        }
        ScriptedEvents { queue }
    }

    /// Appends an input.
    pub fn push(&mut self, input: Input) {
        self.queue.push_back(input);
    }
}

fn special(name: &str) -> KeyEvent {
    if let Some(c) = name.strip_prefix("C-").and_then(|r| r.chars().next()) {
        return KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL);
    }
    let code = match name {
        "Esc" => KeyCode::Esc,
        "Enter" => KeyCode::Enter,
        "Tab" => KeyCode::Tab,
        "Down" => KeyCode::Down,
        "Up" => KeyCode::Up,
        "PgDn" => KeyCode::PageDown,
        "PgUp" => KeyCode::PageUp,
        "Home" => KeyCode::Home,
        "End" => KeyCode::End,
        "BS" => KeyCode::Backspace,
        _ => KeyCode::Null,
    };
    KeyEvent::new(code, KeyModifiers::NONE)
}

impl EventSource for ScriptedEvents {
    fn next_input(&mut self) -> Result<Input> {
        Ok(self.queue.pop_front().unwrap_or(Input::Terminate))
    }

    /// The next scripted input; once the script is used up, nothing (after a short wait, so
    /// that a screen waiting for work does not spin).
    fn poll_input(&mut self, timeout: Duration) -> Result<Option<Input>> {
        let next = self.queue.pop_front();
        if next.is_none() {
            std::thread::sleep(timeout.min(Duration::from_millis(5)));
        }
        Ok(next)
    }
}
