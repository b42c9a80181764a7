#!/usr/bin/env bash
# The VS Code extension's part of CI: installs what the end-to-end test needs
# (scripts/install-e2e-tools.sh: chromium, libkrb5-dev, Node 24, code-server,
# cached outside the repository), `npm ci`, lint, unit tests, packages the
# .vsix (which builds the server in release mode) and runs the end-to-end test
# in code-server. Ends with the test runners' summary lines.
set -euo pipefail
cd "$(dirname "$0")/.."

section() { printf '\n==> vscode-extension: %s\n' "$*"; }

section "Tools for the end-to-end test"
scripts/install-e2e-tools.sh

section "npm ci"
npm ci --no-audit --no-fund

section "Lint (tsc strict, eslint)"
npm run lint

section "Unit tests"
unit_log=$(mktemp)
npm test 2>&1 | tee "$unit_log"

section "Package the .vsix (release build of the server)"
# DOCKWARDEN_VSCODE_SERVER packages a server built elsewhere instead.
if [ -n "${DOCKWARDEN_VSCODE_SERVER:-}" ]; then
    npm run package -- --server "$DOCKWARDEN_VSCODE_SERVER"
else
    npm run package
fi

section "End-to-end test in code-server"
e2e_log=$(mktemp)
npm run e2e 2>&1 | tee "$e2e_log"

section "Summary"
summary() {
    local name=$1 log=$2 passed failed
    passed=$(sed -n 's/^ℹ pass \([0-9]*\)$/\1/p' "$log")
    failed=$(sed -n 's/^ℹ fail \([0-9]*\)$/\1/p' "$log")
    echo "$name: ${passed:-0} passed, ${failed:-0} failed"
}
summary "vscode-unit" "$unit_log"
summary "vscode-e2e" "$e2e_log"
rm -f "$unit_log" "$e2e_log"
