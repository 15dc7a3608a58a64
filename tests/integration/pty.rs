//! End to end: the real binary in a pseudo-terminal, its screen read with a vt100 parser.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use nix::sys::termios::LocalFlags;
use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

use crate::util::root;

/// How long any wait may take: long, for a slow machine busy with other builds.
const PATIENCE: Duration = Duration::from_secs(30);

fn nonzero(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).expect("a size above zero")
}

/// A program running in a pseudo-terminal, its screen kept up to date.
///
/// Dropping it (the test ended, or panicked) kills the program and closes the terminal, so
/// no test leaves a process behind, not even one started from a shell inside it.
struct Session {
    /// The terminal's side of the pair; `None` once closed.
    master: Option<Box<dyn MasterPty + Send>>,
    /// Keys go here; `None` once closed.
    writer: Option<Box<dyn Write + Send>>,
    child: Box<dyn Child + Send + Sync>,
    screen: Arc<Mutex<vt100::Parser<Clipboard>>>,
    /// Tells the thread feeding `screen` to stop and let go of its handle on the terminal.
    stop: Arc<AtomicBool>,
    feeder: Option<JoinHandle<()>>,
    /// The data directory the run saves reviews in (never the user's own).
    _data: tempfile::TempDir,
}

/// What the program put on the clipboard (OSC 52), decoded, oldest first.
#[derive(Default)]
struct Clipboard(Vec<String>);

impl vt100::Callbacks for Clipboard {
    fn copy_to_clipboard(&mut self, _: &mut vt100::Screen, _ty: &[u8], data: &[u8]) {
        use base64::Engine as _;
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(data)
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_else(|e| format!("(not base64: {e})"));
        self.0.push(decoded);
    }
}

/// How a session is started, beyond its program and arguments.
struct Options<'a> {
    cols: u16,
    rows: u16,
    env: &'a [(&'a str, &'a str)],
    /// The working directory (the project root by default).
    cwd: Option<&'a Path>,
}

impl Session {
    fn start(args: &[&str], cols: u16, rows: u16) -> Session {
        Session::start_program(env!("CARGO_BIN_EXE_diptych"), args, cols, rows)
    }

    fn start_with_env(args: &[&str], cols: u16, rows: u16, env: &[(&str, &str)]) -> Session {
        Session::spawn(
            env!("CARGO_BIN_EXE_diptych"),
            args,
            &Options {
                cols,
                rows,
                env,
                cwd: None,
            },
        )
    }

    fn start_program(program: &str, args: &[&str], cols: u16, rows: u16) -> Session {
        Session::spawn(
            program,
            args,
            &Options {
                cols,
                rows,
                env: &[],
                cwd: None,
            },
        )
    }

    fn spawn(program: &str, args: &[&str], options: &Options) -> Session {
        let (cols, rows) = (options.cols, options.rows);
        let pty = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("pty");
        let mut cmd = CommandBuilder::new(program);
        cmd.env("PS1", "$ ");
        let data = tempfile::tempdir().expect("data dir");
        cmd.env("XDG_DATA_HOME", data.path());
        cmd.env("TERM", "xterm-256color");
        // Colour unless a test asks otherwise, whatever the shell running the tests set.
        cmd.env_remove("NO_COLOR");
        // No user config may change the keys under test.
        cmd.env("XDG_CONFIG_HOME", root().join("tests/fixtures/no-config"));
        for (k, v) in options.env {
            cmd.env(k, v);
        }
        cmd.args(args);
        cmd.cwd(options.cwd.map_or_else(root, Path::to_path_buf));
        let child = pty.slave.spawn_command(cmd).expect("spawn");
        drop(pty.slave);
        // Non-blocking (for every handle on the master: they share it), so the feeder can
        // be stopped and the terminal really closed while the program still runs.
        let fd = pty.master.as_raw_fd().expect("the master's descriptor");
        let flags = nix::fcntl::fcntl(fd, nix::fcntl::FcntlArg::F_GETFL).expect("flags");
        let flags = nix::fcntl::OFlag::from_bits_truncate(flags) | nix::fcntl::OFlag::O_NONBLOCK;
        nix::fcntl::fcntl(fd, nix::fcntl::FcntlArg::F_SETFL(flags)).expect("non-blocking");
        let mut reader = pty.master.try_clone_reader().expect("reader");
        let writer = pty.master.take_writer().expect("writer");
        let screen = Arc::new(Mutex::new(vt100::Parser::new_with_callbacks(
            nonzero(rows),
            nonzero(cols),
            0,
            Clipboard::default(),
        )));
        let feed = Arc::clone(&screen);
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = Arc::clone(&stop);
        let feeder = std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            loop {
                match reader.read(&mut buf) {
                    // The program's side is closed: it and everything it started have ended.
                    Ok(0) => return,
                    Ok(n) => {
                        if let Ok(mut p) = feed.lock() {
                            p.process(&buf[..n]);
                        }
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                        if stopped.load(Ordering::Relaxed) {
                            return;
                        }
                        std::thread::sleep(Duration::from_millis(5));
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(_) => return,
                }
            }
        });
        Session {
            master: Some(pty.master),
            writer: Some(writer),
            child,
            screen,
            stop,
            feeder: Some(feeder),
            _data: data,
        }
    }

    fn master(&self) -> &dyn MasterPty {
        self.master.as_deref().expect("the terminal is open")
    }

    /// Closes the terminal, as closing a window or a killed tmux session does: every handle
    /// on the master side is let go, and the program's side hangs up. (Letting go of
    /// portable-pty's writer first types a newline and Ctrl-D.)
    fn close_terminal(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(feeder) = self.feeder.take() {
            let _ = feeder.join();
        }
        self.writer = None;
        self.master = None;
    }

    /// Whether the program has ended, within `PATIENCE`.
    fn exits_in_time(&mut self) -> Option<portable_pty::ExitStatus> {
        let start = Instant::now();
        while start.elapsed() < PATIENCE {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }

    /// The program's process id.
    fn pid(&self) -> nix::unistd::Pid {
        let pid = self.child.process_id().expect("pid");
        nix::unistd::Pid::from_raw(i32::try_from(pid).expect("a pid"))
    }

    fn contents(&self) -> String {
        self.screen
            .lock()
            .map(|p| p.screen().contents())
            .unwrap_or_default()
    }

    /// What the program has copied to the clipboard so far.
    fn clipboard(&self) -> Vec<String> {
        self.screen
            .lock()
            .map(|p| p.callbacks().0.clone())
            .unwrap_or_default()
    }

    fn rows(&self) -> Vec<String> {
        self.screen
            .lock()
            .map(|p| {
                let (_, cols) = p.screen().size();
                p.screen().rows(0, cols.get()).collect()
            })
            .unwrap_or_default()
    }

    /// Waits (generously: CI machines are slow) until the screen satisfies `ok`.
    fn wait_for(&self, what: &str, ok: impl Fn(&str) -> bool) {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(30) {
            if ok(&self.contents()) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("timed out waiting for {what}; screen:\n{}", self.contents());
    }

    fn send(&mut self, keys: &str) {
        let writer = self.writer.as_mut().expect("the terminal is open");
        let mut rest = keys.as_bytes();
        let start = Instant::now();
        while !rest.is_empty() {
            match writer.write(rest) {
                Ok(n) => rest = &rest[n..],
                // The terminal's input is full (the master is non-blocking): wait for the
                // program to read.
                Err(e)
                    if e.kind() == std::io::ErrorKind::WouldBlock && start.elapsed() < PATIENCE =>
                {
                    std::thread::sleep(Duration::from_millis(10));
                }
                Err(e) => panic!("typing {keys:?}: {e}"),
            }
        }
        writer.flush().expect("flush");
    }

    fn alternate(&self) -> bool {
        self.screen
            .lock()
            .map(|p| p.screen().alternate_screen())
            .unwrap_or(false)
    }

    fn local_flags(&self) -> LocalFlags {
        self.master().get_termios().expect("termios").local_flags
    }

    /// Waits for the program to end and for everything it wrote to be on the screen: the
    /// terminal is read to its end (the program's side closed), never for a fixed time.
    fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let status = match self.exits_in_time() {
            Some(status) => status,
            None => panic!("diptych did not exit; screen:\n{}", self.contents()),
        };
        let start = Instant::now();
        while self.feeder.as_ref().is_some_and(|f| !f.is_finished()) {
            assert!(
                start.elapsed() < PATIENCE,
                "the terminal's output never ended; screen:\n{}",
                self.contents()
            );
            std::thread::sleep(Duration::from_millis(10));
        }
        status
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            if let Some(pid) = self.child.process_id().and_then(|p| i32::try_from(p).ok()) {
                let _ = nix::sys::signal::kill(
                    nix::unistd::Pid::from_raw(pid),
                    nix::sys::signal::Signal::SIGKILL,
                );
            }
            let _ = self.child.wait();
        }
        // Whatever the program started (a reader under a shell) is hung up with it.
        self.close_terminal();
    }
}

