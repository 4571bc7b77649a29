"""Sweeps at scale and under a hostile cluster: runs killed by the OOM killer or a crash,
interrupted sweeps resumed from their runs' checkpoints, kill -9 of the sweep itself (a torn
journal line, orphaned runs), damaged indexes, outputs that are not complete, the CPUs a job
was given, progress, and --outdir paths that cannot be one (issue 19)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from harness import ACCEPTED, CRASH, LOST, REFUSED, SILENT, Outcome, attack, crashed, expect_refusal

SMALL = ["population.netizens=2000", "time.steps=20", "output.snapshot_days=[]"]


def experiment(ctx, name: str, variants: dict[str, list[str]], replicates: int = 1,
               sets: list[str] = SMALL) -> Path:
    """An experiment file in tmp over the repository's baseline scenario."""
    text = (f'[experiment]\nname = "{name}"\nbase = "{ctx.repo / "scenarios/baseline.toml"}"\n'
            f"replicates = {replicates}\nseed = 9\nset = {sets!r}\n".replace("'", '"'))
    for v, vsets in variants.items():
        text += f'\n[[variant]]\nname = "{v}"\n' + (f"set = {vsets!r}\n".replace("'", '"') if vsets else "")
    p = ctx.path(f"{name}.toml")
    p.write_text(text)
    return p


