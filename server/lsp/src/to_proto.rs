//! Analysis values as LSP values: diagnostics, edits, hovers, completions,
//! symbols, definitions and folds. Positions go through [`crate::convert`];
//! nothing here decides what to show.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use dockwarden_analysis::diagnostic::SideFileEdit;
use dockwarden_analysis::ide::{self, CompletionKind, FoldKind, SymbolKind};
use dockwarden_analysis::text::{Document, PositionEncoding};
use dockwarden_analysis::{Diagnostic, Fix, Severity, Tag, TextEdit};
use lsp_types as lsp;

use crate::capabilities::ClientFeatures;
use crate::convert;
use crate::uri;

/// The name diagnostics carry as their source.
pub const SOURCE: &str = "dockwarden";

/// What converting a document's values needs.
#[derive(Clone, Copy, Debug)]
pub struct DocumentView<'a> {
    pub uri: &'a lsp::Uri,
    pub path: Option<&'a Path>,
    pub document: &'a Document,
    pub version: i32,
    pub features: &'a ClientFeatures,
}

impl DocumentView<'_> {
    fn encoding(&self) -> PositionEncoding {
        self.features.encoding
    }

    pub fn range(&self, range: dockwarden_analysis::TextRange) -> lsp::Range {
        convert::range(self.document, range, self.encoding())
    }

    fn folder(&self) -> Option<&Path> {
        self.path.and_then(Path::parent)
    }
}

/// Severity as editors show it: critical and high are errors, medium
/// warnings, low information and info hints.
pub fn severity(severity: Severity) -> lsp::DiagnosticSeverity {
    match severity {
        Severity::Critical | Severity::High => lsp::DiagnosticSeverity::ERROR,
        Severity::Medium => lsp::DiagnosticSeverity::WARNING,
        Severity::Low => lsp::DiagnosticSeverity::INFORMATION,
        Severity::Info => lsp::DiagnosticSeverity::HINT,
    }
}

/// A diagnostic. `other_file` gives the text of a file beside this one, for
/// related places in it.
pub fn diagnostic(
    view: &DocumentView<'_>,
    diagnostic: &Diagnostic,
    other_file: &dyn Fn(&Path) -> Option<Document>,
) -> lsp::Diagnostic {
    let related = view.features.related_information.then(|| {
        diagnostic
            .related
            .iter()
            .filter_map(|related| {
                let location = match &related.relative_path {
                    None => lsp::Location::new(view.uri.clone(), view.range(related.range)),
                    Some(relative) => {
                        let path = crate::workspace::join_normalized(view.folder()?, relative);
                        let uri = uri::from_path(&path)?;
                        let range = other_file(&path)
                            .map(|document| {
                                convert::range(&document, related.range, view.encoding())
                            })
                            .unwrap_or_default();
                        lsp::Location::new(uri, range)
                    }
                };
                Some(lsp::DiagnosticRelatedInformation {
                    location,
                    message: related.message.clone(),
                })
            })
            .collect::<Vec<_>>()
    });
    let tags: Vec<lsp::DiagnosticTag> = diagnostic
        .tags
        .iter()
        .map(|tag| match tag {
            Tag::Unnecessary => lsp::DiagnosticTag::UNNECESSARY,
            Tag::Deprecated => lsp::DiagnosticTag::DEPRECATED,
        })
        .collect();
    lsp::Diagnostic {
        range: view.range(diagnostic.range),
        severity: Some(severity(diagnostic.severity)),
        code: Some(lsp::NumberOrString::String(diagnostic.rule.code.to_owned())),
        code_description: lsp::Uri::from_str(&diagnostic.rule.url())
            .ok()
            .map(|href| lsp::CodeDescription { href }),
        source: Some(SOURCE.to_owned()),
        message: diagnostic.message.clone(),
        related_information: related.filter(|related| !related.is_empty()),
        tags: (!tags.is_empty()).then_some(tags),
        data: None,
    }
}

