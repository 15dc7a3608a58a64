//! The `diptych` command: parses the command line, runs the library, reports errors in one line.

mod cli;
mod library_cmd;
mod sources;
mod work;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{CommandFactory, Parser};

use std::path::Path;

use cli::{
    Cli, ColorChoice, Command, InputFormat, InspectFormat, LoadArgs, OutputFormat, ReportFormat,
};
use diptych::align::{AlignOptions, align_with};
use diptych::export;
use diptych::export::WriteError;
use diptych::export::report::{Naming, Report};
use diptych::facts;
use diptych::fetch::history::Since;
use diptych::fetch::{CacheMode, FetchOptions};
use diptych::load::{self, Document, Format, LoadOptions};
use diptych::progress::{Cancelled, Progress, Stage};
use diptych::review::file::StoreError;
use diptych::review::open::{OnUnreadable, Opened, open};
use diptych::review::session::Session;
use diptych::ui;
use diptych::ui::config::Config;
use diptych::visible::visible;
use sources::Sources;

/// mimalloc rather than the system's allocator: glibc keeps memory a book's alignment has
/// freed (its trim threshold rises with every large block freed), so the JSON's stages took
/// fresh pages; with mimalloc the 10 MB pair's JSON peaks lower and steadier (325–355 MB
/// against 355–405 MB) and, being made of many small allocations, is written about 15 %
/// sooner. The `system-allocator` feature keeps the system's, for heap profilers that hook
/// `malloc`.
#[cfg(not(feature = "system-allocator"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Asks Linux for ordinary pages only, no transparent huge pages, for the whole process (and
/// what it starts: an editor opened from the reader). mimalloc asks for huge pages on its
/// arenas, and the kernel then zeroes 2 MB at every first touch of a region, used or not: on
/// the 10 MB pair that zeroing was 9 % of the JSON's CPU, and without it the JSON takes about
/// 6 % less time (docs/performance.md). Failing to ask changes nothing but speed.
fn small_pages() {
    #[cfg(target_os = "linux")]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
}

/// The bundled sample pair, so `diptych` alone works from any directory.
const SAMPLE_LEFT: (&str, &str) = (
    "articles/000_0e18cc93d0fa5faf.txt",
    include_str!("../articles/000_0e18cc93d0fa5faf.txt"),
);
const SAMPLE_RIGHT: (&str, &str) = (
    "articles/002_8d267fc03ac353e0.txt",
    include_str!("../articles/002_8d267fc03ac353e0.txt"),
);

