//! The editor's settings, as LSP carries them: `initializationOptions` and
//! `workspace/didChangeConfiguration` send JSON, either the `dockwarden`
//! section itself or an object holding it. The keys are those of
//! `.dockwarden.toml` (see `docs/editors.md`); the analysis reads them.

use dockwarden_analysis::{Config, ConfigError};
use serde_json::Value;

/// The name of the settings section.
pub const SECTION: &str = "dockwarden";

/// Reads editor settings; `null` (an editor's "not set") counts as absent.
pub fn read(settings: &Value) -> (Config, Vec<ConfigError>) {
    let section = match settings.get(SECTION) {
        Some(section) => section,
        None => settings,
    };
    match without_nulls(section) {
        Some(Value::Object(map)) if map.is_empty() => (Config::default(), Vec::new()),
        None => (Config::default(), Vec::new()),
        Some(section) => Config::from_editor_settings(&section),
    }
}

/// The value with `null` members and items left out: TOML has no null,
/// and an editor sends one for a setting the user never set.
fn without_nulls(value: &Value) -> Option<Value> {
    match value {
        Value::Null => None,
        Value::Object(map) => Some(Value::Object(
            map.iter()
                .filter_map(|(key, value)| without_nulls(value).map(|value| (key.clone(), value)))
                .collect(),
        )),
        Value::Array(items) => Some(Value::Array(items.iter().filter_map(without_nulls).collect())),
        other => Some(other.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_section_or_its_contents_with_nulls_unset() {
        let (config, errors) = read(&json!({"dockwarden": {"unsafeFixes": true, "select": null}}));
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(config.unsafe_fixes, Some(true));
        assert!(config.select.is_none());
        let (config, errors) = read(&json!({"ignore": ["DF001"], "compose": {"files": ["*.yml"]}}));
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(config.ignore.len(), 1);
        assert_eq!(read(&Value::Null).0, Config::default());
        assert!(!read(&json!({"dockwarden": {"selekt": []}})).1.is_empty());
    }
}
