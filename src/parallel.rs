//! Work split across the machine's cores, with results in input order.
//!
//! The engine's heavy stages work sentence by sentence, independently, so they split into
//! contiguous chunks, one per core, run on scoped threads ([`map_chunks`]). Results are
//! concatenated in chunk order, so the output is the same whatever the number of cores:
//! determinism matters more there than load balancing. Jobs of uneven size (one pair of
//! articles each, in library mode) are handed out one at a time instead ([`map_items`]).

use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{OnceLock, mpsc};

/// Below this many items a range is not split: a thread costs more than it saves.
pub(crate) const MIN_CHUNK: usize = 256;

/// How many threads to use: the cores this process may run on, asked once (the answer reads
/// several files under `/proc` and `/sys`, and an alignment asks a few dozen times).
pub(crate) fn threads() -> usize {
    static THREADS: OnceLock<usize> = OnceLock::new();
    *THREADS.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// `range` cut into at most `k` contiguous, non-empty pieces in order, none longer than an
/// even share (the last may be shorter).
pub(crate) fn split(range: Range<usize>, k: usize) -> impl Iterator<Item = Range<usize>> {
    let size = range.len().div_ceil(k.max(1)).max(1);
    let end = range.end;
    range.step_by(size).map(move |at| at..(at + size).min(end))
}

/// `f` over contiguous chunks of `range`, run in parallel; the outputs concatenated in order.
///
/// `f` receives a sub-range and returns the items for it; it must not depend on how the range
/// was cut (every call sees the same shared inputs).
pub fn map_chunks<T: Send>(
    range: Range<usize>,
    f: impl Fn(Range<usize>) -> Vec<T> + Sync,
) -> Vec<T> {
    let len = range.len();
    let k = threads().min(len / MIN_CHUNK).max(1);
    if k == 1 {
        return f(range);
    }
    let size = len.div_ceil(k);
    let chunks: Vec<Range<usize>> = (0..k)
        .map(|c| range.start + c * size..(range.start + (c + 1) * size).min(range.end))
        .collect();
    let f = &f;
    let (parts_tx, parts_rx) = mpsc::channel::<(usize, Vec<T>)>();
    std::thread::scope(|scope| {
        let mut returns = Vec::with_capacity(k);
        let handles: Vec<_> = chunks
            .into_iter()
            .enumerate()
            .map(|(c, chunk)| {
                let parts_tx = parts_tx.clone();
                let (return_tx, return_rx) = mpsc::channel::<Vec<T>>();
                returns.push(return_tx);
                scope.spawn(move || {
                    // A send fails only once the caller has given up on a panicked worker.
                    let _ = parts_tx.send((c, f(chunk)));
                    drop(parts_tx);
                    // The emptied part comes back to be freed here, by the thread that made
                    // it: the allocator then takes its memory back at once, where a block
                    // freed by another thread lingers (a third more memory at the peak on a
                    // file of millions of short lines).
                    drop(return_rx.recv());
                })
            })
            .collect();
        drop(parts_tx);
        let mut parts: Vec<Option<Vec<T>>> = (0..k).map(|_| None).collect();
        for (c, part) in parts_rx.iter().take(k) {
            parts[c] = Some(part);
        }
        if parts.iter().any(Option::is_none) {
            // A worker panicked: let the others finish and carry its panic to the caller.
            drop(returns);
            for h in handles {
                if let Err(payload) = h.join() {
                    std::panic::resume_unwind(payload);
                }
            }
            unreachable!("a worker that sent no part panicked");
        }
        // Sized by what the chunks returned, not by the range: a chunk may return one item
        // for many (the feature pass returns one per thread), and a range-sized buffer of
        // such large items reserved a third of the heap on a file of many short sentences.
        let mut out = Vec::with_capacity(parts.iter().flatten().map(Vec::len).sum());
        for (mut part, back) in parts.into_iter().flatten().zip(&returns) {
            out.append(&mut part);
            // A worker that is gone has nothing left to free.
            let _ = back.send(part);
        }
        out
    })
}

/// Most waves [`map_chunks_in_waves`] makes: each wave's outputs are held twice for a moment,
/// so eight keep that to an eighth of the whole.
const WAVES: usize = 8;
/// Fewest items in a wave: smaller ranges go in one (a wave costs a round of threads, and each
/// waits for its slowest chunk).
const MIN_WAVE: usize = 1 << 15;

/// [`map_chunks`] over a few consecutive parts of `range` in turn (waves), each wave's outputs
/// added to one list as it ends; the same output.
///
/// For outputs of millions of items (candidate pairs, beads): [`map_chunks`] holds its
/// chunks' lists and the list they are joined into at once, twice the output, where this
/// holds the output and one wave's share. The list is reserved for `capacity` items at
/// once (an upper bound where the caller knows one), and when the waves return more than
/// that, for what they return at their rate so far, so it does not double as it grows.
pub fn map_chunks_in_waves<T: Send>(
    range: Range<usize>,
    capacity: usize,
    f: impl Fn(Range<usize>) -> Vec<T> + Sync,
) -> Vec<T> {
    let len = range.len();
    let waves = WAVES.min(len / MIN_WAVE).max(1);
    if waves == 1 {
        return map_chunks(range, f);
    }
    let start = range.start;
    let mut out = Vec::with_capacity(capacity);
    for wave in split(range, waves) {
        let mut part = map_chunks(wave.clone(), &f);
        let held = out.len() + part.len();
        if held > out.capacity() {
            // A tenth more than the rate so far gives for the whole range.
            let expected = held as f64 * len as f64 / (wave.end - start) as f64 * 1.1;
            out.reserve_exact((expected as usize).max(held) - out.len());
        }
        out.append(&mut part);
    }
    out
}

/// `f` over contiguous chunks of `items`, run in parallel, each chunk changed in place; each
/// chunk's range and what `f` returned for it, in order.
///
/// For outputs a book holds millions of (one entry a sentence): written into their place in
/// one vector sized beforehand, rather than gathered per chunk and copied together, they are
/// never held twice. The ranges returned cut `items` the same way for [`in_chunks_mut`].
pub fn map_chunks_mut<T: Send, R: Send>(
    items: &mut [T],
    f: impl Fn(Range<usize>, &mut [T]) -> R + Sync,
) -> Vec<(Range<usize>, R)> {
    let len = items.len();
    let k = threads().min(len / MIN_CHUNK).max(1);
    let ranges: Vec<Range<usize>> = split(0..len, k).collect();
    let results = in_chunks_mut(items, ranges.iter().map(|r| (r.clone(), r.clone())), &f);
    ranges.into_iter().zip(results).collect()
}

/// `f` over the given contiguous, ordered chunks of `items` (ranges that cover it, each with a
/// value of its own), run in parallel, each chunk changed in place; results in order.
///
/// # Panics
/// When the ranges do not cover `items` in order, one after the other.
pub fn in_chunks_mut<T: Send, U: Send, R: Send>(
    items: &mut [T],
    chunks: impl IntoIterator<Item = (Range<usize>, U)>,
    f: impl Fn(U, &mut [T]) -> R + Sync,
) -> Vec<R> {
    let mut rest = items;
    let mut at = 0;
    let mut jobs = Vec::new();
    for (range, value) in chunks {
        assert_eq!(range.start, at, "chunks must cover the items in order");
        let (chunk, after) = rest.split_at_mut(range.len());
        jobs.push((value, chunk));
        rest = after;
        at = range.end;
    }
    assert!(rest.is_empty(), "chunks must cover every item");
    map_each(jobs, |(value, chunk)| f(value, chunk))
}

/// `f` over each item on a thread of its own (a few items: one per core, say); outputs in
/// order.
pub fn map_each<T: Send, U: Send>(items: Vec<T>, f: impl Fn(T) -> U + Sync) -> Vec<U> {
    if items.len() <= 1 {
        return items.into_iter().map(f).collect();
    }
    let f = &f;
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .into_iter()
            .map(|item| scope.spawn(move || f(item)))
            .collect();
        handles
            .into_iter()
            .map(|h| match h.join() {
                Ok(out) => out,
                Err(payload) => std::panic::resume_unwind(payload),
            })
            .collect()
    })
}

