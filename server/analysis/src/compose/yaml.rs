//! The YAML span tree under the Compose model: every node with the exact
//! byte range of what the user wrote, keys and values apart, scalar styles
//! and decoded values, tags, anchors and aliases, comments, several
//! documents, duplicate keys, and syntax errors with their position.
//!
//! # Why granit-parser
//!
//! This is the one module that knows the YAML library; a swap is this file.
//! A spike compared `granit-parser` 2.2.0 with `saphyr-parser` 0.3.4 (the
//! span tests below keep its cases):
//!
//! - `key: "v" # c`: saphyr-parser stretches the quoted value's span over the
//!   trailing comment (`"v" # c`); granit-parser spans exactly `"v"`.
//! - saphyr-parser's markers count characters, so every span would need a
//!   character-to-byte walk; granit-parser gives UTF-8 byte offsets.
//! - granit-parser emits comments (saphyr-parser drops them, and suppressions
//!   need them), anchors as events with the `&name` span (saphyr folds the
//!   anchor and tag into the node's span), the tag's own span, block or flow
//!   style on collections, unresolved aliases as events instead of a stop,
//!   and resumes at the next `---` after a syntax error.
//! - Both agree on plain multi-word scalars, block scalars (content only),
//!   flow collections, multi-byte characters, CRLF and error positions.
//!
//! granit-parser is `#![forbid(unsafe_code)]`, fuzzed upstream, and pulls in
//! only `arraydeque` and `smallvec`. It is pinned with `=` because its spans
//! are part of our output.
//!
//! # What the tree adds
//!
//! Block scalars are widened to start at their `|`/`>` indicator and trimmed
//! of trailing blank lines, so that a value's range is what a user would
//! select. Block collections span their first to last child (the library
//! reports empty marks). An alias is a node of its own, with its own range,
//! linked to the anchored node, so diagnostics point at what the user wrote.
//! Merge keys (`<<`) are resolved by [`YamlTree::entries`], the view the
//! Compose model reads; [`YamlTree::mapping`] keeps the entries as written.
//!
//! # How the tree is stored
//!
//! Nodes are numbered in the order they start (a pre-order), so that a node's
//! subtree is the run of ids right after it. Each node's data sits behind an
//! `Arc` and is position independent: its range, tag and anchor are relative
//! to its start, its children relative to its own id. The start alone lives
//! in the arena. An edit that reparses one entry (`YamlTree::reparse`)
//! therefore moves every other node by rewriting a number, and shares its
//! data with the old tree; only the entry's ancestors get new data.

mod incremental;

use std::collections::HashMap;
use std::sync::Arc;

use granit_parser::{Event, Options, Parser, ScalarStyle as LibraryScalarStyle, StructureStyle};

use crate::text::{TextRange, to_u32};

/// A node's index in its [`YamlTree`].
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct NodeId(u32);

impl NodeId {
    fn index(self) -> usize {
        self.0 as usize
    }
}

/// A parsed YAML stream: the documents, their nodes, comments and errors.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct YamlTree {
    nodes: Vec<Slot>,
    pub documents: Vec<YamlDocument>,
    /// In source order.
    pub comments: Vec<Comment>,
    pub errors: Vec<YamlError>,
    /// Ordered by the duplicate key's id.
    pub duplicate_keys: Vec<DuplicateKey>,
    /// Every alias node, in order: the nodes whose targets an edit may move.
    aliases: Vec<NodeId>,
    /// Every anchored node, in order: what an alias in reparsed text binds to.
    anchors: Vec<NodeId>,
}

/// One YAML document of the stream.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct YamlDocument {
    /// The root node; `None` for an empty document.
    pub root: Option<NodeId>,
    /// Whether a syntax error cut this document short: its tree is partial.
    pub broken: bool,
}

/// Where a node is, and what it is. The range sits here rather than in the
/// shared data so that reading it costs no indirection.
#[derive(Clone, PartialEq, Debug)]
struct Slot {
    start: u32,
    len: u32,
    data: Arc<NodeData>,
}

/// A node without its place: shared by the trees before and after an edit
/// that moved it.
#[derive(Clone, PartialEq, Debug)]
struct NodeData {
    /// The nodes of its subtree, itself included.
    size: u32,
    kind: StoredKind,
    tag: Option<Property>,
    anchor: Option<Property>,
}

#[derive(Clone, PartialEq, Debug)]
enum StoredKind {
    Scalar(Scalar),
    /// The items' ids less the sequence's own id.
    Sequence {
        items: Vec<u32>,
        flow: bool,
    },
    /// The keys' and values' ids less the mapping's own id.
    Mapping {
        entries: Vec<[u32; 2]>,
        flow: bool,
    },
    Alias(Alias),
}

/// A tag or anchor: its text, and its range relative to its node's start
/// (it comes before the node, so the offset is usually negative).
#[derive(Clone, PartialEq, Debug)]
struct Property {
    text: String,
    offset: i64,
    len: u32,
}

