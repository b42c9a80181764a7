//! Editor features for Compose files: what keys mean (hover), what may be
//! typed (completion of keys at their place, capabilities, declared names),
//! the outline, where names are defined, and folding.
//!
//! A file being typed is often not valid YAML, so completion reads the
//! place from indentation (the keys above the cursor), not from the tree.

pub mod completion;
pub mod definition;
pub mod folding;
pub mod hover;
pub mod symbols;

use crate::compose::ComposeFile;
use crate::compose::yaml::{NodeId, NodeKind};
use crate::text::TextRange;

/// Where an offset is in the tree: the keys from the root down to the
/// entry holding it, and whether it is on that entry's key.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub(crate) struct Place {
    pub keys: Vec<String>,
    /// The key node the offset is on, when it is on a key.
    pub on_key: Option<NodeId>,
    /// The innermost node holding the offset.
    pub node: Option<NodeId>,
}

/// The place of `offset` in the file's tree.
pub(crate) fn place_at(file: &ComposeFile, offset: u32) -> Place {
    let tree = &file.tree;
    let touches = |range: TextRange| range.contains(offset) || range.end == offset;
    let mut place = Place::default();
    let Some(mut current) = tree
        .documents
        .iter()
        .filter_map(|document| document.root)
        .find(|root| touches(tree.range(*root)))
    else {
        return place;
    };
    // Descend as written (no alias resolution: the place is where the text is).
    for _ in 0..64 {
        place.node = Some(current);
        match &tree.node(current).kind {
            NodeKind::Mapping(mapping) => {
                let Some(entry) = mapping.entries().find(|entry| {
                    touches(tree.range(entry.key)) || touches(tree.range(entry.value))
                }) else {
                    return place;
                };
                place.keys.push(tree.str(entry.key).unwrap_or_default().to_owned());
                if touches(tree.range(entry.key)) {
                    place.on_key = Some(entry.key);
                    place.node = Some(entry.key);
                    return place;
                }
                current = entry.value;
            }
            NodeKind::Sequence(sequence) => {
                let Some(item) = sequence.items().find(|item| touches(tree.range(*item))) else {
                    return place;
                };
                current = item;
            }
            _ => return place,
        }
    }
    place
}
