//! The picker: a library's stories with their articles and ranked pairs; pick two to compare.
//!
//! [`Picker`] is plain state (rows, cursor, first pick, filter, each pair's review progress)
//! changed by [`Picker::handle`]; drawing is `view::picker`. Navigation keys are the reader's
//! own (`keymap`), so a rebinding applies here too; `Enter` picks, the search key (`/`)
//! filters the list as one types.

use std::collections::HashMap;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;
use super::events::Input;
use super::keymap::Keymap;
use crate::library::{Article, Library};
use crate::review::open::Recorded;

/// One row of the picker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    /// A story's heading (its index in the ranking).
    Story(usize),
    /// The heading over the articles that share no story.
    Alone,
    /// An article.
    Article(usize),
    /// A ranked pair: its index into the ranking's pairs, and its two articles.
    Pair {
        /// Index into the ranking's pairs.
        index: usize,
        /// The first article (shown left).
        a: usize,
        /// The second article (shown right).
        b: usize,
    },
    /// Space between stories.
    Blank,
}

impl Row {
    /// Whether the cursor can rest on the row.
    pub fn selectable(self) -> bool {
        matches!(self, Row::Article(_) | Row::Pair { .. })
    }
}

/// What the user chose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Compare these two articles (left, right).
    Open(usize, usize),
    /// Leave.
    Quit,
}

/// The picker's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picker {
    /// The rows shown: stories first (best first), then the articles that share no story;
    /// with a filter, only what matches it, under its heading.
    pub rows: Vec<Row>,
    /// Every row, filter or not.
    all: Vec<Row>,
    /// For each of `all`, the lower-cased text a filter looks in (headlines, file names,
    /// sources; a pair's of both articles).
    texts: Vec<String>,
    /// The filter (words that must all be in a row's text).
    pub filter: String,
    /// Whether the filter is being typed.
    pub filtering: bool,
    /// Each pair's review progress where known, by its two articles (lower index first).
    pub progress: HashMap<(usize, usize), Recorded>,
    /// The row under the cursor (always a selectable one when there is any).
    pub cursor: usize,
    /// The first row shown.
    pub top: usize,
    /// An article picked as the left side, waiting for the right.
    pub first: Option<usize>,
    /// A one-line message for the status line.
    pub message: Option<String>,
    /// Whether the key list is shown.
    pub help: bool,
    /// Set when the user asks to suspend (Ctrl-Z); the loop clears it.
    pub suspend: bool,
}

impl Picker {
    /// The rows of `library`, the cursor on the best pair of the first story.
    pub fn new(library: &Library) -> Picker {
        let mut rows = Vec::new();
        let stories = &library.ranking.stories;
        for (s, story) in stories
            .iter()
            .enumerate()
            .filter(|(_, s)| s.articles.len() > 1)
        {
            rows.push(Row::Story(s));
            rows.extend(story.articles.iter().map(|&a| Row::Article(a)));
            let pairs = &library.ranking.pairs;
            rows.extend(story.pairs.iter().map(|&index| Row::Pair {
                index,
                a: pairs[index].a,
                b: pairs[index].b,
            }));
            rows.push(Row::Blank);
        }
        let alone: Vec<usize> = stories
            .iter()
            .filter(|s| s.articles.len() == 1)
            .map(|s| s.articles[0])
            .collect();
        if !alone.is_empty() {
            rows.push(Row::Alone);
            rows.extend(alone.into_iter().map(Row::Article));
        }
        let cursor = rows
            .iter()
            .position(|r| matches!(r, Row::Pair { .. }))
            .or_else(|| rows.iter().position(|r| r.selectable()))
            .unwrap_or(0);
        let text = |a: &Article| {
            let source = a.source.as_deref().unwrap_or_default();
            format!("{} {} {source}", a.headline, a.file_name()).to_lowercase()
        };
        let texts = rows
            .iter()
            .map(|row| match *row {
                Row::Article(a) => library.articles.get(a).map(text).unwrap_or_default(),
                Row::Pair { a, b, .. } => [a, b]
                    .iter()
                    .filter_map(|&i| library.articles.get(i).map(text))
                    .collect::<Vec<_>>()
                    .join(" "),
                _ => String::new(),
            })
            .collect();
        Picker {
            all: rows.clone(),
            texts,
            rows,
            filter: String::new(),
            filtering: false,
            progress: HashMap::new(),
            cursor,
            top: 0,
            first: None,
            message: None,
            help: false,
            suspend: false,
        }
    }

