//! SARIF 2.1.0, as GitHub code scanning and other SARIF viewers read it.
//!
//! One run, whose driver lists every rule of the catalog (so that `ruleIndex`
//! is the rule's index in the registry). Regions are one-based; columns
//! count Unicode code points (`columnKind: unicodeCodePoints`), the end
//! column being the one after the region. Artifact URIs are relative to the
//! current folder (`uriBaseId: %SRCROOT%`) when the file lies inside it.
//! Findings that a suppression comment silenced are listed too, with an
//! `inSource` suppression carrying the comment's reason, as SARIF intends.

use dockwarden_analysis::diagnostic::SideFileEdit;
use dockwarden_analysis::registry::{self, RULES};
use dockwarden_analysis::rule::{Practice, RuleMeta};
use dockwarden_analysis::suppression::Suppression;
use dockwarden_analysis::text::Document;
use dockwarden_analysis::{Diagnostic, Fix, Severity, TextEdit, TextRange};
use serde_json::{Value, json};

use crate::docs;
use crate::lint::Checked;
use crate::paths;
use crate::problem::{Level, Problem};
use crate::render::Span;

pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const SOURCE_ROOT: &str = "%SRCROOT%";
const INFORMATION_URI: &str = "https://github.com/dockwarden/dockwarden";

/// The whole log. `root_uri` is the current folder as a `file://` URI
/// ending in `/`, which relative artifact URIs resolve against.
pub fn render(files: &[Checked], problems: &[Problem], root_uri: &str) -> String {
    let mut results = Vec::new();
    for file in files {
        let document = Document::new(&file.text);
        for diagnostic in &file.report.diagnostics {
            results.push(result(file, &document, diagnostic, None));
        }
        for (diagnostic, suppression) in &file.report.suppressed {
            results.push(result(file, &document, diagnostic, Some(suppression)));
        }
    }
    let notifications: Vec<Value> = problems
        .iter()
        .map(|problem| {
            json!({
                "level": if problem.level == Level::Error { "error" } else { "warning" },
                "message": { "text": problem.message },
            })
        })
        .collect();
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "dockwarden",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "informationUri": INFORMATION_URI,
                    "rules": RULES.iter().map(|rule| descriptor(rule.meta)).collect::<Vec<_>>(),
                }
            },
            "invocations": [{
                "executionSuccessful": !problems.iter().any(Problem::is_error),
                "toolExecutionNotifications": notifications,
            }],
            "originalUriBaseIds": { SOURCE_ROOT: { "uri": root_uri } },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    let mut out = serde_json::to_string_pretty(&log).unwrap_or_default();
    out.push('\n');
    out
}

/// A rule's `reportingDescriptor`.
fn descriptor(meta: &RuleMeta) -> Value {
    let docs = docs::docs_markdown(meta);
    let mut tags = vec![meta.language.as_str().to_owned(), meta.practice.title().to_owned()];
    let mut properties = json!({
        "severity": meta.severity.as_str(),
        "practice": meta.practice.title(),
        "fix": meta.fix.as_str(),
    });
    if let Some(number) = meta.practice.number() {
        properties["practice-number"] = json!(number);
    }
    if meta.practice != Practice::Correctness {
        tags.insert(0, "security".to_owned());
        if let Some(score) = security_severity(meta.severity) {
            properties["security-severity"] = json!(score);
        }
    }
    properties["tags"] = json!(tags);
    json!({
        "id": meta.code,
        "name": meta.name,
        "shortDescription": { "text": meta.summary() },
        "fullDescription": { "text": docs },
        "help": { "text": docs, "markdown": docs },
        "helpUri": meta.url(),
        "defaultConfiguration": {
            "level": level(meta.severity),
            "enabled": !meta.is_opt_in(),
        },
        "properties": properties,
    })
}

