//! Configuration: `.dockwarden.toml` on disk under the editor's settings,
//! its problems published on it, watched-file changes, settings sent or
//! asked for, and the watchers registered when the client can take them.

use lsp_types as lsp;
use serde_json::json;

use crate::client::{Client, capabilities, code, file_uri};

const TEXT: &str = "FROM alpine:latest\nCOPY --from=buidl /a /b\n";

fn codes(client: &mut Client, uri: &lsp::Uri, version: Option<i32>) -> Vec<String> {
    let mut codes: Vec<String> = client.diagnostics(uri, version).iter().map(code).collect();
    codes.sort();
    codes
}

#[test]
fn the_config_file_applies_its_problems_are_published_and_changes_re_lint() {
    let project = tempfile::tempdir().unwrap();
    let config = project.path().join(".dockwarden.toml");
    std::fs::write(&config, "ignore = [\"DF019\"]\n").unwrap();
    std::fs::create_dir(project.path().join("app")).unwrap();
    let dockerfile = project.path().join("app/Dockerfile");
    let mut client = Client::in_memory();
    let watching = json!({"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}});
    client.initialize_in(capabilities(watching), None, Some(project.path()));
    let uri = file_uri(&dockerfile);
    client.open(&uri, "dockerfile", TEXT);
    assert_eq!(codes(&mut client, &uri, Some(1)), ["DF002", "DF014"]);
    assert!(
        client.server_requests.iter().any(|request| request.method == "client/registerCapability"
            && request.params.to_string().contains(".dockwarden.toml")),
        "{:?}",
        client.server_requests
    );
    // Broken: defaults apply, and the problem is shown on the file.
    std::fs::write(&config, "ignore = [\"DF019\"\nselect = 3\n").unwrap();
    let config_uri = file_uri(&config);
    let changed = lsp::DidChangeWatchedFilesParams {
        changes: vec![lsp::FileEvent {
            uri: config_uri.clone(),
            typ: lsp::FileChangeType::CHANGED,
        }],
    };
    client.notify::<lsp::notification::DidChangeWatchedFiles>(changed.clone());
    assert!(codes(&mut client, &uri, Some(1)).contains(&"DF019".to_owned()));
    let problems = client.diagnostics(&config_uri, None);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].range.start.line, 1, "{problems:?}");
    // Repaired: the problem goes away.
    std::fs::write(&config, "ignore = [\"DF014\"]\n").unwrap();
    client.notify::<lsp::notification::DidChangeWatchedFiles>(changed);
    assert_eq!(codes(&mut client, &uri, Some(1)), ["DF002", "DF019"]);
    assert!(client.diagnostics(&config_uri, None).is_empty());
    // Editor settings lay over the file.
    client.notify::<lsp::notification::DidChangeConfiguration>(lsp::DidChangeConfigurationParams {
        settings: json!({"dockwarden": {"ignore": ["DF002"]}}),
    });
    assert_eq!(codes(&mut client, &uri, Some(1)), ["DF019"]);
    client.shutdown();
}

#[test]
fn settings_come_from_initialization_options_or_are_asked_for() {
    let mut client = Client::in_memory();
    client.settings = json!({"ignore": ["DF019"]});
    let asking = json!({"workspace": {"configuration": true}});
    client.initialize(capabilities(asking), Some(json!({"dockwarden": {"ignore": ["DF014"]}})));
    let uri = crate::client::scratch_uri("Dockerfile");
    // The answer to workspace/configuration (DF019 ignored) replaced the
    // initialization options (DF014 ignored) before or after this open;
    // either way the last publish shows the asked-for settings.
    client.open(&uri, "dockerfile", TEXT);
    let mut seen = codes(&mut client, &uri, Some(1));
    while seen.contains(&"DF019".to_owned()) {
        seen = codes(&mut client, &uri, Some(1));
    }
    assert_eq!(seen, ["DF002", "DF014"]);
    assert!(
        client.server_requests.iter().any(|request| request.method == "workspace/configuration")
    );
    // Bad settings are reported to the user, and the defaults apply.
    client.notify::<lsp::notification::DidChangeConfiguration>(lsp::DidChangeConfigurationParams {
        settings: json!({"dockwarden": {"selekt": ["DF001"]}}),
    });
    let message = client.wait_for("a message about the settings", |message| {
        matches!(message, lsp_server::Message::Notification(n) if n.method == "window/showMessage")
    });
    let lsp_server::Message::Notification(notification) = message else { unreachable!() };
    assert!(notification.params["message"].as_str().unwrap().contains("selekt"));
    client.shutdown();
}

