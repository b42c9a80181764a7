import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { effectivePath, untrustedNotice } from "../../src/trust";

describe("effectivePath", () => {
  const all = { globalValue: "/usr/bin/dw-user", workspaceValue: "/ws/dw", workspaceFolderValue: "/folder/dw" };

  it("takes the most specific value in a trusted workspace", () => {
    assert.deepEqual(effectivePath(all, true), { value: "/folder/dw", scope: "workspaceFolder" });
    assert.deepEqual(effectivePath({ ...all, workspaceFolderValue: undefined }, true), {
      value: "/ws/dw",
      scope: "workspace",
    });
    assert.deepEqual(effectivePath({ globalValue: "/usr/bin/dw-user" }, true), {
      value: "/usr/bin/dw-user",
      scope: "user",
    });
  });

  it("takes only the user's value in an untrusted workspace, and names what it ignored", () => {
    assert.deepEqual(effectivePath(all, false), {
      value: "/usr/bin/dw-user",
      scope: "user",
      ignoredWorkspaceValue: "/folder/dw",
    });
    assert.deepEqual(effectivePath({ workspaceValue: "./evil.sh" }, false), { ignoredWorkspaceValue: "./evil.sh" });
  });

  it("does not report a workspace value equal to the user's as ignored", () => {
    assert.deepEqual(effectivePath({ globalValue: "/bin/dw", workspaceValue: "/bin/dw" }, false), {
      value: "/bin/dw",
      scope: "user",
    });
  });

  it("treats empty strings, blanks, non-strings and the default as unset", () => {
    assert.deepEqual(effectivePath({ defaultValue: "/default", globalValue: "  ", workspaceValue: 3 }, true), {});
    assert.deepEqual(effectivePath(undefined, false), {});
  });
});

describe("untrustedNotice", () => {
  it("says what is ignored when something is", () => {
    assert.match(untrustedNotice({}), /not trusted/);
    assert.doesNotMatch(untrustedNotice({}), /Ignored/);
    assert.match(untrustedNotice({ ignoredWorkspaceValue: "/tmp/marker.sh" }), /Ignored: \/tmp\/marker\.sh$/);
  });
});
