//! The checks the fuzz targets run (`fuzz/fuzz_targets/lsp_*.rs`), here so
//! that unit tests run them too:
//!
//! - [`apply_changes`]: LSP content changes in any encoding, applied
//!   through [`crate::convert`], must give the text a plain walk of the
//!   string gives, and every position must map back to where it came from.
//! - [`messages`]: any sequence of messages, in any state, must leave the
//!   main loop running (a handler's panic aborts a fuzz run) until `exit`.

use dockwarden_analysis::text::{Document, PositionEncoding};
use lsp_server::{Connection, Message};
use lsp_types as lsp;

use crate::convert;

/// One change: encoding (0 UTF-8, 1 UTF-16, 2 UTF-32, else a full
/// replacement), start and end as (line, character), and the new text.
pub type Change = (u8, (u16, u16), (u16, u16), String);

pub fn apply_changes(text: &str, changes: &[Change]) {
    let mut document = Document::new(text);
    let mut mirror = text.to_owned();
    for (encoding, start, end, new_text) in changes {
        let encoding = match encoding % 4 {
            0 => Some(PositionEncoding::Utf8),
            1 => Some(PositionEncoding::Utf16),
            2 => Some(PositionEncoding::Utf32),
            _ => None,
        };
        let range = encoding.map(|_| {
            lsp::Range::new(
                lsp::Position::new(u32::from(start.0), u32::from(start.1)),
                lsp::Position::new(u32::from(end.0), u32::from(end.1)),
            )
        });
        let change = lsp::TextDocumentContentChangeEvent {
            range,
            range_length: None,
            text: new_text.clone(),
        };
        let encoding = encoding.unwrap_or_default();
        convert::apply_change(&mut document, &change, encoding);
        match range {
            None => mirror = new_text.clone(),
            Some(range) => {
                let a = reference_offset(&mirror, range.start, encoding);
                let b = reference_offset(&mirror, range.end, encoding);
                mirror.replace_range(a.min(b)..a.max(b), new_text);
            }
        }
        assert_eq!(document.text(), mirror, "after {change:?} in {encoding:?}");
        for offset in (0..=mirror.len()).filter(|&offset| mirror.is_char_boundary(offset)) {
            let position = convert::position(&document, offset as u32, encoding);
            let back = convert::offset(&document, position, encoding) as usize;
            let between_cr_lf = offset > 0
                && mirror[..offset].ends_with('\r')
                && mirror[offset..].starts_with('\n');
            assert_eq!(
                back,
                if between_cr_lf { offset - 1 } else { offset },
                "{mirror:?} at {offset}"
            );
        }
    }
}

/// The byte offset of a position, by walking the string as LSP defines it:
/// lines end at `\n`, `\r\n` or `\r`; past a line's end is its end; past
/// the last line is the end of the text; inside a character is its start.
fn reference_offset(text: &str, position: lsp::Position, encoding: PositionEncoding) -> usize {
    let mut line_start = 0;
    for _ in 0..position.line {
        let rest = &text[line_start..];
        let Some(index) = rest.find(['\n', '\r']) else { return text.len() };
        line_start += index + if rest[index..].starts_with("\r\n") { 2 } else { 1 };
    }
    let rest = &text[line_start..];
    let line_end = line_start + rest.find(['\n', '\r']).unwrap_or(rest.len());
    let mut offset = line_start;
    let mut column = 0u32;
    for c in text[line_start..line_end].chars() {
        let width = match encoding {
            PositionEncoding::Utf8 => c.len_utf8() as u32,
            PositionEncoding::Utf16 => c.len_utf16() as u32,
            PositionEncoding::Utf32 => 1,
        };
        if column + width > position.character {
            break;
        }
        column += width;
        offset += c.len_utf8();
    }
    offset
}

/// Runs the server on messages made from `input` (one JSON value per
/// line; lines that are not messages are skipped), after `initialize` and
/// before `shutdown` and `exit`. Returns when the server stops.
pub fn messages(input: &[u8]) {
    let (server, client) = Connection::memory();
    let send = |text: &str| {
        if let Ok(message) = serde_json::from_str::<Message>(text) {
            let _ = client.sender.send(message);
        }
    };
    send(
        r#"{"id": 0, "method": "initialize", "params": {"capabilities": {"general": {"positionEncodings": ["utf-16"]}}}}"#,
    );
    send(r#"{"method": "initialized", "params": {}}"#);
    for line in input.split(|&byte| byte == b'\n') {
        if let Ok(text) = std::str::from_utf8(line) {
            send(text);
        }
    }
    send(r#"{"id": "last", "method": "shutdown"}"#);
    send(r#"{"method": "exit"}"#);
    // Whatever the messages were, the loop reaches the exit and returns.
    let _ = crate::run(server);
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn text() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "a", " ", "\n", "\r\n", "\r", "é", "e\u{301}", "😀", "漢", "\u{2028}",
        ]);
        prop::collection::vec(pieces, 0..24).prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]

        #[test]
        fn changes_in_any_encoding_match_a_walk_of_the_string(
            start in text(),
            changes in prop::collection::vec((0u8..4, (0u16..6, 0u16..12), (0u16..6, 0u16..12), text()), 1..6),
        ) {
            apply_changes(&start, &changes);
        }
    }

    #[test]
    fn messages_of_every_kind_leave_the_loop_running() {
        let input = concat!(
            r#"{"method": "textDocument/didOpen", "params": {"textDocument": {"uri": "file:///x/Dockerfile", "languageId": "dockerfile", "version": 1, "text": "FROM a\n😀"}}}"#,
            "\n",
            r#"{"method": "textDocument/didChange", "params": {"textDocument": {"uri": "file:///x/Dockerfile", "version": 2}, "contentChanges": [{"range": {"start": {"line": 9, "character": 9}, "end": {"line": 0, "character": 1}}, "text": "RUN"}]}}"#,
            "\n",
            r#"{"id": 1, "method": "textDocument/codeAction", "params": {"textDocument": {"uri": "file:///x/Dockerfile"}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 99, "character": 0}}, "context": {"diagnostics": []}}}"#,
            "\n",
            r#"{"id": 2, "method": "textDocument/completion", "params": {"textDocument": {"uri": "file:///x/Dockerfile"}, "position": {"line": 1, "character": 1}}}"#,
            "\n",
            "not json\n",
            r#"{"id": 3, "method": "workspace/diagnostic", "params": {"previousResultIds": []}}"#,
            "\n",
        );
        messages(input.as_bytes());
    }
}
