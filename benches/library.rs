//! Library mode at scale: ranking a generated folder of 500 news-length articles (about 100
//! stories of 1–6 retellings and some 150 singletons; `library::synthetic`), and the pre-filter
//! alone. Target: the whole ranking within 2 s (`docs/library.md` has the measurements).
//!
//! `cargo bench --bench library`

use criterion::{Criterion, criterion_group, criterion_main};
use diptych::library::index::StemIndex;
use diptych::library::synthetic::{Spec, generate};
use diptych::library::{RankOptions, rank};
use diptych::load::{Document, LoadOptions, load_bytes};

fn folder(n: usize) -> Vec<Document> {
    generate(&Spec::news_folder(n, 1))
        .iter()
        .filter_map(|g| load_bytes(&g.name, g.text.as_bytes(), &LoadOptions::default()).ok())
        .collect()
}

fn library(c: &mut Criterion) {
    let docs = folder(500);
    let refs: Vec<&Document> = docs.iter().collect();
    let options = RankOptions::default();
    let mut group = c.benchmark_group("library");
    group.sample_size(10);
    group.bench_function("index and pre-filter, 500 articles", |b| {
        b.iter(|| {
            StemIndex::build(&refs, options.threads)
                .candidates(options.prefilter)
                .len()
        });
    });
    group.bench_function("rank 500 articles", |b| {
        b.iter(|| rank(&refs, &options).pairs.len());
    });
    group.finish();
}

criterion_group!(benches, library);
criterion_main!(benches);
