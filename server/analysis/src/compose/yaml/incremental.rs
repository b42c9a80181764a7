//! Incremental reparsing: after an edit, parse again only the block entries
//! or items the edit falls in, and splice their new nodes into the tree.
//!
//! # Why a slice parses as it would in the whole text
//!
//! A child of a block collection (a `key: value` entry or a `- item`) that
//! starts its line at column `c` extends over the lines after it until the
//! next line that starts a node at column `c` or less. Cut the text at the
//! starts of such lines, and the run of children between two cuts parses
//! alone exactly as in place: a YAML document may start indented, the
//! parser's decisions inside the run depend only on the run's own lines and
//! the indentation `c` of the collection (which the run's first line sets
//! again), and the line after the run, unchanged, ends the last child as the
//! end of the text does.
//!
//! So the region is whole lines: from the line of the first child the edit
//! touches to the line of the next node after the last one. The new text of
//! the region is parsed alone, and taken only if it is healthy and shaped like
//! what it replaces: one document, no error, a block collection of the
//! parent's kind at column `c`. Anything that could make the parse depend on
//! text outside the region refuses the splice, and the caller parses the
//! whole text:
//!
//! - anchors in the old or new region (an anchor binds the aliases after it,
//!   wherever they are), and an alias in the new region with no anchor of
//!   its name before the region (the others are bound as in place: to the
//!   last such anchor in the document);
//! - document markers (`---`, `...`), directives (`%`), byte order marks
//!   and explicit keys (`? key`, whose absent value the library places at
//!   the next token) in the region, or a node before the region that starts
//!   inside it (that same absent value);
//! - a region boundary that is no longer a line boundary (a `\r` before the
//!   region meeting a `\n` inserted at its start), a new first child at
//!   another column (the edit changed the indentation) or after a tab, and
//!   an entry whose line starts with `?` or `:` at either end of the run;
//! - blank lines or comments first in the region right after a block scalar
//!   (`|+` keeps trailing blank lines, and a line indented enough is content)
//!   or before a nested collection's first child (the library buffers at
//!   most 96 comments while it looks for a value);
//! - nesting that could reach the library's limit of 255 block collections;
//! - a syntax error anywhere in the old tree or in the new region, whose
//!   reach is the rest of the document.
//!
//! An edit in the comments and blank lines before the first entry of the
//! file (a header comment) that leaves them comments and blank lines changes
//! only the comments, and moves every node.
//!
//! The innermost run is tried first, then the same run with the child before
//! it (an edit that indents a line or deletes a key line moves lines into
//! that child), then the runs one level up, while the region stays under
//! half the text (or 4 KiB).
//!
//! The splice keeps every node outside the region: the nodes after it move
//! (their start only; their shared data is position independent), the
//! parent and its ancestors get new child lists and ends, and the comments,
//! duplicate keys, document roots and alias targets are moved or replaced to
//! match. [`Splice`] tells the caller which ids and ranges moved.

use std::sync::Arc;

use super::{
    Builder, DuplicateKey, NodeId, Scalar, ScalarStyle, Slot, StoredKind, YamlTree, dash_before,
    duplicates,
};
use crate::text::{TextEdit, TextRange, line_start, to_u32};

/// What an incremental reparse replaced, for those who keep data derived
/// from the old tree.
#[derive(Clone, PartialEq, Eq, Debug)]
pub(crate) struct Splice {
    /// The old text that was reparsed (whole lines).
    pub old_region: TextRange,
    /// How much longer the new text is.
    pub delta: i64,
    /// The first replaced node: old ids `first..old_end` became new ids
    /// `first..new_end`; the ids before stay, those after move together.
    pub first: NodeId,
    pub old_end: u32,
    pub new_end: u32,
    /// The collections that hold the replaced nodes, innermost first: their
    /// data changed. Their ids are the same in both trees.
    pub ancestors: Vec<NodeId>,
    /// Whether one of them carries an anchor, so that an alias elsewhere may
    /// see the change.
    pub anchored_ancestor: bool,
}

impl Splice {
    /// Where an old node is in the new tree; `None` for a replaced node.
    pub fn map_id(&self, id: NodeId) -> Option<NodeId> {
        if id < self.first {
            Some(id)
        } else if id.0 >= self.old_end {
            Some(NodeId(offset(id.0, i64::from(self.new_end) - i64::from(self.old_end))))
        } else {
            None
        }
    }

