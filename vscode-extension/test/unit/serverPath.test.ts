import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { bundledServerPath, findOnPath, resolveServer, type ResolveEnvironment } from "../../src/serverPath";

function environment(files: string[], overrides: Partial<ResolveEnvironment> = {}): ResolveEnvironment {
  const existing = new Set(files);
  return {
    extensionPath: "/ext",
    platform: "linux",
    arch: "x64",
    workspaceFolder: "/work/repo",
    home: "/home/me",
    envPath: "/usr/local/bin:/usr/bin",
    trusted: true,
    isExecutableFile: (file) => existing.has(file),
    ...overrides,
  };
}

describe("resolveServer", () => {
  it("prefers the configured path, then the bundled program, then PATH", () => {
    const files = ["/opt/dw", "/ext/server/linux-x64/dockwarden", "/usr/bin/dockwarden"];
    assert.deepEqual(resolveServer({ value: "/opt/dw", scope: "user" }, environment(files)), {
      ok: true,
      command: "/opt/dw",
      source: "setting",
    });
    assert.deepEqual(resolveServer({}, environment(files)), {
      ok: true,
      command: "/ext/server/linux-x64/dockwarden",
      source: "bundled",
    });
    assert.deepEqual(resolveServer({}, environment(files.slice(2))), {
      ok: true,
      command: "/usr/bin/dockwarden",
      source: "PATH",
    });
  });

  it("says why when there is no program", () => {
    const result = resolveServer({}, environment([]));
    assert.equal(result.ok, false);
    assert.match(!result.ok ? result.error : "", /no dockwarden server for linux-x64/);
  });

  it("does not fall back when the configured program is missing", () => {
    const result = resolveServer({ value: "/opt/missing" }, environment(["/ext/server/linux-x64/dockwarden"]));
    assert.deepEqual(result, {
      ok: false,
      error: "dockwarden.path names `/opt/missing`, which is not a file that can be run.",
    });
  });

  it("expands ~ and resolves relative paths against the workspace folder when trusted", () => {
    const files = ["/home/me/bin/dw", "/work/repo/target/release/dockwarden"];
    const env = environment(files);
    assert.equal(resolveServer({ value: "~/bin/dw" }, env).ok, true);
    assert.deepEqual(resolveServer({ value: "target/release/dockwarden", scope: "workspace" }, env), {
      ok: true,
      command: "/work/repo/target/release/dockwarden",
      source: "setting",
    });
  });

  it("refuses a relative path in an untrusted workspace, even from user settings", () => {
    const env = environment(["/work/repo/bin/dockwarden"], { trusted: false });
    const result = resolveServer({ value: "bin/dockwarden", scope: "user" }, env);
    assert.equal(result.ok, false);
    assert.match(!result.ok ? result.error : "", /not trusted/);
  });

  it("looks a bare name up in PATH", () => {
    const env = environment(["/usr/local/bin/dockwarden-dev"]);
    assert.deepEqual(resolveServer({ value: "dockwarden-dev" }, env), {
      ok: true,
      command: "/usr/local/bin/dockwarden-dev",
      source: "setting",
    });
    assert.equal(resolveServer({ value: "nowhere" }, env).ok, false);
  });
});

describe("findOnPath", () => {
  it("skips relative PATH entries, which would reach into the workspace", () => {
    const env = environment(["dockwarden", "./dockwarden", "/usr/bin/dockwarden"], { envPath: ".::bin:/usr/bin" });
    assert.equal(findOnPath("dockwarden", env), "/usr/bin/dockwarden");
    assert.equal(findOnPath("dockwarden", { ...env, envPath: ".:bin" }), undefined);
  });

  it("adds .exe on Windows and splits on semicolons", () => {
    const env = environment(["C:\\tools\\dockwarden.exe"], { platform: "win32", envPath: "C:\\bin;C:\\tools" });
    assert.equal(findOnPath("dockwarden", env), "C:\\tools\\dockwarden.exe");
  });
});

describe("bundledServerPath", () => {
  it("is server/PLATFORM-ARCH/ inside the extension, with .exe on Windows", () => {
    assert.equal(bundledServerPath("/ext", "darwin", "arm64"), "/ext/server/darwin-arm64/dockwarden");
    assert.match(bundledServerPath("/ext", "win32", "x64"), /server[\\/]win32-x64[\\/]dockwarden\.exe$/);
  });
});
