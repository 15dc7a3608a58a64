//! Meaning: sentence vectors from a multilingual encoder, so that sentences that say the same
//! thing in other words (or in another language) can be linked.
//!
//! [`Encoder`] is the seam: anything that turns runs of sentences into unit vectors whose
//! cosine says how alike their meanings are. The one shipped is [`usem3::Usem3`] (USE
//! multilingual v3, compiled into the program). [`encoder`] gives the one in use, opened once
//! per process; when it cannot be opened, alignment falls back to words alone and
//! [`encoder_problem`] says why, for the command line to report once.

pub mod runs;
pub mod usem3;

use std::ops::Range;
use std::sync::OnceLock;

use crate::progress::Progress;
use usem3::Usem3;
use usem3::file::ModelError;

/// Unit vectors, one per row.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Vectors {
    dim: usize,
    data: Vec<f32>,
}

impl Vectors {
    /// Vectors of `dim` numbers each, laid out one after another in `data`.
    pub fn new(dim: usize, data: Vec<f32>) -> Vectors {
        debug_assert!(dim > 0 && data.len().is_multiple_of(dim));
        Vectors { dim, data }
    }

    /// How many vectors there are.
    pub fn len(&self) -> usize {
        self.data.len().checked_div(self.dim).unwrap_or(0)
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// Numbers in each vector.
    pub fn dim(&self) -> usize {
        self.dim
    }

    /// The `i`-th vector.
    pub fn row(&self, i: usize) -> &[f32] {
        &self.data[i * self.dim..(i + 1) * self.dim]
    }
}

/// A copy of `bytes` at an address aligned for the numbers an encoder file holds, kept for
/// the rest of the process (an encoder is opened once and used to the end).
pub fn aligned(bytes: &[u8]) -> &'static [u8] {
    let mut words = vec![0u64; bytes.len().div_ceil(8)];
    let copy: &mut [u8] = bytemuck::cast_slice_mut(&mut words);
    copy[..bytes.len()].copy_from_slice(bytes);
    let words: &'static [u64] = Box::leak(words.into_boxed_slice());
    &bytemuck::cast_slice(words)[..bytes.len()]
}

/// Cosine of two unit vectors.
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// A sentence encoder: runs of sentences in, unit vectors out.
pub trait Encoder: Send + Sync {
    /// The model's name, for messages and the JSON output.
    fn name(&self) -> &'static str;

    /// Whether the model was trained on the language with this ISO 639-1 code: elsewhere its
    /// vectors say little, and alignment goes on words alone.
    fn knows(&self, language: &str) -> bool;

    /// One unit vector per run of consecutive `sentences` (indexes into it), in the order of
    /// `runs`; a run of several sentences is embedded as their text joined by spaces.
    ///
    /// Implementations may share work between a sentence and the runs that contain it, so
    /// callers should ask for all the runs of a document they need in one call.
    ///
    /// The work is counted into `progress` as it goes (each implementation adds its own units
    /// to the stage's total); once `progress` is cancelled the rest is skipped and the vectors
    /// returned mean nothing, so the caller must check it before using them.
    fn embed_runs(&self, sentences: &[&str], runs: &[Range<usize>], progress: &Progress)
    -> Vectors;
}

/// Environment variable naming another encoder file to use, or `off` for words alone.
pub const ENCODER_ENV: &str = "DIPTYCH_ENCODER";

static ENCODER: OnceLock<Result<Usem3, EncoderProblem>> = OnceLock::new();

/// Why no encoder is in use.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EncoderProblem {
    /// Turned off with `DIPTYCH_ENCODER=off`.
    #[error("turned off by {ENCODER_ENV}=off")]
    Off,
    /// The file named by `DIPTYCH_ENCODER` cannot be read.
    #[error("{path}: {reason}")]
    Unreadable {
        /// The path as given.
        path: String,
        /// Why it cannot be read.
        reason: String,
    },
    /// The weights are missing or damaged.
    #[error("{origin}: {error}")]
    Model {
        /// The built-in weights or a file's path.
        origin: String,
        /// What is wrong with them.
        error: ModelError,
    },
}

/// The encoder in use: the built-in one, or the file `DIPTYCH_ENCODER` names; opened once.
pub fn encoder() -> Option<&'static dyn Encoder> {
    match ENCODER.get_or_init(open) {
        Ok(e) => Some(e),
        Err(_) => None,
    }
}

/// Why [`encoder`] gives none, when it does not. Turning it off on purpose is not a problem.
pub fn encoder_problem() -> Option<&'static EncoderProblem> {
    match ENCODER.get_or_init(open) {
        Err(EncoderProblem::Off) | Ok(_) => None,
        Err(p) => Some(p),
    }
}