#[test]
fn the_reader_shows_both_articles_level_and_answers_keys() {
    let mut s = Session::start(&[], 120, 40);
    s.wait_for("both titles", |c| {
        c.contains("Lavrov: North Korea supports") && c.contains("Russia’s Lavrov praises")
    });
    assert!(
        s.screen
            .lock()
            .map(|p| p.screen().alternate_screen())
            .unwrap_or(false),
        "alternate screen while running"
    );
    let raw = s.local_flags();
    assert!(
        !raw.contains(LocalFlags::ICANON) && !raw.contains(LocalFlags::ECHO),
        "raw mode while running"
    );

    // Matching passages start on the same row (waited for: the first frame may still be
    // arriving when the titles are already there).
    s.wait_for("a linked pair on one row", |c| {
        // Below the title row, the two headlines, linked, start on one row.
        c.lines().skip(1).any(|r| {
            r.contains("Lavrov: North Korea supports") && r.contains("Russia’s Lavrov praises")
        })
    });

    // The first passage (a difference) is selected on the first screen: n goes on from it.
    s.send("n");
    s.wait_for("the second difference", |c| c.contains("difference 2 of"));
    s.send("/Kursk");
    s.wait_for("the search prompt", |c| c.contains("/Kursk▏"));
    s.send("\r");
    s.wait_for("the search kept", |c| c.contains("passages match"));
    s.send("?");
    s.wait_for("the help overlay", |c| c.contains("keys (Esc or ? closes)"));
    s.send("?");
    s.wait_for("the help closed", |c| !c.contains("keys (Esc or ? closes)"));
    s.send("q");
    let status = s.wait_exit();
    assert!(status.success(), "exit status {status:?}");
    assert!(
        !s.screen
            .lock()
            .map(|p| p.screen().alternate_screen())
            .unwrap_or(true),
        "left the alternate screen"
    );
    let cooked = s.local_flags();
    assert!(
        cooked.contains(LocalFlags::ICANON) && cooked.contains(LocalFlags::ECHO),
        "canonical mode and echo are back"
    );
}

#[test]
fn sigterm_sigint_and_sighup_restore_the_terminal() {
    use nix::sys::signal::Signal;
    // Two files named (not the bundled pair): loading them goes through the same signal set-up
    // as a real session.
    let (a, b) = (crate::util::article("000"), crate::util::article("004"));
    for signal in [Signal::SIGTERM, Signal::SIGINT, Signal::SIGHUP] {
        let mut s = Session::start(&[&a, &b], 100, 30);
        s.wait_for("the reader", reader_shown);
        nix::sys::signal::kill(s.pid(), signal).expect("kill");
        let status = s.wait_exit();
        assert!(status.success(), "{signal:?} is a clean quit: {status:?}");
        let cooked = s.local_flags();
        assert!(
            cooked.contains(LocalFlags::ICANON) && cooked.contains(LocalFlags::ECHO),
            "{signal:?}"
        );
        assert!(!s.alternate(), "{signal:?}: normal screen");
    }
}

#[test]
fn a_panic_restores_the_terminal_before_its_message() {
    let mut s = Session::start_with_env(&[], 100, 30, &[("DIPTYCH_TEST_PANIC", "1")]);
    s.wait_for("the reader", reader_shown);
    s.send("j");
    let status = s.wait_exit();
    assert!(!status.success());
    assert!(!s.alternate(), "normal screen");
    let cooked = s.local_flags();
    assert!(cooked.contains(LocalFlags::ICANON) && cooked.contains(LocalFlags::ECHO));
    let c = s.contents();
    assert!(
        c.contains("forced panic for the terminal-restore test"),
        "message on the normal screen:\n{c}"
    );
    assert!(
        !c.contains("passage 1 of"),
        "the reader's screen is gone:\n{c}"
    );
}

