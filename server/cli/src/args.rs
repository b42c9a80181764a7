//! The command line's grammar: subcommands, flags and their help, as clap
//! derives them. Nothing here acts; `main` dispatches.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use dockwarden_analysis::Severity;

/// Keeps Dockerfiles and Docker Compose files secure: checks them for
/// security problems, explains each rule, and fixes what can be fixed.
#[derive(Debug, Parser)]
#[command(name = "dockwarden", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// Log what dockwarden does to stderr (-v for info, -vv for debug, -vvv
    /// for trace). DOCKWARDEN_LOG (a tracing filter such as `debug`) wins.
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,

    /// When to colour the output. `auto` colours a terminal and honours
    /// NO_COLOR and CLICOLOR_FORCE.
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto, global = true)]
    pub color: ColorWhen,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check Dockerfiles and Compose files (the default path is `.`).
    ///
    /// Exit status: 0 when nothing at or above the failing severity was
    /// found, 1 when something was (or, with --diff, when fixes would change
    /// a file), 2 on a usage, configuration or I/O error.
    Check(CheckArgs),
    /// List every rule: code, name, severity, practice and fix.
    Rules(RulesArgs),
    /// Print a rule's page: what it flags, why, and how to fix it.
    Explain(ExplainArgs),
    /// Run the language server over stdin and stdout.
    Server,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files and folders to check. Folders are walked, honouring .gitignore
    /// and .ignore; files named here are checked even when ignored.
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<PathBuf>,

    /// How to print the findings.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,

    /// Apply the safe fixes, then report what is left.
    #[arg(long)]
    pub fix: bool,

    /// Let --fix and --diff apply unsafe and template fixes too.
    #[arg(long)]
    pub unsafe_fixes: bool,

    /// Print a unified diff of what the fixes would change, and write
    /// nothing. Exits 1 when there is a diff.
    #[arg(long, conflicts_with = "format")]
    pub diff: bool,

    /// Rules to run instead of the configured set: codes, names, prefixes
    /// (`DF`, `CP0`) or ALL. Comma-separated or repeated.
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub select: Option<Vec<String>>,

    /// Rules to run in addition (opt-in rules, say).
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub extend_select: Vec<String>,

    /// Rules never to run.
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub ignore: Vec<String>,

    /// Report, and fail on, findings at or above this severity only.
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub severity: Option<SeverityArg>,

    /// List the files that would be checked, one a line, and check nothing.
    #[arg(long, conflicts_with_all = ["fix", "diff"])]
    pub show_files: bool,

    /// Use this configuration file for every checked file, instead of the
    /// `.dockwarden.toml` found by walking up from each file.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// How to print the catalog.
    #[arg(long, value_enum, default_value_t = CatalogFormat::Text)]
    pub format: CatalogFormat,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A rule's code or name (`DF019`, `latest-base-image`), or a hadolint
    /// code (`DL3007`).
    #[arg(value_name = "RULE")]
    pub rule: String,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug, ValueEnum)]
pub enum OutputFormat {
    /// `path:line:col: CODE [severity] message` with a source excerpt.
    Text,
    /// A JSON array of findings.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands (annotations on the pull request).
    Github,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug, ValueEnum)]
pub enum CatalogFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug, ValueEnum)]
pub enum SeverityArg {
    Critical,
    High,
    Medium,
    Low,
    Info,
}

impl SeverityArg {
    pub fn severity(self) -> Severity {
        match self {
            SeverityArg::Critical => Severity::Critical,
            SeverityArg::High => Severity::High,
            SeverityArg::Medium => Severity::Medium,
            SeverityArg::Low => Severity::Low,
            SeverityArg::Info => Severity::Info,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_grammar_is_consistent() {
        Cli::command().debug_assert();
    }
}
