//! Rewrites offered on a Dockerfile that fix no finding: turning the shell
//! form of CMD and ENTRYPOINT into the exec form, when the command uses no
//! shell feature, so that the process runs as PID 1 and gets stop signals.

use crate::diagnostic::Fix;
use crate::dockerfile::syntax::{Keyword, Parse};
use crate::text::{TextEdit, TextRange};

/// The rewrites offered for the instructions that `range` touches.
pub fn refactors(parse: &Parse, range: TextRange) -> Vec<Fix> {
    parse
        .instructions()
        .filter(|instruction| instruction.header_range().intersects(range))
        .filter(|instruction| matches!(instruction.keyword(), Keyword::Cmd | Keyword::Entrypoint))
        .filter(|instruction| instruction.exec_form().is_none())
        .filter_map(|instruction| {
            let words = plain_words(instruction.arguments())?;
            let array = words.iter().map(|word| json_string(word)).collect::<Vec<_>>().join(", ");
            Some(Fix::unsafe_(
                format!(
                    "Run {} in exec form (no shell: the process gets stop signals, and no shell expands anything)",
                    instruction.keyword().as_str()
                ),
                vec![TextEdit::replace(instruction.arguments_range(), format!("[{array}]"))],
            ))
        })
        .collect()
}

/// The words of a command line that needs no shell: blanks separate words,
/// and nothing a shell would interpret appears (quotes, variables, globs,
/// operators, redirections).
fn plain_words(command: &str) -> Option<Vec<&str>> {
    const SHELL_SYNTAX: &[char] = &[
        '$', '`', '"', '\'', '\\', '*', '?', '[', ']', '{', '}', '(', ')', '<', '>', '|', '&', ';',
        '~', '#',
    ];
    if command.contains(SHELL_SYNTAX) {
        return None;
    }
    let words: Vec<&str> = command.split_whitespace().collect();
    // `NAME=value command` sets a variable for the command: a shell feature.
    let assigns = words.first().is_some_and(|first| first.contains('='));
    (!words.is_empty() && !assigns).then_some(words)
}

fn json_string(word: &str) -> String {
    let mut out = String::from("\"");
    for c in word.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::apply_edits;

    #[test]
    fn simple_commands_become_exec_form() {
        let text = "FROM alpine\nCMD  nginx -g daemon-off\nENTRYPOINT [\"x\"]\n";
        let parse = Parse::new(text);
        let fixes = refactors(&parse, TextRange::new(0, text.len() as u32));
        assert_eq!(fixes.len(), 1);
        assert!(fixes[0].title.starts_with("Run CMD in exec form"));
        let fixed = apply_edits(text, &fixes[0].edits).unwrap();
        assert_eq!(
            fixed,
            "FROM alpine\nCMD  [\"nginx\", \"-g\", \"daemon-off\"]\nENTRYPOINT [\"x\"]\n"
        );
        assert!(Parse::new(&fixed).errors().next().is_none());
    }

    #[test]
    fn commands_that_need_a_shell_stay() {
        for command in ["A=1 run", "echo $HOME", "a && b", "run > log", "sh -c 'x'", "start *.conf"]
        {
            let text = format!("FROM alpine\nCMD {command}\n");
            assert!(refactors(&Parse::new(&text), TextRange::new(0, 99)).is_empty(), "{command}");
        }
    }
}