#[test]
fn a_one_by_one_terminal_gets_no_broken_screen_and_quits() {
    let mut s = Session::start(&[], 1, 1);
    // Nothing fits on the screen to say whether the comparison is still loading: `q` then
    // either cancels the loading (130) or quits the reader (0). Either way the terminal is
    // given back whole. Waited for: the program has taken the terminal.
    let start = Instant::now();
    while !s.alternate() {
        assert!(start.elapsed() < PATIENCE, "never took the terminal");
        std::thread::sleep(Duration::from_millis(20));
    }
    s.send("q");
    let status = s.wait_exit();
    assert!(
        status.success() || status.exit_code() == 130,
        "exit status {status:?}"
    );
    assert!(s.local_flags().contains(LocalFlags::ICANON));
    assert!(!s.alternate(), "normal screen");
}

#[test]
fn a_resize_while_loading_lays_out_for_the_new_size() {
    let dir = tempfile::tempdir().expect("temp");
    let big = dir.path().join("big.txt");
    std::fs::write(
        &big,
        "Several words of a long line without end ".repeat(20_000),
    )
    .expect("write");
    let big = big.to_string_lossy().into_owned();
    let a = crate::util::article("000");
    let mut s = Session::start(&[&big, &a], 120, 40);
    s.master()
        .resize(PtySize {
            rows: 20,
            cols: 70,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("resize");
    if let Ok(mut p) = s.screen.lock() {
        p.screen_mut().set_size(nonzero(20), nonzero(70));
    }
    s.wait_for("the reader", reader_shown);
    s.send("G");
    // G took effect: the status line says the last passage ("10/10", "passage 10 of 10").
    s.wait_for("the last passage", |c| {
        let status = c.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("");
        let numbers: Vec<&str> = status
            .split(|ch: char| !ch.is_ascii_digit())
            .filter(|n| !n.is_empty())
            .collect();
        numbers.len() >= 2 && numbers[0] == numbers[1]
    });
    // Laid out for 70 columns, not the 120 it started with: the right pane's title starts
    // in the middle of the new width (at 120 columns it would start past column 60).
    let rows = s.rows();
    let start = rows[0].find("Lavrov").map(|b| rows[0][..b].chars().count());
    assert!(
        start.is_some_and(|c| (30..45).contains(&c)),
        "the right title at column {start:?}:\n{}",
        rows.join("\n")
    );
    s.send("q");
    assert!(s.wait_exit().success());
}

#[test]
fn ctrl_c_while_loading_cancels_and_restores_the_terminal() {
    // Large enough that a debug build shows the loading screen for seconds.
    let dir = tempfile::tempdir().expect("temp");
    let pair = crate::corpus::pair(crate::corpus::Kind::Reworded, 2_000_000, 7);
    let (l, r) = (dir.path().join("l.txt"), dir.path().join("r.txt"));
    std::fs::write(&l, &pair.left).expect("write");
    std::fs::write(&r, &pair.right).expect("write");
    let (l, r) = (l.to_string_lossy(), r.to_string_lossy());
    let mut s = Session::start(&[&l, &r], 100, 30);
    s.wait_for("the loading screen", |c| {
        c.contains("Preparing the comparison")
    });
    s.send("\x03");
    let status = s.wait_exit();
    assert_eq!(status.exit_code(), 130, "{status:?}");
    assert!(!s.alternate(), "normal screen");
    let cooked = s.local_flags();
    assert!(cooked.contains(LocalFlags::ICANON) && cooked.contains(LocalFlags::ECHO));
    assert!(
        s.contents().contains("diptych: cancelled"),
        "{}",
        s.contents()
    );
}

#[test]
fn a_bad_config_is_one_line_and_never_touches_the_terminal() {
    let dir = tempfile::tempdir().expect("temp");
    let cfg = dir.path().join("config.toml");
    std::fs::write(&cfg, "[keys]\nfly = [\"f\"]\n").expect("write");
    let cfg = cfg.to_string_lossy().into_owned();
    let mut s = Session::start(&["--config", &cfg], 100, 30);
    let status = s.wait_exit();
    assert!(!status.success());
    let c = s.contents();
    assert!(
        c.contains("unknown action \"fly\"") && c.contains("config.toml"),
        "{c}"
    );
    assert!(
        !s.screen
            .lock()
            .map(|p| p.screen().alternate_screen())
            .unwrap_or(true)
    );
}

#[test]
fn ctrl_z_suspends_to_the_shell_and_fg_resumes() {
    // Job control needs a shell: run the reader inside an interactive bash.
    let mut s = Session::start_program("bash", &["--norc", "--noprofile", "-i"], 100, 30);
    s.send(&format!("{} \r", env!("CARGO_BIN_EXE_diptych")));
    s.wait_for("the reader", reader_shown);
    s.send("\x1a");
    s.wait_for("the shell's job message", |c| c.contains("Stopped"));
    assert!(!s.alternate(), "the normal screen while suspended");
    s.send("fg\r");
    s.wait_for("the redrawn reader", |c| c.contains("passage 1 of"));
    assert!(s.alternate(), "back on the alternate screen");
    s.send("q");
    s.wait_for("the shell again", |c| !c.contains("passage 1 of"));
    assert!(!s.alternate());
    s.send("exit\r");
    s.wait_exit();
}

/// Whether the reader shows its first screen: the status line gives the passage, in its long
/// form ("passage 1 of 21") or, beside a message, its short one ("1/21").
fn reader_shown(screen: &str) -> bool {
    let last = screen
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    last.contains("passage 1 of") || last.trim_start().starts_with("1/")
}

/// The status line (the screen's last row).
fn status_line(s: &Session) -> String {
    s.rows().last().cloned().unwrap_or_default()
}

/// How many differences the status line counts as reviewed ("· 3 of 20 reviewed · 1 flagged").
fn reviewed(screen: &str) -> Option<usize> {
    screen.match_indices(" reviewed ·").find_map(|(at, _)| {
        let count = screen[..at].rsplit("· ").next()?;
        let (done, of) = count.split_once(" of ")?;
        of.trim().parse::<usize>().ok()?;
        done.trim().parse().ok()
    })
}

#[test]
fn marks_flags_and_notes_survive_quitting_and_reopening() {
    let data = tempfile::tempdir().expect("data dir");
    let data_dir = data.path().to_string_lossy().into_owned();
    let env = [("XDG_DATA_HOME", data_dir.as_str())];
    let (left, right) = (crate::util::article("000"), crate::util::article("002"));
    let args = [left.as_str(), right.as_str()];

    let n = crate::util::sample_differences("000", "002");
    let (one, flagged) = (
        format!("1 of {n} reviewed · 0 flagged"),
        format!("1 of {n} reviewed · 1 flagged"),
    );
    let mut s = Session::start_with_env(&args, 120, 40, &env);
    s.wait_for("the reader", |c| reviewed(c) == Some(0));
    // The first passage, a difference, is selected on the first screen: mark it reviewed (the
    // view moves on to the next unreviewed one), then flag that one (counted apart).
    s.send("x");
    s.wait_for("one reviewed", |c| c.contains(&one));
    assert!(
        status_line(&s).contains("next unreviewed: passage 2"),
        "{}",
        status_line(&s)
    );
    s.send("f");
    s.wait_for("one flagged", |c| c.contains(&flagged));
    // A two-line note with non-ASCII text: Alt-Enter starts the second line.
    s.send("a");
    s.wait_for("the note editor", |c| c.contains("note on passage 2"));
    s.send("Zahlen prüfen: 14 000 → 11 000?");
    s.send("\x1b\r");
    s.send("second line ✓");
    s.send("\r");
    s.wait_for("the saved note", |c| {
        c.contains("✎ Zahlen prüfen: 14 000 → 11 000?") && c.contains("✎ second line ✓")
    });
    s.send("q");
    assert!(s.wait_exit().success());

    // The store is in the data directory, named by the pair's content.
    let reviews = data.path().join("diptych/reviews");
    let stores: Vec<_> = std::fs::read_dir(&reviews)
        .expect("reviews dir")
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
        .collect();
    assert_eq!(stores.len(), 1, "one store, no temporary files left");
    let text = std::fs::read_to_string(stores[0].path()).expect("store");
    assert!(text.contains("Zahlen prüfen"), "{text}");

    let mut again = Session::start_with_env(&args, 120, 40, &env);
    again.wait_for("the review reopened", |c| {
        c.contains(&flagged)
            && c.contains("✎ Zahlen prüfen: 14 000 → 11 000?")
            && c.contains("✎ second line ✓")
    });
    let screen = again.contents();
    assert!(
        screen.contains('✓') && screen.contains('!'),
        "gutter marks:\n{screen}"
    );
    again.send("q");
    assert!(again.wait_exit().success());
}

#[test]
fn a_review_killed_at_once_keeps_every_saved_change() {
    let dir = tempfile::tempdir().expect("dir");
    let store = dir.path().join("team-review.json");
    let store_arg = store.to_string_lossy().into_owned();
    let (left, right) = (crate::util::article("001"), crate::util::article("003"));
    let args = [
        left.as_str(),
        right.as_str(),
        "--review",
        store_arg.as_str(),
    ];
    let mut s = Session::start(&args, 120, 40);
    s.wait_for("the reader", |c| reviewed(c) == Some(0));
    for k in 1..=3 {
        s.send("x");
        s.wait_for("a mark", |c| reviewed(c) == Some(k));
    }
    // SIGKILL cannot be caught: whatever was saved must be whole on disk.
    nix::sys::signal::kill(s.pid(), nix::sys::signal::Signal::SIGKILL).expect("kill");
    let _ = s.wait_exit();
    let text = std::fs::read_to_string(&store).expect("store");
    let json: serde_json::Value = serde_json::from_str(&text).expect("a whole JSON store");
    let marked = json["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .filter(|e| e["status"] == "reviewed")
        .count();
    assert_eq!(marked, 3);
    let mut again = Session::start(&args, 120, 40);
    again.wait_for("the marks", |c| reviewed(c) == Some(3));
    again.send("q");
    assert!(again.wait_exit().success());
}

#[test]
fn an_unreadable_review_stops_before_the_terminal_and_stays_untouched() {
    let dir = tempfile::tempdir().expect("dir");
    let store = dir.path().join("review.json");
    std::fs::write(&store, b"{\"version\": 1, \"entries\": [").expect("write");
    let store_arg = store.to_string_lossy().into_owned();
    let (left, right) = (crate::util::article("000"), crate::util::article("002"));
    let mut s = Session::start(
        &[
            left.as_str(),
            right.as_str(),
            "--review",
            store_arg.as_str(),
        ],
        100,
        30,
    );
    let status = s.wait_exit();
    assert!(!status.success());
    let screen = s.contents();
    assert!(!s.alternate(), "never entered the alternate screen");
    assert!(
        screen.contains("review.json: not a diptych review file"),
        "{screen}"
    );
    assert!(screen.contains("--read-only"), "{screen}");
    assert_eq!(
        std::fs::read(&store).expect("bytes"),
        b"{\"version\": 1, \"entries\": ["
    );
    // Asked for: read-only opens with an empty review and never writes.
    let mut ro = Session::start(
        &[
            left.as_str(),
            right.as_str(),
            "--review",
            store_arg.as_str(),
            "--read-only",
        ],
        120,
        30,
    );
    ro.wait_for("read-only reader", |c| c.contains("read-only"));
    ro.send("x");
    ro.wait_for("a mark in memory", |c| reviewed(c) == Some(1));
    ro.send("q");
    assert!(ro.wait_exit().success());
    assert_eq!(
        std::fs::read(&store).expect("bytes"),
        b"{\"version\": 1, \"entries\": ["
    );
}

#[test]
fn fresh_review_keeps_a_copy_of_an_unreadable_review_and_starts_again() {
    let dir = tempfile::tempdir().expect("dir");
    let store = dir.path().join("review.json");
    let broken = b"{\"version\": 1, \"entries\": [";
    std::fs::write(&store, broken).expect("write");
    let store_arg = store.to_string_lossy().into_owned();
    let (left, right) = (crate::util::article("000"), crate::util::article("002"));
    let mut s = Session::start(
        &[&left, &right, "--review", &store_arg, "--fresh-review"],
        250,
        30,
    );
    // The reader opens (no error on the plain terminal) and says where the copy went.
    s.wait_for("the reader with the notice", |c| {
        c.contains("the unreadable review was kept as") && c.contains("review.json.unreadable")
    });
    assert_eq!(
        std::fs::read(dir.path().join("review.json.unreadable")).expect("the copy"),
        broken
    );
    // The fresh review is empty, and saved in the store's place.
    s.wait_for("an empty review", |c| reviewed(c) == Some(0));
    s.send("x");
    s.wait_for("a mark", |c| reviewed(c) == Some(1));
    s.send("q");
    assert!(s.wait_exit().success());
    assert!(
        entries(&store).iter().any(|e| e["status"] == "reviewed"),
        "the new store holds the mark"
    );
}

#[test]
fn library_mode_opens_a_folder_picks_a_pair_and_switches_the_right_side() {
    let mut s = Session::start(&["articles"], 120, 40);
    s.wait_for("the picker", |c| {
        c.contains("Story 1 · 3 articles") && c.contains("Story 2 · 2 articles")
    });
    // The cursor starts on the best pair, 000/002.
    s.send("\r");
    s.wait_for("the reader on 000 and 002", |c| {
        c.contains("Lavrov: North Korea supports") && c.contains("Russia’s Lavrov praises")
    });
    s.send("n");
    s.wait_for("the second difference", |c| c.contains("difference 2 of"));
    s.send("aKept across switches\r");
    s.wait_for("the note saved", |c| c.contains("note saved"));
    s.send("}");
    s.wait_for("the right side on 004", |c| {
        c.contains("North Korea Reaffirms") && c.contains("right: 3 of 3")
    });
    // Next again on the right: back to 002, and the note is still there.
    s.send("}");
    s.wait_for("the right side on 002 with the note", |c| {
        c.contains("Russia’s Lavrov praises") && c.contains("✎ Kept across switches")
    });
    s.send("p");
    s.wait_for("the picker again", |c| c.contains("Story 2 · 2 articles"));
    s.send("q");
    assert!(s.wait_exit().success());
}

/// The entries of the review store at `path` (read once the reader has ended).
fn entries(path: &Path) -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(path).expect("the store");
    let json: serde_json::Value = serde_json::from_str(&text).expect("a whole JSON store");
    json["entries"].as_array().cloned().unwrap_or_default()
}

#[test]
fn closing_the_terminal_saves_the_review_and_ends_the_reader() {
    let dir = tempfile::tempdir().expect("dir");
    let store = dir.path().join("review.json");
    let store_arg = store.to_string_lossy().into_owned();
    let (left, right) = (crate::util::article("000"), crate::util::article("002"));
    let mut s = Session::start(&[&left, &right, "--review", &store_arg], 120, 40);
    s.wait_for("the reader", |c| reviewed(c) == Some(0));
    s.send("x");
    s.wait_for("a mark", |c| reviewed(c) == Some(1));
    // A note still being written when the terminal goes: kept, as on any other way out.
    s.send("a");
    s.wait_for("the note editor", |c| c.contains("note on passage"));
    s.send("written as the window closed");
    s.wait_for("the draft", |c| c.contains("written as the window closed"));
    s.close_terminal();
    let status = s.exits_in_time();
    assert!(
        status.is_some(),
        "diptych still runs {PATIENCE:?} after its terminal closed"
    );
    assert!(status.as_ref().is_some_and(|s| s.success()), "{status:?}");
    let entries = entries(&store);
    assert_eq!(
        entries.iter().filter(|e| e["status"] == "reviewed").count(),
        1,
        "{entries:?}"
    );
    assert!(
        entries.iter().any(|e| e["note"]
            .as_str()
            .is_some_and(|n| n.contains("written as the window closed"))),
        "the draft was saved: {entries:?}"
    );
}

#[test]
fn closing_the_terminal_ends_library_mode_and_the_loading_screen() {
    let mut picker = Session::start(&["articles"], 120, 40);
    picker.wait_for("the picker", |c| c.contains("Story 1 ·"));
    picker.close_terminal();
    assert!(
        picker.exits_in_time().is_some(),
        "the picker still runs after its terminal closed"
    );

    let dir = tempfile::tempdir().expect("temp");
    let (l, r) = big_pair(dir.path());
    let mut loading = Session::start(&[&l, &r], 100, 30);
    loading.wait_for("the loading screen", |c| {
        c.contains("Preparing the comparison")
    });
    loading.close_terminal();
    assert!(
        loading.exits_in_time().is_some(),
        "the loading screen still runs after its terminal closed"
    );
}

/// Two generated articles large enough that a debug build shows the loading screen for
/// seconds.
fn big_pair(dir: &Path) -> (String, String) {
    let pair = crate::corpus::pair(crate::corpus::Kind::Reworded, 2_000_000, 7);
    let (l, r) = (dir.join("l.txt"), dir.join("r.txt"));
    std::fs::write(&l, &pair.left).expect("write");
    std::fs::write(&r, &pair.right).expect("write");
    (
        l.to_string_lossy().into_owned(),
        r.to_string_lossy().into_owned(),
    )
}

#[test]
fn sigterm_ends_every_screen() {
    use nix::sys::signal::{Signal, kill};
    let (a, b) = (crate::util::article("000"), crate::util::article("002"));
    let dir = tempfile::tempdir().expect("dir");
    let store = dir.path().join("review.json");
    let store_arg = store.to_string_lossy().into_owned();
    let reader = [a.as_str(), b.as_str(), "--review", store_arg.as_str()];
    // (what, arguments, keys, the screen once the keys took effect)
    let screens: [(&str, &[&str], &str, &str); 4] = [
        ("the help overlay", &reader, "?", "keys (Esc or ? closes)"),
        ("the facts panel", &reader, "F", "Enter goes there"),
        (
            "the note editor",
            &reader,
            "aterminated draft",
            "terminated draft",
        ),
        ("the picker", &["articles"], "", "Story 1 ·"),
    ];
    for (what, args, keys, shown) in screens {
        let mut s = Session::start(args, 120, 40);
        s.wait_for("the first screen", |c| {
            c.contains("passage 1 of") || c.contains("Story 1 ·")
        });
        s.send(keys);
        s.wait_for(what, |c| c.contains(shown));
        kill(s.pid(), Signal::SIGTERM).expect("kill");
        let status = s.exits_in_time();
        assert!(status.is_some(), "{what}: SIGTERM did not end diptych");
        assert!(
            status.as_ref().is_some_and(|s| s.success()),
            "{what}: {status:?}"
        );
    }
    assert!(
        entries(&store)
            .iter()
            .any(|e| e["note"] == "terminated draft"),
        "the draft note was kept: {:?}",
        entries(&store)
    );

    let (l, r) = big_pair(dir.path());
    let mut loading = Session::start(&[&l, &r], 100, 30);
    loading.wait_for("the loading screen", |c| {
        c.contains("Preparing the comparison")
    });
    kill(loading.pid(), Signal::SIGTERM).expect("kill");
    let status = loading.exits_in_time();
    assert_eq!(
        status.map(|s| s.exit_code()),
        Some(130),
        "SIGTERM while loading cancels"
    );
}

/// Links planted under `names` in `dir`, all to one file elsewhere whose bytes must survive.
struct Planted {
    target: std::path::PathBuf,
    _elsewhere: tempfile::TempDir,
}

impl Planted {
    fn in_dir(dir: &Path, names: impl IntoIterator<Item = String>) -> Planted {
        let elsewhere = tempfile::tempdir().expect("dir");
        let target = elsewhere.path().join("victim.txt");
        std::fs::write(&target, b"precious").expect("victim");
        for name in names {
            std::os::unix::fs::symlink(&target, dir.join(name)).expect("link");
        }
        Planted {
            target,
            _elsewhere: elsewhere,
        }
    }

    fn untouched(&self) -> bool {
        std::fs::read(&self.target).is_ok_and(|b| b == b"precious")
    }
}

/// The regular files (not links) in `dir` whose names start with `prefix`.
fn files_in(dir: &Path, prefix: &str) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir)
        .expect("list")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(prefix))
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.path())
        .collect()
}