    /// Where an old range outside the region is in the new text.
    pub fn map_range(&self, range: TextRange) -> TextRange {
        if range.start >= self.old_region.end {
            TextRange::new(offset(range.start, self.delta), offset(range.end, self.delta))
        } else {
            range
        }
    }
}

/// `value + delta`, for a delta that keeps it in range.
fn offset(value: u32, delta: i64) -> u32 {
    u32::try_from(i64::from(value) + delta).unwrap_or(0)
}

/// The children of a block collection.
struct Children {
    mapping: bool,
    /// (key, value) of each entry, (item, item) of each item.
    items: Vec<(NodeId, NodeId)>,
}

/// The number of indices `0..len` that satisfy `predicate`, which holds for
/// a prefix of them.
fn partition(len: usize, predicate: impl Fn(usize) -> bool) -> usize {
    let (mut low, mut high) = (0, len);
    while low < high {
        let middle = low + (high - low) / 2;
        if predicate(middle) {
            low = middle + 1;
        } else {
            high = middle;
        }
    }
    low
}

/// A run of children of a block collection, and the lines they cover.
#[derive(Clone, Debug)]
struct Candidate {
    parent: NodeId,
    /// The children `first..=last` of the parent.
    first: usize,
    last: usize,
    /// Their lines, up to the next node's line.
    region: TextRange,
    /// Where the children start on their lines.
    column: u32,
    /// The parent's ancestors, innermost first.
    ancestors: Vec<NodeId>,
}

impl YamlTree {
    /// The tree of `new_text`, which is `old_text` (this tree's text) with
    /// `edit` applied, made by reparsing only the entries or items the edit
    /// falls in. `None` when that cannot be shown to equal a full parse: the
    /// caller parses `new_text` whole.
    pub(crate) fn reparse(
        &self,
        old_text: &str,
        new_text: &str,
        edit: &TextEdit,
    ) -> Option<(YamlTree, Splice)> {
        let fits = edit.range.end as usize <= old_text.len()
            && old_text.len() - edit.range.len() as usize + edit.new_text.len() == new_text.len()
            && self
                .nodes
                .last()
                .is_none_or(|last| (last.start + last.len) as usize <= old_text.len());
        if !fits || !self.errors.is_empty() || self.nodes.is_empty() {
            return None;
        }
        if let Some(spliced) = self.splice_leading_lines(old_text, new_text, edit.range) {
            return Some(spliced);
        }
        let candidates = self.candidates(old_text, edit.range);
        let budget = old_text.len().max(new_text.len()) / 2;
        candidates
            .iter()
            .rev()
            .take_while(|candidate| candidate.region.len() as usize <= budget.max(4096))
            .find_map(|candidate| self.splice(old_text, new_text, candidate))
    }

    /// An edit in the blank lines and comments before the first document's
    /// first entry (a header comment): when they stay blank lines and
    /// comments, only the comments change, and every node moves.
    fn splice_leading_lines(
        &self,
        old_text: &str,
        new_text: &str,
        edit: TextRange,
    ) -> Option<(YamlTree, Splice)> {
        let root = self.documents.first()?.root?;
        let children = self.block_children(root)?;
        let start = self.child_start(old_text, &children, 0)?;
        let old_region = TextRange::new(0, line_start(old_text, start));
        if edit.end > old_region.end || root.0 != 0 {
            return None;
        }
        let delta = i64::try_from(new_text.len()).ok()? - i64::try_from(old_text.len()).ok()?;
        let new_end = u32::try_from(i64::from(old_region.end) + delta).ok()?;
        let slice = new_text.get(..new_end as usize)?;
        if !is_line_boundary(new_text, new_end)
            || has_markers(slice)
            || has_markers(old_region.slice(old_text))
        {
            return None;
        }
        let piece = Builder::new(slice).run();
        if !piece.nodes.is_empty() || !piece.errors.is_empty() {
            return None;
        }
        let nodes = self
            .nodes
            .iter()
            .map(|slot| Slot { start: offset(slot.start, delta), ..slot.clone() })
            .collect();
        let mut comments = piece.comments;
        comments.extend(self.comments.iter().filter(|c| c.range.start >= old_region.end).map(
            |c| super::Comment {
                range: TextRange::new(offset(c.range.start, delta), offset(c.range.end, delta)),
            },
        ));
        let tree = YamlTree { nodes, comments, ..self.clone_without_nodes() };
        let splice = Splice {
            old_region,
            delta,
            first: NodeId(0),
            old_end: 0,
            new_end: 0,
            ancestors: Vec::new(),
            anchored_ancestor: false,
        };
        Some((tree, splice))
    }

