//! The Dockerfile syntax tree: lossless, error-tolerant and incremental.
//!
//! A [`Parse`] is a list of nodes (byte-order mark, blank line, comment,
//! parser directive, instruction) that together cover every byte of the
//! source, in order. An instruction node spans its continuation lines (with
//! the comments and blank lines inside them) and its heredoc bodies.
//! Nothing inside a node refers to absolute offsets, so an edit reparses only
//! the nodes it touches and moves the others ([`Parse::apply_edit`]).
//!
//! Parsing never fails: what BuildKit would reject is a [`SyntaxError`] on
//! the node (reported as DF100), and parsing goes on at the next line.

mod incremental;
mod logical;
mod parser;
#[cfg(test)]
mod tests;
pub mod words;

use std::sync::Arc;

pub use logical::LogicalText;
pub use words::{FlagToken, JsonString, VariableReference};

use crate::rule::Language;
use crate::suppression::{CommentSite, Suppressions};
use crate::text::{TextEdit, TextRange, to_u32};

/// A parsed Dockerfile.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Parse {
    text: String,
    nodes: Vec<Node>,
    escape: char,
}

/// A top-level node. Its data is shared between versions of the tree, so
/// that an edit elsewhere costs nothing here.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Node {
    start: u32,
    data: Arc<NodeData>,
}

#[derive(Clone, PartialEq, Eq, Debug)]
pub struct NodeData {
    len: u32,
    kind: NodeKind,
    /// Problems found in this node, with ranges relative to its start.
    errors: Vec<SyntaxError>,
}

#[derive(Clone, PartialEq, Eq, Debug)]
#[allow(
    clippy::large_enum_variant,
    reason = "a node lives behind one Arc and most nodes are instructions: boxing would add a second allocation to the common case"
)]
pub enum NodeKind {
    Bom,
    Blank,
    Comment,
    Directive(DirectiveData),
    Instruction(InstructionData),
}

/// A parser directive: `# syntax=`, `# escape=` or `# check=`.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct DirectiveData {
    /// Lower case.
    key: String,
    key_range: TextRange,
    value_range: TextRange,
}

#[derive(Clone, PartialEq, Eq, Debug)]
pub struct InstructionData {
    logical: LogicalText,
    head: Head,
    /// The instruction an ONBUILD registers.
    trigger: Option<Box<Head>>,
    heredocs: Vec<HeredocData>,
    /// Where the instruction's own lines end and heredoc bodies begin.
    header_end: u32,
    /// Comment lines inside the continuation (relative source ranges).
    comments: Vec<TextRange>,
    /// What rules read again and again, worked out once per node: a node
    /// that an edit does not touch keeps it, so a keystroke pays only for
    /// the instructions it changes.
    facts: Cache<Facts>,
}

/// A lazily filled cache that does not take part in equality: two trees are
/// equal whether or not their caches have been filled.
#[derive(Clone, Debug)]
pub struct Cache<T>(std::sync::OnceLock<T>);

impl<T> Default for Cache<T> {
    fn default() -> Cache<T> {
        Cache(std::sync::OnceLock::new())
    }
}

impl<T> PartialEq for Cache<T> {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl<T> Eq for Cache<T> {}

/// Facts about an instruction's own head (not an ONBUILD trigger's).
#[derive(Clone, Debug)]
struct Facts {
    /// The arguments as quoted words (ENV, LABEL and ARG read them so).
    quoted_words: Vec<TextRange>,
    /// The names an ARG or ENV sets.
    declarations: Vec<Declaration>,
    /// Every `$NAME` of the logical text, flags included.
    references: Vec<VariableReference>,
}

/// A name that ARG or ENV sets, and its value.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Declaration {
    /// The name, in the logical text.
    pub name: TextRange,
    /// The value with quotes removed (variables as written); `None` for
    /// `ARG NAME` without a default.
    pub value: Option<String>,
}