impl Property {
    fn range(&self, node_start: u32) -> TextRange {
        let start = u32::try_from(i64::from(node_start) + self.offset).unwrap_or(0);
        TextRange::at(start, self.len as usize)
    }
}

/// A node as read from the tree.
#[derive(Clone, Copy, Debug)]
pub struct Node<'a> {
    /// What the user wrote for the node's content, without its tag or anchor.
    pub range: TextRange,
    pub kind: NodeKind<'a>,
    data: &'a NodeData,
}

impl<'a> Node<'a> {
    /// The tag as written (`!reset`), with its range.
    pub fn tag(&self) -> Option<Tag<'a>> {
        let tag = self.data.tag.as_ref()?;
        Some(Tag { text: &tag.text, range: tag.range(self.range.start) })
    }

    /// The anchor defined on this node (`&name`), with its range.
    pub fn anchor(&self) -> Option<Anchor<'a>> {
        let anchor = self.data.anchor.as_ref()?;
        Some(Anchor { name: &anchor.text, range: anchor.range(self.range.start) })
    }
}

#[derive(Clone, Copy, Debug)]
pub enum NodeKind<'a> {
    Scalar(&'a Scalar),
    Sequence(Sequence<'a>),
    Mapping(Mapping<'a>),
    Alias(&'a Alias),
}

#[derive(Clone, PartialEq, Debug)]
pub struct Scalar {
    /// The value after YAML escapes and folding.
    pub value: String,
    pub style: ScalarStyle,
}

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum ScalarStyle {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    /// `|`
    Literal,
    /// `>`
    Folded,
}

/// A sequence's items.
#[derive(Clone, Copy, Debug)]
pub struct Sequence<'a> {
    /// `[a, b]` rather than `- a` lines.
    pub flow: bool,
    id: NodeId,
    items: &'a [u32],
}

impl<'a> Sequence<'a> {
    pub fn items(&self) -> impl DoubleEndedIterator<Item = NodeId> + ExactSizeIterator + 'a {
        let base = self.id.0;
        self.items.iter().map(move |offset| NodeId(base + offset))
    }

    pub fn item(&self, index: usize) -> Option<NodeId> {
        self.items.get(index).map(|offset| NodeId(self.id.0 + offset))
    }

    pub fn first(&self) -> Option<NodeId> {
        self.item(0)
    }

    pub fn last(&self) -> Option<NodeId> {
        self.item(self.items.len().wrapping_sub(1))
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// A mapping's entries as written, merge keys included.
#[derive(Clone, Copy, Debug)]
pub struct Mapping<'a> {
    /// `{a: 1}` rather than `a: 1` lines.
    pub flow: bool,
    id: NodeId,
    entries: &'a [[u32; 2]],
}

impl<'a> Mapping<'a> {
    pub fn entries(&self) -> impl DoubleEndedIterator<Item = Entry> + ExactSizeIterator + 'a {
        let base = self.id.0;
        self.entries
            .iter()
            .map(move |[key, value]| Entry { key: NodeId(base + key), value: NodeId(base + value) })
    }

    pub fn entry(&self, index: usize) -> Option<Entry> {
        let [key, value] = self.entries.get(index)?;
        Some(Entry { key: NodeId(self.id.0 + key), value: NodeId(self.id.0 + value) })
    }

    pub fn last(&self) -> Option<Entry> {
        self.entry(self.entries.len().wrapping_sub(1))
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The index of an entry written in this mapping.
    pub fn position(&self, entry: Entry) -> Option<usize> {
        self.entries().position(|candidate| candidate == entry)
    }
}

/// A key and its value. An absent value (`key:`) is a null scalar with an
/// empty range right after the key.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Entry {
    pub key: NodeId,
    pub value: NodeId,
}

#[derive(Clone, PartialEq, Debug)]
pub struct Alias {
    /// The anchor's name, without `*`.
    pub name: String,
    /// The anchored node; `None` when no anchor of that name precedes it.
    pub target: Option<NodeId>,
}

/// A tag as written (`!reset`, `!override`, `!!str`), with its range.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Tag<'a> {
    pub text: &'a str,
    pub range: TextRange,
}

/// An anchor definition (`&name`), with its range.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Anchor<'a> {
    pub name: &'a str,
    pub range: TextRange,
}

/// A comment, from its `#` to the end of its line.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Comment {
    pub range: TextRange,
}

/// A syntax error at its position.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct YamlError {
    pub message: String,
    /// The offending character (empty at the end of the text).
    pub range: TextRange,
}

/// A mapping key given a second time in the same mapping.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct DuplicateKey {
    pub first: NodeId,
    pub duplicate: NodeId,
}

impl YamlTree {
    /// Parses a YAML stream. Never fails and never panics: a syntax error is
    /// recorded, the document it is in is marked broken (keeping what was
    /// read before it), and parsing resumes at the next document.
    pub fn parse(text: &str) -> YamlTree {
        Builder::new(text).run()
    }

