//! End to end: the real binary in a pseudo-terminal, its screen read with a vt100 parser.

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use nix::sys::termios::LocalFlags;
use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

use crate::util::root;

fn nonzero(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).expect("a size above zero")
}

struct Session {
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    screen: Arc<Mutex<vt100::Parser>>,
    /// The data directory the run saves reviews in (never the user's own).
    _data: tempfile::TempDir,
}

impl Session {
    fn start(args: &[&str], cols: u16, rows: u16) -> Session {
        Session::start_program(env!("CARGO_BIN_EXE_diptych"), args, cols, rows)
    }

    fn start_with_env(args: &[&str], cols: u16, rows: u16, env: &[(&str, &str)]) -> Session {
        Session::spawn(env!("CARGO_BIN_EXE_diptych"), args, cols, rows, env)
    }

    fn start_program(program: &str, args: &[&str], cols: u16, rows: u16) -> Session {
        Session::spawn(program, args, cols, rows, &[])
    }

    fn spawn(program: &str, args: &[&str], cols: u16, rows: u16, env: &[(&str, &str)]) -> Session {
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
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.args(args);
        cmd.cwd(root());
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        // No user config may change the keys under test.
        cmd.env("XDG_CONFIG_HOME", root().join("tests/fixtures/no-config"));
        let child = pty.slave.spawn_command(cmd).expect("spawn");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().expect("reader");
        let writer = pty.master.take_writer().expect("writer");
        let screen = Arc::new(Mutex::new(vt100::Parser::new(
            nonzero(rows),
            nonzero(cols),
            0,
        )));
        let feed = Arc::clone(&screen);
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                if let Ok(mut p) = feed.lock() {
                    p.process(&buf[..n]);
                }
            }
        });
        Session {
            master: pty.master,
            writer,
            child,
            screen,
            _data: data,
        }
    }

    fn contents(&self) -> String {
        self.screen
            .lock()
            .map(|p| p.screen().contents())
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
        self.writer.write_all(keys.as_bytes()).expect("write");
        self.writer.flush().expect("flush");
    }

    fn alternate(&self) -> bool {
        self.screen
            .lock()
            .map(|p| p.screen().alternate_screen())
            .unwrap_or(false)
    }

    fn local_flags(&self) -> LocalFlags {
        self.master.get_termios().expect("termios").local_flags
    }

    fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(30) {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        panic!("diptych did not exit; screen:\n{}", self.contents());
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
        c.lines().any(|r| {
            r.contains("Pyongyang supported Moscow") && r.contains("North Korea has supported")
        })
    });

    s.send("n");
    s.wait_for("the first difference", |c| c.contains("difference 1 of"));
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
    std::thread::sleep(Duration::from_millis(200));
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
        s.wait_for("the reader", |c| c.contains("passage 1 of"));
        let pid = s.child.process_id().expect("pid");
        nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid as i32), signal).expect("kill");
        let status = s.wait_exit();
        assert!(status.success(), "{signal:?} is a clean quit: {status:?}");
        std::thread::sleep(Duration::from_millis(200));
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
    s.wait_for("the reader", |c| c.contains("passage 1 of"));
    s.send("j");
    let status = s.wait_exit();
    assert!(!status.success());
    std::thread::sleep(Duration::from_millis(300));
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
    std::thread::sleep(Duration::from_millis(500));
    s.send("q");
    assert!(s.wait_exit().success());
    std::thread::sleep(Duration::from_millis(200));
    assert!(s.local_flags().contains(LocalFlags::ICANON));
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
    s.master
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
    s.wait_for("the reader", |c| c.contains("passage 1 of"));
    s.send("G");
    std::thread::sleep(Duration::from_millis(300));
    let rows = s.rows();
    assert!(
        rows.iter().any(|r| r.contains("passage")),
        "status line on a 70-column screen:\n{}",
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
    std::thread::sleep(Duration::from_millis(300));
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
    std::thread::sleep(Duration::from_millis(200));
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
    s.wait_for("the reader", |c| c.contains("passage 1 of"));
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

/// The status line (the screen's last row).
fn status_line(s: &Session) -> String {
    s.rows().last().cloned().unwrap_or_default()
}

/// How many differences the status line counts as reviewed ("· 3 of 20 differences reviewed").
fn reviewed(screen: &str) -> Option<usize> {
    let before = &screen[..screen.find(" differences reviewed")?];
    let count = before.rsplit("· ").next()?;
    count.split(" of ").next()?.trim().parse().ok()
}

#[test]
fn marks_flags_and_notes_survive_quitting_and_reopening() {
    let data = tempfile::tempdir().expect("data dir");
    let data_dir = data.path().to_string_lossy().into_owned();
    let env = [("XDG_DATA_HOME", data_dir.as_str())];
    let (left, right) = (crate::util::article("000"), crate::util::article("002"));
    let args = [left.as_str(), right.as_str()];

    let mut s = Session::start_with_env(&args, 120, 40, &env);
    s.wait_for("the reader", |c| c.contains("0 of 20 differences reviewed"));
    // First difference, mark it reviewed (the view moves on to the next unreviewed one).
    s.send("n");
    s.wait_for("difference 1", |c| c.contains("difference 1 of"));
    s.send("x");
    s.wait_for("one reviewed", |c| {
        c.contains("1 of 20 differences reviewed, 0 flagged")
    });
    assert!(
        status_line(&s).contains("next unreviewed: passage 2"),
        "{}",
        status_line(&s)
    );
    s.send("f");
    s.wait_for("one flagged", |c| {
        c.contains("2 of 20 differences reviewed, 1 flagged")
    });
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
        c.contains("2 of 20 differences reviewed, 1 flagged")
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
    s.wait_for("the reader", |c| c.contains("differences reviewed"));
    for k in 1..=3 {
        s.send("x");
        s.wait_for("a mark", |c| reviewed(c) == Some(k));
    }
    // SIGKILL cannot be caught: whatever was saved must be whole on disk.
    let pid = s.child.process_id().expect("pid");
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(pid as i32),
        nix::sys::signal::Signal::SIGKILL,
    )
    .expect("kill");
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
    s.wait_for("the first difference", |c| c.contains("difference 1 of"));
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
