//! CP027: a published port listens on every interface of the host.

use crate::compose::ComposeContext;
use crate::compose::edit::{Insertion, Style, insert_key};
use crate::compose::model::{HostIp, Port, PortSyntax, Service, scalar_content_offset};
use crate::compose::yaml::YamlTree;
use crate::diagnostic::{Diagnostic, Fix};
use crate::text::{TextEdit, TextRange};

crate::declare_rule! {
    /// A published port is bound to all interfaces of the host.
    ///
    /// `ports: ["8080:80"]` listens on every address of the host, public
    /// ones included, and Docker writes its own firewall rules ahead of the
    /// host's, so `ufw` or `firewalld` do not stop it. A port meant for the
    /// developer's browser or for a local reverse proxy should listen on
    /// `127.0.0.1` only. A host IP of `0.0.0.0` or `::` says "all interfaces"
    /// explicitly and is reported the same way.
    ///
    /// Ports 80 and 443 of a reverse proxy or web server are the intended
    /// public entry and are not reported: an image named for one (nginx,
    /// caddy, traefik, haproxy, httpd, apache, envoy, and the web apps
    /// wordpress and nextcloud, tag included: `php:8-apache`), or a service
    /// or build directory named so, or `proxy`, `web`, `frontend`, `gateway`.
    ///
    /// ## Fix
    /// Bind the port to the loopback interface: `127.0.0.1:8080:80`, or
    /// `host_ip: 127.0.0.1` in the long syntax. Unsafe: other machines can
    /// no longer reach the port.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   api:
    ///     image: example/api:3
    ///     ports:
    ///       - "8080:8080"
    /// #       ^^^^^^^^^^^ CP027
    ///       - "127.0.0.1:9090:9090"
    ///   web:
    ///     image: nginx:1.27
    ///     ports: ["80:80", "443:443"]
    /// ```
    pub static META = {
        code: "CP027",
        name: "port-bound-to-all-interfaces",
        language: Compose,
        severity: Medium,
        practice: NoUnusedExposedPorts,
        fix: Unsafe,
        hadolint: [],
    }
}

/// Words that mark a reverse proxy or web server in an image name or tag.
const WEB_SERVER_IMAGES: [&str; 9] =
    ["nginx", "caddy", "traefik", "haproxy", "httpd", "apache", "envoy", "wordpress", "nextcloud"];

/// Words that mark one in a service name or build directory, where the
/// image is built locally and its name says nothing.
const WEB_SERVER_NAMES: [&str; 4] = ["proxy", "web", "frontend", "gateway"];

pub fn check(context: &ComposeContext<'_>, out: &mut Vec<Diagnostic>) {
    let tree = context.tree();
    let mut style: Option<Style> = None;
    for service in &context.model().services {
        if service.string(tree, "network_mode").is_some_and(|mode| mode.value == "host") {
            continue; // ports are not published in host mode (CP024 covers it)
        }
        let web_server = is_web_server(tree, service);
        for port in service.ports(tree) {
            let all_interfaces = match port.host_ip() {
                HostIp::Absent => true,
                HostIp::Known(ip) => matches!(ip.as_str(), "0.0.0.0" | "::" | "[::]"),
                HostIp::Unknown => false,
            };
            if !all_interfaces {
                continue;
            }
            let entry_port = port.published().or_else(|| container_port(tree, &port));
            if web_server && matches!(entry_port.as_deref(), Some("80" | "443")) {
                continue;
            }
            let range = report_range(tree, &port);
            let shown = range.slice(context.text()).trim_matches(['"', '\'']);
            let message = format!(
                "`{shown}` is published on all interfaces of the host; bind it to 127.0.0.1 unless other machines must reach it"
            );
            let mut diagnostic = Diagnostic::new(&META, range, message);
            let style = style.get_or_insert_with(|| Style::of(context.text(), tree));
            if let Some(edit) = loopback_edit(context, style, &port) {
                let address = if edit.new_text.contains("::1") { "::1" } else { "127.0.0.1" };
                diagnostic = diagnostic.with_fix(Fix::unsafe_(
                    format!("Bind to {address} (other machines can no longer reach the port)"),
                    vec![edit],
                ));
            }
            out.push(diagnostic);
        }
    }
}

