//! Placeholder.

use crate::compose::ComposeContext;
use crate::diagnostic::Diagnostic;

crate::declare_rule! {
    /// Placeholder.
    pub static META = {
        code: "CP001",
        name: "privileged-service",
        language: Compose,
        severity: Critical,
        practice: LimitedCapabilities,
        fix: Unsafe,
        hadolint: [],
    }
}

pub fn check(_context: &ComposeContext<'_>, _out: &mut Vec<Diagnostic>) {}