/// Keyword, flags and arguments, in logical-text ranges.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Head {
    keyword: Keyword,
    keyword_range: TextRange,
    flags: Vec<FlagToken>,
    arguments: TextRange,
    exec: Option<Vec<JsonString>>,
    json_trailing: Option<TextRange>,
}

#[derive(Clone, PartialEq, Eq, Debug)]
pub struct HeredocData {
    /// The `<<EOF` word, in the logical text.
    marker: TextRange,
    name: String,
    strip_tabs: bool,
    /// Whether variables in the body expand (the name was not quoted).
    expands: bool,
    descriptor: Option<u32>,
    /// The body lines (relative source range, line breaks included).
    body: TextRange,
    /// The terminator line's name, or `None` when unterminated.
    terminator: Option<TextRange>,
}

/// Something BuildKit would reject, or a mistake it silently accepts.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct SyntaxError {
    pub range: TextRange,
    pub message: String,
}

impl SyntaxError {
    pub fn new(range: TextRange, message: String) -> SyntaxError {
        SyntaxError { range, message }
    }
}

/// The instruction keywords.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Keyword {
    Add,
    Arg,
    Cmd,
    Copy,
    Entrypoint,
    Env,
    Expose,
    From,
    Healthcheck,
    Label,
    Maintainer,
    Onbuild,
    Run,
    Shell,
    Stopsignal,
    User,
    Volume,
    Workdir,
    Unknown,
}

impl Keyword {
    pub const ALL: [Keyword; 18] = [
        Keyword::Add,
        Keyword::Arg,
        Keyword::Cmd,
        Keyword::Copy,
        Keyword::Entrypoint,
        Keyword::Env,
        Keyword::Expose,
        Keyword::From,
        Keyword::Healthcheck,
        Keyword::Label,
        Keyword::Maintainer,
        Keyword::Onbuild,
        Keyword::Run,
        Keyword::Shell,
        Keyword::Stopsignal,
        Keyword::User,
        Keyword::Volume,
        Keyword::Workdir,
    ];

    /// The keyword a word names, in any case.
    pub fn from_word(word: &str) -> Keyword {
        Keyword::ALL
            .into_iter()
            .find(|keyword| keyword.as_str().eq_ignore_ascii_case(word))
            .unwrap_or(Keyword::Unknown)
    }

    /// Upper case, as written by convention.
    pub fn as_str(self) -> &'static str {
        match self {
            Keyword::Add => "ADD",
            Keyword::Arg => "ARG",
            Keyword::Cmd => "CMD",
            Keyword::Copy => "COPY",
            Keyword::Entrypoint => "ENTRYPOINT",
            Keyword::Env => "ENV",
            Keyword::Expose => "EXPOSE",
            Keyword::From => "FROM",
            Keyword::Healthcheck => "HEALTHCHECK",
            Keyword::Label => "LABEL",
            Keyword::Maintainer => "MAINTAINER",
            Keyword::Onbuild => "ONBUILD",
            Keyword::Run => "RUN",
            Keyword::Shell => "SHELL",
            Keyword::Stopsignal => "STOPSIGNAL",
            Keyword::User => "USER",
            Keyword::Volume => "VOLUME",
            Keyword::Workdir => "WORKDIR",
            Keyword::Unknown => "",
        }
    }

    /// ADD, COPY and RUN take heredocs (BuildKit's `heredocDirectives`).
    pub fn can_contain_heredoc(self) -> bool {
        matches!(self, Keyword::Add | Keyword::Copy | Keyword::Run)
    }

    /// The instructions whose arguments Docker expands variables in
    /// (everything but the commands, which the shell expands at run time).
    pub fn expands_variables(self) -> bool {
        matches!(
            self,
            Keyword::Add
                | Keyword::Arg
                | Keyword::Copy
                | Keyword::Env
                | Keyword::Expose
                | Keyword::From
                | Keyword::Label
                | Keyword::Stopsignal
                | Keyword::User
                | Keyword::Volume
                | Keyword::Workdir
        )
    }
}

