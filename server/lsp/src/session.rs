//! The server's state between messages: the open documents with their
//! parses and findings, the configuration, and the way back to the client.
//! Only the main loop's thread touches it, one message at a time.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crossbeam_channel::Sender;
use dockwarden_analysis::files::language_of;
use dockwarden_analysis::text::{Document, TextEdit};
use dockwarden_analysis::{Config, Diagnostic, Language, RuleSettings, SideFiles, SourceFile};
use lsp_server::{Message, Notification, Request, RequestId, Response};
use lsp_types as lsp;

use crate::capabilities::ClientFeatures;
use crate::to_proto::{self, DocumentView};
use crate::uri;
use crate::workspace::{AppliedConfig, Configs, join_normalized, read_small};

/// The way back to the client, and the requests the server sent it.
#[derive(Debug)]
pub struct Client {
    sender: Sender<Message>,
    next_id: u64,
    /// Requests sent and not answered yet, by what they were for.
    pub pending: HashMap<RequestId, Outgoing>,
}

/// What a request of the server to the client was for.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Outgoing {
    Configuration,
    Registration,
    DiagnosticRefresh,
}

impl Client {
    pub fn new(sender: Sender<Message>) -> Client {
        Client { sender, next_id: 0, pending: HashMap::new() }
    }

    pub fn send(&self, message: Message) {
        if self.sender.send(message).is_err() {
            tracing::warn!("the client is gone; a message was dropped");
        }
    }

    pub fn respond(&self, response: Response) {
        self.send(Message::Response(response));
    }

    pub fn notify<N: lsp::notification::Notification>(&self, params: N::Params) {
        self.send(Message::Notification(Notification::new(N::METHOD.to_owned(), params)));
    }

    pub fn request<R: lsp::request::Request>(&mut self, params: R::Params, purpose: Outgoing) {
        self.next_id += 1;
        let id = RequestId::from(format!("dockwarden-{}", self.next_id));
        self.pending.insert(id.clone(), purpose);
        self.send(Message::Request(Request::new(id, R::METHOD.to_owned(), params)));
    }

    pub fn show_message(&self, typ: lsp::MessageType, message: String) {
        self.notify::<lsp::notification::ShowMessage>(lsp::ShowMessageParams { typ, message });
    }
}

/// An open document.
#[derive(Debug)]
pub struct OpenDocument {
    pub uri: lsp::Uri,
    pub path: Option<PathBuf>,
    pub language_id: String,
    pub version: i32,
    pub document: Document,
    /// The parsed file, when it is a Dockerfile or a Compose file.
    pub file: Option<SourceFile>,
    /// The findings for the current text, computed when first needed.
    pub analysis: Option<Arc<Analysis>>,
    /// The last findings of a readable text, moved through the edits since,
    /// shown while a syntax error leaves the rules nothing to read.
    pub last_good: Vec<Diagnostic>,
    /// Whether the findings changed since they were last published.
    pub needs_publish: bool,
    /// The files whose text the last analysis read (side files).
    pub depends_on: Vec<PathBuf>,
    /// The last pulled report, with the result id it was sent under.
    pub pulled: Option<(String, Vec<lsp::Diagnostic>)>,
}

/// What the rules found in one version of a document.
#[derive(Debug)]
pub struct Analysis {
    pub diagnostics: Vec<Diagnostic>,
    pub settings: RuleSettings,
    pub side_files: SideFiles,
}

impl OpenDocument {
    pub fn file_name(&self) -> String {
        uri::file_name(&self.uri)
    }

    pub fn view<'a>(&'a self, features: &'a ClientFeatures) -> DocumentView<'a> {
        DocumentView {
            uri: &self.uri,
            path: self.path.as_deref(),
            document: &self.document,
            version: self.version,
            features,
        }
    }

