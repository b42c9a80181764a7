//! What the analysis itself finds in a file, computed in-process with the
//! default settings and the side files the binary would read. The tests
//! compare the binary's output with it.

use std::path::Path;

use dockwarden_analysis::files::language_of;
use dockwarden_analysis::fix_all::fix_all;
use dockwarden_analysis::text::Document;
use dockwarden_analysis::{
    Language, Report, RuleSettings, SideFiles, check_source, side_files_wanted,
};

/// One finding as the binary should print it: one-based line and column in
/// characters, the end exclusive.
#[derive(Clone, PartialEq, Eq, Debug, PartialOrd, Ord)]
pub struct Finding {
    pub code: String,
    pub line: u64,
    pub column: u64,
    pub end_line: u64,
    pub end_column: u64,
}

fn language(path: &Path) -> Language {
    language_of(&path.file_name().unwrap().to_string_lossy()).expect("a recognised file name")
}

fn side_files(path: &Path, language: Language, text: &str) -> SideFiles {
    let mut side_files = SideFiles::new();
    let name = path.file_name().unwrap().to_string_lossy();
    for relative in side_files_wanted(language, &name, text) {
        if let Ok(side_text) = std::fs::read_to_string(path.parent().unwrap().join(&relative)) {
            side_files.insert(relative, side_text);
        }
    }
    side_files
}

/// The analysis's report on a file, with the default settings.
pub fn report(path: &Path) -> (String, Report) {
    let text = std::fs::read_to_string(path).unwrap();
    let language = language(path);
    let side_files = side_files(path, language, &text);
    let report = check_source(language, &text, &RuleSettings::default(), &side_files);
    (text, report)
}

/// The findings the binary must report for a file, sorted.
pub fn findings(path: &Path) -> Vec<Finding> {
    let (text, report) = report(path);
    let document = Document::new(&text);
    let mut findings: Vec<Finding> = report
        .diagnostics
        .iter()
        .map(|diagnostic| {
            let (line, column) = document.line_column(diagnostic.range.start);
            let (end_line, end_column) = document.line_column(diagnostic.range.end);
            Finding {
                code: diagnostic.rule.code.to_owned(),
                line: line.into(),
                column: column.into(),
                end_line: end_line.into(),
                end_column: end_column.into(),
            }
        })
        .collect();
    findings.sort();
    findings
}

/// The text `--fix` must leave (`unsafe_fixes` for `--unsafe-fixes`).
pub fn fixed_text(path: &Path, unsafe_fixes: bool) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let language = language(path);
    let side_files = side_files(path, language, &text);
    fix_all(language, &text, &RuleSettings::default(), &side_files, unsafe_fixes).text
}
