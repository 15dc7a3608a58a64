//! [`Config`]: the reader's configuration file: keys, view settings and colours.
//!
//! ```toml
//! [keys]                 # action name = key names (see super::keymap)
//! next_difference = ["n", "ctrl-j"]
//!
//! [view]
//! context = 2            # equal passages kept beside each difference with `d` (0–20)
//!
//! [words]
//! ignore = ["punctuation", "number_format"]   # left out of the word differences
//!
//! [theme]
//! base = "light"         # "dark" (the default) or "light"
//! removed = "magenta"    # any colour of the palette, by name, number or #rrggbb
//! ```
//!
//! Every table and key is optional; anything unknown is refused, so a typo is never silently
//! ignored, and nothing is half-applied.

use std::collections::BTreeMap;
use std::str::FromStr;

use ratatui::style::Color;
use serde::Deserialize;
use thiserror::Error;

use super::keymap::{Keymap, KeysError};
use super::theme::{Palette, Theme};
use crate::align::word_diff::Ignore;

/// Equal passages kept beside each difference when the rest fold, unless configured.
pub const DEFAULT_CONTEXT: usize = 1;
/// The most context the file or the keys can ask for (more is the whole text again).
pub const MAX_CONTEXT: usize = 20;

/// The reader's settings: defaults, with what a configuration file changes.
#[derive(Debug, Clone)]
pub struct Config {
    /// Keys.
    pub keymap: Keymap,
    /// Equal passages kept beside each difference with "differences only".
    pub context: usize,
    /// The colours (used only when the terminal shows colour).
    pub palette: Palette,
    /// What the word differences leave out.
    pub ignore: Ignore,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            keymap: Keymap::default(),
            context: DEFAULT_CONTEXT,
            palette: Palette::dark(),
            ignore: Ignore::default(),
        }
    }
}