    /// Records edits that were applied to `document`: the parse follows, the
    /// findings are stale, and the last good findings move along.
    pub fn record_edits(&mut self, edits: &[TextEdit]) {
        // Both languages reparse only what each edit touches.
        if let Some(file) = &self.file {
            let edited = file.apply_edits(edits);
            // The tree must always read the editor's text; a mismatch is a
            // bug somewhere, and a fresh parse repairs it.
            self.file = Some(if edited.text().len() == self.document.len() as usize {
                edited
            } else {
                tracing::error!("parse and document disagree after an edit; parsing afresh");
                SourceFile::parse(edited.language(), &self.document.text())
            });
        }
        for edit in edits {
            self.last_good = self.last_good.iter().filter_map(|d| d.through_edit(edit)).collect();
        }
        self.analysis = None;
        self.needs_publish = self.file.is_some();
    }
}

/// All the server knows.
#[derive(Debug)]
pub struct Session {
    pub client: Client,
    pub features: ClientFeatures,
    pub documents: BTreeMap<String, OpenDocument>,
    pub configs: Configs,
    /// Configuration files whose problems were published, with what was.
    published_config_errors: BTreeMap<PathBuf, Vec<lsp::Diagnostic>>,
    next_result_id: u64,
    /// Findings changed in a way the client cannot know of (another file,
    /// the configuration): a pulling client is asked to pull again.
    pub refresh_wanted: bool,
    /// A `workspace/diagnostic` request waiting for a change to report.
    pub parked_workspace_pull: Option<(RequestId, HashMap<String, String>)>,
}

impl Session {
    pub fn new(
        client: Client,
        features: ClientFeatures,
        root: Option<PathBuf>,
        editor: Config,
    ) -> Session {
        Session {
            client,
            features,
            documents: BTreeMap::new(),
            configs: Configs::new(root, editor),
            published_config_errors: BTreeMap::new(),
            next_result_id: 0,
            refresh_wanted: false,
            parked_workspace_pull: None,
        }
    }

    /// The language a document is linted as: by its file name, else its
    /// language id, else the user's Compose patterns for YAML files.
    pub fn language_for(
        &mut self,
        uri: &lsp::Uri,
        path: Option<&Path>,
        language_id: &str,
    ) -> Option<Language> {
        let name = uri::file_name(uri);
        if let Some(language) = language_of(&name) {
            return Some(language);
        }
        match language_id {
            "dockerfile" => return Some(Language::Dockerfile),
            "dockercompose" | "docker-compose" | "yaml.docker-compose" | "compose" => {
                return Some(Language::Compose);
            }
            _ => {}
        }
        let applied = self.config_for(path);
        applied
            .resolved
            .is_user_compose_file(&applied.relative_path(path, &name))
            .then_some(Language::Compose)
    }

    /// The configuration for a file, an open configuration file read from
    /// the editor.
    pub fn config_for(&mut self, path: Option<&Path>) -> Arc<AppliedConfig> {
        let documents = &self.documents;
        let open_text = |wanted: &Path| open_text(documents, wanted);
        self.configs.for_file(path, &open_text)
    }

