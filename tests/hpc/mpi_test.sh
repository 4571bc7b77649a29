#!/usr/bin/env bash
# `mpirun -n 3 cogov sweep` gives the same index statuses and bitwise the same per-run
# outputs as a local sweep, and resumes the same way.   usage: mpi_test.sh COGOV SOURCE_DIR
source "$2/tests/support/checks.sh" "$@"
experiment="$src/tests/cli/sweep_test.toml"
# Containers and CI machines often run as root, and have fewer cores than ranks.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
mpirun=(mpirun --oversubscribe -n 3)

statuses() { cut -d, -f1-6,7,8 "$1"; }  # run, variant, point, replicate, seed, parameter, status, exit code

expect_status "local sweep" 1 "$cogov" sweep "$experiment" --outdir "$work/local" --jobs 2 --threads 1
expect_status "mpirun -n 3 sweep (4 runs fail as designed)" 1 "${mpirun[@]}" "$cogov" sweep "$experiment" --outdir "$work/mpi" --threads 1
expect_text "MPI sweep summary" "$work/out.txt" "16 runs on 3 MPI ranks: 12 done now, 0 already done, 4 failed"
[ "$(grep -c '^sweep:' "$work/out.txt")" -eq 1 ] && pass "only rank 0 reports" || fail "several ranks reported"
if diff <(statuses "$work/local/index.csv") <(statuses "$work/mpi/index.csv") >"$work/diff.txt"; then
  pass "MPI index records the same runs and statuses as the local one"
else
  fail "MPI index differs:"; cat "$work/diff.txt"
fi
expect_text "failure reason recorded by rank 0" "$work/mpi/index.csv" "cannot open edge list"
same=$(same_outputs "$work/local" "$work/mpi")
[ "$same" -eq 12 ] && pass "MPI per-run outputs equal the local sweep's" || fail "only $same of 12 outputs equal"

expect_status "MPI resume" 1 "${mpirun[@]}" "$cogov" sweep "$experiment" --outdir "$work/mpi" --resume --threads 1
expect_text "MPI resume skips done runs" "$work/out.txt" "0 done now, 12 already done, 4 failed"
expect_status "MPI sweep into an existing index is refused on every rank" 1 \
  "${mpirun[@]}" "$cogov" sweep "$experiment" --outdir "$work/mpi" --threads 1
expect_text "refusal names the index" "$work/err.txt" "a sweep index exists"
expect_status "--jobs under MPI is refused" 2 "${mpirun[@]}" "$cogov" sweep "$experiment" --outdir "$work/other" --jobs 2
finish_checks
