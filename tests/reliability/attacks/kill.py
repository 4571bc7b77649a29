"""A cluster that pre-empts jobs: kill -9 at random moments, then resume; SIGTERM, then
resume with another thread count. Each resumed output must equal the uninterrupted run."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time

from harness import ACCEPTED, CRASH, LOST, Outcome, attack

WORLD = """\
seed = 11
[population]
netizens = 20000
[time]
steps = 240
[output]
snapshot_days = [2, 6]
"""


def compare(ctx, a, b) -> str | None:
    r = subprocess.run([sys.executable, str(ctx.repo / "tests/cli/compare_outputs.py"), str(a),
                        str(b)], capture_output=True, text=True)
    return None if r.returncode == 0 else r.stdout.strip() or r.stderr.strip()


def reference(ctx):
    scenario = ctx.scenario("world", WORLD)
    whole = ctx.path("whole.h5")
    r = ctx.run("run", scenario, "-o", whole, "--quiet")
    if r.rc != 0:
        raise RuntimeError(f"the uninterrupted run failed: {r.describe()}")
    return scenario, whole, r.seconds


def interrupted(ctx, scenario, whole, sig, delay, resume_threads) -> Outcome:
    out = ctx.path("killed.h5")
    for p in ctx.tmp.glob("killed.h5*"):
        p.unlink()
    proc = ctx.start("run", scenario, "-o", out, "--quiet", "--threads", 2,
                     "--checkpoint-every", 1)
    time.sleep(delay)
    proc.send_signal(sig)
    proc.communicate()
    ckpt = ctx.path("killed.h5.ckpt")
    if out.exists() and not ckpt.exists():
        problem = compare(ctx, whole, out)
        return Outcome(LOST if problem else ACCEPTED,
                       f"{sig.name} after {delay:.2f} s: finished first" + (f": {problem}" if problem else ""))
    if not ckpt.exists():
        # Killed before its first checkpoint: nothing to resume; a fresh run must work.
        r = ctx.run("run", scenario, "-o", out, "--quiet", "--force")
        if r.rc != 0:
            return Outcome(CRASH if r.rc is None or r.rc < 0 else LOST, f"rerun failed: {r.describe()}")
    else:
        r = ctx.run("resume", ckpt, "--quiet", "--threads", resume_threads)
        if r.rc is None or r.rc < 0 or r.rc == 3:
            return Outcome(CRASH, f"{sig.name} after {delay:.2f} s: resume: {r.describe()}")
        if r.rc != 0:
            return Outcome(LOST, f"{sig.name} after {delay:.2f} s: resume refused: {r.describe()}")
    problem = compare(ctx, whole, out)
    if problem:
        return Outcome(LOST, f"{sig.name} after {delay:.2f} s: resumed output differs: {problem}")
    return Outcome(ACCEPTED, f"{sig.name} after {delay:.2f} s, resumed on {resume_threads} thread(s): identical")


@attack("kill", "kill -9 at 22 random moments, then resume", slow=True)
def kill_nine(ctx):
    scenario, whole, seconds = reference(ctx)
    rng = random.Random(22)
    return [interrupted(ctx, scenario, whole, signal.SIGKILL, rng.uniform(0.05, 1.1 * seconds),
                        rng.choice([1, 2])) for _ in range(22)]


@attack("kill", "SIGTERM and SIGINT, then resume on another thread count")
def term_int(ctx):
    scenario, whole, seconds = reference(ctx)
    return [interrupted(ctx, scenario, whole, sig, 0.5 * seconds, 1)
            for sig in (signal.SIGTERM, signal.SIGINT)]