/// `/proc` as the working directory: a folder no one, not even root, can write in.
#[cfg(target_os = "linux")]
#[test]
fn a_report_sent_to_the_temporary_directory_never_follows_a_planted_link() {
    let temp = tempfile::tempdir().expect("TMPDIR");
    let name = "000_0e18cc93d0fa5faf--002_8d267fc03ac353e0.review.html";
    let planted = Planted::in_dir(temp.path(), [name.to_owned()]);
    let (left, right) = (
        root().join(crate::util::article("000")),
        root().join(crate::util::article("002")),
    );
    let (left, right) = (left.to_string_lossy(), right.to_string_lossy());
    let tmpdir = temp.path().to_string_lossy().into_owned();
    let mut s = Session::spawn(
        env!("CARGO_BIN_EXE_diptych"),
        &[&left, &right],
        &Options {
            cols: 250,
            rows: 40,
            env: &[("TMPDIR", &tmpdir)],
            cwd: Some(Path::new("/proc")),
        },
    );
    s.wait_for("the reader", reader_shown);
    s.send("E");
    s.wait_for("the report", |c| c.contains("report written to"));
    assert!(planted.untouched(), "the link's target was overwritten");
    let reports = files_in(
        temp.path(),
        "000_0e18cc93d0fa5faf--002_8d267fc03ac353e0.review.",
    );
    assert_eq!(reports.len(), 1, "one new report file: {reports:?}");
    let html = std::fs::read_to_string(&reports[0]).expect("report");
    assert!(html.contains("<html") && html.contains("Lavrov"), "{html}");
    let shown = reports[0].to_string_lossy().into_owned();
    assert!(
        status_line(&s).contains(&format!("report written to {shown}")),
        "the user is told where: {}",
        status_line(&s)
    );
    s.send("q");
    assert!(s.wait_exit().success());
}

