//! The workspace around the documents: the editor's settings, the files
//! watched on disk (configuration and side files), and the registration of
//! those watchers once the client is ready.

use lsp_types as lsp;
use serde_json::Value;

use super::Result;
use crate::session::{Outgoing, Session};
use crate::settings;
use crate::uri;

/// The files whose changes on disk matter: configuration, ignore files,
/// `.env`, and Dockerfiles and Compose files that open files read.
const WATCHED: &[&str] = &[
    "**/.dockwarden.toml",
    "**/.dockerignore",
    "**/*.dockerignore",
    "**/.gitignore",
    "**/.env",
    "**/{Dockerfile,Containerfile,Dockerfile.*,Containerfile.*,*.Dockerfile,*.dockerfile}",
    "**/{compose,docker-compose}*.{yml,yaml}",
];

pub fn initialized(session: &mut Session, _params: lsp::InitializedParams) -> Result<()> {
    if session.features.watched_files_registration {
        let watchers = WATCHED
            .iter()
            .map(|pattern| lsp::FileSystemWatcher {
                glob_pattern: lsp::GlobPattern::String((*pattern).to_owned()),
                kind: None,
            })
            .collect();
        let options = lsp::DidChangeWatchedFilesRegistrationOptions { watchers };
        session.client.request::<lsp::request::RegisterCapability>(
            lsp::RegistrationParams {
                registrations: vec![lsp::Registration {
                    id: "dockwarden-watched-files".to_owned(),
                    method: "workspace/didChangeWatchedFiles".to_owned(),
                    register_options: serde_json::to_value(options).ok(),
                }],
            },
            Outgoing::Registration,
        );
    }
    request_configuration(session);
    Ok(())
}

/// Asks a client that serves `workspace/configuration` for the settings.
fn request_configuration(session: &mut Session) {
    if session.features.configuration {
        session.client.request::<lsp::request::WorkspaceConfiguration>(
            lsp::ConfigurationParams {
                items: vec![lsp::ConfigurationItem {
                    scope_uri: None,
                    section: Some(settings::SECTION.to_owned()),
                }],
            },
            Outgoing::Configuration,
        );
    }
}

pub fn did_change_configuration(
    session: &mut Session,
    params: lsp::DidChangeConfigurationParams,
) -> Result<()> {
    // Clients that pull settings send an empty notification as a nudge.
    let empty = match &params.settings {
        Value::Null => true,
        Value::Object(map) => map.is_empty(),
        _ => false,
    };
    if empty && session.features.configuration {
        request_configuration(session);
        return Ok(());
    }
    apply_settings(session, &params.settings);
    Ok(())
}

/// The answer to `workspace/configuration`: one value per item asked. A
/// client with nothing configured answers `null` (Neovim without
/// `settings`): the `initializationOptions` then stay in force.
pub fn configuration_received(session: &mut Session, result: &Value) {
    match result.as_array().and_then(|items| items.first()) {
        Some(Value::Null) => {}
        Some(Value::Object(map)) if map.is_empty() => {}
        Some(section) => apply_settings(session, section),
        None => tracing::warn!("workspace/configuration answered {result}"),
    }
}

/// New editor settings: problems are shown, every document checked again.
pub fn apply_settings(session: &mut Session, value: &Value) {
    let (config, errors) = settings::read(value);
    for error in errors {
        session
            .client
            .show_message(lsp::MessageType::WARNING, format!("dockwarden: {}", error.message));
    }
    session.configs.set_editor(config);
    session.invalidate_all();
}

pub fn did_change_watched_files(
    session: &mut Session,
    params: lsp::DidChangeWatchedFilesParams,
) -> Result<()> {
    for change in params.changes {
        let Some(path) = uri::to_path(&change.uri) else { continue };
        let is_config = path
            .file_name()
            .is_some_and(|name| name == dockwarden_analysis::config::CONFIG_FILE_NAME);
        if is_config {
            session.invalidate_all();
        } else {
            session.invalidate_dependents(&path);
        }
    }
    Ok(())
}
