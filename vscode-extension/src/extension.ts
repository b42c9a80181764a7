// The extension's entry: starts `dockwarden server` for Dockerfiles and
// Compose files, keeps its settings in step, and offers the commands and the
// status bar item. The decisions (which program, which settings, what the
// status says) are made in the pure modules beside this one; this file wires
// them to VS Code.

import * as fs from "node:fs";

import * as vscode from "vscode";
import {
  type ConfigurationParams,
  DidChangeConfigurationNotification,
  LanguageClient,
  type LanguageClientOptions,
  RevealOutputChannelOn,
  type ServerOptions,
  State,
} from "vscode-languageclient/node";

import { parseCatalog, pickItems, ruleUrl, runProgram } from "./catalog";
import { chooseServer, readComposePatterns, readServerSettings } from "./configuration";
import { type ServerLocation } from "./serverPath";
import {
  configurationAnswer,
  documentSelector,
  type DocumentFilter,
  RESTART_SETTINGS,
  serverSettingNames,
  type ServerSettings,
} from "./settings";
import { statusView, type ServerState } from "./status";
import { type TestDiagnostic, writeTestState } from "./testHook";
import { untrustedNotice } from "./trust";

const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append("dockwarden");
const RULE_SCHEME = "dockwarden-rule";

let extension: Extension | undefined;

export function activate(context: vscode.ExtensionContext): void {
  extension = new Extension(context);
  extension.activate();
}

export async function deactivate(): Promise<void> {
  await extension?.stop();
  extension = undefined;
}

