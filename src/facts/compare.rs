//! Pairs the facts of two documents and reports where they differ.
//!
//! Numbers and quotations are paired greedily, strongest evidence first: the same value (or
//! words) in linked passages, the same value anywhere, a different value in linked passages,
//! then — for counts of the same thing only — a different value anywhere ("the same slot").
//! Candidates come from indexes (by link, by value, by head noun, by shared word), so the work
//! stays near-linear in the number of facts; a head noun counted more than [`SLOT_LIMIT`]
//! times a side is paired by value and by link only, and a link or a value with more than
//! [`SLOT_LIMIT`] figures offers each figure only the [`WINDOW`] at its place in the list.

use std::collections::BTreeMap;

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use super::name::{Name, fold, names_in};
use super::number::{Measure, Quantity, quantities_in};
use super::quote::{Quotation, quotations};
use super::source::{Attribution, attributions_in};
use super::token::tokens;
use super::{Facts, Finding, FindingKind, Mention, one_sided};
use crate::align::language::Analyzer;
use crate::align::word_diff::Mark;
use crate::align::{Alignment, LinkIndex};
use crate::load::Document;
use crate::load::normalize::lowered_key;
use crate::parallel::map_chunks;
use crate::progress::{BATCH, Cancelled, Progress, Stage};

/// Above this many figures of one head noun (or one value) on a side, figures are not paired
/// through that index; nor are quotations through a word in more quotations than this.
pub const SLOT_LIMIT: usize = 200;

/// A sentence's word count that says "this many or more" (see `Side::words`).
const MANY_WORDS: u8 = u8::MAX;

/// How many figures of an over-long list (a link's, a value's) one figure is set against.
pub const WINDOW: usize = 64;

/// One document's facts.
pub(super) struct Side<'a> {
    pub(super) doc: &'a Document,
    pub(super) quantities: Vec<Quantity>,
    pub(super) quotes: Vec<Quotation>,
    /// Attributions, by sentence: only sentences that credit a source have any, so the list
    /// holds nothing for the others (a book of short lines has millions).
    sources: Vec<Attribution>,
    /// Names, in reading order.
    names: Vec<Name>,
    /// Words in each sentence (as [`crate::words::count`]), counted from the tokens the
    /// readers split it into: what says whether the two sides share little. A byte each,
    /// [`MANY_WORDS`] for that many or more: a book of one-word lines has tens of millions of
    /// sentences, and the count is held while they are aligned.
    words: Vec<u8>,
    /// Link index per sentence.
    link: LinkIndex,
}

impl<'a> Side<'a> {
    /// Reads `doc`'s facts; the link index is set once the alignment is known.
    fn read(
        doc: &'a Document,
        analyzer: &Analyzer,
        progress: &Progress,
    ) -> Result<Side<'a>, Cancelled> {
        // Sentence by sentence, independent: split across cores, results in order. Each
        // sentence is split into words once for all three readers. A chunk gathers what its
        // sentences hold, rather than a record for each sentence.
        #[derive(Default)]
        struct Read {
            quantities: Vec<Quantity>,
            sources: Vec<Attribution>,
            names: Vec<Name>,
            words: Vec<u8>,
        }
        let read: Vec<Read> = map_chunks(0..doc.sentences.len(), |range| {
            let mut read = Read {
                words: Vec::with_capacity(range.len()),
                ..Read::default()
            };
            progress.each(range, |i| {
                let text = doc.sentences.at(i).text;
                let t = tokens(text);
                // The tokens leave spaces out, and a space holds no letter or digit.
                let words = t.iter().filter(|w| w.is_word()).count();
                read.words.push(words.min(MANY_WORDS.into()) as u8);
                read.quantities.extend(quantities_in(i, &t, analyzer));
                read.sources.extend(attributions_in(i, text, &t, analyzer));
                read.names.extend(names_in(i, text, &t, analyzer));
            });
            vec![read]
        });
        progress.check()?;
        // Sized at once: grown by doubling, a book's lists were copied again and again.
        let total = |len: fn(&Read) -> usize| read.iter().map(len).sum::<usize>();
        let mut q = Vec::with_capacity(total(|r| r.quantities.len()));
        let mut sources = Vec::with_capacity(total(|r| r.sources.len()));
        let mut names = Vec::with_capacity(total(|r| r.names.len()));
        let mut words = Vec::with_capacity(doc.sentences.len());
        for read in read {
            q.extend(read.quantities);
            sources.extend(read.sources);
            names.extend(read.names);
            words.extend(read.words);
        }
        Ok(Side {
            doc,
            quantities: q,
            quotes: quotations(doc),
            sources,
            names,
            words,
            link: LinkIndex::default(),
        })
    }

    fn mention(&self, sentence: usize, range: std::ops::Range<usize>) -> Mention {
        let text = self
            .doc
            .sentences
            .get(sentence)
            .and_then(|s| s.text.get(range.clone()))
            .unwrap_or_default()
            .to_owned();
        Mention {
            marks: vec![Mark { sentence, range }],
            text,
            quantity: None,
        }
    }

    pub(super) fn number(&self, k: usize) -> Mention {
        let q = &self.quantities[k];
        Mention {
            quantity: Some(q.clone()),
            ..self.mention(q.sentence, q.range.clone())
        }
    }

    pub(super) fn quote(&self, k: usize) -> Mention {
        let q = &self.quotes[k];
        Mention {
            marks: q.marks.clone(),
            text: q.text.clone(),
            quantity: None,
        }
    }

    /// The attributions of `sentence`, in reading order.
    fn sources_of(&self, sentence: usize) -> &[Attribution] {
        let start = self.sources.partition_point(|a| a.sentence < sentence);
        let len = self.sources[start..].partition_point(|a| a.sentence == sentence);
        &self.sources[start..start + len]
    }

    fn link_of(&self, sentence: usize) -> Option<usize> {
        self.link.get(sentence)
    }

    fn links_of(&self, sentences: impl IntoIterator<Item = usize>) -> HashSet<usize> {
        sentences
            .into_iter()
            .filter_map(|s| self.link.get(s))
            .collect()
    }
}

/// What the facts read of two documents before they are compared: each side's figures,
/// quotations, sources and names, and the language they are read in. Made of the documents
/// alone, it can be read while they are aligned ([`Facts::of_reading`]).
pub struct Reading<'a> {
    analyzer: Analyzer,
    left: Side<'a>,
    right: Side<'a>,
}

impl<'a> Reading<'a> {
    /// Reads the facts of `left` and `right`, reporting into `progress` as
    /// [`Stage::Facts`] (the comparison adds to the same count).
    ///
    /// # Errors
    /// [`Cancelled`] once `progress` is cancelled.
    pub fn of(
        left: &'a Document,
        right: &'a Document,
        progress: &Progress,
    ) -> Result<Reading<'a>, Cancelled> {
        let analyzer = Analyzer::detect(&crate::align::language_sample(left, right));
        Reading::in_language(left, right, analyzer, progress)
    }

    /// [`Reading::of`], read beside `work` (the documents' alignment, which leaves a core idle
    /// at times): the reading reports into a progress of its own, shown to nobody, cancelled
    /// with `progress` and as soon as `work` fails or panics.
    ///
    /// # Errors
    /// `work`'s error, or [`Cancelled`] once `progress` is cancelled.
    pub fn beside<T: Send, E: From<Cancelled> + Send>(
        left: &'a Document,
        right: &'a Document,
        progress: &Progress,
        work: impl FnOnce() -> Result<T, E> + Send,
    ) -> Result<(T, Reading<'a>), E> {
        let (done, read) = beside(progress, work, |reading| Reading::of(left, right, reading));
        Ok((done?, read?))
    }

    /// Whether this is the reading of `left` and `right` (the very documents, not equal ones).
    pub fn is_of(&self, left: &Document, right: &Document) -> bool {
        std::ptr::eq(self.left.doc, left) && std::ptr::eq(self.right.doc, right)
    }

    /// [`Reading::of`] with the language given.
    fn in_language(
        left: &'a Document,
        right: &'a Document,
        analyzer: Analyzer,
        progress: &Progress,
    ) -> Result<Reading<'a>, Cancelled> {
        // Units: each sentence read, on both sides; the figures and quotations to pair are
        // added once they are known.
        let sentences = (left.sentences.len() + right.sentences.len()) as u64;
        progress.begin(Stage::Facts, sentences);
        let l = Side::read(left, &analyzer, progress)?;
        let r = Side::read(right, &analyzer, progress)?;
        Ok(Reading {
            analyzer,
            left: l,
            right: r,
        })
    }

    /// The words of each side's sentences ([`crate::align::word_counts`]).
    pub(super) fn word_counts(&self) -> (Vec<u32>, Vec<u32>) {
        let counts = |side: &Side| -> Vec<u32> {
            side.words
                .iter()
                .enumerate()
                .map(|(i, &n)| match n {
                    // Long sentences are few: counted again.
                    MANY_WORDS => crate::words::count(side.doc.sentences.at(i).text) as u32,
                    n => n.into(),
                })
                .collect()
        };
        (counts(&self.left), counts(&self.right))
    }
}