fn result(
    file: &Checked,
    document: &Document,
    diagnostic: &Diagnostic,
    suppression: Option<&Suppression>,
) -> Value {
    let rule_index = registry::id_of(diagnostic.rule).map(|id| id.index());
    let mut result = json!({
        "ruleId": diagnostic.rule.code,
        "level": level(diagnostic.severity),
        "message": { "text": diagnostic.message },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": artifact(&file.shown),
                "region": region(document, diagnostic.range),
            }
        }],
        "properties": { "severity": diagnostic.severity.as_str() },
    });
    if let Some(index) = rule_index {
        result["ruleIndex"] = json!(index);
    }
    if !diagnostic.related.is_empty() {
        let related: Vec<Value> = diagnostic
            .related
            .iter()
            .enumerate()
            .map(|(id, related)| {
                let (shown, text) = match &related.relative_path {
                    None => (file.shown.clone(), Some(file.text.as_str())),
                    Some(relative) => {
                        (paths::sibling(&file.shown, relative), file.side_files.get(relative))
                    }
                };
                let mut physical = json!({ "artifactLocation": artifact(&shown) });
                if let Some(text) = text {
                    physical["region"] = region(&Document::new(text), related.range);
                }
                json!({
                    "id": id,
                    "physicalLocation": physical,
                    "message": { "text": related.message },
                })
            })
            .collect();
        result["relatedLocations"] = json!(related);
    }
    if !diagnostic.fixes.is_empty() {
        let fixes: Vec<Value> =
            diagnostic.fixes.iter().map(|fix| fix_json(file, document, fix)).collect();
        result["fixes"] = json!(fixes);
    }
    if let Some(suppression) = suppression {
        let mut entry = json!({ "kind": "inSource", "status": "accepted" });
        if let Some(reason) = &suppression.reason {
            entry["justification"] = json!(reason);
        }
        result["suppressions"] = json!([entry]);
    }
    result
}

fn fix_json(file: &Checked, document: &Document, fix: &Fix) -> Value {
    let mut changes = vec![json!({
        "artifactLocation": artifact(&file.shown),
        "replacements": replacements(document, &fix.edits),
    })];
    for SideFileEdit { relative_path, edits, .. } in &fix.side_file_edits {
        let text = file.side_files.get(relative_path).unwrap_or("");
        changes.push(json!({
            "artifactLocation": artifact(&paths::sibling(&file.shown, relative_path)),
            "replacements": replacements(&Document::new(text), edits),
        }));
    }
    json!({
        "description": { "text": format!("{} ({})", fix.title, fix.applicability.as_str()) },
        "artifactChanges": changes,
    })
}

fn replacements(document: &Document, edits: &[TextEdit]) -> Vec<Value> {
    edits
        .iter()
        .map(|edit| {
            json!({
                "deletedRegion": region(document, edit.range),
                "insertedContent": { "text": edit.new_text },
            })
        })
        .collect()
}

fn region(document: &Document, range: TextRange) -> Value {
    let span = Span::of(document, range);
    json!({
        "startLine": span.start_line,
        "startColumn": span.start_column,
        "endLine": span.end_line,
        "endColumn": span.end_column,
    })
}

/// Where a file is: relative to the source root when the shown path is
/// relative and stays inside it, else an absolute `file://` URI.
fn artifact(shown: &str) -> Value {
    if shown.starts_with('/') {
        json!({ "uri": format!("file://{}", percent_encode(shown)) })
    } else {
        // `../` paths resolve against the root as RFC 3986 says.
        json!({ "uri": percent_encode(shown), "uriBaseId": SOURCE_ROOT })
    }
}

/// Percent-encodes a path for a URI, keeping `/` and the unreserved characters.
pub fn percent_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

/// The score GitHub code scanning ranks security alerts by: 9.0 and up is
/// critical, 7.0 high, 4.0 medium, 0.1 low. Info findings get none.
fn security_severity(severity: Severity) -> Option<&'static str> {
    match severity {
        Severity::Critical => Some("9.5"),
        Severity::High => Some("8.0"),
        Severity::Medium => Some("5.5"),
        Severity::Low => Some("3.0"),
        Severity::Info => None,
    }
}
