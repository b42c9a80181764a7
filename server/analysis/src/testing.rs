//! Test support: the annotated fixture format and the fix harness that every
//! rule's tests go through. Compiled for the crate's own tests and, with the
//! `testing` feature, for the black-box tests in `tests/`.
//!
//! # The fixture format
//!
//! A fixture is a Dockerfile or Compose file cut into cases by header lines
//! `# ==== case name`. Inside a case, an annotation line marks where the rule
//! under test must fire on the nearest line above it that is not an
//! annotation:
//!
//! ```text
//! FROM ubuntu:latest
//! #    ^^^^^^^^^^^^^ DF019
//! FROM alpine:latest AS build
//! #^^^^^^^^^^^^^^^^^ DF019: latest
//! ```
//!
//! The carets give the columns (in characters) of the diagnostic's range on
//! that line; a `#` directly followed by carets counts as a caret itself, so
//! that a range starting at column 0 can be marked. Text after a colon must
//! appear in the message. A range that runs onto later lines is marked to
//! the end of its first line. Every line of the case without an annotation is
//! a near miss: the rule must stay silent there. Lines `# config: TOML` give
//! the case a configuration (`# config: registries.allowed = ["docker.io"]`).
//! Annotation, config and header lines are removed before the case is
//! checked, so they never interfere with what they describe.
//!
//! # The fix harness
//!
//! For every fix of every diagnostic of the rule, [`check_fixture`] applies
//! the fix and checks that the edits apply, the file still parses, the fixed
//! diagnostic is gone and no other appears that the fix does not name
//! ([`Fix::introduces`]). Then fix-all (safe only, and with unsafe fixes)
//! must converge and be idempotent. Every case is also run again with CRLF
//! line endings, where every fix must keep CRLF. The returned report (the
//! diagnostics, each fix as a diff, fix-all as a diff) is what the rule's
//! snapshot test records, so reviewers see exactly what each fix writes.

use std::fmt::Write as _;

use crate::config::{Config, RuleSettings};
use crate::diagnostic::Diagnostic;
use crate::fix_all::fix_all;
use crate::rule::{Language, Practice, RuleMeta};
use crate::text::{Document, apply_edits};
use crate::{SideFiles, check_source};

/// One case of a fixture.
#[derive(Clone, Debug)]
pub struct Case {
    pub name: String,
    /// The case's text, without annotation, header or config lines.
    pub text: String,
    pub expected: Vec<Expected>,
    /// The TOML of the case's `# config:` lines.
    pub config: String,
}

/// Where the rule must fire, from an annotation.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Expected {
    /// Zero-based line in the case's text.
    pub line: u32,
    /// Character columns on that line, end excluded.
    pub columns: (u32, u32),
    pub code: String,
    pub message_part: Option<String>,
}

/// Splits a fixture into its cases and reads their annotations.
pub fn parse_fixture(fixture: &str) -> Vec<Case> {
    let mut cases = Vec::new();
    let mut current: Option<Case> = None;
    let mut kept_lines = 0u32;
    // Keep the fixture's own line ending inside each case.
    for raw_line in fixture.split_inclusive('\n') {
        let line = raw_line.trim_end_matches(['\n', '\r']);
        if let Some(name) = line.strip_prefix("# ====") {
            cases.extend(current.take());
            current = Some(Case {
                name: name.trim().trim_end_matches('=').trim().to_owned(),
                text: String::new(),
                expected: Vec::new(),
                config: String::new(),
            });
            kept_lines = 0;
            continue;
        }
        let case = current.get_or_insert_with(|| Case {
            name: "default".to_owned(),
            text: String::new(),
            expected: Vec::new(),
            config: String::new(),
        });
        if let Some(config) = line.trim_start().strip_prefix("# config:") {
            case.config.push_str(config.trim());
            case.config.push('\n');
            continue;
        }
        if let Some(expected) = parse_annotation(line, kept_lines.checked_sub(1)) {
            case.expected.push(expected);
            continue;
        }
        case.text.push_str(raw_line);
        kept_lines += 1;
    }
    cases.extend(current);
    cases
}

