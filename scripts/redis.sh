#!/usr/bin/env bash
# Redis 8 for the vector-shard index (Workers.Index/Redis): Debian 12 ships Redis 7.0, which has no
# vector sets, so Redis 8.0.2 is built from the upstream tarball in Debian 13's archive, fetched with
# a private apt setup under the cache (the system's sources are never changed), and the binaries are
# kept in the cache so the ~6 minute build runs once per machine.
#   scripts/redis.sh                   build (or find) redis-server and redis-cli, print their folder
#   scripts/redis.sh start PORT...     start one daemonized shard server per loopback port, its folder (log, append-only
#                                      file) at $FACEPIPE_REDIS_RUN/PORT (default /tmp/facepipe-redis/PORT)
#   scripts/redis.sh stop PORT...      stop them; a start on the same folder comes back with the same faces
# Shards persist as production ones should (Workers.Index/README.md): an append-only file fsynced every second, which
# Redis rewrites in the background as an RDB snapshot plus the writes since; a start reloads it, so the index is not
# reloaded from the metadata store (the gateway's rebuild-index refills a shard that lost its data).
set -euo pipefail
version=8.0.2
cache=${FACEPIPE_CACHE:-$HOME/.cache/facepipe}
bin=$cache/redis-$version
runs=${FACEPIPE_REDIS_RUN:-/tmp/facepipe-redis}

build() {
  [ -x "$bin/redis-server" ] && [ -x "$bin/redis-cli" ] && return 0
  local apt=$cache/apt-trixie src=$cache/redis-src
  mkdir -p "$apt/lists/partial" "$apt/archives/partial" "$src"
  # The mirror the system already uses: the only Debian archive reachable here.
  local mirror
  mirror=$(grep -rhoE '^(URIs:|deb) +https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null \
    | head -n1 | awk '{print $2}' || true)
  mirror=${mirror:-http://deb.debian.org/debian}
  echo "deb-src ${mirror%/} trixie main" >"$apt/sources.list"
  local opts=(-o Dir::Etc::SourceList="$apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
    -o Dir::State::Lists="$apt/lists" -o Dir::Cache::Archives="$apt/archives" -o Debug::NoLocking=1)
  apt-get "${opts[@]}" -qq update
  # Only the orig tarball matters; the debian tarball may 404, so the exit status is not trusted.
  (cd "$src" && apt-get "${opts[@]}" -qq source --download-only redis || true)
  local tarball=$src/redis_$version.orig.tar.gz
  [ -f "$tarball" ] || { echo "redis.sh: $tarball not downloaded (Debian 13 now has: $(ls "$src"))" >&2; exit 1; }
  rm -rf "$src/redis-$version"
  tar -xzf "$tarball" -C "$src"
  make -C "$src/redis-$version" -j"$(nproc)" >"$src/build.log" 2>&1 \
    || { tail -n 30 "$src/build.log" >&2; exit 1; }
  mkdir -p "$bin"
  cp "$src/redis-$version/src/redis-server" "$src/redis-$version/src/redis-cli" "$bin/"
  rm -rf "$src/redis-$version"
}

answers() { "$bin/redis-cli" -p "$1" ping 2>/dev/null | grep -q PONG; }

start() {
  local port=$1 dir=$runs/$1
  answers "$port" && { echo "redis: shard on $port already answers"; return 0; }
  mkdir -p "$dir"
  "$bin/redis-server" --port "$port" --bind 127.0.0.1 --daemonize yes --dir "$dir" \
    --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --appendonly yes --appendfsync everysec --save ""
  for _ in $(seq 100); do answers "$port" && return 0; sleep 0.1; done
  echo "redis.sh: shard on $port did not answer PING; log: $dir/redis.log" >&2
  exit 1
}

stop() {
  local port=$1
  answers "$port" || return 0
  # The append-only file is flushed on shutdown; no extra snapshot is needed.
  "$bin/redis-cli" -p "$port" shutdown nosave >/dev/null 2>&1 || true
  for _ in $(seq 100); do answers "$port" || return 0; sleep 0.1; done
  echo "redis.sh: shard on $port still answers after SHUTDOWN" >&2
  exit 1
}

build
case ${1:-build} in
  build) echo "$bin" ;;
  start) shift; for p in "$@"; do start "$p"; done ;;
  stop) shift; for p in "$@"; do stop "$p"; done ;;
  *) echo "usage: $0 [build | start PORT... | stop PORT...]" >&2; exit 2 ;;
esac
