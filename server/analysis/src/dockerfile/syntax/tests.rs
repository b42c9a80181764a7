//! Tests of the Dockerfile syntax tree: the constructs DESIGN.md lists, the
//! lossless and never-panics invariants, and incremental equals full.

use proptest::prelude::*;

use super::*;
use crate::text::{TextEdit, apply_edits};

/// A compact rendering of the tree: one line per instruction with its
/// keyword, flags, arguments, heredocs and errors.
fn dump(parse: &Parse) -> String {
    let mut out = String::new();
    for instruction in parse.instructions() {
        out.push_str(instruction.keyword_text());
        for flag in instruction.flags() {
            out.push_str(&format!(" [--{}={:?}]", flag.name(), flag.value()));
        }
        match instruction.exec_form() {
            Some(items) => {
                let values: Vec<&str> = items.iter().map(|item| item.value.as_str()).collect();
                out.push_str(&format!(" exec{values:?}"));
            }
            None => out.push_str(&format!(" {:?}", instruction.arguments())),
        }
        if let Some(trigger) = instruction.trigger() {
            out.push_str(&format!(" trigger={}", trigger.keyword_text()));
        }
        for heredoc in instruction.heredocs() {
            out.push_str(&format!(" <<{}={:?}", heredoc.name(), heredoc.body()));
        }
        out.push('\n');
    }
    for error in parse.errors() {
        out.push_str(&format!("error {:?}: {}\n", error.range, error.message));
    }
    out
}

fn assert_lossless(parse: &Parse) {
    let mut rebuilt = String::new();
    let mut expected_start = 0;
    for node in parse.nodes() {
        assert_eq!(node.range().start, expected_start, "nodes leave a gap");
        rebuilt.push_str(node.text());
        expected_start = node.range().end;
    }
    assert_eq!(rebuilt, parse.text());
}

#[test]
fn continuations_with_comments_and_blank_lines_inside() {
    let text =
        "FROM alpine\nRUN apk add \\\n    # the compiler\n    gcc \\\n\n    make\nCMD [\"sh\"]\n";
    let parse = Parse::new(text);
    assert_lossless(&parse);
    assert_eq!(
        dump(&parse),
        "FROM \"alpine\"\nRUN \"apk add     gcc     make\"\nCMD exec[\"sh\"]\n"
    );
    let run = parse.instructions().nth(1).unwrap();
    assert_eq!(run.inner_comments().count(), 1);
    // The word `make` maps back to its own line.
    let logical = run.logical_text();
    let make = logical.find("make").unwrap() as u32;
    let range = run.to_source(TextRange::new(make, make + 4));
    assert_eq!(range.slice(text), "make");
}

#[test]
fn escape_directive_with_backtick_and_bom() {
    let text = "\u{feff}# escape=`\n# syntax=docker/dockerfile:1\nFROM mcr.microsoft.com/windows\nRUN dir C:\\ `\n  && echo done\n";
    let parse = Parse::new(text);
    assert_lossless(&parse);
    assert_eq!(parse.escape(), '`');
    let keys: Vec<&str> = parse.directives().map(|d| d.key()).collect();
    assert_eq!(keys, ["escape", "syntax"]);
    assert_eq!(
        dump(&parse),
        "FROM \"mcr.microsoft.com/windows\"\nRUN \"dir C:\\\\   && echo done\"\n"
    );
}

#[test]
fn directives_end_at_the_first_other_line() {
    let text = "# syntax=a\n\n# escape=`\nFROM x\nRUN a `\nb\n";
    let parse = Parse::new(text);
    assert_eq!(parse.escape(), '\\');
    assert_eq!(parse.directives().count(), 1);
    assert_eq!(parse.instructions().count(), 3, "{}", dump(&parse));
}

#[test]
fn bad_and_repeated_directives_are_errors() {
    let parse = Parse::new("# escape=x\n# syntax=a\n# syntax=b\nFROM a\n");
    let messages: Vec<String> = parse.errors().map(|e| e.message).collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(messages[0].contains("invalid escape token"));
    assert!(messages[1].contains("only one syntax"));
}

#[test]
fn heredocs_several_per_instruction_with_strip_and_quotes() {
    let text = "FROM a\nCOPY <<EOF <<-\"END\" /dest/\nfoo\nEOF\n\tbar\n\tEND\nRUN 2<<E cat\nq\nE\n";
    let parse = Parse::new(text);
    assert_lossless(&parse);
    let copy = parse.instructions().nth(1).unwrap();
    let heredocs: Vec<Heredoc<'_>> = copy.heredocs().collect();
    assert_eq!(heredocs.len(), 2);
    assert_eq!(heredocs[0].body(), "foo\n");
    assert!(heredocs[0].expands());
    assert_eq!(heredocs[1].name(), "END");
    assert!(heredocs[1].strips_tabs());
    assert!(!heredocs[1].expands());
    assert_eq!(heredocs[1].body(), "\tbar\n");
    let run = parse.instructions().nth(2).unwrap();
    assert_eq!(run.heredocs().next().unwrap().descriptor(), Some(2));
    assert_eq!(parse.errors().count(), 0);
}

