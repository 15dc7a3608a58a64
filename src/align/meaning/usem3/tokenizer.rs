//! [`Tokenizer`]: SentencePiece (unigram) as the model was trained with it.
//!
//! Two steps, as in SentencePiece itself:
//! 1. **Normalising** with the model's precompiled `nmt_nfkc` map: a darts-clone double array
//!    whose leaves point at replacement strings, matched longest-first at each position. Runs
//!    of spaces collapse, a space is written `▁`, and one `▁` starts the text.
//! 2. **Segmenting** by Viterbi over the pieces: the segmentation with the highest sum of
//!    piece scores; a character no piece covers becomes the unknown piece.
//!
//! The vocabulary is kept as the converter sorted it (pieces by bytes), so the pieces that
//! start at a position are found by narrowing a sorted range byte by byte: nothing is built at
//! start-up, which keeps a short comparison fast.

use super::file::{Dtype, ModelError, ModelFile, u32s};

/// The unknown piece.
pub const UNK: u32 = 0;
/// Begin of sentence.
pub const BOS: u32 = 1;
/// End of sentence.
pub const EOS: u32 = 2;

/// SentencePiece's kinds of piece (`ModelProto.SentencePiece.Type`).
const KIND_NORMAL: u8 = 1;
const KIND_USER_DEFINED: u8 = 4;

/// The space symbol, `▁` (U+2581).
const SPACE: &[u8] = "\u{2581}".as_bytes();

/// A SentencePiece unigram tokenizer read from an encoder file.
#[derive(Debug)]
pub struct Tokenizer {
    normalizer: Normalizer,
    /// Piece ids in the byte order of their pieces.
    order: &'static [u32],
    /// `bytes[offsets[k]..offsets[k + 1]]` is the `k`-th piece in that order.
    offsets: &'static [u32],
    bytes: &'static [u8],
    scores: &'static [f32],
    kinds: &'static [u8],
    unk_score: f32,
    max_len: usize,
}

impl Tokenizer {
    /// The tokenizer of `file`.
    ///
    /// # Errors
    /// [`ModelError::Damaged`] when a vocabulary section is missing or inconsistent.
    pub fn new(file: &ModelFile) -> Result<Tokenizer, ModelError> {
        let damaged = |what: &str| ModelError::Damaged(format!("vocabulary: {what}"));
        let order = file.u32s("order")?;
        let offsets = file.u32s("piece_offsets")?;
        let bytes = file.section("piece_bytes", Dtype::U8)?.bytes;
        let n = order.len();
        let scores = file.floats("scores", &[n])?;
        let kinds = file.section("kinds", Dtype::U8)?.bytes;
        if offsets.len() != n + 1 || scores.len() != n || kinds.len() != n || n <= EOS as usize {
            return Err(damaged("section sizes differ"));
        }
        // The vocabulary compiled into the program is checked by the tests: reading all of it
        // here took milliseconds before every alignment.
        if !file.is_compiled() {
            if order.iter().any(|&id| id as usize >= n)
                || offsets.windows(2).any(|w| w[0] > w[1])
                || offsets
                    .last()
                    .is_some_and(|&end| end as usize != bytes.len())
            {
                return Err(damaged("bad offsets"));
            }
            let piece = |k: usize| &bytes[offsets[k] as usize..offsets[k + 1] as usize];
            if (1..n).any(|k| piece(k - 1) >= piece(k)) {
                return Err(damaged("pieces out of order"));
            }
        }
        let max_len = offsets
            .windows(2)
            .map(|w| w[1].saturating_sub(w[0]) as usize)
            .max()
            .unwrap_or(0);
        let unk_score = scores.iter().copied().fold(f32::INFINITY, f32::min) - 10.0;
        Ok(Tokenizer {
            normalizer: Normalizer::new(file.section("charsmap", Dtype::U8)?.bytes)?,
            order,
            offsets,
            bytes,
            scores,
            kinds,
            unk_score,
            max_len,
        })
    }

    /// How many pieces the vocabulary has.
    pub fn vocab_size(&self) -> usize {
        self.order.len()
    }

    /// The piece ids of `text`, between [`BOS`] and [`EOS`].
    pub fn encode(&self, text: &str) -> Vec<u32> {
        let normalized = self.normalizer.normalize(text);
        let mut ids = Vec::with_capacity(normalized.len() / 3 + 3);
        ids.push(BOS);
        if normalized.is_empty() {
            ids.push(UNK);
        } else {
            self.viterbi(&normalized, &mut ids);
        }
        ids.push(EOS);
        ids
    }

    fn piece(&self, k: usize) -> &[u8] {
        &self.bytes[self.offsets[k] as usize..self.offsets[k + 1] as usize]
    }

    /// Calls `found(length, id)` for every matchable piece that `s` starts with, shortest first.
    fn prefixes(&self, s: &[u8], mut found: impl FnMut(usize, u32)) {
        let (mut lo, mut hi) = (0, self.order.len());
        for len in 1..=self.max_len.min(s.len()) {
            let b = s[len - 1];
            // Every piece in lo..hi starts with s[..len - 1]; the one that is exactly that (if
            // any) sorts first, the rest by their next byte.
            let byte_at = |k: usize| self.piece(k).get(len - 1).copied();
            let from = partition(lo, hi, |k| byte_at(k) < Some(b));
            let to = partition(from, hi, |k| byte_at(k) == Some(b));
            if from == to {
                return;
            }
            lo = from;
            hi = to;
            if self.piece(lo).len() == len {
                let id = self.order[lo];
                let kind = self.kinds[id as usize];
                if kind == KIND_NORMAL || kind == KIND_USER_DEFINED {
                    found(len, id);
                }
            }
        }
    }

