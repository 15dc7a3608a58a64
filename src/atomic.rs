//! Writing a file so that readers see the old content or the new, never a mix.
//!
//! The bytes go to a temporary file in the destination's directory, which is flushed to disk
//! and renamed over the destination (atomic on POSIX file systems); the directory is flushed
//! last so the rename itself survives a power cut. Review stores and exported reports both go
//! through here.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

/// Bytes written to a temporary file beside their destination, not yet renamed into place.
#[derive(Debug)]
pub struct Staged {
    temp: NamedTempFile,
    dest: PathBuf,
}

/// Writes `bytes` to `path` atomically, creating missing directories.
///
/// # Errors
/// When the temporary file cannot be written or renamed; `path` is then as it was.
pub fn write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    stage(path, bytes)?.commit()
}

/// Writes `bytes` to a temporary file in `path`'s directory and flushes it to disk.
///
/// A symbolic link at `path` is followed (its target is replaced, not the link), and an
/// existing file's permissions are kept (the temporary file starts private).
///
/// # Errors
/// When the directory cannot be created or the file cannot be written.
pub fn stage(path: &Path, bytes: &[u8]) -> io::Result<Staged> {
    let dest = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let dir = match dest.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&dir)?;
    let name = dest
        .file_name()
        .map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
    let mut temp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(&dir)?;
    temp.write_all(bytes)?;
    if let Ok(meta) = fs::metadata(&dest) {
        temp.as_file().set_permissions(meta.permissions())?;
    }
    temp.as_file().sync_all()?;
    Ok(Staged { temp, dest })
}

impl Staged {
    /// Renames the temporary file over the destination and flushes the directory.
    ///
    /// # Errors
    /// When the rename fails; the destination is then as it was.
    pub fn commit(self) -> io::Result<()> {
        let dest = self.dest;
        self.temp.persist(&dest).map_err(|e| e.error)?;
        let dir = match dest.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        if let Ok(d) = fs::File::open(dir) {
            // Not every platform can sync a directory; the rename is done either way.
            let _ = d.sync_all();
        }
        Ok(())
    }

    /// Leaves the temporary file where it is and returns its path, as a process killed
    /// before the rename would.
    pub fn abandon(self) -> PathBuf {
        match self.temp.keep() {
            Ok((_, path)) => path,
            Err(e) => e.file.path().to_path_buf(),
        }
    }
}
