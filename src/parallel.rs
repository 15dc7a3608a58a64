//! Work split across the machine's cores, with results in input order.
//!
//! The engine's heavy stages work sentence by sentence, independently, so they split into
//! contiguous chunks, one per core, run on scoped threads ([`map_chunks`]). Results are
//! concatenated in chunk order, so the output is the same whatever the number of cores:
//! determinism matters more there than load balancing. Jobs of uneven size (one pair of
//! articles each, in library mode) are handed out one at a time instead ([`map_items`]).

use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Below this many items a range is not split: a thread costs more than it saves.
const MIN_CHUNK: usize = 256;

/// How many threads to use: the cores this process may run on.
fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
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
    std::thread::scope(|scope| {
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|chunk| scope.spawn(move || f(chunk)))
            .collect();
        let parts: Vec<Vec<T>> = handles
            .into_iter()
            .map(|h| match h.join() {
                Ok(part) => part,
                // A panic in a worker is a bug; carry it to the caller as it is.
                Err(payload) => std::panic::resume_unwind(payload),
            })
            .collect();
        // Sized by what the chunks returned, not by the range: a chunk may return one item
        // for many (the feature pass returns one per thread), and a range-sized buffer of
        // such large items reserved a third of the heap on a file of many short sentences.
        let mut out = Vec::with_capacity(parts.iter().map(Vec::len).sum());
        for part in parts {
            out.extend(part);
        }
        out
    })
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
    fn chunks_come_back_in_order_whatever_the_split() {
        let out = map_chunks(3..5003, |r| r.map(|i| i * 2).collect());
        assert_eq!(out, (3..5003).map(|i| i * 2).collect::<Vec<_>>());
        assert!(map_chunks(0..0, |r| r.collect::<Vec<_>>()).is_empty());
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
