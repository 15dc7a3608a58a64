//! [`Network`]: the forward pass of the Universal Sentence Encoder, multilingual v3.
//!
//! A token's features are its embedding (a row of the 6-bit table) and three convolutional
//! branches over its neighbours (n-grams of 2, 3 and 5 tokens, each two layers with a residual
//! connection), layer-normalised together: 1,280 numbers per token. A text's vector is the sum
//! of its tokens' features, projected, scaled by 1/√tokens and passed through a small residual
//! feed-forward head, then L2-normalised.
//!
//! Features are local: a token sees at most [`REACH`] tokens either way. So the features of a
//! stretch of a token sequence can be computed from the stretch and [`REACH`] tokens of context
//! on each side, which is how the encoder embeds a group of sentences as its joined text
//! without embedding the joined text from scratch (`super::Usem3`). The work is done on flat
//! batches of many stretches, so each weight matrix is read once per batch (matrix products by
//! `ndarray`, which picks the CPU's vector instructions at run time).
//!
//! What depends on the same tokens is worked out once: within a batch, a token's features
//! (by the ids within [`REACH`] of it), a first-layer output (by its window) and a projection
//! (by its id); from batch to batch, the last two through the tables of `super::memo`.
//! A row of a matrix product does not depend on the other rows, so every row is, to the bit,
//! what it would be worked out on its own.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};

use ndarray::linalg::general_mat_mul;

use ndarray::{Array2, ArrayView1, ArrayView2, ArrayViewMut1, ArrayViewMut2, Axis, Slice};

use super::file::{Dtype, ModelError, ModelFile};
use super::memo::Table;

/// Dimensions of a token embedding and of a sentence vector.
pub const DIM: usize = 512;
/// Channels of each convolutional branch.
const CNN: usize = 256;
/// The branches: (window in tokens, tokens of it before the centre).
const ORDERS: [(usize, usize); 3] = [(2, 0), (3, 1), (5, 2)];
// `same_windows` keys a window by at most `CONTEXT` token ids.
const _: () = {
    let mut k = 0;
    while k < ORDERS.len() {
        assert!(ORDERS[k].0 <= CONTEXT);
        k += 1;
    }
};
/// Features of a token: its embedding and the three branches.
pub const FEATURES: usize = DIM + 3 * CNN;
/// How many tokens either way a token's features depend on (two layers of the widest window).
pub const REACH: usize = 4;
/// The tokens a token's features depend on: itself and [`REACH`] either way.
const CONTEXT: usize = 2 * REACH + 1;
/// Width of the head's hidden layer.
const HIDDEN: usize = 320;

/// One convolutional branch: two layers over a window of `width` tokens, `left` of them before.
#[derive(Debug)]
struct Branch {
    width: usize,
    left: usize,
    w1: Matrix,
    b1: Vector,
    w2: Matrix,
    b2: Vector,
    /// First-layer outputs worked out so far, by window.
    memo: Table<[u32; CONTEXT]>,
}

/// A weight matrix, in place in the encoder file.
type Matrix = ArrayView2<'static, f32>;
/// A weight vector, in place in the encoder file.
type Vector = ArrayView1<'static, f32>;

/// The encoder's weights and its forward pass.
#[derive(Debug)]
pub struct Network {
    table: &'static [u8],
    rows: usize,
    scale: &'static [f32],
    lo: &'static [f32],
    proj: Matrix,
    proj_b: Vector,
    proj_ln: (Vector, Vector),
    /// Tokens' projections worked out so far, by id.
    projected: Table<u32>,
    /// How many callers are using the network (see [`Network::in_use`]).
    users: AtomicUsize,
    branches: Vec<Branch>,
    ln: (Vector, Vector),
    cnn_w: Matrix,
    cnn_b: Vector,
    d0: Matrix,
    d1: Matrix,
    d2: Matrix,
    d3: Matrix,
    p1: Matrix,
    p3: Matrix,
    eps: f32,
}

