//! Compose files: the YAML span tree, the typed model, the rules and the
//! editor features.

pub mod rules;

use crate::SideFiles;
use crate::config::RuleSettings;
use crate::rule::Language;
use crate::suppression::Suppressions;

/// A parsed Compose file.
#[derive(Clone, Debug)]
pub struct ComposeFile {
    text: String,
}

impl ComposeFile {
    pub fn parse(text: &str) -> ComposeFile {
        ComposeFile { text: text.to_owned() }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// Whether the YAML failed to read, leaving the rules nothing to check.
    pub fn is_unreadable(&self) -> bool {
        false
    }

    pub fn suppressions(&self) -> Suppressions {
        Suppressions::collect(Language::Compose, self.text.len() as u32, [])
    }
}

/// What a Compose rule reads.
#[derive(Debug)]
pub struct ComposeContext<'a> {
    pub file: &'a ComposeFile,
    pub settings: &'a RuleSettings,
    pub side_files: &'a SideFiles,
}

impl<'a> ComposeContext<'a> {
    pub fn new(
        file: &'a ComposeFile,
        settings: &'a RuleSettings,
        side_files: &'a SideFiles,
    ) -> Self {
        ComposeContext { file, settings, side_files }
    }
}

/// The side files a Compose file's rules read.
pub fn side_files_wanted(_text: &str) -> Vec<String> {
    Vec::new()
}
