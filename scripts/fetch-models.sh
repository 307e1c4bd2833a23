#!/usr/bin/env bash
# Fetches the face models named in models/manifest.json from npm at pinned versions, checks the
# tarball integrity and each model's sha256, makes batch dimensions symbolic where the manifest
# says "batch": "dynamic", and lays the result out in the model cache with a copy of the manifest.
# Idempotent: a cache whose manifest copy matches the repo's is left alone.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cache=${FACEPIPE_CACHE:-$HOME/.cache/facepipe}
models=${1:-${Models__Dir:-$cache/models}}
manifest=$repo/models/manifest.json

if [ -f "$models/manifest.json" ] && cmp -s "$manifest" "$models/manifest.json"; then
  echo "models: up to date in $models"
  exit 0
fi
for tool in npm /usr/bin/python3; do
  command -v "$tool" >/dev/null || { echo "fetch-models: $tool is required" >&2; exit 1; }
done
/usr/bin/python3 -c 'import onnx' 2>/dev/null || {
  echo "fetch-models: Debian's python3-onnx is required (apt-get install python3-onnx)" >&2; exit 1; }

mkdir -p "$models" "$cache/npm"
/usr/bin/python3 - "$manifest" "$models" "$cache/npm" "$repo/models/batch_dynamic.py" <<'PY'
import base64, hashlib, json, os, shutil, subprocess, sys, tarfile, tempfile

manifest_path, models_dir, npm_dir, batch_tool = sys.argv[1:5]
manifest = json.load(open(manifest_path))

def tarball(source):
    spec = source["npm"]
    name, version = spec.rsplit("@", 1)
    path = os.path.join(npm_dir, name.lstrip("@").replace("/", "-") + "-" + version + ".tgz")
    if not os.path.exists(path):
        subprocess.run(["npm", "pack", spec, "--silent", "--pack-destination", npm_dir], check=True, stdout=subprocess.DEVNULL)
    algo, expected = source["integrity"].split("-", 1)
    actual = base64.b64encode(hashlib.new(algo, open(path, "rb").read()).digest()).decode()
    if actual != expected:
        os.remove(path)
        sys.exit(f"fetch-models: {spec} failed its integrity check")
    return path

for model in manifest["models"]:
    source = manifest["sources"][model["source"]]
    with tarfile.open(tarball(source)) as tar:
        data = tar.extractfile(model["path"]).read()
    if hashlib.sha256(data).hexdigest() != model["sha256"]:
        sys.exit(f"fetch-models: {model['name']} does not match its sha256")
    target = os.path.join(models_dir, model["file"])
    with tempfile.NamedTemporaryFile(dir=models_dir, suffix=".onnx", delete=False) as tmp:
        tmp.write(data)
    if model.get("batch") == "dynamic":
        subprocess.run(["/usr/bin/python3", batch_tool, tmp.name, tmp.name], check=True)
    os.replace(tmp.name, target)
    print(f"models: {model['name']} -> {target}")
PY
cp "$manifest" "$models/manifest.json"
