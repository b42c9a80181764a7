//! dockwarden's language server: the main loop, the session and the handlers.
//! Handlers translate between LSP and the analysis; they never decide.
//!
//! [`run_stdio`] serves an editor over stdin and stdout (`dockwarden
//! server`); [`run`] serves any [`lsp_server::Connection`], such as the
//! in-memory one the tests use. Logging goes to stderr through `tracing`,
//! never to stdout, which belongs to the protocol.

mod capabilities;
pub mod convert;
mod dispatch;
#[cfg(any(test, feature = "fuzzing"))]
pub mod fuzzing;
mod handlers;
mod main_loop;
mod session;
mod settings;
mod to_proto;
mod transport;
mod uri;
mod workspace;

use std::fmt;

pub use main_loop::{Event, run};

/// Why the server stopped other than by `shutdown` and `exit`.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ServerError {
    message: String,
}

impl ServerError {
    fn new(message: impl Into<String>) -> ServerError {
        ServerError { message: message.into() }
    }
}

impl fmt::Display for ServerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ServerError {}

/// Serves one client over stdin and stdout until it says `exit`.
pub fn run_stdio() -> Result<(), ServerError> {
    tracing::info!("dockwarden {} language server on stdio", env!("CARGO_PKG_VERSION"));
    let (connection, threads) = transport::stdio()
        .map_err(|error| ServerError::new(format!("cannot start the transport: {error}")))?;
    let outcome = run(connection);
    // The connection is gone: the writer flushes what is left and stops.
    threads
        .join()
        .map_err(|error| ServerError::new(format!("writing to stdout failed: {error}")))?;
    outcome
}
