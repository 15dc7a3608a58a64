//! Work split across the machine's cores, with results in input order.
//!
//! The engine's heavy stages work sentence by sentence, independently, so they split into
//! contiguous chunks, one per core, run on scoped threads ([`map_chunks`]). Results are
//! concatenated in chunk order, so the output is the same whatever the number of cores:
//! determinism matters more there than load balancing. Jobs of uneven size (one pair of
//! articles each, in library mode) are handed out one at a time instead ([`map_items`]).
//! Output written as it is made takes small blocks in order from workers that live as long
//! as the writing ([`stream_blocks`]).

use std::collections::BTreeMap;
use std::ops::{ControlFlow, Range};
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard, OnceLock, PoisonError, mpsc};

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

/// How many blocks [`map_blocks`] cuts a range into for each core: enough that the cores end
/// within a small block of each other whatever the blocks cost.
const BLOCKS_PER_THREAD: usize = 32;

/// `f` over blocks of `range` on every core, each block's output added to one list as it
/// comes, in order; what [`map_chunks`] gives. `init` and the state `f` is given are as
/// [`stream_blocks`]'s.
///
/// For outputs of millions of items (candidate pairs, beads): [`map_chunks`] holds its
/// chunks' lists and the list they are joined into at once, twice the output, where this
/// holds the output and a few blocks. Blocks are taken by the cores as they finish one
/// ([`stream_blocks`]), so a part of the range that costs more does not leave a core idle.
/// The list is reserved for `capacity` items at once (an upper bound where the caller knows
/// one), and when the blocks return more than that, for what they return at their rate so
/// far, so it does not double as it grows.
pub fn map_blocks<S, T: Send>(
    range: Range<usize>,
    capacity: usize,
    init: impl Fn() -> S + Sync,
    f: impl Fn(&mut S, Range<usize>) -> Vec<T> + Sync,
) -> Vec<T> {
    let len = range.len();
    let block = (len / (threads() * BLOCKS_PER_THREAD)).max(MIN_CHUNK);
    let mut out = Vec::with_capacity(capacity);
    // How much of the range the blocks taken so far cover.
    let mut covered = 0;
    let ControlFlow::<std::convert::Infallible>::Continue(()) =
        stream_blocks(range, block, 2 * threads(), init, f, |mut part: Vec<T>| {
            covered = (covered + block).min(len);
            let held = out.len() + part.len();
            if held > out.capacity() {
                // A tenth more than the rate so far gives for the whole range.
                let expected = held as f64 * len as f64 / covered as f64 * 1.1;
                out.reserve_exact((expected as usize).max(held) - out.len());
            }
            out.append(&mut part);
            ControlFlow::Continue(())
        });
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

/// `make` over `range` cut into blocks of `block` items, on every core; each block's output
/// handed to `take` on the calling thread, in order, as soon as it and those before it are
/// made. The output is what one loop over the blocks would give. Each worker makes its
/// scratch state with `init` once, and hands it to `make` with every block it makes (room a
/// block reuses, too dear to make for each).
///
/// For output written as it is made (a book's links with their word diffs): the workers live
/// as long as the writing and take the next block as they finish one, so no core waits for a
/// slow block or a round of threads, where slices split among fresh threads left one core
/// idle at each slice's end. At most `ahead` blocks are made and not yet taken, so a slow
/// `take` (a slow pipe) holds no more than that. Once `take` breaks, its break is returned
/// and the workers stop after the blocks they are making. A panic in `make` or `take` reaches
/// the caller as it was, with no worker left waiting.
pub fn stream_blocks<S, T: Send, B>(
    range: Range<usize>,
    block: usize,
    ahead: usize,
    init: impl Fn() -> S + Sync,
    make: impl Fn(&mut S, Range<usize>) -> T + Sync,
    take: impl FnMut(T) -> ControlFlow<B>,
) -> ControlFlow<B> {
    stream_blocks_on(threads(), range, block, ahead, init, make, take)
}

/// [`stream_blocks`] on `workers` threads.
fn stream_blocks_on<S, T: Send, B>(
    workers: usize,
    range: Range<usize>,
    block: usize,
    ahead: usize,
    init: impl Fn() -> S + Sync,
    make: impl Fn(&mut S, Range<usize>) -> T + Sync,
    mut take: impl FnMut(T) -> ControlFlow<B>,
) -> ControlFlow<B> {
    let block = block.max(1);
    let blocks = range.len().div_ceil(block);
    let cut = |b: usize| {
        let start = range.start + b * block;
        start..(start + block).min(range.end)
    };
    let workers = workers.min(blocks);
    if workers <= 1 {
        let mut state = init();
        return (0..blocks).try_for_each(|b| take(make(&mut state, cut(b))));
    }
    let ahead = ahead.max(1);
    let next = AtomicUsize::new(0);
    let window = Window {
        state: Mutex::new(Taken {
            count: 0,
            stop: false,
        }),
        moved: Condvar::new(),
    };
    let (made_tx, made_rx) = mpsc::channel::<(usize, std::thread::Result<T>)>();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let made_tx = made_tx.clone();
            let (next, window, init, make, cut) = (&next, &window, &init, &make, &cut);
            scope.spawn(move || {
                let mut state = None;
                loop {
                    // Blocks are claimed in order, so the one taken next is always claimed
                    // or about to be, and its maker never waits.
                    let b = next.fetch_add(1, Ordering::Relaxed);
                    if b >= blocks || !window.wait_for(b, ahead) {
                        return;
                    }
                    let made = catch_unwind(AssertUnwindSafe(|| {
                        make(state.get_or_insert_with(init), cut(b))
                    }));
                    let failed = made.is_err();
                    if made_tx.send((b, made)).is_err() || failed {
                        return;
                    }
                }
            });
        }
        drop(made_tx);
        // However this ends (a break, a panic here or in a worker), the workers stop waiting.
        let _stop = StopOnDrop(&window);
        let mut early: BTreeMap<usize, T> = BTreeMap::new();
        for b in 0..blocks {
            let made = loop {
                if let Some(made) = early.remove(&b) {
                    break made;
                }
                match made_rx.recv() {
                    Ok((k, Ok(made))) => {
                        early.insert(k, made);
                    }
                    Ok((_, Err(panic))) => resume_unwind(panic),
                    // Workers leave only past the last block, once stopped, or on a panic
                    // they send first.
                    Err(mpsc::RecvError) => unreachable!("block {b} was never made"),
                }
            };
            let flow = take(made);
            window.took(b + 1);
            flow?;
        }
        ControlFlow::Continue(())
    })
}