impl Parse {
    /// Parses a whole text.
    pub fn new(text: &str) -> Parse {
        let (nodes, state) = parser::parse_nodes(text);
        Parse { text: text.to_owned(), nodes, escape: state.escape }
    }

    /// The source text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The escape character (`\`, or `` ` `` after `# escape=`` ` ``).
    pub fn escape(&self) -> char {
        self.escape
    }

    /// Applies an edit, reparsing only the nodes it touches; the result is
    /// equal to parsing the edited text from scratch.
    pub fn apply_edit(&self, edit: &TextEdit) -> Parse {
        incremental::reparse(self, edit)
    }

    /// The length of the node that starts at `start`.
    fn node_len_at(&self, start: u32) -> u32 {
        let index = self.nodes.partition_point(|node| node.start < start);
        self.nodes.get(index).map_or(0, |node| node.data.len)
    }

    /// The nodes, in order; their texts concatenate to the source.
    pub fn nodes(&self) -> impl Iterator<Item = NodeRef<'_>> {
        self.nodes.iter().map(move |node| NodeRef { parse: self, node })
    }

    /// The instructions, in order.
    pub fn instructions(&self) -> impl Iterator<Item = Instruction<'_>> {
        self.nodes().filter_map(|node| node.instruction())
    }

    /// Every syntax error, with absolute ranges.
    pub fn errors(&self) -> impl Iterator<Item = SyntaxError> + '_ {
        self.nodes.iter().flat_map(|node| {
            node.data.errors.iter().map(move |error| SyntaxError {
                range: error.range.shifted(node.start),
                message: error.message.clone(),
            })
        })
    }

    /// The parser directives at the top of the file.
    pub fn directives(&self) -> impl Iterator<Item = Directive<'_>> {
        self.nodes().filter_map(|node| match &node.node.data.kind {
            NodeKind::Directive(data) => {
                Some(Directive { node: node.node, data, text: &self.text })
            }
            _ => None,
        })
    }

    /// The suppression comments: a top-level comment applies to the next
    /// instruction, wherever blank lines and other comments put it.
    pub fn suppressions(&self) -> Suppressions {
        let mut sites = Vec::new();
        let mut next_instruction: Option<TextRange> = None;
        for node in self.nodes.iter().rev() {
            match &node.data.kind {
                NodeKind::Instruction(_) => next_instruction = Some(node.range()),
                NodeKind::Comment => {
                    let range = node.range();
                    let text = range.slice(&self.text).trim();
                    if text.contains("ignore") {
                        sites.push(CommentSite {
                            text,
                            range: TextRange::at(range.start, text.len()),
                            next: next_instruction,
                        });
                    }
                }
                _ => {}
            }
        }
        sites.reverse();
        Suppressions::collect(Language::Dockerfile, to_u32(self.text.len()), sites)
    }
}

impl Node {
    pub fn range(&self) -> TextRange {
        TextRange::at(self.start, self.data.len as usize)
    }
}

/// A node with access to the source.
#[derive(Clone, Copy, Debug)]
pub struct NodeRef<'a> {
    parse: &'a Parse,
    node: &'a Node,
}

impl<'a> NodeRef<'a> {
    pub fn range(&self) -> TextRange {
        self.node.range()
    }

    pub fn text(&self) -> &'a str {
        self.range().slice(&self.parse.text)
    }

    pub fn kind(&self) -> &'a NodeKind {
        &self.node.data.kind
    }

    pub fn is_comment(&self) -> bool {
        matches!(self.node.data.kind, NodeKind::Comment)
    }

    pub fn instruction(&self) -> Option<Instruction<'a>> {
        match &self.node.data.kind {
            NodeKind::Instruction(data) => Some(Instruction {
                parse: self.parse,
                start: self.node.start,
                data,
                head: &data.head,
            }),
            _ => None,
        }
    }
}

/// A parser directive.
#[derive(Clone, Copy, Debug)]
pub struct Directive<'a> {
    node: &'a Node,
    data: &'a DirectiveData,
    text: &'a str,
}