/// A stretch of one token sequence, and the parts of it whose features are wanted (summed).
///
/// Tokens beyond the stretch count as padding, which is right at the ends of the sequence. A
/// wanted part must therefore lie [`REACH`] tokens inside any end of the stretch that is not an
/// end of the sequence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stretch {
    /// Token ids.
    pub ids: Vec<u32>,
    /// Positions (within `ids`) whose features are summed, one sum per range.
    pub wanted: Vec<Range<usize>>,
}

impl Network {
    /// The network stored in `file`.
    ///
    /// # Errors
    /// [`ModelError::Damaged`] when a weight is missing or of the wrong shape.
    pub fn new(file: &ModelFile) -> Result<Network, ModelError> {
        let matrix = |name: &str, r: usize, c: usize| -> Result<Matrix, ModelError> {
            let v = file.floats(name, &[r, c])?;
            ArrayView2::from_shape((r, c), v).map_err(|e| ModelError::Damaged(e.to_string()))
        };
        let vector = |name: &str, n: usize| -> Result<Vector, ModelError> {
            Ok(ArrayView1::from(file.floats(name, &[n])?))
        };
        let table = file.section("table", Dtype::U6x4)?;
        let shape = file.shape(&table);
        if file.dim != DIM || shape.len() != 2 || shape[1] != DIM || file.chunks == 0 {
            return Err(ModelError::Damaged("token table".into()));
        }
        let mut branches = Vec::new();
        for &(width, left) in &ORDERS {
            branches.push(Branch {
                width,
                left,
                w1: matrix(&format!("w1_{width}"), width * CNN, CNN)?,
                b1: vector(&format!("b1_{width}"), CNN)?,
                w2: matrix(&format!("w2_{width}"), width * CNN, CNN)?,
                b2: vector(&format!("b2_{width}"), CNN)?,
                memo: Table::new(CNN),
            });
        }
        Ok(Network {
            table: table.bytes,
            rows: shape[0],
            scale: file.floats("scale", &[file.chunks])?,
            lo: file.floats("lo", &[file.chunks])?,
            proj: matrix("proj", DIM, 3 * CNN)?,
            proj_b: vector("proj_b", 3 * CNN)?,
            proj_ln: (vector("proj_ln_g", 3 * CNN)?, vector("proj_ln_b", 3 * CNN)?),
            projected: Table::new(3 * CNN),
            users: AtomicUsize::new(0),
            branches,
            ln: (vector("ln_g", FEATURES)?, vector("ln_b", FEATURES)?),
            cnn_w: matrix("cnn_w", FEATURES, DIM)?,
            cnn_b: vector("cnn_b", DIM)?,
            d0: matrix("d0", DIM, HIDDEN)?,
            d1: matrix("d1", HIDDEN, HIDDEN)?,
            d2: matrix("d2", HIDDEN, DIM)?,
            d3: matrix("d3", DIM, DIM)?,
            p1: matrix("p1", DIM, HIDDEN)?,
            p3: matrix("p3", HIDDEN, DIM)?,
            eps: file.eps,
        })
    }

