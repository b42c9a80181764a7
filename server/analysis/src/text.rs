//! Text and positions: byte ranges, edits, and the one place where byte
//! offsets meet LSP-style line/character positions in UTF-8, UTF-16 or UTF-32.
//!
//! Everything inside the analysis works in byte offsets into the source text.
//! Line/character positions exist only at the edges (the language server and
//! the command line), and every conversion goes through [`Document`].
//!
//! Lines end at `\n`, `\r\n` or a lone `\r`, exactly as the LSP specification
//! says; U+2028, NEL and the other Unicode separators are ordinary characters
//! (ropey's `unicode_lines` feature is off for that reason).

use std::fmt;

use ropey::Rope;

/// A half-open range of byte offsets `[start, end)` into a source text.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct TextRange {
    pub start: u32,
    pub end: u32,
}

impl TextRange {
    pub fn new(start: u32, end: u32) -> TextRange {
        debug_assert!(start <= end, "range {start}..{end} is inverted");
        TextRange { start, end }
    }

    /// An empty range at `offset`, where an insertion goes.
    pub fn empty(offset: u32) -> TextRange {
        TextRange { start: offset, end: offset }
    }

    /// The range of `len` bytes starting at `start`.
    pub fn at(start: u32, len: usize) -> TextRange {
        TextRange::new(start, start + to_u32(len))
    }

    pub fn len(self) -> u32 {
        self.end - self.start
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// Whether `offset` lies inside the range (the end excluded).
    pub fn contains(self, offset: u32) -> bool {
        self.start <= offset && offset < self.end
    }

    /// Whether `other` lies entirely inside this range.
    pub fn contains_range(self, other: TextRange) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// Whether the two ranges share a byte, or touch when one is empty.
    pub fn intersects(self, other: TextRange) -> bool {
        self.start <= other.end && other.start <= self.end
    }

    /// The smallest range covering both.
    pub fn cover(self, other: TextRange) -> TextRange {
        TextRange::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// This range moved right by `offset` bytes (a range relative to a node,
    /// made absolute).
    pub fn shifted(self, offset: u32) -> TextRange {
        TextRange::new(self.start + offset, self.end + offset)
    }

    /// The text this range covers in `text`.
    ///
    /// # Panics
    /// When the range is out of bounds or not on character boundaries, which
    /// is a bug in whoever made the range.
    pub fn slice(self, text: &str) -> &str {
        &text[self.start as usize..self.end as usize]
    }
}

impl fmt::Debug for TextRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

/// Converts a length or index to the `u32` the ranges use. Files over 4 GiB
/// are refused long before they reach here (see [`MAX_FILE_SIZE`]).
pub fn to_u32(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

/// The largest file the analysis accepts; front ends skip larger ones with a
/// message. Generous for a Dockerfile or Compose file, and keeps offsets in `u32`.
pub const MAX_FILE_SIZE: usize = 64 * 1024 * 1024;

/// Replace the bytes of `range` with `new_text`.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct TextEdit {
    pub range: TextRange,
    pub new_text: String,
}

impl TextEdit {
    pub fn replace(range: TextRange, new_text: impl Into<String>) -> TextEdit {
        TextEdit { range, new_text: new_text.into() }
    }

    pub fn insert(offset: u32, new_text: impl Into<String>) -> TextEdit {
        TextEdit { range: TextRange::empty(offset), new_text: new_text.into() }
    }

    pub fn delete(range: TextRange) -> TextEdit {
        TextEdit { range, new_text: String::new() }
    }
}

impl TextRange {
    /// Where this range lies after `edit` was applied to the text it points
    /// into: unchanged before the edit, moved after it, `None` when the edit
    /// changed any of its bytes (or inserted strictly inside it), since then
    /// what it pointed at is gone.
    pub fn through_edit(self, edit: &TextEdit) -> Option<TextRange> {
        let inserted = to_u32(edit.new_text.len());
        if self.end <= edit.range.start {
            return Some(self);
        }
        if self.start >= edit.range.end {
            let moved = |offset: u32| offset - edit.range.end + edit.range.start + inserted;
            return Some(TextRange::new(moved(self.start), moved(self.end)));
        }
        None
    }
}

/// Why a set of edits could not be applied.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum EditError {
    OutOfBounds { range: TextRange, len: u32 },
    NotCharBoundary { offset: u32 },
    Overlapping { first: TextRange, second: TextRange },
}

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EditError::OutOfBounds { range, len } => {
                write!(f, "edit {range:?} lies outside a text of {len} bytes")
            }
            EditError::NotCharBoundary { offset } => {
                write!(f, "edit boundary {offset} splits a character")
            }
            EditError::Overlapping { first, second } => {
                write!(f, "edits {first:?} and {second:?} overlap")
            }
        }
    }
}

