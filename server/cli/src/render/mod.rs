//! The findings of a run rendered in each output format. Renderers build
//! strings and never print; the output module prints them.

pub mod github;
pub mod json;
pub mod sarif;
pub mod text;

use dockwarden_analysis::text::Document;
use dockwarden_analysis::{Diagnostic, TextRange};

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

/// Whether `--fix` would fix a finding: it has a fix that bulk fixing allows
/// and that edits only its own file (fix-all leaves the others to the editor).
pub fn bulk_fixable(diagnostic: &Diagnostic, unsafe_fixes: bool) -> bool {
    diagnostic.fixes.iter().any(|fix| {
        fix.applicability.allowed_in_bulk(unsafe_fixes) && fix.side_file_edits.is_empty()
    })
}