    /// Marks the network in use until the guard is dropped. The rows kept from batch to batch
    /// (see `super::memo`) are kept while some caller uses it, and forgotten when the last one
    /// is done, so they are shared by the two documents of a pair embedded at the same time
    /// and take no memory once nobody embeds (alignments that overlap, as in library mode,
    /// keep them, bounded, until the last is done).
    pub fn in_use(&self) -> InUse<'_> {
        self.users.fetch_add(1, Ordering::SeqCst);
        InUse(self)
    }

    /// Forgets the rows kept from batch to batch, giving back their memory.
    pub fn forget(&self) {
        self.projected.clear();
        for branch in &self.branches {
            branch.memo.clear();
        }
    }

    /// How many rows are kept from batch to batch.
    #[cfg(test)]
    pub fn remembered(&self) -> usize {
        self.projected.len() + self.branches.iter().map(|b| b.memo.len()).sum::<usize>()
    }

    /// How many token ids the table has rows for.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// The token whose row of the table `id` reads: itself, or 0 for an id past the table.
    fn known(&self, id: u32) -> u32 {
        if (id as usize) < self.rows { id } else { 0 }
    }

    /// Writes the embedding of token `id` (dequantised from its 6-bit row) into `out`.
    fn embed_token(&self, id: u32, out: &mut [f32]) {
        let id = self.known(id) as usize;
        let width = DIM / 4 * 3;
        let row = &self.table[id * width..(id + 1) * width];
        let chunk = id % self.scale.len();
        let (scale, lo) = (self.scale[chunk], self.lo[chunk]);
        for (b, o) in row.chunks_exact(3).zip(out.chunks_exact_mut(4)) {
            let w = u32::from(b[0]) | u32::from(b[1]) << 8 | u32::from(b[2]) << 16;
            o[0] = (w & 63) as f32 * scale + lo;
            o[1] = (w >> 6 & 63) as f32 * scale + lo;
            o[2] = (w >> 12 & 63) as f32 * scale + lo;
            o[3] = (w >> 18 & 63) as f32 * scale + lo;
        }
    }

    /// The summed features of every wanted range of every stretch, in order, as rows, worked
    /// out in the scratch matrices `ws` (kept from batch to batch by its caller).
    pub fn features_in(&self, stretches: &[Stretch], ws: &mut Workspace) -> Array2<f32> {
        let total: usize = stretches.iter().map(|s| s.ids.len()).sum();
        // Where each stretch starts in the flat batch.
        let mut starts = Vec::with_capacity(stretches.len());
        let mut at = 0;
        for st in stretches {
            starts.push(at);
            at += st.ids.len();
        }
        // Only the wanted tokens' features are summed, and a window's stretch wants five of its
        // nine tokens: the second layer is computed for the wanted tokens alone, the first for
        // those the second reads. A token's row of a matrix product does not depend on the
        // other rows, so the features are those of the whole stretch, to the bit.
        let [feats, x, windows, h, part] = ws.buffers(Workspace::lens(total));
        // Ids past the table read its first row: they count as that token, so that tokens
        // with equal ids here are equal tokens.
        let ids: Vec<u32> = stretches
            .iter()
            .flat_map(|st| st.ids.iter().map(|&id| self.known(id)))
            .collect();
        // A token's features depend on the ids within REACH of it alone, so wanted tokens
        // with the same surroundings (a sentence embedded whole and the same sentence in its
        // stream, a repeated phrase) are computed once, and the others copy their row.
        let every_wanted = wanted_tokens(stretches, &starts);
        let (wanted, same, _) = same_windows(&every_wanted, &ids, CONTEXT, REACH);
        // A token's embedding and projection depend on the token alone, and a batch holds
        // each token about twice (the windows repeat their sentences' first and last tokens,
        // and text repeats its words): both are computed once per distinct token.
        let mut distinct = ids.clone();
        distinct.sort_unstable();
        distinct.dedup();
        let d = distinct.len();
        // The windows' buffer is not needed yet, and holds both.
        let (embedded, projected) = windows[..d * (DIM + 3 * CNN)].split_at_mut(d * DIM);
        let mut projected = view(projected, d, 3 * CNN);
        // Those projected by an earlier batch are recalled; the others take the first rows.
        let (place, missing) = self.projected.recall(&distinct, &mut projected);
        let mut embedded = view(embedded, d, DIM);
        for (&id, &p) in distinct.iter().zip(&place) {
            let mut row = embedded.row_mut(p);
            let slice = row
                .as_slice_mut()
                .expect("a row of a standard-layout matrix is contiguous");
            self.embed_token(id, slice);
        }
        let mut fresh = projected.slice_axis_mut(Axis(0), Slice::from(..missing));
        general_mat_mul(
            1.0,
            &embedded.slice_axis(Axis(0), Slice::from(..missing)),
            &self.proj,
            0.0,
            &mut fresh,
        );
        fresh += &self.proj_b;
        for row in fresh.rows_mut() {
            layer_norm(row, &self.proj_ln.0, &self.proj_ln.1, self.eps);
        }
        self.projected.keep(
            first_rows(&distinct, &place, missing),
            projected.slice_axis(Axis(0), Slice::from(..missing)),
        );
        let mut feats = view(feats, total, FEATURES);
        let mut x = view(x, total, 3 * CNN);
        for (r, id) in ids.iter().enumerate() {
            let k = place[distinct.binary_search(id).unwrap_or_default()];
            feats
                .row_mut(r)
                .slice_axis_mut(Axis(0), Slice::from(..DIM))
                .assign(&embedded.row(k));
            x.row_mut(r).assign(&projected.row(k));
        }

        let mut h = view(h, total, CNN);
        for (k, branch) in self.branches.iter().enumerate() {
            let xs = x.slice_axis(Axis(1), Slice::from(k * CNN..(k + 1) * CNN));
            let window = branch.width * CNN;
            // The first layer, at the tokens the second reads, kept in their rows of `h` (the
            // other rows hold whatever an earlier batch left, and are not read). Its output
            // depends on the tokens of its window alone, so tokens with the same window (a
            // window's tokens and their stream's, a repeated phrase) share one.
            let first = first_layer_tokens(&wanted, branch.width, branch.left);
            let (unique, of, keys) = same_windows(&first, &ids, branch.width, branch.left);
            let mut out = view(&mut part[..unique.len() * CNN], unique.len(), CNN);
            // Windows an earlier batch worked out are recalled; the others take the first rows.
            let (place, missing) = branch.memo.recall(&keys, &mut out);
            let mut win = view(&mut windows[..missing * window], missing, window);
            gather(
                xs,
                &mut win,
                &first_rows(&unique, &place, missing),
                branch.left,
            );
            let mut fresh = out.slice_axis_mut(Axis(0), Slice::from(..missing));
            general_mat_mul(1.0, &win, &branch.w1, 0.0, &mut fresh);
            fresh += &branch.b1;
            fresh.mapv_inplace(|v| v.max(0.0));
            branch.memo.keep(
                first_rows(&keys, &place, missing),
                out.slice_axis(Axis(0), Slice::from(..missing)),
            );
            for (t, &u) in first.iter().zip(&of) {
                let mut row = h.row_mut(t.row());
                row.assign(&out.row(place[u]));
                row += &xs.row(t.row());
            }
            // The second, at the wanted tokens.
            let mut win = view(&mut windows[..wanted.len() * window], wanted.len(), window);
            gather(h.view(), &mut win, &wanted, branch.left);
            let mut out = view(&mut part[..wanted.len() * CNN], wanted.len(), CNN);
            general_mat_mul(1.0, &win, &branch.w2, 0.0, &mut out);
            out += &branch.b2;
            out.mapv_inplace(|v| v.max(0.0));
            for (mut row, t) in out.rows_mut().into_iter().zip(&wanted) {
                row += &h.row(t.row());
                feats
                    .row_mut(t.row())
                    .slice_axis_mut(Axis(0), Slice::from(DIM + k * CNN..DIM + (k + 1) * CNN))
                    .assign(&row);
            }
        }
        for t in &wanted {
            layer_norm(feats.row_mut(t.row()), &self.ln.0, &self.ln.1, self.eps);
        }
        let flat = feats
            .as_slice_mut()
            .expect("a standard-layout matrix is contiguous");
        for (t, &u) in every_wanted.iter().zip(&same) {
            let (from, to) = (wanted[u].row(), t.row());
            if from != to {
                flat.copy_within(from * FEATURES..(from + 1) * FEATURES, to * FEATURES);
            }
        }

        let wanted: usize = stretches.iter().map(|s| s.wanted.len()).sum();
        let mut sums = Array2::<f32>::zeros((wanted, FEATURES));
        let mut w = 0;
        for (st, &start) in stretches.iter().zip(&starts) {
            for range in &st.wanted {
                let mut sum = sums.row_mut(w);
                for r in start + range.start..start + range.end {
                    sum += &feats.row(r);
                }
                w += 1;
            }
        }
        sums
    }

    /// Unit vectors from summed token features (`sums`, a row each) and token counts.
    pub fn head(&self, sums: &ArrayView2<f32>, tokens: &[usize]) -> Array2<f32> {
        let n = sums.nrows();
        let mut mean = Array2::<f32>::zeros((n, DIM));
        general_mat_mul(1.0, sums, &self.cnn_w, 0.0, &mut mean);
        for (mut row, &len) in mean.rows_mut().into_iter().zip(tokens) {
            let len = len.max(1) as f32;
            row.scaled_add(len, &self.cnn_b);
            row *= 1.0 / len.sqrt();
        }
        let mut y0 = Array2::<f32>::zeros((n, HIDDEN));
        general_mat_mul(1.0, &mean, &self.d0, 0.0, &mut y0);
        y0.mapv_inplace(|v| v.max(0.0));
        let mut y1 = Array2::<f32>::zeros((n, HIDDEN));
        general_mat_mul(1.0, &mean, &self.p1, 0.0, &mut y1);
        general_mat_mul(1.0, &y0, &self.d1, 1.0, &mut y1);
        y1.mapv_inplace(|v| v.max(0.0));
        let mut y2 = Array2::<f32>::zeros((n, DIM));
        general_mat_mul(1.0, &y1, &self.d2, 0.0, &mut y2);
        y2.mapv_inplace(|v| v.max(0.0));
        let mut z = Array2::<f32>::zeros((n, DIM));
        general_mat_mul(1.0, &y1, &self.p3, 0.0, &mut z);
        general_mat_mul(1.0, &y2, &self.d3, 1.0, &mut z);
        z.mapv_inplace(f32::tanh);
        for mut row in z.rows_mut() {
            let norm = row.dot(&row).max(self.eps).sqrt();
            row /= norm;
        }
        z
    }
}

