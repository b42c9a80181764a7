//! Helpers shared by the black-box tests: run the built `dockwarden`, make
//! throw-away projects, check a SARIF log's structure.

#![allow(dead_code, reason = "each test target uses some of the helpers")]

pub mod sarif;

use std::path::{Path, PathBuf};
use std::process::Command;

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

/// The repository's root folder.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}
