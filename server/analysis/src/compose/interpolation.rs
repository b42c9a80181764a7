//! Compose variable interpolation: `${VAR}`, `$VAR`, `${VAR:-default}`,
//! `${VAR-default}`, `${VAR:?err}`, `${VAR?err}`, `${VAR:+alt}`, `${VAR+alt}`
//! and the `$$` escape.
//!
//! The analysis never knows the environment, so a value that depends on a
//! variable is not a literal. RULES.md: `${VAR}` and `${VAR:?err}` values
//! are never literals and never type errors; `${VAR:-default}` is checked
//! through its default. [`static_value`] gives that view.

/// One piece of an interpolated string.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Piece<'a> {
    /// Text as is (`$$` already turned into `$`).
    Text(String),
    /// A variable reference.
    Variable(Variable<'a>),
}

/// A `$VAR` or `${VAR…}` reference.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Variable<'a> {
    pub name: &'a str,
    pub operator: Operator,
    /// The default, error message or alternative after the operator, itself
    /// possibly interpolated.
    pub argument: &'a str,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Operator {
    /// `$VAR`, `${VAR}`
    None,
    /// `:-` default when unset or empty
    DefaultIfEmpty,
    /// `-` default when unset
    DefaultIfUnset,
    /// `:?` error when unset or empty
    ErrorIfEmpty,
    /// `?` error when unset
    ErrorIfUnset,
    /// `:+` alternative when set and not empty
    AlternativeIfSet,
    /// `+` alternative when set
    AlternativeIfDefined,
}

/// Splits a string into text and variable references. An unterminated
/// `${` is kept as text (Compose reports it; so does CP102 through the
/// type check of the value).
pub fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut literal = String::new();
    let bytes = text.as_bytes();
    let mut index = 0;
    while index < text.len() {
        if bytes[index] != b'$' {
            let next = text[index..].find('$').map_or(text.len(), |offset| index + offset);
            literal.push_str(&text[index..next]);
            index = next;
            continue;
        }
        match bytes.get(index + 1) {
            Some(b'$') => {
                literal.push('$');
                index += 2;
            }
            Some(b'{') => match braced(&text[index + 2..]) {
                Some((variable, used)) => {
                    flush(&mut literal, &mut out);
                    out.push(Piece::Variable(variable));
                    index += 2 + used;
                }
                None => {
                    literal.push_str(&text[index..]);
                    index = text.len();
                }
            },
            Some(&first) if first == b'_' || first.is_ascii_alphabetic() => {
                let name_len = text[index + 1..]
                    .bytes()
                    .take_while(|b| *b == b'_' || b.is_ascii_alphanumeric())
                    .count();
                flush(&mut literal, &mut out);
                out.push(Piece::Variable(Variable {
                    name: &text[index + 1..index + 1 + name_len],
                    operator: Operator::None,
                    argument: "",
                }));
                index += 1 + name_len;
            }
            _ => {
                literal.push('$');
                index += 1;
            }
        }
    }
    flush(&mut literal, &mut out);
    out
}

fn flush(literal: &mut String, out: &mut Vec<Piece<'_>>) {
    if !literal.is_empty() {
        out.push(Piece::Text(std::mem::take(literal)));
    }
}

/// Reads `NAME[op arg]}` after `${`, with nested `${…}` in the argument.
/// Returns the variable and the bytes used, the `}` included.
fn braced(rest: &str) -> Option<(Variable<'_>, usize)> {
    let name_len = rest.bytes().take_while(|b| *b == b'_' || b.is_ascii_alphanumeric()).count();
    if name_len == 0 {
        return None;
    }
    let name = &rest[..name_len];
    let after = &rest[name_len..];
    let (operator, operator_len) = [
        (":-", Operator::DefaultIfEmpty),
        (":?", Operator::ErrorIfEmpty),
        (":+", Operator::AlternativeIfSet),
        ("-", Operator::DefaultIfUnset),
        ("?", Operator::ErrorIfUnset),
        ("+", Operator::AlternativeIfDefined),
    ]
    .into_iter()
    .find(|(symbol, _)| after.starts_with(symbol))
    .map_or((Operator::None, 0), |(symbol, operator)| (operator, symbol.len()));
    let argument_start = name_len + operator_len;
    let mut depth = 0usize;
    let bytes = rest.as_bytes();
    let mut index = argument_start;
    while index < rest.len() {
        match bytes[index] {
            b'$' if bytes.get(index + 1) == Some(&b'{') => {
                depth += 1;
                index += 2;
                continue;
            }
            b'}' if depth == 0 => {
                if operator == Operator::None && index != argument_start {
                    return None;
                }
                let argument = &rest[argument_start..index];
                return Some((Variable { name, operator, argument }, index + 1));
            }
            b'}' => depth -= 1,
            _ => {}
        }
        index += 1;
    }
    None
}

