//! DF104 `instruction-before-from`.

use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::dockerfile::DockerfileContext;
use crate::dockerfile::syntax::Keyword;

declare_rule! {
    /// An instruction comes before the first `FROM`, or there is no `FROM`.
    ///
    /// Only `ARG` (and comments and parser directives) may come before the
    /// first `FROM`; anything else fails the build. A file with instructions
    /// but no `FROM` builds nothing.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// ARG VERSION=3.20
    /// RUN echo too early
    /// #^^^^^^^^^^^^^^^^^ DF104
    /// FROM alpine:${VERSION}
    /// ```
    ///
    /// ```dockerfile
    /// ARG VERSION=3.20
    /// FROM alpine:${VERSION}
    /// RUN echo fine
    /// ```
    pub static META = {
        code: "DF104",
        name: "instruction-before-from",
        language: Dockerfile,
        severity: High,
        practice: Correctness,
        fix: None,
        hadolint: [],
    }
}

pub fn check(context: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    let has_from = !context.model.stages.is_empty();
    for instruction in &context.model.instructions {
        match instruction.keyword() {
            Keyword::From => break,
            Keyword::Arg => {}
            // An unknown word is DF101's; do not pile on.
            Keyword::Unknown => {}
            keyword => {
                let message = if has_from {
                    format!("`{}` comes before the first FROM; only ARG may", keyword.as_str())
                } else {
                    format!("`{}` has no stage to run in: the file has no FROM", keyword.as_str())
                };
                out.push(Diagnostic::new(&META, instruction.header_range(), message));
            }
        }
    }
}

crate::fixture_test!("instruction-before-from.Dockerfile");
