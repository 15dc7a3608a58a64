//! [`SortedIds`]: a sorted list of feature ids in about two bytes an id.
//!
//! A sentence has a few hundred feature ids among a few million, so the gaps between its
//! sorted ids nearly always fit in 16 bits. On a book these lists are most of the aligner's
//! memory; stored as gaps they take half of what `u32`s would, and reading them back is one
//! addition an id, in the order the scoring loops read them anyway.
//!
//! [`shared`] counts the ids two ascending lists have in common (the facts' terms and the
//! review's anchors compare sentences that way).

/// Marks a gap too long for 16 bits: the id follows whole, high half first.
const ESCAPE: u16 = u16::MAX;

/// Feature ids in ascending order, repeats allowed, stored as gaps from the previous id: a
/// view of gaps written by [`encode`].
///
/// Read with [`SortedIds::iter`] or, repeats counted, [`SortedIds::runs`]. A sentence keeps
/// its stems' and its n-grams' gaps in one boxed slice (`super::features::Features`), and
/// hands out a view of each part.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SortedIds<'a>(pub &'a [u16]);

/// Shortest list [`sort`] sorts by digits; shorter ones the standard sort does faster.
const RADIX_FROM: usize = 96;

/// Sorts `ids` in ascending order, with `scratch` as room (its contents are lost).
///
/// A sentence's hundreds of n-gram ids are sorted byte by byte from the lowest (a radix sort,
/// as many bytes as the largest id has): the standard sort's comparisons were a sixth of the
/// instructions and of the mispredicted branches of aligning a book. Integers have one sorted
/// order, so the result is the standard sort's.
pub fn sort(ids: &mut Vec<u32>, scratch: &mut Vec<u32>) {
    if ids.len() < RADIX_FROM {
        ids.sort_unstable();
        return;
    }
    let max = ids.iter().copied().max().unwrap_or(0);
    let bytes = (u32::BITS - max.leading_zeros()).div_ceil(8);
    scratch.clear();
    scratch.resize(ids.len(), 0);
    for byte in 0..bytes {
        let shift = 8 * byte;
        let mut at = [0usize; 256];
        for &id in ids.iter() {
            at[(id >> shift) as usize & 0xff] += 1;
        }
        let mut start = 0;
        for slot in &mut at {
            let count = *slot;
            *slot = start;
            start += count;
        }
        for &id in ids.iter() {
            let slot = &mut at[(id >> shift) as usize & 0xff];
            scratch[*slot] = id;
            *slot += 1;
        }
        std::mem::swap(ids, scratch);
    }
}

/// Appends the gaps of `sorted`, which must be in ascending order (repeats allowed), to `out`.
///
/// # Panics
/// In debug builds, when `sorted` is not sorted.
pub fn encode(sorted: &[u32], out: &mut Vec<u16>) {
    debug_assert!(sorted.is_sorted(), "ids must be sorted");
    let mut last = 0u32;
    for &id in sorted {
        let gap = id.wrapping_sub(last);
        if gap < u32::from(ESCAPE) {
            out.push(gap as u16);
        } else {
            out.extend([ESCAPE, (id >> 16) as u16, id as u16]);
        }
        last = id;
    }
}

impl<'a> SortedIds<'a> {
    /// Whether there are no ids.
    pub fn is_empty(self) -> bool {
        self.0.is_empty()
    }

    /// The ids in ascending order, repeats included.
    pub fn iter(self) -> impl Iterator<Item = u32> + 'a {
        let mut rest = self.0;
        let mut last = 0u32;
        std::iter::from_fn(move || next_id(&mut rest, &mut last))
    }

    /// The distinct ids in ascending order, each with how many times it occurs.
    pub fn runs(self) -> Runs<'a> {
        Runs {
            rest: self.0,
            last: 0,
        }
    }
}

/// Reads the id at the start of `rest`, the previous one being `last`.
#[inline(always)]
fn next_id(rest: &mut &[u16], last: &mut u32) -> Option<u32> {
    let (&gap, tail) = rest.split_first()?;
    if gap == ESCAPE {
        let [high, low, tail @ ..] = tail else {
            // Never written so; read as the end rather than as a wrong id.
            *rest = &[];
            return None;
        };
        *last = (u32::from(*high) << 16) | u32::from(*low);
        *rest = tail;
    } else {
        *last += u32::from(gap);
        *rest = tail;
    }
    Some(*last)
}

/// Distinct ids with their counts (see [`SortedIds::runs`]).
pub struct Runs<'a> {
    rest: &'a [u16],
    last: u32,
}

impl Iterator for Runs<'_> {
    type Item = (u32, usize);

    #[inline]
    fn next(&mut self) -> Option<(u32, usize)> {
        let id = next_id(&mut self.rest, &mut self.last)?;
        // A repeat is a gap of 0 (never escaped), so counting them needs no decoding.
        let n = 1 + self.rest.iter().take_while(|&&gap| gap == 0).count();
        self.rest = &self.rest[n - 1..];
        Some((id, n))
    }
}

/// How many of the ascending ids `a` are in the ascending ids `b`.
pub(crate) fn shared(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #[test]
        fn ids_are_sorted_as_the_standard_sort_sorts_them(
            // Lists of ids of one, two, three and four bytes, short and long.
            mut ids in prop_oneof![
                prop::collection::vec(0u32..256, 0..400),
                prop::collection::vec(0u32..70_000, 0..400),
                prop::collection::vec(0u32..1 << 24, 0..400),
                prop::collection::vec(any::<u32>(), 0..400),
            ],
        ) {
            let mut expected = ids.clone();
            expected.sort_unstable();
            sort(&mut ids, &mut Vec::new());
            prop_assert_eq!(ids, expected);
        }
    }

    fn encoded(ids: &[u32]) -> Vec<u16> {
        let mut out = Vec::new();
        encode(ids, &mut out);
        out
    }

    #[test]
    fn small_gaps_take_one_unit_and_long_ones_are_escaped() {
        let ids = [0, 3, 3, 65_534, 65_534 + 65_535, u32::MAX];
        let gaps = encoded(&ids);
        let encoded = SortedIds(&gaps);
        // 0, 3, 0 (a repeat), 65,531: one unit each; the last two gaps are escaped.
        assert_eq!(encoded.0.len(), 4 + 3 + 3);
        assert_eq!(encoded.iter().collect::<Vec<_>>(), ids);
        assert_eq!(
            encoded.runs().collect::<Vec<_>>(),
            [(0, 1), (3, 2), (65_534, 1), (131_069, 1), (u32::MAX, 1)]
        );
    }

    #[test]
    fn an_empty_list_has_no_ids() {
        let empty = SortedIds(&[]);
        assert!(empty.is_empty());
        assert_eq!(empty.iter().count(), 0);
        assert!(!SortedIds(&encoded(&[0])).is_empty());
    }

    proptest! {
        #[test]
        fn any_sorted_ids_read_back_as_written(
            mut ids in prop::collection::vec(
                prop_oneof![0u32..300, 0u32..200_000, any::<u32>()],
                0..200,
            )
        ) {
            ids.sort_unstable();
            let gaps = encoded(&ids);
            let encoded = SortedIds(&gaps);
            prop_assert_eq!(encoded.iter().collect::<Vec<_>>(), ids.clone());
            let mut counted: Vec<u32> = Vec::new();
            for (id, n) in encoded.runs() {
                prop_assert!(counted.last().is_none_or(|&last| last < id));
                counted.extend(std::iter::repeat_n(id, n));
            }
            prop_assert_eq!(counted, ids);
        }
    }
}
