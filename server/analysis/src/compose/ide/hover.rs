//! What Compose keys mean and what to watch for: the texts hover shows.

use super::place_at;
use crate::compose::ComposeFile;
use crate::ide::Hover;

/// (key, meaning, security note) for the keys of a service.
pub const SERVICE_KEYS: &[(&str, &str, &str)] = &[
    ("image", "The image the service runs.", "Pin a version (better, a digest); never `latest`."),
    (
        "build",
        "How to build the service's image: a context folder, or `context`, `dockerfile`, `args`, `target`.",
        "Build arguments end up in the image history: pass secrets with `build.secrets`.",
    ),
    (
        "privileged",
        "Runs the container with every capability and access to all host devices.",
        "A privileged container is root on the host in all but name: avoid it.",
    ),
    (
        "cap_add",
        "Linux capabilities to add to the container's default set.",
        "Each added capability widens what an attacker can do; `SYS_ADMIN`, `NET_ADMIN` and `SYS_PTRACE` are the most dangerous.",
    ),
    (
        "cap_drop",
        "Linux capabilities to remove.",
        "Drop `ALL` and add back only what the process needs.",
    ),
    (
        "read_only",
        "Mounts the container's root filesystem read-only.",
        "Stops malware from persisting in the container; give writable paths with `tmpfs` or volumes.",
    ),
    ("user", "The user (and group) the container's process runs as.", "Run as a non-root user."),
    (
        "security_opt",
        "Security options: `no-new-privileges:true`, seccomp and AppArmor profiles.",
        "`no-new-privileges:true` stops setuid binaries from raising privileges; never `seccomp:unconfined`.",
    ),
    (
        "network_mode",
        "The network stack: `bridge`, `host`, `none`, `service:NAME` or `container:NAME`.",
        "`host` shares the host's network stack, ports and all.",
    ),
    (
        "pid",
        "The PID namespace: `host` shares the host's processes.",
        "`pid: host` lets the container see and signal every host process.",
    ),
    (
        "ipc",
        "The IPC namespace: `shareable`, `host`, `service:NAME`.",
        "`ipc: host` shares the host's shared memory.",
    ),
    (
        "userns_mode",
        "The user namespace; `host` turns user-namespace remapping off.",
        "Keep user namespaces on where the daemon remaps users.",
    ),
    (
        "ports",
        "Ports to publish on the host: `HOST:CONTAINER` or the long syntax.",
        "Without a host IP, a port listens on every interface; bind to `127.0.0.1` for local-only services.",
    ),
    (
        "expose",
        "Ports reachable by other services, not published on the host.",
        "Expose only what other services use.",
    ),
    (
        "volumes",
        "Mounts: named volumes, host paths (bind mounts), `tmpfs`.",
        "Never mount the Docker socket or sensitive host paths (`/`, `/etc`, `/proc`); mount read-only with `:ro` where you can.",
    ),
    (
        "devices",
        "Host devices to make available in the container.",
        "A device gives direct access to host hardware.",
    ),
    (
        "environment",
        "Environment variables, as a list or a mapping.",
        "Variables are visible to anyone who can inspect the container: pass secrets with `secrets`.",
    ),
    (
        "env_file",
        "Files of environment variables.",
        "Keep these files out of images and version control.",
    ),
    (
        "secrets",
        "Secrets the service may read, as files under `/run/secrets/`.",
        "The right way to pass passwords, tokens and keys.",
    ),
    (
        "configs",
        "Configuration files mounted into the container.",
        "Configs are not secret: use `secrets` for credentials.",
    ),
    (
        "networks",
        "The networks the service joins.",
        "Put services only on the networks they need; internal networks keep backends off the outside.",
    ),
    (
        "depends_on",
        "Services to start first (and, with `condition`, to wait for).",
        "No security effect.",
    ),
    (
        "deploy",
        "Deployment settings: `resources`, `restart_policy`, `replicas`.",
        "Set `resources.limits` for memory, CPUs and PIDs so one service cannot starve the host.",
    ),
    (
        "mem_limit",
        "The memory limit (legacy key; `deploy.resources.limits.memory` is the current one).",
        "Without a limit, a leak or an attack can exhaust the host's memory.",
    ),
    (
        "cpus",
        "How many CPUs the service may use.",
        "Limits keep one service from starving the others.",
    ),
    ("pids_limit", "The most processes the container may run.", "Stops fork bombs."),
    (
        "healthcheck",
        "How to test that the service still works.",
        "Lets orchestrators replace a wedged container; keep credentials out of the command.",
    ),
    (
        "restart",
        "The restart policy: `no`, `always`, `on-failure`, `unless-stopped`.",
        "No security effect.",
    ),
    (
        "extends",
        "Inherits the configuration of another service, in this file or another.",
        "What is inherited is easy to miss in review: check the base service too.",
    ),
    (
        "tmpfs",
        "In-memory filesystems mounted in the container.",
        "Writable scratch space for a read-only container.",
    ),
    (
        "ulimits",
        "Resource limits of the process (`nofile`, `nproc`).",
        "`nproc` limits processes per user.",
    ),
    (
        "logging",
        "The logging driver and its options.",
        "Logs may hold secrets: keep them where only operators read them.",
    ),
    ("command", "Overrides the image's `CMD`.", "No security effect by itself."),
    ("entrypoint", "Overrides the image's `ENTRYPOINT`.", "No security effect by itself."),
    ("container_name", "A fixed container name.", "No security effect."),
    ("hostname", "The container's host name.", "No security effect."),
    (
        "init",
        "Runs an init process that reaps zombies and forwards signals.",
        "No security effect.",
    ),
    (
        "sysctls",
        "Kernel parameters to set in the container.",
        "Only namespaced parameters are allowed; each one changes kernel behaviour.",
    ),
    (
        "platform",
        "The platform to pull or build for, such as `linux/amd64`.",
        "No security effect.",
    ),
    (
        "profiles",
        "Profiles the service belongs to; it starts only when one is enabled.",
        "No security effect.",
    ),
];

