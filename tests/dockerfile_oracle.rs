//! Differential test: our Dockerfile parser against BuildKit's own parser
//! (the PyPI package `dockerfile`, which wraps the official Go parser), on
//! every Dockerfile of the corpus, of `fixtures/` and of the rule fixtures'
//! cases. Instructions, line ranges, flags, arguments and heredoc bodies
//! must agree; where BuildKit rejects a file, we must report a syntax error.
//!
//! The deliberate differences, each checked below:
//! - BuildKit rejects a file with no instructions; we report nothing (an
//!   empty or comment-only file is being written, not broken).
//! - BuildKit silently accepts a line continuation at the end of the file
//!   and text after an exec-form JSON array; we report both, because both
//!   are mistakes that change what runs.
//! - The oracle's BuildKit predates the `# check=` directive and stops
//!   reading directives at it; we follow current BuildKit, which reads it.
//!   No file here has a directive after `# check=`, and a unit test in the
//!   parser covers the case.
//! - The Python wrapper does not show an ONBUILD trigger's heredocs (see
//!   `buildkit_view`); their line ranges are still compared.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use dockwarden_analysis::dockerfile::Parse;
use dockwarden_analysis::dockerfile::syntax::{Instruction, Keyword, words};
use dockwarden_analysis::files::language_of;
use dockwarden_analysis::fix_all::fix_all;
use dockwarden_analysis::testing::{fixture_language, parse_fixture};
use dockwarden_analysis::text::apply_edits;
use dockwarden_analysis::{Language, RuleSettings, SideFiles, check_source};
use serde_json::Value;

/// What BuildKit's parser says of one instruction.
#[derive(Debug, PartialEq)]
struct Command_ {
    cmd: String,
    sub_cmd: Option<String>,
    json: bool,
    start_line: u64,
    end_line: u64,
    flags: Vec<String>,
    value: Vec<String>,
    heredocs: Vec<(String, String)>,
}

