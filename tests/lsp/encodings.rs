//! Edits and ranges on lines with emoji, CJK and combining marks, with LF
//! and CRLF, in each position encoding: the server's view of the text and
//! of every range must equal a mirror kept here by walking the string.

use dockwarden_analysis::{Language, RuleSettings, SideFiles, check_source};
use lsp_types as lsp;

use crate::client::{Client, capabilities_offering, offset_of, position_of, scratch_uri};

/// Edits as (line, text before the edit on that line, bytes to remove, insertion).
const EDITS: &[(u32, &str, usize, &str)] = &[
    // After the emoji and CJK label value: add more of them.
    (1, "LABEL note=\"😀漢", 0, "é😀"),
    // Replace the misspelt stage after the combining-mark path.
    (2, "COPY --chown=e\u{301}😀 --from=", 5, "buid"),
    // Insert a line at the top.
    (0, "", 0, "# 漢字 😀\n"),
];

#[test]
fn edits_and_ranges_agree_in_every_encoding_with_lf_and_crlf() {
    for encoding in ["utf-8", "utf-16", "utf-32"] {
        for newline in ["\n", "\r\n"] {
            check(encoding, newline);
        }
    }
}

fn check(encoding: &str, newline: &str) {
    let mut client = Client::in_memory();
    client.initialize(capabilities_offering(&[encoding]), None);
    assert_eq!(client.encoding.as_str(), encoding);
    let kind = client.encoding.clone();
    let mut text = [
        "FROM golang:1.22 AS build",
        "LABEL note=\"😀漢\"",
        "COPY --chown=e\u{301}😀 --from=buidl /out /app",
        "FROM alpine:3.20",
        "",
    ]
    .join(newline);
    let uri = scratch_uri("Dockerfile");
    client.open(&uri, "dockerfile", &text);
    compare(&mut client, &uri, &text, 1, &kind);
    for (index, (line, before, remove, insert)) in EDITS.iter().enumerate() {
        let insert = insert.replace('\n', newline);
        let line_start = offset_of(&text, lsp::Position::new(*line, 0), &kind);
        let start = line_start + before.len();
        assert!(text[line_start..].starts_with(before), "{encoding}: {text:?}");
        let end = start + remove;
        let range =
            lsp::Range::new(position_of(&text, start, &kind), position_of(&text, end, &kind));
        let version = index as i32 + 2;
        client.change(&uri, version, vec![(range, &insert)]);
        text.replace_range(start..end, &insert);
        compare(&mut client, &uri, &text, version, &kind);
    }
    client.shutdown();
}

/// The published diagnostics must be the analysis's findings on the
/// mirrored text, at the positions a walk of the text gives.
fn compare(
    client: &mut Client,
    uri: &lsp::Uri,
    text: &str,
    version: i32,
    kind: &lsp::PositionEncodingKind,
) {
    let published = client.diagnostics(uri, Some(version));
    let report =
        check_source(Language::Dockerfile, text, &RuleSettings::default(), &SideFiles::new());
    let expected: Vec<(String, lsp::Range)> = report
        .diagnostics
        .iter()
        .map(|diagnostic| {
            let range = lsp::Range::new(
                position_of(text, diagnostic.range.start as usize, kind),
                position_of(text, diagnostic.range.end as usize, kind),
            );
            (diagnostic.rule.code.to_owned(), range)
        })
        .collect();
    let got: Vec<(String, lsp::Range)> = published
        .iter()
        .map(|diagnostic| (crate::client::code(diagnostic), diagnostic.range))
        .collect();
    assert_eq!(got, expected, "{} at version {version}: {text:?}", kind.as_str());
    assert!(
        got.iter().any(|(code, _)| code == "DF014"),
        "the test needs a finding after the wide characters"
    );
}