#[test]
fn no_heredoc_in_exec_form_or_quotes() {
    let parse =
        Parse::new("FROM a\nCOPY [\"<<EOF\", \"/x\"]\nRUN echo \"<<EOF\"\nRUN cat <<<word\n");
    assert!(parse.instructions().all(|i| i.heredocs().count() == 0));
    assert_eq!(parse.errors().count(), 0);
}

#[test]
fn an_unterminated_heredoc_recovers_at_the_next_instruction() {
    let text = "FROM a\nRUN <<EOF\napt-get update\nUSER app\nCMD x\n";
    let parse = Parse::new(text);
    assert_lossless(&parse);
    let keywords: Vec<Keyword> = parse.instructions().map(|i| i.keyword()).collect();
    assert_eq!(keywords, [Keyword::From, Keyword::Run, Keyword::User, Keyword::Cmd]);
    let errors: Vec<SyntaxError> = parse.errors().collect();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].range.slice(text), "<<EOF");
}

#[test]
fn exec_form_falls_back_to_shell_form() {
    let parse = Parse::new("FROM a\nRUN [\"a\"\nCMD [\"a\", 1]\nENTRYPOINT [\"x\"] junk\n");
    assert_eq!(
        dump(&parse).lines().take(4).collect::<Vec<_>>(),
        ["FROM \"a\"", "RUN \"[\\\"a\\\"\"", "CMD \"[\\\"a\\\", 1]\"", "ENTRYPOINT exec[\"x\"]"]
    );
    let messages: Vec<String> = parse.errors().map(|e| e.message).collect();
    assert!(messages[0].contains("only strings"), "{messages:?}");
    assert!(messages[1].contains("ignored"), "{messages:?}");
}

#[test]
fn flags_of_every_kind() {
    let text = "FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nRUN --mount=type=cache,target=/root/.cache --network=none go build\nCOPY --from=build --chown=\"app:app\" --chmod=755 --link /out /app\n";
    let parse = Parse::new(text);
    let copy = parse.instructions().nth(2).unwrap();
    let names: Vec<&str> = copy.flags().map(|f| f.name()).collect();
    assert_eq!(names, ["from", "chown", "chmod", "link"]);
    assert_eq!(copy.flag("chown").unwrap().value(), Some("app:app"));
    assert_eq!(copy.flag("from").unwrap().value_range().unwrap().slice(text), "build");
    assert_eq!(copy.flag("link").unwrap().value(), None);
    assert_eq!(copy.arguments(), "/out /app");
}

#[test]
fn onbuild_has_a_trigger_that_may_hold_a_heredoc() {
    let parse = Parse::new("FROM a\nONBUILD RUN <<EOF\nx\nEOF\nONBUILD COPY --from=b x y\n");
    let instructions: Vec<Instruction<'_>> = parse.instructions().collect();
    let trigger = instructions[1].trigger().unwrap();
    assert_eq!(trigger.keyword(), Keyword::Run);
    assert_eq!(instructions[1].heredocs().next().unwrap().body(), "x\n");
    let copy = instructions[2].trigger().unwrap();
    assert_eq!(copy.flag("from").unwrap().value(), Some("b"));
}

#[test]
fn env_and_label_forms() {
    let parse =
        Parse::new("FROM a\nENV A=1 B=\"2 3\"\nENV OLD style value\nENV lonely\nLABEL a=b c\n");
    let messages: Vec<String> = parse.errors().map(|e| e.message).collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(messages[0].contains("needs a name and a value"));
    assert!(messages[1].contains("`c` has no `=`"));
}

#[test]
fn crlf_lone_cr_tabs_and_unicode() {
    let text = "FROM a\r\nRUN echo \"héllo 😀 漢字\" \\\r\n\t&& true\r\nLABEL x=y\rz\n";
    let parse = Parse::new(text);
    assert_lossless(&parse);
    let instructions: Vec<Instruction<'_>> = parse.instructions().collect();
    assert_eq!(instructions.len(), 3);
    assert_eq!(instructions[1].arguments(), "echo \"héllo 😀 漢字\" \t&& true");
    // A lone CR is not a line break for BuildKit.
    assert_eq!(instructions[2].arguments(), "x=y\rz");
}

