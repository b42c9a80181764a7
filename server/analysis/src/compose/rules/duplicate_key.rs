//! CP104: a mapping key given twice.

use crate::compose::ComposeContext;
use crate::diagnostic::Diagnostic;

crate::declare_rule! {
    /// A mapping key is given twice.
    ///
    /// YAML forbids two equal keys in one mapping, and Docker Compose
    /// refuses the file. Other tools silently keep one of the two values, so
    /// a file that looks fine in one place runs with a different setting in
    /// another: a second `environment:` or `ports:` under the same service is
    /// the classic way a hardening setting quietly disappears.
    ///
    /// ## Fix
    /// Merge the two entries into one, or remove the one that is not meant.
    /// Merge keys (`<<: *base`) are not duplicates: the service's own keys
    /// override what they bring.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx
    ///     read_only: true
    ///     read_only: false
    /// #   ^^^^^^^^^ CP104
    /// ```
    pub static META = {
        code: "CP104",
        name: "duplicate-key",
        language: Compose,
        severity: High,
        practice: Correctness,
        fix: None,
        hadolint: [],
    }
}

pub fn check(context: &ComposeContext<'_>, out: &mut Vec<Diagnostic>) {
    let tree = context.tree();
    for duplicate in &tree.duplicate_keys {
        let key = tree.str(duplicate.duplicate).unwrap_or_default();
        let message = format!("`{key}` is already given in this mapping; Compose refuses the file");
        out.push(
            Diagnostic::new(&META, tree.range(duplicate.duplicate), message)
                .with_related(tree.range(duplicate.first), format!("`{key}` is first given here")),
        );
    }
}

crate::fixture_test!("duplicate-key.yaml");