    /// The tree's lists other than its nodes and comments.
    fn clone_without_nodes(&self) -> YamlTree {
        YamlTree {
            nodes: Vec::new(),
            documents: self.documents.clone(),
            comments: Vec::new(),
            errors: self.errors.clone(),
            duplicate_keys: self.duplicate_keys.clone(),
            aliases: self.aliases.clone(),
            anchors: self.anchors.clone(),
        }
    }

    /// The runs of children that hold `edit`, outermost first.
    fn candidates(&self, text: &str, edit: TextRange) -> Vec<Candidate> {
        let mut found = Vec::new();
        // The document the edit starts in: the last one whose root's line
        // starts before it.
        let roots: Vec<(usize, NodeId)> = self
            .documents
            .iter()
            .enumerate()
            .filter_map(|(index, document)| Some((index, document.root?)))
            .collect();
        let after = roots.partition_point(|(_, root)| {
            line_start(text, self.start_with_properties(*root)) <= edit.start
        });
        let Some(&(index, root)) = after.checked_sub(1).and_then(|at| roots.get(at)) else {
            return found;
        };
        // The last child of the root runs to the next document's first node,
        // or to the end of the text (the marker check turns down the former).
        let later = self.documents[index + 1..].iter().find_map(|document| document.root);
        let mut limit = match later {
            Some(next) => line_start(text, self.start_with_properties(next)),
            None => to_u32(text.len()),
        };
        let mut parent = root;
        let mut ancestors: Vec<NodeId> = Vec::new();
        while let Some(children) = self.block_children(parent) {
            // Children are found by their content's line, then checked by
            // where they really start.
            let line_of =
                |index: usize| line_start(text, self.range(children.items[index].0).start);
            let count = children.items.len();
            let Some(first) = partition(count, |index| line_of(index) <= edit.start).checked_sub(1)
            else {
                break;
            };
            let last =
                partition(count, |index| line_of(index) < edit.end).saturating_sub(1).max(first);
            let Some(start) = self.child_start(text, &children, first) else { break };
            let end = if last + 1 < count {
                match self.child_start(text, &children, last + 1) {
                    Some(next) => line_start(text, next),
                    None => break,
                }
            } else {
                limit
            };
            let region = TextRange::new(line_start(text, start), end.max(line_start(text, start)));
            if region.start > edit.start || edit.end > region.end {
                break;
            }
            let candidate = Candidate {
                parent,
                first,
                last,
                region,
                column: start - region.start,
                ancestors: ancestors.iter().rev().copied().collect(),
            };
            // With the child before too, tried next: an edit that indents
            // the run's first line, or deletes a key line, moves lines into
            // the previous child.
            if first > 0
                && let Some(previous) = self.child_start(text, &children, first - 1)
            {
                found.push(Candidate {
                    first: first - 1,
                    region: TextRange::new(line_start(text, previous), end),
                    ..candidate.clone()
                });
            }
            found.push(candidate);
            if first != last {
                break;
            }
            ancestors.push(parent);
            parent = children.items[first].1;
            limit = end;
        }
        found
    }

    /// The children of a block collection, as (the node its start is read
    /// from, the node to descend into): (key, value) of each entry, (item,
    /// item) of each item.
    fn block_children(&self, id: NodeId) -> Option<Children> {
        match &self.nodes[id.index()].data.kind {
            StoredKind::Mapping { entries, flow: false } => Some(Children {
                mapping: true,
                items: entries
                    .iter()
                    .map(|[key, value]| (NodeId(id.0 + key), NodeId(id.0 + value)))
                    .collect(),
            }),
            StoredKind::Sequence { items, flow: false } => Some(Children {
                mapping: false,
                items: items
                    .iter()
                    .map(|item| (NodeId(id.0 + item), NodeId(id.0 + item)))
                    .collect(),
            }),
            _ => None,
        }
    }

