#!/usr/bin/env bash
# Builds the libFuzzer harnesses (clang, ASan + UBSan) and runs each for a bounded time on
# its seed corpus. A crash, a sanitizer report or an unexpected exception fails the run;
# the crashing input is left in build/fuzz/findings/.
# Usage: scripts/fuzz.sh [SECONDS]        SECONDS per harness (default 90)
#        scripts/fuzz.sh --total SECONDS  SECONDS in all, split evenly over the harnesses
# There are 4 harnesses (scenario, edge list, checkpoint, experiment): `scripts/fuzz.sh 90`
# takes about 6 minutes plus the build; `scripts/fuzz.sh --total 120` about 2 minutes.
# Runs are seeded (-seed=1) and bounded by a number of executions as well as by time, so
# that a run on a given machine repeats itself; set COGOV_FUZZ_SEED to explore further.
set -euo pipefail
cd "$(dirname "$0")/.."
harnesses=4
if [[ ${1:-} == --total ]]; then
  total=${2:?"--total needs a number of seconds"}
  seconds=$(( total / harnesses ))
  (( seconds >= 1 )) || seconds=1
else
  seconds=${1:-90}
fi
[[ $seconds =~ ^[0-9]+$ ]] || { echo "fuzz.sh: seconds must be a whole number, not '$seconds'" >&2; exit 2; }
seed=${COGOV_FUZZ_SEED:-1}
# Leaks inside libhdf5 on its error paths (a damaged checkpoint) are HDF5's, not findings:
# the sanitizer jobs' suppressions (tests/sanitizers/lsan.supp) apply.
export LSAN_OPTIONS="suppressions=$PWD/tests/sanitizers/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz
rm -rf build/fuzz/corpus
mkdir -p build/fuzz/findings build/fuzz/corpus/{scenario,edge_list,checkpoint,experiment}
run() {  # run NAME RUNS SEED_DIR...
  local name=$1 runs=$2; shift 2
  echo "== fuzzing $name for ${seconds}s"
  build/fuzz/tests/fuzz/$name -seed="$seed" -runs="$runs" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix=build/fuzz/findings/$name- -print_final_stats=1 "build/fuzz/corpus/${name#fuzz_}" "$@"
}
run fuzz_scenario 300000 scenarios scenarios/validation tests/fuzz/corpus/scenario
run fuzz_edge_list 2500000 tests/fuzz/corpus/edge_list
run fuzz_checkpoint 100000 tests/fuzz/corpus/checkpoint
run fuzz_experiment 300000 configs tests/fuzz/corpus/experiment
echo "fuzzing: no findings"