/// `f` over every item on up to `threads` threads (0: one per core), results in input order.
///
/// For independent jobs of uneven size (aligning one pair of articles, loading one file):
/// workers take the next item from a shared counter, so one long job never holds up a queue of
/// short ones. Even, plentiful work is better split with [`map_chunks`].
pub fn map_items<T, R, F>(items: &[T], threads: usize, f: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync,
{
    let threads = if threads == 0 {
        self::threads()
    } else {
        threads
    }
    .min(items.len());
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut out = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        out.push((i, f(item)));
                    }
                    out
                })
            })
            .collect();
        workers
            .into_iter()
            // A worker that panicked takes its panic to the caller, as a plain loop would.
            .flat_map(|w| w.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    done.sort_unstable_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

/// `a` and `b` run at the same time; both results.
pub fn join<A: Send, B: Send>(
    a: impl FnOnce() -> A + Send,
    b: impl FnOnce() -> B + Send,
) -> (A, B) {
    if threads() == 1 {
        return (a(), b());
    }
    std::thread::scope(|scope| {
        let hb = scope.spawn(b);
        let ra = a();
        match hb.join() {
            Ok(rb) => (ra, rb),
            Err(payload) => std::panic::resume_unwind(payload),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_changed_in_place_cover_every_item_once_in_order() {
        for len in [0, 1, 300, 5001] {
            let mut items = vec![0usize; len];
            let chunks = map_chunks_mut(&mut items, |range, slots| {
                for (i, slot) in range.clone().zip(slots) {
                    *slot += i + 1;
                }
                range.len()
            });
            assert_eq!(items, (1..=len).collect::<Vec<_>>(), "{len} items");
            let mut at = 0;
            for (range, count) in &chunks {
                assert_eq!((range.start, range.len()), (at, *count));
                at = range.end;
            }
            assert_eq!(at, len);
            // The same cut, a value for each chunk: the second pass sees the first's chunks.
            let tagged = chunks.iter().enumerate().map(|(c, (r, _))| (r.clone(), c));
            in_chunks_mut(&mut items, tagged, |c, slots| {
                slots.iter_mut().for_each(|s| *s = c)
            });
            let expected: Vec<usize> = chunks
                .iter()
                .enumerate()
                .flat_map(|(c, (r, _))| std::iter::repeat_n(c, r.len()))
                .collect();
            assert_eq!(items, expected);
        }
    }

    #[test]
    #[should_panic(expected = "chunks must cover every item")]
    fn chunks_that_leave_items_out_are_a_bug() {
        let mut items = vec![0u8; 10];
        in_chunks_mut(&mut items, [(0..5, ())], |(), _| ());
    }

    #[test]
    fn a_range_is_split_into_at_most_k_pieces_of_an_even_share_covering_it_in_order() {
        for (len, k) in [
            (0, 3),
            (1, 3),
            (10, 1),
            (10, 3),
            (10, 10),
            (10, 20),
            (1001, 4),
        ] {
            let pieces: Vec<Range<usize>> = split(5..5 + len, k).collect();
            assert!(pieces.len() <= k, "{len} in {k}: {pieces:?}");
            assert!(pieces.iter().all(|p| !p.is_empty()));
            let covered: Vec<usize> = pieces.iter().cloned().flatten().collect();
            assert_eq!(covered, (5..5 + len).collect::<Vec<_>>());
            let longest = pieces.iter().map(|p| p.len()).max().unwrap_or(0);
            assert!(longest <= len.div_ceil(k), "{len} in {k}: {pieces:?}");
        }
    }

    #[test]
    fn chunks_come_back_in_order_whatever_the_split() {
        let out = map_chunks(3..5003, |r| r.map(|i| i * 2).collect());
        assert_eq!(out, (3..5003).map(|i| i * 2).collect::<Vec<_>>());
        assert!(map_chunks(0..0, |r| r.collect::<Vec<_>>()).is_empty());
    }

    #[test]
    #[should_panic(expected = "the last chunk failed")]
    fn a_panic_in_a_chunk_reaches_the_caller_as_it_was() {
        // The other workers wait for their parts to come back; none may be left hanging.
        map_chunks(0..10_000, |r| {
            if r.end == 10_000 {
                panic!("the last chunk failed");
            }
            r.collect::<Vec<_>>()
        });
    }

    #[test]
    fn chunks_returning_few_items_hold_no_room_for_the_whole_range() {
        // One summary per chunk, as the feature pass returns: room for a whole range of
        // them was a third of the heap reserved on a file of short lines.
        let out = map_chunks(0..100_000, |r| vec![r.len()]);
        assert_eq!(out.iter().sum::<usize>(), 100_000);
        assert_eq!(out.capacity(), out.len());
    }

    #[test]
    fn waves_give_what_chunks_give_in_a_list_that_never_doubles() {
        // Nothing for the first third, then three items for each: the rate of the first
        // waves says little of the whole.
        let f = |r: Range<usize>| {
            r.filter(|&i| i >= 100_000)
                .flat_map(|i| [i; 3])
                .collect::<Vec<_>>()
        };
        let range = 7..300_007;
        let expected = map_chunks(range.clone(), f);
        for capacity in [0, 1_000, expected.len()] {
            let out = map_chunks_in_waves(range.clone(), capacity, f);
            assert_eq!(out, expected, "capacity {capacity}");
            assert!(
                out.capacity() <= expected.len() * 11 / 10 + 1,
                "capacity {capacity}: {} for {}",
                out.capacity(),
                expected.len()
            );
        }
        assert!(map_chunks_in_waves(0..0, 10, |r| r.collect::<Vec<_>>()).is_empty());
    }

    #[test]
    fn each_item_comes_back_in_order() {
        assert_eq!(map_each(vec![3, 1, 2], |x| x * 10), vec![30, 10, 20]);
    }

    #[test]
    fn items_keep_the_input_order_on_any_number_of_threads() {
        let items: Vec<u64> = (0..500).collect();
        let expected: Vec<u64> = items.iter().map(|x| x * x).collect();
        for threads in [0, 1, 2, 7] {
            assert_eq!(map_items(&items, threads, |x| x * x), expected);
        }
        assert!(map_items(&[] as &[u8], 4, |x| *x).is_empty());
    }

    #[test]
    fn join_returns_both() {
        assert_eq!(join(|| 1, || "b"), (1, "b"));
    }
}
