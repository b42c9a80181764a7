// What the status bar item says: the server's state and the number of
// findings in the current file. Pure, so that it is tested without VS Code.

export type ServerState = "starting" | "running" | "stopped" | "error";

export interface StatusView {
  text: string;
  tooltip: string;
  /** Whether the item should be drawn as an error. */
  isError: boolean;
}

const ICONS: Record<ServerState, string> = {
  starting: "$(sync~spin)",
  running: "$(shield)",
  stopped: "$(circle-slash)",
  error: "$(error)",
};

/**
 * @param findings the current file's dockwarden diagnostics, or `undefined`
 * when the current file is not one the server checks.
 */
export function statusView(state: ServerState, findings: number | undefined, detail?: string): StatusView {
  let text = `${ICONS[state]} dockwarden`;
  if (state === "running" && findings !== undefined) text += ` ${findings}`;
  const lines = [`dockwarden: server ${state}`];
  if (state === "running" && findings !== undefined) {
    lines.push(findings === 1 ? "1 finding in this file" : `${findings} findings in this file`);
  }
  if (detail !== undefined && detail !== "") lines.push(detail);
  lines.push("Click to show the output.");
  return { text, tooltip: lines.join("\n"), isError: state === "error" };
}
