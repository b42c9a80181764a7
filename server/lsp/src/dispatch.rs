//! The routing table: every request and notification the server handles,
//! in one place, with the boundary that turns a failing or panicking
//! handler into an error answer (or a log line) so the server goes on.

use std::panic::{AssertUnwindSafe, catch_unwind};

use lsp_server::{ErrorCode, Notification, Request, RequestId, Response};
use lsp_types::notification as notify;
use lsp_types::request as ask;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::handlers::{
    self, HandlerError, code_actions, diagnostics, language, text_sync, workspace,
};
use crate::session::Session;

/// Answers a request, or `None` when its answer comes later (a parked
/// workspace pull).
pub fn request(session: &mut Session, request: Request) -> Option<Response> {
    let mut dispatcher = RequestDispatcher { session, request: Some(request), response: None };
    dispatcher
        .on::<ask::DocumentDiagnosticRequest>(diagnostics::document)
        .on::<ask::CodeActionRequest>(code_actions::code_action)
        .on::<ask::CodeActionResolveRequest>(code_actions::resolve)
        .on::<ask::HoverRequest>(language::hover)
        .on::<ask::Completion>(language::completion)
        .on::<ask::DocumentSymbolRequest>(language::document_symbols)
        .on::<ask::GotoDefinition>(language::definition)
        .on::<ask::FoldingRangeRequest>(language::folding_ranges)
        .on_deferred::<ask::WorkspaceDiagnosticRequest>(diagnostics::workspace);
    dispatcher.finish()
}

/// Handles a notification; unknown ones are ignored, as LSP asks.
pub fn notification(session: &mut Session, notification: Notification) {
    NotificationDispatcher { session, notification: Some(notification) }
        .on::<notify::Initialized>(workspace::initialized)
        .on::<notify::DidOpenTextDocument>(text_sync::did_open)
        .on::<notify::DidChangeTextDocument>(text_sync::did_change)
        .on::<notify::DidSaveTextDocument>(text_sync::did_save)
        .on::<notify::DidCloseTextDocument>(text_sync::did_close)
        .on::<notify::DidChangeConfiguration>(workspace::did_change_configuration)
        .on::<notify::DidChangeWatchedFiles>(workspace::did_change_watched_files)
        .finish();
}

type RequestHandler<R> =
    fn(&mut Session, <R as ask::Request>::Params) -> handlers::Result<<R as ask::Request>::Result>;

struct RequestDispatcher<'a> {
    session: &'a mut Session,
    request: Option<Request>,
    response: Option<Option<Response>>,
}

impl RequestDispatcher<'_> {
    fn on<R>(&mut self, handler: RequestHandler<R>) -> &mut Self
    where
        R: ask::Request,
        R::Params: DeserializeOwned,
        R::Result: Serialize,
    {
        let Some((id, params)) = self.take::<R>() else { return self };
        let session = &mut *self.session;
        let outcome = run_guarded(R::METHOD, || handler(session, params));
        if outcome.is_err() {
            self.session.recover();
        }
        let response = match outcome {
            Ok(Ok(result)) => match serde_json::to_value(result) {
                Ok(value) => Response { id, response_result: Ok(value) },
                Err(error) => error_response(id, ErrorCode::InternalError, error.to_string()),
            },
            Ok(Err(HandlerError { code, message })) => error_response(id, code, message),
            Err(panic) => error_response(id, ErrorCode::InternalError, panic),
        };
        self.response = Some(Some(response));
        self
    }

    fn on_deferred<R>(
        &mut self,
        handler: fn(&mut Session, RequestId, R::Params) -> Option<Response>,
    ) -> &mut Self
    where
        R: ask::Request,
        R::Params: DeserializeOwned,
    {
        let Some((id, params)) = self.take::<R>() else { return self };
        let session = &mut *self.session;
        let answer_id = id.clone();
        let response = match run_guarded(R::METHOD, || handler(session, answer_id, params)) {
            Ok(response) => response,
            Err(panic) => {
                self.session.recover();
                Some(error_response(id, ErrorCode::InternalError, panic))
            }
        };
        self.response = Some(response);
        self
    }

    /// The request's id and parameters when it is an `R`; bad parameters
    /// are answered here.
    fn take<R>(&mut self) -> Option<(RequestId, R::Params)>
    where
        R: ask::Request,
        R::Params: DeserializeOwned,
    {
        let request = self.request.take_if(|request| request.method == R::METHOD)?;
        match serde_json::from_value::<R::Params>(request.params) {
            Ok(params) => Some((request.id, params)),
            Err(error) => {
                let message = format!("bad parameters for {}: {error}", R::METHOD);
                self.response =
                    Some(Some(error_response(request.id, ErrorCode::InvalidParams, message)));
                None
            }
        }
    }

    fn finish(&mut self) -> Option<Response> {
        if let Some(request) = self.request.take() {
            let message = format!("dockwarden does not handle {}", request.method);
            return Some(error_response(request.id, ErrorCode::MethodNotFound, message));
        }
        self.response.take().flatten()
    }
}

struct NotificationDispatcher<'a> {
    session: &'a mut Session,
    notification: Option<Notification>,
}

impl NotificationDispatcher<'_> {
    fn on<N>(&mut self, handler: fn(&mut Session, N::Params) -> handlers::Result<()>) -> &mut Self
    where
        N: notify::Notification,
        N::Params: DeserializeOwned,
    {
        let Some(notification) = self.notification.take_if(|n| n.method == N::METHOD) else {
            return self;
        };
        let params = match serde_json::from_value::<N::Params>(notification.params) {
            Ok(params) => params,
            Err(error) => {
                tracing::warn!("bad parameters for {}: {error}", N::METHOD);
                return self;
            }
        };
        let session = &mut *self.session;
        match run_guarded(N::METHOD, || handler(session, params)) {
            Ok(Ok(())) => {}
            Ok(Err(error)) => tracing::warn!("{} failed: {}", N::METHOD, error.message),
            Err(_) => self.session.recover(),
        }
        self
    }

    fn finish(&mut self) {
        if let Some(notification) = self.notification.take() {
            tracing::debug!("ignored notification {}", notification.method);
        }
    }
}

/// Runs a handler; a panic becomes an error message (and the caller
/// repairs the session, so that no half-made change survives).
pub fn run_guarded<T>(method: &str, handler: impl FnOnce() -> T) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(handler)).map_err(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|text| (*text).to_owned())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_owned());
        tracing::error!("{method} panicked: {what}");
        format!("{method} failed inside dockwarden: {what}")
    })
}

pub fn error_response(id: RequestId, code: ErrorCode, message: String) -> Response {
    Response::new_err(id, code as i32, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_error_message() {
        let outcome: Result<(), String> = run_guarded("test/method", || panic!("boom {}", 1));
        assert_eq!(outcome, Err("test/method failed inside dockwarden: boom 1".to_owned()));
        assert_eq!(run_guarded("test/method", || 7), Ok(7));
    }
}
