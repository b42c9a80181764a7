//! Placeholder.

use crate::diagnostic::Diagnostic;
use crate::dockerfile::DockerfileContext;

crate::declare_rule! {
    /// Placeholder.
    pub static META = {
        code: "DF001",
        name: "final-user-is-root",
        language: Dockerfile,
        severity: High,
        practice: NeverRunAsRoot,
        fix: Unsafe,
        hadolint: [],
    }
}

pub fn check(_context: &DockerfileContext<'_>, _out: &mut Vec<Diagnostic>) {}
