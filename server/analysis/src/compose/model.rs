//! The typed Compose model over the YAML tree: services and what they
//! declare, the top-level networks, volumes, secrets and configs, `include`
//! and `name`. Every value keeps the node, and so the range, the user wrote;
//! merge keys are resolved, `!reset` values count as absent, and values are
//! read leniently (a value of the wrong shape is `None` here and CP102's
//! business).

use crate::compose::interpolation::{Piece, has_variables, pieces, static_value};
use crate::compose::values::{PortShort, parse_bool_word, parse_port_short};
use crate::compose::yaml::{Entry, NodeId, ScalarStyle, ScalarType, YamlTree};
use crate::text::TextRange;

/// A value with the node it was read from.
#[derive(Clone, PartialEq, Debug)]
pub struct Spanned<T> {
    pub value: T,
    pub node: NodeId,
    pub range: TextRange,
}

/// A name declared in a top-level section (`networks:`, `volumes:`…).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Declared {
    pub name: String,
    pub entry: Entry,
}

/// The model of a whole file: the healthy documents merged in order.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct ComposeModel {
    /// The root mapping of each healthy document.
    pub roots: Vec<NodeId>,
    pub name: Option<Spanned<String>>,
    pub services: Vec<Service>,
    pub networks: Vec<Declared>,
    pub volumes: Vec<Declared>,
    pub secrets: Vec<Declared>,
    pub configs: Vec<Declared>,
    /// The entries of `include:`.
    pub includes: Vec<NodeId>,
}

/// A service: its name and its mapping.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Service {
    pub name: String,
    /// `web:` and its mapping.
    pub entry: Entry,
    /// The root mapping of the document that declares it.
    pub root: NodeId,
}

impl ComposeModel {
    pub fn build(tree: &YamlTree) -> ComposeModel {
        let mut model = ComposeModel::default();
        for document in tree.documents.iter().filter(|document| !document.broken) {
            let Some(root) = document.root else { continue };
            if tree.mapping(root).is_none() {
                continue;
            }
            model.roots.push(root);
            if let Some(name) = tree.get(root, "name") {
                model.name = string(tree, name);
            }
            let section = |key: &str| -> Vec<Declared> {
                let Some(section) = tree.get(root, key) else { return Vec::new() };
                if present(tree, section).is_none() {
                    return Vec::new();
                }
                tree.entries(section)
                    .into_iter()
                    .filter_map(|entry| {
                        let name = tree.str(entry.key)?.to_owned();
                        (!name.starts_with("x-") || key == "services")
                            .then_some(Declared { name, entry })
                    })
                    .collect()
            };
            for declared in section("services") {
                if tree.mapping(declared.entry.value).is_some() {
                    model.services.push(Service {
                        name: declared.name,
                        entry: declared.entry,
                        root,
                    });
                }
            }
            model.networks.extend(section("networks"));
            model.volumes.extend(section("volumes"));
            model.secrets.extend(section("secrets"));
            model.configs.extend(section("configs"));
            if let Some(include) = tree.get(root, "include").and_then(|node| tree.sequence(node)) {
                model.includes.extend(include.items());
            }
        }
        model
    }

    pub fn service(&self, name: &str) -> Option<&Service> {
        self.services.iter().rev().find(|service| service.name == name)
    }
}

/// The node, unless it is absent for Compose: a null, or tagged `!reset`.
pub fn present(tree: &YamlTree, node: NodeId) -> Option<NodeId> {
    if tree.tag(node) == Some("!reset") { None } else { Some(node) }
}

/// A scalar's text as written, decoded, with its node.
pub fn string(tree: &YamlTree, node: NodeId) -> Option<Spanned<String>> {
    let node = present(tree, node)?;
    let scalar = tree.scalar(node)?;
    if scalar.is_null() {
        return None;
    }
    Some(Spanned { value: scalar.value.clone(), node, range: tree.range(tree.resolve(node)) })
}

/// A scalar's value as far as it is known without the environment: its
/// text with defaults substituted, or `None` when a variable has none.
pub fn static_string(tree: &YamlTree, node: NodeId) -> Option<Spanned<String>> {
    let spanned = string(tree, node)?;
    let value = static_value(&spanned.value)?;
    Some(Spanned { value, ..spanned })
}

