//! The handlers: each decodes its parameters, asks the analysis, and
//! encodes the answer. The routing table is in [`crate::dispatch`].

pub mod code_actions;
pub mod diagnostics;
pub mod language;
pub mod text_sync;
pub mod workspace;

use lsp_server::ErrorCode;

/// A request that could not be answered, as the JSON-RPC error to send.
#[derive(Clone, Debug)]
pub struct HandlerError {
    pub code: ErrorCode,
    pub message: String,
}

impl HandlerError {
    pub fn invalid_params(message: impl Into<String>) -> HandlerError {
        HandlerError { code: ErrorCode::InvalidParams, message: message.into() }
    }

    pub fn content_modified(message: impl Into<String>) -> HandlerError {
        HandlerError { code: ErrorCode::ContentModified, message: message.into() }
    }
}

/// What a handler returns.
pub type Result<T> = std::result::Result<T, HandlerError>;

/// The key documents are kept under.
pub fn key(uri: &lsp_types::Uri) -> String {
    uri.as_str().to_owned()
}
