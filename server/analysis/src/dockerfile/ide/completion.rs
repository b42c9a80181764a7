//! What may be typed at a place in a Dockerfile: an instruction at the head
//! of a line, a flag of the instruction, a stage name after `--from=` or at
//! the base of a FROM, and a variable after `$`.

use super::hover::{KEYWORDS, flag_markdown, keyword_markdown};
use super::{instruction_index, node_at, variables_in_scope};
use crate::dockerfile::flags::{FlagValue, flags_of};
use crate::dockerfile::model::Model;
use crate::dockerfile::syntax::{Instruction, Keyword, Parse};
use crate::ide::{Completion, CompletionKind};
use crate::text::{TextRange, line_start, to_u32};

/// The completions at `offset`.
pub fn completions(parse: &Parse, offset: u32) -> Vec<Completion> {
    let text = parse.text();
    let offset = offset.min(to_u32(text.len()));
    if !text.is_char_boundary(offset as usize) {
        return Vec::new();
    }
    let line_start = line_start(text, offset);
    let before = &text[line_start as usize..offset as usize];
    let word = before.rsplit(char::is_whitespace).next().unwrap_or("");
    let word_start = offset - to_u32(word.len());
    let word_range = TextRange::new(word_start, offset);
    let instruction = node_at(parse, offset).and_then(|node| node.instruction());
    if let Some(instruction) = &instruction
        && instruction.heredocs().any(|heredoc| heredoc.body_range().contains(offset))
    {
        return Vec::new();
    }
    let continues_an_instruction = instruction.as_ref().is_some_and(|instruction| {
        instruction.range().start < line_start && instruction.header_range().end >= line_start
    });
    let at_line_head = before.trim_start().len() == word.len();
    if at_line_head && !continues_an_instruction {
        if word.chars().all(|c| c.is_ascii_alphabetic()) {
            return keywords(word_range);
        }
        return Vec::new();
    }
    let Some(instruction) = instruction else { return Vec::new() };
    let model = Model::new(parse);
    let Some(index) = instruction_index(&model, &instruction) else { return Vec::new() };
    // After `ONBUILD`, the trigger's flags are the ones that count.
    let keyword = match instruction.trigger() {
        Some(trigger) if trigger.keyword_range().end <= word_start => trigger.keyword(),
        _ => instruction.keyword(),
    };
    if let Some(dollar) = word.rfind('$') {
        return variables(&model, index, word, word_start, dollar);
    }
    if let Some(value) = word.strip_prefix("--from=")
        && keyword == Keyword::Copy
    {
        let replace = TextRange::new(offset - to_u32(value.len()), offset);
        return stages(&model, index, replace);
    }
    if word.starts_with("--") && !word.contains('=') {
        return flags(keyword, word_range);
    }
    if keyword == Keyword::From && is_first_argument(&instruction, word_start) {
        return stages(&model, index, word_range);
    }
    Vec::new()
}

fn keywords(replace: TextRange) -> Vec<Completion> {
    KEYWORDS
        .iter()
        .map(|doc| Completion {
            label: doc.keyword.as_str().to_owned(),
            kind: CompletionKind::Keyword,
            detail: Some(doc.meaning.to_owned()),
            documentation: Some(keyword_markdown(doc)),
            replace,
            insert: format!("{} ", doc.keyword.as_str()),
        })
        .collect()
}

fn flags(keyword: Keyword, replace: TextRange) -> Vec<Completion> {
    flags_of(keyword)
        .iter()
        .map(|spec| Completion {
            label: format!("--{}", spec.name),
            kind: CompletionKind::Flag,
            detail: Some(spec.summary.to_owned()),
            documentation: flag_markdown(keyword, spec.name),
            replace,
            insert: match spec.value {
                FlagValue::Required => format!("--{}=", spec.name),
                FlagValue::Boolean => format!("--{}", spec.name),
            },
        })
        .collect()
}

