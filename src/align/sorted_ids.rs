//! [`SortedIds`]: a sorted list of feature ids in about two bytes an id.
//!
//! A sentence has a few hundred feature ids among a few million, so the gaps between its
//! sorted ids nearly always fit in 16 bits. On a book these lists are most of the aligner's
//! memory; stored as gaps they take half of what `u32`s would, and reading them back is one
//! addition an id, in the order the scoring loops read them anyway.

/// Marks a gap too long for 16 bits: the id follows whole, high half first.
const ESCAPE: u16 = u16::MAX;

/// Feature ids in ascending order, repeats allowed, stored as gaps from the previous id.
///
/// Made from a sorted slice ([`SortedIds::from_sorted`]); read with [`SortedIds::iter`] or,
/// repeats counted, [`SortedIds::runs`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SortedIds(Box<[u16]>);

impl SortedIds {
    /// Encodes `sorted`, which must be in ascending order (repeats allowed).
    ///
    /// # Panics
    /// In debug builds, when `sorted` is not sorted.
    pub fn from_sorted(sorted: &[u32]) -> SortedIds {
        debug_assert!(sorted.is_sorted(), "ids must be sorted");
        let mut out = Vec::with_capacity(sorted.len());
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
        // Boxed: escapes may have grown it past the exact size, these live as long as the
        // alignment, and a box is a third smaller than a `Vec` (a book of short lines has
        // millions, most of them empty).
        SortedIds(out.into_boxed_slice())
    }

    /// Whether there are no ids.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The ids in ascending order, repeats included.
    pub fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        let mut rest = &self.0[..];
        let mut last = 0u32;
        std::iter::from_fn(move || next_id(&mut rest, &mut last))
    }

    /// The distinct ids in ascending order, each with how many times it occurs.
    pub fn runs(&self) -> Runs<'_> {
        Runs {
            rest: &self.0,
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

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn small_gaps_take_one_unit_and_long_ones_are_escaped() {
        let ids = [0, 3, 3, 65_534, 65_534 + 65_535, u32::MAX];
        let encoded = SortedIds::from_sorted(&ids);
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
        let empty = SortedIds::from_sorted(&[]);
        assert!(empty.is_empty());
        assert_eq!(empty.iter().count(), 0);
        assert!(!SortedIds::from_sorted(&[0]).is_empty());
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
            let encoded = SortedIds::from_sorted(&ids);
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
