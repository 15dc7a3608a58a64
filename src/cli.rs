//! The command line, as `clap` derive types; `main` maps it to the library.

use clap::{Args, Parser, Subcommand, ValueEnum};
use clap_complete::Shell;

/// Compare two articles side by side: which passages say the same thing, what each words
/// differently, what only one of them says.
#[derive(Debug, Parser)]
#[command(name = "diptych", version, about, long_about = None, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// What to do; without a command, compare LEFT and RIGHT (the bundled sample pair when
    /// neither is given), or pick from a folder or three or more articles.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// The left article (a path, a URL, or `-` for standard input), or a folder of articles
    /// to pick from (library mode).
    pub left: Option<String>,
    /// The right article.
    pub right: Option<String>,
    /// More articles: with three or more, library mode picks the pair.
    #[arg(value_name = "MORE")]
    pub more: Vec<String>,
    /// How to load the articles.
    #[command(flatten)]
    pub load: LoadArgs,
    /// Key bindings from this TOML file instead of the user's config file
    /// (`~/.config/diptych/config.toml` on Linux).
    #[arg(long, value_name = "FILE")]
    pub config: Option<String>,
    /// Where the review (statuses, notes, corrections) is kept.
    #[command(flatten)]
    pub review: ReviewArgs,
}

/// Where the reader keeps the review, and what to do when it cannot be read.
#[derive(Debug, Args, Clone)]
pub struct ReviewArgs {
    /// Keep the review in this file (default: one per pair of articles in the user's data
    /// directory, `~/.local/share/diptych/reviews/` on Linux).
    #[arg(long, value_name = "FILE")]
    pub review: Option<String>,
    /// Never save review changes (also opens when the review file cannot be read).
    #[arg(long)]
    pub read_only: bool,
    /// When the review file cannot be read, keep a copy of it beside it and start afresh.
    #[arg(long, conflicts_with = "read_only")]
    pub fresh_review: bool,
}

/// Options for loading articles, shared by every command.
#[derive(Debug, Args, Clone)]
pub struct LoadArgs {
    /// Keep page furniture (share buttons, agency tags, author bios) as article text.
    #[arg(long, global = true)]
    pub keep_furniture: bool,
    /// Refuse files and web pages larger than this many bytes (at most 1 GiB).
    #[arg(
        long,
        global = true,
        value_name = "BYTES",
        default_value_t = crate_default_max(),
        value_parser = clap::value_parser!(u64).range(1..=diptych::load::MAX_FILE_BYTES)
    )]
    pub max_size: u64,
    /// Read the articles as this format instead of detecting it from their content.
    #[arg(long, global = true, value_enum)]
    pub input_format: Option<InputFormat>,
    /// Fetch URLs again even when the cache has them (each fetch is kept).
    #[arg(long, global = true, conflicts_with = "offline")]
    pub refresh: bool,
    /// Take URLs from the cache only, never from the network.
    #[arg(long, global = true)]
    pub offline: bool,
    /// Compare a URL as it is now (fetched again, or the newest fetch with --offline) with an
    /// earlier fetch from the cache: PREVIOUS (the one before), or the newest at or before a
    /// UTC date (2026-03-01, 2026-03-01T14:30). Give one URL.
    #[arg(long, global = true, value_name = "PREVIOUS|DATE")]
    pub since: Option<String>,
    /// Give up fetching a URL after this many seconds (connecting alone: at most 10).
    #[arg(long, global = true, value_name = "SECONDS", default_value_t = 30.0, value_parser = parse_seconds)]
    pub timeout: f64,
}

fn crate_default_max() -> u64 {
    diptych::load::DEFAULT_MAX_BYTES
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Align two articles and print the result (JSON per the public contract, or text).
    Align {
        /// The left article (a path, a URL, or `-` for standard input).
        left: String,
        /// The right article (none with --since: the URL now).
        #[arg(required_unless_present = "since")]
        right: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = OutputFormat::Json)]
        format: OutputFormat,
        /// When to colour text output.
        #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
        color: ColorChoice,
        /// Width of text output in columns, 30 to 1000 (default: the terminal's, or $COLUMNS,
        /// or 120).
        #[arg(long, value_parser = clap::value_parser!(u16).range(30..=1000))]
        width: Option<u16>,
        /// Use this similarity floor instead of calibrating one for the pair (0 to 1).
        #[arg(long, value_parser = parse_unit)]
        threshold: Option<f32>,
    },
    /// Show how one article was loaded: its sentences with byte ranges, and what was set aside.
    Inspect {
        /// The article (a path, a URL, or `-` for standard input).
        file: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = InspectFormat::Text)]
        format: InspectFormat,
    },
    /// Write a review report: both titles, the counts, every passage side by side with the
    /// differences marked, review statuses and notes.
    Export {
        /// The left article (a path, a URL, or `-` for standard input).
        left: String,
        /// The right article (none with --since: the URL now).
        #[arg(required_unless_present = "since")]
        right: Option<String>,
        /// Report format.
        #[arg(long, value_enum, default_value_t = ReportFormat::Markdown)]
        format: ReportFormat,
        /// The review to report (default: the pair's review in the user's data directory).
        #[arg(long, value_name = "FILE")]
        review: Option<String>,
        /// Write the report to this file instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<String>,
        /// Name the articles and the review file by their full paths (default: by file name
        /// alone, so a report passed on does not tell where they are kept).
        #[arg(long)]
        full_paths: bool,
    },
    /// Group articles into stories and rank each story's pairs by how much content they share.
    Rank {
        /// A folder of articles, or the articles themselves (paths or URLs).
        #[arg(required = true, value_name = "DIR|FILE")]
        paths: Vec<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = RankFormat::Text)]
        format: RankFormat,
    },
    /// Print a shell completion script.
    Completions {
        /// The shell.
        shell: Shell,
    },
}

/// Output formats of `align`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum OutputFormat {
    /// The machine-readable contract (`docs/json.md`).
    Json,
    /// Side-by-side text.
    Text,
    /// One line of counts (changed, moved, one side only, equal): no word-level differences,
    /// so it is the quickest way to see how much two long texts share.
    Summary,
}

/// Output formats of `rank`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum RankFormat {
    /// Stories and ranked pairs for people.
    Text,
    /// For scripts (documented in `docs/library.md`).
    Json,
}

/// Formats of `export`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ReportFormat {
    /// Markdown, as code-hosting sites render it.
    Markdown,
    /// One self-contained HTML file.
    Html,
    /// The alignment contract with review fields.
    Json,
}

/// Output formats of `inspect`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum InspectFormat {
    /// A readable listing.
    Text,
    /// The loaded document as JSON.
    Json,
}

/// Input formats.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum InputFormat {
    /// Plain text.
    Plain,
    /// Markdown.
    Markdown,
    /// HTML.
    Html,
}

/// When to colour.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ColorChoice {
    /// When standard output is a terminal and `NO_COLOR` is not set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

fn parse_seconds(s: &str) -> Result<f64, String> {
    let v: f64 = s.parse().map_err(|_| format!("{s:?} is not a number"))?;
    if v > 0.0 && v <= 86_400.0 {
        Ok(v)
    } else {
        Err(format!("{v} is not between 0 and 86400 seconds"))
    }
}

fn parse_unit(s: &str) -> Result<f32, String> {
    let v: f32 = s.parse().map_err(|_| format!("{s:?} is not a number"))?;
    if (0.0..=1.0).contains(&v) {
        Ok(v)
    } else {
        Err(format!("{v} is not between 0 and 1"))
    }
}
