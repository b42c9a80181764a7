//! The JSON format: one array of findings, sorted by path and position.
//!
//! Each finding has `path`, `code`, `name`, `severity`, `message`, `url`,
//! `range` (`start` and `end`, each with a one-based `line` and a one-based
//! `column` counted in characters, the end exclusive), `fixable` (whether
//! `--fix` would fix it), `fixes` (each with `title`, `applicability`
//! `safe`/`unsafe`/`template`, `edits` with `range` and `new_text`, and
//! `side_file_edits` for files beside it), and `related` places. Fields are
//! only ever added, never renamed or removed.

use dockwarden_analysis::diagnostic::SideFileEdit;
use dockwarden_analysis::text::Document;
use dockwarden_analysis::{Diagnostic, Fix, Related, TextEdit, TextRange};
use serde::Serialize;

use crate::lint::Checked;
use crate::paths;
use crate::render::{Span, bulk_fixable, each_finding};

#[derive(Serialize, Debug)]
struct Finding<'a> {
    path: &'a str,
    code: &'static str,
    name: &'static str,
    severity: &'static str,
    message: &'a str,
    url: String,
    range: Range,
    fixable: bool,
    fixes: Vec<FixJson<'a>>,
    related: Vec<RelatedJson<'a>>,
}

#[derive(Serialize, Debug)]
struct Range {
    start: Point,
    end: Point,
}

#[derive(Serialize, Debug)]
struct Point {
    line: u32,
    column: u32,
}

#[derive(Serialize, Debug)]
struct FixJson<'a> {
    title: &'a str,
    applicability: &'static str,
    edits: Vec<EditJson<'a>>,
    side_file_edits: Vec<SideFileEditJson<'a>>,
}

#[derive(Serialize, Debug)]
struct EditJson<'a> {
    range: Range,
    new_text: &'a str,
}

#[derive(Serialize, Debug)]
struct SideFileEditJson<'a> {
    path: String,
    /// Whether the file is created when it does not exist.
    create: bool,
    edits: Vec<EditJson<'a>>,
}

#[derive(Serialize, Debug)]
struct RelatedJson<'a> {
    path: String,
    /// Absent when the other file was not read.
    range: Option<Range>,
    message: &'a str,
}

/// The findings of every file as a pretty-printed JSON array.
pub fn render(files: &[Checked]) -> String {
    let mut findings = Vec::new();
    each_finding(files, |file, document, diagnostic| {
        findings.push(finding(file, document, diagnostic));
    });
    let mut out = serde_json::to_string_pretty(&findings).unwrap_or_else(|_| "[]".to_owned());
    out.push('\n');
    out
}

fn finding<'a>(file: &'a Checked, document: &Document, diagnostic: &'a Diagnostic) -> Finding<'a> {
    Finding {
        path: &file.shown,
        code: diagnostic.rule.code,
        name: diagnostic.rule.name,
        severity: diagnostic.severity.as_str(),
        message: &diagnostic.message,
        url: diagnostic.rule.url(),
        range: range(document, diagnostic.range),
        fixable: bulk_fixable(diagnostic, file.unsafe_fixes),
        fixes: diagnostic.fixes.iter().map(|fix| fix_json(file, document, fix)).collect(),
        related: diagnostic
            .related
            .iter()
            .map(|related| related_json(file, document, related))
            .collect(),
    }
}

fn fix_json<'a>(file: &'a Checked, document: &Document, fix: &'a Fix) -> FixJson<'a> {
    FixJson {
        title: &fix.title,
        applicability: fix.applicability.as_str(),
        edits: edits(document, &fix.edits),
        side_file_edits: fix.side_file_edits.iter().map(|edit| side_edit(file, edit)).collect(),
    }
}

fn side_edit<'a>(file: &Checked, edit: &'a SideFileEdit) -> SideFileEditJson<'a> {
    let text = file.side_files.get(&edit.relative_path).unwrap_or("");
    SideFileEditJson {
        path: paths::sibling(&file.shown, &edit.relative_path),
        create: edit.create,
        edits: edits(&Document::new(text), &edit.edits),
    }
}

fn related_json<'a>(file: &Checked, document: &Document, related: &'a Related) -> RelatedJson<'a> {
    let (path, range) = match &related.relative_path {
        None => (file.shown.clone(), Some(range(document, related.range))),
        Some(relative) => (
            paths::sibling(&file.shown, relative),
            file.side_files.get(relative).map(|text| range(&Document::new(text), related.range)),
        ),
    };
    RelatedJson { path, range, message: &related.message }
}

fn edits<'a>(document: &Document, edits: &'a [TextEdit]) -> Vec<EditJson<'a>> {
    edits
        .iter()
        .map(|edit| EditJson { range: range(document, edit.range), new_text: &edit.new_text })
        .collect()
}

fn range(document: &Document, range: TextRange) -> Range {
    let span = Span::of(document, range);
    Range {
        start: Point { line: span.start_line, column: span.start_column },
        end: Point { line: span.end_line, column: span.end_column },
    }
}