    /// Where child `index` begins: its key (or the key's tag or anchor), or
    /// its item's dash. `None` unless that is the first thing on its line
    /// and, for an entry, the key is written: an entry whose line starts
    /// with `?` or `:` belongs with the lines around it.
    fn child_start(&self, text: &str, children: &Children, index: usize) -> Option<u32> {
        let node = children.items[index].0;
        let start = self.start_with_properties(node);
        let start = if children.mapping {
            if self.range(node).is_empty() {
                return None;
            }
            start
        } else {
            dash_before(text, start)?
        };
        let line = line_start(text, start);
        text.as_bytes()[line as usize..start as usize]
            .iter()
            .all(|byte| *byte == b' ')
            .then_some(start)
    }

    /// How deeply collections nest in the tree (its roots count one).
    fn nesting_depth(&self) -> usize {
        // The subtree ends of the open collections, innermost last.
        let mut open: Vec<u32> = Vec::new();
        let mut deepest = 0;
        for (index, slot) in self.nodes.iter().enumerate() {
            let id = to_u32(index);
            while open.last().is_some_and(|end| *end <= id) {
                open.pop();
            }
            if matches!(slot.data.kind, StoredKind::Mapping { .. } | StoredKind::Sequence { .. }) {
                open.push(id + slot.data.size);
                deepest = deepest.max(open.len());
            }
        }
        deepest
    }

    /// A node's start, before its tag and anchor.
    fn start_with_properties(&self, id: NodeId) -> u32 {
        let node = self.node(id);
        let mut start = node.range.start;
        for range in [node.tag().map(|tag| tag.range), node.anchor().map(|anchor| anchor.range)]
            .into_iter()
            .flatten()
        {
            start = start.min(range.start);
        }
        start
    }

    /// Reparses a candidate's region in the new text and splices the result,
    /// or `None` when that would not equal a full parse.
    fn splice(
        &self,
        old_text: &str,
        new_text: &str,
        candidate: &Candidate,
    ) -> Option<(Self, Splice)> {
        let delta = i64::try_from(new_text.len()).ok()? - i64::try_from(old_text.len()).ok()?;
        let old_region = candidate.region;
        let new_end = u32::try_from(i64::from(old_region.end) + delta).ok()?;
        if new_end < old_region.start {
            return None;
        }
        let new_region = TextRange::new(old_region.start, new_end);
        if !is_line_boundary(new_text, new_region.start)
            || !is_line_boundary(new_text, new_region.end)
        {
            return None;
        }
        let slice = new_region.slice(new_text);
        if has_markers(slice) || has_markers(old_region.slice(old_text)) {
            return None;
        }
        let parent = candidate.parent;
        let children = self.block_children(parent)?;
        let is_mapping = children.mapping;
        let first_id = children.items[candidate.first].0;
        let last_id = children.items[candidate.last].1;
        let old_end = last_id.0 + self.nodes[last_id.index()].data.size;
        // An anchor in the region may bind aliases anywhere after it.
        if (first_id.0..old_end).any(|id| self.nodes[id as usize].data.anchor.is_some()) {
            return None;
        }
        // The node just before the region must end before it: the absent
        // value of an explicit key (`? key`) is placed at the next token.
        if candidate.first > 0 && self.nodes[first_id.index() - 1].start >= old_region.start {
            return None;
        }
        // The node just before the region: a block scalar there takes in the
        // blank lines after it, and lines indented enough.
        let after_block_scalar = first_id.0 > 0
            && matches!(
                &self.nodes[first_id.index() - 1].data.kind,
                StoredKind::Scalar(Scalar {
                    style: ScalarStyle::Literal | ScalarStyle::Folded,
                    ..
                })
            );
        let mut piece = Builder::new(slice).run();
        if piece.nodes.iter().any(|slot| slot.data.anchor.is_some()) {
            return None;
        }
        let document = candidate.ancestors.last().copied().unwrap_or(parent);
        if !self.bind_aliases(&mut piece, document, first_id) || !piece.errors.is_empty() {
            return None;
        }
        // The library refuses more than 255 nested block collections: the
        // piece's own nesting sits under the parent's.
        if candidate.ancestors.len() + piece.nesting_depth() >= 128 {
            return None;
        }
        // The new children, as (key, value) or (item, item) ids in the piece.
        let new_children: Vec<(NodeId, NodeId)> = if piece.nodes.is_empty() {
            // Only blank lines and comments are left (or nothing): the
            // children go. The parent keeps its first child, so its start.
            if candidate.first == 0 || (after_block_scalar && !slice.is_empty()) {
                return None;
            }
            if piece.documents.iter().any(|document| document.root.is_some()) {
                return None;
            }
            Vec::new()
        } else {
            let [document] = piece.documents.as_slice() else { return None };
            if document.root != Some(NodeId(0)) || document.broken {
                return None;
            }
            let root = &piece.nodes[0];
            if root.data.tag.is_some() || root.data.anchor.is_some() {
                return None;
            }
            let same_kind = matches!(
                (&root.data.kind, is_mapping),
                (StoredKind::Mapping { flow: false, .. }, true)
                    | (StoredKind::Sequence { flow: false, .. }, false)
            );
            if !same_kind {
                return None;
            }
            // The first child on the region's first line, unless blank lines
            // and comments before it change nothing: after a block scalar
            // they may be its content; before the first child of a nested
            // collection, the library buffers the comments after `key:` or
            // `-` (at most 96) while it looks for the value.
            let root_start = root.start;
            let on_first_line = root_start == candidate.column;
            let nested_first = candidate.first == 0 && !candidate.ancestors.is_empty();
            if root_start - line_start(slice, root_start) != candidate.column
                || ((after_block_scalar || nested_first) && !on_first_line)
            {
                return None;
            }
            // The first new child starts the collection, first on its line
            // after spaces only (a tab there is an error in place, not alone;
            // and an indentless sequence's start, when it is the parent's
            // first child, is then at the dash, as the builder puts it).
            let new_children = piece.block_children(NodeId(0))?;
            if piece.child_start(slice, &new_children, 0) != Some(root_start) {
                return None;
            }
            new_children.items
        };
        Some(self.assemble(candidate, first_id, old_end, piece, &new_children, delta))
    }