/// A caller's use of a [`Network`], from [`Network::in_use`] until it is dropped.
pub struct InUse<'a>(&'a Network);

impl Drop for InUse<'_> {
    fn drop(&mut self) {
        // A caller arriving meanwhile at worst finds fewer rows kept: rows are the same to
        // the bit whether recalled or worked out.
        if self.0.users.fetch_sub(1, Ordering::SeqCst) == 1 {
            self.0.forget();
        }
    }
}

/// A token of a batch: where its stretch starts in the batch, the stretch's length, and the
/// token's place in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Token {
    start: usize,
    len: usize,
    at: usize,
}

impl Token {
    /// The token's row in the batch's matrices.
    fn row(self) -> usize {
        self.start + self.at
    }
}

/// The tokens of `stretches` (starting at `starts` in the batch) in any of their wanted
/// ranges, in batch order, each once.
///
/// # Panics
/// When a wanted range runs past its stretch's tokens.
fn wanted_tokens(stretches: &[Stretch], starts: &[usize]) -> Vec<Token> {
    let mut tokens = Vec::new();
    for (st, &start) in stretches.iter().zip(starts) {
        let len = st.ids.len();
        let mut wanted = vec![false; len];
        for range in &st.wanted {
            wanted[range.clone()].fill(true);
        }
        tokens.extend(
            (0..len)
                .filter(|&at| wanted[at])
                .map(|at| Token { start, len, at }),
        );
    }
    tokens
}

