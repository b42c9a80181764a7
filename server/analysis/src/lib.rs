//! dockwarden's analysis: lossless syntax trees for Dockerfiles and Compose
//! files, the security rules that read them, and the fixes they offer.
//!
//! This crate does no I/O, knows nothing of LSP, starts no threads and reads
//! no clock. It takes text and settings and returns plain values; the
//! language server and the command line are thin front ends over it, and so
//! can never disagree about a file.

pub mod compose;
pub mod config;
pub mod diagnostic;
pub mod dockerfile;
pub mod files;
pub mod fix_all;
pub mod ide;
pub mod image;
pub mod registry;
pub mod rule;
pub mod secrets;
pub mod source_file;
pub mod spelling;
pub mod suppression;
pub mod suppression_edits;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
pub mod text;

use std::collections::BTreeMap;

pub use crate::config::{Config, ConfigError, ResolvedConfig, RuleSettings};
pub use crate::diagnostic::{Applicability, Diagnostic, Fix, Related, Severity, Tag};
pub use crate::rule::{Language, RuleMeta};
pub use crate::source_file::SourceFile;
pub use crate::text::{TextEdit, TextRange};

use crate::suppression::{Suppression, Suppressions};

/// Files beside the checked one that cross-file rules read (`.dockerignore`,
/// the Dockerfile a Compose service builds, `.env`), by their path relative
/// to the checked file's folder, with `/` separators. The front end reads
/// what [`side_files_wanted`] names; a file that is absent is simply missing.
#[derive(Clone, Debug, Default)]
pub struct SideFiles {
    files: BTreeMap<String, String>,
}

impl SideFiles {
    pub fn new() -> SideFiles {
        SideFiles::default()
    }

    pub fn insert(&mut self, relative_path: impl Into<String>, text: impl Into<String>) {
        self.files.insert(relative_path.into(), text.into());
    }

    pub fn get(&self, relative_path: &str) -> Option<&str> {
        self.files.get(relative_path).map(String::as_str)
    }
}

/// The side files a file's rules may read, relative to its folder.
pub fn side_files_wanted(language: Language, file_name: &str, text: &str) -> Vec<String> {
    match language {
        Language::Dockerfile => dockerfile::side_files_wanted(file_name),
        Language::Compose => compose::side_files_wanted(text),
    }
}

/// What checking one file found.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// The findings to show, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
    /// Findings a suppression comment silenced (SARIF lists them as such).
    pub suppressed: Vec<(Diagnostic, Suppression)>,
}

/// Parses and checks a file in one go. The language server keeps its parse
/// and calls [`check_dockerfile`] or [`check_compose`] instead.
pub fn check_source(
    language: Language,
    text: &str,
    settings: &RuleSettings,
    side_files: &SideFiles,
) -> Report {
    match language {
        Language::Dockerfile => {
            check_dockerfile(&dockerfile::Parse::new(text), settings, side_files)
        }
        Language::Compose => {
            check_compose(&compose::ComposeFile::parse(text), settings, side_files)
        }
    }
}

/// Runs the enabled Dockerfile rules on a parse.
pub fn check_dockerfile(
    parse: &dockerfile::Parse,
    settings: &RuleSettings,
    side_files: &SideFiles,
) -> Report {
    let context = dockerfile::DockerfileContext::new(parse, settings, side_files);
    let mut found = Vec::new();
    for rule in registry::RULES {
        if let registry::Check::Dockerfile(check) = rule.check
            && settings.is_enabled(rule.meta)
        {
            check(&context, &mut found);
        }
    }
    finish(found, settings, &parse.suppressions())
}

/// Runs the enabled Compose rules on a parsed Compose file.
pub fn check_compose(
    file: &compose::ComposeFile,
    settings: &RuleSettings,
    side_files: &SideFiles,
) -> Report {
    let context = compose::ComposeContext::new(file, settings, side_files);
    let mut found = Vec::new();
    for rule in registry::RULES {
        if let registry::Check::Compose(check) = rule.check
            && settings.is_enabled(rule.meta)
        {
            check(&context, &mut found);
        }
    }
    finish(found, settings, &file.suppressions())
}

/// Applies the configured severities and threshold, sets suppressed findings
/// aside, and sorts what is left.
fn finish(found: Vec<Diagnostic>, settings: &RuleSettings, suppressions: &Suppressions) -> Report {
    let mut report = Report::default();
    for mut diagnostic in found {
        diagnostic.severity = settings.severity(diagnostic.rule);
        if diagnostic.severity < settings.threshold {
            continue;
        }
        match suppressions.covering(&diagnostic) {
            Some(suppression) => report.suppressed.push((diagnostic, suppression.clone())),
            None => report.diagnostics.push(diagnostic),
        }
    }
    report.diagnostics.sort_by(|a, b| {
        (a.range.start, a.range.end, a.rule.code).cmp(&(b.range.start, b.range.end, b.rule.code))
    });
    report.diagnostics.dedup_by(|a, b| {
        a.range == b.range && a.rule.code == b.rule.code && a.message == b.message
    });
    report
}
