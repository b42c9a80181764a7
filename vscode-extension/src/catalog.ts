// The rule catalog, as `dockwarden rules --format json` prints it, and each
// rule's page, as `dockwarden explain CODE` prints it: for the "Show a Rule's
// Page" command.

import { execFile } from "node:child_process";

/** A rule as the catalog describes it (the fields this extension uses). */
export interface CatalogRule {
  code: string;
  name: string;
  language: string;
  severity: string;
  summary: string;
  url: string;
  opt_in: boolean;
}

export const RULE_PAGE_BASE = "https://github.com/dockwarden/dockwarden/blob/main/docs/rules";

/** The rule's page on the web (the same URL as the diagnostics' `codeDescription`). */
export function ruleUrl(code: string): string {
  return `${RULE_PAGE_BASE}/${encodeURIComponent(code)}.md`;
}

/** Reads the catalog's JSON, keeping only well-formed entries. */
export function parseCatalog(json: string): CatalogRule[] {
  const parsed: unknown = JSON.parse(json);
  if (!Array.isArray(parsed)) throw new Error("the catalog is not a JSON array");
  return parsed.filter((entry): entry is CatalogRule => {
    const rule = entry as Partial<CatalogRule>;
    return typeof rule?.code === "string" && typeof rule.name === "string" && typeof rule.summary === "string";
  });
}

export interface RulePickItem {
  label: string;
  description: string;
  detail: string;
  code: string;
}

/** One quick-pick item a rule, matching on code, name and summary. */
export function pickItems(rules: readonly CatalogRule[]): RulePickItem[] {
  return rules.map((rule) => ({
    label: rule.code,
    description: rule.opt_in ? `${rule.name} (opt-in)` : rule.name,
    detail: `${rule.severity} · ${rule.summary}`,
    code: rule.code,
  }));
}

/** Runs the server program with arguments and returns its standard output. */
export function runProgram(command: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, [...args], { timeout: 10_000, maxBuffer: 8 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} ${args.join(" ")}: ${stderr.trim() || error.message}`));
      else resolve(stdout);
    });
  });
}
