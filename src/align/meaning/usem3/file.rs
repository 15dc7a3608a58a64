//! [`ModelFile`]: the sections of an encoder file (`usem3.bin`, written by `convert.py`).
//!
//! The file is a magic string, a format version, a JSON header and 64-byte aligned sections.
//! Only the header and the small sections are checked when a model is opened (sizes, shapes
//! and CRC-32 of everything but the token table): the table is read row by row as tokens need
//! it, so a whole-file check at start-up would page in 49 MB that a short comparison never
//! touches. The table's own checksum is verified by a test instead.

use std::collections::HashMap;

use serde::Deserialize;
use thiserror::Error;

/// The first bytes of every encoder file.
pub const MAGIC: &[u8; 16] = b"DIPTYCH-ENCODER\0";
/// The format version this reader understands.
pub const FORMAT_VERSION: u32 = 1;

/// Why an encoder file cannot be used.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum ModelError {
    /// There is no file (or an empty one, as a build without the weights has).
    #[error("no encoder weights (empty file)")]
    Missing,
    /// The file is not an encoder file or is cut short.
    #[error("not a diptych encoder file")]
    NotAModel,
    /// A newer or older format.
    #[error("encoder file format {0}, expected {FORMAT_VERSION}")]
    Version(u32),
    /// The header or a section does not add up.
    #[error("damaged encoder file: {0}")]
    Damaged(String),
}

/// How a section's bytes are to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Dtype {
    /// Little-endian IEEE single floats.
    #[serde(rename = "f32")]
    F32,
    /// Little-endian unsigned 32-bit integers.
    #[serde(rename = "u32")]
    U32,
    /// Bytes.
    #[serde(rename = "u8")]
    U8,
    /// 6-bit values packed four to three bytes, little-endian.
    #[serde(rename = "u6x4")]
    U6x4,
}

impl Dtype {
    /// Bytes taken by `count` values.
    fn bytes(self, count: usize) -> Option<usize> {
        match self {
            Dtype::F32 | Dtype::U32 => count.checked_mul(4),
            Dtype::U8 => Some(count),
            Dtype::U6x4 => count.is_multiple_of(4).then(|| count / 4 * 3),
        }
    }
}

#[derive(Debug, Deserialize)]
struct SectionEntry {
    name: String,
    offset: usize,
    len: usize,
    dtype: Dtype,
    shape: Vec<usize>,
    crc32: u32,
}

#[derive(Debug, Deserialize)]
struct Header {
    model: String,
    dim: usize,
    chunks: usize,
    eps: f64,
    sections: Vec<SectionEntry>,
}

/// One section: its bytes, how to read them and its shape.
#[derive(Debug, Clone, Copy)]
pub struct Section {
    /// The raw bytes.
    pub bytes: &'static [u8],
    /// How to read them.
    pub dtype: Dtype,
    crc32: u32,
    shape_start: usize,
    shape_len: usize,
}

/// An opened encoder file: its header and its sections by name.
#[derive(Debug)]
pub struct ModelFile {
    /// The model's name (`use-multilingual-v3`).
    pub model: String,
    /// Dimensions of a sentence vector.
    pub dim: usize,
    /// How many quantisation chunks the token table has.
    pub chunks: usize,
    /// The layer-norm epsilon.
    pub eps: f32,
    sections: HashMap<String, Section>,
    shapes: Vec<usize>,
    compiled: bool,
}

impl ModelFile {
    /// Reads the header of `bytes` and checks every section but the token table.
    ///
    /// # Errors
    /// [`ModelError`] when the bytes are empty, not an encoder file, of another format
    /// version, or damaged.
    pub fn open(bytes: &'static [u8]) -> Result<ModelFile, ModelError> {
        ModelFile::read(bytes, true)
    }

    /// [`ModelFile::open`] for the file compiled into the program, whose sections are not
    /// checked against their checksums: they are part of the program, as its code is (and a
    /// test checks them). Checking them took milliseconds before every alignment.
    ///
    /// # Errors
    /// As [`ModelFile::open`], but a damaged section is not found.
    pub fn open_compiled(bytes: &'static [u8]) -> Result<ModelFile, ModelError> {
        ModelFile::read(bytes, false)
    }

