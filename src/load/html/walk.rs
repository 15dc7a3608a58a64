//! One pass of the `html5gum` tokenizer over the page: a light tree of the block-level elements
//! ([`Node`]) and the text between block boundaries ([`TextBlock`]), each tied to the element
//! that holds it, with what scoring needs (length, commas, text inside links).
//!
//! Nothing is decided here except what a reader never sees (scripts, styles, hidden elements)
//! and which elements are page structure around an article (`nav`, `aside`, `footer`, chrome
//! roles: marked `stripped`, for the selection to set aside or not).

use std::collections::BTreeMap;

use html5gum::{DefaultEmitter, HtmlString, Spanned, Token, Tokenizer};

use super::classes;
use super::entities::push_decoded;
use super::meta::{self, MetaTags};
use crate::load::block::Block;
use crate::load::document::{Metadata, ParagraphKind};
use crate::load::source_map::TextBuilder;

/// Elements whose whole content is never shown as article text.
const HIDDEN_TAGS: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "math", "button", "select", "textarea",
    "iframe", "object", "canvas", "head", "dialog",
];

/// Elements that frame a page rather than hold its article.
const STRUCTURE_TAGS: &[&str] = &["nav", "aside", "footer", "menu"];

const CHROME_ROLES: &[&str] = &[
    "navigation",
    "contentinfo",
    "complementary",
    "search",
    "dialog",
    "alertdialog",
    "menu",
    "menubar",
    "banner",
];

/// Elements that do not break a line: their text belongs to the block around them, and they
/// are no candidates for the article (a link with class "topic-teaser" stays in its sentence).
const INLINE_TAGS: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i", "kbd",
    "label", "mark", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "time",
    "tt", "u", "var", "ins", "del", "big", "nobr", "wbr",
];

const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "table",
    "tr",
    "td",
    "th",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "address",
    "body",
    "hr",
    "br",
    "form",
    "fieldset",
    "nav",
    "aside",
    "footer",
];

const VOID_TAGS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Deeper nesting than this is not tracked: the text still counts, the structure no longer does.
const MAX_DEPTH: usize = 256;

/// A block-level element.
#[derive(Debug)]
pub(super) struct Node {
    /// Tag name, lower case.
    pub name: Vec<u8>,
    /// The enclosing node (the root, 0, is its own parent).
    pub parent: usize,
    /// What its class and id say (positive: article-like, negative: chrome).
    pub weight: f64,
    /// `<article>`, `itemprop="articleBody"`, `role="main"`, `<main>`: the page says so.
    pub marked: bool,
    /// Its class or id names a share or social bar.
    pub sharing: bool,
    /// Images directly inside.
    pub images: usize,
    /// Form inputs directly inside.
    pub inputs: usize,
    /// Its class attribute (lower case): siblings that share it are parts of one whole.
    pub class: String,
}

/// A paragraph or heading and the evidence it gives.
#[derive(Debug)]
pub(super) struct TextBlock {
    pub block: Block,
    /// The innermost block-level element holding it.
    pub node: usize,
    /// Inside page structure.
    pub stripped: bool,
    /// Inside an element whose class or id names page chrome ([`classes::unlikely`]).
    pub unlikely: bool,
    /// Characters of text (whitespace not counted).
    pub chars: usize,
    /// Of those, inside links.
    pub link_chars: usize,
    /// Commas (any script's).
    pub commas: usize,
}

/// The page as the selection sees it.
#[derive(Debug)]
pub(super) struct Page {
    pub nodes: Vec<Node>,
    pub blocks: Vec<TextBlock>,
    pub title: Option<String>,
    pub metadata: Metadata,
}

struct Open {
    name: Vec<u8>,
    hidden: bool,
    stripped: bool,
    unlikely: bool,
    /// Inside a table or `code`, where Readability keeps what class words say is chrome.
    tabular: bool,
    link: bool,
    marked: bool,
    node: usize,
}

struct Current {
    kind: ParagraphKind,
    text: TextBuilder,
    node: usize,
    stripped: bool,
    unlikely: bool,
    chars: usize,
    link_chars: usize,
    commas: usize,
}

struct Walker<'a> {
    source: &'a str,
    stack: Vec<Open>,
    nodes: Vec<Node>,
    current: Option<Current>,
    blocks: Vec<TextBlock>,
    title: Option<TextBuilder>,
    in_title: bool,
    meta: MetaTags,
    /// The text of a JSON-LD script being read.
    linked_data: Option<String>,
    /// The stack depth of the byline element being read, and its text so far.
    byline: Option<(usize, String)>,
    /// The same for an element inside it that names the author alone (`rel=author`,
    /// `itemprop=author` or `name`): "Dan Goodin" rather than "Dan Goodin - Apr 16, 2015".
    author: Option<(usize, String)>,
    /// That element's text once it ended.
    named: Option<String>,
}