    /// Scrolls so the cursor is among the `height` rows shown.
    pub fn keep_in_view(&mut self, height: usize) {
        let height = height.max(1);
        if self.cursor < self.top {
            // Show the story heading above the first article too.
            self.top = self.cursor.saturating_sub(1);
        } else if self.cursor >= self.top + height {
            self.top = self.cursor + 1 - height;
        }
        self.top = self.top.min(self.rows.len().saturating_sub(height));
    }

    /// Reacts to one input; `height` is the number of rows shown (for paging).
    pub fn handle(&mut self, input: &Input, keymap: &Keymap, height: usize) -> Option<Outcome> {
        let key = match input {
            Input::Terminate => return Some(Outcome::Quit),
            Input::Key(k) => k,
            Input::Mouse(_) | Input::Resize => return None,
        };
        if self.help {
            // Any key closes the key list; quitting still quits.
            self.help = false;
            return (keymap.action_for(key) == Some(Action::Quit)).then_some(Outcome::Quit);
        }
        self.message = None;
        if self.filtering {
            return self.filter_key(key, keymap, height);
        }
        if key.code == KeyCode::Enter {
            return self.pick();
        }
        let page = height.max(2) - 1;
        match keymap.action_for(key)? {
            Action::ScrollDown => self.step(1),
            Action::ScrollUp => self.step(-1),
            Action::HalfPageDown => self.step((page / 2).max(1) as isize),
            Action::HalfPageUp => self.step(-((page / 2).max(1) as isize)),
            Action::PageDown => self.step(page as isize),
            Action::PageUp => self.step(-(page as isize)),
            Action::Top => self.step(-(self.rows.len() as isize)),
            Action::Bottom => self.step(self.rows.len() as isize),
            Action::Help => self.help = true,
            Action::Search => {
                self.filtering = true;
            }
            Action::Back if !self.filter.is_empty() => {
                self.filter.clear();
                self.refilter();
                self.message = Some("filter cleared".to_owned());
            }
            Action::Back if self.first.take().is_some() => {
                self.message = Some("pick cleared".to_owned());
            }
            Action::Quit => return Some(Outcome::Quit),
            Action::Suspend => self.suspend = true,
            _ => {}
        }
        None
    }

    /// A key while the filter is typed: characters narrow the list at once, `Backspace`
    /// widens it, `↓` `↑` move, `Enter` keeps the filter, `Esc` clears it.
    fn filter_key(&mut self, key: &KeyEvent, keymap: &Keymap, height: usize) -> Option<Outcome> {
        let typed = !key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        match key.code {
            KeyCode::Esc => {
                self.filtering = false;
                self.filter.clear();
                self.refilter();
                self.message = Some("filter cleared".to_owned());
            }
            KeyCode::Enter => self.filtering = false,
            KeyCode::Backspace => {
                self.filter.pop();
                self.refilter();
            }
            KeyCode::Down => self.step(1),
            KeyCode::Up => self.step(-1),
            KeyCode::PageDown => self.step(height.max(2) as isize - 1),
            KeyCode::PageUp => self.step(1 - height.max(2) as isize),
            KeyCode::Char(c) if typed => {
                self.filter.push(c);
                self.refilter();
            }
            _ => match keymap.action_for(key) {
                Some(Action::Quit) => return Some(Outcome::Quit),
                Some(Action::Suspend) => self.suspend = true,
                _ => {}
            },
        }
        None
    }