def child_of(pid: int, needle: str, timeout: float = 20) -> int | None:
    """The pid of a child process of `pid` whose command line holds `needle`."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except (OSError, IndexError, ValueError):
                continue
            if ppid == pid and needle in cmd:
                return int(entry.name)
        time.sleep(0.05)
    return None


def finish(proc: subprocess.Popen, timeout: float = 120) -> tuple[int | None, str]:
    try:
        out, err = proc.communicate(timeout=timeout)
        return proc.returncode, (out + err).decode(errors="replace")
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        return None, (out + err).decode(errors="replace")


def index_rows(outdir: Path) -> list[dict[str, str]]:
    import csv
    with open(outdir / "index.csv", newline="") as f:
        return list(csv.DictReader(f))


def same_outputs(ctx, a: Path, b: Path) -> str | None:
    """None when every runs/run-*.h5 of a is bitwise identical in b (compare_outputs.py)."""
    for f in sorted((a / "runs").glob("run-*.h5")):
        r = subprocess.run([sys.executable, str(ctx.repo / "tests/cli/compare_outputs.py"), str(f),
                            str(b / "runs" / f.name)], capture_output=True, text=True)
        if r.returncode != 0:
            return f"{f.name}: {r.stdout.strip() or r.stderr.strip()}"
    return None


# --- 1. runs killed by a signal --------------------------------------------------------

def killed_run(ctx, sig: signal.Signals, reason: str) -> Outcome:
    exp = experiment(ctx, f"kill{sig.value}", {
        "long": ["population.netizens=20000", "time.steps=100000"], "short": []})
    out = ctx.path(f"killed{sig.value}")
    proc = ctx.start("sweep", exp, "--outdir", out, "--jobs", 2)
    child = child_of(proc.pid, "run-000000.h5")
    if child is None:
        finish(proc, 5)
        return Outcome(CRASH, "the long run's process never appeared")
    time.sleep(0.3)
    os.kill(child, sig)
    rc, text = finish(proc)
    if rc is None or rc < 0 or rc == 3:
        return Outcome(CRASH, f"sweep exit {rc}: {text[-300:]}")
    rows = {r["run_id"]: r for r in index_rows(out)}
    row = rows.get("0", {})
    if rc == 0 or row.get("status") != "failed" or reason not in row.get("error", ""):
        return Outcome(SILENT, f"SIG{sig.name[3:]} of a run: sweep exit {rc}, index: "
                       f"{row.get('status')} / {row.get('error', '')[:120]!r}")
    if rows.get("1", {}).get("status") != "done":
        return Outcome(LOST, "the other run did not complete")
    return Outcome(REFUSED, f"{sig.name} of a run: exit {rc}, index says {reason!r}")


@attack("sweeps", "a run killed by SIGKILL (the OOM killer) fails the sweep, with the reason")
def oom_killed(ctx):
    return killed_run(ctx, signal.SIGKILL, "killed by signal 9 (SIGKILL: out of memory?)")


@attack("sweeps", "a run crashing with SIGSEGV fails the sweep, with the reason")
def segfault(ctx):
    return killed_run(ctx, signal.SIGSEGV, "crashed with signal 11 (SIGSEGV)")


# --- 2. resume from the runs' checkpoints ------------------------------------------------

# Long enough (about 4 s on one core) that a SIGINT 0.4 s after the output appears lands mid-run.
WORLD = ["population.netizens=20000", "time.steps=1500", "output.snapshot_days=[5]"]


def interrupted_sweep(ctx, name: str) -> tuple[Path, Path, Path] | Outcome:
    """A one-run sweep stopped by SIGINT in the middle of its run; returns (experiment,
    outdir, checkpoint), or an Outcome if it went wrong."""
    exp = experiment(ctx, name, {"baseline": []}, sets=WORLD)
    out = ctx.path(name)
    part = out / "runs/run-000000.h5.part"
    proc = ctx.start("sweep", exp, "--outdir", out)
    for _ in range(400):  # the output appears once the world is built; then it steps
        if part.exists() or proc.poll() is not None:
            break
        time.sleep(0.025)
    time.sleep(0.4)
    proc.send_signal(signal.SIGINT)
    rc, text = finish(proc)
    ckpt = out / "runs/run-000000.h5.ckpt"
    if rc != 130 or not ckpt.exists():
        return Outcome(CRASH if crashed_rc(rc) else SILENT,
                       f"interrupted sweep: exit {rc}, checkpoint {'kept' if ckpt.exists() else 'missing'}: {text[-200:]}")
    return exp, out, ckpt


def crashed_rc(rc: int | None) -> bool:
    return rc is None or rc < 0 or rc == 3


def straight(ctx, exp: Path) -> Path:
    out = ctx.path("straight")
    r = ctx.run("sweep", exp, "--outdir", out, "--quiet")
    if r.rc != 0:
        raise RuntimeError(f"the uninterrupted sweep failed: {r.describe()}")
    return out


@attack("sweeps", "sweep --resume continues an interrupted run from its checkpoint")
def resume_from_checkpoint(ctx):
    got = interrupted_sweep(ctx, "interrupted")
    if isinstance(got, Outcome):
        return got
    exp, out, ckpt = got
    r = ctx.run("sweep", exp, "--outdir", out, "--resume")
    if crashed(r) or r.rc != 0:
        return Outcome(CRASH if crashed(r) else LOST, f"resume: {r.describe()}")
    log = (out / "logs/run-000000.log").read_text()
    if "resumed from step" not in r.out or "resumed from step" not in log:
        return Outcome(SILENT, f"the run restarted from step 0 (no 'resumed from step' in the "
                       f"sweep's output or the log): {r.out[-200:]!r}")
    problem = same_outputs(ctx, out, straight(ctx, exp))
    if problem:
        return Outcome(LOST, f"resumed output differs from an uninterrupted sweep's: {problem}")
    step = r.out.split("resumed from step", 1)[1].split(")")[0].strip()
    return Outcome(ACCEPTED, f"resumed from step {step}; identical to an uninterrupted sweep")


@attack("sweeps", "a checkpoint cogov resume refuses: the run starts afresh and says so")
def refused_checkpoint(ctx):
    import h5py
    got = interrupted_sweep(ctx, "refused")
    if isinstance(got, Outcome):
        return got
    exp, out, ckpt = got
    with h5py.File(ckpt, "r+") as f:  # a checkpoint of another build's layout
        f.attrs["layout_hash"] = "0000000000000000"
    r = ctx.run("sweep", exp, "--outdir", out, "--resume")
    if crashed(r) or r.rc != 0:
        return Outcome(CRASH if crashed(r) else LOST, f"resume: {r.describe()}")
    log = (out / "logs/run-000000.log").read_text()
    if "afresh" not in r.out or "afresh" not in log:
        return Outcome(SILENT, f"no word of the refused checkpoint: {r.out[-200:]!r}")
    problem = same_outputs(ctx, out, straight(ctx, exp))
    if problem:
        return Outcome(LOST, f"fresh run differs: {problem}")
    return Outcome(ACCEPTED, "checkpoint refused, run afresh (said in the output and the log), identical")


# --- 3. the index: appended, tolerant of kill -9, strict about damage --------------------

@attack("sweeps", "the index is appended: plan once, then one journal line per change")
def appended_index(ctx):
    exp = experiment(ctx, "six", {"a": [], "b": []}, replicates=3)
    out = ctx.path("six")
    r = ctx.run("sweep", exp, "--outdir", out, "--quiet")
    journal = out / "index.csv.journal"
    if r.rc != 0 or not journal.exists():
        return Outcome(CRASH if crashed(r) else SILENT,
                       f"no journal beside index.csv ({r.describe()}): the index is rewritten per run")
    lines = journal.read_text().splitlines()
    if len(lines) != 1 + 6 + 2 * 6:
        return Outcome(SILENT, f"journal has {len(lines)} lines, want 19 (header, plan, 2 per run)")
    if [x["status"] for x in index_rows(out)] != ["done"] * 6:
        return Outcome(LOST, "index.csv does not say every run is done")
    return Outcome(ACCEPTED, "journal: header + 6 plan lines + 2 per run; index.csv summary complete")


@attack("sweeps", "kill -9 of a sweep: its runs stop, a torn journal line is skipped, resume is exact")
def kill_nine_sweep(ctx):
    exp = experiment(ctx, "nine", {"baseline": []}, replicates=2,
                     sets=["population.netizens=8000", "time.steps=3000", "output.snapshot_days=[]"])
    out = ctx.path("nine")
    proc = ctx.start("sweep", exp, "--outdir", out, "--jobs", 2)
    child_of(proc.pid, "run-000001")
    time.sleep(0.5)
    os.kill(proc.pid, signal.SIGKILL)
    finish(proc, 10)
    outcomes = []

    def runs_alive():
        alive = []
        for p in Path("/proc").iterdir():
            try:
                if p.name.isdigit() and str(out) in (p / "cmdline").read_bytes().decode(errors="replace"):
                    alive.append(p.name)
            except OSError:
                pass
        return alive

    # Its runs get SIGTERM when it dies and stop within a step: no orphan keeps writing an
    # output that a later --resume would race (the runs take seconds longer than this wait).
    orphans = runs_alive()
    for _ in range(30):
        if not orphans:
            break
        time.sleep(0.05)
        orphans = runs_alive()
    outcomes.append(Outcome(LOST if orphans else ACCEPTED,
                            f"{len(orphans)} orphaned run(s) still running 1.5 s after kill -9 of the sweep"
                            if orphans else "the killed sweep's runs stopped at once (SIGTERM on parent death)"))
    for pid in orphans:  # leave nothing running for the resume below
        try:
            os.kill(int(pid), signal.SIGKILL)
        except OSError:
            pass
    journal = out / "index.csv.journal"
    if journal.exists():
        with open(journal, "a") as f:
            f.write("1,baseline,0,1,10,do")  # kill -9 in the middle of an append
    r = ctx.run("sweep", exp, "--outdir", out, "--resume", "--jobs", 2)
    if crashed(r) or r.rc != 0:
        outcomes.append(Outcome(CRASH if crashed(r) else LOST, f"resume after kill -9: {r.describe()}"))
        return outcomes
    problem = same_outputs(ctx, out, straight(ctx, exp))
    done = [x["status"] for x in index_rows(out)].count("done")
    outcomes.append(Outcome(LOST if problem or done != 2 else ACCEPTED,
                            problem or f"{done} of 2 done after resume; torn line skipped; identical"))
    return outcomes


@attack("sweeps", "a garbled index.csv, journal or task index: exit 2 naming file:line")
def garbled_index(ctx):
    exp = experiment(ctx, "garbled", {"a": [], "b": []})
    out = ctx.path("garbled")
    if ctx.run("sweep", exp, "--outdir", out, "--quiet").rc != 0:
        return Outcome(CRASH, "the sweep to damage failed")
    outcomes = []
    journal = out / "index.csv.journal"
    saved = journal.read_text() if journal.exists() else ""
    if journal.exists():
        lines = saved.splitlines(keepends=True)
        lines[2] = "9x" + lines[2]
        journal.write_text("".join(lines))
        r = ctx.run("sweep", exp, "--outdir", out, "--resume")
        outcomes.append(expect_refusal(r, ["index.csv.journal:3:"]))
        journal.unlink()
    index = out / "index.csv"
    lines = index.read_text().splitlines(keepends=True)
    lines[1] = lines[1].replace("0,a,", "0x,a,", 1)
    index.write_text("".join(lines))
    r = ctx.run("sweep", exp, "--outdir", out, "--resume")
    outcomes.append(expect_refusal(r, ["index.csv:2:"]))
    tasks = ctx.path("tasks")
    tasks.mkdir()
    (tasks / "index-task-0-of-2.csv").write_text("".join(lines))
    r = ctx.run("sweep-merge", tasks)
    outcomes.append(expect_refusal(r, ["index-task-0-of-2.csv:2:"]))
    return outcomes


# --- 7. done means complete ------------------------------------------------------------

@attack("sweeps", "resume re-runs done runs whose output is incomplete, damaged or gone")
def done_but_incomplete(ctx):
    import h5py
    exp = experiment(ctx, "done", {"a": [], "b": []}, replicates=2)
    out = ctx.path("done")
    if ctx.run("sweep", exp, "--outdir", out, "--quiet", "--jobs", 2).rc != 0:
        return Outcome(CRASH, "the sweep failed")
    with h5py.File(out / "runs/run-000001.h5", "r+") as f:
        f.attrs["complete"] = 0  # what an orphaned or interrupted writer leaves
    (out / "runs/run-000002.h5").unlink()
    with open(out / "runs/run-000003.h5", "r+b") as f:
        f.truncate(1000)
    r = ctx.run("sweep", exp, "--outdir", out, "--resume", "--quiet", "--jobs", 2)
    if crashed(r) or r.rc != 0:
        return Outcome(CRASH if crashed(r) else LOST, r.describe())
    if "3 done now, 1 already done" not in r.out:
        return Outcome(LOST, f"incomplete outputs counted as done: {r.out.strip()[-200:]}")
    fresh = ctx.path("fresh")
    ctx.run("sweep", exp, "--outdir", fresh, "--quiet", "--jobs", 2)
    problem = same_outputs(ctx, out, fresh)
    return Outcome(LOST if problem else ACCEPTED, problem or "3 incomplete/missing outputs re-run; identical")


# --- 4. CPUs ---------------------------------------------------------------------------

@attack("sweeps", "threads default to the CPUs the process may use (taskset -c 0)")
def taskset_threads(ctx):
    import h5py
    if len(os.sched_getaffinity(0)) < 2:
        return Outcome(ACCEPTED, "one CPU only: nothing to show")
    exp = experiment(ctx, "cpus", {"a": []})
    out = ctx.path("cpus")
    argv = ["taskset", "-c", "0", str(ctx.cogov)]
    outcomes = []
    r = subprocess.run(argv + ["sweep", str(exp), "--outdir", str(out), "--quiet"], capture_output=True,
                       text=True, cwd=ctx.tmp)
    if r.returncode != 0:
        return Outcome(CRASH, f"sweep under taskset: exit {r.returncode}: {r.stderr[-200:]}")
    threads = int(h5py.File(out / "runs/run-000000.h5", "r").attrs["threads"])
    outcomes.append(Outcome(ACCEPTED if threads == 1 else SILENT,
                            f"sweep under taskset -c 0: each run used {threads} thread(s)"))
    run_out = ctx.path("run.h5")
    scenario = ctx.scenario()
    r = subprocess.run(argv + ["run", str(scenario), "-o", str(run_out), "--quiet"], capture_output=True,
                       text=True, cwd=ctx.tmp)
    threads = int(h5py.File(run_out, "r").attrs["threads"]) if r.returncode == 0 else -1
    outcomes.append(Outcome(ACCEPTED if threads == 1 else SILENT,
                            f"cogov run under taskset -c 0: {threads} thread(s)"))
    return outcomes


# --- 5. progress -----------------------------------------------------------------------

@attack("sweeps", "progress: runs done/total, each failure with its reason, an ETA")
def progress(ctx):
    exp = experiment(ctx, "progress", {"good": [], "broken": ["graph.model=file",
                                                              "graph.file.path=/nonexistent/e.txt"]},
                     replicates=2)
    r = ctx.run("sweep", exp, "--outdir", ctx.path("progress"))
    if crashed(r):
        return Outcome(CRASH, r.describe())
    missing = [what for what, ok in [
        ("k/N", "[4/4] run " in r.out),
        ("ETA", "| ETA " in r.out),
        ("failure reason", any("failed in" in line and "cannot open edge list" in line
                               for line in r.out.splitlines())),
        ("failure count", "2 failed" in r.out),
        ("exit 1", r.rc == 1)] if not ok]
    if missing:
        return Outcome(SILENT, f"progress lacks {missing}: {r.out[-300:]!r}")
    return Outcome(ACCEPTED, "one line per finished run with k/N, failures with reasons, ETA")


# --- 6. --outdir that cannot be one ------------------------------------------------------

@attack("sweeps", "a file, or a path under a file, as --outdir: exit 1 naming it, not 3")
def bad_outdir(ctx):
    exp = experiment(ctx, "outdir", {"a": []})
    a_file = ctx.path("a_file")
    a_file.write_text("x")
    return [expect_refusal(ctx.run("sweep", exp, "--outdir", a_file), [str(a_file), "not a directory"],
                           codes=(1, 2)),
            expect_refusal(ctx.run("sweep", exp, "--outdir", a_file / "sub"), [str(a_file / "sub")],
                           codes=(1, 2))]


@attack("sweeps", "a variant name with a newline: --resume continues instead of refusing for ever")
def newline_variant(ctx):
    exp = experiment(ctx, "newline", {"a": []})
    exp.write_text(exp.read_text().replace('name = "a"', 'name = "two\\nlines"'))
    out = ctx.path("newline")
    r = ctx.run("sweep", exp, "--outdir", out, "--quiet")
    if r.rc == 2:  # refusing such a name when the experiment is loaded is as good
        return expect_refusal(r, ["variant"])
    if crashed(r) or r.rc != 0:
        return Outcome(CRASH if crashed(r) else SILENT, r.describe())
    r = ctx.run("sweep", exp, "--outdir", out, "--resume", "--quiet")
    if r.rc != 0 or "1 already done" not in r.out:
        return Outcome(CRASH if crashed(r) else SILENT, f"resume refused: {r.describe()}")
    return Outcome(ACCEPTED, "resume skips the done run")
