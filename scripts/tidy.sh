#!/usr/bin/env bash
# clang-tidy (.clang-tidy: bugprone-*, performance-*) over the engine's sources (and the
# headers they include), with a build's compile commands. Any finding fails.
# Usage: scripts/tidy.sh [preset] [files...]   (preset: release by default; CI uses ci)
set -euo pipefail
cd "$(dirname "$0")/.."
preset=release
if [ $# -gt 0 ] && [ -f "CMakePresets.json" ] && grep -q "\"name\": \"$1\"" CMakePresets.json; then
  preset=$1
  shift
fi
[ -f "build/$preset/compile_commands.json" ] || scripts/build.sh "$preset"
files=("$@")
if [ ${#files[@]} -eq 0 ]; then
  mapfile -t files < <(git ls-files 'engine/*.cpp')
fi
out=$(mktemp)
status=0
printf '%s\n' "${files[@]}" | xargs -P "$(nproc)" -n 4 clang-tidy -p "build/$preset" --quiet \
  --extra-arg=-Wno-unknown-warning-option \
  >"$out" 2>/dev/null || status=$?
if grep -E "warning:|error:" "$out"; then
  echo "tidy: findings above ($(grep -cE 'warning:|error:' "$out"))"
  exit 1
fi
[ "$status" -eq 0 ] || { cat "$out"; exit "$status"; }
echo "tidy: ${#files[@]} files clean"
