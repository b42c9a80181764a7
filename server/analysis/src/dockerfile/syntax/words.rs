//! Splitting an instruction's logical text the ways BuildKit does: builder
//! flags, quoted words, plain whitespace, JSON arrays, and the variable
//! references inside words. Every piece keeps its range in the logical text.

use crate::text::{TextRange, to_u32};

/// A `--name[=value]` flag before an instruction's arguments.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct FlagToken {
    /// The whole flag as written, `--` included.
    pub range: TextRange,
    /// The name, without `--`.
    pub name: TextRange,
    /// The value as written (quotes included), after `=`.
    pub value: Option<TextRange>,
    /// The value with quotes and escapes removed.
    pub unquoted_value: Option<String>,
}

/// Reads the builder flags at the start of `text` (from `offset`), as
/// BuildKit's `extractBuilderFlags`: words starting with `--`, with quotes
/// and backslash escapes inside them; a lone `--` ends the flags. Returns the
/// flags and the offset where the arguments start.
pub fn split_flags(text: &str, offset: usize) -> (Vec<FlagToken>, usize) {
    let bytes = text.as_bytes();
    let mut flags = Vec::new();
    let mut position = offset;
    loop {
        while position < bytes.len() && is_blank_byte(bytes[position]) {
            position += 1;
        }
        if !text[position..].starts_with("--") {
            return (flags, position);
        }
        let start = position;
        let mut value_start = None;
        let mut unquoted = String::new();
        let mut quote: Option<u8> = None;
        // Walk one word, honouring quotes and backslashes.
        let mut chars = text[position..].char_indices().peekable();
        let mut end = bytes.len();
        while let Some((index, c)) = chars.next() {
            let at = position + index;
            match quote {
                Some(q) if c as u32 == u32::from(q) => quote = None,
                Some(_) if c == '\\' => {
                    if let Some((_, next)) = chars.next() {
                        unquoted.push(next);
                    }
                }
                Some(_) => unquoted.push(c),
                None if c.is_whitespace() => {
                    end = at;
                    break;
                }
                None if c == '\'' || c == '"' => quote = Some(c as u8),
                None if c == '\\' => {
                    if let Some((_, next)) = chars.next() {
                        unquoted.push(next);
                    }
                }
                None => {
                    if c == '=' && value_start.is_none() {
                        value_start = Some(at + 1);
                        unquoted.clear();
                    } else {
                        unquoted.push(c);
                    }
                }
            }
        }
        if &text[start..end] == "--" {
            return (flags, skip_blanks(text, end));
        }
        let name_end = value_start.map_or(end, |value| value - 1);
        flags.push(FlagToken {
            range: range(start, end),
            name: range(start + 2, name_end),
            value: value_start.map(|value| range(value, end)),
            unquoted_value: value_start.map(|_| unquoted),
        });
        position = end;
    }
}

fn skip_blanks(text: &str, mut position: usize) -> usize {
    let bytes = text.as_bytes();
    while position < bytes.len() && is_blank_byte(bytes[position]) {
        position += 1;
    }
    position
}

/// BuildKit's `reWhitespace`: `[\t\v\f\r ]`.
pub fn is_blank_byte(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | 0x0b | 0x0c | b'\r')
}

/// Splits on runs of `[\t\v\f\r ]`, as BuildKit does for FROM, EXPOSE and
/// the shell form of COPY, ADD and VOLUME. No quoting.
pub fn split_blanks(text: &str, offset: usize) -> Vec<TextRange> {
    let bytes = text.as_bytes();
    let mut words = Vec::new();
    let mut position = offset;
    while position < bytes.len() {
        while position < bytes.len() && is_blank_byte(bytes[position]) {
            position += 1;
        }
        let start = position;
        while position < bytes.len() && !is_blank_byte(bytes[position]) {
            position += 1;
        }
        if position > start {
            words.push(range(start, position));
        }
    }
    words
}

/// Splits into words the way BuildKit's `parseWords` does for ENV, LABEL and
/// ARG: blanks separate words, quotes group (and stay in the word), the
/// escape character keeps the next character in the word.
pub fn split_words(text: &str, offset: usize, escape: char) -> Vec<TextRange> {
    let mut words = Vec::new();
    let mut start: Option<usize> = None;
    let mut quote: Option<char> = None;
    let mut chars = text[offset..].char_indices().map(|(i, c)| (i + offset, c)).peekable();
    while let Some((index, c)) = chars.next() {
        match quote {
            Some(q) => {
                if c == q {
                    quote = None;
                } else if c == escape && q != '\'' {
                    chars.next();
                }
            }
            None if c.is_whitespace() => {
                if let Some(begin) = start.take() {
                    words.push(range(begin, index));
                }
            }
            None => {
                start.get_or_insert(index);
                if c == '\'' || c == '"' {
                    quote = Some(c);
                } else if c == escape {
                    chars.next();
                }
            }
        }
    }
    if let Some(begin) = start {
        words.push(range(begin, text.len()));
    }
    words
}