    pub fn node(&self, id: NodeId) -> Node<'_> {
        let slot = &self.nodes[id.index()];
        let data = &*slot.data;
        let kind = match &data.kind {
            StoredKind::Scalar(scalar) => NodeKind::Scalar(scalar),
            StoredKind::Sequence { items, flow } => {
                NodeKind::Sequence(Sequence { flow: *flow, id, items })
            }
            StoredKind::Mapping { entries, flow } => {
                NodeKind::Mapping(Mapping { flow: *flow, id, entries })
            }
            StoredKind::Alias(alias) => NodeKind::Alias(alias),
        };
        Node { range: TextRange::at(slot.start, slot.len as usize), kind, data }
    }

    pub fn range(&self, id: NodeId) -> TextRange {
        let slot = &self.nodes[id.index()];
        TextRange::at(slot.start, slot.len as usize)
    }

    /// How many nodes the tree holds.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// Follows aliases to the node they stand for (at most a few hops; an
    /// alias to nothing stays itself).
    pub fn resolve(&self, id: NodeId) -> NodeId {
        let mut current = id;
        for _ in 0..16 {
            match &self.nodes[current.index()].data.kind {
                StoredKind::Alias(Alias { target: Some(target), .. }) => current = *target,
                _ => break,
            }
        }
        current
    }

    /// The scalar a node is or stands for.
    pub fn scalar(&self, id: NodeId) -> Option<&Scalar> {
        match &self.nodes[self.resolve(id).index()].data.kind {
            StoredKind::Scalar(scalar) => Some(scalar),
            _ => None,
        }
    }

    /// The scalar's decoded text, when the node is a string-like scalar.
    pub fn str(&self, id: NodeId) -> Option<&str> {
        self.scalar(id).map(|scalar| scalar.value.as_str())
    }

    /// The mapping a node is or stands for, as written.
    pub fn mapping(&self, id: NodeId) -> Option<Mapping<'_>> {
        match self.node(self.resolve(id)).kind {
            NodeKind::Mapping(mapping) => Some(mapping),
            _ => None,
        }
    }

    /// The sequence a node is or stands for.
    pub fn sequence(&self, id: NodeId) -> Option<Sequence<'_>> {
        match self.node(self.resolve(id)).kind {
            NodeKind::Sequence(sequence) => Some(sequence),
            _ => None,
        }
    }

    /// The mapping's entries with merge keys resolved, as Compose sees them:
    /// its own entries (without the `<<` ones) first, then, for keys it does
    /// not set itself, those of the merged mappings, earlier ones first.
    pub fn entries(&self, id: NodeId) -> Vec<Entry> {
        let mut out = Vec::new();
        self.collect_entries(id, &mut out, 0);
        out
    }

    fn collect_entries(&self, id: NodeId, out: &mut Vec<Entry>, depth: u32) {
        let Some(mapping) = self.mapping(id) else { return };
        if depth > 16 {
            return;
        }
        let mut merges = Vec::new();
        // Keys seen so far, so that a big mapping costs linear time.
        let mut seen: std::collections::HashSet<&str> =
            out.iter().filter_map(|entry| self.str(entry.key)).collect();
        for entry in mapping.entries() {
            if self.is_merge_key(entry.key) {
                merges.push(entry.value);
            } else if self.str(entry.key).is_none_or(|key| seen.insert(key)) {
                out.push(entry);
            }
        }
        for merge in merges {
            let merged: Vec<NodeId> = match self.sequence(merge) {
                Some(sequence) => sequence.items().collect(),
                None => vec![merge],
            };
            for source in merged {
                let mut inherited = Vec::new();
                self.collect_entries(source, &mut inherited, depth + 1);
                for entry in inherited {
                    if !self.has_key(out, entry.key) {
                        out.push(entry);
                    }
                }
            }
        }
    }

    fn has_key(&self, entries: &[Entry], key: NodeId) -> bool {
        let wanted = self.str(key);
        wanted.is_some() && entries.iter().any(|entry| self.str(entry.key) == wanted)
    }

    /// Whether a key is the merge key `<<` (plain, as YAML 1.1 defines it).
    pub fn is_merge_key(&self, key: NodeId) -> bool {
        matches!(&self.nodes[key.index()].data.kind, StoredKind::Scalar(scalar) if scalar.is_merge_key())
    }

    /// The value of `key` in a mapping (merge keys resolved).
    pub fn get(&self, mapping: NodeId, key: &str) -> Option<NodeId> {
        self.get_entry(mapping, key).map(|entry| entry.value)
    }

    /// The entry of `key` in a mapping (merge keys resolved): the first one
    /// [`YamlTree::entries`] lists, found without collecting them, since
    /// this runs for every key the model and the rules read.
    pub fn get_entry(&self, mapping: NodeId, key: &str) -> Option<Entry> {
        self.find_entry(mapping, key, 0)
    }

    /// `entries` lists a mapping's own entries first, then those of each
    /// merged mapping in order, each found the same way: the first entry
    /// with the key in that order is the one it keeps.
    fn find_entry(&self, mapping: NodeId, key: &str, depth: u32) -> Option<Entry> {
        let map = self.mapping(mapping)?;
        if depth > 16 {
            return None;
        }
        let mut merges = false;
        for entry in map.entries() {
            let resolved = self.resolve(entry.key);
            let StoredKind::Scalar(scalar) = &self.nodes[resolved.index()].data.kind else {
                continue;
            };
            if resolved == entry.key && scalar.is_merge_key() {
                merges = true;
            } else if scalar.value == key {
                return Some(entry);
            }
        }
        if !merges {
            return None;
        }
        for entry in map.entries().filter(|entry| self.is_merge_key(entry.key)) {
            let found = match self.sequence(entry.value) {
                Some(sources) => {
                    sources.items().find_map(|source| self.find_entry(source, key, depth + 1))
                }
                None => self.find_entry(entry.value, key, depth + 1),
            };
            if found.is_some() {
                return found;
            }
        }
        None
    }

    /// The range an entry covers: its key's start to its value's end.
    pub fn entry_range(&self, entry: Entry) -> TextRange {
        self.range(entry.key).cover(self.range(entry.value))
    }

    /// Whether the node is a null: `~`, `null`, an empty value, or absent.
    pub fn is_null(&self, id: NodeId) -> bool {
        let resolved = self.resolve(id);
        self.scalar(resolved).is_some_and(Scalar::is_null)
            && self.nodes[resolved.index()].data.tag.is_none()
    }

    /// The tag's text on the node or on what it stands for.
    pub fn tag(&self, id: NodeId) -> Option<&str> {
        let own = self.nodes[id.index()].data.tag.as_ref();
        let tag = own.or(self.nodes[self.resolve(id).index()].data.tag.as_ref());
        tag.map(|tag| tag.text.as_str())
    }

    /// Every node, in the order they start.
    pub fn node_ids(&self) -> impl Iterator<Item = NodeId> + '_ {
        (0..self.nodes.len()).map(|index| NodeId(to_u32(index)))
    }

    /// The first non-empty entry or item range (as [`YamlTree::entry_ranges`]
    /// lists them) that starts at or after `offset`: what a suppression
    /// comment on the line before covers. Found by descending the tree, so
    /// that a comment costs a few lookups rather than a walk of every node.
    pub fn entry_range_from(&self, offset: u32) -> Option<TextRange> {
        let mut best = None;
        for root in self.documents.iter().filter_map(|document| document.root) {
            self.search_entry_range(root, offset, &mut best, 0);
        }
        best
    }

    fn search_entry_range(
        &self,
        id: NodeId,
        offset: u32,
        best: &mut Option<TextRange>,
        depth: u32,
    ) {
        // Children start in order, and their descendants start after them
        // and before the next child: the first one at or after `offset` is
        // a candidate, and only the one before it can hold a descendant
        // that starts later. (Its range may end before its descendants do,
        // in a document cut short by an error.)
        let children: Vec<(TextRange, [Option<NodeId>; 2])> = match self.node(id).kind {
            NodeKind::Mapping(mapping) => mapping
                .entries()
                .map(|entry| (self.entry_range(entry), [Some(entry.key), Some(entry.value)]))
                .collect(),
            NodeKind::Sequence(sequence) => {
                sequence.items().map(|item| (self.range(item), [Some(item), None])).collect()
            }
            _ => return,
        };
        if depth > 512 {
            return;
        }
        let first_after = children.partition_point(|(range, _)| range.start < offset);
        // An empty child holds nothing, but in a broken document.
        for (_, nodes) in children[first_after..].iter().take_while(|(range, _)| range.is_empty()) {
            for node in nodes.iter().flatten() {
                self.search_entry_range(*node, offset, best, depth + 1);
            }
        }
        if let Some((range, _)) =
            children[first_after..].iter().find(|(range, _)| !range.is_empty())
            && best.is_none_or(|best| {
                (range.start, std::cmp::Reverse(range.end))
                    < (best.start, std::cmp::Reverse(best.end))
            })
        {
            *best = Some(*range);
        }
        if let Some((_, nodes)) = first_after.checked_sub(1).map(|index| &children[index]) {
            for node in nodes.iter().flatten() {
                self.search_entry_range(*node, offset, best, depth + 1);
            }
        }
    }

    /// The ranges of every mapping entry and sequence item as written, in
    /// source order: what a suppression comment above them covers.
    pub fn entry_ranges(&self) -> Vec<TextRange> {
        let mut ranges = Vec::new();
        for id in self.node_ids() {
            match self.node(id).kind {
                NodeKind::Mapping(mapping) => {
                    ranges.extend(mapping.entries().map(|entry| self.entry_range(entry)));
                }
                NodeKind::Sequence(sequence) => {
                    ranges.extend(sequence.items().map(|item| self.range(item)));
                }
                _ => {}
            }
        }
        ranges.sort_by_key(|range| (range.start, std::cmp::Reverse(range.end)));
        ranges
    }
}

