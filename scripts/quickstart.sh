#!/usr/bin/env bash
# README command (a): install dependencies, build, run the default scenario.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh release
mkdir -p out
build/release/cogov run scenarios/baseline.toml -o out/baseline.h5 --force "$@"
