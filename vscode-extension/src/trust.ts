// Which `dockwarden.path` applies, given workspace trust. A workspace (its
// `.vscode/settings.json` or a `.code-workspace` file) comes with the
// repository being opened: in an untrusted workspace its settings must not be
// able to name a program for the extension to run, so only the user's own
// (global) value counts there.

/** The scopes of a setting as `WorkspaceConfiguration.inspect()` returns them. */
export interface InspectedSetting<T> {
  defaultValue?: T;
  globalValue?: T;
  workspaceValue?: T;
  workspaceFolderValue?: T;
}

/** Where the value in force was set. */
export type SettingScope = "user" | "workspace" | "workspaceFolder";

export interface EffectivePath {
  /** The configured path, when one applies. */
  value?: string;
  scope?: SettingScope;
  /** A workspace value left out because the workspace is not trusted. */
  ignoredWorkspaceValue?: string;
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

/**
 * The `dockwarden.path` in force: the most specific non-empty value when the
 * workspace is trusted, and the user's value only when it is not.
 */
export function effectivePath(setting: InspectedSetting<unknown> | undefined, trusted: boolean): EffectivePath {
  const user = nonEmpty(setting?.globalValue);
  const workspace = nonEmpty(setting?.workspaceValue);
  const folder = nonEmpty(setting?.workspaceFolderValue);
  if (trusted) {
    if (folder !== undefined) return { value: folder, scope: "workspaceFolder" };
    if (workspace !== undefined) return { value: workspace, scope: "workspace" };
    if (user !== undefined) return { value: user, scope: "user" };
    return {};
  }
  const result: EffectivePath = user !== undefined ? { value: user, scope: "user" } : {};
  const ignored = folder ?? workspace;
  if (ignored !== undefined && ignored !== user) result.ignoredWorkspaceValue = ignored;
  return result;
}

/** The sentence the output channel and the information message show. */
export function untrustedNotice(effective: EffectivePath): string {
  const base =
    "This workspace is not trusted: dockwarden runs its bundled server (or the one in your user settings) " +
    "and ignores `dockwarden.path` from workspace settings.";
  if (effective.ignoredWorkspaceValue === undefined) return base;
  return `${base} Ignored: ${effective.ignoredWorkspaceValue}`;
}