/// The tokens whose first-layer output a second layer of `width` tokens (`left` of them
/// before the centre) reads at `wanted` (in batch order): in batch order, each once.
fn first_layer_tokens(wanted: &[Token], width: usize, left: usize) -> Vec<Token> {
    let mut tokens: Vec<Token> = Vec::with_capacity(wanted.len());
    for t in wanted {
        let end = (t.at + width - left).min(t.len);
        let from = match tokens.last() {
            // The windows of a stretch's wanted tokens move right with them: each adds only
            // what lies past the last one.
            Some(last) if last.start == t.start => (last.at + 1).max(t.at.saturating_sub(left)),
            _ => t.at.saturating_sub(left),
        };
        tokens.extend((from..end).map(|at| Token { at, ..*t }));
    }
    tokens
}

/// The items whose `places` are below `missing` (the rows [`Table::recall`] left to work
/// out), in the order of those rows.
fn first_rows<T: Copy>(items: &[T], places: &[usize], missing: usize) -> Vec<T> {
    // `recall` gives the missing rows in the order of their keys.
    items
        .iter()
        .zip(places)
        .filter(|&(_, &p)| p < missing)
        .map(|(&item, _)| item)
        .collect()
}

/// The tokens of `tokens` with distinct windows of `width` token ids (`left` of them before the
/// centre; `ids` holds the batch's), for each token the place of its window among them, and
/// each distinct window's ids (as many as `width`, then `u32::MAX`).
fn same_windows(
    tokens: &[Token],
    ids: &[u32],
    width: usize,
    left: usize,
) -> (Vec<Token>, Vec<usize>, Vec<[u32; CONTEXT]>) {
    // What lies outside the stretch counts as zeros, which no token is (ids are below the
    // table's size, see `Network::known`).
    const OUTSIDE: u32 = u32::MAX;
    let window = |t: &Token| {
        let mut key = [OUTSIDE; CONTEXT];
        for (k, slot) in key.iter_mut().take(width).enumerate() {
            if let Some(q) = (t.at + k).checked_sub(left).filter(|&q| q < t.len) {
                *slot = ids[t.start + q];
            }
        }
        key
    };
    let mut seen: HashMap<[u32; CONTEXT], usize> = HashMap::with_capacity(tokens.len());
    let mut unique = Vec::with_capacity(tokens.len());
    let mut keys = Vec::with_capacity(tokens.len());
    let of = tokens
        .iter()
        .map(|t| {
            let key = window(t);
            *seen.entry(key).or_insert_with(|| {
                unique.push(*t);
                keys.push(key);
                unique.len() - 1
            })
        })
        .collect();
    (unique, of, keys)
}

