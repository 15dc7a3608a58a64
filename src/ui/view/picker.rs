//! Drawing the picker: a title line, the rows (stories, articles, ranked pairs), a status line,
//! and the key list on `?`. Every text from an article goes through `visible`.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::widgets::{Block, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use crate::library::{Article, Library};
use crate::review::open::Recorded;
use crate::ui::keymap::Keymap;
use crate::ui::picker::{Picker, Row};
use crate::ui::theme::Theme;
use crate::visible::visible;

/// Everything the picker is drawn from, borrowed.
pub struct PickerView<'a> {
    /// The picker's state.
    pub picker: &'a Picker,
    /// The articles and their ranking.
    pub library: &'a Library,
    /// Styles.
    pub theme: &'a Theme,
    /// Keys, for the hints and the key list.
    pub keymap: &'a Keymap,
}

/// Rows of the body for a terminal of `height` rows (a title line and a status line).
pub fn body_height(height: u16) -> usize {
    usize::from(height.saturating_sub(2))
}

/// Draws the picker.
pub fn draw(frame: &mut Frame, view: &PickerView) {
    let area = frame.area();
    if area.width < 20 || area.height < 4 {
        frame.render_widget(Paragraph::new("too small; q quits"), area);
        return;
    }
    let lib = view.library;
    let width = usize::from(area.width);
    let shared = lib
        .ranking
        .stories
        .iter()
        .filter(|s| s.articles.len() > 1)
        .count();
    let title = format!(
        " diptych · {} articles · {} {} told by more than one",
        lib.articles.len(),
        shared,
        if shared == 1 { "story" } else { "stories" }
    );
    let buf = frame.buffer_mut();
    buf.set_stringn(0, 0, truncate(&title, width), width, view.theme.title);
    let p = view.picker;
    if p.rows.is_empty() {
        let text = format!(
            "  nothing matches “{}” ({} clears the filter)",
            visible(&p.filter),
            view.keymap.keys_of(crate::ui::action::Action::Back)
        );
        buf.set_stringn(0, 1, truncate(&text, width), width, view.theme.overlay);
    }
    let shown = || p.rows.iter().skip(p.top).take(body_height(area.height));
    let tail_width = shown()
        .filter_map(|row| match *row {
            Row::Pair { index, a, b } => Some(pair_tail(view, index, a, b).width()),
            _ => None,
        })
        .max()
        .unwrap_or(0);
    for (y, (i, row)) in p
        .rows
        .iter()
        .enumerate()
        .skip(p.top)
        .take(body_height(area.height))
        .enumerate()
    {
        let (text, mut style) = match *row {
            Row::Story(s) => (story_line(lib, s), view.theme.title),
            Row::Alone => (
                "Sharing no story with the others".to_owned(),
                view.theme.title,
            ),
            Row::Article(a) => (
                article_line(
                    &lib.articles[a],
                    lib.ranking
                        .copy_of
                        .get(a)
                        .copied()
                        .flatten()
                        .and_then(|c| lib.articles.get(c)),
                    p.first == Some(a),
                    width,
                ),
                view.theme.overlay,
            ),
            Row::Pair { index, a, b } => (
                pair_line(view, index, a, b, width, tail_width),
                view.theme.gutter,
            ),
            Row::Blank => (String::new(), view.theme.overlay),
        };
        if i == p.cursor {
            style = style.add_modifier(Modifier::REVERSED);
        }
        let line = pad(&truncate(&text, width), width);
        buf.set_stringn(0, 1 + y as u16, line, width, style);
    }
    let keys = |a| view.keymap.keys_of(a);
    let first = |a| keys(a).split(", ").next().unwrap_or_default().to_owned();
    use crate::ui::action::Action;
    let status = if p.filtering {
        format!(
            " /{}▏ · {} shown · Enter keeps the filter · Esc clears it",
            visible(&p.filter),
            p.shown()
        )
    } else if let Some(m) = &p.message {
        format!(" {}", visible(m))
    } else if !p.filter.is_empty() {
        format!(
            " filter “{}”: {} shown · {} changes it · {} clears it · Enter opens",
            visible(&p.filter),
            p.shown(),
            first(Action::Search),
            first(Action::Back),
        )
    } else {
        format!(
            " {}/{} move · Enter opens a pair, or picks two articles · {} filters · {} keys · {} quits",
            keys(Action::ScrollDown),
            keys(Action::ScrollUp),
            first(Action::Search),
            keys(Action::Help),
            keys(Action::Quit),
        )
    };
    let y = area.height - 1;
    buf.set_stringn(
        0,
        y,
        pad(&truncate(&status, width), width),
        width,
        view.theme.status,
    );
    if p.help {
        help(frame, view);
    }
}

fn story_line(lib: &Library, s: usize) -> String {
    let story = &lib.ranking.stories[s];
    let best = story
        .pairs
        .first()
        .and_then(|&k| lib.ranking.pairs.get(k))
        .map_or(String::new(), |p| {
            format!(" · closest pair {:.0}% shared", p.shared * 100.0)
        });
    format!("Story {} · {} articles{best}", s + 1, story.articles.len())
}