/// A fix as a workspace edit: its edits to this document (at this version
/// when the client takes versioned document changes) and to side files,
/// created when the fix says so. `None` when the client cannot take part
/// of it (a file to create without resource operations): half a fix would
/// leave the files inconsistent.
pub fn fix_edit(
    view: &DocumentView<'_>,
    fix: &Fix,
    other_file: &dyn Fn(&Path) -> Option<Document>,
) -> Option<lsp::WorkspaceEdit> {
    let mut files: Vec<(lsp::Uri, Option<i32>, Vec<lsp::TextEdit>, bool)> = Vec::new();
    let own: Vec<lsp::TextEdit> =
        fix.edits.iter().map(|edit| text_edit(view.document, edit, view.encoding())).collect();
    files.push((view.uri.clone(), Some(view.version), own, false));
    for side in &fix.side_file_edits {
        files.push(side_file_edit(view, side, other_file)?);
    }
    if view.features.workspace_edit_document_changes {
        let mut operations = Vec::new();
        for (uri, version, edits, create) in files {
            if create {
                operations.push(lsp::DocumentChangeOperation::Op(lsp::ResourceOp::Create(
                    lsp::CreateFile {
                        uri: uri.clone(),
                        options: Some(lsp::CreateFileOptions {
                            overwrite: Some(false),
                            ignore_if_exists: Some(true),
                        }),
                        annotation_id: None,
                    },
                )));
            }
            operations.push(lsp::DocumentChangeOperation::Edit(lsp::TextDocumentEdit {
                text_document: lsp::OptionalVersionedTextDocumentIdentifier { uri, version },
                edits: edits.into_iter().map(lsp::OneOf::Left).collect(),
            }));
        }
        Some(lsp::WorkspaceEdit {
            document_changes: Some(lsp::DocumentChanges::Operations(operations)),
            ..lsp::WorkspaceEdit::default()
        })
    } else {
        #[allow(
            clippy::mutable_key_type,
            reason = "lsp-types' Uri caches parsed parts inside; its hash and equality use only the text"
        )]
        let mut changes: HashMap<lsp::Uri, Vec<lsp::TextEdit>> = HashMap::new();
        for (uri, _, edits, _) in files {
            changes.entry(uri).or_default().extend(edits);
        }
        Some(lsp::WorkspaceEdit { changes: Some(changes), ..lsp::WorkspaceEdit::default() })
    }
}

/// One text edit of a document.
pub fn text_edit(
    document: &Document,
    edit: &TextEdit,
    encoding: PositionEncoding,
) -> lsp::TextEdit {
    lsp::TextEdit {
        range: convert::range(document, edit.range, encoding),
        new_text: edit.new_text.clone(),
    }
}

type FileEdits = (lsp::Uri, Option<i32>, Vec<lsp::TextEdit>, bool);

fn side_file_edit(
    view: &DocumentView<'_>,
    side: &SideFileEdit,
    other_file: &dyn Fn(&Path) -> Option<Document>,
) -> Option<FileEdits> {
    let path: PathBuf = crate::workspace::join_normalized(view.folder()?, &side.relative_path);
    let uri = uri::from_path(&path)?;
    let existing = other_file(&path);
    // A file that does not exist yet is created, when the fix may and the
    // client can; otherwise the fix's edits to it cannot be offered.
    let create = existing.is_none();
    if create
        && !(side.create
            && view.features.create_files
            && view.features.workspace_edit_document_changes)
    {
        return None;
    }
    let document = existing.unwrap_or_default();
    let edits = side.edits.iter().map(|edit| text_edit(&document, edit, view.encoding())).collect();
    Some((uri, None, edits, create))
}

pub fn hover(view: &DocumentView<'_>, hover: ide::Hover) -> lsp::Hover {
    let kind = if view.features.markdown_hover {
        lsp::MarkupKind::Markdown
    } else {
        lsp::MarkupKind::PlainText
    };
    lsp::Hover {
        contents: lsp::HoverContents::Markup(lsp::MarkupContent { kind, value: hover.markdown }),
        range: Some(view.range(hover.range)),
    }
}