impl<'a> Directive<'a> {
    /// `syntax`, `escape` or `check`.
    pub fn key(&self) -> &'a str {
        &self.data.key
    }

    pub fn value(&self) -> &'a str {
        self.value_range().slice(self.text)
    }

    pub fn key_range(&self) -> TextRange {
        self.data.key_range.shifted(self.node.start)
    }

    pub fn value_range(&self) -> TextRange {
        self.data.value_range.shifted(self.node.start)
    }

    pub fn range(&self) -> TextRange {
        self.node.range()
    }
}

/// An instruction, with typed access to its parts. Every range it returns
/// is absolute (a byte range of the source).
#[derive(Clone, Copy, Debug)]
pub struct Instruction<'a> {
    parse: &'a Parse,
    start: u32,
    data: &'a InstructionData,
    head: &'a Head,
}

impl PartialEq for Instruction<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.start == other.start && std::ptr::eq(self.head, other.head)
    }
}

impl Eq for Instruction<'_> {}

impl<'a> Instruction<'a> {
    /// The whole node: the instruction's lines and its heredoc bodies.
    pub fn range(&self) -> TextRange {
        let len = match self.data.heredocs.last() {
            Some(heredoc) => heredoc.terminator.map_or(heredoc.body.end, |t| t.end),
            None => self.logical_end_in_source(),
        };
        TextRange::new(self.start, self.start + len)
    }

    /// The instruction's own lines, from its keyword to the end of its last
    /// continuation line (heredoc bodies excluded).
    pub fn header_range(&self) -> TextRange {
        TextRange::new(self.start, self.start + self.logical_end_in_source())
    }

    fn logical_end_in_source(&self) -> u32 {
        let logical = &self.data.logical;
        if logical.is_empty() {
            return 0;
        }
        logical.to_source(logical.len() - 1) + 1
    }

    /// The whole node, up to and including the line break that ends its
    /// last line: a line inserted at its end goes after the instruction.
    pub fn node_range(&self) -> TextRange {
        let node_len = self.parse.node_len_at(self.start);
        TextRange::at(self.start, node_len as usize)
    }

    pub fn keyword(&self) -> Keyword {
        self.head.keyword
    }

