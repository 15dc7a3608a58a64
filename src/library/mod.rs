//! Library mode: a folder of articles → which of them tell the same story, and how much of
//! each pair's content aligns.
//!
//! 1. [`folder`] lists a directory's articles and loads them (a file that cannot be loaded is
//!    skipped and reported, the rest go on);
//! 2. [`article`] summarises each: headline, source line, length;
//! 3. [`copies`] sets aside exact copies of an earlier article (and, among the pairs the
//!    pre-filter passes, near-exact ones): only one article of each group is aligned;
//! 4. [`index`] turns every article into one stem vector; its inverted index gives, cheaply,
//!    the pairs whose vocabularies are alike enough to be worth aligning (the pre-filter);
//! 5. only those pairs are aligned ([`crate::align::align`], on a few threads), and
//!    [`score::shared_content`] says how much of both articles the alignment links;
//! 6. [`stories`] groups articles into stories: connected components of the pairs that share
//!    a story (see [`RankOptions`] for when they do).
//!
//! [`synthetic`] generates folders of related and unrelated articles for tests and benches.

pub mod article;
pub mod copies;
pub mod folder;
pub mod index;
pub mod score;
pub mod stories;
pub mod synthetic;

pub use article::Article;

use crate::align::{AlignOptions, align};
use crate::load::Document;
use index::StemIndex;

/// When two articles are aligned, and when they share a story.
///
/// Measured on the sample articles and on generated folders (`docs/library.md`): pairs that
/// retell one event link a fifth or more of their words, while articles on one subject about
/// different events link under a tenth. A loose retelling can link as little as the latter, so
/// a weaker pair also counts when it is one article's clearly closest match in vocabulary
/// (names, places and figures across the whole article tell the event better than a few linked
/// sentences).
#[derive(Debug, Clone)]
pub struct RankOptions {
    /// Pairs whose stem vectors' cosine is below this are not aligned at all.
    pub prefilter: f32,
    /// Shared content at which two articles share a story on that alone.
    pub strong: f32,
    /// Shared content at which an article and its clearly closest match in vocabulary share a
    /// story.
    pub weak: f32,
    /// How many times closer than the runner-up (by cosine) the closest article must be to
    /// count as clearly closest.
    pub clear_margin: f32,
    /// Threads for aligning (0: one per core).
    pub threads: usize,
    /// How pairs are aligned for ranking.
    ///
    /// On words alone by default: the thresholds above were measured that way, ranking
    /// hundreds of pairs stays fast, and sentence vectors did not tell retellings from
    /// same-topic articles about other events any better on our gold (`docs/library.md`). The
    /// reader still aligns the pair it opens on meaning.
    pub align: AlignOptions,
}

impl Default for RankOptions {
    fn default() -> Self {
        RankOptions {
            prefilter: 0.2,
            strong: 0.15,
            weak: 0.05,
            clear_margin: 1.1,
            threads: 0,
            align: AlignOptions {
                meaning: false,
                ..AlignOptions::default()
            },
        }
    }
}

/// Two articles that were aligned, and what came of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    /// One article (the lower index).
    pub a: usize,
    /// The other.
    pub b: usize,
    /// The cosine of their stem vectors (the pre-filter's measure).
    pub cosine: f32,
    /// How much of both articles' words the alignment links, weighted by link similarity.
    pub shared: f32,
    /// How many links the alignment made.
    pub links: usize,
    /// Whether the pair counts as sharing a story.
    pub same_story: bool,
}

/// Articles that tell one story.
#[derive(Debug, Clone, PartialEq)]
pub struct Story {
    /// The articles, ascending.
    pub articles: Vec<usize>,
    /// The aligned pairs among them (indexes into [`Ranking::pairs`]), most shared first.
    pub pairs: Vec<usize>,
}

/// The stories of a set of articles and the pairs ranked.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ranking {
    /// Every aligned pair, most shared content first.
    pub pairs: Vec<Pair>,
    /// Stories, the one with the most shared pair first; single articles last, in order.
    pub stories: Vec<Story>,
    /// For each article, the index of its story.
    pub story_of: Vec<usize>,
    /// For each article, the article it is a copy of ([`copies`]: the same text, or nearly),
    /// or `None`. A copy is in its original's story but in no pair: only the original is
    /// aligned.
    pub copy_of: Vec<Option<usize>>,
}