/// Removes quotes and escapes from a word, as the shell lexer does for the
/// values of ENV, LABEL and ARG (variables are left as written).
pub fn unquote(word: &str, escape: char) -> String {
    let mut out = String::with_capacity(word.len());
    let mut quote: Option<char> = None;
    let mut chars = word.chars();
    while let Some(c) = chars.next() {
        match quote {
            Some('\'') if c == '\'' => quote = None,
            Some('\'') => out.push(c),
            Some(q) if c == q => quote = None,
            Some(_) if c == escape => {
                if let Some(next) = chars.next() {
                    // In double quotes the escape only escapes a few characters.
                    if !matches!(next, '"' | '$' | '`') && next != escape {
                        out.push(c);
                    }
                    out.push(next);
                }
            }
            Some(_) => out.push(c),
            None if c == '\'' || c == '"' => quote = Some(c),
            None if c == escape => {
                if let Some(next) = chars.next() {
                    out.push(next);
                }
            }
            None => out.push(c),
        }
    }
    out
}

/// One string of a JSON array, with its range (quotes included).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct JsonString {
    pub range: TextRange,
    pub value: String,
}

/// The outcome of reading exec form.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum JsonArray {
    /// Not a JSON array: BuildKit falls back to shell form.
    NotJson,
    /// A JSON array, but with elements that are not strings: an error.
    NotStrings { range: TextRange },
    /// A JSON array of strings; `trailing` is any text after it, which
    /// BuildKit silently ignores.
    Strings { range: TextRange, items: Vec<JsonString>, trailing: Option<TextRange> },
}

/// Reads a JSON array at `offset` (after blanks), as Go's decoder does: the
/// first value must be a complete array; what follows it is ignored.
pub fn parse_json_array(text: &str, offset: usize) -> JsonArray {
    let mut reader = JsonReader { bytes: text.as_bytes(), text, position: offset };
    reader.skip_json_space();
    let start = reader.position;
    if reader.peek() != Some(b'[') {
        return JsonArray::NotJson;
    }
    let mut items = Vec::new();
    let mut all_strings = true;
    reader.position += 1;
    reader.skip_json_space();
    if reader.peek() == Some(b']') {
        reader.position += 1;
    } else {
        loop {
            reader.skip_json_space();
            let item_start = reader.position;
            if reader.peek() == Some(b'"') {
                match reader.string() {
                    Some(value) => {
                        items.push(JsonString { range: range(item_start, reader.position), value })
                    }
                    None => return JsonArray::NotJson,
                }
            } else if reader.value() {
                all_strings = false;
            } else {
                return JsonArray::NotJson;
            }
            reader.skip_json_space();
            match reader.peek() {
                Some(b',') => reader.position += 1,
                Some(b']') => {
                    reader.position += 1;
                    break;
                }
                _ => return JsonArray::NotJson,
            }
        }
    }
    let array = range(start, reader.position);
    if !all_strings {
        return JsonArray::NotStrings { range: array };
    }
    let rest_start = reader.position;
    let rest = &text[rest_start..];
    let trimmed = rest.trim_start();
    let trailing = (!trimmed.trim_end().is_empty()).then(|| {
        let begin = rest_start + (rest.len() - trimmed.len());
        range(begin, begin + trimmed.trim_end().len())
    });
    JsonArray::Strings { range: array, items, trailing }
}

struct JsonReader<'a> {
    bytes: &'a [u8],
    text: &'a str,
    position: usize,
}

