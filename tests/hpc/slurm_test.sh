#!/usr/bin/env bash
# The SLURM templates against a real scheduler: a one-node cluster on localhost runs
# configs/hpc/array.sbatch (3 tasks), then merge.sbatch as a dependent job, and
# configs/hpc/mpi.sbatch; both sweeps must equal a local sweep.
# usage: slurm_test.sh COGOV SOURCE_DIR   (exit 77: skipped, SLURM cannot be installed)
source "$2/tests/support/checks.sh" "$@"
cluster="$work/cluster"
trap 'bash "$src/tests/hpc/slurm_cluster.sh" stop "$cluster"; rm -rf "$work"' EXIT
bash "$src/tests/hpc/slurm_cluster.sh" start "$cluster"
status=$?
[ "$status" -eq 0 ] || exit "$status"
export SLURM_CONF="$cluster/slurm.conf"
export COGOV="$cogov" EXPERIMENT="$src/tests/cli/sweep_test.toml"
cd "$work"

"$cogov" sweep "$EXPERIMENT" --outdir "$work/local" --jobs 2 --threads 1 --quiet >/dev/null 2>&1

# Job array + dependent merge. --wait returns when the merge job (and so the array) ended.
export OUTDIR="$work/array"
array_job=$(sbatch --parsable --array=0-2 --cpus-per-task=1 "$src/configs/hpc/array.sbatch")
[ -n "$array_job" ] && pass "array job $array_job submitted" || fail "sbatch refused the array template"
expect_status "merge job after the array" 0 timeout 600 sbatch --wait --dependency="afterany:$array_job" "$src/configs/hpc/merge.sbatch"
for task in 0 1 2; do
  [ -f "$OUTDIR/index-task-$task-of-3.csv" ] && pass "task $task wrote its index" || { fail "task $task wrote no index"; cat "$work"/cogov-*_"$task".out; }
done
[ "$(($(wc -l <"$OUTDIR/index.csv") - 1))" -eq 16 ] && pass "merged index has 16 runs" || fail "merged index size"
[ "$(grep -c ',done,' "$OUTDIR/index.csv")" -eq 12 ] && [ "$(grep -c ',failed,2,' "$OUTDIR/index.csv")" -eq 4 ] &&
  pass "12 runs done, the 4 broken ones failed" || { fail "statuses in the merged index"; cat "$OUTDIR/index.csv"; }
same=$(same_outputs "$work/local" "$OUTDIR")
[ "$same" -eq 12 ] && pass "array outputs equal the local sweep's" || fail "only $same of 12 array outputs equal"

# One MPI job over two tasks (needs a cogov built with MPI and mpirun).
if command -v mpirun >/dev/null && "$cogov" --version | grep -q "MPI sweeps: yes"; then
  export OUTDIR="$work/mpi" OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
  expect_status "MPI template job (exit 1: the 4 broken runs)" 1 timeout 600 sbatch --wait --ntasks=2 --cpus-per-task=1 "$src/configs/hpc/mpi.sbatch"
  cat "$work"/cogov-mpi-*.out >"$work/mpi.txt"
  expect_text "MPI job ran on 2 ranks" "$work/mpi.txt" "16 runs on 2 MPI ranks: 12 done now"
  same=$(same_outputs "$work/local" "$OUTDIR")
  [ "$same" -eq 12 ] && pass "MPI job outputs equal the local sweep's" || fail "only $same of 12 MPI outputs equal"
else
  echo "skip the MPI template (cogov built without MPI)"
fi
finish_checks
