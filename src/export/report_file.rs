//! Where a report exported from the reader goes: a name diptych chooses, in the current
//! folder, else in the temporary directory.
//!
//! Neither place was named by the user, and the temporary directory is shared with every
//! local user, so a symbolic link found under the name is never followed: in the current
//! folder it is replaced ([`crate::atomic::replace_with`]), in the temporary directory the
//! report is a new file under a random variant of the name ([`crate::temp::new_file_with`]).

use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The report's file name: both articles' file stems, tamed to a portable name
/// (`LEFT--RIGHT.review.html`).
pub fn report_name(left: &str, right: &str) -> String {
    let stem = |p: &str| {
        let s: String = Path::new(p)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .filter(|s| !s.is_empty() && s != "-")
            .unwrap_or_else(|| "stdin".to_owned())
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .take(60)
            .collect();
        s
    };
    format!("{}--{}.review.html", stem(left), stem(right))
}

/// Writes the report, as `write` writes it, to `here/NAME` (`here`: the current folder,
/// when there is one), else to a new file `temp/STEM.RANDOM.html` (`temp`: the temporary
/// directory); returns where it went.
///
/// The report goes to its file as it is written, never held whole: a book's is gigabytes.
/// `write` is called again for the temporary directory when the current folder fails.
///
/// # Errors
/// When the temporary directory cannot be written either.
pub fn save(
    name: &str,
    write: impl Fn(&mut dyn Write) -> io::Result<()>,
    here: Option<&Path>,
    temp: &Path,
) -> io::Result<PathBuf> {
    if let Some(dir) = here {
        let path = dir.join(name);
        if crate::atomic::replace_with(&path, &write).is_ok() {
            return Ok(path);
        }
    }
    let stem = name.strip_suffix(".html").unwrap_or(name);
    crate::temp::new_file_with(temp, &format!("{stem}."), ".html", write)
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::os::unix::fs::{MetadataExt, symlink};

    use super::*;

    const NAME: &str = "000_a--002_b.review.html";

    /// Writes a report of a line.
    fn report(out: &mut dyn Write) -> io::Result<()> {
        out.write_all(b"<p>report</p>")
    }

    /// A file of someone else's that a planted link points to.
    fn victim(dir: &Path) -> PathBuf {
        let target = dir.join("victim.txt");
        fs::write(&target, b"precious").expect("victim");
        target
    }

    #[test]
    fn names_come_from_both_stems_tamed() {
        assert_eq!(
            report_name("articles/000_a.txt", "/x/y/002 b?.md"),
            "000_a--002_b_.review.html"
        );
        assert_eq!(report_name("-", ""), "stdin--stdin.review.html");
    }

    #[test]
    fn a_report_that_fails_half_written_leaves_no_file_anywhere() {
        let here = tempfile::tempdir().expect("here");
        let temp = tempfile::tempdir().expect("temp");
        let failing = |out: &mut dyn Write| {
            out.write_all(&[b'x'; 100_000])?;
            Err(io::Error::other("the disk is full"))
        };
        let saved = save(NAME, failing, Some(here.path()), temp.path());
        assert!(saved.is_err());
        for dir in [here.path(), temp.path()] {
            let left: Vec<_> = fs::read_dir(dir).expect("dir").collect();
            assert!(left.is_empty(), "{}: {left:?}", dir.display());
        }
    }

    #[test]
    fn in_the_current_folder_a_planted_link_is_replaced_not_followed() {
        let here = tempfile::tempdir().expect("here");
        let temp = tempfile::tempdir().expect("temp");
        let target = victim(temp.path());
        symlink(&target, here.path().join(NAME)).expect("link");
        let path = save(NAME, report, Some(here.path()), temp.path()).expect("saved");
        assert_eq!(path, here.path().join(NAME));
        assert_eq!(fs::read(&target).expect("victim"), b"precious");
        assert!(fs::symlink_metadata(&path).expect("meta").is_file());
        assert_eq!(fs::read(&path).expect("report"), b"<p>report</p>");
    }

    #[test]
    fn when_the_current_folder_cannot_be_written_a_planted_link_in_temp_is_left_alone() {
        let temp = tempfile::tempdir().expect("temp");
        let target = victim(temp.path());
        // The name a report would have taken in the temporary directory before.
        symlink(&target, temp.path().join(NAME)).expect("link");
        // A "folder" that is a file: no one, not even root, can write in it.
        let unwritable = temp.path().join("victim.txt");
        for here in [Some(unwritable.as_path()), None] {
            let path = save(NAME, report, here, temp.path()).expect("saved");
            assert_eq!(fs::read(&target).expect("victim"), b"precious");
            assert_eq!(path.parent(), Some(temp.path()), "{}", path.display());
            let name = path
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned();
            assert!(
                name.starts_with("000_a--002_b.review.") && name.ends_with(".html"),
                "{name}"
            );
            let meta = fs::symlink_metadata(&path).expect("meta");
            assert!(meta.is_file(), "a new file, not the link");
            assert_eq!(meta.mode() & 0o077, 0, "closed to other users");
            assert_eq!(fs::read(&path).expect("report"), b"<p>report</p>");
        }
    }
}
