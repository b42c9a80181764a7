//! Hover, completion, document symbols, go to definition and folding over
//! the protocol (what each answers is tested in the analysis; here, that
//! the answers arrive, in the client's form and encoding).

use lsp_types as lsp;
use serde_json::json;

use crate::client::{Client, capabilities, position, range, scratch_uri};
use crate::lifecycle::hover_params;

const TEXT: &str = "ARG V=1\nFROM golang:1.22 AS build\nRUN go build \\\n  ./...\nFROM alpine:latest\nCOPY --from=build /out /app\nUSER app\n";

fn document(uri: &lsp::Uri) -> lsp::TextDocumentIdentifier {
    lsp::TextDocumentIdentifier { uri: uri.clone() }
}

fn at(uri: &lsp::Uri, line: u32, character: u32) -> lsp::TextDocumentPositionParams {
    lsp::TextDocumentPositionParams {
        text_document: document(uri),
        position: position(line, character),
    }
}

fn markdown(hover: lsp::Hover) -> String {
    match hover.contents {
        lsp::HoverContents::Markup(markup) => markup.value,
        other => panic!("markup, not {other:?}"),
    }
}

#[test]
fn hover_explains_findings_instructions_and_flags() {
    let mut client = Client::in_memory();
    client.initialize(lsp::ClientCapabilities::default(), None);
    let uri = scratch_uri("Dockerfile");
    client.open(&uri, "dockerfile", TEXT);
    let on_latest =
        client.request::<lsp::request::HoverRequest>(hover_params(&uri, 4, 8)).unwrap().unwrap();
    let text = markdown(on_latest);
    assert!(text.starts_with("**DF019 latest-base-image**"), "{text}");
    let on_flag =
        client.request::<lsp::request::HoverRequest>(hover_params(&uri, 5, 7)).unwrap().unwrap();
    assert_eq!(on_flag.range, Some(range((5, 5), (5, 17))));
    assert!(markdown(on_flag).contains("**Security:**"));
    let on_user =
        client.request::<lsp::request::HoverRequest>(hover_params(&uri, 6, 1)).unwrap().unwrap();
    assert!(markdown(on_user).contains("non-root"));
    client.shutdown();
}

#[test]
fn completion_offers_instructions_flags_and_stages() {
    let mut client = Client::in_memory();
    client.initialize(lsp::ClientCapabilities::default(), None);
    let uri = scratch_uri("Dockerfile");
    client.open(&uri, "dockerfile", "FROM golang:1.22 AS build\nFROM alpine\nCOPY --from=b\nRU\n");
    let complete = |client: &mut Client, line, character| -> Vec<lsp::CompletionItem> {
        let params = lsp::CompletionParams {
            text_document_position: at(&uri, line, character),
            work_done_progress_params: Default::default(),
            partial_result_params: Default::default(),
            context: None,
        };
        match client.request::<lsp::request::Completion>(params).unwrap().unwrap() {
            lsp::CompletionResponse::Array(items) => items,
            lsp::CompletionResponse::List(list) => list.items,
        }
    };
    let stages = complete(&mut client, 2, 13);
    assert_eq!(stages.len(), 1);
    assert_eq!(stages[0].label, "build");
    let Some(lsp::CompletionTextEdit::Edit(edit)) = &stages[0].text_edit else { panic!("an edit") };
    assert_eq!(edit.range, range((2, 12), (2, 13)));
    let flags = complete(&mut client, 2, 7);
    assert!(flags.iter().any(|item| item.label == "--chmod"));
    let keywords = complete(&mut client, 3, 2);
    assert!(
        keywords
            .iter()
            .any(|item| item.label == "RUN" && item.kind == Some(lsp::CompletionItemKind::KEYWORD))
    );
    client.shutdown();
}

