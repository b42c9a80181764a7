//! The transport: the built `dockwarden server` over stdio, as editors run
//! it. Bad JSON, wrong `Content-Length`s and garbage get answers (or are
//! skipped) and the server goes on; `shutdown` then `exit` ends the process
//! with status 0, `exit` alone with status 1.

mod support;

#[path = "support/lsp_client.rs"]
mod client;

use lsp_types as lsp;
use serde_json::json;

use client::{Client, frame, scratch_uri};

fn hover_body(id: i32) -> String {
    json!({
        "jsonrpc": "2.0", "id": id, "method": "textDocument/hover",
        "params": {"textDocument": {"uri": scratch_uri("Dockerfile").as_str()}, "position": {"line": 0, "character": 1}}
    })
    .to_string()
}

#[test]
fn a_session_over_stdio_ends_cleanly() {
    let mut client = Client::binary();
    let result = client.initialize(lsp::ClientCapabilities::default(), None);
    assert_eq!(result.capabilities.position_encoding.unwrap().as_str(), "utf-16");
    let uri = scratch_uri("Dockerfile");
    client.open(&uri, "dockerfile", "FROM alpine:latest\n");
    let diagnostics = client.diagnostics(&uri, Some(1));
    assert!(diagnostics.iter().any(|diagnostic| client::code(diagnostic) == "DF019"));
    client.shutdown();
}

#[test]
fn exit_without_shutdown_ends_with_status_1() {
    let mut client = Client::binary();
    client.initialize(lsp::ClientCapabilities::default(), None);
    client.notify::<lsp::notification::Exit>(());
    assert!(client.stopped().is_err());
}

#[test]
fn bad_frames_are_answered_or_skipped_and_the_server_goes_on() {
    let mut client = Client::binary();
    // A request before initialize.
    client.write_raw(&frame(&hover_body(1)));
    let refused = client.response(&lsp_server::RequestId::from(1));
    assert_eq!(
        refused.response_result.unwrap_err().code,
        lsp_server::ErrorCode::ServerNotInitialized as i32
    );
    // Not JSON: a ParseError with a null id.
    client.write_raw(&frame("{\"jsonrpc\": \"2.0\", \"id\": 2, \"method\": "));
    let answer = client.raw.recv_timeout(client::TIMEOUT).expect("an answer to bad JSON");
    assert_eq!(answer["error"]["code"], -32700);
    assert!(answer["id"].is_null());
    // JSON but no message: InvalidRequest, with its id.
    client.write_raw(&frame("{\"jsonrpc\": \"2.0\", \"id\": 3, \"params\": 1}"));
    let answer = client.response(&lsp_server::RequestId::from(3));
    assert_eq!(answer.response_result.unwrap_err().code, -32600);
    // A Content-Length too short: that frame is lost (ParseError), the next
    // one is read.
    let body = hover_body(4);
    client.write_raw(format!("Content-Length: 10\r\n\r\n{body}").as_bytes());
    client.write_raw(b"garbage line without a colon\r\n\r\n");
    let init =
        json!({"jsonrpc": "2.0", "id": 5, "method": "initialize", "params": {"capabilities": {}}});
    client.write_raw(&frame(&init.to_string()));
    let initialized = client.response(&lsp_server::RequestId::from(5));
    assert!(initialized.response_result.is_ok());
    client.write_raw(&frame(
        &json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}).to_string(),
    ));
    // Unknown method over stdio.
    client.write_raw(&frame(
        &json!({"jsonrpc": "2.0", "id": 6, "method": "dockwarden/nope"}).to_string(),
    ));
    let unknown = client.response(&lsp_server::RequestId::from(6));
    assert_eq!(
        unknown.response_result.unwrap_err().code,
        lsp_server::ErrorCode::MethodNotFound as i32
    );
    client.write_raw(&frame(&json!({"jsonrpc": "2.0", "id": 7, "method": "shutdown"}).to_string()));
    assert!(client.response(&lsp_server::RequestId::from(7)).response_result.is_ok());
    client.write_raw(&frame(&json!({"jsonrpc": "2.0", "method": "exit"}).to_string()));
    assert_eq!(client.stopped(), Ok(()));
}
