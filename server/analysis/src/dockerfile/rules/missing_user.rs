//! DF002 `missing-user`.

use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Fix};
use crate::dockerfile::DockerfileContext;
use crate::dockerfile::fixes::{create_user_lines, created_user, user_insertion};
use crate::dockerfile::model::EffectiveUser;
use crate::dockerfile::shell::{base_name, parse_commands};
use crate::dockerfile::syntax::Keyword;

declare_rule! {
    /// The final stage never sets a user, so the image runs as root.
    ///
    /// Without a `USER` instruction the container starts as the base image's
    /// user, which is root for almost every image. Every process then has
    /// root's power over the container's files, and a container escape
    /// starts from root.
    ///
    /// The rule looks at the final stage only, following the stages it is
    /// built `FROM`. It stays quiet when the base image is known to run as
    /// non-root (distroless `:nonroot` tags, Chainguard and Bitnami images,
    /// tags that say `nonroot` or `rootless`), and when the entrypoint drops
    /// privileges itself with `gosu`, `su-exec`, `setpriv` or `runuser`.
    ///
    /// ## Fix
    ///
    /// Add `USER` after the steps that need root and before the final
    /// `CMD`/`ENTRYPOINT`. The quick fixes insert `USER 10001:10001` (or the
    /// user that the stage already creates), or create a system user the way
    /// the base image's family does it (`adduser -S` on Alpine, `useradd
    /// --system` on Debian and RHEL) and switch to it. Files the application
    /// writes must belong to that user.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// FROM node:20-alpine
    /// #^^^^^^^^^^^^^^^^^^ DF002
    /// COPY . /app
    /// CMD ["node", "/app/server.js"]
    /// ```
    ///
    /// A user set in the final stage, or a non-root base, is fine:
    ///
    /// ```dockerfile
    /// FROM golang:1.22 AS build
    /// RUN go build -o /out/app .
    /// FROM gcr.io/distroless/static-debian12:nonroot
    /// COPY --from=build /out/app /app
    /// ```
    pub static META = {
        code: "DF002",
        name: "missing-user",
        language: Dockerfile,
        severity: Medium,
        practice: NeverRunAsRoot,
        fix: Template,
        hadolint: [],
    }
}

pub fn check(context: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    let model = &context.model;
    let Some(stage) = model.final_stage() else { return };
    if model.effective_user(stage) != EffectiveUser::Default || drops_privileges(context) {
        return;
    }
    let from = &model.instructions[stage.from];
    let windows = model.root_image(stage).is_some_and(|image| image.is_windows());
    let administrator = if windows { "ContainerAdministrator" } else { "root" };
    let mut diagnostic = Diagnostic::new(
        &META,
        from.header_range(),
        format!("the image runs as {administrator}: its final stage never sets USER"),
    );
    let user = created_user(model, stage);
    let (line, title) = match &user {
        Some(user) => {
            (format!("USER {user}"), format!("Run as `{user}`, the user this stage creates"))
        }
        None if windows => (
            "USER ContainerUser".to_owned(),
            "Run as `ContainerUser`, Windows' unprivileged account".to_owned(),
        ),
        None => (
            "USER 10001:10001".to_owned(),
            "Run as UID 10001 (files the application writes must belong to it)".to_owned(),
        ),
    };
    diagnostic =
        diagnostic.with_fix(Fix::template(title, vec![user_insertion(context, stage, &[line])]));
    let family = model.root_image(stage).and_then(|image| {
        let minimal = image
            .tag
            .as_deref()
            .is_some_and(|tag| tag.contains("minimal") || tag.contains("micro"))
            || image.short_name().contains("minimal")
            || image.short_name().contains("micro");
        if minimal { None } else { image.family() }
    });
    if let (None, Some(family)) = (&user, family) {
        let mut lines = create_user_lines(family);
        lines.push("USER app".to_owned());
        diagnostic = diagnostic.with_fix(Fix::template(
            "Create a system user `app` and run as it",
            vec![user_insertion(context, stage, &lines)],
        ));
    }
    out.push(diagnostic);
}

/// Whether the final CMD or ENTRYPOINT switches user itself.
fn drops_privileges(context: &DockerfileContext<'_>) -> bool {
    let model = &context.model;
    let Some(stage) = model.final_stage() else { return false };
    model.stage_instructions(stage).iter().any(|instruction| {
        if !matches!(instruction.keyword(), Keyword::Cmd | Keyword::Entrypoint) {
            return false;
        }
        let programs: Vec<String> = match instruction.exec_form() {
            Some(items) => items.iter().map(|item| base_name(&item.value).to_owned()).collect(),
            None => parse_commands(instruction.arguments())
                .iter()
                .flat_map(|command| {
                    command.words.iter().map(|word| base_name(&word.text).to_owned())
                })
                .collect(),
        };
        programs.iter().any(|program| {
            matches!(
                program.as_str(),
                "gosu" | "su-exec" | "setpriv" | "runuser" | "s6-setuidgid" | "chpst"
            )
        })
    })
}

crate::fixture_test!("missing-user.Dockerfile");