/// Reads `#   ^^^ CODE: message part` as an annotation of `target_line`.
fn parse_annotation(line: &str, target_line: Option<u32>) -> Option<Expected> {
    let trimmed = line.trim_start();
    let rest = trimmed.strip_prefix('#')?;
    let indent = line.chars().count() - trimmed.chars().count();
    let (start, carets) = if rest.starts_with('^') {
        // `#^^^`: the `#` is the first caret.
        let carets = rest.chars().take_while(|&c| c == '^').count();
        (indent, carets + 1)
    } else {
        let spaces = rest.chars().take_while(|&c| c == ' ').count();
        let after = &rest[spaces..];
        let carets = after.chars().take_while(|&c| c == '^').count();
        if carets == 0 {
            return None;
        }
        (indent + 1 + spaces, carets)
    };
    let after_carets = trimmed.trim_start_matches('#').trim_start().trim_start_matches('^');
    let label = after_carets.strip_prefix(' ')?.trim();
    let (code, message_part) = match label.split_once(':') {
        Some((code, part)) => (code.trim(), Some(part.trim().to_owned())),
        None => (label, None),
    };
    let is_code = code.len() == 5
        && code[..2].chars().all(|c| c.is_ascii_uppercase())
        && code[2..].chars().all(|c| c.is_ascii_digit());
    if !is_code {
        return None;
    }
    let line = target_line.expect("an annotation needs a line above it to point at");
    Some(Expected {
        line,
        columns: (start as u32, (start + carets) as u32),
        code: code.to_owned(),
        message_part,
    })
}

/// Where a diagnostic lies, in the annotation's terms.
fn located(document: &Document, diagnostic: &Diagnostic) -> (u32, (u32, u32)) {
    let (line, start_column) = document.line_column(diagnostic.range.start);
    let (end_line, end_column) = document.line_column(diagnostic.range.end);
    let end_column = if end_line == line {
        end_column
    } else {
        document.line_text(line - 1).chars().count() as u32 + 1
    };
    (line - 1, (start_column - 1, end_column - 1))
}

/// The settings a case runs with: every rule on, plus the case's config.
pub fn case_settings(case: &Case) -> RuleSettings {
    let mut settings = RuleSettings::all_rules();
    if !case.config.is_empty() {
        let (config, errors) = Config::parse_toml(&case.config);
        assert!(errors.is_empty(), "case `{}`: bad config: {errors:?}", case.name);
        let (resolved, errors) = config.resolve();
        assert!(errors.is_empty(), "case `{}`: bad config: {errors:?}", case.name);
        let configured = resolved.settings_for("");
        settings.allowed_registries = configured.allowed_registries;
        settings.unsafe_fixes = configured.unsafe_fixes;
    }
    settings
}

/// Checks a rule's fixture: the rule fires exactly where annotated, and every
/// fix passes the harness. Returns the report a snapshot test records.
pub fn check_fixture(rule: &'static RuleMeta, fixture: &str) -> String {
    let cases = parse_fixture(fixture);
    assert!(!cases.is_empty(), "{}: the fixture has no cases", rule.code);
    let mut report = String::new();
    let mut fired = false;
    let mut silent = false;
    for case in &cases {
        let found = check_case(rule, case);
        fired |= !found.is_empty();
        silent |= case.text.lines().count() > found.len();
        write_case_report(&mut report, rule, case);
        // The same case with CRLF line endings must give the same findings
        // and fixes that keep CRLF.
        let crlf = Case { text: to_crlf(&case.text), ..case.clone() };
        check_case(rule, &crlf);
    }
    assert!(fired, "{}: no case fires; a fixture shows where the rule fires", rule.code);
    assert!(silent, "{}: no near miss; a fixture shows where the rule stays silent", rule.code);
    report
}

