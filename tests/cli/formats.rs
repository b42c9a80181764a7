//! The output formats, held to what the analysis finds (`oracle`) on the
//! example project, and to their specifications.

use serde_json::Value;

use crate::oracle::{self, Finding};
use crate::support::{dockwarden, repo_root, sarif};

const EXAMPLE_FILES: &[&str] = &["Dockerfile", "compose.yaml"];

fn example() -> std::path::PathBuf {
    repo_root().join("fixtures/example")
}

/// What the analysis finds in the example, by shown path.
fn expected() -> Vec<(String, Finding)> {
    let mut all = Vec::new();
    for file in EXAMPLE_FILES {
        for finding in oracle::findings(&example().join(file)) {
            all.push((file.to_string(), finding));
        }
    }
    all.sort();
    all
}

fn json(run: &crate::support::Run) -> Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|error| panic!("{error}: {run:?}"))
}

#[test]
fn json_lists_what_the_analysis_finds() {
    let run = dockwarden(&example(), &["check", "--format", "json"]);
    let findings = json(&run);
    let findings = findings.as_array().expect("an array");
    let mut actual: Vec<(String, Finding)> = findings
        .iter()
        .map(|finding| {
            for key in ["name", "severity", "message", "url"] {
                assert!(finding[key].as_str().is_some_and(|v| !v.is_empty()), "{key}: {finding}");
            }
            assert!(finding["fixable"].is_boolean() && finding["fixes"].is_array(), "{finding}");
            for fix in finding["fixes"].as_array().unwrap() {
                let applicability = fix["applicability"].as_str().unwrap();
                assert!(["safe", "unsafe", "template"].contains(&applicability), "{fix}");
                assert!(fix["edits"].is_array() && fix["title"].is_string(), "{fix}");
            }
            let range = &finding["range"];
            (
                finding["path"].as_str().unwrap().to_owned(),
                Finding {
                    code: finding["code"].as_str().unwrap().to_owned(),
                    line: range["start"]["line"].as_u64().unwrap(),
                    column: range["start"]["column"].as_u64().unwrap(),
                    end_line: range["end"]["line"].as_u64().unwrap(),
                    end_column: range["end"]["column"].as_u64().unwrap(),
                },
            )
        })
        .collect();
    actual.sort();
    assert_eq!(actual, expected());
    assert_eq!(run.status, if findings.is_empty() { 0 } else { 1 }, "{run:?}");
}

#[test]
fn sarif_is_well_formed_2_1_0_and_lists_every_rule_and_finding() {
    let run = dockwarden(&example(), &["check", "--format", "sarif"]);
    let log = json(&run);
    let violations = sarif::violations(&log);
    assert!(violations.is_empty(), "{violations:#?}");
    let sarif_run = &log["runs"][0];
    assert_eq!(sarif_run["columnKind"], "unicodeCodePoints");
    let rules = sarif_run["tool"]["driver"]["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|rule| rule["id"].as_str().unwrap()).collect();
    let catalog: Vec<&str> =
        dockwarden_analysis::registry::RULES.iter().map(|rule| rule.meta.code).collect();
    assert_eq!(ids, catalog, "every rule, in registry order");
    for rule in rules {
        assert!(
            rule["helpUri"]
                .as_str()
                .unwrap()
                .ends_with(&format!("{}.md", rule["id"].as_str().unwrap()))
        );
        assert!(rule["properties"]["tags"].is_array(), "{rule}");
    }
    let results = sarif_run["results"].as_array().unwrap();
    let mut actual: Vec<(String, Finding)> = results
        .iter()
        .filter(|result| result.get("suppressions").is_none())
        .map(|result| {
            let location = &result["locations"][0]["physicalLocation"];
            assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
            let region = &location["region"];
            (
                location["artifactLocation"]["uri"].as_str().unwrap().to_owned(),
                Finding {
                    code: result["ruleId"].as_str().unwrap().to_owned(),
                    line: region["startLine"].as_u64().unwrap(),
                    column: region["startColumn"].as_u64().unwrap(),
                    end_line: region["endLine"].as_u64().unwrap(),
                    end_column: region["endColumn"].as_u64().unwrap(),
                },
            )
        })
        .collect();
    actual.sort();
    assert_eq!(actual, expected());
    // Suppressed findings are results with an inSource suppression.
    let suppressed: usize = EXAMPLE_FILES
        .iter()
        .map(|file| oracle::report(&example().join(file)).1.suppressed.len())
        .sum();
    let with_suppressions =
        results.iter().filter(|result| result["suppressions"][0]["kind"] == "inSource").count();
    assert_eq!(with_suppressions, suppressed);
    let root = sarif_run["originalUriBaseIds"]["%SRCROOT%"]["uri"].as_str().unwrap();
    assert!(root.starts_with("file:///") && root.ends_with("/fixtures/example/"), "{root}");
}

#[test]
fn sarif_reports_suppressed_findings_and_run_problems() {
    let folder = crate::support::project(&[(
        "Dockerfile",
        "# dockwarden global ignore=DF001 -- the builder image runs as root\nFROM alpine\nUSER root\n",
    )]);
    crate::support::write(folder.path(), "bad.Dockerfile", b"\xff\xfe");
    let run = dockwarden(folder.path(), &["check", "--format", "sarif"]);
    assert_eq!(run.status, 2, "{run:?}");
    let log = json(&run);
    assert!(sarif::violations(&log).is_empty(), "{:#?}", sarif::violations(&log));
    let invocation = &log["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notification =
        invocation["toolExecutionNotifications"][0]["message"]["text"].as_str().unwrap();
    assert!(notification.starts_with("bad.Dockerfile: not valid UTF-8"), "{notification}");
    // DF001 fires on `USER root` and the global comment suppresses it: one
    // result carries an inSource suppression with the comment's reason.
    let (_, report) = oracle::report(&folder.path().join("Dockerfile"));
    assert_eq!(report.suppressed.len(), 1, "{report:?}");
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), report.diagnostics.len() + report.suppressed.len());
    let suppressed: Vec<&Value> =
        results.iter().filter(|result| result["suppressions"].is_array()).collect();
    assert_eq!(suppressed.len(), 1, "{results:#?}");
    assert_eq!(suppressed[0]["ruleId"], "DF001");
    assert_eq!(suppressed[0]["suppressions"][0]["kind"], "inSource");
    assert_eq!(suppressed[0]["suppressions"][0]["justification"], "the builder image runs as root");
}

