// A stand-in for the `vscode` module, enough for src/configuration.ts: the
// workspace's trust, folders and settings. Importing this file first makes
// `require("vscode")` return it (the real module exists only inside VS Code).

import Module from "node:module";

import type { InspectedSetting } from "../../src/trust";

interface SettingScopes {
  defaultValue?: unknown;
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
}

export const fake = {
  isTrusted: true,
  folders: [] as string[],
  /** `dockwarden.` settings by name, per scope. */
  settings: new Map<string, SettingScopes>(),
  /** Every `get()` call, to show the code under test never uses it where it must not. */
  gets: [] as string[],
};

export function reset(): void {
  fake.isTrusted = true;
  fake.folders = [];
  fake.settings.clear();
  fake.gets = [];
}

const vscode = {
  workspace: {
    get isTrusted() {
      return fake.isTrusted;
    },
    get workspaceFolders() {
      return fake.folders.map((folder, index) => ({ uri: { fsPath: folder }, name: folder, index }));
    },
    getConfiguration(section: string) {
      if (section !== "dockwarden") throw new Error(`unexpected section ${section}`);
      return {
        inspect(name: string): InspectedSetting<unknown> & { key: string } {
          return { key: `dockwarden.${name}`, ...fake.settings.get(name) };
        },
        // What VS Code's get() does: the most specific scope wins, trusted or not.
        get(name: string): unknown {
          fake.gets.push(name);
          const scopes = fake.settings.get(name);
          return scopes?.workspaceFolderValue ?? scopes?.workspaceValue ?? scopes?.globalValue ?? scopes?.defaultValue;
        },
      };
    },
  },
};

type Loader = (request: string, parent: unknown, isMain: boolean) => unknown;
const moduleWithLoad = Module as unknown as { _load: Loader };
const load = moduleWithLoad._load;
moduleWithLoad._load = function (request: string, parent: unknown, isMain: boolean): unknown {
  if (request === "vscode") return vscode;
  return load.call(this, request, parent, isMain);
};
