//! Two byte strings in (split at the first 0xFF byte), alignment out: never a panic, every link
//! index valid, no sentence in two links, the swapped order mirrors, word-diff ranges on char
//! boundaries inside their sentences.
#![no_main]

use diptych::align::{AlignOptions, align, word_diff};
use diptych::load::{LoadOptions, load_bytes};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let cut = data
        .iter()
        .position(|&b| b == 0xFF)
        .unwrap_or(data.len() / 2);
    let (a, b) = (&data[..cut], &data[(cut + 1).min(data.len())..]);
    let opts = LoadOptions::default();
    let (Ok(l), Ok(r)) = (load_bytes("a", a, &opts), load_bytes("b", b, &opts)) else {
        return;
    };
    let ab = align(&l, &r, &AlignOptions::default());
    let mut seen_l = vec![false; l.sentences.len()];
    let mut seen_r = vec![false; r.sentences.len()];
    for link in &ab.links {
        assert!(!link.left.is_empty() && !link.right.is_empty());
        for &i in &link.left {
            assert!(!seen_l[i], "left sentence in two links");
            seen_l[i] = true;
        }
        for &j in &link.right {
            assert!(!seen_r[j], "right sentence in two links");
            seen_r[j] = true;
        }
        let d = word_diff(&l, &r, link);
        for m in d.left.iter().chain(&d.left_shared) {
            assert!(
                l.sentences
                    .at(m.sentence)
                    .text
                    .get(m.range.clone())
                    .is_some()
            );
        }
        for m in d.right.iter().chain(&d.right_shared) {
            assert!(
                r.sentences
                    .at(m.sentence)
                    .text
                    .get(m.range.clone())
                    .is_some()
            );
        }
    }
    let ba = align(&r, &l, &AlignOptions::default());
    assert_eq!(
        ba.mirrored().links,
        ab.links,
        "swapping the inputs mirrors the links"
    );
});
