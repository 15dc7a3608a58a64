//! [`EventSource`]: where the reader's input comes from — the terminal, or a script in tests.

use std::collections::VecDeque;
use std::os::fd::AsFd;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result, bail};
use ratatui::crossterm::event::{self, Event, KeyCode, KeyEvent, KeyModifiers, MouseEvent};
use rustix::event::{PollFd, PollFlags, Timespec};

/// One input the reader reacts to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A key press.
    Key(KeyEvent),
    /// A mouse event.
    Mouse(MouseEvent),
    /// The terminal changed size.
    Resize,
    /// SIGTERM, SIGINT or SIGHUP, or the terminal hung up: quit cleanly (a note being written
    /// is kept).
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

    /// Stops reading the terminal until [`EventSource::resume_reading`], so a program the
    /// reader starts on it (the editor) gets every key typed. Scripts have nothing to stop.
    fn pause_reading(&mut self) {}

    /// Reads the terminal again after [`EventSource::pause_reading`].
    fn resume_reading(&mut self) {}
}

/// How long the reader waits for input before it looks again at the signals and the terminal
/// itself: a termination or a hang-up is noticed within this.
const WATCH: Duration = Duration::from_millis(100);

/// Inputs from the terminal, plus termination signals and the terminal going away.
///
/// The terminal is read on a thread of its own, never by the loop: crossterm's reader does
/// not return when the terminal hangs up (it reads end-of-file again and again, burning a
/// core), so the loop only waits on what that thread sends, and meanwhile looks at the
/// signal flag and asks the terminal whether it has hung up. Whatever the input thread does,
/// the loop is never stuck in it; when the process ends, so does the thread.
pub struct TerminalEvents {
    terminate: Arc<AtomicBool>,
    tty: Option<Tty>,
    inputs: Option<Receiver<std::io::Result<Event>>>,
    pause: Arc<Pause>,
}

/// Asks the input thread to stop reading, and its answer.
#[derive(Default)]
struct Pause {
    /// Set by the loop: stop reading.
    asked: AtomicBool,
    /// Set by the input thread while it has stopped.
    stopped: AtomicBool,
}

/// How long the input thread waits for the terminal before it looks for a pause request.
const PAUSE_CHECK: Duration = Duration::from_millis(25);

impl TerminalEvents {
    /// Reads the terminal; SIGTERM, SIGINT and SIGHUP become [`Input::Terminate`], and so does
    /// the terminal hanging up. A second SIGTERM or SIGINT ends the process at once (status
    /// 128 + the signal's number), in case the first one cannot be acted on.
    ///
    /// # Errors
    /// When the signal handlers cannot be installed.
    pub fn new() -> Result<TerminalEvents> {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let terminate = Arc::new(AtomicBool::new(false));
        // Set by SIGTERM and SIGINT only: the kernel may send SIGHUP more than once when the
        // terminal closes, and that must not skip saving.
        let interrupted = Arc::new(AtomicBool::new(false));
        for signal in [SIGTERM, SIGINT] {
            // Registered first, so it sees the flag as it was before this signal set it.
            signal_hook::flag::register_conditional_shutdown(
                signal,
                128 + signal,
                Arc::clone(&interrupted),
            )
            .context("installing signal handlers")?;
            signal_hook::flag::register(signal, Arc::clone(&interrupted))
                .context("installing signal handlers")?;
        }
        for signal in [SIGTERM, SIGINT, SIGHUP] {
            signal_hook::flag::register(signal, Arc::clone(&terminate))
                .context("installing signal handlers")?;
        }
        Ok(TerminalEvents {
            terminate,
            tty: Tty::open(),
            inputs: None,
            pause: Arc::default(),
        })
    }

    /// Whether the terminal has hung up (closed window, dropped connection, killed tmux
    /// session): what cannot be drawn or read then is how the session ended, not a failure.
    pub fn is_gone(&self) -> bool {
        self.tty.as_ref().is_some_and(Tty::hung_up)
    }