/// `work` and `side` at once, `side` with a progress of its own (beside `progress`) that is
/// cancelled as soon as `work` fails or panics: a book's facts are not read to the end for
/// an alignment that will never come.
fn beside<T: Send, E: Send, S: Send>(
    progress: &Progress,
    work: impl FnOnce() -> Result<T, E> + Send,
    side: impl FnOnce(&Progress) -> S + Send,
) -> (Result<T, E>, S) {
    /// Cancels its progress when dropped armed: on an error, and while a panic unwinds.
    struct Stop<'p>(&'p Progress, bool);
    impl Drop for Stop<'_> {
        fn drop(&mut self) {
            if self.1 {
                self.0.cancel();
            }
        }
    }
    let reading = progress.beside();
    crate::parallel::join(
        || {
            let mut stop = Stop(&reading, true);
            let done = work();
            stop.1 = done.is_err();
            done
        },
        || side(&reading),
    )
}

/// Compares the facts of two aligned documents (see [`Facts::of`]), read already, reporting
/// into `progress` as [`Stage::Facts`] (going on from the reading's count when the reading
/// reported into it too). When they share little (`shares_little`), figures that differ are
/// paired only inside linked passages and sources are compared only there.
///
/// # Errors
/// [`Cancelled`] once `progress` is cancelled.
pub fn compare(
    reading: Reading,
    alignment: &Alignment,
    shares_little: bool,
    progress: &Progress,
) -> Result<Facts, Cancelled> {
    let Reading {
        analyzer,
        left: mut l,
        right: mut r,
    } = reading;
    if progress.snapshot().stage != Stage::Facts {
        // Read on another progress (beside the alignment): counted as done here.
        let sentences = (l.doc.sentences.len() + r.doc.sentences.len()) as u64;
        progress.begin(Stage::Facts, sentences);
        progress.advance(sentences);
    }
    let analyzer = &analyzer;
    l.link = alignment.left_index(l.doc.sentences.len());
    r.link = alignment.right_index(r.doc.sentences.len());
    progress.add_total((l.quantities.len() + l.quotes.len()) as u64);
    // Name variants need nothing the rest finds: on a book, each takes a while on one core.
    let (facts, variants) = crate::parallel::join(
        || figures_and_sources(&l, &r, alignment, analyzer, shares_little, progress),
        || name_variants(&l, &r, progress),
    );
    let mut facts = facts?;
    facts.findings.extend(variants?);
    let first = |f: &Finding| {
        let side = |ms: &[Mention]| ms.first().and_then(Mention::sentence);
        (
            side(&f.left).unwrap_or(usize::MAX),
            side(&f.right).unwrap_or(usize::MAX),
        )
    };
    facts.findings.sort_by_key(|f| (f.kind, first(f)));
    Ok(facts)
}

/// The findings on figures, quotations and sources of two sides read.
fn figures_and_sources(
    l: &Side,
    r: &Side,
    alignment: &Alignment,
    analyzer: &Analyzer,
    shares_little: bool,
    progress: &Progress,
) -> Result<Facts, Cancelled> {
    let mut terms = Terms::new(analyzer);
    let mut facts = Facts {
        shares_little,
        ..Facts::default()
    };
    // Sentence pairs whose sources are compared: (left sentences, right sentences).
    let mut source_pairs: Vec<(Vec<usize>, Vec<usize>)> = Vec::new();
    // Articles that share little may tell different events: a figure or quotation found on
    // both sides outside linked passages says nothing about who was credited for one event.
    let compare_sources_of = |ls: &[usize], rs: &[usize]| {
        !shares_little
            || !l
                .links_of(ls.iter().copied())
                .is_disjoint(&r.links_of(rs.iter().copied()))
    };

    // Head nouns are words of their article's language: across two languages ("46-year-old",
    // "46-jährige") they cannot say whether two figures count the same thing.
    let same_language = match alignment.languages {
        (Some(a), Some(b)) => a == b,
        _ => true,
    };
    let (pairs, shared) = pair_numbers(l, r, &mut terms, shares_little, same_language, progress)?;
    facts.shared_numbers = shared;
    let mut matched = (
        vec![false; l.quantities.len()],
        vec![false; r.quantities.len()],
    );
    for (a, b, agree) in pairs {
        matched.0[a] = true;
        matched.1[b] = true;
        let (ls, rs) = (
            vec![l.quantities[a].sentence],
            vec![r.quantities[b].sentence],
        );
        if compare_sources_of(&ls, &rs) {
            source_pairs.push((ls, rs));
        }
        if !agree {
            facts.findings.push(Finding {
                kind: FindingKind::Number,
                left: vec![l.number(a)],
                right: vec![r.number(b)],
                similarity: None,
            });
        }
    }
    one_sided::numbers(l, r, &matched.0, true, same_language, &mut facts);
    one_sided::numbers(r, l, &matched.1, false, same_language, &mut facts);

    let (pairs, shared) = pair_quotes(l, r, analyzer, progress)?;
    facts.shared_quotes = shared;
    let mut quoted = (vec![false; l.quotes.len()], vec![false; r.quotes.len()]);
    for (a, b, similarity) in pairs {
        quoted.0[a] = true;
        quoted.1[b] = true;
        let sentences = |q: &Quotation| q.marks.iter().map(|m| m.sentence).collect::<Vec<_>>();
        let (ls, rs) = (sentences(&l.quotes[a]), sentences(&r.quotes[b]));
        if compare_sources_of(&ls, &rs) {
            source_pairs.push((ls, rs));
        }
        if let Some(similarity) = similarity {
            facts.findings.push(Finding {
                kind: FindingKind::Quote,
                left: vec![l.quote(a)],
                right: vec![r.quote(b)],
                similarity: Some(similarity),
            });
        }
    }
    one_sided::quotes(l, r, &quoted.0, true, &mut facts);
    one_sided::quotes(r, l, &quoted.1, false, &mut facts);

    // Then every link, borrowed: a book of short lines has millions.
    let links = alignment
        .links
        .iter()
        .map(|link| (&link.left[..], &link.right[..]));
    let pairs = source_pairs
        .iter()
        .map(|(ls, rs)| (&ls[..], &rs[..]))
        .chain(links);
    compare_sources(l, r, pairs, &mut facts);
    Ok(facts)
}

/// Content terms per sentence, computed once each, and the similarity of each sentence pair,
/// computed once each: many figures of one sentence pair share one score.
struct Terms<'a> {
    analyzer: &'a Analyzer,
    /// Each term met, numbered: a sentence's terms are a sorted list of numbers, not a set
    /// of strings (a book's figures bring tens of thousands of sentences in).
    ids: HashMap<String, u32>,
    left: HashMap<usize, Vec<u32>>,
    right: HashMap<usize, Vec<u32>>,
    pairs: HashMap<(usize, usize), f32>,
}

