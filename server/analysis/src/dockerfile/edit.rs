//! Edits that keep a Dockerfile's own style: its line endings, the
//! indentation of the lines around, and its escape character.

use crate::dockerfile::syntax::{Instruction, Parse};
use crate::text::{TextEdit, indentation_at, line_ending};

/// Inserts whole lines just before an instruction, indented like it.
pub fn insert_lines_before(parse: &Parse, before: &Instruction<'_>, lines: &[String]) -> TextEdit {
    let text = parse.text();
    let newline = line_ending(text);
    let at = crate::text::line_start(text, before.range().start);
    let indent = indentation_at(text, before.range().start);
    let inserted: String = lines.iter().map(|line| format!("{indent}{line}{newline}")).collect();
    TextEdit::insert(at, inserted)
}

/// Inserts whole lines after an instruction (after its heredoc bodies).
pub fn insert_lines_after(parse: &Parse, after: &Instruction<'_>, lines: &[String]) -> TextEdit {
    let text = parse.text();
    let newline = line_ending(text);
    let node = after.node_range();
    let indent = indentation_at(text, after.range().start);
    let ends_with_break = node.slice(text).ends_with('\n');
    let mut inserted = if ends_with_break { String::new() } else { newline.to_owned() };
    for line in lines {
        inserted.push_str(indent);
        inserted.push_str(line);
        inserted.push_str(newline);
    }
    TextEdit::insert(node.end, inserted)
}