/// Checks one case and returns the rule's diagnostics.
pub fn check_case(rule: &'static RuleMeta, case: &Case) -> Vec<Diagnostic> {
    let settings = case_settings(case);
    let language = rule.language;
    let side_files = SideFiles::new();
    let report = check_source(language, &case.text, &settings, &side_files);
    let document = Document::new(&case.text);
    let found: Vec<&Diagnostic> =
        report.diagnostics.iter().filter(|d| std::ptr::eq(d.rule, rule)).collect();

    // Where it fired against where it should have.
    let mut actual: Vec<(u32, (u32, u32), &Diagnostic)> = found
        .iter()
        .map(|d| {
            let (line, columns) = located(&document, d);
            (line, columns, *d)
        })
        .collect();
    actual.sort_by_key(|(line, columns, _)| (*line, *columns));
    let mut expected: Vec<&Expected> =
        case.expected.iter().filter(|e| e.code == rule.code).collect();
    expected.sort_by_key(|e| (e.line, e.columns));
    let actual_places: Vec<(u32, (u32, u32))> = actual.iter().map(|(l, c, _)| (*l, *c)).collect();
    let expected_places: Vec<(u32, (u32, u32))> =
        expected.iter().map(|e| (e.line, e.columns)).collect();
    assert!(
        actual_places == expected_places,
        "{} case `{}`: fired at\n{}\nbut the annotations expect\n{}",
        rule.code,
        case.name,
        render_marks(&case.text, actual.iter().map(|(l, c, d)| (*l, *c, d.message.clone()))),
        render_marks(&case.text, expected.iter().map(|e| (e.line, e.columns, String::new()))),
    );
    for ((_, _, diagnostic), expected) in actual.iter().zip(&expected) {
        if let Some(part) = &expected.message_part {
            assert!(
                diagnostic.message.contains(part.as_str()),
                "{} case `{}`: message `{}` lacks `{part}`",
                rule.code,
                case.name,
                diagnostic.message
            );
        }
    }

    for diagnostic in &found {
        for fix in &diagnostic.fixes {
            check_fix(rule, case, &settings, &report.diagnostics, diagnostic, fix);
        }
    }
    check_fix_all(rule, case, &settings);
    found.into_iter().cloned().collect()
}

/// Applies one fix and holds it to what the harness promises.
fn check_fix(
    rule: &'static RuleMeta,
    case: &Case,
    settings: &RuleSettings,
    before: &[Diagnostic],
    fixed: &Diagnostic,
    fix: &crate::diagnostic::Fix,
) {
    let context = format!("{} case `{}`, fix `{}`", rule.code, case.name, fix.title);
    let text = apply_edits(&case.text, &fix.edits)
        .unwrap_or_else(|error| panic!("{context}: the edits do not apply: {error}"));
    assert_ne!(text, case.text, "{context}: the fix changes nothing");
    assert_line_endings_kept(&case.text, &text, &context);
    let after = check_source(rule.language, &text, settings, &SideFiles::new()).diagnostics;

    let correctness = |diagnostics: &[Diagnostic]| {
        diagnostics.iter().filter(|d| d.rule.practice == Practice::Correctness).count()
    };
    assert!(
        correctness(&after) <= correctness(before),
        "{context}: the fixed file no longer parses cleanly:\n{}\n{}",
        describe(&after),
        text
    );

    let key = |d: &Diagnostic| (d.rule.code, d.message.clone());
    let count = |list: &[Diagnostic], wanted: &(&str, String)| {
        list.iter().filter(|d| key(d) == *wanted).count()
    };
    let fixed_key = key(fixed);
    assert!(
        count(&after, &fixed_key) < count(before, &fixed_key),
        "{context}: the diagnostic is still there after the fix:\n{text}"
    );
    // Nothing new, except what the fix says it introduces.
    let mut remaining: Vec<(&str, String)> = before.iter().map(key).collect();
    if let Some(index) = remaining.iter().position(|k| *k == fixed_key) {
        remaining.remove(index);
    }
    for diagnostic in &after {
        let k = key(diagnostic);
        if let Some(index) = remaining.iter().position(|r| *r == k) {
            remaining.remove(index);
        } else {
            assert!(
                fix.introduces.contains(&diagnostic.rule.code),
                "{context}: the fix brings a new finding {} `{}` that it does not name:\n{text}",
                diagnostic.rule.code,
                diagnostic.message
            );
        }
    }
}

/// Fix-all, safe and unsafe, converges and a second run changes nothing.
fn check_fix_all(rule: &'static RuleMeta, case: &Case, settings: &RuleSettings) {
    for unsafe_fixes in [false, true] {
        let context =
            format!("{} case `{}`, fix-all (unsafe: {unsafe_fixes})", rule.code, case.name);
        let side_files = SideFiles::new();
        let once = fix_all(rule.language, &case.text, settings, &side_files, unsafe_fixes);
        assert!(once.converged, "{context}: did not converge:\n{}", once.text);
        assert_line_endings_kept(&case.text, &once.text, &context);
        let twice = fix_all(rule.language, &once.text, settings, &side_files, unsafe_fixes);
        assert_eq!(twice.applied, 0, "{context}: a second run changed the text again");
    }
}

