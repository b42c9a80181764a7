//! Life cycle and robustness: initialize, encodings, shutdown and exit,
//! unknown methods, cancellation, ordering, and messages that make no sense.

use lsp_server::{ErrorCode, Message, Notification};
use lsp_types as lsp;
use serde_json::json;

use crate::client::{Client, capabilities_offering, position, range, scratch_uri};

#[test]
fn initialize_negotiates_the_position_encoding() {
    for (offered, expected) in [
        (vec![], "utf-16"),
        (vec!["utf-16"], "utf-16"),
        (vec!["utf-32", "utf-16"], "utf-32"),
        (vec!["utf-16", "utf-32", "utf-8"], "utf-8"),
    ] {
        let mut client = Client::in_memory();
        let result = client.initialize(capabilities_offering(&offered), None);
        assert_eq!(
            result.capabilities.position_encoding.unwrap().as_str(),
            expected,
            "{offered:?}"
        );
        let sync = serde_json::to_value(&result.capabilities.text_document_sync).unwrap();
        assert_eq!(sync["change"], 2, "incremental sync");
        assert_eq!(result.server_info.unwrap().name, "dockwarden");
        client.shutdown();
    }
}

#[test]
fn requests_before_initialize_are_refused_and_the_server_goes_on() {
    let mut client = Client::in_memory();
    let error = client
        .request::<lsp::request::HoverRequest>(hover_params(&scratch_uri("Dockerfile"), 0, 0))
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::ServerNotInitialized as i32);
    client.initialize(lsp::ClientCapabilities::default(), None);
    client.shutdown();
}

#[test]
fn unknown_requests_are_method_not_found_and_unknown_notifications_ignored() {
    let mut client = Client::in_memory();
    client.initialize(lsp::ClientCapabilities::default(), None);
    client.send(Message::Notification(Notification::new(
        "dockwarden/noSuchThing".into(),
        json!({"x": 1}),
    )));
    client.send(Message::Notification(Notification::new(
        "$/setTrace".into(),
        json!({"value": "off"}),
    )));
    let id = client.send_request_raw("textDocument/noSuchRequest", json!({}));
    let response = client.response(&id);
    assert_eq!(response.response_result.unwrap_err().code, ErrorCode::MethodNotFound as i32);
    // Bad parameters are the client's mistake, answered as such.
    let id = client.send_request_raw("textDocument/hover", json!({"textDocument": 3}));
    let response = client.response(&id);
    assert_eq!(response.response_result.unwrap_err().code, ErrorCode::InvalidParams as i32);
    // A notification with bad parameters is dropped, and the server goes on.
    client.send(Message::Notification(Notification::new(
        "textDocument/didOpen".into(),
        json!({"bad": true}),
    )));
    let id = client.send_request_raw("initialize", json!({"capabilities": {}}));
    let response = client.response(&id);
    assert_eq!(response.response_result.unwrap_err().code, ErrorCode::InvalidRequest as i32);
    client.shutdown();
}

#[test]
fn after_shutdown_requests_are_invalid_and_exit_stops_cleanly() {
    let mut client = Client::in_memory();
    client.initialize(lsp::ClientCapabilities::default(), None);
    client.request::<lsp::request::Shutdown>(()).unwrap();
    let error = client
        .request::<lsp::request::HoverRequest>(hover_params(&scratch_uri("Dockerfile"), 0, 0))
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidRequest as i32);
    client.notify::<lsp::notification::Exit>(());
    assert_eq!(client.stopped(), Ok(()));
}

#[test]
fn exit_without_shutdown_is_an_error() {
    let mut client = Client::in_memory();
    client.initialize(lsp::ClientCapabilities::default(), None);
    client.notify::<lsp::notification::Exit>(());
    assert_eq!(client.stopped(), Err("exit before shutdown".to_owned()));
}

#[test]
fn a_cancelled_request_answers_request_cancelled() {
    // The server is paused: the request and its cancellation are both
    // waiting when it starts, as when a client cancels a queued request.
    let mut client = Client::in_memory_paused();
    let initialize =
        client.send_request::<lsp::request::Initialize>(lsp::InitializeParams::default());
    client.notify::<lsp::notification::Initialized>(lsp::InitializedParams {});
    let uri = scratch_uri("Dockerfile");
    client.open(&uri, "dockerfile", "FROM alpine\n");
    let hover = client.send_request::<lsp::request::HoverRequest>(hover_params(&uri, 0, 1));
    let kept = client.send_request::<lsp::request::HoverRequest>(hover_params(&uri, 0, 1));
    client.notify::<lsp::notification::Cancel>(lsp::CancelParams {
        id: lsp::NumberOrString::Number(request_number(&hover)),
    });
    client.resume();
    client.response(&initialize);
    let cancelled = client.response(&hover);
    assert_eq!(cancelled.response_result.unwrap_err().code, ErrorCode::RequestCanceled as i32);
    // The other one runs, and cancelling an answered request changes nothing.
    assert!(client.response(&kept).response_result.unwrap().is_object());
    client.notify::<lsp::notification::Cancel>(lsp::CancelParams {
        id: lsp::NumberOrString::Number(request_number(&kept)),
    });
    client.shutdown();
}

