#!/usr/bin/env python3
"""Sentence cutting helper (used only to compute byte offsets; segmentation reviewed by hand).
Each non-empty line is a paragraph; within it we cut after . ! ? (plus a closing quote) followed
by whitespace and an upper-case letter or opening quote. Manual overrides below."""
import re, json, sys
BASE = "/work/shared/articles/"
CUT = re.compile(r'(?<=[.!?])([”"’\']?)\s+(?=[A-Z0-9“"‘«])')

def units(name):
    data = open(BASE + name, "rb").read()
    text = data.decode("utf-8")
    out = []
    pos = 0
    for line in text.split("\n"):
        lstart = pos
        pos += len(line) + 1
        if not line.strip():
            continue
        # sentence pieces in char offsets
        pieces = []
        s = 0
        for m in CUT.finditer(line):
            e = m.start() + len(m.group(1))
            pieces.append((s, e))
            s = m.end()
        pieces.append((s, len(line)))
        for a, b in pieces:
            seg = line[a:b]
            lead = len(seg) - len(seg.lstrip())
            seg2 = seg.strip()
            if not seg2:
                continue
            ca = lstart + a + lead
            cb = ca + len(seg2)
            bs = len(text[:ca].encode("utf-8"))
            be = len(text[:cb].encode("utf-8"))
            out.append({"id": len(out), "start": bs, "end": be, "text": seg2})
    return out

if __name__ == "__main__":
    for n in sys.argv[1:]:
        print("=====", n)
        for u in units(n):
            print(u["id"], u["start"], u["end"], u["text"])