/// Writes each of `tokens`' window of rows of `x` (starting `left` before it) side by side
/// into its row of `out`; rows outside the token's stretch are zero.
fn gather(x: ArrayView2<f32>, out: &mut ArrayViewMut2<f32>, tokens: &[Token], left: usize) {
    let cols = x.ncols();
    let width = out.ncols() / cols;
    for (t, mut row) in tokens.iter().zip(out.rows_mut()) {
        for k in 0..width {
            let mut slot = row.slice_axis_mut(Axis(0), Slice::from(k * cols..(k + 1) * cols));
            match (t.at + k).checked_sub(left).filter(|&q| q < t.len) {
                Some(q) => slot.assign(&x.row(t.start + q)),
                None => slot.fill(0.0),
            }
        }
    }
}

/// Scratch matrices for one batch, reused from batch to batch.
#[derive(Default)]
pub struct Workspace {
    buffers: [Vec<f32>; 5],
}

impl Workspace {
    /// Scratch for batches of up to `tokens` tokens, made now and its memory touched: the
    /// first touch of fresh memory is dear, and done ahead it is not paid by the first batch.
    pub fn for_tokens(tokens: usize) -> Workspace {
        let mut ws = Workspace::default();
        ws.buffers(Workspace::lens(tokens));
        ws
    }

    /// Whether no scratch is made yet (or it was given back).
    pub fn is_empty(&self) -> bool {
        self.buffers.iter().all(Vec::is_empty)
    }

    /// The length of each buffer for a batch of `total` tokens.
    fn lens(total: usize) -> [usize; 5] {
        let widest = ORDERS.iter().map(|o| o.0).max().unwrap_or(1);
        [
            total * FEATURES,
            total * 3 * CNN,
            // The windows, and before them the embeddings and projections of distinct tokens.
            total * (widest * CNN).max(DIM + 3 * CNN),
            total * CNN,
            total * CNN,
        ]
    }