impl std::error::Error for EditError {}

/// Applies non-overlapping edits, given in any order, to `text`.
///
/// Two insertions at the same offset keep their given order. An edit that
/// would split a character or leave the text is refused, so a bad edit never
/// corrupts the text.
pub fn apply_edits(text: &str, edits: &[TextEdit]) -> Result<String, EditError> {
    let mut sorted: Vec<&TextEdit> = edits.iter().collect();
    sorted.sort_by_key(|edit| (edit.range.start, edit.range.end));
    let len = to_u32(text.len());
    for edit in &sorted {
        if edit.range.end > len || edit.range.start > edit.range.end {
            return Err(EditError::OutOfBounds { range: edit.range, len });
        }
        for offset in [edit.range.start, edit.range.end] {
            if !text.is_char_boundary(offset as usize) {
                return Err(EditError::NotCharBoundary { offset });
            }
        }
    }
    for pair in sorted.windows(2) {
        let (first, second) = (pair[0].range, pair[1].range);
        // Touching is fine; sharing a byte, or an insertion strictly inside a
        // replaced range, is not.
        if second.start < first.end {
            return Err(EditError::Overlapping { first, second });
        }
    }
    let mut out = String::with_capacity(text.len());
    let mut cursor = 0usize;
    for edit in sorted {
        out.push_str(&text[cursor..edit.range.start as usize]);
        out.push_str(&edit.new_text);
        cursor = edit.range.end as usize;
    }
    out.push_str(&text[cursor..]);
    Ok(out)
}

/// How the `character` of a [`Position`] counts: the LSP position encodings.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
pub enum PositionEncoding {
    /// Bytes of UTF-8.
    Utf8,
    /// UTF-16 code units: what every LSP client supports and the default.
    #[default]
    Utf16,
    /// Unicode scalar values (characters).
    Utf32,
}

/// A zero-based line and a zero-based column counted in some encoding.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug, Default)]
pub struct Position {
    pub line: u32,
    pub character: u32,
}

impl Position {
    pub fn new(line: u32, character: u32) -> Position {
        Position { line, character }
    }
}

/// A text with fast line and encoding lookups and cheap ranged edits.
///
/// This is the editor's copy of a file: the language server applies each
/// `didChange` to it, and the command line uses it to print line and column.
#[derive(Clone, Debug, Default)]
pub struct Document {
    rope: Rope,
}

impl Document {
    pub fn new(text: &str) -> Document {
        Document { rope: Rope::from_str(text) }
    }

    /// The whole text as one string.
    pub fn text(&self) -> String {
        self.rope.to_string()
    }

    pub fn len(&self) -> u32 {
        to_u32(self.rope.len_bytes())
    }

    pub fn is_empty(&self) -> bool {
        self.rope.len_bytes() == 0
    }

    /// The number of lines; an empty text and a text ending in a line break
    /// both have a last, empty line.
    pub fn line_count(&self) -> u32 {
        to_u32(self.rope.len_lines())
    }

    /// The position of byte `offset`. An offset past the end is the end; an
    /// offset inside a character or between `\r` and `\n` counts as the
    /// start of that character or line break.
    pub fn position(&self, offset: u32, encoding: PositionEncoding) -> Position {
        let offset = self.floor_char_boundary(offset as usize);
        let line = self.rope.byte_to_line(offset);
        let line_start = self.rope.line_to_byte(line);
        // Clamp into the line's content: between \r and \n is the line's end.
        let offset = offset.min(self.line_content_end(line));
        let character = match encoding {
            PositionEncoding::Utf8 => offset - line_start,
            PositionEncoding::Utf32 => {
                self.rope.byte_to_char(offset) - self.rope.byte_to_char(line_start)
            }
            PositionEncoding::Utf16 => {
                let char_index = self.rope.byte_to_char(offset);
                let line_char = self.rope.byte_to_char(line_start);
                self.rope.char_to_utf16_cu(char_index) - self.rope.char_to_utf16_cu(line_char)
            }
        };
        Position::new(to_u32(line), to_u32(character))
    }

