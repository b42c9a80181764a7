//! The project configuration (`.dockwarden.toml`, or the same keys sent by an
//! editor) and the per-file rule settings resolved from it.
//!
//! Parsing takes the file's text and never fails: a broken configuration
//! yields its errors, each with the range that caused it, and the defaults.
//! Finding the file on disk is the front ends' job.

use std::collections::BTreeMap;

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;

use crate::diagnostic::Severity;
use crate::registry::{self, RuleId};
use crate::rule::RuleMeta;
use crate::text::{TextRange, to_u32};

/// The file name the front ends look for, walking up from a file.
pub const CONFIG_FILE_NAME: &str = ".dockwarden.toml";

/// The configuration as written. Every key is optional.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// Rules to run instead of the default set: codes, names, code prefixes
    /// (`DF`, `CP0`) or `ALL`. Opt-in rules are selected only by code or name.
    pub select: Option<Vec<Selector>>,
    /// Rules to run in addition to `select`, such as opt-in rules.
    #[serde(default)]
    pub extend_select: Vec<Selector>,
    /// Rules never to run.
    #[serde(default)]
    pub ignore: Vec<Selector>,
    /// Report only findings at or above this severity.
    pub severity: Option<SeverityName>,
    /// Severity overrides by rule code or name.
    #[serde(default)]
    pub severities: BTreeMap<String, SeverityName>,
    /// Let fix-all and `--fix` apply unsafe and template fixes too.
    pub unsafe_fixes: Option<bool>,
    /// Where images may come from (DF026, CP040).
    pub registries: Option<Registries>,
    /// Which YAML files are Compose files beyond the standard names.
    pub compose: Option<ComposeFiles>,
    /// Settings for some paths only, applied in order after the above.
    #[serde(default)]
    pub overrides: Vec<Override>,
}

/// A rule selector as written, with its place in the file for messages.
pub type Selector = toml::Spanned<String>;

