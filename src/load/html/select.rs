//! Which blocks are the article: scoring by evidence, as Mozilla's Readability does.
//!
//! 1. Every paragraph of 25 characters or more scores 1, plus the pieces its commas cut it
//!    into, plus one per 100 characters (at most 3); the score goes to the elements above it,
//!    in full to its parent, half to the grandparent, and a third of a level's share further
//!    up (five levels). A section, a table cell and a `pre` also score as one paragraph of all
//!    the text inside them.
//! 2. An element starts from its tag (`div` +5, lists −3, headings −5), its class and id words
//!    ([`super::classes`]: ±25 each) and +25 when the page marks it as the article; its score
//!    is then scaled by the share of its text that is not inside links.
//! 3. The best element wins; an ancestor that several near-best candidates share, or whose
//!    score rises above it, takes its place; then its siblings join when they score at least a
//!    fifth of it (a fifth of it is added to the score of a sibling of the same class), or are
//!    prose paragraphs.
//! 4. Inside what was chosen, a container goes when the evidence is against it: its class and
//!    id weigh more than its own score, or it has few commas and is mostly links, inputs or
//!    list items of links.
//!
//! The first reading sets aside page structure (`nav`, `aside`, `footer`, chrome roles) and
//! Readability's unlikely candidates (a chrome word in the class or id and no article word:
//! `video-cover-wrap`, `comment-list`, but not `article-header`). When the result holds under
//! 500 characters of prose, the page is read again without those, then without class words,
//! then without the cleaning of step 4, and the first reading with at least half the prose of
//! the fullest wins: no single signal can empty a page, and a short article still keeps the
//! chrome around it out.

use super::walk::{Node, Page, TextBlock};

/// Paragraphs shorter than this (in characters) give no evidence.
const MIN_PARAGRAPH: usize = 25;
/// A result with less prose than this (in characters) is retried with fewer signals.
const ENOUGH_TEXT: usize = 500;
/// How many ancestors a paragraph's score reaches.
const LEVELS: usize = 5;

#[derive(Clone, Copy)]
struct Flags {
    strip: bool,
    weigh: bool,
    clean: bool,
}

/// The chosen blocks, by index into `page.blocks`, in document order.
pub(super) fn select(page: &Page) -> Vec<usize> {
    let attempts = [
        Flags {
            strip: true,
            weigh: true,
            clean: true,
        },
        Flags {
            strip: false,
            weigh: true,
            clean: true,
        },
        Flags {
            strip: false,
            weigh: false,
            clean: true,
        },
        Flags {
            strip: false,
            weigh: false,
            clean: false,
        },
    ];
    let mut results: Vec<(Vec<usize>, usize)> = Vec::new();
    for flags in attempts {
        let kept = attempt(page, flags);
        let len: usize = kept.iter().map(|&b| prose_chars(&page.blocks[b])).sum();
        if len >= ENOUGH_TEXT && results.is_empty() {
            return kept;
        }
        results.push((kept, len));
    }
    // All short: the first that holds at least half of the most prose, so a short article
    // keeps the chrome around it out, while a page whose every word a signal set aside
    // still shows its text.
    let longest = results.iter().map(|r| r.1).max().unwrap_or(0);
    if longest == 0 {
        // No prose anywhere (a page of short lines): the most text, measured plainly.
        let chars =
            |r: &(Vec<usize>, usize)| -> usize { r.0.iter().map(|&b| page.blocks[b].chars).sum() };
        let most = results.iter().map(chars).max().unwrap_or(0);
        return results
            .into_iter()
            .find(|r| chars(r) * 2 >= most)
            .map(|r| r.0)
            .unwrap_or_default();
    }
    results
        .into_iter()
        .find(|r| r.1 * 2 >= longest)
        .map(|r| r.0)
        .unwrap_or_default()
}

/// The characters of a block that count as prose: paragraphs of some length, mostly not links
/// (a menu or a list of headlines adds nothing).
fn prose_chars(b: &TextBlock) -> usize {
    if b.block.text.chars().count() < MIN_PARAGRAPH || b.link_chars * 2 > b.chars {
        0
    } else {
        b.chars
    }
}

/// Subtree totals of a node, over the blocks an attempt considers.
#[derive(Clone, Copy, Default)]
struct Totals {
    chars: usize,
    link_chars: usize,
    commas: usize,
    paragraphs: usize,
    list_items: usize,
    list_chars: usize,
    images: usize,
    inputs: usize,
    heading_chars: usize,
    /// Length of the text as Readability measures it (characters, a space between blocks).
    text_len: usize,
}