    /// The byte offset of `position`. As LSP asks, a line past the end means
    /// the end of the text and a character past the line's end means the end
    /// of the line (before its line break); a column inside a character (half
    /// a surrogate pair, or inside a UTF-8 sequence) means that character's start.
    pub fn offset(&self, position: Position, encoding: PositionEncoding) -> u32 {
        let line = position.line as usize;
        if line >= self.rope.len_lines() {
            return self.len();
        }
        let line_start = self.rope.line_to_byte(line);
        let line_end = self.line_content_end(line);
        let column = position.character as usize;
        let offset = match encoding {
            PositionEncoding::Utf8 => self.floor_char_boundary(line_start + column),
            PositionEncoding::Utf32 => {
                let line_char = self.rope.byte_to_char(line_start);
                let target = (line_char + column).min(self.rope.len_chars());
                self.rope.char_to_byte(target)
            }
            PositionEncoding::Utf16 => {
                let line_char = self.rope.byte_to_char(line_start);
                let line_unit = self.rope.char_to_utf16_cu(line_char);
                let target = (line_unit + column).min(self.rope.len_utf16_cu());
                // Inside a surrogate pair, ropey answers the character holding it.
                self.rope.char_to_byte(self.rope.utf16_cu_to_char(target))
            }
        };
        to_u32(offset.min(line_end))
    }

    /// The byte range of a pair of positions, ordered.
    pub fn range(&self, start: Position, end: Position, encoding: PositionEncoding) -> TextRange {
        let (start, end) = (self.offset(start, encoding), self.offset(end, encoding));
        TextRange::new(start.min(end), start.max(end))
    }

    /// The positions of a byte range.
    pub fn positions(&self, range: TextRange, encoding: PositionEncoding) -> (Position, Position) {
        (self.position(range.start, encoding), self.position(range.end, encoding))
    }

    /// A one-based line and one-based column in characters, as the command
    /// line prints them (`file:line:col`).
    pub fn line_column(&self, offset: u32) -> (u32, u32) {
        let position = self.position(offset, PositionEncoding::Utf32);
        (position.line + 1, position.character + 1)
    }

    /// The text of a zero-based line, without its line break.
    pub fn line_text(&self, line: u32) -> String {
        let line = line as usize;
        if line >= self.rope.len_lines() {
            return String::new();
        }
        let start = self.rope.line_to_byte(line);
        let end = self.line_content_end(line);
        self.rope.byte_slice(start..end).to_string()
    }

    /// Replaces `range` with `new_text` and returns the same edit in bytes,
    /// which is what an incremental reparse needs.
    pub fn apply(&mut self, range: TextRange, new_text: &str) -> TextEdit {
        let range = TextRange::new(
            to_u32(self.floor_char_boundary(range.start as usize)),
            to_u32(self.floor_char_boundary(range.end as usize)),
        );
        let start_char = self.rope.byte_to_char(range.start as usize);
        let end_char = self.rope.byte_to_char(range.end as usize);
        self.rope.remove(start_char..end_char);
        self.rope.insert(start_char, new_text);
        TextEdit::replace(range, new_text)
    }

    /// Applies an edit given in positions, returning it in bytes.
    pub fn apply_positions(
        &mut self,
        start: Position,
        end: Position,
        new_text: &str,
        encoding: PositionEncoding,
    ) -> TextEdit {
        let range = self.range(start, end, encoding);
        self.apply(range, new_text)
    }

    /// The byte offset where `line`'s content ends, before `\n`, `\r\n` or `\r`.
    fn line_content_end(&self, line: usize) -> usize {
        let start = self.rope.line_to_byte(line);
        let slice = self.rope.line(line);
        let mut end = start + slice.len_bytes();
        let bytes = slice.len_bytes();
        if bytes > 0 && slice.byte(bytes - 1) == b'\n' {
            end -= 1;
            if bytes > 1 && slice.byte(bytes - 2) == b'\r' {
                end -= 1;
            }
        } else if bytes > 0 && slice.byte(bytes - 1) == b'\r' {
            end -= 1;
        }
        end
    }

    /// The largest character boundary at or below `offset`, within the text.
    fn floor_char_boundary(&self, offset: usize) -> usize {
        let offset = offset.min(self.rope.len_bytes());
        // byte_to_char rounds down to the character holding the byte.
        self.rope.char_to_byte(self.rope.byte_to_char(offset))
    }
}

/// Which line ending a text uses mostly, so that inserted lines match it.
pub fn line_ending(text: &str) -> &'static str {
    let crlf = text.matches("\r\n").count();
    let lf = text.matches('\n').count() - crlf;
    if crlf > lf { "\r\n" } else { "\n" }
}

