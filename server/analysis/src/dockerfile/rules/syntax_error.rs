//! DF100 `syntax-error`.

use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::dockerfile::DockerfileContext;

declare_rule! {
    /// The Dockerfile does not parse the way it reads.
    ///
    /// Reported for what BuildKit rejects (an unterminated heredoc, a JSON
    /// array with something other than strings, `ENV` without a value, a
    /// malformed or repeated parser directive) and for what it silently
    /// accepts but almost certainly is a mistake: text after an exec-form
    /// JSON array, which Docker ignores, and a line continuation at the end
    /// of the file. The parser recovers at the next instruction, so the rest
    /// of the file is still checked; a security linter that stays silent on
    /// a broken file would mislead.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// FROM alpine:3.20
    /// CMD ["serve", 8080]
    /// #   ^^^^^^^^^^^^^^^ DF100
    /// ```
    ///
    /// ```dockerfile
    /// FROM alpine:3.20
    /// CMD ["serve", "8080"]
    /// ```
    pub static META = {
        code: "DF100",
        name: "syntax-error",
        language: Dockerfile,
        severity: High,
        practice: Correctness,
        fix: None,
        hadolint: [],
    }
}

pub fn check(context: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    out.extend(
        context.parse.errors().map(|error| Diagnostic::new(&META, error.range, error.message)),
    );
}

crate::fixture_test!("syntax-error.Dockerfile");
