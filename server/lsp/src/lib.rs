//! dockwarden's language server: the main loop, the session and the handlers.
//! Handlers translate between LSP and the analysis; they never decide.
