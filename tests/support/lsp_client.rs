//! A small LSP client for the protocol tests: it drives the real server,
//! in memory (`dockwarden_lsp::run` on a thread) or as the built binary
//! over stdio, with typed requests, a timeout on every wait, and automatic
//! answers to the server's own requests (which it records).
//!
//! Positions in the tests are computed here by walking the string, not with
//! the server's code, so that a wrong conversion on either side shows.
#![allow(dead_code, reason = "each test target uses a different part of the client")]

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::str::FromStr;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, RecvTimeoutError, Sender, unbounded};
use lsp_server::{Connection, Message, Notification, Request, RequestId, Response, ResponseError};
use lsp_types as lsp;
use lsp_types::notification::Notification as _;
use serde_json::{Value, json};

/// How long any wait may take before the test fails.
pub const TIMEOUT: Duration = Duration::from_secs(20);

/// How the server runs.
enum Server {
    Thread(Option<JoinHandle<Result<(), dockwarden_lsp::ServerError>>>, Option<Connection>),
    Process { child: Child, stdin: Option<ChildStdin> },
}

/// A client connected to one server.
pub struct Client {
    sender: Sender<Message>,
    receiver: Receiver<Message>,
    /// Frames from the server that are not messages lsp-server reads (an
    /// error answer with a `null` id), as JSON.
    pub raw: Receiver<Value>,
    server: Server,
    next_id: i32,
    backlog: VecDeque<Message>,
    /// The server's requests to the client, in order.
    pub server_requests: Vec<Request>,
    /// What `workspace/configuration` answers.
    pub settings: Value,
    pub encoding: lsp::PositionEncodingKind,
}

impl Client {
    /// A server on a thread, running from the start.
    pub fn in_memory() -> Client {
        let mut client = Client::in_memory_paused();
        client.resume();
        client
    }

    /// A server on a thread that does not run until [`Client::resume`]:
    /// messages sent before are all waiting when it starts, which is how a
    /// test makes "the cancel arrives before the request runs" certain.
    pub fn in_memory_paused() -> Client {
        let (server, client) = Connection::memory();
        let (_, raw) = unbounded();
        Client {
            sender: client.sender,
            receiver: client.receiver,
            raw,
            server: Server::Thread(None, Some(server)),
            next_id: 0,
            backlog: VecDeque::new(),
            server_requests: Vec::new(),
            settings: Value::Null,
            encoding: lsp::PositionEncodingKind::UTF16,
        }
    }

    pub fn resume(&mut self) {
        if let Server::Thread(handle, connection) = &mut self.server
            && let Some(connection) = connection.take()
        {
            *handle = Some(std::thread::spawn(move || dockwarden_lsp::run(connection)));
        }
    }