/// (key, meaning) for the top-level keys.
pub const TOP_LEVEL_KEYS: &[(&str, &str)] = &[
    ("services", "The containers of the application, by name."),
    ("networks", "The networks services join, by name."),
    ("volumes", "The named volumes services mount, by name."),
    ("secrets", "Secrets services may read, from files or the environment."),
    ("configs", "Configuration files services may mount."),
    ("include", "Other Compose files to load as part of this one."),
    ("name", "The project name."),
    ("version", "Obsolete: Compose ignores it."),
    ("models", "AI models services may use."),
];

/// The Markdown for a service key.
pub fn service_key_markdown(key: &str) -> Option<String> {
    let (name, meaning, security) = SERVICE_KEYS.iter().find(|(name, _, _)| *name == key)?;
    Some(format!("`services.*.{name}`\n\n{meaning}\n\n**Security:** {security}"))
}

/// Hover on a top-level or service key.
pub fn hover(file: &ComposeFile, offset: u32) -> Option<Hover> {
    let place = place_at(file, offset);
    let key = place.on_key?;
    let range = file.tree.range(key);
    let markdown = match place.keys.as_slice() {
        [top] => {
            let (_, meaning) = TOP_LEVEL_KEYS.iter().find(|(name, _)| name == top)?;
            format!("`{top}`\n\n{meaning}")
        }
        [services, _, key] if services == "services" => service_key_markdown(key)?,
        _ => return None,
    };
    Some(Hover { range, markdown })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_and_top_level_keys() {
        let text = "services:\n  web:\n    privileged: true\nnetworks: {}\n";
        let file = ComposeFile::parse(text);
        let on_privileged = hover(&file, 22).unwrap();
        assert_eq!(on_privileged.range.slice(text), "privileged");
        assert!(on_privileged.markdown.contains("root on the host"));
        assert!(hover(&file, 2).unwrap().markdown.contains("containers"));
        assert!(hover(&file, 35).is_none(), "on a value");
        assert!(hover(&file, 13).is_none(), "on a service name");
    }

    #[test]
    fn every_documented_key_is_a_key_of_the_schema() {
        for (key, _, _) in SERVICE_KEYS {
            assert!(crate::compose::schema::SERVICE.field(key).is_some(), "{key}");
        }
        for (key, _) in TOP_LEVEL_KEYS {
            assert!(crate::compose::schema::TOP_LEVEL.field(key).is_some(), "{key}");
        }
    }
}
