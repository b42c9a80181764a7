//! What the client can do (read once from `initialize`) and what the server
//! offers in return. The position encoding is negotiated here: UTF-8 when
//! the client offers it, else UTF-32 when offered, else UTF-16.

use dockwarden_analysis::text::PositionEncoding;
use lsp_types::{
    ClientCapabilities, CodeActionKind, CodeActionOptions, CodeActionProviderCapability,
    CompletionOptions, DiagnosticOptions, DiagnosticServerCapabilities,
    FoldingRangeProviderCapability, HoverProviderCapability, OneOf, ServerCapabilities,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions, WorkDoneProgressOptions,
};

use crate::convert;

/// The kind of the fix-all source action.
pub const FIX_ALL_KIND: &str = "source.fixAll.dockwarden";

/// The client's abilities that change what the server sends.
#[derive(Clone, Debug, Default)]
pub struct ClientFeatures {
    pub encoding: PositionEncoding,
    /// `textDocument/diagnostic`: the client pulls, so the server must not push.
    pub pull_diagnostics: bool,
    pub diagnostic_refresh: bool,
    pub workspace_edit_document_changes: bool,
    pub create_files: bool,
    /// `codeAction/resolve` may fill in `edit` later.
    pub resolve_code_action_edits: bool,
    pub watched_files_registration: bool,
    /// `workspace/configuration` requests.
    pub configuration: bool,
    pub related_information: bool,
    pub markdown_hover: bool,
    pub hierarchical_symbols: bool,
    pub definition_links: bool,
}

impl ClientFeatures {
    /// Reads the typed capabilities, and the raw JSON for what lsp-types
    /// 0.97 misses: it reads `workspace.diagnostic`, while the specification
    /// (and VS Code) write `workspace.diagnostics`.
    pub fn from_initialize(
        capabilities: &ClientCapabilities,
        raw: &serde_json::Value,
    ) -> ClientFeatures {
        let mut features = ClientFeatures::new(capabilities);
        features.diagnostic_refresh |=
            raw["workspace"]["diagnostics"]["refreshSupport"].as_bool().unwrap_or(false);
        features
    }

    pub fn new(capabilities: &ClientCapabilities) -> ClientFeatures {
        let text = capabilities.text_document.as_ref();
        let workspace = capabilities.workspace.as_ref();
        let offered = capabilities
            .general
            .as_ref()
            .and_then(|general| general.position_encodings.as_ref())
            .map(|kinds| kinds.iter().filter_map(convert::encoding).collect::<Vec<_>>())
            .unwrap_or_default();
        let encoding = [PositionEncoding::Utf8, PositionEncoding::Utf32]
            .into_iter()
            .find(|encoding| offered.contains(encoding))
            .unwrap_or(PositionEncoding::Utf16);
        let code_action = text.and_then(|text| text.code_action.as_ref());
        ClientFeatures {
            encoding,
            pull_diagnostics: text.is_some_and(|text| text.diagnostic.is_some()),
            diagnostic_refresh: workspace
                .and_then(|workspace| workspace.diagnostic.as_ref())
                .and_then(|diagnostic| diagnostic.refresh_support)
                .unwrap_or(false),
            workspace_edit_document_changes: workspace
                .and_then(|workspace| workspace.workspace_edit.as_ref())
                .and_then(|edit| edit.document_changes)
                .unwrap_or(false),
            create_files: workspace
                .and_then(|workspace| workspace.workspace_edit.as_ref())
                .and_then(|edit| edit.resource_operations.as_ref())
                .is_some_and(|operations| {
                    operations.contains(&lsp_types::ResourceOperationKind::Create)
                }),
            resolve_code_action_edits: code_action
                .and_then(|action| action.resolve_support.as_ref())
                .is_some_and(|support| {
                    support.properties.iter().any(|property| property == "edit")
                }),
            watched_files_registration: workspace
                .and_then(|workspace| workspace.did_change_watched_files.as_ref())
                .and_then(|watched| watched.dynamic_registration)
                .unwrap_or(false),
            configuration: workspace.and_then(|workspace| workspace.configuration).unwrap_or(false),
            related_information: text
                .and_then(|text| text.publish_diagnostics.as_ref())
                .and_then(|publish| publish.related_information)
                .unwrap_or(true),
            markdown_hover: text
                .and_then(|text| text.hover.as_ref())
                .and_then(|hover| hover.content_format.as_ref())
                .is_none_or(|formats| formats.contains(&lsp_types::MarkupKind::Markdown)),
            hierarchical_symbols: text
                .and_then(|text| text.document_symbol.as_ref())
                .and_then(|symbols| symbols.hierarchical_document_symbol_support)
                .unwrap_or(false),
            definition_links: text
                .and_then(|text| text.definition.as_ref())
                .and_then(|definition| definition.link_support)
                .unwrap_or(false),
        }
    }
}