impl Totals {
    fn link_density(&self) -> f64 {
        if self.chars == 0 {
            0.0
        } else {
            self.link_chars as f64 / self.chars as f64
        }
    }
}

fn attempt(page: &Page, flags: Flags) -> Vec<usize> {
    let nodes = &page.nodes;
    let eligible: Vec<bool> = page
        .blocks
        .iter()
        .map(|b| !(flags.strip && (b.stripped || b.unlikely)))
        .collect();
    let totals = totals(page, &eligible);
    let scores = scores(page, &eligible, &totals, flags);
    let Some(top) = best(&scores) else {
        // No paragraph gives evidence: the whole page, cleaned.
        return keep(page, &eligible, &totals, &scores, &[0], flags);
    };
    let top = promote(nodes, &scores, top);
    let roots = with_siblings(page, &eligible, &scores, top);
    let mut kept = keep(page, &eligible, &totals, &scores, &roots, flags);
    // Loose paragraphs directly in the parent are siblings too.
    let parent = nodes[top].parent;
    for (i, b) in page.blocks.iter().enumerate() {
        if eligible[i] && b.node == parent && top != 0 && prose(b) {
            kept.push(i);
        }
    }
    kept.sort_unstable();
    kept.dedup();
    add_headline(page, &eligible, &mut kept);
    kept
}

fn totals(page: &Page, eligible: &[bool]) -> Vec<Totals> {
    let nodes = &page.nodes;
    let mut t = vec![Totals::default(); nodes.len()];
    for (b, ok) in page.blocks.iter().zip(eligible) {
        if !ok {
            continue;
        }
        let n = &mut t[b.node];
        n.chars += b.chars;
        n.link_chars += b.link_chars;
        n.commas += b.commas;
        n.text_len += b.block.text.chars().count() + 1;
        if matches!(b.block.kind, crate::load::ParagraphKind::Heading(_)) {
            n.heading_chars += b.chars;
        }
    }
    for (i, node) in nodes.iter().enumerate() {
        t[i].images += node.images;
        t[i].inputs += node.inputs;
        match node.name.as_slice() {
            b"p" => t[i].paragraphs += 1,
            b"li" => t[i].list_items += 1,
            _ => {}
        }
    }
    // Children come after their parents: one backward pass sums the subtrees.
    for i in (1..nodes.len()).rev() {
        let child = t[i];
        let p = &mut t[nodes[i].parent];
        p.chars += child.chars;
        p.link_chars += child.link_chars;
        p.commas += child.commas;
        p.paragraphs += child.paragraphs;
        p.list_items += child.list_items;
        p.images += child.images;
        p.inputs += child.inputs;
        p.heading_chars += child.heading_chars;
        p.text_len += child.text_len;
        p.list_chars += child.list_chars;
        if matches!(nodes[i].name.as_slice(), b"ul" | b"ol") {
            p.list_chars += child.chars;
        }
    }
    t
}

/// Each node's score (after link density), `None` for nodes no paragraph reached.
fn scores(page: &Page, eligible: &[bool], totals: &[Totals], flags: Flags) -> Vec<Option<f64>> {
    let nodes = &page.nodes;
    let mut raw: Vec<Option<f64>> = vec![None; nodes.len()];
    let mut give = |from: usize, len: usize, commas: usize| {
        if len < MIN_PARAGRAPH {
            return;
        }
        let score = paragraph_score(len, commas);
        let mut at = from;
        for level in 0..LEVELS {
            let parent = nodes[at].parent;
            if parent == at || parent == 0 || nodes[parent].name == b"html" {
                break;
            }
            at = parent;
            let divider = match level {
                0 => 1.0,
                1 => 2.0,
                l => l as f64 * 3.0,
            };
            let s = raw[at].get_or_insert_with(|| initial(&nodes[at], flags));
            *s += score / divider;
        }
    };
    for (b, ok) in page.blocks.iter().zip(eligible) {
        // A block held directly by a section, cell or `pre` counts with the whole of it.
        if *ok && !whole(&nodes[b.node]) {
            give(b.node, b.block.text.chars().count(), b.commas);
        }
    }
    // Readability scores a section, a table cell and a `pre` as one paragraph of all the text
    // inside (besides the paragraphs within): a page built of sections lifts the element that
    // holds them all above any one part of it.
    for (i, node) in nodes.iter().enumerate() {
        if whole(node) && totals[i].text_len > 0 {
            give(i, totals[i].text_len - 1, totals[i].commas);
        }
    }
    raw.iter()
        .zip(totals)
        .map(|(s, t)| s.map(|s| s * (1.0 - t.link_density())))
        .collect()
}

