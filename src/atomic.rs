//! Writing a file so that readers see the old content or the new, never a mix.
//!
//! The bytes go to a temporary file in the destination's directory, which is flushed to disk
//! and renamed over the destination (atomic on POSIX file systems); the directory is flushed
//! last so the rename itself survives a power cut. Review stores and exported reports both go
//! through here.
//!
//! [`write`] is for paths the user named (or that live in the user's own folders): a symbolic
//! link there is followed, as the user would expect. [`replace`] is for names diptych chose
//! itself in a folder it does not own: a link there is replaced, never followed. A new file in
//! a folder other users can write to goes through [`crate::temp`] instead.

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

/// [`write`] of what `fill` writes, as it writes it: a report too large to hold whole goes to
/// the temporary file piece by piece, and is renamed into place only once `fill` succeeds.
///
/// # Errors
/// When `fill` fails, or the temporary file cannot be written or renamed; `path` is then as it
/// was.
pub fn write_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let (dest, kept) = followed(path);
    stage_with(dest, kept, fill)?.commit()
}

/// Writes `bytes` to a temporary file in `path`'s directory and flushes it to disk.
///
/// A symbolic link at `path` is followed (its target is replaced, not the link), and an
/// existing file's permissions are kept (the temporary file starts private).
///
/// # Errors
/// When the directory cannot be created or the file cannot be written.
pub fn stage(path: &Path, bytes: &[u8]) -> io::Result<Staged> {
    let (dest, kept) = followed(path);
    stage_at(dest, kept, bytes)
}

/// Where a file the user named at `path` is written (a symbolic link there followed), and the
/// permissions of what is there now.
fn followed(path: &Path) -> (PathBuf, Option<fs::Permissions>) {
    let dest = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let kept = fs::metadata(&dest).ok().map(|m| m.permissions());
    (dest, kept)
}

/// Writes `bytes` to `path` atomically, as [`write`] does, except that a symbolic link at
/// `path` is replaced by the file, never followed, and nothing is taken from what is there:
/// for a name diptych chose (a report beside the articles), where a link may have been
/// planted by someone else.
///
/// # Errors
/// When the temporary file cannot be written or renamed (in a folder with the sticky bit, such
/// as `/tmp`, another user's file or link cannot be replaced); `path` is then as it was.
pub fn replace(path: &Path, bytes: &[u8]) -> io::Result<()> {
    replace_with(path, |file| file.write_all(bytes))
}

/// [`replace`] of what `fill` writes, as it writes it (see [`write_with`]).
///
/// # Errors
/// When `fill` fails, or the temporary file cannot be written or renamed; `path` is then as it
/// was.
pub fn replace_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    stage_with(path.to_path_buf(), None, fill)?.commit()
}

/// Writes `bytes` to a new file at `path` atomically: readers see no file or the whole of it,
/// and nothing already under that name (a file, a symbolic link) is replaced or followed.
///
/// # Errors
/// [`io::ErrorKind::AlreadyExists`] when something is at `path`; otherwise when the temporary
/// file cannot be written or linked into place. `path` is then as it was.
pub fn create_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let staged = stage_at(path.to_path_buf(), None, bytes)?;
    let dest = staged.dest;
    staged.temp.persist_noclobber(&dest).map_err(|e| e.error)?;
    if let Some(d) = dest.parent().and_then(|d| fs::File::open(d).ok()) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Writes `bytes` to a temporary file beside `dest` (with `permissions`, else private).
fn stage_at(
    dest: PathBuf,
    permissions: Option<fs::Permissions>,
    bytes: &[u8],
) -> io::Result<Staged> {
    stage_with(dest, permissions, |file| file.write_all(bytes))
}

/// Writes what `fill` writes to a temporary file beside `dest` (with `permissions`, else
/// private), through a buffer.
fn stage_with(
    dest: PathBuf,
    permissions: Option<fs::Permissions>,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<Staged> {
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
    {
        let mut buffered = io::BufWriter::with_capacity(1 << 16, temp.as_file_mut());
        fill(&mut buffered)?;
        buffered.flush()?;
    }
    if let Some(permissions) = permissions {
        temp.as_file().set_permissions(permissions)?;
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

#[cfg(test)]
mod tests {
    use std::os::unix::fs::symlink;

    use super::*;

    /// A report written as it is made reaches its file whole, or not at all: an output
    /// that fails half way leaves what was there, and no temporary file beside it.
    #[test]
    fn what_is_written_as_it_is_made_lands_whole_or_not_at_all() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("report.html");
        fs::write(&path, b"old").expect("old");
        let failed = write_with(&path, |sink| {
            sink.write_all(b"half of it")?;
            Err(io::Error::other("the report could not be made"))
        })
        .expect_err("failed");
        assert_eq!(failed.to_string(), "the report could not be made");
        assert_eq!(fs::read(&path).expect("kept"), b"old");
        let names: Vec<_> = fs::read_dir(dir.path())
            .expect("dir")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, ["report.html"]);
        write_with(&path, |sink| {
            sink.write_all(b"new, ")?;
            sink.write_all(b"in pieces")
        })
        .expect("written");
        assert_eq!(fs::read(&path).expect("new"), b"new, in pieces");
    }

    #[test]
    fn a_link_the_user_named_is_followed() {
        let dir = tempfile::tempdir().expect("dir");
        let target = dir.path().join("kept-elsewhere.json");
        fs::write(&target, b"old").expect("target");
        let link = dir.path().join("review.json");
        symlink(&target, &link).expect("link");
        write(&link, b"new").expect("written");
        assert_eq!(fs::read(&target).expect("target"), b"new");
        assert!(
            fs::symlink_metadata(&link)
                .expect("meta")
                .file_type()
                .is_symlink()
        );
    }

    #[test]
    fn a_new_file_never_replaces_or_follows_what_is_there() {
        let dir = tempfile::tempdir().expect("dir");
        let target = dir.path().join("victim.txt");
        fs::write(&target, b"precious").expect("target");
        let name = dir.path().join("page");
        symlink(&target, &name).expect("link");
        let err = create_new(&name, b"fetched").expect_err("refused");
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read(&target).expect("target"), b"precious");
        let fresh = dir.path().join("fresh");
        create_new(&fresh, b"fetched").expect("written");
        assert_eq!(fs::read(&fresh).expect("fresh"), b"fetched");
        let left: Vec<_> = fs::read_dir(dir.path()).expect("dir").collect();
        assert_eq!(left.len(), 3, "no temporary file left behind");
    }

    #[test]
    fn a_link_under_a_chosen_name_is_replaced_not_followed() {
        let dir = tempfile::tempdir().expect("dir");
        let target = dir.path().join("victim.txt");
        fs::write(&target, b"precious").expect("target");
        let name = dir.path().join("a--b.review.html");
        symlink(&target, &name).expect("link");
        replace(&name, b"<p>report</p>").expect("written");
        assert_eq!(fs::read(&target).expect("target"), b"precious");
        let meta = fs::symlink_metadata(&name).expect("meta");
        assert!(meta.is_file(), "the link itself was replaced");
        assert_eq!(fs::read(&name).expect("report"), b"<p>report</p>");
    }
}
