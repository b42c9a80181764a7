//! A light reading of the shell commands in RUN: enough to find which
//! programs run with which arguments, not a shell. Quotes group words,
//! backslashes escape, and `&&`, `||`, `;`, `|`, `&`, newlines and
//! parentheses separate simple commands.

use crate::text::{TextRange, to_u32};

/// A word of a command, with quotes and escapes removed.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Word {
    pub text: String,
    /// The word as written, in the input's offsets.
    pub range: TextRange,
}

/// How a simple command is joined to the next one.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Separator {
    And,
    Or,
    Semicolon,
    Pipe,
    Background,
    Newline,
    End,
}

/// A program and its arguments, with what comes after it.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct SimpleCommand {
    pub words: Vec<Word>,
    pub separator: Separator,
}

impl SimpleCommand {
    /// The program, skipping `VAR=value` assignments and wrappers that run
    /// another command (`sudo`, `env`, `nice`, `time`, `exec`, `command`).
    pub fn program(&self) -> Option<&Word> {
        self.program_index().map(|index| &self.words[index])
    }

    /// The index of the program word.
    pub fn program_index(&self) -> Option<usize> {
        let mut index = 0;
        while index < self.words.len() {
            let word = &self.words[index].text;
            let is_assignment = word.split_once('=').is_some_and(|(name, _)| {
                !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            });
            if is_assignment {
                index += 1;
                continue;
            }
            let name = base_name(word);
            if matches!(name, "sudo" | "env" | "nice" | "time" | "exec" | "command" | "nohup") {
                // Skip the wrapper and its options.
                index += 1;
                while index < self.words.len() && self.words[index].text.starts_with('-') {
                    index += 1;
                }
                continue;
            }
            return Some(index);
        }
        None
    }

    /// The program's name without its directory (`/usr/bin/apt-get` is `apt-get`).
    pub fn program_name(&self) -> Option<&str> {
        self.program().map(|word| base_name(&word.text))
    }

    /// The words after the program.
    pub fn arguments(&self) -> &[Word] {
        match self.program_index() {
            Some(index) => &self.words[index + 1..],
            None => &[],
        }
    }

    /// Whether an argument equals one of `options` (`-y`, `--yes`), or,
    /// for single-letter options, is a bundle holding it (`-qy`).
    pub fn has_option(&self, options: &[&str]) -> bool {
        self.arguments().iter().any(|word| {
            let text = word.text.as_str();
            options.iter().any(|option| {
                text == *option
                    || text.starts_with(&format!("{option}="))
                    || (option.len() == 2
                        && option.starts_with('-')
                        && !option.starts_with("--")
                        && text.starts_with('-')
                        && !text.starts_with("--")
                        && text[1..].contains(&option[1..]))
            })
        })
    }

    /// The first argument that is not an option: a subcommand (`install`).
    pub fn subcommand(&self) -> Option<&Word> {
        self.arguments().iter().find(|word| !word.text.starts_with('-'))
    }
}

/// The name of a program without its directory.
pub fn base_name(word: &str) -> &str {
    word.rsplit('/').next().unwrap_or(word)
}

