//! Files in a directory that other local users can write to, such as the system's temporary
//! directory.
//!
//! There, any name diptych could predict, another user can predict too, and plant a symbolic
//! link under it first: writing through it would overwrite whatever file the link points to,
//! with our permissions. So nothing here opens an existing name: a new file gets a random name
//! and is created exclusively (`O_EXCL`, which never follows a link), and a folder of our own
//! is used only once it is known to be a real folder, ours, and closed to others (as tmux
//! checks its socket folder). Paths the user named go through [`crate::atomic`] instead, which
//! follows links as the user would expect.

use std::fs;
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// Writes `bytes` to a new file in `dir` named `prefix`, random characters, then `suffix`;
/// returns its path.
///
/// The file is created exclusively, readable and writable by its owner only, and flushed to
/// disk; a file or link already under a name is never opened (another name is drawn).
///
/// # Errors
/// When no file can be created in `dir` or written.
pub fn new_file(dir: &Path, prefix: &str, suffix: &str, bytes: &[u8]) -> io::Result<PathBuf> {
    new_file_with(dir, prefix, suffix, |file| file.write_all(bytes))
}

/// [`new_file`] of what `fill` writes, as it writes it, through a buffer: a report too large
/// to hold whole. When `fill` fails, the file is removed.
///
/// # Errors
/// When no file can be created in `dir`, or `fill` or writing fails.
pub fn new_file_with(
    dir: &Path,
    prefix: &str,
    suffix: &str,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<PathBuf> {
    let mut file = tempfile::Builder::new()
        .prefix(prefix)
        .suffix(suffix)
        .rand_bytes(8)
        .tempfile_in(dir)?;
    {
        let mut buffered = io::BufWriter::with_capacity(1 << 16, file.as_file_mut());
        fill(&mut buffered)?;
        buffered.flush()?;
    }
    file.as_file().sync_all()?;
    let (_, path) = file.keep().map_err(|e| e.error)?;
    Ok(path)
}

/// A folder of this user's in a shared directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrivateDir {
    /// The folder: a real folder, owned by this user, closed to everyone else.
    pub path: PathBuf,
    /// Why the usual folder was not used (it is a link, another user's, open to others), for
    /// the user: the folder in `path` is then a new one under a random name.
    pub refused: Option<String>,
}

/// The folder `NAME-UID` in `parent` (UID: this user's id), created closed to others if it
/// is missing; when what is there is not a folder of this user's closed to others, a new
/// folder under a random name instead (and why, in [`PrivateDir::refused`]).
///
/// # Errors
/// When no folder can be created in `parent`.
pub fn private_dir(parent: &Path, name: &str) -> io::Result<PrivateDir> {
    private_dir_of(parent, name, rustix::process::getuid().as_raw())
}

