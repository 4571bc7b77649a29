#!/usr/bin/env bash
# Builds with sanitizers and runs the unit and integration tests (not the slow validation
# label): Address + UndefinedBehavior (preset asan) and Thread (preset tsan).
# Usage: scripts/sanitize.sh [asan|tsan]...   (default: both). Any report fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
presets=("$@")
[ ${#presets[@]} -gt 0 ] || presets=(asan tsan)
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export LSAN_OPTIONS="suppressions=$PWD/tests/sanitizers/lsan.supp"
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$PWD/tests/sanitizers/tsan.supp"
# The TSan job must be able to fail: a planted race inside a parallel loop has to be reported
# with the suppressions in force (else they would hide races in cogov's own loops too).
check_planted_race() {
  cmake --build --preset tsan --target planted_race
  local log=build/tsan/planted-race.log
  if build/tsan/tests/planted_race >"$log" 2>&1; then
    echo "sanitize: TSan did not report the planted race (tests/sanitizers/planted_race.cpp):"
    echo "          the suppressions in tests/sanitizers/tsan.supp hide races in parallel loops"
    exit 1
  fi
  grep -q "WARNING: ThreadSanitizer: data race" "$log" || {
    echo "sanitize: the planted race failed without a TSan report:"; cat "$log"; exit 1; }
  echo "sanitize: TSan reports the planted race (as it must)"
}
for preset in "${presets[@]}"; do
  echo "== sanitizer build: $preset"
  extra=()
  [ "$preset" = tsan ] && extra=(-DCOGOV_PLANTED_RACE=ON)
  cmake --preset "$preset" "${extra[@]}" >/dev/null
  cmake --build --preset "$preset"
  skip=0
  [ "$preset" = tsan ] && skip=1  # TSan defers asynchronous signals: see tests/cli/cli_test.sh
  COGOV_CLI_SKIP_SIGNALS=$skip ctest --preset "$preset" -LE "validation|hpc|analysis|reliability|memory|docs|tour" -j2 --timeout 900
  [ "$preset" = tsan ] && check_planted_race
done