    /// The findings of a document's current text, computed if need be.
    pub fn analysis(&mut self, key: &str) -> Option<Arc<Analysis>> {
        let document = self.documents.get(key)?;
        if let Some(analysis) = &document.analysis {
            return Some(Arc::clone(analysis));
        }
        let file = document.file.as_ref()?;
        let path = document.path.clone();
        let file_name = document.file_name();
        let wanted = file.side_files_wanted(&file_name);
        let applied = self.config_for(path.as_deref());
        let settings = applied.settings(path.as_deref(), &file_name);
        let mut side_files = SideFiles::new();
        let mut depends_on = Vec::new();
        if let Some(folder) = path.as_deref().and_then(Path::parent) {
            for relative in wanted {
                let side_path = join_normalized(folder, &relative);
                let text =
                    open_text(&self.documents, &side_path).or_else(|| read_small(&side_path));
                if let Some(text) = text {
                    side_files.insert(relative, text);
                }
                depends_on.push(side_path);
            }
        }
        let document = self.documents.get_mut(key)?;
        let file = document.file.as_ref()?;
        let report = file.check(&settings, &side_files);
        let diagnostics = if file.is_unreadable() {
            let syntax_rule = file.syntax_rule();
            let mut shown: Vec<Diagnostic> = report
                .diagnostics
                .into_iter()
                .filter(|diagnostic| std::ptr::eq(diagnostic.rule, syntax_rule))
                .collect();
            shown.extend(document.last_good.iter().cloned());
            shown.sort_by_key(|diagnostic| (diagnostic.range.start, diagnostic.range.end));
            shown
        } else {
            document.last_good = report.diagnostics.clone();
            report.diagnostics
        };
        document.depends_on = depends_on;
        let analysis = Arc::new(Analysis { diagnostics, settings, side_files });
        document.analysis = Some(Arc::clone(&analysis));
        Some(analysis)
    }

    /// The LSP diagnostics of a document's current text.
    pub fn lsp_diagnostics(&mut self, key: &str) -> Vec<lsp::Diagnostic> {
        let Some(analysis) = self.analysis(key) else { return Vec::new() };
        let Some(document) = self.documents.get(key) else { return Vec::new() };
        let view = document.view(&self.features);
        let documents = &self.documents;
        let other = |path: &Path| other_document(documents, path);
        analysis
            .diagnostics
            .iter()
            .map(|diagnostic| to_proto::diagnostic(&view, diagnostic, &other))
            .collect()
    }

    /// A pulled report: the result id stays while the findings do.
    pub fn pull(&mut self, key: &str) -> (String, Vec<lsp::Diagnostic>, i32) {
        let items = self.lsp_diagnostics(key);
        let Some(document) = self.documents.get_mut(key) else {
            return (String::new(), items, 0);
        };
        match &document.pulled {
            Some((id, previous)) if *previous == items => (id.clone(), items, document.version),
            _ => {
                self.next_result_id += 1;
                let id = self.next_result_id.to_string();
                document.pulled = Some((id.clone(), items.clone()));
                (id, items, document.version)
            }
        }
    }

    /// Marks the open documents that read `path` as changed.
    pub fn invalidate_dependents(&mut self, path: &Path) {
        for document in self.documents.values_mut() {
            if document.depends_on.iter().any(|dependency| dependency == path) {
                document.analysis = None;
                document.needs_publish = true;
                self.refresh_wanted = true;
            }
        }
    }

    /// The configuration changed: every document is checked again, and
    /// YAML files may have become Compose files or stopped being ones.
    pub fn invalidate_all(&mut self) {
        self.configs.forget();
        let keys: Vec<String> = self.documents.keys().cloned().collect();
        for key in keys {
            let Some(document) = self.documents.get(&key) else { continue };
            let (uri, path, language_id) =
                (document.uri.clone(), document.path.clone(), document.language_id.clone());
            let language = self.language_for(&uri, path.as_deref(), &language_id);
            let Some(document) = self.documents.get_mut(&key) else { continue };
            if document.file.as_ref().map(SourceFile::language) != language {
                document.file =
                    language.map(|language| SourceFile::parse(language, &document.document.text()));
                document.last_good.clear();
            }
            document.analysis = None;
            document.needs_publish = true;
        }
        self.refresh_wanted = true;
    }