impl JsonReader<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.position).copied()
    }

    fn skip_json_space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.position += 1;
        }
    }

    /// A JSON string at the cursor, decoded.
    fn string(&mut self) -> Option<String> {
        debug_assert_eq!(self.peek(), Some(b'"'));
        self.position += 1;
        let mut out = String::new();
        loop {
            let rest = &self.text[self.position..];
            let c = rest.chars().next()?;
            self.position += c.len_utf8();
            match c {
                '"' => return Some(out),
                '\\' => {
                    let escaped = self.peek()?;
                    self.position += 1;
                    match escaped {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let unit = self.hex4()?;
                            if (0xD800..0xDC00).contains(&unit)
                                && self.text[self.position..].starts_with("\\u")
                            {
                                let saved = self.position;
                                self.position += 2;
                                let low = self.hex4()?;
                                if (0xDC00..0xE000).contains(&low) {
                                    let code = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                                    out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                                } else {
                                    out.push('\u{fffd}');
                                    self.position = saved;
                                }
                            } else {
                                out.push(char::from_u32(unit).unwrap_or('\u{fffd}'));
                            }
                        }
                        _ => return None,
                    }
                }
                c if (c as u32) < 0x20 => return None,
                c => out.push(c),
            }
        }
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.text.get(self.position..self.position + 4)?;
        let value = u32::from_str_radix(digits, 16).ok()?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        self.position += 4;
        Some(value)
    }

    /// Skips any JSON value that is not a string; false when it is not JSON.
    fn value(&mut self) -> bool {
        self.skip_json_space();
        match self.peek() {
            Some(b'"') => self.string().is_some(),
            Some(b'[') | Some(b'{') => {
                let object = self.peek() == Some(b'{');
                let close = if object { b'}' } else { b']' };
                self.position += 1;
                self.skip_json_space();
                if self.peek() == Some(close) {
                    self.position += 1;
                    return true;
                }
                loop {
                    self.skip_json_space();
                    if object {
                        if self.peek() != Some(b'"') || self.string().is_none() {
                            return false;
                        }
                        self.skip_json_space();
                        if self.peek() != Some(b':') {
                            return false;
                        }
                        self.position += 1;
                    }
                    if !self.value() {
                        return false;
                    }
                    self.skip_json_space();
                    match self.peek() {
                        Some(b',') => self.position += 1,
                        Some(c) if c == close => {
                            self.position += 1;
                            return true;
                        }
                        _ => return false,
                    }
                }
            }
            Some(b't') => self.literal("true"),
            Some(b'f') => self.literal("false"),
            Some(b'n') => self.literal("null"),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => false,
        }
    }

    fn literal(&mut self, word: &str) -> bool {
        if self.text[self.position..].starts_with(word) {
            self.position += word.len();
            true
        } else {
            false
        }
    }

    fn number(&mut self) -> bool {
        let start = self.position;
        if self.peek() == Some(b'-') {
            self.position += 1;
        }
        let digits = |reader: &mut Self| {
            let begin = reader.position;
            while matches!(reader.peek(), Some(b'0'..=b'9')) {
                reader.position += 1;
            }
            reader.position > begin
        };
        if self.peek() == Some(b'0') {
            self.position += 1;
        } else if !digits(self) {
            return false;
        }
        if self.peek() == Some(b'.') {
            self.position += 1;
            if !digits(self) {
                return false;
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.position += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.position += 1;
            }
            if !digits(self) {
                return false;
            }
        }
        self.position > start
    }
}

/// A `$NAME` or `${NAME...}` reference inside a word.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct VariableReference {
    /// The whole reference, `$` to the closing brace.
    pub range: TextRange,
    pub name: TextRange,
    /// The modifier (`:-`, `-`, `:+`, `+`, `:?`, `?`, `#`, `##`, `%`, `%%`,
    /// `/`, `//`) and the range of its word, for `${NAME<op>word}`.
    pub modifier: Option<(String, TextRange)>,
}

/// Finds the variable references in `text[range]`, honouring the escape
/// character and single quotes (no substitution inside them).
pub fn variable_references(text: &str, within: TextRange, escape: char) -> Vec<VariableReference> {
    let mut found = Vec::new();
    let end = within.end as usize;
    let mut position = within.start as usize;
    let mut in_single = false;
    let mut in_double = false;
    while position < end {
        let c = text[position..].chars().next().unwrap_or('\0');
        let width = c.len_utf8().max(1);
        if c == escape && !in_single {
            let next_width = text[position + width..].chars().next().map_or(0, char::len_utf8);
            position += width + next_width;
            continue;
        }
        match c {
            '\'' if !in_double => in_single = !in_single,
            '"' if !in_single => in_double = !in_double,
            '$' if !in_single => {
                if let Some(reference) = reference_at(text, position, end) {
                    position = reference.range.end as usize;
                    found.push(reference);
                    continue;
                }
            }
            _ => {}
        }
        position += width;
    }
    found
}

