//! Diagnostics, pushed and pulled: their fields, versions, result ids, the
//! Compose side's last good findings across a YAML syntax error, and files
//! that are not ours.

use lsp_types as lsp;
use serde_json::json;

use crate::client::{Client, capabilities, code, range, scratch_uri};

const DOCKERFILE: &str = "FROM golang:1.22 AS build\nRUN go build\nFROM alpine:latest\nCOPY --from=buidl /out /app\nUSER root\n";

#[test]
fn pushed_diagnostics_carry_code_link_source_severity_related_and_version() {
    let mut client = Client::in_memory();
    client.initialize(lsp::ClientCapabilities::default(), None);
    let uri = scratch_uri("Dockerfile");
    client.open(&uri, "dockerfile", DOCKERFILE);
    let diagnostics = client.diagnostics(&uri, Some(1));
    let codes: Vec<String> = diagnostics.iter().map(code).collect();
    assert_eq!(codes, ["DF019", "DF014", "DF001"], "{diagnostics:#?}");
    let copy = &diagnostics[1];
    assert_eq!(copy.range, range((3, 12), (3, 17)));
    assert_eq!(copy.source.as_deref(), Some("dockwarden"));
    assert_eq!(copy.severity, Some(lsp::DiagnosticSeverity::ERROR));
    assert!(
        copy.code_description.as_ref().unwrap().href.as_str().ends_with("/docs/rules/DF014.md")
    );
    let related = copy.related_information.as_ref().expect("the stage meant");
    assert_eq!(related[0].location.uri, uri);
    assert_eq!(related[0].location.range, range((0, 20), (0, 25)));
    // medium is a warning
    assert_eq!(diagnostics[0].severity, Some(lsp::DiagnosticSeverity::WARNING));
    // An edit publishes again, for the new version only.
    client.change(&uri, 2, vec![(range((3, 12), (3, 17)), "build")]);
    let codes: Vec<String> = client.diagnostics(&uri, Some(2)).iter().map(code).collect();
    assert_eq!(codes, ["DF019", "DF001"]);
    // Closing clears them.
    client.close(&uri);
    assert!(client.diagnostics(&uri, None).is_empty());
    client.shutdown();
}

#[test]
fn a_burst_of_changes_is_published_for_the_last_version() {
    let mut client = Client::in_memory_paused();
    let id = client.send_request::<lsp::request::Initialize>(lsp::InitializeParams::default());
    client.notify::<lsp::notification::Initialized>(lsp::InitializedParams {});
    let uri = scratch_uri("Dockerfile");
    client.open(&uri, "dockerfile", "FROM alpine:3.20\nUSER app\n");
    for version in 2..=20 {
        client.change(&uri, version, vec![(range((0, 16), (0, 16)), " ")]);
    }
    client.resume();
    client.response(&id);
    // Nothing was waiting in between: one publish, for version 20.
    let message = client.wait_for("a publish", |message| {
        matches!(message, lsp_server::Message::Notification(n) if n.method == "textDocument/publishDiagnostics")
    });
    let lsp_server::Message::Notification(notification) = message else { unreachable!() };
    assert_eq!(notification.params["version"], 20);
    client.shutdown();
}

fn pull_capabilities() -> lsp::ClientCapabilities {
    capabilities(json!({"textDocument": {"diagnostic": {"dynamicRegistration": false}}}))
}

fn pull(
    client: &mut Client,
    uri: &lsp::Uri,
    previous: Option<String>,
) -> lsp::DocumentDiagnosticReport {
    let result = client
        .request::<lsp::request::DocumentDiagnosticRequest>(lsp::DocumentDiagnosticParams {
            text_document: lsp::TextDocumentIdentifier { uri: uri.clone() },
            identifier: None,
            previous_result_id: previous,
            work_done_progress_params: Default::default(),
            partial_result_params: Default::default(),
        })
        .unwrap();
    match result {
        lsp::DocumentDiagnosticReportResult::Report(report) => report,
        other => panic!("a report, not {other:?}"),
    }
}