    /// What the input thread sends; it starts at the first call, once the terminal is in raw
    /// mode.
    fn inputs(&mut self) -> Result<&Receiver<std::io::Result<Event>>> {
        if self.inputs.is_none() {
            let (send, receive) = mpsc::channel();
            let pause = Arc::clone(&self.pause);
            std::thread::Builder::new()
                .name("terminal input".to_owned())
                .spawn(move || {
                    loop {
                        if pause.asked.load(Ordering::SeqCst) {
                            pause.stopped.store(true, Ordering::SeqCst);
                            while pause.asked.load(Ordering::SeqCst) {
                                std::thread::sleep(PAUSE_CHECK);
                            }
                            pause.stopped.store(false, Ordering::SeqCst);
                        }
                        // Waiting with a timeout, never blocked in a read, so a pause request
                        // is seen before the next key is taken from the editor.
                        match event::poll(PAUSE_CHECK) {
                            Ok(false) => continue,
                            Ok(true) => {}
                            Err(e) => {
                                let _ = send.send(Err(e));
                                return;
                            }
                        }
                        let event = event::read();
                        // One error ends the thread: the loop reports it, nothing retries it.
                        let failed = event.is_err();
                        if send.send(event).is_err() || failed {
                            return;
                        }
                    }
                })
                .context("starting the terminal reader")?;
            self.inputs = Some(receive);
        }
        self.inputs.as_ref().context("starting the terminal reader")
    }
}

impl EventSource for TerminalEvents {
    fn pause_reading(&mut self) {
        if self.inputs.is_none() {
            return;
        }
        self.pause.asked.store(true, Ordering::SeqCst);
        // The thread answers within one poll; one that has ended never will.
        let deadline = Instant::now() + Duration::from_secs(1);
        while !self.pause.stopped.load(Ordering::SeqCst) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    fn resume_reading(&mut self) {
        self.pause.asked.store(false, Ordering::SeqCst);
    }

    fn next_input(&mut self) -> Result<Input> {
        loop {
            if let Some(input) = self.poll_input(WATCH)? {
                return Ok(input);
            }
        }
    }

    fn poll_input(&mut self, timeout: Duration) -> Result<Option<Input>> {
        let deadline = Instant::now() + timeout;
        loop {
            if self.terminate.load(Ordering::Relaxed) || self.is_gone() {
                return Ok(Some(Input::Terminate));
            }
            let wait = deadline
                .saturating_duration_since(Instant::now())
                .min(WATCH);
            match self.inputs()?.recv_timeout(wait) {
                Ok(Ok(event)) => {
                    if let Some(input) = input_of(event) {
                        return Ok(Some(input));
                    }
                }
                Ok(Err(e)) => return Err(e).context("reading the terminal"),
                Err(RecvTimeoutError::Disconnected) => {
                    bail!("reading the terminal: its input ended")
                }
                Err(RecvTimeoutError::Timeout) => {}
            }
            if Instant::now() >= deadline {
                return Ok(None);
            }
        }
    }
}

/// The reader's input for a terminal event (`None` for those it ignores: key releases,
/// focus changes, pastes).
fn input_of(event: Event) -> Option<Input> {
    match event {
        Event::Key(k) if k.is_press() || k.is_repeat() => Some(Input::Key(k)),
        Event::Mouse(m) => Some(Input::Mouse(m)),
        Event::Resize(..) => Some(Input::Resize),
        _ => None,
    }
}

/// The terminal the input comes from, as crossterm picks it (standard input when it is a
/// terminal, else `/dev/tty`), kept open to ask whether it hung up.
enum Tty {
    Stdin,
    DevTty(std::fs::File),
}

impl Tty {
    fn open() -> Option<Tty> {
        use std::io::IsTerminal as _;
        if std::io::stdin().is_terminal() {
            Some(Tty::Stdin)
        } else {
            std::fs::File::open("/dev/tty").ok().map(Tty::DevTty)
        }
    }

    /// Whether the terminal reports a hang-up: a closed terminal reads as end-of-file forever
    /// and refuses writes, and `poll` says so without reading anything.
    fn hung_up(&self) -> bool {
        match self {
            Tty::Stdin => hung_up(&std::io::stdin()),
            Tty::DevTty(file) => hung_up(file),
        }
    }
}

/// Whether `fd` reports `POLLHUP` (asked without waiting and without reading).
fn hung_up(fd: &impl AsFd) -> bool {
    let mut fds = [PollFd::new(fd, PollFlags::empty())];
    let now = Timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // Only a hang-up counts: some systems answer `POLLNVAL` for a working terminal.
    rustix::event::poll(&mut fds, Some(&now)).is_ok() && fds[0].revents().contains(PollFlags::HUP)
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
