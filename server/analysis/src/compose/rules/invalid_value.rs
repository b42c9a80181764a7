//! CP102: a value of the wrong type or format.

use crate::compose::ComposeContext;
use crate::compose::validate::SchemaIssue;
use crate::diagnostic::Diagnostic;

crate::declare_rule! {
    /// A value of the wrong type or format.
    ///
    /// Docker Compose refuses a file whose values it cannot read: `cpus:
    /// lots`, a port mapping that is not one, a duration without a unit, a
    /// size it cannot parse, `user: 1000` where a string is required. A
    /// limit that does not parse is also a limit that does not apply.
    ///
    /// Interpolated values follow Compose: `${VAR}` and `${VAR:?err}` are
    /// known only at run time and are never reported; `${VAR:-default}` is
    /// checked through its default.
    ///
    /// ## Fix
    /// Write the value in the format the message names: quote numbers that
    /// must be strings (`user: "1000"`), give durations a unit (`30s`), sizes
    /// a suffix (`512m`).
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx
    ///     cpus: lots
    /// #         ^^^^ CP102: must be a number
    ///     mem_limit: ${MEMORY:-512m}
    ///     pids_limit: ${PIDS}
    /// ```
    pub static META = {
        code: "CP102",
        name: "invalid-value",
        language: Compose,
        severity: High,
        practice: Correctness,
        fix: None,
        hadolint: [],
    }
}

pub fn check(context: &ComposeContext<'_>, out: &mut Vec<Diagnostic>) {
    for issue in &context.file.schema_issues {
        if let SchemaIssue::InvalidValue { range, message } = issue {
            out.push(Diagnostic::new(&META, *range, message.clone()));
        }
    }
}

crate::fixture_test!("invalid-value.yaml");