/// [`private_dir`] for the user `uid` (tests pass another user's id to see a folder refused).
fn private_dir_of(parent: &Path, name: &str, uid: u32) -> io::Result<PrivateDir> {
    let usual = parent.join(format!("{name}-{uid}"));
    match fs::DirBuilder::new().mode(0o700).create(&usual) {
        Ok(()) => {
            return Ok(PrivateDir {
                path: usual,
                refused: None,
            });
        }
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(e),
    }
    // `symlink_metadata`: the name itself, never what a link there points to.
    let meta = fs::symlink_metadata(&usual)?;
    let problem = if meta.file_type().is_symlink() {
        Some("is a symbolic link")
    } else if !meta.is_dir() {
        Some("is not a folder")
    } else if meta.uid() != uid {
        Some("belongs to another user")
    } else if meta.mode() & 0o077 != 0 {
        Some("is open to other users")
    } else {
        None
    };
    let Some(problem) = problem else {
        return Ok(PrivateDir {
            path: usual,
            refused: None,
        });
    };
    let fresh = tempfile::Builder::new()
        .prefix(&format!("{name}-{uid}-"))
        .permissions(fs::Permissions::from_mode(0o700))
        .tempdir_in(parent)?
        .keep();
    let refused = format!(
        "{} {problem}: using {} instead",
        usual.display(),
        fresh.display()
    );
    Ok(PrivateDir {
        path: fresh,
        refused: Some(refused),
    })
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::symlink;

    use super::*;

    fn uid() -> u32 {
        rustix::process::getuid().as_raw()
    }

    /// A file another user could have planted a link to: it must keep its bytes.
    fn victim(dir: &Path) -> PathBuf {
        let target = dir.join("victim.txt");
        fs::write(&target, b"precious").expect("victim");
        target
    }

    #[test]
    fn a_new_file_never_opens_a_planted_link_and_is_private() {
        let shared = tempfile::tempdir().expect("dir");
        let target = victim(shared.path());
        // Links under every name the file could take are out of reach (random names), so
        // plant one under the prefix and suffix alone, which a careless writer would use.
        symlink(&target, shared.path().join("report.html")).expect("link");
        let path = new_file(shared.path(), "report", ".html", b"<p>new</p>").expect("written");
        assert_eq!(fs::read(&target).expect("victim"), b"precious");
        assert_ne!(path, shared.path().join("report.html"));
        assert_eq!(path.parent(), Some(shared.path()));
        let meta = fs::symlink_metadata(&path).expect("meta");
        assert!(meta.is_file(), "a file of its own, not a link");
        assert_eq!(meta.mode() & 0o777, 0o600, "closed to other users");
        assert_eq!(fs::read(&path).expect("read"), b"<p>new</p>");
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        assert!(
            name.starts_with("report") && name.ends_with(".html"),
            "{name}"
        );
    }

    #[test]
    fn the_private_folder_is_made_closed_to_others_and_found_again() {
        let shared = tempfile::tempdir().expect("dir");
        let first = private_dir(shared.path(), "diptych-reviews").expect("made");
        assert_eq!(
            first.path,
            shared.path().join(format!("diptych-reviews-{}", uid()))
        );
        assert_eq!(first.refused, None);
        let meta = fs::symlink_metadata(&first.path).expect("meta");
        assert!(meta.is_dir());
        assert_eq!(meta.mode() & 0o777, 0o700);
        let again = private_dir(shared.path(), "diptych-reviews").expect("found");
        assert_eq!(again, first, "the same folder next time");
    }

    #[test]
    fn a_planted_link_in_place_of_the_private_folder_is_refused() {
        let shared = tempfile::tempdir().expect("dir");
        let elsewhere = tempfile::tempdir().expect("attacker's folder");
        let usual = shared.path().join(format!("diptych-reviews-{}", uid()));
        symlink(elsewhere.path(), &usual).expect("link");
        let dir = private_dir(shared.path(), "diptych-reviews").expect("a folder");
        assert_ne!(dir.path, usual);
        assert!(
            dir.refused
                .as_deref()
                .is_some_and(|r| r.contains("symbolic link") && r.contains("instead")),
            "{:?}",
            dir.refused
        );
        let meta = fs::symlink_metadata(&dir.path).expect("meta");
        assert!(meta.is_dir() && !meta.file_type().is_symlink());
        assert_eq!(meta.mode() & 0o777, 0o700);
        assert_eq!(meta.uid(), uid());
        assert_eq!(
            fs::read_dir(elsewhere.path()).expect("list").count(),
            0,
            "nothing went into the planted folder"
        );
    }

    #[test]
    fn another_users_or_an_open_folder_is_refused() {
        let shared = tempfile::tempdir().expect("dir");
        // A folder made by someone else: seen from a user id that is not its owner's.
        let stranger = uid().wrapping_add(1);
        fs::create_dir(shared.path().join(format!("reviews-{stranger}"))).expect("dir");
        let dir = private_dir_of(shared.path(), "reviews", stranger).expect("a folder");
        assert!(
            dir.refused
                .as_deref()
                .is_some_and(|r| r.contains("another user")),
            "{:?}",
            dir.refused
        );
        // Ours, but others may write in it (and may have already).
        let open = shared.path().join(format!("open-{}", uid()));
        fs::create_dir(&open).expect("dir");
        fs::set_permissions(&open, fs::Permissions::from_mode(0o777)).expect("chmod");
        let dir = private_dir(shared.path(), "open").expect("a folder");
        assert_ne!(dir.path, open);
        assert!(
            dir.refused
                .as_deref()
                .is_some_and(|r| r.contains("open to other users")),
            "{:?}",
            dir.refused
        );
    }

    #[test]
    fn a_file_in_place_of_the_private_folder_is_refused() {
        let shared = tempfile::tempdir().expect("dir");
        let usual = shared.path().join(format!("reviews-{}", uid()));
        fs::write(&usual, b"not a folder").expect("file");
        let dir = private_dir(shared.path(), "reviews").expect("a folder");
        assert_ne!(dir.path, usual);
        assert!(dir.path.is_dir());
        assert_eq!(fs::read(&usual).expect("file"), b"not a folder");
    }
}