    fn read(bytes: &'static [u8], check: bool) -> Result<ModelFile, ModelError> {
        if bytes.is_empty() {
            return Err(ModelError::Missing);
        }
        if bytes.len() < 24 || &bytes[..16] != MAGIC {
            return Err(ModelError::NotAModel);
        }
        let word = |at: usize| {
            u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
        };
        let version = word(16);
        if version != FORMAT_VERSION {
            return Err(ModelError::Version(version));
        }
        let header_len = word(20) as usize;
        let text = bytes
            .get(24..24 + header_len)
            .ok_or_else(|| ModelError::Damaged("header cut short".into()))?;
        let header: Header = serde_json::from_slice(text)
            .map_err(|e| ModelError::Damaged(format!("header: {e}")))?;
        let mut sections = HashMap::new();
        let mut shapes = Vec::new();
        for s in header.sections {
            let data = s
                .offset
                .checked_add(s.len)
                .and_then(|end| bytes.get(s.offset..end))
                .ok_or_else(|| ModelError::Damaged(format!("section {} cut short", s.name)))?;
            let count = s.shape.iter().try_fold(1usize, |a, &d| a.checked_mul(d));
            if count.and_then(|c| s.dtype.bytes(c)) != Some(s.len) {
                return Err(ModelError::Damaged(format!(
                    "section {} does not match its shape",
                    s.name
                )));
            }
            let section = Section {
                bytes: data,
                dtype: s.dtype,
                crc32: s.crc32,
                shape_start: shapes.len(),
                shape_len: s.shape.len(),
            };
            shapes.extend_from_slice(&s.shape);
            if check && s.name != "table" && crc32fast::hash(data) != s.crc32 {
                return Err(ModelError::Damaged(format!(
                    "section {} fails its checksum",
                    s.name
                )));
            }
            sections.insert(s.name, section);
        }
        Ok(ModelFile {
            model: header.model,
            dim: header.dim,
            chunks: header.chunks,
            eps: header.eps as f32,
            sections,
            shapes,
            compiled: !check,
        })
    }

    /// Whether this is the file compiled into the program ([`ModelFile::open_compiled`]): what
    /// its contents are is checked by the tests, not at every start.
    pub fn is_compiled(&self) -> bool {
        self.compiled
    }

    /// The section called `name`, which must be of `dtype`.
    ///
    /// # Errors
    /// [`ModelError::Damaged`] when there is no such section or it has another type.
    pub fn section(&self, name: &str, dtype: Dtype) -> Result<Section, ModelError> {
        match self.sections.get(name) {
            Some(s) if s.dtype == dtype => Ok(*s),
            Some(_) => Err(ModelError::Damaged(format!(
                "section {name} has the wrong type"
            ))),
            None => Err(ModelError::Damaged(format!("no section {name}"))),
        }
    }

    /// The shape of `section`.
    pub fn shape(&self, section: &Section) -> &[usize] {
        &self.shapes[section.shape_start..section.shape_start + section.shape_len]
    }

    /// Whether every section's bytes, the token table's included, match the checksums the
    /// converter recorded (reads all of them).
    pub fn is_intact(&self) -> bool {
        self.sections
            .values()
            .all(|s| crc32fast::hash(s.bytes) == s.crc32)
    }

    /// A float section, in place, checked against `shape`.
    ///
    /// # Errors
    /// [`ModelError::Damaged`] when the section is missing, not of `f32`s, of another shape, or
    /// not aligned for `f32`s (the file must be loaded at an aligned address, see
    /// [`super::super::aligned`]).
    pub fn floats(&self, name: &str, shape: &[usize]) -> Result<&'static [f32], ModelError> {
        let s = self.section(name, Dtype::F32)?;
        if self.shape(&s) != shape {
            return Err(ModelError::Damaged(format!(
                "section {name} has shape {:?}, expected {shape:?}",
                self.shape(&s)
            )));
        }
        cast(name, s.bytes)
    }

    /// A section of `u32`s, in place.
    ///
    /// # Errors
    /// [`ModelError::Damaged`] when the section is missing, of another type or misaligned.
    pub fn u32s(&self, name: &str) -> Result<&'static [u32], ModelError> {
        cast(name, self.section(name, Dtype::U32)?.bytes)
    }
}

/// `bytes` as a slice of numbers, in place (the file is little-endian, as this machine must be).
fn cast<T: bytemuck::AnyBitPattern>(
    name: &str,
    bytes: &'static [u8],
) -> Result<&'static [T], ModelError> {
    if cfg!(target_endian = "big") {
        return Err(ModelError::Damaged(
            "a big-endian machine cannot read this file".into(),
        ));
    }
    bytemuck::try_cast_slice(bytes).map_err(|e| ModelError::Damaged(format!("section {name}: {e}")))
}

/// Reads little-endian `u32`s.
pub fn u32s(bytes: &[u8]) -> impl Iterator<Item = u32> + '_ {
    bytes
        .chunks_exact(4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}