    /// The keyword as written (any case).
    pub fn keyword_text(&self) -> &'a str {
        self.logical_slice(self.head.keyword_range)
    }

    pub fn keyword_range(&self) -> TextRange {
        self.to_source(self.head.keyword_range)
    }

    /// The instruction's logical text: one line, continuations removed.
    pub fn logical_text(&self) -> &'a str {
        self.data.logical.as_str()
    }

    /// The absolute source range of a range of the logical text.
    pub fn to_source(&self, logical: TextRange) -> TextRange {
        self.data.logical.range_to_source(logical).shifted(self.start)
    }

    /// The text of a logical range.
    pub fn logical_slice(&self, logical: TextRange) -> &'a str {
        logical.slice(self.data.logical.as_str())
    }

    pub fn flags(&self) -> impl Iterator<Item = Flag<'a>> + 'a {
        let instruction = *self;
        self.head.flags.iter().map(move |token| Flag { instruction, token })
    }

    /// The first flag of that name (without `--`).
    pub fn flag(&self, name: &str) -> Option<Flag<'a>> {
        self.flags().find(|flag| flag.name() == name)
    }

    /// The arguments after keyword and flags, as one logical line.
    pub fn arguments(&self) -> &'a str {
        self.logical_slice(self.head.arguments)
    }

    /// The arguments' range in the logical text.
    pub fn arguments_logical_range(&self) -> TextRange {
        self.head.arguments
    }

    pub fn arguments_range(&self) -> TextRange {
        self.to_source(self.head.arguments)
    }

    /// The exec-form strings, when the arguments are a JSON array.
    pub fn exec_form(&self) -> Option<&'a [JsonString]> {
        self.head.exec.as_deref()
    }

    /// The arguments split on blanks, as BuildKit reads FROM, EXPOSE and the
    /// shell form of COPY, ADD and VOLUME: (text, logical range).
    pub fn blank_separated_arguments(&self) -> Vec<(&'a str, TextRange)> {
        let text = self.data.logical.as_str();
        words::split_blanks(
            &text[..self.head.arguments.end as usize],
            self.head.arguments.start as usize,
        )
        .into_iter()
        .map(|range| (range.slice(text), range))
        .collect()
    }

    /// The arguments split into quoted words, as BuildKit reads ENV, LABEL
    /// and ARG: (text with quotes, logical range).
    pub fn quoted_words(&self) -> Vec<(&'a str, TextRange)> {
        let text = self.data.logical.as_str();
        let ranges = match self.facts() {
            Some(facts) => std::borrow::Cow::Borrowed(facts.quoted_words.as_slice()),
            None => std::borrow::Cow::Owned(quoted_word_ranges(text, self.head, self.parse.escape)),
        };
        ranges.iter().map(|range| (range.slice(text), *range)).collect()
    }

    /// The names an ARG or ENV sets, with their values.
    pub fn declarations(&self) -> Vec<Declaration> {
        match self.facts() {
            Some(facts) => facts.declarations.clone(),
            None => declarations(self.data.logical.as_str(), self.head, self.parse.escape),
        }
    }

    /// The names an ARG or ENV sets, without copying them.
    pub fn declared_names(&self) -> Vec<&'a str> {
        let text = self.data.logical.as_str();
        match self.facts() {
            Some(facts) => facts.declarations.iter().map(|d| d.name.slice(text)).collect(),
            None => declarations(text, self.head, self.parse.escape)
                .iter()
                .map(|d| d.name.slice(text))
                .collect(),
        }
    }

    /// The instruction's cached facts, for its own head only.
    fn facts(&self) -> Option<&'a Facts> {
        if !std::ptr::eq(self.head, &self.data.head) {
            return None;
        }
        let (text, head, escape) = (self.data.logical.as_str(), &self.data.head, self.parse.escape);
        Some(self.data.facts.0.get_or_init(|| Facts {
            quoted_words: quoted_word_ranges(text, head, escape),
            declarations: declarations(text, head, escape),
            references: if text.contains('$') {
                words::variable_references(text, TextRange::new(0, to_u32(text.len())), escape)
            } else {
                Vec::new()
            },
        }))
    }

    /// The variable references in a logical range.
    pub fn variable_references(&self, logical: TextRange) -> Vec<VariableReference> {
        if !logical.slice(self.data.logical.as_str()).contains('$') {
            return Vec::new();
        }
        match self.facts() {
            Some(facts) => facts
                .references
                .iter()
                .filter(|reference| logical.contains_range(reference.range))
                .cloned()
                .collect(),
            None => {
                words::variable_references(self.data.logical.as_str(), logical, self.parse.escape)
            }
        }
    }

    /// Whether the instruction's text holds a `$` anywhere (a cheap test
    /// before looking for variables).
    pub fn mentions_variables(&self) -> bool {
        self.data.logical.as_str().contains('$')
    }

    pub fn heredocs(&self) -> impl Iterator<Item = Heredoc<'a>> + 'a {
        let instruction = *self;
        self.data.heredocs.iter().map(move |data| Heredoc { instruction, data })
    }

    /// The ONBUILD trigger, as an instruction of its own.
    pub fn trigger(&self) -> Option<Instruction<'a>> {
        self.data.trigger.as_deref().map(|head| Instruction { head, ..*self })
    }

    /// Comment lines inside the instruction's continuation.
    pub fn inner_comments(&self) -> impl Iterator<Item = TextRange> + 'a {
        let start = self.start;
        self.data.comments.iter().map(move |range| range.shifted(start))
    }

    /// The source text of the node.
    pub fn text(&self) -> &'a str {
        self.range().slice(&self.parse.text)
    }

    /// The whole source, for rules that look around.
    pub fn source(&self) -> &'a str {
        &self.parse.text
    }
}

