"""How long `diptych align` takes to exit after Ctrl-C (SIGINT), wherever the work is.

    python3 benches/interrupt.py LEFT RIGHT [FORMAT]   # FORMAT: json (default), text, summary

Runs the command once whole, then again and again, interrupting it at evenly spaced moments
across that run; prints, for each moment, the exit status (130 is a cancel) and the time from
the signal to the exit. Uses target/release/diptych (`cargo build --release` first).
"""
import os
import signal
import subprocess
import sys
import time

L, R = sys.argv[1], sys.argv[2]
fmt = sys.argv[3] if len(sys.argv) > 3 else "json"
bin = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "target", "release", "diptych")
t0 = time.time()
p = subprocess.run([bin, "align", L, R, "--format", fmt], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
full = time.time() - t0
print(f"full run {full:.2f}s")
t = 0.1
while t < full:
    p = subprocess.Popen([bin, "align", L, R, "--format", fmt], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    time.sleep(t)
    s = time.time()
    p.send_signal(signal.SIGINT)
    p.wait()
    lat = time.time() - s
    print(f"signal at {t:.2f}s: exit {p.returncode} after {lat:.3f}s")
    t += max(0.25, full / 16)
