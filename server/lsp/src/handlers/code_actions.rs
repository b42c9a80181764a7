//! Code actions: a quick fix for each fix of each finding in range, the
//! "ignore" actions, the refactors, and fix-all (resolved lazily when the
//! client can resolve, since it runs the rules until nothing is left).

use std::path::Path;

use dockwarden_analysis::fix_all::{fix_all, minimal_edit};
use dockwarden_analysis::{Fix, ide, suppression_edits};
use lsp_types as lsp;
use serde::{Deserialize, Serialize};

use super::{HandlerError, Result, key};
use crate::capabilities::FIX_ALL_KIND;
use crate::convert;
use crate::session::{Session, other_document};
use crate::to_proto;

/// The title of the fix-all action.
const FIX_ALL_TITLE: &str = "Fix all dockwarden findings that have a safe fix";
const FIX_ALL_UNSAFE_TITLE: &str = "Fix all dockwarden findings (unsafe fixes included)";

/// What a lazily resolved action carries to be computed later.
#[derive(Serialize, Deserialize, Debug)]
struct ResolveData {
    uri: lsp::Uri,
    version: i32,
}

pub fn code_action(
    session: &mut Session,
    params: lsp::CodeActionParams,
) -> Result<Option<lsp::CodeActionResponse>> {
    let key = key(&params.text_document.uri);
    let Some(analysis) = session.analysis(&key) else { return Ok(None) };
    let Some(document) = session.documents.get(&key) else { return Ok(None) };
    let Some(file) = &document.file else { return Ok(None) };
    let features = &session.features;
    let view = document.view(features);
    let documents = &session.documents;
    let other = |path: &Path| other_document(documents, path);
    let range = convert::text_range(&document.document, params.range, features.encoding);
    let only = params.context.only.unwrap_or_default();
    let wants = |kind: &lsp::CodeActionKind| {
        only.is_empty()
            || only.iter().any(|wanted| {
                kind.as_str() == wanted.as_str()
                    || kind.as_str().starts_with(&format!("{}.", wanted.as_str()))
            })
    };
    let mut actions = Vec::new();
    let mut ignored_in_file: Vec<&str> = Vec::new();
    let action = |title: String,
                  kind: lsp::CodeActionKind,
                  diagnostic: Option<lsp::Diagnostic>,
                  fix: &Fix,
                  preferred: bool| {
        let edit = to_proto::fix_edit(&view, fix, &other)?;
        Some(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
            title,
            kind: Some(kind),
            diagnostics: diagnostic.map(|diagnostic| vec![diagnostic]),
            edit: Some(edit),
            is_preferred: preferred.then_some(true),
            ..lsp::CodeAction::default()
        }))
    };
    if wants(&lsp::CodeActionKind::QUICKFIX) {
        for diagnostic in
            analysis.diagnostics.iter().filter(|diagnostic| diagnostic.range.intersects(range))
        {
            let lsp_diagnostic = to_proto::diagnostic(&view, diagnostic, &other);
            let preferred = diagnostic.preferred_fix();
            for fix in &diagnostic.fixes {
                let is_preferred = preferred.is_some_and(|preferred| std::ptr::eq(preferred, fix));
                actions.extend(action(
                    fix.title.clone(),
                    lsp::CodeActionKind::QUICKFIX,
                    Some(lsp_diagnostic.clone()),
                    fix,
                    is_preferred,
                ));
            }
            if let Some(fix) = suppression_edits::ignore_on_line(file, diagnostic) {
                actions.extend(action(
                    fix.title.clone(),
                    lsp::CodeActionKind::QUICKFIX,
                    Some(lsp_diagnostic.clone()),
                    &fix,
                    false,
                ));
            }
            if !ignored_in_file.contains(&diagnostic.rule.code) {
                ignored_in_file.push(diagnostic.rule.code);
                let fix = suppression_edits::ignore_in_file(file, diagnostic.rule.code);
                actions.extend(action(
                    fix.title.clone(),
                    lsp::CodeActionKind::QUICKFIX,
                    Some(lsp_diagnostic),
                    &fix,
                    false,
                ));
            }
        }
    }
    if wants(&lsp::CodeActionKind::REFACTOR_REWRITE) {
        for fix in ide::refactors(file, range) {
            actions.extend(action(
                fix.title.clone(),
                lsp::CodeActionKind::REFACTOR_REWRITE,
                None,
                &fix,
                false,
            ));
        }
    }
    let fix_all_kind = lsp::CodeActionKind::new(FIX_ALL_KIND);
    let unsafe_fixes = analysis.settings.unsafe_fixes;
    let anything_to_fix = analysis.diagnostics.iter().any(|diagnostic| {
        diagnostic.fixes.iter().any(|fix| {
            fix.applicability.allowed_in_bulk(unsafe_fixes) && fix.side_file_edits.is_empty()
        })
    });
    if wants(&fix_all_kind) && anything_to_fix {
        let title = if unsafe_fixes { FIX_ALL_UNSAFE_TITLE } else { FIX_ALL_TITLE }.to_owned();
        let mut fix_all_action =
            lsp::CodeAction { title, kind: Some(fix_all_kind), ..lsp::CodeAction::default() };
        let data = ResolveData { uri: document.uri.clone(), version: document.version };
        if features.resolve_code_action_edits {
            fix_all_action.data = serde_json::to_value(data).ok();
        } else {
            fix_all_action.edit = Some(fix_all_edit(session, &key)?);
        }
        actions.push(lsp::CodeActionOrCommand::CodeAction(fix_all_action));
    }
    Ok(Some(actions))
}

/// Fills in a lazily resolved action's edit.
pub fn resolve(session: &mut Session, mut action: lsp::CodeAction) -> Result<lsp::CodeAction> {
    let Some(data) = action.data.take() else { return Ok(action) };
    let data: ResolveData = serde_json::from_value(data).map_err(|error| {
        HandlerError::invalid_params(format!("not an action of dockwarden: {error}"))
    })?;
    let key = key(&data.uri);
    let current = session.documents.get(&key).map(|document| document.version);
    if current != Some(data.version) {
        return Err(HandlerError::content_modified(
            "the document changed since the action was offered",
        ));
    }
    action.edit = Some(fix_all_edit(session, &key)?);
    Ok(action)
}

/// Fix-all's result as one edit of the document.
fn fix_all_edit(session: &mut Session, key: &str) -> Result<lsp::WorkspaceEdit> {
    let analysis = session
        .analysis(key)
        .ok_or_else(|| HandlerError::invalid_params("not a checked document"))?;
    let document =
        session.documents.get(key).ok_or_else(|| HandlerError::invalid_params("not open"))?;
    let file = document
        .file
        .as_ref()
        .ok_or_else(|| HandlerError::invalid_params("not a checked document"))?;
    let outcome = fix_all(
        file.language(),
        file.text(),
        &analysis.settings,
        &analysis.side_files,
        analysis.settings.unsafe_fixes,
    );
    if !outcome.converged {
        tracing::warn!("fix-all did not settle on {key} after {} rounds", outcome.rounds);
    }
    let edits: Vec<_> = minimal_edit(file.text(), &outcome.text).into_iter().collect();
    let fix = Fix::safe("fix all", edits);
    let documents = &session.documents;
    let other = |path: &Path| other_document(documents, path);
    to_proto::fix_edit(&document.view(&session.features), &fix, &other)
        .ok_or_else(|| HandlerError::invalid_params("fix-all edits only this document"))
}
