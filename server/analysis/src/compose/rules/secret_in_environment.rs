//! CP019: a credential written into a service's environment.

use crate::compose::ComposeContext;
use crate::compose::edit::{Insertion, Style, append_item, insert_key};
use crate::compose::model::{EnvVar, Literalness, Service, scalar_content_offset};
use crate::diagnostic::{Diagnostic, Fix};
use crate::secrets::{could_be_secret_value, is_secret_name};
use crate::text::{TextEdit, TextRange};

crate::declare_rule! {
    /// A credential-shaped environment variable holds a literal value.
    ///
    /// A password in `environment:` is in the Compose file (and so in the
    /// repository and its history), in `docker inspect` for anyone who can
    /// reach the daemon, and in the environment of every process in the
    /// container and its crash reports. Docker secrets are mounted as files
    /// under `/run/secrets/` instead, readable only inside the container.
    ///
    /// Names are matched on their last word (`DB_PASSWORD`, `API_KEY`,
    /// `GITHUB_TOKEN`, `REDIS_PASS`, `APP_KEY`), not on a prefix an
    /// application puts on all its settings. A value taken from the
    /// environment (`${DB_PASSWORD}`), a path (`/run/secrets/db`), a
    /// boolean, a number, an empty string or a placeholder (`<token>`,
    /// `YOUR_API_TOKEN`) is not a secret, nor are names such as
    /// `DB_PASSWORD_FILE`, `PUBLIC_KEY`, `TOKEN_VERSION` or `CLIENT_ID`.
    ///
    /// ## Fix
    /// Move the value into a Docker secret and point the application at its
    /// file. Official images of databases read `<NAME>_FILE` variables
    /// (`POSTGRES_PASSWORD_FILE`, `MYSQL_ROOT_PASSWORD_FILE`). The template
    /// fix declares a top-level secret read from `./secrets/<name>.txt`,
    /// grants it to the service, and replaces the variable with
    /// `<NAME>_FILE: /run/secrets/<name>`: put the value in that file (kept
    /// out of version control) and check that the image reads `_FILE`.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   db:
    ///     image: postgres:17
    ///     environment:
    ///       POSTGRES_PASSWORD: hunter2
    /// #     ^^^^^^^^^^^^^^^^^ CP019
    ///       POSTGRES_USER: app
    ///       POSTGRES_PASSWORD_FILE: /run/secrets/db
    ///       PGPASSWORD: ${PGPASSWORD}
    /// ```
    pub static META = {
        code: "CP019",
        name: "secret-in-environment",
        language: Compose,
        severity: High,
        practice: SecretsThroughDockerSecrets,
        fix: Template,
        hadolint: [],
    }
}

pub fn check(context: &ComposeContext<'_>, out: &mut Vec<Diagnostic>) {
    let tree = context.tree();
    for service in &context.model().services {
        for variable in service.environment(tree) {
            if !holds_literal_secret(&variable) {
                continue;
            }
            let message = format!(
                "`{}` holds a literal secret; move it into a Docker secret and read it from /run/secrets",
                variable.name
            );
            let mut diagnostic = Diagnostic::new(&META, variable.name_range, message);
            if let Some(fix) = move_to_secret(context, service, &variable) {
                diagnostic = diagnostic.with_fix(fix);
            }
            out.push(diagnostic);
        }
    }
}

fn holds_literal_secret(variable: &EnvVar) -> bool {
    let Some(value) = &variable.value else { return false };
    variable.literalness == Literalness::Literal
        && !variable.typed_value
        && is_secret_name(&variable.name)
        && could_be_secret_value(&value.replace("$$", "$"))
}

/// Replaces the variable with `<NAME>_FILE`, grants the secret to the
/// service and declares it at the top level. Only for variables written in
/// the service's own `environment`, with no `<NAME>_FILE` beside them, in
/// files whose top level is a block mapping; otherwise there is no safe
/// place to write.
fn move_to_secret(
    context: &ComposeContext<'_>,
    service: &Service,
    variable: &EnvVar,
) -> Option<Fix> {
    let tree = context.tree();
    let text = context.text();
    let environment = service.get_entry(tree, "environment")?;
    if !service.owns(tree, environment) || tree.resolve(environment.value) != environment.value {
        return None;
    }
    let root = service.root;
    if tree.mapping(root)?.flow {
        return None;
    }
    let style = Style::of(text, tree);
    let secret = variable
        .name
        .to_ascii_lowercase()
        .replace(|c: char| !c.is_ascii_alphanumeric() && c != '_' && c != '-' && c != '.', "_");
    let file_variable = format!("{}_FILE", variable.name);
    // `NAME_FILE` set already: a second one would be a duplicate key, and
    // which of the two the application reads is its own business.
    if service.environment(tree).iter().any(|other| other.name == file_variable) {
        return None;
    }
    let path = format!("/run/secrets/{secret}");
    let mut edits = Vec::new();

    // 1. The variable becomes NAME_FILE pointing at the secret's file.
    match variable.entry {
        Some(entry) => {
            edits.push(TextEdit::replace(tree.range(entry.key), file_variable.clone()));
            edits.push(TextEdit::replace(tree.range(entry.value), path.clone()));
        }
        None => {
            let offset = scalar_content_offset(tree, variable.node)?;
            let range = tree.range(variable.node);
            let inner = TextRange::new(range.start + offset, range.end - offset);
            edits.push(TextEdit::replace(inner, format!("{file_variable}={path}")));
        }
    }
    // 2. The service is granted the secret.
    let granted = service.secrets(tree).iter().any(|reference| reference.name == secret);
    if !granted {
        let edit = match service.get_entry(tree, "secrets") {
            Some(entry) if service.owns(tree, entry) => {
                append_item(text, tree, &style, entry.value, &secret)?
            }
            Some(_) => return None,
            None => insert_key(
                text,
                tree,
                &style,
                service.body(),
                "secrets",
                &Insertion::List(vec![secret.clone()]),
            )?,
        };
        edits.push(edit);
    }
    // 3. The secret is declared, read from a file beside the Compose file.
    let declared = context.model().secrets.iter().any(|declared| declared.name == secret);
    if !declared {
        let source = Insertion::Mapping(vec![(
            "file".into(),
            Insertion::Scalar(format!("./secrets/{secret}.txt")),
        )]);
        let edit = match tree.get_entry(root, "secrets") {
            Some(entry)
                if tree.mapping(entry.value).is_some()
                    && tree.resolve(entry.value) == entry.value =>
            {
                insert_key(text, tree, &style, entry.value, &secret, &source)?
            }
            Some(_) => return None,
            None => insert_key(
                text,
                tree,
                &style,
                root,
                "secrets",
                &Insertion::Mapping(vec![(secret.clone(), source)]),
            )?,
        };
        edits.push(edit);
    }
    let title = format!(
        "Move `{}` into the Docker secret `{secret}` read from ./secrets/{secret}.txt (the image must read `{file_variable}`)",
        variable.name
    );
    Some(Fix::template(title, edits))
}

crate::fixture_test!("secret-in-environment.yaml");