/// Walks the page once.
pub(super) fn walk(source: &str) -> Page {
    let mut emitter = DefaultEmitter::<usize>::new_with_span();
    emitter.naively_switch_states(true);
    let root = Node {
        name: Vec::new(),
        parent: 0,
        weight: 0.0,
        marked: false,
        sharing: false,
        images: 0,
        inputs: 0,
        class: String::new(),
    };
    let mut w = Walker {
        source,
        stack: Vec::new(),
        nodes: vec![root],
        current: None,
        blocks: Vec::new(),
        title: None,
        in_title: false,
        meta: MetaTags::default(),
        linked_data: None,
        byline: None,
        author: None,
        named: None,
    };
    for token in Tokenizer::new_with_emitter(source, emitter).flatten() {
        match token {
            Token::StartTag(tag) => w.start(&tag.name, &tag.attributes, tag.self_closing),
            Token::EndTag(tag) => w.end(&tag.name),
            Token::String(text) => w.text(&text),
            _ => {}
        }
    }
    w.flush();
    let title = w.title.and_then(|t| {
        let (text, _) = t.finish();
        (!text.is_empty()).then_some(text)
    });
    Page {
        nodes: w.nodes,
        blocks: w.blocks,
        title,
        metadata: w.meta.finish(),
    }
}