    /// The built binary, `dockwarden server`, over stdio.
    pub fn binary() -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dockwarden"))
            .arg("server")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("dockwarden server starts");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (to_server, outgoing) = unbounded::<Message>();
        let (incoming_sender, incoming) = unbounded::<Message>();
        let (raw_sender, raw) = unbounded::<Value>();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(body) = read_frame(&mut reader) {
                let value: Value = serde_json::from_slice(&body).expect("the server writes JSON");
                match serde_json::from_value::<Message>(value.clone()) {
                    Ok(message) => {
                        if incoming_sender.send(message).is_err() {
                            return;
                        }
                    }
                    Err(_) => {
                        let _ = raw_sender.send(value);
                    }
                }
            }
        });
        let mut writer = stdin;
        let stdin_for_raw = writer.try_clone_handle();
        std::thread::spawn(move || {
            for message in outgoing {
                if message.write(&mut writer).is_err() {
                    return;
                }
            }
        });
        Client {
            sender: to_server,
            receiver: incoming,
            raw,
            server: Server::Process { child, stdin: stdin_for_raw },
            next_id: 0,
            backlog: VecDeque::new(),
            server_requests: Vec::new(),
            settings: Value::Null,
            encoding: lsp::PositionEncodingKind::UTF16,
        }
    }

    /// Writes bytes straight to the server's stdin (binary only).
    pub fn write_raw(&mut self, bytes: &[u8]) {
        match &mut self.server {
            Server::Process { stdin: Some(stdin), .. } => {
                stdin.write_all(bytes).expect("the server reads stdin");
                stdin.flush().expect("flush");
            }
            _ => panic!("raw bytes need the binary"),
        }
    }

    /// `initialize` with these capabilities and options, then `initialized`.
    pub fn initialize(
        &mut self,
        capabilities: lsp::ClientCapabilities,
        options: Option<Value>,
    ) -> lsp::InitializeResult {
        self.initialize_in(capabilities, options, None)
    }

    pub fn initialize_in(
        &mut self,
        capabilities: lsp::ClientCapabilities,
        options: Option<Value>,
        root: Option<&std::path::Path>,
    ) -> lsp::InitializeResult {
        let workspace_folders = root.map(|root| {
            vec![lsp::WorkspaceFolder { uri: file_uri(root), name: "root".to_owned() }]
        });
        let params = lsp::InitializeParams {
            capabilities,
            initialization_options: options,
            workspace_folders,
            ..lsp::InitializeParams::default()
        };
        let result = self.request::<lsp::request::Initialize>(params).expect("initialize answers");
        if let Some(encoding) = &result.capabilities.position_encoding {
            self.encoding = encoding.clone();
        }
        self.notify::<lsp::notification::Initialized>(lsp::InitializedParams {});
        result
    }

    pub fn notify<N: lsp::notification::Notification>(&self, params: N::Params) {
        self.send(Message::Notification(Notification::new(N::METHOD.to_owned(), params)));
    }

    pub fn send(&self, message: Message) {
        self.sender.send(message).expect("the server is running");
    }

    /// Sends a request without waiting; see [`Client::response`].
    pub fn send_request<R: lsp::request::Request>(&mut self, params: R::Params) -> RequestId {
        self.send_request_raw(R::METHOD, serde_json::to_value(params).unwrap())
    }

    pub fn send_request_raw(&mut self, method: &str, params: Value) -> RequestId {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        self.send(Message::Request(Request { id: id.clone(), method: method.to_owned(), params }));
        id
    }

    /// A typed request and its answer.
    pub fn request<R: lsp::request::Request>(
        &mut self,
        params: R::Params,
    ) -> Result<R::Result, ResponseError> {
        let id = self.send_request::<R>(params);
        let response = self.response(&id);
        response.response_result.map(|value| {
            serde_json::from_value(value.clone())
                .unwrap_or_else(|error| panic!("{} answered {value}: {error}", R::METHOD))
        })
    }

    /// The answer to a request sent earlier.
    pub fn response(&mut self, id: &RequestId) -> Response {
        let message = self.wait_for(
            &format!("the answer to request {id:?}"),
            |message| matches!(message, Message::Response(response) if response.id == *id),
        );
        match message {
            Message::Response(response) => response,
            _ => unreachable!(),
        }
    }

    /// Waits for a message matching `wanted`, keeping the others for later
    /// waits and answering the server's requests on the way.
    pub fn wait_for(&mut self, what: &str, wanted: impl Fn(&Message) -> bool) -> Message {
        if let Some(index) = self.backlog.iter().position(&wanted) {
            return self.backlog.remove(index).unwrap();
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.receiver.recv_timeout(left) {
                Ok(message) => {
                    if let Message::Request(request) = &message {
                        self.answer_server_request(request.clone());
                    }
                    if wanted(&message) {
                        return message;
                    }
                    self.backlog.push_back(message);
                }
                Err(RecvTimeoutError::Timeout) => {
                    panic!("timed out waiting for {what}; received meanwhile: {:#?}", self.backlog)
                }
                Err(RecvTimeoutError::Disconnected) => {
                    panic!(
                        "the server went away while waiting for {what}; received: {:#?}",
                        self.backlog
                    )
                }
            }
        }
    }

    fn answer_server_request(&mut self, request: Request) {
        let result = match request.method.as_str() {
            "workspace/configuration" => json!([self.settings.clone()]),
            _ => Value::Null,
        };
        self.send(Message::Response(Response {
            id: request.id.clone(),
            response_result: Ok(result),
        }));
        self.server_requests.push(request);
    }

    /// The next `publishDiagnostics` for `uri`, at `version` when given
    /// (earlier versions' publishes are skipped).
    pub fn diagnostics(&mut self, uri: &lsp::Uri, version: Option<i32>) -> Vec<lsp::Diagnostic> {
        let uri_text = uri.as_str().to_owned();
        let message =
            self.wait_for(&format!("diagnostics of {uri_text} at {version:?}"), |message| {
                let Message::Notification(notification) = message else { return false };
                if notification.method != lsp::notification::PublishDiagnostics::METHOD {
                    return false;
                }
                notification.params["uri"] == uri_text.as_str()
                    && version.is_none_or(|version| notification.params["version"] == version)
            });
        let Message::Notification(notification) = message else { unreachable!() };
        let params: lsp::PublishDiagnosticsParams =
            serde_json::from_value(notification.params).unwrap();
        params.diagnostics
    }

    /// Opens a document and returns its URI.
    pub fn open(&self, uri: &lsp::Uri, language_id: &str, text: &str) {
        self.notify::<lsp::notification::DidOpenTextDocument>(lsp::DidOpenTextDocumentParams {
            text_document: lsp::TextDocumentItem {
                uri: uri.clone(),
                language_id: language_id.to_owned(),
                version: 1,
                text: text.to_owned(),
            },
        });
    }

    /// Sends ranged changes: (range, new text), in order.
    pub fn change(&self, uri: &lsp::Uri, version: i32, changes: Vec<(lsp::Range, &str)>) {
        self.notify::<lsp::notification::DidChangeTextDocument>(lsp::DidChangeTextDocumentParams {
            text_document: lsp::VersionedTextDocumentIdentifier { uri: uri.clone(), version },
            content_changes: changes
                .into_iter()
                .map(|(range, text)| lsp::TextDocumentContentChangeEvent {
                    range: Some(range),
                    range_length: None,
                    text: text.to_owned(),
                })
                .collect(),
        });
    }

    pub fn close(&self, uri: &lsp::Uri) {
        self.notify::<lsp::notification::DidCloseTextDocument>(lsp::DidCloseTextDocumentParams {
            text_document: lsp::TextDocumentIdentifier { uri: uri.clone() },
        });
    }

    /// `shutdown` then `exit`; the server must stop cleanly.
    pub fn shutdown(mut self) {
        self.request::<lsp::request::Shutdown>(()).expect("shutdown answers");
        self.notify::<lsp::notification::Exit>(());
        match &mut self.server {
            Server::Thread(handle, _) => {
                let outcome = handle.take().expect("started").join().expect("no panic");
                assert_eq!(outcome, Ok(()));
            }
            Server::Process { child, .. } => {
                let status = wait_with_timeout(child);
                assert!(status.success(), "exit status {status:?}");
            }
        }
    }

    /// Waits for the server to stop by itself and tells how.
    pub fn stopped(mut self) -> Result<(), String> {
        match &mut self.server {
            Server::Thread(handle, _) => handle
                .take()
                .expect("started")
                .join()
                .expect("no panic")
                .map_err(|error| error.to_string()),
            Server::Process { child, .. } => {
                let status = wait_with_timeout(child);
                if status.success() { Ok(()) } else { Err(format!("{status:?}")) }
            }
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        if let Server::Process { child, .. } = &mut self.server {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn wait_with_timeout(child: &mut Child) -> std::process::ExitStatus {
    let deadline = Instant::now() + TIMEOUT;
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            return status;
        }
        assert!(Instant::now() < deadline, "the server did not exit");
        std::thread::sleep(Duration::from_millis(10));
    }
}

trait CloneHandle {
    fn try_clone_handle(&self) -> Option<ChildStdin>;
}

impl CloneHandle for ChildStdin {
    /// A second handle on the same pipe, for raw writes beside the writer
    /// thread's framed ones.
    fn try_clone_handle(&self) -> Option<ChildStdin> {
        use std::os::fd::AsFd;
        let owned = self.as_fd().try_clone_to_owned().ok()?;
        Some(ChildStdin::from(owned))
    }
}

/// Reads one `Content-Length` frame.
pub fn read_frame(reader: &mut impl BufRead) -> Option<Vec<u8>> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length:") {
            length = value.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    Some(body)
}

