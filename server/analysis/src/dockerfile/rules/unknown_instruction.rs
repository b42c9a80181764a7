//! DF101 `unknown-instruction`.

use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Fix};
use crate::dockerfile::DockerfileContext;
use crate::dockerfile::syntax::Keyword;
use crate::spelling;
use crate::text::TextEdit;

declare_rule! {
    /// A line starts with a word that is not a Dockerfile instruction.
    ///
    /// BuildKit's parser lets it through and the build then fails; in an
    /// editor the typo deserves to be seen as it is typed. When a known
    /// instruction is close, the message and the quick fix name it.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RNU apk add --no-cache curl
    /// #^^ DF101: did you mean `RUN`
    /// ```
    ///
    /// Instructions are read in any case:
    ///
    /// ```dockerfile
    /// from alpine:3.20
    /// run apk add --no-cache curl
    /// ```
    pub static META = {
        code: "DF101",
        name: "unknown-instruction",
        language: Dockerfile,
        severity: High,
        practice: Correctness,
        fix: Unsafe,
        hadolint: [],
    }
}

pub fn check(context: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    for instruction in context.model.instructions_and_triggers() {
        if instruction.keyword() != Keyword::Unknown {
            continue;
        }
        let written = instruction.keyword_text();
        let names = Keyword::ALL.iter().map(|keyword| keyword.as_str());
        let suggestion = spelling::nearest(written, names);
        let range = instruction.keyword_range();
        let diagnostic = match suggestion {
            Some(keyword) => Diagnostic::new(
                &META,
                range,
                format!("`{written}` is not a Dockerfile instruction; did you mean `{keyword}`?"),
            )
            .with_fix(Fix::unsafe_(
                format!("Change to `{keyword}`"),
                vec![TextEdit::replace(range, keyword)],
            )),
            None => Diagnostic::new(
                &META,
                range,
                format!("`{written}` is not a Dockerfile instruction"),
            ),
        };
        out.push(diagnostic);
    }
}

crate::fixture_test!("unknown-instruction.Dockerfile");
