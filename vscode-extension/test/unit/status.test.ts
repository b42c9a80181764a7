import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { statusView } from "../../src/status";

describe("statusView", () => {
  it("shows the finding count of the current file while running", () => {
    const view = statusView("running", 3, "/ext/server/linux-x64/dockwarden (bundled)");
    assert.equal(view.text, "$(shield) dockwarden 3");
    assert.match(view.tooltip, /server running\n3 findings in this file\n\/ext/);
    assert.equal(view.isError, false);
    assert.match(statusView("running", 1).tooltip, /\n1 finding in this file\n/);
  });

  it("shows no count for a file the server does not check", () => {
    assert.equal(statusView("running", undefined).text, "$(shield) dockwarden");
  });

  it("shows the other states without a count, and errors as errors", () => {
    assert.equal(statusView("starting", 2).text, "$(sync~spin) dockwarden");
    assert.equal(statusView("stopped", 2).text, "$(circle-slash) dockwarden");
    const error = statusView("error", 2, "no server for linux-x64");
    assert.equal(error.text, "$(error) dockwarden");
    assert.equal(error.isError, true);
    assert.match(error.tooltip, /server error\nno server for linux-x64/);
  });
});
