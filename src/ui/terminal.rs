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

use anyhow::{Context, Result};
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::execute;

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

/// Suspends the process with the terminal restored (Ctrl-Z) and takes it back on resume.
///
/// # Errors
/// When the terminal cannot be set up again.
pub fn suspend(terminal: &mut DefaultTerminal) -> Result<()> {
    leave();
    signal_hook::low_level::raise(signal_hook::consts::SIGTSTP).context("suspending")?;
    // Execution continues here after SIGCONT.
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