fn assert_line_endings_kept(before: &str, after: &str, context: &str) {
    let crlf_only = |text: &str| text.matches('\n').count() == text.matches("\r\n").count();
    let has_crlf = before.contains("\r\n");
    if has_crlf && crlf_only(before) {
        assert!(crlf_only(after), "{context}: the fix broke CRLF line endings:\n{after:?}");
    }
    if !before.contains('\r') {
        assert!(!after.contains('\r'), "{context}: the fix wrote CR into an LF file");
    }
}

fn to_crlf(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\n', "\r\n")
}

fn describe(diagnostics: &[Diagnostic]) -> String {
    diagnostics.iter().map(|d| format!("{} {:?} {}\n", d.rule.code, d.range, d.message)).collect()
}

/// The text with carets under the marked ranges, for failure messages.
fn render_marks(text: &str, marks: impl Iterator<Item = (u32, (u32, u32), String)>) -> String {
    let marks: Vec<_> = marks.collect();
    let mut out = String::new();
    for (index, line) in text.lines().enumerate() {
        let _ = writeln!(out, "  | {line}");
        for (_, (start, end), message) in marks.iter().filter(|(l, _, _)| *l as usize == index) {
            let _ = writeln!(
                out,
                "  | {}{} {message}",
                " ".repeat(*start as usize),
                "^".repeat((end - start).max(1) as usize)
            );
        }
    }
    if marks.is_empty() {
        out.push_str("  (nowhere)\n");
    }
    out
}

/// The snapshot report of one case: the rule's findings, each fix as a
/// diff, and what fix-all with this rule alone writes.
fn write_case_report(out: &mut String, rule: &'static RuleMeta, case: &Case) {
    let settings = case_settings(case);
    let side_files = SideFiles::new();
    let report = check_source(rule.language, &case.text, &settings, &side_files);
    let document = Document::new(&case.text);
    let _ = writeln!(out, "==== {}", case.name);
    for diagnostic in report.diagnostics.iter().filter(|d| std::ptr::eq(d.rule, rule)) {
        let (line, column) = document.line_column(diagnostic.range.start);
        let _ = writeln!(
            out,
            "{line}:{column} {} {}: {}",
            diagnostic.rule.code, diagnostic.severity, diagnostic.message
        );
        for related in &diagnostic.related {
            let (line, column) = document.line_column(related.range.start);
            let _ = writeln!(out, "  related {line}:{column}: {}", related.message);
        }
        for fix in &diagnostic.fixes {
            let _ = writeln!(out, "  fix ({}): {}", fix.applicability.as_str(), fix.title);
            if let Ok(fixed) = apply_edits(&case.text, &fix.edits) {
                out.push_str(&indent(&line_diff(&case.text, &fixed), "    "));
            }
        }
    }
    // Fix-all as this rule alone does it (the harness has checked fix-all
    // with every rule; showing theirs here would only be noise).
    let mut alone = RuleSettings::only(rule);
    alone.allowed_registries = settings.allowed_registries.clone();
    for unsafe_fixes in [false, true] {
        let outcome = fix_all(rule.language, &case.text, &alone, &side_files, unsafe_fixes);
        if outcome.applied > 0 {
            let kind = if unsafe_fixes { "with unsafe fixes" } else { "safe" };
            let _ = writeln!(out, "  fix-all ({kind}):");
            out.push_str(&indent(&line_diff(&case.text, &outcome.text), "    "));
        }
    }
}

fn indent(text: &str, prefix: &str) -> String {
    text.lines().map(|line| format!("{prefix}{line}\n")).collect()
}

/// A small line diff (longest common subsequence), enough for fixtures:
/// removed lines with `-`, added with `+`, and one line of context.
pub fn line_diff(before: &str, after: &str) -> String {
    let a: Vec<&str> = before.lines().collect();
    let b: Vec<&str> = after.lines().collect();
    let mut lengths = vec![vec![0u32; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lengths[i][j] = if a[i] == b[j] {
                lengths[i + 1][j + 1] + 1
            } else {
                lengths[i + 1][j].max(lengths[i][j + 1])
            };
        }
    }
    let mut ops: Vec<(char, &str)> = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            ops.push((' ', a[i]));
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || lengths[i + 1][j] >= lengths[i][j + 1]) {
            ops.push(('-', a[i]));
            i += 1;
        } else {
            ops.push(('+', b[j]));
            j += 1;
        }
    }
    let near_change = |index: usize| {
        let low = index.saturating_sub(1);
        let high = (index + 1).min(ops.len() - 1);
        (low..=high).any(|k| ops[k].0 != ' ')
    };
    let mut out = String::new();
    let mut skipped = false;
    for (index, (op, line)) in ops.iter().enumerate() {
        if near_change(index) {
            if skipped {
                out.push_str("...\n");
                skipped = false;
            }
            let _ = writeln!(out, "{op} {line}");
        } else {
            skipped = true;
        }
    }
    if skipped {
        out.push_str("...\n");
    }
    out
}