/// A frame around a body.
pub fn frame(body: &str) -> Vec<u8> {
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

/// The `file:` URI of a path (spaces and non-ASCII percent-encoded).
pub fn file_uri(path: &std::path::Path) -> lsp::Uri {
    let mut text = String::from("file://");
    for byte in path.to_str().expect("a UTF-8 path").bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
            text.push(char::from(byte));
        } else {
            text.push_str(&format!("%{byte:02X}"));
        }
    }
    lsp::Uri::from_str(&text).unwrap()
}

/// A URI in a folder that does not exist (no configuration, no side files).
pub fn scratch_uri(name: &str) -> lsp::Uri {
    lsp::Uri::from_str(&format!("file:///nonexistent-dockwarden-test/{name}")).unwrap()
}

/// Client capabilities with the given position encodings offered.
pub fn capabilities_offering(encodings: &[&str]) -> lsp::ClientCapabilities {
    lsp::ClientCapabilities {
        general: Some(lsp::GeneralClientCapabilities {
            position_encodings: Some(
                encodings.iter().map(|e| serde_json::from_value(json!(e)).unwrap()).collect(),
            ),
            ..lsp::GeneralClientCapabilities::default()
        }),
        ..lsp::ClientCapabilities::default()
    }
}

/// Capabilities from JSON, as a real client would send them.
pub fn capabilities(value: Value) -> lsp::ClientCapabilities {
    serde_json::from_value(value).expect("client capabilities")
}

