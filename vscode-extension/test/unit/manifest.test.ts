// The manifest declares what the extension promises: the files it checks,
// the trust it needs, the commands it offers, and the server's version.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";

const root = path.join(__dirname, "../../..");
interface Language {
  id: string;
  filenames?: string[];
  filenamePatterns?: string[];
}
interface Manifest {
  version: string;
  main: string;
  activationEvents: string[];
  capabilities: { untrustedWorkspaces: { supported: string; restrictedConfigurations: string[]; description: string } };
  contributes: {
    languages: Language[];
    commands: { command: string }[];
    configuration: { properties: Record<string, { default?: unknown }> };
  };
}
const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as Manifest;

/** VS Code's file-name globs: `*` is any run of characters, the rest literal. */
function matches(glob: string, name: string): boolean {
  const pattern = glob.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
  return new RegExp(`^${pattern}$`).test(name);
}

function languageOf(name: string): string | undefined {
  for (const language of manifest.contributes.languages) {
    if (language.filenames?.includes(name)) return language.id;
    if (language.filenamePatterns?.some((glob) => matches(glob, name))) return language.id;
  }
  return undefined;
}

describe("the manifest", () => {
  it("maps every file name of DESIGN.md's 'Files the product recognises'", () => {
    for (const name of ["Dockerfile", "Containerfile", "app.Dockerfile", "app.dockerfile", "Dockerfile.dev", "Containerfile.prod"]) {
      assert.equal(languageOf(name), "dockerfile", name);
    }
    for (const name of [
      "compose.yaml",
      "compose.yml",
      "docker-compose.yaml",
      "docker-compose.yml",
      "compose.override.yaml",
      "docker-compose.override.yml",
      "compose.prod.yaml",
      "docker-compose.ci.yml",
    ]) {
      assert.equal(languageOf(name), "dockercompose", name);
    }
    for (const name of ["values.yaml", "Dockerfile-notes.md", "package.json"]) {
      assert.equal(languageOf(name), undefined, name);
    }
  });

  it("activates on both languages and on YAML, for the user's Compose patterns", () => {
    assert.deepEqual(manifest.activationEvents.sort(), [
      "onLanguage:dockercompose",
      "onLanguage:dockerfile",
      "onLanguage:yaml",
    ]);
    assert.equal(manifest.main, "./dist/extension.js");
  });

  it("supports untrusted workspaces in a limited way, restricting dockwarden.path", () => {
    const trust = manifest.capabilities.untrustedWorkspaces;
    assert.equal(trust.supported, "limited");
    assert.deepEqual(trust.restrictedConfigurations, ["dockwarden.path"]);
    assert.ok(trust.description.length > 20);
    assert.ok("dockwarden.path" in manifest.contributes.configuration.properties);
    assert.ok("dockwarden.trace.server" in manifest.contributes.configuration.properties);
  });

  it("contributes the commands the extension registers", () => {
    const source = fs.readFileSync(path.join(root, "src/extension.ts"), "utf8");
    const registered = [...source.matchAll(/registerCommand\("([^"]+)"/g)].map((match) => match[1]).sort();
    const contributed = manifest.contributes.commands.map((command) => command.command).sort();
    assert.deepEqual(contributed, registered);
    assert.deepEqual(contributed, [
      "dockwarden.fixAll",
      "dockwarden.restartServer",
      "dockwarden.showOutput",
      "dockwarden.showRule",
    ]);
  });

  it("has the server's version", () => {
    const cargo = fs.readFileSync(path.join(root, "../Cargo.toml"), "utf8");
    const version = /\[workspace\.package\][^[]*?\nversion = "([^"]+)"/.exec(cargo)?.[1];
    assert.equal(manifest.version, version);
  });
});
