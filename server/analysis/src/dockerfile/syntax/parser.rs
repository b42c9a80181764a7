//! Cutting a Dockerfile into nodes and reading each instruction, following
//! BuildKit's parser line for line (`frontend/dockerfile/parser/parser.go`):
//! lines end at `\n`; a line ending in the escape character (then blanks)
//! continues, unless the escape is itself escaped; comment and blank lines
//! inside a continuation are dropped; heredoc bodies follow the instruction
//! in the order their markers appear.
//!
//! Where BuildKit stops with an error, this parser records it and goes on.

use std::sync::Arc;

use super::logical::LogicalText;
use super::words::{self, JsonArray};
use super::{
    DirectiveData, Head, HeredocData, InstructionData, Keyword, Node, NodeData, NodeKind,
    SyntaxError,
};
use crate::text::{TextRange, to_u32};

/// The UTF-8 byte-order mark, which BuildKit strips from the first line.
pub const BOM: &str = "\u{feff}";

/// What the parser carries from one node to the next.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct State {
    pub escape: char,
    /// Whether parser directives are no longer looked for.
    pub directives_done: bool,
    pub seen_syntax: bool,
    pub seen_escape: bool,
    pub seen_check: bool,
}

impl Default for State {
    fn default() -> State {
        State {
            escape: '\\',
            directives_done: false,
            seen_syntax: false,
            seen_escape: false,
            seen_check: false,
        }
    }
}

/// Parses the whole text into nodes.
pub fn parse_nodes(text: &str) -> (Vec<Node>, State) {
    let mut state = State::default();
    let mut nodes = Vec::new();
    let mut position = 0;
    if text.starts_with(BOM) {
        nodes.push(Node {
            start: 0,
            data: Arc::new(NodeData {
                len: to_u32(BOM.len()),
                kind: NodeKind::Bom,
                errors: Vec::new(),
            }),
        });
        position = BOM.len();
    }
    while position < text.len() {
        let node = parse_node(text, position, &mut state);
        position += node.len as usize;
        nodes.push(Node { start: to_u32(position) - node.len, data: Arc::new(node) });
    }
    (nodes, state)
}

/// One physical line: `[start, content_end)` is its text without trailing
/// `\r` and `\n` characters, `end` is after its `\n` (or the end of text).
#[derive(Clone, Copy, Debug)]
struct Line {
    start: usize,
    content_end: usize,
    end: usize,
}

fn line_at(text: &str, start: usize) -> Line {
    let end = text[start..].find('\n').map_or(text.len(), |index| start + index + 1);
    let content = text[start..end].trim_end_matches(['\r', '\n']);
    Line { start, content_end: start + content.len(), end }
}

/// Parses the node that starts at `start`, which is a line start (or just
/// after the byte-order mark).
pub fn parse_node(text: &str, start: usize, state: &mut State) -> NodeData {
    let line = line_at(text, start);
    let raw = &text[start..line.content_end];
    let trimmed = raw.trim_start();
    let indent = raw.len() - trimmed.len();
    let whole_line = to_u32(line.end - start);

    if !state.directives_done {
        if let Some(directive) = parse_directive(trimmed, indent, state) {
            return directive.with_len(whole_line);
        }
        state.directives_done = true;
    }
    if trimmed.is_empty() {
        return NodeData { len: whole_line, kind: NodeKind::Blank, errors: Vec::new() };
    }
    if trimmed.starts_with('#') {
        return NodeData { len: whole_line, kind: NodeKind::Comment, errors: Vec::new() };
    }
    parse_instruction(text, start, indent, state.escape)
}

struct PendingNode {
    kind: NodeKind,
    errors: Vec<SyntaxError>,
}

impl PendingNode {
    fn with_len(self, len: u32) -> NodeData {
        NodeData { len, kind: self.kind, errors: self.errors }
    }
}

