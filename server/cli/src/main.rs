//! The `dockwarden` binary: `server`, `check`, `rules`, `explain`.

fn main() {}