impl<'a> Terms<'a> {
    fn new(analyzer: &'a Analyzer) -> Terms<'a> {
        Terms {
            analyzer,
            ids: HashMap::new(),
            left: HashMap::new(),
            right: HashMap::new(),
            pairs: HashMap::new(),
        }
    }

    /// The content terms of `doc`'s `sentence` (none for a sentence it lacks) into `cache`,
    /// if they are not there yet: distinct, ascending.
    fn of(
        analyzer: &Analyzer,
        ids: &mut HashMap<String, u32>,
        cache: &mut HashMap<usize, Vec<u32>>,
        doc: &Document,
        sentence: usize,
    ) {
        cache.entry(sentence).or_insert_with(|| {
            let Some(s) = doc.sentences.get(sentence) else {
                return Vec::new();
            };
            let mut terms = Vec::new();
            analyzer.each_term(&lowered_key(s.text), |stem, _| {
                if stem.starts_with('#') {
                    return;
                }
                let id = match ids.get(stem) {
                    Some(&id) => id,
                    None => {
                        let id = ids.len() as u32;
                        ids.insert(stem.to_owned(), id);
                        id
                    }
                };
                terms.push(id);
            });
            terms.sort_unstable();
            terms.dedup();
            terms
        });
    }

    /// Dice overlap of two sentences' content terms.
    fn similarity(&mut self, l: &Document, a: usize, r: &Document, b: usize) -> f32 {
        if let Some(&d) = self.pairs.get(&(a, b)) {
            return d;
        }
        Terms::of(self.analyzer, &mut self.ids, &mut self.left, l, a);
        Terms::of(self.analyzer, &mut self.ids, &mut self.right, r, b);
        let d = match (self.left.get(&a), self.right.get(&b)) {
            (Some(x), Some(y)) => sorted_dice(x, y),
            _ => 0.0,
        };
        self.pairs.insert((a, b), d);
        d
    }
}

/// Dice overlap of two sets.
fn dice(x: &HashSet<String>, y: &HashSet<String>) -> f32 {
    if x.is_empty() && y.is_empty() {
        return 0.0;
    }
    2.0 * x.intersection(y).count() as f32 / (x.len() + y.len()) as f32
}

/// [`dice`] of two sets given as lists, each distinct and ascending.
fn sorted_dice(x: &[u32], y: &[u32]) -> f32 {
    if x.is_empty() && y.is_empty() {
        return 0.0;
    }
    2.0 * crate::align::sorted_ids::shared(x, y) as f32 / (x.len() + y.len()) as f32
}

/// Number pairs `(left, right, agree)`, and how many agree. With `linked_only`, figures that
/// differ are paired only inside linked passages. Without `same_language`, head nouns are not
/// compared: every figure is taken as if one side left unsaid what it counts.
fn pair_numbers(
    l: &Side,
    r: &Side,
    terms: &mut Terms,
    linked_only: bool,
    same_language: bool,
    progress: &Progress,
) -> Result<Paired<bool>, Cancelled> {
    let value_key = |q: &Quantity| (q.high * 1000.0).round() as i64;
    let mut by_link: HashMap<usize, Vec<usize>> = HashMap::new();
    let mut by_value: HashMap<i64, Vec<usize>> = HashMap::new();
    let mut by_unit: HashMap<&str, Vec<usize>> = HashMap::new();
    for (b, q) in r.quantities.iter().enumerate() {
        if let Some(k) = r.link.get(q.sentence) {
            by_link.entry(k).or_default().push(b);
        }
        by_value.entry(value_key(q)).or_default().push(b);
        if let Some(u) = &q.unit {
            by_unit.entry(u.as_str()).or_default().push(b);
        }
    }
    // Each left figure's rank among the left figures of its link and of its value, and how
    // many those are: where to look in a right list too long to take whole.
    let mut left_units: HashMap<&str, usize> = HashMap::new();
    let mut link_count: HashMap<usize, usize> = HashMap::new();
    let mut value_count: HashMap<i64, usize> = HashMap::new();
    let mut rank = Vec::with_capacity(l.quantities.len());
    for q in &l.quantities {
        if let Some(u) = &q.unit {
            *left_units.entry(u.as_str()).or_default() += 1;
        }
        let in_link = l.link_of(q.sentence).map(|k| {
            let n = link_count.entry(k).or_default();
            *n += 1;
            *n - 1
        });
        let n = value_count.entry(value_key(q)).or_default();
        *n += 1;
        rank.push((in_link, *n - 1));
    }
    // (priority, context, -distance) for each candidate pair.
    let mut cands: Vec<Candidate> = Vec::new();
    let mut seen = HashSet::new();
    let mut pool: Vec<usize> = Vec::new();
    for (a, lq) in l.quantities.iter().enumerate() {
        if a % BATCH == 0 {
            progress.check()?;
            progress.advance(BATCH.min(l.quantities.len() - a) as u64);
        }
        let link = l.link.get(lq.sentence);
        seen.clear();
        pool.clear();
        if let Some(k) = link
            && let Some(list) = by_link.get(&k)
        {
            let of = link_count.get(&k).copied().unwrap_or(1);
            pool.extend(window(list, rank[a].0.unwrap_or(0), of));
        }
        if let Some(list) = by_value.get(&value_key(lq)) {
            let of = value_count.get(&value_key(lq)).copied().unwrap_or(1);
            pool.extend(window(list, rank[a].1, of));
        }
        if let Some(u) = &lq.unit
            && let Some(list) = by_unit.get(u.as_str())
            && list.len() <= SLOT_LIMIT
            && left_units.get(u.as_str()).is_some_and(|&n| n <= SLOT_LIMIT)
        {
            pool.extend(list);
        }
        for &b in &pool {
            if !seen.insert(b) {
                continue;
            }
            let rq = &r.quantities[b];
            if lq.measure != rq.measure {
                continue;
            }
            let linked = link.is_some() && link == r.link_of(rq.sentence);
            let same_unit = same_language && lq.unit.is_some() && lq.unit == rq.unit;
            let either_bare = !same_language || lq.unit.is_none() || rq.unit.is_none();
            let agree = lq.agrees_with(rq);
            // Two different counts of soldiers in articles about different events are two
            // counts, not two estimates of one.
            if linked_only && !agree && !linked {
                continue;
            }
            let big = lq.high >= 100.0;
            let priority = if agree && linked && (same_unit || either_bare || big) {
                4
            } else if agree && (same_unit || lq.measure != Measure::Amount || (big && either_bare))
            {
                3
            } else if agree && big && lq.measure == Measure::Amount {
                // "30,000 North Koreans" and "30,000 soldiers".
                2
            } else if !agree && linked && (same_unit || either_bare) {
                2
            } else if !agree && same_unit && lq.measure == Measure::Amount && close(lq, rq) {
                1
            } else {
                continue;
            };
            let context = terms.similarity(l.doc, lq.sentence, r.doc, rq.sentence);
            cands.push((priority, context, a, b, agree));
        }
    }
    let pairs = greedy(cands, l.quantities.len(), r.quantities.len());
    let shared = pairs.iter().filter(|p| p.2).count();
    Ok((pairs, shared))
}

/// The part of `list` (a right side's figures of one link or one value, or its quotations of
/// the same words, in reading order) a left item looks at: all of it up to [`SLOT_LIMIT`];
/// beyond, the [`WINDOW`] items around the place matching the left item's (`rank` of `of` on
/// its side), so a passage or a value given thousands of times costs a bounded amount per item
/// instead of the whole list.
fn window(list: &[usize], rank: usize, of: usize) -> &[usize] {
    if list.len() <= SLOT_LIMIT {
        return list;
    }
    let at = rank * list.len() / of.max(1);
    let start = at.saturating_sub(WINDOW / 2).min(list.len() - WINDOW);
    &list[start..start + WINDOW]
}

/// Pairs `(left, right, what the pair says)`, and how many of them are the same on both sides.
type Paired<T> = (Vec<(usize, usize, T)>, usize);

/// A possible pair: (priority, score, left index, right index, whether they agree).
type Candidate = (u8, f32, usize, usize, bool);

/// Pairs one to one, highest priority first, then highest score (ties by position): each
/// item is in at most one pair. Returns `(left, right, agree)`.
fn greedy(mut cands: Vec<Candidate>, left: usize, right: usize) -> Vec<(usize, usize, bool)> {
    cands.sort_by(|x, y| {
        y.0.cmp(&x.0)
            .then(y.1.total_cmp(&x.1))
            .then(x.2.cmp(&y.2))
            .then(x.3.cmp(&y.3))
    });
    let mut used_l = vec![false; left];
    let mut used_r = vec![false; right];
    let mut out = Vec::new();
    for (_, _, a, b, agree) in cands {
        if used_l[a] || used_r[b] {
            continue;
        }
        used_l[a] = true;
        used_r[b] = true;
        out.push((a, b, agree));
    }
    out
}

/// Whether two counts are near enough to be estimates of one figure (within a factor of 3).
fn close(a: &Quantity, b: &Quantity) -> bool {
    let (x, y) = (a.high.max(1e-9), b.high.max(1e-9));
    x / y <= 3.0 && y / x <= 3.0
}

/// A quotation's words, normalised for comparison (case, quote styles, punctuation).
pub(super) fn words(text: &str) -> Vec<String> {
    split_words(&lowered_key(text)).map(str::to_owned).collect()
}

/// The words of a [`lowered_key`] (what [`words`] copies), borrowed from it.
pub(super) fn split_words(lowered: &str) -> impl Iterator<Item = &str> {
    lowered
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// Quotation pairs `(left, right, similarity when worded differently)`, and how many are the
/// same words.
fn pair_quotes(
    l: &Side,
    r: &Side,
    analyzer: &Analyzer,
    progress: &Progress,
) -> Result<Paired<Option<f32>>, Cancelled> {
    let stems = |quotes: &[Quotation]| -> Vec<HashSet<String>> {
        map_chunks(0..quotes.len(), |range| {
            quotes[range]
                .iter()
                .map(|q| analyzer.terms(&q.text).into_iter().map(|t| t.key).collect())
                .collect()
        })
    };
    let (ls, rs) = (stems(&l.quotes), stems(&r.quotes));
    progress.check()?;
    let mut index: HashMap<&str, Vec<usize>> = HashMap::new();
    for (b, set) in rs.iter().enumerate() {
        for s in set {
            index.entry(s.as_str()).or_default().push(b);
        }
    }
    // A word in very many quotations is no evidence that two of them are the same one.
    index.retain(|_, list| list.len() <= SLOT_LIMIT);
    let r_links: Vec<HashSet<usize>> = r
        .quotes
        .iter()
        .map(|q| r.links_of(q.marks.iter().map(|m| m.sentence)))
        .collect();
    let r_words: Vec<Vec<String>> = map_chunks(0..r.quotes.len(), |range| {
        r.quotes[range].iter().map(|q| words(&q.text)).collect()
    });
    // A quotation of function words alone ("in", as in "climbing is „in“") has no terms to
    // be found by: it pairs with the same words on the other side, the k-th on one side
    // looking around the k-th on the other when they are many.
    let mut by_words: HashMap<&[String], Vec<usize>> = HashMap::new();
    for (b, w) in r_words.iter().enumerate() {
        if rs[b].is_empty() {
            by_words.entry(w.as_slice()).or_default().push(b);
        }
    }
    let mut termless: HashMap<Vec<String>, usize> = HashMap::new();
    let termless_rank: Vec<usize> = (0..l.quotes.len())
        .map(|a| {
            if !ls[a].is_empty() {
                return 0;
            }
            let n = termless.entry(words(&l.quotes[a].text)).or_default();
            *n += 1;
            *n - 1
        })
        .collect();
    // Each left quotation's candidates on its own, so they are found on every core.
    let candidates = |a: usize| -> Vec<Candidate> {
        let q = &l.quotes[a];
        let mut cands = Vec::new();
        let mut shared: HashMap<usize, usize> = HashMap::new();
        for s in &ls[a] {
            for &b in index.get(s.as_str()).into_iter().flatten() {
                *shared.entry(b).or_default() += 1;
            }
        }
        let links = l.links_of(q.marks.iter().map(|m| m.sentence));
        let lw = words(&q.text);
        if ls[a].is_empty()
            && let Some(list) = by_words.get(lw.as_slice())
        {
            let of = termless.get(&lw).copied().unwrap_or(1);
            for &b in window(list, termless_rank[a], of) {
                shared.entry(b).or_default();
            }
        }
        for (b, n) in shared {
            let smaller = ls[a].len().min(rs[b].len()).max(1);
            let larger = ls[a].len().max(rs[b].len()).max(1);
            let overlap = n as f32 / smaller as f32;
            let linked = !links.is_disjoint(&r_links[b]);
            let same = lw == r_words[b];
            let priority = if same {
                3
            } else if 3 * smaller < larger {
                // A few words quoted out of a long quotation are a fragment, not a rewording.
                continue;
            } else if smaller <= 2 {
                if linked && overlap >= 0.5 {
                    2
                } else {
                    continue;
                }
            } else if linked && overlap >= 0.3 {
                2
            } else if overlap >= 0.5 && n >= 3 {
                1
            } else {
                continue;
            };
            let dice = 2.0 * n as f32 / (ls[a].len() + rs[b].len()).max(1) as f32;
            cands.push((priority, dice, a, b, same));
        }
        cands
    };
    let cands: Vec<Candidate> = map_chunks(0..l.quotes.len(), |range| {
        progress
            .map(range, candidates)
            .into_iter()
            .flatten()
            .collect()
    });
    progress.check()?;
    let pairs = greedy(cands, l.quotes.len(), r.quotes.len());
    let same = pairs.iter().filter(|p| p.2).count();
    let out = pairs
        .into_iter()
        .map(|(a, b, same)| {
            let differ = (!same).then(|| {
                let x: HashSet<String> = words(&l.quotes[a].text).into_iter().collect();
                let y: HashSet<String> = words(&r.quotes[b].text).into_iter().collect();
                dice(&x, &y)
            });
            (a, b, differ)
        })
        .collect();
    Ok((out, same))
}

/// Reports sentence pairs about the same thing whose sources share nothing.
fn compare_sources<'p>(
    l: &Side,
    r: &Side,
    pairs: impl IntoIterator<Item = (&'p [usize], &'p [usize])>,
    facts: &mut Facts,
) {
    let mut reported = HashSet::new();
    // Many figures of one sentence pair give the same pair of sentences many times over.
    let mut done: HashSet<(&[usize], &[usize])> = HashSet::new();
    let credits = |side: &Side, ss: &[usize]| ss.iter().any(|&s| !side.sources_of(s).is_empty());
    for (ls, rs) in pairs {
        // Most pairs have no source on one side or the other (a book of short lines has
        // millions of links and few sources): nothing to compare, and nothing to remember.
        if !credits(l, ls) || !credits(r, rs) || !done.insert((ls, rs)) {
            continue;
        }
        let gather = |side: &Side, ss: &[usize]| -> Vec<Attribution> {
            ss.iter()
                .flat_map(|&s| side.sources_of(s))
                .cloned()
                .collect()
        };
        let a = gather(l, ls);
        let b = gather(r, rs);
        if a.is_empty() || b.is_empty() || a.iter().any(|x| b.iter().any(|y| x.same_source(y))) {
            continue;
        }
        let key = |xs: &[Attribution]| {
            xs.iter()
                .map(|x| (x.sentence, x.range.start))
                .collect::<Vec<_>>()
        };
        if !reported.insert((key(&a), key(&b))) {
            continue;
        }
        let mention = |side: &Side, x: &Attribution| side.mention(x.sentence, x.range.clone());
        facts.findings.push(Finding {
            kind: FindingKind::Source,
            left: a.iter().map(|x| mention(l, x)).collect(),
            right: b.iter().map(|x| mention(r, x)).collect(),
            similarity: None,
        });
    }
}

/// A finding for each name written in more than one way, on either side, in the order of
/// the names' folded keys.
fn name_variants(l: &Side, r: &Side, progress: &Progress) -> Result<Vec<Finding>, Cancelled> {
    // A book names thousands of people and places, nearly all spelt one way, and writes each
    // name many times: number each spelling (borrowed), fold each spelling once, and gather
    // the names only of the spellings that have variants.
    let mut ids: HashMap<&str, u32> = HashMap::new();
    let mut spellings: Vec<&str> = Vec::new();
    let mut spelling_of: [Vec<u32>; 2] = [Vec::new(), Vec::new()];
    for (side, names) in [l, r].iter().enumerate() {
        spelling_of[side].reserve_exact(names.names.len());
        for n in &names.names {
            let id = *ids.entry(n.text.as_str()).or_insert_with(|| {
                spellings.push(n.text.as_str());
                (spellings.len() - 1) as u32
            });
            spelling_of[side].push(id);
        }
        progress.check()?;
    }
    drop(ids);
    let mut groups: HashMap<String, Vec<u32>> = HashMap::with_capacity(spellings.len());
    for (id, text) in spellings.iter().enumerate() {
        groups.entry(fold(text)).or_default().push(id as u32);
    }
    progress.check()?;
    // In key order, as the findings of one kind and place stay (the sort below is stable).
    let mut keyed: Vec<(String, Vec<u32>)> = groups
        .into_iter()
        .filter(|(_, ids)| ids.len() >= 2)
        .collect();
    keyed.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    const NONE: u32 = u32::MAX;
    let mut variant_of = vec![NONE; spellings.len()];
    for (v, (_, ids)) in keyed.iter().enumerate() {
        for &id in ids {
            variant_of[id as usize] = v as u32;
        }
    }
    // Each variant's names on each side, in reading order.
    let mut variants: Vec<[Vec<&Name>; 2]> = vec![[Vec::new(), Vec::new()]; keyed.len()];
    for (side, names) in [l, r].iter().enumerate() {
        for (n, &id) in names.names.iter().zip(&spelling_of[side]) {
            let v = variant_of[id as usize];
            if v != NONE {
                variants[v as usize][side].push(n);
            }
        }
    }
    let mut findings = Vec::with_capacity(variants.len());
    for [ls, rs] in variants {
        // Each surface with its marks, surfaces in text order.
        let mentions = |names: Vec<&Name>| -> Vec<Mention> {
            let mut surfaces: BTreeMap<&str, Vec<Mark>> = BTreeMap::new();
            for n in names {
                surfaces.entry(n.text.as_str()).or_default().push(Mark {
                    sentence: n.sentence,
                    range: n.range.clone(),
                });
            }
            surfaces
                .into_iter()
                .map(|(text, marks)| Mention {
                    marks,
                    text: text.to_owned(),
                    quantity: None,
                })
                .collect()
        };
        findings.push(Finding {
            kind: FindingKind::NameVariants,
            left: mentions(ls),
            right: mentions(rs),
            similarity: None,
        });
    }
    Ok(findings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::number::quantities;
    use crate::load::{LoadOptions, load_bytes};

    fn doc(text: &str) -> Document {
        load_bytes("t.txt", text.as_bytes(), &LoadOptions::default()).expect("doc")
    }

    proptest::proptest! {
        /// The words the reading counts in each sentence, from its tokens, are the words a
        /// count of each sentence finds: the share of text linked is the same either way.
        #[test]
        fn the_words_counted_while_reading_are_each_sentence_s_words(
            text in "(Kursk|don't|U\\.S\\.|14,000|3\\.5|—|“Wir”|Zelenskyj’s|été|東京|🙂|co-op|\
                    said|--|\\.|,|!|\\?| |\n\n|(word ){250,260}){1,40}",
        ) {
            let Ok(d) = load_bytes("t.txt", text.as_bytes(), &LoadOptions::default()) else {
                return Ok(());
            };
            let reading = Reading::of(&d, &d, &Progress::new()).expect("read");
            let counted = crate::align::word_counts(&d);
            proptest::prop_assert_eq!(&reading.word_counts().0, &counted);
            proptest::prop_assert_eq!(&reading.word_counts().1, &counted);
        }
    }

    /// The facts of two English documents aligned by `alignment`.
    fn compared(l: &Document, r: &Document, alignment: &Alignment, shares_little: bool) -> Facts {
        let english = Analyzer::for_iso1("en");
        let reading = Reading::in_language(l, r, english, &Progress::new()).expect("not cancelled");
        compare(reading, alignment, shares_little, &Progress::new()).expect("never cancelled")
    }

    /// The facts of two English articles with no passage linked (figures can pair only by
    /// value or by being counts of the same thing), as between two reports of one story that
    /// word every sentence differently.
    fn unlinked(left: &str, right: &str) -> Facts {
        let (l, r) = (doc(left), doc(right));
        compared(&l, &r, &Alignment::default(), false)
    }

    fn numbers(facts: &Facts) -> Vec<(String, String)> {
        facts
            .findings
            .iter()
            .filter(|f| f.kind == FindingKind::Number)
            .map(|f| (f.wording(true), f.wording(false)))
            .collect()
    }

    /// Two counts of one thing set against each other must be estimates of one figure: 14,000
    /// soldiers against 500 is two different groups, not a disagreement (a reader would be sent
    /// to compare figures that have nothing to do with each other), and each is a figure only
    /// one side gives. Catches `close()` accepting a pair when only one of its two ratios is
    /// within the factor (`&&` turned into `||`).
    #[test]
    fn counts_far_apart_are_two_figures_not_one_disagreement() {
        let far = unlinked(
            "Officials said 14,000 soldiers were sent to the front.",
            "A reporter saw 500 soldiers at the station.",
        );
        assert_eq!(numbers(&far), vec![], "{:#?}", far.findings);
        let one_sided = far
            .findings
            .iter()
            .filter(|f| f.kind == FindingKind::OneSidedNumber)
            .count();
        assert_eq!(one_sided, 2, "{:#?}", far.findings);
        // Within a factor of three they are two estimates of one figure, either way round.
        for (a, b) in [("14,000", "12,000"), ("5,000", "14,000")] {
            let near = unlinked(
                &format!("Officials said {a} soldiers were sent to the front."),
                &format!("A reporter saw {b} soldiers at the station."),
            );
            assert_eq!(
                numbers(&near),
                vec![(format!("{a} soldiers"), format!("{b} soldiers"))],
                "{:#?}",
                near.findings
            );
        }
    }

    /// When one figure could pair with several, it pairs with the one said in the most similar
    /// words: the report of the same deployment, not a figure from another paragraph. Catches
    /// the greedy pairing taking the weakest context first.
    #[test]
    fn a_figure_pairs_with_the_one_in_the_most_similar_context() {
        let facts = unlinked(
            "Kyiv says 14,000 North Korean soldiers fought in the Kursk region.",
            "Analysts counted 12,000 soldiers guarding the capital's airport. \
             According to Kyiv, 13,000 North Korean soldiers fought in the Kursk region.",
        );
        assert_eq!(
            numbers(&facts),
            vec![(
                "14,000 North Korean soldiers".to_owned(),
                "13,000 North Korean soldiers".to_owned()
            )],
            "{:#?}",
            facts.findings
        );
    }

    /// The factor of three is the boundary: within it both ways round, beyond it either way.
    #[test]
    fn close_means_within_a_factor_of_three_both_ways() {
        let analyzer = Analyzer::for_iso1("en");
        let count = |text: &str| quantities(0, text, &analyzer).remove(0);
        let (a, b, c) = (
            count("3,000 soldiers"),
            count("9,000 soldiers"),
            count("9,100 soldiers"),
        );
        assert!(close(&a, &b) && close(&b, &a));
        assert!(!close(&a, &c) && !close(&c, &a));
    }

    /// The findings of two articles that share little, with only their first sentences
    /// linked: a careful reader compares the linked report and nothing else.
    fn sharing_little(left: &str, right: &str, shares_little: bool) -> Facts {
        let (l, r) = (doc(left), doc(right));
        let alignment = first_sentences_linked();
        compared(&l, &r, &alignment, shares_little)
    }

    /// An alignment with only the first sentences of each side linked.
    fn first_sentences_linked() -> Alignment {
        Alignment {
            links: vec![crate::align::Link {
                left: vec![0],
                right: vec![0],
                kind: crate::align::LinkKind::Changed,
                similarity: 0.5,
                manual: false,
            }],
            ..Alignment::default()
        }
    }

    fn of_kind(facts: &Facts, kind: FindingKind) -> Vec<&Finding> {
        facts.findings.iter().filter(|f| f.kind == kind).collect()
    }

    /// The wordings (left, right) of the findings of one kind.
    fn kinds(facts: &Facts, kind: FindingKind) -> Vec<(String, String)> {
        of_kind(facts, kind)
            .into_iter()
            .map(|f| (f.wording(true), f.wording(false)))
            .collect()
    }

    /// Articles that share little may tell different events: figures that differ are set
    /// against each other only inside linked passages, and sources only there, so a reader is
    /// not told that one event's 40 trams disagree with another's 50, nor that the mayor and
    /// the police disagree over buses that may be other buses. Between retellings (not sharing
    /// little) the unlinked figures and sources are compared as usual.
    #[test]
    fn articles_that_share_little_compare_facts_only_in_linked_passages() {
        let (left, right) = (
            "According to Kyiv, 14,000 soldiers crossed the river. \
             According to the mayor, 300 buses left the city. The mayor counted 40 trams.",
            "According to the BBC, 11,000 soldiers crossed the river. \
             According to the police, 300 buses left the city. The police counted 50 trams.",
        );
        let little = sharing_little(left, right, true);
        assert!(little.shares_little);
        let numbers = kinds(&little, FindingKind::Number);
        assert_eq!(
            numbers,
            vec![("14,000 soldiers".to_owned(), "11,000 soldiers".to_owned())],
            "{:#?}",
            little.findings
        );
        // Each wording carries its value (the JSON's `value`).
        let soldiers = little
            .findings
            .iter()
            .find(|f| f.kind == FindingKind::Number)
            .expect("the soldiers");
        let value = |m: &[Mention]| m.first().and_then(|m| m.quantity.as_ref()).map(|q| q.high);
        assert_eq!(
            (value(&soldiers.left), value(&soldiers.right)),
            (Some(14_000.0), Some(11_000.0))
        );
        let sources = kinds(&little, FindingKind::Source);
        assert_eq!(sources.len(), 1, "{sources:?}");
        assert!(
            sources[0].0.contains("Kyiv") && sources[0].1.contains("BBC"),
            "{sources:?}"
        );
        // The unlinked trams stand on their own sides.
        assert_eq!(
            kinds(&little, FindingKind::OneSidedNumber),
            vec![
                ("40 trams".to_owned(), String::new()),
                (String::new(), "50 trams".to_owned())
            ],
            "{:#?}",
            little.findings
        );
        let retold = sharing_little(left, right, false);
        assert!(!retold.shares_little);
        assert!(
            kinds(&retold, FindingKind::Number)
                .contains(&("40 trams".to_owned(), "50 trams".to_owned())),
            "{:#?}",
            retold.findings
        );
        let sources = kinds(&retold, FindingKind::Source);
        assert!(
            sources
                .iter()
                .any(|(l, r)| l.contains("mayor") && r.contains("police")),
            "{:#?}",
            retold.findings
        );
    }

    /// The context likeness that decides which figure pairs with which is the Dice
    /// coefficient: shared terms over the mean size, 0 with nothing to compare.
    #[test]
    fn context_likeness_is_the_dice_coefficient() {
        let set = |words: &[&str]| words.iter().map(|w| w.to_string()).collect::<HashSet<_>>();
        assert_eq!(
            dice(&set(&["army", "kursk"]), &set(&["kursk", "troops"])),
            0.5
        );
        assert_eq!(dice(&set(&["a", "b", "c"]), &set(&["a", "b", "c"])), 1.0);
        assert_eq!(dice(&set(&["a", "b", "c"]), &set(&["a"])), 0.5);
        assert_eq!(dice(&set(&["a"]), &set(&[])), 0.0);
        assert_eq!(dice(&set(&[]), &set(&[])), 0.0);
    }

    /// Figures in a linked passage are one report's figures: they are set against each other
    /// even when one side names no unit ("14,000 crossed" / "11,000 soldiers crossed"). Outside
    /// linked passages only counts of the same thing are, so the same two sentences unlinked
    /// leave the soldiers a figure only the right gives.
    #[test]
    fn a_bare_figure_pairs_with_a_counted_one_only_in_a_linked_passage() {
        let (left, right) = (
            "By Monday 14,000 had crossed the river.",
            "By Monday 11,000 soldiers had crossed the river.",
        );
        let linked = sharing_little(left, right, false);
        assert_eq!(
            kinds(&linked, FindingKind::Number),
            vec![("14,000".to_owned(), "11,000 soldiers".to_owned())],
            "{:#?}",
            linked.findings
        );
        let apart = unlinked(left, right);
        assert_eq!(kinds(&apart, FindingKind::Number), vec![]);
        assert!(
            kinds(&apart, FindingKind::OneSidedNumber)
                .contains(&(String::new(), "11,000 soldiers".to_owned())),
            "{:#?}",
            apart.findings
        );
    }

    /// The same large figure counted in other words ("30,000 North Koreans", "30,000
    /// soldiers") is one figure both sides give; the same small number of different things is
    /// a coincidence, two figures each only one side gives.
    #[test]
    fn the_same_large_figure_agrees_across_units_a_small_one_does_not() {
        let large = unlinked(
            "Pyongyang sent 30,000 North Koreans to the front.",
            "Kyiv said 30,000 soldiers were sent.",
        );
        assert_eq!(large.shared_numbers, 1, "{:#?}", large.findings);
        assert_eq!(kinds(&large, FindingKind::OneSidedNumber), vec![]);
        let small = unlinked(
            "Pyongyang sent 30 officers to the front.",
            "Kyiv said 30 tanks were sent.",
        );
        assert_eq!(small.shared_numbers, 0, "{:#?}", small.findings);
        assert_eq!(
            kinds(&small, FindingKind::OneSidedNumber).len(),
            2,
            "{:#?}",
            small.findings
        );
    }

    /// The same small figure agrees where it is the same count: in a linked passage even when
    /// one side leaves the thing counted unsaid, and anywhere when both count the same thing.
    #[test]
    fn the_same_small_figure_agrees_in_a_linked_passage_or_as_the_same_count() {
        let linked = sharing_little(
            "The rebels took 12 villages in the north.",
            "In the north the rebels took 12.",
            false,
        );
        assert_eq!(linked.shared_numbers, 1, "{:#?}", linked.findings);
        let counted = unlinked(
            "Officials said 12 villages were empty.",
            "A reporter walked through 12 villages.",
        );
        assert_eq!(counted.shared_numbers, 1, "{:#?}", counted.findings);
        assert_eq!(kinds(&counted, FindingKind::OneSidedNumber), vec![]);
        // A small bare number elsewhere is no count of the villages: a coincidence.
        let bare = unlinked(
            "By noon the rebels had taken 12.",
            "A reporter walked through 12 villages.",
        );
        assert_eq!(bare.shared_numbers, 0, "{:#?}", bare.findings);
    }

    /// A quotation both sides give in other words is a finding with how alike the wordings
    /// are; the same quotation word for word is shared, not a finding.
    #[test]
    fn quotations_pair_by_their_words() {
        let reworded = unlinked(
            "The minister said: \"We will never give up our land to anyone at all.\"",
            "According to the minister, \"we will never give our land to anyone.\"",
        );
        let quotes = of_kind(&reworded, FindingKind::Quote);
        assert_eq!(quotes.len(), 1, "{:#?}", reworded.findings);
        let alike = quotes[0].similarity.unwrap_or(0.0);
        assert!(alike > 0.5 && alike < 1.0, "{alike}");
        let same = unlinked(
            "The minister said: \"We will never give up our land.\"",
            "Later the minister said again: \"We will never give up our land.\"",
        );
        assert_eq!(same.shared_quotes, 1, "{:#?}", same.findings);
        assert!(
            same.findings
                .iter()
                .all(|f| f.kind != FindingKind::Quote && f.kind != FindingKind::OneSidedQuote),
            "{:#?}",
            same.findings
        );
    }

    /// A left figure looks at all of a short list, and at the part of a long one that matches
    /// its own place: the 700th of 1,000 figures near the 700th of 1,000, never past the end.
    #[test]
    fn a_long_list_is_looked_at_around_the_matching_place() {
        let short: Vec<usize> = (0..SLOT_LIMIT).collect();
        assert_eq!(window(&short, 150, 3), short.as_slice());
        let long: Vec<usize> = (0..1000).collect();
        let seen = window(&long, 700, 1000);
        assert_eq!(seen.len(), WINDOW);
        assert_eq!(seen[0], 700 - WINDOW / 2);
        // Half-way through a left side half as long: half-way through the right one.
        assert_eq!(window(&long, 250, 500)[WINDOW / 2], 500);
        assert_eq!(window(&long, 0, 1000)[0], 0);
        assert_eq!(window(&long, 999, 1000).last().copied(), Some(999));
        // A count of zero is taken as one; the window stays inside the list.
        assert_eq!(window(&long, 5, 0)[0], 1000 - WINDOW);
    }

    /// One name spelled two ways across the articles is a finding that lists both spellings;
    /// a name spelled one way everywhere is none.
    #[test]
    fn a_name_spelled_two_ways_is_listed_with_both_spellings() {
        let facts = unlinked(
            "Foreign Minister Sergei Lavrov met Kim Jong Un in Wonsan.",
            "Foreign Minister Sergey Lavrov later met Kim Jong Un in Wonsan.",
        );
        let variants = of_kind(&facts, FindingKind::NameVariants);
        assert_eq!(variants.len(), 1, "{:#?}", facts.findings);
        let spelled = |m: &[Mention]| m.iter().map(|m| m.text.clone()).collect::<Vec<_>>();
        assert_eq!(spelled(&variants[0].left), vec!["Sergei Lavrov".to_owned()]);
        assert_eq!(
            spelled(&variants[0].right),
            vec!["Sergey Lavrov".to_owned()]
        );
    }

    /// Facts read beside the alignment are the facts read after it; when the alignment
    /// fails, its error comes back, and a cancelled progress stops the reading.
    #[test]
    fn facts_read_beside_the_alignment_are_the_facts_read_after_it() {
        let l = doc(
            "The army sent 14,000 soldiers to Kursk, the minister said. \"We will win \
                     this war,\" he added. Vladimir Zelensky spoke.",
        );
        let r = doc(
            "Some 11,000 soldiers were sent to Kursk, according to the ministry. \
                     Volodymyr Zelenskyy spoke.",
        );
        let alignment = crate::align::align(&l, &r, &crate::align::AlignOptions::default());
        let progress = Progress::new();
        let align = || Ok::<_, Cancelled>(alignment.clone());
        let (aligned, reading) = Reading::beside(&l, &r, &progress, align).expect("read");
        let beside = Facts::of_reading(reading, &aligned, false, &progress).expect("compared");
        let after = Facts::of_story_with(&l, &r, &alignment, false, &progress).expect("compared");
        assert_eq!(beside, after);
        assert!(beside.findings.len() >= 2, "{:#?}", beside.findings);

        #[derive(Debug, PartialEq)]
        struct Failed;
        impl From<Cancelled> for Failed {
            fn from(_: Cancelled) -> Failed {
                panic!("the work failed first")
            }
        }
        let failed = Reading::beside(&l, &r, &progress, || Err::<(), _>(Failed));
        assert_eq!(failed.err(), Some(Failed));

        let cancelled = Progress::new();
        cancelled.cancel();
        let stopped = Reading::beside(&l, &r, &cancelled, || Ok::<_, Cancelled>(()));
        assert!(stopped.is_err());
    }

    /// What runs beside a failing or panicking alignment is cancelled at once, not left to
    /// read a book to its end.
    #[test]
    fn what_runs_beside_a_failed_work_is_cancelled() {
        use std::sync::atomic::{AtomicBool, Ordering};
        use std::time::{Duration, Instant};
        // Waits for the cancel; true only when none came within a minute.
        let ran_out = AtomicBool::new(false);
        let waits = |p: &Progress| {
            let start = Instant::now();
            while start.elapsed() < Duration::from_secs(60) {
                if p.check().is_err() {
                    return true;
                }
                std::thread::sleep(Duration::from_millis(1));
            }
            ran_out.store(true, Ordering::Relaxed);
            false
        };
        let progress = Progress::new();
        let (done, stopped) = beside(&progress, || Err::<(), _>("failed"), waits);
        assert_eq!((done, stopped), (Err("failed"), true));
        let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            beside(
                &progress,
                || -> Result<(), ()> { panic!("an alignment bug") },
                waits,
            )
        }));
        assert!(panicked.is_err());
        assert!(
            !ran_out.load(Ordering::Relaxed),
            "the side read on after a panic"
        );
        assert!(
            !progress.is_cancelled(),
            "the caller's progress is left as it was"
        );
    }

    /// Each name's spellings are gathered from both sides, each spelling once with every
    /// place it is written, in reading order; the findings come in the order of their names.
    #[test]
    fn each_spelling_is_listed_once_with_every_place_it_is_written() {
        let facts = unlinked(
            "Sergei Lavrov spoke first. Volodymyr Zelensky spoke later. Sergey Lavrov left \
             early. Sergei Lavrov came back.",
            "Volodymyr Zelenskyy answered. Sergey Lavrov said nothing. Volodymyr Zelensky \
             agreed.",
        );
        let variants = of_kind(&facts, FindingKind::NameVariants);
        let spelled = |m: &[Mention]| -> Vec<(String, Vec<usize>)> {
            m.iter()
                .map(|m| (m.text.clone(), m.marks.iter().map(|k| k.sentence).collect()))
                .collect()
        };
        let listed: Vec<_> = variants
            .iter()
            .map(|f| (spelled(&f.left), spelled(&f.right)))
            .collect();
        let owned = |v: &[(&str, &[usize])]| -> Vec<(String, Vec<usize>)> {
            v.iter()
                .map(|(t, s)| ((*t).to_owned(), s.to_vec()))
                .collect()
        };
        assert_eq!(
            listed,
            vec![
                (
                    owned(&[("Sergei Lavrov", &[0, 3]), ("Sergey Lavrov", &[2])]),
                    owned(&[("Sergey Lavrov", &[1])]),
                ),
                (
                    owned(&[("Volodymyr Zelensky", &[1])]),
                    owned(&[("Volodymyr Zelensky", &[2]), ("Volodymyr Zelenskyy", &[0])]),
                ),
            ],
            "{:#?}",
            facts.findings
        );
    }

    fn quote_findings(facts: &Facts) -> usize {
        of_kind(facts, FindingKind::Quote).len()
    }

    /// Two quotations sharing some of their words are one statement reworded when they stand
    /// in linked passages, and two statements when they do not; a few words quoted out of a
    /// long quotation are a fragment of it, not a rewording, linked or not.
    #[test]
    fn quotations_sharing_some_words_pair_only_when_linked_and_fragments_never() {
        let (left, right) = (
            "The governor said: \"We will rebuild every school and hospital in the region this year.\"",
            "The governor told reporters: \"Schools will reopen, but hospitals must wait for money and staff.\"",
        );
        let linked = sharing_little(left, right, false);
        assert_eq!(quote_findings(&linked), 1, "{:#?}", linked.findings);
        let apart = unlinked(left, right);
        assert_eq!(quote_findings(&apart), 0, "{:#?}", apart.findings);
        let fragment = sharing_little(
            "The governor said: \"We will never give up our land to anyone, whatever the cost, \
             however long it takes and whoever stands against us.\"",
            "The governor said he would \"never give up\" the land.",
            false,
        );
        assert_eq!(quote_findings(&fragment), 0, "{:#?}", fragment.findings);
    }

    /// A source only one side names is no disagreement over who said it, either way round.
    #[test]
    fn a_source_only_one_side_names_is_no_finding() {
        for (left, right) in [
            (
                "According to Kyiv, 14,000 soldiers crossed the river.",
                "By Monday 11,000 soldiers crossed the river.",
            ),
            (
                "By Monday 14,000 soldiers crossed the river.",
                "According to the BBC, 11,000 soldiers crossed the river.",
            ),
        ] {
            let facts = sharing_little(left, right, false);
            assert_eq!(kinds(&facts, FindingKind::Number).len(), 1);
            assert_eq!(
                kinds(&facts, FindingKind::Source),
                vec![],
                "{:#?}",
                facts.findings
            );
        }
    }

    /// A quotation of a word or two is one statement only in a linked passage (outside one,
    /// "historic" and "historical" are words anyone uses); a longer one outside a link must
    /// share half its words, not just three.
    #[test]
    fn short_quotations_pair_only_when_linked_and_long_ones_by_half_their_words() {
        let (left, right) = (
            "The minister called the treaty \"historic\" on Monday.",
            "The minister called the treaty \"historical\" on Monday.",
        );
        assert_eq!(quote_findings(&sharing_little(left, right, false)), 1);
        assert_eq!(quote_findings(&unlinked(left, right)), 0);
        let three_of_eight = unlinked(
            "He said: \"Farmers, bakers and teachers will march through the capital tomorrow and block the ring road by parliament.\"",
            "She said: \"Farmers, bakers and teachers deserve better pay and fair pensions now.\"",
        );
        assert_eq!(
            quote_findings(&three_of_eight),
            0,
            "{:#?}",
            three_of_eight.findings
        );
    }

    /// The one-sided findings of `kind`: each as its side ("left" or "right") and wording.
    fn one_sided(facts: &Facts, kind: FindingKind) -> Vec<(&'static str, String)> {
        of_kind(facts, kind)
            .into_iter()
            .map(|f| {
                if f.left.is_empty() {
                    ("right", f.right[0].text.clone())
                } else {
                    ("left", f.left[0].text.clone())
                }
            })
            .collect()
    }

    #[test]
    fn a_figure_the_other_side_gives_in_any_form_is_not_one_sided() {
        // Only the first sentences are linked, so the figures below are not paired; each is
        // looked for on the other side as it stands.
        let f = sharing_little(
            "The summit opened in the capital.\n\nThey counted 25,000 soldiers at the border.\n\nThey saw 40 tanks.\n",
            "The summit opened in the capital.\n\nOfficials said more than 20,000 were there.\n\nReporters saw 90 trucks.\n",
            true,
        );
        // 25,000 soldiers can be true with "more than 20,000" (of whatever: it names nothing);
        // 40 tanks cannot, and nothing on the left is 90 trucks.
        assert_eq!(
            one_sided(&f, FindingKind::OneSidedNumber),
            [
                ("left", "40 tanks".to_owned()),
                ("right", "90 trucks".to_owned())
            ]
        );
    }

    #[test]
    fn a_quotation_only_one_side_gives_is_one_sided_unless_said_there_unquoted() {
        let f = sharing_little(
            "The summit opened in the capital.\n\nHe called it “a historic day” then.\n\nShe spoke of “unbreakable friendship” too.\n\nThey promised “to stand together until the very end of this long war”.\n",
            "The summit opened in the capital.\n\nHe spoke of an unbreakable friendship.\n\nThey promised “to stand together until the very end of this long war”.\n",
            true,
        );
        // The short one the right side says unquoted is not one-sided; the long one is paired.
        assert_eq!(
            one_sided(&f, FindingKind::OneSidedQuote),
            [("left", "a historic day".to_owned())]
        );
    }

    /// Between articles that share little, a figure in a linked passage is set against the
    /// figures of that passage only: a different count of the same soldiers in a paragraph
    /// the other article tells apart is a figure of its own, not a disagreement. Catches the
    /// right figure's passage taken for the left one's (`link_of` always the first link).
    #[test]
    fn a_figure_in_a_linked_passage_is_not_set_against_one_outside_it() {
        let facts = sharing_little(
            "By Monday 14,000 soldiers had crossed the river.",
            "By Monday the soldiers had crossed the river. \
             Later the police counted 11,000 soldiers at the border.",
            true,
        );
        assert_eq!(kinds(&facts, FindingKind::Number), vec![]);
        assert_eq!(
            kinds(&facts, FindingKind::OneSidedNumber),
            vec![
                ("14,000 soldiers".to_owned(), String::new()),
                (String::new(), "11,000 soldiers".to_owned())
            ],
            "{:#?}",
            facts.findings
        );
    }

    /// A share or a sum of money is the same figure wherever each side gives it, whatever it
    /// is a share of: the same small percentage in passages told apart agrees.
    #[test]
    fn the_same_share_agrees_outside_linked_passages() {
        let facts = unlinked(
            "Turnout reached 41% in the capital.",
            "Officials put the turnout at 41 percent.",
        );
        assert_eq!(facts.shared_numbers, 1, "{:#?}", facts.findings);
        assert_eq!(kinds(&facts, FindingKind::OneSidedNumber), vec![]);
    }

    /// How many distinct terms the analyzer finds in `text` (what the quotation rules count).
    fn terms_in(text: &str) -> usize {
        Analyzer::for_iso1("en")
            .terms(text)
            .into_iter()
            .map(|t| t.key)
            .collect::<HashSet<_>>()
            .len()
    }

    /// A quotation is a fragment of another when the longer has more than three times its
    /// terms; at exactly three times, in a linked passage, the two are one statement in other
    /// words.
    #[test]
    fn a_fragment_is_a_quotation_of_under_a_third_of_the_other() {
        let right = "The union said the strike covers \"farmers, bakers and teachers\" for now.";
        let nine =
            "farmers, bakers, teachers, nurses, miners, drivers, cooks, builders and cleaners";
        let ten = format!("{nine}, porters");
        assert_eq!(
            (
                terms_in("farmers, bakers and teachers"),
                terms_in(nine),
                terms_in(&ten)
            ),
            (3, 9, 10)
        );
        let with = |quoted: &str| {
            sharing_little(
                &format!("The union said the strike covers \"{quoted}\" across the country."),
                right,
                false,
            )
        };
        let three_times = with(nine);
        assert_eq!(
            quote_findings(&three_times),
            1,
            "{:#?}",
            three_times.findings
        );
        let more = with(&ten);
        assert_eq!(quote_findings(&more), 0, "{:#?}", more.findings);
    }

    /// A quotation that could pair with two of the other side's (same rule, both sharing
    /// enough) pairs with the one whose terms overlap most with its own, counted on both
    /// (Dice): neither the one sharing the most words nor the shorter one as such.
    #[test]
    fn a_quotation_pairs_with_the_candidate_sharing_the_largest_part_of_both() {
        let left = "farmers, bakers, teachers, nurses, miners and drivers";
        let paired = |a: &str, b: &str| {
            let facts = unlinked(
                &format!("The union said the strike covers \"{left}\" across the country."),
                &format!(
                    "The union said the strike covers \"{a}\" this week. \
                     Its leader said the strike covers \"{b}\" next week."
                ),
            );
            let quotes = kinds(&facts, FindingKind::Quote);
            assert_eq!(quotes.len(), 1, "{:#?}", facts.findings);
            // The wording is given in quotation marks.
            quotes[0].1.trim_matches(['“', '”']).to_owned()
        };
        // Three shared of 6 + 3 terms (Dice 0.67) against all six shared of 6 + 10 (0.75).
        let (few, ten) = (
            "farmers, bakers and teachers",
            "farmers, bakers, teachers, nurses, miners, drivers, cooks, builders, cleaners and porters",
        );
        assert_eq!((terms_in(left), terms_in(few), terms_in(ten)), (6, 3, 10));
        assert_eq!(paired(few, ten), ten);
        assert_eq!(paired(ten, few), ten);
        // Five shared of 6 + 5 (0.91) against six of 6 + 12 (0.67).
        let (five, twelve) = (
            "farmers, bakers, teachers, nurses and miners",
            "farmers, bakers, teachers, nurses, miners, drivers, cooks, builders, cleaners, \
             porters, painters and plumbers",
        );
        assert_eq!((terms_in(five), terms_in(twelve)), (5, 12));
        assert_eq!(paired(five, twelve), five);
        assert_eq!(paired(twelve, five), five);
    }

    /// Across two languages a head noun says nothing about what a figure counts ("year" and
    /// "jährig" are one unit in two languages): the same age in linked passages agrees, and a
    /// figure only one side gives is still reported.
    #[test]
    fn across_languages_figures_compare_whatever_their_nouns() {
        let (l, r) = (
            doc("A 46-year-old man was arrested. The monument was a 27-foot statue."),
            doc("Ein 46-jähriger Mann wurde festgenommen. Das Denkmal wurde entfernt."),
        );
        let alignment = Alignment {
            languages: (Some("en"), Some("de")),
            ..first_sentences_linked()
        };
        let facts = compared(&l, &r, &alignment, false);
        assert_eq!(facts.shared_numbers, 1, "{:#?}", facts.findings);
        assert_eq!(
            kinds(&facts, FindingKind::OneSidedNumber),
            vec![("27-foot".to_owned(), String::new())],
            "{:#?}",
            facts.findings
        );
        // In one language the same nouns decide: a 46-year-old is no 46-day-old.
        let one = unlinked(
            "A 46-year-old man was arrested.",
            "The 46-day-old strike ended.",
        );
        assert_eq!(one.shared_numbers, 0, "{:#?}", one.findings);
    }

    /// A quotation of function words alone ("climbing is „in“") both sides give is the same
    /// quotation, not one each side gives alone; a different one still stands alone.
    #[test]
    fn a_quotation_of_function_words_alone_pairs_with_the_same_words() {
        let same = unlinked(
            "Climbing, for example, is \u{201e}in\u{201c}. Trekking is \"out\".",
            "Climbing is \u{201e}in\u{201c} now.",
        );
        assert_eq!(same.shared_quotes, 1, "{:#?}", same.findings);
        assert_eq!(
            kinds(&same, FindingKind::OneSidedQuote),
            vec![("\u{201c}out\u{201d}".to_owned(), String::new())],
            "{:#?}",
            same.findings
        );
    }
}