/// `/proc` holds the review store: it can be opened (there is none) but never saved.
#[cfg(target_os = "linux")]
#[test]
fn a_review_that_cannot_be_saved_is_rescued_into_a_new_file_never_a_planted_link() {
    let temp = tempfile::tempdir().expect("TMPDIR");
    let tmpdir = temp.path().to_string_lossy().into_owned();
    let (left, right) = (crate::util::article("000"), crate::util::article("002"));
    let mut s = Session::spawn(
        env!("CARGO_BIN_EXE_diptych"),
        &[&left, &right, "--review", "/proc/diptych-test-review.json"],
        &Options {
            cols: 250,
            rows: 40,
            env: &[("TMPDIR", &tmpdir)],
            cwd: None,
        },
    );
    // Links under the names a rescue copy used to take: the process id and the next seconds.
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let pid = s.pid();
    let planted = Planted::in_dir(
        temp.path(),
        (now..now + 2 * PATIENCE.as_secs()).map(|t| format!("diptych-review-{pid}-{t}.json")),
    );
    s.wait_for("the reader", |c| reviewed(c) == Some(0));
    s.send("x");
    s.wait_for("a mark not saved", |c| c.contains("NOT SAVED"));
    s.send("q");
    s.wait_exit();
    assert!(planted.untouched(), "the link's target was overwritten");
    let copies = files_in(temp.path(), "diptych-review-");
    assert_eq!(copies.len(), 1, "one new copy: {copies:?}");
    assert!(
        entries(&copies[0])
            .iter()
            .any(|e| e["status"] == "reviewed"),
        "the copy holds the mark"
    );
    let shown = copies[0].to_string_lossy().into_owned();
    s.wait_for("the copy's path on the normal screen", |c| {
        c.contains(&format!("a copy is at {shown}"))
    });
}