impl Scalar {
    /// Whether this is the merge key `<<` (plain, as YAML 1.1 defines it).
    pub fn is_merge_key(&self) -> bool {
        self.style == ScalarStyle::Plain && self.value == "<<"
    }

    /// A YAML 1.2 core-schema null (what Compose's YAML reader takes as null).
    pub fn is_null(&self) -> bool {
        self.style == ScalarStyle::Plain
            && matches!(self.value.as_str(), "" | "~" | "null" | "Null" | "NULL")
    }

    pub fn is_plain(&self) -> bool {
        self.style == ScalarStyle::Plain
    }

    /// The core-schema boolean of a plain scalar.
    pub fn as_bool(&self) -> Option<bool> {
        if !self.is_plain() {
            return None;
        }
        match self.value.as_str() {
            "true" | "True" | "TRUE" => Some(true),
            "false" | "False" | "FALSE" => Some(false),
            _ => None,
        }
    }

    /// The core-schema integer of a plain scalar.
    pub fn as_int(&self) -> Option<i64> {
        if !self.is_plain() {
            return None;
        }
        parse_yaml_int(&self.value)
    }

    /// The core-schema number (integer or float) of a plain scalar.
    pub fn as_number(&self) -> Option<f64> {
        if !self.is_plain() {
            return None;
        }
        if let Some(int) = parse_yaml_int(&self.value) {
            return Some(int as f64);
        }
        parse_yaml_float(&self.value)
    }

