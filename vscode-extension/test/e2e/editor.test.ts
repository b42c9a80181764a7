// End to end in real VS Code (code-server), with the packaged .vsix: the
// example project's findings in the Problems panel and as squiggles, a quick
// fix from the light bulb, fix-all, and the screenshot for the README; and, in
// an untrusted workspace, a workspace `dockwarden.path` that is never run.

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";

import { dockwarden, REPOSITORY_ROOT, Session, WAIT_MS, waitFor } from "./harness";

interface Finding {
  path: string;
  code: string;
  range: { start: { line: number; column: number } };
  fixes: { title: string; applicability: string }[];
}

/** What `dockwarden check` finds in a file: the editor must show the same. */
async function findings(folder: string, file: string): Promise<Finding[]> {
  const { stdout } = await dockwarden(["check", "--format", "json", file], folder);
  return JSON.parse(stdout) as Finding[];
}

describe("in a trusted workspace", () => {
  let session: Session;

  before(async () => {
    session = await Session.start({
      name: "trusted",
      trusted: true,
      // Fix-all with unsafe fixes: the example's fixes are all unsafe, and the
      // setting travels to the server as initializationOptions.
      prepareWorkspace: (workspace) => {
        fs.mkdirSync(path.join(workspace, ".vscode"));
        // A Compose file by the user's pattern only: the pattern selects the
        // document on the client and travels to the server.
        fs.mkdirSync(path.join(workspace, "deploy"));
        fs.copyFileSync(path.join(workspace, "compose.yaml"), path.join(workspace, "deploy/stack.yml"));
        fs.writeFileSync(
          path.join(workspace, ".vscode/settings.json"),
          JSON.stringify(
            {
              "dockwarden.unsafeFixes": true,
              "dockwarden.compose.files": ["deploy/*.yml"],
              // The README's fix-on-save, for Compose files only so that the
              // Dockerfile cases save what they typed.
              "[dockercompose]": { "editor.codeActionsOnSave": { "source.fixAll.dockwarden": "explicit" } },
            },
            null,
            2,
          ),
        );
      },
    });
  });

  after(async () => {
    await session?.close();
  });

  it("shows the Dockerfile's findings in the Problems panel and as squiggles", async () => {
    const expected = await findings(session.workspace, "Dockerfile");
    assert.ok(expected.length >= 3, "the example has findings");
    await session.openFile("Dockerfile");
    const dockerfileUri = `file://${path.join(session.workspace, "Dockerfile")}`;
    const state = await session.waitForState(
      "the Dockerfile's diagnostics",
      (state) => state.state === "running" && (state.diagnostics[dockerfileUri]?.length ?? 0) === expected.length,
    );
    assert.equal(state.server?.source, "bundled");
    assert.deepEqual(
      state.diagnostics[dockerfileUri].map((diagnostic) => `${diagnostic.line + 1}:${diagnostic.character + 1} ${diagnostic.code}`).sort(),
      expected.map((finding) => `${finding.range.start.line}:${finding.range.start.column} ${finding.code}`).sort(),
    );

    await session.page.keyboard.press("Control+Shift+M");
    // A row for the file, one a finding (with its source), and one for each
    // piece of related information.
    const rows = session.page.locator(".markers-panel .monaco-list-row", { hasText: "dockwarden" });
    await waitForCount(rows, expected.length);
    const panelText = (await rows.allInnerTexts()).map((text) => text.replace(/\s+/g, " ")).join("\n");
    for (const finding of expected) {
      const { line, column } = finding.range.start;
      assert.ok(panelText.includes(`${finding.code} [Ln ${line}, Col ${column}]`), `${finding.code} at ${line}:${column} in\n${panelText}`);
    }
    await session.page
      .locator(".markers-panel .monaco-list-row", { hasText: "Dockerfile" })
      .filter({ hasText: String(expected.length) })
      .first()
      .waitFor({ timeout: WAIT_MS });

    const squiggles = session.page.locator(
      ".monaco-editor .squiggly-error, .monaco-editor .squiggly-warning, .monaco-editor .squiggly-info",
    );
    await squiggles.first().waitFor({ timeout: WAIT_MS });

    await session.page.locator(".monaco-editor .view-lines").first().click();
    const status = session.page.locator(".statusbar-item", { hasText: "dockwarden" });
    await status.filter({ hasText: `dockwarden ${expected.length}` }).first().waitFor({ timeout: WAIT_MS });

    const shot = await session.screenshot("editor-with-diagnostics");
    fs.copyFileSync(shot, path.join(REPOSITORY_ROOT, "docs/screenshot.png"));
  });

  it("applies a quick fix from the light bulb", async () => {
    const before = await findings(session.workspace, "Dockerfile");
    const target = before.find((finding) => finding.code === "DF014");
    assert.ok(target, "the example copies from a misspelt stage");
    const title = target.fixes[0].title;
    await goTo(session, target.range.start.line, target.range.start.column);
    await session.page.keyboard.press("Control+.");
    const item = session.page.locator(".action-widget .monaco-list-row", { hasText: title }).first();
    await item.waitFor({ state: "visible", timeout: WAIT_MS });
    await item.click();
    await save(session);
    const text = fs.readFileSync(path.join(session.workspace, "Dockerfile"), "utf8");
    assert.match(text, /^COPY --from=build \/src \/app$/m);
    assert.doesNotMatch(text, /biuld/);
  });

  it("fixes everything fixable with Fix All, as `dockwarden check --fix` does", async () => {
    const file = path.join(session.workspace, "Dockerfile");
    const before = fs.readFileSync(file, "utf8");
    // The command line's answer, on a copy of the same text.
    const copy = path.join(session.scratch, "expected");
    fs.mkdirSync(copy);
    fs.writeFileSync(path.join(copy, "Dockerfile"), before);
    await dockwarden(["check", "--fix", "--unsafe-fixes", "Dockerfile"], copy);
    const expected = fs.readFileSync(path.join(copy, "Dockerfile"), "utf8");
    assert.notEqual(expected, before, "the command line fixes something");

    await session.runCommand("dockwarden: Fix All in File");
    await session.waitForState("fix-all", (state) => state.fixAll.some((run) => run.applied));
    await save(session);
    assert.equal(fs.readFileSync(file, "utf8"), expected);
    await session.screenshot("editor-after-fix-all");
  });

  it("checks Compose files, by their standard names and by the user's patterns", async () => {
    const expected = await findings(session.workspace, "compose.yaml");
    assert.ok(expected.length > 0, "the example's Compose file has findings");
    for (const file of ["compose.yaml", "stack.yml"]) {
      await session.openFile(file);
      const uri = `file://${path.join(session.workspace, file === "stack.yml" ? "deploy/stack.yml" : file)}`;
      const state = await session.waitForState(
        `the diagnostics of ${file}`,
        (state) => state.diagnostics[uri]?.length === expected.length,
      );
      assert.deepEqual(
        state.diagnostics[uri].map((diagnostic) => diagnostic.code).sort(),
        expected.map((finding) => finding.code).sort(),
      );
    }
    await session.openFile("Dockerfile");
  });

  it("fixes all on save with editor.codeActionsOnSave, as the README says", async () => {
    await session.openFile("compose.yaml");
    const file = path.join(session.workspace, "compose.yaml");
    const original = fs.readFileSync(file, "utf8");
    assert.ok(original.endsWith("\n"));
    await session.page.locator(".monaco-editor .view-lines").first().click();
    await session.page.keyboard.press("Control+End");
    await session.page.keyboard.type("# saved");
    const copy = path.join(session.scratch, "expected-compose");
    fs.mkdirSync(copy);
    fs.writeFileSync(path.join(copy, "compose.yaml"), `${original}# saved`);
    await dockwarden(["check", "--fix", "--unsafe-fixes", "compose.yaml"], copy);
    const expected = fs.readFileSync(path.join(copy, "compose.yaml"), "utf8");
    assert.notEqual(expected, `${original}# saved`, "the command line fixes something");
    await save(session);
    assert.equal(fs.readFileSync(file, "utf8"), expected);
    await session.openFile("Dockerfile");
  });

  it("restarts the server, which publishes the findings again", async () => {
    const before = session.readState();
    assert.equal(before?.state, "running");
    await session.runCommand("dockwarden: Restart Server");
    const dockerfileUri = `file://${path.join(session.workspace, "Dockerfile")}`;
    const expected = await findings(session.workspace, "Dockerfile");
    assert.ok(expected.length > 0, "findings are left after fix-all");
    const after = await session.waitForState(
      "a second start and its diagnostics",
      (state) =>
        state.starts === (before?.starts ?? 0) + 1 &&
        state.state === "running" &&
        state.diagnostics[dockerfileUri]?.length === expected.length,
    );
    assert.ok(Object.keys(after.diagnostics).includes(dockerfileUri));
  });

  it("shows a rule's page from the catalog", async () => {
    await session.runCommand("dockwarden: Show a Rule's Page", false);
    const input = session.page.locator('.quick-input-widget input[placeholder="Show the page of which rule?"]');
    await input.waitFor({ state: "visible", timeout: WAIT_MS });
    await input.fill("final-user-is-root");
    await session.page
      .locator(".quick-input-list .monaco-list-row", { hasText: "DF001" })
      .first()
      .waitFor({ timeout: WAIT_MS });
    await session.page.keyboard.press("Enter");
    await session.page
      .locator(".tabs-container .tab.active", { hasText: "DF001.md" })
      .first()
      .waitFor({ timeout: WAIT_MS });
    // The preview is a webview: its frames hold the page `dockwarden explain` prints.
    await waitFor("the rule's page in the preview", async () => {
      for (const frame of session.page.frames()) {
        const text = await frame
          .locator("body")
          .innerText({ timeout: 1_000 })
          .catch(() => "");
        if (text.includes("DF001") && text.includes("final-user-is-root")) return true;
      }
      return false;
    });
    await session.screenshot("rule-page");
  });
});

