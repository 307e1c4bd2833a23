#!/usr/bin/env bash
# Runs the standalone server on its embedded defaults (http://127.0.0.1:8000, state in
# ~/.local/share/facepipe), fetching the models first if they are missing. Extra arguments go to
# the server, e.g. --urls http://0.0.0.0:8000 or: token --short
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
"$repo/scripts/fetch-models.sh" >&2
# The gateway's build makes the web UI, with Node.js 20.19+ (scripts/node.sh brings one when the PATH has none).
node_bin=$("$repo/scripts/node.sh")
[ -z "$node_bin" ] || export PATH="$node_bin:$PATH"
exec dotnet run --project "$repo/Gateway" -c Release -- "$@"