/// Splits shell text into simple commands. Inside the shell the backslash
/// always escapes, whatever the Dockerfile's escape character.
pub fn parse_commands(text: &str) -> Vec<SimpleCommand> {
    let mut commands = Vec::new();
    let mut words: Vec<Word> = Vec::new();
    let mut current = String::new();
    let mut word_start: Option<usize> = None;
    let mut chars = text.char_indices().peekable();

    let finish_word = |words: &mut Vec<Word>,
                       current: &mut String,
                       word_start: &mut Option<usize>,
                       end: usize| {
        if let Some(start) = word_start.take() {
            words.push(Word {
                text: std::mem::take(current),
                range: TextRange::new(to_u32(start), to_u32(end)),
            });
        }
    };
    let finish_command =
        |commands: &mut Vec<SimpleCommand>, words: &mut Vec<Word>, separator: Separator| {
            if !words.is_empty() {
                commands.push(SimpleCommand { words: std::mem::take(words), separator });
            }
        };

    while let Some((index, c)) = chars.next() {
        match c {
            '\'' | '"' => {
                word_start.get_or_insert(index);
                let quote = c;
                while let Some((_, inner)) = chars.next() {
                    if inner == quote {
                        break;
                    }
                    if inner == '\\'
                        && quote == '"'
                        && let Some(&(_, escaped)) = chars.peek()
                    {
                        if matches!(escaped, '"' | '\\' | '$' | '`') {
                            chars.next();
                            current.push(escaped);
                            continue;
                        }
                        if escaped == '\n' {
                            chars.next();
                            continue;
                        }
                    }
                    current.push(inner);
                }
            }
            '\\' => {
                match chars.next() {
                    // A backslash-newline joins lines.
                    Some((_, '\n')) => {}
                    Some((_, escaped)) => {
                        word_start.get_or_insert(index);
                        current.push(escaped);
                    }
                    None => {}
                }
            }
            '#' if word_start.is_none() => {
                // A comment runs to the end of the line.
                while let Some(&(_, next)) = chars.peek() {
                    if next == '\n' {
                        break;
                    }
                    chars.next();
                }
            }
            c if c == ' ' || c == '\t' || c == '\r' => {
                finish_word(&mut words, &mut current, &mut word_start, index);
            }
            // Parentheses always separate; braces only where a word starts.
            '\n' | ';' | '(' | ')' | '{' | '}'
                if word_start.is_none() || !matches!(c, '{' | '}') =>
            {
                finish_word(&mut words, &mut current, &mut word_start, index);
                let separator = match c {
                    '\n' => Separator::Newline,
                    _ => Separator::Semicolon,
                };
                finish_command(&mut commands, &mut words, separator);
            }
            '&' | '|' => {
                finish_word(&mut words, &mut current, &mut word_start, index);
                let doubled = chars.peek().is_some_and(|&(_, next)| next == c);
                if doubled {
                    chars.next();
                }
                let separator = match (c, doubled) {
                    ('&', true) => Separator::And,
                    ('&', false) => Separator::Background,
                    ('|', true) => Separator::Or,
                    _ => Separator::Pipe,
                };
                // `>&2` and `2>&1` are redirections, not separators.
                let is_redirection = c == '&' && !doubled && text[..index].ends_with('>');
                if is_redirection {
                    word_start.get_or_insert(index);
                    current.push(c);
                } else {
                    finish_command(&mut commands, &mut words, separator);
                }
            }
            _ => {
                word_start.get_or_insert(index);
                current.push(c);
            }
        }
    }
    finish_word(&mut words, &mut current, &mut word_start, text.len());
    finish_command(&mut commands, &mut words, Separator::End);
    commands
}

#[cfg(test)]
mod tests {
    use super::*;

    fn programs(text: &str) -> Vec<String> {
        parse_commands(text).iter().filter_map(|c| c.program_name().map(str::to_owned)).collect()
    }

    #[test]
    fn splits_on_operators_and_skips_wrappers() {
        assert_eq!(
            programs(
                "apt-get update && sudo -E apt-get install -y curl; DEBIAN_FRONTEND=x /usr/bin/env foo | sh"
            ),
            ["apt-get", "apt-get", "foo", "sh"]
        );
        assert_eq!(programs("(cd /x && make) || echo 'a && b' # && rm"), ["cd", "make", "echo"]);
    }

    #[test]
    fn words_lose_quotes_but_keep_ranges() {
        let text = r#"echo "a b" c\ d 'e'"#;
        let commands = parse_commands(text);
        let words: Vec<&str> = commands[0].words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(words, ["echo", "a b", "c d", "e"]);
        assert_eq!(commands[0].words[1].range.slice(text), "\"a b\"");
    }

    #[test]
    fn options_and_bundles() {
        let command = &parse_commands("apt-get install -qy --no-install-recommends=1 curl")[0];
        assert!(command.has_option(&["-y"]));
        assert!(command.has_option(&["--no-install-recommends"]));
        assert!(!command.has_option(&["--yes"]));
        assert_eq!(command.subcommand().unwrap().text, "install");
    }

    #[test]
    fn redirections_are_not_separators() {
        assert_eq!(programs("cat file >&2 && echo ok 2>&1"), ["cat", "echo"]);
    }
}
