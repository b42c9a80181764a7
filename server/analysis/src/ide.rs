//! Editor features over a [`SourceFile`]: hover, completion, symbols, go to
//! definition, folding and refactors, as plain values with byte ranges.
//! Each language answers in its own `ide` folder; this module only routes.
//! The language server turns these values into LSP ones and decides nothing.

use crate::diagnostic::{Diagnostic, Fix};
use crate::source_file::SourceFile;
use crate::text::TextRange;

/// What to show when the pointer rests on a place.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Hover {
    /// The span the text is about, highlighted by editors.
    pub range: TextRange,
    pub markdown: String,
}

/// What a completion inserts.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum CompletionKind {
    /// An instruction keyword or a Compose key.
    Keyword,
    /// An instruction flag.
    Flag,
    /// A build stage's name.
    Stage,
    /// An ARG, ENV or interpolated variable.
    Variable,
    /// A Linux capability name.
    Capability,
    /// Something the file declares elsewhere (a network, volume, secret or
    /// service name).
    Reference,
}

/// One completion: `insert` replaces `replace` (the partial word typed).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Completion {
    pub label: String,
    pub kind: CompletionKind,
    /// One short line beside the label.
    pub detail: Option<String>,
    pub documentation: Option<String>,
    pub replace: TextRange,
    pub insert: String,
}

/// What a symbol stands for.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum SymbolKind {
    Stage,
    Instruction,
    Variable,
    Service,
    Network,
    Volume,
    Secret,
    Config,
}

/// An outline entry.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Symbol {
    pub name: String,
    pub detail: Option<String>,
    pub kind: SymbolKind,
    /// All of it.
    pub range: TextRange,
    /// The part to select when jumping to it (its name).
    pub selection_range: TextRange,
    pub children: Vec<Symbol>,
}

/// Where go to definition lands.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Target {
    /// The place the definition was asked from (the reference), which
    /// editors underline.
    pub origin: TextRange,
    /// The whole definition.
    pub range: TextRange,
    /// Its name.
    pub selection_range: TextRange,
}

/// What a folding range folds.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum FoldKind {
    Region,
    Comment,
}

/// A span an editor may fold; it runs from the line holding `range.start`
/// to the line holding `range.end`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Fold {
    pub range: TextRange,
    pub kind: FoldKind,
}

/// Hover at `offset`: the explanation of each finding there (from its
/// rule's documentation), then what the syntax under the pointer means.
pub fn hover(file: &SourceFile, diagnostics: &[Diagnostic], offset: u32) -> Option<Hover> {
    let mut sections = Vec::new();
    let mut range: Option<TextRange> = None;
    let mut seen = Vec::new();
    for diagnostic in diagnostics {
        let covers = diagnostic.range.contains(offset)
            || (diagnostic.range.is_empty() && diagnostic.range.start == offset);
        if !covers || seen.contains(&diagnostic.rule.code) {
            continue;
        }
        seen.push(diagnostic.rule.code);
        sections.push(format!(
            "**{} {}**: {}\n\n{}",
            diagnostic.rule.code,
            diagnostic.rule.name,
            diagnostic.message,
            diagnostic.rule.markdown()
        ));
        range = Some(range.map_or(diagnostic.range, |range| range.cover(diagnostic.range)));
    }
    let syntax = match file {
        SourceFile::Dockerfile(parse) => crate::dockerfile::ide::hover::hover(parse, offset),
        SourceFile::Compose(file) => crate::compose::ide::hover::hover(file, offset),
    };
    if let Some(syntax) = syntax {
        sections.push(syntax.markdown);
        range = Some(range.map_or(syntax.range, |range| range.cover(syntax.range)));
    }
    let range = range?;
    Some(Hover { range, markdown: sections.join("\n\n---\n\n") })
}

/// Completions at `offset`.
pub fn completions(file: &SourceFile, offset: u32) -> Vec<Completion> {
    match file {
        SourceFile::Dockerfile(parse) => {
            crate::dockerfile::ide::completion::completions(parse, offset)
        }
        SourceFile::Compose(file) => crate::compose::ide::completion::completions(file, offset),
    }
}

/// The outline of the file.
pub fn symbols(file: &SourceFile) -> Vec<Symbol> {
    match file {
        SourceFile::Dockerfile(parse) => crate::dockerfile::ide::symbols::symbols(parse),
        SourceFile::Compose(file) => crate::compose::ide::symbols::symbols(file),
    }
}

/// Where the thing referenced at `offset` is defined.
pub fn definition(file: &SourceFile, offset: u32) -> Option<Target> {
    match file {
        SourceFile::Dockerfile(parse) => {
            crate::dockerfile::ide::definition::definition(parse, offset)
        }
        SourceFile::Compose(file) => crate::compose::ide::definition::definition(file, offset),
    }
}

/// The spans an editor may fold.
pub fn folds(file: &SourceFile) -> Vec<Fold> {
    match file {
        SourceFile::Dockerfile(parse) => crate::dockerfile::ide::folding::folds(parse),
        SourceFile::Compose(file) => crate::compose::ide::folding::folds(file),
    }
}

/// Rewrites offered in `range` that fix no finding (an editor's
/// `refactor.rewrite` actions). Each language adds its own; the rule
/// catalog adds the heavy ones (splitting a build into stages).
pub fn refactors(file: &SourceFile, range: TextRange) -> Vec<Fix> {
    match file {
        SourceFile::Dockerfile(parse) => crate::dockerfile::ide::refactors::refactors(parse, range),
        SourceFile::Compose(_) => Vec::new(),
    }
}
