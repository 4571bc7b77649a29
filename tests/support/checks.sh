# Shell test helpers for the end-to-end tests, sourced with the test's arguments:
#   source "$2/tests/support/checks.sh" "$@"      (arguments: COGOV SOURCE_DIR)
# Sets cogov and src (absolute paths) and work (a scratch directory removed at exit).
# Each check prints "ok" or "FAIL"; finish_checks exits 1 if any failed.
set -uo pipefail
cogov=$(realpath "$1")
src=$(realpath "$2")
work=$(mktemp -d /tmp/cogov-test.XXXXXX)
trap 'rm -rf "$work"' EXIT
failures=0
pass() { echo "ok   $1"; }
fail() { echo "FAIL $1"; failures=$((failures + 1)); }
expect_status() {  # expect_status NAME WANT CMD...
  local name=$1 want=$2; shift 2
  "$@" >"$work/out.txt" 2>"$work/err.txt"
  local got=$?
  if [ "$got" -eq "$want" ]; then pass "$name (exit $got)"; else fail "$name: exit $got, expected $want"; cat "$work/out.txt" "$work/err.txt"; fi
}
expect_text() {  # expect_text NAME FILE TEXT
  if grep -qF -- "$3" "$2"; then pass "$1"; else fail "$1: '$3' not in $2:"; cat "$2"; fi
}
same_outputs() {  # same_outputs DIR_A DIR_B: how many runs/run-*.h5 of A are identical in B
  local n=0 f
  for f in "$1"/runs/run-*.h5; do
    /usr/bin/python3 "$src/tests/cli/compare_outputs.py" "$f" "$2/runs/$(basename "$f")" >/dev/null && n=$((n + 1))
  done
  echo "$n"
}
finish_checks() {
  if [ "$failures" -ne 0 ]; then echo "$failures check(s) failed"; exit 1; fi
  echo "all checks passed"
  exit 0
}
