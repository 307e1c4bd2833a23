#!/usr/bin/env bash
# findface-mass-enroll (spec 8.5) from a clone: builds the tool when needed, then runs it with the arguments given, in the
# current folder (where image patterns and the job file are read), e.g.
#   scripts/mass-enroll.sh prepare --meta-filename 'photos/**/*.jpg'
#   scripts/mass-enroll.sh run --token "$token" --parallel 4
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
tool="$repo/artifacts/bin/MassEnroll/release/findface-mass-enroll.dll"
# Rebuilt when a source file is newer than the build (dotnet build itself takes seconds even with nothing to do).
if [[ ! -f "$tool" ]] || [[ -n $(find "$repo/MassEnroll" -newer "$tool" -type f \( -name '*.cs' -o -name '*.csproj' \) -print -quit) ]]; then
  dotnet build "$repo/MassEnroll" -c Release -v quiet -nologo >&2
fi
exec dotnet "$tool" "$@"
