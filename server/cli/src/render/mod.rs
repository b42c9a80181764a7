//! The findings of a run rendered in each output format. Renderers build
//! strings and never print; the output module prints them.

pub mod github;
pub mod json;
pub mod sarif;
pub mod text;

use dockwarden_analysis::text::Document;
use dockwarden_analysis::{Diagnostic, TextRange};

use crate::lint::Checked;

/// A range as one-based lines and one-based columns counted in characters
/// (Unicode scalar values), the end exclusive: the column after the last
/// character, as SARIF's `endColumn` and ruff's JSON `end_location` are.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Span {
    pub start_line: u32,
    pub start_column: u32,
    pub end_line: u32,
    pub end_column: u32,
}

impl Span {
    pub fn of(document: &Document, range: TextRange) -> Span {
        let (start_line, start_column) = document.line_column(range.start);
        let (end_line, end_column) = document.line_column(range.end);
        Span { start_line, start_column, end_line, end_column }
    }
}

/// Calls `visit` on every finding of every file, with its file's document
/// (built once per file that has findings).
pub fn each_finding<'a>(
    files: &'a [Checked],
    mut visit: impl FnMut(&'a Checked, &Document, &'a Diagnostic),
) {
    for file in files.iter().filter(|file| !file.report.diagnostics.is_empty()) {
        let document = Document::new(&file.text);
        for diagnostic in &file.report.diagnostics {
            visit(file, &document, diagnostic);
        }
    }
}

/// Whether `--fix` would fix a finding: it has a fix that bulk fixing allows
/// and that edits only its own file (fix-all leaves the others to the editor).
pub fn bulk_fixable(diagnostic: &Diagnostic, unsafe_fixes: bool) -> bool {
    diagnostic.fixes.iter().any(|fix| {
        fix.applicability.allowed_in_bulk(unsafe_fixes) && fix.side_file_edits.is_empty()
    })
}

#[cfg(test)]
mod tests {
    //! Every format on a hand-made run that has what today's rules cannot
    //! yet produce: findings on a tab-indented line and after an emoji, a
    //! range over two lines, safe, unsafe and template fixes, a fix that
    //! edits a side file, a related place in a side file, and a suppressed
    //! finding with its reason.

    use dockwarden_analysis::diagnostic::{Related, SideFileEdit};
    use dockwarden_analysis::registry;
    use dockwarden_analysis::rule::RuleMeta;
    use dockwarden_analysis::suppression::{Dialect, Suppression};
    use dockwarden_analysis::{Diagnostic, Fix, Report, Severity, SideFiles, TextEdit, TextRange};
    use serde_json::Value;

    use crate::lint::{Checked, Mode};
    use crate::problem::Problem;

