//! Incremental reparsing: after an edit, parse again from the node the edit
//! starts in, and stop as soon as a new node ends exactly where an old node
//! ended, past the edit; the old nodes from there on are reused, moved.
//!
//! Parsing a node depends only on the text from its start and on the escape
//! character, so once boundaries line up past the edit, the rest would parse
//! the same. Two things break that locality and take a full parse instead:
//! an edit in the parser directives at the top (they set the escape
//! character for the whole file), and an unterminated heredoc before the edit
//! (its body's end was guessed from lines that the edit may change).

use std::sync::Arc;

use super::parser::{self, BOM, State};
use super::{Node, NodeKind, Parse};
use crate::text::{TextEdit, apply_edits, to_u32};

pub fn reparse(old: &Parse, edit: &TextEdit) -> Parse {
    let Ok(text) = apply_edits(&old.text, std::slice::from_ref(edit)) else {
        // An edit that does not fit the text is refused, and the tree stays.
        return old.clone();
    };
    let edit_start = edit.range.start;
    let edit_old_end = edit.range.end;
    let delta = i64::from(to_u32(edit.new_text.len())) - i64::from(edit.range.len());
    let edit_new_end = edit_start + to_u32(edit.new_text.len());

    // The first node that the edit touches, and one more before it, since an
    // edit at a node's very start may extend the node before (a line without
    // its line break, at the end of the file).
    let first_touched = old.nodes.partition_point(|node| node.range().end < edit_start);
    let restart = first_touched.saturating_sub(1);

    let header_nodes = old
        .nodes
        .iter()
        .take_while(|node| matches!(node.data.kind, NodeKind::Bom | NodeKind::Directive(_)))
        .count();
    let touches_header = restart <= header_nodes || edit_start < to_u32(BOM.len());
    let guessed_before = old.nodes[..restart.min(old.nodes.len())].iter().any(|node| {
        matches!(&node.data.kind, NodeKind::Instruction(data)
            if data.heredocs.iter().any(|heredoc| heredoc.terminator.is_none()))
    });
    if touches_header || guessed_before || old.nodes.is_empty() {
        return Parse::new(&text);
    }

    let mut state = State { escape: old.escape, directives_done: true, ..State::default() };
    let mut nodes: Vec<Node> = old.nodes[..restart].to_vec();
    let mut position = old.nodes[restart].start as usize;
    // Old nodes from `next_old` on are candidates for reuse.
    let mut next_old = restart;
    while position < text.len() {
        let data = parser::parse_node(&text, position, &mut state);
        let start = to_u32(position);
        position += data.len as usize;
        nodes.push(Node { start, data: Arc::new(data) });

        let new_end = to_u32(position);
        if new_end < edit_new_end {
            continue;
        }
        // Where would this boundary have been in the old text?
        let old_end = i64::from(new_end) - delta;
        while next_old < old.nodes.len() && i64::from(old.nodes[next_old].start) < old_end {
            next_old += 1;
        }
        let aligned = next_old < old.nodes.len()
            && i64::from(old.nodes[next_old].start) == old_end
            && old.nodes[next_old].start >= edit_old_end;
        if aligned {
            nodes.extend(old.nodes[next_old..].iter().map(|node| Node {
                start: u32::try_from(i64::from(node.start) + delta).unwrap_or(0),
                data: Arc::clone(&node.data),
            }));
            break;
        }
    }
    Parse { text, nodes, escape: old.escape }
}