#[test]
fn our_parser_agrees_with_buildkit() {
    let Some(python) = support::oracle_program("python") else {
        support::skipped(
            "BuildKit's parser (PyPI `dockerfile`) is not installed; .ci/run installs it",
        );
        return;
    };
    let scratch = tempfile::tempdir().expect("a temporary folder");
    let mut fixed_from = Vec::new();
    let files = dockerfiles(scratch.path(), &mut fixed_from);
    assert!(files.len() > 20, "only {} Dockerfiles found", files.len());

    let script = support::repo_root().join("tests/oracles/buildkit_parse.py");
    let output = Command::new(&python).arg(&script).args(&files).output().expect("python runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let stdout = String::from_utf8(output.stdout).expect("UTF-8 JSON");

    let mut compared = 0;
    let mut rejected = 0;
    let mut accepted = std::collections::HashMap::new();
    for line in stdout.lines() {
        let result: Value = serde_json::from_str(line).expect("one JSON object per line");
        let path = PathBuf::from(result["path"].as_str().unwrap());
        let text = std::fs::read_to_string(&path).unwrap();
        let parse = Parse::new(&text);
        let errors: Vec<String> = parse.errors().map(|e| e.message).collect();
        accepted.insert(path.clone(), result["ok"] == true);
        if result["ok"] == false {
            let error = result["error"].as_str().unwrap_or_default();
            if error.contains("file with no instructions") {
                assert_eq!(parse.instructions().count(), 0, "{}", path.display());
                continue;
            }
            assert!(
                !errors.is_empty(),
                "{}: BuildKit rejects it ({error}) but we see no error",
                path.display()
            );
            rejected += 1;
            continue;
        }
        let deliberate = ["continues nothing", "text after the JSON array"];
        let unexpected: Vec<&String> =
            errors.iter().filter(|e| !deliberate.iter().any(|d| e.contains(d))).collect();
        assert!(
            unexpected.is_empty(),
            "{}: BuildKit accepts it but we report {unexpected:?}",
            path.display()
        );

        let theirs: Vec<Command_> =
            result["commands"].as_array().unwrap().iter().map(command_from_json).collect();
        let ours: Vec<Command_> = parse.instructions().map(|i| buildkit_view(&text, &i)).collect();
        assert_eq!(ours.len(), theirs.len(), "{}: instruction count", path.display());
        for (our, their) in ours.iter().zip(&theirs) {
            assert_eq!(our, their, "{}", path.display());
        }
        compared += 1;
    }
    assert!(compared > 20, "only {compared} files compared");
    for (fixed, original) in &fixed_from {
        if accepted[original] {
            assert!(
                accepted[fixed],
                "a fix of {} leaves a file BuildKit rejects: {}",
                original.display(),
                fixed.display()
            );
        }
    }
    support::note(&format!(
        "{} fixed versions of fixture cases parse in BuildKit",
        fixed_from.len()
    ));
    support::note(&format!("compared {compared} files with BuildKit, {rejected} rejected by both"));
}

/// The Dockerfiles to compare: the corpus, fixtures, and the cases of the
/// rule fixtures written out to `scratch`.
fn dockerfiles(scratch: &Path, fixed_from: &mut Vec<(PathBuf, PathBuf)>) -> Vec<PathBuf> {
    let mut files = Vec::new();
    match support::corpus_dir() {
        Some(corpus) => files.extend(support::files_under(&corpus, &|path| {
            language_of(support::file_name(path)) == Some(Language::Dockerfile)
        })),
        None => support::skipped("the corpus (../shared/corpus) is absent"),
    }
    files.extend(generated_dockerfiles(scratch, 2000));
    let fixtures = support::repo_root().join("fixtures");
    for path in support::files_under(&fixtures, &|path| {
        let name = support::file_name(path);
        language_of(name) == Some(Language::Dockerfile)
            || fixture_language(name) == Some(Language::Dockerfile)
    }) {
        let text = std::fs::read_to_string(&path).unwrap();
        if !text.contains("# ====") {
            files.push(path);
            continue;
        }
        for (index, case) in parse_fixture(&text).into_iter().enumerate() {
            let name = format!("{}-{index}.Dockerfile", support::file_name(&path));
            let case_path = scratch.join(&name);
            std::fs::write(&case_path, &case.text).unwrap();
            files.push(case_path.clone());
            // Every fix of the case, and fix-all, must leave a file BuildKit
            // still parses.
            for (fix_index, fixed) in fixed_versions(&case.text).into_iter().enumerate() {
                let fixed_path = scratch.join(format!("{name}-fixed-{fix_index}.Dockerfile"));
                std::fs::write(&fixed_path, fixed).unwrap();
                files.push(fixed_path.clone());
                fixed_from.push((fixed_path, case_path.clone()));
            }
        }
    }
    files
}

/// The text after each fix of each finding (every rule on), and after
/// fix-all with unsafe fixes.
fn fixed_versions(text: &str) -> Vec<String> {
    let settings = RuleSettings::all_rules();
    let report = check_source(Language::Dockerfile, text, &settings, &SideFiles::new());
    let mut versions: Vec<String> = report
        .diagnostics
        .iter()
        .flat_map(|diagnostic| &diagnostic.fixes)
        .filter_map(|fix| apply_edits(text, &fix.edits).ok())
        .collect();
    versions.push(fix_all(Language::Dockerfile, text, &settings, &SideFiles::new(), true).text);
    versions
}

/// Dockerfile-shaped texts stitched from pieces that stress the parser
/// (continuations, heredocs, directives, CRLF, quotes), the same every run.
fn generated_dockerfiles(scratch: &Path, count: usize) -> Vec<PathBuf> {
    const PIECES: &[&str] = dockwarden_analysis::testing::DOCKERFILE_PIECES;
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    (0..count)
        .map(|index| {
            let pieces = 1 + next() % 14;
            let text: String =
                (0..pieces).map(|_| PIECES[(next() % PIECES.len() as u64) as usize]).collect();
            let path = scratch.join(format!("generated-{index}.Dockerfile"));
            std::fs::write(&path, text).unwrap();
            path
        })
        .collect()
}

fn command_from_json(value: &Value) -> Command_ {
    let strings = |key: &str| -> Vec<String> {
        value[key].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_owned()).collect()
    };
    Command_ {
        cmd: value["cmd"].as_str().unwrap_or_default().to_ascii_uppercase(),
        sub_cmd: value["sub_cmd"].as_str().map(str::to_ascii_uppercase),
        json: value["json"].as_bool().unwrap(),
        start_line: value["start_line"].as_u64().unwrap(),
        end_line: value["end_line"].as_u64().unwrap(),
        flags: strings("flags"),
        value: strings("value"),
        heredocs: value["heredocs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| {
                (h["name"].as_str().unwrap().to_owned(), h["content"].as_str().unwrap().to_owned())
            })
            .collect(),
    }
}

