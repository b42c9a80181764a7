//! Pulled diagnostics: `textDocument/diagnostic` for one document and
//! `workspace/diagnostic` for the open ones. A report whose findings did not
//! change keeps its result id, so the client hears `unchanged`.

use std::collections::HashMap;

use lsp_server::{RequestId, Response};
use lsp_types as lsp;

use super::{Result, key};
use crate::session::Session;

pub fn document(
    session: &mut Session,
    params: lsp::DocumentDiagnosticParams,
) -> Result<lsp::DocumentDiagnosticReportResult> {
    let key = key(&params.text_document.uri);
    if session.documents.get(&key).is_none_or(|document| document.file.is_none()) {
        return Ok(full(None, Vec::new()));
    }
    let (result_id, items, _) = session.pull(&key);
    if params.previous_result_id.as_deref() == Some(result_id.as_str()) {
        return Ok(lsp::DocumentDiagnosticReportResult::Report(
            lsp::DocumentDiagnosticReport::Unchanged(
                lsp::RelatedUnchangedDocumentDiagnosticReport {
                    related_documents: None,
                    unchanged_document_diagnostic_report: lsp::UnchangedDocumentDiagnosticReport {
                        result_id,
                    },
                },
            ),
        ));
    }
    Ok(full(Some(result_id), items))
}

fn full(
    result_id: Option<String>,
    items: Vec<lsp::Diagnostic>,
) -> lsp::DocumentDiagnosticReportResult {
    lsp::DocumentDiagnosticReportResult::Report(lsp::DocumentDiagnosticReport::Full(
        lsp::RelatedFullDocumentDiagnosticReport {
            related_documents: None,
            full_document_diagnostic_report: lsp::FullDocumentDiagnosticReport { result_id, items },
        },
    ))
}

/// The open documents' reports, those that changed since the client's
/// result ids in full. When none did, the request waits (it is "parked")
/// until one does, as the LSP's long-polling workspace pull intends.
pub fn workspace(
    session: &mut Session,
    id: RequestId,
    params: lsp::WorkspaceDiagnosticParams,
) -> Option<Response> {
    let previous: HashMap<String, String> = params
        .previous_result_ids
        .into_iter()
        .map(|entry| (key(&entry.uri), entry.value))
        .collect();
    let (report, any_changed) = workspace_report(session, &previous);
    if any_changed || previous.is_empty() {
        return Some(Response::new_ok(id, lsp::WorkspaceDiagnosticReportResult::Report(report)));
    }
    // Only one waits at a time: a newer pull replaces an older one.
    if let Some((older, _)) = session.parked_workspace_pull.take() {
        let empty = lsp::WorkspaceDiagnosticReport { items: Vec::new() };
        session
            .client
            .respond(Response::new_ok(older, lsp::WorkspaceDiagnosticReportResult::Report(empty)));
    }
    session.parked_workspace_pull = Some((id, previous));
    None
}

/// Answers the waiting workspace pull, if a document changed since.
pub fn answer_parked_workspace_pull(session: &mut Session) {
    let Some((id, previous)) = session.parked_workspace_pull.take() else { return };
    let (report, any_changed) = workspace_report(session, &previous);
    if any_changed {
        session
            .client
            .respond(Response::new_ok(id, lsp::WorkspaceDiagnosticReportResult::Report(report)));
    } else {
        session.parked_workspace_pull = Some((id, previous));
    }
}

fn workspace_report(
    session: &mut Session,
    previous: &HashMap<String, String>,
) -> (lsp::WorkspaceDiagnosticReport, bool) {
    let keys: Vec<String> = session
        .documents
        .iter()
        .filter(|(_, document)| document.file.is_some())
        .map(|(key, _)| key.clone())
        .collect();
    let mut items = Vec::new();
    let mut any_changed = false;
    for key in keys {
        let (result_id, diagnostics, version) = session.pull(&key);
        let Some(document) = session.documents.get(&key) else { continue };
        let uri = document.uri.clone();
        let version = Some(i64::from(version));
        if previous.get(&key) == Some(&result_id) {
            items.push(lsp::WorkspaceDocumentDiagnosticReport::Unchanged(
                lsp::WorkspaceUnchangedDocumentDiagnosticReport {
                    uri,
                    version,
                    unchanged_document_diagnostic_report: lsp::UnchangedDocumentDiagnosticReport {
                        result_id,
                    },
                },
            ));
        } else {
            any_changed = true;
            items.push(lsp::WorkspaceDocumentDiagnosticReport::Full(
                lsp::WorkspaceFullDocumentDiagnosticReport {
                    uri,
                    version,
                    full_document_diagnostic_report: lsp::FullDocumentDiagnosticReport {
                        result_id: Some(result_id),
                        items: diagnostics,
                    },
                },
            ));
        }
    }
    (lsp::WorkspaceDiagnosticReport { items }, any_changed)
}