/// A boolean as Compose reads it (`true`, and strings such as `"yes"`).
pub fn boolean(tree: &YamlTree, node: NodeId) -> Option<Spanned<bool>> {
    let node = present(tree, node)?;
    let scalar = tree.scalar(node)?;
    let value = match scalar.resolved_type() {
        ScalarType::Bool => scalar.as_bool(),
        ScalarType::String => parse_bool_word(&static_value(&scalar.value)?),
        _ => None,
    }?;
    Some(Spanned { value, node, range: tree.range(tree.resolve(node)) })
}

/// The strings of a list, or of a single string (`dns`, `tmpfs`).
pub fn strings(tree: &YamlTree, node: NodeId) -> Vec<Spanned<String>> {
    let Some(node) = present(tree, node) else { return Vec::new() };
    match tree.sequence(node) {
        Some(sequence) => sequence.items().filter_map(|item| string(tree, item)).collect(),
        None => string(tree, node).into_iter().collect(),
    }
}

/// How a value is set: literally, or through interpolation.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Literalness {
    Literal,
    /// Uses a variable: not a literal (RULES.md, precision notes).
    Interpolated,
}

/// One environment variable of a service.
#[derive(Clone, PartialEq, Debug)]
pub struct EnvVar {
    pub name: String,
    /// The name as written (inside `KEY=value` for the list form).
    pub name_range: TextRange,
    /// The value's decoded text; `None` for `KEY` alone or `KEY:` (taken
    /// from the environment).
    pub value: Option<String>,
    pub literalness: Literalness,
    /// Whether the value is a YAML boolean or number rather than a string.
    pub typed_value: bool,
    /// The list item (`- KEY=value`) or the map entry's value.
    pub node: NodeId,
    /// The map entry, for the map form.
    pub entry: Option<Entry>,
}

/// The `KEY=value` pairs of `environment`, `args`, `labels` in either form.
pub fn list_or_dict(tree: &YamlTree, node: NodeId) -> Vec<EnvVar> {
    let Some(node) = present(tree, node) else { return Vec::new() };
    if let Some(sequence) = tree.sequence(node) {
        return sequence
            .items()
            .filter_map(|item| {
                let scalar = tree.scalar(item)?;
                let text = scalar.value.as_str();
                let (name, value) = match text.split_once('=') {
                    Some((name, value)) => (name, Some(value.to_owned())),
                    None => (text, None),
                };
                let range = tree.range(tree.resolve(item));
                let offset = scalar_content_offset(tree, item);
                let name_range = match offset {
                    Some(offset) => TextRange::at(range.start + offset, name.len()),
                    None => range,
                };
                let literalness = literalness(value.as_deref().unwrap_or(""));
                Some(EnvVar {
                    name: name.to_owned(),
                    name_range,
                    value,
                    literalness,
                    typed_value: false,
                    node: item,
                    entry: None,
                })
            })
            .collect();
    }
    tree.entries(node)
        .into_iter()
        .filter_map(|entry| {
            let name = tree.str(entry.key)?.to_owned();
            let scalar = tree.scalar(entry.value)?;
            let value = (!tree.is_null(entry.value)).then(|| scalar.value.clone());
            let typed_value = scalar.is_plain()
                && matches!(
                    scalar.resolved_type(),
                    ScalarType::Bool | ScalarType::Integer | ScalarType::Float
                );
            let literalness =
                if typed_value { Literalness::Literal } else { literalness(&scalar.value) };
            Some(EnvVar {
                name,
                name_range: tree.range(entry.key),
                value,
                literalness,
                typed_value,
                node: entry.value,
                entry: Some(entry),
            })
        })
        .collect()
}

fn literalness(value: &str) -> Literalness {
    if has_variables(value) { Literalness::Interpolated } else { Literalness::Literal }
}

/// Where a scalar's decoded text starts inside its range, when the text is
/// written as is (plain, or quoted without escapes or line folding).
pub fn scalar_content_offset(tree: &YamlTree, node: NodeId) -> Option<u32> {
    let resolved = tree.resolve(node);
    let scalar = tree.scalar(resolved)?;
    let range = tree.range(resolved);
    let (offset, inner_len) = match scalar.style {
        ScalarStyle::Plain => (0, range.len()),
        ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => (1, range.len().checked_sub(2)?),
        ScalarStyle::Literal | ScalarStyle::Folded => return None,
    };
    (inner_len as usize == scalar.value.len()).then_some(offset)
}

