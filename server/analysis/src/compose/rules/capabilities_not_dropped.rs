//! CP002: a service keeps Docker's default capabilities.

use crate::compose::ComposeContext;
use crate::compose::edit::{Insertion, Style, append_item, insert_key};
use crate::diagnostic::{Diagnostic, Fix};

crate::declare_rule! {
    /// A service does not drop all capabilities with `cap_drop: [ALL]`.
    ///
    /// Docker gives every container a default set of Linux capabilities
    /// (`CHOWN`, `DAC_OVERRIDE`, `FOWNER`, `SETUID`, `SETGID`, `NET_RAW`,
    /// `MKNOD` and more) that most services never use and that an attacker
    /// inside the container uses to escalate. Dropping them all and adding
    /// back the few a service needs with `cap_add` is the least-privilege
    /// default.
    ///
    /// The finding sits on the service's name, like the other hardening
    /// rules. Services that extend another service in this file are read
    /// through it; services extending another file, and fragments without
    /// `image`, `build` or `extends` (override files), are left alone.
    ///
    /// ## Fix
    /// Add `cap_drop: [ALL]` to the service, in the file's own style, and
    /// keep any `cap_add` the service has. Unsafe: an image that changes
    /// file owners or users at start-up may need `CHOWN`, `SETUID` or
    /// `SETGID` back in `cap_add`.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    /// # ^^^ CP002: cap_drop
    ///     image: nginx:1.27
    ///   api:
    ///     image: example/api:3
    ///     cap_drop: [ALL]
    ///     cap_add: [NET_BIND_SERVICE]
    /// ```
    pub static META = {
        code: "CP002",
        name: "capabilities-not-dropped",
        language: Compose,
        severity: Medium,
        practice: LimitedCapabilities,
        fix: Unsafe,
        hadolint: [],
    }
}

pub fn check(context: &ComposeContext<'_>, out: &mut Vec<Diagnostic>) {
    let tree = context.tree();
    let text = context.text();
    let mut style: Option<Style> = None;
    for service in &context.model().services {
        if !service.is_complete(tree) {
            continue;
        }
        let Some(chain) = context.file.extends_chain(service) else { continue };
        let drops_all = chain.iter().any(|link| {
            link.strings(tree, "cap_drop")
                .iter()
                .any(|cap| matches!(cap.value.to_ascii_uppercase().as_str(), "ALL" | "CAP_ALL"))
        });
        if drops_all {
            continue;
        }
        let kept: Vec<String> = chain
            .iter()
            .flat_map(|link| link.strings(tree, "cap_add"))
            .map(|cap| cap.value)
            .collect();
        let message = format!(
            "service `{}` keeps Docker's default capabilities; add `cap_drop: [ALL]` and add back only what it needs",
            service.name
        );
        let mut diagnostic =
            Diagnostic::new(&META, context.file.service_name_range(service), message);
        let style = style.get_or_insert_with(|| Style::of(text, tree));
        let appends = service.get_entry(tree, "cap_drop").is_some();
        let edit = match service.get_entry(tree, "cap_drop") {
            Some(entry) if service.owns(tree, entry) => {
                append_item(text, tree, style, entry.value, "ALL")
            }
            // A merged cap_drop: a key of the service's own would hide it.
            Some(_) => None,
            None => insert_key(
                text,
                tree,
                style,
                service.body(),
                "cap_drop",
                &Insertion::List(vec!["ALL".into()]),
            ),
        };
        if let Some(edit) = edit {
            let action = if appends { "Add `ALL` to `cap_drop`" } else { "Add `cap_drop: [ALL]`" };
            let title = if kept.is_empty() {
                format!("{action} (the service may need some capabilities back in `cap_add`)")
            } else {
                format!("{action}, keeping {} from `cap_add`", kept.join(", "))
            };
            diagnostic = diagnostic.with_fix(Fix::unsafe_(title, vec![edit]));
        }
        out.push(diagnostic);
    }
}

crate::fixture_test!("capabilities-not-dropped.yaml");
