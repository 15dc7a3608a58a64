//! The gold sets alignment quality is measured on, loaded as [`Case`]s.
//!
//! - `news`: our own gold for the sample pairs (`tests/gold`, in the project);
//! - `dev`, `test`: DEplain-web, German originals against plain-language rewrites;
//! - `xdev-a`, `xdev-b`, `xdev-c`: English news against its German translation, plain,
//!   trimmed and reordered, and unrelated (`cross-lingual-dev`).
//!
//! The public benchmarks stay outside the project, in the shared folder beside it
//! (`../shared/benchmarks`); [`BENCHMARKS_ENV`] points elsewhere.

use std::path::{Path, PathBuf};

use super::Gold;
use crate::load::{Document, LoadOptions, load};

/// Environment variable with the folder of the public benchmarks.
pub const BENCHMARKS_ENV: &str = "DIPTYCH_BENCHMARKS";

/// Every set [`load_set`] knows.
pub const SETS: [&str; 6] = ["news", "dev", "test", "xdev-a", "xdev-b", "xdev-c"];

/// One gold-aligned pair of documents.
#[derive(Debug)]
pub struct Case {
    /// A short name for reports (the gold file or pair folder).
    pub name: String,
    /// The gold alignment.
    pub gold: Gold,
    /// The left document.
    pub left: Document,
    /// The right document.
    pub right: Document,
}

/// The project's own folder.
pub fn project_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The folder of the public benchmarks: [`BENCHMARKS_ENV`], else `../shared/benchmarks` beside
/// the project.
pub fn benchmarks_root() -> PathBuf {
    match std::env::var_os(BENCHMARKS_ENV) {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => project_root().join("../shared/benchmarks"),
    }
}

/// Whether the public benchmarks are there to be read.
pub fn benchmarks_available() -> bool {
    benchmarks_root().join("deplain-web").is_dir()
}

/// The cases of set `name` (one of [`SETS`]), sorted by name.
///
/// # Errors
/// When the set is unknown, or a file of it cannot be read or parsed.
pub fn load_set(name: &str) -> anyhow::Result<Vec<Case>> {
    let root = benchmarks_root();
    let mut cases = match name {
        "news" => {
            let dir = project_root().join("tests/gold");
            gold_files(&dir, ".json")?
                .into_iter()
                .map(|f| {
                    let gold = read_gold(&f)?;
                    let l = project_root().join(gold.left_path.clone().unwrap_or_default());
                    let r = project_root().join(gold.right_path.clone().unwrap_or_default());
                    case(&f, gold, &l, &r)
                })
                .collect::<anyhow::Result<Vec<_>>>()?
        }
        "dev" | "test" => {
            let dir = root.join("deplain-web").join(name);
            let mut pairs: Vec<PathBuf> = std::fs::read_dir(&dir)
                .map_err(|e| anyhow::anyhow!("{}: {e}", dir.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_dir())
                .collect();
            pairs.sort();
            pairs
                .iter()
                .map(|p| {
                    let gold = read_gold(&p.join("gold.json"))?;
                    case(p, gold, &p.join("left.txt"), &p.join("right.txt"))
                })
                .collect::<anyhow::Result<Vec<_>>>()?
        }
        "xdev-a" | "xdev-b" | "xdev-c" => {
            let dir = root.join("cross-lingual-dev");
            let suffix = format!(".{}.json", &name[5..]);
            gold_files(&dir.join("gold"), &suffix)?
                .into_iter()
                .map(|f| {
                    let gold = read_gold(&f)?;
                    let l = dir
                        .join("pairs")
                        .join(gold.left_file.clone().unwrap_or_default());
                    let r = dir
                        .join("pairs")
                        .join(gold.right_file.clone().unwrap_or_default());
                    case(&f, gold, &l, &r)
                })
                .collect::<anyhow::Result<Vec<_>>>()?
        }
        other => anyhow::bail!("unknown set {other} (sets: {})", SETS.join(", ")),
    };
    cases.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(cases)
}

fn gold_files(dir: &Path, suffix: &str) -> anyhow::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| anyhow::anyhow!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(suffix))
        .collect();
    files.sort();
    Ok(files)
}

fn read_gold(path: &Path) -> anyhow::Result<Gold> {
    let text =
        std::fs::read_to_string(path).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}

fn case(named: &Path, gold: Gold, left: &Path, right: &Path) -> anyhow::Result<Case> {
    let opts = LoadOptions::default();
    let doc = |p: &Path| load(&p.to_string_lossy(), &opts).map_err(|e| anyhow::anyhow!("{e}"));
    let name = named
        .file_name()
        .map(|s| s.to_string_lossy().trim_end_matches(".json").to_string())
        .unwrap_or_default();
    Ok(Case {
        name,
        gold,
        left: doc(left)?,
        right: doc(right)?,
    })
}
