// src/configuration.ts against a stubbed `vscode`: trust decides which
// `dockwarden.path` counts, and the server gets only what the user set.
import { fake, reset } from "./vscodeStub";

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeEach, describe, it } from "node:test";

import { chooseServer, readServerSettings } from "../../src/configuration";
import { serverSettingNames } from "../../src/settings";

const bundled = path.join("/ext", "server", `${process.platform}-${process.arch}`, "dockwarden");
const marker = "/repo/.evil/marker.sh";

function isExecutableFile(file: string): boolean {
  return file === bundled || file === marker || file === "/home/bin/dockwarden";
}

describe("chooseServer", () => {
  beforeEach(reset);

  it("runs the workspace's dockwarden.path in a trusted workspace", () => {
    fake.settings.set("path", { defaultValue: "", workspaceValue: marker });
    const choice = chooseServer("/ext", isExecutableFile, { PATH: "" });
    assert.deepEqual(choice.resolution, { ok: true, command: marker, source: "setting" });
  });

  it("ignores the workspace's dockwarden.path in an untrusted workspace and runs the bundled server", () => {
    fake.isTrusted = false;
    fake.settings.set("path", { defaultValue: "", workspaceValue: marker });
    const choice = chooseServer("/ext", isExecutableFile, { PATH: "" });
    assert.deepEqual(choice.resolution, { ok: true, command: bundled, source: "bundled" });
    assert.equal(choice.effective.ignoredWorkspaceValue, marker);
    assert.equal(choice.trusted, false);
    assert.deepEqual(fake.gets, [], "get() would have returned the workspace's value");
  });

  it("honours the user's dockwarden.path in an untrusted workspace", () => {
    fake.isTrusted = false;
    fake.settings.set("path", { globalValue: "/home/bin/dockwarden", workspaceFolderValue: marker });
    const choice = chooseServer("/ext", isExecutableFile, { PATH: "" });
    assert.deepEqual(choice.resolution, { ok: true, command: "/home/bin/dockwarden", source: "setting" });
  });

  it("resolves a relative workspace path against the first folder when trusted", () => {
    fake.folders = ["/repo"];
    fake.settings.set("path", { workspaceValue: ".evil/marker.sh" });
    assert.deepEqual(chooseServer("/ext", isExecutableFile, { PATH: "" }).resolution, {
      ok: true,
      command: marker,
      source: "setting",
    });
  });
});

describe("readServerSettings", () => {
  beforeEach(reset);

  it("reads every setting of the manifest with inspect() and sends only what is set", () => {
    const manifest: unknown = JSON.parse(fs.readFileSync(path.join(__dirname, "../../../package.json"), "utf8"));
    const names = serverSettingNames(manifest);
    for (const name of names) fake.settings.set(name, { defaultValue: [] });
    fake.settings.set("ignore", { defaultValue: [], globalValue: ["DF019"] });
    fake.settings.set("registries.allowed", { defaultValue: null, workspaceValue: ["ghcr.io/acme"] });
    assert.deepEqual(readServerSettings(names), { ignore: ["DF019"], registries: { allowed: ["ghcr.io/acme"] } });
  });
});