    /// The five buffers, as long as asked.
    fn buffers(&mut self, lens: [usize; 5]) -> [&mut [f32]; 5] {
        let mut lens = lens.into_iter();
        self.buffers.each_mut().map(|b| {
            let len = lens.next().unwrap_or(0);
            if b.len() < len {
                b.resize(len, 0.0);
            }
            &mut b[..len]
        })
    }
}

/// `buf` as a `rows` × `cols` matrix.
fn view(buf: &mut [f32], rows: usize, cols: usize) -> ArrayViewMut2<'_, f32> {
    ArrayViewMut2::from_shape((rows, cols), buf).expect("a buffer of rows × cols numbers")
}

/// Layer normalisation of a row, in place.
fn layer_norm(mut row: ArrayViewMut1<f32>, gamma: &Vector, beta: &Vector, eps: f32) {
    let width = row.len() as f32;
    let mean = row.sum() / width;
    row -= mean;
    let var = row.dot(&row) / width;
    row *= 1.0 / (var + eps).sqrt();
    row *= gamma;
    row += beta;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every token within reach of a wanted one, the slow way.
    fn within_reach(wanted: &[Token], width: usize, left: usize) -> Vec<Token> {
        let mut all: Vec<Token> = Vec::new();
        for t in wanted {
            for k in 0..width {
                if let Some(at) = (t.at + k).checked_sub(left).filter(|&q| q < t.len) {
                    all.push(Token { at, ..*t });
                }
            }
        }
        all.sort_by_key(|t| t.row());
        all.dedup();
        all
    }

    #[test]
    fn the_first_layer_is_computed_for_exactly_the_tokens_the_second_reads() {
        // Two stretches with every pattern of wanted tokens among their first six.
        for pattern in 0u32..1 << 12 {
            let stretches: Vec<Stretch> = [0, 6]
                .iter()
                .map(|&shift| Stretch {
                    ids: vec![7; 6],
                    wanted: (0..6)
                        .filter(|k| pattern >> (shift + k) & 1 == 1)
                        .map(|k| k..k + 1)
                        .collect(),
                })
                .collect();
            let wanted = wanted_tokens(&stretches, &[0, 6]);
            assert_eq!(wanted.len(), pattern.count_ones() as usize);
            for &(width, left) in &ORDERS {
                assert_eq!(
                    first_layer_tokens(&wanted, width, left),
                    within_reach(&wanted, width, left),
                    "pattern {pattern:#b}, window {width}"
                );
            }
        }
    }

    #[test]
    fn tokens_share_a_first_layer_output_exactly_when_their_windows_hold_the_same_ids() {
        // One stretch "a b a b a" and one "b a": a token's window of three (one before) is
        // what lies around it, with the stretch's ends as nothing.
        let ids = [1, 2, 1, 2, 1, 2, 1];
        let mut tokens: Vec<Token> = (0..5)
            .map(|at| Token {
                start: 0,
                len: 5,
                at,
            })
            .collect();
        tokens.extend((0..2).map(|at| Token {
            start: 5,
            len: 2,
            at,
        }));
        let (unique, of, keys) = same_windows(&tokens, &ids, 3, 1);
        // Windows: [_ a b], [a b a], [b a b], [a b a], [b a _], [_ b a], [b a _].
        assert_eq!(of, vec![0, 1, 2, 1, 3, 4, 3]);
        assert_eq!(unique.len(), 5);
        assert_eq!(unique[3], tokens[4]);
        assert_eq!(keys[3][..4], [2, 1, u32::MAX, u32::MAX]);
    }

    #[test]
    fn overlapping_wanted_ranges_want_each_token_once() {
        let st = Stretch {
            ids: vec![7; 10],
            wanted: vec![0..10, 0..4, 6..10],
        };
        let wanted = wanted_tokens(std::slice::from_ref(&st), &[0]);
        let rows: Vec<usize> = wanted.iter().map(|t| t.row()).collect();
        assert_eq!(rows, (0..10).collect::<Vec<_>>());
    }
}
