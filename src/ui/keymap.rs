//! [`Keymap`]: the one table from keys to [`Action`]s, with user overrides from the
//! configuration file ([`super::config`]).
//!
//! The help overlay and `docs/keys.md` are generated from this table, so they cannot drift.
//! The file's `[keys]` table rebinds actions:
//!
//! ```toml
//! [keys]
//! next_difference = ["n", "ctrl-j"]
//! quit = ["q", "ctrl-q"]
//! ```
//!
//! An action listed replaces its default keys; a key given to one action is taken from any
//! other. Key names: a character (`n`, `N`, `?`), or `ctrl-x`, `alt-x`, `up`, `down`, `left`,
//! `right`, `pageup`, `pagedown`, `home`, `end`, `tab`, `backtab`, `enter`, `esc`, `space`,
//! `backspace`, `delete`, `f1`…`f12`.

use std::collections::BTreeMap;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use thiserror::Error;

use super::action::Action;

/// A key with its modifiers, normalised (a shifted letter is its capital, without SHIFT).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    code: KeyCode,
    modifiers: KeyModifiers,
}

impl Key {
    /// The normalised key of a terminal key event.
    pub fn from_event(event: &KeyEvent) -> Key {
        let mut modifiers = event.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
        let code = match event.code {
            KeyCode::Char(c) if modifiers.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            KeyCode::BackTab => {
                modifiers.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            other => other,
        };
        Key { code, modifiers }
    }

    /// Parses a key name (see the module docs).
    ///
    /// # Errors
    /// The name, when it names no key.
    pub fn parse(name: &str) -> Result<Key, String> {
        let (modifiers, rest) = if let Some(r) = name.strip_prefix("ctrl-") {
            (KeyModifiers::CONTROL, r)
        } else if let Some(r) = name.strip_prefix("alt-") {
            (KeyModifiers::ALT, r)
        } else {
            (KeyModifiers::NONE, name)
        };
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => {
                let c = if modifiers.contains(KeyModifiers::CONTROL) {
                    c.to_ascii_lowercase()
                } else {
                    c
                };
                KeyCode::Char(c)
            }
            _ => match rest.to_ascii_lowercase().as_str() {
                "up" => KeyCode::Up,
                "down" => KeyCode::Down,
                "left" => KeyCode::Left,
                "right" => KeyCode::Right,
                "pageup" => KeyCode::PageUp,
                "pagedown" => KeyCode::PageDown,
                "home" => KeyCode::Home,
                "end" => KeyCode::End,
                "tab" => KeyCode::Tab,
                "backtab" => KeyCode::BackTab,
                "enter" => KeyCode::Enter,
                "esc" => KeyCode::Esc,
                "space" => KeyCode::Char(' '),
                "backspace" => KeyCode::Backspace,
                "delete" => KeyCode::Delete,
                f if f.starts_with('f') => match f[1..].parse::<u8>() {
                    Ok(n @ 1..=12) => KeyCode::F(n),
                    _ => return Err(name.to_owned()),
                },
                _ => return Err(name.to_owned()),
            },
        };
        Ok(Key { code, modifiers })
    }

