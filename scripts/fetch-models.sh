#!/usr/bin/env bash
# Fetches the face models named in models/manifest.json from npm at pinned versions, checks the
# tarball integrity and each file's sha256, converts TensorFlow.js models to ONNX (graph models with
# models/tfjs_to_onnx.py, face-api's AgeGenderNet weights with models/age_gender_net_to_onnx.py;
# each result checked against the manifest's onnxSha256), makes ONNX batch dimensions
# symbolic where the manifest says "batch": "dynamic" (models/batch_dynamic.py), and lays the
# result out in the model cache with a copy of the manifest.
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
/usr/bin/python3 - "$manifest" "$models" "$cache/npm" "$repo/models" <<'PY'
import base64, hashlib, json, os, subprocess, sys, tarfile, tempfile

manifest_path, models_dir, npm_dir, tools = sys.argv[1:5]
manifest = json.load(open(manifest_path))
# The manifest's "format" of a model that is converted, and the script that converts it.
CONVERTERS = {"tfjs": "tfjs_to_onnx.py", "faceapi-age-gender": "age_gender_net_to_onnx.py"}

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

def sha256(data):
    return hashlib.sha256(data).hexdigest()

def extract(tar, member, expected, folder):
    """Writes a tarball member to folder, after checking its sha256."""
    data = tar.extractfile(member).read()
    if sha256(data) != expected:
        sys.exit(f"fetch-models: {member} does not match its sha256")
    path = os.path.join(folder, os.path.basename(member))
    with open(path, "wb") as f:
        f.write(data)
    return path

for model in manifest["models"]:
    target = os.path.join(models_dir, model["file"])
    with tempfile.TemporaryDirectory(dir=models_dir) as work, tarfile.open(tarball(manifest["sources"][model["source"]])) as tar:
        source = extract(tar, model["path"], model["sha256"], work)
        converted = os.path.join(work, "model.onnx")
        if model.get("format") in CONVERTERS:
            for weights in model["weights"]:
                extract(tar, weights["path"], weights["sha256"], work)
            subprocess.run(["/usr/bin/python3", os.path.join(tools, CONVERTERS[model["format"]]), source, converted], check=True)
            if sha256(open(converted, "rb").read()) != model["onnxSha256"]:
                sys.exit(f"fetch-models: the conversion of {model['name']} does not match its onnxSha256")
        elif model.get("batch") == "dynamic":
            subprocess.run(["/usr/bin/python3", os.path.join(tools, "batch_dynamic.py"), source, converted], check=True)
        else:
            os.replace(source, converted)
        os.replace(converted, target)
    print(f"models: {model['name']} -> {target}")
PY
cp "$manifest" "$models/manifest.json"
