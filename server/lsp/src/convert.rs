//! The one place where LSP positions meet the analysis: LSP's
//! line/character positions and ranges to and from byte offsets, in the
//! negotiated encoding, and content changes applied to a document. All the
//! arithmetic is [`Document`]'s; this module only converts types, and it is
//! fuzzed (`fuzz/fuzz_targets/apply_changes.rs`).

use dockwarden_analysis::TextRange;
use dockwarden_analysis::text::{Document, Position, PositionEncoding, TextEdit};
use lsp_types::{PositionEncodingKind, TextDocumentContentChangeEvent};

/// The encoding an LSP name stands for.
pub fn encoding(kind: &PositionEncodingKind) -> Option<PositionEncoding> {
    match kind.as_str() {
        "utf-8" => Some(PositionEncoding::Utf8),
        "utf-16" => Some(PositionEncoding::Utf16),
        "utf-32" => Some(PositionEncoding::Utf32),
        _ => None,
    }
}

/// The LSP name of an encoding.
pub fn encoding_kind(encoding: PositionEncoding) -> PositionEncodingKind {
    match encoding {
        PositionEncoding::Utf8 => PositionEncodingKind::UTF8,
        PositionEncoding::Utf16 => PositionEncodingKind::UTF16,
        PositionEncoding::Utf32 => PositionEncodingKind::UTF32,
    }
}

/// The byte offset of an LSP position; past the end of a line or the text
/// means the end of it, as LSP asks.
pub fn offset(
    document: &Document,
    position: lsp_types::Position,
    encoding: PositionEncoding,
) -> u32 {
    document.offset(Position::new(position.line, position.character), encoding)
}

/// The byte range of an LSP range (reversed ends are put in order).
pub fn text_range(
    document: &Document,
    range: lsp_types::Range,
    encoding: PositionEncoding,
) -> TextRange {
    document.range(
        Position::new(range.start.line, range.start.character),
        Position::new(range.end.line, range.end.character),
        encoding,
    )
}

/// The LSP position of a byte offset.
pub fn position(
    document: &Document,
    offset: u32,
    encoding: PositionEncoding,
) -> lsp_types::Position {
    let position = document.position(offset, encoding);
    lsp_types::Position::new(position.line, position.character)
}

/// The LSP range of a byte range.
pub fn range(
    document: &Document,
    range: TextRange,
    encoding: PositionEncoding,
) -> lsp_types::Range {
    let (start, end) = document.positions(range, encoding);
    lsp_types::Range::new(
        lsp_types::Position::new(start.line, start.character),
        lsp_types::Position::new(end.line, end.character),
    )
}

/// Applies one content change of a `didChange` (ranged, or the whole text)
/// and returns it as a byte edit of the text before it.
pub fn apply_change(
    document: &mut Document,
    change: &TextDocumentContentChangeEvent,
    encoding: PositionEncoding,
) -> TextEdit {
    match change.range {
        Some(range) => document.apply_positions(
            Position::new(range.start.line, range.start.character),
            Position::new(range.end.line, range.end.character),
            &change.text,
            encoding,
        ),
        None => document.apply(TextRange::new(0, document.len()), &change.text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(
        range: Option<((u32, u32), (u32, u32))>,
        text: &str,
    ) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: range.map(|((a, b), (c, d))| {
                lsp_types::Range::new(
                    lsp_types::Position::new(a, b),
                    lsp_types::Position::new(c, d),
                )
            }),
            range_length: None,
            text: text.to_owned(),
        }
    }

    #[test]
    fn the_same_edit_in_each_encoding() {
        // Insert after 😀 on the second line: column 4 bytes, 2 units, 1 char.
        for (encoding, column) in [
            (PositionEncoding::Utf8, 4),
            (PositionEncoding::Utf16, 2),
            (PositionEncoding::Utf32, 1),
        ] {
            let mut document = Document::new("RUN a\r\n😀b\r\n");
            let edit = apply_change(
                &mut document,
                &change(Some(((1, column), (1, column))), "!"),
                encoding,
            );
            assert_eq!(document.text(), "RUN a\r\n😀!b\r\n");
            assert_eq!(edit.range, TextRange::empty(11));
        }
    }

    #[test]
    fn positions_past_the_end_clamp_and_full_changes_replace() {
        let mut document = Document::new("ab\ncd");
        apply_change(&mut document, &change(Some(((0, 99), (7, 3))), "X"), PositionEncoding::Utf16);
        assert_eq!(document.text(), "abX");
        apply_change(&mut document, &change(None, "new"), PositionEncoding::Utf16);
        assert_eq!(document.text(), "new");
        assert_eq!(
            position(&document, 99, PositionEncoding::Utf16),
            lsp_types::Position::new(0, 3)
        );
    }
}
