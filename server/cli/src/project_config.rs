//! Which configuration applies to each checked file: `--config FILE`, or the
//! `.dockwarden.toml` found by walking up from the file's folder (looked up
//! once per folder), with the command line's `--select`, `--ignore`,
//! `--extend-select`, `--severity` and `--unsafe-fixes` laid over it.
//!
//! A broken configuration is reported with its place (`file:line:col`) and
//! the defaults are used for it, so that linting goes on; the run then exits
//! 2, because a CI job must not pass on a configuration it did not apply.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use dockwarden_analysis::config::CONFIG_FILE_NAME;
use dockwarden_analysis::text::Document;
use dockwarden_analysis::{Config, ConfigError, ResolvedConfig, RuleSettings, registry};

use crate::args::CheckArgs;
use crate::paths;
use crate::problem::Problem;

/// The configuration that applies to some files, resolved and with the
/// command line's flags laid over it.
#[derive(Debug)]
pub struct ProjectConfig {
    /// The folder the configuration's globs are relative to: the
    /// configuration file's, or the current folder when there is none.
    root: PathBuf,
    resolved: ResolvedConfig,
}

impl ProjectConfig {
    /// The rule settings for a file (absolute and normalised).
    pub fn settings_for(&self, absolute_path: &Path) -> RuleSettings {
        self.resolved.settings_for(&paths::relative_to(absolute_path, &self.root))
    }

    /// Whether the configuration maps this YAML file to Compose.
    pub fn is_user_compose_file(&self, absolute_path: &Path) -> bool {
        self.resolved.is_user_compose_file(&paths::relative_to(absolute_path, &self.root))
    }
}

/// Finds, loads and caches configurations.
#[derive(Debug)]
pub struct ConfigLoader {
    cwd: PathBuf,
    overlay: Config,
    /// `--config FILE`, which applies to every file.
    explicit: Option<Arc<ProjectConfig>>,
    /// The configuration found for each folder looked at so far.
    by_folder: HashMap<PathBuf, Arc<ProjectConfig>>,
    /// Problems met while loading, in the order met.
    pub problems: Vec<Problem>,
}

impl ConfigLoader {
    /// Reads the flags and `--config`. A flag naming no rule, or a `--config`
    /// file that cannot be read, is a usage error: nothing is checked.
    pub fn new(args: &CheckArgs, cwd: &Path) -> Result<ConfigLoader, Vec<Problem>> {
        let overlay = overlay_from_args(args)?;
        let mut loader = ConfigLoader {
            cwd: cwd.to_path_buf(),
            overlay,
            explicit: None,
            by_folder: HashMap::new(),
            problems: Vec::new(),
        };
        if let Some(file) = &args.config {
            let absolute = paths::absolute(file, cwd);
            let text = fs::read_to_string(&absolute).map_err(|error| {
                vec![Problem::error(format!(
                    "{}: cannot read the configuration: {error}",
                    paths::display(file, cwd)
                ))]
            })?;
            loader.explicit = Some(loader.load(&absolute, &text));
        }
        Ok(loader)
    }

    /// The configuration for a file: `--config`, else the nearest
    /// `.dockwarden.toml` above it, else the defaults.
    pub fn for_file(&mut self, path: &Path) -> Arc<ProjectConfig> {
        if let Some(explicit) = &self.explicit {
            return explicit.clone();
        }
        let absolute = paths::absolute(path, &self.cwd);
        let folder = absolute.parent().unwrap_or(&absolute).to_path_buf();
        self.for_folder(&folder)
    }

