//! Editor features for Dockerfiles: what the instructions and flags mean
//! (hover), what may be typed next (completion), the outline (symbols),
//! where names are defined (definition), folding, and refactors.

pub mod completion;
pub mod definition;
pub mod folding;
pub mod hover;
pub mod refactors;
pub mod symbols;

use crate::dockerfile::model::{Base, Model, arg_declarations};
use crate::dockerfile::syntax::{Instruction, Keyword, NodeRef, Parse};
use crate::text::TextRange;

/// The node holding `offset`; the last node for the end of the text.
pub(crate) fn node_at(parse: &Parse, offset: u32) -> Option<NodeRef<'_>> {
    let mut last = None;
    for node in parse.nodes() {
        if node.range().contains(offset) {
            return Some(node);
        }
        last = Some(node);
    }
    last.filter(|node| node.range().end == offset)
}

/// The names an ARG or ENV instruction declares, with their source ranges.
pub(crate) fn declarations(instruction: &Instruction<'_>) -> Vec<(String, TextRange)> {
    match instruction.keyword() {
        Keyword::Arg => arg_declarations(instruction, 0)
            .into_iter()
            .map(|arg| (arg.name, arg.name_range))
            .collect(),
        Keyword::Env => {
            let words = instruction.quoted_words();
            match words.first() {
                // The legacy form `ENV NAME value...`.
                Some((first, range)) if !first.contains('=') => {
                    vec![((*first).to_owned(), instruction.to_source(*range))]
                }
                _ => words
                    .iter()
                    .filter_map(|(word, range)| {
                        let (name, _) = word.split_once('=')?;
                        let name_range = TextRange::at(range.start, name.len());
                        Some((name.to_owned(), instruction.to_source(name_range)))
                    })
                    .collect(),
            }
        }
        _ => Vec::new(),
    }
}

/// The index of the instruction that starts at `start` in a model.
pub(crate) fn instruction_index(model: &Model<'_>, instruction: &Instruction<'_>) -> Option<usize> {
    let start = instruction.range().start;
    model.instructions.iter().position(|candidate| candidate.range().start == start)
}

/// The variables visible to the instruction at `index`, latest declaration
/// last: for a FROM line the ARGs before the first FROM; inside a stage,
/// the ENV of the stages it builds on, then the ARGs and ENVs of the stage
/// above the instruction.
pub(crate) fn variables_in_scope(model: &Model<'_>, index: usize) -> Vec<Declaration> {
    let instruction = &model.instructions[index];
    let Some(stage) = model.stage_of(index) else {
        return model
            .global_args
            .iter()
            .filter(|arg| arg.instruction < index)
            .map(|arg| Declaration::new(arg.name.clone(), arg.name_range, arg.instruction, model))
            .collect();
    };
    if instruction.keyword() == Keyword::From {
        return model
            .global_args
            .iter()
            .map(|arg| Declaration::new(arg.name.clone(), arg.name_range, arg.instruction, model))
            .collect();
    }
    let mut chain = vec![stage];
    let mut current = stage;
    while let Base::Stage(parent) = current.base {
        if parent >= current.index {
            break;
        }
        current = &model.stages[parent];
        chain.push(current);
    }
    let mut found = Vec::new();
    for ancestor in chain.iter().skip(1).rev() {
        for position in ancestor.from + 1..ancestor.end {
            if model.instructions[position].keyword() == Keyword::Env {
                for (name, range) in declarations(&model.instructions[position]) {
                    found.push(Declaration::new(name, range, position, model));
                }
            }
        }
    }
    for position in stage.from + 1..index {
        for (name, range) in declarations(&model.instructions[position]) {
            found.push(Declaration::new(name, range, position, model));
        }
    }
    found
}

/// A variable declaration: its name, where, and by which instruction.
#[derive(Clone, PartialEq, Eq, Debug)]
pub(crate) struct Declaration {
    pub name: String,
    pub name_range: TextRange,
    pub keyword: Keyword,
    /// The declaring instruction's range.
    pub instruction_range: TextRange,
}

impl Declaration {
    fn new(name: String, name_range: TextRange, index: usize, model: &Model<'_>) -> Declaration {
        let instruction = &model.instructions[index];
        Declaration {
            name,
            name_range,
            keyword: instruction.keyword(),
            instruction_range: instruction.header_range(),
        }
    }
}
