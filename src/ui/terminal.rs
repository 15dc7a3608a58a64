//! [`TerminalGuard`]: owns the terminal while the reader runs and always gives it back.
//!
//! Raw mode, the alternate screen and mouse capture are restored on every way out: a normal
//! return, an error (the guard's `Drop`), a panic (ratatui's hook restores, ours releases the
//! mouse, then the panic message prints on the normal screen), and SIGTERM/SIGINT/SIGHUP or the
//! terminal hanging up, which [`super::events::TerminalEvents`] turns into a normal quit.
//! Restoring a terminal that is gone fails quietly. Ctrl-Z suspends with the terminal restored
//! and takes it back on resume.

use std::io::stdout;
use std::sync::Once;

use std::io::Write;

use anyhow::{Context, Result};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::execute;

use super::state::Outside;

static MOUSE_HOOK: Once = Once::new();

/// The terminal, in raw mode on the alternate screen, until dropped.
pub struct TerminalGuard {
    terminal: DefaultTerminal,
}

impl TerminalGuard {
    /// Takes over the terminal.
    ///
    /// # Errors
    /// When the terminal cannot be set up; it is restored first.
    pub fn enter() -> Result<TerminalGuard> {
        // Installed before ratatui's hook, so it runs after ratatui restored the screen.
        MOUSE_HOOK.call_once(|| {
            let previous = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                let _ = execute!(stdout(), DisableMouseCapture);
                previous(info);
            }));
        });
        let terminal = match ratatui::try_init() {
            Ok(t) => t,
            Err(e) => {
                let _ = ratatui::try_restore();
                return Err(e).context("setting up the terminal");
            }
        };
        if let Err(e) = execute!(stdout(), EnableMouseCapture) {
            let _ = ratatui::try_restore();
            return Err(e).context("enabling the mouse");
        }
        Ok(TerminalGuard { terminal })
    }

    /// The terminal to draw on.
    pub fn terminal(&mut self) -> &mut DefaultTerminal {
        &mut self.terminal
    }
}

/// Carries out what the reader asks beyond the screen: suspending (Ctrl-Z), the clipboard,
/// the editor. Returns what the status line should say.
///
/// # Errors
/// When the terminal cannot be written or set up again; a failing editor is only a message.
pub fn outside(terminal: &mut DefaultTerminal, what: &Outside) -> Result<Option<String>> {
    match what {
        Outside::Suspend => {
            leave();
            signal_hook::low_level::raise(signal_hook::consts::SIGTSTP).context("suspending")?;
            // Execution continues here after SIGCONT.
            resume(terminal)?;
            Ok(None)
        }
        Outside::Clipboard(text) => {
            // OSC 52: the terminal (or tmux, or the ssh client's terminal) sets its clipboard,
            // so copying works over ssh with no clipboard tool. Base64 keeps the article's
            // text from ever reaching the terminal as control sequences.
            let sequence = format!("\x1b]52;c;{}\x07", BASE64.encode(text));
            let mut out = stdout();
            out.write_all(sequence.as_bytes())
                .and_then(|()| out.flush())
                .context("copying to the clipboard")?;
            Ok(None)
        }
        Outside::Editor { path, byte } => {
            // Read again, not kept from loading: only the line count is wanted, once.
            let Ok(bytes) = std::fs::read(path) else {
                return Ok(Some(format!(
                    "{}: not a file the editor can open",
                    path.display()
                )));
            };
            let line = 1 + bytes[..(*byte).min(bytes.len())]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            let editor = editor_command();
            leave();
            let status = std::process::Command::new(&editor[0])
                .args(&editor[1..])
                .arg(format!("+{line}"))
                .arg(path)
                .status();
            resume(terminal)?;
            Ok(Some(match status {
                Ok(s) if s.success() => format!(
                    "back from {}; the reader still shows the text as it was opened",
                    editor[0]
                ),
                Ok(s) => format!("{} ended with {s}", editor[0]),
                Err(e) => format!(
                    "cannot start the editor \"{}\": {e} (set $VISUAL or $EDITOR)",
                    editor[0]
                ),
            }))
        }
    }
}

/// The user's editor: `$VISUAL`, else `$EDITOR`, else `vi`, split into words (so "code
/// --wait" works; quoting is not interpreted).
fn editor_command() -> Vec<String> {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .map(|v| {
            v.split_whitespace()
                .map(str::to_owned)
                .collect::<Vec<String>>()
        })
        .find(|words| !words.is_empty())
        .unwrap_or_else(|| vec!["vi".to_owned()])
}

/// Takes the terminal back after a suspension or an editor.
fn resume(terminal: &mut DefaultTerminal) -> Result<()> {
    ratatui::crossterm::terminal::enable_raw_mode().context("resuming")?;
    execute!(
        stdout(),
        ratatui::crossterm::terminal::EnterAlternateScreen,
        EnableMouseCapture
    )
    .context("resuming")?;
    // A full redraw without `Terminal::clear`, which asks the terminal for the cursor position
    // (and fails on terminals that do not answer): clear the screen, forget both buffers.
    execute!(
        stdout(),
        ratatui::crossterm::terminal::Clear(ratatui::crossterm::terminal::ClearType::All)
    )
    .context("redrawing")?;
    terminal.swap_buffers();
    terminal.swap_buffers();
    Ok(())
}

fn leave() {
    let _ = execute!(stdout(), DisableMouseCapture);
    let _ = ratatui::try_restore();
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        leave();
    }
}
