//! CP101: a key the Compose specification does not define at its place.

use crate::compose::ComposeContext;
use crate::compose::validate::SchemaIssue;
use crate::diagnostic::Diagnostic;

crate::declare_rule! {
    /// A key the Compose specification does not define at this place.
    ///
    /// Docker Compose refuses unknown keys, and a misspelt security key is
    /// worse than a missing one: `privilaged: false` or `read_olny: true`
    /// reads like a decision while nothing is applied. The message names the
    /// nearest key when one is close. Extension keys starting with `x-` are
    /// allowed wherever the specification allows them (the top level,
    /// services, networks, volumes, secrets, configs and most nested
    /// mappings).
    ///
    /// ## Fix
    /// Correct the spelling, move the key to where it belongs, or prefix it
    /// with `x-` to keep it as an extension.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx
    ///     read_olny: true
    /// #   ^^^^^^^^^ CP101: did you mean `read_only`
    ///     x-owner: web-team
    /// ```
    pub static META = {
        code: "CP101",
        name: "unknown-key",
        language: Compose,
        severity: Medium,
        practice: Correctness,
        fix: None,
        hadolint: [],
    }
}

pub fn check(context: &ComposeContext<'_>, out: &mut Vec<Diagnostic>) {
    for issue in &context.file.schema_issues {
        if let SchemaIssue::UnknownKey { range, key, place, suggestion } = issue {
            let mut message = format!("`{key}` is not a Compose key in {place}");
            if let Some(suggestion) = suggestion {
                message.push_str(&format!("; did you mean `{suggestion}`?"));
            }
            out.push(Diagnostic::new(&META, *range, message));
        }
    }
}

crate::fixture_test!("unknown-key.yaml");
