//! Opening a path that must be a regular file: never a FIFO (opening one to read waits for a
//! writer that may never come), a device (`/dev/zero` never ends, and opening some devices has
//! effects) or a folder.
//!
//! The review store and the encoder file named by `DIPTYCH_ENCODER` are read this way: both
//! are paths a hostile folder or environment can point anywhere.

use std::fs::{self, File, FileType, Metadata};
use std::io;
use std::os::unix::fs::OpenOptionsExt as _;
use std::path::Path;

/// Why [`open`] gave no file.
#[derive(Debug)]
pub enum Refused {
    /// The path could not be looked at or opened (missing, no permission, …).
    Io(io::Error),
    /// The path is not a regular file: it is of this type.
    NotRegular(FileType),
}

/// Opens `path` for reading, with its metadata, if it is a regular file.
///
/// The path is looked at before opening, so a device is not even opened; then opened without
/// blocking, since it may have become a FIFO in between (for a regular file the flag changes
/// nothing); then the opened handle, which is what the caller reads, is looked at again.
pub fn open(path: &Path) -> Result<(File, Metadata), Refused> {
    let regular = |meta: Metadata| {
        if meta.is_file() {
            Ok(meta)
        } else {
            Err(Refused::NotRegular(meta.file_type()))
        }
    };
    regular(fs::metadata(path).map_err(Refused::Io)?)?;
    let file = fs::OpenOptions::new()
        .read(true)
        .custom_flags(rustix::fs::OFlags::NONBLOCK.bits().cast_signed())
        .open(path)
        .map_err(Refused::Io)?;
    let meta = regular(file.metadata().map_err(Refused::Io)?)?;
    Ok((file, meta))
}