/// Reads `# key=value` as BuildKit's `possibleParserDirective`. Returns
/// `None` when the line is not a directive, which ends the directives.
fn parse_directive(trimmed: &str, indent: usize, state: &mut State) -> Option<PendingNode> {
    let body = trimmed.strip_prefix('#')?;
    let after_hash = body.len() - body.trim_start_matches(is_go_space).len();
    let key_text = &body[after_hash..];
    let first = key_text.chars().next()?;
    if !first.is_ascii_alphabetic() {
        return None;
    }
    let key_len = key_text.chars().take_while(char::is_ascii_alphanumeric).count();
    let after_key = &key_text[key_len..];
    let spaces = after_key.len() - after_key.trim_start_matches(is_go_space).len();
    let after_equals = after_key[spaces..].strip_prefix('=')?;
    let value_text = after_equals.trim_matches(is_go_space);
    if value_text.is_empty() {
        return None;
    }
    let key = key_text[..key_len].to_ascii_lowercase();
    let seen = match key.as_str() {
        "syntax" => &mut state.seen_syntax,
        "escape" => &mut state.seen_escape,
        "check" => &mut state.seen_check,
        _ => return None,
    };
    let key_start = indent + 1 + after_hash;
    let key_range = range(key_start, key_start + key_len);
    let value_start = key_start
        + key_len
        + spaces
        + 1
        + (after_equals.len() - after_equals.trim_start_matches(is_go_space).len());
    let value_range = range(value_start, value_start + value_text.len());
    let mut errors = Vec::new();
    if *seen {
        errors.push(SyntaxError::new(
            key_range.cover(value_range),
            format!("only one {key} parser directive can be used; this one is ignored"),
        ));
    } else {
        *seen = true;
        if key == "escape" {
            match value_text {
                "\\" => state.escape = '\\',
                "`" => state.escape = '`',
                _ => errors.push(SyntaxError::new(
                    value_range,
                    format!("invalid escape token `{value_text}`: use ` or \\"),
                )),
            }
        }
    }
    Some(PendingNode {
        kind: NodeKind::Directive(DirectiveData { key, key_range, value_range }),
        errors,
    })
}

/// Go's `\s` in regular expressions: ASCII blanks only.
fn is_go_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\u{c}' | '\r')
}

/// Removes a trailing line continuation: the escape character followed by
/// blanks, unless the escape is itself escaped. Returns the text without it
/// and whether the line continues.
fn trim_continuation(line: &str, escape: char) -> (&str, bool) {
    let without_blanks = line.trim_end_matches([' ', '\t']);
    let Some(before) = without_blanks.strip_suffix(escape) else {
        return (line, false);
    };
    if before.ends_with(escape) {
        // `\\` at the end: an escaped escape, not a continuation.
        return (line, false);
    }
    (before, true)
}

/// The known instruction keywords, for the unterminated-heredoc recovery.
fn starts_with_keyword(line: &str) -> bool {
    let word_end = line.find(|c: char| c.is_whitespace()).unwrap_or(line.len());
    Keyword::from_word(&line[..word_end]) != Keyword::Unknown
}

