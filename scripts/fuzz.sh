#!/usr/bin/env bash
# Builds the libFuzzer harnesses (clang, ASan + UBSan) and runs each for a bounded time on
# its seed corpus. A crash, a sanitizer report or an unexpected exception fails the run;
# the crashing input is left in build/fuzz/findings/.
# Usage: scripts/fuzz.sh [seconds per harness, default 60]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz
mkdir -p build/fuzz/findings build/fuzz/corpus/scenario build/fuzz/corpus/edge_list
run() {  # run NAME SEED_DIR...
  local name=$1; shift
  echo "== fuzzing $name for ${seconds}s"
  build/fuzz/tests/fuzz/$name -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix=build/fuzz/findings/$name- -print_final_stats=1 "build/fuzz/corpus/${name#fuzz_}" "$@"
}
run fuzz_scenario scenarios scenarios/validation
run fuzz_edge_list tests/fuzz/corpus/edge_list
echo "fuzzing: no findings"