/// The kind of a mount.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum MountKind {
    Bind,
    Volume,
    Tmpfs,
    Npipe,
    Image,
    Cluster,
    /// A short-syntax source whose kind depends on an unset variable.
    Unknown,
}

/// One entry of a service's `volumes`, short or long syntax.
#[derive(Clone, PartialEq, Debug)]
pub struct VolumeMount {
    pub node: NodeId,
    pub kind: MountKind,
    /// The host path or volume name as written (`None` for an anonymous
    /// volume or a tmpfs).
    pub source: Option<Spanned<String>>,
    /// The source with defaults substituted, when known.
    pub source_value: Option<String>,
    pub target: Option<String>,
    pub read_only: bool,
    /// Short syntax options after the target (`ro`, `z`, `nocopy`…).
    pub options: Vec<String>,
    pub long_syntax: bool,
}

pub fn volume_mounts(tree: &YamlTree, service: NodeId) -> Vec<VolumeMount> {
    let Some(list) = tree.get(service, "volumes").and_then(|node| tree.sequence(node)) else {
        return Vec::new();
    };
    list.items().filter_map(|item| volume_mount(tree, item)).collect()
}

fn volume_mount(tree: &YamlTree, item: NodeId) -> Option<VolumeMount> {
    if tree.mapping(item).is_some() {
        let kind = match tree.get(item, "type").and_then(|node| tree.str(node)) {
            Some("bind") => MountKind::Bind,
            Some("volume") => MountKind::Volume,
            Some("tmpfs") => MountKind::Tmpfs,
            Some("npipe") => MountKind::Npipe,
            Some("image") => MountKind::Image,
            Some("cluster") => MountKind::Cluster,
            _ => MountKind::Unknown,
        };
        let source = tree.get(item, "source").and_then(|node| string(tree, node));
        let source_value = source.as_ref().and_then(|source| static_value(&source.value));
        let target = tree.get(item, "target").and_then(|node| tree.str(node)).map(str::to_owned);
        let read_only = tree
            .get(item, "read_only")
            .and_then(|node| boolean(tree, node))
            .is_some_and(|b| b.value);
        return Some(VolumeMount {
            node: item,
            kind,
            source,
            source_value,
            target,
            read_only,
            options: Vec::new(),
            long_syntax: true,
        });
    }
    let spanned = string(tree, item)?;
    let text = spanned.value.as_str();
    let parts = split_volume_short(text);
    let (source, target, options) = match parts.as_slice() {
        [target] => (None, Some(*target), ""),
        [source, target] => (Some(*source), Some(*target), ""),
        [source, target, options, ..] => (Some(*source), Some(*target), *options),
        [] => (None, None, ""),
    };
    let options: Vec<String> =
        options.split(',').filter(|o| !o.is_empty()).map(str::to_owned).collect();
    let read_only = options.iter().any(|option| option == "ro");
    let (kind, source, source_value) = match source {
        None => (MountKind::Volume, None, None),
        Some(source) => {
            let value = static_value(source);
            let kind = match &value {
                Some(value) if is_host_path(value) => MountKind::Bind,
                Some(_) => MountKind::Volume,
                // `${DATA}/x` is a path whatever DATA holds.
                None if source.contains('/') || source.contains('\\') => MountKind::Bind,
                None => MountKind::Unknown,
            };
            let offset = scalar_content_offset(tree, item);
            let range = match offset {
                Some(offset) => TextRange::at(spanned.range.start + offset, source.len()),
                None => spanned.range,
            };
            let source = Spanned { value: source.to_owned(), node: item, range };
            (kind, Some(source), value)
        }
    };
    Some(VolumeMount {
        node: item,
        kind,
        source,
        source_value,
        target: target.map(str::to_owned),
        read_only,
        options,
        long_syntax: false,
    })
}

