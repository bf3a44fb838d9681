//! The crate's modules import one way, from the top down: `startup` → `api` and `pages` (neither
//! imports the other) → `web` → `serving` → `import`, `config` → `queries`, `charts` → `extract` → `ru` →
//! `domain`, `db` → `error`. Read from the sources: a `use crate::…` (or a path through
//! `crate::…`) in a module's code, its unit tests aside, that names a module at its own layer
//! or above fails here.

use std::path::Path;

/// Each top-level module's layer: a module may name only modules of a larger number.
const LAYERS: &[(&str, u32)] = &[
    ("startup", 10),
    ("api", 20),
    ("pages", 20),
    ("web", 30),
    ("serving", 40),
    ("import", 50),
    ("config", 50),
    ("queries", 60),
    ("charts", 60),
    ("ru", 65),
    ("extract", 62),
    ("domain", 70),
    ("db", 70),
    ("error", 80),
];

fn layer(module: &str) -> Option<u32> {
    LAYERS.iter().find(|(name, _)| *name == module).map(|(_, layer)| *layer)
}

/// Every `.rs` file under `dir`.
fn sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn modules_import_one_way() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let mut wrong = Vec::new();
    for file in files {
        let relative = file.strip_prefix(&src).unwrap();
        let top = relative.components().next().unwrap().as_os_str().to_str().unwrap().trim_end_matches(".rs");
        let Some(own) = layer(top) else { continue };
        let text = std::fs::read_to_string(&file).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap();
        for (at, _) in code.match_indices("crate::") {
            let named: String = code[at + 7..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            match layer(&named) {
                Some(theirs) if named != top && theirs <= own => {
                    wrong.push(format!("{} names crate::{named}", relative.display()))
                }
                _ => {}
            }
        }
    }
    wrong.sort();
    wrong.dedup();
    assert!(wrong.is_empty(), "imports that run upward or sideways:\n{}", wrong.join("\n"));
}
