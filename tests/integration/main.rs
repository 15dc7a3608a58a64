//! Integration tests: one binary (linking is slow on two cores), one module per concern.

/// The pure core never names the terminal layer; reader modules never import each other.
mod architecture;
/// Each kind of bad input gets a correct document or a one-line error, exit 1, no panic.
mod bad_input;
/// The `align --format json` contract, checked with test-owned types against the files' bytes.
mod cli_contract;
/// The benchmark corpus generator, shared with the benches.
#[path = "../../benches/support/corpus.rs"]
mod corpus;
/// Numbers, quotations, names and sources compared on the sample pairs.
mod facts;
/// The README's `git difftool` recipe on a repository made for it.
mod git;
/// Reader keys the README promises that nothing else pressed: pages, m, u U, Ctrl-n Ctrl-p,
/// Tab, o.
mod keys;
/// Library mode: stories on the samples and generated folders, rank JSON, the picker.
mod library;
/// A web page's title, byline, date and site: read, shown in the title row, in the JSON.
mod metadata;
/// Long work: loading screen, cancellation, summary output, books-sized input.
mod progress;
/// Promises of the README and the help that nothing else checks.
mod promises;
/// The real binary in a pseudo-terminal (portable-pty + vt100).
mod pty;
/// Alignment quality floors on our gold and the public benchmark.
mod quality;
/// Reading as a user does: highlight layers, stepping from the screen, unsynced panes, the
/// status line.
mod reading;
/// Review stores, corrections, re-anchoring and reports.
mod review;
/// Loading the sample articles: furniture rules, headings.
mod samples;
/// Whole reader screens on a TestBackend (insta snapshots).
mod screens;
/// The plain-text side-by-side output.
mod text_output;
/// Articles by URL against a local HTTP server: errors, limits, charsets, the cache.
mod urls;
/// Shared helpers.
mod util;
