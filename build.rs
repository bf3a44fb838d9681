//! A fingerprint of the sources, for ETags: a new build may render the same data differently
//! (a template, the stylesheet, a serialiser), and must not answer 304 to what an old one sent.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;

fn visit(dir: &Path, hasher: &mut DefaultHasher) {
    let mut entries: Vec<_> =
        std::fs::read_dir(dir).expect("src/ is readable").map(|e| e.expect("a directory entry").path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            visit(&path, hasher);
        } else {
            path.to_string_lossy().hash(hasher);
            std::fs::read(&path).expect("a source file is readable").hash(hasher);
        }
    }
}

fn main() {
    let mut hasher = DefaultHasher::new();
    visit(Path::new("src"), &mut hasher);
    std::fs::read("Cargo.lock").unwrap_or_default().hash(&mut hasher);
    println!("cargo:rustc-env=FORUM_METRICS_BUILD={:016x}", hasher.finish());
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=Cargo.lock");
}
