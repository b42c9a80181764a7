//! GitHub Actions workflow commands: one `::error`, `::warning` or
//! `::notice` line per finding, which GitHub shows as an annotation on the
//! line in the pull request. Critical and high findings are errors, medium
//! warnings, low and info notices.

use std::fmt::Write as _;

use dockwarden_analysis::Severity;

use crate::lint::Checked;
use crate::render::{Span, each_finding};

/// Every finding as a workflow command line.
pub fn render(files: &[Checked]) -> String {
    let mut out = String::new();
    each_finding(files, |file, document, diagnostic| {
        let span = Span::of(document, diagnostic.range);
        let command = match diagnostic.severity {
            Severity::Critical | Severity::High => "error",
            Severity::Medium => "warning",
            Severity::Low | Severity::Info => "notice",
        };
        let title = format!("{} ({})", diagnostic.rule.code, diagnostic.rule.name);
        let message =
            format!("{} [{}] {}", diagnostic.rule.code, diagnostic.severity, diagnostic.message);
        let _ = writeln!(
            out,
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            escape_property(&file.shown),
            span.start_line,
            span.start_column,
            span.end_line,
            span.end_column,
            escape_property(&title),
            escape_data(&message),
        );
    });
    out
}

/// Escapes a command's message, as the Actions toolkit does.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a command property's value, as the Actions toolkit does: the
/// message's escapes plus `:` and `,`, which end a property.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_match_the_actions_toolkit() {
        assert_eq!(escape_data("50% done\r\nnext: a,b"), "50%25 done%0D%0Anext: a,b");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}
