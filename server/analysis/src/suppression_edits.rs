//! The edits behind "Ignore CODE on this line" and "Ignore CODE in this
//! file": where a suppression comment goes, with which indentation and line
//! ending, or which existing comment to extend instead (see
//! [`crate::suppression`] for how the comments are read).

use crate::diagnostic::{Diagnostic, Fix};
use crate::dockerfile::Parse;
use crate::dockerfile::syntax::NodeKind;
use crate::source_file::SourceFile;
use crate::text::{TextEdit, indentation_at, line_end, line_ending, line_start, to_u32};

/// A fix that silences `diagnostic` on the instruction or entry it is on,
/// or `None` where no next-line suppression can reach it (a finding on a
/// parser directive or a comment).
pub fn ignore_on_line(file: &SourceFile, diagnostic: &Diagnostic) -> Option<Fix> {
    let code = diagnostic.rule.code;
    let edit = match file {
        SourceFile::Dockerfile(parse) => dockerfile_next_line(parse, diagnostic.range.start, code)?,
        SourceFile::Compose(compose) => {
            line_based_next_line(compose.text(), diagnostic.range.start, code)
        }
    };
    Some(Fix::safe(format!("Ignore {code} on this line"), vec![edit]))
}

/// A fix that silences a rule in the whole file: extends the file's
/// `# dockwarden global ignore=` comment, or adds one after the parser
/// directives (Dockerfile) or at the top (Compose).
pub fn ignore_in_file(file: &SourceFile, code: &str) -> Fix {
    let text = file.text();
    let newline = line_ending(text);
    let existing = comment_lines(file).into_iter().find_map(|(start, line)| {
        list_insertion(line, true).map(|insertion| (start + insertion.offset, insertion))
    });
    let edit = match existing {
        Some((at, insertion)) => TextEdit::insert(to_u32(at), insertion.text(code)),
        None => {
            let at = match file {
                SourceFile::Dockerfile(parse) => after_directives(parse),
                SourceFile::Compose(_) => usize::from(text.starts_with('\u{feff}')) * 3,
            };
            let needs_break = at == text.len() && !text.is_empty() && !text.ends_with('\n');
            let lead = if needs_break { newline } else { "" };
            TextEdit::insert(
                to_u32(at),
                format!("{lead}# dockwarden global ignore={code}{newline}"),
            )
        }
    };
    Fix::safe(format!("Ignore {code} in this file"), vec![edit])
}

/// In a Dockerfile, a suppression covers the next instruction, so the
/// comment goes above the instruction holding the finding (wherever in its
/// continuation lines or heredocs the finding is), or extends a dockwarden
/// comment already among the comment lines above it.
fn dockerfile_next_line(parse: &Parse, offset: u32, code: &str) -> Option<TextEdit> {
    let text = parse.text();
    let nodes: Vec<_> = parse.nodes().collect();
    let index = nodes.iter().position(|node| node.range().contains(offset)).or_else(|| {
        // A finding at the very end of a file without a final line break.
        (offset == to_u32(text.len())).then(|| nodes.len().checked_sub(1)).flatten()
    })?;
    let instruction = nodes[index].instruction()?;
    for node in nodes[..index].iter().rev() {
        match node.kind() {
            NodeKind::Blank => {}
            NodeKind::Comment => {
                if let Some(insertion) = list_insertion(node.text(), false) {
                    let at = node.range().start + to_u32(insertion.offset);
                    return Some(TextEdit::insert(at, insertion.text(code)));
                }
            }
            _ => break,
        }
    }
    let start = instruction.range().start;
    let indent = indentation_at(text, start);
    Some(TextEdit::insert(
        line_start(text, start),
        format!("{indent}# dockwarden ignore={code}{}", line_ending(text)),
    ))
}