fn container_port(tree: &YamlTree, port: &Port) -> Option<String> {
    match &port.syntax {
        PortSyntax::Number => tree.str(port.node).map(str::to_owned),
        PortSyntax::Short { text, parsed: Some(parsed), .. } => {
            Some(text[parsed.container_port.clone()].to_owned())
        }
        PortSyntax::Long { .. } => {
            tree.get(port.node, "target").and_then(|t| tree.str(t)).map(str::to_owned)
        }
        PortSyntax::Short { parsed: None, .. } => None,
    }
}

/// Where the finding sits: the short form as written, or the long form's
/// `published` (else `target`) value.
fn report_range(tree: &YamlTree, port: &Port) -> TextRange {
    match &port.syntax {
        PortSyntax::Long { published, host_ip } => host_ip
            .as_ref()
            .map(|ip| ip.range)
            .or(published.as_ref().map(|published| published.range))
            .or_else(|| tree.get(port.node, "target").map(|target| tree.range(target)))
            .unwrap_or_else(|| tree.range(port.node)),
        _ => tree.range(tree.resolve(port.node)),
    }
}

/// Whether the service is a reverse proxy or web server, whose 80 and 443
/// are meant to be public.
fn is_web_server(tree: &YamlTree, service: &Service) -> bool {
    let has_word = |text: &str, extra: &[&str]| -> bool {
        text.to_ascii_lowercase()
            .split(['/', '-', '_', '.', ':', '@'])
            .any(|word| WEB_SERVER_IMAGES.contains(&word) || extra.contains(&word))
    };
    let image = service.image(tree).map(|image| {
        // The repository's last component and the tag: `php:8-apache`.
        let without_digest = image.value.split('@').next().unwrap_or_default().to_owned();
        without_digest.rsplit('/').next().unwrap_or_default().to_owned()
    });
    let context = service.build(tree).and_then(|build| build.context).map(|context| {
        context.value.trim_end_matches('/').rsplit('/').next().unwrap_or_default().to_owned()
    });
    image.as_deref().is_some_and(|image| has_word(image, &[]))
        || context.as_deref().is_some_and(|context| has_word(context, &WEB_SERVER_NAMES))
        || has_word(&service.name, &WEB_SERVER_NAMES)
}

/// The edit that binds the port to the loopback address, in the form the
/// user wrote it.
fn loopback_edit(context: &ComposeContext<'_>, style: &Style, port: &Port) -> Option<TextEdit> {
    let tree = context.tree();
    if tree.resolve(port.node) != port.node {
        return None; // an alias: editing the anchor would change other uses
    }
    let range = tree.range(port.node);
    match &port.syntax {
        PortSyntax::Number => {
            let number = tree.str(port.node)?;
            Some(TextEdit::replace(range, format!("\"127.0.0.1::{number}\"")))
        }
        PortSyntax::Short { text, parsed, interpolated } => {
            let offset = scalar_content_offset(tree, port.node)?;
            let start = range.start + offset;
            match parsed.as_ref()?.host_ip.clone() {
                None => Some(TextEdit::insert(start, "127.0.0.1:")),
                Some(ip) if !interpolated => {
                    let loopback = if text[ip.clone()].contains(':') {
                        if text[ip.clone()].starts_with('[') { "[::1]" } else { "::1" }
                    } else {
                        "127.0.0.1"
                    };
                    let ip = TextRange::new(start + ip.start as u32, start + ip.end as u32);
                    Some(TextEdit::replace(ip, loopback))
                }
                Some(_) => None,
            }
        }
        PortSyntax::Long { host_ip: Some(ip), .. } => {
            Some(TextEdit::replace(ip.range, "127.0.0.1"))
        }
        PortSyntax::Long { host_ip: None, .. } => insert_key(
            context.text(),
            tree,
            style,
            port.node,
            "host_ip",
            &Insertion::Scalar("127.0.0.1".into()),
        ),
    }
}

crate::fixture_test!("port-bound-to-all-interfaces.yaml");
