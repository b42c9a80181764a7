//! Helpers shared by the black-box tests: where the repository, the corpus
//! and the oracles are. Each test target includes this module with `mod
//! support;` and uses what it needs.
#![allow(dead_code, reason = "each test target uses a different part of the helpers")]

use std::path::{Path, PathBuf};

/// The repository's root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("the repository root")
}

/// The shared corpus beside the checkout (`../shared/corpus`), as CI lays it
/// out; `None` on a user's fresh clone.
pub fn corpus_dir() -> Option<PathBuf> {
    let dir = repo_root().join("../shared/corpus");
    dir.is_dir().then_some(dir)
}

/// A program of the oracle virtual environment (`docker-compose`, `python`):
/// from `DOCKWARDEN_ORACLE_VENV`, else `.venv` at the repository root (what
/// `.ci/run` creates), else `/tmp/oracle`.
pub fn oracle_program(name: &str) -> Option<PathBuf> {
    let mut venvs = Vec::new();
    if let Some(venv) = std::env::var_os("DOCKWARDEN_ORACLE_VENV") {
        venvs.push(PathBuf::from(venv));
    }
    venvs.push(repo_root().join(".venv"));
    venvs.push(PathBuf::from("/tmp/oracle"));
    venvs.into_iter().map(|venv| venv.join("bin").join(name)).find(|program| program.is_file())
}

/// Says, on the test's output, that a test skipped part of its work.
#[allow(
    clippy::print_stderr,
    reason = "a skipped check must say so where the test runner shows it"
)]
pub fn skipped(what: &str) {
    eprintln!("skipped: {what}");
}

/// Says, on the test's output, what a test measured or covered.
#[allow(clippy::print_stderr, reason = "the figure belongs where the test runner shows it")]
pub fn note(what: &str) {
    eprintln!("note: {what}");
}

/// Every file below `dir` whose name satisfies `wanted`, sorted.
pub fn files_under(dir: &Path, wanted: &dyn Fn(&Path) -> bool) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&current) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if wanted(&path) {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// The file name of a path, as text.
pub fn file_name(path: &Path) -> &str {
    path.file_name().and_then(|name| name.to_str()).unwrap_or("")
}
