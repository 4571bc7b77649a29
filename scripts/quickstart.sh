#!/usr/bin/env bash
# README command (a): install dependencies, build, run the default scenario.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# Only the engine and its command: the tests and benchmarks are built by scripts/test.sh.
scripts/build.sh release cogov
mkdir -p out
# Its own output file, so that the README tour's first step (which writes out/baseline.h5)
# runs as written afterwards.
build/release/cogov run scenarios/baseline.toml -o out/quickstart.h5 --force "$@"