fn parse_instruction(text: &str, start: usize, indent: usize, escape: char) -> NodeData {
    let mut errors = Vec::new();
    let mut logical = LogicalText::new();
    let mut comments = Vec::new();
    let relative = |offset: usize| to_u32(offset - start);

    let first = line_at(text, start);
    let first_text = &text[start + indent..first.content_end];
    let (piece, mut continues) = trim_continuation(first_text, escape);
    logical.push(piece, relative(start + indent));
    let mut position = first.end;
    let mut last_content_end = first.content_end;
    while continues {
        if position >= text.len() {
            let at = relative(last_content_end);
            errors.push(SyntaxError::new(
                TextRange::new(at.saturating_sub(1), at),
                "the line continuation at the end of the file continues nothing".to_owned(),
            ));
            break;
        }
        let line = line_at(text, position);
        let raw = &text[position..line.content_end];
        position = line.end;
        let trimmed = raw.trim_start();
        if trimmed.starts_with('#') {
            comments.push(TextRange::new(relative(line.start), relative(line.content_end)));
            continue;
        }
        if trimmed.is_empty() {
            continue;
        }
        let (piece, more) = trim_continuation(raw, escape);
        logical.push(piece, relative(line.start));
        last_content_end = line.content_end;
        continues = more;
    }
    let header_end = relative(position);

    let head = parse_head(logical.as_str(), 0, &mut errors, &logical);
    let trigger = (head.keyword == Keyword::Onbuild && !head.arguments.is_empty()).then(|| {
        Box::new(parse_head(logical.as_str(), head.arguments.start as usize, &mut errors, &logical))
    });

    let heredoc_head = trigger.as_deref().unwrap_or(&head);
    let mut heredocs = Vec::new();
    let may_have_heredoc = logical.as_str().contains("<<");
    if may_have_heredoc && heredoc_head.keyword.can_contain_heredoc() && heredoc_head.exec.is_none()
    {
        for marker in heredoc_markers(logical.as_str()) {
            let body_start = position;
            let mut terminator = None;
            while position < text.len() {
                let line = line_at(text, position);
                let content = &text[line.start..line.content_end];
                let candidate =
                    if marker.strip_tabs { content.trim_start_matches('\t') } else { content };
                if candidate == marker.name {
                    terminator = Some(TextRange::new(
                        relative(line.content_end - candidate.len()),
                        relative(line.content_end),
                    ));
                    heredocs.push(HeredocData {
                        marker: marker.range,
                        name: marker.name.clone(),
                        strip_tabs: marker.strip_tabs,
                        expands: marker.expands,
                        descriptor: marker.descriptor,
                        body: TextRange::new(relative(body_start), relative(line.start)),
                        terminator,
                    });
                    position = line.end;
                    break;
                }
                position = line.end;
            }
            if terminator.is_none() {
                // BuildKit fails here. To keep the rest of the file useful
                // while the terminator is being typed, end the body before
                // the next line that starts with an instruction keyword.
                position = body_start;
                while position < text.len() {
                    let line = line_at(text, position);
                    if starts_with_keyword(&text[line.start..line.content_end]) {
                        break;
                    }
                    position = line.end;
                }
                errors.push(SyntaxError::new(
                    logical.range_to_source(marker.range),
                    format!("unterminated heredoc: no line `{}` ends it", marker.name),
                ));
                heredocs.push(HeredocData {
                    marker: marker.range,
                    name: marker.name,
                    strip_tabs: marker.strip_tabs,
                    expands: marker.expands,
                    descriptor: marker.descriptor,
                    body: TextRange::new(relative(body_start), relative(position)),
                    terminator: None,
                });
            }
        }
    }

    NodeData {
        len: relative(position),
        kind: NodeKind::Instruction(InstructionData {
            logical,
            head,
            trigger,
            heredocs,
            header_end,
            comments,
        }),
        errors,
    }
}

