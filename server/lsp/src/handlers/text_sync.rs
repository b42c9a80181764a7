//! `didOpen`, `didChange`, `didSave` and `didClose`: the editor's copy of
//! each document, applied edit by edit to its rope and its parse.

use dockwarden_analysis::SourceFile;
use dockwarden_analysis::text::{Document, MAX_FILE_SIZE};
use lsp_types as lsp;

use super::{Result, key};
use crate::convert;
use crate::session::{OpenDocument, Session};
use crate::uri;

pub fn did_open(session: &mut Session, params: lsp::DidOpenTextDocumentParams) -> Result<()> {
    let item = params.text_document;
    let path = uri::to_path(&item.uri);
    let language = session.language_for(&item.uri, path.as_deref(), &item.language_id);
    let too_large = item.text.len() > MAX_FILE_SIZE;
    if too_large {
        tracing::warn!("{} is too large to check ({} bytes)", item.uri.as_str(), item.text.len());
    }
    let file =
        language.filter(|_| !too_large).map(|language| SourceFile::parse(language, &item.text));
    let ours = file.is_some();
    let document = OpenDocument {
        uri: item.uri.clone(),
        path: path.clone(),
        language_id: item.language_id,
        version: item.version,
        document: Document::new(&item.text),
        file,
        analysis: None,
        last_good: Vec::new(),
        needs_publish: ours,
        depends_on: Vec::new(),
        pulled: None,
    };
    session.documents.insert(key(&item.uri), document);
    opened_or_closed(session, path.as_deref());
    Ok(())
}

pub fn did_change(session: &mut Session, params: lsp::DidChangeTextDocumentParams) -> Result<()> {
    let key = key(&params.text_document.uri);
    let encoding = session.features.encoding;
    let Some(document) = session.documents.get_mut(&key) else {
        tracing::warn!(
            "a change for {} which is not open; ignored",
            params.text_document.uri.as_str()
        );
        return Ok(());
    };
    if params.text_document.version <= document.version {
        tracing::warn!(
            "version {} of {} does not follow {}; applied all the same",
            params.text_document.version,
            key,
            document.version
        );
    }
    let edits: Vec<_> = params
        .content_changes
        .iter()
        .map(|change| {
            let lines = document.document.line_count();
            if change
                .range
                .is_some_and(|range| range.start.line >= lines || range.end.line >= lines)
            {
                tracing::debug!(
                    "a change past the last line of {key} ({lines} lines) is clamped to the end"
                );
            }
            convert::apply_change(&mut document.document, change, encoding)
        })
        .collect();
    document.version = params.text_document.version;
    document.record_edits(&edits);
    let path = document.path.clone();
    if let Some(path) = path {
        session.invalidate_dependents(&path);
        if path
            .file_name()
            .is_some_and(|name| name == dockwarden_analysis::config::CONFIG_FILE_NAME)
        {
            session.invalidate_all();
        }
    }
    Ok(())
}

pub fn did_save(_session: &mut Session, _params: lsp::DidSaveTextDocumentParams) -> Result<()> {
    // The open copy is already what the rules read; the disk adds nothing.
    Ok(())
}

pub fn did_close(session: &mut Session, params: lsp::DidCloseTextDocumentParams) -> Result<()> {
    let Some(document) = session.documents.remove(&key(&params.text_document.uri)) else {
        return Ok(());
    };
    if !session.features.pull_diagnostics && document.file.is_some() {
        session.client.notify::<lsp::notification::PublishDiagnostics>(
            lsp::PublishDiagnosticsParams {
                uri: document.uri,
                diagnostics: Vec::new(),
                version: None,
            },
        );
    }
    opened_or_closed(session, document.path.as_deref());
    Ok(())
}

/// Other documents that read this file now read another copy of it.
fn opened_or_closed(session: &mut Session, path: Option<&std::path::Path>) {
    let Some(path) = path else { return };
    session.invalidate_dependents(path);
    if path.file_name().is_some_and(|name| name == dockwarden_analysis::config::CONFIG_FILE_NAME) {
        session.invalidate_all();
    }
}
