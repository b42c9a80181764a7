//! Logging with `tracing`, always to stderr: stdout belongs to results (and,
//! for `dockwarden server`, to the protocol). `-v` raises dockwarden's own
//! level; `DOCKWARDEN_LOG` takes any tracing filter and wins over `-v`.

use tracing_subscriber::EnvFilter;

/// The environment variable holding a tracing filter (`debug`,
/// `dockwarden_analysis=trace`).
pub const LOG_VARIABLE: &str = "DOCKWARDEN_LOG";

/// Installs the stderr logger. `timestamps` suits the long-running server.
pub fn init(verbosity: u8, color: bool, timestamps: bool) {
    let level = match verbosity {
        0 => "warn",
        1 => "info",
        2 => "debug",
        _ => "trace",
    };
    let filter = EnvFilter::try_from_env(LOG_VARIABLE).unwrap_or_else(|_| {
        EnvFilter::new(format!(
            "warn,dockwarden={level},dockwarden_analysis={level},dockwarden_lsp={level}"
        ))
    });
    let builder = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(filter)
        .with_ansi(color)
        .with_target(verbosity > 1);
    let _ = if timestamps { builder.try_init() } else { builder.without_time().try_init() };
}
