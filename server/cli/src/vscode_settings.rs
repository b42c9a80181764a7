//! The VS Code extension's settings schema: the `contributes.configuration`
//! block of `vscode-extension/package.json`, generated from the keys of the
//! project configuration ([`Config`], `.dockwarden.toml`) and the rule
//! catalog. The extension sends the settings to the server with the same
//! kebab-case keys, so that the server reads them with the same type.
//!
//! The generator runs in this module's test, which fails when the committed
//! block differs from what it makes (and when a `Config` key has no setting);
//! `DOCKWARDEN_UPDATE_SETTINGS=1 cargo test -p dockwarden vscode_settings`
//! rewrites it.
//!
//! [`Config`]: dockwarden_analysis::config::Config

use dockwarden_analysis::Severity;
use dockwarden_analysis::registry::RULES;
use serde_json::{Map, Value, json};

/// One setting of the extension.
#[derive(Debug)]
pub struct Setting {
    pub key: Key,
    pub schema: Value,
}

/// Whom a setting is for.
#[derive(Clone, Copy, Debug)]
pub enum Key {
    /// A key of `.dockwarden.toml`, dotted for a table (`registries.allowed`):
    /// the extension sends it to the server.
    Config(&'static str),
    /// A setting only the client reads (`path`, `trace.server`), after
    /// `dockwarden.`.
    Client(&'static str),
}

impl Setting {
    /// The id in VS Code: `dockwarden.` and the config key with each dotted
    /// segment in camel case (`extend-select` is `dockwarden.extendSelect`).
    /// The extension turns it back into the config key the same way.
    pub fn vscode_id(&self) -> String {
        match self.key {
            Key::Client(key) => format!("dockwarden.{key}"),
            Key::Config(key) => {
                let segments: Vec<String> = key.split('.').map(camel_case).collect();
                format!("dockwarden.{}", segments.join("."))
            }
        }
    }

    pub fn config_key(&self) -> Option<&'static str> {
        match self.key {
            Key::Config(key) => Some(key),
            Key::Client(_) => None,
        }
    }
}

/// `extend-select` to `extendSelect`.
pub fn camel_case(kebab: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for character in kebab.chars() {
        if character == '-' {
            upper = true;
        } else if upper {
            out.extend(character.to_uppercase());
            upper = false;
        } else {
            out.push(character);
        }
    }
    out
}

/// Every setting, in the order the settings editor shows them.
pub fn settings() -> Vec<Setting> {
    let selectors = |description: &str, default: Value| {
        let mut schema = json!({
            "type": "array",
            "items": selector_schema(),
            "uniqueItems": true,
            "default": default,
            "markdownDescription": description,
        });
        if schema["default"].is_null() {
            schema["type"] = json!(["array", "null"]);
        }
        schema
    };
    vec![
        Setting {
            key: Key::Client("path"),
            schema: json!({
                "type": "string",
                "default": "",
                "markdownDescription": "The `dockwarden` program to run as the language server \
                    instead of the one bundled with the extension (an absolute path, or relative \
                    to the first workspace folder). When empty, the bundled program runs, or \
                    `dockwarden` on `PATH` when the extension has none for this platform. In an \
                    untrusted workspace only the value in user settings is used: a workspace \
                    must not be able to run a program of its choice.",
            }),
        },
        Setting {
            key: Key::Config("select"),
            schema: selectors(
                "Rules to run instead of the default set: codes (`DF001`), names \
                 (`final-user-is-root`), code prefixes (`DF`, `CP0`) or `ALL`. Opt-in rules \
                 are selected only by code or name. `null` keeps the default set. Laid over \
                 `select` in `.dockwarden.toml`.",
                Value::Null,
            ),
        },
        Setting {
            key: Key::Config("extend-select"),
            schema: selectors(
                "Rules to run in addition to `#dockwarden.select#`, such as opt-in rules. \
                 Added to `extend-select` in `.dockwarden.toml`.",
                json!([]),
            ),
        },
        Setting {
            key: Key::Config("ignore"),
            schema: selectors(
                "Rules never to run: codes, names or prefixes. Added to `ignore` in \
                 `.dockwarden.toml`.",
                json!([]),
            ),
        },
        Setting {
            key: Key::Config("severity"),
            schema: {
                let mut schema = severity_schema();
                schema["default"] = json!(Severity::Info.as_str());
                schema["markdownDescription"] =
                    json!("Report only findings at or above this severity.");
                schema
            },
        },
        Setting {
            key: Key::Config("severities"),
            schema: json!({
                "type": "object",
                "propertyNames": rule_name_schema(),
                "additionalProperties": severity_schema(),
                "default": {},
                "markdownDescription": "Severity overrides by rule code or name, such as \
                    `{ \"DF019\": \"low\" }`. Added to `[severities]` in `.dockwarden.toml`.",
            }),
        },
        Setting {
            key: Key::Config("unsafe-fixes"),
            schema: json!({
                "type": "boolean",
                "default": false,
                "markdownDescription": "Let **Fix all** (`source.fixAll.dockwarden`, also on \
                    save) apply unsafe and template fixes too. Quick fixes are offered either \
                    way, with their consequence in their title.",
            }),
        },
        Setting {
            key: Key::Config("registries.allowed"),
            schema: json!({
                "type": ["array", "null"],
                "items": { "type": "string" },
                "uniqueItems": true,
                "default": null,
                "markdownDescription": "Where images may come from (rules DF026 and CP040): \
                    registry hosts or repository prefixes such as `docker.io` or \
                    `ghcr.io/acme`. Docker Hub images are `docker.io/library/NAME` and \
                    `docker.io/USER/NAME`. `null` sets no allow-list.",
            }),
        },
        Setting {
            key: Key::Config("compose.files"),
            schema: json!({
                "type": "array",
                "items": { "type": "string" },
                "uniqueItems": true,
                "default": [],
                "markdownDescription": "Glob patterns of YAML files that are Compose files \
                    beyond the standard names (`compose.yaml`, `docker-compose.yml` and their \
                    variants), relative to the workspace folder: `deploy/*.yml`.",
            }),
        },
        Setting {
            key: Key::Config("overrides"),
            schema: json!({
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["files"],
                    "additionalProperties": false,
                    "properties": {
                        "files": {
                            "type": "array",
                            "items": { "type": "string" },
                            "description": "Glob patterns, relative to the workspace folder.",
                        },
                        "select": {
                            "type": "array",
                            "items": selector_schema(),
                            "description": "Rules to run instead, for these files.",
                        },
                        "extend-select": {
                            "type": "array",
                            "items": selector_schema(),
                            "description": "Rules to run in addition, for these files.",
                        },
                        "ignore": {
                            "type": "array",
                            "items": selector_schema(),
                            "description": "Rules not to run on these files.",
                        },
                        "severities": {
                            "type": "object",
                            "propertyNames": rule_name_schema(),
                            "additionalProperties": severity_schema(),
                            "description": "Severity overrides for these files.",
                        },
                    },
                },
                "default": [],
                "markdownDescription": "Settings for some paths only, applied in order after \
                    the others, as `[[overrides]]` in `.dockwarden.toml`: \
                    `[{ \"files\": [\"legacy/**\"], \"ignore\": [\"DF001\"] }]`.",
            }),
        },
        Setting {
            key: Key::Client("trace.server"),
            schema: json!({
                "type": "string",
                "enum": ["off", "messages", "verbose"],
                "enumDescriptions": [
                    "No trace.",
                    "The name of each message.",
                    "Each message with its content.",
                ],
                "default": "off",
                "markdownDescription": "Trace the messages between VS Code and the language \
                    server in the **dockwarden** output channel.",
            }),
        },
    ]
}