/// A severity name as written (`critical`, `high`, `medium`, `low`, `info`).
pub type SeverityName = toml::Spanned<String>;

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Registries {
    /// Registry hosts or repository prefixes: `docker.io`, `ghcr.io/acme`.
    /// Docker Hub images are `docker.io/library/NAME` and `docker.io/USER/NAME`.
    #[serde(default)]
    pub allowed: Vec<String>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ComposeFiles {
    /// Glob patterns, relative to the configuration's folder.
    #[serde(default)]
    pub files: Vec<String>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Override {
    /// Glob patterns, relative to the configuration's folder.
    pub files: Vec<String>,
    pub select: Option<Vec<Selector>>,
    #[serde(default)]
    pub extend_select: Vec<Selector>,
    #[serde(default)]
    pub ignore: Vec<Selector>,
    #[serde(default)]
    pub severities: BTreeMap<String, SeverityName>,
}

/// A problem in the configuration.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ConfigError {
    pub message: String,
    /// Where in the configuration text, when known.
    pub range: Option<TextRange>,
}

/// A configuration checked and ready to answer "what applies to this file".
#[derive(Clone, Debug, Default)]
pub struct ResolvedConfig {
    base: Selection,
    threshold: Severity,
    unsafe_fixes: bool,
    allowed_registries: Option<Vec<String>>,
    compose_patterns: Option<GlobSet>,
    overrides: Vec<(GlobSet, Selection)>,
}

/// Which rules run and at what severity, before or after an override.
#[derive(Clone, Debug, Default)]
struct Selection {
    select: Option<Vec<RuleId>>,
    /// Selected by exact code or name, so opt-in rules are included.
    explicit: Vec<RuleId>,
    extend: Vec<RuleId>,
    ignore: Vec<RuleId>,
    severities: Vec<(RuleId, Severity)>,
}

/// The settings for one file: what the rules and the engine need to know.
#[derive(Clone, Debug)]
pub struct RuleSettings {
    enabled: Vec<bool>,
    severities: Vec<Severity>,
    /// Findings below this are dropped.
    pub threshold: Severity,
    /// Whether bulk fixing may apply unsafe and template fixes.
    pub unsafe_fixes: bool,
    /// The registry allow-list; `None` when none is configured.
    pub allowed_registries: Option<Vec<String>>,
}

impl Default for RuleSettings {
    fn default() -> RuleSettings {
        ResolvedConfig::default().settings_for("")
    }
}

impl RuleSettings {
    pub fn is_enabled(&self, rule: &RuleMeta) -> bool {
        registry::id_of(rule).is_some_and(|id| self.enabled[id.index()])
    }

    pub fn severity(&self, rule: &RuleMeta) -> Severity {
        registry::id_of(rule).map_or(rule.severity, |id| self.severities[id.index()])
    }

    /// Settings with only one rule on: for reports of what its fixes do.
    pub fn only(rule: &RuleMeta) -> RuleSettings {
        let mut settings = RuleSettings::all_rules();
        for (index, entry) in registry::RULES.iter().enumerate() {
            settings.enabled[index] = std::ptr::eq(entry.meta, rule);
        }
        settings
    }

    /// Settings with every rule on, opt-in ones included: for tests that
    /// exercise one rule without a configuration.
    pub fn all_rules() -> RuleSettings {
        let count = registry::RULES.len();
        RuleSettings {
            enabled: vec![true; count],
            severities: registry::RULES.iter().map(|rule| rule.meta.severity).collect(),
            threshold: Severity::Info,
            unsafe_fixes: false,
            allowed_registries: None,
        }
    }
}

impl Config {
    /// Parses a `.dockwarden.toml`. On any error the defaults come back with
    /// the errors, so that linting goes on.
    pub fn parse_toml(text: &str) -> (Config, Vec<ConfigError>) {
        match toml::from_str::<Config>(text) {
            Ok(config) => (config, Vec::new()),
            Err(error) => {
                let range =
                    error.span().map(|span| TextRange::new(to_u32(span.start), to_u32(span.end)));
                let message = format!("{CONFIG_FILE_NAME}: {}", error.message().trim());
                (Config::default(), vec![ConfigError { message, range }])
            }
        }
    }

    /// Reads the settings an editor sends (LSP `initializationOptions` or
    /// `workspace/didChangeConfiguration`): the same keys as the file, in
    /// kebab-case or camelCase (`unsafe-fixes` or `unsafeFixes`). Keys that
    /// only the editor's side uses (`path`, `trace`, `server`) are left out.
    /// Like [`Config::parse_toml`], a problem gives its message and the
    /// defaults.
    pub fn from_editor_settings<S: serde::Serialize>(settings: &S) -> (Config, Vec<ConfigError>) {
        let error = |message: String| ConfigError {
            message: format!("editor settings: {message}"),
            range: None,
        };
        let value = match toml::Value::try_from(settings) {
            Ok(value) => value,
            Err(problem) => return (Config::default(), vec![error(problem.to_string())]),
        };
        let toml::Value::Table(mut table) = value else {
            return (Config::default(), vec![error("expected an object of settings".to_owned())]);
        };
        for client_side in EDITOR_ONLY_KEYS {
            table.remove(*client_side);
        }
        let table = kebab_keys(table, true);
        let text = match toml::to_string(&table) {
            Ok(text) => text,
            Err(problem) => return (Config::default(), vec![error(problem.to_string())]),
        };
        let (config, errors) = Config::parse_toml(&text);
        let errors = errors
            .into_iter()
            .map(|problem| {
                let message =
                    problem.message.trim_start_matches(CONFIG_FILE_NAME).trim_start_matches(": ");
                // The range points into text made here, which the user never saw.
                error(message.to_owned())
            })
            .collect();
        (config, errors)
    }

    /// Checks selectors, severities and globs; what is wrong is reported and
    /// left out, and the rest applies.
    pub fn resolve(&self) -> (ResolvedConfig, Vec<ConfigError>) {
        let mut errors = Vec::new();
        let base = Selection::resolve(
            self.select.as_deref(),
            &self.extend_select,
            &self.ignore,
            &self.severities,
            &mut errors,
        );
        let threshold = self
            .severity
            .as_ref()
            .and_then(|name| parse_severity(name, &mut errors))
            .unwrap_or(Severity::Info);
        let compose_patterns =
            self.compose.as_ref().map(|compose| build_globs(&compose.files, &mut errors));
        let overrides = self
            .overrides
            .iter()
            .map(|entry| {
                let globs = build_globs(&entry.files, &mut errors);
                let selection = Selection::resolve(
                    entry.select.as_deref(),
                    &entry.extend_select,
                    &entry.ignore,
                    &entry.severities,
                    &mut errors,
                );
                (globs, selection)
            })
            .collect();
        let resolved = ResolvedConfig {
            base,
            threshold,
            unsafe_fixes: self.unsafe_fixes.unwrap_or(false),
            allowed_registries: self
                .registries
                .as_ref()
                .map(|registries| registries.allowed.clone()),
            compose_patterns,
            overrides,
        };
        (resolved, errors)
    }

    /// Lays `other` over `self`: what `other` sets wins, lists of additions
    /// and removals accumulate. Editors' settings are laid over the file.
    pub fn merged_with(&self, other: &Config) -> Config {
        let mut merged = self.clone();
        if other.select.is_some() {
            merged.select = other.select.clone();
        }
        merged.extend_select.extend(other.extend_select.iter().cloned());
        merged.ignore.extend(other.ignore.iter().cloned());
        if other.severity.is_some() {
            merged.severity = other.severity.clone();
        }
        merged
            .severities
            .extend(other.severities.iter().map(|(key, value)| (key.clone(), value.clone())));
        if other.unsafe_fixes.is_some() {
            merged.unsafe_fixes = other.unsafe_fixes;
        }
        if other.registries.is_some() {
            merged.registries = other.registries.clone();
        }
        if other.compose.is_some() {
            merged.compose = other.compose.clone();
        }
        merged.overrides.extend(other.overrides.iter().cloned());
        merged
    }
}

impl ResolvedConfig {
    /// The settings for a file, by its path relative to the configuration's
    /// folder (with `/` separators).
    pub fn settings_for(&self, relative_path: &str) -> RuleSettings {
        let count = registry::RULES.len();
        let mut enabled: Vec<bool> =
            registry::RULES.iter().map(|rule| !rule.meta.is_opt_in()).collect();
        let mut severities: Vec<Severity> =
            registry::RULES.iter().map(|rule| rule.meta.severity).collect();
        self.base.apply(&mut enabled, &mut severities);
        for (globs, selection) in &self.overrides {
            if globs.is_match(relative_path) {
                selection.apply(&mut enabled, &mut severities);
            }
        }
        debug_assert_eq!(enabled.len(), count);
        RuleSettings {
            enabled,
            severities,
            threshold: self.threshold,
            unsafe_fixes: self.unsafe_fixes,
            allowed_registries: self.allowed_registries.clone(),
        }
    }

    /// Whether the user mapped this YAML file to Compose.
    pub fn is_user_compose_file(&self, relative_path: &str) -> bool {
        self.compose_patterns.as_ref().is_some_and(|globs| globs.is_match(relative_path))
    }

    pub fn unsafe_fixes(&self) -> bool {
        self.unsafe_fixes
    }
}

impl Selection {
    fn resolve(
        select: Option<&[Selector]>,
        extend: &[Selector],
        ignore: &[Selector],
        severities: &BTreeMap<String, SeverityName>,
        errors: &mut Vec<ConfigError>,
    ) -> Selection {
        let mut selection = Selection::default();
        if let Some(select) = select {
            let mut chosen = Vec::new();
            for selector in select {
                let (ids, exact) = match_selector(selector, errors);
                if exact {
                    selection.explicit.extend(&ids);
                }
                chosen.extend(ids);
            }
            selection.select = Some(chosen);
        }
        for selector in extend {
            selection.extend.extend(match_selector(selector, errors).0);
        }
        for selector in ignore {
            selection.ignore.extend(match_selector(selector, errors).0);
        }
        for (key, value) in severities {
            let Some(severity) = parse_severity(value, errors) else { continue };
            match registry::find(key) {
                Some(id) => selection.severities.push((id, severity)),
                None => errors.push(ConfigError {
                    message: format!("unknown rule `{key}` in severities{}", did_you_mean(key)),
                    range: None,
                }),
            }
        }
        selection
    }

    fn apply(&self, enabled: &mut [bool], severities: &mut [Severity]) {
        if let Some(select) = &self.select {
            enabled.iter_mut().for_each(|on| *on = false);
            for id in select {
                let rule = registry::rule(*id);
                enabled[id.index()] = !rule.meta.is_opt_in() || self.explicit.contains(id);
            }
        }
        for id in &self.extend {
            enabled[id.index()] = true;
        }
        for id in &self.ignore {
            enabled[id.index()] = false;
        }
        for (id, severity) in &self.severities {
            severities[id.index()] = *severity;
        }
    }
}

/// The rules a selector names, and whether it named exactly one by code or
/// name (which is what turns an opt-in rule on).
fn match_selector(selector: &Selector, errors: &mut Vec<ConfigError>) -> (Vec<RuleId>, bool) {
    let text = selector.get_ref().trim();
    if let Some(id) = registry::find(text) {
        return (vec![id], true);
    }
    let ids = registry::matching_prefix(text);
    if ids.is_empty() {
        errors.push(ConfigError {
            message: format!("unknown rule or prefix `{text}`{}", did_you_mean(text)),
            range: Some(spanned_range(selector)),
        });
    }
    (ids, false)
}

/// Keys of an editor's `dockwarden` section that its client reads, not the
/// server.
const EDITOR_ONLY_KEYS: &[&str] = &["path", "trace", "server"];

/// The table with camelCase keys written in kebab-case, down into the
/// nested tables of settings (`registries`, `compose`, `overrides`) but not
/// into `severities`, whose keys are rule codes and names.
fn kebab_keys(table: toml::Table, nested: bool) -> toml::Table {
    table
        .into_iter()
        .map(|(key, value)| {
            let key = if key.chars().any(|c| c.is_ascii_uppercase()) && !key.contains('-') && nested
            {
                let mut kebab = String::new();
                for c in key.chars() {
                    if c.is_ascii_uppercase() {
                        kebab.push('-');
                        kebab.push(c.to_ascii_lowercase());
                    } else {
                        kebab.push(c);
                    }
                }
                kebab
            } else {
                key
            };
            let descend = nested && key != "severities";
            let value = match value {
                toml::Value::Table(inner) if descend => toml::Value::Table(kebab_keys(inner, true)),
                toml::Value::Array(items) if descend => toml::Value::Array(
                    items
                        .into_iter()
                        .map(|item| match item {
                            toml::Value::Table(inner) => {
                                toml::Value::Table(kebab_keys(inner, true))
                            }
                            other => other,
                        })
                        .collect(),
                ),
                other => other,
            };
            (key, value)
        })
        .collect()
}

fn parse_severity(name: &SeverityName, errors: &mut Vec<ConfigError>) -> Option<Severity> {
    let severity = Severity::parse(name.get_ref());
    if severity.is_none() {
        errors.push(ConfigError {
            message: format!(
                "unknown severity `{}`: use critical, high, medium, low or info",
                name.get_ref()
            ),
            range: Some(spanned_range(name)),
        });
    }
    severity
}

fn build_globs(patterns: &[String], errors: &mut Vec<ConfigError>) -> GlobSet {
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        match Glob::new(pattern) {
            Ok(glob) => {
                builder.add(glob);
            }
            Err(error) => errors.push(ConfigError {
                message: format!("bad glob `{pattern}`: {error}"),
                range: None,
            }),
        }
    }
    builder.build().unwrap_or_else(|_| GlobSet::empty())
}