/// Reads keyword, flags and arguments from `text[from..]`, as BuildKit's
/// `splitCommand` and its per-instruction line parsers do.
fn parse_head(
    text: &str,
    from: usize,
    errors: &mut Vec<SyntaxError>,
    logical: &LogicalText,
) -> Head {
    let line = &text[from..];
    let leading = line.len() - line.trim_start().len();
    let keyword_start = from + leading;
    let keyword_end = text[keyword_start..]
        .find(|c: char| c.is_ascii() && words::is_blank_byte(c as u8))
        .map_or(text.len(), |index| keyword_start + index);
    let keyword_text = text[keyword_start..keyword_end].trim_end();
    let keyword_range = range(keyword_start, keyword_start + keyword_text.len());
    let keyword = Keyword::from_word(keyword_text);

    let (flags, arguments_start) = if keyword_end < text.len() {
        words::split_flags(text, keyword_end)
    } else {
        (Vec::new(), text.len())
    };
    let arguments_text = text[arguments_start..].trim_end();
    let arguments = range(arguments_start, arguments_start + arguments_text.len());
    let mut head =
        Head { keyword, keyword_range, flags, arguments, exec: None, json_trailing: None };

    let source = |r: TextRange| logical.range_to_source(r);
    let json_offset = match keyword {
        Keyword::Run
        | Keyword::Cmd
        | Keyword::Entrypoint
        | Keyword::Shell
        | Keyword::Add
        | Keyword::Copy
        | Keyword::Volume => Some(arguments_start),
        Keyword::Healthcheck => {
            // HEALTHCHECK [flags] CMD [...]: the command follows the type word.
            let rest = &text[arguments_start..];
            let type_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            Some(arguments_start + type_end)
        }
        _ => None,
    };
    if let Some(offset) = json_offset.filter(|_| !arguments.is_empty()) {
        match words::parse_json_array(text, offset) {
            JsonArray::NotJson => {}
            JsonArray::NotStrings { range } => errors.push(SyntaxError::new(
                source(range),
                "a JSON array here must hold only strings".to_owned(),
            )),
            JsonArray::Strings { items, trailing, .. } => {
                if let Some(trailing) = trailing {
                    errors.push(SyntaxError::new(
                        source(trailing),
                        "text after the JSON array is ignored by Docker".to_owned(),
                    ));
                }
                head.exec = Some(items);
                head.json_trailing = trailing;
            }
        }
    }
    if matches!(keyword, Keyword::Env | Keyword::Label) {
        check_name_values(text, &head, errors, logical);
    }
    head
}

/// ENV and LABEL take `name=value ...`, or the old `name value` form.
fn check_name_values(
    text: &str,
    head: &Head,
    errors: &mut Vec<SyntaxError>,
    logical: &LogicalText,
) {
    let arguments = head.arguments.slice(text);
    let pairs = words::split_words(text, head.arguments.start as usize, '\\');
    let Some(first) = pairs.first() else { return };
    let keyword = head.keyword.as_str();
    if !first.slice(text).contains('=') {
        let has_value = arguments
            .find(|c: char| c.is_ascii() && words::is_blank_byte(c as u8))
            .is_some_and(|split| !arguments[split..].trim().is_empty());
        if !has_value {
            errors.push(SyntaxError::new(
                logical.range_to_source(head.arguments),
                format!("{keyword} needs a name and a value: `{keyword} NAME=value`"),
            ));
        }
        return;
    }
    for word in pairs {
        if !word.slice(text).contains('=') {
            errors.push(SyntaxError::new(
                logical.range_to_source(word),
                format!("`{}` has no `=`: {keyword} takes name=value pairs", word.slice(text)),
            ));
        }
    }
}

/// A heredoc marker found on an instruction's line.
struct Marker {
    range: TextRange,
    name: String,
    strip_tabs: bool,
    expands: bool,
    descriptor: Option<u32>,
}

/// The heredoc markers of a logical line, as BuildKit's `heredocsFromLine`:
/// the line is cut into shell words (quotes and backslashes keep words
/// together and stay in them), and each word `[n]<<[-]NAME` is a marker.
fn heredoc_markers(line: &str) -> Vec<Marker> {
    let mut markers = Vec::new();
    for word in shell_words(line) {
        let text = word.slice(line);
        let digits = text.len() - text.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let Some(after) = text[digits..].strip_prefix("<<") else { continue };
        let (strip_tabs, rest) = match after.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, after),
        };
        if rest.is_empty() || rest.contains('<') {
            continue;
        }
        let unquoted = words::unquote(rest, '\\');
        if unquoted.is_empty() || shell_words(&unquoted).len() != 1 {
            continue;
        }
        let quoted = rest.contains(['"', '\'']);
        markers.push(Marker {
            range: word,
            name: unquoted,
            strip_tabs,
            expands: !quoted,
            descriptor: text[..digits].parse().ok(),
        });
    }
    markers
}

/// Whitespace-separated words where quotes and backslash escapes keep
/// blanks inside a word (the shell lexer's word splitting).
fn shell_words(line: &str) -> Vec<TextRange> {
    words::split_words(line, 0, '\\')
}

fn range(start: usize, end: usize) -> TextRange {
    TextRange::new(to_u32(start), to_u32(end))
}
