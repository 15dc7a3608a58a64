//! Writes the benchmark corpus to a directory, for the commands in docs/performance.md.
//!
//! `cargo run --release --example corpus -- DIR [SIZE…]` writes `DIR/{kind}-{size}-{left,right}.txt`
//! for every kind and the given sizes (default: all of `10KB 100KB 1MB 10MB`). The same
//! generator feeds the criterion benches, so the files are the pairs the benches measure.

#[path = "../benches/support/corpus.rs"]
mod corpus;

use std::path::PathBuf;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next().map(PathBuf::from) else {
        eprintln!("usage: corpus DIR [SIZE…]   (sizes: 10KB 100KB 1MB 10MB)");
        std::process::exit(2);
    };
    let wanted: Vec<String> = args.collect();
    std::fs::create_dir_all(&dir)?;
    for (label, bytes) in corpus::SIZES {
        if !wanted.is_empty() && !wanted.iter().any(|w| w == label) {
            continue;
        }
        for kind in corpus::Kind::ALL {
            let pair = corpus::pair(kind, bytes, 1);
            let stem = format!("{}-{label}", kind.name());
            std::fs::write(dir.join(format!("{stem}-left.txt")), &pair.left)?;
            std::fs::write(dir.join(format!("{stem}-right.txt")), &pair.right)?;
        }
    }
    Ok(())
}