/// An article's row; a copy says whose copy it is where the source would go (the original's
/// source is its own).
fn article_line(
    article: &Article,
    copy_of: Option<&Article>,
    picked: bool,
    width: usize,
) -> String {
    let mark = if picked { "● " } else { "  " };
    let name_w = (width / 5).clamp(8, 28);
    let source_w = (width / 5).clamp(8, 28);
    let words = format!("{:>6} words", article.words);
    let fixed = 2 + name_w + 1 + 1 + source_w + words.width() + 1;
    let headline_w = width.saturating_sub(fixed).max(8);
    let cell = |text: &str, w: usize| pad(&truncate(&visible(text), w), w);
    let source = match copy_of {
        Some(original) => cell(&format!("copy of {}", original.file_name()), source_w),
        None => cell(article.source.as_deref().unwrap_or(""), source_w),
    };
    format!(
        "{mark}{} {} {source} {words}",
        cell(article.file_name(), name_w),
        cell(&article.headline, headline_w),
    )
}

/// What follows a pair's headlines: how much they share, and the review's progress.
fn pair_tail(view: &PickerView, index: usize, a: usize, b: usize) -> String {
    let Some(p) = view.library.ranking.pairs.get(index) else {
        return String::new();
    };
    format!(
        "   {:.0}% shared · {} links · {}",
        p.shared * 100.0,
        p.links,
        progress(view.picker.progress.get(&(a.min(b), a.max(b))))
    )
}

/// A ranked pair: both headlines, how much they share, and how far its review has come.
///
/// `tail_width` is the room for what follows the headlines: the widest of the pairs shown, so
/// that it lines up from pair to pair.
fn pair_line(
    view: &PickerView,
    index: usize,
    a: usize,
    b: usize,
    width: usize,
    tail_width: usize,
) -> String {
    let lib = view.library;
    let tail = pair_tail(view, index, a, b);
    let room = width.saturating_sub(4 + 2 + 3 + tail_width) / 2;
    let headline = |i: usize| {
        lib.articles
            .get(i)
            .map(|x| pad(&truncate(&visible(&x.headline), room.max(8)), room.max(8)))
            .unwrap_or_default()
    };
    format!("    ↔ {} · {}{tail}", headline(a), headline(b))
}

/// A pair's review progress as its store recorded it ("12 of 37 reviewed · 2 flagged").
fn progress(recorded: Option<&Recorded>) -> String {
    let Some(r) = recorded else {
        return "not reviewed yet".to_owned();
    };
    let mut s = match r.differences {
        Some(d) => format!("{} of {d} reviewed", r.reviewed),
        // A store from an earlier diptych did not keep the count of differences.
        None => format!("{} reviewed", r.reviewed),
    };
    if r.flagged > 0 {
        s.push_str(&format!(" · {} flagged", r.flagged));
    }
    s
}

/// `text` padded with spaces to `width` columns.
fn pad(text: &str, width: usize) -> String {
    let w = text.width();
    format!("{text}{}", " ".repeat(width.saturating_sub(w)))
}

/// `text` cut to `width` columns, an ellipsis marking the cut; spaces kept (columns line up).
fn truncate(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

fn help(frame: &mut Frame, view: &PickerView) {
    use crate::ui::action::Action;
    let keys = |a| view.keymap.keys_of(a);
    let lines = [
        format!(
            " {}  {}  move",
            keys(Action::ScrollDown),
            keys(Action::ScrollUp)
        ),
        format!(
            " {}  {}  a page down / up",
            keys(Action::PageDown),
            keys(Action::PageUp)
        ),
        format!(
            " {}  {}  first / last",
            keys(Action::Top),
            keys(Action::Bottom)
        ),
        " Enter  on a pair: compare the two; on an article: pick it, then another".to_owned(),
        format!(
            " {}  filter as you type: headlines, file names, sources (Enter keeps it)",
            keys(Action::Search)
        ),
        format!(" {}  clear the filter, then the pick", keys(Action::Back)),
        format!(" {}  quit", keys(Action::Quit)),
        String::new(),
        " In the reader:".to_owned(),
        format!(
            " {}  {}  next article of the story on the left / right",
            keys(Action::NextLeftArticle),
            keys(Action::NextRightArticle)
        ),
        format!(" {}  back to this list", keys(Action::Picker)),
    ];
    let area = frame.area();
    let w = lines.iter().map(|l| l.width()).max().unwrap_or(10) + 2;
    let h = lines.len() + 2;
    let rect = Rect::new(
        area.width.saturating_sub(w as u16) / 2,
        area.height.saturating_sub(h as u16) / 2,
        (w as u16).min(area.width),
        (h as u16).min(area.height),
    );
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines.join("\n"))
            .block(Block::bordered().title(" keys (any key closes) "))
            .style(view.theme.overlay),
        rect,
    );
}