    /// The key's name as the help shows it.
    pub fn name(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "space".to_owned(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Up => "↑".to_owned(),
            KeyCode::Down => "↓".to_owned(),
            KeyCode::Left => "←".to_owned(),
            KeyCode::Right => "→".to_owned(),
            KeyCode::PageUp => "PgUp".to_owned(),
            KeyCode::PageDown => "PgDn".to_owned(),
            KeyCode::Home => "Home".to_owned(),
            KeyCode::End => "End".to_owned(),
            KeyCode::Tab => "Tab".to_owned(),
            KeyCode::BackTab => "Shift-Tab".to_owned(),
            KeyCode::Enter => "Enter".to_owned(),
            KeyCode::Esc => "Esc".to_owned(),
            KeyCode::Backspace => "Backspace".to_owned(),
            KeyCode::Delete => "Delete".to_owned(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            format!("Ctrl-{base}")
        } else if self.modifiers.contains(KeyModifiers::ALT) {
            format!("Alt-{base}")
        } else {
            base
        }
    }
}

/// The default bindings: action and its keys.
const DEFAULTS: &[(Action, &[&str])] = &[
    (Action::ScrollDown, &["j", "down"]),
    (Action::ScrollUp, &["k", "up"]),
    (Action::HalfPageDown, &["ctrl-d"]),
    (Action::HalfPageUp, &["ctrl-u"]),
    (Action::PageDown, &["pagedown", "space"]),
    (Action::PageUp, &["pageup", "b"]),
    (Action::Top, &["g", "home"]),
    (Action::Bottom, &["G", "end"]),
    (Action::NextDifference, &["n", "]"]),
    (Action::PrevDifference, &["N", "["]),
    (Action::Counterpart, &["m"]),
    (Action::FocusOther, &["tab"]),
    (Action::ToggleSync, &["s"]),
    (Action::ToggleLayout, &["l"]),
    (Action::SwapSides, &["S"]),
    (Action::ToggleDifferencesOnly, &["d"]),
    (Action::MoreContext, &["+", "="]),
    (Action::LessContext, &["-"]),
    (Action::ToggleWords, &["w"]),
    (Action::CycleIgnore, &["i"]),
    (Action::ToggleFactMarks, &["h"]),
    (Action::ToggleSearchMarks, &["\\"]),
    (Action::Search, &["/"]),
    (Action::NextMatch, &["ctrl-n"]),
    (Action::PrevMatch, &["ctrl-p"]),
    (Action::Facts, &["F"]),
    (Action::ToggleFactSteps, &["t"]),
    (Action::MarkReviewed, &["x"]),
    (Action::ToggleFlag, &["f"]),
    (Action::EditNote, &["a"]),
    (Action::NextUnreviewed, &["u"]),
    (Action::PrevUnreviewed, &["U"]),
    (Action::CycleReviewFilter, &["r"]),
    (Action::LinkByHand, &["c"]),
    (Action::BreakLink, &["B"]),
    (Action::Notes, &["o"]),
    (Action::ExportReport, &["E"]),
    (Action::CopyPassage, &["y"]),
    (Action::OpenInEditor, &["e"]),
    (Action::NextLeftArticle, &["{"]),
    (Action::NextRightArticle, &["}"]),
    (Action::Picker, &["p"]),
    (Action::Help, &["?", "f1"]),
    (Action::Back, &["esc"]),
    (Action::Quit, &["q", "ctrl-c"]),
    (Action::Suspend, &["ctrl-z"]),
];

/// A `[keys]` table that could not be used.
#[derive(Debug, Error)]
pub enum KeysError {
    /// An action name that does not exist.
    #[error("unknown action \"{0}\" in [keys]")]
    UnknownAction(String),
    /// A key name that does not exist.
    #[error("unknown key \"{key}\" for {action}")]
    UnknownKey {
        /// The action it was given to.
        action: String,
        /// The key name.
        key: String,
    },
    /// The same key given to two actions.
    #[error("key \"{key}\" is given to both {first} and {second}")]
    Duplicate {
        /// The key.
        key: String,
        /// One action.
        first: String,
        /// The other.
        second: String,
    },
}

/// Keys to actions.
#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: Vec<(Action, Vec<Key>)>,
}

impl Default for Keymap {
    fn default() -> Self {
        let bindings = DEFAULTS
            .iter()
            .map(|(a, keys)| (*a, keys.iter().filter_map(|k| Key::parse(k).ok()).collect()))
            .collect();
        Keymap { bindings }
    }
}

