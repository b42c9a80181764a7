//! What the server reads from disk: the `.dockwarden.toml` that applies to
//! a file (found walking up from it, cached, with the editor's settings
//! laid over it) and the side files its rules want. An open document is
//! always read from the editor's copy instead of the disk.

use std::collections::{BTreeMap, HashMap};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use dockwarden_analysis::config::CONFIG_FILE_NAME;
use dockwarden_analysis::text::MAX_FILE_SIZE;
use dockwarden_analysis::{Config, ConfigError, ResolvedConfig, RuleSettings};

/// The configuration that applies to one file.
#[derive(Clone, Debug)]
pub struct AppliedConfig {
    pub resolved: ResolvedConfig,
    /// The folder relative paths are taken from (the configuration's, else
    /// the workspace root).
    pub folder: Option<PathBuf>,
}

impl AppliedConfig {
    /// The path of a file as the configuration's globs see it.
    pub fn relative_path(&self, path: Option<&Path>, file_name: &str) -> String {
        let relative = match (path, &self.folder) {
            (Some(path), Some(folder)) => path.strip_prefix(folder).ok(),
            _ => None,
        };
        match relative {
            Some(relative) => relative
                .components()
                .map(|component| component.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/"),
            None => file_name.to_owned(),
        }
    }

    pub fn settings(&self, path: Option<&Path>, file_name: &str) -> RuleSettings {
        self.resolved.settings_for(&self.relative_path(path, file_name))
    }
}

/// A `.dockwarden.toml` as last read, and what was wrong in it.
#[derive(Clone, Debug)]
pub struct ConfigFile {
    pub text: String,
    pub errors: Vec<ConfigError>,
}

/// Configuration discovery and the cache of what it found.
#[derive(Debug, Default)]
pub struct Configs {
    root: Option<PathBuf>,
    editor: Config,
    /// Folder → the configuration file that applies there, if any.
    discovered: HashMap<PathBuf, Option<PathBuf>>,
    /// Configuration file → what applies under it.
    applied: HashMap<PathBuf, Arc<AppliedConfig>>,
    without_file: Option<Arc<AppliedConfig>>,
    /// Every configuration file read, with its problems.
    pub files: BTreeMap<PathBuf, ConfigFile>,
}

impl Configs {
    pub fn new(root: Option<PathBuf>, editor: Config) -> Configs {
        Configs { root, editor, ..Configs::default() }
    }

    /// New editor settings: everything is resolved again.
    pub fn set_editor(&mut self, editor: Config) {
        self.editor = editor;
        self.forget();
    }

    /// Forgets what was found and read (a configuration file changed).
    pub fn forget(&mut self) {
        self.discovered.clear();
        self.applied.clear();
        self.without_file = None;
        self.files.clear();
    }

    /// The configuration for a file at `path` (`None` for an unsaved one).
    /// `open_text` gives an open document's text by path.
    pub fn for_file(
        &mut self,
        path: Option<&Path>,
        open_text: &dyn Fn(&Path) -> Option<String>,
    ) -> Arc<AppliedConfig> {
        let config_path = path.and_then(Path::parent).and_then(|folder| self.discover(folder));
        let Some(config_path) = config_path else {
            let (editor, root) = (&self.editor, &self.root);
            return Arc::clone(self.without_file.get_or_insert_with(|| {
                Arc::new(AppliedConfig { resolved: editor.resolve().0, folder: root.clone() })
            }));
        };
        if let Some(applied) = self.applied.get(&config_path) {
            return Arc::clone(applied);
        }
        let text = open_text(&config_path).or_else(|| read_small(&config_path)).unwrap_or_default();
        let (file_config, mut errors) = Config::parse_toml(&text);
        // Problems with ranges belong to the file; the merged result's would
        // point into the editor's settings too.
        errors.extend(file_config.resolve().1);
        let resolved = file_config.merged_with(&self.editor).resolve().0;
        let applied = Arc::new(AppliedConfig {
            resolved,
            folder: config_path.parent().map(Path::to_path_buf),
        });
        self.files.insert(config_path.clone(), ConfigFile { text, errors });
        self.applied.insert(config_path, Arc::clone(&applied));
        applied
    }

    /// The configuration file that applies in `folder`, walking up.
    fn discover(&mut self, folder: &Path) -> Option<PathBuf> {
        if let Some(found) = self.discovered.get(folder) {
            return found.clone();
        }
        let candidate = folder.join(CONFIG_FILE_NAME);
        let found = if candidate.is_file() {
            Some(candidate)
        } else {
            folder.parent().and_then(|parent| self.discover(parent))
        };
        self.discovered.insert(folder.to_path_buf(), found.clone());
        found
    }
}

/// A file's text when it is a readable, reasonably small regular file.
pub fn read_small(path: &Path) -> Option<String> {
    let metadata = std::fs::metadata(path).ok()?;
    if !metadata.is_file() || metadata.len() > MAX_FILE_SIZE as u64 {
        return None;
    }
    std::fs::read_to_string(path).ok()
}

/// `folder/relative` with `.` and `..` resolved without touching the disk.
pub fn join_normalized(folder: &Path, relative: &str) -> PathBuf {
    let mut joined = PathBuf::new();
    for component in folder.join(relative).components() {
        match component {
            Component::ParentDir => {
                joined.pop();
            }
            Component::CurDir => {}
            other => joined.push(other),
        }
    }
    joined
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_join_without_dots() {
        assert_eq!(join_normalized(Path::new("/a/b"), "../c/./d"), Path::new("/a/c/d"));
        assert_eq!(
            join_normalized(Path::new("/a"), ".dockerignore"),
            Path::new("/a/.dockerignore")
        );
    }

    #[test]
    fn discovery_walks_up_and_editor_settings_lay_over_the_file() {
        let root = std::env::temp_dir().join(format!("dockwarden-lsp-{}", std::process::id()));
        let nested = root.join("app/sub");
        std::fs::create_dir_all(&nested).unwrap();
        std::fs::write(root.join(CONFIG_FILE_NAME), "ignore = [\"DF002\"]\nselekt = 1\n").unwrap();
        let (editor, _) = Config::parse_toml("ignore = [\"DF001\"]\n");
        let mut configs = Configs::new(None, editor);
        let no_open = |_: &Path| None;
        let dockerfile = nested.join("Dockerfile");
        let applied = configs.for_file(Some(&dockerfile), &no_open);
        assert_eq!(applied.relative_path(Some(&dockerfile), "Dockerfile"), "app/sub/Dockerfile");
        let file = &configs.files[&root.join(CONFIG_FILE_NAME)];
        assert_eq!(file.errors.len(), 1, "{:?}", file.errors);
        // A broken file gives the defaults, with the editor's settings over them.
        let settings = applied.settings(Some(&dockerfile), "Dockerfile");
        let df001 = dockwarden_analysis::registry::rule(
            dockwarden_analysis::registry::find("DF001").unwrap(),
        )
        .meta;
        assert!(!settings.is_enabled(df001));
        std::fs::remove_dir_all(&root).unwrap();
    }
}
