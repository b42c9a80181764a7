//! What an editor may fold in a Dockerfile: each stage, each instruction
//! that spans lines (continuations and heredocs), each heredoc body, and
//! runs of comment lines.

use crate::dockerfile::model::Model;
use crate::dockerfile::syntax::{NodeKind, Parse};
use crate::ide::{Fold, FoldKind};
use crate::text::TextRange;

/// The folds of a Dockerfile, in order of their start.
pub fn folds(parse: &Parse) -> Vec<Fold> {
    let text = parse.text();
    let spans_lines = |range: TextRange| range.slice(text).trim_end().contains(['\n', '\r']);
    let mut folds = Vec::new();
    let model = Model::new(parse);
    for stage in &model.stages {
        let first = model.instructions[stage.from].range();
        let last = model.instructions[stage.end - 1].range();
        let range = trimmed(text, first.cover(last));
        if spans_lines(range) {
            folds.push(Fold { range, kind: FoldKind::Region });
        }
    }
    let mut comment_run: Option<TextRange> = None;
    for node in parse.nodes() {
        if node.is_comment() {
            comment_run = Some(comment_run.map_or(node.range(), |run| run.cover(node.range())));
            continue;
        }
        if let Some(run) = comment_run.take() {
            let run = trimmed(text, run);
            if spans_lines(run) {
                folds.push(Fold { range: run, kind: FoldKind::Comment });
            }
        }
        if !matches!(node.kind(), NodeKind::Instruction(_)) {
            continue;
        }
        let Some(instruction) = node.instruction() else { continue };
        let whole = trimmed(text, instruction.range());
        if spans_lines(whole) {
            folds.push(Fold { range: whole, kind: FoldKind::Region });
        }
        // One heredoc folds with its instruction; several fold one by one.
        let several = instruction.heredocs().count() > 1;
        for heredoc in instruction.heredocs().filter(|_| several) {
            let end = heredoc.terminator_range().unwrap_or(heredoc.body_range()).end;
            let range = trimmed(text, TextRange::new(heredoc.marker_range().start, end));
            if spans_lines(range) {
                folds.push(Fold { range, kind: FoldKind::Region });
            }
        }
    }
    if let Some(run) = comment_run {
        let run = trimmed(text, run);
        if spans_lines(run) {
            folds.push(Fold { range: run, kind: FoldKind::Comment });
        }
    }
    folds.sort_by_key(|fold| (fold.range.start, std::cmp::Reverse(fold.range.end)));
    folds.dedup_by_key(|fold| fold.range);
    folds
}

/// The range without the line breaks and blanks that end it.
fn trimmed(text: &str, range: TextRange) -> TextRange {
    let content = range.slice(text).trim_end();
    TextRange::at(range.start, content.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_continuations_heredocs_and_comments() {
        let text =
            "# one\n# two\nFROM alpine AS a\nRUN x \\\n  y\nRUN <<EOF\nbody\nEOF\nFROM scratch\n";
        let found: Vec<(&str, FoldKind)> = folds(&Parse::new(text))
            .into_iter()
            .map(|fold| (fold.range.slice(text), fold.kind))
            .collect();
        assert_eq!(
            found,
            [
                ("# one\n# two", FoldKind::Comment),
                ("FROM alpine AS a\nRUN x \\\n  y\nRUN <<EOF\nbody\nEOF", FoldKind::Region),
                ("RUN x \\\n  y", FoldKind::Region),
                ("RUN <<EOF\nbody\nEOF", FoldKind::Region),
            ]
        );
    }
}
