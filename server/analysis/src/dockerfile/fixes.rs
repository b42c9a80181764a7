//! Fixes that several Dockerfile rules share: where a USER goes, and how a
//! base image's family creates a user.

use crate::dockerfile::edit::{insert_lines_after, insert_lines_before};
use crate::dockerfile::model::{Model, Stage};
use crate::dockerfile::shell::parse_commands;
use crate::dockerfile::syntax::Keyword;
use crate::dockerfile::{DockerfileContext, run_scripts};
use crate::image::Family;
use crate::text::TextEdit;

/// The name of a user that a `useradd` or `adduser` in the stage (or the
/// stages it builds on) creates, if any: the last one.
pub fn created_user(model: &Model<'_>, stage: &Stage) -> Option<String> {
    let mut stages = vec![stage];
    let mut current = stage;
    while let crate::dockerfile::model::Base::Stage(parent) = current.base {
        if parent >= current.index {
            break;
        }
        current = &model.stages[parent];
        stages.push(current);
    }
    let mut found = None;
    for stage in stages.iter().rev() {
        for instruction in model.stage_instructions(stage) {
            for script in run_scripts(instruction) {
                for command in parse_commands(script.text) {
                    if !matches!(command.program_name(), Some("useradd" | "adduser")) {
                        continue;
                    }
                    let name =
                        command.arguments().iter().rev().find(|word| is_user_name(&word.text));
                    if let Some(name) = name {
                        found = Some(name.text.clone());
                    }
                }
            }
        }
    }
    found
}

fn is_user_name(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
}

/// Inserts lines where a USER belongs in a stage: after the last step that
/// builds something, before the first CMD or ENTRYPOINT of the metadata that
/// ends the stage; at the stage's end when it has no such command.
pub fn user_insertion(
    context: &DockerfileContext<'_>,
    stage: &Stage,
    lines: &[String],
) -> TextEdit {
    let instructions = context.model.stage_instructions(stage);
    let is_metadata = |keyword: Keyword| {
        matches!(
            keyword,
            Keyword::Cmd
                | Keyword::Entrypoint
                | Keyword::Expose
                | Keyword::Label
                | Keyword::Healthcheck
                | Keyword::Stopsignal
                | Keyword::Env
                | Keyword::Arg
                | Keyword::Volume
                | Keyword::Shell
                | Keyword::Onbuild
        )
    };
    let tail_start = instructions
        .iter()
        .rposition(|instruction| !is_metadata(instruction.keyword()))
        .map_or(0, |index| index + 1);
    let command = instructions[tail_start..]
        .iter()
        .find(|instruction| matches!(instruction.keyword(), Keyword::Cmd | Keyword::Entrypoint));
    match command {
        Some(command) => insert_lines_before(context.parse, command, lines),
        None => insert_lines_after(context.parse, &instructions[instructions.len() - 1], lines),
    }
}

/// The commands that create a system user named `app` the way the family's
/// tools do, or `None` for images without them (distroless, scratch, minimal).
pub fn create_user_lines(family: Family) -> Vec<String> {
    match family {
        Family::Alpine => vec!["RUN addgroup -S app && adduser -S -G app app".to_owned()],
        Family::Debian | Family::Rhel => {
            vec![
                "RUN groupadd --system app && useradd --system --gid app --no-create-home app"
                    .to_owned(),
            ]
        }
    }
}
