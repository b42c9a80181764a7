//! Checks a Compose document against the key schema: keys the specification
//! does not define at their place (CP101) and values of the wrong type or
//! format (CP102). Interpolated values are checked through their defaults,
//! and not at all when a variable has none.

use std::collections::HashSet;

use crate::compose::interpolation::{has_variables, static_value};
use crate::compose::schema::{Format, Kind, Object, Shapes, TOP_LEVEL};
use crate::compose::values::{
    is_byte_size, is_duration, is_integer, is_number, is_port_or_range, parse_bool_word,
    parse_port_short,
};
use crate::compose::yaml::{Entry, NodeId, NodeKind, ScalarStyle, ScalarType, YamlTree};
use crate::text::TextRange;

/// One schema finding.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum SchemaIssue {
    UnknownKey { range: TextRange, key: String, place: String, suggestion: Option<&'static str> },
    InvalidValue { range: TextRange, message: String },
}

impl SchemaIssue {
    /// The issue with its range moved.
    fn moved(&self, move_range: impl Fn(TextRange) -> TextRange) -> SchemaIssue {
        let mut issue = self.clone();
        match &mut issue {
            SchemaIssue::UnknownKey { range, .. } | SchemaIssue::InvalidValue { range, .. } => {
                *range = move_range(*range);
            }
        }
        issue
    }

    pub fn range(&self) -> TextRange {
        match self {
            SchemaIssue::UnknownKey { range, .. } | SchemaIssue::InvalidValue { range, .. } => {
                *range
            }
        }
    }
}

/// Validates a document's root against the top level of the schema.
pub fn validate(tree: &YamlTree, root: NodeId) -> Vec<SchemaIssue> {
    validate_reusing(tree, root, &ServiceIssues::default(), &mut ServiceIssues::default())
}

/// What each service's validation found, before each issue was reported
/// once: a service's issues depend only on its own nodes (and the anchored
/// ones it merges), so after an edit elsewhere they are taken as they were.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct ServiceIssues {
    /// In the order the services were validated.
    services: Vec<(Entry, Vec<SchemaIssue>)>,
}

impl ServiceIssues {
    /// The issues kept for the services an edit did not touch, moved into
    /// the new tree. `keep` maps an old service entry to the new tree, or
    /// refuses it; `move_range` maps an old range.
    pub fn carried_over(
        &self,
        keep: impl Fn(Entry) -> Option<Entry>,
        move_range: impl Fn(TextRange) -> TextRange,
    ) -> ServiceIssues {
        let mut services: Vec<(Entry, Vec<SchemaIssue>)> = self
            .services
            .iter()
            .filter_map(|(entry, issues)| {
                let entry = keep(*entry)?;
                let issues = issues.iter().map(|issue| issue.moved(&move_range)).collect();
                Some((entry, issues))
            })
            .collect();
        // Looked up by key.
        services.sort_by_key(|(entry, _)| entry.key);
        ServiceIssues { services }
    }

    fn get(&self, entry: Entry) -> Option<&[SchemaIssue]> {
        let index = self.services.binary_search_by_key(&entry.key, |(entry, _)| entry.key).ok()?;
        let (found, issues) = &self.services[index];
        (*found == entry).then_some(issues.as_slice())
    }
}

/// Validates a document's root, taking the issues of the services found in
/// `reuse` from there, and recording each service's issues in `found`.
pub fn validate_reusing(
    tree: &YamlTree,
    root: NodeId,
    reuse: &ServiceIssues,
    found: &mut ServiceIssues,
) -> Vec<SchemaIssue> {
    let mut validator = Validator {
        tree,
        issues: Vec::new(),
        seen: HashSet::new(),
        reuse,
        recording: None,
        found: std::mem::take(&mut found.services),
    };
    validator.check(root, Kind::Object(&TOP_LEVEL), "");
    found.services = validator.found;
    validator.issues
}

struct Validator<'a> {
    tree: &'a YamlTree,
    issues: Vec<SchemaIssue>,
    /// Issues already reported: an anchored node merged into several
    /// services is reported once, where it is written.
    seen: HashSet<(TextRange, &'static str)>,
    reuse: &'a ServiceIssues,
    /// The issues of the service being validated, as found.
    recording: Option<Vec<SchemaIssue>>,
    found: Vec<(Entry, Vec<SchemaIssue>)>,
}

