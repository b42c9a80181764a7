//! DF032 `secret-in-arg-or-env`.

use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Fix};
use crate::dockerfile::DockerfileContext;
use crate::dockerfile::model::{ArgDeclaration, arg_declarations, env_declarations};
use crate::dockerfile::syntax::{Instruction, Keyword};
use crate::secrets::{could_be_secret_value, is_secret_name};
use crate::text::{TextEdit, TextRange};

declare_rule! {
    /// A secret is passed through `ARG` or `ENV`.
    ///
    /// `ENV` bakes its value into the image: every layer built after it,
    /// `docker inspect` and anyone who pulls the image can read it. A build
    /// argument's value is recorded in the image history of every `RUN`
    /// that sees it. Neither is a place for a password, token or key.
    ///
    /// Names are read as word tokens (`DB_PASSWORD`, `npmToken`,
    /// `AWS_SECRET_ACCESS_KEY`); names ending in `_FILE` or `_PATH`, and
    /// names about public keys, versions or URLs, are not secrets. A value
    /// that cannot be a secret (a path, a boolean, a number, a placeholder,
    /// an empty string) keeps the rule quiet.
    ///
    /// ## Fix
    ///
    /// Pass the secret with BuildKit's secret mounts, which never reach a
    /// layer: `RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci`,
    /// built with `docker build --secret id=npm_token,env=NPM_TOKEN`. The
    /// quick fix removes the declaration and adds that mount to the `RUN`
    /// steps of the stage that use the variable. A secret the running
    /// container needs belongs in a Docker secret at run time instead.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// FROM node:20-alpine
    /// ARG NPM_TOKEN
    /// #   ^^^^^^^^^ DF032
    /// RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci
    /// ENV DB_PASSWORD=hunter2
    /// #   ^^^^^^^^^^^ DF032
    /// ```
    ///
    /// ```dockerfile
    /// FROM node:20-alpine
    /// ENV DB_PASSWORD_FILE=/run/secrets/db_password
    /// ARG PUBLIC_KEY_URL=https://example.com/key.pub
    /// ENV AUTH=false
    /// RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci
    /// ```
    pub static META = {
        code: "DF032",
        name: "secret-in-arg-or-env",
        language: Dockerfile,
        severity: High,
        practice: SecretsThroughDockerSecrets,
        fix: Template,
        hadolint: [],
    }
}

pub fn check(context: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    let model = &context.model;
    for (index, instruction) in model.instructions.iter().enumerate() {
        let declarations = match instruction.keyword() {
            Keyword::Arg => arg_declarations(instruction, index),
            Keyword::Env => env_declarations(instruction),
            _ => continue,
        };
        for declaration in &declarations {
            if !is_secret_name(&declaration.name) {
                continue;
            }
            // A literal value that cannot be a secret (a path, a boolean)
            // says the name misleads; a variable or no value says nothing.
            // An ARG's empty default is only a default: the secret comes
            // with `--build-arg`.
            let is_arg = instruction.keyword() == Keyword::Arg;
            let literal = declaration
                .default
                .as_deref()
                .filter(|value| !(value.contains('$') || is_arg && value.is_empty()));
            if literal.is_some_and(|value| !could_be_secret_value(value)) {
                continue;
            }
            let name = &declaration.name;
            let message = match instruction.keyword() {
                Keyword::Env => format!(
                    "`{name}` looks like a secret: ENV bakes it into the image, where `docker inspect` shows it"
                ),
                _ => format!(
                    "`{name}` looks like a secret: a build argument's value is kept in the image history"
                ),
            };
            let mut diagnostic = Diagnostic::new(&META, declaration.name_range, message);
            if let Some(fix) =
                secret_mount_fix(context, index, instruction, declaration, declarations.len())
            {
                diagnostic = diagnostic.with_fix(fix);
            }
            out.push(diagnostic);
        }
    }
}

/// Removes the declaration and mounts the secret into the RUN steps of the
/// stage that use it. Offered when the instruction declares only this name
/// and every later use of it in the stage is in a RUN.
fn secret_mount_fix(
    context: &DockerfileContext<'_>,
    index: usize,
    instruction: &Instruction<'_>,
    declaration: &ArgDeclaration,
    declared_here: usize,
) -> Option<Fix> {
    let model = &context.model;
    let stage = model.stage_of(index)?;
    if declared_here != 1 || instruction.trigger().is_some() {
        return None;
    }
    let name = &declaration.name;
    let uses: Vec<&Instruction<'_>> = model.instructions[index + 1..stage.end]
        .iter()
        .filter(|later| mentions(later, name))
        .collect();
    if uses.is_empty()
        || uses.iter().any(|later| later.keyword() != Keyword::Run || later.exec_form().is_some())
    {
        return None;
    }
    let id = name.to_ascii_lowercase();
    let node = instruction.node_range();
    let mut edits = vec![TextEdit::delete(TextRange::new(
        crate::text::line_start(context.text(), node.start),
        node.end,
    ))];
    for run in uses {
        let after_keyword = run.keyword_range().end;
        edits.push(TextEdit::insert(
            after_keyword,
            format!(" --mount=type=secret,id={id},env={name}"),
        ));
    }
    Some(Fix::template(
        format!(
            "Pass `{name}` as a build secret to the RUN steps that use it (build with `--secret id={id},env={name}`)"
        ),
        edits,
    ))
}

/// Whether an instruction's text, or its heredocs, name `$NAME` or `${NAME}`.
fn mentions(instruction: &Instruction<'_>, name: &str) -> bool {
    let text = instruction.text();
    let bare = format!("${name}");
    let braced = format!("${{{name}");
    text.match_indices(&bare).any(|(at, _)| {
        !text[at + bare.len()..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
    }) || text.contains(&braced)
}

crate::fixture_test!("secret-in-arg-or-env.Dockerfile");