/// The byte offset where the line holding `offset` starts.
pub fn line_start(text: &str, offset: u32) -> u32 {
    let before = &text.as_bytes()[..offset as usize];
    match before.iter().rposition(|&byte| byte == b'\n' || byte == b'\r') {
        Some(index) => to_u32(index + 1),
        None => 0,
    }
}

/// The byte offset where the line holding `offset` ends, before its break.
pub fn line_end(text: &str, offset: u32) -> u32 {
    let after = &text.as_bytes()[offset as usize..];
    match after.iter().position(|&byte| byte == b'\n' || byte == b'\r') {
        Some(index) => offset + to_u32(index),
        None => to_u32(text.len()),
    }
}

/// The leading spaces and tabs of the line holding `offset`.
pub fn indentation_at(text: &str, offset: u32) -> &str {
    let start = line_start(text, offset) as usize;
    let rest = &text[start..];
    let len = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    &rest[..len]
}

#[cfg(test)]
mod tests {
    use super::*;
    use PositionEncoding::{Utf8, Utf16, Utf32};
    use proptest::prelude::*;

    #[test]
    fn positions_on_a_line_with_emoji_cjk_and_combining_marks() {
        // "é" here is e + U+0301 (two characters), 😀 is one character but two
        // UTF-16 units and four bytes, 漢 is three bytes and one unit.
        let document = Document::new("ab\nx😀漢e\u{301}z\n");
        let z = "ab\nx😀漢e\u{301}".len() as u32;
        assert_eq!(document.position(z, Utf8), Position::new(1, 11));
        assert_eq!(document.position(z, Utf16), Position::new(1, 6));
        assert_eq!(document.position(z, Utf32), Position::new(1, 5));
        for encoding in [Utf8, Utf16, Utf32] {
            assert_eq!(document.offset(document.position(z, encoding), encoding), z);
        }
    }

    #[test]
    fn crlf_and_lone_cr_both_end_lines() {
        let document = Document::new("a\r\nb\rc\nd");
        assert_eq!(document.line_count(), 4);
        assert_eq!(document.position(3, Utf16), Position::new(1, 0));
        assert_eq!(document.position(5, Utf16), Position::new(2, 0));
        // Between \r and \n is the end of line 0.
        assert_eq!(document.position(2, Utf16), Position::new(0, 1));
        assert_eq!(document.line_text(0), "a");
        assert_eq!(document.line_text(1), "b");
    }

    #[test]
    fn unicode_separators_are_not_line_breaks() {
        let document = Document::new("a\u{2028}b\u{85}c\u{c}d");
        assert_eq!(document.line_count(), 1);
    }

    #[test]
    fn positions_past_the_end_clamp() {
        let document = Document::new("abc\r\ndef");
        assert_eq!(document.offset(Position::new(0, 99), Utf16), 3);
        assert_eq!(document.offset(Position::new(7, 0), Utf16), 8);
        assert_eq!(document.position(99, Utf16), Position::new(1, 3));
    }

    #[test]
    fn a_column_inside_a_surrogate_pair_is_the_characters_start() {
        let document = Document::new("😀x");
        assert_eq!(document.offset(Position::new(0, 1), Utf16), 0);
        assert_eq!(document.offset(Position::new(0, 2), Utf16), 4);
        assert_eq!(document.offset(Position::new(0, 2), Utf8), 0);
    }

    #[test]
    fn bom_counts_as_a_character() {
        let document = Document::new("\u{feff}FROM x");
        assert_eq!(document.position(3, Utf16), Position::new(0, 1));
        assert_eq!(document.position(3, Utf8), Position::new(0, 3));
    }

    #[test]
    fn apply_edits_refuses_overlaps_and_split_characters() {
        let text = "héllo";
        let inside_e = TextEdit::replace(TextRange::new(2, 3), "x");
        assert_eq!(apply_edits(text, &[inside_e]), Err(EditError::NotCharBoundary { offset: 2 }));
        let first = TextEdit::replace(TextRange::new(0, 3), "a");
        let second = TextEdit::replace(TextRange::new(1, 4), "b");
        assert!(matches!(apply_edits(text, &[first, second]), Err(EditError::Overlapping { .. })));
        let edits = [TextEdit::insert(6, "!"), TextEdit::replace(TextRange::new(0, 1), "H")];
        assert_eq!(apply_edits(text, &edits).unwrap(), "Héllo!");
    }

