#!/usr/bin/env python3
"""Time from starting the reader in a pseudo-terminal to its first screen (the status line
drawn), best of N runs.

    python3 benches/first_screen.py [N] [-- ARGS…]    # default: the bundled sample pair

Used for docs/performance.md. Needs only the Python standard library (pty, select).
"""
import fcntl, os, pty, select, struct, sys, termios, time

def once(binary, args):
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm-256color"
        os.environ["XDG_DATA_HOME"] = "/tmp/diptych-first-screen"
        os.execv(binary, [binary] + args)
    # A 120×40 terminal: a pty starts at 0×0, which the reader rightly calls too small.
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    start = time.perf_counter()
    seen = b""
    elapsed = None
    while elapsed is None and time.perf_counter() - start < 60:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            try:
                seen += os.read(fd, 65536)
            except OSError:
                break
            if b"passage 1 of" in seen:
                elapsed = time.perf_counter() - start
    os.write(fd, b"q")
    os.waitpid(pid, 0)
    os.close(fd)
    return elapsed

def main():
    argv = sys.argv[1:]
    args = argv[argv.index("--") + 1:] if "--" in argv else []
    n = int(argv[0]) if argv and argv[0] != "--" else 10
    binary = os.environ.get("DIPTYCH_BIN") or os.path.join(os.path.dirname(__file__), "..", "target", "release", "diptych")
    times = [t for t in (once(binary, args) for _ in range(n)) if t is not None]
    if not times:
        sys.exit("the reader never showed its first screen")
    print(f"first screen: best {min(times) * 1000:.1f} ms, median {sorted(times)[len(times) // 2] * 1000:.1f} ms over {len(times)} runs")

main()