/// Pieces of Dockerfile text that stress the parser (continuations,
/// heredocs, directives, exec form, CRLF, a lone CR, a BOM, multi-byte
/// characters) for generated inputs: property tests stitch them at random,
/// the BuildKit differential test the same way every run.
pub const DOCKERFILE_PIECES: &[&str] = &[
    "FROM alpine:3.20 AS build\n",
    "from x\n",
    "RUN apk add \\\n",
    "  gcc \\\n",
    "# comment\n",
    "\n",
    "   \n",
    "RUN <<EOF\n",
    "RUN <<-EOF cat\n",
    "COPY <<A <<B /x/\n",
    "EOF\n",
    "\tEOF\n",
    "A\n",
    "B\n",
    "echo hi\n",
    "CMD [\"a\", \"b\"]\n",
    "CMD [\"a\", 1]\n",
    "ENV A=1 B\n",
    "ENV A \"b c\"\n",
    "ONBUILD RUN <<EOF\n",
    "ONBUILD COPY --from=x a b\n",
    "# escape=`\n",
    "# syntax=docker/dockerfile:1\n",
    "RUN x `\n",
    "\r\n",
    "USER 😀漢\r\n",
    "\u{feff}",
    "\\",
    "\r",
    "LABEL a=\"b c\" \\",
    "HEALTHCHECK --interval=1s CMD [\"x\"]\n",
    "COPY --chown=\"a b\" --link src dst\n",
    "RUN [\"sh\", \\\n",
    "  \"-c\"]\n",
    "ARG A=1 B=\"x y\"\n",
    "RUN echo \\\\\n",
    "EXPOSE 80/tcp   443\n",
    "COPY --from=${STAGE:-build} /a /b\n",
];

