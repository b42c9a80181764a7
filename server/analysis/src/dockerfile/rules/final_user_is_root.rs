//! DF001 `final-user-is-root`.

use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Fix};
use crate::dockerfile::DockerfileContext;
use crate::dockerfile::fixes::{created_user, user_insertion};
use crate::dockerfile::model::EffectiveUser;
use crate::text::TextEdit;

declare_rule! {
    /// The final stage switches to root.
    ///
    /// The last `USER` of the stage that becomes the image names `root` or
    /// UID `0`, so the container's processes run as root. A flaw in the
    /// application is then root inside the container, and one kernel or
    /// runtime bug away from root on the host.
    ///
    /// Only the final stage matters: builder stages may run as root, and
    /// `USER root` followed later by `USER app` is fine. A final stage built
    /// `FROM` another stage inherits that stage's last `USER`.
    ///
    /// ## Fix
    ///
    /// Switch to an unprivileged user after the steps that need root. The
    /// quick fix writes the user that a `useradd`/`adduser` in the stage
    /// creates, or UID `10001:10001` when none does; the application's files
    /// must be readable (and, where it writes, writable) by that user.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN adduser -S -D app
    /// USER root
    /// #^^^^^^^^ DF001
    /// CMD ["/app/server"]
    /// ```
    ///
    /// Root for a step, then back to a user, is fine:
    ///
    /// ```dockerfile
    /// FROM alpine:3.20
    /// USER root
    /// RUN apk add --no-cache curl
    /// USER 10001
    /// ```
    pub static META = {
        code: "DF001",
        name: "final-user-is-root",
        language: Dockerfile,
        severity: High,
        practice: NeverRunAsRoot,
        fix: Unsafe,
        hadolint: ["DL3002"],
    }
}

pub fn check(context: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    let model = &context.model;
    let Some(stage) = model.final_stage() else { return };
    let user = model.effective_user(stage);
    if !user.is_explicit_root() {
        return;
    }
    let EffectiveUser::Set { instruction: index, user } = user else { return };
    let user_instruction = &model.instructions[index];
    let windows = model.root_image(stage).is_some_and(|image| image.is_windows());
    let fallback = if windows { "ContainerUser" } else { "10001:10001" };
    let replacement = created_user(model, stage).unwrap_or_else(|| fallback.to_owned());
    let title = format!(
        "Run as `{replacement}` instead of root (the application's files must be readable by it)"
    );
    if index >= stage.from {
        // The final stage itself switches to root: change that USER.
        let diagnostic = Diagnostic::new(
            &META,
            user_instruction.header_range(),
            format!("the image runs as root: `USER {user}` is the final stage's last user"),
        )
        .with_fix(Fix::unsafe_(
            title,
            vec![TextEdit::replace(user_instruction.arguments_range(), replacement)],
        ));
        out.push(diagnostic);
    } else {
        // Inherited from the stage it builds on: switch user in this stage.
        let mut diagnostic = Diagnostic::new(
            &META,
            stage.base_range,
            format!(
                "the image runs as root: it inherits `USER {user}` from stage `{}`",
                stage.base_text
            ),
        )
        .with_related(user_instruction.header_range(), "the stage's last USER is root");
        let edit = user_insertion(context, stage, &[format!("USER {replacement}")]);
        diagnostic = diagnostic.with_fix(Fix::unsafe_(title, vec![edit]));
        out.push(diagnostic);
    }
}

crate::fixture_test!("final-user-is-root.Dockerfile");