/// The named stages that end before the instruction at `index`.
fn stages(model: &Model<'_>, index: usize, replace: TextRange) -> Vec<Completion> {
    model
        .stages
        .iter()
        .filter(|stage| stage.end <= index)
        .filter_map(|stage| {
            let name = stage.name.clone()?;
            Some(Completion {
                label: name.clone(),
                kind: CompletionKind::Stage,
                detail: Some(format!("stage {} on `{}`", stage.index, stage.base_text)),
                documentation: None,
                replace,
                insert: name,
            })
        })
        .collect()
}

/// Variables for `$NAME` or `${NAME` at the end of `word`.
fn variables(
    model: &Model<'_>,
    index: usize,
    word: &str,
    word_start: u32,
    dollar: usize,
) -> Vec<Completion> {
    let after = &word[dollar + 1..];
    let name = after.strip_prefix('{').unwrap_or(after);
    if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Vec::new();
    }
    let end = word_start + to_u32(word.len());
    let replace = TextRange::new(end - to_u32(name.len()), end);
    let mut seen: Vec<String> = Vec::new();
    let mut found = Vec::new();
    // The latest declaration of a name wins.
    for declaration in variables_in_scope(model, index).into_iter().rev() {
        if seen.contains(&declaration.name) {
            continue;
        }
        seen.push(declaration.name.clone());
        found.push(Completion {
            label: declaration.name.clone(),
            kind: CompletionKind::Variable,
            detail: Some(format!("{} {}", declaration.keyword.as_str(), declaration.name)),
            documentation: None,
            replace,
            insert: declaration.name,
        });
    }
    found.reverse();
    found
}

/// Whether `offset` starts the first argument of an instruction (its flags
/// aside).
fn is_first_argument(instruction: &Instruction<'_>, offset: u32) -> bool {
    let arguments = instruction.arguments_range();
    offset <= arguments.start || instruction.blank_separated_arguments().len() <= 1
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Completions at the `|` in `marked`.
    fn labels(marked: &str) -> Vec<String> {
        let offset = marked.find('|').unwrap();
        let text = marked.replace('|', "");
        let parse = Parse::new(&text);
        completions(&parse, offset as u32).into_iter().map(|completion| completion.label).collect()
    }

    #[test]
    fn instructions_at_the_head_of_a_line() {
        let found = labels("FROM alpine\nRU|\n");
        assert!(found.contains(&"RUN".to_owned()) && found.contains(&"USER".to_owned()));
        assert!(labels("FROM alpine\n|").contains(&"COPY".to_owned()));
        // Not in a continuation line, nor in a heredoc body.
        assert!(labels("RUN a \\\n  b|\n").is_empty());
        assert!(labels("RUN <<EOF\nec|\nEOF\n").is_empty());
    }

    #[test]
    fn flags_of_the_instruction() {
        let found = labels("FROM alpine\nCOPY --|\n");
        assert!(found.contains(&"--from".to_owned()) && found.contains(&"--chmod".to_owned()));
        assert!(!found.contains(&"--mount".to_owned()));
        assert!(labels("FROM alpine\nRUN --mo|").contains(&"--mount".to_owned()));
        assert!(labels("FROM alpine\nONBUILD RUN --|").contains(&"--network".to_owned()));
    }

    #[test]
    fn stages_after_from_and_at_a_base() {
        let text = "FROM golang AS build\nFROM alpine AS tools\nFROM scratch\nCOPY --from=b|\n";
        assert_eq!(labels(text), ["build", "tools"]);
        assert_eq!(labels("FROM golang AS build\nFROM |"), ["build"]);
        assert!(labels("FROM golang AS build\nCOPY --from=|").is_empty());
    }

    #[test]
    fn variables_in_scope() {
        let text = "ARG BASE=alpine\nFROM $|\n";
        assert_eq!(labels(text), ["BASE"]);
        let text = "ARG BASE=alpine\nFROM $BASE AS one\nENV HOME_DIR=/app\nFROM one\nARG V\nWORKDIR ${|\nENV LATER=1\n";
        assert_eq!(labels(text), ["HOME_DIR", "V"]);
    }
}