/// The language of a fixture file by its name: `*.Dockerfile` or `*.yaml`.
pub fn fixture_language(file_name: &str) -> Option<Language> {
    if file_name.ends_with(".Dockerfile") {
        Some(Language::Dockerfile)
    } else if file_name.ends_with(".yaml") || file_name.ends_with(".yml") {
        Some(Language::Compose)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixtures_split_into_cases_with_annotations() {
        let fixture = "\
# ==== first
FROM ubuntu:latest
#    ^^^^^^^^^^^^^ DF019: latest
# config: severity = \"low\"
# ==== second
FROM alpine:3.20
#^^^ DF018
RUN x
";
        let cases = parse_fixture(fixture);
        assert_eq!(cases.len(), 2);
        assert_eq!(cases[0].name, "first");
        assert_eq!(cases[0].text, "FROM ubuntu:latest\n");
        assert_eq!(cases[0].config, "severity = \"low\"\n");
        assert_eq!(
            cases[0].expected,
            [Expected {
                line: 0,
                columns: (5, 18),
                code: "DF019".into(),
                message_part: Some("latest".into())
            }]
        );
        assert_eq!(cases[1].text, "FROM alpine:3.20\nRUN x\n");
        assert_eq!(cases[1].expected[0].columns, (0, 4));
    }

    #[test]
    fn ordinary_comments_are_not_annotations() {
        let cases = parse_fixture("# ^ not a code\n# install ^^ things\nFROM x\n");
        assert_eq!(cases[0].expected, []);
        assert_eq!(cases[0].text.lines().count(), 3);
    }

    #[test]
    fn line_diff_shows_changes_with_context() {
        let diff = line_diff("a\nb\nc\nd\ne\n", "a\nb\nC\nd\ne\n");
        assert_eq!(diff, "...\n  b\n- c\n+ C\n  d\n...\n");
    }
}

/// What the fuzz targets check on any input, shared with the regression
/// test that replays the inputs they once failed on (`fuzz/regressions/`).
pub mod fuzz {
    use crate::compose::ComposeFile;
    use crate::dockerfile::Parse;
    use crate::text::{TextEdit, TextRange, apply_edits};
    use crate::{Report, RuleSettings, SideFiles, check_compose, check_dockerfile};

    /// Any bytes as a Dockerfile: the tree keeps every byte, and no rule
    /// panics or makes an edit that does not apply.
    pub fn dockerfile(data: &[u8]) {
        let text = String::from_utf8_lossy(data);
        let parse = Parse::new(&text);
        let rebuilt: String = parse.nodes().map(|node| node.text()).collect();
        assert_eq!(rebuilt, text, "the tree lost bytes");
        let report = check_dockerfile(&parse, &RuleSettings::all_rules(), &SideFiles::new());
        check_report(&text, &report);
    }

    /// Any bytes as a Compose file: no rule panics or makes a bad edit.
    pub fn compose(data: &[u8]) {
        let text = String::from_utf8_lossy(data);
        let file = ComposeFile::parse(&text);
        let report = check_compose(&file, &RuleSettings::all_rules(), &SideFiles::new());
        check_report(&text, &report);
    }

    /// A Dockerfile and edits (offset, length, insertion): the incremental
    /// reparse equals a fresh parse after each edit.
    pub fn dockerfile_edits(text: &str, edits: &[(u16, u8, String)]) {
        let mut parse = Parse::new(text);
        for (at, len, insert) in edits.iter().take(16) {
            let edit = clamped_edit(parse.text(), *at, *len, insert);
            parse = parse.apply_edit(&edit);
            assert_eq!(parse, Parse::new(parse.text()), "incremental differs from full");
        }
    }

    /// A Compose file and edits (offset, length, insertion): the incremental
    /// `apply_edit` equals a fresh parse after each edit (the tree, the
    /// model, the schema issues), and the rules run on it.
    pub fn compose_edits(text: &str, edits: &[(u16, u8, String)]) {
        let mut file = ComposeFile::parse(text);
        for (at, len, insert) in edits.iter().take(16) {
            let edit = clamped_edit(file.text(), *at, *len, insert);
            file = file.apply_edit(&edit);
            assert!(file == ComposeFile::parse(file.text()), "incremental differs from full");
        }
        let report = check_compose(&file, &RuleSettings::all_rules(), &SideFiles::new());
        check_report(file.text(), &report);
    }

    /// [`compose_edits`] on raw bytes, so that a fuzzer's input replays
    /// without the fuzzer: the text is the bytes before the first `0xFF`
    /// (a byte UTF-8 never uses), and each later `0xFF`-separated chunk is
    /// an edit: two bytes of offset (big-endian), one of length, and the
    /// rest inserted (invalid UTF-8 replaced).
    pub fn compose_edits_from_bytes(data: &[u8]) {
        let mut chunks = data.split(|byte| *byte == 0xFF);
        let text = String::from_utf8_lossy(chunks.next().unwrap_or_default());
        let edits: Vec<(u16, u8, String)> = chunks
            .map(|chunk| {
                let byte = |index: usize| chunk.get(index).copied().unwrap_or(0);
                let at = u16::from_be_bytes([byte(0), byte(1)]);
                let insert = String::from_utf8_lossy(chunk.get(3..).unwrap_or_default());
                (at, byte(2), insert.into_owned())
            })
            .collect();
        compose_edits(&text, &edits);
    }

    /// An edit at `at` replacing `len` bytes, moved into `text` and onto
    /// character boundaries, so that any fuzz input makes a valid edit.
    fn clamped_edit(text: &str, at: u16, len: u8, insert: &str) -> TextEdit {
        let mut start = usize::from(at).min(text.len());
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = (start + usize::from(len)).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        TextEdit::replace(TextRange::new(start as u32, end as u32), insert)
    }

    fn check_report(text: &str, report: &Report) {
        for diagnostic in &report.diagnostics {
            assert!(
                diagnostic.range.end as usize <= text.len(),
                "{} out of range",
                diagnostic.rule.code
            );
            for fix in &diagnostic.fixes {
                assert!(
                    apply_edits(text, &fix.edits).is_ok(),
                    "{}: fix `{}` does not apply",
                    diagnostic.rule.code,
                    fix.title
                );
            }
        }
    }
}