/// In a Compose file, a suppression covers the next entry after its line:
/// the comment goes on the line above the finding, indented like it.
fn line_based_next_line(text: &str, offset: u32, code: &str) -> TextEdit {
    let start = line_start(text, offset.min(to_u32(text.len())));
    if start > 0 {
        let previous_start = line_start(text, start - 1);
        let previous = &text[previous_start as usize..line_end(text, previous_start) as usize];
        if let Some(insertion) = list_insertion(previous, false) {
            return TextEdit::insert(
                previous_start + to_u32(insertion.offset),
                insertion.text(code),
            );
        }
    }
    let indent = indentation_at(text, start);
    TextEdit::insert(start, format!("{indent}# dockwarden ignore={code}{}", line_ending(text)))
}

/// Where the parser directives (and a byte-order mark) end: a comment
/// before them would end the directives.
fn after_directives(parse: &Parse) -> usize {
    parse
        .nodes()
        .take_while(|node| matches!(node.kind(), NodeKind::Bom | NodeKind::Directive(_)))
        .last()
        .map_or(0, |node| node.range().end as usize)
}

/// Every comment line of a file: (start offset, the line).
fn comment_lines(file: &SourceFile) -> Vec<(usize, &str)> {
    let text = file.text();
    let mut lines = Vec::new();
    let mut start = 0;
    while start < text.len() {
        let end = line_end(text, to_u32(start)) as usize;
        let line = &text[start..end];
        if line.trim_start().starts_with('#') {
            lines.push((start, line));
        }
        start = end + if text[end..].starts_with("\r\n") { 2 } else { 1 };
    }
    lines
}

/// Where a code goes in an existing dockwarden ignore comment.
struct ListInsertion {
    offset: usize,
    empty: bool,
}

impl ListInsertion {
    fn text(&self, code: &str) -> String {
        if self.empty { code.to_owned() } else { format!(",{code}") }
    }
}

/// The end of the code list of `# dockwarden [global] ignore=...` on this
/// line, when it is one (and global when `global` is asked). The list ends
/// at the first blank that does not follow a comma, as it is read.
fn list_insertion(line: &str, global: bool) -> Option<ListInsertion> {
    let content = line.trim_end_matches(['\r', '\n']);
    let body = content.trim_start().strip_prefix('#')?.trim_start();
    let rest = after_word(body, "dockwarden")?;
    let rest = match after_word(rest, "global") {
        Some(rest) if global => rest,
        None if !global => rest,
        _ => return None,
    };
    let list = rest.strip_prefix("ignore")?.trim_start().strip_prefix('=')?;
    let list_start = content.len() - list.len();
    let mut end = 0;
    let mut after_comma = true;
    for (index, c) in list.char_indices() {
        if list[index..].starts_with("--") {
            break;
        }
        if c.is_whitespace() {
            if !after_comma {
                break;
            }
            continue;
        }
        after_comma = c == ',';
        end = index + c.len_utf8();
    }
    let codes = &list[..end];
    let empty = codes.trim_matches([',', ' ', '\t']).is_empty();
    let end = if codes.ends_with(',') { end - 1 } else { end };
    Some(ListInsertion { offset: list_start + end, empty })
}

