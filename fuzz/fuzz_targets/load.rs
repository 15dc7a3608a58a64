//! Bytes in, document out, for every input format: never a panic, and every sentence range lies
//! inside the input, ascending, non-overlapping, on character boundaries of UTF-8 input.
#![no_main]

use diptych::load::{Format, LoadOptions, load_bytes};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for format in [
        None,
        Some(Format::Plain),
        Some(Format::Markdown),
        Some(Format::Html),
    ] {
        let options = LoadOptions {
            format,
            ..LoadOptions::default()
        };
        let Ok(doc) = load_bytes("fuzz", data, &options) else {
            continue;
        };
        let utf8 = std::str::from_utf8(data).ok();
        let mut last = 0;
        for s in &doc.sentences {
            let span = s.span();
            assert!(
                span.start < span.end && span.end <= data.len(),
                "range inside the input"
            );
            assert!(span.start >= last, "ascending, non-overlapping");
            last = span.end;
            if let Some(text) = utf8 {
                assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
            }
            assert!(!s.text.is_empty());
        }
        for p in &doc.paragraphs {
            assert!(p.sentences().end <= doc.sentences.len());
        }
    }
});
