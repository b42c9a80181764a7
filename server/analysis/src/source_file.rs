//! One file of either language, parsed and kept up to date edit by edit:
//! what an editor session holds for each open document, so that the front
//! end never has to ask which language it is looking at.

use crate::compose::ComposeFile;
use crate::config::RuleSettings;
use crate::dockerfile::Parse;
use crate::rule::Language;
use crate::text::TextEdit;
use crate::{Report, SideFiles, check_compose, check_dockerfile};

/// A parsed Dockerfile or Compose file.
#[derive(Clone, Debug)]
pub enum SourceFile {
    Dockerfile(Parse),
    /// Boxed: the YAML tree and model are much larger than a Dockerfile parse.
    Compose(Box<ComposeFile>),
}

impl SourceFile {
    /// Parses a whole text.
    pub fn parse(language: Language, text: &str) -> SourceFile {
        match language {
            Language::Dockerfile => SourceFile::Dockerfile(Parse::new(text)),
            Language::Compose => SourceFile::Compose(Box::new(ComposeFile::parse(text))),
        }
    }

    pub fn language(&self) -> Language {
        match self {
            SourceFile::Dockerfile(_) => Language::Dockerfile,
            SourceFile::Compose(_) => Language::Compose,
        }
    }

    pub fn text(&self) -> &str {
        match self {
            SourceFile::Dockerfile(parse) => parse.text(),
            SourceFile::Compose(file) => file.text(),
        }
    }

    /// Applies edits one after the other (each in the text the previous one
    /// left, as an LSP `didChange` lists them). A Dockerfile reparses only
    /// the instructions each edit touches, a Compose file only the entries
    /// each edit touches (or all of it, where YAML structure is not local).
    ///
    /// An edit that does not fit the text is skipped (and the text stays as
    /// it was for that edit): the caller made the edits from the same text,
    /// so that would be its bug, and a bad edit must never corrupt the tree.
    pub fn apply_edits(&self, edits: &[TextEdit]) -> SourceFile {
        match self {
            SourceFile::Dockerfile(parse) => {
                let mut parse = parse.clone();
                for edit in edits {
                    parse = parse.apply_edit(edit);
                }
                SourceFile::Dockerfile(parse)
            }
            SourceFile::Compose(file) => {
                let mut file = (**file).clone();
                for edit in edits {
                    file = file.apply_edit(edit);
                }
                SourceFile::Compose(Box::new(file))
            }
        }
    }

    /// Runs the enabled rules.
    pub fn check(&self, settings: &RuleSettings, side_files: &SideFiles) -> Report {
        match self {
            SourceFile::Dockerfile(parse) => check_dockerfile(parse, settings, side_files),
            SourceFile::Compose(file) => check_compose(file, settings, side_files),
        }
    }

    /// The side files its rules read, relative to its folder.
    pub fn side_files_wanted(&self, file_name: &str) -> Vec<String> {
        match self {
            SourceFile::Dockerfile(_) => {
                crate::side_files_wanted(self.language(), file_name, self.text())
            }
            // The parsed file answers without reading the YAML again.
            SourceFile::Compose(file) => file.side_files_wanted(),
        }
    }

    /// Whether the file is so broken that only its syntax errors can be
    /// reported (a YAML syntax error leaves the Compose rules nothing to
    /// read). An editor then keeps showing the other rules' last findings
    /// until the file reads again, rather than making them flicker away.
    pub fn is_unreadable(&self) -> bool {
        match self {
            // A Dockerfile parse recovers at the next instruction.
            SourceFile::Dockerfile(_) => false,
            SourceFile::Compose(file) => file.is_unreadable(),
        }
    }

    /// The rule that reports why a file is unreadable: its findings are
    /// the ones shown fresh while the others are kept.
    pub fn syntax_rule(&self) -> &'static crate::RuleMeta {
        match self {
            SourceFile::Dockerfile(_) => &crate::dockerfile::rules::syntax_error::META,
            SourceFile::Compose(_) => &crate::compose::rules::yaml_syntax_error::META,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::TextRange;

    #[test]
    fn edits_in_sequence_equal_a_fresh_parse() {
        let file = SourceFile::parse(Language::Dockerfile, "FROM alpine\nRUN x\n");
        let edits = [
            TextEdit::insert(0, "ARG V=1\n"),
            TextEdit::replace(TextRange::new(13, 19), "debian"),
            TextEdit::insert(26, "USER app\n"),
        ];
        let edited = file.apply_edits(&edits);
        assert_eq!(edited.text(), "ARG V=1\nFROM debian\nRUN x\nUSER app\n");
        let SourceFile::Dockerfile(parse) = &edited else { panic!("a Dockerfile") };
        assert_eq!(parse, &Parse::new(edited.text()));
    }

    #[test]
    fn a_compose_file_wants_the_dockerfiles_its_services_build() {
        let text = "services:\n  api:\n    build: ./api\n  web:\n    build:\n      context: web/\n      dockerfile: prod.Dockerfile\n  db:\n    image: postgres:16\n  remote:\n    build: https://github.com/x/y.git\n";
        let file = SourceFile::parse(Language::Compose, text);
        assert_eq!(
            file.side_files_wanted("compose.yaml"),
            [".env", "./api/Dockerfile", "web/prod.Dockerfile"]
        );
    }

    #[test]
    fn a_bad_edit_leaves_the_text_alone() {
        let file = SourceFile::parse(Language::Compose, "services: {}\n");
        let edited = file.apply_edits(&[TextEdit::insert(99, "x")]);
        assert_eq!(edited.text(), "services: {}\n");
    }
}
