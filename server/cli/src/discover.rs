//! Which files `check` reads: the paths named on the command line, and the
//! Dockerfiles and Compose files found by walking the named folders.
//!
//! The walk honours `.gitignore` (also outside a Git repository, so that a
//! copied-out project behaves the same), `.ignore` and the global Git
//! excludes. It enters hidden folders, because `.devcontainer/Dockerfile`
//! and `.github/` compose files are real, but never version-control
//! folders or `node_modules`. A file named on the command line is always
//! checked, even when ignored; when its name says nothing, a YAML file is
//! taken as Compose and anything else is checked as a Dockerfile only if its
//! content starts like one (see [`looks_like_dockerfile`]).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use dockwarden_analysis::Language;
use dockwarden_analysis::files::language_of;
use ignore::WalkBuilder;

use crate::paths;
use crate::problem::Problem;
use crate::project_config::{ConfigLoader, ProjectConfig};

/// Folders never walked into, whatever the ignore files say.
const SKIPPED_FOLDERS: &[&str] = &[".git", ".hg", ".svn", ".jj", ".bzr", "node_modules"];

/// A file to check.
#[derive(Debug)]
pub struct Target {
    /// The path as walked or given, for reading.
    pub path: PathBuf,
    /// Absolute and normalised, for configuration paths.
    pub absolute: PathBuf,
    /// As shown in findings.
    pub shown: String,
    /// `None` for a named file whose language its content must decide.
    pub language: Option<Language>,
    pub config: Arc<ProjectConfig>,
}

/// The files to check under `paths`, sorted by how they are shown, each
/// once. Paths that do not exist and walk errors are problems.
pub fn find_targets(
    paths: &[PathBuf],
    cwd: &Path,
    configs: &mut ConfigLoader,
    problems: &mut Vec<Problem>,
) -> Vec<Target> {
    let mut targets = Vec::new();
    let mut seen = HashSet::new();
    for path in paths {
        let metadata = match std::fs::metadata(path) {
            Ok(metadata) => metadata,
            Err(error) => {
                problems.push(Problem::error(format!(
                    "{}: {}",
                    paths::display(path, cwd),
                    describe_io_error(&error)
                )));
                continue;
            }
        };
        if metadata.is_dir() {
            walk(path, cwd, configs, problems, &mut |target| {
                if seen.insert(target.absolute.clone()) {
                    targets.push(target);
                }
            });
        } else {
            let target = named_file(path, cwd, configs);
            if seen.insert(target.absolute.clone()) {
                targets.push(target);
            }
        }
    }
    targets.sort_by(|a, b| a.shown.cmp(&b.shown));
    targets
}

/// A file named on the command line: its language by name, by the
/// configuration's Compose patterns, by a YAML extension, or later by content.
fn named_file(path: &Path, cwd: &Path, configs: &mut ConfigLoader) -> Target {
    let absolute = paths::absolute(path, cwd);
    let config = configs.for_file(path);
    let name = file_name(path);
    let language = language_of(&name).or_else(|| {
        (is_yaml(&name) || config.is_user_compose_file(&absolute)).then_some(Language::Compose)
    });
    Target {
        path: path.to_path_buf(),
        shown: paths::display(path, cwd),
        absolute,
        language,
        config,
    }
}

fn walk(
    root: &Path,
    cwd: &Path,
    configs: &mut ConfigLoader,
    problems: &mut Vec<Problem>,
    found: &mut dyn FnMut(Target),
) {
    let walker = WalkBuilder::new(root)
        .hidden(false)
        .require_git(false)
        .follow_links(false)
        .filter_entry(|entry| {
            let skipped = entry.depth() > 0
                && entry.file_type().is_some_and(|kind| kind.is_dir())
                && entry.file_name().to_str().is_some_and(|name| SKIPPED_FOLDERS.contains(&name));
            !skipped
        })
        .build();
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                problems.push(Problem::error(format!("while walking {}: {error}", root.display())));
                continue;
            }
        };
        if !entry.file_type().is_some_and(|kind| kind.is_file()) {
            continue;
        }
        let path = entry.path();
        let name = file_name(path);
        let absolute = paths::absolute(path, cwd);
        let language = match language_of(&name) {
            Some(language) => language,
            None if is_yaml(&name) && configs.for_file(path).is_user_compose_file(&absolute) => {
                Language::Compose
            }
            None => continue,
        };
        tracing::trace!(path = %path.display(), language = language.as_str(), "found");
        found(Target {
            path: path.to_path_buf(),
            shown: paths::display(path, cwd),
            config: configs.for_file(path),
            absolute,
            language: Some(language),
        });
    }
}

/// Whether a file whose name says nothing reads as a Dockerfile: its first
/// line that is not blank or a comment is `FROM image [AS name]` (flags
/// allowed) or `ARG NAME[=value]`, the only instructions Docker accepts first.
pub fn looks_like_dockerfile(text: &str) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Some(first) =
        text.lines().map(str::trim).find(|line| !line.is_empty() && !line.starts_with('#'))
    else {
        return false;
    };
    let mut words = first.split_whitespace();
    let keyword = words.next().unwrap_or("");
    let rest: Vec<&str> = words.filter(|word| !word.starts_with("--")).collect();
    if keyword.eq_ignore_ascii_case("FROM") {
        match rest.as_slice() {
            [_image] => true,
            [_image, as_word, _name] => as_word.eq_ignore_ascii_case("AS"),
            _ => false,
        }
    } else if keyword.eq_ignore_ascii_case("ARG") {
        let [declaration] = rest.as_slice() else { return false };
        let name = declaration.split('=').next().unwrap_or("");
        name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    } else {
        false
    }
}

/// A short, lower-case reason for an I/O error, without Rust's `(os error 2)`.
pub fn describe_io_error(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => error.to_string(),
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default()
}

fn is_yaml(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".yaml") || lower.ends_with(".yml")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dockerfiles_are_recognised_by_their_first_instruction() {
        assert!(looks_like_dockerfile("# syntax=docker/dockerfile:1\n\nFROM alpine\n"));
        assert!(looks_like_dockerfile("\u{feff}arg BASE=alpine\nfrom $BASE\n"));
        assert!(looks_like_dockerfile("FROM --platform=$BUILDPLATFORM golang:1.23 AS build\n"));
        assert!(!looks_like_dockerfile("# Notes\nFrom here on, we...\n"));
        assert!(!looks_like_dockerfile("Arguments for the build\n"));
        assert!(!looks_like_dockerfile("services:\n  web: {}\n"));
        assert!(!looks_like_dockerfile(""));
    }
}
