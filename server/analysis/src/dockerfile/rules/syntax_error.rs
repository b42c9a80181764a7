//! Placeholder.

use crate::diagnostic::Diagnostic;
use crate::dockerfile::DockerfileContext;

crate::declare_rule! {
    /// Placeholder.
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

pub fn check(_context: &DockerfileContext<'_>, _out: &mut Vec<Diagnostic>) {}