/// Two small articles written for the hand-off tests: the first difference is the left-only
/// paragraph on line 5 of the left file.
fn handoff_pair(dir: &Path) -> (String, String) {
    let left = dir.join("left.txt");
    let right = dir.join("right.txt");
    std::fs::write(
        &left,
        "The council met on Monday to discuss the harbour plans.\n\n\
         It approved the budget for the new quay after a long debate.\n\n\
         Only the left article says that the mayor left early.\n",
    )
    .expect("left");
    std::fs::write(
        &right,
        "The council met on Monday to discuss the harbour plans.\n\n\
         It approved the budget for the new quay after a long debate.\n",
    )
    .expect("right");
    (
        left.to_string_lossy().into_owned(),
        right.to_string_lossy().into_owned(),
    )
}

#[test]
fn y_copies_the_selected_passage_through_the_terminal() {
    let dir = tempfile::tempdir().expect("dir");
    let (l, r) = handoff_pair(dir.path());
    let mut s = Session::start(&[&l, &r, "--read-only"], 120, 30);
    s.wait_for("the reader", reader_shown);
    s.send("n");
    s.wait_for("the difference", |c| c.contains("difference 1 of 1"));
    s.send("y");
    s.wait_for("the copy message", |c| c.contains("copied the left side"));
    let start = Instant::now();
    while s.clipboard().is_empty() && start.elapsed() < PATIENCE {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(
        s.clipboard(),
        vec!["Only the left article says that the mayor left early.".to_owned()]
    );
    s.send("q");
    s.wait_exit();
}

#[test]
fn e_opens_the_editor_at_the_passage_line_with_every_key_and_takes_the_terminal_back() {
    let dir = tempfile::tempdir().expect("dir");
    let (l, r) = handoff_pair(dir.path());
    let out = dir.path().join("editor-saw.txt");
    // An "editor" that reads keys one by one, as a full-screen editor does (raw mode): if
    // the reader still read the terminal behind it, some would go to the reader instead.
    let editor = dir.path().join("editor.sh");
    std::fs::write(
        &editor,
        format!(
            "#!/bin/sh\nstty raw -echo\nprintf 'EDITOR READY\\r\\n'\n\
             keys=$(dd bs=1 count=20 2>/dev/null)\nstty sane\n\
             echo \"$* [$keys]\" > '{}'\n",
            out.display()
        ),
    )
    .expect("editor");
    std::fs::set_permissions(&editor, std::os::unix::fs::PermissionsExt::from_mode(0o755))
        .expect("chmod");
    let editor = editor.to_string_lossy().into_owned();
    let mut s = Session::start_with_env(
        &[&l, &r, "--read-only"],
        120,
        30,
        &[("VISUAL", ""), ("EDITOR", &editor)],
    );
    s.wait_for("the reader", reader_shown);
    s.send("n");
    s.wait_for("the difference", |c| c.contains("difference 1 of 1"));
    s.send("e");
    s.wait_for("the editor", |c| c.contains("EDITOR READY"));
    assert!(!s.alternate(), "the editor gets the normal screen");
    for key in "typed for the editor".chars() {
        s.send(&key.to_string());
        std::thread::sleep(Duration::from_millis(15));
    }
    s.wait_for("the reader again", |c| c.contains("back from"));
    assert!(s.alternate(), "back on the alternate screen");
    assert_eq!(
        std::fs::read_to_string(&out).expect("the editor ran"),
        format!("+5 {l} [typed for the editor]\n"),
        "the editor got the line number, the file and every key"
    );
    s.send("q");
    s.wait_exit();
}

#[test]
fn the_config_file_sets_the_context_and_the_theme() {
    let dir = tempfile::tempdir().expect("dir");
    let same: Vec<String> = (0..6)
        .map(|i| format!("Paragraph {i} about the river crossing near the old mill {i}."))
        .collect();
    let mut other = same.clone();
    other[5] = "The last paragraph was rewritten entirely about bread prices.".to_owned();
    let (l, r) = (dir.path().join("l.txt"), dir.path().join("r.txt"));
    std::fs::write(&l, same.join("\n\n")).expect("l");
    std::fs::write(&r, other.join("\n\n")).expect("r");
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "[view]\ncontext = 0\n[theme]\nbase = \"light\"\n").expect("config");
    let (l, r, config) = (
        l.to_string_lossy().into_owned(),
        r.to_string_lossy().into_owned(),
        config.to_string_lossy().into_owned(),
    );
    let mut s = Session::start(&[&l, &r, "--read-only", "--config", &config], 120, 30);
    s.wait_for("the reader", reader_shown);
    s.send("d");
    s.wait_for("differences only, no context", |c| {
        c.contains("differences only ±0") && c.contains("5 equal passages folded")
    });
    assert!(
        !s.contents().contains("Paragraph 4 about"),
        "with context 0 no equal passage shows"
    );
    s.send("+");
    s.wait_for("one passage of context", |c| {
        c.contains("differences only ±1")
    });
    s.wait_for("the neighbour shown", |c| c.contains("Paragraph 4 about"));
    // The light theme: the selected passage's band is blue (the dark theme's is cyan).
    let band = |p: &vt100::Parser<Clipboard>, colour: u8| {
        let screen = p.screen();
        let (rows, cols) = screen.size();
        (0..rows.get()).any(|y| {
            (0..cols.get()).any(|x| {
                screen.cell(y, x).is_some_and(|cell| {
                    cell.inverse() && cell.fgcolor() == vt100::Color::Idx(colour)
                })
            })
        })
    };
    let (blue, cyan) = s
        .screen
        .lock()
        .map(|p| (band(&p, 4), band(&p, 6)))
        .unwrap_or_default();
    assert!(blue && !cyan, "the light theme's band");
    s.send("q");
    s.wait_exit();
}

