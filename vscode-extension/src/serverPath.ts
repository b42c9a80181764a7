// Finds the `dockwarden` program to run as the language server: the
// configured `dockwarden.path` (as trust allows, see trust.ts), else the
// program bundled in the extension for this platform, else `dockwarden` on
// PATH. Pure: the file system and the environment come in as arguments.

import * as path from "node:path";

import type { EffectivePath } from "./trust";

export type ServerSource = "setting" | "bundled" | "PATH";

export interface ServerLocation {
  command: string;
  source: ServerSource;
}

export interface ResolveEnvironment {
  /** The extension's folder, which holds `server/PLATFORM-ARCH/`. */
  extensionPath: string;
  platform: string;
  arch: string;
  /** The first workspace folder, for relative workspace paths. */
  workspaceFolder?: string;
  /** The user's home folder, for `~/`. */
  home: string;
  /** The PATH variable. */
  envPath: string;
  /** Whether the workspace is trusted. */
  trusted: boolean;
  /** Whether a regular file exists at this absolute path (and may be run). */
  isExecutableFile(file: string): boolean;
}

export type Resolution = ({ ok: true } & ServerLocation) | { ok: false; error: string };

/** The program's file name on this platform. */
export function executableName(platform: string): string {
  return platform === "win32" ? "dockwarden.exe" : "dockwarden";
}

/** Where the packaging script puts the program for a platform. */
export function bundledServerPath(extensionPath: string, platform: string, arch: string): string {
  return path.join(extensionPath, "server", `${platform}-${arch}`, executableName(platform));
}

/** Looks a program name up in PATH; relative entries (`.`) are skipped, so
 * that the workspace being opened cannot supply the program through them. */
export function findOnPath(name: string, env: ResolveEnvironment): string | undefined {
  const pathApi = env.platform === "win32" ? path.win32 : path.posix;
  const separator = env.platform === "win32" ? ";" : ":";
  const names = env.platform === "win32" && !name.toLowerCase().endsWith(".exe") ? [`${name}.exe`, name] : [name];
  for (const folder of env.envPath.split(separator)) {
    if (folder === "" || !pathApi.isAbsolute(folder)) continue;
    for (const candidate of names) {
      const file = pathApi.join(folder, candidate);
      if (env.isExecutableFile(file)) return file;
    }
  }
  return undefined;
}

/**
 * Turns a configured value into an absolute path: `~/` is the home folder; a
 * relative path is resolved against the workspace folder, but only when the
 * value comes from a trusted workspace's settings or the workspace is
 * trusted; a bare name (`dockwarden-dev`) is looked up in PATH.
 */
function resolveConfigured(effective: EffectivePath, env: ResolveEnvironment): Resolution {
  const value = effective.value as string;
  const pathApi = env.platform === "win32" ? path.win32 : path.posix;
  let file: string | undefined;
  if (value === "~" || value.startsWith("~/") || value.startsWith("~\\")) {
    file = pathApi.join(env.home, value.slice(1));
  } else if (pathApi.isAbsolute(value)) {
    file = value;
  } else if (!value.includes("/") && !value.includes("\\")) {
    file = findOnPath(value, env);
    if (file === undefined) return { ok: false, error: `dockwarden.path names \`${value}\`, which is not on PATH.` };
  } else if (!env.trusted) {
    return {
      ok: false,
      error: `dockwarden.path \`${value}\` is relative, and this workspace is not trusted: it would run a program from the workspace. Use an absolute path.`,
    };
  } else if (env.workspaceFolder !== undefined) {
    file = pathApi.resolve(env.workspaceFolder, value);
  } else {
    return { ok: false, error: `dockwarden.path \`${value}\` is relative, and no folder is open.` };
  }
  if (!env.isExecutableFile(file)) {
    return { ok: false, error: `dockwarden.path names \`${file}\`, which is not a file that can be run.` };
  }
  return { ok: true, command: file, source: "setting" };
}

/** The program to start, or why there is none. */
export function resolveServer(effective: EffectivePath, env: ResolveEnvironment): Resolution {
  if (effective.value !== undefined) return resolveConfigured(effective, env);
  const bundled = bundledServerPath(env.extensionPath, env.platform, env.arch);
  if (env.isExecutableFile(bundled)) return { ok: true, command: bundled, source: "bundled" };
  const onPath = findOnPath("dockwarden", env);
  if (onPath !== undefined) return { ok: true, command: onPath, source: "PATH" };
  return {
    ok: false,
    error:
      `This extension has no dockwarden server for ${env.platform}-${env.arch}, and \`dockwarden\` is not on PATH. ` +
      "Install dockwarden on PATH or set `dockwarden.path`.",
  };
}
