//! Hover, completion, document symbols, go to definition and folding: each
//! converts the position, asks [`dockwarden_analysis::ide`], converts back.

use lsp_types as lsp;

use super::{Result, key};
use crate::convert;
use crate::session::Session;
use crate::to_proto;

pub fn hover(session: &mut Session, params: lsp::HoverParams) -> Result<Option<lsp::Hover>> {
    let place = params.text_document_position_params;
    let key = key(&place.text_document.uri);
    let Some(analysis) = session.analysis(&key) else { return Ok(None) };
    let Some(document) = session.documents.get(&key) else { return Ok(None) };
    let Some(file) = &document.file else { return Ok(None) };
    let offset = convert::offset(&document.document, place.position, session.features.encoding);
    let found = dockwarden_analysis::ide::hover(file, &analysis.diagnostics, offset);
    Ok(found.map(|found| to_proto::hover(&document.view(&session.features), found)))
}

pub fn completion(
    session: &mut Session,
    params: lsp::CompletionParams,
) -> Result<Option<lsp::CompletionResponse>> {
    let place = params.text_document_position;
    let Some(document) = session.documents.get(&key(&place.text_document.uri)) else {
        return Ok(None);
    };
    let Some(file) = &document.file else { return Ok(None) };
    let offset = convert::offset(&document.document, place.position, session.features.encoding);
    let view = document.view(&session.features);
    let items: Vec<_> = dockwarden_analysis::ide::completions(file, offset)
        .into_iter()
        .map(|completion| to_proto::completion(&view, completion))
        .collect();
    Ok(Some(lsp::CompletionResponse::Array(items)))
}

pub fn document_symbols(
    session: &mut Session,
    params: lsp::DocumentSymbolParams,
) -> Result<Option<lsp::DocumentSymbolResponse>> {
    let Some(document) = session.documents.get(&key(&params.text_document.uri)) else {
        return Ok(None);
    };
    let Some(file) = &document.file else { return Ok(None) };
    let symbols = dockwarden_analysis::ide::symbols(file);
    Ok(Some(to_proto::symbols(&document.view(&session.features), symbols)))
}

pub fn definition(
    session: &mut Session,
    params: lsp::GotoDefinitionParams,
) -> Result<Option<lsp::GotoDefinitionResponse>> {
    let place = params.text_document_position_params;
    let Some(document) = session.documents.get(&key(&place.text_document.uri)) else {
        return Ok(None);
    };
    let Some(file) = &document.file else { return Ok(None) };
    let offset = convert::offset(&document.document, place.position, session.features.encoding);
    let target = dockwarden_analysis::ide::definition(file, offset);
    Ok(target.map(|target| to_proto::definition(&document.view(&session.features), target)))
}

pub fn folding_ranges(
    session: &mut Session,
    params: lsp::FoldingRangeParams,
) -> Result<Option<Vec<lsp::FoldingRange>>> {
    let Some(document) = session.documents.get(&key(&params.text_document.uri)) else {
        return Ok(None);
    };
    let Some(file) = &document.file else { return Ok(None) };
    let view = document.view(&session.features);
    Ok(Some(
        dockwarden_analysis::ide::folds(file)
            .into_iter()
            .map(|fold| to_proto::fold(&view, fold))
            .collect(),
    ))
}