impl Keymap {
    /// The default keymap with the overrides of a configuration file's `[keys]` table (action
    /// name to key names; see [`super::config`]).
    ///
    /// # Errors
    /// A [`KeysError`] saying what is wrong; nothing is half-applied.
    pub fn with_overrides(table: &BTreeMap<String, Vec<String>>) -> Result<Keymap, KeysError> {
        let mut map = Keymap::default();
        let mut claimed: BTreeMap<Key, Action> = BTreeMap::new();
        let mut overrides: Vec<(Action, Vec<Key>)> = Vec::new();
        for (name, keys) in table {
            let action =
                Action::from_name(name).ok_or_else(|| KeysError::UnknownAction(name.clone()))?;
            let mut parsed = Vec::new();
            for k in keys {
                let key = Key::parse(k).map_err(|key| KeysError::UnknownKey {
                    action: name.clone(),
                    key,
                })?;
                if let Some(other) = claimed.insert(key, action) {
                    return Err(KeysError::Duplicate {
                        key: k.clone(),
                        first: other.name().to_owned(),
                        second: name.clone(),
                    });
                }
                parsed.push(key);
            }
            overrides.push((action, parsed));
        }
        for (action, keys) in &mut map.bindings {
            if let Some((_, new)) = overrides.iter().find(|(a, _)| a == action) {
                keys.clone_from(new);
            } else {
                keys.retain(|k| !claimed.contains_key(k));
            }
        }
        Ok(map)
    }

    /// The action bound to a key event, if any.
    pub fn action_for(&self, event: &KeyEvent) -> Option<Action> {
        let key = Key::from_event(event);
        self.bindings
            .iter()
            .find(|(_, keys)| keys.contains(&key))
            .map(|(a, _)| *a)
    }

    /// The key names of `action`, joined for display ("n, ]").
    pub fn keys_of(&self, action: Action) -> String {
        self.bindings
            .iter()
            .find(|(a, _)| *a == action)
            .map(|(_, keys)| keys.iter().map(Key::name).collect::<Vec<_>>().join(", "))
            .unwrap_or_default()
    }

    /// (keys, description) for every action, in help order.
    pub fn help(&self) -> Vec<(String, &'static str)> {
        Action::ALL
            .iter()
            .map(|&a| (self.keys_of(a), a.description()))
            .collect()
    }

    /// The key list as a Markdown table (the content of `docs/keys.md`).
    pub fn markdown(&self) -> String {
        let mut s = String::from("| keys | action | config name |\n| --- | --- | --- |\n");
        for a in Action::ALL {
            s.push_str(&format!(
                "| {} | {} | `{}` |\n",
                self.keys_of(a).replace('|', "\\|"),
                a.description(),
                a.name()
            ));
        }
        s
    }
}

impl PartialOrd for Key {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Key {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (format!("{:?}", self.code), self.modifiers.bits())
            .cmp(&(format!("{:?}", other.code), other.modifiers.bits()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn no_key_is_bound_twice_by_default() {
        let map = Keymap::default();
        let mut seen = std::collections::HashSet::new();
        for (_, keys) in &map.bindings {
            for k in keys {
                assert!(seen.insert(*k), "{} bound twice", k.name());
            }
        }
        assert!(map.bindings.iter().all(|(_, k)| !k.is_empty()));
    }

    #[test]
    fn shifted_letters_and_control_keys_resolve() {
        let map = Keymap::default();
        assert_eq!(
            map.action_for(&press(KeyCode::Char('G'), KeyModifiers::SHIFT)),
            Some(Action::Bottom)
        );
        assert_eq!(
            map.action_for(&press(KeyCode::Char('d'), KeyModifiers::CONTROL)),
            Some(Action::HalfPageDown)
        );
        assert_eq!(
            map.action_for(&press(KeyCode::Char('n'), KeyModifiers::NONE)),
            Some(Action::NextDifference)
        );
    }

    #[test]
    fn docs_keys_md_matches_the_table() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/keys.md");
        let doc = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            doc.contains(&Keymap::default().markdown()),
            "docs/keys.md is out of date; its table must be:\n{}",
            Keymap::default().markdown()
        );
    }
}