/// The `contributes.configuration` block.
pub fn configuration_block() -> Value {
    let mut properties = Map::new();
    for setting in settings() {
        properties.insert(setting.vscode_id(), setting.schema);
    }
    json!({ "title": "dockwarden", "properties": properties })
}

/// A rule selector: a code, a name, a code prefix or `ALL`.
fn selector_schema() -> Value {
    let mut names = vec![json!("ALL"), json!("DF"), json!("CP")];
    let mut descriptions =
        vec![json!("Every rule."), json!("Every Dockerfile rule."), json!("Every Compose rule.")];
    for rule in RULES {
        names.push(json!(rule.meta.code));
        names.push(json!(rule.meta.name));
        let opt_in = if rule.meta.is_opt_in() { " (opt-in)" } else { "" };
        let description = format!("{}{opt_in}", rule.meta.summary());
        descriptions.push(json!(description));
        descriptions.push(json!(description));
    }
    json!({
        "type": "string",
        "anyOf": [
            { "enum": names, "enumDescriptions": descriptions },
            {
                "pattern": "^(DF|CP)[0-9]{0,3}$",
                "patternErrorMessage": "A rule code or name, a code prefix (DF, CP0) or ALL.",
            },
        ],
    })
}

/// A rule's code or name.
fn rule_name_schema() -> Value {
    let names: Vec<&str> = RULES.iter().flat_map(|rule| [rule.meta.code, rule.meta.name]).collect();
    json!({ "enum": names })
}