#[test]
fn pulled_diagnostics_answer_unchanged_while_the_findings_stay() {
    let mut client = Client::in_memory();
    let result = client.initialize(pull_capabilities(), None);
    assert!(result.capabilities.diagnostic_provider.is_some());
    let uri = scratch_uri("Dockerfile");
    client.open(&uri, "dockerfile", DOCKERFILE);
    let lsp::DocumentDiagnosticReport::Full(full) = pull(&mut client, &uri, None) else {
        panic!("full")
    };
    let items = full.full_document_diagnostic_report.items;
    assert_eq!(items.len(), 3);
    let id = full.full_document_diagnostic_report.result_id.expect("a result id");
    // A change that moves nothing the findings cover: still unchanged.
    client.change(&uri, 2, vec![(range((1, 12), (1, 12)), " ./...")]);
    let lsp::DocumentDiagnosticReport::Unchanged(unchanged) =
        pull(&mut client, &uri, Some(id.clone()))
    else {
        panic!("unchanged")
    };
    assert_eq!(unchanged.unchanged_document_diagnostic_report.result_id, id);
    client.change(&uri, 3, vec![(range((4, 5), (4, 9)), "app")]);
    let lsp::DocumentDiagnosticReport::Full(full) = pull(&mut client, &uri, Some(id.clone()))
    else {
        panic!("full")
    };
    assert_ne!(full.full_document_diagnostic_report.result_id.as_ref(), Some(&id));
    assert_eq!(full.full_document_diagnostic_report.items.len(), 2);
    // The workspace pull reports the open files; with nothing changed it
    // waits until something does.
    let workspace = client
        .request::<lsp::request::WorkspaceDiagnosticRequest>(workspace_params(vec![]))
        .unwrap();
    let lsp::WorkspaceDiagnosticReportResult::Report(report) = workspace else { panic!("report") };
    assert_eq!(report.items.len(), 1);
    let lsp::WorkspaceDocumentDiagnosticReport::Full(entry) = &report.items[0] else {
        panic!("full")
    };
    assert_eq!(entry.version, Some(3));
    let previous = vec![lsp::PreviousResultId {
        uri: uri.clone(),
        value: entry.full_document_diagnostic_report.result_id.clone().unwrap(),
    }];
    let waiting =
        client.send_request::<lsp::request::WorkspaceDiagnosticRequest>(workspace_params(previous));
    client.change(&uri, 4, vec![(range((4, 5), (4, 8)), "root")]);
    let response = client.response(&waiting);
    let report: lsp::WorkspaceDiagnosticReportResult =
        serde_json::from_value(response.response_result.unwrap()).unwrap();
    let lsp::WorkspaceDiagnosticReportResult::Report(report) = report else { panic!("report") };
    let lsp::WorkspaceDocumentDiagnosticReport::Full(entry) = &report.items[0] else {
        panic!("full")
    };
    assert_eq!(entry.version, Some(4));
    assert_eq!(entry.full_document_diagnostic_report.items.len(), 3);
    // A pulling client gets no pushes: the only publishes ever seen would
    // be in the backlog.
    client.shutdown();
}

fn workspace_params(previous: Vec<lsp::PreviousResultId>) -> lsp::WorkspaceDiagnosticParams {
    lsp::WorkspaceDiagnosticParams {
        identifier: None,
        previous_result_ids: previous,
        work_done_progress_params: Default::default(),
        partial_result_params: Default::default(),
    }
}

