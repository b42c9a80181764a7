//! Go to definition in a Dockerfile: a stage named by a FROM or a
//! `--from`, and the ARG or ENV that gives a variable its value.

use super::{instruction_index, node_at, variables_in_scope};
use crate::dockerfile::model::{Base, Model, ReferenceTarget};
use crate::dockerfile::syntax::Parse;
use crate::ide::Target;
use crate::text::{TextRange, to_u32};

/// Where the stage or variable referenced at `offset` is defined.
pub fn definition(parse: &Parse, offset: u32) -> Option<Target> {
    let model = Model::new(parse);
    let touches = |range: TextRange| range.contains(offset) || range.end == offset;
    for stage in &model.stages {
        if let Base::Stage(parent) = stage.base
            && touches(stage.base_range)
        {
            return Some(stage_target(&model, parent, stage.base_range));
        }
    }
    for reference in model.source_references() {
        if let ReferenceTarget::Stage(target) = reference.target
            && touches(reference.range)
        {
            return Some(stage_target(&model, target, reference.range));
        }
    }
    let instruction = node_at(parse, offset)?.instruction()?;
    let index = instruction_index(&model, &instruction)?;
    let logical = TextRange::new(0, to_u32(instruction.logical_text().len()));
    let reference = instruction
        .variable_references(logical)
        .into_iter()
        .find(|reference| touches(instruction.to_source(reference.range)))?;
    let name = instruction.logical_slice(reference.name);
    let declaration = variables_in_scope(&model, index)
        .into_iter()
        .rev()
        .find(|declaration| declaration.name == name)?;
    Some(Target {
        origin: instruction.to_source(reference.range),
        range: declaration.instruction_range,
        selection_range: declaration.name_range,
    })
}

fn stage_target(model: &Model<'_>, index: usize, origin: TextRange) -> Target {
    let stage = &model.stages[index];
    let from = &model.instructions[stage.from];
    Target {
        origin,
        range: from.header_range(),
        selection_range: stage.name_range.unwrap_or_else(|| from.keyword_range()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text the definition of the `|` in `marked` selects.
    fn defined(marked: &str) -> Option<String> {
        let offset = marked.find('|').unwrap();
        let text = marked.replace('|', "");
        let parse = Parse::new(&text);
        definition(&parse, offset as u32)
            .map(|target| target.selection_range.slice(&text).to_owned())
    }

    #[test]
    fn stages_from_bases_and_from_flags() {
        let text = "FROM golang AS Build\nFROM bu|ild\nCOPY --from=build /a /b\n";
        assert_eq!(defined(text).as_deref(), Some("Build"));
        let text =
            "FROM golang AS build\nFROM alpine\nCOPY --from=bui|ld /a /b\nCOPY --from=0| /a /b\n";
        assert_eq!(defined(text).as_deref(), Some("build"));
        let text = "FROM golang\nFROM alpine\nCOPY --from=0| /a /b\n";
        assert_eq!(defined(text).as_deref(), Some("FROM"));
        assert_eq!(defined("FROM alp|ine\n"), None);
    }

    #[test]
    fn variables_to_their_latest_declaration_in_scope() {
        let text = "ARG V=1\nFROM alpine:$|V\nARG V\nENV V=2\nRUN echo $V\n";
        let parse_text = text.replace('|', "");
        assert_eq!(defined(text).as_deref(), Some("V"));
        let offset = text.find('|').unwrap() as u32;
        let target = definition(&Parse::new(&parse_text), offset).unwrap();
        assert_eq!(target.range.slice(&parse_text), "ARG V=1");
        let text = "ARG V=1\nFROM alpine\nARG V\nENV V=2\nRUN echo ${|V}\n";
        let parse_text = text.replace('|', "");
        let offset = text.find('|').unwrap() as u32;
        let target = definition(&Parse::new(&parse_text), offset).unwrap();
        assert_eq!(target.range.slice(&parse_text), "ENV V=2");
        assert_eq!(target.origin.slice(&parse_text), "${V}");
        assert_eq!(defined("FROM alpine\nRUN echo $UNDEFI|NED\n"), None);
    }
}