fn severity_schema() -> Value {
    let mut names: Vec<&str> = Severity::ALL.iter().map(|severity| severity.as_str()).collect();
    names.reverse();
    json!({ "type": "string", "enum": names })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::fs;
    use std::path::PathBuf;

    use dockwarden_analysis::config::Config;

    use super::*;

    fn package_json_path() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../vscode-extension/package.json")
    }

    /// `package.json` with its `contributes.configuration` block regenerated,
    /// printed as npm prints it (two-space JSON and a final newline).
    fn regenerated(committed: &str) -> String {
        let mut manifest: Value = serde_json::from_str(committed).expect("package.json is JSON");
        manifest["contributes"]["configuration"] = configuration_block();
        let mut text = serde_json::to_string_pretty(&manifest).unwrap();
        text.push('\n');
        text
    }

    /// STYLE.md point 12: the committed schema is what the code generates.
    #[test]
    fn vscode_settings_schema_in_package_json_is_fresh() {
        let path = package_json_path();
        let committed = fs::read_to_string(&path).expect("vscode-extension/package.json");
        let fresh = regenerated(&committed);
        if std::env::var_os("DOCKWARDEN_UPDATE_SETTINGS").is_some() {
            fs::write(&path, fresh).unwrap();
            return;
        }
        assert!(
            committed == fresh,
            "vscode-extension/package.json's contributes.configuration is out of date.\n\
             Regenerate it with: DOCKWARDEN_UPDATE_SETTINGS=1 cargo test -p dockwarden \
             vscode_settings"
        );
    }

    /// The keys a table of `.dockwarden.toml` accepts, as serde lists them
    /// when it meets an unknown one.
    /// `header` opens the table (empty for the top level) and `prefix` goes
    /// before each key found.
    fn accepted_keys(header: &str, prefix: &str) -> BTreeSet<String> {
        let text = format!("{header}\ndockwarden-probe = 0\n");
        let (_, errors) = Config::parse_toml(&text);
        let message = &errors.first().expect("an unknown key is an error").message;
        let (_, expected) = message.split_once("expected").expect(message);
        expected.split('`').skip(1).step_by(2).map(|key| format!("{prefix}{key}")).collect()
    }

    /// Every key of `Config` is a setting, except the tables that hold
    /// settings (`registries`, `compose`): a new key fails here until it is
    /// described above.
    #[test]
    fn every_config_key_is_a_setting() {
        let mut keys = accepted_keys("", "");
        assert!(keys.contains("extend-select") && keys.contains("overrides"), "{keys:?}");
        for table in ["registries", "compose"] {
            assert!(keys.remove(table), "{table}");
            keys.extend(accepted_keys(&format!("[{table}]"), &format!("{table}.")));
        }
        let described: BTreeSet<String> = settings()
            .iter()
            .filter_map(|setting| setting.config_key().map(str::to_owned))
            .collect();
        assert_eq!(described, keys);
        let override_keys = accepted_keys("[[overrides]]\nfiles = []", "");
        let block = configuration_block();
        let described: BTreeSet<String> =
            block["properties"]["dockwarden.overrides"]["items"]["properties"]
                .as_object()
                .unwrap()
                .keys()
                .cloned()
                .collect();
        assert_eq!(described, override_keys);
    }

    /// Setting ids turn back into config keys the way the extension does it.
    #[test]
    fn ids_are_the_camel_case_of_the_config_keys() {
        for setting in settings() {
            let id = setting.vscode_id();
            let Some(key) = setting.config_key() else { continue };
            let back: Vec<String> = id
                .trim_start_matches("dockwarden.")
                .split('.')
                .map(|segment| {
                    segment.chars().fold(String::new(), |mut out, character| {
                        if character.is_ascii_uppercase() {
                            out.push('-');
                        }
                        out.push(character.to_ascii_lowercase());
                        out
                    })
                })
                .collect();
            assert_eq!(back.join("."), key, "{id}");
        }
        assert_eq!(camel_case("extend-select"), "extendSelect");
        assert_eq!(camel_case("unsafe-fixes"), "unsafeFixes");
    }

    /// Settings the way the extension sends them (kebab-case keys, tables as
    /// nested objects, only what the user set) read as a `Config` without an
    /// error, the way the language server reads them: an example of each.
    #[test]
    fn settings_as_sent_read_as_a_config() {
        let first = RULES[0].meta;
        let sent = json!({
            "select": ["DF", "CP0", "ALL", first.code],
            "extend-select": [first.name],
            "ignore": [RULES[RULES.len() - 1].meta.code],
            "severity": "low",
            "severities": { first.code: "critical", RULES[1].meta.name: "info" },
            "unsafe-fixes": true,
            "registries": { "allowed": ["docker.io", "ghcr.io/acme"] },
            "compose": { "files": ["deploy/*.yml"] },
            "overrides": [{
                "files": ["legacy/**"],
                "select": ["DF"],
                "extend-select": [first.code],
                "ignore": [first.name],
                "severities": { first.code: "high" },
            }],
        });
        let (config, errors) = Config::from_editor_settings(&sent);
        assert!(errors.is_empty(), "{errors:?}");
        let (_, errors) = config.resolve();
        assert!(errors.is_empty(), "{errors:?}");
        assert!(config.unsafe_fixes == Some(true) && config.overrides.len() == 1);
        // Every server setting has its key in the example.
        for setting in settings() {
            let Some(key) = setting.config_key() else { continue };
            let mut value = &sent;
            for segment in key.split('.') {
                value = &value[segment];
            }
            assert!(!value.is_null(), "{key} is not in the example");
        }
    }

    /// What the schema offers as rule names and severities is what the
    /// configuration accepts.
    #[test]
    fn enums_hold_only_accepted_values() {
        let block = configuration_block();
        let properties = &block["properties"];
        for name in properties["dockwarden.select"]["items"]["anyOf"][0]["enum"].as_array().unwrap()
        {
            let text = format!("select = [{name}]\n");
            let (config, errors) = Config::parse_toml(&text);
            assert!(errors.is_empty());
            assert!(config.resolve().1.is_empty(), "{name}");
        }
        for name in properties["dockwarden.severity"]["enum"].as_array().unwrap() {
            let text = format!("severity = {name}\n");
            let (config, _) = Config::parse_toml(&text);
            assert!(config.resolve().1.is_empty(), "{name}");
        }
    }
}
