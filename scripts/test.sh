#!/usr/bin/env bash
# Runs the whole test suite on a fresh Debian 12 machine: installs the Debian packages the tests
# and the model fetcher need, fetches the models and the test photos into the cache (outside the
# repository), builds Redis 8 into the cache, starts RabbitMQ, then runs every test project.
# Idempotent: what is there already is kept.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

packages=(
  python3-onnx python3-numpy            # models/batch_dynamic.py at model-fetch time
  python3-skimage python3-matplotlib    # test photos: astronaut, grace_hopper, photos without faces
  opencv-doc                            # test photos: messi5 and two portraits
  build-essential                       # scripts/redis.sh compiles Redis 8 (Debian 12 has only 7.0)
  docker-compose                        # Cluster.Tests checks compose/ with `docker-compose config` (no engine needed)
  ffmpeg                                # Workers.Video decodes through it; Video.Tests and Cluster.Tests make their videos (and RTSP streams) with it
  chromium                              # WebUi.Tests drive Debian's headless Chromium with Playwright
  ca-certificates
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Model and photo tarballs come from the npm registry, and the web UI is built with npm (Gateway.csproj); a Node.js
# install may already bring npm. Debian 12's own nodejs (18) is too old for the UI's Vite: scripts/node.sh (below) fetches one.
command -v npm >/dev/null || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=$([ "$(id -u)" = 0 ] || echo sudo)
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The web UI's build needs Node.js 20.19+ (Debian 12's is 18): scripts/node.sh brings one when the PATH has none.
node_bin=$(scripts/node.sh)
[ -z "$node_bin" ] || export PATH="$node_bin:$PATH"
scripts/fetch-models.sh
scripts/fetch-photos.sh
# Redis 8 for the vector-shard specs: built once and cached; each spec class starts and stops its own shards.
scripts/redis.sh
# Cluster.Tests runs the gateway and workers on a real broker (it skips, saying why, if none can start).
scripts/rabbitmq.sh start
# One test project at a time: the cluster spec runs seven processes with the models loaded, and on 2 cores it
# must not share them with the other projects' hosts (stage timeouts under that load gave 503s and retries).
# Each project's results go to its own TestResults/ as .trx; when any test fails, the last thing printed says which and why.
find tests -name TestResults -type d -prune -exec rm -rf {} +
status=0
dotnet test Pipeline.sln -c Release -m:1 --logger trx "$@" || status=$?
[ "$status" = 0 ] || python3 scripts/failed-tests.py tests
exit "$status"