fn main() -> ExitCode {
    small_pages();
    let cli = Cli::parse();
    // One article alone (not a folder) is a usage error, like a command missing an argument:
    // clap's message and usage, exit 2.
    if cli.command.is_none()
        && cli.right.is_none()
        && cli.load.since.is_none()
        && let Some(left) = &cli.left
        && !library_cmd::wanted(&cli)
    {
        Cli::command()
            .error(
                clap::error::ErrorKind::MissingRequiredArgument,
                format!(
                    "{}: one article alone; give two to compare, a folder of articles, or none \
                     for the bundled sample pair",
                    visible(left)
                ),
            )
            .exit();
    }
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) if err.is::<Cancelled>() => {
            diptych::visible::tell("cancelled");
            ExitCode::from(work::CANCELLED_STATUS)
        }
        Err(err) => {
            diptych::visible::tell(&format!("{err:#}"));
            ExitCode::from(1)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Whether `command` aligns articles, and so needs the sentence encoder.
fn aligns(command: &Option<Command>) -> bool {
    matches!(
        command,
        None | Some(Command::Align { .. }) | Some(Command::Export { .. })
    )
}

/// Opens the sentence encoder on a thread of its own, so that it is ready when the articles
/// are (it takes a few milliseconds, which the reader's first screen would otherwise wait for).
fn open_encoder_early() {
    // Without the thread, the encoder opens when it is first needed.
    let _ = std::thread::Builder::new()
        .name("encoder-open".to_owned())
        .spawn(|| diptych::align::meaning::encoder().is_some());
}

/// Says once, before any alignment, when the sentence encoder cannot be used: alignment then
/// goes on on words alone.
fn note_encoder_problem() {
    if let Some(problem) = diptych::align::meaning::encoder_problem() {
        diptych::visible::tell(&format!(
            "note: sentence encoder unavailable ({problem}); aligning on words alone"
        ));
    }
}

/// The articles the command line names (any of which may be a URL).
fn named_articles(cli: &Cli) -> Vec<&str> {
    match &cli.command {
        Some(Command::Align { left, right, .. } | Command::Export { left, right, .. }) => {
            std::iter::once(left.as_str())
                .chain(right.as_deref())
                .collect()
        }
        Some(Command::Inspect { file, .. }) => vec![file],
        Some(Command::Rank { paths, .. }) => paths.iter().map(String::as_str).collect(),
        Some(Command::Completions { .. }) => Vec::new(),
        None => cli
            .left
            .iter()
            .chain(&cli.right)
            .chain(&cli.more)
            .map(String::as_str)
            .collect(),
    }
}

fn fetch_options(args: &LoadArgs) -> FetchOptions {
    let timeout = std::time::Duration::from_secs_f64(args.timeout);
    FetchOptions {
        max_bytes: args.max_size,
        connect_timeout: timeout.min(diptych::fetch::CONNECT_TIMEOUT),
        timeout,
        mode: if args.offline {
            CacheMode::Offline
        } else if args.refresh {
            CacheMode::Refresh
        } else {
            CacheMode::Prefer
        },
    }
}

/// `--since`: the one URL the command line names becomes the pair (an earlier fetch of it on
/// the left, the page now on the right); the sources hold both pages.
fn since_pair(cli: &mut Cli, since: &str, options: LoadOptions) -> Result<Sources> {
    let since = Since::parse(since).map_err(|e| anyhow::anyhow!("--since: {e}"))?;
    let fetch_options = fetch_options(&cli.load);
    let one = "--since compares one URL with an earlier fetch of it: give the URL alone";
    let (left, right) = match &mut cli.command {
        None => {
            if !cli.more.is_empty() {
                bail!("{one}");
            }
            match &mut cli.left {
                Some(left) => (left, &mut cli.right),
                None => bail!("{one}"),
            }
        }
        Some(Command::Align { left, right, .. } | Command::Export { left, right, .. }) => {
            (left, right)
        }
        Some(_) => bail!("--since works with the reader, align and export"),
    };
    if right.is_some() {
        bail!("{one}");
    }
    if !diptych::fetch::is_url(left) {
        bail!(
            "{}: --since needs a URL (http:// or https://)",
            visible(left)
        );
    }
    let (sources, earlier) = Sources::since(options, &fetch_options, left, since)?;
    *right = Some(std::mem::replace(left, earlier));
    Ok(sources)
}

fn run(mut cli: Cli) -> Result<()> {
    let aligns = aligns(&cli.command);
    if aligns {
        open_encoder_early();
    }
    // The reader's config first: a bad one is reported before any page is fetched (read again
    // where it is used; it is small).
    if cli.command.is_none() && std::io::stdout().is_terminal() {
        load_config(cli.config.as_deref())?;
    }
    let sources = match cli.load.since.clone() {
        Some(since) => {
            let options = load_options(&cli.load);
            since_pair(&mut cli, &since, options)?
        }
        None => Sources::fetch(
            load_options(&cli.load),
            &fetch_options(&cli.load),
            named_articles(&cli),
        )?,
    };
    // The reader says it once its articles have loaded, while the encoder opened beside them.
    let reader =
        cli.command.is_none() && !library_cmd::wanted(&cli) && std::io::stdout().is_terminal();
    if aligns && !reader {
        note_encoder_problem();
    }
    match cli.command {
        Some(Command::Align {
            left,
            right,
            format,
            color,
            width,
            threshold,
        }) => {
            // Clap requires it unless --since, which has filled it in.
            let right = right.context("give two articles to compare")?;
            let align_options = AlignOptions {
                threshold,
                ..AlignOptions::default()
            };
            let width = width.map_or_else(output_width, usize::from);
            let color = use_color(color);
            // A book's JSON is tens of megabytes and its text can be hundreds: written as they
            // are made rather than held whole, except on a terminal, where the progress bar
            // shares the screen with them.
            let stream = !std::io::stdout().is_terminal();
            let out = work::with_progress(|progress| {
                let (l, r) = load_pair(&left, &right, &sources, progress)?;
                let align = || align_with(&l, &r, &align_options, progress);
                // The JSON's facts are read while the articles are aligned, on what the
                // alignment leaves of the cores.
                let (alignment, read) = match format {
                    OutputFormat::Json if stream => {
                        let (alignment, read) = facts::Reading::beside(&l, &r, progress, align)?;
                        (alignment, Some(read))
                    }
                    _ => (align()?, None),
                };
                // The JSON and the text report their own stages (facts, output; layout).
                Ok(match format {
                    OutputFormat::Json if stream => {
                        let stdout = std::io::stdout().lock();
                        streamed(export::json::write_json_with(
                            &l, &r, &alignment, read, progress, stdout,
                        ))?;
                        String::new()
                    }
                    OutputFormat::Json => export::json::to_json_with(&l, &r, &alignment, progress)?,
                    OutputFormat::Summary => {
                        progress.begin(Stage::Output, 0);
                        format!("{}\n", export::text::summary(&l, &r, &alignment))
                    }
                    OutputFormat::Text if stream => {
                        let stdout = std::io::stdout().lock();
                        streamed(export::text::write_text_with(
                            &l, &r, &alignment, width, color, progress, stdout,
                        ))?;
                        String::new()
                    }
                    OutputFormat::Text => {
                        export::text::render_with(&l, &r, &alignment, width, color, progress)?
                    }
                })
            })?;
            write_stdout(&out)
        }
        Some(Command::Export {
            left,
            right,
            format,
            review,
            output,
            full_paths,
        }) => {
            let right = right.context("give two articles to compare")?;
            let (l, r, engine) = work::with_progress(|progress| {
                let (l, r) = load_pair(&left, &right, &sources, progress)?;
                let engine = align_with(&l, &r, &AlignOptions::default(), progress)?;
                Ok((l, r, engine))
            })?;
            let opened = open_review(&l, &r, review.as_deref(), true, OnUnreadable::Stop)?;
            let naming = if full_paths {
                Naming::FullPaths
            } else {
                Naming::FileNames
            };
            let store_path = opened.path.display().to_string();
            let (session, alignment) = Session::new(opened, engine, &l, &r);
            let review = session.review();
            // A book's report is hundreds of megabytes: written as it is made, to a temporary
            // file renamed into place once whole, or to standard output.
            let write = |sink: &mut dyn Write| match format {
                ReportFormat::Markdown | ReportFormat::Html => {
                    let report = Report::new(&l, &r, &alignment, review, Some(&store_path), naming);
                    if format == ReportFormat::Html {
                        export::html::write(&report, sink)
                    } else {
                        export::markdown::write(&report, sink)
                    }
                }
                ReportFormat::Json => {
                    let store = naming.name(&store_path);
                    let json =
                        export::json::to_review_json(&l, &r, &alignment, review, Some(&store));
                    sink.write_all(json.as_bytes())
                }
            };
            match output {
                Some(path) => diptych::atomic::write_with(Path::new(&path), write)
                    .with_context(|| format!("{path}: cannot write the report")),
                None => {
                    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
                    write(&mut stdout)
                        .and_then(|()| stdout.flush())
                        .context("writing to standard output")
                }
            }
        }
        Some(Command::Inspect { file, format }) => {
            let doc = load_one(&file, &sources)?;
            let out = match format {
                InspectFormat::Json => export::json::to_safe_json(&doc),
                InspectFormat::Text => inspect_text(&doc),
            };
            write_stdout(&out)
        }
        Some(Command::Rank { paths, format }) => library_cmd::rank(&paths, format, &sources),
        Some(Command::Completions { shell }) => {
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "diptych", &mut out);
            std::io::stdout()
                .write_all(&out)
                .context("writing to standard output")
        }
        None if library_cmd::wanted(&cli) => library_cmd::pick(&cli, &sources),
        None => {
            // The config first: a bad one is reported before any work is done.
            let interactive = std::io::stdout().is_terminal();
            let config = if interactive {
                load_config(cli.config.as_deref())?
            } else {
                Config::default()
            };
            let pair = |progress: &Progress| match (&cli.left, &cli.right) {
                (Some(l), Some(r)) => {
                    let (mut l, mut r) = load_pair(l, r, &sources, progress)?;
                    // With --since both sides have one headline: say which fetch is which.
                    for doc in [&mut l, &mut r] {
                        if let Some(label) = sources.label(&doc.path) {
                            doc.title = Some(format!("{} ({label})", doc.display_title()));
                        }
                    }
                    Ok((l, r))
                }
                (None, None) => Ok((
                    load_bundled(SAMPLE_LEFT, &sources.options)?,
                    load_bundled(SAMPLE_RIGHT, &sources.options)?,
                )),
                // Ruled out in `main`, before any work.
                _ => bail!("give two articles to compare (or none, for the bundled sample pair)"),
            };
            if !interactive {
                // Not a terminal (a pipe, a file): print the same layout as text, as it is made.
                return work::with_progress(|progress| {
                    let (l, r) = pair(progress)?;
                    let engine = align_with(&l, &r, &AlignOptions::default(), progress)?;
                    let stdout = std::io::stdout().lock();
                    streamed(export::text::write_text_with(
                        &l,
                        &r,
                        &engine,
                        output_width(),
                        false,
                        progress,
                        stdout,
                    ))
                });
            }
            // Loading is quick next to aligning, which the reader's loading screen shows; here
            // a bad file is still reported on the plain terminal, before the reader takes it.
            // A book takes a second or two to load: the plain terminal shows a bar meanwhile
            // (never a blank screen); no signal set-up, which the reader does itself.
            let (l, r) = work::with_bar(pair)?;
            note_encoder_problem();
            let on_unreadable = if cli.review.fresh_review {
                OnUnreadable::Fresh
            } else if cli.review.read_only {
                OnUnreadable::ReadOnly
            } else {
                OnUnreadable::Stop
            };
            let opened = open_review(
                &l,
                &r,
                cli.review.review.as_deref(),
                cli.review.read_only,
                on_unreadable,
            )?;
            let color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
            ui::read(
                move |progress| {
                    let engine = align_with(&l, &r, &AlignOptions::default(), progress)?;
                    // Passages are the layout's first step: a book's take a moment, and the
                    // loading screen must not go on naming the engine's last stage.
                    progress.begin(Stage::Layout, 0);
                    let (session, alignment) = Session::new(opened, engine, &l, &r);
                    let cmp = ui::rows::Comparison::in_background(
                        std::sync::Arc::new(l),
                        std::sync::Arc::new(r),
                        alignment,
                        false,
                    );
                    Ok((cmp, session))
                },
                config,
                color,
            )
        }
    }
}

