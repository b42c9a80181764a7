//! What may be typed at a place in a Compose file: the keys the schema
//! allows there, capability names in `cap_add` and `cap_drop`, and the
//! networks, volumes, secrets, configs and services the file declares where
//! a service refers to them. The place is read from the indentation of the
//! lines above, so that it works in a file that does not parse yet.

use super::hover::{SERVICE_KEYS, TOP_LEVEL_KEYS};
use crate::compose::ComposeFile;
use crate::compose::schema::{self, Kind, Object};
use crate::ide::{Completion, CompletionKind};
use crate::text::{TextRange, line_start, to_u32};

/// Linux capabilities, as Compose names them (without `CAP_`).
pub const CAPABILITIES: &[&str] = &[
    "ALL",
    "AUDIT_CONTROL",
    "AUDIT_READ",
    "AUDIT_WRITE",
    "BLOCK_SUSPEND",
    "BPF",
    "CHECKPOINT_RESTORE",
    "CHOWN",
    "DAC_OVERRIDE",
    "DAC_READ_SEARCH",
    "FOWNER",
    "FSETID",
    "IPC_LOCK",
    "IPC_OWNER",
    "KILL",
    "LEASE",
    "LINUX_IMMUTABLE",
    "MAC_ADMIN",
    "MAC_OVERRIDE",
    "MKNOD",
    "NET_ADMIN",
    "NET_BIND_SERVICE",
    "NET_BROADCAST",
    "NET_RAW",
    "PERFMON",
    "SETFCAP",
    "SETGID",
    "SETPCAP",
    "SETUID",
    "SYS_ADMIN",
    "SYS_BOOT",
    "SYS_CHROOT",
    "SYS_MODULE",
    "SYS_NICE",
    "SYS_PACCT",
    "SYS_PTRACE",
    "SYS_RAWIO",
    "SYS_RESOURCE",
    "SYS_TIME",
    "SYS_TTY_CONFIG",
    "SYSLOG",
    "WAKE_ALARM",
];

/// The completions at `offset`.
pub fn completions(file: &ComposeFile, offset: u32) -> Vec<Completion> {
    let text = file.text();
    let offset = offset.min(to_u32(text.len()));
    if !text.is_char_boundary(offset as usize) {
        return Vec::new();
    }
    let start = line_start(text, offset);
    let before = &text[start as usize..offset as usize];
    if before.trim_start().starts_with('#') {
        return Vec::new();
    }
    let indent = before.len() - before.trim_start_matches(' ').len();
    let mut keys = parent_keys(&text[..start as usize], indent);
    let mut rest = before.trim_start();
    let in_item = rest.starts_with("- ") || rest == "-";
    if in_item {
        rest = rest.trim_start_matches('-').trim_start();
    }
    let word_len = rest.len()
        - rest.trim_end_matches(|c: char| c.is_alphanumeric() || "_-.".contains(c)).len();
    let word = &rest[rest.len() - word_len..];
    let replace = TextRange::new(offset - to_u32(word.len()), offset);
    // `key: value` on this line: the value of `key`.
    let on_value = match rest.split_once(':') {
        Some((key, _)) if is_key(key) => {
            keys.push(key.trim().to_owned());
            true
        }
        _ => false,
    };
    if on_value || in_item {
        return values(file, &keys, replace);
    }
    if !rest.chars().all(|c| c.is_alphanumeric() || "_-.".contains(c)) {
        return Vec::new();
    }
    // A key of a mapping of names (`networks:` in a service) is a name.
    let named = names_for(file, &keys);
    if !named.is_empty() {
        return named
            .into_iter()
            .map(|(name, kind)| {
                let insert = format!("{name}:");
                completion(name, kind, None, replace, insert)
            })
            .collect();
    }
    keys_at(&keys, replace)
}

/// The keys of the lines above with less indentation, outermost first.
fn parent_keys(above: &str, indent: usize) -> Vec<String> {
    let mut keys = Vec::new();
    let mut limit = indent;
    for line in above.lines().rev() {
        let content = line.trim_start_matches(' ');
        if content.trim().is_empty() || content.starts_with('#') {
            continue;
        }
        let line_indent = line.len() - content.len();
        if line_indent >= limit {
            continue;
        }
        let content = content.trim_start_matches("- ");
        if let Some((key, _)) = content.split_once(':')
            && is_key(key)
        {
            keys.push(key.trim().trim_matches(['"', '\'']).to_owned());
        }
        limit = line_indent;
        if limit == 0 {
            break;
        }
    }
    keys.reverse();
    keys
}

fn is_key(text: &str) -> bool {
    let text = text.trim().trim_matches(['"', '\'']);
    !text.is_empty() && text.chars().all(|c| c.is_alphanumeric() || "_-.".contains(c))
}

/// The schema's object at a path of keys, if the path leads to one.
fn object_at(keys: &[String]) -> Option<&'static Object> {
    let mut kind = Kind::Object(&schema::TOP_LEVEL);
    for key in keys {
        kind = match kind {
            Kind::Object(object) => object.field(key)?.kind,
            Kind::Dict(inner) => *inner,
            Kind::Shapes(shapes) => match shapes.mapping? {
                Kind::Object(object) => object.field(key)?.kind,
                Kind::Dict(inner) => *inner,
                _ => return None,
            },
            _ => return None,
        };
    }
    match kind {
        Kind::Object(object) => Some(object),
        Kind::Shapes(shapes) => match shapes.mapping? {
            Kind::Object(object) => Some(object),
            _ => None,
        },
        Kind::List(item) => match item {
            Kind::Object(object) => Some(object),
            Kind::Shapes(shapes) => match shapes.mapping? {
                Kind::Object(object) => Some(object),
                _ => None,
            },
            _ => None,
        },
        _ => None,
    }
}