/// Our tree, seen the way BuildKit's parser reports it.
fn buildkit_view(text: &str, instruction: &Instruction<'_>) -> Command_ {
    let line_of = |offset: u32| text[..offset as usize].matches('\n').count() as u64 + 1;
    let node = instruction.node_range();
    // The node's last character (which may be several bytes long).
    let last_byte = (node.start..node.end)
        .rev()
        .find(|&offset| text.is_char_boundary(offset as usize))
        .unwrap_or(node.start);
    let (head, sub_cmd) = match instruction.trigger() {
        Some(trigger) => (trigger, Some(trigger.keyword_text().to_ascii_uppercase())),
        None => (*instruction, None),
    };
    let value = if instruction.keyword() == Keyword::Onbuild && sub_cmd.is_none() {
        Vec::new()
    } else {
        value_of(&head)
    };
    Command_ {
        cmd: instruction.keyword_text().to_ascii_uppercase(),
        sub_cmd,
        json: head.exec_form().is_some(),
        start_line: line_of(instruction.range().start),
        end_line: line_of(last_byte),
        // BuildKit reports the flags of the ONBUILD node itself, not its trigger's.
        flags: instruction
            .flags()
            .map(|flag| match flag.value() {
                Some(value) => format!("--{}={value}", flag.name()),
                None => format!("--{}", flag.name()),
            })
            .collect(),
        value,
        // BuildKit attaches an ONBUILD trigger's heredocs to the ONBUILD node,
        // but the Python wrapper reads them from the trigger and so shows
        // none; the line ranges above still prove the bodies were consumed.
        heredocs: if instruction.trigger().is_some() {
            Vec::new()
        } else {
            instruction.heredocs().map(|h| (h.name().to_owned(), h.body().to_owned())).collect()
        },
    }
}

fn value_of(instruction: &Instruction<'_>) -> Vec<String> {
    let arguments = instruction.arguments();
    let split = || -> Vec<String> {
        instruction
            .blank_separated_arguments()
            .into_iter()
            .map(|(word, _)| word.to_owned())
            .collect()
    };
    let exec = || -> Option<Vec<String>> {
        instruction.exec_form().map(|items| items.iter().map(|item| item.value.clone()).collect())
    };
    let whole = || if arguments.is_empty() { Vec::new() } else { vec![arguments.to_owned()] };
    match instruction.keyword() {
        Keyword::Unknown => vec![String::new()],
        Keyword::Run | Keyword::Cmd | Keyword::Entrypoint | Keyword::Shell => {
            exec().unwrap_or_else(whole)
        }
        Keyword::Add | Keyword::Copy | Keyword::Volume => exec().unwrap_or_else(split),
        Keyword::From | Keyword::Expose => split(),
        Keyword::Maintainer | Keyword::Stopsignal | Keyword::User | Keyword::Workdir => whole(),
        Keyword::Arg => {
            instruction.quoted_words().into_iter().map(|(word, _)| word.to_owned()).collect()
        }
        Keyword::Env | Keyword::Label => name_values(arguments),
        Keyword::Healthcheck => {
            let type_end = arguments.find(char::is_whitespace).unwrap_or(arguments.len());
            if type_end == 0 {
                return Vec::new();
            }
            let mut value = vec![arguments[..type_end].to_owned()];
            let rest = arguments[type_end..].trim_start();
            match exec() {
                Some(items) => value.extend(items),
                None if !rest.is_empty() => value.push(rest.to_owned()),
                None => {}
            }
            value
        }
        Keyword::Onbuild => Vec::new(),
    }
}

/// BuildKit's `parseNameVal`: `k=v k2=v2` pairs, or the old `k v` form.
fn name_values(arguments: &str) -> Vec<String> {
    let pairs = words::split_words(arguments, 0, '\\');
    let Some(first) = pairs.first() else { return Vec::new() };
    if !first.slice(arguments).contains('=') {
        let split = arguments.find([' ', '\t']).unwrap_or(arguments.len());
        return vec![arguments[..split].to_owned(), arguments[split..].trim_start().to_owned()];
    }
    pairs
        .iter()
        .flat_map(|word| {
            let (key, value) =
                word.slice(arguments).split_once('=').unwrap_or((word.slice(arguments), ""));
            [key.to_owned(), value.to_owned()]
        })
        .collect()
}
