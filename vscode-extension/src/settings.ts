// Translates the extension's settings into what the server reads: the keys of
// `.dockwarden.toml` (kebab-case, tables as nested objects), with only the
// values the user set, so that the server lays them over the project's file
// with the same `Config` type. The list of settings is the generated
// `contributes.configuration` block of package.json (see
// server/cli/src/vscode_settings.rs), so nothing here names a rule setting.

import type { InspectedSetting } from "./trust";

/** Settings the client reads itself; the server never sees them. */
export const CLIENT_ONLY_SETTINGS: ReadonlySet<string> = new Set(["path", "trace.server"]);

/** The settings that restart the server when they change: the program to
 * run, and the Compose patterns, which change the documents sent to it. */
export const RESTART_SETTINGS: readonly string[] = ["dockwarden.path", "dockwarden.compose.files"];

/** `extendSelect` to `extend-select`, segment by segment: the inverse of the
 * generator's camel case. */
export function configKey(settingName: string): string[] {
  return settingName.split(".").map((segment) => segment.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`));
}

/** The names after `dockwarden.` of the settings the server reads, from the
 * manifest's `contributes.configuration`. */
export function serverSettingNames(manifest: unknown): string[] {
  const properties = (manifest as { contributes?: { configuration?: { properties?: Record<string, unknown> } } })
    ?.contributes?.configuration?.properties;
  if (properties === undefined) return [];
  return Object.keys(properties)
    .filter((id) => id.startsWith("dockwarden."))
    .map((id) => id.slice("dockwarden.".length))
    .filter((name) => !CLIENT_ONLY_SETTINGS.has(name));
}

/** The value the user set, most specific scope first; `undefined` when only
 * the default applies (`null` counts as unset: it is the schema's "default"). */
export function explicitValue(setting: InspectedSetting<unknown> | undefined): unknown {
  for (const value of [setting?.workspaceFolderValue, setting?.workspaceValue, setting?.globalValue]) {
    if (value !== undefined && value !== null) return value;
  }
  return undefined;
}

export type ServerSettings = Record<string, unknown>;

/** The settings object for `initializationOptions` and, under the
 * `dockwarden` section, `workspace/didChangeConfiguration`. */
export function serverSettings(
  names: readonly string[],
  inspect: (name: string) => InspectedSetting<unknown> | undefined,
): ServerSettings {
  const settings: ServerSettings = {};
  for (const name of names) {
    const value = explicitValue(inspect(name));
    if (value === undefined) continue;
    const keys = configKey(name);
    let table = settings;
    for (const key of keys.slice(0, -1)) {
      const inner = table[key];
      if (typeof inner === "object" && inner !== null && !Array.isArray(inner)) {
        table = inner as ServerSettings;
      } else {
        const created: ServerSettings = {};
        table[key] = created;
        table = created;
      }
    }
    table[keys[keys.length - 1]] = value;
  }
  return settings;
}

/** The answer to a `workspace/configuration` request for `section`: the
 * translated settings for `dockwarden`, or what VS Code would answer. */
export function configurationAnswer(
  section: string | undefined,
  translated: ServerSettings,
  fallback: () => unknown,
): unknown {
  if (section === "dockwarden") return translated;
  if (section?.startsWith("dockwarden.")) {
    let value: unknown = translated;
    for (const key of configKey(section.slice("dockwarden.".length))) {
      value = typeof value === "object" && value !== null ? (value as ServerSettings)[key] : undefined;
    }
    return value ?? null;
  }
  return fallback();
}

/** A document filter as the language client takes it. */
export interface DocumentFilter {
  language: string;
  scheme: string;
  pattern?: string;
}

/** The documents sent to the server: Dockerfiles, Compose files as VS Code
 * knows them, and YAML files that match the user's `dockwarden.compose.files`
 * patterns (relative to a workspace folder, so `deploy/*.yml` becomes
 * `**\/deploy/*.yml`; the server decides from its own configuration). */
export function documentSelector(composePatterns: unknown): DocumentFilter[] {
  const selector: DocumentFilter[] = [
    { language: "dockerfile", scheme: "file" },
    { language: "dockercompose", scheme: "file" },
  ];
  const patterns = Array.isArray(composePatterns) ? composePatterns : [];
  for (const pattern of patterns) {
    if (typeof pattern !== "string" || pattern.trim() === "") continue;
    const trimmed = pattern.trim().replace(/^\.\//, "");
    const glob = trimmed.startsWith("/") || trimmed.startsWith("**/") ? trimmed : `**/${trimmed}`;
    selector.push({ language: "yaml", scheme: "file", pattern: glob });
  }
  return selector;
}
