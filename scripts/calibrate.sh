#!/usr/bin/env bash
# Calibrates the facen model's confidence (MODELS.md, "Confidence calibration"): runs LFW's development photos (folds 4-10,
# LFW_DIR, default ../shared/data/lfw-dev beside the repository) through the extraction path (tests/Calibration accuracy lfw)
# and measures the cosine at each preset's false accept rate over every impostor pair into
# models/calibration/<facen model>-lfw.json, whose points are copied by hand into the facen model's "calibration" entry of
# models/manifest.json. Then, as a check on another population, describes every registry photo with faces into
# ~/.cache/facepipe/calibration/ (extract) and measures its impostor and genuine cosines (calibrate) into
# models/calibration/<facen model>.json.
# Needs the Debian packages opencv-doc, python3-skimage and python3-matplotlib, and npm. Not run by CI (several CPU-minutes;
# facens are cached, so a rerun is quick).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cache=${FACEPIPE_CACHE:-$HOME/.cache/facepipe}
data=$cache/calibration/photos
mkdir -p "$data" "$cache/npm"

from_npm() { # spec, source folder, paths inside the tarball...
  local spec=$1 folder=$data/$2; shift 2
  [ -d "$folder" ] && return
  local tgz
  tgz=$(cd "$cache/npm" && npm pack "$spec" --silent 2>/dev/null | tail -n 1)
  mkdir -p "$folder.tmp"
  for inner in "$@"; do tar -xzf "$cache/npm/$tgz" -O "$inner" > "$folder.tmp/$(basename "$inner")"; done
  mv "$folder.tmp" "$folder"
}
from_debian() { # package, files or folders (every JPEG and PNG under a folder)...
  local package=$1; shift
  local folder=$data/$package@$(dpkg-query -W -f '${Version}' "$package")
  [ -d "$folder" ] && return
  mkdir -p "$folder.tmp"
  find "$@" -type f \( -iname '*.jpg' -o -iname '*.jpeg' -o -iname '*.png' \) -size +12k | while read -r path; do
    cp "$path" "$folder.tmp/$(echo "${path#/usr/share/doc/}" | tr / _)"
  done
  mv "$folder.tmp" "$folder"
}

from_npm @vladmandic/face-api@1.7.15 face-api@1.7.15 package/demo/sample{1,2,3,4,5,6}.jpg
from_npm @vladmandic/human@3.3.6 human@3.3.6 package/assets/{samples,screenshot-facematch,screenshot-facedetect,screenshot-faceid}.jpg
from_npm tracking@1.1.3 tracking@1.1.3 package/examples/assets/faces.jpg
from_debian python3-skimage /usr/lib/python3/dist-packages/skimage/data/astronaut.png
from_debian python3-matplotlib /usr/share/matplotlib/mpl-data/sample_data/grace_hopper.jpg
from_debian opencv-doc /usr/share/doc/opencv-doc

project=$repo/tests/Calibration
lfw=${LFW_DIR:-$repo/../shared/data/lfw-dev}
dotnet run --project "$project" -c Release -- accuracy lfw "$lfw" --summary "$repo/models/calibration/faceplugin-facen-512-lfw.json"
faces=$cache/calibration/faces.json
[ -f "$faces" ] || dotnet run --project "$project" -c Release -- extract "$data" "$faces" "$cache/calibration/crops"
dotnet run --project "$project" -c Release -- calibrate "$faces" "$project/same-people.tsv" "$repo/models/calibration/faceplugin-facen-512.json"
