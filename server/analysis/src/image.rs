//! Image references (`registry/path:tag@digest`), as both languages write
//! them, and what can be known about an image from its name alone.

use std::fmt;

/// A parsed image reference. Docker Hub names are normalised:
/// `nginx` is `docker.io/library/nginx`.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ImageRef {
    /// `docker.io` when none is written.
    pub registry: String,
    /// Whether the registry was written out.
    pub explicit_registry: bool,
    /// The repository path: `library/nginx`, `bitnami/redis`, `org/app`.
    pub path: String,
    pub tag: Option<String>,
    pub digest: Option<String>,
}

/// Docker Hub's canonical host.
pub const DOCKER_HUB: &str = "docker.io";

impl ImageRef {
    /// Parses a reference. Returns `None` for text that cannot be one
    /// (empty, spaces, a variable still unexpanded, upper-case path).
    pub fn parse(text: &str) -> Option<ImageRef> {
        let text = text.trim();
        if text.is_empty() || text.contains(char::is_whitespace) || text.contains('$') {
            return None;
        }
        let (name, digest) = match text.split_once('@') {
            Some((name, digest)) => (name, Some(digest.to_owned())),
            None => (text, None),
        };
        // A tag is after the last ':' that follows the last '/'.
        let last_slash = name.rfind('/').map_or(0, |index| index + 1);
        let (name, tag) = match name[last_slash..].rfind(':') {
            Some(index) => {
                let split = last_slash + index;
                (&name[..split], Some(name[split + 1..].to_owned()))
            }
            None => (name, None),
        };
        if name.is_empty() || tag.as_deref() == Some("") || digest.as_deref() == Some("") {
            return None;
        }
        let (registry, explicit_registry, path) = match name.split_once('/') {
            Some((first, rest)) if first.contains(['.', ':']) || first == "localhost" => {
                (first.to_ascii_lowercase(), true, rest.to_owned())
            }
            _ => (DOCKER_HUB.to_owned(), false, name.to_owned()),
        };
        let registry = match registry.as_str() {
            "index.docker.io" | "registry-1.docker.io" | "registry.hub.docker.com" => {
                DOCKER_HUB.to_owned()
            }
            _ => registry,
        };
        let path = if registry == DOCKER_HUB && !path.contains('/') {
            format!("library/{path}")
        } else {
            path
        };
        let valid_path = path.split('/').all(|component| {
            !component.is_empty()
                && component
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c))
        });
        valid_path.then_some(ImageRef { registry, explicit_registry, path, tag, digest })
    }

    /// The last path component: `nginx`, `redis`, `static-debian12`.
    pub fn short_name(&self) -> &str {
        self.path.rsplit('/').next().unwrap_or(&self.path)
    }

    /// The repository as a full name: `docker.io/library/nginx`.
    pub fn repository(&self) -> String {
        format!("{}/{}", self.registry, self.path)
    }

    /// Whether this is an official Docker Hub image (`docker.io/library/…`).
    pub fn is_official(&self) -> bool {
        self.registry == DOCKER_HUB && self.path.starts_with("library/")
    }

    /// Whether the tag is `latest`, or missing (which means `latest`).
    pub fn is_latest(&self) -> bool {
        self.digest.is_none() && self.tag.as_deref().is_none_or(|tag| tag == "latest")
    }

    /// Whether the reference is allowed by a registry allow-list: each entry
    /// is a registry host (`ghcr.io`) or a repository prefix (`ghcr.io/acme`,
    /// `docker.io/library`), matched on whole path components.
    pub fn is_allowed_by(&self, allowed: &[String]) -> bool {
        let repository = self.repository();
        allowed.iter().any(|entry| {
            let entry = entry.trim().trim_end_matches('/').to_ascii_lowercase();
            let entry = entry
                .strip_prefix("index.docker.io")
                .map_or(entry.clone(), |rest| format!("docker.io{rest}"));
            repository == entry || repository.starts_with(&format!("{entry}/"))
        })
    }

    /// Whether the image is known to run as a non-root user by default:
    /// distroless `:nonroot` tags, Chainguard and Bitnami images, and tags
    /// that say `nonroot` or `rootless`.
    pub fn runs_as_non_root(&self) -> bool {
        let tag = self.tag.as_deref().unwrap_or("");
        tag.contains("nonroot")
            || tag.contains("rootless")
            || self.registry == "cgr.dev"
            || self.path.starts_with("bitnami/")
            || self.registry == "docker.io" && self.path.starts_with("chainguard/")
    }

    /// Whether this is a Windows base image, where users are named
    /// (`ContainerUser`) rather than numbered.
    pub fn is_windows(&self) -> bool {
        self.registry == "mcr.microsoft.com" && self.path.starts_with("windows")
            || self
                .tag
                .as_deref()
                .is_some_and(|tag| tag.contains("windowsservercore") || tag.contains("nanoserver"))
    }

    /// The Linux family the image is built on, from its name and tag.
    pub fn family(&self) -> Option<Family> {
        let name = self.short_name();
        let tag = self.tag.as_deref().unwrap_or("");
        if name == "alpine" || tag.contains("alpine") {
            return Some(Family::Alpine);
        }
        if tag.contains("distroless") || self.path.starts_with("distroless/") || name == "scratch" {
            return None;
        }
        const DEBIAN_NAMES: &[&str] = &[
            "debian",
            "ubuntu",
            "node",
            "python",
            "golang",
            "ruby",
            "php",
            "openjdk",
            "eclipse-temurin",
            "perl",
            "rust",
            "buildpack-deps",
            "maven",
            "gradle",
            "postgres",
            "mysql",
            "mariadb",
            "redis",
            "nginx",
            "httpd",
            "elixir",
            "haskell",
            "julia",
            "r-base",
            "swift",
            "dart",
        ];
        const DEBIAN_TAGS: &[&str] =
            &["bookworm", "bullseye", "buster", "trixie", "jammy", "noble", "focal", "slim"];
        const RHEL_NAMES: &[&str] = &[
            "centos",
            "fedora",
            "rockylinux",
            "almalinux",
            "amazonlinux",
            "oraclelinux",
            "ubi8",
            "ubi9",
            "ubi",
        ];
        if RHEL_NAMES.contains(&name) || tag.contains("ubi") {
            return Some(Family::Rhel);
        }
        if DEBIAN_NAMES.contains(&name) || DEBIAN_TAGS.iter().any(|t| tag.contains(t)) {
            return Some(Family::Debian);
        }
        None
    }
}