fn keys_at(keys: &[String], replace: TextRange) -> Vec<Completion> {
    let Some(object) = object_at(keys) else { return Vec::new() };
    let is_service = keys.len() == 2 && keys[0] == "services";
    object
        .fields
        .iter()
        .map(|field| {
            let documentation = if is_service {
                super::hover::service_key_markdown(field.name)
            } else if keys.is_empty() {
                TOP_LEVEL_KEYS
                    .iter()
                    .find(|(name, _)| *name == field.name)
                    .map(|(_, meaning)| (*meaning).to_owned())
            } else {
                None
            };
            let detail = is_service
                .then(|| {
                    SERVICE_KEYS
                        .iter()
                        .find(|(name, _, _)| *name == field.name)
                        .map(|(_, meaning, _)| (*meaning).to_owned())
                })
                .flatten();
            Completion {
                label: field.name.to_owned(),
                kind: CompletionKind::Keyword,
                detail,
                documentation,
                replace,
                insert: format!("{}: ", field.name),
            }
        })
        .collect()
}

/// Values at the end of `keys`: capabilities or declared names.
fn values(file: &ComposeFile, keys: &[String], replace: TextRange) -> Vec<Completion> {
    let in_service = keys.len() >= 3 && keys[0] == "services";
    let last = keys.last().map(String::as_str);
    if in_service && matches!(last, Some("cap_add" | "cap_drop")) && keys.len() == 3 {
        return CAPABILITIES
            .iter()
            .map(|name| {
                completion(
                    (*name).to_owned(),
                    CompletionKind::Capability,
                    None,
                    replace,
                    (*name).to_owned(),
                )
            })
            .collect();
    }
    names_for(file, keys)
        .into_iter()
        .map(|(name, kind)| completion(name.clone(), kind, None, replace, name))
        .collect()
}

/// The declared names a service's key refers to.
fn names_for(file: &ComposeFile, keys: &[String]) -> Vec<(String, CompletionKind)> {
    if keys.len() < 3 || keys[0] != "services" {
        return Vec::new();
    }
    let model = &file.model;
    let declared = |list: &[crate::compose::model::Declared]| -> Vec<(String, CompletionKind)> {
        list.iter().map(|declared| (declared.name.clone(), CompletionKind::Reference)).collect()
    };
    let services = || -> Vec<(String, CompletionKind)> {
        model
            .services
            .iter()
            .filter(|service| service.name != keys[1])
            .map(|service| (service.name.clone(), CompletionKind::Reference))
            .collect()
    };
    match &keys[2..] {
        [key] if key == "networks" => declared(&model.networks),
        [key] if key == "volumes" => declared(&model.volumes),
        [key] if key == "secrets" => declared(&model.secrets),
        [key] if key == "configs" => declared(&model.configs),
        [key] if key == "depends_on" || key == "links" || key == "extends" => services(),
        [key, source] if (key == "secrets" && source == "source") => declared(&model.secrets),
        [key, source] if (key == "configs" && source == "source") => declared(&model.configs),
        [key, service] if key == "extends" && service == "service" => services(),
        _ => Vec::new(),
    }
}

fn completion(
    label: String,
    kind: CompletionKind,
    detail: Option<String>,
    replace: TextRange,
    insert: String,
) -> Completion {
    Completion { label, kind, detail, documentation: None, replace, insert }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(marked: &str) -> Vec<String> {
        let offset = marked.find('|').unwrap();
        let text = marked.replace('|', "");
        completions(&ComposeFile::parse(&text), offset as u32)
            .into_iter()
            .map(|c| c.label)
            .collect()
    }

    #[test]
    fn keys_at_their_place() {
        let found = labels("services:\n  web:\n    image: nginx\n    priv|\n");
        assert!(found.contains(&"privileged".to_owned()) && found.contains(&"cap_drop".to_owned()));
        assert!(!found.contains(&"services".to_owned()));
        let top = labels("services: {}\nnet|");
        assert!(top.contains(&"networks".to_owned()) && !top.contains(&"privileged".to_owned()));
        let deploy = labels("services:\n  web:\n    deploy:\n      res|");
        assert!(deploy.contains(&"resources".to_owned()), "{deploy:?}");
    }

    #[test]
    fn capabilities_in_lists_and_flow_sequences() {
        let found = labels("services:\n  web:\n    cap_add:\n      - NET_|\n");
        assert!(found.contains(&"NET_ADMIN".to_owned()));
        let flow = labels("services:\n  web:\n    cap_drop: [ALL, SYS_|]\n");
        assert!(flow.contains(&"SYS_ADMIN".to_owned()));
    }

    #[test]
    fn declared_names_where_referenced() {
        let text = "services:\n  web:\n    networks: [|]\n    depends_on:\n      - db\n  db:\n    image: postgres\nnetworks:\n  front: {}\n  back: {}\n";
        assert_eq!(labels(text), ["front", "back"]);
        let text = "services:\n  web:\n    depends_on:\n      - |\n  db:\n    image: postgres\n";
        assert_eq!(labels(text), ["db"]);
        let text =
            "services:\n  web:\n    image: x\n    networks:\n      |\nnetworks:\n  front: {}\n";
        assert_eq!(labels(text), ["front"]);
    }
}
