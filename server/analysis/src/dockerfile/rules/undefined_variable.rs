//! DF103 `undefined-variable`.

use std::collections::{BTreeSet, HashMap, HashSet};

use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::dockerfile::DockerfileContext;
use crate::dockerfile::model::{Base, Model, Stage};
use crate::dockerfile::syntax::{Instruction, Keyword};
use crate::spelling;

declare_rule! {
    /// A variable is used where nothing gives it a value.
    ///
    /// Docker expands `$NAME` in FROM, COPY, ADD, ENV, ARG, WORKDIR, USER,
    /// EXPOSE, LABEL, VOLUME and STOPSIGNAL. An unset variable expands to
    /// nothing, silently: `COPY app /opt/$APP_DIR` copies to `/opt/`. The
    /// rule reports the cases the file alone proves:
    ///
    /// - in `FROM`, a variable that is no ARG declared before the first FROM
    ///   (the automatic platform ARGs such as `TARGETARCH` are known);
    /// - an ARG declared before the first FROM but used inside a stage
    ///   without being declared again there (`ARG NAME`), where it is empty;
    /// - a variable used before its ARG or ENV in the same stage;
    /// - a name that is a near miss of one in scope (`$APP_HOEM`);
    /// - anything undefined in a stage built from `scratch`, which inherits
    ///   no environment.
    ///
    /// Other unknown names may come from the base image's environment
    /// (`$GOPATH` in a golang image) and are not reported. Shell commands in
    /// RUN, CMD and ENTRYPOINT are the shell's business and are not checked;
    /// nor is `${NAME:-default}`, which expects an unset variable.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// ARG VERSION=1.2
    /// FROM alpine:${ALPINE}
    /// #           ^^^^^^^^^ DF103
    /// COPY app-${VERSION}.tar /opt/
    /// #        ^^^^^^^^^^ DF103: ARG VERSION
    /// ENV APP_HOME=/opt/app
    /// WORKDIR $APP_HOEM
    /// #       ^^^^^^^^^ DF103: did you mean
    /// ```
    ///
    /// ```dockerfile
    /// ARG VERSION=1.2
    /// FROM --platform=$BUILDPLATFORM alpine:3.20
    /// ARG VERSION
    /// ARG TARGETARCH
    /// COPY app-${VERSION}-${TARGETARCH}.tar /opt/
    /// WORKDIR $HOME/${SUBDIR:-app}
    /// ```
    pub static META = {
        code: "DF103",
        name: "undefined-variable",
        language: Dockerfile,
        severity: Medium,
        practice: Correctness,
        fix: None,
        hadolint: [],
    }
}

/// ARGs every build has, usable in FROM lines and, once declared, in stages.
const AUTOMATIC_ARGS: &[&str] = &[
    "BUILDPLATFORM",
    "BUILDOS",
    "BUILDARCH",
    "BUILDVARIANT",
    "TARGETPLATFORM",
    "TARGETOS",
    "TARGETARCH",
    "TARGETVARIANT",
    "TARGETSTAGE",
];

/// ARGs Docker defines in every stage without a declaration.
const PREDEFINED_ARGS: &[&str] = &[
    "HTTP_PROXY",
    "http_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "FTP_PROXY",
    "ftp_proxy",
    "NO_PROXY",
    "no_proxy",
    "ALL_PROXY",
    "all_proxy",
];

pub fn check(context: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    let model = &context.model;
    let global: HashSet<&str> = model.global_args.iter().map(|arg| arg.name.as_str()).collect();
    for stage in &model.stages {
        let from = &model.instructions[stage.from];
        for (reference, name) in references(from) {
            if !global.contains(name) && !AUTOMATIC_ARGS.contains(&name) {
                let hint = did_you_mean(name, global.iter().copied());
                out.push(Diagnostic::new(
                    &META,
                    reference,
                    format!("`{name}` is not an ARG declared before the first FROM{hint}"),
                ));
            }
        }
        check_stage(model, stage, &global, out);
    }
}

