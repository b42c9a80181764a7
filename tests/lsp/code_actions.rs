//! Code actions: quick fixes with their diagnostics, the ignore actions
//! applied and checked, refactors, fix-all eager and resolved, versioned
//! document changes or plain changes.

use lsp_types as lsp;
use serde_json::json;

use crate::client::{Client, apply_text_edits, capabilities, code, edits_for, range, scratch_uri};

const TEXT: &str =
    "FROM golang:1.22 AS build\nFROM alpine:3.20\nCOPY --from=buidl /out /app\nCMD  app --serve\n";

fn actions(
    client: &mut Client,
    uri: &lsp::Uri,
    at: lsp::Range,
    only: Option<Vec<lsp::CodeActionKind>>,
) -> Vec<lsp::CodeAction> {
    let diagnostics = Vec::new();
    client
        .request::<lsp::request::CodeActionRequest>(lsp::CodeActionParams {
            text_document: lsp::TextDocumentIdentifier { uri: uri.clone() },
            range: at,
            context: lsp::CodeActionContext { diagnostics, only, trigger_kind: None },
            work_done_progress_params: Default::default(),
            partial_result_params: Default::default(),
        })
        .unwrap()
        .unwrap_or_default()
        .into_iter()
        .map(|action| match action {
            lsp::CodeActionOrCommand::CodeAction(action) => action,
            lsp::CodeActionOrCommand::Command(command) => panic!("a bare command {command:?}"),
        })
        .collect()
}

fn titled<'a>(actions: &'a [lsp::CodeAction], title: &str) -> &'a lsp::CodeAction {
    actions.iter().find(|action| action.title.starts_with(title)).unwrap_or_else(|| {
        panic!("no action {title:?} in {:?}", actions.iter().map(|a| &a.title).collect::<Vec<_>>())
    })
}

#[test]
fn quick_fixes_and_ignores_with_versioned_document_changes() {
    let mut client = Client::in_memory();
    client.initialize(
        capabilities(json!({"workspace": {"workspaceEdit": {"documentChanges": true}}})),
        None,
    );
    let uri = scratch_uri("Dockerfile");
    client.open(&uri, "dockerfile", TEXT);
    client.change(&uri, 2, vec![(range((3, 0), (3, 0)), "")]);
    let found = actions(&mut client, &uri, range((2, 13), (2, 13)), None);
    let fix = titled(&found, "Copy from stage `build`");
    assert_eq!(fix.kind, Some(lsp::CodeActionKind::QUICKFIX));
    assert_eq!(code(&fix.diagnostics.as_ref().unwrap()[0]), "DF014");
    // Unsafe fixes are never preferred.
    assert_eq!(fix.is_preferred, None);
    let edit = fix.edit.as_ref().unwrap();
    let as_json = serde_json::to_value(edit).unwrap();
    assert_eq!(as_json["documentChanges"][0]["textDocument"]["version"], 2, "{as_json}");
    let fixed = apply_text_edits(TEXT, &edits_for(edit, &uri), &client.encoding);
    assert!(fixed.contains("COPY --from=build /out /app"));

    let ignore = titled(&found, "Ignore DF014 on this line");
    let ignored =
        apply_text_edits(TEXT, &edits_for(ignore.edit.as_ref().unwrap(), &uri), &client.encoding);
    assert_eq!(ignored, TEXT.replace("COPY", "# dockwarden ignore=DF014\nCOPY"));
    let in_file = titled(&found, "Ignore DF014 in this file");
    let ignored =
        apply_text_edits(TEXT, &edits_for(in_file.edit.as_ref().unwrap(), &uri), &client.encoding);
    assert!(ignored.starts_with("# dockwarden global ignore=DF014\nFROM"), "{ignored}");
    // The ignored text is clean of DF014, as the server sees it.
    client.change(&uri, 3, vec![(range((0, 0), (0, 0)), "# dockwarden global ignore=DF014\n")]);
    assert!(client.diagnostics(&uri, Some(3)).iter().all(|d| code(d) != "DF014"));
    client.shutdown();
}

#[test]
fn refactors_and_filtering_by_kind() {
    let mut client = Client::in_memory();
    client.initialize(lsp::ClientCapabilities::default(), None);
    let uri = scratch_uri("Dockerfile");
    client.open(&uri, "dockerfile", TEXT);
    let found = actions(
        &mut client,
        &uri,
        range((3, 2), (3, 2)),
        Some(vec![lsp::CodeActionKind::REFACTOR]),
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].kind, Some(lsp::CodeActionKind::REFACTOR_REWRITE));
    // Without documentChanges support, a plain changes map.
    let edit = found[0].edit.as_ref().unwrap();
    assert!(edit.changes.is_some() && edit.document_changes.is_none());
    let rewritten = apply_text_edits(TEXT, &edits_for(edit, &uri), &client.encoding);
    assert!(rewritten.ends_with("CMD  [\"app\", \"--serve\"]\n"), "{rewritten}");
    let only_fixes = actions(
        &mut client,
        &uri,
        range((2, 13), (3, 2)),
        Some(vec![lsp::CodeActionKind::QUICKFIX]),
    );
    assert!(only_fixes.iter().all(|action| action.kind == Some(lsp::CodeActionKind::QUICKFIX)));
    client.shutdown();
}

#[test]
fn fix_all_is_offered_with_unsafe_fixes_enabled_and_resolved_lazily() {
    let mut client = Client::in_memory();
    let resolving =
        json!({"textDocument": {"codeAction": {"resolveSupport": {"properties": ["edit"]}}}});
    client.initialize(capabilities(resolving), None);
    let uri = scratch_uri("Dockerfile");
    client.open(&uri, "dockerfile", TEXT);
    let fix_all = lsp::CodeActionKind::new("source.fixAll.dockwarden");
    // FIXME: no rule has a safe fix yet, so safe-only fix-all offers nothing.
    assert!(
        actions(&mut client, &uri, range((0, 0), (0, 0)), Some(vec![lsp::CodeActionKind::SOURCE]))
            .is_empty()
    );
    client.notify::<lsp::notification::DidChangeConfiguration>(lsp::DidChangeConfigurationParams {
        settings: json!({"dockwarden": {"unsafeFixes": true}}),
    });
    let found = actions(
        &mut client,
        &uri,
        range((0, 0), (0, 0)),
        Some(vec![lsp::CodeActionKind::SOURCE_FIX_ALL]),
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].kind, Some(fix_all.clone()));
    assert!(found[0].edit.is_none() && found[0].data.is_some(), "resolved later");
    let resolved =
        client.request::<lsp::request::CodeActionResolveRequest>(found[0].clone()).unwrap();
    let fixed =
        apply_text_edits(TEXT, &edits_for(resolved.edit.as_ref().unwrap(), &uri), &client.encoding);
    assert!(fixed.contains("--from=build"), "{fixed}");
    // After a change, the old action is stale.
    client.change(&uri, 2, vec![(range((0, 0), (0, 0)), "# x\n")]);
    let error =
        client.request::<lsp::request::CodeActionResolveRequest>(found[0].clone()).unwrap_err();
    assert_eq!(error.code, lsp_server::ErrorCode::ContentModified as i32);
    client.shutdown();
}