/// The folder of review stores in the user's data directory, when there is one.
fn reviews_dir() -> Option<std::path::PathBuf> {
    directories::ProjectDirs::from("", "", "diptych").map(|d| d.data_dir().join("reviews"))
}

/// The review store of a pair: the file named with `--review`, else the pair's store in the
/// user's data directory.
fn open_review(
    left: &Document,
    right: &Document,
    explicit: Option<&str>,
    read_only: bool,
    on_unreadable: OnUnreadable,
) -> Result<Opened> {
    let (data, refused) = match reviews_dir() {
        Some(d) => (d, None),
        // The store is the file named: no folder is looked in.
        None if explicit.is_some() => (std::env::temp_dir(), None),
        // Without a home directory there is no data directory: keep reviews in a folder of
        // our own in the temporary one, which other users can write to.
        None => {
            let temp = std::env::temp_dir();
            let dir = diptych::temp::private_dir(&temp, "diptych-reviews").with_context(|| {
                format!(
                    "{}: no home folder, and no private folder for reviews here (--review FILE names one)",
                    temp.display()
                )
            })?;
            (dir.path, dir.refused)
        }
    };
    let mut opened = open(
        left,
        right,
        explicit.map(Path::new),
        &data,
        read_only,
        on_unreadable,
    )
    .map_err(|e| {
        if matches!(e, StoreError::Invalid { .. } | StoreError::Version { .. }) {
            anyhow::anyhow!(
                "{e} (--read-only opens without it, --fresh-review starts a new one and keeps a copy)"
            )
        } else {
            anyhow::Error::new(e)
        }
    })?;
    if let Some(refused) = refused {
        // Told on the status line: in library mode the reader already holds the terminal.
        opened.notice = Some(match opened.notice.take() {
            Some(n) => format!("{refused}; {n}"),
            None => refused,
        });
    }
    Ok(opened)
}