/// Whether the text refers to any variable.
pub fn has_variables(text: &str) -> bool {
    text.contains('$') && pieces(text).iter().any(|piece| matches!(piece, Piece::Variable(_)))
}

/// The value as far as it can be known without the environment: the text
/// with `$$` unescaped and each variable replaced by its default, or `None`
/// when some variable has no default (`${VAR}`, `${VAR:?err}`, `${VAR:+alt}`).
pub fn static_value(text: &str) -> Option<String> {
    if !text.contains('$') {
        return Some(text.to_owned());
    }
    let mut out = String::new();
    for piece in pieces(text) {
        match piece {
            Piece::Text(text) => out.push_str(&text),
            Piece::Variable(Variable {
                operator: Operator::DefaultIfEmpty | Operator::DefaultIfUnset,
                argument,
                ..
            }) => out.push_str(&static_value(argument)?),
            Piece::Variable(_) => return None,
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_is_recognised() {
        let variable = |text: &'static str| match pieces(text).into_iter().next() {
            Some(Piece::Variable(variable)) => {
                (variable.name, variable.operator, variable.argument)
            }
            other => panic!("{text}: {other:?}"),
        };
        assert_eq!(variable("${VAR}"), ("VAR", Operator::None, ""));
        assert_eq!(variable("$VAR"), ("VAR", Operator::None, ""));
        assert_eq!(variable("${VAR:-a b}"), ("VAR", Operator::DefaultIfEmpty, "a b"));
        assert_eq!(variable("${VAR-x}"), ("VAR", Operator::DefaultIfUnset, "x"));
        assert_eq!(variable("${VAR:?must be set}"), ("VAR", Operator::ErrorIfEmpty, "must be set"));
        assert_eq!(variable("${VAR?err}"), ("VAR", Operator::ErrorIfUnset, "err"));
        assert_eq!(variable("${VAR:+alt}"), ("VAR", Operator::AlternativeIfSet, "alt"));
        assert_eq!(variable("${VAR+alt}"), ("VAR", Operator::AlternativeIfDefined, "alt"));
        assert_eq!(variable("${A:-${B:-c}}"), ("A", Operator::DefaultIfEmpty, "${B:-c}"));
    }

    #[test]
    fn static_values() {
        assert_eq!(static_value("plain").as_deref(), Some("plain"));
        assert_eq!(static_value("$$5 and $$HOME").as_deref(), Some("$5 and $HOME"));
        assert_eq!(static_value("${CPUS:-0.5}").as_deref(), Some("0.5"));
        assert_eq!(static_value("${A:-${B-x}}y").as_deref(), Some("xy"));
        assert_eq!(static_value("${PASSWORD}"), None);
        assert_eq!(static_value("$PASSWORD"), None);
        assert_eq!(static_value("${PASSWORD:?set it}"), None);
        assert_eq!(static_value("${FLAG:+on}"), None);
        assert_eq!(static_value("costs $ 5").as_deref(), Some("costs $ 5"));
        assert_eq!(static_value("${unterminated").as_deref(), Some("${unterminated"));
    }

    #[test]
    fn variables_are_found() {
        assert!(has_variables("${A}"));
        assert!(has_variables("x$A"));
        assert!(!has_variables("$$A"));
        assert!(!has_variables("no dollars"));
    }
}