pub fn completion(view: &DocumentView<'_>, completion: ide::Completion) -> lsp::CompletionItem {
    let kind = match completion.kind {
        CompletionKind::Keyword => lsp::CompletionItemKind::KEYWORD,
        CompletionKind::Flag => lsp::CompletionItemKind::PROPERTY,
        CompletionKind::Stage => lsp::CompletionItemKind::MODULE,
        CompletionKind::Variable => lsp::CompletionItemKind::VARIABLE,
        CompletionKind::Capability => lsp::CompletionItemKind::ENUM_MEMBER,
        CompletionKind::Reference => lsp::CompletionItemKind::REFERENCE,
    };
    lsp::CompletionItem {
        label: completion.label,
        kind: Some(kind),
        detail: completion.detail,
        documentation: completion.documentation.map(|value| {
            lsp::Documentation::MarkupContent(lsp::MarkupContent {
                kind: lsp::MarkupKind::Markdown,
                value,
            })
        }),
        text_edit: Some(lsp::CompletionTextEdit::Edit(lsp::TextEdit {
            range: view.range(completion.replace),
            new_text: completion.insert,
        })),
        ..lsp::CompletionItem::default()
    }
}

fn symbol_kind(kind: SymbolKind) -> lsp::SymbolKind {
    match kind {
        SymbolKind::Stage => lsp::SymbolKind::MODULE,
        SymbolKind::Instruction => lsp::SymbolKind::FUNCTION,
        SymbolKind::Variable => lsp::SymbolKind::VARIABLE,
        SymbolKind::Service => lsp::SymbolKind::CLASS,
        SymbolKind::Network => lsp::SymbolKind::INTERFACE,
        SymbolKind::Volume => lsp::SymbolKind::STRUCT,
        SymbolKind::Secret => lsp::SymbolKind::KEY,
        SymbolKind::Config => lsp::SymbolKind::OBJECT,
    }
}

/// The outline, nested when the client shows nesting, flat otherwise.
pub fn symbols(view: &DocumentView<'_>, symbols: Vec<ide::Symbol>) -> lsp::DocumentSymbolResponse {
    if view.features.hierarchical_symbols {
        return lsp::DocumentSymbolResponse::Nested(
            symbols.into_iter().map(|symbol| nested_symbol(view, symbol)).collect(),
        );
    }
    let mut flat = Vec::new();
    flatten(view, symbols, None, &mut flat);
    lsp::DocumentSymbolResponse::Flat(flat)
}

#[allow(deprecated, reason = "lsp-types requires the deprecated field to be written")]
fn nested_symbol(view: &DocumentView<'_>, symbol: ide::Symbol) -> lsp::DocumentSymbol {
    lsp::DocumentSymbol {
        name: symbol.name,
        detail: symbol.detail,
        kind: symbol_kind(symbol.kind),
        tags: None,
        deprecated: None,
        range: view.range(symbol.range),
        selection_range: view.range(symbol.selection_range),
        children: Some(
            symbol.children.into_iter().map(|child| nested_symbol(view, child)).collect(),
        ),
    }
}

#[allow(deprecated, reason = "lsp-types requires the deprecated field to be written")]
fn flatten(
    view: &DocumentView<'_>,
    symbols: Vec<ide::Symbol>,
    container: Option<&str>,
    out: &mut Vec<lsp::SymbolInformation>,
) {
    for symbol in symbols {
        out.push(lsp::SymbolInformation {
            name: symbol.name.clone(),
            kind: symbol_kind(symbol.kind),
            tags: None,
            deprecated: None,
            location: lsp::Location::new(view.uri.clone(), view.range(symbol.range)),
            container_name: container.map(str::to_owned),
        });
        flatten(view, symbol.children, Some(&symbol.name), out);
    }
}