fn spanned_range<T>(spanned: &toml::Spanned<T>) -> TextRange {
    let span = spanned.span();
    TextRange::new(to_u32(span.start), to_u32(span.end))
}

fn did_you_mean(text: &str) -> String {
    match registry::nearest_name(text) {
        Some(name) => format!(" (did you mean `{name}`?)"),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(toml: &str, path: &str) -> RuleSettings {
        let (config, errors) = Config::parse_toml(toml);
        assert!(errors.is_empty(), "{errors:?}");
        let (resolved, errors) = config.resolve();
        assert!(errors.is_empty(), "{errors:?}");
        resolved.settings_for(path)
    }

    fn meta(code: &str) -> &'static RuleMeta {
        registry::rule(registry::find(code).unwrap()).meta
    }

    #[test]
    fn defaults_enable_every_rule_that_is_not_opt_in() {
        let settings = RuleSettings::default();
        for rule in registry::RULES {
            assert_eq!(
                settings.is_enabled(rule.meta),
                !rule.meta.is_opt_in(),
                "{}",
                rule.meta.code
            );
        }
    }

    #[test]
    fn select_ignore_and_severities_by_code_name_and_prefix() {
        let settings = settings(
            r#"
            select = ["DF"]
            ignore = ["latest-base-image"]
            [severities]
            DF018 = "low"
            "#,
            "Dockerfile",
        );
        assert!(settings.is_enabled(meta("DF001")));
        assert!(!settings.is_enabled(meta("DF019")));
        assert!(!settings.is_enabled(meta("CP001")));
        assert_eq!(settings.severity(meta("DF018")), Severity::Low);
    }

    #[test]
    fn overrides_apply_by_path() {
        let toml = r#"
            [[overrides]]
            files = ["legacy/**"]
            ignore = ["DF001"]
        "#;
        assert!(!settings(toml, "legacy/app/Dockerfile").is_enabled(meta("DF001")));
        assert!(settings(toml, "app/Dockerfile").is_enabled(meta("DF001")));
    }

    #[test]
    fn a_broken_file_gives_the_defaults_and_a_located_error() {
        let text = "select = [\"DF\"\nignore = 3\n";
        let (config, errors) = Config::parse_toml(text);
        assert_eq!(config, Config::default());
        assert_eq!(errors.len(), 1);
        assert!(errors[0].range.is_some());
    }

    #[test]
    fn unknown_keys_rules_and_severities_are_reported() {
        let (_, errors) = Config::parse_toml("selekt = []\n");
        assert!(errors[0].message.contains("selekt"), "{errors:?}");
        let (config, errors) = Config::parse_toml(
            "ignore = [\"DF999\", \"final-user-is-rot\"]\nseverity = \"loud\"\n",
        );
        assert!(errors.is_empty());
        let (_, errors) = config.resolve();
        let messages: Vec<&str> = errors.iter().map(|error| error.message.as_str()).collect();
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert!(messages[1].contains("did you mean `final-user-is-root`"), "{messages:?}");
        assert!(errors.iter().all(|error| error.range.is_some()));
    }

    #[derive(serde::Serialize)]
    struct EditorSettings {
        #[serde(rename = "unsafeFixes")]
        unsafe_fixes: bool,
        #[serde(rename = "extendSelect")]
        extend_select: Vec<&'static str>,
        severities: BTreeMap<&'static str, &'static str>,
        path: &'static str,
    }

    #[test]
    fn editor_settings_in_camel_case_or_kebab_case() {
        let settings = EditorSettings {
            unsafe_fixes: true,
            extend_select: vec!["DF001"],
            severities: BTreeMap::from([("DF018", "low")]),
            path: "/usr/bin/dockwarden",
        };
        let (config, errors) = Config::from_editor_settings(&settings);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(config.unsafe_fixes, Some(true));
        assert_eq!(config.extend_select.len(), 1);
        assert!(config.severities.contains_key("DF018"));
        let (config, errors) =
            Config::from_editor_settings(&BTreeMap::from([("unsafe-fixes", false)]));
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(config.unsafe_fixes, Some(false));
        let (config, errors) = Config::from_editor_settings(&BTreeMap::from([("selekt", 1)]));
        assert_eq!(config, Config::default());
        assert!(errors[0].message.starts_with("editor settings: "), "{errors:?}");
        assert!(errors[0].message.contains("selekt") && errors[0].range.is_none());
    }

    #[test]
    fn editor_settings_lay_over_the_file() {
        let (file, _) = Config::parse_toml("ignore = [\"DF001\"]\nunsafe-fixes = false\n");
        let (editor, _) = Config::parse_toml("ignore = [\"DF002\"]\nunsafe-fixes = true\n");
        let merged = file.merged_with(&editor);
        let (resolved, _) = merged.resolve();
        let settings = resolved.settings_for("Dockerfile");
        assert!(!settings.is_enabled(meta("DF001")));
        assert!(!settings.is_enabled(meta("DF002")));
        assert!(settings.unsafe_fixes);
    }
}
