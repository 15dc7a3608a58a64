//! Helpers shared by the unit tests.

use proptest::test_runner::Config;

use crate::load::{Document, LoadOptions, load_bytes};

/// `text` loaded as a plain-text file (a `# ` line is a heading); the text must load.
pub fn doc(text: &str) -> Document {
    load_bytes("test.txt", text.as_bytes(), &LoadOptions::default()).expect("test text loads")
}

/// An output that takes `room` bytes, then fails like a closed pipe: what a streamed export
/// meets when the reader of a pipe goes away.
pub struct Closing {
    room: usize,
    /// What it took before it failed.
    pub taken: Vec<u8>,
}

impl Closing {
    /// An output that fails once `room` bytes are written.
    pub fn after(room: usize) -> Closing {
        Closing {
            room,
            taken: Vec::new(),
        }
    }
}

impl std::io::Write for Closing {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.room == 0 {
            return Err(std::io::ErrorKind::BrokenPipe.into());
        }
        let n = buf.len().min(self.room);
        self.room -= n;
        self.taken.extend_from_slice(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Property-test settings with `default` cases, unless `PROPTEST_CASES` sets the count.
///
/// `ProptestConfig::with_cases(n)` in code overrides the environment, so CI (or someone chasing
/// a rare failure) could not raise the count without editing the test; this keeps the default
/// for an everyday `cargo test` and lets `PROPTEST_CASES=10000 cargo test` mean what it says.
pub fn cases(default: u32) -> Config {
    Config::with_cases(from_env(
        std::env::var("PROPTEST_CASES").ok().as_deref(),
        default,
    ))
}

/// The count `PROPTEST_CASES` gives (`value`), else `default` (unset or not a number).
fn from_env(value: Option<&str>, default: u32) -> u32 {
    value.and_then(|v| v.trim().parse().ok()).unwrap_or(default)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_environment_sets_the_count_when_it_is_a_number() {
        assert_eq!(from_env(Some("5000"), 128), 5000);
        assert_eq!(from_env(Some(" 12 "), 128), 12);
        assert_eq!(from_env(None, 128), 128);
        assert_eq!(from_env(Some("many"), 128), 128);
    }
}
