//! A library's stories and ranked pairs, as JSON for scripts and as text for people
//! (`diptych rank`; the JSON is documented in `docs/library.md`).

use std::fmt::Write as _;

use serde::Serialize;

use super::json::to_safe_json;
use crate::library::Library;
use crate::visible::visible;

/// The version of the rank JSON; bumped when a field changes meaning or goes away.
pub const RANK_VERSION: u32 = 1;

#[derive(Serialize)]
struct RankJson<'a> {
    version: u32,
    articles: Vec<ArticleJson<'a>>,
    stories: Vec<StoryJson>,
    pairs_aligned: usize,
    pairs_possible: usize,
}

#[derive(Serialize)]
struct ArticleJson<'a> {
    index: usize,
    path: &'a str,
    headline: &'a str,
    source: Option<&'a str>,
    words: usize,
    sentences: usize,
    story: usize,
    /// Only for copies: the field is absent from folders without any, as it always was.
    #[serde(skip_serializing_if = "Option::is_none")]
    copy_of: Option<usize>,
}

#[derive(Serialize)]
struct StoryJson {
    articles: Vec<usize>,
    pairs: Vec<PairJson>,
}

#[derive(Serialize)]
struct PairJson {
    left: usize,
    right: usize,
    shared: f32,
    cosine: f32,
    links: usize,
    same_story: bool,
}

/// The ranking as JSON: articles, stories (each with its pairs, most shared first), counts.
pub fn to_json(library: &Library) -> String {
    let r = &library.ranking;
    let round = |x: f32| (x * 1000.0).round() / 1000.0;
    let n = library.articles.len();
    let json = RankJson {
        version: RANK_VERSION,
        articles: library
            .articles
            .iter()
            .enumerate()
            .map(|(index, a)| ArticleJson {
                index,
                path: &a.doc.path,
                headline: &a.headline,
                source: a.source.as_deref(),
                words: a.words,
                sentences: a.doc.sentences.len(),
                story: r.story_of.get(index).copied().unwrap_or(0),
                copy_of: r.copy_of.get(index).copied().flatten(),
            })
            .collect(),
        stories: r
            .stories
            .iter()
            .map(|s| StoryJson {
                articles: s.articles.clone(),
                pairs: s
                    .pairs
                    .iter()
                    .filter_map(|&k| r.pairs.get(k))
                    .map(|p| PairJson {
                        left: p.a,
                        right: p.b,
                        shared: round(p.shared),
                        cosine: round(p.cosine),
                        links: p.links,
                        same_story: p.same_story,
                    })
                    .collect(),
            })
            .collect(),
        pairs_aligned: r.pairs.len(),
        pairs_possible: n * n.saturating_sub(1) / 2,
    };
    to_safe_json(&json)
}

/// The ranking as text: each story with its articles and ranked pairs, then the articles that
/// share no story.
pub fn to_text(library: &Library) -> String {
    let r = &library.ranking;
    let mut s = String::new();
    let line = |s: &mut String, a: usize| {
        let art = &library.articles[a];
        let source = art
            .source
            .as_deref()
            .map_or(String::new(), |src| format!(" · {}", visible(src)));
        let copy = r
            .copy_of
            .get(a)
            .copied()
            .flatten()
            .map_or(String::new(), |c| {
                format!(" · copy of {}", visible(library.articles[c].file_name()))
            });
        let _ = writeln!(
            s,
            "  {}  {}{source} · {} words{copy}",
            visible(&art.doc.path),
            visible(&art.headline),
            art.words
        );
    };
    let mut told = 0;
    for story in r.stories.iter().filter(|st| st.articles.len() > 1) {
        told += 1;
        let _ = writeln!(s, "Story {told} · {} articles", story.articles.len());
        for &a in &story.articles {
            line(&mut s, a);
        }
        for p in story.pairs.iter().filter_map(|&k| r.pairs.get(k)) {
            let _ = writeln!(
                s,
                "    {:>3.0}% shared · {:>2} links  {} ↔ {}",
                p.shared * 100.0,
                p.links,
                visible(library.articles[p.a].file_name()),
                visible(library.articles[p.b].file_name())
            );
        }
        s.push('\n');
    }
    let alone: Vec<usize> = r
        .stories
        .iter()
        .filter(|st| st.articles.len() == 1)
        .map(|st| st.articles[0])
        .collect();
    if !alone.is_empty() {
        let _ = writeln!(s, "Sharing no story with the others · {}", alone.len());
        for a in alone {
            line(&mut s, a);
        }
    }
    s
}
