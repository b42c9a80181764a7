//! Dockerfiles: the lossless syntax tree, the stage model, the rules and the
//! editor features.

pub mod rules;
pub mod syntax;

pub use syntax::Parse;

use crate::SideFiles;
use crate::config::RuleSettings;

/// What a Dockerfile rule reads.
#[derive(Debug)]
pub struct DockerfileContext<'a> {
    pub parse: &'a Parse,
    pub settings: &'a RuleSettings,
    pub side_files: &'a SideFiles,
}

impl<'a> DockerfileContext<'a> {
    pub fn new(parse: &'a Parse, settings: &'a RuleSettings, side_files: &'a SideFiles) -> Self {
        DockerfileContext { parse, settings, side_files }
    }
}

/// The side files a Dockerfile's rules read: its own `.dockerignore` and the
/// build context's.
pub fn side_files_wanted(file_name: &str) -> Vec<String> {
    vec![format!("{file_name}.dockerignore"), ".dockerignore".to_owned()]
}