/// Splits `SOURCE:TARGET[:OPTIONS]`, keeping a Windows drive (`C:\…`) in
/// the source.
fn split_volume_short(text: &str) -> Vec<&str> {
    if text.contains("${") {
        return split_outside_braces(text);
    }
    let bytes = text.as_bytes();
    let drive = bytes.len() > 2
        && bytes[0].is_ascii_alphabetic()
        && bytes[1] == b':'
        && matches!(bytes[2], b'\\' | b'/');
    let first_colon_from = if drive { 2 } else { 0 };
    let mut parts = Vec::new();
    let mut start = 0;
    let mut search = first_colon_from;
    while let Some(offset) = text[search..].find(':') {
        let index = search + offset;
        parts.push(&text[start..index]);
        start = index + 1;
        // A target may be a Windows path too.
        search = if text[start..].len() > 2
            && text.as_bytes()[start].is_ascii_alphabetic()
            && text.as_bytes()[start + 1] == b':'
        {
            start + 2
        } else {
            start
        };
    }
    parts.push(&text[start..]);
    parts
}

/// Splits on the colons that are not inside `${…}`.
fn split_outside_braces(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    let bytes = text.as_bytes();
    for (index, byte) in bytes.iter().enumerate() {
        match byte {
            b'{' if index > 0 && bytes[index - 1] == b'$' => depth += 1,
            b'}' if depth > 0 => depth -= 1,
            b':' if depth == 0 => {
                parts.push(&text[start..index]);
                start = index + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

/// Whether a short-syntax source is a host path rather than a volume name,
/// as Compose decides it.
pub fn is_host_path(source: &str) -> bool {
    source.starts_with(['/', '.', '~', '\\'])
        || source.contains('/')
        || (source.len() > 1
            && source.as_bytes()[1] == b':'
            && source.as_bytes()[0].is_ascii_alphabetic())
}

/// A published port.
#[derive(Clone, PartialEq, Debug)]
pub struct Port {
    pub node: NodeId,
    pub syntax: PortSyntax,
}

#[derive(Clone, PartialEq, Debug)]
pub enum PortSyntax {
    /// `- 80`: a container port on an ephemeral host port.
    Number,
    /// `- "8080:80"`, with its text after interpolation when known.
    Short { text: String, parsed: Option<PortShort>, interpolated: bool },
    /// The mapping form.
    Long { host_ip: Option<Spanned<String>>, published: Option<Spanned<String>> },
}

/// What is known of a published port's host interface.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum HostIp {
    /// No host IP: all interfaces.
    Absent,
    Known(String),
    /// Set through a variable without a default.
    Unknown,
}

impl Port {
    pub fn host_ip(&self) -> HostIp {
        match &self.syntax {
            PortSyntax::Number => HostIp::Absent,
            PortSyntax::Short { parsed: None, .. } => HostIp::Unknown,
            PortSyntax::Short { text, parsed: Some(parsed), .. } => match parsed.host_ip_text(text)
            {
                Some(ip) => HostIp::Known(ip.to_owned()),
                None => HostIp::Absent,
            },
            PortSyntax::Long { host_ip: None, .. } => HostIp::Absent,
            PortSyntax::Long { host_ip: Some(ip), .. } => match static_value(&ip.value) {
                Some(ip) if ip.is_empty() => HostIp::Absent,
                Some(ip) => HostIp::Known(ip),
                None => HostIp::Unknown,
            },
        }
    }

    /// The published host port or range, when known.
    pub fn published(&self) -> Option<String> {
        match &self.syntax {
            PortSyntax::Number => None,
            PortSyntax::Short { text, parsed, .. } => {
                parsed.as_ref()?.host_port_text(text).map(str::to_owned)
            }
            PortSyntax::Long { published, .. } => static_value(&published.as_ref()?.value),
        }
    }
}

pub fn ports(tree: &YamlTree, service: NodeId) -> Vec<Port> {
    let Some(list) = tree.get(service, "ports").and_then(|node| tree.sequence(node)) else {
        return Vec::new();
    };
    list.items()
        .filter_map(|item| {
            if tree.mapping(item).is_some() {
                let field = |key: &str| tree.get(item, key).and_then(|node| string(tree, node));
                return Some(Port {
                    node: item,
                    syntax: PortSyntax::Long {
                        host_ip: field("host_ip"),
                        published: field("published"),
                    },
                });
            }
            let scalar = tree.scalar(item)?;
            if scalar.is_plain() && scalar.resolved_type() == ScalarType::Integer {
                return Some(Port { node: item, syntax: PortSyntax::Number });
            }
            let interpolated = has_variables(&scalar.value);
            let (text, parsed) = match static_value(&scalar.value) {
                Some(text) => {
                    let parsed = parse_port_short(&text).ok();
                    (text, parsed)
                }
                // A variable without a default: read the shape with each
                // variable standing in as a port number; a host IP that
                // comes from a variable stays unknown.
                None => {
                    let stand_in = with_variables_as(&scalar.value, "1");
                    let parsed =
                        parse_port_short(&stand_in).ok().filter(|parsed| parsed.host_ip.is_none());
                    (scalar.value.clone(), parsed.map(|_| PortShort::default()))
                }
            };
            Some(Port { node: item, syntax: PortSyntax::Short { text, parsed, interpolated } })
        })
        .collect()
}

/// The text with every variable replaced by `stand_in`.
fn with_variables_as(text: &str, stand_in: &str) -> String {
    pieces(text)
        .into_iter()
        .map(|piece| match piece {
            Piece::Text(text) => text,
            Piece::Variable(_) => stand_in.to_owned(),
        })
        .collect()
}

/// A service's `build`, string or mapping.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct Build {
    pub context: Option<Spanned<String>>,
    pub dockerfile: Option<Spanned<String>>,
    pub target: Option<Spanned<String>>,
    pub args: Vec<EnvVar>,
    pub secrets: Vec<Reference>,
}

pub fn build(tree: &YamlTree, service: NodeId) -> Option<Build> {
    let node = present(tree, tree.get(service, "build")?)?;
    if tree.mapping(node).is_none() {
        return Some(Build { context: string(tree, node), ..Build::default() });
    }
    let field = |key: &str| tree.get(node, key).and_then(|value| string(tree, value));
    Some(Build {
        context: field("context"),
        dockerfile: field("dockerfile"),
        target: field("target"),
        args: tree.get(node, "args").map(|args| list_or_dict(tree, args)).unwrap_or_default(),
        secrets: tree.get(node, "secrets").map(|list| references(tree, list)).unwrap_or_default(),
    })
}

/// A name a service refers to: a secret, config, network, service.
#[derive(Clone, PartialEq, Debug)]
pub struct Reference {
    pub name: String,
    /// Where the name is written.
    pub range: TextRange,
}

/// `secrets` and `configs` of a service: names or `{source: name}`.
pub fn references(tree: &YamlTree, list: NodeId) -> Vec<Reference> {
    let Some(sequence) = tree.sequence(list) else { return Vec::new() };
    sequence
        .items()
        .filter_map(|item| {
            let name = match tree.mapping(item) {
                Some(_) => string(tree, tree.get(item, "source")?)?,
                None => string(tree, item)?,
            };
            Some(Reference { name: name.value, range: name.range })
        })
        .collect()
}

/// The names of a list (`[a, b]`) or the keys of a mapping (`{a: …}`):
/// `networks` and `depends_on`.
pub fn names(tree: &YamlTree, node: NodeId) -> Vec<Reference> {
    let Some(node) = present(tree, node) else { return Vec::new() };
    if tree.sequence(node).is_some() {
        return strings(tree, node)
            .into_iter()
            .map(|name| Reference { name: name.value, range: name.range })
            .collect();
    }
    tree.entries(node)
        .into_iter()
        .filter_map(|entry| {
            let name = tree.str(entry.key)?;
            (!name.starts_with("x-"))
                .then(|| Reference { name: name.to_owned(), range: tree.range(entry.key) })
        })
        .collect()
}

/// `extends`, string or mapping.
#[derive(Clone, PartialEq, Debug)]
pub struct Extends {
    pub service: Spanned<String>,
    /// The other file, when it is not this one.
    pub file: Option<Spanned<String>>,
}

pub fn extends(tree: &YamlTree, service: NodeId) -> Option<Extends> {
    let node = present(tree, tree.get(service, "extends")?)?;
    if tree.mapping(node).is_none() {
        return Some(Extends { service: string(tree, node)?, file: None });
    }
    Some(Extends {
        service: string(tree, tree.get(node, "service")?)?,
        file: tree.get(node, "file").and_then(|file| string(tree, file)),
    })
}

/// The resource limits a service sets, in either place Compose reads them.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct Limits {
    /// `mem_limit` or `deploy.resources.limits.memory`.
    pub memory: Option<Spanned<String>>,
    /// `cpus` or `deploy.resources.limits.cpus`.
    pub cpus: Option<Spanned<String>>,
    /// `pids_limit` or `deploy.resources.limits.pids`.
    pub pids: Option<Spanned<String>>,
}

pub fn limits(tree: &YamlTree, service: NodeId) -> Limits {
    let deploy = tree
        .get(service, "deploy")
        .and_then(|deploy| tree.get(deploy, "resources"))
        .and_then(|resources| tree.get(resources, "limits"));
    let read = |own: &str, deployed: &str| {
        tree.get(service, own).and_then(|node| string(tree, node)).or_else(|| {
            deploy.and_then(|limits| tree.get(limits, deployed)).and_then(|node| string(tree, node))
        })
    };
    Limits {
        memory: read("mem_limit", "memory"),
        cpus: read("cpus", "cpus"),
        pids: read("pids_limit", "pids"),
    }
}

impl Service {
    pub fn body(&self) -> NodeId {
        self.entry.value
    }

    /// The value of a key of this service, merge keys resolved, `!reset`
    /// values absent.
    pub fn get(&self, tree: &YamlTree, key: &str) -> Option<NodeId> {
        present(tree, tree.get(self.body(), key)?)
    }

    /// Whether an entry is written in this service's own mapping (not
    /// brought by a merge key), so that a fix may edit it there.
    pub fn owns(&self, tree: &YamlTree, entry: Entry) -> bool {
        matches!(tree.node(self.body()).kind, crate::compose::yaml::NodeKind::Mapping(_))
            && tree.mapping(self.body()).is_some_and(|own| own.position(entry).is_some())
    }

    pub fn get_entry(&self, tree: &YamlTree, key: &str) -> Option<Entry> {
        let entry = tree.get_entry(self.body(), key)?;
        present(tree, entry.value).map(|_| entry)
    }

    pub fn string(&self, tree: &YamlTree, key: &str) -> Option<Spanned<String>> {
        string(tree, self.get(tree, key)?)
    }

    pub fn boolean(&self, tree: &YamlTree, key: &str) -> Option<Spanned<bool>> {
        boolean(tree, self.get(tree, key)?)
    }

    pub fn strings(&self, tree: &YamlTree, key: &str) -> Vec<Spanned<String>> {
        self.get(tree, key).map(|node| strings(tree, node)).unwrap_or_default()
    }

    pub fn image(&self, tree: &YamlTree) -> Option<Spanned<String>> {
        self.string(tree, "image")
    }

    pub fn environment(&self, tree: &YamlTree) -> Vec<EnvVar> {
        self.get(tree, "environment").map(|node| list_or_dict(tree, node)).unwrap_or_default()
    }

    pub fn ports(&self, tree: &YamlTree) -> Vec<Port> {
        ports(tree, self.body())
    }

    pub fn volumes(&self, tree: &YamlTree) -> Vec<VolumeMount> {
        volume_mounts(tree, self.body())
    }

    pub fn build(&self, tree: &YamlTree) -> Option<Build> {
        build(tree, self.body())
    }

    pub fn extends(&self, tree: &YamlTree) -> Option<Extends> {
        extends(tree, self.body())
    }

    pub fn limits(&self, tree: &YamlTree) -> Limits {
        limits(tree, self.body())
    }

    pub fn secrets(&self, tree: &YamlTree) -> Vec<Reference> {
        self.get(tree, "secrets").map(|node| references(tree, node)).unwrap_or_default()
    }

    pub fn configs(&self, tree: &YamlTree) -> Vec<Reference> {
        self.get(tree, "configs").map(|node| references(tree, node)).unwrap_or_default()
    }

    pub fn networks(&self, tree: &YamlTree) -> Vec<Reference> {
        self.get(tree, "networks").map(|node| names(tree, node)).unwrap_or_default()
    }

    pub fn depends_on(&self, tree: &YamlTree) -> Vec<Reference> {
        self.get(tree, "depends_on").map(|node| names(tree, node)).unwrap_or_default()
    }

    /// Whether the service says what it runs (an image, a build or an
    /// extended service). One that does not is a fragment completed by
    /// another file (an override), whose rules that need the whole service
    /// stay quiet.
    pub fn is_complete(&self, tree: &YamlTree) -> bool {
        ["image", "build", "extends"].iter().any(|key| self.get(tree, key).is_some())
    }
}