/// The reader's settings: defaults, with what `--config FILE` or the user's config file says.
fn load_config(explicit: Option<&str>) -> Result<Config> {
    let path = match explicit {
        Some(p) => Some(std::path::PathBuf::from(p)),
        None => directories::ProjectDirs::from("", "", "diptych")
            .map(|d| d.config_dir().join("config.toml"))
            .filter(|p| p.exists()),
    };
    let Some(path) = path else {
        return Ok(Config::default());
    };
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("{shown}: cannot read the config file"))?;
    Config::from_text(&text).with_context(|| format!("{shown}: bad config"))
}

fn load_options(args: &LoadArgs) -> LoadOptions {
    LoadOptions {
        keep_furniture: args.keep_furniture,
        max_bytes: args.max_size,
        format: args.input_format.map(|f| match f {
            InputFormat::Plain => Format::Plain,
            InputFormat::Markdown => Format::Markdown,
            InputFormat::Html => Format::Html,
        }),
    }
}

fn load_pair(
    left: &str,
    right: &str,
    sources: &Sources,
    progress: &Progress,
) -> Result<(Document, Document)> {
    if left == "-" && right == "-" {
        bail!("standard input can be only one of the two articles");
    }
    // Each side adds its share to the total as it starts.
    progress.begin(Stage::Reading, 0);
    // Both files at once: loading is independent per side and takes a while on books.
    let (l, r) = diptych::parallel::join(
        || sources.load(left, progress),
        || sources.load(right, progress),
    );
    let (l, r) = (l?, r?);
    progress.check()?;
    report_notices(&l);
    report_notices(&r);
    Ok((l, r))
}

