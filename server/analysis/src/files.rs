//! Which files are Dockerfiles and which are Compose files, by name.

use crate::rule::Language;

/// The language of a file by its name (the last path component), or `None`
/// when it is neither. YAML files the user maps to Compose are decided by
/// the configuration ([`crate::ResolvedConfig::is_user_compose_file`]).
pub fn language_of(file_name: &str) -> Option<Language> {
    let name = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    if is_dockerfile_name(name) {
        Some(Language::Dockerfile)
    } else if is_compose_name(name) {
        Some(Language::Compose)
    } else {
        None
    }
}

/// `Dockerfile`, `Containerfile`, `*.Dockerfile`, `*.dockerfile`,
/// `Dockerfile.*` and `Containerfile.*`, but not the `.dockerignore` files
/// that sit beside them (`app.Dockerfile.dockerignore`).
fn is_dockerfile_name(name: &str) -> bool {
    if name.ends_with(".dockerignore") {
        return false;
    }
    let lower = name.to_ascii_lowercase();
    lower == "dockerfile"
        || lower == "containerfile"
        || (lower.ends_with(".dockerfile") && lower.len() > ".dockerfile".len())
        || (lower.starts_with("dockerfile.") && lower.len() > "dockerfile.".len())
        || (lower.starts_with("containerfile.") && lower.len() > "containerfile.".len())
}

/// `compose.yaml`, `docker-compose.yml` and their `.override` and
/// `compose.NAME.yaml` variants, in either YAML extension.
fn is_compose_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let Some(stem) = lower.strip_suffix(".yaml").or_else(|| lower.strip_suffix(".yml")) else {
        return false;
    };
    let rest = stem.strip_prefix("docker-compose").or_else(|| stem.strip_prefix("compose"));
    match rest {
        Some("") => true,
        // compose.override.yaml, compose.prod.yaml, docker-compose.ci.yml
        Some(variant) => variant.starts_with('.') && variant.len() > 1 && !variant.ends_with('.'),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dockerfile_names() {
        for name in [
            "Dockerfile",
            "dockerfile",
            "Containerfile",
            "app.Dockerfile",
            "app.dockerfile",
            "Dockerfile.dev",
            "Containerfile.prod",
            "dir/sub/Dockerfile",
        ] {
            assert_eq!(language_of(name), Some(Language::Dockerfile), "{name}");
        }
        for name in
            ["Dockerfile.", ".dockerfile", "app.Dockerfile.dockerignore", "Dockerfiles", "README"]
        {
            assert_eq!(language_of(name), None, "{name}");
        }
    }

    #[test]
    fn compose_names() {
        for name in [
            "compose.yaml",
            "compose.yml",
            "docker-compose.yaml",
            "docker-compose.yml",
            "compose.override.yaml",
            "docker-compose.override.yml",
            "compose.prod.yaml",
            "docker-compose.ci.yml",
        ] {
            assert_eq!(language_of(name), Some(Language::Compose), "{name}");
        }
        for name in
            ["composer.yaml", "compose.json", "my-compose.yaml", "compose..yaml", "values.yaml"]
        {
            assert_eq!(language_of(name), None, "{name}");
        }
    }
}
