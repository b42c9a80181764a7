//! CP103: a name that refers to nothing declared.

use crate::compose::ComposeContext;
use crate::compose::model::{Declared, MountKind, Reference, string};
use crate::diagnostic::Diagnostic;

crate::declare_rule! {
    /// A service, network, volume, secret or config is used but not declared.
    ///
    /// Docker Compose refuses a project whose services refer to names it
    /// does not declare. A typo in `depends_on`, `networks`, a named volume,
    /// `secrets` or `configs` is caught before `docker compose up` fails, and
    /// the message offers the nearest declared name.
    ///
    /// A volume entry whose source is a path (`./data`, `/srv`, `~/x`) is a
    /// bind mount, not a named volume, and needs no declaration. A file that
    /// includes other files, or whose services are fragments without
    /// `image`, `build` or `extends` (an override file), may get its names
    /// from elsewhere: this rule stays silent there.
    ///
    /// ## Fix
    /// Correct the name, or declare it in the top-level section.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx
    ///     depends_on: [dbb]
    /// #                ^^^ CP103: did you mean `db`
    ///     volumes:
    ///       - ./site:/usr/share/nginx/html:ro
    ///       - cache:/var/cache/nginx
    /// #       ^^^^^ CP103
    ///   db:
    ///     image: postgres:17
    /// ```
    pub static META = {
        code: "CP103",
        name: "undefined-reference",
        language: Compose,
        severity: High,
        practice: Correctness,
        fix: None,
        hadolint: [],
    }
}

pub fn check(context: &ComposeContext<'_>, out: &mut Vec<Diagnostic>) {
    let tree = context.tree();
    let model = context.model();
    let standalone =
        model.includes.is_empty() && model.services.iter().all(|service| service.is_complete(tree));
    if !standalone {
        return;
    }
    let mut report = |reference: &Reference, what: &str, declared: &[&str]| {
        if declared.contains(&reference.name.as_str()) {
            return;
        }
        let mut message = format!("`{}` is not a declared {what}", reference.name);
        if let Some(nearest) = crate::spelling::nearest(&reference.name, declared.iter().copied()) {
            message.push_str(&format!("; did you mean `{nearest}`?"));
        }
        out.push(Diagnostic::new(&META, reference.range, message));
    };
    let names =
        |section: &[Declared]| -> Vec<String> { section.iter().map(|d| d.name.clone()).collect() };
    let (networks, volumes, secrets, configs) = (
        names(&model.networks),
        names(&model.volumes),
        names(&model.secrets),
        names(&model.configs),
    );
    let services: Vec<String> = model.services.iter().map(|s| s.name.clone()).collect();
    let mut networks_and_default = networks.clone();
    networks_and_default.push("default".to_owned());

    for service in &model.services {
        for reference in service.depends_on(tree) {
            report(&reference, "service", &refs(&services));
        }
        for reference in service.networks(tree) {
            report(&reference, "network", &refs(&networks_and_default));
        }
        for reference in service.secrets(tree) {
            report(&reference, "secret", &refs(&secrets));
        }
        if let Some(build) = service.build(tree) {
            for reference in build.secrets {
                report(&reference, "secret", &refs(&secrets));
            }
        }
        for reference in service.configs(tree) {
            report(&reference, "config", &refs(&configs));
        }
        for mount in service.volumes(tree) {
            if mount.kind != MountKind::Volume {
                continue;
            }
            let (Some(source), Some(value)) = (&mount.source, &mount.source_value) else {
                continue;
            };
            if value != &source.value {
                continue; // named through a variable's default: leave it
            }
            let reference = Reference { name: value.clone(), range: source.range };
            report(&reference, "volume", &refs(&volumes));
        }
        if let Some(extends) = service.extends(tree)
            && extends.file.is_none()
        {
            let reference = Reference { name: extends.service.value, range: extends.service.range };
            report(&reference, "service", &refs(&services));
        }
        for entry in service.strings(tree, "volumes_from") {
            let name = entry.value.strip_prefix("service:").unwrap_or(&entry.value);
            if entry.value.starts_with("container:") {
                continue;
            }
            let name = name.split(':').next().unwrap_or(name);
            report(
                &Reference { name: name.to_owned(), range: entry.range },
                "service",
                &refs(&services),
            );
        }
        for key in ["network_mode", "pid", "ipc"] {
            let Some(value) = service.get(tree, key).and_then(|node| string(tree, node)) else {
                continue;
            };
            if let Some(name) = value.value.strip_prefix("service:") {
                let reference = Reference { name: name.to_owned(), range: value.range };
                report(&reference, "service", &refs(&services));
            }
        }
    }
}

/// The names as `&str`, for lookups and did-you-mean.
fn refs(list: &[String]) -> Vec<&str> {
    list.iter().map(String::as_str).collect()
}

crate::fixture_test!("undefined-reference.yaml");