    /// What type a YAML reader gives this scalar: the JSON-schema type that
    /// Compose validates.
    pub fn resolved_type(&self) -> ScalarType {
        if self.is_null() {
            ScalarType::Null
        } else if self.as_bool().is_some() {
            ScalarType::Bool
        } else if self.as_int().is_some() {
            ScalarType::Integer
        } else if self.as_number().is_some() {
            ScalarType::Float
        } else {
            ScalarType::String
        }
    }
}

/// The type a scalar resolves to.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum ScalarType {
    Null,
    Bool,
    Integer,
    Float,
    String,
}

fn parse_yaml_int(text: &str) -> Option<i64> {
    let (negative, digits) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let value = if let Some(hex) = digits.strip_prefix("0x") {
        i64::from_str_radix(hex, 16).ok()?
    } else if let Some(octal) = digits.strip_prefix("0o") {
        i64::from_str_radix(octal, 8).ok()?
    } else if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        digits.parse().ok()?
    } else {
        return None;
    };
    Some(if negative { -value } else { value })
}

fn parse_yaml_float(text: &str) -> Option<f64> {
    match text {
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => return Some(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => return Some(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Some(f64::NAN),
        _ => {}
    }
    let body = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(index) => (&body[..index], Some(&body[index + 1..])),
        None => (body, None),
    };
    let digits_ok = mantissa.bytes().any(|b| b.is_ascii_digit())
        && mantissa.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && mantissa.bytes().filter(|&b| b == b'.').count() <= 1;
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && e.bytes().all(|b| b.is_ascii_digit())
    });
    if digits_ok && exponent_ok { text.parse().ok() } else { None }
}

/// A node while the tree is built: absolute ranges and ids.
struct RawNode {
    range: TextRange,
    kind: RawKind,
    tag: Option<(String, TextRange)>,
    anchor: Option<(String, TextRange)>,
    size: u32,
}

enum RawKind {
    Scalar(Scalar),
    Sequence(Vec<NodeId>, bool),
    Mapping(Vec<Entry>, bool),
    Alias(Alias),
}

/// An open collection while events stream in.
enum Frame {
    Sequence { id: NodeId, items: Vec<NodeId>, flow: bool },
    Mapping { id: NodeId, entries: Vec<Entry>, pending_key: Option<NodeId>, flow: bool },
}

struct Builder<'a> {
    text: &'a str,
    nodes: Vec<RawNode>,
    documents: Vec<YamlDocument>,
    comments: Vec<Comment>,
    errors: Vec<YamlError>,
    duplicate_keys: Vec<DuplicateKey>,
    stack: Vec<Frame>,
    /// Library anchor ids to nodes, for the current document.
    anchors: HashMap<usize, NodeId>,
    /// The node the next `Anchor` event belongs to.
    last_node: Option<NodeId>,
    document_root: Option<NodeId>,
    in_document: bool,
}

