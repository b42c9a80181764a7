//! The language server over the protocol, in memory: `dockwarden_lsp::run`
//! on a thread, driven by the test client in `tests/support/lsp_client.rs`.
//! The transport over the real binary is `tests/lsp_stdio.rs`.

#[path = "../support/mod.rs"]
mod support;

#[path = "../support/lsp_client.rs"]
mod client;

mod code_actions;
mod diagnostics;
mod encodings;
mod language;
mod lifecycle;
mod workspace;
