//! The corpus: real Dockerfiles and Compose files written by others, read in
//! place from `../shared/corpus` (never copied here). Every file must parse
//! without a syntax finding it does not deserve, checking must not panic on
//! any of them or on any prefix of them, and every finding on them is
//! recorded in a snapshot, so that each one is a decision someone reviewed.

mod support;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use dockwarden_analysis::files::language_of;
use dockwarden_analysis::rule::Practice;
use dockwarden_analysis::{Language, RuleSettings, SideFiles, check_source};

fn corpus_files() -> Option<(PathBuf, Vec<PathBuf>)> {
    let Some(corpus) = support::corpus_dir() else {
        support::skipped("the corpus (../shared/corpus) is absent");
        return None;
    };
    let files =
        support::files_under(&corpus, &|path| language_of(support::file_name(path)).is_some());
    Some((corpus, files))
}

fn relative(corpus: &Path, path: &Path) -> String {
    path.strip_prefix(corpus).unwrap_or(path).display().to_string()
}

/// The side files a file's rules read, from beside it on disk.
fn side_files(path: &Path, language: Language, text: &str) -> SideFiles {
    let mut side_files = SideFiles::new();
    let folder = path.parent().unwrap();
    let name = support::file_name(path);
    for wanted in dockwarden_analysis::side_files_wanted(language, name, text) {
        if let Ok(content) = std::fs::read_to_string(folder.join(&wanted)) {
            side_files.insert(wanted, content);
        }
    }
    side_files
}

#[test]
fn every_corpus_file_parses_cleanly() {
    let Some((corpus, files)) = corpus_files() else { return };
    assert!(files.len() > 100, "only {} corpus files", files.len());
    let settings = RuleSettings::default();
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let language = language_of(support::file_name(path)).unwrap();
        let report = check_source(language, &text, &settings, &side_files(path, language, &text));
        let correctness: Vec<String> = report
            .diagnostics
            .iter()
            .filter(|d| d.rule.practice == Practice::Correctness)
            .map(|d| format!("{} {}", d.rule.code, d.message))
            .collect();
        assert!(correctness.is_empty(), "{}: {correctness:?}", relative(&corpus, path));
    }
}

#[test]
fn no_prefix_of_a_corpus_file_makes_anything_panic() {
    let Some((_, files)) = corpus_files() else { return };
    let settings = RuleSettings::all_rules();
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let language = language_of(support::file_name(path)).unwrap();
        // Every cut a person typing could leave, at a coarse step for speed.
        let step = (text.len() / 60).max(1);
        let mut cut = 0;
        while cut <= text.len() {
            if text.is_char_boundary(cut) {
                let _ = check_source(language, &text[..cut], &settings, &SideFiles::new());
            }
            cut += step;
        }
    }
}

#[test]
fn findings_on_the_corpus() {
    let Some((corpus, files)) = corpus_files() else { return };
    let settings = RuleSettings::default();
    let mut out = String::new();
    let mut total = 0;
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let language = language_of(support::file_name(path)).unwrap();
        let report = check_source(language, &text, &settings, &side_files(path, language, &text));
        if report.diagnostics.is_empty() {
            continue;
        }
        let document = dockwarden_analysis::text::Document::new(&text);
        let _ = writeln!(out, "{}", relative(&corpus, path));
        for diagnostic in &report.diagnostics {
            let (line, column) = document.line_column(diagnostic.range.start);
            let _ =
                writeln!(out, "  {line}:{column} {} {}", diagnostic.rule.code, diagnostic.message);
            total += 1;
        }
    }
    let _ = writeln!(out, "{total} findings in {} files", files.len());
    insta::assert_snapshot!(out);
}
