#!/usr/bin/env bash
# A sweep interrupted by SIGINT mid-way records what finished, stops its running run
# cleanly (with a checkpoint), and `--resume` completes only the missing runs, continuing
# the stopped one from its checkpoint (the finished files stay as they were); the result
# equals an uninterrupted sweep bit for bit.   usage: interrupt_test.sh COGOV SOURCE_DIR
source "$2/tests/support/checks.sh" "$@"
experiment="$src/tests/hpc/interrupt_test.toml"
out="$work/sweep"

done_count() { cat "$out/index.csv" 2>/dev/null | grep -c ',done,'; }

"$cogov" sweep "$experiment" --outdir "$out" --jobs 1 --threads 1 >"$work/first.txt" 2>&1 &
pid=$!
for _ in $(seq 1 600); do
  [ "$(done_count)" -ge 3 ] && break
  sleep 0.1
done
# Into the middle of the next run, so that it stops after some steps with a checkpoint.
sleep "$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } $c["status"] == "done" { s += $c["wall_seconds"]; n++ } END { printf "%.2f", n ? s / n / 2 : 0.5 }' "$out/index.csv")"
kill -INT "$pid"
wait "$pid"
status=$?
[ "$status" -eq 130 ] && pass "interrupted sweep exits 130" || { fail "interrupted sweep exit $status"; cat "$work/first.txt"; }
finished=$(done_count)
[ "$finished" -ge 3 ] && [ "$finished" -lt 12 ] && pass "$finished of 12 runs finished before the signal" ||
  fail "$finished runs finished before the signal (want 3..11)"
[ "$(grep -c ',stopped,130,' "$out/index.csv")" -eq 1 ] && pass "the running run is recorded as stopped" ||
  { fail "no stopped run in the index"; cat "$out/index.csv"; }
[ "$(grep -c ',pending,' "$out/index.csv")" -eq $((11 - finished)) ] && pass "the others are pending" || fail "pending count"
stopped_id=$(grep ',stopped,130,' "$out/index.csv" | cut -d, -f1 | head -1)
stopped_log="$out/logs/run-$(printf %06d "${stopped_id:-0}").log"
[ -e "$out/runs/run-$(printf %06d "${stopped_id:-0}").h5.ckpt" ] && pass "the stopped run left a checkpoint" || fail "no checkpoint of the stopped run"

# Timestamps of the finished outputs, to show that --resume leaves them alone.
stamps() { for id in $(grep ',done,' "$1" | cut -d, -f1); do stat -c '%n %Y.%y' "$out/runs/run-$(printf %06d "$id").h5"; done; }
stamps "$out/index.csv" >"$work/before.txt"
expect_status "resume completes the sweep" 0 "$cogov" sweep "$experiment" --outdir "$out" --resume --jobs 2 --threads 1
expect_text "resume runs only the missing runs" "$work/out.txt" "$((12 - finished)) done now, $finished already done, 0 failed"
# The stopped run continues from its checkpoint (cogov resume), not from step 0.
expect_text "the stopped run is resumed from its checkpoint" "$work/out.txt" "run $stopped_id (baseline, point 0, replicate $stopped_id): done in"
grep -q "run $stopped_id .*resumed from step [1-9]" "$work/out.txt" && pass "the sweep says which step it resumed from" ||
  { fail "the sweep does not say 'resumed from step N'"; cat "$work/out.txt"; }
expect_text "the run's log says it resumed" "$stopped_log" "resumed from step"
[ ! -e "$out/runs/run-$(printf %06d "${stopped_id:-0}").h5.ckpt" ] && pass "the resumed run's checkpoint is gone once it completes" || fail "checkpoint left after completion"
[ "$(grep -c ',done,' "$out/index.csv")" -eq 12 ] && pass "all 12 runs done" || fail "not all runs done after resume"
rewritten=0
while read -r name stamp; do
  [ "$(stat -c '%Y.%y' "$name")" = "$stamp" ] || rewritten=$((rewritten + 1))
done <"$work/before.txt"
[ "$rewritten" -eq 0 ] && pass "finished outputs untouched by --resume" || fail "$rewritten finished outputs rewritten"

# The interrupted-and-resumed sweep equals one that ran straight through.
"$cogov" sweep "$experiment" --outdir "$work/straight" --jobs 2 --threads 1 --quiet >/dev/null 2>&1
same=$(same_outputs "$out" "$work/straight")
[ "$same" -eq 12 ] && pass "resumed outputs equal an uninterrupted sweep's" || fail "only $same of 12 outputs equal"
finish_checks