/// The largest encoder file read from `DIPTYCH_ENCODER` (the built-in one is 66 MB).
const MAX_ENCODER_FILE: u64 = 1 << 30;

fn open() -> Result<Usem3, EncoderProblem> {
    match std::env::var_os(ENCODER_ENV) {
        Some(v) if v.eq_ignore_ascii_case("off") => Err(EncoderProblem::Off),
        Some(path) if !path.is_empty() => {
            let shown = path.to_string_lossy().into_owned();
            let unreadable = |reason: String| EncoderProblem::Unreadable {
                path: shown.clone(),
                reason,
            };
            let bytes = read_encoder_file(std::path::Path::new(&path)).map_err(unreadable)?;
            Usem3::open(bytes).map_err(|error| EncoderProblem::Model {
                origin: shown,
                error,
            })
        }
        _ => Usem3::builtin().map_err(|error| EncoderProblem::Model {
            origin: "built-in encoder".into(),
            error,
        }),
    }
}

/// An encoder file read into memory aligned for its numbers, kept to the end of the process.
/// Only a regular file of reasonable size is read (not a device or a pipe, which could be
/// endless).
fn read_encoder_file(path: &std::path::Path) -> Result<&'static [u8], String> {
    use std::io::Read as _;
    let (mut file, meta) = crate::regular_file::open(path).map_err(|refused| match refused {
        crate::regular_file::Refused::Io(e) => e.to_string(),
        crate::regular_file::Refused::NotRegular(_) => "not a regular file".to_owned(),
    })?;
    if meta.len() > MAX_ENCODER_FILE {
        return Err(format!("larger than {} bytes", MAX_ENCODER_FILE));
    }
    let len = meta.len() as usize;
    let mut words = vec![0u64; len.div_ceil(8)];
    let buf: &mut [u8] = bytemuck::cast_slice_mut(&mut words);
    file.read_exact(&mut buf[..len])
        .map_err(|e| e.to_string())?;
    let words: &'static [u64] = Box::leak(words.into_boxed_slice());
    Ok(&bytemuck::cast_slice(words)[..len])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vectors_are_read_back_row_by_row() {
        let v = Vectors::new(3, vec![1.0, 0.0, 0.0, 0.0, 0.6, 0.8]);
        assert_eq!((v.len(), v.dim(), v.is_empty()), (2, 3, false));
        assert_eq!(v.row(1), &[0.0, 0.6, 0.8]);
        assert_eq!(cosine(v.row(0), v.row(0)), 1.0);
        assert_eq!(cosine(v.row(0), v.row(1)), 0.0);
        assert!((cosine(v.row(1), &[0.0, 0.8, 0.6]) - 0.96).abs() < 1e-6);
        let none = Vectors::default();
        assert_eq!((none.len(), none.is_empty()), (0, true));
    }

    #[test]
    fn an_aligned_copy_holds_the_same_bytes_at_an_aligned_address() {
        for len in [0, 1, 7, 8, 9, 100] {
            let bytes: Vec<u8> = (0..len).map(|i| i as u8 ^ 0x5a).collect();
            // From an odd address, so a copy that kept the source's would show.
            let mut shifted = vec![0u8];
            shifted.extend_from_slice(&bytes);
            let copy = aligned(&shifted[1..]);
            assert_eq!(copy, &bytes[..], "{len} bytes");
            assert_eq!(copy.as_ptr() as usize % 8, 0, "{len} bytes");
        }
    }

    #[test]
    fn an_encoder_file_is_read_only_when_it_is_a_regular_file_of_reasonable_size() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("encoder.bin");
        let bytes: Vec<u8> = (0..=255u8).cycle().take(1001).collect();
        std::fs::write(&path, &bytes).expect("written");
        let read = read_encoder_file(&path).expect("a regular file is read");
        assert_eq!(read, &bytes[..]);
        assert_eq!(read.as_ptr() as usize % 8, 0);

        assert_eq!(
            read_encoder_file(dir.path()),
            Err("not a regular file".to_string())
        );
        let missing = read_encoder_file(&dir.path().join("missing"));
        assert!(missing.is_err_and(|e| e.contains("No such file")));
        // A sparse file just over the limit is refused before a byte is read.
        let huge = dir.path().join("huge.bin");
        let file = std::fs::File::create(&huge).expect("created");
        file.set_len(MAX_ENCODER_FILE + 1).expect("sized");
        assert_eq!(
            read_encoder_file(&huge),
            Err(format!("larger than {MAX_ENCODER_FILE} bytes"))
        );
        // A FIFO with no writer: refused at once, not waited on.
        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo");
        assert_eq!(
            read_encoder_file(&fifo),
            Err("not a regular file".to_string())
        );
    }
}
