//! The human format: `path:line:col: CODE [severity] message`, the source
//! line with carets under the finding, its fixes, and a summary line; and the
//! unified diff of `--diff`. Styles are ANSI escapes, which the output stream
//! strips when colour is off.

use std::fmt::Write as _;

use anstyle::{AnsiColor, Style};
use dockwarden_analysis::text::Document;
use dockwarden_analysis::{Diagnostic, Severity};

use crate::lint::{Checked, Mode};
use crate::render::{Span, bulk_fixable, each_finding};

const BOLD: Style = Style::new().bold();
const GUTTER: Style = AnsiColor::Blue.on_default().bold();
const HELP: Style = AnsiColor::Cyan.on_default();
const REMOVED: Style = AnsiColor::Red.on_default();
const ADDED: Style = AnsiColor::Green.on_default();
/// A tab in an excerpt is shown as this many spaces, carets included.
const TAB_WIDTH: usize = 4;

/// Every finding, file by file, with its excerpt.
pub fn findings(files: &[Checked]) -> String {
    let mut out = String::new();
    each_finding(files, |file, document, diagnostic| finding(&mut out, file, document, diagnostic));
    out
}

fn finding(out: &mut String, file: &Checked, document: &Document, diagnostic: &Diagnostic) {
    let span = Span::of(document, diagnostic.range);
    let style = severity_style(diagnostic.severity);
    let _ = writeln!(
        out,
        "{BOLD}{}:{}:{}:{BOLD:#} {style}{} [{}]{style:#} {}",
        file.shown,
        span.start_line,
        span.start_column,
        diagnostic.code(),
        diagnostic.severity,
        // A message over several lines keeps the first line the header.
        diagnostic.message.replace('\n', "\n  ")
    );
    let number = span.start_line.to_string();
    let pad = " ".repeat(number.len());
    let line = document.line_text(span.start_line - 1);
    let start = (span.start_column - 1) as usize;
    let end = if span.end_line == span.start_line {
        (span.end_column - 1) as usize
    } else {
        line.chars().count()
    };
    let (shown_line, caret_start, caret_len) = expand_tabs(&line, start, end);
    let _ = writeln!(out, "{GUTTER}{pad} |{GUTTER:#}");
    let _ = writeln!(out, "{GUTTER}{number} |{GUTTER:#} {shown_line}");
    let _ = writeln!(
        out,
        "{GUTTER}{pad} |{GUTTER:#} {}{style}{}{style:#}",
        " ".repeat(caret_start),
        "^".repeat(caret_len.max(1))
    );
    for fix in &diagnostic.fixes {
        let _ = writeln!(
            out,
            "{GUTTER}{pad} ={GUTTER:#} {HELP}fix ({}){HELP:#}: {}",
            fix.applicability.as_str(),
            fix.title
        );
    }
    let _ = writeln!(out, "{GUTTER}{pad} ={GUTTER:#} {HELP}see{HELP:#}: {}", diagnostic.rule.url());
    out.push('\n');
}

/// The line with tabs expanded, and where the carets go (in columns of the
/// expanded line) for the characters `start..end`.
fn expand_tabs(line: &str, start: usize, end: usize) -> (String, usize, usize) {
    let mut shown = String::new();
    let width_before = |count: usize| {
        line.chars().take(count).map(|c| if c == '\t' { TAB_WIDTH } else { 1 }).sum::<usize>()
    };
    let caret_start = width_before(start);
    let caret_end = width_before(end.max(start));
    for c in line.chars() {
        if c == '\t' {
            shown.push_str(&" ".repeat(TAB_WIDTH));
        } else {
            shown.push(c);
        }
    }
    (shown, caret_start, caret_end - caret_start)
}

fn severity_style(severity: Severity) -> Style {
    let color = match severity {
        Severity::Critical | Severity::High => AnsiColor::Red,
        Severity::Medium => AnsiColor::Yellow,
        Severity::Low => AnsiColor::Cyan,
        Severity::Info => AnsiColor::Blue,
    };
    color.on_default().bold()
}

/// The closing line: what was checked, found and fixable.
pub fn summary(files: &[Checked], mode: Mode) -> String {
    let checked = files.len();
    let found: usize = files.iter().map(|file| file.report.diagnostics.len()).sum();
    let diagnostics = || {
        files.iter().flat_map(|file| {
            file.report.diagnostics.iter().map(move |diagnostic| (file.unsafe_fixes, diagnostic))
        })
    };
    let fixable = diagnostics().filter(|(unsafe_fixes, d)| bulk_fixable(d, *unsafe_fixes)).count();
    let only_unsafe = diagnostics()
        .filter(|(unsafe_fixes, d)| !bulk_fixable(d, *unsafe_fixes) && bulk_fixable(d, true))
        .count();
    let mut out = String::new();
    if mode == Mode::Fix {
        let applied: usize = files.iter().map(|file| file.fixes_applied).sum();
        let changed = files.iter().filter(|file| file.fixes_applied > 0).count();
        let _ = write!(
            out,
            "Fixed {} in {}. ",
            plural(applied, "finding", "findings"),
            plural(changed, "file", "files")
        );
    }
    let _ = write!(out, "Checked {}: ", plural(checked, "file", "files"));
    if found == 0 {
        out.push_str("no findings.");
    } else {
        let _ = write!(out, "{BOLD}{}{BOLD:#}", plural(found, "finding", "findings"));
        let mut notes = Vec::new();
        if fixable > 0 {
            notes.push(format!("{fixable} fixable with --fix"));
        }
        if only_unsafe > 0 {
            notes.push(format!("{only_unsafe} more with --fix --unsafe-fixes"));
        }
        if !notes.is_empty() {
            let _ = write!(out, " ({})", notes.join(", "));
        }
        out.push('.');
    }
    out.push('\n');
    out
}

/// The `--diff` output: a unified diff per changed file, `a/` and `b/`
/// prefixed so that `git apply` and `patch -p1` take it.
pub fn diff(files: &[Checked]) -> String {
    let mut out = String::new();
    for file in files {
        let Some(fixed) = &file.fixed_text else { continue };
        let diff = similar::TextDiff::from_lines(file.text.as_str(), fixed.as_str());
        let unified = diff
            .unified_diff()
            .context_radius(3)
            .header(&format!("a/{}", file.shown), &format!("b/{}", file.shown))
            .to_string();
        for line in unified.split_inclusive('\n') {
            let style = if line.starts_with("+++") || line.starts_with("---") {
                BOLD
            } else if line.starts_with('+') {
                ADDED
            } else if line.starts_with('-') {
                REMOVED
            } else if line.starts_with("@@") {
                HELP
            } else {
                Style::new()
            };
            let (content, newline) = match line.strip_suffix('\n') {
                Some(content) => (content, "\n"),
                None => (line, ""),
            };
            let _ = write!(out, "{style}{content}{style:#}{newline}");
        }
    }
    out
}

/// The `--diff` closing line, for stderr.
pub fn diff_summary(files: &[Checked]) -> String {
    let applied: usize = files.iter().map(|file| file.fixes_applied).sum();
    let changed = files.iter().filter(|file| file.fixed_text.is_some()).count();
    if changed == 0 {
        "No fixes to apply.\n".to_owned()
    } else {
        format!(
            "Would fix {} in {}.\n",
            plural(applied, "finding", "findings"),
            plural(changed, "file", "files")
        )
    }
}

pub fn plural(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}
