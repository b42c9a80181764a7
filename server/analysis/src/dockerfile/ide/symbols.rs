//! The outline of a Dockerfile: the ARGs before the first FROM, then each
//! stage with its instructions.

use super::declarations;
use crate::dockerfile::model::Model;
use crate::dockerfile::syntax::{Instruction, Keyword, Parse};
use crate::ide::{Symbol, SymbolKind};

/// How much of an instruction's arguments a symbol shows.
const DETAIL_CHARS: usize = 60;

pub fn symbols(parse: &Parse) -> Vec<Symbol> {
    let model = Model::new(parse);
    let mut symbols = Vec::new();
    let first_stage = model.stages.first().map_or(model.instructions.len(), |stage| stage.from);
    for instruction in &model.instructions[..first_stage] {
        symbols.extend(variable_symbols(instruction));
    }
    for stage in &model.stages {
        let from = &model.instructions[stage.from];
        let last = &model.instructions[stage.end - 1];
        let name = match &stage.name {
            Some(name) => name.clone(),
            None => format!("stage {}", stage.index),
        };
        let children =
            model.instructions[stage.from + 1..stage.end].iter().map(instruction_symbol).collect();
        symbols.push(Symbol {
            name,
            detail: Some(format!("FROM {}", stage.base_text)),
            kind: SymbolKind::Stage,
            range: from.range().cover(last.range()),
            selection_range: stage.name_range.unwrap_or_else(|| from.keyword_range()),
            children,
        });
    }
    symbols
}

fn instruction_symbol(instruction: &Instruction<'_>) -> Symbol {
    let arguments = instruction.arguments().trim();
    let detail = if arguments.chars().count() > DETAIL_CHARS {
        let cut: String = arguments.chars().take(DETAIL_CHARS).collect();
        format!("{cut}…")
    } else {
        arguments.to_owned()
    };
    let keyword = match instruction.keyword() {
        Keyword::Unknown => instruction.keyword_text().to_owned(),
        keyword => keyword.as_str().to_owned(),
    };
    Symbol {
        name: keyword,
        detail: Some(detail).filter(|detail| !detail.is_empty()),
        kind: SymbolKind::Instruction,
        range: instruction.range(),
        selection_range: instruction.keyword_range(),
        children: variable_symbols(instruction),
    }
}

/// The variables an ARG or ENV declares.
fn variable_symbols(instruction: &Instruction<'_>) -> Vec<Symbol> {
    declarations(instruction)
        .into_iter()
        .map(|(name, range)| Symbol {
            name,
            detail: Some(instruction.keyword().as_str().to_owned()),
            kind: SymbolKind::Variable,
            range: instruction.range(),
            selection_range: range,
            children: Vec::new(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_hold_their_instructions() {
        let text = "ARG V=1\nFROM golang AS build\nRUN go build\nFROM alpine\nENV A=1 B=2\n";
        let found = symbols(&Parse::new(text));
        let names: Vec<&str> = found.iter().map(|symbol| symbol.name.as_str()).collect();
        assert_eq!(names, ["V", "build", "stage 1"]);
        assert_eq!(found[1].children[0].name, "RUN");
        assert_eq!(found[1].children[0].detail.as_deref(), Some("go build"));
        let env = &found[2].children[0];
        let variables: Vec<&str> = env.children.iter().map(|symbol| symbol.name.as_str()).collect();
        assert_eq!(variables, ["A", "B"]);
        for symbol in &found {
            assert!(symbol.range.contains_range(symbol.selection_range), "{symbol:?}");
        }
    }
}