#[test]
fn a_request_right_after_a_change_sees_the_change() {
    let mut client = Client::in_memory();
    client.initialize(lsp::ClientCapabilities::default(), None);
    let uri = scratch_uri("Dockerfile");
    client.open(&uri, "dockerfile", "FROM alpine\nRUN make\n");
    // Turn RUN into USER and ask at once, without waiting for anything.
    client.change(&uri, 2, vec![(range((1, 0), (1, 3)), "USER")]);
    let hover =
        client.request::<lsp::request::HoverRequest>(hover_params(&uri, 1, 1)).unwrap().unwrap();
    let lsp::HoverContents::Markup(markup) = hover.contents else { panic!("markup") };
    assert!(markup.value.contains("USER <user>"), "{}", markup.value);
    assert_eq!(hover.range, Some(range((1, 0), (1, 4))));
    client.shutdown();
}

#[test]
fn changes_to_unknown_documents_and_positions_past_the_end_do_no_harm() {
    let mut client = Client::in_memory();
    client.initialize(lsp::ClientCapabilities::default(), None);
    let never_opened = scratch_uri("never/Dockerfile");
    client.change(&never_opened, 2, vec![(range((3, 0), (4, 0)), "FROM x\n")]);
    client.close(&never_opened);
    let uri = scratch_uri("Dockerfile");
    client.open(&uri, "dockerfile", "FROM alpine:3.20\nUSER app\n");
    assert!(client.diagnostics(&uri, Some(1)).is_empty());
    // Past the end of a line, then past the end of the file: both clamp.
    client.change(&uri, 2, vec![(range((0, 99), (0, 120)), " AS base")]);
    client.change(&uri, 3, vec![(range((50, 3), (60, 0)), "RUN x\n")]);
    // An inverted range is put in order rather than refused.
    client.change(&uri, 4, vec![(range((1, 4), (1, 0)), "USER")]);
    let text_now = "FROM alpine:3.20 AS base\nUSER app\nRUN x\n";
    let symbols = client
        .request::<lsp::request::DocumentSymbolRequest>(lsp::DocumentSymbolParams {
            text_document: lsp::TextDocumentIdentifier { uri: uri.clone() },
            work_done_progress_params: Default::default(),
            partial_result_params: Default::default(),
        })
        .unwrap()
        .unwrap();
    let lsp::DocumentSymbolResponse::Flat(symbols) = symbols else { panic!("flat symbols") };
    let names: Vec<&str> = symbols.iter().map(|symbol| symbol.name.as_str()).collect();
    assert_eq!(names, ["base", "USER", "RUN"], "the text is now {text_now:?}");
    assert!(client.diagnostics(&uri, Some(4)).iter().all(|d| crate::client::code(d) != "DF100"));
    client.shutdown();
}

#[test]
fn garbage_in_messages_never_stops_the_server() {
    let mut client = Client::in_memory();
    client.initialize(lsp::ClientCapabilities::default(), None);
    let uri = scratch_uri("Dockerfile");
    for params in
        [json!(null), json!([1, 2]), json!({"textDocument": {"uri": "not a uri"}}), json!("text")]
    {
        for method in
            ["textDocument/didOpen", "textDocument/didChange", "workspace/didChangeConfiguration"]
        {
            client.send(Message::Notification(Notification::new(method.into(), params.clone())));
        }
        for method in ["textDocument/codeAction", "textDocument/completion", "workspace/diagnostic"]
        {
            let id = client.send_request_raw(method, params.clone());
            assert!(client.response(&id).response_result.is_err());
        }
    }
    client.open(&uri, "dockerfile", "FROM alpine\n");
    assert!(!client.diagnostics(&uri, Some(1)).is_empty());
    client.shutdown();
}

pub fn hover_params(uri: &lsp::Uri, line: u32, character: u32) -> lsp::HoverParams {
    lsp::HoverParams {
        text_document_position_params: lsp::TextDocumentPositionParams {
            text_document: lsp::TextDocumentIdentifier { uri: uri.clone() },
            position: position(line, character),
        },
        work_done_progress_params: Default::default(),
    }
}

fn request_number(id: &lsp_server::RequestId) -> i32 {
    serde_json::to_value(id).unwrap().as_i64().unwrap() as i32
}
