//! The main loop: one thread takes the client's messages strictly in the
//! order they arrive and turns each into an [`Event`]. A request after a
//! `didChange` therefore always sees the change. Findings are published
//! when no message is waiting, so a burst of keystrokes is checked once.
//!
//! Cancellation: before handling a message, the loop takes every message
//! already waiting; a `$/cancelRequest` for a request still in that queue
//! (or for a parked workspace pull) is answered with `RequestCancelled`
//! instead of running it. A request already answered cannot be cancelled.

use std::collections::{HashSet, VecDeque};

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types as lsp;

use crate::capabilities::{ClientFeatures, server_capabilities};
use crate::dispatch::{self, error_response};
use crate::handlers;
use crate::session::{Client, Outgoing, Session};
use crate::settings;
use crate::{ServerError, uri};

/// Everything that makes the server act.
#[derive(Debug)]
pub enum Event {
    /// A request from the client.
    Request(Request),
    /// A notification from the client.
    Notification(Notification),
    /// The client's answer to a request of the server.
    Response(Response),
    /// No message is waiting: publish what changed.
    Idle,
}

/// How many messages may pass before changes are published anyway, so that
/// a client that never pauses still sees findings.
const MAX_MESSAGES_BETWEEN_PUBLISHES: usize = 64;

/// Where the session is in the LSP life cycle.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Phase {
    Uninitialized,
    Running,
    ShutDown,
}

/// Serves one client over `connection` until `exit` (or until the client
/// goes away). An `exit` without `shutdown` before it is an error, as the
/// LSP asks (the process then exits with status 1).
pub fn run(connection: Connection) -> Result<(), ServerError> {
    let mut main_loop = MainLoop {
        connection,
        queue: VecDeque::new(),
        cancelled: HashSet::new(),
        phase: Phase::Uninitialized,
        session: None,
    };
    main_loop.run()
}

struct MainLoop {
    connection: Connection,
    queue: VecDeque<Message>,
    cancelled: HashSet<RequestId>,
    phase: Phase,
    session: Option<Session>,
}

impl MainLoop {
    fn run(&mut self) -> Result<(), ServerError> {
        let mut since_publish = 0;
        loop {
            self.take_waiting_messages();
            let has_changes = self.session.as_ref().is_some_and(Session::has_changes);
            let publish_first = has_changes
                && (self.queue.is_empty() || since_publish >= MAX_MESSAGES_BETWEEN_PUBLISHES);
            let event = if publish_first {
                Event::Idle
            } else if let Some(message) = self.queue.pop_front() {
                event_of(message)
            } else {
                match self.connection.receiver.recv() {
                    Ok(message) => {
                        self.queue.push_back(message);
                        continue;
                    }
                    Err(_) => {
                        return Err(ServerError::new(
                            "the client closed the connection without exit",
                        ));
                    }
                }
            };
            if matches!(event, Event::Idle) {
                since_publish = 0;
            } else {
                since_publish += 1;
            }
            match event {
                Event::Request(request) => self.on_request(request),
                Event::Notification(notification) => {
                    if notification.method == "exit" {
                        return match self.phase {
                            Phase::ShutDown => Ok(()),
                            _ => Err(ServerError::new("exit before shutdown")),
                        };
                    }
                    self.on_notification(notification);
                }
                Event::Response(response) => self.on_response(response),
                Event::Idle => {
                    if let Some(session) = &mut self.session {
                        session.publish_changes();
                    }
                }
            }
        }
    }

    /// Moves every waiting message into the queue, noting cancellations of
    /// requests that have not run yet.
    fn take_waiting_messages(&mut self) {
        while let Ok(message) = self.connection.receiver.try_recv() {
            if let Message::Notification(notification) = &message
                && notification.method == "$/cancelRequest"
            {
                if let Ok(params) =
                    serde_json::from_value::<lsp::CancelParams>(notification.params.clone())
                {
                    let id = match params.id {
                        lsp::NumberOrString::Number(number) => RequestId::from(number),
                        lsp::NumberOrString::String(text) => RequestId::from(text),
                    };
                    self.cancel(id);
                }
                continue;
            }
            self.queue.push_back(message);
        }
    }

    fn cancel(&mut self, id: RequestId) {
        let queued = self
            .queue
            .iter()
            .any(|message| matches!(message, Message::Request(request) if request.id == id));
        if queued {
            self.cancelled.insert(id);
            return;
        }
        if let Some(session) = &mut self.session
            && session.parked_workspace_pull.as_ref().is_some_and(|(parked, _)| *parked == id)
        {
            session.parked_workspace_pull = None;
            self.send(cancelled_response(id));
        }
    }