pub fn position(line: u32, character: u32) -> lsp::Position {
    lsp::Position::new(line, character)
}

pub fn range(start: (u32, u32), end: (u32, u32)) -> lsp::Range {
    lsp::Range::new(position(start.0, start.1), position(end.0, end.1))
}

/// Units of `text` in an encoding (`utf-8`, `utf-16`, `utf-32`).
pub fn units(text: &str, encoding: &lsp::PositionEncodingKind) -> u32 {
    match encoding.as_str() {
        "utf-8" => text.len() as u32,
        "utf-32" => text.chars().count() as u32,
        _ => text.encode_utf16().count() as u32,
    }
}

/// The position of byte `offset` of `text`, by walking it: lines end at
/// `\n`, `\r\n` or `\r`.
pub fn position_of(
    text: &str,
    offset: usize,
    encoding: &lsp::PositionEncodingKind,
) -> lsp::Position {
    let before = &text[..offset];
    let line_start = before.rfind(['\n', '\r']).map_or(0, |index| index + 1);
    let line = before.matches('\n').count() + before.matches('\r').count()
        - before.matches("\r\n").count();
    lsp::Position::new(line as u32, units(&before[line_start..], encoding))
}

/// The byte offset of a position in `text`, by walking it.
pub fn offset_of(
    text: &str,
    position: lsp::Position,
    encoding: &lsp::PositionEncodingKind,
) -> usize {
    let mut line_start = 0;
    for _ in 0..position.line {
        let rest = &text[line_start..];
        let Some(index) = rest.find(['\n', '\r']) else { return text.len() };
        line_start += index + if rest[index..].starts_with("\r\n") { 2 } else { 1 };
    }
    let rest = &text[line_start..];
    let line_end = line_start + rest.find(['\n', '\r']).unwrap_or(rest.len());
    let mut offset = line_start;
    let mut count = 0;
    for c in text[line_start..line_end].chars() {
        if count >= position.character {
            break;
        }
        count += units(c.encode_utf8(&mut [0; 4]), encoding);
        offset += c.len_utf8();
    }
    offset
}

/// `text` with LSP edits applied (each against the original text).
pub fn apply_text_edits(
    text: &str,
    edits: &[lsp::TextEdit],
    encoding: &lsp::PositionEncodingKind,
) -> String {
    let mut spans: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|edit| {
            (
                offset_of(text, edit.range.start, encoding),
                offset_of(text, edit.range.end, encoding),
                edit.new_text.as_str(),
            )
        })
        .collect();
    spans.sort_by_key(|span| (span.0, span.1));
    let mut out = String::new();
    let mut cursor = 0;
    for (start, end, new_text) in spans {
        out.push_str(&text[cursor..start]);
        out.push_str(new_text);
        cursor = end;
    }
    out.push_str(&text[cursor..]);
    out
}

/// The edits a workspace edit makes to `uri`, whichever form it has.
pub fn edits_for(edit: &lsp::WorkspaceEdit, uri: &lsp::Uri) -> Vec<lsp::TextEdit> {
    if let Some(changes) = &edit.changes {
        return changes.get(uri).cloned().unwrap_or_default();
    }
    let mut found = Vec::new();
    if let Some(lsp::DocumentChanges::Operations(operations)) = &edit.document_changes {
        for operation in operations {
            if let lsp::DocumentChangeOperation::Edit(document) = operation
                && document.text_document.uri == *uri
            {
                found.extend(document.edits.iter().map(|edit| match edit {
                    lsp::OneOf::Left(edit) => edit.clone(),
                    lsp::OneOf::Right(annotated) => annotated.text_edit.clone(),
                }));
            }
        }
    }
    if let Some(lsp::DocumentChanges::Edits(documents)) = &edit.document_changes {
        for document in documents.iter().filter(|document| document.text_document.uri == *uri) {
            found.extend(document.edits.iter().map(|edit| match edit {
                lsp::OneOf::Left(edit) => edit.clone(),
                lsp::OneOf::Right(annotated) => annotated.text_edit.clone(),
            }));
        }
    }
    found
}

/// The code of a diagnostic, as text.
pub fn code(diagnostic: &lsp::Diagnostic) -> String {
    match &diagnostic.code {
        Some(lsp::NumberOrString::String(code)) => code.clone(),
        Some(lsp::NumberOrString::Number(number)) => number.to_string(),
        None => String::new(),
    }
}
