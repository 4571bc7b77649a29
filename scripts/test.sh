#!/usr/bin/env bash
# README command (b): install dependencies, build, run the whole test suite.
# Usage: scripts/test.sh [preset]   (release by default; .ci/run uses the ci preset)
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-release}
scripts/setup.sh
scripts/build.sh "$preset"
ctest --preset "$preset" -j2