/// What a paragraph of `len` characters with `commas` commas gives the elements above it:
/// Readability's 1, plus the pieces its commas cut it into (`split(",").length`, so a
/// paragraph without a comma counts 2), plus one per 100 characters (at most 3). Counting the
/// pieces, not the commas, is what lets many plain paragraphs outweigh a class name.
pub(super) fn paragraph_score(len: usize, commas: usize) -> f64 {
    1.0 + (commas + 1) as f64 + (len / 100).min(3) as f64
}

/// Whether an element is scored as one paragraph of all its text.
fn whole(node: &Node) -> bool {
    matches!(node.name.as_slice(), b"section" | b"td" | b"pre")
}

/// A node's score before any paragraph: its tag, its class and id, the page's own mark.
fn initial(node: &Node, flags: Flags) -> f64 {
    let tag = match node.name.as_slice() {
        b"div" => 5.0,
        b"pre" | b"td" | b"blockquote" => 3.0,
        b"address" | b"ol" | b"ul" | b"dl" | b"dd" | b"dt" | b"li" | b"form" => -3.0,
        b"h1" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6" | b"th" => -5.0,
        _ => 0.0,
    };
    let words = if flags.weigh { node.weight } else { 0.0 };
    let mark = if node.marked && node.name != b"main" {
        25.0
    } else {
        0.0
    };
    tag + words + mark
}

fn best(scores: &[Option<f64>]) -> Option<usize> {
    let mut best: Option<(usize, f64)> = None;
    for (i, s) in scores.iter().enumerate() {
        if let Some(s) = *s
            && best.is_none_or(|(_, b)| s > b)
        {
            best = Some((i, s));
        }
    }
    best.map(|b| b.0)
}

fn is_top_level(nodes: &[Node], n: usize) -> bool {
    n == 0 || matches!(nodes[n].name.as_slice(), b"body" | b"html")
}

/// Readability's moves up from the best node: to an ancestor that three of the five best
/// candidates share (when they score at least 3/4 of it), to a parent whose score rises, and
/// past parents of which it is the only child.
fn promote(nodes: &[Node], scores: &[Option<f64>], mut top: usize) -> usize {
    let top_score = scores[top].unwrap_or(0.0);
    let mut ranked: Vec<(usize, f64)> = scores
        .iter()
        .enumerate()
        .filter_map(|(i, s)| s.map(|s| (i, s)))
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let others: Vec<usize> = ranked
        .iter()
        .skip(1)
        .take(4)
        .filter(|(_, s)| top_score > 0.0 && s / top_score >= 0.75)
        .map(|r| r.0)
        .collect();
    if others.len() >= 3 {
        let mut at = nodes[top].parent;
        while !is_top_level(nodes, at) {
            let sharing = others
                .iter()
                .filter(|&&o| ancestor_of(nodes, at, o))
                .count();
            if sharing >= 3 {
                top = at;
                break;
            }
            at = nodes[at].parent;
        }
    }
    let mut last = scores[top].unwrap_or(0.0);
    let threshold = last / 3.0;
    let mut at = nodes[top].parent;
    while !is_top_level(nodes, at) {
        if let Some(s) = scores[at] {
            if s < threshold {
                break;
            }
            if s > last {
                top = at;
                break;
            }
            last = s;
        }
        at = nodes[at].parent;
    }
    loop {
        let parent = nodes[top].parent;
        if is_top_level(nodes, parent) || children(nodes, parent).count() != 1 {
            break;
        }
        top = parent;
    }
    top
}

fn ancestor_of(nodes: &[Node], ancestor: usize, mut n: usize) -> bool {
    while n != 0 {
        n = nodes[n].parent;
        if n == ancestor {
            return true;
        }
    }
    false
}

fn children(nodes: &[Node], parent: usize) -> impl Iterator<Item = usize> + '_ {
    // Children follow their parent; the first node past its subtree ends the search, but
    // subtrees are not delimited here, so scan all later nodes (pages are small).
    (parent + 1..nodes.len()).filter(move |&i| nodes[i].parent == parent)
}

/// The best node and the siblings that join it.
fn with_siblings(page: &Page, eligible: &[bool], scores: &[Option<f64>], top: usize) -> Vec<usize> {
    let nodes = &page.nodes;
    let parent = nodes[top].parent;
    if is_top_level(nodes, top) || top == parent {
        return vec![top];
    }
    let top_score = scores[top].unwrap_or(0.0);
    let threshold = (top_score * 0.2).max(10.0);
    let mut roots = vec![top];
    for s in children(nodes, parent) {
        if s == top {
            continue;
        }
        let node = &nodes[s];
        // Readability's bonus for a sibling of the same class: the next part of a body split
        // into equal blocks (one section per chapter, one div per page of text).
        let bonus = if !node.class.is_empty() && node.class == nodes[top].class {
            top_score * 0.2
        } else {
            0.0
        };
        let scored = scores[s].is_some_and(|v| v + bonus >= threshold);
        let paragraph = node.name == b"p" && {
            let mut blocks = page
                .blocks
                .iter()
                .enumerate()
                .filter(|(i, b)| eligible[*i] && b.node == s);
            blocks.next().is_some_and(|(_, b)| prose(b)) && blocks.next().is_none()
        };
        if scored || paragraph {
            roots.push(s);
        }
    }
    roots
}