#[test]
fn a_null_configuration_answer_keeps_the_initialization_options() {
    let mut client = Client::in_memory();
    // client.settings stays null: what Neovim answers without `settings`.
    client.initialize(
        capabilities(json!({"workspace": {"configuration": true}})),
        Some(json!({"ignore": ["DF002", "DF014"]})),
    );
    client.wait_for("the configuration request", |message| {
        matches!(message, lsp_server::Message::Request(request) if request.method == "workspace/configuration")
    });
    // The answer went out before this request: once it is answered, the
    // server has read the null.
    let uri = crate::client::scratch_uri("Dockerfile");
    client
        .request::<lsp::request::FoldingRangeRequest>(lsp::FoldingRangeParams {
            text_document: lsp::TextDocumentIdentifier { uri: uri.clone() },
            work_done_progress_params: Default::default(),
            partial_result_params: Default::default(),
        })
        .unwrap();
    client.open(&uri, "dockerfile", TEXT);
    assert_eq!(codes(&mut client, &uri, Some(1)), ["DF019"]);
    client.shutdown();
}

#[test]
fn a_dockerfile_edit_re_checks_the_open_compose_files_that_build_from_it() {
    // Paused: the three opens are all waiting when the server starts, so
    // each file is checked once before the edit, and the Compose file's
    // second publish can only come from the edit.
    let mut client = Client::in_memory_paused();
    let initialize =
        client.send_request::<lsp::request::Initialize>(lsp::InitializeParams::default());
    client.notify::<lsp::notification::Initialized>(lsp::InitializedParams {});
    let compose = crate::client::scratch_uri("compose.yaml");
    let dockerfile = crate::client::scratch_uri("api/Dockerfile");
    let unrelated = crate::client::scratch_uri("other/Dockerfile");
    client.open(
        &compose,
        "dockercompose",
        "services:\n  api:\n    build: ./api\n    privileged: true\n",
    );
    client.open(&dockerfile, "dockerfile", "FROM alpine:3.20\nUSER app\n");
    client.open(&unrelated, "dockerfile", "FROM alpine:3.20\nUSER app\n");
    client.resume();
    client.response(&initialize);
    client.diagnostics(&compose, Some(1));
    client.diagnostics(&dockerfile, Some(1));
    client.diagnostics(&unrelated, Some(1));
    client.change(&dockerfile, 2, vec![(crate::client::range((1, 5), (1, 8)), "root")]);
    client.diagnostics(&dockerfile, Some(2));
    let again = client.diagnostics(&compose, Some(1));
    assert!(again.iter().any(|diagnostic| code(diagnostic) == "CP001"));
    // An edit to a Dockerfile no Compose file builds re-checks only itself:
    // the next publish after it is its own.
    client.change(&unrelated, 2, vec![(crate::client::range((1, 5), (1, 8)), "root")]);
    let next = client.wait_for("the next publish", |message| {
        matches!(message, lsp_server::Message::Notification(n) if n.method == "textDocument/publishDiagnostics")
    });
    let lsp_server::Message::Notification(next) = next else { unreachable!() };
    assert_eq!(next.params["uri"], unrelated.as_str());
    client.shutdown();
}
