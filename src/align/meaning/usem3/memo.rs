//! [`Table`]: rows of the forward pass already worked out, shared by every batch.
//!
//! A token's projection depends on its id alone, and a first-layer output on the ids of its
//! window alone; a row of a matrix product does not depend on the other rows. So a row worked
//! out for one batch is, to the bit, what any other batch would work out for the same id or
//! window, and the common words and phrases of a document (and of the other document of the
//! pair, embedded at the same time) need be worked out once. Within a batch,
//! `super::network` shares them already; the memo carries them from batch to batch.
//!
//! Each table holds at most [`TABLE_BYTES`] of rows (once full, new rows are not kept), and
//! the tables are emptied when the last caller using the network is done
//! (`super::network::Network::in_use`).

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Mutex, PoisonError};

use ndarray::{ArrayView2, ArrayViewMut2};

/// The most a table's rows take: room for the words and windows of the sample pair of news
/// articles; of longer texts the rows first worked out are kept, and common words come early.
const TABLE_BYTES: usize = 2 << 20;

/// Rows of one width, by key.
#[derive(Debug)]
pub struct Table<K> {
    width: usize,
    rows: Mutex<Rows<K>>,
}

#[derive(Debug)]
struct Rows<K> {
    at: HashMap<K, usize>,
    data: Vec<f32>,
}

impl<K: Hash + Eq + Copy> Table<K> {
    /// An empty table of rows of `width` numbers.
    pub fn new(width: usize) -> Table<K> {
        Table {
            width,
            rows: Mutex::new(Rows {
                at: HashMap::new(),
                data: Vec::new(),
            }),
        }
    }

    /// Places `keys` (distinct) in rows of `out`, those not in the table first, and copies
    /// the rows of those in it to their places.
    ///
    /// Returns each key's row in `out` and how many are missing: rows `0..missing` of `out`
    /// are left for the caller to work out, in the order of their keys.
    pub fn recall(&self, keys: &[K], out: &mut ArrayViewMut2<f32>) -> (Vec<usize>, usize) {
        // A key is entered only with its whole row, so a table whose lock was poisoned is
        // still whole.
        let rows = self.rows.lock().unwrap_or_else(PoisonError::into_inner);
        let found: Vec<Option<usize>> = keys.iter().map(|k| rows.at.get(k).copied()).collect();
        let missing = found.iter().filter(|f| f.is_none()).count();
        let (mut next_missing, mut next_found) = (0, missing);
        let places = found
            .iter()
            .map(|f| {
                let slot = if f.is_some() {
                    &mut next_found
                } else {
                    &mut next_missing
                };
                *slot += 1;
                *slot - 1
            })
            .collect::<Vec<_>>();
        for (&place, at) in places.iter().zip(&found) {
            if let Some(at) = at {
                let row = &rows.data[at * self.width..(at + 1) * self.width];
                out.row_mut(place)
                    .as_slice_mut()
                    .expect("a row of a standard-layout matrix is contiguous")
                    .copy_from_slice(row);
            }
        }
        (places, missing)
    }

    /// Keeps each key's row (`rows`, one per key, in order), while the table has room.
    pub fn keep(&self, keys: impl IntoIterator<Item = K>, rows: ArrayView2<f32>) {
        let limit = TABLE_BYTES / (self.width * size_of::<f32>());
        let mut table = self.rows.lock().unwrap_or_else(PoisonError::into_inner);
        for (key, row) in keys.into_iter().zip(rows.rows()) {
            let next = table.at.len();
            if next >= limit {
                break;
            }
            if let std::collections::hash_map::Entry::Vacant(slot) = table.at.entry(key) {
                slot.insert(next);
                if table.data.capacity() == 0 {
                    // As much as it may hold, once: grown by doubling it would take up to twice.
                    table.data.reserve_exact(limit * self.width);
                }
                table.data.extend(row.iter());
            }
        }
    }

    /// Empties the table and gives its memory back.
    pub fn clear(&self) {
        let mut rows = self.rows.lock().unwrap_or_else(PoisonError::into_inner);
        rows.at = HashMap::new();
        rows.data = Vec::new();
    }

    /// How many rows it holds.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.rows
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .at
            .len()
    }
}

#[cfg(test)]
mod tests {
    use ndarray::{Array2, array};

    use super::*;

    #[test]
    fn known_rows_are_copied_after_the_missing_ones_and_missing_ones_come_first() {
        let table = Table::<u32>::new(2);
        table.keep([7, 9], array![[7.0, 7.5], [9.0, 9.5]].view());
        let mut out = Array2::<f32>::zeros((4, 2));
        let (places, missing) = table.recall(&[9, 1, 7, 3], &mut out.view_mut());
        assert_eq!(missing, 2);
        assert_eq!(places, vec![2, 0, 3, 1]);
        assert_eq!(out.row(2).to_vec(), [9.0, 9.5]);
        assert_eq!(out.row(3).to_vec(), [7.0, 7.5]);
        assert_eq!(out.row(0).to_vec(), [0.0, 0.0], "left for the caller");
    }

    #[test]
    fn a_key_kept_twice_keeps_its_first_row_and_a_full_table_keeps_no_more() {
        let table = Table::<u32>::new(TABLE_BYTES / size_of::<f32>() / 2);
        let width = table.width;
        let rows = Array2::<f32>::from_elem((3, width), 1.0);
        table.keep([1, 1, 2], rows.view());
        assert_eq!(table.len(), 2);
        table.keep([3], rows.view());
        assert_eq!(table.len(), 2, "two rows fill it");
        table.clear();
        assert_eq!(table.len(), 0);
    }
}
