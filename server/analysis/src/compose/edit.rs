//! Edits to a Compose file in the file's own style: insert a key into a
//! mapping (a service, the top level), append an item to a list, remove an
//! entry. Indentation, block or flow lists, indented or flush `- ` items
//! and the line ending follow what the file already does.
//!
//! The hardening rules (CP002, CP005, CP017, CP031 to CP033) all add keys
//! to a service through [`insert_key`], so one "Harden this service" action
//! can combine their insertions.

use crate::compose::yaml::{Entry, NodeId, NodeKind, YamlTree};
use crate::text::{TextEdit, TextRange, indentation_at, line_end, line_ending, line_start, to_u32};

/// A value to write.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Insertion {
    /// Written as given: the caller quotes it if YAML needs it.
    Scalar(String),
    List(Vec<String>),
    Mapping(Vec<(String, Insertion)>),
}

/// How the file writes things.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Style {
    /// One level of indentation.
    pub indent: String,
    /// Lists as `[a, b]` rather than `- a` lines.
    pub flow_lists: bool,
    /// Whether `- ` items sit one level in from their key (`key:\n  - a`)
    /// rather than flush with it (`key:\n- a`).
    pub indented_items: bool,
    pub line_ending: &'static str,
}

impl Style {
    /// Reads the style from the file: the most common indentation step,
    /// whether most lists are flow or block, where items sit.
    pub fn of(text: &str, tree: &YamlTree) -> Style {
        let mut steps: Vec<u32> = Vec::new();
        let (mut flow, mut block) = (0, 0);
        let (mut indented, mut flush) = (0, 0);
        for id in tree.node_ids() {
            let node = tree.node(id);
            let NodeKind::Mapping(mapping) = node.kind else { continue };
            if mapping.flow {
                continue;
            }
            let parent_column = column(text, node.range.start);
            for entry in mapping.entries() {
                let value = tree.node(entry.value);
                match value.kind {
                    NodeKind::Mapping(child) if !child.flow && !child.is_empty() => {
                        let child_column = column(text, value.range.start);
                        if child_column > parent_column {
                            steps.push(child_column - parent_column);
                        }
                    }
                    NodeKind::Sequence(sequence) if !sequence.is_empty() => {
                        if sequence.flow {
                            flow += 1;
                        } else {
                            block += 1;
                            if column(text, value.range.start) > parent_column {
                                indented += 1;
                            } else {
                                flush += 1;
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        steps.sort_unstable();
        let step = most_common(&steps).unwrap_or(2).clamp(1, 8);
        Style {
            indent: " ".repeat(step as usize),
            flow_lists: flow > block || (flow == 0 && block == 0),
            indented_items: indented >= flush,
            line_ending: line_ending(text),
        }
    }
}

fn most_common(sorted: &[u32]) -> Option<u32> {
    let mut best: Option<(u32, usize)> = None;
    let mut index = 0;
    while index < sorted.len() {
        let run = sorted[index..].iter().take_while(|value| **value == sorted[index]).count();
        if best.is_none_or(|(_, count)| run > count) {
            best = Some((sorted[index], run));
        }
        index += run;
    }
    best.map(|(value, _)| value)
}

/// The column (in bytes) of an offset on its line.
fn column(text: &str, offset: u32) -> u32 {
    offset - line_start(text, offset)
}

/// Inserts `key: value` at the end of a mapping: a new line at the
/// mapping's indentation for block style, `, key: value` for flow style.
/// `None` when the node is not a mapping.
pub fn insert_key(
    text: &str,
    tree: &YamlTree,
    style: &Style,
    mapping: NodeId,
    key: &str,
    value: &Insertion,
) -> Option<TextEdit> {
    let node = tree.node(mapping);
    let NodeKind::Mapping(own) = node.kind else { return None };
    if own.flow {
        let close = node.range.end.checked_sub(1)?;
        return Some(match own.last() {
            Some(last) => {
                let after = tree.entry_range(last).end;
                TextEdit::insert(after, format!(", {key}: {}", flow(value)))
            }
            None => TextEdit::insert(close, format!("{key}: {}", flow(value))),
        });
    }
    let last = own.last()?;
    let indent = indentation_of_key(text, tree, last);
    let at = line_end(text, tree.entry_range(last).end);
    let mut out = String::new();
    out.push_str(style.line_ending);
    write_entry(&mut out, style, &indent, key, value);
    Some(TextEdit::insert(at, out))
}

/// The indentation of a block mapping's keys: the key's column, as spaces.
fn indentation_of_key(text: &str, tree: &YamlTree, entry: Entry) -> String {
    " ".repeat(column(text, tree.range(entry.key).start) as usize)
}

fn write_entry(out: &mut String, style: &Style, indent: &str, key: &str, value: &Insertion) {
    out.push_str(indent);
    out.push_str(key);
    out.push(':');
    match value {
        Insertion::Scalar(scalar) => {
            out.push(' ');
            out.push_str(scalar);
        }
        Insertion::List(_) if style.flow_lists => {
            out.push(' ');
            out.push_str(&flow(value));
        }
        Insertion::List(items) => {
            let item_indent = if style.indented_items {
                format!("{indent}{}", style.indent)
            } else {
                indent.to_owned()
            };
            for item in items {
                out.push_str(style.line_ending);
                out.push_str(&item_indent);
                out.push_str("- ");
                out.push_str(item);
            }
        }
        Insertion::Mapping(entries) => {
            let inner = format!("{indent}{}", style.indent);
            for (key, value) in entries {
                out.push_str(style.line_ending);
                write_entry(out, style, &inner, key, value);
            }
        }
    }
}

fn flow(value: &Insertion) -> String {
    match value {
        Insertion::Scalar(scalar) => scalar.clone(),
        Insertion::List(items) => format!("[{}]", items.join(", ")),
        Insertion::Mapping(entries) => {
            let inner: Vec<String> =
                entries.iter().map(|(key, value)| format!("{key}: {}", flow(value))).collect();
            format!("{{{}}}", inner.join(", "))
        }
    }
}

/// Appends an item to a list, flow or block. `None` when the node is not a
/// list or is an empty block list.
pub fn append_item(
    text: &str,
    tree: &YamlTree,
    style: &Style,
    list: NodeId,
    item: &str,
) -> Option<TextEdit> {
    let node = tree.node(list);
    let NodeKind::Sequence(sequence) = node.kind else { return None };
    if sequence.flow {
        return Some(match sequence.last() {
            Some(last) => TextEdit::insert(tree.range(last).end, format!(", {item}")),
            None => TextEdit::insert(node.range.start + 1, item.to_owned()),
        });
    }
    let last = tree.range(sequence.last()?);
    let indent = indentation_at(text, last.start);
    let at = line_end(text, last.end);
    Some(TextEdit::insert(at, format!("{}{indent}- {item}", style.line_ending)))
}

/// Removes an entry from the mapping that holds it: its whole lines in a
/// block mapping, the entry and one separator in a flow mapping. `None`
/// when the entry is the only one on a `- key: value` item line (removing it
/// would change the list).
pub fn remove_entry(
    text: &str,
    tree: &YamlTree,
    mapping: NodeId,
    entry: Entry,
) -> Option<TextEdit> {
    let NodeKind::Mapping(own) = tree.node(mapping).kind else { return None };
    let index = own.position(entry)?;
    let range = tree.entry_range(entry);
    if own.flow {
        let removed = match (own.entry(index + 1), index.checked_sub(1)) {
            (Some(next), _) => TextRange::new(range.start, tree.range(next.key).start),
            (None, Some(previous)) => match own.entry(previous) {
                Some(previous) => TextRange::new(tree.entry_range(previous).end, range.end),
                None => range,
            },
            (None, None) => range,
        };
        return Some(TextEdit::delete(removed));
    }
    let start = line_start(text, range.start);
    let before_key = &text[start as usize..range.start as usize];
    if before_key.trim().is_empty() {
        let end = line_end(text, range.end);
        let end = end + line_break_len(text, end);
        return Some(TextEdit::delete(TextRange::new(start, end)));
    }
    // `- key: value` with more keys below: the next key moves up.
    let next = own.entry(index + 1)?;
    Some(TextEdit::delete(TextRange::new(range.start, tree.range(next.key).start)))
}

fn line_break_len(text: &str, at: u32) -> u32 {
    let rest = &text[at as usize..];
    to_u32(if rest.starts_with("\r\n") {
        2
    } else if rest.starts_with(['\n', '\r']) {
        1
    } else {
        0
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::apply_edits;

    fn service(tree: &YamlTree, text: &str) -> NodeId {
        let root = tree.documents[0].root.unwrap();
        let services = tree.get(root, "services").unwrap();
        let _ = text;
        tree.entries(services)[0].value
    }

    fn insert(text: &str, value: Insertion) -> String {
        let tree = YamlTree::parse(text);
        let style = Style::of(text, &tree);
        let edit =
            insert_key(text, &tree, &style, service(&tree, text), "cap_drop", &value).unwrap();
        apply_edits(text, &[edit]).unwrap()
    }

    #[test]
    fn inserts_follow_the_files_indentation_and_list_style() {
        let text = "services:\n    web:\n        image: x\n        ports:\n            - 80\n";
        assert_eq!(
            insert(text, Insertion::List(vec!["ALL".into()])),
            "services:\n    web:\n        image: x\n        ports:\n            - 80\n        cap_drop:\n            - ALL\n"
        );
        let text = "services:\n  web:\n    image: x\n    dns: [a]\n";
        assert_eq!(
            insert(text, Insertion::List(vec!["ALL".into()])),
            "services:\n  web:\n    image: x\n    dns: [a]\n    cap_drop: [ALL]\n"
        );
        let text = "services:\n  web: {image: x}\n";
        assert_eq!(
            insert(text, Insertion::List(vec!["ALL".into()])),
            "services:\n  web: {image: x, cap_drop: [ALL]}\n"
        );
    }

    #[test]
    fn flush_items_and_crlf_are_kept() {
        let text = "services:\r\n  web:\r\n    image: x # pinned\r\n    dns:\r\n    - a\r\n";
        assert_eq!(
            insert(text, Insertion::List(vec!["ALL".into()])),
            "services:\r\n  web:\r\n    image: x # pinned\r\n    dns:\r\n    - a\r\n    cap_drop:\r\n    - ALL\r\n"
        );
    }

    #[test]
    fn removes_whole_lines_or_flow_entries() {
        let remove = |text: &str| {
            let tree = YamlTree::parse(text);
            let web = service(&tree, text);
            let entry = tree.get_entry(web, "privileged").unwrap();
            apply_edits(text, &[remove_entry(text, &tree, web, entry).unwrap()]).unwrap()
        };
        assert_eq!(
            remove("services:\n  web:\n    privileged: true\n    image: x\n"),
            "services:\n  web:\n    image: x\n"
        );
        assert_eq!(
            remove("services:\n  web: {image: x, privileged: true}\n"),
            "services:\n  web: {image: x}\n"
        );
        assert_eq!(
            remove("services:\n  web: {privileged: true, image: x}\n"),
            "services:\n  web: {image: x}\n"
        );
    }

    #[test]
    fn appends_to_lists() {
        let append = |text: &str| {
            let tree = YamlTree::parse(text);
            let style = Style::of(text, &tree);
            let list = tree.get(service(&tree, text), "cap_drop").unwrap();
            apply_edits(text, &[append_item(text, &tree, &style, list, "ALL").unwrap()]).unwrap()
        };
        assert_eq!(
            append("services:\n  w:\n    cap_drop: [NET_RAW]\n"),
            "services:\n  w:\n    cap_drop: [NET_RAW, ALL]\n"
        );
        assert_eq!(
            append("services:\n  w:\n    cap_drop:\n      - NET_RAW # why\n"),
            "services:\n  w:\n    cap_drop:\n      - NET_RAW # why\n      - ALL\n"
        );
    }
}