#[test]
fn no_color_in_the_environment_draws_the_reader_without_colour() {
    let colours = |s: &Session| {
        s.screen
            .lock()
            .map(|p| {
                let screen = p.screen();
                let (rows, cols) = screen.size();
                (0..rows.get())
                    .flat_map(|y| (0..cols.get()).map(move |x| (y, x)))
                    .filter(|&(y, x)| {
                        screen.cell(y, x).is_some_and(|c| {
                            c.fgcolor() != vt100::Color::Default
                                || c.bgcolor() != vt100::Color::Default
                        })
                    })
                    .count()
            })
            .unwrap_or(0)
    };
    let mut coloured = Session::start(&[], 120, 40);
    coloured.wait_for("the reader", reader_shown);
    assert!(colours(&coloured) > 0, "colours by default");
    coloured.send("q");
    coloured.wait_exit();

    let mut plain = Session::start_with_env(&[], 120, 40, &[("NO_COLOR", "1")]);
    plain.wait_for("the reader", reader_shown);
    plain.send("n");
    plain.wait_for("a difference selected", |c| c.contains("difference 2 of"));
    assert_eq!(colours(&plain), 0, "NO_COLOR: no colour anywhere");
    // Meaning still shows: the selected passage's band is in reverse video.
    let reversed = plain
        .screen
        .lock()
        .map(|p| {
            let screen = p.screen();
            let (rows, cols) = screen.size();
            (0..rows.get())
                .any(|y| (0..cols.get()).any(|x| screen.cell(y, x).is_some_and(|c| c.inverse())))
        })
        .unwrap_or(false);
    assert!(reversed, "reverse video instead of colour");
    plain.send("q");
    plain.wait_exit();
}

