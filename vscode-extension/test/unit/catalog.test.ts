import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { parseCatalog, pickItems, ruleUrl } from "../../src/catalog";

const catalog = JSON.stringify([
  {
    code: "DF001",
    name: "final-user-is-root",
    language: "dockerfile",
    severity: "high",
    practice: 2,
    practice_title: "never run as root",
    fix: "safe",
    opt_in: false,
    hadolint: ["DL3002"],
    summary: "The final stage switches to root.",
    url: "https://github.com/dockwarden/dockwarden/blob/main/docs/rules/DF001.md",
  },
  { code: "DF999", name: "example-opt-in", language: "dockerfile", severity: "low", summary: "An opt-in rule.", opt_in: true },
  { name: "no-code" },
]);

describe("the rule catalog", () => {
  it("reads the well-formed entries of `dockwarden rules --format json`", () => {
    const rules = parseCatalog(catalog);
    assert.deepEqual(
      rules.map((rule) => rule.code),
      ["DF001", "DF999"],
    );
    assert.throws(() => parseCatalog("{}"), /not a JSON array/);
  });

  it("offers one quick-pick item a rule", () => {
    assert.deepEqual(pickItems(parseCatalog(catalog)), [
      {
        label: "DF001",
        description: "final-user-is-root",
        detail: "high · The final stage switches to root.",
        code: "DF001",
      },
      { label: "DF999", description: "example-opt-in (opt-in)", detail: "low · An opt-in rule.", code: "DF999" },
    ]);
  });

  it("links the same page as the catalog and the diagnostics", () => {
    const rule = parseCatalog(catalog)[0];
    assert.equal(ruleUrl(rule.code), rule.url);
  });
});