fn load_one(path: &str, sources: &Sources) -> Result<Document> {
    let doc = sources.load(path, &Progress::new())?;
    report_notices(&doc);
    Ok(doc)
}

fn load_bundled((name, text): (&str, &str), options: &LoadOptions) -> Result<Document> {
    let doc = load::load_bytes(name, text.as_bytes(), options)?;
    report_notices(&doc);
    Ok(doc)
}

fn report_notices(doc: &Document) {
    for n in &doc.notices {
        eprintln!("diptych: note: {}: {}", visible(&doc.path), n);
    }
}

fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

fn output_width() -> usize {
    if std::io::stdout().is_terminal()
        && let Ok((w, _)) = ratatui::crossterm::terminal::size()
    {
        return usize::from(w);
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse::<usize>().ok())
        .map_or(120, |c| c.clamp(30, 1000))
}

/// What writing an export to standard output came to, as the command's result.
fn streamed(written: Result<(), WriteError>) -> Result<()> {
    match written {
        Ok(()) => Ok(()),
        Err(WriteError::Cancelled(c)) => Err(c.into()),
        Err(WriteError::Io(e)) => Err(e).context("writing to standard output"),
    }
}

fn write_stdout(s: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(s.as_bytes())
        .and_then(|()| out.flush())
        .context("writing to standard output")
}

fn inspect_text(doc: &Document) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    let _ = writeln!(s, "{}", visible(&doc.path));
    let _ = writeln!(
        s,
        "  {} · {} · {} bytes · {} paragraphs · {} sentences · {} set aside",
        doc.format.name(),
        doc.encoding,
        doc.source_len,
        doc.paragraphs.len(),
        doc.sentences.len(),
        doc.furniture.len()
    );
    if let Some(t) = &doc.title {
        let _ = writeln!(s, "  title: {}", visible(t));
    }
    for (i, p) in doc.paragraphs.iter().enumerate() {
        let kind = match p.kind {
            load::ParagraphKind::Heading(level) => format!("heading {level}"),
            load::ParagraphKind::Text => "text".to_owned(),
        };
        let _ = writeln!(s, "\n¶{i} ({kind})");
        for k in p.sentences() {
            let sent = doc.sentences.at(k);
            let _ = writeln!(
                s,
                "  [{k}] {}..{}  {}",
                sent.span().start,
                sent.span().end,
                visible(sent.text)
            );
        }
    }
    if !doc.furniture.is_empty() {
        let _ = writeln!(s, "\nset aside as page furniture:");
        for f in &doc.furniture {
            let _ = writeln!(
                s,
                "  {}..{}  {:<20} {}",
                f.span.start,
                f.span.end,
                f.reason,
                visible(&f.text)
            );
        }
    }
    s
}