impl Walker<'_> {
    fn top(&self) -> Option<&Open> {
        self.stack.last()
    }

    fn start(
        &mut self,
        name: &HtmlString,
        attrs: &BTreeMap<HtmlString, Spanned<HtmlString, usize>>,
        self_closing: bool,
    ) {
        let name: &[u8] = name;
        if name == b"title" {
            // Only the page's first title: an `<svg>` icon has titles too.
            self.in_title = !self_closing && self.title.is_none();
            if self.in_title {
                self.title = Some(TextBuilder::new());
            }
            return;
        }
        let value = |key: &str| {
            attrs
                .get(key.as_bytes())
                .map(|v| String::from_utf8_lossy(&v.value).into_owned())
        };
        if name == b"meta" {
            self.meta.meta(value);
            return;
        }
        if name == b"script"
            && value("type").is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"))
        {
            self.linked_data = Some(String::new());
        }
        // A new <p> or <li> ends an unclosed one, as browsers do.
        if matches!(name, b"p" | b"li" | b"dt" | b"dd" | b"tr" | b"td" | b"th")
            && self.top().is_some_and(|o| o.name == name)
        {
            self.stack.pop();
        }
        if is_in(name, BLOCK_TAGS) {
            self.flush();
        }
        let hidden_parent = self.top().is_some_and(|o| o.hidden);
        if is_in(name, VOID_TAGS) || self_closing {
            if !hidden_parent {
                let node = self.top().map_or(0, |o| o.node);
                match name {
                    b"img" => self.nodes[node].images += 1,
                    b"input" => self.nodes[node].inputs += 1,
                    _ => {}
                }
            }
            return;
        }
        let attr = |key: &str| {
            attrs
                .get(key.as_bytes())
                .map(|v| String::from_utf8_lossy(&v.value).to_ascii_lowercase())
        };
        let parent_marked = self.top().is_some_and(|o| o.marked);
        let role = attr("role").unwrap_or_default();
        let marked = matches!(name, b"article" | b"main")
            || attr("itemprop").is_some_and(|v| v.contains("articlebody"))
            || role == "main";
        let style = attr("style").unwrap_or_default().replace(' ', "");
        let hidden = hidden_parent
            || is_in(name, HIDDEN_TAGS)
            || attrs.contains_key(b"hidden".as_slice())
            || attr("aria-hidden").is_some_and(|v| v == "true")
            || style.contains("display:none")
            || style.contains("visibility:hidden");
        let stripped = self.top().is_some_and(|o| o.stripped)
            || is_in(name, STRUCTURE_TAGS)
            || (name == b"header" && !parent_marked)
            || (CHROME_ROLES.contains(&role.as_str()) && !(role == "banner" && parent_marked));
        let link = self.top().is_some_and(|o| o.link) || name == b"a";
        let tabular = self.top().is_some_and(|o| o.tabular) || matches!(name, b"table" | b"code");
        let class = attr("class").unwrap_or_default();
        let id = attr("id").unwrap_or_default();
        // Readability's unlikely candidates: the body and links are never chrome by their
        // class, and a table's cells or a code sample are kept whatever they are called.
        let unlikely = self.top().is_some_and(|o| o.unlikely)
            || (!self.top().is_some_and(|o| o.tabular)
                && !matches!(name, b"body" | b"a" | b"table" | b"code")
                && classes::unlikely(&class, &id));
        let parent_node = self.top().map_or(0, |o| o.node);
        let mut node = parent_node;
        if !hidden && !is_in(name, INLINE_TAGS) && self.stack.len() < MAX_DEPTH {
            node = self.nodes.len();
            self.nodes.push(Node {
                name: name.to_vec(),
                parent: parent_node,
                weight: classes::weight(&class) + classes::weight(&id),
                marked,
                sharing: classes::sharing(&class) || classes::sharing(&id),
                images: 0,
                inputs: 0,
                class,
            });
        }
        // Past the depth limit only elements that change what is shown are tracked, so a script
        // deep inside a tag soup is still hidden.
        let changes = self.top().is_none_or(|o| {
            o.hidden != hidden
                || o.stripped != stripped
                || o.unlikely != unlikely
                || o.tabular != tabular
                || o.link != link
                || o.node != node
        });
        if !hidden && self.meta.wants_byline() {
            if self.byline.is_none() {
                if meta::marks_byline(attr) {
                    self.byline = Some((self.stack.len(), String::new()));
                }
            } else if self.author.is_none() && self.named.is_none() && meta::names_author(attr) {
                self.author = Some((self.stack.len(), String::new()));
            }
        }
        if self.stack.len() < MAX_DEPTH || changes {
            self.stack.push(Open {
                name: name.to_vec(),
                hidden,
                stripped,
                unlikely,
                tabular,
                link,
                marked: parent_marked || marked,
                node,
            });
        }
        if let Some(level) = heading_level(name)
            && !hidden
        {
            self.current = Some(Current {
                kind: ParagraphKind::Heading(level),
                text: TextBuilder::new(),
                node,
                stripped,
                unlikely,
                chars: 0,
                link_chars: 0,
                commas: 0,
            });
        }
    }

    fn end(&mut self, name: &HtmlString) {
        let name: &[u8] = name;
        if name == b"title" {
            self.in_title = false;
            return;
        }
        if name == b"script"
            && let Some(text) = self.linked_data.take()
        {
            self.meta.json_ld(&text);
        }
        if let Some(pos) = self.stack.iter().rposition(|o| o.name == name) {
            self.stack.truncate(pos);
        }
        if self
            .author
            .as_ref()
            .is_some_and(|(d, _)| self.stack.len() <= *d)
            && let Some((_, name)) = self.author.take()
        {
            self.named = Some(name);
        }
        if let Some((depth, _)) = &self.byline
            && self.stack.len() <= *depth
            && let Some((_, text)) = self.byline.take()
        {
            // The name alone stands for the whole byline.
            let name = self.named.take().filter(|n| !n.trim().is_empty());
            self.meta.byline_markup(name.as_deref().unwrap_or(&text));
            self.author = None;
        }
        if is_in(name, BLOCK_TAGS) {
            self.flush();
        }
    }

    fn text(&mut self, text: &Spanned<HtmlString, usize>) {
        let decoded = String::from_utf8_lossy(&text.value);
        let span = text.span.start..text.span.end;
        let Some(raw) = self.source.get(span.clone()) else {
            return;
        };
        if self.in_title {
            if let Some(t) = &mut self.title {
                push_decoded(t, raw, span.start, &decoded);
            }
            return;
        }
        if let Some(data) = &mut self.linked_data {
            data.push_str(&decoded);
            return;
        }
        if !self.stack.last().is_some_and(|o| o.hidden) {
            for (_, text) in [&mut self.byline, &mut self.author].into_iter().flatten() {
                // A "byline" that holds the whole page is refused by its length anyway: no need
                // to copy the page to find that out.
                // Whitespace runs count once, so indentation does not use up the limit.
                for c in decoded.chars() {
                    if text.len() >= meta::BYLINE_TEXT_LIMIT {
                        break;
                    }
                    if !c.is_whitespace() {
                        text.push(c);
                    } else if !text.ends_with(' ') {
                        text.push(' ');
                    }
                }
            }
        }
        let (node, stripped, unlikely, link) = match self.top() {
            Some(o) if o.hidden => return,
            Some(o) => (o.node, o.stripped, o.unlikely, o.link),
            None => (0, false, false, false),
        };
        let current = self.current.get_or_insert_with(|| Current {
            kind: ParagraphKind::Text,
            text: TextBuilder::new(),
            node,
            stripped,
            unlikely,
            chars: 0,
            link_chars: 0,
            commas: 0,
        });
        let chars = decoded.chars().filter(|c| !c.is_whitespace()).count();
        current.chars += chars;
        if link {
            current.link_chars += chars;
        }
        current.commas += decoded
            .chars()
            .filter(|c| {
                matches!(
                    c,
                    ',' | '،' | '、' | '，' | '﹐' | '︐' | '﹑' | '⹁' | '⸴' | '⸲'
                )
            })
            .count();
        push_decoded(&mut current.text, raw, span.start, &decoded);
    }

    fn flush(&mut self) {
        if let Some(c) = self.current.take()
            && let Some(block) = Block::from_builder(c.kind, c.text)
        {
            self.blocks.push(TextBlock {
                block,
                node: c.node,
                stripped: c.stripped,
                unlikely: c.unlikely,
                chars: c.chars,
                link_chars: c.link_chars,
                commas: c.commas,
            });
        }
    }
}

fn is_in(name: &[u8], list: &[&str]) -> bool {
    list.iter().any(|t| t.as_bytes() == name)
}

fn heading_level(name: &[u8]) -> Option<u8> {
    match name {
        [b'h', d @ b'1'..=b'6'] => Some(d - b'0'),
        _ => None,
    }
}
