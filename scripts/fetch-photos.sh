#!/usr/bin/env bash
# Gathers the real photos the tests use (FIELD-NOTES.md) into the cache: group photos from npm
# packages, portraits from Debian packages (installed by scripts/test.sh). Idempotent.
set -euo pipefail
cache=${FACEPIPE_CACHE:-$HOME/.cache/facepipe}
photos=${1:-$cache/photos}
mkdir -p "$photos" "$cache/npm"

from_npm() { # spec, path inside the tarball, target name
  local spec=$1 inner=$2 name=$3
  [ -f "$photos/$name" ] && return
  local tgz
  tgz=$(cd "$cache/npm" && npm pack "$spec" --silent 2>/dev/null | tail -n 1)
  tar -xzf "$cache/npm/$tgz" -O "$inner" > "$photos/$name.tmp" && mv "$photos/$name.tmp" "$photos/$name"
}
from_debian() { # absolute path, target name
  [ -f "$photos/$2" ] || cp "$1" "$photos/$2"
}

for i in 1 2 3 4 5 6; do
  from_npm @vladmandic/face-api@1.7.15 "package/demo/sample$i.jpg" "sample$i.jpg"
done
from_npm tracking@1.1.3 package/examples/assets/faces.jpg faces.jpg
from_debian /usr/lib/python3/dist-packages/skimage/data/astronaut.png astronaut.png
# Photos without faces.
for name in coffee.png chelsea.png motorcycle_left.png rocket.jpg; do
  from_debian "/usr/lib/python3/dist-packages/skimage/data/$name" "$name"
done
from_debian /usr/share/matplotlib/mpl-data/sample_data/grace_hopper.jpg grace_hopper.jpg
from_debian /usr/share/doc/opencv-doc/examples/data/messi5.jpg messi5.jpg
from_debian /usr/share/doc/opencv-doc/opencv4/html/230501201_1.jpg man1.jpg
from_debian /usr/share/doc/opencv-doc/opencv4/html/227943776_1.jpg man2.jpg
echo "photos: $photos"
