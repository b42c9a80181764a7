//! CP100: the YAML does not parse.

use crate::compose::ComposeContext;
use crate::diagnostic::Diagnostic;

crate::declare_rule! {
    /// The file is not valid YAML.
    ///
    /// Docker Compose refuses a file it cannot read, and every other rule
    /// stays blind to what lies past the error. The error is reported at the
    /// character where the YAML reader gave up, which is usually where the
    /// mistake is or just after it: a missing colon, a tab in the
    /// indentation, an unclosed quote or bracket, a key indented one space
    /// off.
    ///
    /// ## Fix
    /// Correct the syntax at the marked place. Until the file parses again,
    /// editors keep showing the last findings of the other rules.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx
    ///     ports: [80, 443
    ///   db:
    /// #   ^ CP100
    /// ```
    pub static META = {
        code: "CP100",
        name: "yaml-syntax-error",
        language: Compose,
        severity: High,
        practice: Correctness,
        fix: None,
        hadolint: [],
    }
}

pub fn check(context: &ComposeContext<'_>, out: &mut Vec<Diagnostic>) {
    for error in &context.tree().errors {
        let message = format!("YAML syntax error: {}", error.message);
        out.push(Diagnostic::new(&META, error.range, message));
    }
}

crate::fixture_test!("yaml-syntax-error.yaml");
