//! What a rule reports: diagnostics, their fixes and their related places.

use std::fmt;

use crate::rule::RuleMeta;
use crate::text::{TextEdit, TextRange};

/// How much a finding matters. Editors show critical and high as errors,
/// medium as warnings, low as information and info as hints.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug, Default)]
pub enum Severity {
    #[default]
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub const ALL: [Severity; 5] =
        [Severity::Info, Severity::Low, Severity::Medium, Severity::High, Severity::Critical];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }

    /// Parses the lower-case name, also accepting the editor words
    /// (`error`, `warning`, `information`, `hint`) that the correctness
    /// diagnostics use.
    pub fn parse(text: &str) -> Option<Severity> {
        Some(match text.to_ascii_lowercase().as_str() {
            "info" | "hint" => Severity::Info,
            "low" | "information" => Severity::Low,
            "medium" | "warning" => Severity::Medium,
            "high" | "error" => Severity::High,
            "critical" => Severity::Critical,
            _ => return None,
        })
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How far a fix can be trusted, which decides where it may be applied.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub enum Applicability {
    /// Keeps behaviour: goes into fix-all and `--fix`.
    Safe,
    /// Changes runtime behaviour: offered one by one, with the consequence in
    /// its title; applied in bulk only when unsafe fixes are enabled.
    Unsafe,
    /// Inserts a template whose placeholder values the user must check.
    Template,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
            Applicability::Template => "template",
        }
    }

    /// Whether a bulk fix (fix-all, `--fix`) may apply it.
    pub fn allowed_in_bulk(self, unsafe_fixes: bool) -> bool {
        match self {
            Applicability::Safe => true,
            Applicability::Unsafe | Applicability::Template => unsafe_fixes,
        }
    }
}

/// A titled set of non-overlapping edits to the file the diagnostic is in,
/// and possibly to files beside it (a `.dockerignore` to create, say).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Fix {
    pub title: String,
    pub applicability: Applicability,
    pub edits: Vec<TextEdit>,
    pub side_file_edits: Vec<SideFileEdit>,
    /// Codes of findings the fix knowingly leaves in place of the one it
    /// fixes (appending `:ro` turns CP013 into CP014); the fix harness allows
    /// these and no other new finding.
    pub introduces: &'static [&'static str],
}

impl Fix {
    pub fn new(
        title: impl Into<String>,
        applicability: Applicability,
        edits: Vec<TextEdit>,
    ) -> Fix {
        Fix {
            title: title.into(),
            applicability,
            edits,
            side_file_edits: Vec::new(),
            introduces: &[],
        }
    }

    pub fn safe(title: impl Into<String>, edits: Vec<TextEdit>) -> Fix {
        Fix::new(title, Applicability::Safe, edits)
    }

    pub fn unsafe_(title: impl Into<String>, edits: Vec<TextEdit>) -> Fix {
        Fix::new(title, Applicability::Unsafe, edits)
    }

    pub fn template(title: impl Into<String>, edits: Vec<TextEdit>) -> Fix {
        Fix::new(title, Applicability::Template, edits)
    }

    pub fn introducing(mut self, codes: &'static [&'static str]) -> Fix {
        self.introduces = codes;
        self
    }

    pub fn with_side_file_edit(mut self, edit: SideFileEdit) -> Fix {
        self.side_file_edits.push(edit);
        self
    }
}

/// An edit to a file other than the one being checked, named relative to the
/// checked file's folder.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct SideFileEdit {
    pub relative_path: String,
    /// Create the file with `new_text` when it does not exist.
    pub create: bool,
    pub edits: Vec<TextEdit>,
}

/// Another place that helps explain a diagnostic.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Related {
    /// `None` for the same file; otherwise a path relative to its folder.
    pub relative_path: Option<String>,
    pub range: TextRange,
    pub message: String,
}

/// Extra meaning an editor can render (faded or struck-through text).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Tag {
    Unnecessary,
    Deprecated,
}

/// One finding: a rule, where, why, and how to fix it.
#[derive(Clone, PartialEq, Debug)]
pub struct Diagnostic {
    pub rule: &'static RuleMeta,
    pub range: TextRange,
    pub message: String,
    /// The rule's default, or what the configuration made of it.
    pub severity: Severity,
    pub related: Vec<Related>,
    pub tags: Vec<Tag>,
    pub fixes: Vec<Fix>,
}

impl Diagnostic {
    pub fn new(
        rule: &'static RuleMeta,
        range: TextRange,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            rule,
            range,
            message: message.into(),
            severity: rule.severity,
            related: Vec::new(),
            tags: Vec::new(),
            fixes: Vec::new(),
        }
    }

    pub fn code(&self) -> &'static str {
        self.rule.code
    }

    pub fn with_fix(mut self, fix: Fix) -> Diagnostic {
        self.fixes.push(fix);
        self
    }

    pub fn with_related(mut self, range: TextRange, message: impl Into<String>) -> Diagnostic {
        self.related.push(Related { relative_path: None, range, message: message.into() });
        self
    }

    pub fn with_tag(mut self, tag: Tag) -> Diagnostic {
        self.tags.push(tag);
        self
    }

    /// The fix an editor may apply without asking ("preferred"): the only
    /// fix, when it is safe.
    pub fn preferred_fix(&self) -> Option<&Fix> {
        match self.fixes.as_slice() {
            [fix] if fix.applicability == Applicability::Safe => Some(fix),
            _ => None,
        }
    }

    /// This diagnostic as it reads after `edit`, when the edit left its
    /// range alone: ranges in this file move; a fix whose edits the edit
    /// touched is dropped (it would write into text it never saw).
    pub fn through_edit(&self, edit: &TextEdit) -> Option<Diagnostic> {
        let range = self.range.through_edit(edit)?;
        let related = self
            .related
            .iter()
            .filter_map(|related| match related.relative_path {
                Some(_) => Some(related.clone()),
                None => related
                    .range
                    .through_edit(edit)
                    .map(|range| Related { range, ..related.clone() }),
            })
            .collect();
        let fixes = self
            .fixes
            .iter()
            .filter_map(|fix| {
                let edits = fix
                    .edits
                    .iter()
                    .map(|own| {
                        own.range.through_edit(edit).map(|range| TextEdit { range, ..own.clone() })
                    })
                    .collect::<Option<Vec<_>>>()?;
                Some(Fix { edits, ..fix.clone() })
            })
            .collect();
        Some(Diagnostic { range, related, fixes, ..self.clone() })
    }
}
