//! CP012: a container-runtime socket, its directory, or `/` is mounted.

use crate::compose::ComposeContext;
use crate::compose::model::MountKind;
use crate::diagnostic::Diagnostic;

crate::declare_rule! {
    /// A container-runtime socket, the directory that holds it, or the host's
    /// `/` is mounted into a service.
    ///
    /// Whoever can talk to the Docker, containerd, Podman or CRI-O socket
    /// can start a privileged container that mounts the host's disk: the
    /// socket is root on the host. Mounting it read-only (`:ro`) does not
    /// help, because talking to a socket is not writing to a file. Mounting
    /// `/var/run`, `/run` or `/` brings the sockets along. `use_api_socket:
    /// true` mounts the Docker socket too.
    ///
    /// Sockets are recognised by name wherever they are (`docker.sock`,
    /// `containerd.sock`, `podman.sock`, `crio.sock`), including rootless
    /// sockets under `/run/user/<uid>` and the Windows pipe
    /// `//./pipe/docker_engine`. The Docker client's configuration
    /// (`~/.docker`) holds credentials, not a socket: CP014 covers it.
    ///
    /// ## Fix
    /// Remove the mount. A service that must watch containers (a reverse
    /// proxy, a dashboard) can talk to a filtering socket proxy such as
    /// `tecnativa/docker-socket-proxy`, which allows read-only API calls and
    /// nothing else. There is no automatic fix.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   proxy:
    ///     image: traefik:v3.1
    ///     volumes:
    ///       - /var/run/docker.sock:/var/run/docker.sock:ro
    /// #       ^^^^^^^^^^^^^^^^^^^^ CP012: socket proxy
    ///       - ./traefik.yml:/etc/traefik/traefik.yml:ro
    /// ```
    pub static META = {
        code: "CP012",
        name: "runtime-socket-mounted",
        language: Compose,
        severity: Critical,
        practice: NoSensitiveHostPaths,
        fix: None,
        hadolint: [],
    }
}

const PROXY_ADVICE: &str = "mounting it read-only does not help; use a filtering socket proxy (such as tecnativa/docker-socket-proxy) if the service must see containers";

pub fn check(context: &ComposeContext<'_>, out: &mut Vec<Diagnostic>) {
    let tree = context.tree();
    for service in &context.model().services {
        for mount in service.volumes(tree) {
            if !matches!(mount.kind, MountKind::Bind | MountKind::Npipe | MountKind::Unknown) {
                continue;
            }
            let Some(source) = &mount.source else { continue };
            let path = mount.source_value.as_deref().unwrap_or(&source.value);
            let Some(what) = exposed(path) else { continue };
            let message = format!(
                "`{}` mounts {what} into the container: that is root on the host; {PROXY_ADVICE}",
                source.value
            );
            out.push(Diagnostic::new(&META, source.range, message));
        }
        if let Some(flag) = service.boolean(tree, "use_api_socket")
            && flag.value
        {
            let message = format!(
                "`use_api_socket: true` mounts the Docker socket into the container: that is root on the host; {PROXY_ADVICE}"
            );
            let entry = service.get_entry(tree, "use_api_socket").map(|e| tree.entry_range(e));
            out.push(Diagnostic::new(&META, entry.unwrap_or(flag.range), message));
        }
    }
}

/// What a host path exposes, when it is a runtime socket, a directory that
/// holds one, or the root.
fn exposed(path: &str) -> Option<&'static str> {
    let normalized = path.replace('\\', "/");
    let trimmed = normalized.trim_end_matches('/');
    if trimmed.is_empty() && normalized.starts_with('/') {
        return Some("the host's whole filesystem");
    }
    let lower = trimmed.to_ascii_lowercase();
    let name = lower.rsplit('/').next().unwrap_or(&lower);
    if matches!(
        name,
        "docker.sock"
            | "containerd.sock"
            | "podman.sock"
            | "crio.sock"
            | "cri-dockerd.sock"
            | "dockershim.sock"
    ) {
        return Some("a container-runtime socket");
    }
    if lower.ends_with("/pipe/docker_engine") {
        return Some("the Docker engine's named pipe");
    }
    let socket_directories = [
        "/run",
        "/var/run",
        "/run/docker",
        "/var/run/docker",
        "/run/containerd",
        "/var/run/containerd",
        "/run/podman",
        "/var/run/podman",
        "/run/crio",
        "/var/run/crio",
    ];
    if socket_directories.contains(&lower.as_str()) {
        return Some("a directory holding container-runtime sockets");
    }
    // Rootless runtimes keep their sockets in the user's runtime directory.
    let rootless = lower
        .strip_prefix("/run/user/")
        .or_else(|| lower.strip_prefix("/var/run/user/"))
        .map(|rest| rest.split('/').collect::<Vec<_>>());
    if let Some(parts) = rootless
        && parts
            .first()
            .is_some_and(|uid| !uid.is_empty() && uid.bytes().all(|b| b.is_ascii_digit()))
        && (parts.len() == 1
            || (parts.len() == 2 && matches!(parts[1], "docker" | "podman" | "containerd")))
    {
        return Some("a rootless container runtime's socket directory");
    }
    None
}

crate::fixture_test!("runtime-socket-mounted.yaml");