/// How far [`stream_blocks`]'s consumer has taken, and whether the workers are to stop.
struct Window {
    state: Mutex<Taken>,
    moved: Condvar,
}

/// The state a [`Window`] guards.
struct Taken {
    /// Blocks taken so far.
    count: usize,
    stop: bool,
}

impl Window {
    /// The state: nothing panics while holding it, and it is consistent at every step anyway.
    fn lock(&self) -> MutexGuard<'_, Taken> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Waits until block `b` is within `ahead` of those taken; false once told to stop.
    fn wait_for(&self, b: usize, ahead: usize) -> bool {
        let mut taken = self.lock();
        while !taken.stop && b >= taken.count + ahead {
            taken = self
                .moved
                .wait(taken)
                .unwrap_or_else(PoisonError::into_inner);
        }
        !taken.stop
    }

    /// Records `count` blocks taken.
    fn took(&self, count: usize) {
        self.lock().count = count;
        self.moved.notify_all();
    }

    /// Tells the workers to stop.
    fn stop(&self) {
        self.lock().stop = true;
        self.moved.notify_all();
    }
}

/// Stops a [`Window`]'s workers when dropped.
struct StopOnDrop<'a>(&'a Window);

impl Drop for StopOnDrop<'_> {
    fn drop(&mut self) {
        self.0.stop();
    }
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
    fn blocks_give_what_chunks_give_in_a_list_that_never_doubles() {
        // Nothing for the first third, then three items for each: the rate of the first
        // blocks says little of the whole.
        let f = |r: Range<usize>| {
            r.filter(|&i| i >= 100_000)
                .flat_map(|i| [i; 3])
                .collect::<Vec<_>>()
        };
        let range = 7..300_007;
        let expected = map_chunks(range.clone(), f);
        for capacity in [0, 1_000, expected.len()] {
            let out = map_blocks(range.clone(), capacity, || (), |(), r| f(r));
            assert_eq!(out, expected, "capacity {capacity}");
            assert!(
                out.capacity() <= expected.len() * 11 / 10 + 1,
                "capacity {capacity}: {} for {}",
                out.capacity(),
                expected.len()
            );
        }
        assert!(map_blocks(0..0, 10, || (), |(), r| r.collect::<Vec<_>>()).is_empty());
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

    /// Blocks of `block` numbers each, as [`stream_blocks_on`] hands them over.
    fn streamed(workers: usize, len: usize, block: usize, ahead: usize) -> Vec<Vec<usize>> {
        let mut out = Vec::new();
        let flow = stream_blocks_on(
            workers,
            5..5 + len,
            block,
            ahead,
            || (),
            |(), r| r.collect(),
            |b| {
                out.push(b);
                ControlFlow::<()>::Continue(())
            },
        );
        assert_eq!(flow, ControlFlow::Continue(()));
        out
    }

    #[test]
    fn streamed_blocks_come_in_order_as_one_loop_would_make_them() {
        for (workers, len, block, ahead) in [
            (1, 10, 3, 1),
            (2, 0, 4, 2),
            (3, 1000, 7, 1),
            (3, 1000, 7, 5),
            (8, 50, 1, 3),
            (2, 9, 100, 2),
        ] {
            let blocks = streamed(workers, len, block, ahead);
            let expected: Vec<Vec<usize>> = (5..5 + len)
                .collect::<Vec<_>>()
                .chunks(block)
                .map(<[usize]>::to_vec)
                .collect();
            assert_eq!(
                blocks, expected,
                "{workers} workers, {len} in blocks of {block}"
            );
        }
    }

    #[test]
    fn each_worker_makes_its_state_once_and_keeps_it_from_block_to_block() {
        let made = AtomicUsize::new(0);
        let mut blocks = Vec::new();
        let flow = stream_blocks_on(
            3,
            0..1000,
            10,
            4,
            || {
                made.fetch_add(1, Ordering::SeqCst);
                Vec::new()
            },
            |seen: &mut Vec<usize>, r| {
                seen.push(r.start);
                seen.clone()
            },
            |seen| {
                blocks.push(seen);
                ControlFlow::<()>::Continue(())
            },
        );
        assert_eq!(flow, ControlFlow::Continue(()));
        assert!(made.load(Ordering::SeqCst) <= 3, "{made:?} states");
        // A worker's state holds the blocks it made before, in the order it made them.
        for (b, seen) in blocks.iter().enumerate() {
            assert_eq!(seen.last(), Some(&(b * 10)));
            assert!(seen.is_sorted(), "{seen:?}");
        }
        let total: usize = blocks.iter().map(|s| s.len()).sum();
        assert!(total > 100, "states kept across blocks: {total}");
    }

    #[test]
    fn no_block_is_made_further_ahead_of_the_taking_than_allowed() {
        let taken = AtomicUsize::new(0);
        let furthest = AtomicUsize::new(0);
        let ahead = 3;
        let flow = stream_blocks_on(
            4,
            0..400,
            4,
            ahead,
            || (),
            |(), r| {
                let b = r.start / 4;
                // `taken` is counted inside the taking, before the window moves.
                furthest.fetch_max(b + 1 - taken.load(Ordering::SeqCst), Ordering::SeqCst);
                b
            },
            |b| {
                // A slow writer: the makers must wait for it.
                std::thread::sleep(std::time::Duration::from_micros(200));
                assert_eq!(b, taken.fetch_add(1, Ordering::SeqCst));
                ControlFlow::<()>::Continue(())
            },
        );
        assert_eq!(flow, ControlFlow::Continue(()));
        assert_eq!(taken.load(Ordering::SeqCst), 100);
        assert!(
            furthest.load(Ordering::SeqCst) <= ahead,
            "{furthest:?} ahead"
        );
    }

    #[test]
    fn a_break_in_the_taking_is_returned_and_the_making_stops() {
        let made = AtomicUsize::new(0);
        let mut taken = 0;
        let flow = stream_blocks_on(
            3,
            0..100_000,
            10,
            4,
            || (),
            |(), r| {
                made.fetch_add(1, Ordering::SeqCst);
                r.start
            },
            |start| {
                taken += 1;
                if start == 50 {
                    ControlFlow::Break("stopped at 50")
                } else {
                    ControlFlow::Continue(())
                }
            },
        );
        assert_eq!(flow, ControlFlow::Break("stopped at 50"));
        assert_eq!(taken, 6);
        // Those taken, those within the window, and one claimed by each worker at most.
        assert!(made.load(Ordering::SeqCst) <= 6 + 4 + 3, "{made:?} made");
    }

    #[test]
    fn a_panic_in_a_block_or_in_the_taking_reaches_the_caller_and_leaves_no_worker_waiting() {
        for in_make in [true, false] {
            let caught = catch_unwind(|| {
                stream_blocks_on(
                    2,
                    0..10_000,
                    10,
                    2,
                    || (),
                    |(), r| {
                        if in_make && r.start == 5_000 {
                            panic!("block 500 failed");
                        }
                        r.start
                    },
                    |start| {
                        if !in_make && start == 5_000 {
                            panic!("taking 500 failed");
                        }
                        ControlFlow::<()>::Continue(())
                    },
                )
            });
            let panic = caught.expect_err("the panic comes back");
            let message = panic.downcast_ref::<&str>().copied();
            let expected = if in_make {
                "block 500 failed"
            } else {
                "taking 500 failed"
            };
            assert_eq!(message, Some(expected));
        }
    }

    #[test]
    fn join_returns_both() {
        assert_eq!(join(|| 1, || "b"), (1, "b"));
    }
}