/// A configuration file that could not be used.
#[derive(Debug, Error)]
pub enum ConfigError {
    /// Not TOML, or not the expected shape.
    #[error("{0}")]
    Syntax(String),
    /// A bad `[keys]` table.
    #[error(transparent)]
    Keys(#[from] KeysError),
    /// A context out of range.
    #[error("context {0} in [view] is more than {MAX_CONTEXT}")]
    Context(usize),
    /// Something the word differences cannot ignore.
    #[error("unknown \"{0}\" in [words] ignore (punctuation or number_format)")]
    Ignore(String),
    /// A theme base that does not exist.
    #[error("unknown theme base \"{0}\" (dark or light)")]
    Base(String),
    /// A colour that cannot be read.
    #[error("unknown colour \"{value}\" for {name} in [theme]")]
    Colour {
        /// The setting.
        name: &'static str,
        /// What it was given.
        value: String,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    #[serde(default)]
    keys: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    view: ViewFile,
    #[serde(default)]
    words: WordsFile,
    #[serde(default)]
    theme: ThemeFile,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct WordsFile {
    #[serde(default)]
    ignore: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct ViewFile {
    context: Option<usize>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct ThemeFile {
    base: Option<String>,
    removed: Option<String>,
    added: Option<String>,
    shared: Option<String>,
    unique: Option<String>,
    moved: Option<String>,
    fact: Option<String>,
    search: Option<String>,
    search_text: Option<String>,
    accent: Option<String>,
    gutter: Option<String>,
    viewport: Option<String>,
    reviewed: Option<String>,
    flagged: Option<String>,
}

impl Config {
    /// The settings of a configuration file's text.
    ///
    /// # Errors
    /// A [`ConfigError`] saying what is wrong.
    pub fn from_text(text: &str) -> Result<Config, ConfigError> {
        let file: ConfigFile =
            toml::from_str(text).map_err(|e| ConfigError::Syntax(e.message().to_owned()))?;
        let keymap = Keymap::with_overrides(&file.keys)?;
        let context = file.view.context.unwrap_or(DEFAULT_CONTEXT);
        if context > MAX_CONTEXT {
            return Err(ConfigError::Context(context));
        }
        let palette = palette(&file.theme)?;
        let mut ignore = Ignore::default();
        for what in &file.words.ignore {
            match what.as_str() {
                "punctuation" => ignore.punctuation = true,
                "number_format" => ignore.number_format = true,
                other => return Err(ConfigError::Ignore(other.to_owned())),
            }
        }
        Ok(Config {
            keymap,
            context,
            palette,
            ignore,
        })
    }

    /// The theme for a terminal with (`color`) or without colour.
    pub fn theme(&self, color: bool) -> Theme {
        Theme::with_palette(color, self.palette)
    }
}

fn palette(t: &ThemeFile) -> Result<Palette, ConfigError> {
    let mut p = match t.base.as_deref() {
        None | Some("dark") => Palette::dark(),
        Some("light") => Palette::light(),
        Some(other) => return Err(ConfigError::Base(other.to_owned())),
    };
    let slots: [(&'static str, &Option<String>, &mut Color); 13] = [
        ("removed", &t.removed, &mut p.removed),
        ("added", &t.added, &mut p.added),
        ("shared", &t.shared, &mut p.shared),
        ("unique", &t.unique, &mut p.unique),
        ("moved", &t.moved, &mut p.moved),
        ("fact", &t.fact, &mut p.fact),
        ("search", &t.search, &mut p.search),
        ("search_text", &t.search_text, &mut p.search_text),
        ("accent", &t.accent, &mut p.accent),
        ("gutter", &t.gutter, &mut p.gutter),
        ("viewport", &t.viewport, &mut p.viewport),
        ("reviewed", &t.reviewed, &mut p.reviewed),
        ("flagged", &t.flagged, &mut p.flagged),
    ];
    for (name, value, slot) in slots {
        if let Some(v) = value {
            *slot = Color::from_str(v).map_err(|_| ConfigError::Colour {
                name,
                value: v.clone(),
            })?;
        }
    }
    Ok(p)
}

#[cfg(test)]
mod tests {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    use super::*;
    use crate::ui::action::Action;

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn keys_rebind_and_take_keys_from_other_actions() {
        let map =
            Config::from_text("[keys]\nnext_difference = [\"ctrl-j\"]\nquit = [\"x\", \"n\"]\n")
                .expect("config")
                .keymap;
        assert_eq!(
            map.action_for(&press(KeyCode::Char('j'), KeyModifiers::CONTROL)),
            Some(Action::NextDifference)
        );
        assert_eq!(
            map.action_for(&press(KeyCode::Char('n'), KeyModifiers::NONE)),
            Some(Action::Quit)
        );
        assert_eq!(
            map.action_for(&press(KeyCode::Char('q'), KeyModifiers::NONE)),
            None
        );
        assert_eq!(map.keys_of(Action::PrevDifference), "N, [");
    }

    #[test]
    fn view_and_theme_settings_apply() {
        let c = Config::from_text(
            "[view]\ncontext = 3\n[theme]\nbase = \"light\"\nremoved = \"lightmagenta\"\n",
        )
        .expect("config");
        assert_eq!(c.context, 3);
        let w = Config::from_text("[words]\nignore = [\"number_format\"]\n").expect("words");
        assert!(w.ignore.number_format && !w.ignore.punctuation);
        assert_eq!(c.palette.removed, Color::LightMagenta);
        assert_eq!(c.palette.unique, Palette::light().unique);
        assert_ne!(Palette::light().viewport, Palette::dark().viewport);
        let d = Config::from_text("").expect("empty");
        assert_eq!(d.context, DEFAULT_CONTEXT);
        assert_eq!(d.palette, Palette::dark());
    }

    #[test]
    fn both_shipped_palettes_use_only_the_16_colours() {
        let sixteen = |c: Color| !matches!(c, Color::Rgb(..) | Color::Indexed(_) | Color::Reset);
        for p in [Palette::dark(), Palette::light()] {
            let all = [
                p.removed,
                p.added,
                p.shared,
                p.unique,
                p.moved,
                p.fact,
                p.search,
                p.search_text,
                p.accent,
                p.gutter,
                p.viewport,
                p.reviewed,
                p.flagged,
            ];
            assert!(all.into_iter().all(sixteen), "{p:?}");
        }
    }

    #[test]
    fn bad_configs_are_refused_with_a_reason() {
        let err = |t: &str| Config::from_text(t).expect_err("refused").to_string();
        assert!(err("[keys]\nfly = [\"f\"]").contains("unknown action \"fly\""));
        assert!(err("[keys]\nquit = [\"hyper-q\"]").contains("unknown key \"hyper-q\""));
        assert!(err("[keys]\nquit = [\"x\"]\nhelp = [\"x\"]").contains("given to both"));
        assert!(err("[view]\ncontext = 99").contains("more than 20"));
        assert!(err("[theme]\nbase = \"sepia\"").contains("unknown theme base \"sepia\""));
        assert!(err("[theme]\nmoved = \"mauve\"").contains("\"mauve\" for moved"));
        assert!(err("[view]\nfold = 1").contains("fold"));
        assert!(err("[words]\nignore = [\"case\"]").contains("unknown \"case\""));
        assert!(!err("[kees]\n").is_empty());
    }
}
