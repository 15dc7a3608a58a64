//! The gold sets alignment quality is measured on, loaded as [`Case`]s.
//!
//! - `news`: our own gold for the sample pairs (`tests/gold`, in the project);
//! - `dev`, `test`: DEplain-web, German originals against plain-language rewrites;
//! - `xdev-a`, `xdev-b`, `xdev-c`: English news against its German translation, plain,
//!   trimmed and reordered, and unrelated (`cross-lingual-dev`).
//!
//! The public benchmarks stay outside the project, in the shared folder beside it
//! (`../shared/benchmarks`); [`BENCHMARKS_ENV`] points elsewhere.
//!
//! [`joined`] makes one long pair of a set's cases, which is aligned as a book is.

use std::path::{Path, PathBuf};

use super::{Gold, Group, Unit};
use crate::load::{Document, LoadOptions, load, load_bytes};

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

/// The cases of a set joined into one long pair named `name`: their files one after another,
/// a blank line between two, and their gold shifted to match.
///
/// The benchmarks' pairs are articles; joined, they are long enough to be aligned as a book is
/// (candidates from an index, meaning only in the gaps), with real text and real gold.
///
/// # Errors
/// When a file of a case cannot be read again, or the joined text cannot be loaded.
pub fn joined(name: &str, cases: &[Case]) -> anyhow::Result<Case> {
    let read =
        |doc: &Document| std::fs::read(&doc.path).map_err(|e| anyhow::anyhow!("{}: {e}", doc.path));
    let (mut left, mut right) = (Vec::new(), Vec::new());
    let mut gold = Gold {
        left: Vec::new(),
        right: Vec::new(),
        sure: Vec::new(),
        possible: Vec::new(),
        ignore_left: Vec::new(),
        ignore_right: Vec::new(),
        groups: Vec::new(),
        left_path: None,
        right_path: None,
        left_file: None,
        right_file: None,
    };
    for case in cases {
        for text in [&mut left, &mut right] {
            if !text.is_empty() {
                text.extend_from_slice(b"\n\n");
            }
        }
        // Where this case's bytes and units begin in the joined pair.
        let (at_l, at_r) = (left.len(), right.len());
        let (from_l, from_r) = (gold.left.len(), gold.right.len());
        left.extend(read(&case.left)?);
        right.extend(read(&case.right)?);
        let shift = |units: &[Unit], at: usize, from: usize| -> Vec<Unit> {
            units
                .iter()
                .map(|u| Unit {
                    id: u.id + from,
                    start: u.start + at,
                    end: u.end + at,
                })
                .collect()
        };
        let g = &case.gold;
        gold.left.extend(shift(&g.left, at_l, from_l));
        gold.right.extend(shift(&g.right, at_r, from_r));
        let pair = |&(a, b): &(usize, usize)| (a + from_l, b + from_r);
        gold.sure.extend(g.sure.iter().map(pair));
        gold.possible.extend(g.possible.iter().map(pair));
        gold.ignore_left
            .extend(g.ignore_left.iter().map(|a| a + from_l));
        gold.ignore_right
            .extend(g.ignore_right.iter().map(|b| b + from_r));
        gold.groups.extend(g.groups.iter().map(|group| Group {
            left: group.left.iter().map(|a| a + from_l).collect(),
            right: group.right.iter().map(|b| b + from_r).collect(),
            label: group.label.clone(),
        }));
    }
    let opts = LoadOptions::default();
    let doc = |side: &str, bytes: &[u8]| {
        load_bytes(&format!("{name}.{side}"), bytes, &opts).map_err(|e| anyhow::anyhow!("{e}"))
    };
    Ok(Case {
        name: name.to_owned(),
        gold,
        left: doc("left", &left)?,
        right: doc("right", &right)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A case of two files written into `dir`, with a unit per sentence (`.`-ended, one
    /// space between two) and the sentences linked in order.
    fn case(dir: &Path, name: &str, left: &str, right: &str) -> Case {
        let units = |text: &str| -> Vec<Unit> {
            let mut start = 0;
            let mut out = Vec::new();
            for (id, sentence) in text.split_inclusive(". ").enumerate() {
                let end = start + sentence.trim_end().len();
                out.push(Unit { id, start, end });
                start += sentence.len();
            }
            out
        };
        let (l, r) = (units(left), units(right));
        let gold = Gold {
            sure: (0..l.len().min(r.len())).map(|k| (k, k)).collect(),
            possible: vec![(0, 1)],
            ignore_left: vec![1],
            ignore_right: Vec::new(),
            groups: vec![Group {
                left: vec![0],
                right: vec![0],
                label: "identical".into(),
            }],
            left: l,
            right: r,
            left_path: None,
            right_path: None,
            left_file: None,
            right_file: None,
        };
        let doc = |side: &str, text: &str| {
            let path = dir.join(format!("{name}.{side}.txt"));
            std::fs::write(&path, text).expect("written");
            load(&path.to_string_lossy(), &LoadOptions::default()).expect("loads")
        };
        Case {
            name: name.into(),
            gold,
            left: doc("left", left),
            right: doc("right", right),
        }
    }

    /// A joined pair is only worth its gold if every unit still names the same words and
    /// every link, ignored unit and group the same units.
    #[test]
    fn a_joined_pair_s_gold_names_the_same_text_as_each_case_s() {
        let dir = tempfile::tempdir().expect("dir");
        let cases = [
            case(
                dir.path(),
                "a",
                "Alpha came. Bravo went.",
                "Alpha came. Bravo left.",
            ),
            case(
                dir.path(),
                "b",
                "Charlie stayed. Delta ran. Echo hid.",
                "Charlie stayed.",
            ),
        ];
        let joined = joined("both", &cases).expect("joined");
        let text = |doc: &Document| std::fs::read(&doc.path).unwrap_or_default();
        let joined_text = |side: &str| {
            let mut all = Vec::new();
            for (k, c) in cases.iter().enumerate() {
                if k > 0 {
                    all.extend_from_slice(b"\n\n");
                }
                all.extend(text(if side == "left" { &c.left } else { &c.right }));
            }
            all
        };
        let (jl, jr) = (joined_text("left"), joined_text("right"));
        let words =
            |bytes: &[u8], u: &Unit| String::from_utf8_lossy(&bytes[u.start..u.end]).into_owned();
        // Every case's left units, then every case's right units.
        let mut expected = Vec::new();
        for c in &cases {
            expected.extend(c.gold.left.iter().map(|u| words(&text(&c.left), u)));
        }
        for c in &cases {
            expected.extend(c.gold.right.iter().map(|u| words(&text(&c.right), u)));
        }
        let mut got: Vec<String> = joined.gold.left.iter().map(|u| words(&jl, u)).collect();
        got.extend(joined.gold.right.iter().map(|u| words(&jr, u)));
        assert_eq!(got, expected);
        assert_eq!(got[2], "Charlie stayed.");
        // Units are numbered on; links, ignored units and groups follow them.
        let ids: Vec<usize> = joined.gold.left.iter().map(|u| u.id).collect();
        assert_eq!(ids, [0, 1, 2, 3, 4]);
        assert_eq!(joined.gold.sure, [(0, 0), (1, 1), (2, 2)]);
        assert_eq!(joined.gold.possible, [(0, 1), (2, 3)]);
        assert_eq!(joined.gold.ignore_left, [1, 3]);
        let groups: Vec<_> = joined
            .gold
            .groups
            .iter()
            .map(|g| (g.left.clone(), g.right.clone()))
            .collect();
        assert_eq!(groups, [(vec![0], vec![0]), (vec![2], vec![2])]);
        // The joined documents are the joined files, sentence for sentence.
        assert_eq!(
            joined.left.sentences.len(),
            cases.iter().map(|c| c.left.sentences.len()).sum::<usize>()
        );
        assert_eq!(joined.left.sentences.at(2).text, "Charlie stayed.");
    }
}
