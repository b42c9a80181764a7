//! Suppression comments, in both languages:
//!
//! - `# dockwarden ignore=DF001,CP012 -- reason` suppresses those rules on the
//!   next Dockerfile instruction or Compose entry;
//! - `# dockwarden global ignore=DF019` suppresses them in the whole file;
//! - `# hadolint ignore=DL3002` and `# hadolint global ignore=...` do the same
//!   through the rules' hadolint aliases, so existing files keep working.
//!
//! Codes and names are both accepted. Each language module finds its comments
//! and the range the next instruction or entry covers; this module reads them.

use crate::diagnostic::Diagnostic;
use crate::registry;
use crate::rule::{Language, RuleMeta};
use crate::text::TextRange;

/// A comment that may hold a suppression, as a language module found it.
#[derive(Clone, Debug)]
pub struct CommentSite<'a> {
    /// The comment's text, from its `#`.
    pub text: &'a str,
    /// Where the comment is.
    pub range: TextRange,
    /// What a next-line suppression in it covers: the next instruction or
    /// entry, or `None` when nothing follows.
    pub next: Option<TextRange>,
}

/// Who wrote the suppression syntax.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Dialect {
    Dockwarden,
    Hadolint,
}

/// One parsed suppression comment.
#[derive(Clone, Debug)]
pub struct Suppression {
    pub dialect: Dialect,
    pub global: bool,
    pub rules: Vec<&'static RuleMeta>,
    /// Codes in the comment that name no rule of this language.
    pub unknown: Vec<String>,
    /// The justification after `--`, if any.
    pub reason: Option<String>,
    /// The comment.
    pub range: TextRange,
    /// The range it covers (the whole file for a global one).
    pub scope: TextRange,
}

/// Every suppression of one file.
#[derive(Clone, Debug, Default)]
pub struct Suppressions {
    pub entries: Vec<Suppression>,
}

impl Suppressions {
    /// Reads the suppressions of a file of `len` bytes from its comments.
    pub fn collect<'a>(
        language: Language,
        len: u32,
        comments: impl IntoIterator<Item = CommentSite<'a>>,
    ) -> Suppressions {
        let entries = comments
            .into_iter()
            .filter_map(|site| {
                let parsed = parse_comment(site.text, language)?;
                let scope = if parsed.global { TextRange::new(0, len) } else { site.next? };
                Some(Suppression {
                    dialect: parsed.dialect,
                    global: parsed.global,
                    rules: parsed.rules,
                    unknown: parsed.unknown,
                    reason: parsed.reason,
                    range: site.range,
                    scope,
                })
            })
            .collect();
        Suppressions { entries }
    }

    /// The suppression that covers a diagnostic, if any: a diagnostic is
    /// covered when it starts inside the scope.
    pub fn covering(&self, diagnostic: &Diagnostic) -> Option<&Suppression> {
        self.entries.iter().find(|entry| {
            entry.rules.iter().any(|rule| std::ptr::eq(*rule, diagnostic.rule))
                && (entry.global
                    || entry.scope.contains(diagnostic.range.start)
                    || entry.scope.start == diagnostic.range.start)
        })
    }
}

struct ParsedComment {
    dialect: Dialect,
    global: bool,
    rules: Vec<&'static RuleMeta>,
    unknown: Vec<String>,
    reason: Option<String>,
}

/// Reads `# dockwarden [global] ignore=A,B -- reason` or the hadolint form.
fn parse_comment(text: &str, language: Language) -> Option<ParsedComment> {
    let body = text.trim_start().strip_prefix('#')?.trim_start();
    let (dialect, rest) = if let Some(rest) = strip_word(body, "dockwarden") {
        (Dialect::Dockwarden, rest)
    } else if let Some(rest) = strip_word(body, "hadolint") {
        (Dialect::Hadolint, rest)
    } else {
        return None;
    };
    let (global, rest) = match strip_word(rest, "global") {
        Some(rest) => (true, rest),
        None => (false, rest),
    };
    let rest = rest.strip_prefix("ignore")?.trim_start().strip_prefix('=')?.trim_start();
    let (list, reason) = match rest.split_once("--") {
        Some((list, reason)) => (list, Some(reason.trim().to_owned()).filter(|r| !r.is_empty())),
        None => (rest, None),
    };
    // The list ends at the first blank that does not follow a comma.
    let list = list.trim_end();
    let mut rules = Vec::new();
    let mut unknown = Vec::new();
    for code in list.split(',').map(str::trim).filter(|code| !code.is_empty()) {
        let code = code.split_whitespace().next().unwrap_or(code);
        let found: Vec<&'static RuleMeta> = match dialect {
            Dialect::Dockwarden => registry::find(code)
                .map(|id| registry::rule(id).meta)
                .filter(|meta| meta.language == language)
                .into_iter()
                .collect(),
            Dialect::Hadolint => registry::hadolint_alias(code, language),
        };
        if found.is_empty() {
            unknown.push(code.to_owned());
        }
        rules.extend(found);
    }
    Some(ParsedComment { dialect, global, rules, unknown, reason })
}

/// `text` without a leading `word` followed by a blank, trimmed.
fn strip_word<'a>(text: &'a str, word: &str) -> Option<&'a str> {
    let rest = text.strip_prefix(word)?;
    if rest.starts_with([' ', '\t']) { Some(rest.trim_start()) } else { None }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> ParsedComment {
        parse_comment(text, Language::Dockerfile).expect("a suppression")
    }

    #[test]
    fn dockwarden_next_line_with_reason() {
        let parsed = parse("# dockwarden ignore=DF001, final-user-is-root -- builder runs as root");
        assert_eq!(parsed.dialect, Dialect::Dockwarden);
        assert!(!parsed.global);
        assert_eq!(parsed.rules.len(), 2);
        assert_eq!(parsed.reason.as_deref(), Some("builder runs as root"));
    }

    #[test]
    fn hadolint_aliases_and_global() {
        let parsed = parse("# hadolint global ignore=DL3002,DL9999");
        assert!(parsed.global);
        assert_eq!(parsed.rules[0].code, "DF001");
        assert_eq!(parsed.unknown, ["DL9999"]);
    }

    #[test]
    fn codes_of_the_other_language_are_unknown() {
        let parsed = parse("# dockwarden ignore=CP001");
        assert!(parsed.rules.is_empty());
        assert_eq!(parsed.unknown, ["CP001"]);
    }

    #[test]
    fn ordinary_comments_are_not_suppressions() {
        for text in
            ["# install deps", "# dockwardenignore=DF001", "# dockwarden ignores=DF001", "#"]
        {
            assert!(parse_comment(text, Language::Dockerfile).is_none(), "{text}");
        }
    }
}
