//! The `dockwarden` binary: `check`, `rules`, `explain` and `server`.
//!
//! Exit status: 0 when nothing at or above the failing severity was found,
//! 1 when something was, 2 on a usage, configuration or I/O error.

mod args;
mod catalog;
mod check;
mod discover;
mod docs;
mod lint;
mod logging;
mod output;
mod paths;
mod problem;
mod project_config;
mod render;
#[cfg(test)]
mod vscode_settings;

/// The SARIF structure check the black-box tests use, shared so that the
/// renderer's unit tests hold a log with every feature to it.
#[cfg(test)]
#[path = "../../../tests/support/sarif.rs"]
mod sarif_validation;

use std::process::ExitCode;

use clap::Parser as _;

use crate::args::{CatalogFormat, Cli, Command};
use crate::output::Output;
use crate::problem::Problem;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let output = Output::new(cli.color);
    let is_server = matches!(cli.command, Command::Server);
    logging::init(cli.verbose, output.stderr_has_color(), is_server);
    let status = match &cli.command {
        Command::Check(args) => check::run(args, &output),
        Command::Rules(args) => {
            output.results(&match args.format {
                CatalogFormat::Text => catalog::rules_table(),
                CatalogFormat::Json => catalog::rules_json(),
            });
            check::EXIT_CLEAN
        }
        Command::Explain(args) => match catalog::explain(&args.rule) {
            Ok(page) => {
                output.results(&page);
                check::EXIT_CLEAN
            }
            Err(message) => {
                output.problem(&Problem::error(message));
                check::EXIT_ERROR
            }
        },
        Command::Server => match dockwarden_lsp::run_stdio() {
            Ok(()) => check::EXIT_CLEAN,
            Err(error) => {
                // Status 1 for `exit` without `shutdown`, as the LSP asks.
                tracing::error!("{error}");
                check::EXIT_FINDINGS
            }
        },
    };
    ExitCode::from(status)
}
