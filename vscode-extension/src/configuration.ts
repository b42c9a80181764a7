// Reads the extension's settings from VS Code and hands them to the pure
// modules: the trust decision (trust.ts), the program to run (serverPath.ts)
// and the settings sent to the server (settings.ts). Kept apart from
// extension.ts so that the unit tests can run it against a stubbed `vscode`.

import * as os from "node:os";

import * as vscode from "vscode";

import { resolveServer, type Resolution } from "./serverPath";
import { serverSettings, type ServerSettings } from "./settings";
import { effectivePath, type EffectivePath } from "./trust";

function configuration(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration("dockwarden");
}

/** The settings the server reads, as the user set them. */
export function readServerSettings(names: readonly string[]): ServerSettings {
  const settings = configuration();
  return serverSettings(names, (name) => settings.inspect(name));
}

/** The user's Compose patterns (`dockwarden.compose.files`). */
export function readComposePatterns(): unknown {
  return configuration().get("compose.files");
}

export interface ServerChoice {
  trusted: boolean;
  effective: EffectivePath;
  resolution: Resolution;
}

/** Which program to run, by `dockwarden.path` as trust allows: read with
 * `inspect()`, never `get()`, which would hand back a workspace's value. */
export function chooseServer(
  extensionPath: string,
  isExecutableFile: (file: string) => boolean,
  environment: NodeJS.ProcessEnv = process.env,
): ServerChoice {
  const trusted = vscode.workspace.isTrusted;
  const effective = effectivePath(configuration().inspect("path"), trusted);
  const resolution = resolveServer(effective, {
    extensionPath,
    platform: process.platform,
    arch: process.arch,
    workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
    home: os.homedir(),
    envPath: environment.PATH ?? "",
    trusted,
    isExecutableFile,
  });
  return { trusted, effective, resolution };
}