    /// Appends the best segmentation of `s` (normalised, not empty).
    fn viterbi(&self, s: &str, ids: &mut Vec<u32>) {
        let bytes = s.as_bytes();
        let n = bytes.len();
        // best[p]: score of the best segmentation of s[..p]; the last piece of it is
        // s[start[p]..p], with id piece[p]. Ties go to the earliest start, as in SentencePiece.
        let mut best = vec![f32::NEG_INFINITY; n + 1];
        let mut start = vec![0usize; n + 1];
        let mut piece = vec![UNK; n + 1];
        best[0] = 0.0;
        for (i, ch) in s.char_indices() {
            let base = best[i];
            let mut covered_char = false;
            let char_len = ch.len_utf8();
            self.prefixes(&bytes[i..], |len, id| {
                let score = base + self.scores[id as usize];
                let end = i + len;
                if score > best[end] {
                    best[end] = score;
                    start[end] = i;
                    piece[end] = id;
                }
                if len == char_len {
                    covered_char = true;
                }
            });
            if !covered_char {
                let end = i + char_len;
                let score = base + self.unk_score;
                if score > best[end] {
                    best[end] = score;
                    start[end] = i;
                    piece[end] = UNK;
                }
            }
        }
        let from = ids.len();
        let mut p = n;
        while p > 0 {
            ids.push(piece[p]);
            p = start[p];
        }
        ids[from..].reverse();
    }
}

/// SentencePiece's normaliser over a precompiled character map.
#[derive(Debug)]
struct Normalizer {
    /// The double array's units.
    units: Vec<u32>,
    /// Replacement strings, each ended by a NUL byte; leaves point into it.
    replacements: &'static [u8],
}

impl Normalizer {
    fn new(charsmap: &'static [u8]) -> Result<Normalizer, ModelError> {
        let damaged = || ModelError::Damaged("character map".into());
        if charsmap.len() < 4 {
            return Err(damaged());
        }
        let trie_len =
            u32::from_le_bytes([charsmap[0], charsmap[1], charsmap[2], charsmap[3]]) as usize;
        let trie = charsmap.get(4..4 + trie_len).ok_or_else(damaged)?;
        if trie.is_empty() || !trie_len.is_multiple_of(4) {
            return Err(damaged());
        }
        Ok(Normalizer {
            units: u32s(trie).collect(),
            replacements: &charsmap[4 + trie_len..],
        })
    }

    /// Where a unit's children start (darts-clone's `offset`).
    fn offset(unit: u32) -> usize {
        ((unit >> 10) << ((unit & 0x200) >> 6)) as usize
    }

    /// The normalised form of the longest match at the start of `s`, and how many bytes of `s`
    /// it replaces. Without a match, the first character as it is.
    fn prefix<'s>(&self, s: &'s [u8]) -> (&'s [u8], usize)
    where
        'static: 's,
    {
        let mut best: Option<(usize, usize)> = None;
        let mut node = Self::offset(self.units[0]);
        for (i, &c) in s.iter().enumerate() {
            node ^= c as usize;
            let Some(&unit) = self.units.get(node) else {
                break;
            };
            if unit & 0x8000_00FF != c as u32 {
                break;
            }
            node ^= Self::offset(unit);
            if unit & 0x100 != 0 {
                match self.units.get(node) {
                    Some(&leaf) => best = Some((i + 1, (leaf & 0x7FFF_FFFF) as usize)),
                    None => break,
                }
            }
        }
        if let Some((len, value)) = best
            && value < self.replacements.len()
        {
            let rest = &self.replacements[value..];
            let end = rest.iter().position(|&b| b == 0).unwrap_or(rest.len());
            return (&rest[..end], len);
        }
        let len = utf8_len(s[0]).min(s.len());
        (&s[..len], len)
    }

    /// `text` normalised: mapped, spaces collapsed and written `▁`, one `▁` in front.
    fn normalize(&self, text: &str) -> String {
        let raw = text.as_bytes();
        let mut pos = 0;
        let mut out: Vec<u8> = Vec::with_capacity(raw.len() + 8);
        out.extend_from_slice(SPACE);
        // Leading spaces (after mapping) go, as if a space came before them; a text of spaces
        // alone ends as the one `▁`, which goes with the trailing ones.
        let mut prev_space = true;
        while pos < raw.len() {
            let (mut p, len) = self.prefix(&raw[pos..]);
            pos += len;
            if prev_space {
                while let [b' ', rest @ ..] = p {
                    p = rest;
                }
            }
            if let Some(&last) = p.last() {
                for &b in p {
                    if b == b' ' {
                        out.extend_from_slice(SPACE);
                    } else {
                        out.push(b);
                    }
                }
                prev_space = last == b' ';
            }
        }
        while out.ends_with(SPACE) {
            out.truncate(out.len() - SPACE.len());
        }
        // Replacements come from the model file; a damaged one must not make invalid text.
        String::from_utf8(out)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }
}

/// The first index in `lo..hi` where `before` turns false (`before` must be true, then false).
fn partition(mut lo: usize, mut hi: usize, before: impl Fn(usize) -> bool) -> usize {
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if before(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

/// The length of the UTF-8 sequence that starts with `first` (1 for a stray byte).
fn utf8_len(first: u8) -> usize {
    match first {
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF7 => 4,
        _ => 1,
    }
}
