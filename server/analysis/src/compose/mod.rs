//! Compose files: the YAML span tree, the typed model, the rules and the
//! editor features.
//!
//! [`ComposeFile::parse`] reads the text once per change: the YAML tree
//! ([`yaml`]), the model of its healthy documents ([`model`]) and the
//! schema findings ([`validate`]), which the rules then only read.
//! [`ComposeFile::apply_edit`] makes the same from the previous version: it
//! reparses only the entries the edit falls in, and validates again only the
//! services those are in.

pub mod edit;
pub mod ide;
pub mod interpolation;
pub mod model;
pub mod rules;
pub mod schema;
pub mod validate;
pub mod values;
pub mod yaml;

#[cfg(test)]
mod tests;

use crate::SideFiles;
use crate::config::RuleSettings;
use crate::rule::Language;
use crate::suppression::{CommentSite, Suppressions};
use crate::text::{TextEdit, TextRange, apply_edits, to_u32};

use model::{ComposeModel, Service};
use validate::{SchemaIssue, ServiceIssues};
use yaml::{Entry, YamlTree};

/// A parsed Compose file.
#[derive(Clone, PartialEq, Debug)]
pub struct ComposeFile {
    text: String,
    pub tree: YamlTree,
    pub model: ComposeModel,
    pub schema_issues: Vec<SchemaIssue>,
    /// Each service's schema issues, for the next edit to reuse.
    service_issues: ServiceIssues,
    /// While the YAML is broken, the last version that read: typing a
    /// character that breaks the YAML and deleting it again (or undoing)
    /// returns to that text, which then needs no parse at all.
    last_readable: LastReadable,
}

/// The last readable version of a broken file. It takes no part in
/// equality: it is a cache, and two files of the same text are equal.
#[derive(Clone, Debug, Default)]
struct LastReadable(Option<std::sync::Arc<ComposeFile>>);

impl PartialEq for LastReadable {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl ComposeFile {
    pub fn parse(text: &str) -> ComposeFile {
        ComposeFile::build(text.to_owned(), YamlTree::parse(text), &ServiceIssues::default())
    }

    /// The file after `edit`: always equal to [`ComposeFile::parse`] of the
    /// edited text, made by reparsing only the entries the edit falls in
    /// when `YamlTree::reparse` can show that to be the same, and
    /// validating again only the services that hold them. An edit that does
    /// not fit the text is refused, and the file stays.
    pub fn apply_edit(&self, edit: &TextEdit) -> ComposeFile {
        let Ok(text) = apply_edits(&self.text, std::slice::from_ref(edit)) else {
            return self.clone();
        };
        if let Some(readable) = &self.last_readable.0
            && readable.text == text
        {
            return ComposeFile::clone(readable);
        }
        let mut file = self.reparse(text, edit);
        if file.is_unreadable() {
            // Keep the last version that read, to come back to it cheaply.
            file.last_readable = if self.is_unreadable() {
                self.last_readable.clone()
            } else {
                LastReadable(Some(std::sync::Arc::new(self.clone())))
            };
        }
        file
    }

    /// The edited text, reparsed as little as can be shown to be the same.
    fn reparse(&self, text: String, edit: &TextEdit) -> ComposeFile {
        let Some((tree, splice)) = self.tree.reparse(&self.text, &text, edit) else {
            return ComposeFile::parse(&text);
        };
        // A service's issues stay unless the edit is inside it, or an alias
        // may see the edited nodes (through an anchored ancestor).
        let reuse = if splice.anchored_ancestor {
            ServiceIssues::default()
        } else {
            self.service_issues.carried_over(
                |entry| {
                    let moved = Entry {
                        key: splice.map_id(entry.key)?,
                        value: splice.map_id(entry.value)?,
                    };
                    (!splice.ancestors.contains(&moved.value)).then_some(moved)
                },
                |range| splice.map_range(range),
            )
        };
        ComposeFile::build(text, tree, &reuse)
    }

    fn build(text: String, tree: YamlTree, reuse: &ServiceIssues) -> ComposeFile {
        let model = ComposeModel::build(&tree);
        let mut service_issues = ServiceIssues::default();
        let schema_issues = model
            .roots
            .iter()
            .flat_map(|root| validate::validate_reusing(&tree, *root, reuse, &mut service_issues))
            .collect();
        ComposeFile {
            text,
            tree,
            model,
            schema_issues,
            service_issues,
            last_readable: LastReadable(None),
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// Whether the YAML failed to read (CP100), leaving the rules only a
    /// partial tree to check.
    pub fn is_unreadable(&self) -> bool {
        !self.tree.errors.is_empty()
    }

    /// Next-line suppressions cover the next key entry (key to value end)
    /// or sequence item after the comment's line; global ones the file.
    pub fn suppressions(&self) -> Suppressions {
        let sites = self.tree.comments.iter().map(|comment| {
            let line_end = crate::text::line_end(&self.text, comment.range.end);
            let next = self.tree.entry_range_from(line_end);
            CommentSite { text: comment.range.slice(&self.text), range: comment.range, next }
        });
        Suppressions::collect(Language::Compose, to_u32(self.text.len()), sites)
    }

    /// A service and the services it extends in this file, nearest first.
    /// `None` when the chain leaves the file (`extends.file`), so that what
    /// the service finally holds is not known here.
    pub fn extends_chain(&self, service: &Service) -> Option<Vec<&Service>> {
        let mut chain: Vec<&Service> = Vec::new();
        let mut current = self.model.services.iter().find(|candidate| *candidate == service)?;
        loop {
            if chain.iter().any(|seen| seen.entry == current.entry) {
                return Some(chain); // a cycle: Compose reports it
            }
            chain.push(current);
            let Some(extends) = current.extends(&self.tree) else { return Some(chain) };
            if extends.file.is_some() {
                return None;
            }
            current = self.model.service(&extends.service.value)?;
        }
    }

    /// The range of a service's name key, where service-wide findings sit.
    pub fn service_name_range(&self, service: &Service) -> TextRange {
        self.tree.range(service.entry.key)
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

    pub fn tree(&self) -> &'a YamlTree {
        &self.file.tree
    }

    pub fn model(&self) -> &'a ComposeModel {
        &self.file.model
    }

    pub fn text(&self) -> &'a str {
        self.file.text()
    }
}

/// The side files a Compose file's rules read.
pub fn side_files_wanted(text: &str) -> Vec<String> {
    ComposeFile::parse(text).side_files_wanted()
}

impl ComposeFile {
    /// The side files its rules read, relative to its folder: `.env` (the
    /// interpolation defaults) and the Dockerfile each service builds
    /// (`build.context` with `build.dockerfile`, `Dockerfile` by default;
    /// remote contexts have none here). Editors re-check the file when one
    /// of them changes.
    pub fn side_files_wanted(&self) -> Vec<String> {
        let mut wanted = vec![".env".to_owned()];
        for service in &self.model.services {
            let Some(build) = service.build(&self.tree) else { continue };
            let context = build.context.map_or_else(|| ".".to_owned(), |context| context.value);
            if context.contains("://") || context.starts_with("git@") {
                continue;
            }
            let dockerfile =
                build.dockerfile.map_or_else(|| "Dockerfile".to_owned(), |file| file.value);
            let path = match context.trim_end_matches('/') {
                "." | "" => dockerfile,
                folder => format!("{folder}/{dockerfile}"),
            };
            if !wanted.contains(&path) {
                wanted.push(path);
            }
        }
        wanted
    }
}