class Extension {
  private readonly output: vscode.OutputChannel;
  private readonly status: vscode.StatusBarItem;
  private readonly settingNames: string[];
  private client: LanguageClient | undefined;
  private selector: DocumentFilter[] = [];
  private state: ServerState = "stopped";
  private server: ServerLocation | undefined;
  private error: string | undefined;
  private stopping = false;
  private starts = 0;
  private configWatcher: vscode.FileSystemWatcher | undefined;
  private readonly notices: string[] = [];
  private readonly fixAllRuns: { uri: string; applied: boolean }[] = [];
  /** Starts and stops run one after the other. */
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly context: vscode.ExtensionContext) {
    this.output = vscode.window.createOutputChannel("dockwarden");
    this.status = vscode.window.createStatusBarItem("dockwarden.status", vscode.StatusBarAlignment.Left, 0);
    this.status.name = "dockwarden";
    this.status.command = "dockwarden.showOutput";
    this.settingNames = serverSettingNames(context.extension.packageJSON);
    context.subscriptions.push(this.output, this.status);
  }

  activate(): void {
    const subscriptions = this.context.subscriptions;
    subscriptions.push(
      vscode.commands.registerCommand("dockwarden.restartServer", () => this.restart()),
      vscode.commands.registerCommand("dockwarden.fixAll", () => this.fixAll()),
      vscode.commands.registerCommand("dockwarden.showRule", (code?: unknown) => this.showRule(code)),
      vscode.commands.registerCommand("dockwarden.showOutput", () => this.output.show(true)),
      vscode.workspace.registerTextDocumentContentProvider(RULE_SCHEME, {
        provideTextDocumentContent: (uri) => this.rulePage(uri),
      }),
      vscode.workspace.onDidChangeConfiguration((event) => this.onConfigurationChanged(event)),
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        this.output.appendLine("The workspace is now trusted: restarting with its settings.");
        void this.restart();
      }),
      vscode.workspace.onDidOpenTextDocument((document) => {
        if (this.client === undefined && this.state === "stopped" && this.isChecked(document)) void this.start();
      }),
      vscode.languages.onDidChangeDiagnostics(() => this.refresh()),
      vscode.window.onDidChangeActiveTextEditor(() => this.refresh()),
    );
    this.selector = documentSelector(readComposePatterns());
    this.refresh();
    this.status.show();
    // Started when the first Dockerfile or Compose file opens: activation on
    // any YAML file (for the user's Compose patterns) starts no server.
    if (vscode.workspace.textDocuments.some((document) => this.isChecked(document))) void this.start();
  }

  private isChecked(document: vscode.TextDocument): boolean {
    return vscode.languages.match(this.selector, document) > 0;
  }

  private readServerSettings(): ServerSettings {
    return readServerSettings(this.settingNames);
  }

  start(): Promise<void> {
    return this.enqueue(() => this.startNow());
  }

  stop(): Promise<void> {
    return this.enqueue(() => this.stopNow());
  }

  restart(): Promise<void> {
    return this.enqueue(async () => {
      await this.stopNow();
      await this.startNow();
    });
  }

  /** Runs after what is queued; a failure is logged and the queue goes on. */
  private enqueue(operation: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(operation).catch((error: unknown) => {
      this.output.appendLine(`dockwarden: ${errorMessage(error)}`);
    });
    return this.queue;
  }

  private async startNow(): Promise<void> {
    if (this.client !== undefined) return;
    this.error = undefined;
    this.selector = documentSelector(readComposePatterns());
    const location = this.locateServer();
    if (location === undefined) return;
    this.server = location;
    this.output.appendLine(`Starting ${location.command} server (${describeSource(location.source)}).`);
    // No `transport`: with TransportKind.stdio the client would add a
    // `--stdio` argument, which `dockwarden server` does not take.
    const serverOptions: ServerOptions = { command: location.command, args: ["server"] };
    this.configWatcher?.dispose();
    this.configWatcher = vscode.workspace.createFileSystemWatcher("**/.dockwarden.toml");
    const clientOptions: LanguageClientOptions = {
      documentSelector: this.selector,
      outputChannel: this.output,
      traceOutputChannel: this.output,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      initializationOptions: this.readServerSettings(),
      synchronize: { fileEvents: this.configWatcher },
      middleware: {
        workspace: {
          configuration: async (params: ConfigurationParams, token, next) => {
            const answers = await next(params, token);
            if (!Array.isArray(answers)) return answers;
            const translated = this.readServerSettings();
            return params.items.map((item, index) =>
              configurationAnswer(item.section, translated, () => answers[index] as unknown),
            );
          },
        },
      },
    };
    const client = new LanguageClient("dockwarden", "dockwarden", serverOptions, clientOptions);
    this.client = client;
    this.stopping = false;
    client.onDidChangeState(({ newState }) => {
      if (newState === State.Starting) this.setState("starting");
      else if (newState === State.Running) this.setState("running");
      else this.setState(this.stopping || this.state !== "running" ? this.stoppedState() : "error");
    });
    this.setState("starting");
    try {
      await client.start();
      this.starts += 1;
      this.writeTestState();
    } catch (error) {
      this.client = undefined;
      this.error = `The dockwarden server did not start: ${errorMessage(error)}`;
      this.output.appendLine(this.error);
      this.setState("error");
      await client.dispose().catch(() => undefined);
    }
  }

  private stoppedState(): ServerState {
    return this.error === undefined ? "stopped" : "error";
  }

  private async stopNow(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client === undefined) {
      this.setState("stopped");
      return;
    }
    this.stopping = true;
    this.configWatcher?.dispose();
    this.configWatcher = undefined;
    try {
      if (client.isRunning()) await client.stop(5_000);
      await client.dispose();
    } catch (error) {
      this.output.appendLine(`Stopping the server: ${errorMessage(error)}`);
    }
    this.error = undefined;
    this.setState("stopped");
  }

  /** The program to run, or `undefined` after saying why there is none. */
  private locateServer(): ServerLocation | undefined {
    const { trusted, effective, resolution } = chooseServer(this.context.extensionPath, isExecutableFile);
    if (!trusted) {
      const notice = untrustedNotice(effective);
      if (!this.notices.includes(notice)) {
        this.notices.push(notice);
        this.output.appendLine(notice);
      }
      // VS Code hides a restricted setting's workspace value from inspect()
      // in Restricted Mode, so whether one was set is not always known: say
      // it once per workspace.
      void this.showUntrustedMessageOnce(notice);
    }
    if (resolution.ok) return { command: resolution.command, source: resolution.source };
    this.error = resolution.error;
    this.output.appendLine(resolution.error);
    this.setState("error");
    void vscode.window.showErrorMessage(resolution.error, "Open Settings", "Show Output").then((choice) => {
      if (choice === "Open Settings") void vscode.commands.executeCommand("workbench.action.openSettings", "dockwarden.path");
      if (choice === "Show Output") this.output.show(true);
    });
    return undefined;
  }

  /** Once per workspace, so that reopening it stays quiet. */
  private async showUntrustedMessageOnce(notice: string): Promise<void> {
    const key = "untrustedNoticeShown";
    if (this.context.workspaceState.get<boolean>(key) === true) return;
    await this.context.workspaceState.update(key, true);
    const choice = await vscode.window.showInformationMessage(notice, "Manage Workspace Trust");
    if (choice === "Manage Workspace Trust") await vscode.commands.executeCommand("workbench.trust.manage");
  }

  private onConfigurationChanged(event: vscode.ConfigurationChangeEvent): void {
    if (RESTART_SETTINGS.some((setting) => event.affectsConfiguration(setting))) {
      this.output.appendLine("Settings changed: restarting the server.");
      void this.restart();
      return;
    }
    if (!event.affectsConfiguration("dockwarden")) return;
    const client = this.client;
    if (client?.isRunning() !== true) return;
    void client.sendNotification(DidChangeConfigurationNotification.type, {
      settings: { dockwarden: this.readServerSettings() },
    });
  }

  private setState(state: ServerState): void {
    this.state = state;
    this.refresh();
  }

  /** Redraws the status bar item and, under test, writes the state file. */
  private refresh(): void {
    const document = vscode.window.activeTextEditor?.document;
    const findings =
      document !== undefined && this.isChecked(document) ? dockwardenDiagnostics(document.uri).length : undefined;
    const detail = this.error ?? (this.server ? `${this.server.command} (${describeSource(this.server.source)})` : "");
    const view = statusView(this.state, findings, detail);
    this.status.text = view.text;
    this.status.tooltip = view.tooltip;
    this.status.backgroundColor = view.isError ? new vscode.ThemeColor("statusBarItem.errorBackground") : undefined;
    this.writeTestState();
  }

  private writeTestState(): void {
    const diagnostics: Record<string, TestDiagnostic[]> = {};
    for (const [uri, list] of vscode.languages.getDiagnostics()) {
      const ours = list.filter((diagnostic) => diagnostic.source === "dockwarden");
      if (ours.length === 0) continue;
      diagnostics[uri.toString()] = ours.map((diagnostic) => ({
        code: diagnosticCode(diagnostic),
        message: diagnostic.message,
        severity: diagnostic.severity,
        source: diagnostic.source,
        line: diagnostic.range.start.line,
        character: diagnostic.range.start.character,
      }));
    }
    writeTestState({
      state: this.state,
      starts: this.starts,
      server: this.server,
      error: this.error,
      trusted: vscode.workspace.isTrusted,
      notices: this.notices,
      diagnostics,
      fixAll: this.fixAllRuns,
    });
  }

  /** Applies the server's `source.fixAll.dockwarden` action to the current file. */
  private async fixAll(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (editor === undefined || !this.isChecked(editor.document)) {
      void vscode.window.showInformationMessage("dockwarden: open a Dockerfile or Compose file to fix.");
      return;
    }
    const document = editor.document;
    const range = document.validateRange(new vscode.Range(0, 0, document.lineCount, 0));
    const actions =
      (await vscode.commands.executeCommand<vscode.CodeAction[] | undefined>(
        "vscode.executeCodeActionProvider",
        document.uri,
        range,
        FIX_ALL_KIND.value,
        10,
      )) ?? [];
    const action = actions.find((candidate) => candidate.kind !== undefined && FIX_ALL_KIND.contains(candidate.kind));
    let applied = false;
    if (action?.edit !== undefined) applied = await vscode.workspace.applyEdit(action.edit);
    if (action?.command !== undefined) {
      await vscode.commands.executeCommand(action.command.command, ...((action.command.arguments ?? []) as unknown[]));
      applied = true;
    }
    this.fixAllRuns.push({ uri: document.uri.toString(), applied });
    this.writeTestState();
    if (!applied) void vscode.window.showInformationMessage("dockwarden: nothing to fix in this file.");
  }

  /** The program for the catalog commands: the running server's, or the one
   * that would run. */
  private commandLineProgram(): string | undefined {
    return this.server?.command ?? this.locateServer()?.command;
  }

  private async showRule(code: unknown): Promise<void> {
    let chosen = typeof code === "string" && code.trim() !== "" ? code.trim() : undefined;
    if (chosen === undefined) {
      const program = this.commandLineProgram();
      if (program === undefined) return;
      let items;
      try {
        items = pickItems(parseCatalog(await runProgram(program, ["rules", "--format", "json"])));
      } catch (error) {
        void vscode.window.showErrorMessage(`dockwarden: could not list the rules: ${errorMessage(error)}`);
        return;
      }
      const pick = await vscode.window.showQuickPick(items, {
        title: "dockwarden rules",
        placeHolder: "Show the page of which rule?",
        matchOnDescription: true,
        matchOnDetail: true,
      });
      chosen = pick?.code;
    }
    if (chosen === undefined) return;
    const uri = vscode.Uri.from({ scheme: RULE_SCHEME, path: `/${chosen}.md` });
    await vscode.commands.executeCommand("markdown.showPreview", uri);
  }

  /** `dockwarden explain CODE` as Markdown, with the link to the web page. */
  private async rulePage(uri: vscode.Uri): Promise<string> {
    const code = uri.path.replace(/^\//, "").replace(/\.md$/, "");
    const link = `\n\n[${ruleUrl(code)}](${ruleUrl(code)})\n`;
    const program = this.commandLineProgram();
    if (program === undefined) return `# ${code}\n\nThe dockwarden program was not found.${link}`;
    try {
      return (await runProgram(program, ["explain", code])) + link;
    } catch (error) {
      return `# ${code}\n\n${errorMessage(error)}${link}`;
    }
  }
}

function dockwardenDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === "dockwarden");
}

function diagnosticCode(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (code === undefined) return undefined;
  if (typeof code === "object") return String(code.value);
  return String(code);
}

function describeSource(source: ServerLocation["source"]): string {
  switch (source) {
    case "setting":
      return "from dockwarden.path";
    case "bundled":
      return "bundled with the extension";
    case "PATH":
      return "found on PATH";
  }
}

function isExecutableFile(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    if (process.platform !== "win32") fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