/// `diptych URL URL` opens the reader on two pages from a local server; a review mark made
/// there is found again when `--offline` opens the same pair from the cache (the documents are
/// the same bytes, so the review store keyed by their content is the same).
#[test]
fn two_urls_open_the_reader_and_offline_finds_the_review_again() {
    use crate::urls::{Server, answer};
    let read = |prefix: &str| {
        std::fs::read(root().join(crate::util::article(prefix))).expect("sample article")
    };
    let (left, right) = (read("000"), read("002"));
    let server = Server::start(move |path| match path {
        "/left" => answer("200 OK", "text/plain; charset=utf-8", &left),
        _ => answer("200 OK", "text/plain; charset=utf-8", &right),
    });
    let (l, r) = (server.url("/left"), server.url("/right"));
    let data = tempfile::tempdir().expect("data dir");
    let cache = tempfile::tempdir().expect("cache dir");
    let (data_dir, cache_dir) = (
        data.path().to_string_lossy().into_owned(),
        cache.path().to_string_lossy().into_owned(),
    );
    let env = [
        ("XDG_DATA_HOME", data_dir.as_str()),
        ("DIPTYCH_CACHE_DIR", cache_dir.as_str()),
        ("http_proxy", ""),
        ("HTTP_PROXY", ""),
        ("ALL_PROXY", ""),
        ("all_proxy", ""),
    ];
    let n = crate::util::sample_differences("000", "002");
    let one = format!("1 of {n} reviewed");
    let mut s = Session::start_with_env(&[&l, &r], 120, 40, &env);
    s.wait_for("the reader", |c| reviewed(c) == Some(0));
    assert!(s.contents().contains("Lavrov"), "{}", s.contents());
    s.send("x");
    s.wait_for("one reviewed", |c| c.contains(&one));
    s.send("q");
    assert!(s.wait_exit().success());
    assert_eq!(server.hits(), 2);

    let mut again = Session::start_with_env(&[&l, &r, "--offline"], 120, 40, &env);
    again.wait_for("the review reopened", |c| c.contains(&one));
    again.send("q");
    assert!(again.wait_exit().success());
    assert_eq!(server.hits(), 2, "offline: no request");
}

/// While a page is being fetched, standard error (a terminal) shows a bar with the URL and the
/// bytes received. The server sends half the page, then waits until the test has seen the bar
/// (no clock involved), then sends the rest; the reader then opens.
#[test]
fn fetching_shows_progress_until_the_reader_opens() {
    use crate::urls::{Answer, Server, answer};
    let read = |prefix: &str| {
        std::fs::read(root().join(crate::util::article(prefix))).expect("sample article")
    };
    let (left, right) = (read("000"), read("002"));
    let gate = Arc::new(std::sync::Barrier::new(2));
    let held = Arc::clone(&gate);
    let server = Server::start(move |path| match path {
        "/slow" => {
            let mut first = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                right.len()
            )
            .into_bytes();
            let half = right.len() / 2;
            first.extend_from_slice(&right[..half]);
            Answer::Held {
                first,
                rest: right[half..].to_vec(),
                gate: Arc::clone(&held),
            }
        }
        _ => answer("200 OK", "text/plain", &left),
    });
    let cache = tempfile::tempdir().expect("cache dir");
    let cache_dir = cache.path().to_string_lossy().into_owned();
    let env = [
        ("DIPTYCH_CACHE_DIR", cache_dir.as_str()),
        ("http_proxy", ""),
        ("HTTP_PROXY", ""),
        ("ALL_PROXY", ""),
        ("all_proxy", ""),
    ];
    let slow = server.url("/slow");
    let mut s = Session::start_with_env(&[&server.url("/fast"), &slow], 120, 40, &env);
    s.wait_for("the bar", |c| c.contains(&format!("fetching {slow}")));
    gate.wait();
    s.wait_for("the reader", reader_shown);
    s.send("q");
    assert!(s.wait_exit().success());
}

/// `diptych URL --since PREVIOUS` opens the reader on the earlier fetch (left) and the page now
/// (right), each headline saying when it was fetched, the edited sentence marked changed
/// beside its new wording.
#[test]
fn since_previous_opens_the_reader_on_two_fetches() {
    use crate::urls::{Server, answer};
    let text = Arc::new(Mutex::new(String::from(
        "Harbour plan approved\n\nThe council approved the harbour plan on Monday evening.\n\n\
         The project will cost about 40 million euros over five years.\n",
    )));
    let served = Arc::clone(&text);
    let server = Server::start(move |_| {
        let body = served.lock().map(|b| b.clone()).unwrap_or_default();
        answer("200 OK", "text/plain; charset=utf-8", body.as_bytes())
    });
    let cache = tempfile::tempdir().expect("cache dir");
    let cache_dir = cache.path().to_string_lossy().into_owned();
    let env = [
        ("DIPTYCH_CACHE_DIR", cache_dir.as_str()),
        ("http_proxy", ""),
        ("HTTP_PROXY", ""),
        ("ALL_PROXY", ""),
        ("all_proxy", ""),
    ];
    let url = server.url("/news");
    let first = std::process::Command::new(env!("CARGO_BIN_EXE_diptych"))
        .args(["inspect", &url])
        .env("DIPTYCH_CACHE_DIR", &cache_dir)
        .env("http_proxy", "")
        .env("HTTP_PROXY", "")
        .env("ALL_PROXY", "")
        .env("all_proxy", "")
        .output()
        .expect("runs");
    assert!(first.status.success());
    {
        let mut body = text.lock().expect("text");
        *body = body.replace("40 million euros over five", "55 million euros over six");
    }
    let mut s = Session::start_with_env(&[&url, "--since", "PREVIOUS"], 140, 30, &env);
    s.wait_for("the reader on both fetches", |c| {
        c.contains("Harbour plan approved (fetched 20")
            && c.contains("Harbour plan approved (now, fetched 20")
            && c.contains("40 million euros over five years.")
            && c.contains("~.")
            && c.contains("55 million euros over six years.")
    });
    s.send("q");
    assert!(s.wait_exit().success());
    assert_eq!(server.hits(), 2);
}
