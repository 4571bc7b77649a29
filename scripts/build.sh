#!/usr/bin/env bash
# Configures and builds cogov with a CMake preset (default: release).
# Usage: scripts/build.sh [preset] [target]...   (every target unless some are named)
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-release}
shift || true
cmake --preset "$preset" >/dev/null
if [ $# -gt 0 ]; then
  cmake --build --preset "$preset" --target "$@"
else
  cmake --build --preset "$preset"
fi