    /// Binds the aliases of a piece (unknown there, since it holds no
    /// anchor) as they bind in place: to the last anchor of their name
    /// before the region in its document. Their errors go; `false` when one
    /// has no such anchor (a full parse reports it).
    fn bind_aliases(&self, piece: &mut YamlTree, document: NodeId, first: NodeId) -> bool {
        for alias in piece.aliases.clone() {
            let slot = &mut piece.nodes[alias.index()];
            let range = TextRange::at(slot.start, slot.len as usize);
            let StoredKind::Alias(data) = &mut Arc::make_mut(&mut slot.data).kind else {
                return false;
            };
            let anchor = self.anchors.iter().rev().find(|anchor| {
                (document..first).contains(*anchor)
                    && self.nodes[anchor.index()]
                        .data
                        .anchor
                        .as_ref()
                        .is_some_and(|anchor| anchor.text == data.name)
            });
            let Some(anchor) = anchor else { return false };
            data.target = Some(*anchor);
            piece.errors.retain(|error| error.range != range);
        }
        true
    }

    /// Builds the new tree from the old one and the reparsed piece.
    fn assemble(
        &self,
        candidate: &Candidate,
        first_id: NodeId,
        old_end: u32,
        piece: YamlTree,
        new_children: &[(NodeId, NodeId)],
        delta: i64,
    ) -> (YamlTree, Splice) {
        let old_region = candidate.region;
        let region_start = old_region.start;
        let first = first_id.0;
        // The piece's root stands for the parent: its children come in at
        // `first`, so a piece id `x` becomes `first + x - 1`.
        let piece_count = to_u32(piece.nodes.len().saturating_sub(1));
        let new_end = first + piece_count;
        let count_delta = i64::from(new_end) - i64::from(old_end);
        let from_piece = |id: NodeId| NodeId(first + id.0 - 1);
        let from_old = |id: u32| if id >= old_end { offset(id, count_delta) } else { id };

        let mut nodes: Vec<Slot> = Vec::with_capacity(self.nodes.len() + piece.nodes.len());
        nodes.extend_from_slice(&self.nodes[..first as usize]);
        nodes.extend(piece.nodes.iter().skip(1).map(|slot| Slot {
            start: slot.start + region_start,
            len: slot.len,
            data: Arc::clone(&slot.data),
        }));
        nodes.extend(self.nodes[old_end as usize..].iter().map(|slot| Slot {
            start: offset(slot.start, delta),
            len: slot.len,
            data: Arc::clone(&slot.data),
        }));

        // The parent: the kept children, and the new ones in the middle.
        let parent = candidate.parent;
        let new_relative: Vec<[u32; 2]> = new_children
            .iter()
            .map(|(start, descend)| {
                [from_piece(*start).0 - parent.0, from_piece(*descend).0 - parent.0]
            })
            .collect();
        if candidate.first == 0
            && let Some(root) = piece.nodes.first()
        {
            // The parent starts where its first child does; its tag and
            // anchor stay where they are.
            let slot = &mut nodes[parent.index()];
            let (old_start, end) = (slot.start, slot.start + slot.len);
            slot.start = root.start + region_start;
            slot.len = end.saturating_sub(slot.start);
            let moved = i64::from(slot.start) - i64::from(old_start);
            if moved != 0 {
                let data = Arc::make_mut(&mut slot.data);
                for property in [&mut data.tag, &mut data.anchor].into_iter().flatten() {
                    property.offset -= moved;
                }
            }
        }
        {
            let data = Arc::make_mut(&mut nodes[parent.index()].data);
            data.size = offset(data.size, count_delta);
            let shift = |relative: u32| from_old(parent.0 + relative) - parent.0;
            match &mut data.kind {
                StoredKind::Mapping { entries, .. } => {
                    let tail: Vec<[u32; 2]> = entries[candidate.last + 1..]
                        .iter()
                        .map(|[key, value]| [shift(*key), shift(*value)])
                        .collect();
                    entries.truncate(candidate.first);
                    entries.extend(new_relative.iter().copied());
                    entries.extend(tail);
                }
                StoredKind::Sequence { items, .. } => {
                    let tail: Vec<u32> =
                        items[candidate.last + 1..].iter().map(|item| shift(*item)).collect();
                    items.truncate(candidate.first);
                    items.extend(new_relative.iter().map(|[item, _]| *item));
                    items.extend(tail);
                }
                _ => {}
            }
        }
        close_block(&mut nodes, parent);
        // The ancestors: later children move, and the end may have.
        for ancestor in &candidate.ancestors {
            let data = Arc::make_mut(&mut nodes[ancestor.index()].data);
            data.size = offset(data.size, count_delta);
            let shift = |relative: u32| from_old(ancestor.0 + relative) - ancestor.0;
            match &mut data.kind {
                StoredKind::Mapping { entries, .. } => {
                    for [key, value] in entries.iter_mut() {
                        *key = shift(*key);
                        *value = shift(*value);
                    }
                }
                StoredKind::Sequence { items, .. } => {
                    for item in items.iter_mut() {
                        *item = shift(*item);
                    }
                }
                _ => {}
            }
            close_block(&mut nodes, *ancestor);
        }

        // Aliases after the region keep their targets, which may have moved;
        // the piece's come in between, bound to anchors before the region.
        let mut aliases = Vec::with_capacity(self.aliases.len() + piece.aliases.len());
        aliases.extend(self.aliases.iter().filter(|alias| alias.0 < first));
        aliases.extend(piece.aliases.iter().map(|alias| from_piece(*alias)));
        for alias in self.aliases.iter().filter(|alias| alias.0 >= old_end) {
            let moved = NodeId(from_old(alias.0));
            if let StoredKind::Alias(data) = &self.nodes[alias.index()].data.kind
                && let Some(target) = data.target
                && target.0 >= old_end
            {
                let slot = &mut nodes[moved.index()];
                if let StoredKind::Alias(alias) = &mut Arc::make_mut(&mut slot.data).kind {
                    alias.target = Some(NodeId(from_old(target.0)));
                }
            }
            aliases.push(moved);
        }

        // No anchor was in the region (nor is one in the piece).
        let anchors = self.anchors.iter().map(|anchor| NodeId(from_old(anchor.0))).collect();

        let documents = self
            .documents
            .iter()
            .map(|document| super::YamlDocument {
                root: document.root.map(|root| NodeId(from_old(root.0))),
                broken: document.broken,
            })
            .collect();

        let region_end = old_region.end;
        let mut comments = Vec::with_capacity(self.comments.len() + piece.comments.len());
        comments.extend(self.comments.iter().filter(|c| c.range.start < region_start).copied());
        comments.extend(
            piece
                .comments
                .iter()
                .map(|comment| super::Comment { range: comment.range.shifted(region_start) }),
        );
        comments.extend(self.comments.iter().filter(|c| c.range.start >= region_end).map(|c| {
            super::Comment {
                range: TextRange::new(offset(c.range.start, delta), offset(c.range.end, delta)),
            }
        }));

        // Duplicate keys: the parent's are found again, the piece's own come
        // in, the others stay (moved).
        let parent_keys: Vec<u32> = match &self.nodes[parent.index()].data.kind {
            StoredKind::Mapping { entries, .. } => {
                entries.iter().map(|[key, _]| parent.0 + key).collect()
            }
            _ => Vec::new(),
        };
        let piece_root_keys: Vec<NodeId> = new_children.iter().map(|(key, _)| *key).collect();
        let mut duplicate_keys: Vec<DuplicateKey> = self
            .duplicate_keys
            .iter()
            .filter(|duplicate| {
                let id = duplicate.duplicate.0;
                !(first..old_end).contains(&id) && parent_keys.binary_search(&id).is_err()
            })
            .map(|duplicate| DuplicateKey {
                first: NodeId(from_old(duplicate.first.0)),
                duplicate: NodeId(from_old(duplicate.duplicate.0)),
            })
            .collect();
        duplicate_keys.extend(
            piece
                .duplicate_keys
                .iter()
                .filter(|duplicate| !piece_root_keys.contains(&duplicate.duplicate))
                .map(|duplicate| DuplicateKey {
                    first: from_piece(duplicate.first),
                    duplicate: from_piece(duplicate.duplicate),
                }),
        );
        if let StoredKind::Mapping { entries, .. } = &nodes[parent.index()].data.kind {
            let keys = entries.iter().map(|[key, _]| {
                let id = NodeId(parent.0 + key);
                let scalar = match &nodes[id.index()].data.kind {
                    StoredKind::Scalar(scalar) => Some(scalar),
                    _ => None,
                };
                (id, scalar)
            });
            duplicate_keys.extend(duplicates(keys));
        }
        duplicate_keys.sort_by_key(|duplicate| duplicate.duplicate);

        let mut ancestors = vec![parent];
        ancestors.extend(candidate.ancestors.iter().copied());
        let anchored_ancestor =
            ancestors.iter().any(|ancestor| nodes[ancestor.index()].data.anchor.is_some());
        let tree = YamlTree {
            nodes,
            documents,
            comments,
            errors: Vec::new(),
            duplicate_keys,
            aliases,
            anchors,
        };
        let splice = Splice {
            old_region,
            delta,
            first: first_id,
            old_end,
            new_end,
            ancestors,
            anchored_ancestor,
        };
        (tree, splice)
    }
}