fn check_stage(
    model: &Model<'_>,
    stage: &Stage,
    global: &HashSet<&str>,
    out: &mut Vec<Diagnostic>,
) {
    let instructions = &model.instructions[stage.from + 1..stage.end];
    if !instructions.iter().any(|instruction| {
        instruction.keyword().expands_variables() && instruction.mentions_variables()
    }) {
        return;
    }
    // Where each name is first declared in the stage.
    let mut declared_at: HashMap<&str, usize> = HashMap::new();
    for (offset, instruction) in instructions.iter().enumerate() {
        for name in declared_names(instruction) {
            declared_at.entry(name).or_insert(stage.from + 1 + offset);
        }
    }
    let inherited = inherited_environment(model, stage);
    let from_scratch = builds_from_scratch(model, stage);
    for (offset, instruction) in instructions.iter().enumerate() {
        let index = stage.from + 1 + offset;
        if !instruction.keyword().expands_variables() || !instruction.mentions_variables() {
            continue;
        }
        for (range, name) in references(instruction) {
            let in_scope = |candidate: &str| {
                declared_at.get(candidate).is_some_and(|&at| at < index)
                    || inherited.contains(candidate)
                    || PREDEFINED_ARGS.contains(&candidate)
            };
            if in_scope(name) {
                continue;
            }
            let message = if declared_at.get(name).is_some_and(|&at| at > index) {
                format!("`{name}` is used before the ARG or ENV that sets it")
            } else if global.contains(name) {
                format!(
                    "`{name}` is an ARG of the global scope, empty inside a stage until declared again with `ARG {name}`"
                )
            } else if AUTOMATIC_ARGS.contains(&name) {
                format!("`{name}` is empty inside a stage until declared with `ARG {name}`")
            } else if let Some(near) = spelling::nearest(
                name,
                declared_at
                    .keys()
                    .copied()
                    .chain(inherited.iter().copied())
                    .filter(|c| in_scope(c)),
            ) {
                format!("`{name}` is not set here; did you mean `{near}`?")
            } else if from_scratch {
                format!("`{name}` is not set: this stage builds on scratch, which sets nothing")
            } else {
                continue;
            };
            out.push(Diagnostic::new(&META, range, message));
        }
    }
}

/// The references Docker expands in an instruction, with their names,
/// leaving out those with a default (`${NAME:-x}`, `${NAME-x}`).
fn references<'a>(instruction: &Instruction<'a>) -> Vec<(crate::text::TextRange, &'a str)> {
    let mut found = Vec::new();
    if !instruction.mentions_variables() {
        return found;
    }
    let mut ranges = vec![instruction.arguments_logical_range()];
    ranges.extend(instruction.flags().filter_map(|flag| flag.value_logical_range()));
    for range in ranges {
        for reference in instruction.variable_references(range) {
            let has_default = reference.modifier.as_ref().is_some_and(|(operator, _)| {
                matches!(operator.as_str(), ":-" | "-" | ":+" | "+" | ":?" | "?")
            });
            if has_default {
                continue;
            }
            let name = instruction.logical_slice(reference.name);
            found.push((instruction.to_source(reference.range), name));
        }
    }
    found
}

/// The names an ARG or ENV instruction sets.
fn declared_names<'a>(instruction: &Instruction<'a>) -> Vec<&'a str> {
    match instruction.keyword() {
        Keyword::Arg | Keyword::Env => instruction.declared_names(),
        _ => Vec::new(),
    }
}

/// The ENV names a stage inherits from the stages it is built on.
fn inherited_environment<'a>(model: &Model<'a>, stage: &Stage) -> BTreeSet<&'a str> {
    let mut names = BTreeSet::new();
    let mut current = stage;
    while let Base::Stage(parent) = current.base {
        if parent >= current.index {
            break;
        }
        current = &model.stages[parent];
        for instruction in model.stage_instructions(current) {
            if instruction.keyword() == Keyword::Env {
                names.extend(declared_names(instruction));
            }
        }
    }
    names
}

fn builds_from_scratch(model: &Model<'_>, stage: &Stage) -> bool {
    let mut current = stage;
    loop {
        match current.base {
            Base::Scratch => return true,
            Base::Stage(parent) if parent < current.index => current = &model.stages[parent],
            _ => return false,
        }
    }
}

fn did_you_mean<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    spelling::nearest(name, candidates)
        .map_or_else(String::new, |near| format!("; did you mean `{near}`?"))
}

crate::fixture_test!("undefined-variable.Dockerfile");