    /// Shows the rows that match the filter (each under its story's heading), keeping the
    /// cursor on its row when it is still shown.
    fn refilter(&mut self) {
        let under = self.rows.get(self.cursor).copied();
        let words: Vec<String> = self
            .filter
            .to_lowercase()
            .split_whitespace()
            .map(str::to_owned)
            .collect();
        if words.is_empty() {
            self.rows = self.all.clone();
        } else {
            let mut rows = Vec::new();
            let mut heading = None;
            let mut group: Vec<Row> = Vec::new();
            let mut flush = |heading: &mut Option<Row>, group: &mut Vec<Row>| {
                if !group.is_empty() {
                    rows.extend(heading.take());
                    rows.append(group);
                    rows.push(Row::Blank);
                }
            };
            for (row, text) in self.all.iter().zip(&self.texts) {
                match row {
                    Row::Story(_) | Row::Alone => {
                        flush(&mut heading, &mut group);
                        heading = Some(*row);
                    }
                    Row::Blank => {
                        flush(&mut heading, &mut group);
                        heading = None;
                    }
                    _ if words.iter().all(|w| text.contains(w.as_str())) => group.push(*row),
                    _ => {}
                }
            }
            flush(&mut heading, &mut group);
            if rows.last() == Some(&Row::Blank) {
                rows.pop();
            }
            self.rows = rows;
        }
        // As on opening: the best pair shown, else the first article.
        self.cursor = under
            .filter(|r| r.selectable())
            .and_then(|r| self.rows.iter().position(|x| *x == r))
            .or_else(|| self.rows.iter().position(|r| matches!(r, Row::Pair { .. })))
            .or_else(|| self.rows.iter().position(|r| r.selectable()))
            .unwrap_or(0);
        self.top = 0;
    }

    /// How many articles and pairs are shown.
    pub fn shown(&self) -> usize {
        self.rows.iter().filter(|r| r.selectable()).count()
    }

    /// Moves the cursor by `delta` selectable rows' worth of rows, landing on a selectable one.
    fn step(&mut self, delta: isize) {
        let selectable: Vec<usize> = (0..self.rows.len())
            .filter(|&i| self.rows[i].selectable())
            .collect();
        let Some(&last) = selectable.last() else {
            return;
        };
        let target = self.cursor.saturating_add_signed(delta).min(last);
        // The nearest selectable row in the direction of travel (or the far end).
        self.cursor = if delta >= 0 {
            selectable
                .iter()
                .copied()
                .find(|&i| i >= target)
                .unwrap_or(last)
        } else {
            selectable
                .iter()
                .copied()
                .rev()
                .find(|&i| i <= target)
                .unwrap_or(selectable[0])
        };
    }