impl<'a> Builder<'a> {
    fn new(text: &'a str) -> Builder<'a> {
        Builder {
            text,
            nodes: Vec::new(),
            documents: Vec::new(),
            comments: Vec::new(),
            errors: Vec::new(),
            duplicate_keys: Vec::new(),
            stack: Vec::new(),
            anchors: HashMap::new(),
            last_node: None,
            document_root: None,
            in_document: false,
        }
    }

    fn run(mut self) -> YamlTree {
        let mut options = Options::default();
        options.emit_anchor_events = true;
        options.emit_unresolved_aliases = true;
        let mut parser = Parser::new_from_str_with_options(self.text, options);
        let mut last_error_offset = None;
        loop {
            match parser.next() {
                None => break,
                Some(Ok((event, span))) => {
                    let range = match span.byte_range() {
                        Some(range) => TextRange::new(to_u32(range.start), to_u32(range.end)),
                        None => TextRange::empty(0),
                    };
                    let tag_range = span
                        .tag_span()
                        .and_then(|tag| tag.byte_range())
                        .map(|range| TextRange::new(to_u32(range.start), to_u32(range.end)));
                    self.event(event, range, tag_range);
                }
                Some(Err(error)) => {
                    let offset = error.marker().byte_offset().unwrap_or(self.text.len());
                    self.error(error.info(), offset);
                    // Never loop on an error the parser cannot get past.
                    if last_error_offset == Some(offset) {
                        break;
                    }
                    last_error_offset = Some(offset);
                    match parser.proceed_next_document() {
                        Ok(true) => continue,
                        Ok(false) => break,
                        Err(error) => {
                            let offset = error.marker().byte_offset().unwrap_or(self.text.len());
                            if last_error_offset != Some(offset) {
                                self.error(error.info(), offset);
                            }
                            break;
                        }
                    }
                }
            }
        }
        if self.in_document {
            self.end_document(true);
        }
        self.finish()
    }

    /// Makes the nodes position independent and shareable.
    fn finish(self) -> YamlTree {
        let (mut aliases, mut anchors) = (Vec::new(), Vec::new());
        let nodes = self
            .nodes
            .into_iter()
            .enumerate()
            .map(|(index, raw)| {
                let id = to_u32(index);
                let start = raw.range.start;
                let relative = |property: Option<(String, TextRange)>| {
                    property.map(|(text, range)| Property {
                        text,
                        offset: i64::from(range.start) - i64::from(start),
                        len: range.len(),
                    })
                };
                // Children come after their parent: the offsets are positive.
                let kind = match raw.kind {
                    RawKind::Scalar(scalar) => StoredKind::Scalar(scalar),
                    RawKind::Sequence(items, flow) => StoredKind::Sequence {
                        items: items.into_iter().map(|item| item.0.saturating_sub(id)).collect(),
                        flow,
                    },
                    RawKind::Mapping(entries, flow) => StoredKind::Mapping {
                        entries: entries
                            .into_iter()
                            .map(|entry| {
                                [entry.key.0.saturating_sub(id), entry.value.0.saturating_sub(id)]
                            })
                            .collect(),
                        flow,
                    },
                    RawKind::Alias(alias) => {
                        aliases.push(NodeId(id));
                        StoredKind::Alias(alias)
                    }
                };
                if raw.anchor.is_some() {
                    anchors.push(NodeId(id));
                }
                let data = NodeData {
                    size: raw.size,
                    kind,
                    tag: relative(raw.tag),
                    anchor: relative(raw.anchor),
                };
                Slot { start, len: raw.range.len(), data: Arc::new(data) }
            })
            .collect();
        let mut duplicate_keys = self.duplicate_keys;
        duplicate_keys.sort_by_key(|duplicate| duplicate.duplicate);
        YamlTree {
            nodes,
            documents: self.documents,
            comments: self.comments,
            errors: self.errors,
            duplicate_keys,
            aliases,
            anchors,
        }
    }

    fn range(&self, id: NodeId) -> TextRange {
        self.nodes[id.index()].range
    }

    fn error(&mut self, message: String, offset: usize) {
        let mut offset = offset.min(self.text.len());
        // The reader stops after a tab it refuses; point at the tab itself.
        if message.contains("tab") && offset > 0 && self.text.as_bytes()[offset - 1] == b'\t' {
            offset -= 1;
        }
        let end = self.text[offset..].chars().next().map_or(offset, |c| offset + c.len_utf8());
        // A line break is shown as an empty range at the end of the line.
        let end = if matches!(self.text.as_bytes().get(offset), Some(b'\n' | b'\r')) {
            offset
        } else {
            end
        };
        self.errors.push(YamlError { message, range: TextRange::new(to_u32(offset), to_u32(end)) });
        // Close what was open: the partial document keeps what it read.
        self.end_document(true);
    }

    fn end_document(&mut self, broken: bool) {
        while let Some(frame) = self.stack.pop() {
            let id = self.close(frame);
            self.attach(id);
        }
        if self.in_document || self.document_root.is_some() {
            self.documents.push(YamlDocument { root: self.document_root.take(), broken });
        }
        self.in_document = false;
        self.anchors.clear();
    }

    fn event(&mut self, event: Event<'_>, range: TextRange, tag_range: Option<TextRange>) {
        match event {
            Event::DocumentStart(..) => {
                if self.in_document {
                    self.end_document(false);
                }
                self.in_document = true;
            }
            Event::DocumentEnd => self.end_document(false),
            Event::Comment(..) => self.comments.push(Comment { range }),
            Event::Anchor(id, name) => {
                if let Some(node) = self.last_node {
                    self.anchors.insert(id, node);
                    self.nodes[node.index()].anchor = Some((name.into_owned(), range));
                }
            }
            Event::Alias(anchor) => {
                let target = self.anchors.get(&anchor).copied();
                let name = self.text.get(range.start as usize + 1..range.end as usize);
                let name = name.unwrap_or_default().to_owned();
                let id = self.push(range, RawKind::Alias(Alias { name, target }), None);
                self.attach(id);
            }
            Event::UnresolvedAlias(name) => {
                let name = name.into_owned();
                self.errors.push(YamlError {
                    message: format!("unknown anchor '{name}' referenced"),
                    range,
                });
                let id = self.push(range, RawKind::Alias(Alias { name, target: None }), None);
                self.attach(id);
            }
            Event::Scalar(value, style, _, _) => {
                let style = match style {
                    LibraryScalarStyle::Plain => ScalarStyle::Plain,
                    LibraryScalarStyle::SingleQuoted => ScalarStyle::SingleQuoted,
                    LibraryScalarStyle::DoubleQuoted => ScalarStyle::DoubleQuoted,
                    LibraryScalarStyle::Literal => ScalarStyle::Literal,
                    LibraryScalarStyle::Folded => ScalarStyle::Folded,
                };
                let range = match style {
                    ScalarStyle::Literal | ScalarStyle::Folded => self.block_scalar_range(range),
                    _ => range,
                };
                let tag = self.tag(tag_range);
                let scalar = Scalar { value: value.into_owned(), style };
                let id = self.push(range, RawKind::Scalar(scalar), tag);
                self.attach(id);
            }
            Event::SequenceStart(style, _, _) => {
                let tag = self.tag(tag_range);
                let flow = style == StructureStyle::Flow;
                let id = self.push(range, RawKind::Sequence(Vec::new(), flow), tag);
                self.stack.push(Frame::Sequence { id, items: Vec::new(), flow });
            }
            Event::MappingStart(style, _, _) => {
                let tag = self.tag(tag_range);
                let flow = style == StructureStyle::Flow;
                let id = self.push(range, RawKind::Mapping(Vec::new(), flow), tag);
                self.stack.push(Frame::Mapping {
                    id,
                    entries: Vec::new(),
                    pending_key: None,
                    flow,
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some(frame) = self.stack.pop() {
                    let id = self.close(frame);
                    if self.node_is_flow(id) {
                        let node = &mut self.nodes[id.index()];
                        node.range =
                            TextRange::new(node.range.start, range.end.max(node.range.start));
                    }
                    self.last_node = Some(id);
                    self.attach(id);
                }
            }
            // Stream markers, and events a later library version may add,
            // carry nothing the tree keeps.
            _ => {}
        }
    }

    fn node_is_flow(&self, id: NodeId) -> bool {
        matches!(
            &self.nodes[id.index()].kind,
            RawKind::Sequence(_, true) | RawKind::Mapping(_, true)
        )
    }

    fn tag(&self, range: Option<TextRange>) -> Option<(String, TextRange)> {
        let range = range?;
        let text = self.text.get(range.start as usize..range.end as usize)?.to_owned();
        Some((text, range))
    }

    fn push(
        &mut self,
        range: TextRange,
        kind: RawKind,
        tag: Option<(String, TextRange)>,
    ) -> NodeId {
        let id = NodeId(to_u32(self.nodes.len()));
        self.nodes.push(RawNode { range, kind, tag, anchor: None, size: 1 });
        self.last_node = Some(id);
        id
    }

    /// Finishes a collection: its children, its subtree's size, and for
    /// block style, its range from its first to its last child.
    fn close(&mut self, frame: Frame) -> NodeId {
        let (id, children_end, flow) = match frame {
            Frame::Sequence { id, items, flow } => {
                let end = items.last().map(|item| self.range(*item).end);
                // An indentless sequence (`key:\n- a`) is reported at its
                // first item: start it at that item's `-`.
                if let (false, Some(first)) = (flow, items.first()) {
                    let dash = self.dash_before(*first);
                    let node = &mut self.nodes[id.index()];
                    if let Some(dash) = dash.filter(|dash| *dash < node.range.start) {
                        node.range = TextRange::new(dash, node.range.end.max(dash));
                    }
                }
                self.nodes[id.index()].kind = RawKind::Sequence(items, flow);
                (id, end, flow)
            }
            Frame::Mapping { id, mut entries, pending_key, flow } => {
                if let Some(key) = pending_key {
                    // A key whose value never came (the document broke off).
                    let at = self.range(key).end;
                    let value = self.null_at(at);
                    entries.push(Entry { key, value });
                }
                self.find_duplicates(&entries);
                let end = entries
                    .last()
                    .map(|entry| self.range(entry.value).end.max(self.range(entry.key).end));
                self.nodes[id.index()].kind = RawKind::Mapping(entries, flow);
                (id, end, flow)
            }
        };
        let size = to_u32(self.nodes.len()) - id.0;
        let node = &mut self.nodes[id.index()];
        node.size = size;
        if !flow && let Some(end) = children_end {
            node.range = TextRange::new(node.range.start, end.max(node.range.start));
        }
        id
    }

    /// The `-` that introduces a block sequence item, before its anchor and
    /// tag if it has them.
    fn dash_before(&self, item: NodeId) -> Option<u32> {
        let node = &self.nodes[item.index()];
        let mut start = node.range.start;
        let properties = [node.anchor.as_ref().map(|a| a.1), node.tag.as_ref().map(|t| t.1)];
        for range in properties.into_iter().flatten() {
            start = start.min(range.start);
        }
        dash_before(self.text, start)
    }

    fn null_at(&mut self, at: u32) -> NodeId {
        let scalar = Scalar { value: String::new(), style: ScalarStyle::Plain };
        let id = NodeId(to_u32(self.nodes.len()));
        self.nodes.push(RawNode {
            range: TextRange::empty(at),
            kind: RawKind::Scalar(scalar),
            tag: None,
            anchor: None,
            size: 1,
        });
        id
    }

    fn find_duplicates(&mut self, entries: &[Entry]) {
        let keys = entries.iter().map(|entry| {
            let key = match &self.nodes[entry.key.index()].kind {
                RawKind::Scalar(scalar) => Some(scalar),
                _ => None,
            };
            (entry.key, key)
        });
        self.duplicate_keys.extend(duplicates(keys));
    }

    /// Puts a finished node in its parent, or makes it the document's root.
    fn attach(&mut self, id: NodeId) {
        match self.stack.last_mut() {
            Some(Frame::Sequence { items, .. }) => items.push(id),
            Some(Frame::Mapping { entries, pending_key, .. }) => match pending_key.take() {
                Some(key) => entries.push(Entry { key, value: id }),
                None => *pending_key = Some(id),
            },
            None => {
                if self.document_root.is_none() {
                    self.document_root = Some(id);
                }
            }
        }
    }

    /// A block scalar's range from its `|` or `>` indicator to the end of
    /// its last line of content (the library starts it at the content and
    /// ends it after the trailing blank lines, and for an empty one, at the
    /// indentation of the next line: trimming back to the header keeps the
    /// range from depending on what follows the scalar).
    fn block_scalar_range(&self, content: TextRange) -> TextRange {
        let bytes = self.text.as_bytes();
        // Walk back over the lines before the content to the header line: the
        // first one that is not blank once its comment is set aside.
        let mut line_end = content.start as usize;
        let mut start = content.start as usize;
        while line_end > 0 {
            let line_start =
                crate::text::line_start(self.text, to_u32(line_end.saturating_sub(1))) as usize;
            let line = &self.text[line_start..line_end];
            let code = match line.find(" #") {
                Some(index) => &line[..index],
                None => line,
            };
            if let Some(index) = code.rfind(['|', '>']) {
                start = line_start + index;
                break;
            }
            if !code.trim().is_empty() || line_start == 0 {
                break;
            }
            line_end = line_start;
        }
        let mut end = (content.end as usize).max(start);
        while end > start && matches!(bytes[end - 1], b'\n' | b'\r' | b' ' | b'\t') {
            end -= 1;
        }
        TextRange::new(to_u32(start), to_u32(end))
    }
}

/// The duplicates among a mapping's keys (given with their scalars, `None`
/// for a key that is not one), merge keys aside.
fn duplicates<'s>(keys: impl Iterator<Item = (NodeId, Option<&'s Scalar>)>) -> Vec<DuplicateKey> {
    let mut seen: HashMap<&str, NodeId> = HashMap::new();
    let mut found = Vec::new();
    for (id, scalar) in keys {
        let Some(scalar) = scalar.filter(|scalar| !scalar.is_merge_key()) else { continue };
        match seen.get(scalar.value.as_str()) {
            Some(first) => found.push(DuplicateKey { first: *first, duplicate: id }),
            None => {
                seen.insert(scalar.value.as_str(), id);
            }
        }
    }
    found
}

/// The `-` before `start` on its line, with only blanks between.
fn dash_before(text: &str, start: u32) -> Option<u32> {
    let before = text.get(..start as usize)?;
    let trimmed = before.trim_end_matches([' ', '\t']);
    trimmed.ends_with('-').then(|| to_u32(trimmed.len() - 1))
}

#[cfg(test)]
mod tests;