    fn meta(code: &str) -> &'static RuleMeta {
        registry::rule(registry::find(code).unwrap()).meta
    }

    fn range_of(text: &str, needle: &str) -> TextRange {
        let start = text.find(needle).unwrap() as u32;
        TextRange::new(start, start + needle.len() as u32)
    }

    fn sample() -> Vec<Checked> {
        let dockerfile =
            "FROM ubuntu:latest\n\tUSER root\nRUN echo \"😀\" && \\\n    curl -k https://x\n";
        let mut root = Diagnostic::new(
            meta("DF001"),
            range_of(dockerfile, "USER root"),
            "The final stage runs as root",
        );
        root.fixes.push(Fix::unsafe_(
            "Run as user 10001 (files owned by root become read-only)",
            vec![TextEdit::replace(range_of(dockerfile, "root"), "10001")],
        ));
        let mut broken = Diagnostic::new(
            meta("DF100"),
            range_of(dockerfile, "\"😀\" && \\\n    curl"),
            "Something, 100% odd:\nhere",
        );
        broken.severity = Severity::Medium;
        broken.fixes.push(Fix::safe(
            "Join the lines",
            vec![TextEdit::delete(range_of(dockerfile, " \\\n   "))],
        ));
        let mut silenced = Diagnostic::new(meta("DF001"), range_of(dockerfile, "FROM"), "Silenced");
        silenced.severity = Severity::Low;
        let suppression = Suppression {
            dialect: Dialect::Dockwarden,
            global: true,
            rules: vec![meta("DF001")],
            unknown: Vec::new(),
            reason: Some("the builder runs as root".to_owned()),
            range: TextRange::new(0, 0),
            scope: TextRange::new(0, dockerfile.len() as u32),
        };

        let compose = "services:\n  web:\n    build: .\n    privileged: true\n";
        let mut privileged = Diagnostic::new(
            meta("CP001"),
            range_of(compose, "privileged: true"),
            "Service `web` runs privileged",
        );
        privileged.related.push(Related {
            relative_path: Some("Dockerfile".to_owned()),
            range: range_of(dockerfile, "USER root"),
            message: "its image runs as root".to_owned(),
        });
        privileged.related.push(Related {
            relative_path: None,
            range: range_of(compose, "web"),
            message: "the service".to_owned(),
        });
        privileged.fixes.push(
            Fix::template(
                "Drop privileged, add cap_add: [${1:CAPABILITY}]",
                vec![TextEdit::replace(
                    range_of(compose, "privileged: true"),
                    "cap_add: [CHANGE_ME]",
                )],
            )
            .with_side_file_edit(SideFileEdit {
                relative_path: "dir with space/.dockerignore".to_owned(),
                create: true,
                edits: vec![TextEdit::insert(0, ".git\n")],
            }),
        );
        let mut side_files = SideFiles::new();
        side_files.insert("Dockerfile", dockerfile);

        vec![
            Checked {
                shown: "app/Dockerfile".to_owned(),
                text: dockerfile.to_owned(),
                fixed_text: Some(dockerfile.replace("USER root", "USER 10001")),
                report: Report {
                    diagnostics: vec![root, broken],
                    suppressed: vec![(silenced, suppression)],
                },
                side_files: SideFiles::new(),
                fixes_applied: 1,
                unsafe_fixes: false,
            },
            Checked {
                shown: "app/compose.yaml".to_owned(),
                text: compose.to_owned(),
                fixed_text: None,
                report: Report { diagnostics: vec![privileged], suppressed: Vec::new() },
                side_files,
                fixes_applied: 0,
                unsafe_fixes: false,
            },
        ]
    }

    fn plain(text: &str) -> String {
        anstream::adapter::strip_str(text).to_string()
    }

    #[test]
    fn text() {
        let files = sample();
        let mut out = super::text::findings(&files);
        out.push_str(&super::text::summary(&files, Mode::Check));
        assert!(out.contains('\u{1b}'), "the renderer styles; the stream strips");
        insta::assert_snapshot!(plain(&out));
        insta::assert_snapshot!("text_after_fix", plain(&super::text::summary(&files, Mode::Fix)));
    }

    #[test]
    fn diff() {
        let files = sample();
        insta::assert_snapshot!(plain(&super::text::diff(&files)));
        assert_eq!(super::text::diff_summary(&files), "Would fix 1 finding in 1 file.\n");
    }

    #[test]
    fn json() {
        let rendered = super::json::render(&sample());
        let _: Value = serde_json::from_str(&rendered).unwrap();
        insta::assert_snapshot!(rendered);
    }

    #[test]
    fn github() {
        insta::assert_snapshot!(super::github::render(&sample()));
    }

    #[test]
    fn sarif() {
        let problems = [
            Problem::error("app/x.Dockerfile: not valid UTF-8"),
            Problem::warning("notes.txt: not checked"),
        ];
        let rendered = super::sarif::render(&sample(), &problems, "file:///work/project/");
        let mut log: Value = serde_json::from_str(&rendered).unwrap();
        let violations = crate::sarif_validation::violations(&log);
        assert!(violations.is_empty(), "{violations:#?}");
        let results = log["runs"][0]["results"].as_array().unwrap();
        let suppressed: Vec<&Value> =
            results.iter().filter(|r| r.get("suppressions").is_some()).collect();
        assert_eq!(suppressed.len(), 1);
        assert_eq!(suppressed[0]["suppressions"][0]["justification"], "the builder runs as root");
        // The rules' descriptors follow the catalog, which grows; the
        // snapshot keeps one and the count.
        let rules = log["runs"][0]["tool"]["driver"]["rules"].take();
        assert_eq!(rules.as_array().unwrap().len(), registry::RULES.len());
        log["runs"][0]["tool"]["driver"]["rules"] =
            serde_json::json!(["one per rule in the registry"]);
        log["runs"][0]["tool"]["driver"]["version"] = serde_json::json!("[version]");
        log["runs"][0]["tool"]["driver"]["semanticVersion"] = serde_json::json!("[version]");
        insta::assert_snapshot!(serde_json::to_string_pretty(&log).unwrap());
        let first = &rules[0];
        assert_eq!(first["id"], registry::RULES[0].meta.code);
        assert_eq!(first["helpUri"], registry::RULES[0].meta.url());
    }
}