    /// `Enter`: a pair opens; an article is picked as the left side, or opens with the one
    /// picked before.
    fn pick(&mut self) -> Option<Outcome> {
        match self.rows.get(self.cursor).copied()? {
            Row::Pair { a, b, .. } => {
                self.first = None;
                Some(Outcome::Open(a, b))
            }
            Row::Article(a) => match self.first {
                None => {
                    self.first = Some(a);
                    self.message = Some(
                        "picked as the left side; Enter on another article opens both, Esc clears"
                            .to_owned(),
                    );
                    None
                }
                Some(f) if f == a => {
                    self.first = None;
                    self.message = Some("pick cleared".to_owned());
                    None
                }
                Some(f) => {
                    self.first = None;
                    Some(Outcome::Open(f, a))
                }
            },
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use ratatui::crossterm::event::{KeyEvent, KeyModifiers};

    use super::*;
    use crate::library::RankOptions;
    use crate::load::{LoadOptions, load_bytes};

    fn library() -> Library {
        let doc = |name: &str, text: &str| {
            load_bytes(name, text.as_bytes(), &LoadOptions::default()).expect("doc")
        };
        let told = "The minister visited the harbour city of Wonsan on Saturday. He praised the \
            alliance between the two countries. Soldiers were sent to the front in numbers.";
        let retold = "On Saturday the minister came to Wonsan, a harbour city. He praised the \
            alliance of both countries. Soldiers were sent to the front in large numbers.";
        let other = "Bakers in the valley sell bread and cakes at the weekly market. Prices rose \
            after a poor harvest. The mayor promised help for the mills.";
        Library::new(
            vec![
                doc("a.txt", told),
                doc("b.txt", other),
                doc("c.txt", retold),
            ],
            &RankOptions::default(),
        )
    }

    fn key(code: KeyCode) -> Input {
        Input::Key(KeyEvent::new(code, KeyModifiers::NONE))
    }

    #[test]
    fn rows_hold_the_story_then_the_loners_and_the_cursor_starts_on_the_best_pair() {
        let p = Picker::new(&library());
        assert_eq!(
            p.rows,
            vec![
                Row::Story(0),
                Row::Article(0),
                Row::Article(2),
                Row::Pair {
                    index: 0,
                    a: 0,
                    b: 2
                },
                Row::Blank,
                Row::Alone,
                Row::Article(1),
            ]
        );
        assert_eq!(p.cursor, 3);
    }

    #[test]
    fn moving_skips_headings_and_enter_opens_a_pair_or_two_picked_articles() {
        let lib = library();
        let keys = Keymap::default();
        let mut p = Picker::new(&lib);
        assert_eq!(
            p.handle(&key(KeyCode::Enter), &keys, 10),
            Some(Outcome::Open(0, 2))
        );
        p.handle(&key(KeyCode::Down), &keys, 10);
        assert_eq!(
            p.rows[p.cursor],
            Row::Article(1),
            "blank and heading skipped"
        );
        p.handle(&key(KeyCode::Down), &keys, 10);
        assert_eq!(p.rows[p.cursor], Row::Article(1), "stays on the last row");
        assert_eq!(p.handle(&key(KeyCode::Enter), &keys, 10), None);
        assert_eq!(p.first, Some(1));
        p.handle(&key(KeyCode::Char('g')), &keys, 10);
        assert_eq!(p.rows[p.cursor], Row::Article(0));
        assert_eq!(
            p.handle(&key(KeyCode::Enter), &keys, 10),
            Some(Outcome::Open(1, 0))
        );
        assert_eq!(p.handle(&Input::Terminate, &keys, 10), Some(Outcome::Quit));
    }

    #[test]
    fn escape_clears_a_pick_and_the_cursor_stays_in_view() {
        let keys = Keymap::default();
        let mut p = Picker::new(&library());
        p.handle(&key(KeyCode::Up), &keys, 10);
        p.handle(&key(KeyCode::Enter), &keys, 10);
        assert!(p.first.is_some());
        p.handle(&key(KeyCode::Esc), &keys, 10);
        assert_eq!(p.first, None);
        p.handle(&key(KeyCode::End), &keys, 2);
        p.keep_in_view(2);
        assert!(p.cursor >= p.top && p.cursor < p.top + 2);
    }

    #[test]
    fn a_filter_keeps_what_matches_under_its_heading_and_esc_clears_it() {
        let keys = Keymap::default();
        let mut p = Picker::new(&library());
        let all = p.rows.clone();
        let typed = |p: &mut Picker, text: &str| {
            for c in text.chars() {
                p.handle(&key(KeyCode::Char(c)), &keys, 10);
            }
        };
        p.handle(&key(KeyCode::Char('/')), &keys, 10);
        // These articles have no headline: their file names stand in.
        typed(&mut p, "B.TXT");
        assert_eq!(p.rows, vec![Row::Alone, Row::Article(1)]);
        assert_eq!(p.rows[p.cursor], Row::Article(1));
        // Typed letters are the filter's, not keys: `q` does not quit, `j` does not move.
        typed(&mut p, " qj");
        assert!(p.rows.is_empty(), "{:?}", p.rows);
        for _ in 0..3 {
            p.handle(&key(KeyCode::Backspace), &keys, 10);
        }
        assert_eq!(p.shown(), 1);
        // An article and the pair it is in; the pair under the cursor.
        p.handle(&key(KeyCode::Esc), &keys, 10);
        assert_eq!(p.rows, all);
        p.handle(&key(KeyCode::Char('/')), &keys, 10);
        typed(&mut p, "c.txt");
        assert_eq!(p.rows[0], Row::Story(0));
        assert_eq!(p.shown(), 2);
        assert!(matches!(p.rows[p.cursor], Row::Pair { .. }));
        p.handle(&key(KeyCode::Enter), &keys, 10);
        assert!(
            !p.filtering && p.filter == "c.txt",
            "Enter keeps the filter"
        );
        assert_eq!(
            p.handle(&key(KeyCode::Enter), &keys, 10),
            Some(Outcome::Open(0, 2))
        );
        p.handle(&key(KeyCode::Esc), &keys, 10);
        assert_eq!(p.rows, all, "Esc clears a kept filter");
    }
}
