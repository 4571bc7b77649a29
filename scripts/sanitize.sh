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
for preset in "${presets[@]}"; do
  echo "== sanitizer build: $preset"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset"
  skip=0
  [ "$preset" = tsan ] && skip=1  # TSan defers asynchronous signals: see tests/cli/cli_test.sh
  COGOV_CLI_SKIP_SIGNALS=$skip ctest --preset "$preset" -LE "validation|hpc|analysis" -j2 --timeout 900
done