/// A block collection's range, from its start to its last child's end, as
/// the builder closes it.
fn close_block(nodes: &mut [Slot], id: NodeId) {
    let base = id.0;
    let end = |child: u32| {
        let slot = &nodes[(base + child) as usize];
        slot.start + slot.len
    };
    let children_end = match &nodes[id.index()].data.kind {
        StoredKind::Mapping { entries, .. } => {
            entries.last().map(|[key, value]| end(*value).max(end(*key)))
        }
        StoredKind::Sequence { items, .. } => items.last().map(|item| end(*item)),
        _ => None,
    };
    let slot = &mut nodes[id.index()];
    if let Some(end) = children_end {
        slot.len = end.max(slot.start) - slot.start;
    }
}

/// Whether a line starts at `at` (or the text ends there): a `\r` before it
/// that a `\n` now follows does not end a line.
fn is_line_boundary(text: &str, at: u32) -> bool {
    let bytes = text.as_bytes();
    let at = at as usize;
    if at == 0 || at == bytes.len() {
        return true;
    }
    match bytes.get(at - 1) {
        Some(b'\n') => true,
        Some(b'\r') => bytes.get(at) != Some(&b'\n'),
        _ => false,
    }
}

/// Whether the text holds what a region must not: a line that could be a
/// document marker or a directive, a byte order mark, or an explicit key
/// (`? key`), whose absent value the library places at the next token,
/// wherever that is.
fn has_markers(text: &str) -> bool {
    text.contains('\u{feff}')
        || text.split(['\n', '\r']).any(|line| {
            if line.starts_with("---") || line.starts_with("...") || line.starts_with('%') {
                return true;
            }
            // Past the indentation and any `- ` of compact items.
            let mut rest = line.trim_start_matches([' ', '\t']);
            while let Some(after) =
                rest.strip_prefix('-').filter(|after| after.starts_with([' ', '\t']))
            {
                rest = after.trim_start_matches([' ', '\t']);
            }
            rest.strip_prefix('?')
                .is_some_and(|after| after.is_empty() || after.starts_with([' ', '\t']))
        })
}

#[cfg(test)]
mod tests;
