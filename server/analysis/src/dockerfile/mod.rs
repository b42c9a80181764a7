//! Dockerfiles: the lossless syntax tree, the stage model, the rules and the
//! editor features.

pub mod edit;
pub mod fixes;
pub mod flags;
pub mod ide;
pub mod model;
pub mod rules;
pub mod shell;
pub mod syntax;

pub use model::Model;
pub use syntax::Parse;

use crate::SideFiles;
use crate::config::RuleSettings;
use crate::dockerfile::syntax::{Instruction, Keyword};
use crate::text::TextRange;

/// What a Dockerfile rule reads: the tree, its model, the settings.
#[derive(Debug)]
pub struct DockerfileContext<'a> {
    pub parse: &'a Parse,
    pub model: Model<'a>,
    pub settings: &'a RuleSettings,
    pub side_files: &'a SideFiles,
}

impl<'a> DockerfileContext<'a> {
    pub fn new(parse: &'a Parse, settings: &'a RuleSettings, side_files: &'a SideFiles) -> Self {
        DockerfileContext { parse, model: Model::new(parse), settings, side_files }
    }

    pub fn text(&self) -> &'a str {
        self.parse.text()
    }
}

/// A shell script inside a RUN: its shell-form command line, or a heredoc
/// body. Ranges found in `text` map back to the source with [`Script::to_source`].
#[derive(Clone, Copy, Debug)]
pub struct Script<'a> {
    pub text: &'a str,
    origin: ScriptOrigin<'a>,
}

#[derive(Clone, Copy, Debug)]
enum ScriptOrigin<'a> {
    /// The instruction's logical text, starting at this logical offset.
    Logical(Instruction<'a>, u32),
    /// Source text starting at this absolute offset.
    Source(u32),
}

impl Script<'_> {
    /// The source range of a range of `text`.
    pub fn to_source(&self, range: TextRange) -> TextRange {
        match self.origin {
            ScriptOrigin::Logical(instruction, offset) => {
                instruction.to_source(range.shifted(offset))
            }
            ScriptOrigin::Source(offset) => range.shifted(offset),
        }
    }
}

/// The shell scripts a RUN (or an ONBUILD RUN) executes: its shell-form
/// arguments and its heredoc bodies. Exec form runs no shell.
pub fn run_scripts<'a>(instruction: &Instruction<'a>) -> Vec<Script<'a>> {
    let run = match instruction.trigger() {
        Some(trigger) => trigger,
        None => *instruction,
    };
    if run.keyword() != Keyword::Run || run.exec_form().is_some() {
        return Vec::new();
    }
    let mut scripts = vec![Script {
        text: run.arguments(),
        origin: ScriptOrigin::Logical(run, run.arguments_logical_range().start),
    }];
    scripts.extend(instruction.heredocs().map(|heredoc| Script {
        text: heredoc.body(),
        origin: ScriptOrigin::Source(heredoc.body_range().start),
    }));
    scripts
}

/// The side files a Dockerfile's rules read: its own `.dockerignore` and the
/// build context's.
pub fn side_files_wanted(file_name: &str) -> Vec<String> {
    vec![format!("{file_name}.dockerignore"), ".dockerignore".to_owned()]
}
