#!/usr/bin/env python3
"""Validate the gold files in this directory; print a summary table.
usage: check.py [ARTICLE_ROOT]   (default /work/shared; left_path/right_path are relative to it)"""
import glob, json, os, sys

ROOT = sys.argv[1] if len(sys.argv) > 1 else "/work/shared"
HERE = os.path.dirname(os.path.abspath(__file__))

def check_units(units, data, side, errs):
    prev_end = -1
    for i, u in enumerate(units):
        if u.get("id") != i:
            errs.append(f"{side}: unit {i} has id {u.get('id')}")
        s, e = u["start"], u["end"]
        if not (0 <= s < e <= len(data)):
            errs.append(f"{side} {i}: bad span {s}-{e}"); continue
        if s < prev_end:
            errs.append(f"{side} {i}: overlaps/not ascending (start {s} < previous end {prev_end})")
        prev_end = e
        try:
            t = data[s:e].decode("utf-8")
        except UnicodeDecodeError:
            errs.append(f"{side} {i}: span does not decode"); continue
        if t != u["text"]:
            errs.append(f"{side} {i}: text mismatch {t!r} != {u['text']!r}")
        if t != t.strip():
            errs.append(f"{side} {i}: surrounding whitespace")

def check(path):
    g = json.load(open(path, encoding="utf-8"))
    errs = []
    for k in ("left_path", "right_path", "left", "right", "sure", "possible",
              "ignore_left", "ignore_right", "links"):
        if k not in g:
            errs.append(f"missing key {k}")
    if errs:
        return g, errs
    for side in ("left", "right"):
        data = open(os.path.join(ROOT, g[side + "_path"]), "rb").read()
        check_units(g[side], data, side, errs)
        # every non-blank stretch of the file must be covered by some unit
        covered = bytearray(len(data))
        for u in g[side]:
            covered[u["start"]:u["end"]] = b"\x01" * (u["end"] - u["start"])
        stray = bytes(b for b, c in zip(data, covered) if not c).decode("utf-8", "replace").split()
        stray = [w for w in stray if w.strip("#")]   # a bare markdown heading marker may stay outside
        if stray:
            errs.append(f"{side}: text outside units: {stray[:10]}")
    nl, nr = len(g["left"]), len(g["right"])
    il, ir = set(g["ignore_left"]), set(g["ignore_right"])
    for side, ig, n in (("ignore_left", il, nl), ("ignore_right", ir, nr)):
        for x in ig:
            if not (isinstance(x, int) and 0 <= x < n):
                errs.append(f"{side}: id {x} out of range")
    sure = [tuple(x) for x in g["sure"]]
    poss = [tuple(x) for x in g["possible"]]
    for name, lst in (("sure", sure), ("possible", poss)):
        if len(set(lst)) != len(lst):
            errs.append(f"{name}: duplicate links")
        for a, b in lst:
            if not (0 <= a < nl and 0 <= b < nr):
                errs.append(f"{name}: link {a}-{b} out of range")
            if a in il or b in ir:
                errs.append(f"{name}: link {a}-{b} touches an ignored unit")
    if set(sure) & set(poss):
        errs.append(f"sure and possible overlap: {sorted(set(sure) & set(poss))}")
    if sorted(map(tuple, g["links"])) != sorted(sure):
        errs.append("links != sure")
    for k in g.get("notes", {}):
        a, b = map(int, k.split("-"))
        if (a, b) not in set(sure) | set(poss):
            errs.append(f"note {k} has no link")
    return g, errs

def main():
    files = sorted(glob.glob(os.path.join(HERE, "[0-9][0-9][0-9]_[0-9][0-9][0-9].json")))
    bad = 0
    rows = []
    for f in files:
        g, errs = check(f)
        name = os.path.basename(f)[:-5]
        for e in errs:
            print(f"{name}: ERROR {e}")
        bad += bool(errs)
        if "left" in g:
            rows.append((name, len(g["left"]), len(g["right"]), len(g["ignore_left"]),
                         len(g["ignore_right"]), len(g["sure"]), len(g["possible"])))
    print(f"{'pair':8} {'#left':>5} {'#right':>6} {'ign_l':>5} {'ign_r':>5} {'#sure':>5} {'#poss':>5}")
    for r in rows:
        print(f"{r[0]:8} {r[1]:5} {r[2]:6} {r[3]:5} {r[4]:5} {r[5]:5} {r[6]:5}")
    print("OK" if not bad else f"{bad} file(s) with errors")
    return 1 if bad else 0

if __name__ == "__main__":
    sys.exit(main())
