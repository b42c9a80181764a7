//! The one place that writes to the terminal. stdout carries results only
//! (findings, diffs, the catalog, a rule's page); messages about the run go
//! to stderr. Both honour `--color`, NO_COLOR and CLICOLOR_FORCE, and strip
//! the renderers' ANSI styles when colour is off.

use std::io::{self, Write as _};

use anstream::{AutoStream, ColorChoice};
use anstyle::{AnsiColor, Style};

use crate::args::ColorWhen;
use crate::problem::{Level, Problem};

const ERROR: Style = AnsiColor::Red.on_default().bold();
const WARNING: Style = AnsiColor::Yellow.on_default().bold();

/// Where results and messages go.
#[derive(Clone, Copy, Debug)]
pub struct Output {
    choice: ColorChoice,
}

impl Output {
    pub fn new(when: ColorWhen) -> Output {
        let choice = match when {
            ColorWhen::Auto => ColorChoice::Auto,
            ColorWhen::Always => ColorChoice::Always,
            ColorWhen::Never => ColorChoice::Never,
        };
        Output { choice }
    }

    /// Whether stderr gets colour, for the log lines.
    pub fn stderr_has_color(&self) -> bool {
        AutoStream::new(io::stderr(), self.choice).current_choice() != ColorChoice::Never
    }

    /// Writes results. A closed pipe (`dockwarden check | head`) is not an
    /// error worth reporting, so write failures end quietly.
    pub fn results(&self, text: &str) {
        let mut stdout = AutoStream::new(io::stdout().lock(), self.choice);
        let _ = stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush());
    }

    /// Writes a note about the run (a summary for machine formats) to stderr.
    pub fn note(&self, text: &str) {
        let mut stderr = AutoStream::new(io::stderr().lock(), self.choice);
        let _ = stderr.write_all(text.as_bytes());
    }

    /// Writes `error: ...` or `warning: ...` to stderr.
    pub fn problem(&self, problem: &Problem) {
        let (style, label) = match problem.level {
            Level::Error => (ERROR, "error"),
            Level::Warning => (WARNING, "warning"),
        };
        let mut stderr = AutoStream::new(io::stderr().lock(), self.choice);
        let _ = writeln!(stderr, "{style}{label}{style:#}: {}", problem.message);
    }
}