/// Ranks the pairs of `docs` and groups them into stories.
pub fn rank(docs: &[&Document], options: &RankOptions) -> Ranking {
    let n = docs.len();
    let prints: Vec<copies::Print> =
        crate::parallel::map_items(docs, options.threads, |d| copies::Print::of(d));
    // Exact copies never reach the index (nor weigh on its document frequencies).
    let mut copy_of = copies::exact(&prints);
    let indexed: Vec<usize> = (0..n).filter(|&i| copy_of[i].is_none()).collect();
    let index = StemIndex::build(
        &indexed.iter().map(|&i| docs[i]).collect::<Vec<_>>(),
        options.threads,
    );
    let mut candidates = index.candidates(options.prefilter);
    for c in &mut candidates {
        (c.a, c.b) = (indexed[c.a], indexed[c.b]);
    }
    // Near-exact copies, among the pairs that passed: grouped, the first of a group kept.
    let near = candidates
        .iter()
        .filter(|c| copies::near(&prints[c.a], &prints[c.b]))
        .map(|c| (c.a, c.b));
    for group in stories::components(n, near) {
        for &a in &group[1..] {
            copy_of[a] = Some(group[0]);
        }
    }
    // An exact copy of a near-exact copy is a copy of the latter's original.
    for i in 0..n {
        if let Some(c) = copy_of[i] {
            copy_of[i] = Some(copy_of[c].unwrap_or(c));
        }
    }
    candidates.retain(|c| copy_of[c.a].is_none() && copy_of[c.b].is_none());
    let mut pairs: Vec<Pair> = crate::parallel::map_items(&candidates, options.threads, |c| {
        let alignment = align(docs[c.a], docs[c.b], &options.align);
        Pair {
            a: c.a,
            b: c.b,
            cosine: c.cosine,
            shared: score::shared_content(docs[c.a], docs[c.b], &alignment),
            links: alignment.links.len(),
            same_story: false,
        }
    });
    let clear = clear_closest(n, &pairs, options.clear_margin);
    for (k, p) in pairs.iter_mut().enumerate() {
        let clear_for_one = clear[p.a] == Some(k) || clear[p.b] == Some(k);
        p.same_story = p.shared >= options.strong || (clear_for_one && p.shared >= options.weak);
    }
    pairs.sort_by(|x, y| {
        y.shared
            .total_cmp(&x.shared)
            .then(x.a.cmp(&y.a))
            .then(x.b.cmp(&y.b))
    });
    let copied = (0..n).filter_map(|i| copy_of[i].map(|c| (c, i)));
    let groups = stories::components(
        n,
        pairs
            .iter()
            .filter(|p| p.same_story)
            .map(|p| (p.a, p.b))
            .chain(copied),
    );
    let mut story_of = vec![0; n];
    for (g, members) in groups.iter().enumerate() {
        for &a in members {
            story_of[a] = g;
        }
    }
    let mut stories: Vec<Story> = groups
        .into_iter()
        .map(|articles| Story {
            articles,
            pairs: Vec::new(),
        })
        .collect();
    for (k, p) in pairs.iter().enumerate() {
        if story_of[p.a] == story_of[p.b] {
            stories[story_of[p.a]].pairs.push(k);
        }
    }
    // Pairs are sorted, so a story's first pair is its best; stories without one go last.
    stories.sort_by_key(|s| {
        (
            s.pairs.first().copied().unwrap_or(usize::MAX),
            s.articles[0],
        )
    });
    for (g, s) in stories.iter().enumerate() {
        for &a in &s.articles {
            story_of[a] = g;
        }
    }
    Ranking {
        pairs,
        stories,
        story_of,
        copy_of,
    }
}