#[test]
fn a_yaml_syntax_error_keeps_the_other_findings_until_the_file_reads_again() {
    let mut client = Client::in_memory();
    client.initialize(lsp::ClientCapabilities::default(), None);
    let uri = scratch_uri("compose.yaml");
    let text = "services:\n  web:\n    image: nginx:1.27\n    privileged: true\n";
    client.open(&uri, "yaml", text);
    let before: Vec<String> = client.diagnostics(&uri, Some(1)).iter().map(code).collect();
    assert!(before.contains(&"CP001".to_owned()), "{before:?}");
    // Break the YAML above the finding: an unclosed flow sequence.
    client.change(&uri, 2, vec![(range((2, 11), (2, 11)), "[")]);
    let broken = client.diagnostics(&uri, Some(2));
    let codes: Vec<String> = broken.iter().map(code).collect();
    assert!(codes.contains(&"CP100".to_owned()), "{codes:?}");
    let privileged = broken.iter().find(|d| code(d) == "CP001").expect("the last good CP001 stays");
    assert_eq!(privileged.range.start.line, 3);
    // Lines inserted above move it along.
    client.change(&uri, 3, vec![(range((0, 0), (0, 0)), "# a comment\n")]);
    let moved = client.diagnostics(&uri, Some(3));
    assert_eq!(moved.iter().find(|d| code(d) == "CP001").unwrap().range.start.line, 4);
    // Fixed: fresh findings, and no CP100.
    client.change(&uri, 4, vec![(range((3, 11), (3, 12)), "")]);
    let fixed: Vec<String> = client.diagnostics(&uri, Some(4)).iter().map(code).collect();
    assert!(
        !fixed.contains(&"CP100".to_owned()) && fixed.contains(&"CP001".to_owned()),
        "{fixed:?}"
    );
    client.shutdown();
}

#[test]
fn yaml_that_is_not_compose_gets_nothing_unless_the_user_says_it_is() {
    let mut client = Client::in_memory();
    client.initialize(
        lsp::ClientCapabilities::default(),
        Some(json!({"compose": {"files": ["**/stack-*.yml"]}})),
    );
    let values = scratch_uri("values.yaml");
    client.open(&values, "yaml", "services:\n  web:\n    privileged: true\n");
    let stack = scratch_uri("stack-prod.yml");
    client.open(&stack, "yaml", "services:\n  web:\n    image: nginx:1.27\n    privileged: true\n");
    let codes: Vec<String> = client.diagnostics(&stack, Some(1)).iter().map(code).collect();
    assert!(codes.contains(&"CP001".to_owned()), "{codes:?}");
    // values.yaml is no document of ours: a pull for it is empty, and a
    // hover on it says nothing.
    let hover = client
        .request::<lsp::request::HoverRequest>(crate::lifecycle::hover_params(&values, 2, 5))
        .unwrap();
    assert!(hover.is_none());
    client.shutdown();
}

#[test]
fn a_pulling_client_is_asked_to_pull_again_when_another_file_changes_the_findings() {
    let mut client = Client::in_memory_paused();
    // Raw JSON: the specification's `workspace.diagnostics`, which
    // lsp-types' ClientCapabilities would drop on the way.
    let initialize = client.send_request_raw(
        "initialize",
        json!({"capabilities": {
            "textDocument": {"diagnostic": {}},
            "workspace": {"diagnostics": {"refreshSupport": true}}
        }}),
    );
    client.notify::<lsp::notification::Initialized>(lsp::InitializedParams {});
    let compose = scratch_uri("compose.yaml");
    let dockerfile = scratch_uri("api/Dockerfile");
    client.open(&compose, "dockercompose", "services:\n  api:\n    build: ./api\n");
    client.open(&dockerfile, "dockerfile", "FROM alpine:3.20\nUSER app\n");
    client.resume();
    client.response(&initialize);
    // The pull reads the Compose file, which reads the Dockerfile.
    pull(&mut client, &compose, None);
    client.change(&dockerfile, 2, vec![(range((1, 5), (1, 8)), "root")]);
    let refresh = client.wait_for("a refresh request", |message| {
        matches!(message, lsp_server::Message::Request(request) if request.method == "workspace/diagnostic/refresh")
    });
    assert!(matches!(refresh, lsp_server::Message::Request(_)));
    client.shutdown();
}