#[test]
fn symbols_definitions_and_folds_in_the_client_s_form() {
    let mut client = Client::in_memory();
    let rich = json!({"textDocument": {
        "documentSymbol": {"hierarchicalDocumentSymbolSupport": true},
        "definition": {"linkSupport": true}
    }});
    client.initialize(capabilities(rich), None);
    let uri = scratch_uri("Dockerfile");
    client.open(&uri, "dockerfile", TEXT);
    let symbols = client
        .request::<lsp::request::DocumentSymbolRequest>(lsp::DocumentSymbolParams {
            text_document: document(&uri),
            work_done_progress_params: Default::default(),
            partial_result_params: Default::default(),
        })
        .unwrap()
        .unwrap();
    let lsp::DocumentSymbolResponse::Nested(symbols) = symbols else { panic!("nested") };
    let names: Vec<&str> = symbols.iter().map(|symbol| symbol.name.as_str()).collect();
    assert_eq!(names, ["V", "build", "stage 1"]);
    assert_eq!(symbols[1].children.as_ref().unwrap()[0].name, "RUN");
    let definition = client
        .request::<lsp::request::GotoDefinition>(lsp::GotoDefinitionParams {
            text_document_position_params: at(&uri, 5, 13),
            work_done_progress_params: Default::default(),
            partial_result_params: Default::default(),
        })
        .unwrap()
        .unwrap();
    let lsp::GotoDefinitionResponse::Link(links) = definition else { panic!("links") };
    assert_eq!(links[0].target_selection_range, range((1, 20), (1, 25)));
    assert_eq!(links[0].origin_selection_range, Some(range((5, 12), (5, 17))));
    let folds = client
        .request::<lsp::request::FoldingRangeRequest>(lsp::FoldingRangeParams {
            text_document: document(&uri),
            work_done_progress_params: Default::default(),
            partial_result_params: Default::default(),
        })
        .unwrap()
        .unwrap();
    let lines: Vec<(u32, u32)> =
        folds.iter().map(|fold| (fold.start_line, fold.end_line)).collect();
    assert_eq!(lines, [(1, 3), (2, 3), (4, 6)]);
    client.shutdown();
}

const COMPOSE: &str = "services:\n  web:\n    image: nginx:1.27\n    cap_drop: [ALL]\n    cap_add: [NET_]\n    networks: [front]\n    privileged: true\nnetworks:\n  front: {}\n";

#[test]
fn compose_hover_completion_symbols_definition_and_folds() {
    let mut client = Client::in_memory();
    let rich =
        json!({"textDocument": {"documentSymbol": {"hierarchicalDocumentSymbolSupport": true}}});
    client.initialize(capabilities(rich), None);
    let uri = scratch_uri("compose.yaml");
    client.open(&uri, "dockercompose", COMPOSE);
    // On `privileged`: the finding's explanation, then the key's.
    let hover =
        client.request::<lsp::request::HoverRequest>(hover_params(&uri, 6, 6)).unwrap().unwrap();
    let text = markdown(hover);
    assert!(text.contains("CP001") && text.contains("`services.*.privileged`"), "{text}");
    let params = lsp::CompletionParams {
        text_document_position: at(&uri, 4, 18),
        work_done_progress_params: Default::default(),
        partial_result_params: Default::default(),
        context: None,
    };
    let lsp::CompletionResponse::Array(items) =
        client.request::<lsp::request::Completion>(params).unwrap().unwrap()
    else {
        panic!("an array")
    };
    assert!(items.iter().any(|item| item.label == "NET_ADMIN"), "{items:?}");
    let symbols = client
        .request::<lsp::request::DocumentSymbolRequest>(lsp::DocumentSymbolParams {
            text_document: document(&uri),
            work_done_progress_params: Default::default(),
            partial_result_params: Default::default(),
        })
        .unwrap()
        .unwrap();
    let lsp::DocumentSymbolResponse::Nested(symbols) = symbols else { panic!("nested") };
    let names: Vec<&str> = symbols.iter().map(|symbol| symbol.name.as_str()).collect();
    assert_eq!(names, ["web", "front"]);
    let definition = client
        .request::<lsp::request::GotoDefinition>(lsp::GotoDefinitionParams {
            text_document_position_params: at(&uri, 5, 17),
            work_done_progress_params: Default::default(),
            partial_result_params: Default::default(),
        })
        .unwrap()
        .unwrap();
    let lsp::GotoDefinitionResponse::Scalar(location) = definition else { panic!("a location") };
    assert_eq!(location.range, range((8, 2), (8, 7)));
    let folds = client
        .request::<lsp::request::FoldingRangeRequest>(lsp::FoldingRangeParams {
            text_document: document(&uri),
            work_done_progress_params: Default::default(),
            partial_result_params: Default::default(),
        })
        .unwrap()
        .unwrap();
    let lines: Vec<(u32, u32)> =
        folds.iter().map(|fold| (fold.start_line, fold.end_line)).collect();
    assert_eq!(lines, [(0, 6), (1, 6), (7, 8)]);
    client.shutdown();
}