/// `text` after a leading `word` and the blanks after it.
fn after_word<'a>(text: &'a str, word: &str) -> Option<&'a str> {
    let rest = text.strip_prefix(word)?;
    rest.starts_with([' ', '\t']).then(|| rest.trim_start())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::RuleSettings;
    use crate::rule::Language;
    use crate::text::apply_edits;
    use crate::{SideFiles, check_source};

    fn codes(language: Language, text: &str) -> Vec<&'static str> {
        check_source(language, text, &RuleSettings::default(), &SideFiles::new())
            .diagnostics
            .iter()
            .map(|diagnostic| diagnostic.rule.code)
            .collect()
    }

    /// Applies "ignore on this line" to the first finding of `code`.
    fn ignore_line(text: &str, code: &str) -> String {
        let file = SourceFile::parse(Language::Dockerfile, text);
        let report = file.check(&RuleSettings::default(), &SideFiles::new());
        let diagnostic = report.diagnostics.iter().find(|d| d.rule.code == code).unwrap();
        let fix = ignore_on_line(&file, diagnostic).expect("an ignore fix");
        assert_eq!(fix.title, format!("Ignore {code} on this line"));
        apply_edits(text, &fix.edits).unwrap()
    }

    #[test]
    fn a_comment_goes_above_the_instruction_with_its_indentation() {
        let text = "FROM alpine:3.20\n  COPY --from=buildr /a /b\nUSER app\n";
        let fixed = ignore_line(text, "DF014");
        assert_eq!(
            fixed,
            "FROM alpine:3.20\n  # dockwarden ignore=DF014\n  COPY --from=buildr /a /b\nUSER app\n"
        );
        assert!(!codes(Language::Dockerfile, &fixed).contains(&"DF014"));
    }

    #[test]
    fn a_finding_on_a_continuation_line_is_ignored_above_the_instruction() {
        let text = "FROM alpine:3.20\r\nCOPY --link \\\r\n  --from=buildr /a /b\r\nUSER app\r\n";
        let fixed = ignore_line(text, "DF014");
        assert_eq!(
            fixed,
            "FROM alpine:3.20\r\n# dockwarden ignore=DF014\r\nCOPY --link \\\r\n  --from=buildr /a /b\r\nUSER app\r\n"
        );
        assert!(!codes(Language::Dockerfile, &fixed).contains(&"DF014"));
    }

    #[test]
    fn an_existing_comment_is_extended_before_its_reason() {
        let text = "# dockwarden ignore=DF002 -- a base image\nFROM alpine:latest\n";
        let fixed = ignore_line(text, "DF019");
        assert_eq!(fixed, "# dockwarden ignore=DF002,DF019 -- a base image\nFROM alpine:latest\n");
        assert_eq!(codes(Language::Dockerfile, &fixed), Vec::<&str>::new());
    }

    #[test]
    fn global_ignores_go_after_the_directives_or_extend_the_comment() {
        let file = SourceFile::parse(
            Language::Dockerfile,
            "# syntax=docker/dockerfile:1\nFROM alpine:latest\n",
        );
        let fix = ignore_in_file(&file, "DF019");
        let fixed = apply_edits(file.text(), &fix.edits).unwrap();
        assert_eq!(
            fixed,
            "# syntax=docker/dockerfile:1\n# dockwarden global ignore=DF019\nFROM alpine:latest\n"
        );
        assert!(!codes(Language::Dockerfile, &fixed).contains(&"DF019"));
        let file = SourceFile::parse(Language::Dockerfile, &fixed);
        let fix = ignore_in_file(&file, "DF002");
        let fixed = apply_edits(file.text(), &fix.edits).unwrap();
        assert!(fixed.contains("# dockwarden global ignore=DF019,DF002\n"), "{fixed}");
        assert_eq!(codes(Language::Dockerfile, &fixed), Vec::<&str>::new());
    }

    #[test]
    fn list_ends_where_it_is_read_to_end() {
        let line = "  # dockwarden ignore=DF001, DF002 because";
        let insertion = list_insertion(line, false).unwrap();
        assert_eq!(&line[..insertion.offset], "  # dockwarden ignore=DF001, DF002");
        assert!(list_insertion(line, true).is_none());
        assert!(list_insertion("# dockwarden global ignore=DF001", false).is_none());
        assert!(list_insertion("# hadolint ignore=DL3002", false).is_none());
        let empty = list_insertion("# dockwarden ignore=", false).unwrap();
        assert!(empty.empty);
    }

    #[test]
    fn compose_comments_go_above_the_line() {
        let file =
            SourceFile::parse(Language::Compose, "services:\n  web:\n    privileged: true\n");
        let text = file.text();
        let edit = line_based_next_line(text, 27, "CP001");
        assert_eq!(
            apply_edits(text, &[edit]).unwrap(),
            "services:\n  web:\n    # dockwarden ignore=CP001\n    privileged: true\n"
        );
        let fix = ignore_in_file(&file, "CP001");
        assert!(
            apply_edits(text, &fix.edits)
                .unwrap()
                .starts_with("# dockwarden global ignore=CP001\nservices:")
        );
    }
}
