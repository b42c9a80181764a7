//! The logical text of an instruction: what BuildKit reads once line
//! continuations, and the comments and blank lines inside them, are taken
//! out, with a map back to the bytes of the source.

use crate::text::{TextRange, to_u32};

/// An instruction's text as one line, mapped back to its source.
///
/// Offsets on the source side are relative to the start of the instruction's
/// node, so a node can move (an edit before it) without being rebuilt.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct LogicalText {
    text: String,
    /// Runs of bytes copied from the source, in order: (logical start,
    /// source start). A run lasts until the next run's logical start.
    runs: Vec<(u32, u32)>,
}

impl LogicalText {
    pub fn new() -> LogicalText {
        LogicalText::default()
    }

    /// Appends `piece`, which sits at `source_start` in the node.
    pub fn push(&mut self, piece: &str, source_start: u32) {
        if piece.is_empty() {
            return;
        }
        let logical_start = to_u32(self.text.len());
        // Merge with the previous run when the source is contiguous.
        let contiguous = self
            .runs
            .last()
            .is_some_and(|&(logical, source)| source + (logical_start - logical) == source_start);
        if !contiguous {
            self.runs.push((logical_start, source_start));
        }
        self.text.push_str(piece);
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn len(&self) -> u32 {
        to_u32(self.text.len())
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// The source offset (relative to the node) of a logical offset. The end
    /// of the text maps to just after its last byte.
    pub fn to_source(&self, logical: u32) -> u32 {
        if self.runs.is_empty() {
            return 0;
        }
        let index = match self.runs.binary_search_by_key(&logical, |&(start, _)| start) {
            Ok(index) => index,
            Err(index) => index.saturating_sub(1),
        };
        let (start, source) = self.runs[index];
        source + (logical - start)
    }

    /// The source range (relative to the node) of a logical range. A range
    /// that spans a removed continuation covers it.
    pub fn range_to_source(&self, range: TextRange) -> TextRange {
        if range.is_empty() {
            let offset = self.to_source(range.start);
            return TextRange::empty(offset);
        }
        let start = self.to_source(range.start);
        let end = self.to_source(range.end - 1) + 1;
        TextRange::new(start, end.max(start))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_across_a_removed_continuation() {
        // "RUN a \\\n  b" -> "RUN a   b"
        let mut logical = LogicalText::new();
        logical.push("RUN a ", 0);
        logical.push("  b", 9);
        assert_eq!(logical.as_str(), "RUN a   b");
        assert_eq!(logical.to_source(4), 4);
        assert_eq!(logical.to_source(6), 9);
        assert_eq!(logical.to_source(8), 11);
        assert_eq!(logical.range_to_source(TextRange::new(4, 9)), TextRange::new(4, 12));
    }

    #[test]
    fn contiguous_pieces_merge() {
        let mut logical = LogicalText::new();
        logical.push("ab", 0);
        logical.push("cd", 2);
        assert_eq!(logical.runs.len(), 1);
    }
}