/// What the server offers this client.
pub fn server_capabilities(features: &ClientFeatures) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(convert::encoding_kind(features.encoding)),
        text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(TextDocumentSyncKind::INCREMENTAL),
            save: Some(TextDocumentSyncSaveOptions::Supported(true)),
            ..TextDocumentSyncOptions::default()
        })),
        diagnostic_provider: features.pull_diagnostics.then(|| {
            DiagnosticServerCapabilities::Options(DiagnosticOptions {
                identifier: Some("dockwarden".to_owned()),
                inter_file_dependencies: true,
                workspace_diagnostics: true,
                work_done_progress_options: WorkDoneProgressOptions::default(),
            })
        }),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::new(FIX_ALL_KIND),
                CodeActionKind::REFACTOR_REWRITE,
            ]),
            resolve_provider: Some(features.resolve_code_action_edits),
            work_done_progress_options: WorkDoneProgressOptions::default(),
        })),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(["-", "=", "$", "{"].map(str::to_owned).to_vec()),
            ..CompletionOptions::default()
        }),
        document_symbol_provider: Some(OneOf::Left(true)),
        definition_provider: Some(OneOf::Left(true)),
        folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
        ..ServerCapabilities::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_types::{GeneralClientCapabilities, PositionEncodingKind};

    fn offering(kinds: &[PositionEncodingKind]) -> PositionEncoding {
        let capabilities = ClientCapabilities {
            general: Some(GeneralClientCapabilities {
                position_encodings: Some(kinds.to_vec()),
                ..GeneralClientCapabilities::default()
            }),
            ..ClientCapabilities::default()
        };
        ClientFeatures::new(&capabilities).encoding
    }

    #[test]
    fn diagnostic_refresh_in_the_specification_s_spelling_too() {
        let raw = serde_json::json!({"workspace": {"diagnostics": {"refreshSupport": true}}});
        let typed: ClientCapabilities = serde_json::from_value(raw.clone()).unwrap();
        assert!(!ClientFeatures::new(&typed).diagnostic_refresh, "lsp-types drops it");
        assert!(ClientFeatures::from_initialize(&typed, &raw).diagnostic_refresh);
    }

    #[test]
    fn encoding_prefers_utf8_then_utf32_then_the_default() {
        use PositionEncodingKind as Kind;
        assert_eq!(offering(&[Kind::UTF16, Kind::UTF32, Kind::UTF8]), PositionEncoding::Utf8);
        assert_eq!(offering(&[Kind::UTF16, Kind::UTF32]), PositionEncoding::Utf32);
        assert_eq!(offering(&[Kind::new("latin-1")]), PositionEncoding::Utf16);
        assert_eq!(offering(&[]), PositionEncoding::Utf16);
        assert_eq!(
            ClientFeatures::new(&ClientCapabilities::default()).encoding,
            PositionEncoding::Utf16
        );
    }
}
