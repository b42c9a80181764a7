//! Path arithmetic the command line needs: lexical normalisation, paths as
//! shown to the user, and paths relative to a configuration's folder.

use std::path::{Component, Path, PathBuf};

/// `path` made absolute against `cwd`, with `.` and `..` resolved lexically
/// (symbolic links are left alone, as the user sees the path).
pub fn absolute(path: &Path, cwd: &Path) -> PathBuf {
    let joined = if path.is_absolute() { path.to_path_buf() } else { cwd.join(path) };
    let mut normalized = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                normalized.pop();
            }
            other => normalized.push(other),
        }
    }
    normalized
}

/// How a path is shown in findings and messages: relative to the current
/// folder when it lies inside it, without `./`, with `/` separators.
pub fn display(path: &Path, cwd: &Path) -> String {
    let absolute = absolute(path, cwd);
    match absolute.strip_prefix(cwd) {
        Ok(relative) if !relative.as_os_str().is_empty() => slashes(relative),
        _ if path.is_absolute() => slashes(&absolute),
        // Outside the current folder, keep the user's `../` spelling.
        _ => {
            let kept: PathBuf = path.components().filter(|c| *c != Component::CurDir).collect();
            if kept.as_os_str().is_empty() { ".".to_owned() } else { slashes(&kept) }
        }
    }
}

/// `path` relative to `root` with `/` separators, or the whole path when it
/// lies elsewhere. Both must be absolute and normalised.
pub fn relative_to(path: &Path, root: &Path) -> String {
    match path.strip_prefix(root) {
        Ok(relative) => slashes(relative),
        Err(_) => slashes(path),
    }
}

/// A shown path joined with a path relative to its folder (a side file), as
/// shown: `app/Dockerfile` and `../.env` give `.env`.
pub fn sibling(shown: &str, relative: &str) -> String {
    let folder = Path::new(shown).parent().unwrap_or(Path::new(""));
    let mut parts: Vec<&str> = folder.components().filter_map(|c| c.as_os_str().to_str()).collect();
    for part in relative.split('/') {
        match part {
            "" | "." => {}
            ".." if parts.last().is_some_and(|last| *last != "..") => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}

fn slashes(path: &Path) -> String {
    let text = path.to_string_lossy();
    if std::path::MAIN_SEPARATOR == '/' { text.into_owned() } else { text.replace('\\', "/") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absolute_resolves_dots_lexically() {
        let cwd = Path::new("/work/project");
        assert_eq!(
            absolute(Path::new("./a/../b/Dockerfile"), cwd),
            Path::new("/work/project/b/Dockerfile")
        );
        assert_eq!(absolute(Path::new("../x"), cwd), Path::new("/work/x"));
        assert_eq!(absolute(Path::new("/etc/./hosts"), cwd), Path::new("/etc/hosts"));
    }

    #[test]
    fn display_is_relative_to_the_current_folder() {
        let cwd = Path::new("/work/project");
        assert_eq!(display(Path::new("./Dockerfile"), cwd), "Dockerfile");
        assert_eq!(display(Path::new("."), cwd), ".");
        assert_eq!(display(Path::new("/work/project"), cwd), "/work/project");
        assert_eq!(display(Path::new("/work/project/app/compose.yaml"), cwd), "app/compose.yaml");
        assert_eq!(display(Path::new("../other/Dockerfile"), cwd), "../other/Dockerfile");
        assert_eq!(display(Path::new("/srv/Dockerfile"), cwd), "/srv/Dockerfile");
    }

    #[test]
    fn siblings_are_shown_beside_the_file() {
        assert_eq!(sibling("app/Dockerfile", ".dockerignore"), "app/.dockerignore");
        assert_eq!(sibling("app/compose.yaml", "../.env"), ".env");
        assert_eq!(sibling("compose.yaml", "../x/Dockerfile"), "../x/Dockerfile");
        assert_eq!(sibling("compose.yaml", "./web/Dockerfile"), "web/Dockerfile");
    }
}