    /// Publishes what changed: the findings of edited documents (when the
    /// client does not pull) and the problems of configuration files.
    pub fn publish_changes(&mut self) {
        let keys: Vec<String> = self
            .documents
            .iter()
            .filter(|(_, document)| document.needs_publish)
            .map(|(key, _)| key.clone())
            .collect();
        let changed = !keys.is_empty();
        for key in keys {
            if !self.features.pull_diagnostics {
                let started = std::time::Instant::now();
                let diagnostics = self.lsp_diagnostics(&key);
                tracing::debug!(
                    "{} findings for {key} in {:?}",
                    diagnostics.len(),
                    started.elapsed()
                );
                if let Some(document) = self.documents.get(&key) {
                    self.client.notify::<lsp::notification::PublishDiagnostics>(
                        lsp::PublishDiagnosticsParams {
                            uri: document.uri.clone(),
                            diagnostics,
                            version: Some(document.version),
                        },
                    );
                }
            }
            if let Some(document) = self.documents.get_mut(&key) {
                document.needs_publish = false;
            }
        }
        self.publish_config_errors();
        if self.features.pull_diagnostics {
            if changed && self.parked_workspace_pull.is_some() {
                crate::handlers::diagnostics::answer_parked_workspace_pull(self);
            }
            if self.refresh_wanted && self.features.diagnostic_refresh {
                self.client.request::<lsp::request::WorkspaceDiagnosticRefresh>(
                    (),
                    Outgoing::DiagnosticRefresh,
                );
            }
        }
        self.refresh_wanted = false;
    }

    /// Whether anything waits to be published.
    pub fn has_changes(&self) -> bool {
        self.documents.values().any(|document| document.needs_publish)
    }

    /// Publishes each configuration file's problems when they changed
    /// (always pushed: the file is not a document the client pulls for).
    fn publish_config_errors(&mut self) {
        let mut current: BTreeMap<PathBuf, Vec<lsp::Diagnostic>> = BTreeMap::new();
        for (path, file) in &self.configs.files {
            let document = Document::new(&file.text);
            let items = file
                .errors
                .iter()
                .map(|error| lsp::Diagnostic {
                    range: crate::convert::range(
                        &document,
                        error.range.unwrap_or_default(),
                        self.features.encoding,
                    ),
                    severity: Some(lsp::DiagnosticSeverity::ERROR),
                    source: Some(to_proto::SOURCE.to_owned()),
                    message: error.message.clone(),
                    ..lsp::Diagnostic::default()
                })
                .collect();
            current.insert(path.clone(), items);
        }
        let paths: BTreeSet<PathBuf> =
            current.keys().chain(self.published_config_errors.keys()).cloned().collect();
        for path in paths {
            let items = current.get(&path).cloned().unwrap_or_default();
            let before = self.published_config_errors.get(&path);
            // A configuration not read again since a change keeps its report,
            // unless it is gone.
            let gone = !current.contains_key(&path) && !path.is_file();
            if (!current.contains_key(&path) && !gone) || before == Some(&items) {
                continue;
            }
            if before.is_none() && items.is_empty() {
                continue;
            }
            if let Some(uri) = uri::from_path(&path) {
                self.client.notify::<lsp::notification::PublishDiagnostics>(
                    lsp::PublishDiagnosticsParams {
                        uri,
                        diagnostics: items.clone(),
                        version: None,
                    },
                );
            }
            self.published_config_errors.insert(path, items);
        }
    }

    /// After a handler panicked: parse every document afresh from the
    /// editor's text, so that no half-made update survives.
    pub fn recover(&mut self) {
        for document in self.documents.values_mut() {
            if let Some(file) = &document.file {
                document.file = Some(SourceFile::parse(file.language(), &document.document.text()));
            }
            document.analysis = None;
            document.needs_publish = true;
        }
    }
}

/// The text of the open document at `path`.
pub fn open_text(documents: &BTreeMap<String, OpenDocument>, path: &Path) -> Option<String> {
    documents
        .values()
        .find(|document| document.path.as_deref() == Some(path))
        .map(|document| document.document.text())
}

/// A file beside an open one: its open copy, else the disk's.
pub fn other_document(documents: &BTreeMap<String, OpenDocument>, path: &Path) -> Option<Document> {
    open_text(documents, path).or_else(|| read_small(path)).map(|text| Document::new(&text))
}