#[test]
fn continuation_at_the_end_of_the_file_is_reported() {
    let parse = Parse::new("FROM a\nRUN echo \\");
    let errors: Vec<SyntaxError> = parse.errors().collect();
    assert_eq!(errors.len(), 1);
    assert!(errors[0].message.contains("continues nothing"));
}

#[test]
fn suppression_comments_cover_the_next_instruction() {
    let text = "FROM a\n# dockwarden ignore=DF001 -- builder\n\nUSER root\n";
    let parse = Parse::new(text);
    let suppressions = parse.suppressions();
    assert_eq!(suppressions.entries.len(), 1);
    assert_eq!(suppressions.entries[0].scope.slice(text), "USER root\n");
}

/// Dockerfile-shaped text built from pieces that stress the parser.
fn dockerfile_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(crate::testing::DOCKERFILE_PIECES.to_vec());
    prop::collection::vec(pieces, 0..24).prop_map(|pieces| pieces.concat())
}

fn char_boundaries(text: &str) -> Vec<usize> {
    (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect()
}

fn edit_strategy() -> impl Strategy<Value = (usize, usize, String)> {
    let inserts = prop::sample::select(vec![
        "",
        "\n",
        "\\\n",
        "\\",
        "#",
        "# c\n",
        "EOF\n",
        "<<EOF",
        "RUN ",
        "FROM a\n",
        "\r\n",
        "é",
        "😀",
        "`",
        "\"",
        "[",
        "]",
        " ",
        "\t",
        "ONBUILD ",
        "--mount=type=secret ",
    ]);
    (0usize..10_000, 0usize..40, inserts).prop_map(|(at, len, insert)| (at, len, insert.to_owned()))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn the_tree_keeps_every_byte(text in dockerfile_text()) {
        let parse = Parse::new(&text);
        assert_lossless(&parse);
        for instruction in parse.instructions() {
            prop_assert!(instruction.range().end <= text.len() as u32);
            for error in parse.errors() {
                prop_assert!(error.range.end <= text.len() as u32);
                prop_assert!(text.is_char_boundary(error.range.start as usize));
                prop_assert!(text.is_char_boundary(error.range.end as usize));
            }
            let _ = instruction.keyword_range().slice(&text);
            let _ = instruction.arguments_range().slice(&text);
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let text = String::from_utf8_lossy(&bytes);
        let parse = Parse::new(&text);
        assert_lossless(&parse);
    }

    #[test]
    fn incremental_reparse_equals_a_full_parse(
        text in dockerfile_text(),
        edits in prop::collection::vec(edit_strategy(), 1..12),
    ) {
        let mut parse = Parse::new(&text);
        for (at, len, insert) in edits {
            let current = parse.text().to_owned();
            let boundaries = char_boundaries(&current);
            let start = boundaries[at % boundaries.len()];
            let end_candidates: Vec<usize> = boundaries.iter().copied().filter(|&b| b >= start && b <= start + len).collect();
            let end = *end_candidates.last().unwrap_or(&start);
            let edit = TextEdit::replace(TextRange::new(start as u32, end as u32), insert);
            let expected_text = apply_edits(&current, std::slice::from_ref(&edit)).unwrap();
            parse = parse.apply_edit(&edit);
            prop_assert_eq!(parse.text(), expected_text.as_str());
            let fresh = Parse::new(&expected_text);
            prop_assert_eq!(&parse, &fresh);
        }
    }
}

#[test]
fn an_edit_reparses_only_the_instructions_it_touches() {
    let mut text = String::from("FROM alpine:3.20\n");
    for index in 0..200 {
        text.push_str(&format!("RUN echo {index} \\\n  && true\n"));
    }
    let old = Parse::new(&text);
    let at = text.find("echo 100").unwrap() as u32 + 5;
    let new = old.apply_edit(&TextEdit::insert(at, "x"));
    let shared =
        old.nodes.iter().zip(&new.nodes).filter(|(a, b)| Arc::ptr_eq(&a.data, &b.data)).count();
    // Everything but the edited instruction (and the one before it, reparsed
    // to be safe) is the same node, moved.
    assert_eq!(old.nodes.len(), new.nodes.len());
    assert!(shared >= old.nodes.len() - 2, "only {shared} of {} nodes shared", old.nodes.len());
    assert_eq!(new, Parse::new(new.text()));
}

#[test]
fn the_check_directive_is_read_as_current_buildkit_does() {
    // BuildKit before the `check` directive stopped reading directives at
    // it; current BuildKit reads it, and so the escape below applies.
    let parse = Parse::new("# check=skip=all\n# escape=`\nFROM a\nRUN b `\n c\n");
    assert_eq!(parse.escape(), '`');
    assert_eq!(parse.instructions().count(), 2);
}