impl fmt::Display for ImageRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.repository())?;
        if let Some(tag) = &self.tag {
            write!(f, ":{tag}")?;
        }
        if let Some(digest) = &self.digest {
            write!(f, "@{digest}")?;
        }
        Ok(())
    }
}

/// A Linux distribution family, which decides how users are created.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Family {
    Alpine,
    Debian,
    Rhel,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_normalises() {
        let nginx = ImageRef::parse("nginx").unwrap();
        assert_eq!(nginx.repository(), "docker.io/library/nginx");
        assert!(nginx.is_latest() && nginx.is_official());
        let ghcr = ImageRef::parse("ghcr.io/acme/app:1.2@sha256:abc").unwrap();
        assert_eq!((ghcr.registry.as_str(), ghcr.path.as_str()), ("ghcr.io", "acme/app"));
        assert_eq!(ghcr.tag.as_deref(), Some("1.2"));
        assert_eq!(ghcr.digest.as_deref(), Some("sha256:abc"));
        let port = ImageRef::parse("localhost:5000/app").unwrap();
        assert_eq!((port.registry.as_str(), port.tag), ("localhost:5000", None));
        let user = ImageRef::parse("gloursdocker/docker").unwrap();
        assert_eq!(user.repository(), "docker.io/gloursdocker/docker");
        for bad in ["", "a b", "$BASE", "UPPER/case", "x:", "x@"] {
            assert_eq!(ImageRef::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn allow_lists_match_whole_components() {
        let image = ImageRef::parse("ghcr.io/acme/app:1").unwrap();
        assert!(image.is_allowed_by(&["ghcr.io".into()]));
        assert!(image.is_allowed_by(&["ghcr.io/acme".into()]));
        assert!(!image.is_allowed_by(&["ghcr.io/ac".into()]));
        assert!(ImageRef::parse("nginx:1").unwrap().is_allowed_by(&["docker.io/library".into()]));
    }

    #[test]
    fn non_root_images_and_families() {
        assert!(
            ImageRef::parse("gcr.io/distroless/static-debian12:nonroot")
                .unwrap()
                .runs_as_non_root()
        );
        assert!(ImageRef::parse("cgr.dev/chainguard/static:latest").unwrap().runs_as_non_root());
        assert!(ImageRef::parse("bitnami/redis:7.2").unwrap().runs_as_non_root());
        assert!(!ImageRef::parse("debian:12").unwrap().runs_as_non_root());
        assert_eq!(ImageRef::parse("node:20-alpine").unwrap().family(), Some(Family::Alpine));
        assert_eq!(ImageRef::parse("python:3.12-slim").unwrap().family(), Some(Family::Debian));
        assert_eq!(ImageRef::parse("rockylinux:9").unwrap().family(), Some(Family::Rhel));
        assert_eq!(ImageRef::parse("scratch").unwrap().family(), None);
    }
}