/// For each article, its pair with the closest article in vocabulary, when that article is
/// clearly closer than any other (its cosine at least `margin` times the runner-up's); `None`
/// when two are about as close (an article on the subject but about another event sits about
/// as close to every story on the subject).
fn clear_closest(n: usize, pairs: &[Pair], margin: f32) -> Vec<Option<usize>> {
    // (best pair, best cosine, runner-up cosine) per article.
    let mut best: Vec<(Option<usize>, f32, f32)> = vec![(None, 0.0, 0.0); n];
    for (k, p) in pairs.iter().enumerate() {
        for me in [p.a, p.b] {
            let b = &mut best[me];
            if b.0.is_none() || p.cosine > b.1 {
                *b = (Some(k), p.cosine, b.1);
            } else if p.cosine > b.2 {
                b.2 = p.cosine;
            }
        }
    }
    best.into_iter()
        .map(|(k, first, second)| k.filter(|_| first >= margin * second))
        .collect()
}

/// Articles with their ranking: what the picker shows and `rank` prints.
#[derive(Debug, Clone)]
pub struct Library {
    /// The articles, in the order given (a folder's: by file name).
    pub articles: Vec<Article>,
    /// Stories and ranked pairs.
    pub ranking: Ranking,
}

impl Library {
    /// Summarises and ranks `docs`.
    pub fn new(docs: Vec<Document>, options: &RankOptions) -> Library {
        let ranking = rank(&docs.iter().collect::<Vec<_>>(), options);
        Library {
            articles: docs.into_iter().map(Article::new).collect(),
            ranking,
        }
    }

    /// The story holding `article`.
    pub fn story_of(&self, article: usize) -> Option<&Story> {
        self.ranking
            .story_of
            .get(article)
            .and_then(|&s| self.ranking.stories.get(s))
    }

    /// The article of `article`'s story that follows it (wrapping), never `other` (the
    /// article on the other side); `None` when the story has nothing else to offer.
    pub fn next_in_story(&self, article: usize, other: usize) -> Option<usize> {
        let members = &self.story_of(article)?.articles;
        let at = members.iter().position(|&a| a == article)?;
        (1..members.len())
            .map(|k| members[(at + k) % members.len()])
            .find(|&a| a != other)
    }

    /// The aligned pair of articles `a` and `b`, if they were aligned.
    pub fn pair(&self, a: usize, b: usize) -> Option<&Pair> {
        let (a, b) = (a.min(b), a.max(b));
        self.ranking.pairs.iter().find(|p| p.a == a && p.b == b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{LoadOptions, load_bytes};

    fn doc(name: &str, text: &str) -> Document {
        load_bytes(name, text.as_bytes(), &LoadOptions::default()).expect("doc")
    }

    fn library() -> Library {
        let harbour = "The minister visited the harbour city of Wonsan on Saturday. He praised \
            the alliance between the two countries. Soldiers were sent to the front in large \
            numbers. The talks lasted for three hours.";
        let retold = "On Saturday the minister came to Wonsan, a harbour city. He praised the \
            alliance of both countries. Large numbers of soldiers were sent to the front. The \
            talks went on for three hours.";
        let bakers = "Bakers in the valley sell bread and cakes at the weekly market. Prices \
            rose after a poor harvest of wheat. The mayor promised help for the mills.";
        Library::new(
            vec![
                doc("a.txt", harbour),
                doc("b.txt", bakers),
                doc("c.txt", retold),
            ],
            &RankOptions::default(),
        )
    }

    #[test]
    fn retellings_share_a_story_and_the_unrelated_article_stays_alone() {
        let lib = library();
        let r = &lib.ranking;
        assert_eq!(r.stories.len(), 2);
        assert_eq!(r.stories[0].articles, vec![0, 2]);
        assert_eq!(r.stories[1].articles, vec![1]);
        assert_eq!(r.story_of, vec![0, 1, 0]);
        let best = &r.pairs[r.stories[0].pairs[0]];
        assert_eq!((best.a, best.b), (0, 2));
        assert!(best.same_story && best.shared > 0.3, "{best:?}");
        assert!(lib.pair(2, 0).is_some());
    }

    #[test]
    fn next_in_story_wraps_and_never_offers_the_other_side() {
        let lib = library();
        assert_eq!(lib.next_in_story(0, 1), Some(2));
        assert_eq!(lib.next_in_story(2, 1), Some(0));
        assert_eq!(lib.next_in_story(0, 2), None, "only the other side is left");
        assert_eq!(lib.next_in_story(1, 0), None, "a story of one");
        assert_eq!(lib.next_in_story(7, 0), None);
    }
}