fn reference_at(text: &str, dollar: usize, end: usize) -> Option<VariableReference> {
    let bytes = text.as_bytes();
    let after = dollar + 1;
    if after >= end {
        return None;
    }
    let is_name_start = |b: u8| b.is_ascii_alphabetic() || b == b'_';
    let is_name = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    if bytes[after] == b'{' {
        let name_start = after + 1;
        let mut name_end = name_start;
        while name_end < end && is_name(bytes[name_end]) {
            name_end += 1;
        }
        if name_end == name_start || !is_name_start(bytes[name_start]) {
            return None;
        }
        // Find the closing brace, allowing nested ${...} in the word.
        let mut depth = 1;
        let mut close = name_end;
        while close < end {
            match bytes[close] {
                b'{' => depth += 1,
                b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                _ => {}
            }
            close += 1;
        }
        if close >= end {
            return None;
        }
        let modifier = (name_end < close).then(|| {
            let operator_len = match &text[name_end..close] {
                rest if rest.starts_with(":-")
                    || rest.starts_with(":+")
                    || rest.starts_with(":?")
                    || rest.starts_with("##")
                    || rest.starts_with("%%")
                    || rest.starts_with("//") =>
                {
                    2
                }
                // Anything else is one character, which may be multi-byte.
                rest => rest.chars().next().map_or(1, char::len_utf8),
            };
            let operator = text[name_end..name_end + operator_len].to_owned();
            (operator, range(name_end + operator_len, close))
        });
        Some(VariableReference {
            range: range(dollar, close + 1),
            name: range(name_start, name_end),
            modifier,
        })
    } else if is_name_start(bytes[after]) {
        let mut name_end = after;
        while name_end < end && is_name(bytes[name_end]) {
            name_end += 1;
        }
        Some(VariableReference {
            range: range(dollar, name_end),
            name: range(after, name_end),
            modifier: None,
        })
    } else {
        None
    }
}

fn range(start: usize, end: usize) -> TextRange {
    TextRange::new(to_u32(start), to_u32(end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'a>(text: &'a str, ranges: &[TextRange]) -> Vec<&'a str> {
        ranges.iter().map(|r| r.slice(text)).collect()
    }

    #[test]
    fn flags_with_quotes_and_the_double_dash() {
        let text = r#"--chown="a b" --link --mount=type=cache,target=/x -- --not-a-flag"#;
        let (flags, rest) = split_flags(text, 0);
        assert_eq!(flags.len(), 3);
        assert_eq!(flags[0].name.slice(text), "chown");
        assert_eq!(flags[0].unquoted_value.as_deref(), Some("a b"));
        assert_eq!(flags[1].name.slice(text), "link");
        assert_eq!(flags[1].value, None);
        assert_eq!(flags[2].unquoted_value.as_deref(), Some("type=cache,target=/x"));
        assert_eq!(&text[rest..], "--not-a-flag");
    }

    #[test]
    fn words_keep_quotes() {
        let text = r#"A=1 B="2 3" C\ D=4"#;
        assert_eq!(texts(text, &split_words(text, 0, '\\')), ["A=1", "B=\"2 3\"", "C\\ D=4"]);
        assert_eq!(unquote("\"2 3\"", '\\'), "2 3");
        assert_eq!(unquote("C\\ D", '\\'), "C D");
        assert_eq!(unquote("'$x'\"\\$y\"", '\\'), "$x$y");
    }

    #[test]
    fn json_arrays_as_go_reads_them() {
        let text = r#"[ "a", "b\u0041\ud83d\ude00" ] junk"#;
        let JsonArray::Strings { items, trailing, .. } = parse_json_array(text, 0) else {
            panic!("expected strings");
        };
        assert_eq!(items[1].value, "bA😀");
        assert_eq!(trailing.map(|r| r.slice(text)), Some("junk"));
        assert!(matches!(parse_json_array(r#"["a", 1]"#, 0), JsonArray::NotStrings { .. }));
        assert_eq!(parse_json_array(r#"["a""#, 0), JsonArray::NotJson);
        assert_eq!(parse_json_array("echo [x]", 0), JsonArray::NotJson);
        assert!(matches!(parse_json_array("[]", 0), JsonArray::Strings { .. }));
        assert!(matches!(
            parse_json_array(r#"["a", {"b": [1, null]}]"#, 0),
            JsonArray::NotStrings { .. }
        ));
    }

    #[test]
    fn variable_references_with_modifiers() {
        let text = r#"$A ${B:-x} \$C '${D}' "${E}" ${F%%.*} $ ${} $1 ${G€x}"#;
        let found = variable_references(text, TextRange::new(0, text.len() as u32), '\\');
        let names: Vec<&str> = found.iter().map(|r| r.name.slice(text)).collect();
        assert_eq!(names, ["A", "B", "E", "F", "G"]);
        assert_eq!(found[4].modifier.clone().unwrap().0, "€");
        let (operator, word) = found[1].modifier.clone().unwrap();
        assert_eq!((operator.as_str(), word.slice(text)), (":-", "x"));
        assert_eq!(found[3].modifier.clone().unwrap().0, "%%");
    }
}
