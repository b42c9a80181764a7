//! Placeholder.

use crate::compose::ComposeContext;
use crate::diagnostic::Diagnostic;

crate::declare_rule! {
    /// Placeholder.
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

pub fn check(_context: &ComposeContext<'_>, _out: &mut Vec<Diagnostic>) {}