    fn for_folder(&mut self, folder: &Path) -> Arc<ProjectConfig> {
        if let Some(found) = self.by_folder.get(folder) {
            return found.clone();
        }
        let candidate = folder.join(CONFIG_FILE_NAME);
        let found = if candidate.is_file() {
            tracing::debug!(config = %candidate.display(), "found a configuration");
            match fs::read_to_string(&candidate) {
                Ok(text) => self.load(&candidate, &text),
                Err(error) => {
                    self.problems.push(Problem::error(format!(
                        "{}: cannot read the configuration ({error}); using the defaults",
                        paths::display(&candidate, &self.cwd)
                    )));
                    self.defaults(folder)
                }
            }
        } else {
            match folder.parent() {
                Some(parent) => self.for_folder(parent),
                None => self.defaults(&self.cwd.clone()),
            }
        };
        self.by_folder.insert(folder.to_path_buf(), found.clone());
        found
    }

    /// Parses and resolves a configuration file, reporting what is wrong in
    /// it; what is wrong is left out and the rest applies.
    fn load(&mut self, file: &Path, text: &str) -> Arc<ProjectConfig> {
        let shown = paths::display(file, &self.cwd);
        let (config, parse_errors) = Config::parse_toml(text);
        // Resolving the file alone gives errors whose places are in its text;
        // the flags were checked before and cannot add any.
        let (_, resolve_errors) = config.resolve();
        let document = Document::new(text);
        for error in parse_errors.iter() {
            self.problems.push(config_problem(&shown, &document, error, "; using the defaults"));
        }
        for error in resolve_errors.iter() {
            self.problems.push(config_problem(&shown, &document, error, ""));
        }
        let (resolved, _) = config.merged_with(&self.overlay).resolve();
        let root = file.parent().unwrap_or(Path::new("/")).to_path_buf();
        Arc::new(ProjectConfig { root, resolved })
    }

    fn defaults(&self, root: &Path) -> Arc<ProjectConfig> {
        let (resolved, _) = Config::default().merged_with(&self.overlay).resolve();
        Arc::new(ProjectConfig { root: root.to_path_buf(), resolved })
    }
}

fn config_problem(shown: &str, document: &Document, error: &ConfigError, tail: &str) -> Problem {
    let message = error
        .message
        .strip_prefix(CONFIG_FILE_NAME)
        .and_then(|rest| rest.strip_prefix(": "))
        .unwrap_or(&error.message);
    let place = match error.range {
        Some(range) => {
            let (line, column) = document.line_column(range.start);
            format!("{shown}:{line}:{column}")
        }
        None => shown.to_owned(),
    };
    Problem::error(format!("{place}: {message}{tail}"))
}

/// The flags as a configuration to lay over the file's. They are written as
/// TOML and parsed by the analysis, so that they mean exactly what the same
/// keys mean in `.dockwarden.toml`.
fn overlay_from_args(args: &CheckArgs) -> Result<Config, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut toml = String::new();
    let mut list = |key: &str, values: &[String], flag: &str| {
        let values: Vec<&str> =
            values.iter().map(|value| value.trim()).filter(|value| !value.is_empty()).collect();
        for value in &values {
            if registry::find(value).is_none() && registry::matching_prefix(value).is_empty() {
                let hint = registry::nearest_name(value)
                    .map(|name| format!(" (did you mean `{name}`?)"))
                    .unwrap_or_default();
                problems.push(Problem::error(format!(
                    "{flag}: unknown rule or prefix `{value}`{hint}; `dockwarden rules` lists them"
                )));
            }
        }
        // A JSON array of strings is also a TOML array of basic strings.
        let array = serde_json::to_string(&values).unwrap_or_else(|_| "[]".to_owned());
        toml.push_str(&format!("{key} = {array}\n"));
    };
    if let Some(select) = &args.select {
        list("select", select, "--select");
    }
    list("extend-select", &args.extend_select, "--extend-select");
    list("ignore", &args.ignore, "--ignore");
    if let Some(severity) = args.severity {
        toml.push_str(&format!("severity = \"{}\"\n", severity.severity().as_str()));
    }
    if args.unsafe_fixes {
        toml.push_str("unsafe-fixes = true\n");
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let (config, errors) = Config::parse_toml(&toml);
    if errors.is_empty() {
        Ok(config)
    } else {
        Err(errors.into_iter().map(|error| Problem::error(error.message)).collect())
    }
}