/// Readability's test for a paragraph that joins the article beside it: long with few
/// links, or short, linkless and ending a sentence.
fn prose(b: &TextBlock) -> bool {
    let len = b.block.text.chars().count();
    let density = if b.chars == 0 {
        0.0
    } else {
        b.link_chars as f64 / b.chars as f64
    };
    (len > 80 && density < 0.25)
        || (len > 0 && b.link_chars == 0 && {
            let t = b.block.text.trim_end();
            t.ends_with('.') || t.contains(". ")
        })
}

/// The blocks under `roots`, less those in containers the evidence is against.
fn keep(
    page: &Page,
    eligible: &[bool],
    totals: &[Totals],
    scores: &[Option<f64>],
    roots: &[usize],
    flags: Flags,
) -> Vec<usize> {
    let nodes = &page.nodes;
    let mut inside = vec![false; nodes.len()];
    let mut gone = vec![false; nodes.len()];
    for &r in roots {
        inside[r] = true;
    }
    for i in 0..nodes.len() {
        if i > 0 && inside[nodes[i].parent] {
            inside[i] = true;
            gone[i] = gone[nodes[i].parent];
        }
        if inside[i] && !gone[i] && flags.clean && Some(&i) != roots.first() {
            gone[i] = unwanted(&nodes[i], &totals[i], scores[i], flags);
        }
    }
    page.blocks
        .iter()
        .enumerate()
        .filter(|(i, b)| eligible[*i] && inside[b.node] && !gone[b.node])
        .map(|(i, _)| i)
        .collect()
}

/// Whether a container inside the article is chrome by the evidence (Readability's
/// "clean conditionally", with the node's own score standing against its class words).
fn unwanted(node: &Node, t: &Totals, score: Option<f64>, flags: Flags) -> bool {
    let name = node.name.as_slice();
    let weight = if flags.weigh { node.weight } else { 0.0 };
    let heading = matches!(name, b"h1" | b"h2");
    if heading {
        return weight < 0.0;
    }
    let container = matches!(
        name,
        b"div"
            | b"section"
            | b"form"
            | b"fieldset"
            | b"table"
            | b"ul"
            | b"ol"
            | b"dl"
            | b"aside"
            | b"header"
            | b"footer"
            | b"nav"
    );
    if !container {
        return false;
    }
    if (weight + score.unwrap_or(0.0) < 0.0) || (node.sharing && t.chars < 500) {
        return true;
    }
    if t.commas >= 10 {
        return false;
    }
    let list = matches!(name, b"ul" | b"ol") || (t.chars > 0 && t.list_chars * 10 > t.chars * 9);
    let density = t.link_density();
    let p = t.paragraphs as f64;
    let heading_density = if t.chars == 0 {
        0.0
    } else {
        t.heading_chars as f64 / t.chars as f64
    };
    (t.images > 1 && p / (t.images as f64) < 0.5)
        || (!list && t.list_items > t.paragraphs + 100)
        || (t.inputs as f64 > (p / 3.0).floor())
        || (!list
            && heading_density < 0.9
            && t.chars < 25
            && (t.images == 0 || t.images > 2)
            && density > 0.0)
        || (!list && weight < 25.0 && density > 0.2)
        || (weight >= 25.0 && density > 0.5)
}

/// The page's headline (the last `h1` before the article) when the article lacks one. A
/// headline in an unlikely candidate counts (`<header class="entry-header">` holds most blogs'
/// titles); one in page structure does not.
fn add_headline(page: &Page, eligible: &[bool], kept: &mut Vec<usize>) {
    let Some(&first) = kept.first() else {
        return;
    };
    let h1 = |b: &TextBlock| b.block.kind == crate::load::ParagraphKind::Heading(1);
    if kept.iter().any(|&i| h1(&page.blocks[i])) {
        return;
    }
    if let Some(i) = (0..first)
        .rev()
        .find(|&i| (eligible[i] || !page.blocks[i].stripped) && h1(&page.blocks[i]))
    {
        kept.insert(0, i);
    }
}