describe("in an untrusted workspace", () => {
  let session: Session;
  let markerOutput: string;
  let marker: string;

  before(async () => {
    session = await Session.start({
      name: "untrusted",
      trusted: false,
      prepareWorkspace: (workspace, scratch) => {
        markerOutput = path.join(scratch, "marker-ran");
        marker = path.join(workspace, ".vscode/not-dockwarden.sh");
        fs.mkdirSync(path.join(workspace, ".vscode"));
        fs.writeFileSync(marker, `#!/bin/sh\necho "$@" > '${markerOutput}'\nexit 1\n`, { mode: 0o755 });
        fs.writeFileSync(
          path.join(workspace, ".vscode/settings.json"),
          JSON.stringify({ "dockwarden.path": marker }, null, 2),
        );
      },
    });
  });

  after(async () => {
    await session?.close();
  });

  it("runs the bundled server, not the workspace's dockwarden.path, and says so", async () => {
    // code-server opens a folder it has not been told to trust in Restricted Mode.
    await session.page.locator(".statusbar-item", { hasText: "Restricted Mode" }).first().waitFor({ timeout: WAIT_MS });

    await session.openFile("Dockerfile");
    const state = await session.waitForState("the extension to choose a server", (state) => state.server !== undefined);
    assert.equal(state.trusted, false);
    assert.equal(state.server?.source, "bundled");
    assert.ok(state.notices.some((notice) => notice.includes("not trusted")), JSON.stringify(state.notices));
    // The message, among the notifications (toasts show only the last three).
    await session.runCommand("Notifications: Show Notifications");
    await session.page
      .locator(".notifications-center .monaco-list-row", { hasText: "This workspace is not trusted" })
      .first()
      .waitFor({ timeout: WAIT_MS });
    await session.page.keyboard.press("Escape");
    await session.waitForState("the server to run", (state) => state.state === "running");
    assert.equal(fs.existsSync(markerOutput), false, "the workspace's program ran");
    await session.screenshot("untrusted");
  });

  it("runs the workspace's dockwarden.path once the workspace is trusted", async () => {
    // The same setting, now allowed: proves the test above could have failed.
    await session.runCommand("Workspaces: Manage Workspace Trust");
    await session.page.getByRole("button", { name: "Trust", exact: true }).first().click();
    await session.waitForState("the extension to restart with the workspace's program", (state) =>
      state.server?.source === "setting",
    );
    await waitForFile(markerOutput);
    assert.equal(fs.readFileSync(markerOutput, "utf8").trim(), "server");
    assert.equal(session.readState()?.server?.command, marker);
  });
});

async function goTo(session: Session, line: number, column: number): Promise<void> {
  await session.page.locator(".monaco-editor .view-lines").first().click();
  await session.page.keyboard.press("Control+G");
  const input = session.page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible", timeout: WAIT_MS });
  await input.fill(`:${line}:${column}`);
  await session.page.keyboard.press("Enter");
  await input.waitFor({ state: "hidden", timeout: WAIT_MS });
}

async function save(session: Session): Promise<void> {
  await session.page.keyboard.press("Control+S");
  await session.page.locator(".tabs-container .tab.active.dirty").waitFor({ state: "detached", timeout: WAIT_MS });
}

async function waitForCount(locator: ReturnType<Session["page"]["locator"]>, count: number): Promise<void> {
  let seen = -1;
  await waitFor(`${count} rows`, async () => {
    seen = await locator.count();
    return seen === count;
  }).catch(() => {
    throw new Error(`expected ${count} rows, saw ${seen}`);
  });
}

function waitForFile(file: string): Promise<void> {
  return waitFor(file, () => fs.existsSync(file));
}