#[test]
fn github_annotations_match_the_findings() {
    let run = dockwarden(&example(), &["check", "--format", "github"]);
    let mut expected = expected();
    // The output is in file order; compare in that order.
    expected.sort_by_key(|(path, finding)| {
        (path.clone(), finding.line, finding.column, finding.code.clone())
    });
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), expected.len(), "{run:?}");
    for (line, (path, finding)) in lines.iter().zip(&expected) {
        let prefix = format!(
            "file={path},line={},col={},endLine={},endColumn={},title={} (",
            finding.line, finding.column, finding.end_line, finding.end_column, finding.code
        );
        assert!(
            ["::error ", "::warning ", "::notice "]
                .iter()
                .any(|command| line.starts_with(&format!("{command}{prefix}"))),
            "{line}\nexpected {prefix}"
        );
    }
}

#[test]
fn github_annotations_report_run_errors() {
    let folder = crate::support::project(&[]);
    let run = dockwarden(folder.path(), &["check", "--format", "github", "nowhere, really"]);
    assert_eq!(run.status, 2);
    assert_eq!(run.stdout, "::error title=dockwarden::nowhere, really: no such file or folder\n");
}

#[test]
fn text_shows_each_finding_with_its_excerpt_and_a_summary() {
    let run = dockwarden(&example(), &["check"]);
    let expected = expected();
    for (path, finding) in &expected {
        let head = format!("{path}:{}:{}: {} [", finding.line, finding.column, finding.code);
        assert!(run.stdout.contains(&head), "{head} missing from\n{}", run.stdout);
    }
    let summary = run.stdout.lines().last().unwrap();
    if expected.is_empty() {
        assert_eq!(summary, "Checked 2 files: no findings.");
    } else {
        let count = expected.len();
        assert!(summary.starts_with(&format!("Checked 2 files: {count} finding")), "{summary}");
    }
    assert!(!run.stdout.contains('\u{1b}'), "no colour on a pipe");
}

#[test]
fn machine_formats_never_carry_colour() {
    for format in ["json", "sarif", "github"] {
        let run = dockwarden(&example(), &["--color", "always", "check", "--format", format]);
        assert!(!run.stdout.contains('\u{1b}'), "{format}: {run:?}");
    }
}

#[test]
fn paths_outside_the_current_folder_keep_their_spelling() {
    let run = dockwarden(
        &example().join("..").join("..").join("docs"),
        &["check", "--format", "json", "../fixtures/example/Dockerfile"],
    );
    let findings = json(&run);
    for finding in findings.as_array().unwrap() {
        assert_eq!(finding["path"], "../fixtures/example/Dockerfile");
    }
    let expected_count = oracle::findings(&example().join("Dockerfile")).len();
    assert_eq!(findings.as_array().unwrap().len(), expected_count);
}
