//! The `dockwarden` binary: `server`, `check`, `rules`, `explain`.
//!
//! On this branch only `server` is wired (the command line arrives with the
//! CLI work, whose `Command::Server` arm calls the same
//! [`dockwarden_lsp::run_stdio`]).

use std::io::Write as _;
use std::process::ExitCode;

use tracing_subscriber::EnvFilter;

/// The environment variable holding a tracing filter (`debug`,
/// `dockwarden_lsp=trace`).
const LOG_VARIABLE: &str = "DOCKWARDEN_LOG";

fn main() -> ExitCode {
    let command = std::env::args().nth(1);
    match command.as_deref() {
        Some("server") => {
            let filter = EnvFilter::try_from_env(LOG_VARIABLE)
                .unwrap_or_else(|_| EnvFilter::new("warn,dockwarden_lsp=info"));
            // stdout is the protocol: logs go to stderr only.
            let _ = tracing_subscriber::fmt()
                .with_writer(std::io::stderr)
                .with_env_filter(filter)
                .with_ansi(false)
                .try_init();
            match dockwarden_lsp::run_stdio() {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) => {
                    tracing::error!("{error}");
                    ExitCode::from(1)
                }
            }
        }
        _ => {
            let _ = writeln!(std::io::stderr(), "usage: dockwarden server");
            ExitCode::from(2)
        }
    }
}
