//! `dockwarden check`: find the files, load their configurations, check
//! them in parallel, print the findings, and decide the exit status.

use std::path::Path;

use rayon::prelude::*;

use crate::args::{CheckArgs, OutputFormat};
use crate::discover;
use crate::lint::{self, Checked, Mode};
use crate::output::Output;
use crate::problem::Problem;
use crate::project_config::ConfigLoader;
use crate::render;

/// Nothing at or above the failing severity was found.
pub const EXIT_CLEAN: u8 = 0;
/// Findings (or, with `--diff`, changes the fixes would make).
pub const EXIT_FINDINGS: u8 = 1;
/// A usage, configuration or I/O error.
pub const EXIT_ERROR: u8 = 2;

/// Runs `check` and returns the exit status.
pub fn run(args: &CheckArgs, output: &Output) -> u8 {
    let cwd = match std::env::current_dir() {
        Ok(cwd) => cwd,
        Err(error) => {
            output.problem(&Problem::error(format!("cannot read the current folder: {error}")));
            return EXIT_ERROR;
        }
    };
    let mode = if args.diff {
        Mode::Diff
    } else if args.fix {
        Mode::Fix
    } else {
        Mode::Check
    };
    let mut configs = match ConfigLoader::new(args, &cwd) {
        Ok(configs) => configs,
        Err(problems) => {
            problems.iter().for_each(|problem| output.problem(problem));
            return EXIT_ERROR;
        }
    };
    let mut walk_problems = Vec::new();
    let targets = discover::find_targets(&args.paths, &cwd, &mut configs, &mut walk_problems);
    tracing::info!(files = targets.len(), "checking");
    let mut problems = std::mem::take(&mut configs.problems);
    problems.extend(walk_problems);
    if args.show_files {
        problems.iter().for_each(|problem| output.problem(problem));
        let listing: String = targets.iter().map(|target| format!("{}\n", target.shown)).collect();
        output.results(&listing);
        return if problems.iter().any(Problem::is_error) { EXIT_ERROR } else { EXIT_CLEAN };
    }

    let outcomes: Vec<_> = targets.par_iter().map(|target| lint::lint(target, mode)).collect();
    let mut files: Vec<Checked> = Vec::with_capacity(outcomes.len());
    for (checked, file_problems) in outcomes {
        files.extend(checked);
        problems.extend(file_problems);
    }
    if targets.is_empty() && !problems.iter().any(Problem::is_error) {
        let shown: Vec<String> =
            args.paths.iter().map(|path| crate::paths::display(path, &cwd)).collect();
        problems.push(Problem::warning(format!(
            "no Dockerfile or Compose file found in {}",
            shown.join(", ")
        )));
    }
    for problem in &problems {
        output.problem(problem);
    }

    if mode == Mode::Diff {
        output.results(&render::text::diff(&files));
        output.note(&render::text::diff_summary(&files));
    } else {
        print_findings(args.format, &files, &problems, &cwd, mode, output);
    }

    let found = match mode {
        Mode::Diff => files.iter().any(|file| file.fixed_text.is_some()),
        Mode::Check | Mode::Fix => files.iter().any(|file| !file.report.diagnostics.is_empty()),
    };
    if problems.iter().any(Problem::is_error) {
        EXIT_ERROR
    } else if found {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

fn print_findings(
    format: OutputFormat,
    files: &[Checked],
    problems: &[Problem],
    cwd: &Path,
    mode: Mode,
    output: &Output,
) {
    match format {
        OutputFormat::Text => {
            let mut text = render::text::findings(files);
            text.push_str(&render::text::summary(files, mode));
            output.results(&text);
            return;
        }
        OutputFormat::Json => output.results(&render::json::render(files)),
        OutputFormat::Sarif => {
            output.results(&render::sarif::render(files, problems, &root_uri(cwd)))
        }
        OutputFormat::Github => {
            let mut text = render::github::render(files);
            for problem in problems.iter().filter(|problem| problem.is_error()) {
                text.push_str(&format!(
                    "::error title=dockwarden::{}\n",
                    render::github::escape_data(&problem.message)
                ));
            }
            output.results(&text);
        }
    }
    if mode == Mode::Fix {
        let applied: usize = files.iter().map(|file| file.fixes_applied).sum();
        output.note(&format!("Fixed {}.\n", render::text::plural(applied, "finding", "findings")));
    }
}

/// The current folder as a `file://` URI ending in `/`, which SARIF's
/// relative artifact URIs resolve against.
fn root_uri(cwd: &Path) -> String {
    let mut path = cwd.to_string_lossy().replace('\\', "/");
    if !path.starts_with('/') {
        path.insert(0, '/');
    }
    if !path.ends_with('/') {
        path.push('/');
    }
    format!("file://{}", render::sarif::percent_encode(&path))
}
