//! CP001: a service runs privileged.

use crate::compose::ComposeContext;
use crate::compose::edit::remove_entry;
use crate::diagnostic::{Diagnostic, Fix};

crate::declare_rule! {
    /// A service runs with `privileged: true`.
    ///
    /// A privileged container gets every capability, every host device and
    /// no seccomp or AppArmor confinement: root in it is root on the host,
    /// one `mount` away. Almost no service needs it; those that do usually
    /// need one or two capabilities.
    ///
    /// ## Fix
    /// Remove the key and grant only what the service needs with `cap_add`
    /// (for example `NET_ADMIN` for a VPN client) and `devices`. The quick
    /// fix removes the key; it is unsafe because the service may stop
    /// working until the right capabilities are added.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   vpn:
    ///     image: example/vpn:1.4
    ///     privileged: true
    /// #   ^^^^^^^^^^^^^^^^ CP001
    ///   app:
    ///     image: example/app:2.0
    ///     privileged: false
    /// ```
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

pub fn check(context: &ComposeContext<'_>, out: &mut Vec<Diagnostic>) {
    let tree = context.tree();
    for service in &context.model().services {
        let Some(entry) = service.get_entry(tree, "privileged") else { continue };
        if !service.boolean(tree, "privileged").is_some_and(|value| value.value) {
            continue;
        }
        let message = "the service runs privileged: every capability, every host device, \
                       no confinement; grant only the capabilities it needs with `cap_add`";
        let mut diagnostic = Diagnostic::new(&META, tree.entry_range(entry), message);
        if service.owns(tree, entry)
            && let Some(edit) = remove_entry(context.text(), tree, service.body(), entry)
        {
            diagnostic = diagnostic.with_fix(Fix::unsafe_(
                "Remove `privileged: true` (the service may need specific `cap_add` entries)",
                vec![edit],
            ));
        }
        out.push(diagnostic);
    }
}

crate::fixture_test!("privileged-service.yaml");