impl Validator<'_> {
    fn report(&mut self, issue: SchemaIssue) {
        if let Some(recording) = &mut self.recording {
            recording.push(issue.clone());
        }
        // The place is left out: an anchored mapping merged into several
        // services is one mistake, reported once where it is written.
        let kind = match &issue {
            SchemaIssue::UnknownKey { .. } => "unknown",
            SchemaIssue::InvalidValue { .. } => "invalid",
        };
        let key = (issue.range(), kind);
        if self.seen.insert(key) {
            self.issues.push(issue);
        }
    }

    fn invalid(&mut self, node: NodeId, path: &str, expected: &str) {
        let range = self.tree.range(self.tree.resolve(node));
        let written = self.written(node);
        let name = path.rsplit('.').next().unwrap_or(path);
        let message = if written.is_empty() {
            format!("`{name}` must be {expected}, not empty")
        } else {
            format!("`{name}` must be {expected}, not `{written}`")
        };
        self.report(SchemaIssue::InvalidValue { range, message });
    }

    /// A short form of what the user wrote, for messages.
    fn written(&self, node: NodeId) -> String {
        let tree = self.tree;
        let resolved = tree.resolve(node);
        match tree.node(resolved).kind {
            NodeKind::Scalar(scalar) => {
                let text: String = scalar.value.chars().take(40).collect();
                if scalar.value.chars().count() > 40 { format!("{text}…") } else { text }
            }
            NodeKind::Sequence(_) => "a list".to_owned(),
            NodeKind::Mapping(_) => "a mapping".to_owned(),
            NodeKind::Alias(_) => String::new(),
        }
    }

    fn check(&mut self, node: NodeId, kind: Kind, path: &str) {
        let tree = self.tree;
        // `!reset` clears what a merged file set: any value goes.
        if tree.tag(node) == Some("!reset") {
            return;
        }
        let resolved = tree.resolve(node);
        if matches!(tree.node(resolved).kind, NodeKind::Alias(_)) {
            return; // an alias to nothing: CP100 reports it
        }
        match kind {
            Kind::Any => {}
            Kind::Scalar(format) => self.check_scalar(node, format, path),
            Kind::List(item) => match tree.sequence(node) {
                Some(sequence) => {
                    for (index, child) in sequence.items().enumerate() {
                        self.check(child, *item, &format!("{path}[{index}]"));
                    }
                }
                None if tree.is_null(node) => {}
                None => self.invalid(node, path, "a list"),
            },
            Kind::Object(object) => self.check_object(node, object, path),
            Kind::Dict(value) => {
                if tree.mapping(node).is_some() {
                    // The top-level `services`: one service at a time.
                    let services = path == "services" && self.recording.is_none();
                    for entry in tree.entries(node) {
                        if services {
                            self.check_service(entry, *value, path);
                        } else {
                            let name = tree.str(entry.key).unwrap_or_default();
                            self.check(entry.value, *value, &format!("{path}.{name}"));
                        }
                    }
                } else if !tree.is_null(node) {
                    self.invalid(node, path, "a mapping");
                }
            }
            Kind::Shapes(shapes) => self.check_shapes(node, shapes, path),
        }
    }

    fn check_service(&mut self, entry: Entry, kind: Kind, services_path: &str) {
        if let Some(issues) = self.reuse.get(entry) {
            for issue in issues {
                self.report(issue.clone());
            }
            self.found.push((entry, issues.to_vec()));
            return;
        }
        let name = self.tree.str(entry.key).unwrap_or_default();
        self.recording = Some(Vec::new());
        self.check(entry.value, kind, &format!("{services_path}.{name}"));
        let issues = self.recording.take().unwrap_or_default();
        self.found.push((entry, issues));
    }

    fn check_shapes(&mut self, node: NodeId, shapes: &Shapes, path: &str) {
        let tree = self.tree;
        let expected = || {
            let mut words = Vec::new();
            if shapes.scalar.is_some() {
                words.push("a string");
            }
            if shapes.list.is_some() {
                words.push("a list");
            }
            if shapes.mapping.is_some() {
                words.push("a mapping");
            }
            words.join(" or ")
        };
        let chosen = match tree.node(tree.resolve(node)).kind {
            _ if tree.is_null(node) => {
                if shapes.null {
                    return;
                }
                shapes.scalar
            }
            NodeKind::Scalar(_) => shapes.scalar,
            NodeKind::Sequence(_) => shapes.list,
            NodeKind::Mapping(_) => shapes.mapping,
            NodeKind::Alias(_) => return,
        };
        match chosen {
            Some(kind) => self.check(node, kind, path),
            None => {
                let expected = expected();
                self.invalid(node, path, &expected);
            }
        }
    }

    fn check_object(&mut self, node: NodeId, object: &Object, path: &str) {
        let tree = self.tree;
        if tree.mapping(node).is_none() {
            if !(tree.is_null(node) && object.null) {
                self.invalid(node, path, "a mapping");
            }
            return;
        }
        for entry in tree.entries(node) {
            let Some(key) = tree.str(entry.key) else {
                let range = tree.range(entry.key);
                self.report(SchemaIssue::InvalidValue {
                    range,
                    message: "a Compose key must be a string".to_owned(),
                });
                continue;
            };
            if object.extensions && key.starts_with("x-") {
                continue;
            }
            match object.field(key) {
                Some(field) => {
                    let child =
                        if path.is_empty() { key.to_owned() } else { format!("{path}.{key}") };
                    self.check(entry.value, field.kind, &child);
                }
                None => {
                    let names = object.fields.iter().map(|field| field.name);
                    let suggestion = crate::spelling::nearest(key, names);
                    let place = if path.is_empty() {
                        "the top level".to_owned()
                    } else {
                        format!("`{path}`")
                    };
                    self.report(SchemaIssue::UnknownKey {
                        range: tree.range(entry.key),
                        key: key.to_owned(),
                        place,
                        suggestion,
                    });
                }
            }
        }
    }

    fn check_scalar(&mut self, node: NodeId, format: Format, path: &str) {
        let tree = self.tree;
        let Some(scalar) = tree.scalar(node) else {
            self.invalid(node, path, expected(format));
            return;
        };
        let mut kind = if scalar.style == ScalarStyle::Plain && tree.tag(node).is_none() {
            scalar.resolved_type()
        } else {
            ScalarType::String
        };
        if tree.tag(node) == Some("!!str") {
            kind = ScalarType::String;
        }
        let mut text = scalar.value.clone();
        if kind == ScalarType::String && has_variables(&text) {
            match static_value(&text) {
                Some(value) => text = value,
                None => return,
            }
        }
        let valid = match format {
            Format::String => kind == ScalarType::String,
            Format::NullableString => matches!(kind, ScalarType::String | ScalarType::Null),
            Format::StringOrNumber => {
                matches!(kind, ScalarType::String | ScalarType::Integer | ScalarType::Float)
            }
            Format::ScalarValue => true,
            Format::Bool => match kind {
                ScalarType::Bool => true,
                ScalarType::String => parse_bool_word(&text).is_some(),
                _ => false,
            },
            Format::StrictBool => kind == ScalarType::Bool,
            Format::Integer => match kind {
                ScalarType::Integer | ScalarType::Float => true,
                ScalarType::String => is_integer(&text),
                _ => false,
            },
            Format::Number => match kind {
                ScalarType::Integer | ScalarType::Float => true,
                ScalarType::String => is_number(&text),
                _ => false,
            },
            Format::ByteSize => match kind {
                ScalarType::Integer | ScalarType::Float => true,
                ScalarType::String => is_byte_size(&text),
                _ => false,
            },
            Format::ByteSizeString => kind == ScalarType::String && is_byte_size(&text),
            Format::Duration => kind == ScalarType::String && is_duration(&text),
            Format::NumberOrDuration => match kind {
                ScalarType::Integer | ScalarType::Float => true,
                ScalarType::String => is_number(&text) || is_duration(&text),
                _ => false,
            },
            Format::PortShort => match kind {
                ScalarType::Integer | ScalarType::Float => true,
                ScalarType::String => match parse_port_short(&text) {
                    Ok(_) => true,
                    Err(reason) => {
                        let range = tree.range(tree.resolve(node));
                        let message = format!("`{text}` is not a port mapping: {reason}");
                        self.report(SchemaIssue::InvalidValue { range, message });
                        return;
                    }
                },
                _ => false,
            },
            Format::PortNumber => match kind {
                ScalarType::Integer => true,
                ScalarType::String => is_port_or_range(&text),
                _ => false,
            },
            Format::Enum(words) => kind == ScalarType::String && words.contains(&text.as_str()),
            Format::PullPolicy => {
                kind == ScalarType::String
                    && ([
                        "always",
                        "never",
                        "build",
                        "if_not_present",
                        "missing",
                        "refresh",
                        "daily",
                        "weekly",
                    ]
                    .iter()
                    .any(|word| text.contains(word))
                        || text.contains("every_"))
            }
        };
        if !valid {
            let expected = match format {
                Format::Enum(words) => format!("one of {}", words.join(", ")),
                other => expected(other).to_owned(),
            };
            self.invalid(node, path, &expected);
        }
    }
}

fn expected(format: Format) -> &'static str {
    match format {
        Format::String => "a string",
        Format::NullableString => "a string or null",
        Format::StringOrNumber => "a string or a number",
        Format::ScalarValue => "a string, number, boolean or null",
        Format::Bool | Format::StrictBool => "a boolean (true or false)",
        Format::Integer => "an integer",
        Format::Number => "a number",
        Format::ByteSize => "a byte size such as 512m or 1g",
        Format::ByteSizeString => "a byte size string such as \"512m\"",
        Format::Duration => "a duration such as 30s or 1m30s",
        Format::NumberOrDuration => "a number or a duration",
        Format::PortShort => "a port mapping such as \"8080:80\"",
        Format::PortNumber => "a port number or range",
        Format::Enum(_) => "one of the allowed words",
        Format::PullPolicy => "always, never, build, missing, daily, weekly or every_<duration>",
    }
}
