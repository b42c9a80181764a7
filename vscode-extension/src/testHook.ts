// The extension host's view, written to a file for the end-to-end test:
// code-server has no `--extensionTestsPath`, so the test reads what the
// extension sees (server state, the program it started, diagnostics) from the
// JSON file named by DOCKWARDEN_VSCODE_TEST_STATE. Only tests set it; without
// it nothing is written.

import * as fs from "node:fs";

export const TEST_STATE_VARIABLE = "DOCKWARDEN_VSCODE_TEST_STATE";

export interface TestDiagnostic {
  code: string | undefined;
  message: string;
  severity: number;
  source: string | undefined;
  line: number;
  character: number;
}

export interface TestState {
  state: string;
  /** How many times a server started and answered `initialize`. */
  starts: number;
  server?: { command: string; source: string };
  error?: string;
  trusted: boolean;
  notices: string[];
  diagnostics: Record<string, TestDiagnostic[]>;
  fixAll: { uri: string; applied: boolean }[];
}

/** Writes the state atomically (a reader never sees half a file); a no-op
 * when the variable is unset. */
export function writeTestState(state: TestState, file = process.env[TEST_STATE_VARIABLE]): void {
  if (file === undefined || file === "") return;
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, JSON.stringify(state, null, 2));
  fs.renameSync(temporary, file);
}
