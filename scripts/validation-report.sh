#!/usr/bin/env bash
# Regenerates docs/validation.md and its plots: builds, runs the validation suite with
# its tables written to docs/validation/, then draws the plots and writes the page.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh release
rm -rf docs/validation
mkdir -p docs/validation
COGOV_VALIDATION_OUT="$PWD/docs/validation" ctest --preset release -L validation
/usr/bin/python3 tests/validation/report.py docs/validation docs/validation.md