/// A `--name=value` flag of an instruction.
#[derive(Clone, Copy, Debug)]
pub struct Flag<'a> {
    instruction: Instruction<'a>,
    token: &'a FlagToken,
}

impl<'a> Flag<'a> {
    pub fn name(&self) -> &'a str {
        self.instruction.logical_slice(self.token.name)
    }

    /// The value with quotes removed, if the flag has `=`.
    pub fn value(&self) -> Option<&'a str> {
        self.token.unquoted_value.as_deref()
    }

    pub fn range(&self) -> TextRange {
        self.instruction.to_source(self.token.range)
    }

    pub fn name_range(&self) -> TextRange {
        self.instruction.to_source(self.token.name)
    }

    pub fn value_range(&self) -> Option<TextRange> {
        self.token.value.map(|value| self.instruction.to_source(value))
    }

    /// The value's range in the logical text.
    pub fn value_logical_range(&self) -> Option<TextRange> {
        self.token.value
    }
}

/// A heredoc of an instruction.
#[derive(Clone, Copy, Debug)]
pub struct Heredoc<'a> {
    instruction: Instruction<'a>,
    data: &'a HeredocData,
}

impl<'a> Heredoc<'a> {
    pub fn name(&self) -> &'a str {
        &self.data.name
    }

    pub fn marker_range(&self) -> TextRange {
        self.instruction.to_source(self.data.marker)
    }

    /// The body's lines, line breaks included, as written.
    pub fn body(&self) -> &'a str {
        self.body_range().slice(&self.instruction.parse.text)
    }

    pub fn body_range(&self) -> TextRange {
        self.data.body.shifted(self.instruction.start)
    }

    pub fn terminator_range(&self) -> Option<TextRange> {
        self.data.terminator.map(|range| range.shifted(self.instruction.start))
    }

    /// `<<-`: leading tabs are stripped from the body and terminator.
    pub fn strips_tabs(&self) -> bool {
        self.data.strip_tabs
    }

    /// Whether variables expand in the body (the name was not quoted).
    pub fn expands(&self) -> bool {
        self.data.expands
    }

    /// The file descriptor before `<<` (`2<<EOF`), if given.
    pub fn descriptor(&self) -> Option<u32> {
        self.data.descriptor
    }
}

/// The quoted words of a head's arguments.
fn quoted_word_ranges(text: &str, head: &Head, escape: char) -> Vec<TextRange> {
    words::split_words(&text[..head.arguments.end as usize], head.arguments.start as usize, escape)
}

/// What an ARG (`NAME[=default] ...`) or ENV (`NAME=value ...`, or the old
/// `NAME value`) declares.
fn declarations(text: &str, head: &Head, escape: char) -> Vec<Declaration> {
    let words = quoted_word_ranges(text, head, escape);
    match head.keyword {
        Keyword::Arg => words
            .iter()
            .map(|range| {
                let word = range.slice(text);
                match word.split_once('=') {
                    Some((name, value)) => Declaration {
                        name: TextRange::at(range.start, name.len()),
                        value: Some(words::unquote(value, escape)),
                    },
                    None => Declaration { name: *range, value: None },
                }
            })
            .collect(),
        Keyword::Env => {
            let Some(first) = words.first() else { return Vec::new() };
            if !first.slice(text).contains('=') {
                // The old form: the rest of the line is the value.
                let rest = text[first.end as usize..head.arguments.end as usize].trim();
                return vec![Declaration { name: *first, value: Some(rest.to_owned()) }];
            }
            words
                .iter()
                .filter_map(|range| {
                    let (name, value) = range.slice(text).split_once('=')?;
                    Some(Declaration {
                        name: TextRange::at(range.start, name.len()),
                        value: Some(words::unquote(value, escape)),
                    })
                })
                .collect()
        }
        _ => Vec::new(),
    }
}
