import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";

import {
  configKey,
  configurationAnswer,
  documentSelector,
  explicitValue,
  serverSettingNames,
  serverSettings,
} from "../../src/settings";
import type { InspectedSetting } from "../../src/trust";

const manifest: unknown = JSON.parse(fs.readFileSync(path.join(__dirname, "../../../package.json"), "utf8"));

describe("configKey", () => {
  it("turns each camel-case segment into kebab case", () => {
    assert.deepEqual(configKey("extendSelect"), ["extend-select"]);
    assert.deepEqual(configKey("unsafeFixes"), ["unsafe-fixes"]);
    assert.deepEqual(configKey("registries.allowed"), ["registries", "allowed"]);
    assert.deepEqual(configKey("select"), ["select"]);
  });
});

describe("serverSettingNames", () => {
  it("lists the manifest's settings except the client's own", () => {
    const names = serverSettingNames(manifest);
    assert.ok(names.includes("extendSelect") && names.includes("registries.allowed"), names.join());
    assert.ok(!names.includes("path") && !names.includes("trace.server"));
    assert.deepEqual(serverSettingNames({}), []);
  });

  it("maps every server setting to a key of .dockwarden.toml", () => {
    // The keys of Config (server/analysis/src/config.rs); the Rust test
    // `every_config_key_is_a_setting` holds the manifest to the same list.
    const keys = serverSettingNames(manifest).map((name) => configKey(name).join("."));
    assert.deepEqual(keys.sort(), [
      "compose.files",
      "extend-select",
      "ignore",
      "overrides",
      "registries.allowed",
      "select",
      "severities",
      "severity",
      "unsafe-fixes",
    ]);
  });
});

describe("explicitValue", () => {
  it("takes the most specific scope the user set, never the default", () => {
    assert.equal(explicitValue({ defaultValue: false }), undefined);
    assert.equal(explicitValue({ defaultValue: false, globalValue: true }), true);
    assert.equal(explicitValue({ globalValue: "low", workspaceValue: "high" }), "high");
    assert.equal(explicitValue({ workspaceValue: "high", workspaceFolderValue: "info" }), "info");
    assert.equal(explicitValue({ globalValue: null }), undefined);
    assert.equal(explicitValue(undefined), undefined);
  });
});

describe("serverSettings", () => {
  const names = serverSettingNames(manifest);

  function translate(values: Record<string, InspectedSetting<unknown>>): unknown {
    return serverSettings(names, (name) => values[name]);
  }

  it("sends nothing when nothing is set, so .dockwarden.toml decides", () => {
    const defaults = Object.fromEntries(names.map((name) => [name, { defaultValue: [] }]));
    assert.deepEqual(translate(defaults), {});
  });

  it("sends what is set in kebab case, tables as nested objects", () => {
    assert.deepEqual(
      translate({
        extendSelect: { globalValue: ["DF002"] },
        unsafeFixes: { workspaceValue: true, defaultValue: false },
        "registries.allowed": { globalValue: ["docker.io"] },
        "compose.files": { workspaceFolderValue: ["deploy/*.yml"] },
        severities: { globalValue: { DF019: "low" } },
        overrides: { globalValue: [{ files: ["legacy/**"], "extend-select": ["DF002"] }] },
        select: { globalValue: null },
      }),
      {
        "extend-select": ["DF002"],
        "unsafe-fixes": true,
        registries: { allowed: ["docker.io"] },
        compose: { files: ["deploy/*.yml"] },
        severities: { DF019: "low" },
        overrides: [{ files: ["legacy/**"], "extend-select": ["DF002"] }],
      },
    );
  });

  it("puts two keys of one table in the same object", () => {
    assert.deepEqual(
      serverSettings(["compose.files", "compose.other"], () => ({ globalValue: ["x"] })),
      { compose: { files: ["x"], other: ["x"] } },
    );
  });
});

describe("configurationAnswer", () => {
  const translated = { "extend-select": ["DF002"], compose: { files: ["a.yml"] } };

  it("answers the dockwarden section and its keys with the translated settings", () => {
    assert.deepEqual(
      configurationAnswer("dockwarden", translated, () => "vscode"),
      translated,
    );
    assert.deepEqual(configurationAnswer("dockwarden.compose.files", translated, () => "vscode"), ["a.yml"]);
    assert.deepEqual(configurationAnswer("dockwarden.extendSelect", translated, () => "vscode"), ["DF002"]);
    assert.equal(configurationAnswer("dockwarden.unsafeFixes", translated, () => "vscode"), null);
  });

  it("leaves other sections to VS Code", () => {
    assert.equal(configurationAnswer("editor", translated, () => "vscode"), "vscode");
    assert.equal(configurationAnswer(undefined, translated, () => "vscode"), "vscode");
  });
});

describe("documentSelector", () => {
  it("takes Dockerfiles, Compose files and the user's YAML patterns", () => {
    assert.deepEqual(documentSelector(["deploy/*.yml", "./stack.yaml", "**/x.yml", "", 3]), [
      { language: "dockerfile", scheme: "file" },
      { language: "dockercompose", scheme: "file" },
      { language: "yaml", scheme: "file", pattern: "**/deploy/*.yml" },
      { language: "yaml", scheme: "file", pattern: "**/stack.yaml" },
      { language: "yaml", scheme: "file", pattern: "**/x.yml" },
    ]);
    assert.equal(documentSelector(undefined).length, 2);
  });
});
