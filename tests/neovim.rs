//! Neovim end to end: headless Neovim (Debian's 0.7) starts `dockwarden
//! server`, opens a Dockerfile and a compose.yaml, waits for diagnostics,
//! applies code actions and checks the buffers (`tests/editors/neovim/`).
//! Without `nvim` on PATH the test says it skipped and passes, so that a
//! Rust-only machine can run `cargo test`.

mod support;

use std::process::Command;

#[test]
fn neovim_shows_findings_and_applies_fixes() {
    let has_nvim =
        Command::new("nvim").arg("--version").output().is_ok_and(|output| output.status.success());
    if !has_nvim {
        support::skipped("nvim not installed");
        return;
    }
    let root = support::repo_root();
    let script_dir = root.join("tests/editors/neovim");
    // Work on copies: the test edits the buffers (and may save nothing, but
    // the fixtures must stay pristine whatever happens).
    let scratch = tempfile::tempdir().expect("a scratch folder");
    for name in ["Dockerfile", "compose.yaml"] {
        std::fs::copy(script_dir.join(name), scratch.path().join(name)).expect("fixture copied");
    }
    let output = Command::new("nvim")
        .args(["--headless", "--clean", "-n", "-u", "NONE", "-c", "filetype on", "-c"])
        .arg(format!("luafile {}", script_dir.join("e2e.lua").display()))
        .env("DOCKWARDEN", env!("CARGO_BIN_EXE_dockwarden"))
        .env("FIXTURES", scratch.path())
        .env("XDG_STATE_HOME", scratch.path())
        .env("XDG_CACHE_HOME", scratch.path())
        .env("XDG_DATA_HOME", scratch.path())
        .output()
        .expect("nvim runs");
    assert!(
        output.status.success(),
        "Neovim failed ({:?}):\n{}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