    #[test]
    fn ranges_move_through_edits_around_them_and_vanish_under_them() {
        let edit = TextEdit::replace(TextRange::new(4, 6), "xyz");
        assert_eq!(TextRange::new(0, 4).through_edit(&edit), Some(TextRange::new(0, 4)));
        assert_eq!(TextRange::new(6, 8).through_edit(&edit), Some(TextRange::new(7, 9)));
        assert_eq!(TextRange::new(5, 8).through_edit(&edit), None);
        assert_eq!(TextRange::new(2, 9).through_edit(&edit), None);
        let insert = TextEdit::insert(4, "ab");
        assert_eq!(TextRange::new(4, 6).through_edit(&insert), Some(TextRange::new(6, 8)));
        assert_eq!(TextRange::new(2, 4).through_edit(&insert), Some(TextRange::new(2, 4)));
        assert_eq!(TextRange::new(2, 6).through_edit(&insert), None);
    }

    fn text_strategy() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "a", "Z", " ", "\t", "\n", "\r\n", "\r", "é", "e\u{301}", "😀", "漢", "\u{feff}",
            "\u{2028}", "\u{85}", "$", "\\",
        ]);
        prop::collection::vec(pieces, 0..40).prop_map(|pieces| pieces.concat())
    }

    fn encoding_strategy() -> impl Strategy<Value = PositionEncoding> {
        prop::sample::select(vec![Utf8, Utf16, Utf32])
    }

    /// The reference: positions computed by walking the string.
    fn reference_position(text: &str, offset: usize, encoding: PositionEncoding) -> Position {
        let mut line = 0u32;
        let mut line_start = 0usize;
        let bytes = text.as_bytes();
        let mut index = 0;
        while index < offset {
            match bytes[index] {
                b'\n' => {
                    line += 1;
                    line_start = index + 1;
                }
                b'\r' if bytes.get(index + 1) != Some(&b'\n') => {
                    line += 1;
                    line_start = index + 1;
                }
                b'\r' if index + 1 == offset => {
                    // Between \r and \n: the end of this line.
                    let content = &text[line_start..index];
                    return Position::new(line, column(content, encoding));
                }
                _ => {}
            }
            index += 1;
        }
        Position::new(line, column(&text[line_start..offset], encoding))
    }

    fn column(content: &str, encoding: PositionEncoding) -> u32 {
        match encoding {
            Utf8 => content.len() as u32,
            Utf16 => content.encode_utf16().count() as u32,
            Utf32 => content.chars().count() as u32,
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn position_matches_a_walk_of_the_string(text in text_strategy(), pick in 0usize..200, encoding in encoding_strategy()) {
            let boundaries: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
            let offset = boundaries[pick % boundaries.len()];
            let document = Document::new(&text);
            prop_assert_eq!(document.position(offset as u32, encoding), reference_position(&text, offset, encoding));
        }

        #[test]
        fn offset_and_position_round_trip(text in text_strategy(), pick in 0usize..200, encoding in encoding_strategy()) {
            let document = Document::new(&text);
            let boundaries: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
            let offset = boundaries[pick % boundaries.len()] as u32;
            let position = document.position(offset, encoding);
            let back = document.offset(position, encoding);
            // Only the byte between \r and \n maps elsewhere (to the line's end).
            let between_cr_lf = offset > 0
                && text.as_bytes()[offset as usize - 1] == b'\r'
                && text.as_bytes().get(offset as usize) == Some(&b'\n');
            if between_cr_lf {
                prop_assert_eq!(back, offset - 1);
            } else {
                prop_assert_eq!(back, offset);
            }
            prop_assert_eq!(document.position(back, encoding), position);
        }

        #[test]
        fn any_position_maps_to_a_char_boundary(text in text_strategy(), line in 0u32..12, character in 0u32..50, encoding in encoding_strategy()) {
            let document = Document::new(&text);
            let offset = document.offset(Position::new(line, character), encoding);
            prop_assert!(text.is_char_boundary(offset as usize));
        }

        #[test]
        fn rope_edits_equal_string_edits(text in text_strategy(), edits in prop::collection::vec((0usize..200, 0usize..200, text_strategy()), 1..8)) {
            let mut document = Document::new(&text);
            let mut expected = text.clone();
            for (a, b, insert) in edits {
                let boundaries: Vec<usize> = (0..=expected.len()).filter(|&i| expected.is_char_boundary(i)).collect();
                let (a, b) = (boundaries[a % boundaries.len()], boundaries[b % boundaries.len()]);
                let range = TextRange::new(a.min(b) as u32, a.max(b) as u32);
                let edit = document.apply(range, &insert);
                expected = apply_edits(&expected, &[edit]).unwrap();
                prop_assert_eq!(document.text(), expected.clone());
            }
        }
    }
}