    fn on_request(&mut self, request: Request) {
        if self.cancelled.remove(&request.id) {
            self.send(cancelled_response(request.id));
            return;
        }
        match (self.phase, request.method.as_str()) {
            (Phase::Uninitialized, "initialize") => self.initialize(request),
            (Phase::Uninitialized, _) => self.send(error_response(
                request.id,
                ErrorCode::ServerNotInitialized,
                "the server is not initialized yet".to_owned(),
            )),
            (Phase::ShutDown, _) => self.send(error_response(
                request.id,
                ErrorCode::InvalidRequest,
                "the server is shut down".to_owned(),
            )),
            (Phase::Running, "initialize") => self.send(error_response(
                request.id,
                ErrorCode::InvalidRequest,
                "initialize was already received".to_owned(),
            )),
            (Phase::Running, "shutdown") => {
                self.phase = Phase::ShutDown;
                if let Some(session) = &mut self.session
                    && let Some((parked, _)) = session.parked_workspace_pull.take()
                {
                    self.send(cancelled_response(parked));
                }
                self.send(Response::new_ok(request.id, ()));
            }
            (Phase::Running, _) => {
                let Some(session) = &mut self.session else { return };
                if let Some(response) = dispatch::request(session, request) {
                    self.send(response);
                }
            }
        }
    }

    fn on_notification(&mut self, notification: Notification) {
        if self.phase != Phase::Running {
            tracing::debug!("ignored {} outside a running session", notification.method);
            return;
        }
        if let Some(session) = &mut self.session {
            dispatch::notification(session, notification);
        }
    }

    fn on_response(&mut self, response: Response) {
        let Some(session) = &mut self.session else { return };
        let Some(purpose) = session.client.pending.remove(&response.id) else {
            tracing::debug!("an answer to no request of ours: {:?}", response.id);
            return;
        };
        match (&response.response_result, purpose) {
            (Err(error), _) => tracing::warn!("the client refused {purpose:?}: {}", error.message),
            (Ok(result), Outgoing::Configuration) => {
                handlers::workspace::configuration_received(session, result);
            }
            (Ok(_), _) => {}
        }
    }

    fn initialize(&mut self, request: Request) {
        let raw_capabilities = request.params["capabilities"].clone();
        let params = match serde_json::from_value::<lsp::InitializeParams>(request.params) {
            Ok(params) => params,
            Err(error) => {
                let message = format!("bad initialize parameters: {error}");
                self.send(error_response(request.id, ErrorCode::InvalidParams, message));
                return;
            }
        };
        let features = ClientFeatures::from_initialize(&params.capabilities, &raw_capabilities);
        #[allow(deprecated, reason = "root_uri is what older clients (Neovim 0.7) send")]
        let root = params
            .workspace_folders
            .as_ref()
            .and_then(|folders| folders.first())
            .and_then(|folder| uri::to_path(&folder.uri))
            .or_else(|| params.root_uri.as_ref().and_then(uri::to_path));
        let client = Client::new(self.connection.sender.clone());
        let (editor, errors) =
            params.initialization_options.as_ref().map(settings::read).unwrap_or_default();
        let session = Session::new(client, features.clone(), root, editor);
        for error in errors {
            session
                .client
                .show_message(lsp::MessageType::WARNING, format!("dockwarden: {}", error.message));
        }
        let result = lsp::InitializeResult {
            capabilities: server_capabilities(&features),
            server_info: Some(lsp::ServerInfo {
                name: "dockwarden".to_owned(),
                version: Some(env!("CARGO_PKG_VERSION").to_owned()),
            }),
        };
        self.send(Response::new_ok(request.id, result));
        self.session = Some(session);
        self.phase = Phase::Running;
    }

    fn send(&self, response: Response) {
        if self.connection.sender.send(Message::Response(response)).is_err() {
            tracing::warn!("the client is gone; an answer was dropped");
        }
    }
}

fn event_of(message: Message) -> Event {
    match message {
        Message::Request(request) => Event::Request(request),
        Message::Notification(notification) => Event::Notification(notification),
        Message::Response(response) => Event::Response(response),
    }
}

fn cancelled_response(id: RequestId) -> Response {
    error_response(id, ErrorCode::RequestCanceled, "cancelled".to_owned())
}