pub fn definition(view: &DocumentView<'_>, target: ide::Target) -> lsp::GotoDefinitionResponse {
    if view.features.definition_links {
        return lsp::GotoDefinitionResponse::Link(vec![lsp::LocationLink {
            origin_selection_range: Some(view.range(target.origin)),
            target_uri: view.uri.clone(),
            target_range: view.range(target.range),
            target_selection_range: view.range(target.selection_range),
        }]);
    }
    lsp::GotoDefinitionResponse::Scalar(lsp::Location::new(
        view.uri.clone(),
        view.range(target.selection_range),
    ))
}

pub fn fold(view: &DocumentView<'_>, fold: ide::Fold) -> lsp::FoldingRange {
    let range = view.range(fold.range);
    lsp::FoldingRange {
        start_line: range.start.line,
        start_character: None,
        end_line: range.end.line,
        end_character: None,
        kind: Some(match fold.kind {
            FoldKind::Region => lsp::FoldingRangeKind::Region,
            FoldKind::Comment => lsp::FoldingRangeKind::Comment,
        }),
        collapsed_text: None,
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use dockwarden_analysis::diagnostic::Related;
    use dockwarden_analysis::{Diagnostic, Severity, Tag, TextRange};

    use super::*;

    #[test]
    fn diagnostics_carry_severity_tags_and_related_places_in_other_files() {
        let rule = dockwarden_analysis::registry::RULES[0].meta;
        let features = ClientFeatures { related_information: true, ..ClientFeatures::default() };
        let uri = lsp::Uri::from_str("file:///project/compose.yaml").unwrap();
        let document = Document::new("services:\n  web:\n    build: ./app\n");
        let view = DocumentView {
            uri: &uri,
            path: Some(Path::new("/project/compose.yaml")),
            document: &document,
            version: 3,
            features: &features,
        };
        let mut finding = Diagnostic::new(rule, TextRange::new(21, 26), "message")
            .with_tag(Tag::Unnecessary)
            .with_tag(Tag::Deprecated)
            .with_related(TextRange::new(0, 8), "here");
        finding.related.push(Related {
            relative_path: Some("app/Dockerfile".to_owned()),
            range: TextRange::new(5, 11),
            message: "the Dockerfile it builds".to_owned(),
        });
        let dockerfile = |path: &Path| {
            assert_eq!(path, Path::new("/project/app/Dockerfile"));
            Some(Document::new("FROM alpine\n"))
        };
        let converted = diagnostic(&view, &finding, &dockerfile);
        assert_eq!(
            converted.range,
            lsp::Range::new(lsp::Position::new(2, 4), lsp::Position::new(2, 9))
        );
        assert_eq!(
            converted.tags,
            Some(vec![lsp::DiagnosticTag::UNNECESSARY, lsp::DiagnosticTag::DEPRECATED])
        );
        let related = converted.related_information.unwrap();
        assert_eq!(related[0].location.uri, uri);
        assert_eq!(related[1].location.uri.as_str(), "file:///project/app/Dockerfile");
        assert_eq!(
            related[1].location.range,
            lsp::Range::new(lsp::Position::new(0, 5), lsp::Position::new(0, 11))
        );
        // A client without related information gets none.
        let plain = ClientFeatures::default();
        let view = DocumentView { features: &plain, ..view };
        assert!(diagnostic(&view, &finding, &dockerfile).related_information.is_none());
    }

    #[test]
    fn severities_map_to_the_editor_s_four() {
        assert_eq!(severity(Severity::Critical), lsp::DiagnosticSeverity::ERROR);
        assert_eq!(severity(Severity::High), lsp::DiagnosticSeverity::ERROR);
        assert_eq!(severity(Severity::Medium), lsp::DiagnosticSeverity::WARNING);
        assert_eq!(severity(Severity::Low), lsp::DiagnosticSeverity::INFORMATION);
        assert_eq!(severity(Severity::Info), lsp::DiagnosticSeverity::HINT);
    }
}
